import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import PeerwayWeb
import Testing

/// Documenting services through the pages and the API, as peers and supervisors would.
@Suite("Service documentation (web)")
struct ServiceWebTests {
    static func services(_ harness: WebHarness) async throws -> Int {
        try await harness.test.db.read { conn in try await ServiceRecords.count(organizationID: harness.fixture.a.provider.id, on: conn) }
    }

    static func yesterday(_ harness: WebHarness) -> String {
        CalendarDate(harness.clock.now(), in: harness.env.config.timeZone).adding(days: -1).description
    }

    static func note(_ harness: WebHarness, _ extra: [(String, String)] = []) -> [(String, String)] {
        [("date", yesterday(harness)), ("start_time", "10:00"), ("duration_minutes", "40"), ("service_type", "peer_navigation"),
         ("core_functions", "health_system_navigation"), ("core_functions", "assertive_linkage"), ("modality", "in_person"),
         ("setting", "hospital"), ("language", "es"), ("note", "Walked to the clinic together; appointment booked"),
         ("follow_up", "Call on Friday")].filter { field in !extra.contains { $0.0 == field.0 } } + extra
    }

    static func serviceID(_ location: String?) throws -> UUID {
        let path = try #require(location)
        let id = try #require(path.split(separator: "/").last?.split(separator: "?").first)
        return try #require(UUID(uuidString: String(id)))
    }

    @Test("a peer documents from the caseload, signs, cannot edit in place, amends, and sees the history", arguments: TestEngine.available)
    func documentSignAmend(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let seeded = try await SeededParticipant.make(a, db: harness.test.db)
            let person = seeded.person.text
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)

            // The caseload links straight to a note with the participant filled in.
            let caseload = try await peer.get("/caseload")
            #expect(caseload.text.contains("/services/new?person=\(person)"))
            let form = try await peer.get("/services/new?person=\(person)")
            #expect(form.status == .ok)
            #expect(form.text.contains("name=\"person_id\" value=\"\(person)\""))
            #expect(form.text.contains("Seeded Participant"))
            let fields = Self.note(harness, [("person_id", person), ("program_id", a.program.id.text)])

            // Bad input is refused on its field, keeps what was typed, and writes nothing.
            let before = try await Self.services(harness)
            for (bad, field) in [([("end_time", "09:30"), ("duration_minutes", "")], "end_time"), ([("duration_minutes", "0")], "duration_minutes"),
                                 ([("duration_minutes", "1500")], "duration_minutes")] {
                let merged = fields.filter { f in !bad.contains { $0.0 == f.0 } } + bad
                let refused = try await peer.post("/services", merged + [("intent", "sign")])
                #expect(refused.status == .unprocessableContent, "\(bad)")
                #expect(refused.text.contains("id=\"\(field)-error\""), "\(bad)")
                #expect(refused.text.contains("Walked to the clinic together"))
            }
            #expect(try await Self.services(harness) == before)

            // A draft first, then signed.
            let draft = try await peer.post("/services", fields + [("intent", "draft")])
            #expect(draft.status == .seeOther)
            let id = try Self.serviceID(draft.headers[.location])
            let sid = id.text
            let shown = try await peer.get("/services/\(sid)")
            #expect(shown.text.contains("Draft"))
            #expect(shown.text.contains("40 minutes · 3 units"))
            let signed = try await peer.post("/services/\(sid)/sign", [("version", "1")])
            #expect(signed.status == .seeOther)
            let stored = try #require(try await harness.test.db.read { conn in try await ServiceRecords.get(id, on: conn) })
            #expect(stored.status == .signed)

            // The signed note cannot be changed in place.
            _ = try await peer.get("/services/\(sid)")
            let inPlace = try await peer.post("/services/\(sid)/edit", Self.note(harness, [("note", "Rewritten"), ("intent", "draft")]))
            #expect(inPlace.status == .unprocessableContent)
            let unchanged = try #require(try await harness.test.db.read { conn in try await ServiceRecords.get(id, on: conn) })
            #expect(unchanged == stored)

