import Foundation
import PeerwayCore
import SQLKit

/// A filtered, paged view of the audit trail. Sorting is limited to a fixed list of columns, so no
/// request text ever reaches the SQL.
public struct AuditFilter: Sendable, Equatable {
    public enum Sort: String, Sendable, CaseIterable {
        case newest
        case oldest
    }

    /// Organizations whose events the reader may see (from the access policy). Empty sees nothing.
    public var organizationIDs: Set<UUID>
    /// Include events of the `system` chain (no organization): sign-in failures for unknown addresses.
    public var includeSystemChain = false
    public var actorUserID: UUID?
    public var participantID: UUID?
    public var action: AuditAction?
    public var outcome: AuditEvent.Outcome?
    public var clientAddress: String?
    public var from: Date?
    public var to: Date?
    public var sort: Sort = .newest
    public var limit = 50
    public var offset = 0

    public init(organizationIDs: Set<UUID>) {
        self.organizationIDs = organizationIDs
    }
}

extension AuditLog {
    public struct Page: Sendable {
        public let events: [AuditEvent]
        public let hasMore: Bool
    }

    public func list(_ filter: AuditFilter, on db: Database) async throws -> Page {
        let limit = min(max(filter.limit, 1), 500)
        return try await db.read { conn in
            var rows = try await Self.filtered(filter, conn.sql)
                .orderBy("occurred_at_us", filter.sort == .newest ? .descending : .ascending)
                .orderBy("seq", filter.sort == .newest ? .descending : .ascending)
                .limit(limit + 1).offset(max(0, filter.offset))
                .all()
            let more = rows.count > limit
            if more { rows.removeLast() }
            return Page(events: try rows.map(Self.decodeEvent), hasMore: more)
        }
    }

    /// Streams every matching event, oldest first, in pages (for CSV export of any size).
    public func forEach(_ filter: AuditFilter, on db: Database, _ body: ([AuditEvent]) async throws -> Void) async throws {
        var offset = 0
        while true {
            let currentOffset = offset
            let page = try await db.read { conn in
                try await Self.filtered(filter, conn.sql)
                    .orderBy("occurred_at_us", .ascending).orderBy("seq", .ascending)
                    .limit(2000).offset(currentOffset).all().map(Self.decodeEvent)
            }
            try await body(page)
            if page.count < 2000 { return }
            offset += page.count
        }
    }

    static func filtered(_ filter: AuditFilter, _ sql: any SQLDatabase) -> SQLSelectBuilder {
        var query = sql.select().column("*").from("audit_events")
        let orgs = Array(filter.organizationIDs)
        query = query.where { group in
            var group = orgs.isEmpty ? group.where(SQLLiteral.boolean(false)) : group.where("organization_id", .in, orgs)
            if filter.includeSystemChain { group = group.orWhere("chain", .equal, "system") }
            return group
        }
        if let actor = filter.actorUserID { query = query.where("actor_user_id", .equal, actor) }
        if let participant = filter.participantID { query = query.where("participant_id", .equal, participant) }
        if let action = filter.action { query = query.where("action", .equal, action.rawValue) }
        if let outcome = filter.outcome { query = query.where("outcome", .equal, outcome.rawValue) }
        if let address = filter.clientAddress, !address.isEmpty { query = query.where("client_address", .equal, address) }
        if let from = filter.from { query = query.where("occurred_at_us", .greaterThanOrEqual, from.microsecondsSince1970) }
        if let to = filter.to { query = query.where("occurred_at_us", .lessThan, to.microsecondsSince1970) }
        return query
    }
}
