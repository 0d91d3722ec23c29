import Foundation
import Testing
import PeerwayCore

@Suite("Session policy")
struct SessionPolicyTests {
    let policy = SessionPolicy.standard
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    func minutes(_ m: Double) -> TimeInterval { m * 60 }

    @Test func standardTimeouts() {
        #expect(policy.idleTimeout == 30 * 60)
        #expect(policy.absoluteTimeout == 12 * 3600)
        #expect(policy.touchInterval == 60)
    }

    @Test(arguments: [0.0, 1, 15, 29, 29.98])
    func activeBeforeThirtyIdleMinutes(idleMinutes: Double) {
        let lastSeen = start.addingTimeInterval(minutes(60))
        let now = lastSeen.addingTimeInterval(minutes(idleMinutes))
        #expect(policy.state(createdAt: start, lastSeenAt: lastSeen, now: now) == .active)
    }

    @Test(arguments: [30.0, 30.02, 45, 300])
    func idleExpiredFromThirtyMinutes(idleMinutes: Double) {
        let lastSeen = start.addingTimeInterval(minutes(60))
        let now = lastSeen.addingTimeInterval(minutes(idleMinutes))
        #expect(policy.state(createdAt: start, lastSeenAt: lastSeen, now: now) == .idleExpired)
    }

    @Test(arguments: [0.0, 1, 60])
    func absoluteExpiryAtTwelveHoursEvenWhenRecentlyActive(secondsSinceLastSeen: Double) {
        let now = start.addingTimeInterval(12 * 3600)
        let lastSeen = now.addingTimeInterval(-secondsSinceLastSeen)
        #expect(policy.state(createdAt: start, lastSeenAt: lastSeen, now: now) == .absoluteExpired)
        #expect(policy.state(createdAt: start, lastSeenAt: lastSeen, now: now.addingTimeInterval(3600)) == .absoluteExpired)
    }

    @Test func activeJustBeforeTwelveHoursWhenRecentlyActive() {
        let now = start.addingTimeInterval(12 * 3600 - 1)
        #expect(policy.state(createdAt: start, lastSeenAt: now.addingTimeInterval(-5), now: now) == .active)
    }

    @Test func absoluteExpiryWinsOverIdleExpiry() {
        let now = start.addingTimeInterval(13 * 3600)
        #expect(policy.state(createdAt: start, lastSeenAt: start, now: now) == .absoluteExpired)
    }

    @Test(arguments: [(0.0, false), (1, false), (59, false), (59.9, false), (60, true), (61, true), (600, true)])
    func needsTouchOnlyAfterSixtySeconds(elapsed: Double, expected: Bool) {
        let lastSeen = start.addingTimeInterval(120)
        #expect(policy.needsTouch(lastSeenAt: lastSeen, now: lastSeen.addingTimeInterval(elapsed)) == expected)
    }

    @Test func customPolicyIsHonoured() {
        let short = SessionPolicy(idleTimeout: 10, absoluteTimeout: 100, touchInterval: 5)
        #expect(short.state(createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(9)) == .active)
        #expect(short.state(createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(10)) == .idleExpired)
        #expect(short.state(createdAt: start, lastSeenAt: start.addingTimeInterval(99), now: start.addingTimeInterval(100)) == .absoluteExpired)
        #expect(!short.needsTouch(lastSeenAt: start, now: start.addingTimeInterval(4)))
        #expect(short.needsTouch(lastSeenAt: start, now: start.addingTimeInterval(5)))
    }
}
