import Foundation
import PeerwayCore
import SQLKit

/// Who is acting and from where, carried through a request so every audit event records it.
public struct AuditContext: Sendable {
    public var requestID: String
    public var clientAddress: String
    public var actorUserID: UUID?
    public var actorLabel: String
    public var organizationID: UUID?

    public init(requestID: String, clientAddress: String, actorUserID: UUID? = nil, actorLabel: String = "", organizationID: UUID? = nil) {
        self.requestID = requestID
        self.clientAddress = clientAddress
        self.actorUserID = actorUserID
        self.actorLabel = actorLabel
        self.organizationID = organizationID
    }

    /// Work started from the command line rather than a request.
    public static func cli(_ command: String) -> AuditContext {
        AuditContext(requestID: "cli-\(UUID().text.prefix(8))", clientAddress: "cli", actorLabel: "cli:\(command)")
    }

    public func acting(as actor: Actor) -> AuditContext {
        var copy = self
        copy.actorUserID = actor.userID
        copy.organizationID = actor.organizationID
        copy.actorLabel = actor.displayName
        return copy
    }
}

/// Appends to and reads the tamper-evident audit trail.
public struct AuditLog: Sendable {
    let key: AuditKey
    let clock: any PeerwayClock
    let ids: any IDSource
    /// Shared by every copy of this log, so all events recorded on their own wait in one queue.
    let groupCommit: AuditGroupCommit

    public init(key: AuditKey, clock: any PeerwayClock = SystemClock(), ids: any IDSource = RandomIDs()) {
        self.key = key
        self.clock = clock
        self.ids = ids
        self.groupCommit = AuditGroupCommit()
    }

    /// One event to append, apart from where it goes.
    struct Entry: Sendable {
        var context: AuditContext
        var action: AuditAction
        var resourceType: AuditResource
        var resourceID: String?
        var organizationID: UUID?
        var participantID: UUID?
        var outcome: AuditEvent.Outcome
        var detail: String

        var chain: String { AuditEvent.chainName(for: organizationID ?? context.organizationID) }
    }

    /// Appends one event inside the caller's transaction: it commits with the write it describes, or not at all.
    @discardableResult
    public func append(
        _ context: AuditContext, _ action: AuditAction, resourceType: AuditResource, resourceID: String? = nil,
        organizationID: UUID? = nil, participantID: UUID? = nil, outcome: AuditEvent.Outcome = .success,
        detail: String = "", on conn: Connection
    ) async throws -> AuditEvent {
        let entry = Entry(context: context, action: action, resourceType: resourceType, resourceID: resourceID,
                          organizationID: organizationID, participantID: participantID, outcome: outcome, detail: detail)
        return try await append([entry], on: conn)[0]
    }

    /// Appends events in their order inside the caller's transaction. Each chain's head row is the lock
    /// that orders it (concurrent writers, across processes too, take turns there); the heads are taken
    /// in name order, so two transactions that both touch two chains cannot wait on each other. Each
    /// head is read once and written once, however many events join its chain.
    func append(_ entries: [Entry], on conn: Connection) async throws -> [AuditEvent] {
        var heads: [String: (seq: Int64, hash: String)] = [:]
        for chain in Set(entries.map(\.chain)).sorted() {
            heads[chain] = try await lockHead(chain, on: conn)
        }
        var events: [AuditEvent] = []
        events.reserveCapacity(entries.count)
        for entry in entries {
            let chain = entry.chain
            guard let head = heads[chain] else { throw StoreError.unavailable("audit chain head missing") }
            let context = entry.context
            var event = AuditEvent(
                id: ids.next(), chain: chain, sequence: head.seq + 1, occurredAt: clock.now().truncatedToMicroseconds,
                organizationID: entry.organizationID ?? context.organizationID, actorUserID: context.actorUserID,
                actorLabel: String(context.actorLabel.prefix(200)), action: entry.action, resourceType: entry.resourceType.rawValue,
                resourceID: entry.resourceID, participantID: entry.participantID, outcome: entry.outcome,
                requestID: String(context.requestID.prefix(100)), clientAddress: String(context.clientAddress.prefix(100)),
                detail: String(entry.detail.prefix(2000)), previousHash: head.hash, hash: "")
            event.hash = key.mac(event.canonicalBytes)
            heads[chain] = (event.sequence, event.hash)
            events.append(event)
        }
        // One statement for the whole batch: 17 values an event stays far below either engine's limit
        // on bound parameters at the batch sizes `AuditGroupCommit` takes.
        let rows = events.map { event -> SQLQueryString in
            """
            (\(bind: event.id), \(bind: event.chain), \(bind: event.sequence), \(bind: event.occurredAt.microsecondsSince1970),
             \(bind: event.organizationID), \(bind: event.actorUserID), \(bind: event.actorLabel), \(bind: event.action.rawValue),
             \(bind: event.resourceType), \(bind: event.resourceID), \(bind: event.participantID), \(bind: event.outcome.rawValue),
             \(bind: event.requestID), \(bind: event.clientAddress), \(bind: event.detail), \(bind: event.previousHash), \(bind: event.hash))
            """
        }
        try await conn.sql.raw("""
            INSERT INTO audit_events (id, chain, seq, occurred_at_us, organization_id, actor_user_id, actor_label, action,
                resource_type, resource_id, participant_id, outcome, request_id, client_address, detail, prev_hash, hash)
            VALUES \(rows.joined(separator: ", "))
            """).run()
        for (chain, head) in heads.sorted(by: { $0.key < $1.key }) {
            let headMAC = key.mac(AuditSeal.headBytes(chain: chain, sequence: head.seq, hash: head.hash))
            try await conn.sql.raw("UPDATE audit_heads SET seq = \(bind: head.seq), hash = \(bind: head.hash), mac = \(bind: headMAC) WHERE chain = \(bind: chain)").run()
        }
        return events
    }

