import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import PeerwayWeb
import Testing

/// The participant journey through the pages and the API, as the people who use it would go.
@Suite("Participant journey (web)")
struct ParticipantJourneyWebTests {
    static func persons(_ harness: WebHarness) async throws -> Int {
        try await harness.test.db.read { conn in try await PersonRecords.count(organizationID: harness.fixture.a.provider.id, on: conn) }
    }

    static func contactFields(_ harness: WebHarness) -> [(String, String)] {
        [("program_id", harness.fixture.a.program.id.text), ("occurred_at", "2026-01-02T10:30"), ("source", "hospital"),
         ("made_by", "self"), ("method", "in_person"), ("setting", "hospital"), ("note", "Met on the unit")]
    }

    static func personID(from location: String?) throws -> String {
        let path = try #require(location)
        // The path may carry the notice of what was saved (`?saved=created`) and an anchor.
        return String(try #require(path.split(separator: "/").last).split(whereSeparator: { $0 == "#" || $0 == "?" })[0])
    }

    @Test("a peer takes a person in, screens and enrolls them; the supervisor pairs; the peer reviews and discharges", arguments: TestEngine.available)
    func wholePathByPages(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            _ = try await peer.get("/participants/new")

            // Bad input changes nothing and keeps what was typed.
            let persons = try await Self.persons(harness)
            let future = try await peer.post("/participants", Self.contactFields(harness) + [
                ("legal_given_name", "José"), ("legal_family_name", "Núñez"), ("date_of_birth", "2999-01-01"), ("preferred_language", "es"),
                ("housing", "housed"), ("insurance", "medi_cal"), ("peer_gender_preference", "no_preference")])
            #expect(future.status == .unprocessableContent)
            #expect(future.text.contains("id=\"date_of_birth-error\""))
            #expect(future.text.contains("value=\"José\""))
            #expect(try await Self.persons(harness) == persons)

            let created = try await peer.post("/participants", Self.contactFields(harness) + [
                ("legal_given_name", "José"), ("legal_family_name", "Núñez"), ("date_of_birth", "1990-07-04"), ("preferred_language", "es"),
                ("housing", "homeless_sheltered"), ("insurance", "medi_cal"), ("peer_gender_preference", "no_preference"), ("populations", "veteran")])
            #expect(created.status == .seeOther)
            let id = try Self.personID(from: created.headers[.location])
            let record = try await peer.get("/participants/\(id)")
            #expect(record.status == .ok)
            #expect(record.text.contains("José Núñez"))

            // Search finds the person by a folded prefix, and by date of birth.
            #expect(try await peer.get("/participants?q=nun").text.contains("/participants/\(id)"))
            #expect(try await peer.get("/participants?q=1990-07-04").text.contains("/participants/\(id)"))

            _ = try await peer.get("/participants/\(id)/screen")
            let screened = try await peer.post("/participants/\(id)/screen", [
                ("program_id", a.program.id.text), ("screened_on", "2026-01-02"), ("service_criteria", "C"), ("service_criteria", "F")])
            #expect(screened.status == .seeOther)

            _ = try await peer.get("/participants/\(id)/enroll")
            let enrollFields: [(String, String)] = [
                ("program_id", a.program.id.text), ("enrolled_on", "2026-01-03"), ("consent_signed_by", "participant"),
                ("consent_signed_on", "2026-01-03"), ("consent_method", "wet_signature"), ("goals", "Find housing; go back to school")]
            let enrolled = try await peer.post("/participants/\(id)/enroll", enrollFields)
            #expect(enrolled.status == .seeOther)
            // A second open episode in the same program is refused by the field.
            _ = try await peer.get("/participants/\(id)/enroll")
            let again = try await peer.post("/participants/\(id)/enroll", enrollFields)
            #expect(again.status == .unprocessableContent)
            #expect(again.text.contains("id=\"program_id-error\""))
            let episodes = try await harness.test.db.read { conn in try await EpisodeRecords.forPerson(UUID(uuidString: id)!, on: conn) }
            #expect(episodes.count == 1)

            let episode = try await harness.test.db.read { conn in try await EpisodeRecords.forPerson(UUID(uuidString: id)!, on: conn) }.first!
            #expect(episode.plannedEndOn?.description == "2026-07-04")
            let eid = episode.id.text

            // A peer cannot pair; their supervisor can, from the suggestions.
            #expect(try await peer.get("/episodes/\(eid)/assign").status == .forbidden)
            let supervisor = Browser(client)
            try await supervisor.signIn(a.user(.supervisor).email, clock: harness.clock)
            let suggestions = try await supervisor.get("/episodes/\(eid)/assign")
            #expect(suggestions.status == .ok)
            #expect(suggestions.text.contains(a.user(.peerSpecialist).displayName))
            let paired = try await supervisor.post("/episodes/\(eid)/assign", [("peer_id", a.user(.peerSpecialist).id.text), ("reason", "Speaks Spanish")])
            #expect(paired.status == .seeOther)
            #expect(try await peer.get("/caseload").text.contains("/participants/\(id)"))
            // Paired again, this time without a reason: the history keeps both.
            #expect(try await supervisor.post("/episodes/\(eid)/assign", [("peer_id", a.user(.peerSpecialist).id.text), ("reason", "")]).status == .seeOther)

            _ = try await peer.get("/episodes/\(eid)/review")
            let reviewed = try await peer.post("/episodes/\(eid)/review", [("reviewed_on", "2026-02-01"), ("criteria", "A"), ("criteria", "B"), ("criteria", "C"), ("outcome", "continue")])
            #expect(reviewed.status == .seeOther)

            _ = try await peer.get("/episodes/\(eid)/discharge")
            let early = try await peer.post("/episodes/\(eid)/discharge", [("discharged_on", "2025-12-01"), ("reason", "goals_substantially_met")])
            #expect(early.status == .unprocessableContent)
            #expect(early.text.contains("id=\"discharged_on-error\""))
            // A discharge is asked about first, with the answers carried; nothing changes until it is confirmed.
            let dischargeFields = [("discharged_on", "2026-03-01"), ("reason", "goals_substantially_met"), ("summary", "Housed, enrolled in classes")]
            let asked = try await peer.post("/episodes/\(eid)/discharge", dischargeFields)
            #expect(asked.status == .ok)
            #expect(asked.text.contains("id=\"confirm-question\""))
            #expect(asked.text.contains("name=\"summary\" value=\"Housed, enrolled in classes\""))
            #expect(try await harness.test.db.read { conn in try await EpisodeRecords.get(episode.id, on: conn) }?.dischargedOn == nil)
            let discharged = try await peer.post("/episodes/\(eid)/discharge", dischargeFields + [("confirmed", "1")])
            #expect(discharged.status == .seeOther)
            #expect(discharged.headers[.location]?.contains("saved=discharged") == true)
            let closed = try await harness.test.db.read { conn in try await EpisodeRecords.get(episode.id, on: conn) }
            #expect(closed?.dischargedOn?.description == "2026-03-01")
            #expect(closed?.dischargeReason == .goalsSubstantiallyMet)
            // The record shows the discharge reason once, by the discharge: a pairing without a reason stays without one.
            let shown = try await supervisor.get("/participants/\(id)").text
            #expect(shown.contains("Speaks Spanish"))
            #expect(shown.components(separatedBy: "Goals of the service plan and program substantially met").count == 2)

            // Every step left its audit event about this participant, reads included.
            var filter = AuditFilter(organizationIDs: [a.provider.id])
            filter.participantID = UUID(uuidString: id)
            filter.limit = 200
            let events = try await harness.env.audit.list(filter, on: harness.test.db).events
            let kinds = Set(events.map { "\($0.action.rawValue):\($0.resourceType)" })
            for expected in ["record_created:participant", "record_created:contact", "record_created:screening", "record_created:episode",
                             "record_updated:assignment", "record_created:review", "record_updated:episode", "record_read:participant",
                             "record_read:participant_form", "record_read:peer_suggestions"] {
                #expect(kinds.contains(expected), "missing audit event \(expected)")
            }
        }
    }

