import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import Testing

@Suite("Administration")
struct AdministrationTests {
    static func admin(_ test: TestDatabase) -> Administration {
        Administration(StoreContext(db: test.db, auditKey: TestDatabase.auditKey), hasher: Fixture.hasher)
    }

    static func actor(_ user: User, _ db: Database) async throws -> Actor {
        try await db.read { conn in try await UserRecords.actor(for: user, on: conn) }
    }

    @Test("a second account with the same e-mail is refused and nothing is written", arguments: TestEngine.available)
    func duplicateEmail(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let fixture = try await Fixture.make(test.db)
            let admin = Self.admin(test)
            let before = try await test.db.read { conn in try await UserRecords.list(.init(organizationIDs: [fixture.a.provider.id]), on: conn).count }
            await #expect(throws: StoreError.duplicate(field: "email")) {
                try await admin.createUser(.init(email: "PEER_SPECIALIST@a.fixture.test", displayName: "Copy", password: Fixture.password, roles: [.peerSpecialist]),
                                           organizationID: fixture.a.provider.id, by: nil, context: .cli("test"))
            }
            let after = try await test.db.read { conn in try await UserRecords.list(.init(organizationIDs: [fixture.a.provider.id]), on: conn).count }
            #expect(before == after)
        }
    }

    @Test("a stale version is a conflict, not a silent overwrite", arguments: TestEngine.available)
    func optimisticConcurrency(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let fixture = try await Fixture.make(test.db)
            let admin = Self.admin(test)
            let orgAdmin = try await Self.actor(fixture.a.user(.organizationAdmin), test.db)
            let program = fixture.a.program
            let input = Administration.ProgramInput(name: "Renamed", model: .longTerm, defaultLengthDays: nil, reviewFrequencyDays: 60)
            let saved = try await admin.updateProgram(program.id, input, expectedVersion: program.version, by: orgAdmin, context: .cli("test"))
            #expect(saved.version == program.version + 1)
            await #expect(throws: StoreError.conflict) {
                try await admin.updateProgram(program.id, input, expectedVersion: program.version, by: orgAdmin, context: .cli("test"))
            }
        }
    }

    @Test("an organization administrator cannot make a system administrator, nor touch another organization", arguments: TestEngine.available)
    func privilegeLimits(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let fixture = try await Fixture.make(test.db)
            let admin = Self.admin(test)
            let orgAdmin = try await Self.actor(fixture.a.user(.organizationAdmin), test.db)
            let peer = fixture.a.user(.peerSpecialist)
            await #expect(throws: StoreError.self) {
                try await admin.updateUser(peer.id, .init(roles: [.peerSpecialist, .systemAdmin]), expectedVersion: nil, by: orgAdmin, context: .cli("test"))
            }
            await #expect(throws: AccessRefused(decision: .notFound)) {
                try await admin.updateUser(fixture.b.user(.peerSpecialist).id, .init(displayName: "Hijacked"), expectedVersion: nil, by: orgAdmin, context: .cli("test"))
            }
            await #expect(throws: AccessRefused(decision: .deny)) {
                try await admin.updateUser(orgAdmin.userID, .init(roles: [.organizationAdmin, .programManager]), expectedVersion: nil, by: orgAdmin, context: .cli("test"))
            }
            // A program of another organization cannot be attached to a person here.
            await #expect(throws: StoreError.self) {
                try await admin.updateUser(peer.id, .init(programIDs: [fixture.b.program.id]), expectedVersion: nil, by: orgAdmin, context: .cli("test"))
            }
            let unchanged = try await test.db.read { conn in try await UserRecords.get(peer.id, on: conn) }
            #expect(unchanged?.roles == [.peerSpecialist])
            #expect(unchanged?.programIDs == [fixture.a.program.id])
        }
    }

    @Test("disabling a person ends their sessions and tokens, and is audited as such", arguments: TestEngine.available)
    func disablingEndsAccess(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let fixture = try await Fixture.make(test.db)
            let admin = Self.admin(test)
            let peer = fixture.a.user(.peerSpecialist)
            let now = Date()
            let (rawSession, rawToken) = try await test.db.write { conn in
                let session = try await SessionRecords.create(userID: peer.id, organizationID: peer.organizationID, secondFactorDone: true,
                                                              clientAddress: "127.0.0.1", now: now, on: conn)
                let token = try await TokenRecords.create(id: UUID(), userID: peer.id, organizationID: peer.organizationID, name: "t", expiresAt: nil, now: now, on: conn)
                return (session.rawID, token.raw)
            }
            let orgAdmin = try await Self.actor(fixture.a.user(.organizationAdmin), test.db)
            _ = try await admin.updateUser(peer.id, .init(disabled: true), expectedVersion: nil, by: orgAdmin, context: AuditContext.cli("test").acting(as: orgAdmin))
            let (session, token) = try await test.db.read { conn in
                (try await SessionRecords.find(rawID: rawSession, on: conn), try await TokenRecords.find(raw: rawToken, on: conn))
            }
            #expect(session == nil)
            #expect(token?.isUsable(at: Date()) == false)
            let events = try await AuditLog(key: TestDatabase.auditKey).list({ var f = AuditFilter(organizationIDs: [peer.organizationID]); f.action = .userDisabled; return f }(), on: test.db)
            #expect(events.events.count == 1)
            #expect(events.events.first?.actorUserID == orgAdmin.userID)
        }
    }

    @Test("input problems are all reported at once and nothing is written", arguments: TestEngine.available)
    func validation(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let fixture = try await Fixture.make(test.db)
            do {
                _ = try await Self.admin(test).createUser(.init(email: "not-an-email", displayName: "  ", password: "short", roles: []),
                                                          organizationID: fixture.a.provider.id, by: nil, context: .cli("test"))
                Issue.record("invalid input was accepted")
            } catch StoreError.invalid(let errors) {
                #expect(Set(errors.errors.compactMap(\.field)) == ["email", "display_name", "password", "roles"])
            }
        }
    }
}

@Suite("Passwords")
struct PasswordTests {
    @Test("the production hasher uses at least 600,000 PBKDF2 rounds and verifies")
    func standardWorkFactor() throws {
        #expect(PasswordHasher.standard.iterations >= 600_000)
        let hash = try PasswordHasher.standard.hash("a long enough passphrase")
        #expect(hash.hasPrefix("pbkdf2-sha256$600000$"))
        #expect(PasswordHasher.standard.verify("a long enough passphrase", against: hash))
        #expect(!PasswordHasher.standard.verify("a long enough passphrasE", against: hash))
    }

    @Test("salts differ, a weaker stored hash asks to be rehashed, garbage never verifies")
    func hashing() throws {
        let weak = PasswordHasher(iterations: 1_000)
        let one = try weak.hash("same password here"), two = try weak.hash("same password here")
        #expect(one != two)
        #expect(PasswordHasher.standard.needsRehash(one))
        #expect(!weak.needsRehash(one))
        #expect(!weak.verify("anything", against: "not-a-hash"))
        #expect(!weak.verify("anything", against: "pbkdf2-sha256$0$AA==$AA=="))
    }
}