    /// Reads a chain's head for update, opening the chain first if this is its first event.
    private func lockHead(_ chain: String, on conn: Connection) async throws -> (seq: Int64, hash: String) {
        let select: SQLQueryString = "SELECT seq, hash FROM audit_heads WHERE chain = \(bind: chain)\(unsafeRaw: conn.dialect.forUpdate)"
        var head = try await conn.sql.raw(select).first()
        if head == nil {
            try await open(chain, on: conn)
            head = try await conn.sql.raw(select).first()
        }
        guard let head else { throw StoreError.unavailable("audit chain head missing") }
        return (try head.decode(column: "seq", as: Int64.self), try head.decode(column: "hash", as: String.self))
    }

    /// Opens a chain: its sealed genesis head, and its name added to the sealed registry, in the
    /// transaction of its first event. Two writers opening the same chain at once both get here; the
    /// registry row's lock orders them and the set keeps the name once.
    private func open(_ chain: String, on conn: Connection) async throws {
        let mac = key.mac(AuditSeal.headBytes(chain: chain, sequence: 0, hash: AuditEvent.genesisHash))
        try await conn.sql.raw("""
            INSERT INTO audit_heads (chain, seq, hash, mac) VALUES (\(bind: chain), 0, \(bind: AuditEvent.genesisHash), \(bind: mac))
            ON CONFLICT (chain) DO NOTHING
            """).run()
        try await conn.sql.raw("""
            INSERT INTO audit_registry (id, chains, mac) VALUES (1, '', \(bind: key.mac(AuditSeal.registryBytes(chains: []))))
            ON CONFLICT (id) DO NOTHING
            """).run()
        let row = try await conn.sql.raw("SELECT chains FROM audit_registry WHERE id = 1\(unsafeRaw: conn.dialect.forUpdate)").first()
        var chains = AuditSeal.registryChains(try row?.decode(column: "chains", as: String.self) ?? "")
        guard chains.insert(chain).inserted else { return }
        try await Self.writeRegistry(chains, key: key, on: conn)
    }

    static func writeRegistry(_ chains: Set<String>, key: AuditKey, on conn: Connection) async throws {
        let mac = key.mac(AuditSeal.registryBytes(chains: Array(chains)))
        try await conn.sql.raw("""
            INSERT INTO audit_registry (id, chains, mac) VALUES (1, \(bind: AuditSeal.registryText(chains)), \(bind: mac))
            ON CONFLICT (id) DO UPDATE SET chains = excluded.chains, mac = excluded.mac
            """).run()
    }

