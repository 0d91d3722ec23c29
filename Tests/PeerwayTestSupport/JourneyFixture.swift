import Foundation
import PeerwayCore
import PeerwayStore
import SQLKit

/// `Fixture` plus a second team on side A, so caseload and program boundaries can be crossed: a
/// colleague peer on the same supervisor's team in program A1, and program A2 with its own
/// supervisor, peer and manager. The journey service runs on a hand-moved clock in UTC.
public struct JourneyFixture: Sendable {
    public let base: Fixture
    /// A peer in program A1 supervised by side A's supervisor, like side A's peer.
    public let colleague: User
    public let otherSupervisor: User
    /// A peer in program A2, supervised by `otherSupervisor`.
    public let otherPeer: User
    /// Program manager of A2 only.
    public let otherManager: User
    public let clock: TestClock
    public let journey: ParticipantJourney
    public let db: Database

    public var a: Fixture.Side { base.a }

    public static func make(_ db: Database, clock: TestClock = TestClock()) async throws -> JourneyFixture {
        let base = try await Fixture.make(db, clock: clock)
        let store = StoreContext(db: db, auditKey: TestDatabase.auditKey, clock: clock, timeZone: TimeZone(identifier: "UTC")!)
        let admin = Administration(store, hasher: Fixture.hasher)
        let org = base.a.provider.id
        func add(_ local: String, _ role: Role, program: UUID, supervisor: UUID? = nil) async throws -> User {
            try await admin.createUser(.init(email: "\(local)@a.fixture.test", displayName: "\(local) a", password: Fixture.password,
                                             roles: [role], programIDs: [program], supervisorID: supervisor),
                                       organizationID: org, by: nil, context: .cli("fixture"))
        }
        let colleague = try await add("colleague", .peerSpecialist, program: base.a.program.id, supervisor: base.a.user(.supervisor).id)
        let otherSupervisor = try await add("other-supervisor", .supervisor, program: base.a.otherProgram.id)
        let otherPeer = try await add("other-peer", .peerSpecialist, program: base.a.otherProgram.id, supervisor: otherSupervisor.id)
        let otherManager = try await add("other-manager", .programManager, program: base.a.otherProgram.id)
        let journey = ParticipantJourney(store)
        return JourneyFixture(base: base, colleague: colleague, otherSupervisor: otherSupervisor, otherPeer: otherPeer,
                              otherManager: otherManager, clock: clock, journey: journey, db: db)
    }

    /// The access-policy view of a user, as a signed-in request would have it.
    public func actor(_ user: User) async throws -> Actor {
        try await db.read { conn in try await UserRecords.actor(for: user, on: conn) }
    }

    public func context(_ actor: Actor) -> AuditContext {
        AuditContext(requestID: "test-\(UUID().uuidString.prefix(8))", clientAddress: "127.0.0.1").acting(as: actor)
    }

    /// A person as a form would hand it to `createPerson` (which assigns the id, organization and times).
    public func person(_ given: String, _ family: String, born: String?, phone: String = "") -> Person {
        var details = PersonDetails()
        details.phone = phone
        return Person(id: UUID(), organizationID: a.provider.id, legalGivenName: given, legalFamilyName: family,
                      dateOfBirth: born.flatMap(CalendarDate.init), details: details, createdAt: clock.now(), updatedAt: clock.now())
    }

    /// A first contact an hour ago in `program`.
    public func contact(_ program: UUID) -> ParticipantJourney.ContactInput {
        .init(programID: program, occurredAt: clock.now().addingTimeInterval(-3600), source: .hospital, madeBy: .person, method: .inPerson,
              setting: .hospital)
    }

    public func count(_ table: String, where condition: String = "1 = 1") async throws -> Int {
        try await db.read { conn in
            try await conn.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(unsafeRaw: condition)").first()!
                .decode(column: "n", as: Int.self)
        }
    }

    /// Side A's audit events about one participant (or all of side A's with nil), oldest first.
    public func events(participant: UUID?) async throws -> [AuditEvent] {
        var filter = AuditFilter(organizationIDs: [a.provider.id])
        filter.participantID = participant
        filter.sort = .oldest
        filter.limit = 500
        return try await AuditLog(key: TestDatabase.auditKey).list(filter, on: db).events
    }
}
