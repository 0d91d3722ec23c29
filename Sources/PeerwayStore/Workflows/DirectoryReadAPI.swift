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

    /// One page of `table` (1-based `page`) that meets `filter`, each item as the profile's list shows it.
    public func readAPIPage(_ table: String, organizationID: UUID, filter: HSDSReadFilter = HSDSReadFilter(), page: Int,
                            perPage: Int) async throws -> HSDSValue {
        try await db.read { conn in
            let (rows, total) = try await DirectoryRecords.list(organizationID, table: table, filter: filter, limit: perPage,
                                                                offset: (page - 1) * perPage, on: conn)
            let nested = try await DirectoryRecords.tree(organizationID, table: table, ids: Set(rows.map(\.id)), arrays: false, on: conn)
            let index = HSDSIndex(nested)
            return HSDSView.page(rows.map { HSDSView.listed($0, index) }, total: total, page: page, perPage: perPage)
        }
    }

    /// One record of `table`, nested in full; nil when the directory has none by that id.
    public func readAPIRecord(_ table: String, id: String, organizationID: UUID) async throws -> HSDSValue? {
        try await db.read { conn in
            let nested = try await DirectoryRecords.tree(organizationID, table: table, ids: [id], on: conn)
            guard let row = nested.row(table, id: id) else { return nil }
            return HSDSView.full(row, HSDSIndex(nested))
        }
    }
}
