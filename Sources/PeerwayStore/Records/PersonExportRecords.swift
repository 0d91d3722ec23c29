import Foundation
import PeerwayCore
import SQLKit

extension PersonRecords {
    /// The people an actor may reach, merged records left out, in name order a page at a time, each
    /// with the `sort_name` to pass as `after` for the next page. Keyset paging on the
    /// (organization_id, sort_name) index keeps every page as cheap as the first at any size, and
    /// `sort_name` ends with the id, so no two rows tie and none is skipped or repeated.
    public static func reachable(actor: Actor, after: String?, limit: Int,
                                 on conn: Connection) async throws -> [(sortName: String, person: Person)] {
        var sql: SQLQueryString = "SELECT p.* FROM persons p WHERE p.organization_id = \(bind: actor.organizationID) AND p.merged_into_id IS NULL"
        if let after { sql.appendInterpolation(" AND p.sort_name > \(bind: after)" as SQLQueryString) }
        sql.appendInterpolation(unsafeRaw: " AND ")
        sql.appendInterpolation(reachPredicate(actor))
        sql.appendInterpolation(" ORDER BY p.sort_name LIMIT \(bind: limit)" as SQLQueryString)
        return try await conn.sql.raw(sql).all().map { row in (sortName: try row.string("sort_name"), person: try decode(row)) }
    }
}
