import Foundation
import PeerwayCore
import PeerwayDemo
import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

/// Outcome instruments through `Instruments`, on every engine: an administration stored with the scores
/// Core computed and audited; refusals that write nothing; a corrected intake that replaces the first;
/// who can NOT record or read one; a person's history; each program's schedule and what is due.
/// The workflow runs on the fixture's hand-moved clock (UTC, from Thursday 2026-09-24 18:00) with ids
/// counted from `firstID`.
@Suite("Instruments (store)")
struct InstrumentStoreTests {
    static let tables = ["instrument_administrations", "instrument_scores", "program_instrument_schedules", "audit_events"]
    static let firstID: UInt64 = 0x1_0000

    static func id(_ n: UInt64) -> UUID { UUID(uuidString: String(format: "00000000-0000-0000-0000-%012llx", n))! }

    struct Setup {
        let f: ServiceFixture
        let instruments: Instruments

        static func run(_ engine: TestEngine, _ body: (Setup) async throws -> Void) async throws {
            try await TestDatabase.with(engine) { test in
                let f = try await ServiceFixture.make(test.db)
                let store = StoreContext(db: test.db, auditKey: TestDatabase.auditKey, clock: f.clock, ids: SequentialIDs(start: firstID),
                                         timeZone: TimeZone(identifier: "UTC")!)
                try await body(Setup(f: f, instruments: Instruments(store)))
            }
        }

        var today: CalendarDate { instruments.today }

        func actor(_ user: User) async throws -> Actor { try await f.actor(user) }
        func actor(_ role: Role) async throws -> Actor { try await f.actor(f.a.user(role)) }
        func context(_ actor: Actor) -> AuditContext { f.context(actor) }

        /// A participant of program A1 paired with side A's peer, enrolled today.
        func participant(_ given: String = "Rosa", _ family: String = "Delgado") async throws -> Person {
            try await f.participant(given, family, takenInBy: f.a.user(.programManager), pairedWith: f.a.user(.peerSpecialist))
        }

        func counts() async throws -> [String: Int] {
            var out: [String: Int] = [:]
            for table in InstrumentStoreTests.tables { out[table] = try await f.count(table) }
            return out
        }

        /// Expects `StoreError.invalid` naming `field` and `code`, and not a row written anywhere, audit trail included.
        func expectInvalid(_ field: String, _ code: String, sourceLocation: SourceLocation = #_sourceLocation,
                           _ body: () async throws -> Void) async throws {
            let before = try await counts()
            do {
                try await body()
                Issue.record("accepted; expected \(field): \(code)", sourceLocation: sourceLocation)
            } catch StoreError.invalid(let errors) {
                #expect(errors.errors.contains { $0.field == field && $0.code == code }, "got \(errors.errors)", sourceLocation: sourceLocation)
            }
            #expect(try await counts() == before, sourceLocation: sourceLocation)
        }

        /// Side A's audit events about instruments, oldest first.
        func events(_ resource: AuditResource, participant: UUID? = nil) async throws -> [AuditEvent] {
            try await f.events(participant: participant).filter { $0.resourceType == resource.rawValue }
        }

        func stored(_ id: UUID) async throws -> InstrumentAdministration? {
            try await f.db.read { conn in try await InstrumentRecords.get(id, on: conn) }
        }

        func isCurrent(_ id: UUID) async throws -> Bool {
            try await f.db.read { conn in
                try await conn.sql.raw("SELECT is_current FROM instrument_administrations WHERE id = \(bind: id)").first()!
                    .decode(column: "is_current", as: Bool.self)
            }
        }

        /// Sets PROMIS Global-10 at intake, every 90 days and at discharge in program A1, as its manager.
        func schedulePromis() async throws {
            let manager = try await actor(.programManager)
            try await instruments.setSchedule(InstrumentScheduleRule(instrumentID: PromisGlobal10.id, atIntake: true, everyDays: 90, atDischarge: true),
                                              programID: f.a.program.id, by: manager, context: context(manager))
        }
    }