    @Test("hostile names and notes are stored exactly and shown escaped on the record, the search and the caseload", arguments: [
        "<script>alert(1)</script>", "Robert'); DROP TABLE persons;--", "\u{202E}evil\u{202C} name", "Zoë 👩🏽‍⚕️ Núñez", "a\u{200B}b",
    ])
    func hostileStrings(text: String) async throws {
        try await WebHarness.with(.sqlite) { harness, client in
            let peer = Browser(client)
            try await peer.signIn(harness.fixture.a.user(.peerSpecialist).email, clock: harness.clock)
            _ = try await peer.get("/participants/new")
            let created = try await peer.post("/participants", Self.contactFields(harness).filter { $0.0 != "note" } + [("note", text),
                ("legal_given_name", text), ("legal_family_name", "Test"), ("preferred_language", "en"), ("housing", "unknown"),
                ("insurance", "unknown"), ("peer_gender_preference", "no_preference")])
            #expect(created.status == .seeOther)
            let id = try Self.personID(from: created.headers[.location])
            let page = try await peer.get("/participants/\(id)")
            #expect(page.status == .ok)
            #expect(!page.text.contains("<script>alert(1)</script>"))
            #expect(!(try await peer.get("/participants?q=test").text.contains("<script>alert(1)</script>")))
            let stored = try await harness.test.db.read { conn in try await PersonRecords.get(UUID(uuidString: id)!, on: conn) }
            #expect(stored?.legalGivenName == text)
            let contacts = try await harness.test.db.read { conn in try await ContactRecords.forPerson(UUID(uuidString: id)!, on: conn) }
            #expect(contacts.first?.note == text)
        }
    }

