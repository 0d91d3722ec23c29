import Foundation
import PeerwayCore
import SQLKit

/// Field checks of directory entries, and the curators' queue of entries due for one (migration 9).
public enum DirectoryCheckRecords {
    public static func insert(_ c: DirectoryCheck, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO directory_checks (id, organization_id, service_id, checked_at, checked_by, running, languages, wait, note)
            VALUES (\(bind: c.id), \(bind: c.directoryID), \(bind: c.serviceID), \(bind: c.checkedAt), \(bind: c.checkedBy), \(bind: c.running.rawValue),
                    \(bind: c.languages.joined(separator: ",")), \(bind: c.wait), \(bind: c.note))
            """).run()
    }

    /// A service's checks, newest first.
    public static func latest(_ directoryID: UUID, serviceID: String, limit: Int, on conn: Connection) async throws -> [DirectoryCheck] {
        try await conn.sql.raw("""
            SELECT * FROM directory_checks WHERE organization_id = \(bind: directoryID) AND service_id = \(bind: serviceID)
            ORDER BY checked_at DESC LIMIT \(bind: limit)
            """).all().map { row in
            DirectoryCheck(id: try row.uuid("id"), directoryID: try row.uuid("organization_id"), serviceID: try row.string("service_id"),
                           checkedAt: try row.date("checked_at"), checkedBy: try row.uuid("checked_by"),
                           running: DirectoryCheck.Running(rawValue: try row.string("running")) ?? .open,
                           languages: try row.string("languages").split(separator: ",").map(String.init), wait: try row.string("wait"),
                           note: try row.string("note"))
        }
    }

    /// An entry due for a check: never checked, or last checked before the cut-off.
    public struct Due: Sendable, Equatable {
        public let id: String
        public let name: String
        public let organizationName: String?
        public let lastVerified: String?
    }

    /// A directory's entries last checked before `before` (or never), least recently checked first, and one more when there are more.
    public static func due(_ directoryID: UUID, before: CalendarDate, limit: Int, offset: Int, on conn: Connection) async throws -> [Due] {
        try await conn.sql.raw("""
            SELECT id, name, organization_name, last_verified FROM directory_services
            WHERE organization_id = \(bind: directoryID) AND (last_verified IS NULL OR last_verified < \(bind: before.description))
            ORDER BY COALESCE(last_verified, ''), name, id LIMIT \(bind: limit) OFFSET \(bind: offset)
            """).all().map { row in
            Due(id: try row.string("id"), name: try row.string("name"), organizationName: try row.optionalString("organization_name"),
                lastVerified: try row.optionalString("last_verified"))
        }
    }

    /// How many of a directory's entries are due for a check.
    public static func dueCount(_ directoryID: UUID, before: CalendarDate, on conn: Connection) async throws -> Int {
        try await conn.sql.raw("""
            SELECT COUNT(*) AS n FROM directory_services
            WHERE organization_id = \(bind: directoryID) AND (last_verified IS NULL OR last_verified < \(bind: before.description))
            """).first()?.int("n") ?? 0
    }
}
