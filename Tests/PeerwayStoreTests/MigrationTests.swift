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
    /// An organization and its audit chain as schema version 4 wrote them: heads without a seal and
    /// no registry of chains.
    static func writeVersion4Data(_ db: Database) async throws -> UUID {
        let key = TestDatabase.auditKey
        let now = Date()
        let org = Organization(id: UUID(), parentID: nil, name: "Old Provider", kind: .provider, createdAt: now, updatedAt: now)
        let chain = AuditEvent.chainName(for: org.id)
        try await db.write { conn in
            // As version 4 wrote it: today's records write columns later migrations added.
            try await conn.sql.raw("""
                INSERT INTO organizations (id, parent_id, name, kind, active, created_at, updated_at, version)
                VALUES (\(bind: org.id), NULL, \(bind: org.name), 'provider', \(bind: true), \(bind: now), \(bind: now), 1)
                """).run()
            var previous = AuditEvent.genesisHash
            for seq in Int64(1)...3 {
                var event = AuditEvent(id: UUID(), chain: chain, sequence: seq, occurredAt: now.truncatedToMicroseconds, organizationID: org.id,
                                       actorUserID: nil, actorLabel: "cli", action: .organizationCreated, resourceType: "organization", resourceID: nil,
                                       participantID: nil, outcome: .success, requestID: "r", clientAddress: "cli", detail: "", previousHash: previous, hash: "")
                event.hash = key.mac(event.canonicalBytes)
                try await conn.sql.raw("""
                    INSERT INTO audit_events (id, chain, seq, occurred_at_us, organization_id, actor_user_id, actor_label, action, resource_type,
                        resource_id, participant_id, outcome, request_id, client_address, detail, prev_hash, hash)
                    VALUES (\(bind: event.id), \(bind: chain), \(bind: seq), \(bind: event.occurredAt.microsecondsSince1970), \(bind: org.id), NULL,
                        'cli', 'organization_created', 'organization', NULL, NULL, 'success', 'r', 'cli', '', \(bind: previous), \(bind: event.hash))
                    """).run()
                previous = event.hash
            }
            try await conn.sql.raw("INSERT INTO audit_heads (chain, seq, hash) VALUES (\(bind: chain), 3, \(bind: previous))").run()
        }
        return org.id
    }

    @Test("a version 4 database upgrades with the audit key: its chains are sealed and verify, and later writes keep them sealed",
          arguments: TestEngine.available)
    func upgradeFromPrevious(engine: TestEngine) async throws {
        let previous = 4
        try await TestDatabase.withEmpty(engine) { db in
            try await Migrator.migrate(db, upTo: previous)
            #expect(try await Migrator.currentVersion(db) == previous)
            let org = try await Self.writeVersion4Data(db)

            // Sealing needs the key: without it the step refuses and nothing changes.
            await #expect(throws: StoreError.self) { try await Migrator.migrate(db) }
            #expect(try await Migrator.currentVersion(db) == previous)

            let report = try await Migrator.migrate(db, auditKey: TestDatabase.auditKey)
            #expect(report.currentVersion == Migrator.latestVersion)
            #expect(report.applied.count == Migrator.latestVersion - previous)
            let audit = AuditLog(key: TestDatabase.auditKey)
            #expect(try await audit.verify(db).isIntact)
            try await audit.record(db, AuditContext(requestID: "r", clientAddress: "x"), .recordRead, resourceType: .participant, organizationID: org)
            let fixture = try await Fixture.make(db)
            let peer = try await db.read { conn in try await UserRecords.get(fixture.a.user(.peerSpecialist).id, on: conn) }
            #expect(peer?.roles == [.peerSpecialist])
            let after = try await audit.verify(db)
            #expect(after.isIntact, "\(after.problems)")
            #expect(!(try await AuditLog(key: AuditKey(secret: "another key")).verify(db).isIntact))
        }
    }
}
