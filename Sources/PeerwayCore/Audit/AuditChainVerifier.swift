import Foundation

/// Walks a chain of audit events and reports every place where it was tampered with. The keyed hash
/// function is passed in so that this rule stays free of cryptography libraries and I/O.
public enum AuditChainVerifier {
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        /// The event's content no longer matches its hash (edited), or its hash was forged without the key.
        case hashMismatch(chain: String, sequence: Int64, id: UUID)
        /// The event does not link to the one before it (deleted, inserted or reordered events).
        case brokenLink(chain: String, sequence: Int64, id: UUID)
        /// Sequence numbers skip or repeat.
        case sequenceGap(chain: String, expected: Int64, found: Int64)
        /// The chain's recorded head (last sequence and hash) differs from its last event (events
        /// removed from the end, or appended outside the application).
        case headMismatch(chain: String, headSequence: Int64, lastSequence: Int64)

        public var description: String {
            switch self {
            case .hashMismatch(let c, let s, let id): "chain \(c): event \(s) (\(id.uuidString.lowercased())) does not match its hash: edited or forged"
            case .brokenLink(let c, let s, let id): "chain \(c): event \(s) (\(id.uuidString.lowercased())) does not link to the previous event: deleted, inserted or reordered"
            case .sequenceGap(let c, let e, let f): "chain \(c): expected event \(e), found \(f): events deleted, inserted or reordered"
            case .headMismatch(let c, let h, let l): "chain \(c): head records event \(h) but the last event is \(l): events removed or appended outside Peerway"
            }
        }
    }

    /// Incremental verification, so a chain of millions of events streams through in constant memory.
    public struct Walker: Sendable {
        public let chain: String
        public private(set) var expectedSequence: Int64 = 1
        public private(set) var lastHash: String = AuditEvent.genesisHash
        public private(set) var problems: [Problem] = []
        public private(set) var count = 0
        let mac: @Sendable ([UInt8]) -> String

        public init(chain: String, mac: @escaping @Sendable ([UInt8]) -> String) {
            self.chain = chain
            self.mac = mac
        }

        public mutating func feed(_ event: AuditEvent) {
            count += 1
            if event.sequence != expectedSequence {
                problems.append(.sequenceGap(chain: chain, expected: expectedSequence, found: event.sequence))
            }
            if event.previousHash != lastHash {
                problems.append(.brokenLink(chain: chain, sequence: event.sequence, id: event.id))
            }
            if mac(event.canonicalBytes) != event.hash {
                problems.append(.hashMismatch(chain: chain, sequence: event.sequence, id: event.id))
            }
            expectedSequence = event.sequence + 1
            lastHash = event.hash
        }

        /// Compares the end of the walk with the chain's recorded head.
        public mutating func finish(headSequence: Int64?, headHash: String?) {
            let last = expectedSequence - 1
            if let headSequence, headSequence != last || headHash != lastHash {
                problems.append(.headMismatch(chain: chain, headSequence: headSequence, lastSequence: last))
            } else if headSequence == nil, count > 0 {
                problems.append(.headMismatch(chain: chain, headSequence: 0, lastSequence: last))
            }
        }
    }
}