            // An amendment needs a reason and keeps the original.
            _ = try await peer.get("/services/\(sid)/amend")
            let noReason = try await peer.post("/services/\(sid)/amend", Self.note(harness, [("note", "Walked to the clinic; appointment on the 14th")]))
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.text.contains("id=\"reason-error\""))
            let amended = try await peer.post("/services/\(sid)/amend", Self.note(harness, [
                ("note", "Walked to the clinic; appointment on the 14th"), ("reason", "Added the appointment date"), ("version", String(stored.version))]))
            #expect(amended.status == .seeOther)
            let history = try await peer.get("/services/\(sid)")
            #expect(history.text.contains("id=\"history\""))
            #expect(history.text.contains("Added the appointment date"))
            #expect(history.text.contains("appointment on the 14th"))
            #expect(history.text.contains("Walked to the clinic together; appointment booked"))

            // The participant's record lists the service.
            #expect(try await peer.get("/participants/\(person)").text.contains("/services/\(sid)"))
            // The next note starts from this peer's choices.
            #expect(try await peer.get("/services/new?person=\(person)").text.contains("id=\"remembered\""))

            // Another organization's peer sees nothing of it.
            let stranger = Browser(client)
            try await stranger.signIn(harness.fixture.b.user(.peerSpecialist).email, clock: harness.clock)
            let hidden = try await stranger.get("/services/\(sid)")
            #expect(hidden.status == .notFound)
            #expect(!hidden.text.contains("Walked to the clinic"))
        }
    }

    @Test("a participant out of reach is refused by field on page and API, and nothing is written", arguments: TestEngine.available)
    func notOnCaseload(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let theirs = try await SeededParticipant.make(harness.fixture.b, db: harness.test.db)
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            _ = try await peer.get("/services/new")
            let before = try await Self.services(harness)
            let page = try await peer.post("/services", Self.note(harness, [("person_id", theirs.person.text),
                                                                             ("program_id", a.program.id.text), ("intent", "sign")]))
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains("not on your caseload"))
            #expect(!page.text.contains("Participant Provider B"))
            let json = """
                {"person_id": "\(theirs.person.text)", "program_id": "\(a.program.id.text)",
                 "date": "\(Self.yesterday(harness))", "start_time": "10:00", "duration_minutes": 30, "service_type": "peer_navigation",
                 "core_functions": ["advocacy"], "modality": "phone", "setting": "community", "note": "x", "sign": true}
                """
            let api = try await peer.request(.post, "/api/v1/services", json: json, headers: [.init("X-CSRF-Token")!: peer.csrf])
            #expect(api.status == .unprocessableContent)
            #expect(api.text.contains("not_on_caseload"))
            #expect(try await Self.services(harness) == before)
        }
    }

    @Test("a group of 8 yields 8 services, each seen only by those who may see that participant", arguments: TestEngine.available)
    func groupOfEight(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            var people: [UUID] = []
            for _ in 0..<8 { people.append(try await SeededParticipant.make(a, db: harness.test.db).person) }
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            _ = try await peer.get("/services/group/new")
            let form = Self.note(harness, [("program_id", a.program.id.text), ("service_type", "group_peer_counseling"),
                                           ("note", "Group on sleep and routines"), ("intent", "sign")])
                + people.flatMap { [("attendees", $0.text), ("line_\($0.text)", "Shared a tip")] }
            let saved = try await peer.post("/services/group", form)
            #expect(saved.status == .seeOther)
            let env = try await harness.test.db.read { conn in
                var all: [PeerService] = []
                for p in people { all += try await ServiceRecords.forPerson(p, limit: 10, on: conn) }
                // Each seeded participant already has a one-to-one note; the group's are the ones with a group.
                return all.filter { $0.groupID != nil }
            }
            #expect(env.count == 8)
            #expect(Set(env.map(\.personID)) == Set(people))
            #expect(Set(env.compactMap(\.groupID)).count == 1)
            #expect(env.allSatisfy { $0.content.note == "Group on sleep and routines" && $0.content.personNote == "Shared a tip" })

            let supervisor = Browser(client)
            try await supervisor.signIn(a.user(.supervisor).email, clock: harness.clock)
            let stranger = Browser(client)
            try await stranger.signIn(harness.fixture.b.user(.peerSpecialist).email, clock: harness.clock)
            let evaluator = Browser(client)
            try await evaluator.signIn(a.user(.evaluator).email, clock: harness.clock)
            for service in env {
                let path = "/api/v1/services/\(service.id.text)"
                #expect(try await peer.get(path).status == .ok)
                #expect(try await supervisor.get(path).status == .ok)
                #expect(try await stranger.get(path).status == .notFound)
                #expect(try await evaluator.get(path).status == .notFound)
            }
        }
    }
}
