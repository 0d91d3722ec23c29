import Foundation
import PeerwayCore
import SQLKit

/// One numbered step of the schema. Migrations are append-only: a released step is never edited,
/// a change is a new step, so every database reaches the same schema by the same path.
struct Migration: Sendable {
    let version: Int
    let name: String
    /// DDL with `{uuid}`, `{timestamp}` and `{bool}` placeholders (see `Dialect.ddl`).
    let statements: @Sendable (Dialect) -> [String]
    /// Work on existing rows after the DDL, in the same transaction; given the audit key when the
    /// caller has one (a step that must seal data refuses to run without it).
    var data: (@Sendable (Connection, AuditKey?) async throws -> Void)? = nil
}

public struct MigrationReport: Sendable {
    public let applied: [String]
    public let currentVersion: Int
}

public enum Migrator {
    static let all: [Migration] = [Migration001Foundation.migration, Migration002SecondFactorReplay.migration, Migration003Participants.migration,
                                   Migration004Services.migration, Migration005AuditSeal.migration,
                                   Migration006Referrals.migration, Migration007Directory.migration,
                                   Migration008DirectorySearch.migration, Migration009DirectoryCuration.migration,
                                   Migration010LinkageIndex.migration,
                                   Migration011Instruments.migration, Migration012Plans.migration,
                                   Migration013Workforce.migration, Migration014ReportRecords.migration,
                                   Migration015StudyKeys.migration, Migration016ReportIndexes.migration,
                                   Migration017ReportGroupingIndexes.migration, Migration018DirectorySearchFacets.migration,
                                   Migration019DirectoryServicePosition.migration, Migration020DirectoryServiceNames.migration,
                                   Migration021DirectoryImports.migration, Migration022ReferralGenerations.migration]

    public static var latestVersion: Int { all.last?.version ?? 0 }

    /// Applies every migration the database has not seen yet, each in its own transaction.
    @discardableResult
    public static func migrate(_ db: Database, upTo target: Int? = nil, auditKey: AuditKey? = nil,
                               progress: (@Sendable (String) -> Void)? = nil) async throws -> MigrationReport {
        try await db.write { conn in
            try await conn.sql.raw("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at \(unsafeRaw: conn.dialect.columnType("timestamp")) NOT NULL)
                """).run()
        }
        var applied: [String] = []
        for migration in all where migration.version <= (target ?? Int.max) {
            let done = try await db.write { conn -> Bool in
                // Taken inside the transaction, so two servers starting together apply a step once.
                if conn.dialect == .postgres {
                    try await conn.sql.raw("LOCK TABLE schema_migrations IN EXCLUSIVE MODE").run()
                }
                let rows = try await conn.sql.raw("SELECT version FROM schema_migrations WHERE version = \(bind: migration.version)").all()
                if !rows.isEmpty { return false }
                for statement in migration.statements(conn.dialect) {
                    try await conn.sql.raw("\(unsafeRaw: conn.dialect.ddl(statement))").run()
                }
                try await migration.data?(conn, auditKey)
                try await conn.sql.raw("INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Date()))").run()
                return true
            }
            if done {
                applied.append(migration.name)
                progress?("applied \(migration.version) \(migration.name)")
            }
        }
        return MigrationReport(applied: applied, currentVersion: try await currentVersion(db))
    }

    public static func currentVersion(_ db: Database) async throws -> Int {
        try await db.read { conn in
            let row = try await conn.sql.raw("SELECT MAX(version) AS v FROM schema_migrations").first()
            return (try? row?.decode(column: "v", as: Int?.self)) ?? 0
        }
    }
}
