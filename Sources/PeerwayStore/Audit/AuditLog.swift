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
        AuditContext(requestID: "cli-\(UUID().uuidString.lowercased().prefix(8))", clientAddress: "cli", actorLabel: "cli:\(command)")
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

    public init(key: AuditKey, clock: any PeerwayClock = SystemClock()) {
        self.key = key
        self.clock = clock
    }

    /// Appends one event inside the caller's transaction: it commits with the write it describes, or not at all.
    @discardableResult
    public func append(
        _ context: AuditContext, _ action: AuditAction, resourceType: String, resourceID: String? = nil,
        organizationID: UUID? = nil, participantID: UUID? = nil, outcome: AuditEvent.Outcome = .success,
        detail: String = "", on conn: Connection
    ) async throws -> AuditEvent {
        let org = organizationID ?? context.organizationID
        let chain = AuditEvent.chainName(for: org)
        try await conn.sql.raw("""
            INSERT INTO audit_heads (chain, seq, hash) VALUES (\(bind: chain), 0, \(bind: AuditEvent.genesisHash))
            ON CONFLICT (chain) DO NOTHING
            """).run()
        // The head row is the lock that orders a chain: concurrent writers (across processes too) take turns here.
        let head = try await conn.sql.raw("SELECT seq, hash FROM audit_heads WHERE chain = \(bind: chain)\(unsafeRaw: conn.dialect.forUpdate)").first()
        guard let head else { throw StoreError.unavailable("audit chain head missing") }
        let seq = try head.decode(column: "seq", as: Int64.self) + 1
        let previous = try head.decode(column: "hash", as: String.self)
        var event = AuditEvent(
            id: UUID(), chain: chain, sequence: seq, occurredAt: clock.now().truncatedToMicroseconds, organizationID: org,
            actorUserID: context.actorUserID, actorLabel: String(context.actorLabel.prefix(200)), action: action,
            resourceType: resourceType, resourceID: resourceID, participantID: participantID, outcome: outcome,
            requestID: String(context.requestID.prefix(100)), clientAddress: String(context.clientAddress.prefix(100)),
            detail: String(detail.prefix(2000)), previousHash: previous, hash: "")
        event.hash = key.mac(event.canonicalBytes)
        try await conn.sql.raw("""
            INSERT INTO audit_events (id, chain, seq, occurred_at_us, organization_id, actor_user_id, actor_label, action,
                resource_type, resource_id, participant_id, outcome, request_id, client_address, detail, prev_hash, hash)
            VALUES (\(bind: event.id), \(bind: chain), \(bind: seq), \(bind: event.occurredAt.microsecondsSince1970), \(bind: org),
                \(bind: event.actorUserID), \(bind: event.actorLabel), \(bind: action.rawValue), \(bind: resourceType),
                \(bind: resourceID), \(bind: participantID), \(bind: outcome.rawValue), \(bind: event.requestID),
                \(bind: event.clientAddress), \(bind: event.detail), \(bind: previous), \(bind: event.hash))
            """).run()
        try await conn.sql.raw("UPDATE audit_heads SET seq = \(bind: seq), hash = \(bind: event.hash) WHERE chain = \(bind: chain)").run()
        return event
    }

    /// Appends one event in a transaction of its own (sign-in failures, denials: nothing else is written).
    @discardableResult
    public func record(
        _ db: Database, _ context: AuditContext, _ action: AuditAction, resourceType: String, resourceID: String? = nil,
        organizationID: UUID? = nil, participantID: UUID? = nil, outcome: AuditEvent.Outcome = .success, detail: String = ""
    ) async throws -> AuditEvent {
        try await db.write { conn in
            try await append(context, action, resourceType: resourceType, resourceID: resourceID, organizationID: organizationID,
                             participantID: participantID, outcome: outcome, detail: detail, on: conn)
        }
    }

    // MARK: - Verification

    public struct VerifyReport: Sendable {
        public var chains = 0
        public var events = 0
        public var problems: [AuditChainVerifier.Problem] = []
        public var isIntact: Bool { problems.isEmpty }
    }

    /// Re-computes every chain from its first event. Reads in pages so memory stays flat at any size.
    /// `progress` receives (events verified, events in all).
    public func verify(_ db: Database, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> VerifyReport {
        let (chains, total): ([String], Int) = try await db.read { conn in
            let rows = try await conn.sql.raw("SELECT chain FROM audit_events UNION SELECT chain FROM audit_heads").all()
            let count = try await conn.sql.raw("SELECT COUNT(*) AS n FROM audit_events").first()?.decode(column: "n", as: Int.self) ?? 0
            return (try rows.map { try $0.decode(column: "chain", as: String.self) }.sorted(), count)
        }
        var report = VerifyReport()
        let key = self.key
        for chain in chains {
            var walker = AuditChainVerifier.Walker(chain: chain, mac: { key.mac($0) })
            var after: (seq: Int64, id: UUID)? = nil
            while true {
                let cursor = after
                let page: [AuditEvent] = try await db.read { conn in
                    let query: SQLQueryString
                    if let cursor {
                        query = "SELECT * FROM audit_events WHERE chain = \(bind: chain) AND (seq > \(bind: cursor.seq) OR (seq = \(bind: cursor.seq) AND id > \(bind: cursor.id))) ORDER BY seq, id LIMIT 5000"
                    } else {
                        query = "SELECT * FROM audit_events WHERE chain = \(bind: chain) ORDER BY seq, id LIMIT 5000"
                    }
                    return try await conn.sql.raw(query).all().map(Self.decodeEvent)
                }
                for event in page { walker.feed(event) }
                report.events += page.count
                progress?(report.events, max(total, report.events))
                guard let last = page.last, page.count == 5000 else { break }
                after = (last.sequence, last.id)
            }
            let head = try await db.read { conn in
                try await conn.sql.raw("SELECT seq, hash FROM audit_heads WHERE chain = \(bind: chain)").first()
            }
            walker.finish(headSequence: try head?.decode(column: "seq", as: Int64.self),
                          headHash: try head?.decode(column: "hash", as: String.self))
            report.chains += 1
            report.problems += walker.problems
        }
        return report
    }

    /// An action or outcome that is not one of ours can only come from an edit outside Peerway; the
    /// event then keeps a hash that cannot match, so verification reports it.
    static func decodeEvent(_ row: any SQLRow) throws -> AuditEvent {
        let actionText = try row.decode(column: "action", as: String.self)
        let outcomeText = try row.decode(column: "outcome", as: String.self)
        let known = AuditAction(rawValue: actionText) != nil && AuditEvent.Outcome(rawValue: outcomeText) != nil
        return AuditEvent(
            id: try row.decode(column: "id", as: UUID.self),
            chain: try row.decode(column: "chain", as: String.self),
            sequence: try row.decode(column: "seq", as: Int64.self),
            occurredAt: Date(microsecondsSince1970: try row.decode(column: "occurred_at_us", as: Int64.self)),
            organizationID: try row.decode(column: "organization_id", as: UUID?.self),
            actorUserID: try row.decode(column: "actor_user_id", as: UUID?.self),
            actorLabel: try row.decode(column: "actor_label", as: String.self),
            action: AuditAction(rawValue: actionText) ?? .recordRead,
            resourceType: try row.decode(column: "resource_type", as: String.self),
            resourceID: try row.decode(column: "resource_id", as: String?.self),
            participantID: try row.decode(column: "participant_id", as: UUID?.self),
            outcome: AuditEvent.Outcome(rawValue: outcomeText) ?? .failure,
            requestID: try row.decode(column: "request_id", as: String.self),
            clientAddress: try row.decode(column: "client_address", as: String.self),
            detail: try row.decode(column: "detail", as: String.self),
            previousHash: try row.decode(column: "prev_hash", as: String.self),
            hash: known ? try row.decode(column: "hash", as: String.self) : "unrecognised:\(actionText):\(outcomeText)")
    }
}
