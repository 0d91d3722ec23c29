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
        /// The head row's MAC does not match it: rewound or rewritten outside Peerway.
        case headForged(chain: String, headSequence: Int64)
        /// Chains exist (or organizations that each opened one) but the registry of chains is gone.
        case registryMissing
        /// The registry of chains was rewritten outside Peerway.
        case registryForged
        /// A chain that was opened (registered, or owed by an existing organization) is gone: deleted.
        case chainMissing(chain: String)
        /// A chain that Peerway never opened: written outside it.
        case chainUnregistered(chain: String)
        /// The database holds less of a chain than a checkpoint taken earlier saw: rolled back or cut.
        case behindCheckpoint(chain: String, checkpointSequence: Int64, headSequence: Int64)
        /// The event a checkpoint saw at this position is no longer the same event: history rewritten.
        case differsFromCheckpoint(chain: String, sequence: Int64)
        /// The checkpoint file itself fails its MAC, or cannot be read.
        case checkpointInvalid(reason: String)

        public var description: String {
            switch self {
            case .hashMismatch(let c, let s, let id): "chain \(c): event \(s) (\(id.text)) does not match its hash: edited or forged"
            case .brokenLink(let c, let s, let id): "chain \(c): event \(s) (\(id.text)) does not link to the previous event: deleted, inserted or reordered"
            case .sequenceGap(let c, let e, let f): "chain \(c): expected event \(e), found \(f): events deleted, inserted or reordered"
            case .headMismatch(let c, let h, let l): "chain \(c): head records event \(h) but the last event is \(l): events removed or appended outside Peerway"
            case .headForged(let c, let h): "chain \(c): the head (event \(h)) does not match its seal: rewound or rewritten outside Peerway"
            case .registryMissing: "the registry of audit chains is missing while chains or organizations exist: deleted outside Peerway"
            case .registryForged: "the registry of audit chains does not match its seal: rewritten outside Peerway"
            case .chainMissing(let c): "chain \(c) was opened but is gone: deleted outside Peerway"
            case .chainUnregistered(let c): "chain \(c) was never opened by Peerway: written outside it"
            case .behindCheckpoint(let c, let k, let h): "chain \(c): a checkpoint saw event \(k) but the database ends at \(h): rolled back or cut"
            case .differsFromCheckpoint(let c, let s): "chain \(c): event \(s) is not the event the checkpoint saw: history rewritten"
            case .checkpointInvalid(let reason): "checkpoint file: \(reason)"
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
