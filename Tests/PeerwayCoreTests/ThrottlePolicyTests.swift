import Foundation
import Testing
import PeerwayCore

@Suite("Sign-in throttling")
struct ThrottlePolicyTests {
    let policy = ThrottlePolicy.standard
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    /// Records `count` failures, one second apart from `from`, and returns the final counter and time.
    func fail(_ count: Int, _ counter: ThrottlePolicy.Counter? = nil, kind: ThrottlePolicy.Kind = .account,
              from: Date) -> (ThrottlePolicy.Counter?, Date) {
        var counter = counter
        var now = from
        for i in 0..<count {
            now = from.addingTimeInterval(Double(i))
            counter = policy.recordingFailure(counter, kind: kind, now: now)
        }
        return (counter, now)
    }

    @Test func standardLimits() {
        #expect(policy.limit(for: .account) == 5)
        #expect(policy.limit(for: .address) == 20)
        #expect(policy.window == 24 * 3600)
        #expect(policy.lockout == 15 * 60)
    }

    @Test func fourAccountFailuresDoNotLock() throws {
        let (counter, now) = fail(4, from: start)
        let c = try #require(counter)
        #expect(c.failures == 4)
        #expect(c.lockedUntil == nil)
        #expect(policy.retryAfter(c, now: now) == nil)
    }

    @Test func fifthAccountFailureLocksForFifteenMinutes() throws {
        let (counter, now) = fail(5, from: start)
        let c = try #require(counter)
        #expect(c.failures == 5)
        #expect(c.lockedUntil == now.addingTimeInterval(15 * 60))
        #expect(policy.retryAfter(c, now: now) == 900)
        #expect(policy.retryAfter(c, now: now.addingTimeInterval(600)) == 300)
    }

    @Test func furtherFailuresDoubleTheLock() throws {
        var (counter, now) = fail(5, from: start)
        var expected: TimeInterval = 15 * 60
        #expect(counter?.lockedUntil == now.addingTimeInterval(expected))
        for _ in 0..<3 {
            now = now.addingTimeInterval(1)
            counter = policy.recordingFailure(counter, kind: .account, now: now)
            expected *= 2
            #expect(counter?.lockedUntil == now.addingTimeInterval(expected))
        }
        #expect(policy.retryAfter(counter, now: now) == Int(8 * 15 * 60))
    }

    @Test func lockGrowthIsCappedAtSixtyFourTimes() {
        let (counter, now) = fail(30, from: start)
        #expect(counter?.lockedUntil == now.addingTimeInterval(64 * 15 * 60))
    }

    @Test func counterResetsOnceWindowHasPassedAndLockExpired() throws {
        let (locked, _) = fail(5, from: start)
        let lockedUntil = try #require(locked?.lockedUntil)
        let later = max(lockedUntil, start.addingTimeInterval(policy.window)).addingTimeInterval(1)
        #expect(policy.retryAfter(locked, now: later) == nil)
        let next = policy.recordingFailure(locked, kind: .account, now: later)
        #expect(next.failures == 1)
        #expect(next.windowStartedAt == later)
        #expect(next.lockedUntil == nil)
    }

    @Test func failuresSpreadOverSeparateWindowsNeverLock() {
        var counter: ThrottlePolicy.Counter?
        for i in 0..<20 {
            counter = policy.recordingFailure(counter, kind: .account, now: start.addingTimeInterval(Double(i) * (policy.window + 1)))
            #expect(counter?.failures == 1)
            #expect(counter?.lockedUntil == nil)
        }
    }

    @Test func counterDoesNotResetWhileStillLocked() throws {
        // Far past the window, but the (long) lock is still running: failures keep counting.
        // A short window makes that reachable; the standard window outlasts every lock.
        let policy = ThrottlePolicy(accountLimit: 5, addressLimit: 20, window: 15 * 60, lockout: 15 * 60)
        var counter: ThrottlePolicy.Counter?
        var now = start
        for i in 0..<8 {
            now = start.addingTimeInterval(Double(i))
            counter = policy.recordingFailure(counter, kind: .account, now: now)
        }
        let lockedUntil = try #require(counter?.lockedUntil)
        now = start.addingTimeInterval(policy.window + 60)
        #expect(lockedUntil > now)
        counter = policy.recordingFailure(counter, kind: .account, now: now)
        #expect(counter?.failures == 9)
        #expect(counter?.windowStartedAt == start)
    }

    @Test("a patient attacker who waits out every lock gets few guesses a day")
    func patientAttacker() {
        var counter: ThrottlePolicy.Counter?
        var now = start
        var guesses = 0
        let end = start.addingTimeInterval(24 * 3600)
        while now < end {
            if let retry = policy.retryAfter(counter, now: now) {
                now = now.addingTimeInterval(Double(retry))
                continue
            }
            counter = policy.recordingFailure(counter, kind: .account, now: now)
            guesses += 1
            now = now.addingTimeInterval(1)
        }
        #expect(guesses < 20, "\(guesses) guesses in a day")
    }