    @Test("a peer cannot open a participant on another peer's caseload, by page or by API, and the refusal is audited", arguments: TestEngine.available)
    func otherCaseloadIsInvisible(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let admin = Administration(harness.env.store, hasher: Fixture.hasher)
            let other = try await admin.createUser(.init(email: "other-peer@a.fixture.test", displayName: "Other Peer", password: Fixture.password,
                                                         roles: [.peerSpecialist], programIDs: [a.program.id], supervisorID: a.user(.supervisor).id),
                                                   organizationID: a.provider.id, by: nil, context: .cli("test"))
            let seeded = try await SeededParticipant.make(a, db: harness.test.db)
            let browser = Browser(client)
            try await browser.signIn(other.email, clock: harness.clock)
            let id = seeded.person.text
            for path in ["/participants/\(id)", "/participants/\(id)/edit", "/api/v1/participants/\(id)", "/episodes/\(seeded.episode.text)/review"] {
                let response = try await browser.get(path)
                #expect(response.status == .notFound, "\(path) → \(response.status)")
                #expect(!response.text.contains("Seeded"))
            }
            let patch = try await browser.request(.patch, "/api/v1/participants/\(id)", json: #"{"legal_given_name":"Taken"}"#,
                                                  headers: [.init("X-CSRF-Token")!: browser.csrf])
            #expect(patch.status == .notFound)
            // Nor does a search reveal them.
            #expect(!(try await browser.get("/participants?q=seeded").text.contains(id)))
            #expect(!(try await browser.get("/api/v1/participants?q=seeded").text.contains(id)))
            var filter = AuditFilter(organizationIDs: [a.provider.id])
            filter.action = .accessDenied
            filter.actorUserID = other.id
            let denials = try await harness.env.audit.list(filter, on: harness.test.db).events
            #expect(denials.count >= 4)
            let person = try await harness.test.db.read { conn in try await PersonRecords.get(seeded.person, on: conn) }
            #expect(person?.legalGivenName == "Seeded")
            // The peer it belongs to does see it.
            let owner = Browser(client)
            try await owner.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            #expect(try await owner.get("/participants/\(id)").status == .ok)
        }
    }

    @Test("the API runs the same journey and answers bad input with field-level problems", arguments: TestEngine.available)
    func api(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            let headers: HTTPFields = [.init("X-CSRF-Token")!: peer.csrf]
            let program = a.program.id.text
            let bad = try await peer.request(.post, "/api/v1/participants", json: """
                {"legal_given_name":"Ana","date_of_birth":"2999-01-01","program_id":"\(program)"}
                """, headers: headers)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("date_of_birth"))
            #expect(bad.text.contains("in_future"))
            let created = try await peer.request(.post, "/api/v1/participants", json: """
                {"legal_given_name":"Ana","legal_family_name":"Lopez","date_of_birth":"1999-03-02","program_id":"\(program)",
                 "contact":{"program_id":"\(program)","occurred_at":"2026-01-02T10:00:00Z","source":"walk_in","made_by":"self","method":"in_person","setting":"program_office"}}
                """, headers: headers)
            #expect(created.status == .created)
            let person = try JSONDecoder().decode([String: AnyCodable].self, from: Data(created.text.utf8))
            let id = try #require(person["id"]?.string)
            let notEligible = try await peer.request(.post, "/api/v1/participants/\(id)/screenings", json: """
                {"program_id":"\(program)","screened_on":"2026-01-02","service_criteria":["C"],"exclusions":["A"],"higher_level_referral":"Crisis residential"}
                """, headers: headers)
            #expect(notEligible.status == .created)
            #expect(notEligible.text.contains("not_eligible"))
            let enroll = """
                {"program_id":"\(program)","enrolled_on":"2026-01-03","consent_signed_by":"participant","consent_signed_on":"2026-01-03","consent_method":"verbal"}
                """
            let refused = try await peer.request(.post, "/api/v1/participants/\(id)/episodes", json: enroll, headers: headers)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("not_eligible"))
            // A peer may not override; the supervisor may, with a reason, and the override is audited.
            let peerOverride = try await peer.request(.post, "/api/v1/participants/\(id)/episodes",
                                                      json: enroll.replacingOccurrences(of: "}", with: #","override_reason":"Stable now"}"#), headers: headers)
            #expect(peerOverride.status == .unprocessableContent)
            #expect(peerOverride.text.contains("override_not_permitted"))
            let supervisor = Browser(client)
            try await supervisor.signIn(a.user(.supervisor).email, clock: harness.clock)
            let overridden = try await supervisor.request(.post, "/api/v1/participants/\(id)/episodes",
                                                          json: enroll.replacingOccurrences(of: "}", with: #","override_reason":"Exclusion resolved after crisis stay"}"#),
                                                          headers: [.init("X-CSRF-Token")!: supervisor.csrf])
            #expect(overridden.status == .created)
            var filter = AuditFilter(organizationIDs: [a.provider.id])
            filter.action = .eligibilityOverride
            #expect(try await harness.env.audit.list(filter, on: harness.test.db).events.count == 1)
            let record = try await peer.get("/api/v1/participants/\(id)")
            #expect(record.status == .ok)
            #expect(record.headers[.eTag] == "\"1\"")
            let stale = try await peer.request(.patch, "/api/v1/participants/\(id)", json: #"{"pronouns":"she/her"}"#,
                                               headers: [.init("X-CSRF-Token")!: peer.csrf, .ifMatch: "\"7\""])
            #expect(stale.status == .preconditionFailed)
            let caseload = try await supervisor.get("/api/v1/caseload?team=1")
            #expect(caseload.status == .ok)
        }
    }
}

