import Foundation

/// How failed sign-ins slow an attacker down, per account and per client address. The answer is the
/// same whether or not the account exists, so throttling reveals nothing about who has an account.
public struct ThrottlePolicy: Sendable {
    public var accountLimit: Int
    public var addressLimit: Int
    /// How long an account's failures count.
    public var window: TimeInterval
    /// How long an address's failures count: short, because many people can share one address
    /// (a clinic's network, a county's proxy) and a day-long count would lock all of them out.
    public var addressWindow: TimeInterval
    public var lockout: TimeInterval

    /// Failures count for a day, while each lock lasts 15 minutes and doubles with every failure after
    /// it, so a patient attacker gets about a dozen guesses a day per account, not hundreds. A
    /// successful sign-in clears the account's counter.
    public static let standard = ThrottlePolicy(accountLimit: 5, addressLimit: 20, window: 24 * 3600, addressWindow: 15 * 60, lockout: 15 * 60)

    public init(accountLimit: Int, addressLimit: Int, window: TimeInterval, addressWindow: TimeInterval? = nil, lockout: TimeInterval) {
        self.accountLimit = accountLimit
        self.addressLimit = addressLimit
        self.window = window
        self.addressWindow = addressWindow ?? window
        self.lockout = lockout
    }

    public enum Kind: String, Sendable { case account, address }

    public func limit(for kind: Kind) -> Int { kind == .account ? accountLimit : addressLimit }

    /// The stored counter for one key.
    public struct Counter: Sendable, Equatable {
        public var failures: Int
        public var windowStartedAt: Date
        public var lockedUntil: Date?
        public init(failures: Int, windowStartedAt: Date, lockedUntil: Date?) {
            self.failures = failures
            self.windowStartedAt = windowStartedAt
            self.lockedUntil = lockedUntil
        }
    }

    /// Seconds left before another attempt is allowed, or nil when the key may try now.
    public func retryAfter(_ counter: Counter?, now: Date) -> Int? {
        guard let until = counter?.lockedUntil, until > now else { return nil }
        return max(1, Int(until.timeIntervalSince(now).rounded(.up)))
    }

    /// What one sign-in attempt may do. The attempt is counted *before* its password is checked: a
    /// check takes half a second, and counting only after it let thirty guesses sent at once all be
    /// checked while the first was still running. Counting first, in the same transaction that reads
    /// the counter, makes the limit hold under any concurrency and across server processes.
    public enum Admission: Sendable, Equatable {
        /// The attempt may be checked; `counter` already counts it as a failure.
        case admitted(counter: Counter)
        /// The key is locked: answer 429 without checking anything, and count nothing.
        case locked(retryAfter: Int)
    }

    public func admit(_ counter: Counter?, kind: Kind, now: Date) -> Admission {
        if let retry = retryAfter(counter, now: now) { return .locked(retryAfter: retry) }
        return .admitted(counter: recordingFailure(counter, kind: kind, now: now))
    }

    /// Gives back the failure counted in advance by `admit` when the attempt succeeded after all. A
    /// lock that only this attempt's advance count caused is lifted; one reached by others stays.
    public func refunding(_ counter: Counter?, kind: Kind) -> Counter? {
        guard var next = counter, next.failures > 0 else { return counter }
        next.failures -= 1
        if next.failures < limit(for: kind) { next.lockedUntil = nil }
        return next
    }

    /// The counter after one more failure. Reaching the limit locks the key; each further lock in the
    /// same window doubles, so a patient attacker gains nothing by waiting out the first one.
    public func recordingFailure(_ counter: Counter?, kind: Kind, now: Date) -> Counter {
        var next = counter ?? Counter(failures: 0, windowStartedAt: now, lockedUntil: nil)
        let window = kind == .account ? self.window : addressWindow
        if now.timeIntervalSince(next.windowStartedAt) > window, (next.lockedUntil ?? .distantPast) <= now {
            next = Counter(failures: 0, windowStartedAt: now, lockedUntil: nil)
        }
        next.failures += 1
        let limit = limit(for: kind)
        if next.failures >= limit {
            let rounds = min(6, next.failures - limit)
            next.lockedUntil = now.addingTimeInterval(lockout * Double(1 << rounds))
        }
        return next
    }
}