    @Test func failuresWithinTheWindowAccumulate() {
        var counter = policy.recordingFailure(nil, kind: .account, now: start)
        counter = policy.recordingFailure(counter, kind: .account, now: start.addingTimeInterval(15 * 60))
        #expect(counter.failures == 2)
        #expect(counter.windowStartedAt == start)
    }

    @Test func addressLimitIsTwenty() throws {
        let (nineteen, now19) = fail(19, kind: .address, from: start)
        #expect(nineteen?.lockedUntil == nil)
        #expect(policy.retryAfter(nineteen, now: now19) == nil)
        let now20 = now19.addingTimeInterval(1)
        let twenty = policy.recordingFailure(nineteen, kind: .address, now: now20)
        #expect(twenty.lockedUntil == now20.addingTimeInterval(15 * 60))
        #expect(policy.retryAfter(twenty, now: now20) == 900)
    }

    @Test func fiveFailuresDoNotLockAnAddress() {
        let (counter, _) = fail(5, kind: .address, from: start)
        #expect(counter?.lockedUntil == nil)
    }

    @Test func retryAfterIsNilWhenNotLocked() {
        #expect(policy.retryAfter(nil, now: start) == nil)
        let unlocked = ThrottlePolicy.Counter(failures: 3, windowStartedAt: start, lockedUntil: nil)
        #expect(policy.retryAfter(unlocked, now: start) == nil)
        let expired = ThrottlePolicy.Counter(failures: 5, windowStartedAt: start, lockedUntil: start.addingTimeInterval(10))
        #expect(policy.retryAfter(expired, now: start.addingTimeInterval(10)) == nil)
        #expect(policy.retryAfter(expired, now: start.addingTimeInterval(11)) == nil)
    }

    @Test(arguments: [(0.2, 1), (0.999, 1), (1.0, 1), (1.001, 2), (899.5, 900)])
    func retryAfterRoundsUpToWholeSeconds(remaining: Double, expected: Int) {
        let counter = ThrottlePolicy.Counter(failures: 5, windowStartedAt: start, lockedUntil: start.addingTimeInterval(remaining))
        #expect(policy.retryAfter(counter, now: start) == expected)
    }

    // MARK: - Counting an attempt before it is checked

    @Test func fiveAttemptsAreAdmittedAndTheSixthIsLocked() throws {
        var counter: ThrottlePolicy.Counter?
        for i in 0..<5 {
            guard case .admitted(let next) = policy.admit(counter, kind: .account, now: start) else {
                Issue.record("attempt \(i + 1) was refused")
                return
            }
            counter = next
        }
        guard case .locked(let retry) = policy.admit(counter, kind: .account, now: start) else {
            Issue.record("the sixth attempt was admitted")
            return
        }
        #expect(retry == 900)
        // A locked attempt counts nothing: the lock does not grow while the attacker keeps knocking.
        #expect(counter?.failures == 5)
    }

    @Test func aRefundGivesBackTheAdvanceCountAndItsLock() throws {
        guard case .admitted(let counted) = policy.admit(ThrottlePolicy.Counter(failures: 19, windowStartedAt: start, lockedUntil: nil),
                                                        kind: .address, now: start) else {
            Issue.record("the twentieth attempt was refused")
            return
        }
        #expect(counted.lockedUntil != nil, "the twentieth failure would lock the address")
        let refunded = try #require(policy.refunding(counted, kind: .address))
        #expect(refunded.failures == 19)
        #expect(refunded.lockedUntil == nil, "a success does not leave the address locked by its own advance count")
        #expect(policy.refunding(nil, kind: .address) == nil)
    }

    @Test func aRefundKeepsALockOthersReached() throws {
        let busy = ThrottlePolicy.Counter(failures: 25, windowStartedAt: start, lockedUntil: start.addingTimeInterval(900))
        #expect(policy.refunding(busy, kind: .address)?.lockedUntil == busy.lockedUntil)
    }
}

@Suite("Throttle windows per kind")
struct ThrottleWindowTests {
    @Test("an address's failures count for 15 minutes, an account's for a day")
    func addressWindowIsShort() {
        let policy = ThrottlePolicy.standard
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        var address: ThrottlePolicy.Counter?
        var account: ThrottlePolicy.Counter?
        for i in 0..<19 {
            address = policy.recordingFailure(address, kind: .address, now: start.addingTimeInterval(Double(i)))
            account = policy.recordingFailure(account, kind: .account, now: start.addingTimeInterval(Double(i) * 3600))
        }
        let laterAddress = policy.recordingFailure(address, kind: .address, now: start.addingTimeInterval(16 * 60))
        #expect(laterAddress.failures == 1, "a shared address starts afresh after a quiet 15 minutes")
        #expect(account?.lockedUntil != nil, "an account keeps counting over the day")
    }
}
