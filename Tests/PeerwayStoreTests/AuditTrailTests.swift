import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

/// Ways someone with database access might try to rewrite history.
enum Tamper: String, CaseIterable, Sendable, CustomStringConvertible {
    case edit, delete, insert, reorder, truncateTail
    /// The newest events cut and the head row set back to the last one left.
    case cutTailAndRewindHead
    /// One organization's whole chain deleted, head row included; another chain stays.
    case deleteChain
    /// Every event and every head deleted.
    case deleteTrail
    /// Every event, every head and the registry of chains deleted.
    case deleteEverything
    var description: String { rawValue }
}

@Suite("Audit trail")
struct AuditTrailTests {
    static let context = AuditContext(requestID: "req-1", clientAddress: "127.0.0.1", actorUserID: UUID(), actorLabel: "Tester", organizationID: nil)

    /// Creates the organization as Peerway does (which opens its chain), then appends `count` more events.
    static func appendEvents(_ test: TestDatabase, organization: UUID, count: Int) async throws {
        let audit = AuditLog(key: TestDatabase.auditKey)
        let created = try await test.db.write { conn -> Int in
            if try await OrganizationRecords.get(organization, on: conn) == nil {
                let now = Date()
                try await OrganizationRecords.insert(Organization(id: organization, parentID: nil, name: "Org", kind: .provider, createdAt: now, updatedAt: now), on: conn)
                try await audit.append(context, .organizationCreated, resourceType: .organization, organizationID: organization, on: conn)
                return 1
            }
            return 0
        }
        for i in 0..<(count - created) {
            try await audit.record(test.db, context, .recordRead, resourceType: .participant, resourceID: "r\(i)",
                                   organizationID: organization, participantID: UUID(), detail: "event \(i)")
        }
    }