    /// PROMIS Global-10 answers: mental health raw 16 (T 53.3), physical health raw 15 (T 47.7).
    static let promis: [String: Int] = [
        "global01": 3, "global02": 4, "global03": 3, "global04": 4, "global05": 4, "global09r": 4, "global06": 4, "global10r": 4,
        "global08r": 4, "global07r": 3,
    ]

    static func draft(_ kind: TimepointKind = .intake, on day: CalendarDate, responses: [String: Int] = promis,
                      replaceReason: String = "") -> AdministrationDraft {
        AdministrationDraft(instrumentID: PromisGlobal10.id, timepoint: kind, givenOn: day, respondent: .selfReport, language: "es",
                            responses: responses, replaceReason: replaceReason)
    }

    @Test("a PROMIS intake is stored with its answers and the scores Core computed, read back equal, and audited", arguments: TestEngine.available)
    func recordIntake(engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            let peer = try await s.actor(.peerSpecialist)
            let person = try await s.participant()
            let before = try await s.counts()

            let recorded = try await s.instruments.record(for: person.id, Self.draft(on: s.today), by: peer, context: s.context(peer))
            #expect(recorded.id == Self.id(Self.firstID))
            #expect(recorded.timepoint == .intake && recorded.givenOn == s.today && recorded.givenBy == peer.userID)
            #expect(recorded.recordedAt == s.f.clock.now() && recorded.programID == s.f.a.program.id && recorded.instrumentVersion == "1.2")
            #expect(recorded.responses == Self.promis && recorded.language == "es" && recorded.respondent == .selfReport)
            let mental = try #require(recorded.score("mental"))
            #expect(mental.raw == 16 && mental.tScore == 53.3 && mental.standardError == 3.7 && mental.band == "average")
            let physical = try #require(recorded.score("physical"))
            #expect(physical.raw == 15 && physical.tScore == 47.7)
            #expect(recorded.score("general_health")?.raw == 3 && recorded.score("social_roles")?.raw == 4)
            #expect(recorded.scores == PromisGlobal10.instrument.score(Self.promis, at: .intake))

            // Read back exactly as recorded: the answers, the scores scale by scale, the times.
            #expect(try await s.stored(recorded.id) == recorded)
            var after = try await s.counts()
            #expect(after["instrument_administrations"]! == before["instrument_administrations"]! + 1)
            #expect(after["instrument_scores"]! == before["instrument_scores"]! + 4)
            after["audit_events"]! -= 1
            after["instrument_administrations"]! -= 1
            after["instrument_scores"]! -= 4
            #expect(after == before)

            let events = try await s.events(.instrumentAdministration, participant: person.id)
            #expect(events.map(\.action) == [.recordCreated])
            #expect(events.first?.resourceID == recorded.id.text && events.first?.actorUserID == peer.userID)
            #expect(events.first?.detail == "instrument=promis-global-10 timepoint=intake")
            // The trail says what was recorded, never the answers or the scores.
            #expect(!(events.first?.detail.contains("53.3") ?? true))
        }
    }

    @Test("a second intake is refused with intake_exists and writes nothing; with a reason it replaces the first, which is no longer current",
          arguments: TestEngine.available)
    func replaceIntake(engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            let peer = try await s.actor(.peerSpecialist)
            let person = try await s.participant()
            let first = try await s.instruments.record(for: person.id, Self.draft(on: s.today), by: peer, context: s.context(peer))
            s.f.clock.advance(3600)

            var corrected = Self.promis
            corrected["global04"] = 5
            try await s.expectInvalid("replace_reason", "intake_exists") {
                _ = try await s.instruments.record(for: person.id, Self.draft(on: s.today, responses: corrected), by: peer, context: s.context(peer))
            }

            let second = try await s.instruments.record(for: person.id, Self.draft(on: s.today, responses: corrected,
                                                                                   replaceReason: "Answers were entered in the wrong rows"),
                                                        by: peer, context: s.context(peer))
            #expect(second.replaces == first.id && second.replaceReason == "Answers were entered in the wrong rows")
            #expect(second.timepoint == .intake && second.score("mental")?.raw == 17 && second.score("mental")?.tScore == 56.0)
            // The first stays, no longer current; the history shows only its replacement.
            #expect(try await s.stored(first.id) != nil)
            #expect(try await !s.isCurrent(first.id))
            #expect(try await s.isCurrent(second.id))
            let history = try await s.instruments.history(person.id, by: peer, context: s.context(peer))
            #expect(history.administrations.map(\.id) == [second.id])

            let created = try await s.events(.instrumentAdministration, participant: person.id).filter { $0.action == .recordCreated }
            #expect(created.map(\.resourceID) == [first.id.text, second.id.text])
            #expect(created.last?.detail == "instrument=promis-global-10 timepoint=intake replaces=\(first.id.text)")
            #expect(!created.contains { $0.detail.contains("wrong rows") })
        }
    }

    @Test("bad drafts write nothing: a follow-up before the intake, an answer that is not an option, a day in the future",
          arguments: TestEngine.available)
    func refusals(engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            let peer = try await s.actor(.peerSpecialist)
            let person = try await s.participant()
            let enrolled = s.today
            s.f.clock.advance(10 * 86_400)
            _ = try await s.instruments.record(for: person.id, Self.draft(on: enrolled.adding(days: 5)), by: peer, context: s.context(peer))

            try await s.expectInvalid("given_on", "before_intake") {
                _ = try await s.instruments.record(for: person.id, Self.draft(.followUp, on: enrolled.adding(days: 3)), by: peer, context: s.context(peer))
            }
            try await s.expectInvalid("given_on", "before_intake") {
                _ = try await s.instruments.record(for: person.id, Self.draft(.followUp, on: enrolled.adding(days: 5)), by: peer, context: s.context(peer))
            }
            var outside = Self.promis
            outside["global02"] = 9
            try await s.expectInvalid("responses.global02", "not_an_option") {
                _ = try await s.instruments.record(for: person.id, Self.draft(.followUp, on: s.today, responses: outside), by: peer,
                                                   context: s.context(peer))
            }
            try await s.expectInvalid("given_on", "in_future") {
                _ = try await s.instruments.record(for: person.id, Self.draft(.followUp, on: s.today.adding(days: 1)), by: peer,
                                                   context: s.context(peer))
            }
            try await s.expectInvalid("instrument", "unknown_instrument") {
                var draft = Self.draft(.followUp, on: s.today)
                draft.instrumentID = "phq-9"
                _ = try await s.instruments.record(for: person.id, draft, by: peer, context: s.context(peer))
            }
            // The same follow-up, dated rightly, is accepted as the first follow-up.
            let followUp = try await s.instruments.record(for: person.id, Self.draft(.followUp, on: s.today), by: peer, context: s.context(peer))
            #expect(followUp.timepoint == .followUp(1))
        }
    }

    @Test("who can NOT record or read an administration: a colleague without the person, another program's peer, another organization",
          arguments: TestEngine.available)
    func access(engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            let peer = try await s.actor(.peerSpecialist)
            let person = try await s.participant()
            let mine = try await s.instruments.record(for: person.id, Self.draft(on: s.today), by: peer, context: s.context(peer))

            // Outside the actor's caseload or organization: refused as not found, nothing written but the refusal's event.
            let outsiders = [s.f.journeyFixture.colleague, s.f.journeyFixture.otherPeer, s.f.base.b.user(.peerSpecialist)]
            for user in outsiders {
                let outsider = try await s.actor(user)
                let before = try await s.counts()
                await #expect(throws: AccessRefused(decision: .notFound)) {
                    _ = try await s.instruments.record(for: person.id, Self.draft(.followUp, on: s.today), by: outsider, context: s.context(outsider))
                }
                await #expect(throws: AccessRefused(decision: .notFound)) {
                    _ = try await s.instruments.history(person.id, by: outsider, context: s.context(outsider))
                }
                var after = try await s.counts()
                after["audit_events"]! -= 2
                #expect(after == before)
            }
            // Each refusal was audited as access_denied; provider B's refusals are in B's trail.
            let denied = try await s.f.events(participant: nil).filter { $0.action == .accessDenied }
            #expect(denied.count == 2 * 2)
            #expect(denied.allSatisfy { $0.resourceType == AuditResource.instrumentAdministration.rawValue && $0.outcome == .denied })
            #expect(Set(denied.compactMap(\.actorUserID)) == [s.f.journeyFixture.colleague.id, s.f.journeyFixture.otherPeer.id])
            let bDenied = try await AuditLog(key: TestDatabase.auditKey).list(AuditFilter(organizationIDs: [s.f.base.b.provider.id]), on: s.f.db)
                .events.filter { $0.action == .accessDenied }
            #expect(bDenied.count == 2 && bDenied.allSatisfy { $0.actorUserID == s.f.base.b.user(.peerSpecialist).id })

            // Another organization's administration cannot be read by id, and reveals nothing.
            let bPeerUser = s.f.base.b.user(.peerSpecialist)
            let bPeer = try await s.actor(bPeerUser)
            let bPerson = try await s.f.participant("Lena", "Moss", takenInBy: s.f.base.b.user(.programManager), manager: s.f.base.b.user(.programManager),
                                                    program: s.f.base.b.program.id, pairedWith: bPeerUser)
            let theirs = try await s.instruments.record(for: bPerson.id, Self.draft(on: s.today), by: bPeer, context: s.context(bPeer))
            let access = Access(db: s.f.db, audit: s.instruments.audit)
            await #expect(throws: AccessRefused(decision: .notFound)) {
                _ = try await access.resolve(.instrumentAdministration, theirs.id, .read, by: peer, context: s.context(peer))
            }
            await #expect(throws: AccessRefused(decision: .notFound)) {
                _ = try await s.f.db.read { conn in try await Access.resolve(.instrumentAdministration, theirs.id, .read, by: peer, on: conn) }
            }
            // Nor may side B read side A's; the peer reads their own, and the detail is audited as a read.
            await #expect(throws: AccessRefused(decision: .notFound)) {
                _ = try await access.resolve(.instrumentAdministration, mine.id, .read, by: bPeer, context: s.context(bPeer))
            }
            let colleague = try await s.actor(s.f.journeyFixture.colleague)
            await #expect(throws: AccessRefused.self) {
                _ = try await access.resolve(.instrumentAdministration, mine.id, .read, by: colleague, context: s.context(colleague))
            }
            let authorized = try await access.resolve(.instrumentAdministration, mine.id, .read, by: peer, context: s.context(peer))
            let detail = try await s.instruments.detail(of: authorized, context: s.context(peer))
            #expect(detail.administration == mine && detail.person.id == person.id)
            let reads = try await s.events(.instrumentAdministration, participant: person.id).filter { $0.action == .recordRead }
            #expect(reads.map(\.resourceID) == [mine.id.text])
        }
    }

    @Test("a person's history is oldest first, each administration's scores in the instrument's order of scales", arguments: TestEngine.available)
    func history(engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            let peer = try await s.actor(.peerSpecialist)
            let person = try await s.participant()
            let enrolled = s.today
            s.f.clock.advance(100 * 86_400)
            // Recorded out of order: the follow-up first, then the intake it follows, then MORS between them.
            var later = Self.promis
            later["global10r"] = 5
            _ = try await s.instruments.record(for: person.id, Self.draft(on: enrolled.adding(days: 2)), by: peer, context: s.context(peer))
            let followUp = try await s.instruments.record(for: person.id, Self.draft(.followUp, on: enrolled.adding(days: 95), responses: later),
                                                          by: peer, context: s.context(peer))
            let mors = try await s.instruments.record(for: person.id, AdministrationDraft(instrumentID: MORS.id, timepoint: .intake,
                                                                                          givenOn: enrolled.adding(days: 3), respondent: .staffRated,
                                                                                          responses: ["milestone": 5]),
                                                      by: peer, context: s.context(peer))
            #expect(mors.score("milestone")?.raw == 5 && mors.score("milestone")?.band == "poorly_coping")

            let history = try await s.instruments.history(person.id, by: peer, context: s.context(peer))
            #expect(history.administrations.map(\.givenOn) == [enrolled.adding(days: 2), enrolled.adding(days: 3), enrolled.adding(days: 95)])
            #expect(history.administrations.map(\.instrumentID) == [PromisGlobal10.id, MORS.id, PromisGlobal10.id])
            #expect(history.administrations.last?.timepoint == .followUp(1) && history.administrations.last == followUp)
            for administration in history.administrations where administration.instrumentID == PromisGlobal10.id {
                #expect(administration.scores.map(\.scale) == ["physical", "mental", "general_health", "social_roles"])
            }
            #expect(history.episodes.map(\.programID) == [s.f.a.program.id])
            #expect(history.staffNames[peer.userID] != nil)
            // Mental health from 16 (T 53.3) to 17 (T 56.0): the change a report pairs.
            let change = InstrumentChange.paired(history.administrations).first { $0.instrumentID == PromisGlobal10.id && $0.scale == "mental" }
            #expect(change?.intake == 53.3 && change?.latest == 56.0 && change?.change == 2.7)
            let read = try await s.events(.instrumentAdministration, participant: person.id).filter { $0.action == .recordRead }
            #expect(read.map(\.detail) == ["entries=3"])
        }
    }

    @Test("the schedule: a peer may not set it, the program manager may; the refusal is audited", arguments: TestEngine.available)
    func schedule(engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            let peer = try await s.actor(.peerSpecialist)
            let rule = InstrumentScheduleRule(instrumentID: MORS.id, atIntake: true, everyDays: 30, atDischarge: false)
            let before = try await s.counts()
            await #expect(throws: AccessRefused.self) {
                try await s.instruments.setSchedule(rule, programID: s.f.a.program.id, by: peer, context: s.context(peer))
            }
            var after = try await s.counts()
            after["audit_events"]! -= 1
            #expect(after == before)
            let denied = try await s.events(.instrumentSchedule).filter { $0.action == .accessDenied }
            #expect(denied.map(\.actorUserID) == [peer.userID])
            #expect(try await s.instruments.schedule(programID: s.f.a.program.id, by: peer).isEmpty)

            let manager = try await s.actor(.programManager)
            try await s.instruments.setSchedule(rule, programID: s.f.a.program.id, by: manager, context: s.context(manager))
            try await s.schedulePromis()
            // Everyone in the program reads it; a rule out of range is refused and writes nothing.
            #expect(try await s.instruments.schedule(programID: s.f.a.program.id, by: peer).map(\.instrumentID) == [MORS.id, PromisGlobal10.id])
            #expect(try await s.instruments.schedule(programID: s.f.a.program.id, by: peer).first == rule)
            try await s.expectInvalid("every_days", "out_of_range") {
                try await s.instruments.setSchedule(InstrumentScheduleRule(instrumentID: MORS.id, atIntake: true, everyDays: 3, atDischarge: false),
                                                    programID: s.f.a.program.id, by: manager, context: s.context(manager))
            }
            // Another organization's manager cannot see or change it.
            let other = try await s.actor(s.f.base.b.user(.programManager))
            await #expect(throws: AccessRefused.self) {
                try await s.instruments.setSchedule(rule, programID: s.f.a.program.id, by: other, context: s.context(other))
            }
            await #expect(throws: AccessRefused.self) {
                _ = try await s.instruments.schedule(programID: s.f.a.program.id, by: other)
            }
            let changes = try await s.events(.instrumentSchedule).filter { $0.action == .programUpdated }
            #expect(changes.map(\.detail) == ["instrument=mors intake=true every=30 discharge=false",
                                              "instrument=promis-global-10 intake=true every=90 discharge=true"])
            // A rule that schedules nothing removes the instrument.
            try await s.instruments.setSchedule(InstrumentScheduleRule(instrumentID: MORS.id, atIntake: false, everyDays: nil, atDischarge: false),
                                                programID: s.f.a.program.id, by: manager, context: s.context(manager))
            #expect(try await s.instruments.schedule(programID: s.f.a.program.id, by: peer).map(\.instrumentID) == [PromisGlobal10.id])
        }
    }

    @Test("due: the intake of an enrolled participant until it is given, then the follow-up once 90 days have passed", arguments: TestEngine.available)
    func due(engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            let peer = try await s.actor(.peerSpecialist)
            try await s.schedulePromis()
            let person = try await s.participant()
            let enrolled = s.today

            var lines = try await s.instruments.due(by: peer, context: s.context(peer))
            #expect(lines.map(\.person.id) == [person.id])
            #expect(lines.map(\.due.instrumentID) == [PromisGlobal10.id] && lines.map(\.due.timepoint) == [.intake])
            #expect(lines.map(\.due.dueOn) == [enrolled] && lines.map(\.due.overdue) == [false])
            // A colleague's list does not show someone else's caseload.
            let colleague = try await s.actor(s.f.journeyFixture.colleague)
            #expect(try await s.instruments.due(by: colleague, context: s.context(colleague)).isEmpty)

            _ = try await s.instruments.record(for: person.id, Self.draft(on: enrolled), by: peer, context: s.context(peer))
            #expect(try await s.instruments.due(by: peer, context: s.context(peer)).isEmpty)

            s.f.clock.advance(60 * 86_400)
            #expect(try await s.instruments.due(by: peer, context: s.context(peer)).isEmpty)
            s.f.clock.advance(30 * 86_400)
            lines = try await s.instruments.due(by: peer, context: s.context(peer))
            #expect(lines.map(\.due.instrumentID) == [PromisGlobal10.id] && lines.map(\.due.timepoint) == [.followUp])
            #expect(lines.map(\.due.dueOn) == [enrolled.adding(days: 90)] && lines.map(\.due.overdue) == [false])
            // The supervisor's program-wide list shows it too; given, it leaves both.
            let supervisor = try await s.actor(.supervisor)
            #expect(try await s.instruments.due(by: supervisor, programWide: true, context: s.context(supervisor)).map(\.person.id) == [person.id])
            _ = try await s.instruments.record(for: person.id, Self.draft(.followUp, on: s.today), by: peer, context: s.context(peer))
            #expect(try await s.instruments.due(by: peer, context: s.context(peer)).isEmpty)
            #expect(try await s.instruments.due(by: supervisor, programWide: true, context: s.context(supervisor)).isEmpty)
            let reads = try await s.events(.instrumentsDue).filter { $0.action == .recordRead }
            #expect(reads.count == 8 && reads.first?.detail == "entries=1")
        }
    }

    @Test("demo data: every program's schedule, administrations that pass the rules with Core's scores, intakes due on the demo peer's list",
          arguments: TestEngine.available)
    func demo(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let audit = AuditLog(key: TestDatabase.auditKey)
            let summary = try await DemoGenerator(seed: 7, participants: 200, hasher: Fixture.hasher, base32: { $0 }).generate(into: test.db, audit: audit)
            // Four instruments in each of the five programs, and BARC-10 in one.
            #expect(summary.instrumentSchedules == 5 * 4 + 1)
            let store = StoreContext(db: test.db, audit: audit, timeZone: TimeZone(identifier: "America/Los_Angeles")!)
            let given = try await test.db.read { conn in
                let programs = try await conn.sql.raw("SELECT id FROM programs").all().map { try $0.decode(column: "id", as: UUID.self) }
                return try await InstrumentRecords.page(programIDs: programs, from: store.today.adding(days: -3000), to: store.today, after: nil,
                                                        limit: 100_000, on: conn)
            }
            #expect(given.count == summary.instrumentAdministrations && given.count > 100)
            #expect(Set(given.map(\.instrumentID)) == Set(InstrumentCatalog.all.map(\.id)))
            let rescored = given.filter { a in a.scores != InstrumentCatalog.instrument(a.instrumentID)?.score(a.responses, at: a.timepoint.kind) }
            #expect(rescored.isEmpty, "\(rescored.count) administrations whose scores Core would not give")
            #expect(given.allSatisfy { ($0.instrumentID == MORS.id) == ($0.respondent == .staffRated) && $0.givenOn <= store.today })
            #expect(Set(given.map(\.timepoint.kind)) == Set(TimepointKind.allCases))
            #expect(given.contains { a in a.scores.contains { !$0.computed } })

            // MORS every two weeks, the symptom areas monthly, PROMIS and the program's questions every 90 days (monthly in the
            // time-limited program); every instrument at intake and discharge.
            let (models, schedules) = try await test.db.read { conn in
                let models = Dictionary(uniqueKeysWithValues: try await conn.sql.raw("SELECT id, model FROM programs").all().map {
                    (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "model", as: String.self))
                })
                return (models, try await InstrumentScheduleRecords.forPrograms(Array(models.keys), on: conn))
            }
            #expect(schedules.count == 5 && Set(models.values) == Set(Program.Model.allCases.map(\.rawValue)))
            for (programID, rules) in schedules {
                let full = models[programID] == Program.Model.timeLimited.rawValue ? 30 : 90
                let every = Dictionary(uniqueKeysWithValues: rules.map { ($0.instrumentID, $0.everyDays) })
                #expect(every[MORS.id] == 14 && every[SymptomAreas.id] == 30, "\(every)")
                #expect(every[PromisGlobal10.id] == full && every[ProgramProfile.id] == full && (every[BARC10.id] ?? full) == full, "\(every)")
                #expect(rules.allSatisfy { $0.atIntake && $0.atDischarge })
            }
            // A follow-up comes once its instrument's interval has come round since it was last given (counting the week the due
            // list shows it early), so the peer's ratings outnumber the self-reports.
            let early = given.filter { a in
                guard a.timepoint.kind == .followUp, let every = schedules[a.programID]?.first(where: { $0.instrumentID == a.instrumentID })?.everyDays
                else { return false }
                let before = given.filter { $0.episodeID == a.episodeID && $0.instrumentID == a.instrumentID && $0.timepoint.kind != .discharge
                    && $0.givenOn < a.givenOn }.map(\.givenOn).max()
                return before.map { $0.adding(days: every) > a.givenOn.adding(days: InstrumentSchedule.noticeDays) } ?? true
            }
            #expect(early.isEmpty, "\(early.count) follow-ups before their interval came round")
            let counts = Dictionary(grouping: given, by: \.instrumentID).mapValues(\.count)
            // About 25 an episode (1,205 in 48 episodes when measured); at 100,000 participants, some 300,000.
            let episodes = try await test.db.rowCount("episodes")
            #expect(given.count >= 15 * episodes, "\(given.count) administrations in \(episodes) episodes")
            #expect(counts[MORS.id]! > counts[SymptomAreas.id]! && counts[SymptomAreas.id]! > counts[PromisGlobal10.id]!, "\(counts)")

            let user = try #require(try await test.db.read { conn in
                try await UserRecords.credentials(email: "peer@\(DemoGenerator.emailDomain)", on: conn)?.user
            })
            let peer = try await test.db.read { conn in try await UserRecords.actor(for: user, on: conn) }
            let due = try await Instruments(store).due(by: peer, context: AuditContext.cli("test").acting(as: peer))
            #expect(Set(due.filter { $0.due.timepoint == .intake }.map(\.person.id)).count == 2)
            #expect(due.contains { $0.due.timepoint == .followUp })
            #expect(try await audit.verify(test.db).isIntact)
        }
    }
}
