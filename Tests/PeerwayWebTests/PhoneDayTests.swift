import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
@testable import PeerwayWeb
import Testing

/// A peer's day through the pages: the intake's duplicate check, the questions asked before what cannot be
/// undone, the notices after each step, the note that starts from this person's last one, and an error
/// summary that leads to each field.
@Suite("A peer's day (web)")
struct PhoneDayTests {
    static func intake(_ harness: WebHarness, given: String, program: UUID) -> [(String, String)] {
        [("program_id", program.text), ("occurred_at", "2026-01-02T10:30"), ("source", "hospital"), ("made_by", "self"),
         ("method", "in_person"), ("setting", "hospital"), ("note", "Met on the unit"), ("legal_given_name", given),
         ("legal_family_name", "Mendoza"), ("date_of_birth", "1992-04-28"), ("preferred_language", "es"), ("housing", "housed"),
         ("insurance", "medi_cal"), ("peer_gender_preference", "no_preference")]
    }

    static func people(_ harness: WebHarness, _ organization: UUID) async throws -> Int {
        try await harness.test.db.read { conn in try await PersonRecords.count(organizationID: organization, on: conn) }
    }

    @Test("intake warns of a record that may be the same person (accents folded), and records 'a different person'", arguments: TestEngine.available)
    func duplicateAtIntake(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            _ = try await peer.get("/participants/new")
            let first = try await peer.post("/participants", Self.intake(harness, given: "Lucía", program: a.program.id))
            #expect(first.status == .seeOther)
            #expect(first.headers[.location]?.contains("saved=created") == true)
            let existing = try ParticipantJourneyWebTests.personID(from: first.headers[.location])
            #expect(try await peer.get(try #require(first.headers[.location])).text.contains("id=\"notice\""))

            // The same person typed without the accent: the form comes back with the record to open, and nothing is created.
            let count = try await Self.people(harness, a.provider.id)
            _ = try await peer.get("/participants/new")
            let warned = try await peer.post("/participants", Self.intake(harness, given: "Lucia", program: a.program.id))
            #expect(warned.status == .ok)
            #expect(warned.text.contains("id=\"possible-duplicates\""))
            #expect(warned.text.contains("/participants/\(existing)"))
            #expect(warned.text.contains("same date of birth, same name"))
            #expect(!warned.text.contains("same_date_of_birth"))
            #expect(warned.text.contains("name=\"not_duplicate_of\" value=\"\(existing)\""))
            #expect(try await Self.people(harness, a.provider.id) == count)

            // "This is a different person": created, and the answer is in the audit trail.
            let added = try await peer.post("/participants", Self.intake(harness, given: "Lucia", program: a.program.id) + [("not_duplicate_of", existing)])
            #expect(added.status == .seeOther)
            let id = try #require(UUID(uuidString: try ParticipantJourneyWebTests.personID(from: added.headers[.location])))
            var filter = AuditFilter(organizationIDs: [a.provider.id])
            filter.participantID = id
            let events = try await harness.env.audit.list(filter, on: harness.test.db).events
            #expect(events.contains { $0.action == .duplicateDismissed && $0.detail == "other=\(existing)" })

            // The supervisor merges them: the question shows both records side by side, the one that stays first.
            let supervisor = Browser(client)
            try await supervisor.signIn(a.user(.supervisor).email, clock: harness.clock)
            _ = try await supervisor.get("/participants/\(existing)/duplicates")
            let asked = try await supervisor.post("/participants/\(existing)/duplicates", [("merged_id", id.text)])
            #expect(asked.status == .ok)
            #expect(asked.text.contains("id=\"compare\""))
            #expect(asked.text.contains("<td><bdi>Lucía Mendoza</bdi></td><td><bdi>Lucia Mendoza</bdi></td>"))
            #expect(try await harness.test.db.read { conn in try await PersonRecords.get(id, on: conn) }?.mergedIntoID == nil)
            let merged = try await supervisor.post("/participants/\(existing)/duplicates", [("merged_id", id.text), ("confirmed", "1")])
            #expect(merged.status == .seeOther)
            #expect(merged.headers[.location]?.contains("saved=merged") == true)
            #expect(try await harness.test.db.read { conn in try await PersonRecords.get(id, on: conn) }?.mergedIntoID == UUID(uuidString: existing))

            // A peer of another organization cannot read that record, so is never shown it.
            let b = harness.fixture.b
            let stranger = Browser(client)
            try await stranger.signIn(b.user(.peerSpecialist).email, clock: harness.clock)
            _ = try await stranger.get("/participants/new")
            let theirs = try await stranger.post("/participants", Self.intake(harness, given: "Lucía", program: b.program.id))
            #expect(theirs.status == .seeOther)
            #expect(!theirs.text.contains(existing))
        }
    }

    @Test("discarding a draft asks first; going back keeps it; confirming removes it and says so", arguments: TestEngine.available)
    func discardAsksFirst(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let seeded = try await SeededParticipant.make(a, db: harness.test.db)
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            _ = try await peer.get("/services/new?person=\(seeded.person.text)")
            let draft = try await peer.post("/services", ServiceWebTests.note(harness, [("person_id", seeded.person.text), ("program_id", a.program.id.text),
                                                                                    ("intent", "draft")]))
            let id = try ServiceWebTests.serviceID(draft.headers[.location])
            let page = try await peer.get("/services/\(id.text)")
            #expect(page.text.contains("id=\"discard\""))

            let asked = try await peer.post("/services/\(id.text)/discard")
            #expect(asked.status == .ok)
            #expect(asked.text.contains("id=\"confirm-question\""))
            #expect(asked.text.contains("href=\"/services/\(id.text)\" id=\"back\""))
            #expect(try await harness.test.db.read { conn in try await ServiceRecords.get(id, on: conn) } != nil)

            let done = try await peer.post("/services/\(id.text)/discard", [("confirmed", "1")])
            #expect(done.status == .seeOther)
            let location = try #require(done.headers[.location])
            #expect(location.contains("saved=discarded"))
            #expect(try await harness.test.db.read { conn in try await ServiceRecords.get(id, on: conn) } == nil)
            let record = try await peer.get(location)
            #expect(record.text.contains("The draft note was discarded."))
        }
    }

    @Test("a new note starts from this person's last one-to-one note, never a group's, with the start left to the minutes", arguments: TestEngine.available)
    func noteStartsFromThisPerson(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let seeded = try await SeededParticipant.make(a, db: harness.test.db)
            let other = try await SeededParticipant.make(a, db: harness.test.db)
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            // The peer's latest notes: a group with this person, then a one-to-one assessment with someone else.
            _ = try await peer.get("/services/group/new")
            let group = try await peer.post("/services/group", ServiceWebTests.note(harness, [
                ("program_id", a.program.id.text), ("service_type", "group_peer_counseling"), ("duration_minutes", "65"),
                ("note", "Group on sleep"), ("intent", "sign"), ("attendees", seeded.person.text)]))
            #expect(group.status == .seeOther)
            _ = try await peer.get("/services/new?person=\(other.person.text)")
            let elsewhere = try await peer.post("/services", ServiceWebTests.note(harness, [
                ("person_id", other.person.text), ("program_id", a.program.id.text), ("service_type", "assessment"), ("intent", "sign")]))
            #expect(elsewhere.status == .seeOther)

            let last = try #require(try await harness.test.db.read { conn in
                try await ServiceRecords.latestOneToOne(forPerson: seeded.person, on: conn)
            })
            #expect(last.groupID == nil)
            let form = try await peer.get("/services/new?person=\(seeded.person.text)").text
            #expect(form.contains("<option value=\"\(last.content.serviceType)\" selected>"))
            #expect(!form.contains("<option value=\"group_peer_counseling\" selected>"))
            #expect(!form.contains("<option value=\"assessment\" selected>"))
            #expect(form.contains("name=\"duration_minutes\" type=\"text\" value=\"\(last.content.durationMinutes)\""))
            #expect(form.contains("name=\"start_time\" type=\"time\" value=\"\""))
            // The choices already made are one line with "Change"; the note box follows.
            #expect(form.contains("<details class=\"choices\" id=\"choices\">"))
        }
    }

    @Test("a refused form lists each error as a link to its field, in page order, and its title starts 'Error:'", arguments: [TestEngine.sqlite])
    func errorSummary(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            _ = try await peer.get("/participants/new")
            let refused = try await peer.post("/participants", [("program_id", a.program.id.text), ("legal_given_name", "Ana")])
            #expect(refused.status == .unprocessableContent)
            let text = refused.text
            #expect(text.contains("<title>Error: "))
            #expect(text.contains("autofocus"))
            let summary = try #require(text.range(of: "id=\"form-summary\"").map { String(text[$0.lowerBound...].prefix(4000)) })
            for field in ["occurred_at", "source", "method", "setting"] {
                #expect(summary.contains("href=\"#\(field)\""), "\(field)")
            }
            // The links come in the order of the fields on the page.
            let order = ["occurred_at", "source", "method", "setting"].compactMap { summary.range(of: "href=\"#\($0)\"")?.lowerBound }
            #expect(order == order.sorted())
            // A required choice opens on "Choose…", never on a preset answer.
            let blank = try await peer.get("/participants/new").text
            #expect(blank.contains("<option value=\"\" selected disabled>"))
        }
    }

    @Test("each home says what needs doing today: the peer's overdue reviews, the supervisor's people waiting for a peer, within reach only", arguments: TestEngine.available)
    func today(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            _ = try await SeededParticipant.make(a, db: harness.test.db)
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            let home = try await peer.get("/").text
            #expect(home.contains("id=\"today\""))
            // The seeded participant's review is overdue: one, linked to the caseload where it comes first.
            #expect(home.contains("<dt id=\"today-overdue\"><a href=\"/caseload\">Continued-stay reviews overdue on your caseload</a></dt><dd><strong>1</strong></dd>"))

            // Taken in and enrolled by the peer, not yet paired: the supervisor sees them waiting, with "Pair".
            _ = try await peer.get("/participants/new")
            let created = try await peer.post("/participants", Self.intake(harness, given: "Rosa", program: a.program.id))
            let id = try ParticipantJourneyWebTests.personID(from: created.headers[.location])
            _ = try await peer.get("/participants/\(id)/screen")
            #expect(try await peer.post("/participants/\(id)/screen", [("program_id", a.program.id.text), ("screened_on", "2026-01-02"),
                                                                       ("service_criteria", "C"), ("service_criteria", "F")]).status == .seeOther)
            _ = try await peer.get("/participants/\(id)/enroll")
            let enrolled = try await peer.post("/participants/\(id)/enroll", [
                ("program_id", a.program.id.text), ("enrolled_on", "2026-01-03"), ("consent_signed_by", "participant"),
                ("consent_signed_on", "2026-01-03"), ("consent_method", "wet_signature")])
            #expect(enrolled.status == .seeOther)
            #expect(enrolled.headers[.location]?.contains("saved=enrolled") == true)
            let episode = try #require(try await harness.test.db.read { conn in try await EpisodeRecords.forPerson(UUID(uuidString: id)!, on: conn) }.first)
            let supervisor = Browser(client)
            try await supervisor.signIn(a.user(.supervisor).email, clock: harness.clock)
            let theirs = try await supervisor.get("/").text
            #expect(theirs.contains("id=\"waiting\""))
            #expect(theirs.contains("Rosa Mendoza"))
            #expect(theirs.contains("/episodes/\(episode.id.text)/assign"))

            // Another organization's supervisor is not told the person exists.
            let stranger = Browser(client)
            try await stranger.signIn(harness.fixture.b.user(.supervisor).email, clock: harness.clock)
            let elsewhere = try await stranger.get("/").text
            #expect(!elsewhere.contains("Rosa Mendoza"))
            #expect(!elsewhere.contains(episode.id.text))
        }
    }

    @Test("a group's drafts are signed at once and co-signed at once, each note audited; another team's supervisor cannot", arguments: TestEngine.available)
    func groupAtOnce(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let manager = try await harness.actor(a.user(.programManager))
            let context = AuditContext(requestID: "test", clientAddress: "127.0.0.1", actorUserID: manager.userID, actorLabel: "Manager",
                                       organizationID: a.provider.id)
            try await harness.env.documentation.setRequiresCosignature(programID: a.program.id, true, by: manager, context: context)
            var people: [UUID] = []
            for _ in 0..<3 { people.append(try await SeededParticipant.make(a, db: harness.test.db).person) }
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            _ = try await peer.get("/services/group/new")
            let saved = try await peer.post("/services/group", ServiceWebTests.note(harness, [
                ("program_id", a.program.id.text), ("service_type", "group_peer_counseling"), ("note", "Group on sleep"), ("intent", "draft")])
                + people.map { ("attendees", $0.text) })
            #expect(saved.status == .seeOther)
            func group() async throws -> [PeerService] {
                try await harness.test.db.read { conn in
                    var all: [PeerService] = []
                    for p in people { all += try await ServiceRecords.forPerson(p, limit: 10, on: conn).filter { $0.groupID != nil } }
                    return all
                }
            }
            let drafts = try await group()
            #expect(drafts.count == 3 && drafts.allSatisfy { $0.status == .draft })
            let one = drafts[0].id.text
            #expect(try await peer.get("/services/\(one)").text.contains("Sign all 3 notes of this group"))

            let signed = try await peer.post("/services/\(one)/sign-group")
            #expect(signed.status == .seeOther)
            #expect(signed.headers[.location]?.contains("saved=group_signed") == true)
            #expect(try await group().allSatisfy { $0.status == .signed && $0.awaitingCosignature })

            // The queue shows the group as one row; another organization's supervisor cannot co-sign it.
            let supervisor = Browser(client)
            try await supervisor.signIn(a.user(.supervisor).email, clock: harness.clock)
            let queue = try await supervisor.get("/services/cosign").text
            #expect(queue.contains("A group of 3"))
            #expect(queue.components(separatedBy: "/cosign-group\"").count == 2)
            let stranger = Browser(client)
            try await stranger.signIn(harness.fixture.b.user(.supervisor).email, clock: harness.clock)
            #expect(try await stranger.post("/services/\(one)/cosign-group").status == .notFound)
            #expect(try await group().allSatisfy { $0.cosignedBy == nil })

            let cosigned = try await supervisor.post("/services/\(one)/cosign-group", [("back", "queue")])
            #expect(cosigned.status == .seeOther)
            #expect(try await group().allSatisfy { $0.cosignedBy == a.user(.supervisor).id })
            var filter = AuditFilter(organizationIDs: [a.provider.id])
            filter.limit = 500
            let events = try await harness.env.audit.list(filter, on: harness.test.db).events
            let ids = Set(drafts.map(\.id.text))
            #expect(events.filter { $0.action == .noteSigned && ids.contains($0.resourceID ?? "") }.count == 3)
            #expect(events.filter { $0.action == .noteCosigned && ids.contains($0.resourceID ?? "") }.count == 3)
        }
    }

    @Test("the group form's search narrows the attendees, keeps the ticked ones and what was typed, and saves nothing", arguments: [TestEngine.sqlite])
    func groupFind(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let first = try await SeededParticipant.make(a, db: harness.test.db).person
            let second = try await SeededParticipant.make(a, db: harness.test.db).person
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            let full = try await peer.get("/services/group/new").text
            #expect(full.contains("attendee-\(first.text)") && full.contains("attendee-\(second.text)"))
            let before = try await ServiceWebTests.services(harness)
            let found = try await peer.post("/services/group", [("program_id", a.program.id.text), ("note", "Group on sleep"),
                                                                ("attendees", first.text), ("find", "nobody-by-this-name"), ("intent", "find")])
            #expect(found.status == .ok)
            let text = found.text
            #expect(text.contains("id=\"attendee-\(first.text)\" name=\"attendees\" value=\"\(first.text)\" checked"))
            #expect(!text.contains("attendee-\(second.text)"))
            #expect(text.contains("Group on sleep"))
            #expect(text.contains("value=\"nobody-by-this-name\""))
            #expect(try await ServiceWebTests.services(harness) == before)
        }
    }

    @Test("the page header marks where the reader is")
    func currentPage() {
        let items = [Navigation.Item(href: "/", labelKey: "nav.home"), Navigation.Item(href: "/caseload", labelKey: "nav.caseload"),
                     Navigation.Item(href: "/participants", labelKey: "nav.participants")]
        #expect(Navigation.current("/", among: items) == "/")
        #expect(Navigation.current("/participants/123", among: items) == "/participants")
        #expect(Navigation.current("/caseload", among: items) == "/caseload")
        #expect(Navigation.current("/participantsX", among: items) == nil)
        #expect(Navigation.current("/admin/users", among: items) == nil)
    }
}
