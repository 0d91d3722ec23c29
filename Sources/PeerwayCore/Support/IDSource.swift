import Foundation

/// Where new record ids come from. Injected, like the clock, so a test or a snapshot can fix them.
public protocol IDSource: Sendable {
    func next() -> UUID
}

/// Random version-4 UUIDs: what a running server uses.
public struct RandomIDs: IDSource {
    public init() {}
    public func next() -> UUID { UUID() }
}

/// 00000000-0000-0000-0000-000000000001, …2, …3: ids a test can name before it runs.
// The lock guards `following`, the only mutable state, which makes the class safe to share.
public final class SequentialIDs: IDSource, @unchecked Sendable {
    private let lock = NSLock()
    private var following: UInt64

    /// `start` is the first id handed out.
    public init(start: UInt64 = 1) {
        following = start
    }

    public func next() -> UUID {
        let n = lock.withLock {
            defer { following += 1 }
            return following
        }
        let b = withUnsafeBytes(of: n.bigEndian) { Array($0) }
        return UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]))
    }
}
