import Foundation
import PeerwayCore

/// The HSDS 3.0 read API over a directory (`/services`, `/organizations`, `/service_at_locations`,
/// `/taxonomies`, `/taxonomy_terms`, each a page or one record), as the specification's OpenAPI
/// profile shapes it. Reads are not audited: the directory is not participant data.
extension DirectoryCatalog {
    /// Whether `actor` (nil: not signed in) reads `organizationID`'s directory through the read API:
    /// anyone when the organization made it public, otherwise whoever the policy lets read it.
    public func mayReadAPI(organizationID: UUID, actor: Actor?) async throws -> Bool {
        try await db.read { conn in
            guard try await OrganizationRecords.get(organizationID, on: conn) != nil else { return false }
            if try await DirectoryRecords.settings(organizationID, on: conn).publicReadAPI { return true }
            guard let actor else { return false }
            return AccessPolicy.decide(actor, .read, .directory(try await scope(organizationID, on: conn))) == .allow
        }
    }

    /// One page of `table` (1-based `page`) that meets `filter`, each item in the shape it asks: as the
    /// profile's list shows it, nested in full (`full`, or `full_service` for organizations: with their
    /// services in full), or a service's id and when it was stored (`minimal`).
    public func readAPIPage(_ table: String, organizationID: UUID, filter: HSDSReadFilter = HSDSReadFilter(), page: Int,
                            perPage: Int) async throws -> HSDSValue {
        let (items, total) = try await readAPIItems(table, organizationID: organizationID, filter: filter, limit: perPage, offset: (page - 1) * perPage)
        return HSDSView.page(items, total: total, page: page, perPage: perPage)
    }

    /// The items of a page (`limit` from `offset`) and how many meet `filter` in all.
    public func readAPIItems(_ table: String, organizationID: UUID, filter: HSDSReadFilter, limit: Int, offset: Int) async throws
        -> (items: [HSDSValue], total: Int) {
        let (items, _, total) = try await readAPIRows(table, organizationID: organizationID, filter: filter, limit: limit, offset: offset)
        return (items, total)
    }

    /// One piece of `format=ndjson`'s stream: the first `limit` items after the row whose id is `after`
    /// (nil: from the first), in the order of their ids, and the id of the last. Each piece starts where the
    /// last ended, rather than counting past every row before it (`OFFSET`) and counting them all again
    /// for a total the stream does not show; a row added or removed while the stream runs moves no
    /// other row into or out of it.
    public func readAPIChunk(_ table: String, organizationID: UUID, filter: HSDSReadFilter, after: String?, limit: Int) async throws
        -> (items: [HSDSValue], last: String?) {
        let (items, last, _) = try await readAPIRows(table, organizationID: organizationID, filter: filter, limit: limit, offset: 0,
                                                     after: after, counted: false)
        return (items, last)
    }

    func readAPIRows(_ table: String, organizationID: UUID, filter: HSDSReadFilter, limit: Int, offset: Int, after: String? = nil,
                     counted: Bool = true) async throws -> (items: [HSDSValue], last: String?, total: Int) {
        try await db.read { conn in
            if filter.minimal, table == "service" {
                let (rows, total) = try await DirectoryRecords.listStored(organizationID, table: table, filter: filter, limit: limit, offset: offset,
                                                                          after: after, counted: counted, on: conn)
                let iso = ISO8601DateFormatter()
                return (rows.map { HSDSValue.object(["id": .string($0.id), "modified_date": .string(iso.string(from: $0.updatedAt))]) }, rows.last?.id, total)
            }
            let (rows, total) = try await DirectoryRecords.list(organizationID, table: table, filter: filter, limit: limit, offset: offset,
                                                                after: after, counted: counted, on: conn)
            return (try await shaped(rows, table, organizationID, filter, on: conn), rows.last?.id, total)
        }
    }

    /// One record of `table`, nested in full (an organization with its services, whatever `full_service`
    /// says); nil when the directory has none by that id.
    public func readAPIRecord(_ table: String, id: String, organizationID: UUID, filter: HSDSReadFilter = HSDSReadFilter()) async throws -> HSDSValue? {
        try await db.read { conn in
            guard let row = try await DirectoryRecords.rows(organizationID, where: "id", in: [id], tables: [table], on: conn).first else { return nil }
            var shape = filter
            shape.full = true
            return try await shaped([row], table, organizationID, shape, on: conn).first
        }
    }

    /// The rows as the list shows them, or nested in full (`full`; for organizations `full_service` too:
    /// nested in full, an organization holds its services in full, as the compiled schemas nest them).
    func shaped(_ rows: [HSDSRow], _ table: String, _ organizationID: UUID, _ filter: HSDSReadFilter, on conn: Connection) async throws -> [HSDSValue] {
        let full = filter.full || (table == "organization" && filter.fullService)
        let nested = try await DirectoryRecords.tree(organizationID, table: table, ids: Set(rows.map(\.id)), arrays: full, on: conn)
        let index = HSDSIndex(nested)
        return rows.map { full ? HSDSView.full($0, index) : HSDSView.listed($0, index) }
    }
}