    @Test("events chain per organization and verify intact", arguments: TestEngine.available)
    func intactChain(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let org1 = UUID(), org2 = UUID()
            try await Self.appendEvents(test, organization: org1, count: 5)
            try await Self.appendEvents(test, organization: org2, count: 3)
            let report = try await AuditLog(key: TestDatabase.auditKey).verify(test.db)
            #expect(report.isIntact)
            #expect(report.events == 8)
            #expect(report.chains == 2)
            // Verification with a different key fails: the chain is keyed, not just hashed.
            let forged = try await AuditLog(key: AuditKey(secret: "someone else's key")).verify(test.db)
            #expect(!forged.isIntact)
        }
    }

    @Test("the application cannot update or delete audit rows", arguments: TestEngine.available)
    func appendOnly(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            try await Self.appendEvents(test, organization: UUID(), count: 2)
            await #expect(throws: (any Error).self) {
                try await test.db.write { conn in try await conn.sql.raw("UPDATE audit_events SET detail = 'changed'").run() }
            }
            await #expect(throws: (any Error).self) {
                try await test.db.write { conn in try await conn.sql.raw("DELETE FROM audit_events").run() }
            }
            #expect(try await AuditLog(key: TestDatabase.auditKey).verify(test.db).isIntact)
        }
    }

    @Test("verify catches every kind of tampering", arguments: TestEngine.available, Tamper.allCases)
    func catchesTampering(engine: TestEngine, tamper: Tamper) async throws {
        try await TestDatabase.with(engine) { test in
            let org = UUID()
            try await Self.appendEvents(test, organization: org, count: 6)
            try await Self.appendEvents(test, organization: UUID(), count: 4)
            #expect(try await AuditLog(key: TestDatabase.auditKey).verify(test.db).isIntact)
            try await Self.tamper(test, tamper, organization: org)
            let report = try await AuditLog(key: TestDatabase.auditKey).verify(test.db)
            #expect(!report.isIntact, "\(tamper) went unnoticed")
        }
    }

    /// Simulates an attacker with the database owner's rights: the append-only triggers are dropped first.
    static func tamper(_ test: TestDatabase, _ kind: Tamper, organization: UUID) async throws {
        try await test.db.write { conn in
            try await disableAppendOnly(conn)
            let chain = AuditEvent.chainName(for: organization)
            switch kind {
            case .edit:
                try await conn.sql.raw("UPDATE audit_events SET detail = 'nothing to see' WHERE chain = \(bind: chain) AND seq = 3").run()
            case .delete:
                try await conn.sql.raw("DELETE FROM audit_events WHERE chain = \(bind: chain) AND seq = 3").run()
            case .insert:
                // A plausible event at the end, with the head moved to match; its hash uses a guessed key.
                var forged = AuditEvent(id: UUID(), chain: chain, sequence: 7, occurredAt: Date().truncatedToMicroseconds, organizationID: organization,
                                        actorUserID: nil, actorLabel: "intruder", action: .recordRead, resourceType: "participant", resourceID: nil,
                                        participantID: nil, outcome: .success, requestID: "x", clientAddress: "x", detail: "", previousHash: "", hash: "")
                let last = try await conn.sql.raw("SELECT hash FROM audit_events WHERE chain = \(bind: chain) AND seq = 6").first()!.decode(column: "hash", as: String.self)
                forged.previousHash = last
                forged.hash = AuditKey(secret: "guess").mac(forged.canonicalBytes)
                try await conn.sql.raw("""
                    INSERT INTO audit_events (id, chain, seq, occurred_at_us, organization_id, actor_user_id, actor_label, action, resource_type,
                        resource_id, participant_id, outcome, request_id, client_address, detail, prev_hash, hash)
                    VALUES (\(bind: forged.id), \(bind: chain), 7, \(bind: forged.occurredAt.microsecondsSince1970), \(bind: organization), NULL,
                        'intruder', 'record_read', 'participant', NULL, NULL, 'success', 'x', 'x', '', \(bind: last), \(bind: forged.hash))
                    """).run()
                try await conn.sql.raw("UPDATE audit_heads SET seq = 7, hash = \(bind: forged.hash) WHERE chain = \(bind: chain)").run()
            case .reorder:
                try await conn.sql.raw("UPDATE audit_events SET seq = 100 WHERE chain = \(bind: chain) AND seq = 2").run()
                try await conn.sql.raw("UPDATE audit_events SET seq = 2 WHERE chain = \(bind: chain) AND seq = 4").run()
                try await conn.sql.raw("UPDATE audit_events SET seq = 4 WHERE chain = \(bind: chain) AND seq = 100").run()
            case .truncateTail:
                try await conn.sql.raw("DELETE FROM audit_events WHERE chain = \(bind: chain) AND seq = 6").run()
            case .cutTailAndRewindHead:
                let kept = try await conn.sql.raw("SELECT hash FROM audit_events WHERE chain = \(bind: chain) AND seq = 3").first()!.decode(column: "hash", as: String.self)
                try await conn.sql.raw("DELETE FROM audit_events WHERE chain = \(bind: chain) AND seq > 3").run()
                try await conn.sql.raw("UPDATE audit_heads SET seq = 3, hash = \(bind: kept) WHERE chain = \(bind: chain)").run()
            case .deleteChain:
                try await conn.sql.raw("DELETE FROM audit_events WHERE chain = \(bind: chain)").run()
                try await conn.sql.raw("DELETE FROM audit_heads WHERE chain = \(bind: chain)").run()
            case .deleteTrail:
                try await conn.sql.raw("DELETE FROM audit_events").run()
                try await conn.sql.raw("DELETE FROM audit_heads").run()
            case .deleteEverything:
                try await conn.sql.raw("DELETE FROM audit_events").run()
                try await conn.sql.raw("DELETE FROM audit_heads").run()
                try await conn.sql.raw("DELETE FROM audit_registry").run()
            }
        }
    }

    static func disableAppendOnly(_ conn: PeerwayStore.Connection) async throws {
        switch conn.dialect {
        case .sqlite:
            try await conn.sql.raw("DROP TRIGGER audit_events_no_update").run()
            try await conn.sql.raw("DROP TRIGGER audit_events_no_delete").run()
        case .postgres:
            try await conn.sql.raw("ALTER TABLE audit_events DISABLE TRIGGER USER").run()
        }
    }

    @Test("a database rolled back to an older copy verifies as intact on its own, and is caught by a checkpoint taken later",
          arguments: TestEngine.available)
    func checkpointCatchesRollback(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let audit = AuditLog(key: TestDatabase.auditKey)
            let org = UUID()
            let chain = AuditEvent.chainName(for: org)
            try await Self.appendEvents(test, organization: org, count: 5)
            // What an attacker keeps from an old copy: the head row as it stood after event 5.
            let old = try await test.db.read { conn in try await conn.sql.raw("SELECT seq, hash, mac FROM audit_heads WHERE chain = \(bind: chain)").first()! }
            let oldHash = try old.decode(column: "hash", as: String.self), oldMAC = try old.decode(column: "mac", as: String.self)
            try await Self.appendEvents(test, organization: org, count: 4)
            let report = try await audit.verify(test.db)
            #expect(report.isIntact)
            let text = audit.checkpointText(report, takenAt: Date())
            let checkpoint = try audit.readCheckpoint(text)
            #expect(try await audit.verify(test.db, checkpoint: checkpoint).isIntact, "an unchanged trail matches its checkpoint")

            try await test.db.write { conn in
                try await Self.disableAppendOnly(conn)
                try await conn.sql.raw("DELETE FROM audit_events WHERE chain = \(bind: chain) AND seq > 5").run()
                try await conn.sql.raw("UPDATE audit_heads SET seq = 5, hash = \(bind: oldHash), mac = \(bind: oldMAC) WHERE chain = \(bind: chain)").run()
            }
            #expect(try await audit.verify(test.db).isIntact, "the rolled-back database is consistent with itself")
            let caught = try await audit.verify(test.db, checkpoint: checkpoint)
            #expect(caught.problems.contains(.behindCheckpoint(chain: chain, checkpointSequence: 9, headSequence: 5)), "\(caught.problems)")

            // A checkpoint edited by hand, or sealed with another key, is refused.
            #expect(throws: AuditCheckpoint.ReadError.badSeal) { try audit.readCheckpoint(text.replacingOccurrences(of: " 9 ", with: " 5 ")) }
            #expect(throws: AuditCheckpoint.ReadError.badSeal) { try AuditLog(key: AuditKey(secret: "other")).readCheckpoint(text) }
        }
    }

    @Test("verifying while requests keep appending raises no false alarm", arguments: TestEngine.available)
    func verifyDuringAppends(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let audit = AuditLog(key: TestDatabase.auditKey)
            let orgs = [UUID(), UUID()]
            for org in orgs { try await Self.appendEvents(test, organization: org, count: 20) }
            let reports = try await withThrowingTaskGroup(of: [AuditLog.VerifyReport].self) { group in
                group.addTask {
                    for i in 0..<300 {
                        try await audit.record(test.db, Self.context, .recordRead, resourceType: .participant, organizationID: orgs[i % 2])
                    }
                    // A chain opened while verification runs is not missing either.
                    try await Self.appendEvents(test, organization: UUID(), count: 2)
                    return []
                }
                group.addTask {
                    var reports: [AuditLog.VerifyReport] = []
                    for _ in 0..<15 { reports.append(try await audit.verify(test.db)) }
                    return reports
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(reports.count == 15)
            for report in reports { #expect(report.isIntact, "\(report.problems)") }
            #expect(try await audit.verify(test.db).isIntact)
        }
    }

    @Test("concurrent writers from two connection pools keep one gapless chain", arguments: TestEngine.available)
    func concurrentAppends(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let other = try await test.openAnother()
            let org = UUID()
            let audit = AuditLog(key: TestDatabase.auditKey)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<40 {
                    let db = i % 2 == 0 ? test.db : other
                    group.addTask { try await audit.record(db, Self.context, .recordRead, resourceType: .participant, organizationID: org) }
                }
                try await group.waitForAll()
            }
            await other.close()
            let report = try await audit.verify(test.db)
            #expect(report.isIntact, "\(report.problems)")
            #expect(report.events == 40)
        }
    }

    @Test("an event written in a failed transaction disappears with the write it described", arguments: TestEngine.available)
    func rollsBackWithTheWrite(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            struct Boom: Error {}
            let audit = AuditLog(key: TestDatabase.auditKey)
            let now = Date()
            let org = Organization(id: UUID(), parentID: nil, name: "Half-written", kind: .provider, createdAt: now, updatedAt: now)
            await #expect(throws: Boom.self) {
                try await test.db.write { conn in
                    try await OrganizationRecords.insert(org, on: conn)
                    try await audit.append(Self.context, .organizationCreated, resourceType: .organization, organizationID: org.id, on: conn)
                    throw Boom()
                }
            }
            let stored = try await test.db.read { conn in try await OrganizationRecords.get(org.id, on: conn) }
            #expect(stored == nil)
            let page = try await audit.list(AuditFilter(organizationIDs: [org.id]), on: test.db)
            #expect(page.events.isEmpty)
            #expect(try await audit.verify(test.db).isIntact)
        }
    }

    @Test("the trail filters by person, participant, action, outcome, address and time", arguments: TestEngine.available)
    func filters(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let clock = TestClock()
            let audit = AuditLog(key: TestDatabase.auditKey, clock: clock)
            let org = UUID(), alice = UUID(), bob = UUID(), participant = UUID()
            var ctx = Self.context
            ctx.actorUserID = alice
            try await audit.record(test.db, ctx, .recordRead, resourceType: .participant, organizationID: org, participantID: participant)
            clock.advance(3600)
            ctx.actorUserID = bob
            ctx.clientAddress = "10.0.0.9"
            try await audit.record(test.db, ctx, .accessDenied, resourceType: .participant, organizationID: org, outcome: .denied)
            try await audit.record(test.db, ctx, .signIn, resourceType: .session, organizationID: UUID())

            func count(_ adjust: (inout AuditFilter) -> Void) async throws -> Int {
                var filter = AuditFilter(organizationIDs: [org])
                adjust(&filter)
                return try await audit.list(filter, on: test.db).events.count
            }
            #expect(try await count { _ in } == 2)
            #expect(try await count { $0.actorUserID = alice } == 1)
            #expect(try await count { $0.participantID = participant } == 1)
            #expect(try await count { $0.action = .accessDenied } == 1)
            #expect(try await count { $0.outcome = .denied } == 1)
            #expect(try await count { $0.clientAddress = "10.0.0.9" } == 1)
            #expect(try await count { $0.from = clock.now().addingTimeInterval(-60) } == 1)
            #expect(try await count { $0.to = clock.now().addingTimeInterval(-60) } == 1)
            #expect(try await count { $0.organizationIDs = [] } == 0)
            let oldest = try await audit.list({ var f = AuditFilter(organizationIDs: [org]); f.sort = .oldest; return f }(), on: test.db)
            #expect(oldest.events.first?.actorUserID == alice)
        }
    }
}
