import Foundation

/// Time and identifiers are injected so that tests are deterministic.
public protocol PeerwayClock: Sendable {
    func now() -> Date
}

public struct SystemClock: PeerwayClock {
    public init() {}
    public func now() -> Date { Date() }
}

extension Date {
    /// Microseconds since 1970: exact on both database engines, so audit hashes recompute identically.
    public var microsecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1_000_000).rounded()) }
    public init(microsecondsSince1970 us: Int64) { self.init(timeIntervalSince1970: Double(us) / 1_000_000) }
    /// Truncated to whole microseconds, the precision both engines keep.
    public var truncatedToMicroseconds: Date { Date(microsecondsSince1970: microsecondsSince1970) }
}
