import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

/// Service documentation through `ServiceDocumentation`, on every engine: a note from draft to signed to
/// amended to co-signed, refusals that write nothing, groups seen by each participant's own peer, weeks,
/// the co-signature queue, the service mix, the billing extract and outreach.
@Suite("Service documentation (store)")
struct ServiceDocumentationStoreTests {
    typealias Refused = AccessRefused

    static func day(_ text: String) -> CalendarDate { CalendarDate(text)! }

    /// Expects `StoreError.invalid` naming `field` and `code`, and that no service table nor the audit trail changed.
    static func expectInvalid(_ f: ServiceFixture, field: String, code: String, _ body: () async throws -> Void,
                              sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let before = try await f.counts()
        do {
            try await body()
            Issue.record("accepted; expected \(field): \(code)", sourceLocation: sourceLocation)
        } catch StoreError.invalid(let errors) {
            #expect(errors.errors.contains { $0.field == field && $0.code == code }, "got \(errors.errors)", sourceLocation: sourceLocation)
        }
        let after = try await f.counts()
        #expect(before == after, "rows changed: \(after.filter { before[$0.key] != $0.value })", sourceLocation: sourceLocation)
    }

    /// Expects the participant to be refused on `field` as not on the caseload: nothing written but one
    /// `access_denied` event by the actor.
    static func expectOffCaseload(_ f: ServiceFixture, _ actor: Actor, field: String, _ body: () async throws -> Void,
                                  sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let before = try await f.counts()
        let denials = try await f.events(participant: nil).filter { $0.action == .accessDenied }.count
        do {
            try await body()
            Issue.record("accepted; expected \(field): not_on_caseload", sourceLocation: sourceLocation)
        } catch StoreError.invalid(let errors) {
            #expect(errors.errors.map { "\($0.field ?? ""):\($0.code)" } == ["\(field):not_on_caseload"], sourceLocation: sourceLocation)
        }
        var after = try await f.counts()
        #expect(after["audit_events"] == before["audit_events"]! + 1, sourceLocation: sourceLocation)
        after["audit_events"] = before["audit_events"]
        #expect(before == after, "rows changed: \(after.filter { before[$0.key] != $0.value })", sourceLocation: sourceLocation)
        let events = try await f.events(participant: nil).filter { $0.action == .accessDenied }
        #expect(events.count == denials + 1, sourceLocation: sourceLocation)
        #expect(events.last?.actorUserID == actor.userID, sourceLocation: sourceLocation)
        #expect(events.last?.outcome == .denied, sourceLocation: sourceLocation)
        #expect(events.last?.resourceType == "participant", sourceLocation: sourceLocation)
    }

    /// The core-function rows of a service, sorted.
    static func functions(_ f: ServiceFixture, _ id: UUID) async throws -> [String] {
        try await f.db.read { conn in
            try await conn.sql.raw("SELECT code FROM service_functions WHERE service_id = \(bind: id) ORDER BY code").all()
                .map { try $0.decode(column: "code", as: String.self) }
        }
    }