/// Just enough of "any JSON value" to read one string field in a test.
struct AnyCodable: Decodable {
    let string: String?
    init(from decoder: any Decoder) throws {
        string = try? decoder.singleValueContainer().decode(String.self)
    }
}

@Suite("Peer background for pairing")
struct PeerProfileWebTests {
    @Test("a peer records their background by page and API; suggestions rank on it; others cannot", arguments: TestEngine.available)
    func background(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            #expect(try await peer.get("/account").text.contains("/account/pairing"))
            _ = try await peer.get("/account/pairing")
            let bad = try await peer.post("/account/pairing", [("languages", "en"), ("capacity", "9999")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("id=\"capacity-error\""))
            #expect(try await peer.get("/account/pairing").text.contains("name=\"shared\""))
            let saved = try await peer.post("/account/pairing", [("languages", "en"), ("languages", "es"), ("lived_experience", "substance_use"),
                                                                 ("populations", "veteran"), ("region", "North County"), ("capacity", "12"),
                                                                 ("shared", "lived_experience")])
            #expect(saved.status == .seeOther)
            // The pairing page asks what the peer shares: suggestions read lived experience only because they said so.
            let profile = try await harness.test.db.read { conn in try await WorkforceProfileRecords.profile(a.user(.peerSpecialist).id, on: conn) }
            #expect(profile?.details.shared == [.livedExperience])
            let api = try await peer.get("/api/v1/me/peer-profile")
            #expect(api.text.contains("\"capacity\":12"))
            #expect(api.text.contains("substance_use"))
            let stored = try await harness.test.db.read { conn in try await WorkforceProfileRecords.get(a.user(.peerSpecialist).id, on: conn) }
            #expect(stored?.languages == ["en", "es"])
            let candidates = try await harness.test.db.read { conn in try await WorkforceProfileRecords.candidates(programID: a.program.id, on: conn) }
            #expect(candidates.first { $0.userID == a.user(.peerSpecialist).id }?.capacity == 12)
            // Someone who is not a peer specialist has no pairing background to record.
            let supervisor = Browser(client)
            try await supervisor.signIn(a.user(.supervisor).email, clock: harness.clock)
            let refused = try await supervisor.request(.put, "/api/v1/me/peer-profile",
                                                       json: #"{"languages":["en"],"lived_experience":[],"populations":[],"cultural_background":"","region":"","capacity":5}"#,
                                                       headers: [.init("X-CSRF-Token")!: supervisor.csrf])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("not_a_peer"))
        }
    }
}
