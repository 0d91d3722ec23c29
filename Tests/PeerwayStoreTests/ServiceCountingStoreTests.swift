import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import Testing

/// The records the program report counts from (issue 14): who may receive a service, one counting
/// rule (signed notes; drafts apart; a group's staff time once), and reviews under long-term support.
@Suite("Service counting and who receives services (store)")
struct ServiceCountingStoreTests {
    static func day(_ text: String) -> CalendarDate { CalendarDate(text)! }

    @Test("a group counts once per attendee in services and units and once per staff member in minutes; the co-facilitator's time is theirs",
          arguments: TestEngine.available)
    func groupTime(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let s = f.services, program = f.a.program.id
            let author = try await f.actor(f.a.user(.peerSpecialist))
            let colleague = try await f.actor(f.journeyFixture.colleague)
            let supervisor = try await f.actor(f.a.user(.supervisor))
            let manager = try await f.actor(f.a.user(.programManager))
            var people: [Person] = []
            for i in 0..<8 {
                people.append(try await f.participant("Counted\(i)", "Group", takenInBy: f.a.user(.peerSpecialist), pairedWith: f.a.user(.peerSpecialist)))
            }
            // Wednesday: a 60-minute group of eight, co-facilitated by the colleague.
            var group = ServiceFixture.input(date: Self.day("2026-09-23"), start: "15:00", minutes: "60", type: "group_peer_counseling")
            group.cofacilitatorID = colleague.userID
            let attendees = people.map { ServiceDocumentation.Attendee(personID: $0.id, line: "") }
            let sitting = try await s.documentGroup(programID: program, group, attendees: attendees, sign: true, by: author, context: f.context(author))
            #expect(sitting.count == 8 && sitting.allSatisfy { $0.units == 4 })
            // Tuesday: 40 minutes one to one (3 units); Thursday: a 30-minute draft, counted nowhere yet.
            _ = try await s.document(personID: people[0].id, programID: program, ServiceFixture.input(date: Self.day("2026-09-22")), sign: true,
                                     by: author, context: f.context(author))
            let draft = try await s.document(personID: people[1].id, programID: program,
                                             ServiceFixture.input(date: Self.day("2026-09-24"), start: "09:00", minutes: "30"), sign: false,
                                             by: author, context: f.context(author))

            let authorWeek = try await s.week(containing: f.today, by: author, context: f.context(author)).totals
            #expect(authorWeek == ServiceWeek.Totals(services: 9, participants: 8, minutes: 100, units: 35, unsigned: 1))
            let colleagueWeek = try await s.week(containing: f.today, by: colleague, context: f.context(colleague)).totals
            #expect(colleagueWeek == ServiceWeek.Totals(minutes: 60))
            let team = try await s.teamWeek(containing: f.today, by: supervisor, context: f.context(supervisor))
            let rows = Dictionary(uniqueKeysWithValues: team.rows.map { ($0.peer.id, $0.totals) })
            #expect(rows[author.userID] == authorWeek)
            #expect(rows[colleague.userID] == colleagueWeek)

            let from = Self.day("2026-09-01"), to = Self.day("2026-09-30")
            let mix = try await s.mix(programID: program, from: from, to: to, by: manager, context: f.context(manager))
            #expect((mix.services, mix.participants, mix.minutes, mix.units, mix.drafts) == (9, 8, 160, 35, 1))

            // The SQL and Core's statement of the rule agree on the same rows.
            let stored = try await f.db.read { conn in try await ServiceRecords.byPeer(author.userID, from: from, to: to, on: conn) }
            #expect(stored.count == 10)
            #expect(ServiceCounting.staffMinutes(stored) == mix.minutes)
            #expect(ServiceCounting.staffMinutes(stored, staffID: author.userID) == authorWeek.minutes)
            #expect(ServiceCounting.staffMinutes(stored, staffID: colleague.userID) == colleagueWeek.minutes)

            // Signing the draft adds it to every figure at once.
            _ = try await s.sign(draft.id, expectedVersion: nil, by: author, context: f.context(author))
            let signed = try await s.mix(programID: program, from: from, to: to, by: manager, context: f.context(manager))
            #expect((signed.services, signed.minutes, signed.drafts) == (10, 190, 0))
            #expect(try await s.week(containing: f.today, by: author, context: f.context(author)).totals.minutes == 130)
        }
    }

    @Test("a family member and a person who only contacted the program receive services; neither enrolls as a family member; another program's person does not",
          arguments: TestEngine.available)
    func whoReceivesServices(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let s = f.services, j = f.journey, program = f.a.program.id
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let manager = try await f.actor(f.a.user(.programManager))
            let input = ServiceFixture.input(date: Self.day("2026-09-23"))

            // Someone who called the program once and never enrolled.
            let caller = try await j.createPerson(f.journeyFixture.person("Only", "Called", born: "1979-05-02"), programID: program,
                                                  contact: f.journeyFixture.contact(program), by: peer, context: f.context(peer))
            let callerService = try await s.document(personID: caller.id, programID: program, input, sign: true, by: peer, context: f.context(peer))
            #expect(callerService.personID == caller.id && callerService.status == .signed)

            // The mother of an enrolled participant on the peer's caseload.
            let son = try await f.participant("Enrolled", "Son", takenInBy: f.a.user(.peerSpecialist), pairedWith: f.a.user(.peerSpecialist))
            var mother = f.journeyFixture.person("Family", "Mother", born: "1961-02-03")
            mother.kind = .supportPerson
            mother.relatedParticipantID = son.id
            mother.relationship = .parent
            let storedMother = try await j.createPerson(mother, programID: program, contact: nil, by: peer, context: f.context(peer))
            let motherService = try await s.document(personID: storedMother.id, programID: program, input, sign: true, by: peer, context: f.context(peer))
            #expect(motherService.personID == storedMother.id)
            let mix = try await s.mix(programID: program, from: Self.day("2026-09-01"), to: Self.day("2026-09-30"), by: manager, context: f.context(manager))
            #expect((mix.services, mix.participants) == (2, 2))

            // A family member is counted apart and does not enroll.
            let episodes = try await f.journeyFixture.count("episodes")
            do {
                _ = try await j.enroll(storedMother.id, EnrollmentRequest(programID: program, enrolledOn: f.today,
                                                                         consent: EnrollmentConsent(signedBy: .participant, signedOn: f.today, method: .wetSignature),
                                                                         goals: "", peerID: nil), by: manager, context: f.context(manager))
                Issue.record("a family member was enrolled")
            } catch StoreError.invalid(let errors) {
                #expect(errors.errors.map(\.code) == ["not_a_participant"])
            }
            #expect(try await f.journeyFixture.count("episodes") == episodes)

            // A person of another program (out of the peer's reach) still does not: no service is written, and the
            // refusal is audited.
            let elsewhere = try await f.participant("Other", "Program", takenInBy: f.journeyFixture.otherManager, manager: f.journeyFixture.otherManager,
                                                    program: f.a.otherProgram.id, pairedWith: f.journeyFixture.otherPeer)
            var before = try await f.counts()
            await #expect(throws: (any Error).self) {
                _ = try await s.document(personID: elsewhere.id, programID: program, input, sign: true, by: peer, context: f.context(peer))
            }
            before["audit_events", default: 0] += 1
            #expect(try await f.counts() == before)
        }
    }

    @Test("long-term support has no continued-stay review unless the program chooses one; a time-limited program must have one",
          arguments: TestEngine.available)
    func reviewsUnderLongTermSupport(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let j = f.journey
            let admin = Administration(j.store, hasher: Fixture.hasher)
            let longTerm = f.a.otherProgram
            #expect(longTerm.model == .longTerm)
            let cli = AuditContext.cli("test")
            let none = try await admin.updateProgram(longTerm.id, .init(name: longTerm.name, model: .longTerm, defaultLengthDays: nil, reviewFrequencyDays: nil),
                                                     expectedVersion: nil, by: try await f.actor(f.a.user(.organizationAdmin)), context: cli)
            #expect(none.reviewFrequencyDays == nil)
            let person = try await f.participant("Long", "Term", takenInBy: f.journeyFixture.otherManager, manager: f.journeyFixture.otherManager,
                                                 program: longTerm.id, pairedWith: f.journeyFixture.otherPeer)
            let manager = try await f.actor(f.journeyFixture.otherManager)
            func stored() async throws -> Episode? {
                let episodes = try await test.db.read { conn in try await EpisodeRecords.forPerson(person.id, on: conn) }
                return episodes.first
            }
            let episode = try #require(try await stored())
            #expect(episode.nextReviewOn == nil)
            #expect(try await j.reviewsDue(by: manager, context: f.context(manager)).isEmpty)
            // A review may still be recorded (a service plan review elsewhere); none falls due after it.
            _ = try await j.review(episodeID: episode.id, .init(reviewedOn: f.today, criteriaMet: [.capacityToProgress, .wishesToContinue, .furtherSupportAppropriate], outcome: .continue), note: "",
                                   by: manager, context: f.context(manager))
            #expect(try await stored()?.nextReviewOn == nil)

            // A time-limited program cannot drop its reviews; the program is unchanged.
            let timeLimited = f.a.program
            await #expect(throws: StoreError.self) {
                _ = try await admin.updateProgram(timeLimited.id, .init(name: timeLimited.name, model: .timeLimited, defaultLengthDays: 182,
                                                                       reviewFrequencyDays: nil),
                                                  expectedVersion: nil, by: try await f.actor(f.a.user(.organizationAdmin)), context: cli)
            }
            #expect(try await test.db.read { conn in try await ProgramRecords.get(timeLimited.id, on: conn) }?.reviewFrequencyDays == 30)
        }
    }
}