    /// A thread-safe list for `@Sendable` callbacks.
    final class Collected<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [T] = []
        func append(_ item: T) { lock.lock(); items.append(item); lock.unlock() }
        var all: [T] { lock.lock(); defer { lock.unlock() }; return items }
    }

    // MARK: - Draft, sign, lock

    @Test("a one-to-one note is drafted, saved, signed, and from then on locked: saving a draft changes nothing", arguments: TestEngine.available)
    func draftSignLock(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let s = f.services, program = f.a.program.id
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let supervisor = try await f.actor(f.a.user(.supervisor))
            let person = try await f.participant("Rosa", "Delgado", takenInBy: f.a.user(.programManager), pairedWith: f.a.user(.peerSpecialist))
            let monday = Self.day("2026-09-21")

            // A draft may lack its note and core functions.
            let draft = try await s.document(personID: person.id, programID: program,
                                             ServiceFixture.input(date: monday, functions: [], note: ""), sign: false, by: peer,
                                             context: f.context(peer))
            #expect(draft.status == .draft)
            #expect(draft.version == 1)
            #expect(draft.signedAt == nil)
            #expect(draft.peerID == peer.userID)
            #expect(draft.enteredAt == f.clock.now())
            #expect(draft.units == 3)
            #expect(try await f.stored(draft.id) == draft)
            // Signing it as it stands is refused: a signed note must be complete.
            try await Self.expectInvalid(f, field: "note", code: "required") {
                _ = try await s.sign(draft.id, expectedVersion: nil, by: peer, context: f.context(peer))
            }

            f.clock.advance(60)
            let saved = try await s.saveDraft(draft.id, ServiceFixture.input(date: monday, minutes: "", end: "10:45"), expectedVersion: 1,
                                              sign: false, by: peer, context: f.context(peer))
            #expect(saved.status == .draft)
            #expect(saved.version == 2)
            #expect(saved.content.durationMinutes == 45)
            #expect(saved.content.coreFunctions == ["health_system_navigation", "assertive_linkage"])
            #expect(saved.enteredAt == draft.enteredAt)
            #expect(try await f.stored(draft.id) == saved)
            // A draft is counted nowhere (`ServiceCounting`): its core functions have no rows until it is signed.
            #expect(try await Self.functions(f, draft.id) == [])
            // A stale version is a conflict, not a lost update.
            await #expect(throws: StoreError.conflict) {
                _ = try await s.saveDraft(draft.id, ServiceFixture.input(date: monday, note: "Stale"), expectedVersion: 1, sign: false, by: peer,
                                          context: f.context(peer))
            }
            // Only the author edits or signs a draft.
            await #expect(throws: Refused(decision: .deny)) {
                _ = try await s.sign(draft.id, expectedVersion: nil, by: supervisor, context: f.context(supervisor))
            }
            let colleague = try await f.actor(f.journeyFixture.colleague)
            await #expect(throws: Refused(decision: .notFound)) {
                _ = try await s.saveDraft(draft.id, ServiceFixture.input(date: monday), expectedVersion: nil, sign: false, by: colleague,
                                          context: f.context(colleague))
            }

            f.clock.advance(60)
            let signed = try await s.sign(draft.id, expectedVersion: 2, by: peer, context: f.context(peer))
            #expect(signed.status == .signed)
            #expect(signed.signedAt == f.clock.now())
            #expect(signed.version == 3)
            #expect(!signed.cosignRequired)
            #expect(!signed.awaitingCosignature)
            let stored = try #require(try await f.stored(draft.id))
            #expect(stored == signed)
            #expect(try await Self.functions(f, draft.id) == ["assertive_linkage", "health_system_navigation"])

            // From now on the note is locked: saving it as a draft, or signing it again, or discarding it, is refused and writes nothing.
            f.clock.advance(60)
            for sign in [false, true] {
                try await Self.expectInvalid(f, field: "form", code: "signed_note_locked") {
                    _ = try await s.saveDraft(draft.id, ServiceFixture.input(date: monday, note: "Rewritten"), expectedVersion: nil, sign: sign,
                                              by: peer, context: f.context(peer))
                }
            }
            try await Self.expectInvalid(f, field: "form", code: "already_signed") {
                _ = try await s.sign(draft.id, expectedVersion: nil, by: peer, context: f.context(peer))
            }
            try await Self.expectInvalid(f, field: "form", code: "signed_note_locked") {
                try await s.discard(draft.id, by: peer, context: f.context(peer))
            }
            #expect(try await f.stored(draft.id) == stored)

            let events = try await f.events(participant: person.id).filter { $0.resourceType == "service" }
            #expect(events.map(\.action) == [.recordCreated, .recordUpdated, .noteSigned])
            #expect(events.allSatisfy { $0.actorUserID == peer.userID && $0.resourceID == draft.id.text })
            #expect(try await AuditLog(key: TestDatabase.auditKey).verify(test.db).isIntact)
        }
    }

    @Test("a note signed at once; a draft is discarded by its author only", arguments: TestEngine.available)
    func signAtOnceAndDiscard(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let s = f.services, program = f.a.program.id
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let supervisor = try await f.actor(f.a.user(.supervisor))
            let person = try await f.participant("Imani", takenInBy: f.a.user(.peerSpecialist))
            let signed = try await s.document(personID: person.id, programID: program, ServiceFixture.input(date: f.today, start: "09:00"),
                                              sign: true, by: peer, context: f.context(peer))
            #expect(signed.status == .signed)
            #expect(signed.signedAt == f.clock.now())
            #expect(!signed.lateEntry)
            #expect(try await f.events(participant: person.id).filter { $0.resourceType == "service" }.map(\.action) == [.recordCreated, .noteSigned])

            let draft = try await s.document(personID: person.id, programID: program, ServiceFixture.input(date: f.today, start: "11:00"),
                                             sign: false, by: peer, context: f.context(peer))
            await #expect(throws: Refused(decision: .deny)) { try await s.discard(draft.id, by: supervisor, context: f.context(supervisor)) }
            #expect(try await f.stored(draft.id) != nil)
            try await s.discard(draft.id, by: peer, context: f.context(peer))
            #expect(try await f.stored(draft.id) == nil)
            #expect(try await f.count("services") == 1)
            #expect(try await f.count("service_functions") == 2)
            #expect(try await f.events(participant: person.id).last?.action == .recordDeleted)
            await #expect(throws: Refused(decision: .notFound)) {
                _ = try await s.detail(draft.id, by: peer, context: f.context(peer))
            }
        }
    }

    // MARK: - Amendments

    @Test("an amendment needs a reason, keeps the original whole, counts, shows in the history, and the history is append-only",
          arguments: TestEngine.available)
    func amendments(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let s = f.services, program = f.a.program.id
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let supervisor = try await f.actor(f.a.user(.supervisor))
            let person = try await f.participant("Lan", takenInBy: f.a.user(.programManager), pairedWith: f.a.user(.peerSpecialist))
            let monday = Self.day("2026-09-21")
            let original = try await s.document(personID: person.id, programID: program, ServiceFixture.input(date: monday), sign: true, by: peer,
                                                context: f.context(peer))
            let corrected = ServiceFixture.input(date: monday, note: "Walked to the clinic; appointment on the 14th")

            // No reason, a blank reason, or no real change: refused, nothing written.
            try await Self.expectInvalid(f, field: "reason", code: "required") {
                _ = try await s.amend(original.id, corrected, reason: "", expectedVersion: nil, by: peer, context: f.context(peer))
            }
            try await Self.expectInvalid(f, field: "reason", code: "required") {
                _ = try await s.amend(original.id, corrected, reason: "  \n", expectedVersion: nil, by: peer, context: f.context(peer))
            }
            try await Self.expectInvalid(f, field: "form", code: "no_change") {
                _ = try await s.amend(original.id, ServiceFixture.input(date: monday), reason: "Nothing", expectedVersion: nil, by: peer,
                                      context: f.context(peer))
            }
            // An amendment is checked as a signed note.
            try await Self.expectInvalid(f, field: "duration_minutes", code: "duration_zero") {
                _ = try await s.amend(original.id, ServiceFixture.input(date: monday, minutes: "0"), reason: "Time", expectedVersion: nil, by: peer,
                                      context: f.context(peer))
            }
            let draft = try await s.document(personID: person.id, programID: program, ServiceFixture.input(date: monday, start: "14:00"),
                                             sign: false, by: peer, context: f.context(peer))
            try await Self.expectInvalid(f, field: "form", code: "not_signed") {
                _ = try await s.amend(draft.id, corrected, reason: "Draft", expectedVersion: nil, by: peer, context: f.context(peer))
            }
            #expect(try await f.stored(original.id) == original)

            f.clock.advance(3600)
            let first = try await s.amend(original.id, corrected, reason: " Added the appointment date ", expectedVersion: original.version,
                                          by: peer, context: f.context(peer))
            #expect(first.amendmentCount == 1)
            #expect(first.version == original.version + 1)
            #expect(first.status == .signed)
            #expect(first.signedAt == original.signedAt)
            #expect(first.content.note == "Walked to the clinic; appointment on the 14th")
            // An amendment from a stale copy is a conflict and leaves no amendment behind.
            let amendmentsBefore = try await f.count("service_amendments")
            await #expect(throws: StoreError.conflict) {
                _ = try await s.amend(original.id, ServiceFixture.input(date: monday, note: "From a stale page"), reason: "Stale",
                                      expectedVersion: original.version, by: peer, context: f.context(peer))
            }
            #expect(try await f.count("service_amendments") == amendmentsBefore)
            #expect(try await f.stored(original.id) == first)
            // The author's supervisor amends too; the duration and a core function change.
            f.clock.advance(3600)
            let second = try await s.amend(original.id, ServiceFixture.input(date: monday, minutes: "50", functions: ["advocacy"],
                                                                             note: "Walked to the clinic; appointment on the 14th"),
                                           reason: "Time corrected from the log", expectedVersion: nil, by: supervisor, context: f.context(supervisor))
            #expect(second.amendmentCount == 2)
            #expect(second.units == 3)
            #expect(second.content.coreFunctions == ["advocacy"])
            #expect(try await f.stored(original.id) == second)
            // The function rows follow the amended note.
            #expect(try await Self.functions(f, original.id) == ["advocacy"])

            let detail = try await s.detail(original.id, by: peer, context: f.context(peer))
            #expect(detail.service == second)
            #expect(detail.amendments.count == 2)
            #expect(detail.amendments[0].before == original.content)
            #expect(detail.amendments[0].after == first.content)
            #expect(detail.amendments[0].reason == "Added the appointment date")
            #expect(detail.amendments[0].amendedBy == peer.userID)
            #expect(detail.amendments[0].changedFields == ["note"])
            #expect(detail.amendments[1].before == first.content)
            #expect(detail.amendments[1].after == second.content)
            #expect(detail.amendments[1].amendedBy == supervisor.userID)
            #expect(detail.amendments[1].changedFields == ["duration_minutes", "core_functions"])
            #expect(detail.staffNames[supervisor.userID] == f.a.user(.supervisor).displayName)
            #expect(detail.mayAmend && !detail.maySign && !detail.mayCosign)
            // A colleague who reaches the participant sees the history but may not amend.
            let events = try await f.events(participant: person.id).filter { $0.action == .noteAmended }
            #expect(events.map(\.detail) == ["note", "duration_minutes,core_functions"])
            #expect(events.map(\.actorUserID) == [peer.userID, supervisor.userID])

            // The amendments table refuses changes and deletions.
            await #expect(throws: (any Error).self) {
                try await test.db.write { conn in try await conn.sql.raw("UPDATE service_amendments SET reason = 'rewritten'").run() }
            }
            await #expect(throws: (any Error).self) {
                try await test.db.write { conn in try await conn.sql.raw("DELETE FROM service_amendments").run() }
            }
            let reasons = try await s.detail(original.id, by: supervisor, context: f.context(supervisor)).amendments.map(\.reason)
            #expect(reasons == ["Added the appointment date", "Time corrected from the log"])
        }
    }

    // MARK: - Bad input

    @Test("bad times, durations and choices are refused on their field and write nothing", arguments: TestEngine.available)
    func badInput(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let s = f.services, program = f.a.program.id
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let person = try await f.participant("Hodan", takenInBy: f.a.user(.programManager), pairedWith: f.a.user(.peerSpecialist))
            let monday = Self.day("2026-09-21")
            func document(_ input: ServiceInput, sign: Bool = true, program: UUID = program, person: UUID = person.id) async throws {
                _ = try await s.document(personID: person, programID: program, input, sign: sign, by: peer, context: f.context(peer))
            }
            try await Self.expectInvalid(f, field: "end_time", code: "end_before_start") {
                try await document(ServiceFixture.input(date: monday, minutes: "", end: "09:30"))
            }
            try await Self.expectInvalid(f, field: "end_time", code: "duration_zero") {
                try await document(ServiceFixture.input(date: monday, minutes: "", end: "10:00"), sign: false)
            }
            try await Self.expectInvalid(f, field: "duration_minutes", code: "duration_zero") {
                try await document(ServiceFixture.input(date: monday, minutes: "0"))
            }
            try await Self.expectInvalid(f, field: "duration_minutes", code: "over_24_hours") {
                try await document(ServiceFixture.input(date: monday, minutes: "1500"), sign: false)
            }
            try await Self.expectInvalid(f, field: "duration_minutes", code: "duration_mismatch") {
                try await document(ServiceFixture.input(date: monday, minutes: "30", end: "10:45"))
            }
            try await Self.expectInvalid(f, field: "date", code: "in_future") {
                try await document(ServiceFixture.input(date: f.today.adding(days: 1)))
            }
            try await Self.expectInvalid(f, field: "start_time", code: "in_future") {
                try await document(ServiceFixture.input(date: f.today, start: "19:00"))
            }
            try await Self.expectInvalid(f, field: "service_type", code: "unknown_service_type") {
                try await document(ServiceFixture.input(date: monday, type: "warm_line"))
            }
            try await Self.expectInvalid(f, field: "core_functions", code: "required") {
                try await document(ServiceFixture.input(date: monday, functions: []))
            }
            // A program the peer does not work in.
            try await Self.expectInvalid(f, field: "program_id", code: "unknown_program") {
                try await document(ServiceFixture.input(date: monday), program: f.a.otherProgram.id)
            }
            try await Self.expectInvalid(f, field: "program_id", code: "unknown_program") {
                try await document(ServiceFixture.input(date: monday), program: f.base.b.program.id)
            }
            #expect(try await f.count("services") == 0)
        }
    }

    @Test("a participant not on the peer's caseload is refused on the field, the refusal audited, nothing else written",
          arguments: TestEngine.available)
    func notOnCaseload(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let s = f.services, program = f.a.program.id
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let colleague = try await f.actor(f.journeyFixture.colleague)
            let theirs = try await f.participant("Amina", takenInBy: f.a.user(.programManager), pairedWith: f.journeyFixture.colleague)
            let input = ServiceFixture.input(date: Self.day("2026-09-21"))
            for sign in [true, false] {
                try await Self.expectOffCaseload(f, peer, field: "person_id") {
                    _ = try await s.document(personID: theirs.id, programID: program, input, sign: sign, by: peer, context: f.context(peer))
                }
            }
            // Another organization's participant, and no one at all, read the same.
            let stranger = try await f.participant("Other", takenInBy: f.base.b.user(.programManager), manager: f.base.b.user(.programManager),
                                                           program: f.base.b.program.id)
            try await Self.expectOffCaseload(f, peer, field: "person_id") {
                _ = try await s.document(personID: stranger.id, programID: program, input, sign: true, by: peer, context: f.context(peer))
            }
            try await Self.expectOffCaseload(f, peer, field: "person_id") {
                _ = try await s.document(personID: UUID(), programID: program, input, sign: true, by: peer, context: f.context(peer))
            }
            // The peer it belongs to documents it.
            let ok = try await s.document(personID: theirs.id, programID: program, input, sign: true, by: colleague, context: f.context(colleague))
            #expect(ok.personID == theirs.id)
            #expect(try await f.count("services") == 1)
        }
    }

    @Test("a note is filed only in a program the participant belongs to, so no other program's extract names them",
          arguments: TestEngine.available)
    func otherProgram(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let peerUser = f.a.user(.peerSpecialist)
            let mine = try await f.participant("Rosa", takenInBy: f.a.user(.programManager), pairedWith: peerUser)
            // The same peer, working in both of the organization's programs.
            let peer = try await f.actor(peerUser)
            let both = Actor(userID: peer.userID, organizationID: peer.organizationID, roles: peer.roles,
                             programIDs: [f.a.program.id, f.a.otherProgram.id], displayName: peer.displayName)
            let before = try await f.counts()
            do {
                _ = try await f.services.document(personID: mine.id, programID: f.a.otherProgram.id, ServiceFixture.input(date: Self.day("2026-09-21")),
                                                  sign: true, by: both, context: f.context(both))
                Issue.record("a note was filed in a program the participant is not in")
            } catch StoreError.invalid(let errors) {
                #expect(errors.errors.map { "\($0.field ?? ""):\($0.code)" } == ["program_id:participant_not_in_program"])
            }
            #expect(try await f.counts() == before)
            let filed = try await f.services.document(personID: mine.id, programID: f.a.program.id, ServiceFixture.input(date: Self.day("2026-09-21")),
                                                      sign: true, by: both, context: f.context(both))
            #expect(filed.programID == f.a.program.id)
        }
    }

    // MARK: - Groups

    @Test("a group of eight writes eight services; each is read by the author and by the participant's own peer only",
          arguments: TestEngine.available)
    func groupOfEight(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let s = f.services, program = f.a.program.id
            let author = try await f.actor(f.a.user(.peerSpecialist))
            let colleague = try await f.actor(f.journeyFixture.colleague)
            let supervisor = try await f.actor(f.a.user(.supervisor))
            let otherPeer = try await f.actor(f.journeyFixture.otherPeer)
            let stranger = try await f.actor(f.base.b.user(.peerSpecialist))
            // The author took all eight in; three are paired with the colleague, five with the author.
            var people: [Person] = []
            for i in 0..<8 {
                people.append(try await f.participant("Member\(i)", "Group", takenInBy: f.a.user(.peerSpecialist),
                                                      pairedWith: i < 3 ? f.journeyFixture.colleague : f.a.user(.peerSpecialist)))
            }
            let colleagues = Set(people.prefix(3).map(\.id))
            let attendees = people.enumerated().map { ServiceDocumentation.Attendee(personID: $0.element.id, line: " Shared tip \($0.offset) ") }
            let before = try await f.counts()
            let services = try await s.documentGroup(programID: program, ServiceFixture.input(date: Self.day("2026-09-23"), start: "15:00",
                                                                                              minutes: "90", type: "group_peer_counseling",
                                                                                              note: "Group on sleep and routines"),
                                                     attendees: attendees, sign: true, by: author, context: f.context(author))
            #expect(services.count == 8)
            #expect(services.map(\.personID) == people.map(\.id))
            #expect(Set(services.map(\.id)).count == 8)
            let group = try #require(services.first?.groupID)
            #expect(services.allSatisfy { $0.groupID == group && $0.status == .signed && $0.peerID == author.userID })
            #expect(services.allSatisfy { $0.content.note == "Group on sleep and routines" && $0.content.durationMinutes == 90 })
            #expect(services.map(\.content.personNote) == (0..<8).map { "Shared tip \($0)" })
            let after = try await f.counts()
            #expect(after["services"] == before["services"]! + 8)
            #expect(after["group_sessions"] == before["group_sessions"]! + 1)
            #expect(after["service_functions"] == before["service_functions"]! + 16)
            #expect(try await f.count("group_sessions", where: "attendee_count = 8") == 1)
            for (service, person) in zip(services, people) {
                #expect(try await f.stored(service.id) == service)
                let created = try await f.events(participant: person.id).filter { $0.resourceType == "service" }
                #expect(created.map(\.action) == [.recordCreated, .noteSigned])
            }

            for service in services {
                let own = colleagues.contains(service.personID)
                let byAuthor = try await s.detail(service.id, by: author, context: f.context(author))
                #expect(byAuthor.service == service)
                #expect(byAuthor.groupSize == 8)
                #expect(byAuthor.person.id == service.personID)
                #expect(try await s.detail(service.id, by: supervisor, context: f.context(supervisor)).service.id == service.id)
                if own {
                    let seen = try await s.detail(service.id, by: colleague, context: f.context(colleague))
                    #expect(seen.service.content.personNote == service.content.personNote)
                    #expect(!seen.mayAmend && !seen.maySign && !seen.mayCosign)
                } else {
                    await #expect(throws: Refused(decision: .notFound)) {
                        _ = try await s.detail(service.id, by: colleague, context: f.context(colleague))
                    }
                }
                for outsider in [otherPeer, stranger] {
                    await #expect(throws: Refused(decision: .notFound)) {
                        _ = try await s.detail(service.id, by: outsider, context: f.context(outsider))
                    }
                }
            }
            // The billing extract gives each attendee's line its group and the group's size.
            let manager = try await f.actor(f.a.user(.programManager))
            var text = ""
            #expect(try await s.export(programID: program, from: Self.day("2026-09-23"), to: Self.day("2026-09-23"), by: manager,
                                       context: f.context(manager), write: { text += $0 }) == 8)
            let exported = try CSVReader.parse(text).dropFirst().map { Dictionary(uniqueKeysWithValues: zip(ServiceExport.header, $0)) }
            #expect(exported.allSatisfy { $0["group_id"] == group.text && $0["group_size"] == "8" && $0["units"] == "6" })
            #expect(Set(exported.compactMap { $0["participant_id"] }) == Set(people.map { $0.id.text }))
            #expect(!text.contains("Shared tip"))

            // The colleague's participant's timeline shows the group; another's is out of reach.
            let timeline = try await s.timeline(personID: people[0].id, by: colleague, context: f.context(colleague))
            #expect(timeline.map(\.id) == [services[0].id])
            await #expect(throws: Refused(decision: .notFound)) {
                _ = try await s.timeline(personID: people[5].id, by: colleague, context: f.context(colleague))
            }
            let denied = try await f.events(participant: nil).filter { $0.action == .accessDenied }
            #expect(denied.filter { $0.actorUserID == colleague.userID }.count == 6)
            #expect(denied.filter { $0.actorUserID == otherPeer.userID }.count == 8)
        }
    }

    @Test("a group with one attendee out of reach, listed twice, or with none writes nothing", arguments: TestEngine.available)
    func groupRefused(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let s = f.services, program = f.a.program.id
            let author = try await f.actor(f.a.user(.peerSpecialist))
            let mine = try await f.participant("Mine", takenInBy: f.a.user(.peerSpecialist), pairedWith: f.a.user(.peerSpecialist))
            let alsoMine = try await f.participant("AlsoMine", takenInBy: f.a.user(.peerSpecialist))
            let notMine = try await f.participant("NotMine", takenInBy: f.journeyFixture.otherManager, manager: f.journeyFixture.otherManager,
                                                  program: f.a.otherProgram.id, pairedWith: f.journeyFixture.otherPeer)
            let input = ServiceFixture.input(date: Self.day("2026-09-23"), type: "group_peer_counseling", note: "Group")
            func group(_ ids: [UUID]) async throws {
                _ = try await s.documentGroup(programID: program, input, attendees: ids.map { .init(personID: $0) }, sign: true, by: author,
                                              context: f.context(author))
            }
            try await Self.expectOffCaseload(f, author, field: "attendees") { try await group([mine.id, notMine.id, alsoMine.id]) }
            try await Self.expectInvalid(f, field: "attendees", code: "duplicate") { try await group([mine.id, alsoMine.id, mine.id]) }
            try await Self.expectInvalid(f, field: "attendees", code: "required") { try await group([]) }
            try await Self.expectInvalid(f, field: "line_1", code: "too_long") {
                _ = try await s.documentGroup(programID: program, input,
                                              attendees: [.init(personID: mine.id), .init(personID: alsoMine.id, line: String(repeating: "x", count: 2001))],
                                              sign: true, by: author, context: f.context(author))
            }
            #expect(try await f.count("services") == 0)
            #expect(try await f.count("group_sessions") == 0)
            try await group([mine.id, alsoMine.id])
            #expect(try await f.count("services") == 2)
        }
    }

    // MARK: - Co-signature

    @Test("when a program asks for co-signature, a signed note waits in the supervisor's queue until co-signed, and again after an amendment",
          arguments: TestEngine.available)
    func cosignature(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let s = f.services, program = f.a.program.id
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let supervisor = try await f.actor(f.a.user(.supervisor))
            let manager = try await f.actor(f.a.user(.programManager))
            let otherSupervisor = try await f.actor(f.journeyFixture.otherSupervisor)
            let person = try await f.participant("Cosign", takenInBy: f.a.user(.programManager), pairedWith: f.a.user(.peerSpecialist))
            let monday = Self.day("2026-09-21")
            func queue(_ actor: Actor) async throws -> [UUID] { try await s.cosignQueue(by: actor, context: f.context(actor)).map(\.service.id) }

            // Signed before the rule: never waits.
            let before = try await s.document(personID: person.id, programID: program, ServiceFixture.input(date: monday, start: "08:00"), sign: true,
                                              by: peer, context: f.context(peer))
            #expect(!before.cosignRequired)

            // Only someone who manages the program sets the rule.
            await #expect(throws: Refused(decision: .deny)) {
                try await s.setRequiresCosignature(programID: program, true, by: peer, context: f.context(peer))
            }
            try await s.setRequiresCosignature(programID: program, true, by: manager, context: f.context(manager))
            #expect(try await s.settings(programID: program, by: peer).requiresCosignature)
            #expect(try await s.settings(programID: f.a.otherProgram.id, by: peer).requiresCosignature == false)

            let draft = try await s.document(personID: person.id, programID: program, ServiceFixture.input(date: monday, start: "13:00"), sign: false,
                                             by: peer, context: f.context(peer))
            let note = try await s.document(personID: person.id, programID: program, ServiceFixture.input(date: monday), sign: true, by: peer,
                                            context: f.context(peer))
            #expect(note.cosignRequired)
            #expect(note.awaitingCosignature)
            #expect(try await queue(supervisor) == [note.id])
            let item = try #require(try await s.cosignQueue(by: supervisor, context: f.context(supervisor)).first)
            #expect(item.person?.id == person.id)
            #expect(item.peerName == f.a.user(.peerSpecialist).displayName)
            // Another team's supervisor has nothing to co-sign; a peer has no queue.
            #expect(try await queue(otherSupervisor).isEmpty)
            await #expect(throws: Refused(decision: .deny)) { _ = try await queue(peer) }
            #expect(try await s.detail(note.id, by: supervisor, context: f.context(supervisor)).mayCosign)
            #expect(try await s.detail(note.id, by: peer, context: f.context(peer)).mayCosign == false)

            // The author cannot co-sign their own note; another team's supervisor does not see it.
            await #expect(throws: Refused(decision: .deny)) { _ = try await s.cosign(note.id, by: peer, context: f.context(peer)) }
            await #expect(throws: Refused(decision: .notFound)) {
                _ = try await s.cosign(note.id, by: otherSupervisor, context: f.context(otherSupervisor))
            }
            // A draft, or a note signed before the rule, is not awaiting a co-signature.
            try await Self.expectInvalid(f, field: "form", code: "not_awaiting_cosignature") {
                _ = try await s.cosign(draft.id, by: supervisor, context: f.context(supervisor))
            }
            try await Self.expectInvalid(f, field: "form", code: "not_awaiting_cosignature") {
                _ = try await s.cosign(before.id, by: supervisor, context: f.context(supervisor))
            }

            f.clock.advance(600)
            let cosigned = try await s.cosign(note.id, by: supervisor, context: f.context(supervisor))
            #expect(cosigned.cosignedBy == supervisor.userID)
            #expect(cosigned.cosignedAt == f.clock.now())
            #expect(!cosigned.awaitingCosignature)
            #expect(try await f.stored(note.id) == cosigned)
            #expect(try await queue(supervisor).isEmpty)
            try await Self.expectInvalid(f, field: "form", code: "not_awaiting_cosignature") {
                _ = try await s.cosign(note.id, by: supervisor, context: f.context(supervisor))
            }
            let shown = try await s.detail(note.id, by: peer, context: f.context(peer))
            #expect(shown.staffNames[supervisor.userID] == f.a.user(.supervisor).displayName)

            // An amendment asks for the co-signature again.
            f.clock.advance(600)
            let amended = try await s.amend(note.id, ServiceFixture.input(date: monday, minutes: "45"), reason: "Time from the log", expectedVersion: nil,
                                            by: peer, context: f.context(peer))
            #expect(amended.cosignedBy == nil)
            #expect(amended.cosignedAt == nil)
            #expect(amended.awaitingCosignature)
            #expect(try await queue(supervisor) == [note.id])
            f.clock.advance(600)
            _ = try await s.cosign(note.id, by: supervisor, context: f.context(supervisor))
            #expect(try await queue(supervisor).isEmpty)

            // Signing a draft under the rule puts it in the queue too.
            let signedDraft = try await s.sign(draft.id, expectedVersion: nil, by: peer, context: f.context(peer))
            #expect(signedDraft.awaitingCosignature)
            #expect(try await queue(supervisor) == [draft.id])

            let cosigns = try await f.events(participant: person.id).filter { $0.action == .noteCosigned }
            #expect(cosigns.count == 2)
            #expect(cosigns.allSatisfy { $0.actorUserID == supervisor.userID && $0.resourceID == note.id.text })
        }
    }

    // MARK: - Weeks

    @Test("a peer's week totals services, minutes, units, unsigned notes and outreach; the supervisor sees it and the team; no one else does",
          arguments: TestEngine.available)
    func weeks(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let s = f.services, program = f.a.program.id
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let colleague = try await f.actor(f.journeyFixture.colleague)
            let supervisor = try await f.actor(f.a.user(.supervisor))
            let otherSupervisor = try await f.actor(f.journeyFixture.otherSupervisor)
            let manager = try await f.actor(f.a.user(.programManager))
            let p1 = try await f.participant("Week", "One", takenInBy: f.a.user(.peerSpecialist))
            let p2 = try await f.participant("Week", "Two", takenInBy: f.a.user(.peerSpecialist))
            let p3 = try await f.participant("Week", "Three", takenInBy: f.a.user(.programManager), pairedWith: f.journeyFixture.colleague)
            func note(_ person: Person, _ date: String, _ start: String, _ minutes: String, sign: Bool, by actor: Actor) async throws -> PeerService {
                try await s.document(personID: person.id, programID: program, ServiceFixture.input(date: Self.day(date), start: start, minutes: minutes),
                                     sign: sign, by: actor, context: f.context(actor))
            }
            // Today is Thursday 2026-09-24, 18:00.
            let monday = try await note(p1, "2026-09-21", "10:00", "40", sign: true, by: peer)
            let tuesday = try await note(p1, "2026-09-22", "13:00", "20", sign: false, by: peer)
            let thursday = try await note(p2, "2026-09-24", "09:00", "8", sign: true, by: peer)
            let lastSunday = try await note(p2, "2026-09-20", "11:00", "60", sign: true, by: peer)
            _ = try await note(p3, "2026-09-23", "15:00", "30", sign: false, by: colleague)
            _ = try await s.recordOutreach(programID: program, .init(kind: "community_education", date: "2026-09-23", startTime: "12:00",
                                                                     durationMinutes: "90", setting: "community", peopleReached: "25",
                                                                     audience: "Talk at City College"), by: peer, context: f.context(peer))
            // Notes written more than a day after the service are late entries.
            #expect(monday.lateEntry && tuesday.lateEntry && lastSunday.lateEntry)
            #expect(!thursday.lateEntry)
            #expect(try await f.events(participant: p1.id).first { $0.resourceID == monday.id.text }?.detail == "late_entry")

            // Signed notes only: Tuesday's draft is listed with the week's services and counted apart, as unsigned.
            let expected = ServiceWeek.Totals(services: 2, participants: 2, minutes: 48, units: 4, unsigned: 1, outreachEvents: 1, peopleReached: 25)
            let week = try await s.week(containing: f.today, by: peer, context: f.context(peer))
            #expect(week.start == Self.day("2026-09-21"))
            #expect(week.end == Self.day("2026-09-27"))
            #expect(week.peer.id == peer.userID)
            #expect(week.services.map(\.id) == [monday.id, tuesday.id, thursday.id])
            #expect(week.totals == expected)
            #expect(week.outreach.map(\.peopleReached) == [25])
            #expect(Set(week.people.keys) == [p1.id, p2.id])
            // Any day of the week gives the same week; the Sunday before is the week before.
            #expect(try await s.week(containing: Self.day("2026-09-27"), by: peer, context: f.context(peer)).totals == expected)
            let previous = try await s.week(containing: Self.day("2026-09-20"), by: peer, context: f.context(peer))
            #expect(previous.start == Self.day("2026-09-14"))
            #expect(previous.services.map(\.id) == [lastSunday.id])
            #expect(previous.totals == ServiceWeek.Totals(services: 1, participants: 1, minutes: 60, units: 4))

            // The supervisor sees the peer's week; a colleague, another supervisor and the manager do not.
            #expect(try await s.week(of: peer.userID, containing: f.today, by: supervisor, context: f.context(supervisor)).totals == expected)
            for outsider in [colleague, otherSupervisor, manager] {
                await #expect(throws: Refused(decision: .notFound)) {
                    _ = try await s.week(of: peer.userID, containing: f.today, by: outsider, context: f.context(outsider))
                }
            }
            await #expect(throws: Refused(decision: .notFound)) {
                _ = try await s.week(of: f.base.b.user(.peerSpecialist).id, containing: f.today, by: supervisor, context: f.context(supervisor))
            }

            let team = try await s.teamWeek(containing: f.today, by: supervisor, context: f.context(supervisor))
            #expect(team.start == Self.day("2026-09-21"))
            let rows = Dictionary(uniqueKeysWithValues: team.rows.map { ($0.peer.id, $0) })
            #expect(Set(rows.keys) == [peer.userID, colleague.userID])
            #expect(rows[peer.userID]?.totals == expected)
            #expect(rows[colleague.userID]?.totals == ServiceWeek.Totals(unsigned: 1))
            #expect(rows[peer.userID]?.awaitingCosignature == 0)
            #expect(try await s.teamWeek(containing: f.today, by: otherSupervisor, context: f.context(otherSupervisor)).rows.allSatisfy {
                $0.totals == ServiceWeek.Totals()
            })
            await #expect(throws: Refused(decision: .deny)) {
                _ = try await s.teamWeek(containing: f.today, by: peer, context: f.context(peer))
            }
        }
    }

    // MARK: - Mix and export

    @Test("a program's mix counts its services in the period by type, core function, modality and setting; the export lists them",
          arguments: TestEngine.available)
    func mixAndExport(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let s = f.services, program = f.a.program.id
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let supervisor = try await f.actor(f.a.user(.supervisor))
            let manager = try await f.actor(f.a.user(.programManager))
            let otherPeer = try await f.actor(f.journeyFixture.otherPeer)
            let p1 = try await f.participant("Mix", "One", takenInBy: f.a.user(.peerSpecialist))
            let p2 = try await f.participant("Mix", "Two", takenInBy: f.a.user(.peerSpecialist))
            let p3 = try await f.participant("Mix", "Three", takenInBy: f.journeyFixture.otherManager, manager: f.journeyFixture.otherManager,
                                             program: f.a.otherProgram.id, pairedWith: f.journeyFixture.otherPeer)
            func note(_ person: Person, _ input: ServiceInput, sign: Bool = true, by actor: Actor? = nil, program: UUID? = nil) async throws -> PeerService {
                let actor = actor ?? peer
                return try await s.document(personID: person.id, programID: program ?? f.a.program.id, input, sign: sign, by: actor,
                                            context: f.context(actor))
            }
            let first = try await note(p1, ServiceFixture.input(date: Self.day("2026-09-01")))
            let second = try await note(p2, ServiceFixture.input(date: Self.day("2026-09-10"), start: "14:00", minutes: "15", type: "peer_counseling",
                                                                 functions: ["advocacy"], modality: "phone", setting: "home"))
            let third = try await note(p1, ServiceFixture.input(date: Self.day("2026-09-22"), start: "09:00", minutes: "60", type: "peer_counseling",
                                                                functions: ["advocacy", "crisis_support"], modality: "phone", setting: "community"),
                                       sign: false)
            // Outside: the day before the period, and another program.
            _ = try await note(p2, ServiceFixture.input(date: Self.day("2026-08-31"), type: "crisis_support", functions: ["crisis_support"],
                                                        modality: "video", setting: "clinic"))
            _ = try await note(p3, ServiceFixture.input(date: Self.day("2026-09-05")), by: otherPeer, program: f.a.otherProgram.id)

            let from = Self.day("2026-09-01"), to = Self.day("2026-09-30")
            let mix = try await s.mix(programID: program, from: from, to: to, by: manager, context: f.context(manager))
            // The third is a draft: counted apart, in none of the figures (`ServiceCounting`), as in the extract below.
            #expect(mix.services == 2)
            #expect(mix.drafts == 1)
            #expect(mix.participants == 2)
            #expect(mix.minutes == 55)
            #expect(mix.units == 4)
            #expect(mix.byType.map { "\($0.code)=\($0.count)" } == ["peer_counseling=1", "peer_navigation=1"])
            #expect(mix.byType.map(\.percent) == [50.0, 50.0])
            #expect(mix.byCoreFunction.map { "\($0.code)=\($0.count)" } == ["advocacy=1", "assertive_linkage=1", "health_system_navigation=1"])
            #expect(mix.byModality.map { "\($0.code)=\($0.count)" } == ["in_person=1", "phone=1"])
            #expect(mix.bySetting.map { "\($0.code)=\($0.count)" } == ["home=1", "hospital=1"])
            #expect(mix.outreachEvents == 0)
            // The supervisor counts too; a peer does not; the other program is out of the manager's scope.
            #expect(try await s.mix(programID: program, from: from, to: to, by: supervisor, context: f.context(supervisor)) == mix)
            await #expect(throws: Refused(decision: .deny)) {
                _ = try await s.mix(programID: program, from: from, to: to, by: peer, context: f.context(peer))
            }
            await #expect(throws: Refused(decision: .notFound)) {
                _ = try await s.mix(programID: f.a.otherProgram.id, from: from, to: to, by: manager, context: f.context(manager))
            }
            // An amendment that moves a service into the period moves its core functions with it.
            let august = try #require(try await f.db.read { conn in
                try await ServiceRecords.byPeer(peer.userID, from: Self.day("2026-08-31"), to: Self.day("2026-08-31"), on: conn).first
            })
            _ = try await s.amend(august.id, ServiceFixture.input(date: Self.day("2026-09-02"), type: "crisis_support", functions: ["crisis_support"],
                                                                  modality: "video", setting: "clinic"),
                                  reason: "Wrong day", expectedVersion: nil, by: peer, context: f.context(peer))
            let moved = try await s.mix(programID: program, from: from, to: to, by: manager, context: f.context(manager))
            #expect(moved.services == 3)
            #expect(moved.byCoreFunction.first { $0.code == "crisis_support" }?.count == 1)
            #expect(try await s.mix(programID: program, from: Self.day("2026-08-01"), to: Self.day("2026-08-31"), by: manager,
                                    context: f.context(manager)).byCoreFunction.isEmpty)
            _ = try await s.amend(august.id, ServiceFixture.input(date: Self.day("2026-08-31"), type: "crisis_support", functions: ["crisis_support"],
                                                                  modality: "video", setting: "clinic"),
                                  reason: "It was the 31st after all", expectedVersion: nil, by: peer, context: f.context(peer))
            #expect(try await s.mix(programID: program, from: from, to: to, by: manager, context: f.context(manager)) == mix)

            // A single day counts its own services only.
            #expect(try await s.mix(programID: program, from: Self.day("2026-09-10"), to: Self.day("2026-09-10"), by: manager,
                                    context: f.context(manager)).services == 1)

            var text = ""
            let written = Collected<Int>()
            let rows = try await s.export(programID: program, from: from, to: to, by: manager, context: f.context(manager),
                                          progress: { done, _ in written.append(done) }, write: { text += $0 })
            // The third is a draft: an unsigned note is not billed, so the extract leaves it out.
            #expect(rows == 2)
            #expect(written.all.last == 2)
            let table = try CSVReader.parse(text)
            #expect(table.first == ServiceExport.header)
            #expect(table.count == 3)
            let body = table.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(ServiceExport.header, $0)) }
            #expect(body.map { $0["service_id"] } == [first.id, second.id].map { $0.text })
            #expect(!text.contains(third.id.text))
            #expect(body.map { $0["participant_legal_name"] } == ["Mix One", "Mix Two"])
            #expect(body.map { $0["units"] } == ["3", "1"])
            #expect(body.map { $0["status"] } == ["signed", "signed"])
            #expect(body.map { $0["staff_name"] } == Array(repeating: f.a.user(.peerSpecialist).displayName, count: 2))
            #expect(body.map { $0["program"] } == Array(repeating: f.a.program.name, count: 2))
            #expect(!text.contains("Walked to the clinic"))
            #expect(!text.contains("Call on Friday"))
            let exports = try await f.events(participant: nil).filter { $0.action == .export }
            #expect(exports.count == 1)
            #expect(exports.first?.actorUserID == manager.userID)
            #expect(exports.first?.resourceType == "service_export")
            #expect(exports.first?.resourceID == program.text)
            #expect(exports.first?.outcome == .success)
            #expect(exports.first?.detail.hasSuffix("rows=2") == true)

            // A peer and a supervisor may not export; nothing is written out and the refusal is audited.
            for refused in [peer, supervisor] {
                var leaked = ""
                await #expect(throws: Refused(decision: .deny)) {
                    _ = try await s.export(programID: program, from: from, to: to, by: refused, context: f.context(refused), write: { leaked += $0 })
                }
                #expect(leaked.isEmpty)
            }
            #expect(try await f.events(participant: nil).filter { $0.action == .export }.count == 1)
            let denials = try await f.events(participant: nil).filter { $0.action == .accessDenied }
            #expect(denials.suffix(2).map(\.actorUserID) == [peer.userID, supervisor.userID])

            // Signed, the draft counts everywhere at once: the mix and the extract.
            _ = try await s.sign(third.id, expectedVersion: nil, by: peer, context: f.context(peer))
            let signed = try await s.mix(programID: program, from: from, to: to, by: manager, context: f.context(manager))
            #expect((signed.services, signed.drafts, signed.minutes, signed.units) == (3, 0, 115, 8))
            #expect(signed.byCoreFunction.map { "\($0.code)=\($0.count)" } == ["advocacy=2", "assertive_linkage=1", "crisis_support=1",
                                                                               "health_system_navigation=1"])
            #expect(try await s.export(programID: program, from: from, to: to, by: manager, context: f.context(manager), write: { _ in }) == 3)
        }
    }

    @Test("an export larger than one page lists every service once, in date order", arguments: TestEngine.available)
    func exportPages(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let s = f.services, program = f.a.program.id
            let manager = try await f.actor(f.a.user(.programManager))
            let peer = f.a.user(.peerSpecialist)
            let person = try await f.participant("Many", "Notes", takenInBy: peer)
            // 2,050 services over three days (a page is 2,000 rows), written directly so the test stays quick.
            let now = f.clock.now()
            var ids: [UUID] = []
            try await f.db.write { conn in
                for i in 0..<2050 {
                    let content = ServiceContent(date: Self.day("2026-09-0\(1 + i % 3)"), startMinute: i % 1440, durationMinutes: 15,
                                                 serviceType: "peer_navigation", coreFunctions: ["advocacy"], modality: .phone, setting: .home,
                                                 language: "en", note: "Note \(i)")
                    let service = PeerService(id: UUID(), organizationID: f.a.provider.id, programID: program, personID: person.id, peerID: peer.id,
                                              content: content, status: .signed, enteredAt: now, signedAt: now, updatedAt: now)
                    try await ServiceRecords.insert(service, on: conn)
                }
            }
            ids = try await f.db.read { conn in
                try await conn.sql.raw("SELECT id FROM services").all().map { try $0.decode(column: "id", as: UUID.self) }
            }
            #expect(ids.count == 2050)
            let chunks = Collected<Int>()
            let progress = Collected<Int>()
            var text = ""
            let rows = try await s.export(programID: program, from: Self.day("2026-09-01"), to: Self.day("2026-09-30"), by: manager,
                                          context: f.context(manager), progress: { done, total in progress.append(total - done) },
                                          write: { chunks.append($0.count); text += $0 })
            #expect(rows == 2050)
            #expect(chunks.all.count == 3)
            #expect(progress.all.last == 0)
            let table = try CSVReader.parse(text)
            #expect(table.count == 2051)
            let exported = table.dropFirst().map { $0[0] }
            #expect(Set(exported).count == 2050)
            #expect(Set(exported) == Set(ids.map { $0.text }))
            let dates = table.dropFirst().map { $0[5] }
            #expect(dates == dates.sorted())
            #expect(try await s.mix(programID: program, from: Self.day("2026-09-01"), to: Self.day("2026-09-30"), by: manager,
                                    context: f.context(manager)).byCoreFunction.map(\.count) == [2050])
        }
    }

    // MARK: - Outreach

    @Test("outreach events are counted in the mix and the week; a negative count of people is refused", arguments: TestEngine.available)
    func outreach(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let s = f.services, program = f.a.program.id
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let manager = try await f.actor(f.a.user(.programManager))
            func event(_ date: String, _ reached: String, kind: String = "assertive_outreach", program: UUID? = nil) async throws -> OutreachEvent {
                try await s.recordOutreach(programID: program ?? f.a.program.id,
                                           .init(kind: kind, date: date, startTime: "12:00", durationMinutes: "60", setting: "shelter_or_street",
                                                 peopleReached: reached, audience: "Friday lunch at the shelter on 5th"),
                                           by: peer, context: f.context(peer))
            }
            let lunch = try await event("2026-09-22", "25")
            #expect(lunch.peopleReached == 25)
            #expect(lunch.setting == .shelterOrStreet)
            #expect(lunch.peerID == peer.userID)
            _ = try await event("2026-09-02", "0", kind: "community_education")
            _ = try await event("2026-08-30", "40")

            try await Self.expectInvalid(f, field: "people_reached", code: "out_of_range") { _ = try await event("2026-09-23", "-1") }
            try await Self.expectInvalid(f, field: "people_reached", code: "not_a_number") { _ = try await event("2026-09-23", "lots") }
            try await Self.expectInvalid(f, field: "date", code: "in_future") { _ = try await event("2026-09-25", "3") }
            // Today at 18:00 is now: an event at 12:00 is past, one tonight is still to come.
            _ = try await event("2026-09-24", "0")
            try await Self.expectInvalid(f, field: "start_time", code: "in_future") {
                _ = try await s.recordOutreach(programID: program, .init(kind: "assertive_outreach", date: "2026-09-24", startTime: "21:00",
                                                                         durationMinutes: "60", setting: "community", peopleReached: "5",
                                                                         audience: "Evening at the park"),
                                               by: peer, context: f.context(peer))
            }
            try await Self.expectInvalid(f, field: "program_id", code: "unknown_program") {
                _ = try await event("2026-09-23", "3", program: f.a.otherProgram.id)
            }

            let mix = try await s.mix(programID: program, from: Self.day("2026-09-01"), to: Self.day("2026-09-30"), by: manager,
                                      context: f.context(manager))
            #expect(mix.outreachEvents == 3)
            #expect(mix.peopleReached == 25)
            #expect(mix.services == 0)
            let week = try await s.week(containing: f.today, by: peer, context: f.context(peer)).totals
            #expect(week == ServiceWeek.Totals(outreachEvents: 2, peopleReached: 25))
            let created = try await f.events(participant: nil).filter { $0.resourceType == "outreach_event" }
            #expect(created.map(\.action) == [.recordCreated, .recordCreated, .recordCreated, .recordCreated])
            #expect(created.allSatisfy { $0.participantID == nil })
        }
    }

    // MARK: - The form and the catalogue

    @Test("the note form offers the peer's programs and colleagues and remembers the peer's latest choices", arguments: TestEngine.available)
    func formContext(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let s = f.services, program = f.a.program.id
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let colleague = try await f.actor(f.journeyFixture.colleague)
            let person = try await f.participant("Form", takenInBy: f.a.user(.programManager), pairedWith: f.a.user(.peerSpecialist))

            let empty = try await s.formContext(personID: nil, by: peer, context: f.context(peer))
            #expect(empty.remembered == nil)
            #expect(empty.programs.map { $0.program.id } == [program])
            #expect(empty.person == nil)
            let colleagueIDs = Set(empty.colleagues.map(\.id))
            #expect(!colleagueIDs.contains(peer.userID))
            #expect(colleagueIDs.isSuperset(of: [colleague.userID, f.a.user(.supervisor).id, f.a.user(.programManager).id]))
            #expect(colleagueIDs.isDisjoint(with: [f.a.user(.evaluator).id, f.a.user(.organizationAdmin).id, f.base.b.user(.peerSpecialist).id]))

            let first = try await s.document(personID: person.id, programID: program,
                                             ServiceFixture.input(date: Self.day("2026-09-21"), type: "peer_counseling", functions: ["advocacy"],
                                                                  modality: "phone", setting: "home"),
                                             sign: true, by: peer, context: f.context(peer))
            var remembered = try #require(try await s.formContext(personID: nil, by: peer, context: f.context(peer)).remembered)
            #expect(remembered.id == first.id)
            f.clock.advance(60)
            let second = try await s.document(personID: person.id, programID: program,
                                              ServiceFixture.input(date: Self.day("2026-09-23"), type: "family_support",
                                                                   functions: ["skills_training", "advocacy"], modality: "video", setting: "community",
                                                                   language: "vi"),
                                              sign: false, by: peer, context: f.context(peer))
            remembered = try #require(try await s.formContext(personID: person.id, by: peer, context: f.context(peer)).remembered)
            #expect(remembered.id == second.id)
            #expect(remembered.content.serviceType == "family_support")
            #expect(remembered.content.coreFunctions == ["skills_training", "advocacy"])
            #expect(remembered.content.modality == .video)
            #expect(remembered.content.setting == .community)
            #expect(remembered.content.language == "vi")
            // A late entry written now, for an earlier day, is the peer's last note: its choices are the ones remembered.
            f.clock.advance(60)
            let late = try await s.document(personID: person.id, programID: program,
                                            ServiceFixture.input(date: Self.day("2026-09-15"), type: "crisis_support", functions: ["crisis_support"],
                                                                 modality: "text", setting: "other"),
                                            sign: true, by: peer, context: f.context(peer))
            #expect(late.lateEntry)
            remembered = try #require(try await s.formContext(personID: nil, by: peer, context: f.context(peer)).remembered)
            #expect(remembered.id == late.id)
            #expect(remembered.content.modality == .text)
            // Another peer's form remembers only their own.
            #expect(try await s.formContext(personID: nil, by: colleague, context: f.context(colleague)).remembered == nil)

            // Opened for a person: the person and the program of their open episode, and an audited read.
            let forPerson = try await s.formContext(personID: person.id, by: peer, context: f.context(peer))
            #expect(forPerson.person?.id == person.id)
            #expect(forPerson.personProgramID == program)
            let reads = try await f.events(participant: person.id).filter { $0.action == .recordRead && $0.detail == "service_form" }
            #expect(reads.count == 2)
            await #expect(throws: Refused(decision: .notFound)) {
                _ = try await s.formContext(personID: person.id, by: colleague, context: f.context(colleague))
            }
        }
    }

    @Test("a program manager adds catalogue entries that the program's notes may then use", arguments: TestEngine.available)
    func catalogue(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let s = f.services, program = f.a.program.id
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let manager = try await f.actor(f.a.user(.programManager))
            let otherManager = try await f.actor(f.journeyFixture.otherManager)
            let person = try await f.participant("Catalog", takenInBy: f.a.user(.peerSpecialist))
            let input = ServiceFixture.input(date: Self.day("2026-09-23"), type: "warm_line", functions: ["reentry_support"])
            try await Self.expectInvalid(f, field: "service_type", code: "unknown_service_type") {
                _ = try await s.document(personID: person.id, programID: program, input, sign: true, by: peer, context: f.context(peer))
            }
            await #expect(throws: Refused(decision: .deny)) {
                _ = try await s.addCatalogEntry(programID: program, kind: .serviceType, code: "warm_line", label: "Warm line", by: peer,
                                                context: f.context(peer))
            }
            await #expect(throws: Refused(decision: .deny)) {
                _ = try await s.addCatalogEntry(programID: program, kind: .serviceType, code: "warm_line", label: "Warm line", by: otherManager,
                                                context: f.context(otherManager))
            }
            let entry = try await s.addCatalogEntry(programID: program, kind: .serviceType, code: "Warm_Line", label: "Warm line", by: manager,
                                                    context: f.context(manager))
            #expect(entry.code == "warm_line")
            _ = try await s.addCatalogEntry(programID: program, kind: .coreFunction, code: "reentry_support", label: "Re-entry support", by: manager,
                                            context: f.context(manager))
            try await Self.expectInvalid(f, field: "code", code: "duplicate") {
                _ = try await s.addCatalogEntry(programID: program, kind: .serviceType, code: "warm_line", label: "Again", by: manager,
                                                context: f.context(manager))
            }
            let settings = try await s.settings(programID: program, by: peer)
            #expect(settings.catalog.serviceTypes.last == ServiceCatalog.Entry(kind: .serviceType, code: "warm_line", label: "Warm line"))
            #expect(settings.catalog.coreFunctions.count == 13)
            let service = try await s.document(personID: person.id, programID: program, input, sign: true, by: peer, context: f.context(peer))
            #expect(service.content.serviceType == "warm_line")
            // The other program's catalogue is unchanged.
            #expect(try await s.settings(programID: f.a.otherProgram.id, by: peer).catalog == ServiceCatalog())
        }
    }
}
