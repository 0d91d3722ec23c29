import Foundation
import PeerwayCore
import PeerwayDemo
import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

@Suite("Participant journey (store)")
struct ParticipantJourneyStoreTests {
    typealias Refused = AccessRefused

    static let allCriteria: Set<ContinuedStayReview.Criterion> = [.capacityToProgress, .wishesToContinue, .furtherSupportAppropriate]

    static func consent(_ day: CalendarDate) -> EnrollmentConsent {
        EnrollmentConsent(signedBy: .participant, signedOn: day, method: .wetSignature)
    }

    /// Expects `StoreError.invalid` naming `field` (and `code`), and that nothing was written meanwhile.
    static func expectInvalid(_ f: JourneyFixture, field: String, code: String, _ body: () async throws -> Void,
                              sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let tables = ["persons", "contacts", "screenings", "episodes", "assignments", "reviews", "crisis_events", "audit_events"]
        var before: [Int] = []
        for table in tables { before.append(try await f.count(table)) }
        do {
            try await body()
            Issue.record("accepted; expected \(field): \(code)", sourceLocation: sourceLocation)
        } catch StoreError.invalid(let errors) {
            #expect(errors.errors.contains { $0.field == field && $0.code == code }, "got \(errors.errors)", sourceLocation: sourceLocation)
        }
        var after: [Int] = []
        for table in tables { after.append(try await f.count(table)) }
        #expect(before == after, "rows changed: \(zip(tables, zip(before, after)).filter { $0.1.0 != $0.1.1 })", sourceLocation: sourceLocation)
    }

    // MARK: - The journey

