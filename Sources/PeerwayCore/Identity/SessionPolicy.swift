import Foundation

/// When a signed-in session ends on its own. Enforced by the server on every request, never by the cookie.
public struct SessionPolicy: Sendable {
    public var idleTimeout: TimeInterval
    public var absoluteTimeout: TimeInterval
    /// How stale `last_seen_at` may get before a request writes it again: a session touched on every
    /// request would turn every page view into a database write.
    public var touchInterval: TimeInterval

    public static let standard = SessionPolicy(idleTimeout: 30 * 60, absoluteTimeout: 12 * 3600, touchInterval: 60)

    public init(idleTimeout: TimeInterval, absoluteTimeout: TimeInterval, touchInterval: TimeInterval) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
        self.touchInterval = touchInterval
    }

    public enum State: Equatable, Sendable { case active, idleExpired, absoluteExpired }

    public func state(createdAt: Date, lastSeenAt: Date, now: Date) -> State {
        if now.timeIntervalSince(createdAt) >= absoluteTimeout { return .absoluteExpired }
        if now.timeIntervalSince(lastSeenAt) >= idleTimeout { return .idleExpired }
        return .active
    }

    public func needsTouch(lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) >= touchInterval
    }
}
