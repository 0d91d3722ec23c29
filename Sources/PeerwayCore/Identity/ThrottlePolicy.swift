import Foundation

/// How failed sign-ins slow an attacker down, per account and per client address. The answer is the
/// same whether or not the account exists, so throttling reveals nothing about who has an account.
public struct ThrottlePolicy: Sendable {
    public var accountLimit: Int
    public var addressLimit: Int
    public var window: TimeInterval
    public var lockout: TimeInterval

    public static let standard = ThrottlePolicy(accountLimit: 5, addressLimit: 20, window: 15 * 60, lockout: 15 * 60)

    public init(accountLimit: Int, addressLimit: Int, window: TimeInterval, lockout: TimeInterval) {
        self.accountLimit = accountLimit
        self.addressLimit = addressLimit
        self.window = window
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

    /// The counter after one more failure. Reaching the limit locks the key; each further lock in the
    /// same window doubles, so a patient attacker gains nothing by waiting out the first one.
    public func recordingFailure(_ counter: Counter?, kind: Kind, now: Date) -> Counter {
        var next = counter ?? Counter(failures: 0, windowStartedAt: now, lockedUntil: nil)
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
