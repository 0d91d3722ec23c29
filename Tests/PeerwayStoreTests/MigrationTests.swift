import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("an empty database migrates to the latest version, and migrating again applies nothing", arguments: TestEngine.available)
    func migratesEmptyDatabase(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            #expect(try await Migrator.currentVersion(test.db) == Migrator.latestVersion)
            let again = try await Migrator.migrate(test.db)
            #expect(again.applied.isEmpty)
            #expect(again.currentVersion == Migrator.latestVersion)
        }
    }

    @Test("two servers starting at once on one database apply each migration once", arguments: TestEngine.available)
    func concurrentMigration(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let other = try await test.openAnother()
            async let first = Migrator.migrate(test.db)
            async let second = Migrator.migrate(other)
            let reports = try await [first, second]
            await other.close()
            #expect(reports.allSatisfy { $0.currentVersion == Migrator.latestVersion })
            let count = try await test.db.read { conn in
                try await conn.sql.raw("SELECT COUNT(*) AS n FROM schema_migrations").first()!.decode(column: "n", as: Int.self)
            }
            #expect(count == Migrator.latestVersion)
        }
    }

    @Test("foreign keys are enforced: a program cannot point at a missing organization", arguments: TestEngine.available)
    func foreignKeysEnforced(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let now = Date()
            let orphan = Program(id: UUID(), organizationID: UUID(), name: "Orphan", model: .longTerm, defaultLengthDays: nil,
                                 reviewFrequencyDays: 90, createdAt: now, updatedAt: now)
            await #expect(throws: (any Error).self) {
                try await test.db.write { conn in try await ProgramRecords.insert(orphan, on: conn) }
            }
        }
    }
}

@Suite("Schema upgrades")
struct UpgradeTests {
    @Test("a database made by the previous schema version upgrades with its data intact", arguments: TestEngine.available)
    func upgradeFromPrevious(engine: TestEngine) async throws {
        let previous = Migrator.latestVersion - 1
        try #require(previous >= 1)
        try await TestDatabase.withEmpty(engine) { db in
            try await Migrator.migrate(db, upTo: previous)
            #expect(try await Migrator.currentVersion(db) == previous)
            let fixture = try await Fixture.make(db)
            let report = try await Migrator.migrate(db)
            #expect(report.currentVersion == Migrator.latestVersion)
            #expect(report.applied.count == Migrator.latestVersion - previous)
            let peer = try await db.read { conn in try await UserRecords.get(fixture.a.user(.peerSpecialist).id, on: conn) }
            #expect(peer?.email == fixture.a.user(.peerSpecialist).email)
            #expect(peer?.roles == [.peerSpecialist])
            #expect(try await AuditLog(key: TestDatabase.auditKey).verify(db).isIntact)
        }
    }
}