    /// Appends one event that has no write of its own to join (reads, refusals, sign-in failures).
    /// It waits for the next group commit: one transaction and one flush for every event recorded
    /// meanwhile. It returns only once its event is durable.
    @discardableResult
    public func record(
        _ db: Database, _ context: AuditContext, _ action: AuditAction, resourceType: AuditResource, resourceID: String? = nil,
        organizationID: UUID? = nil, participantID: UUID? = nil, outcome: AuditEvent.Outcome = .success, detail: String = ""
    ) async throws -> AuditEvent {
        let entry = Entry(context: context, action: action, resourceType: resourceType, resourceID: resourceID,
                          organizationID: organizationID, participantID: participantID, outcome: outcome, detail: detail)
        return try await groupCommit.submit(entry, to: db, log: self)
    }

    /// Events and commits of the group commit since this log was made.
    public var groupCommitStatistics: AuditGroupCommit.Statistics {
        get async { await groupCommit.statistics }
    }

    // MARK: - Verification

    public struct VerifyReport: Sendable {
        public var chains = 0
        public var events = 0
        public var problems: [AuditChainVerifier.Problem] = []
        /// Where each chain stood when it was verified: what a checkpoint records.
        public var positions: [AuditCheckpoint.Position] = []
        public var isIntact: Bool { problems.isEmpty }
    }

