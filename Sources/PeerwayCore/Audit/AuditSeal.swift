import Foundation

/// What the audit key seals besides the events themselves. A chain's events only prove that nothing
/// inside the chain changed; whoever can write the database could still cut its newest events and
/// rewind the head row, or delete a whole chain with its head. So the head of every chain and the
/// registry of chains carry a keyed MAC too, and a missing registry is itself evidence once anything
/// exists that must have written to it.
public enum AuditSeal {
    /// The bytes a chain head's MAC covers. Prefixed so that no head can be passed off as an event
    /// or the registry (their encodings never start with "head").
    public static func headBytes(chain: String, sequence: Int64, hash: String) -> [UInt8] {
        AuditEvent.lengthPrefixed(["head-v1", chain, String(sequence), hash])
    }

    /// The bytes the registry's MAC covers: every chain ever opened, sorted.
    public static func registryBytes(chains: [String]) -> [UInt8] {
        AuditEvent.lengthPrefixed(["registry-v1"] + chains.sorted())
    }

    /// The registry's text form in the database: one chain name a line, sorted.
    public static func registryText(_ chains: Set<String>) -> String { chains.sorted().joined(separator: "\n") }

    public static func registryChains(_ text: String) -> Set<String> {
        Set(text.split(separator: "\n").map(String.init))
    }
}

/// The set of chains as the database presents them, checked against what must be there. Pure, so
/// every way of deleting a chain is tested without a database.
public struct AuditChainSet: Sendable {
    /// A chain head as read from the database.
    public struct Head: Sendable, Equatable {
        public var chain: String
        public var sequence: Int64
        public var hash: String
        public var mac: String?
        public init(chain: String, sequence: Int64, hash: String, mac: String?) {
            self.chain = chain
            self.sequence = sequence
            self.hash = hash
            self.mac = mac
        }
    }

    /// The registry row, or nil when there is none.
    public var registry: (chains: Set<String>, mac: String)?
    public var heads: [String: Head]
    /// Chains that have at least one event.
    public var chainsWithEvents: Set<String>
    /// Organizations that exist: each opened its own chain when it was created.
    public var organizationIDs: [UUID]

    public init(registry: (chains: Set<String>, mac: String)?, heads: [Head], chainsWithEvents: Set<String>, organizationIDs: [UUID]) {
        self.registry = registry
        self.heads = Dictionary(heads.map { ($0.chain, $0) }, uniquingKeysWith: { a, _ in a })
        self.chainsWithEvents = chainsWithEvents
        self.organizationIDs = organizationIDs
    }

    /// Every problem with the set of chains and their heads.
    public func problems(mac: @Sendable ([UInt8]) -> String) -> [AuditChainVerifier.Problem] {
        var problems: [AuditChainVerifier.Problem] = []
        let present = Set(heads.keys).union(chainsWithEvents)
        guard let registry else {
            if !present.isEmpty || !organizationIDs.isEmpty { problems.append(.registryMissing) }
            for id in organizationIDs where !present.contains(AuditEvent.chainName(for: id)) {
                problems.append(.chainMissing(chain: AuditEvent.chainName(for: id)))
            }
            return problems
        }
        if mac(AuditSeal.registryBytes(chains: Array(registry.chains))) != registry.mac { problems.append(.registryForged) }
        for chain in registry.chains.subtracting(present).sorted() { problems.append(.chainMissing(chain: chain)) }
        for chain in present.subtracting(registry.chains).sorted() { problems.append(.chainUnregistered(chain: chain)) }
        for id in organizationIDs {
            let chain = AuditEvent.chainName(for: id)
            if !registry.chains.contains(chain) && !present.contains(chain) { problems.append(.chainMissing(chain: chain)) }
        }
        for head in heads.values.sorted(by: { $0.chain < $1.chain })
        where head.mac != mac(AuditSeal.headBytes(chain: head.chain, sequence: head.sequence, hash: head.hash)) {
            problems.append(.headForged(chain: head.chain, headSequence: head.sequence))
        }
        return problems
    }
}
