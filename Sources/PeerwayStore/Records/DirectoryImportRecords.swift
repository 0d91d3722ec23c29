import Foundation
import PeerwayCore
import SQLKit

/// The directory's import jobs (migration 21): who started each, on which files, and how it ended.
enum DirectoryImportRecords {
    struct Row: Sendable {
        let id: UUID
        let organizationID: UUID
        let startedBy: UUID
        let dryRun: Bool
        let state: String
        let files: [String]
        let bytes: Int
        let report: String?
        let startedAt: Date
        let finishedAt: Date?
    }

    static func insert(id: UUID, organizationID: UUID, startedBy: UUID, dryRun: Bool, files: [String], bytes: Int, at: Date,
                       on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO directory_imports (id, organization_id, started_by, dry_run, state, files, bytes, started_at)
            VALUES (\(bind: id), \(bind: organizationID), \(bind: startedBy), \(bind: dryRun), 'running', \(bind: try StoredJSON.text(files)),
                    \(bind: bytes), \(bind: at))
            """).run()
    }

    static func finish(_ id: UUID, state: String, report: String?, at: Date, on conn: Connection) async throws {
        try await conn.sql.raw("""
            UPDATE directory_imports SET state = \(bind: state), report = \(bind: report), finished_at = \(bind: at)
            WHERE id = \(bind: id) AND state = 'running'
            """).run()
    }

    /// Forgets the organization's jobs that ended before `before` (the audit trail keeps each import).
    static func forget(_ organizationID: UUID, endedBefore before: Date, on conn: Connection) async throws {
        try await conn.sql.raw("""
            DELETE FROM directory_imports WHERE organization_id = \(bind: organizationID) AND state <> 'running' AND started_at < \(bind: before)
            """).run()
    }

    /// Every job still "running": what a process that stopped left behind, once no other process runs one.
    static func interruptRunning(at: Date, on conn: Connection) async throws {
        try await conn.sql.raw("UPDATE directory_imports SET state = 'interrupted', finished_at = \(bind: at) WHERE state = 'running'").run()
    }

    static func get(_ id: UUID, on conn: Connection) async throws -> Row? {
        try await conn.sql.raw("SELECT * FROM directory_imports WHERE id = \(bind: id)").first().map { row in
            Row(id: try row.uuid("id"), organizationID: try row.uuid("organization_id"), startedBy: try row.uuid("started_by"),
                dryRun: try row.bool("dry_run"), state: try row.string("state"),
                files: try StoredJSON.decode([String].self, try row.string("files")), bytes: try row.int("bytes"),
                report: try row.optionalString("report"), startedAt: try row.date("started_at"), finishedAt: try row.optionalDate("finished_at"))
        }
    }

    /// Whether the organization has an import still running that started after `since`.
    static func running(_ organizationID: UUID, since: Date, on conn: Connection) async throws -> Bool {
        try await conn.sql.raw("""
            SELECT id FROM directory_imports WHERE organization_id = \(bind: organizationID) AND state = 'running' AND started_at > \(bind: since)
            LIMIT 1
            """).first() != nil
    }
}
