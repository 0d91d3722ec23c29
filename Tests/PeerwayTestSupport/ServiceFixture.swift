import Foundation
import PeerwayCore
import PeerwayStore
import SQLKit

/// `JourneyFixture` with `ServiceDocumentation` on the same hand-moved clock (UTC), which starts on
/// Thursday 2026-09-24 at 18:00, and helpers to take people in, pair them and describe a note.
public struct ServiceFixture: Sendable {
    public let journeyFixture: JourneyFixture
    public let services: ServiceDocumentation

    /// Thursday 2026-09-24 18:00 UTC; its week runs Monday 2026-09-21 to Sunday 2026-09-27.
    public static let start = Date(timeIntervalSince1970: 1_790_272_800)

    public var a: Fixture.Side { journeyFixture.a }
    public var base: Fixture { journeyFixture.base }
    public var clock: TestClock { journeyFixture.clock }
    public var journey: ParticipantJourney { journeyFixture.journey }
    public var db: Database { journeyFixture.db }
    public var today: CalendarDate { journey.today }

    public static func make(_ db: Database) async throws -> ServiceFixture {
        let f = try await JourneyFixture.make(db, clock: TestClock(start))
        return ServiceFixture(journeyFixture: f, services: ServiceDocumentation(f.journey.store))
    }

    public func actor(_ user: User) async throws -> Actor { try await journeyFixture.actor(user) }
    public func context(_ actor: Actor) -> AuditContext { journeyFixture.context(actor) }
    public func count(_ table: String, where condition: String = "1 = 1") async throws -> Int {
        try await journeyFixture.count(table, where: condition)
    }
    public func events(participant: UUID?) async throws -> [AuditEvent] { try await journeyFixture.events(participant: participant) }

    /// Rows of every table service documentation writes, and of the audit trail, in a fixed order.
    public static let tables = ["services", "service_functions", "service_amendments", "group_sessions", "outreach_events",
                                "service_catalog_entries", "program_service_settings", "audit_events"]

    public func counts() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in Self.tables { counts[table] = try await count(table) }
        return counts
    }

    /// A participant taken in by `intake` (who then reaches them), screened and enrolled in `program`
    /// by that program's manager, and paired with `peer` when given.
    public func participant(_ given: String, _ family: String = "Participant", takenInBy intake: User, manager: User? = nil,
                            program: UUID? = nil, pairedWith peer: User? = nil) async throws -> Person {
        let program = program ?? a.program.id
        let j = journey
        let intakeActor = try await actor(intake)
        let person = try await j.createPerson(journeyFixture.person(given, family, born: "1988-03-14"), programID: program, contact: nil,
                                              by: intakeActor, context: context(intakeActor))
        let manager = try await actor(manager ?? a.user(.programManager))
        _ = try await j.screen(person.id, programID: program, screenedOn: today, answers: .init(serviceCriteriaMet: ["A"], exclusionsPresent: []),
                               by: manager, context: context(manager))
        _ = try await j.enroll(person.id, EnrollmentRequest(programID: program, enrolledOn: today,
                                                           consent: EnrollmentConsent(signedBy: .participant, signedOn: today, method: .wetSignature),
                                                           goals: "", peerID: peer?.id),
                               by: manager, context: context(manager))
        return person
    }

    /// A complete note, as a form would hand it over: a 40-minute in-person navigation service at 10:00 on `date`.
    public static func input(date: CalendarDate, start: String = "10:00", minutes: String = "40", end: String = "",
                             type: String = "peer_navigation", functions: [String] = ["health_system_navigation", "assertive_linkage"],
                             modality: String = "in_person", setting: String = "hospital", language: String = "es",
                             note: String = "Walked to the clinic together; appointment booked", personNote: String = "",
                             followUp: String = "Call on Friday") -> ServiceInput {
        ServiceInput(date: date.description, startTime: start, endTime: end, durationMinutes: minutes, serviceType: type,
                     coreFunctions: functions, modality: modality, setting: setting, language: language, note: note,
                     personNote: personNote, followUp: followUp)
    }

    /// The service as stored now.
    public func stored(_ id: UUID) async throws -> PeerService? {
        try await db.read { conn in try await ServiceRecords.get(id, on: conn) }
    }
}
