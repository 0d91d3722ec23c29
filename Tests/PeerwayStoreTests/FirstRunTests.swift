import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import Testing

/// First-run setup (`Administration.setUp`, behind `peerway setup`): the first organization and its
/// administrator on an empty database, audited in the organization's own chain, and never twice.
@Suite("First-run setup")
struct FirstRunTests {
    static func admin(_ test: TestDatabase) -> Administration {
        Administration(StoreContext(db: test.db, auditKey: TestDatabase.auditKey), hasher: Fixture.hasher)
    }

    static func county(email: String = "Ana@County.Example.org") -> Administration.FirstRunInput {
        .init(organizationName: "  Harbor County Behavioral Health ", kind: .county, email: email, displayName: "Ana Admin",
              password: "correct horse battery staple")
    }

    @Test("a county's first administrator is a system administrator who may add providers, programs and people", arguments: TestEngine.available)
    func county(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let admin = Self.admin(test)
            #expect(try await admin.organizationCount() == 0)
            let (org, user) = try await admin.setUp(Self.county(), context: .cli("setup"))
            #expect(org.name == "Harbor County Behavioral Health")
            #expect(org.kind == .county && org.parentID == nil)
            #expect(user.email == "ana@county.example.org")
            #expect(user.roles == [.systemAdmin])
            #expect(user.organizationID == org.id)
            #expect(user.mustUseSecondFactor && !user.totpEnabled, "the second factor is enrolled at first sign-in")

            // What they can do next, through the same workflows the pages use.
            let actor = try await test.db.read { conn in try await UserRecords.actor(for: user, on: conn) }
            let provider = try await admin.createOrganization(name: "Harbor Peer Network", kind: .provider, parentID: org.id, by: actor, context: .cli("test"))
            let providerActor = try await test.db.read { conn in try await UserRecords.actor(for: user, on: conn) }
            #expect(providerActor.administeredOrganizationIDs.contains(provider.id))
            let program = try await admin.createProgram(.init(name: "Next Steps", model: .longTerm, defaultLengthDays: nil, reviewFrequencyDays: 90),
                                                        organizationID: org.id, by: providerActor, context: .cli("test"))
            let peer = try await admin.createUser(.init(email: "pat@county.example.org", displayName: "Pat Peer", password: "another long passphrase",
                                                        roles: [.peerSpecialist], programIDs: [program.id]),
                                                  organizationID: org.id, by: providerActor, context: .cli("test"))
            #expect(peer.programIDs == [program.id])
        }
    }

    @Test("a provider on its own gets an organization administrator", arguments: TestEngine.available)
    func provider(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            var input = Self.county()
            input.kind = .provider
            input.organizationName = "Harbor Peer Network"
            let (org, user) = try await Self.admin(test).setUp(input, context: .cli("setup"))
            #expect(org.kind == .provider && org.parentID == nil)
            #expect(user.roles == [.organizationAdmin])
        }
    }

    @Test("both events open the new organization's own audit chain, which verifies", arguments: TestEngine.available)
    func audited(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let audit = AuditLog(key: TestDatabase.auditKey)
            let (org, user) = try await Self.admin(test).setUp(Self.county(), context: .cli("setup"))
            var filter = AuditFilter(organizationIDs: [org.id])
            filter.sort = .oldest
            let events = try await audit.list(filter, on: test.db).events
            #expect(events.map(\.action) == [.organizationCreated, .userCreated])
            #expect(events.allSatisfy { $0.chain == AuditEvent.chainName(for: org.id) })
            #expect(events.map(\.sequence) == [1, 2])
            #expect(events.first?.resourceID == org.id.text)
            #expect(events.last?.resourceID == user.id.text)
            #expect(events.allSatisfy { $0.actorLabel == "cli:setup" })
            let report = try await audit.verify(test.db)
            #expect(report.isIntact, "\(report.problems)")
        }
    }

    @Test("refused once any organization exists, and nothing is written", arguments: TestEngine.available)
    func refusedOnceSetUp(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let admin = Self.admin(test)
            _ = try await admin.setUp(Self.county(), context: .cli("setup"))
            await #expect(throws: Administration.AlreadySetUp(organizations: 1)) {
                try await admin.setUp(Self.county(email: "someone.else@example.org"), context: .cli("setup"))
            }
            #expect(try await admin.organizationCount() == 1)
            let users = try await test.db.read { conn in try await UserRecords.credentials(email: "someone.else@example.org", on: conn) }
            #expect(users == nil)
        }
    }

    @Test("refused on a database that already has organizations made another way", arguments: TestEngine.available)
    func refusedAfterFixture(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            _ = try await Fixture.make(test.db)
            let existing = try await Self.admin(test).organizationCount()
            #expect(existing > 0)
            await #expect(throws: Administration.AlreadySetUp(organizations: existing)) {
                try await Self.admin(test).setUp(Self.county(), context: .cli("setup"))
            }
        }
    }

    @Test("two set-ups at once: exactly one succeeds", arguments: TestEngine.available)
    func concurrent(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let other = try await test.openAnother()
            let first = Self.admin(test)
            let second = Administration(StoreContext(db: other, auditKey: TestDatabase.auditKey), hasher: Fixture.hasher)
            async let a = Self.attempt(first, email: "one@example.org")
            async let b = Self.attempt(second, email: "two@example.org")
            let results = await [a, b]
            await other.close()
            #expect(results.filter { if case .success = $0 { true } else { false } }.count == 1)
            for case .failure(let error) in results {
                #expect(error as? Administration.AlreadySetUp == Administration.AlreadySetUp(organizations: 1))
            }
            #expect(try await first.organizationCount() == 1)
        }
    }

    static func attempt(_ admin: Administration, email: String) async -> Result<(organization: Organization, administrator: User), any Error> {
        do { return .success(try await admin.setUp(Self.county(email: email), context: .cli("setup"))) } catch { return .failure(error) }
    }

    @Test("bad input is refused field by field, before anything is written", arguments: TestEngine.available)
    func validation(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let admin = Self.admin(test)
            let input = Administration.FirstRunInput(organizationName: " ", kind: .county, email: "not-an-address", displayName: "",
                                                     password: "short")
            do {
                _ = try await admin.setUp(input, context: .cli("setup"))
                Issue.record("bad input was accepted")
            } catch StoreError.invalid(let errors) {
                #expect(Set(errors.errors.compactMap(\.field)) == ["organization", "email", "display_name", "password"])
            }
            var weak = Self.county()
            weak.password = "abababababababab"
            await #expect(throws: StoreError.self) { try await admin.setUp(weak, context: .cli("setup")) }
            #expect(try await admin.organizationCount() == 0)
        }
    }
}