    @Test("contact, screen, enroll, pair, review and discharge, each audited in order", arguments: TestEngine.available)
    func wholeJourney(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await JourneyFixture.make(test.db)
            let j = f.journey, today = f.journey.today, program = f.a.program
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let supervisor = try await f.actor(f.a.user(.supervisor))
            let colleague = try await f.actor(f.colleague)

            let person = try await j.createPerson(f.person("Rosa", "Delgado", born: "1988-03-14"), programID: program.id,
                                                  contact: f.contact(program.id), by: peer, context: f.context(peer))
            let screen = try await j.screen(person.id, programID: program.id, screenedOn: today,
                                            answers: ScreeningAnswers(serviceCriteriaMet: ["A", "C"], exclusionsPresent: []), by: peer,
                                            context: f.context(peer))
            #expect(screen.result.isEligible)
            let episode = try await j.enroll(person.id, EnrollmentRequest(programID: program.id, enrolledOn: today, consent: Self.consent(today),
                                                                          goals: "Stay out of the hospital", peerID: peer.userID),
                                             by: supervisor, context: f.context(supervisor))
            #expect(episode.nextReviewOn == today.adding(days: try #require(program.reviewFrequencyDays)))
            #expect(episode.plannedEndOn == today.adding(days: 182))
            #expect(try await j.caseload(by: peer, context: f.context(peer)).map(\.person.id) == [person.id])

            // Time passes between steps, so the pairing history has an order.
            f.clock.advance(600)
            _ = try await j.assign(episodeID: episode.id, peerID: colleague.userID, reason: "Speaks Spanish", by: supervisor, context: f.context(supervisor))
            f.clock.advance(600)
            #expect(try await j.caseload(by: peer, context: f.context(peer)).isEmpty)
            #expect(try await j.caseload(by: colleague, context: f.context(colleague)).map(\.person.id) == [person.id])

            _ = try await j.review(episodeID: episode.id, ContinuedStayReview(reviewedOn: today, criteriaMet: Self.allCriteria, outcome: .continue),
                                   note: "Doing well", by: colleague, context: f.context(colleague))
            let discharged = try await j.discharge(episodeID: episode.id, on: today, reason: .goalsSubstantiallyMet, summary: "Goals met",
                                                   expectedVersion: nil, by: colleague, context: f.context(colleague))
            #expect(!discharged.isOpen)
            #expect(discharged.dischargeReason == .goalsSubstantiallyMet)
            #expect(discharged.nextReviewOn == nil)

            let record = try await j.record(person.id, by: supervisor, context: f.context(supervisor))
            #expect(record.contacts.count == 1)
            #expect(record.screenings.map(\.id) == [screen.id])
            #expect(record.episodes.map(\.id) == [episode.id])
            #expect(record.assignments.map(\.peerID) == [peer.userID, colleague.userID])
            #expect(record.assignments.allSatisfy { !$0.isCurrent })
            #expect(record.reviews.count == 1)

            let events = try await f.events(participant: person.id)
            #expect(events.map { "\($0.action.rawValue) \($0.resourceType)" } == [
                "record_created participant", "record_created contact", "record_created screening", "record_created episode",
                "record_updated assignment", "record_updated assignment", "record_created review", "record_updated episode",
                "record_read participant",
            ])
            #expect(events.map(\.actorUserID) == [peer.userID, peer.userID, peer.userID, supervisor.userID, supervisor.userID, supervisor.userID,
                                                  colleague.userID, colleague.userID, supervisor.userID])
            #expect(events.allSatisfy { $0.outcome == .success })
            #expect(try await AuditLog(key: TestDatabase.auditKey).verify(test.db).isIntact)
        }
    }

    // MARK: - Reach

    @Test("a peer cannot read or update a participant on a colleague's caseload, and the refusal is audited", arguments: TestEngine.available)
    func peerCannotReachColleaguesCaseload(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await JourneyFixture.make(test.db)
            let j = f.journey, today = j.today, program = f.a.program.id
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let supervisor = try await f.actor(f.a.user(.supervisor))
            let colleague = try await f.actor(f.colleague)
            let person = try await j.createPerson(f.person("Imani", "Coleman", born: "1979-11-02"), programID: program, contact: nil,
                                                  by: colleague, context: f.context(colleague))
            _ = try await j.screen(person.id, programID: program, screenedOn: today, answers: .init(serviceCriteriaMet: ["B"], exclusionsPresent: []),
                                   by: supervisor, context: f.context(supervisor))
            _ = try await j.enroll(person.id, .init(programID: program, enrolledOn: today, consent: Self.consent(today), goals: "",
                                                    peerID: f.colleague.id), by: supervisor, context: f.context(supervisor))

            await #expect(throws: Refused(decision: .notFound)) { try await j.record(person.id, by: peer, context: f.context(peer)) }
            var edited = person
            edited.legalFamilyName = "Changed"
            await #expect(throws: Refused(decision: .notFound)) {
                try await j.updatePerson(person.id, edited, expectedVersion: nil, by: peer, context: f.context(peer))
            }
            #expect(try await j.search("Imani", by: peer, context: f.context(peer)).isEmpty)
            #expect(try await f.count("persons", where: "legal_family_name = 'Changed'") == 0)

            let denials = try await f.events(participant: nil).filter { $0.action == .accessDenied }
            #expect(denials.count == 2)
            #expect(denials.allSatisfy { $0.actorUserID == peer.userID && $0.outcome == .denied && $0.detail == "notFound" })
            // The colleague whose caseload it is reaches it.
            #expect(try await j.record(person.id, by: colleague, context: f.context(colleague)).person.id == person.id)
        }
    }

    /// Program A1: a participant the A1 manager took in, paired with the A1 supervisor's colleague peer.
    /// Program A2: one the A2 manager took in, paired with the A2 supervisor's peer.
    static func twoTeams(_ f: JourneyFixture) async throws -> (a1: Person, a2: Person) {
        let j = f.journey, today = j.today
        func enrolled(_ name: String, _ manager: User, _ program: UUID, _ peer: User) async throws -> Person {
            let actor = try await f.actor(manager)
            let person = try await j.createPerson(f.person(name, "Team", born: "1990-01-01"), programID: program, contact: nil, by: actor,
                                                  context: f.context(actor))
            _ = try await j.screen(person.id, programID: program, screenedOn: today, answers: .init(serviceCriteriaMet: ["A"], exclusionsPresent: []),
                                   by: actor, context: f.context(actor))
            _ = try await j.enroll(person.id, .init(programID: program, enrolledOn: today, consent: Self.consent(today), goals: "", peerID: peer.id),
                                   by: actor, context: f.context(actor))
            return person
        }
        return (try await enrolled("First", f.a.user(.programManager), f.a.program.id, f.colleague),
                try await enrolled("Second", f.otherManager, f.a.otherProgram.id, f.otherPeer))
    }

    @Test("a supervisor reaches their team's participants, not another team's", arguments: TestEngine.available)
    func supervisorReachesOwnTeamOnly(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await JourneyFixture.make(test.db)
            let (a1, a2) = try await Self.twoTeams(f)
            let j = f.journey
            let supervisor = try await f.actor(f.a.user(.supervisor))
            let other = try await f.actor(f.otherSupervisor)
            #expect(try await j.record(a1.id, by: supervisor, context: f.context(supervisor)).person.id == a1.id)
            await #expect(throws: Refused(decision: .notFound)) { try await j.record(a2.id, by: supervisor, context: f.context(supervisor)) }
            #expect(try await j.record(a2.id, by: other, context: f.context(other)).person.id == a2.id)
            await #expect(throws: Refused(decision: .notFound)) { try await j.record(a1.id, by: other, context: f.context(other)) }
            #expect(try await j.caseload(team: true, by: supervisor, context: f.context(supervisor)).map(\.person.id) == [a1.id])
            #expect(try await j.search("team", by: supervisor, context: f.context(supervisor)).map(\.id) == [a1.id])
        }
    }

    @Test("a program manager reaches their program's participants, not another program's", arguments: TestEngine.available)
    func managerReachesOwnProgramOnly(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await JourneyFixture.make(test.db)
            let (a1, a2) = try await Self.twoTeams(f)
            let j = f.journey
            let manager = try await f.actor(f.a.user(.programManager))
            let other = try await f.actor(f.otherManager)
            #expect(try await j.record(a1.id, by: manager, context: f.context(manager)).person.id == a1.id)
            await #expect(throws: Refused(decision: .notFound)) { try await j.record(a2.id, by: manager, context: f.context(manager)) }
            #expect(try await j.record(a2.id, by: other, context: f.context(other)).person.id == a2.id)
            await #expect(throws: Refused(decision: .notFound)) { try await j.record(a1.id, by: other, context: f.context(other)) }
            #expect(try await j.search("team", by: manager, context: f.context(manager)).map(\.id) == [a1.id])
            #expect(try await j.reviewsDue(by: manager, context: f.context(manager)).isEmpty)
            // Another organization's manager does not reach either.
            let stranger = try await f.actor(f.base.b.user(.programManager))
            await #expect(throws: Refused(decision: .notFound)) { try await j.record(a1.id, by: stranger, context: f.context(stranger)) }
        }
    }

    // MARK: - Search

    @Test("search finds reachable people by name prefix, folded accents, date of birth and phone", arguments: TestEngine.available)
    func search(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await JourneyFixture.make(test.db)
            let j = f.journey
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let otherPeer = try await f.actor(f.otherPeer)
            func create(_ p: Person, by actor: Actor, program: UUID) async throws -> Person {
                try await j.createPerson(p, programID: program, contact: f.contact(program), by: actor, context: f.context(actor))
            }
            let jose = try await create(f.person("José", "Álvarez", born: "1990-07-04", phone: "(619) 555-0134"), by: peer, program: f.a.program.id)
            let josefina = try await create(f.person("Josefina", "Ruiz", born: "1985-02-11"), by: peer, program: f.a.program.id)
            _ = try await create(f.person("Mary", "Ng", born: "1990-07-05"), by: peer, program: f.a.program.id)
            _ = try await create(f.person("José", "Otro", born: "1990-07-04", phone: "619 555 0134"), by: otherPeer, program: f.a.otherProgram.id)

            func found(_ text: String) async throws -> Set<UUID> { Set(try await j.search(text, by: peer, context: f.context(peer)).map(\.id)) }
            #expect(try await found("jose") == [jose.id, josefina.id])
            #expect(try await found("JOSÉ") == [jose.id, josefina.id])
            #expect(try await found("alv") == [jose.id])
            #expect(try await found("jose alvarez") == [jose.id])
            #expect(try await found("Álvarez José") == [jose.id])
            #expect(try await found("1990-07-04") == [jose.id])
            #expect(try await found("7/4/1990") == [jose.id])
            #expect(try await found("619-555-0134") == [jose.id])
            #expect(try await found("+1 (619) 555 0134") == [jose.id])
            #expect(try await found("otro").isEmpty)
            #expect(try await found("zzz").isEmpty)
            let searches = try await f.events(participant: nil).filter { $0.resourceType == "participant_search" }
            #expect(searches.count == 11)
            #expect(searches.allSatisfy { !$0.detail.lowercased().contains("jose") && $0.detail.hasPrefix("results=") })
        }
    }

    // MARK: - Bad input

    @Test("bad input is refused with the right field and writes nothing", arguments: TestEngine.available)
    func badInput(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await JourneyFixture.make(test.db)
            let j = f.journey, today = j.today, program = f.a.program.id
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let supervisor = try await f.actor(f.a.user(.supervisor))

            try await Self.expectInvalid(f, field: "date_of_birth", code: "in_future") {
                _ = try await j.createPerson(f.person("Future", "Child", born: today.adding(days: 1).description), programID: program,
                                             contact: f.contact(program), by: peer, context: f.context(peer))
            }
            let person = try await j.createPerson(f.person("Lan", "Phạm", born: "1970-05-05"), programID: program, contact: f.contact(program),
                                                  by: peer, context: f.context(peer))
            _ = try await j.screen(person.id, programID: program, screenedOn: today, answers: .init(serviceCriteriaMet: [], exclusionsPresent: []),
                                   by: peer, context: f.context(peer))
            let request = EnrollmentRequest(programID: program, enrolledOn: today.adding(days: -10), consent: Self.consent(today.adding(days: -10)),
                                            goals: "")
            try await Self.expectInvalid(f, field: "screening", code: "not_eligible") {
                _ = try await j.enroll(person.id, request, by: supervisor, context: f.context(supervisor))
            }
            var overridden = request
            overridden.overrideReason = "Hospital social worker asks for follow-up"
            try await Self.expectInvalid(f, field: "override_reason", code: "override_not_permitted") {
                _ = try await j.enroll(person.id, overridden, by: peer, context: f.context(peer))
            }
            let episode = try await j.enroll(person.id, overridden, by: supervisor, context: f.context(supervisor))
            #expect(episode.overrideBy == supervisor.userID)
            #expect(try await f.events(participant: person.id).contains { $0.action == .eligibilityOverride })

            try await Self.expectInvalid(f, field: "program_id", code: "episode_already_open") {
                _ = try await j.enroll(person.id, overridden, by: supervisor, context: f.context(supervisor))
            }
            try await Self.expectInvalid(f, field: "discharged_on", code: "before_enrollment") {
                _ = try await j.discharge(episodeID: episode.id, on: today.adding(days: -20), reason: .moved, summary: "", expectedVersion: nil,
                                          by: supervisor, context: f.context(supervisor))
            }
            #expect(try await f.count("episodes", where: "discharged_on IS NULL") == 1)
        }
    }

    // MARK: - Merges

    static func rows(pointingAt id: UUID, _ f: JourneyFixture) async throws -> [String: Set<UUID>] {
        var out: [String: Set<UUID>] = [:]
        for (table, column) in [("contacts", "person_id"), ("screenings", "person_id"), ("episodes", "person_id"), ("assignments", "person_id"),
                                ("reviews", "person_id"), ("crisis_events", "person_id"), ("persons", "related_participant_id")] {
            out[table] = Set(try await f.db.read { conn in
                try await conn.sql.raw("SELECT id FROM \(unsafeRaw: table) WHERE \(unsafeRaw: column) = \(bind: id)").all()
                    .map { try $0.decode(column: "id", as: UUID.self) }
            })
        }
        return out
    }

    @Test("a merge moves every row to the kept record and undo puts back exactly those rows", arguments: TestEngine.available)
    func mergeAndUndo(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await JourneyFixture.make(test.db)
            let j = f.journey, today = j.today, program = f.a.program.id
            // The peer takes both records in; merging is their supervisor's decision.
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let peerContext = f.context(peer)
            let supervisor = try await f.actor(f.a.user(.supervisor))
            let ctx = f.context(supervisor)
            let kept = try await j.createPerson(f.person("Hodan", "Warsame", born: "1992-08-19"), programID: program, contact: f.contact(program),
                                                by: peer, context: peerContext)
            let merged = try await j.createPerson(f.person("Hodan", "Warsame", born: "1992-08-19", phone: "858-555-0101"), programID: program,
                                                  contact: f.contact(program), by: peer, context: peerContext)
            _ = try await j.logContact(personID: merged.id, f.contact(program), by: peer, context: peerContext)
            _ = try await j.screen(merged.id, programID: program, screenedOn: today, answers: .init(serviceCriteriaMet: ["D"], exclusionsPresent: []),
                                   by: peer, context: peerContext)
            let episode = try await j.enroll(merged.id, .init(programID: program, enrolledOn: today, consent: Self.consent(today), goals: "",
                                                              peerID: f.colleague.id), by: supervisor, context: ctx)
            _ = try await j.review(episodeID: episode.id, .init(reviewedOn: today, criteriaMet: Self.allCriteria, outcome: .continue), note: "",
                                   by: supervisor, context: ctx)
            _ = try await j.recordCrisisEvent(merged.id, CrisisEvent(kind: .psychiatricAdmission, startedOn: today.adding(days: -20),
                                                                     endedOn: today.adding(days: -15)), note: "", by: peer, context: peerContext)
            var mother = f.person("Amina", "Warsame", born: "1966-01-01")
            mother.kind = .supportPerson
            mother.relatedParticipantID = merged.id
            mother.relationship = .parent
            _ = try await j.createPerson(mother, programID: program, contact: nil, by: peer, context: peerContext)

            let keptBefore = try await Self.rows(pointingAt: kept.id, f)
            let mergedBefore = try await Self.rows(pointingAt: merged.id, f)
            #expect(mergedBefore.values.allSatisfy { !$0.isEmpty })

            let merge = try await j.merge(keptID: kept.id, mergedID: merged.id, by: supervisor, context: ctx)
            let keptAfterMerge = try await Self.rows(pointingAt: kept.id, f)
            for (table, ids) in mergedBefore { #expect(keptAfterMerge[table] == ids.union(keptBefore[table]!), "\(table)") }
            #expect(try await Self.rows(pointingAt: merged.id, f).values.allSatisfy(\.isEmpty))
            #expect(try await test.db.read { conn in try await PersonRecords.get(merged.id, on: conn) }?.mergedIntoID == kept.id)
            #expect(Set(try await j.search("warsame", by: supervisor, context: ctx).map(\.id)).isDisjoint(with: [merged.id]))

            _ = try await j.undoMerge(merge.id, by: supervisor, context: ctx)
            #expect(try await Self.rows(pointingAt: kept.id, f) == keptBefore)
            #expect(try await Self.rows(pointingAt: merged.id, f) == mergedBefore)
            #expect(try await test.db.read { conn in try await PersonRecords.get(merged.id, on: conn) }?.mergedIntoID == nil)
            await #expect(throws: StoreError.self) { try await j.undoMerge(merge.id, by: supervisor, context: ctx) }
            let actions = try await f.events(participant: merged.id).map(\.action)
            #expect(actions.filter { $0 == .participantMerged }.count == 1)
            #expect(actions.filter { $0 == .participantUnmerged }.count == 1)
        }
    }

    // MARK: - Import and export

    static let threeRows = """
        legal_given_name,legal_family_name,date_of_birth,phone\r
        Ana,Ruiz,1990-01-02,619-555-0101\r
        Ben,Okoro,2999-01-01,\r
        Cai,Lin,1975-05-06,\r

        """

    @Test("all or nothing: one bad row and nothing is written, every error reported", arguments: TestEngine.available)
    func importAllOrNothing(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await JourneyFixture.make(test.db)
            let manager = try await f.actor(f.a.user(.programManager))
            let before = try await f.count("persons")
            let report = try await f.journey.importPersons(csv: Self.threeRows, programID: f.a.program.id, mode: .allOrNothing, dryRun: false,
                                                           by: manager, context: f.context(manager))
            #expect(report.total == 3)
            #expect(report.created == 0 && report.updated == 0)
            #expect(report.rejected.map(\.line) == [3])
            #expect(report.rejected.first?.errors.map { "\($0.field ?? ""): \($0.code)" } == ["date_of_birth: in_future"])
            #expect(try await f.count("persons") == before)
            let runs = try await f.events(participant: nil).filter { $0.action == .importRun }
            #expect(runs.count == 1)
            #expect(runs.first?.outcome == .failure)
            #expect(runs.first?.resourceType == "participant_import")
            #expect(runs.first.map { !$0.detail.contains("Ruiz") && $0.detail.contains("rejected=1") } == true)
            #expect(try await f.events(participant: nil).filter { $0.action == .recordCreated && $0.resourceType == "participant" }.isEmpty)
        }
    }

    @Test("row by row writes the good rows and reports the bad", arguments: TestEngine.available)
    func importRowByRow(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await JourneyFixture.make(test.db)
            let manager = try await f.actor(f.a.user(.programManager))
            let before = try await f.count("persons")
            let seen = ProgressLog()
            let report = try await f.journey.importPersons(csv: Self.threeRows, programID: f.a.program.id, mode: .rowByRow, dryRun: false,
                                                           by: manager, context: f.context(manager)) { done, total in seen.add(done, total) }
            #expect(report.created == 2)
            #expect(report.rejected.map(\.line) == [3])
            #expect(try await f.count("persons") == before + 2)
            #expect(seen.last == [3, 3])
            let people = try await f.journey.search("ana ruiz", by: manager, context: f.context(manager))
            #expect(people.count == 1)
            #expect(people.first?.details.phone == "619-555-0101")
            #expect(people.first?.intakeProgramID == f.a.program.id)
            let created = try await f.events(participant: nil).filter { $0.action == .recordCreated && $0.resourceType == "participant" }
            #expect(created.count == 2)
            #expect(created.allSatisfy { $0.participantID != nil && $0.actorUserID == manager.userID })
        }
    }

    @Test("a dry run writes nothing in either mode but tells what would happen", arguments: TestEngine.available)
    func importDryRun(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await JourneyFixture.make(test.db)
            let manager = try await f.actor(f.a.user(.programManager))
            let before = try await f.count("persons")
            let rows = try await f.journey.importPersons(csv: Self.threeRows, programID: f.a.program.id, mode: .rowByRow, dryRun: true,
                                                         by: manager, context: f.context(manager))
            #expect(rows.dryRun && rows.created == 2 && rows.rejected.count == 1)
            let whole = try await f.journey.importPersons(csv: Self.threeRows, programID: f.a.program.id, mode: .allOrNothing, dryRun: true,
                                                          by: manager, context: f.context(manager))
            #expect(whole.created == 0 && whole.rejected.count == 1)
            let clean = Self.threeRows.replacingOccurrences(of: "2999-01-01", with: "1999-01-01")
            let fine = try await f.journey.importPersons(csv: clean, programID: f.a.program.id, mode: .allOrNothing, dryRun: true,
                                                         by: manager, context: f.context(manager))
            #expect(fine.created == 3 && fine.rejected.isEmpty)
            #expect(try await f.count("persons") == before)
            #expect(try await f.events(participant: nil).filter { $0.action == .importRun }.allSatisfy { $0.detail.contains("dry_run=true") })
        }
    }

    @Test("export then import round-trips: nothing created, nothing changed; an edited cell updates one person", arguments: TestEngine.available)
    func exportImportRoundTrip(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await JourneyFixture.make(test.db)
            let j = f.journey, program = f.a.program.id
            let manager = try await f.actor(f.a.user(.programManager))
            var rich = f.person("Nguyễn", "O'Brien-Núñez", born: "1961-12-31", phone: "+1 (619) 555-0199")
            rich.preferredName = "=Win"
            rich.pronouns = "she/her"
            rich.details.email = "Win@Example.org"
            rich.details.mayCall = true
            rich.details.mayEmail = true
            rich.details.address = "12 Main St, Apt \"B\"\nSan Diego"
            rich.details.preferredLanguage = "vi"
            rich.details.otherLanguages = ["en", "fr"]
            rich.details.races = [.asian, .white]
            rich.details.ethnicity = .notHispanicOrLatino
            rich.details.genderIdentity = .woman
            rich.details.veteran = .veteran
            rich.details.insurance = .mediCal
            rich.details.housing = .homelessSheltered
            rich.details.populations = [.olderAdult, .veteran]
            rich.details.livedExperienceSought = [.mentalHealth]
            rich.details.culturalBackground = "Vietnamese, Irish"
            rich.details.peerGenderPreference = .woman
            rich.details.region = "Central"
            let first = try await j.createPerson(rich, programID: program, contact: nil, by: manager, context: f.context(manager))
            _ = try await j.createPerson(f.person("Plain", "Person", born: nil), programID: program, contact: nil, by: manager, context: f.context(manager))
            var friend = f.person("Kofi", "Mensah", born: "1960-01-01")
            friend.kind = .supportPerson
            friend.relatedParticipantID = first.id
            friend.relationship = .friend
            _ = try await j.createPerson(friend, programID: program, contact: nil, by: manager, context: f.context(manager))
            let other = try await f.actor(f.otherManager)
            _ = try await j.createPerson(f.person("Elsewhere", "Person", born: "1980-01-01"), programID: f.a.otherProgram.id, contact: nil,
                                         by: other, context: f.context(other))

            var csv = ""
            let count = try await j.exportPersons(by: manager, context: f.context(manager)) { csv += $0 }
            #expect(count == 3)
            #expect(csv.hasPrefix("\u{FEFF}" + PersonImport.header.joined(separator: ",") + "\r\n"))
            #expect(!csv.contains("Elsewhere"))
            #expect(csv.contains("'=Win"))
            let exports = try await f.events(participant: nil).filter { $0.action == .export }
            #expect(exports.map(\.detail) == ["rows=3"])

            let again = try await j.importPersons(csv: csv, programID: program, mode: .allOrNothing, dryRun: false, by: manager, context: f.context(manager))
            #expect(again.rejected.isEmpty, "\(again.rejected)")
            #expect((again.created, again.updated, again.unchanged) == (0, 0, 3))
            #expect(try await f.count("persons") == 4)

            let edited = csv.replacingOccurrences(of: "'+1 (619) 555-0199", with: "(619) 555-0100")
            let update = try await j.importPersons(csv: edited, programID: program, mode: .allOrNothing, dryRun: false, by: manager, context: f.context(manager))
            #expect((update.created, update.updated, update.unchanged) == (0, 1, 2))
            let stored = try await test.db.read { conn in try await PersonRecords.get(first.id, on: conn) }
            #expect(stored?.details.phone == "(619) 555-0100")
            #expect(stored?.details.address == rich.details.address)
            #expect(stored?.preferredName == "=Win")
            #expect(stored?.version == first.version + 1)
            let updates = try await f.events(participant: first.id).filter { $0.action == .recordUpdated }
            #expect(updates.count == 1)

            // A peer may not export.
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            await #expect(throws: Refused(decision: .deny)) { _ = try await j.exportPersons(by: peer, context: f.context(peer)) { _ in } }
        }
    }

    @Test("an id outside the importer's reach is not found, whether or not the person exists", arguments: TestEngine.available)
    func importUnreachableID(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await JourneyFixture.make(test.db)
            let (_, a2) = try await Self.twoTeams(f)
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let csv = """
                id,legal_given_name,date_of_birth
                \(a2.id.uuidString),Hijack,1990-01-01
                \(UUID().uuidString),Nobody,1990-01-01
                ,New,1990-01-01
                """
            let report = try await f.journey.importPersons(csv: csv, programID: f.a.program.id, mode: .rowByRow, dryRun: false, by: peer,
                                                           context: f.context(peer))
            #expect(report.created == 1)
            #expect(report.rejected.map(\.line) == [2, 3])
            #expect(report.rejected.allSatisfy { $0.errors.map(\.field) == ["id"] && $0.errors.map(\.code) == ["not_found"] })
            #expect(try await f.count("persons", where: "legal_given_name = 'Hijack'") == 0)
        }
    }

    @Test("a malformed row is reported with its line; an unreadable file or header fails whole", arguments: TestEngine.available)
    func malformedCSV(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await JourneyFixture.make(test.db)
            let manager = try await f.actor(f.a.user(.programManager))
            let j = f.journey, program = f.a.program.id
            // Line numbers count records, as a spreadsheet numbers rows, not the physical lines a quoted cell spans.
            let csv = "legal_given_name,date_of_birth,address\nAna,1990-01-01,\nBen,1980-02-02,,extra\n\nMo,1970-03-03,\"12 Main St\nApt 4\"\nDee,03/04/1999,\n"
            let report = try await j.importPersons(csv: csv, programID: program, mode: .rowByRow, dryRun: false, by: manager, context: f.context(manager))
            #expect(report.total == 4)
            #expect(report.created == 3)
            #expect(report.rejected.map(\.line) == [3])
            #expect(report.rejected.first?.errors.map { "\($0.field ?? ""): \($0.code)" } == ["row: wrong_cell_count"])

            let before = try await f.count("persons")
            do {
                _ = try await j.importPersons(csv: "legal_given_name,date_of_birth\nA\"na,1990-01-01\n", programID: program, mode: .rowByRow,
                                              dryRun: false, by: manager, context: f.context(manager))
                Issue.record("an unreadable file was accepted")
            } catch StoreError.invalid(let errors) {
                #expect(errors.errors.map { "\($0.field ?? ""): \($0.code)" } == ["file: stray_quote"])
            }
            do {
                _ = try await j.importPersons(csv: "legal_given_name,date_of_birth,shoe_size\nAna,1990-01-01,9\n", programID: program,
                                              mode: .rowByRow, dryRun: false, by: manager, context: f.context(manager))
                Issue.record("an unknown column was accepted")
            } catch StoreError.invalid(let errors) {
                #expect(errors.errors.map { "\($0.field ?? ""): \($0.code)" } == ["shoe_size: unknown_column"])
            }
            do {
                _ = try await j.importPersons(csv: "legal_given_name,date_of_birth\nAna,1990-01-01\n", programID: f.a.otherProgram.id,
                                              mode: .rowByRow, dryRun: false, by: manager, context: f.context(manager))
                Issue.record("a program the manager does not work in was accepted")
            } catch StoreError.invalid(let errors) {
                #expect(errors.errors.map(\.field) == ["program_id"])
            }
            #expect(try await f.count("persons") == before)
        }
    }

    @Test("contacts import: a reachable person or none; anyone else is not found", arguments: TestEngine.available)
    func importContacts(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await JourneyFixture.make(test.db)
            let (_, a2) = try await Self.twoTeams(f)
            let j = f.journey, program = f.a.program.id
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let mine = try await j.createPerson(f.person("Mine", "Own", born: "1990-01-01"), programID: program, contact: nil, by: peer,
                                                context: f.context(peer))
            let before = try await f.count("contacts")
            let csv = """
                occurred_at,person_id,source,made_by,method,setting,note
                2026-01-05T10:30,\(mine.id.uuidString),walk_in,self,in_person,program_office,Came by
                2026-01-06,,warm line,self,phone,remote,
                2026-01-07,\(a2.id.uuidString),phone,self,phone,remote,
                2999-01-01,,phone,self,phone,remote,
                """
            let report = try await j.importContacts(csv: csv, programID: program, mode: .rowByRow, dryRun: false, by: peer, context: f.context(peer))
            #expect(report.created == 2)
            #expect(report.rejected.map(\.line) == [4, 5])
            #expect(report.rejected.first?.errors.map { "\($0.field ?? ""): \($0.code)" } == ["person_id: not_found"])
            #expect(report.rejected.last?.errors.map { "\($0.field ?? ""): \($0.code)" } == ["occurred_at: in_future"])
            #expect(try await f.count("contacts") == before + 2)
            let logged = try await test.db.read { conn in try await ContactRecords.loggedBy(peer.userID, limit: 10, on: conn) }
            #expect(Set(logged.map(\.personID)) == [mine.id, nil])
            #expect(logged.allSatisfy { $0.programID == program })
            let runs = try await f.events(participant: nil).filter { $0.action == .importRun }
            #expect(runs.map(\.resourceType) == ["contact_import"])
        }
    }

    // MARK: - Demo data

    @Test("demo data gives the demo peer a realistic caseload and an intact audit trail", arguments: TestEngine.available)
    func demoJourney(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let audit = AuditLog(key: TestDatabase.auditKey)
            let seen = ProgressLog()
            _ = try await DemoGenerator(seed: 3, participants: 300, hasher: Fixture.hasher, base32: { $0 })
                .generate(into: test.db, audit: audit) { done, total in seen.add(done, total) }
            #expect(seen.last == [300, 300])
            let user = try #require(try await test.db.read { conn in
                try await UserRecords.credentials(email: "peer@\(DemoGenerator.emailDomain)", on: conn)?.user
            })
            let peer = try await test.db.read { conn in try await UserRecords.actor(for: user, on: conn) }
            let journey = ParticipantJourney(StoreContext(db: test.db, audit: audit, timeZone: TimeZone(identifier: "America/Los_Angeles")!))
            let context = AuditContext.cli("test").acting(as: peer)
            let caseload = try await journey.caseload(by: peer, context: context)
            #expect((15...25).contains(caseload.count), "caseload \(caseload.count)")
            let statuses = caseload.compactMap { $0.episode.nextReviewOn.map { ReviewSchedule.status(due: $0, today: journey.today) } }
            #expect(statuses.filter { $0 == .overdue }.count >= 2)
            #expect(statuses.filter { $0 == .dueSoon }.count >= 2)
            #expect(try await journey.record(caseload[0].person.id, by: peer, context: context).episodes.count == 1)

            let count = { (table: String) async throws -> Int in
                try await test.db.read { conn in try await conn.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self) }
            }
            #expect(try await count("persons") >= 300)
            let enrolled = try await count("episodes")
            #expect(enrolled >= 25 && enrolled <= 90, "episodes \(enrolled)")
            #expect(try await count("contacts") >= 330)
            #expect(try await count("workforce_profiles") >= 12)
            #expect(try await count("crisis_events") > 0)
            let batches = try await test.db.read { conn in
                try await conn.sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE resource_type = 'demo_batch'").first()!.decode(column: "n", as: Int.self)
            }
            // A batch per program of the journey, one of referrals, one per organization of instruments, of plans and of the
            // workforce: never one per row.
            #expect(batches >= 1 && batches <= 16, "demo batches \(batches)")
            #expect(try await audit.verify(test.db).isIntact)
        }
    }
}

/// Progress callbacks as a test sees them: the last [done, total].
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var value: [Int] = []
    func add(_ done: Int, _ total: Int) { lock.lock(); value = [done, total]; lock.unlock() }
    var last: [Int] { lock.lock(); defer { lock.unlock() }; return value }
}