    /// Re-computes every chain from its first event, checks the sealed heads and the registry of
    /// chains, and, given a checkpoint taken earlier, that no chain went back behind it. Reads in
    /// pages so memory stays flat at any size. `progress` receives (events verified, events in all).
    ///
    /// Requests keep appending while this runs, so each chain is verified up to the head read at the
    /// start, never against a head that moved on meanwhile (which would look like tampering). The read
    /// order matters for the same reason: organizations, then heads, then the registry, each of
    /// which is written in the same transaction as the one read before it.
    public func verify(_ db: Database, checkpoint: AuditCheckpoint? = nil,
                       progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> VerifyReport {
        let organizationIDs = try await db.read { conn in
            try await conn.sql.raw("SELECT id FROM organizations").all().map { try $0.decode(column: "id", as: UUID.self) }
        }
        var heads = Dictionary(uniqueKeysWithValues: try await Self.heads(db).map { ($0.chain, $0) })
        var registry = try await Self.registry(db)
        let (eventChains, total): (Set<String>, Int) = try await db.read { conn in
            let rows = try await conn.sql.raw("SELECT DISTINCT chain FROM audit_events").all()
            let count = try await conn.sql.raw("SELECT COUNT(*) AS n FROM audit_events").first()?.decode(column: "n", as: Int.self) ?? 0
            return (Set(try rows.map { try $0.decode(column: "chain", as: String.self) }), count)
        }
        // A chain opened after the heads or the registry were read is not missing: read them again.
        if !eventChains.union(registry?.chains ?? []).isSubset(of: heads.keys) {
            for head in try await Self.heads(db) where heads[head.chain] == nil { heads[head.chain] = head }
        }
        if let known = registry?.chains, !Set(heads.keys).union(eventChains).isSubset(of: known) {
            registry = try await Self.registry(db)
        }
        var report = VerifyReport()
        let key = self.key
        let mac: @Sendable ([UInt8]) -> String = { key.mac($0) }
        report.problems += AuditChainSet(registry: registry, heads: Array(heads.values), chainsWithEvents: eventChains,
                                         organizationIDs: organizationIDs).problems(mac: mac)

        for chain in Set(heads.keys).union(eventChains).sorted() {
            let head = heads[chain]
            var walker = AuditChainVerifier.Walker(chain: chain, mac: mac)
            var after: (seq: Int64, id: UUID)? = nil
            let upTo = head?.sequence ?? Int64.max
            while true {
                let cursor = after
                let page: [AuditEvent] = try await db.read { conn in
                    let past: SQLQueryString = cursor.map {
                        "AND (seq > \(bind: $0.seq) OR (seq = \(bind: $0.seq) AND id > \(bind: $0.id)))"
                    } ?? ""
                    return try await conn.sql.raw("""
                        SELECT * FROM audit_events WHERE chain = \(bind: chain) AND seq <= \(bind: upTo) \(past)
                        ORDER BY seq, id LIMIT 5000
                        """).all().map(Self.decodeEvent)
                }
                for event in page { walker.feed(event) }
                report.events += page.count
                progress?(report.events, max(total, report.events))
                guard let last = page.last, page.count == 5000 else { break }
                after = (last.sequence, last.id)
            }
            walker.finish(headSequence: head?.sequence, headHash: head?.hash)
            report.problems += walker.problems
            if let head {
                report.positions.append(AuditCheckpoint.Position(chain: chain, sequence: head.sequence, hash: head.hash))
                report.problems += try await Self.eventsBeyond(head, db)
            }
            report.chains += 1
        }
        if let checkpoint {
            var hashes: [String: String] = [:]
            for position in checkpoint.positions where heads[position.chain] != nil {
                hashes[position.chain] = try await db.read { conn in
                    try await conn.sql.raw("SELECT hash FROM audit_events WHERE chain = \(bind: position.chain) AND seq = \(bind: position.sequence)")
                        .first()?.decode(column: "hash", as: String.self)
                }
            }
            report.problems += checkpoint.problems(heads: heads.mapValues(\.sequence), hashAt: { chain, _ in hashes[chain] })
        }
        return report
    }

    /// A checkpoint of where every chain stood in an intact report, sealed with this log's key.
    public func checkpointText(_ report: VerifyReport, takenAt: Date) -> String {
        AuditCheckpoint(takenAt: takenAt, positions: report.positions).text(mac: { key.mac($0) })
    }

    /// Reads a checkpoint file's text and checks its seal with this log's key.
    public func readCheckpoint(_ text: String) throws(AuditCheckpoint.ReadError) -> AuditCheckpoint {
        try AuditCheckpoint.read(text, mac: { key.mac($0) })
    }

    /// Events past the head read at the start are fine only if the head has since moved past them
    /// (written by Peerway meanwhile); otherwise they were appended outside it.
    private static func eventsBeyond(_ head: AuditChainSet.Head, _ db: Database) async throws -> [AuditChainVerifier.Problem] {
        let last = try await db.read { conn in
            try await conn.sql.raw("SELECT MAX(seq) AS n FROM audit_events WHERE chain = \(bind: head.chain)").first()?.decode(column: "n", as: Int64?.self)
        }
        guard let last, last > head.sequence else { return [] }
        let now = try await heads(db).first { $0.chain == head.chain }
        guard let now, now.sequence >= last else {
            return [.headMismatch(chain: head.chain, headSequence: now?.sequence ?? head.sequence, lastSequence: last)]
        }
        return []
    }

    private static func heads(_ db: Database) async throws -> [AuditChainSet.Head] {
        try await db.read { conn in
            try await conn.sql.raw("SELECT chain, seq, hash, mac FROM audit_heads").all().map { row in
                AuditChainSet.Head(chain: try row.decode(column: "chain", as: String.self), sequence: try row.decode(column: "seq", as: Int64.self),
                                   hash: try row.decode(column: "hash", as: String.self), mac: try row.decode(column: "mac", as: String?.self))
            }
        }
    }

    private static func registry(_ db: Database) async throws -> (chains: Set<String>, mac: String)? {
        try await db.read { conn in
            guard let row = try await conn.sql.raw("SELECT chains, mac FROM audit_registry WHERE id = 1").first() else { return nil }
            return (AuditSeal.registryChains(try row.decode(column: "chains", as: String.self)), try row.decode(column: "mac", as: String.self))
        }
    }

    /// An action or outcome that is not one of ours can only come from an edit outside Peerway; the
    /// event then keeps a hash that cannot match, so verification reports it.
    static func decodeEvent(_ row: any SQLRow) throws -> AuditEvent {
        let actionText = try row.string("action"), outcomeText = try row.string("outcome")
        let known = AuditAction(rawValue: actionText) != nil && AuditEvent.Outcome(rawValue: outcomeText) != nil
        return AuditEvent(
            id: try row.uuid("id"), chain: try row.string("chain"), sequence: try row.decode(column: "seq", as: Int64.self),
            occurredAt: Date(microsecondsSince1970: try row.decode(column: "occurred_at_us", as: Int64.self)),
            organizationID: try row.optionalUUID("organization_id"), actorUserID: try row.optionalUUID("actor_user_id"),
            actorLabel: try row.string("actor_label"), action: AuditAction(rawValue: actionText) ?? .recordRead,
            resourceType: try row.string("resource_type"), resourceID: try row.optionalString("resource_id"),
            participantID: try row.optionalUUID("participant_id"), outcome: AuditEvent.Outcome(rawValue: outcomeText) ?? .failure,
            requestID: try row.string("request_id"), clientAddress: try row.string("client_address"),
            detail: try row.string("detail"), previousHash: try row.string("prev_hash"),
            hash: known ? try row.string("hash") : "unrecognised:\(actionText):\(outcomeText)")
    }
}
