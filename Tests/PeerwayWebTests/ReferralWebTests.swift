import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
@testable import PeerwayWeb
import Testing

/// Referrals through the pages: made from the record, each step of the loop with its notice, a refused
/// jump and a future outcome that change nothing, the slip, the waiting lists, the measures, and who
/// can NOT open a referral.
@Suite("Referrals (web)")
struct ReferralWebTests {
    static func rows(_ harness: WebHarness) async throws -> Int {
        try await harness.test.db.rowCount("referrals") + harness.test.db.rowCount("referral_changes")
    }

    @Test("a peer refers a participant, records sent, accepted and linked, and the linkage rate counts it", arguments: TestEngine.available)
    func closedLoop(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let seed = try await SeededParticipant.make(a, db: harness.test.db, now: harness.clock.now())
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            let zone = harness.env.config.timeZone
            let now = PersonForm.localDateTime(harness.clock.now(), zone: zone)

            let record = try await peer.get("/participants/\(seed.person.text)")
            #expect(record.text.contains("id=\"make-referral\""))
            let form = try await peer.get("/participants/\(seed.person.text)/referral")
            #expect(form.status == .ok && form.text.contains("name=\"resource_name\""))
            // Nothing chosen as the need: refused on its field, nothing written.
            let before = try await Self.rows(harness)
            let refused = try await peer.post("/participants/\(seed.person.text)/referral",
                                              [("resource_name", "Casa de Paz"), ("status", "proposed"), ("made_at", now)])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("href=\"#need\""))
            #expect(try await Self.rows(harness) == before)

            let made = try await peer.post("/participants/\(seed.person.text)/referral",
                                           [("need", "housing"), ("resource_name", "Casa de Paz"), ("resource_phone", "(619) 555-0100"),
                                            ("resource_address", "1 Main St\nSan Diego"), ("handoff", "call_together"), ("urgency", "soon"),
                                            ("status", "proposed"), ("made_at", now), ("note", "Wants a place near her sister")])
            #expect(made.status == .seeOther)
            let location = try #require(made.headers[.location])
            #expect(location.contains("saved=referred"))
            let id = try #require(location.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            let page = try await peer.get(location)
            #expect(page.text.contains("id=\"notice\"") && page.text.contains("Casa de Paz") && page.text.contains("href=\"tel:6195550100\""))
            #expect(page.text.contains("Agreed, not sent"))

            // Proposed straight to linked is refused on its field, and nothing changes.
            let count = try await Self.rows(harness)
            let jump = try await peer.post("/referrals/\(id)/status", [("status", "linked"), ("occurred_at", now)])
            #expect(jump.status == .unprocessableContent)
            #expect(jump.text.contains("That step cannot come next"))
            #expect(try await Self.rows(harness) == count)

            for status in ["sent", "accepted"] {
                let moved = try await peer.post("/referrals/\(id)/status", [("status", status), ("occurred_at", now)])
                #expect(moved.status == .seeOther && moved.headers[.location]?.contains("saved=referral_updated") == true)
            }
            // An outcome dated tomorrow is refused.
            let tomorrow = PersonForm.localDateTime(harness.clock.now().addingTimeInterval(86_400), zone: zone)
            let future = try await peer.post("/referrals/\(id)/status", [("status", "linked"), ("occurred_at", tomorrow)])
            #expect(future.status == .unprocessableContent)
            #expect(try await Self.rows(harness) == count + 2)
            let linked = try await peer.post("/referrals/\(id)/status", [("status", "linked"), ("occurred_at", now), ("note", "Moved in")])
            #expect(linked.status == .seeOther)
            let closed = try await peer.get("/referrals/\(id)")
            #expect(closed.text.contains("Linked: received the service") && !closed.text.contains("id=\"record-status\""))

            let measures = try await peer.get("/referrals/measures")
            #expect(measures.status == .ok)
            #expect(measures.text.contains("id=\"linkage-rate\"><strong>100.0%</strong> · 1 linked of 1"))
            #expect(measures.text.contains("<svg class=\"bar-chart\""))
            let badPeriod = try await peer.get("/referrals/measures?from=2026-13-01&to=2026-01-01")
            #expect(badPeriod.status == .unprocessableContent && badPeriod.text.contains("href=\"#from\""))

            let slip = try await peer.get("/referrals/\(id)/slip")
            #expect(slip.status == .ok && slip.text.contains("Casa de Paz") && slip.text.contains("Wants a place near her sister"))
        }
    }

    @Test("a referral made during a note belongs to the note's person and is listed on the note", arguments: TestEngine.available)
    func duringNote(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let seed = try await SeededParticipant.make(a, db: harness.test.db, now: harness.clock.now())
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            let note = try await peer.get("/services/\(seed.service.text)")
            #expect(note.text.contains("id=\"refer-from-note\""))
            let now = PersonForm.localDateTime(harness.clock.now(), zone: harness.env.config.timeZone)
            let made = try await peer.post("/services/\(seed.service.text)/referral",
                                           [("need", "transportation"), ("resource_name", "Transit pass program"), ("status", "sent"), ("made_at", now)])
            #expect(made.status == .seeOther)
            let listed = try await peer.get("/services/\(seed.service.text)")
            #expect(listed.text.contains("id=\"note-referrals\"") && listed.text.contains("Transit pass program"))
            let stored = try await harness.env.referrals.forPerson(seed.person, by: try await harness.actor(a.user(.peerSpecialist)),
                                                                  context: .cli("test"))
            #expect(stored.contains { $0.serviceID == seed.service && $0.resource.name == "Transit pass program" })
            // A supervisor reading the note sees the referral but is not offered to make one during someone else's note.
            let supervisor = Browser(client)
            try await supervisor.signIn(a.user(.supervisor).email, clock: harness.clock)
            let read = try await supervisor.get("/services/\(seed.service.text)")
            #expect(read.text.contains("Transit pass program") && !read.text.contains("id=\"refer-from-note\""))
        }
    }

    @Test("who can NOT open a referral: a colleague without the person and another organization get 404; the waiting lists show only what each may see", arguments: TestEngine.available)
    func access(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let seed = try await SeededParticipant.make(a, db: harness.test.db, now: harness.clock.now())
            let other = try await SeededParticipant.make(harness.fixture.b, db: harness.test.db, now: harness.clock.now())
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            #expect(try await peer.get("/referrals/\(other.referral.text)").status == .notFound)
            #expect(try await peer.get("/referrals/\(other.referral.text)/slip").status == .notFound)
            #expect(try await peer.post("/referrals/\(other.referral.text)/status", [("status", "linked")]).status == .notFound)
            let waiting = try await peer.get("/referrals")
            #expect(waiting.text.contains("/referrals/\(seed.referral.text)") && !waiting.text.contains(other.referral.text))

            let evaluator = Browser(client)
            try await evaluator.signIn(a.user(.evaluator).email, clock: harness.clock)
            #expect(try await evaluator.get("/referrals/\(seed.referral.text)").status == .notFound)
            #expect(try await evaluator.get("/referrals").status == .forbidden)
            // Counts only: an evaluator reads the program's measures.
            #expect(try await evaluator.get("/referrals/measures?scope=program").status == .ok)
        }
    }
}

/// The same loop through API v1: structured errors with stable codes, If-Match, the measures' numerator and denominator.
@Suite("Referrals (API)")
struct ReferralAPITests {
    static func json(_ response: TestResponse) throws -> [String: Any] { try APITests.json(response) }

    static func codes(_ response: TestResponse) throws -> [String] {
        let body = try json(response)
        return ((body["errors"] as? [[String: Any]]) ?? []).map { "\($0["field"] ?? ""):\($0["code"] ?? "")" }
    }

    @Test("make, refuse a jump, move with If-Match, read the history and the measures; another organization's id is 404", arguments: TestEngine.available)
    func loop(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let seed = try await SeededParticipant.make(a, db: harness.test.db, now: harness.clock.now())
            let other = try await SeededParticipant.make(harness.fixture.b, db: harness.test.db, now: harness.clock.now())
            let api = try await APITests.tokenBrowser(harness, client, .peerSpecialist)

            let missing = try await api.request(.post, "/api/v1/participants/\(seed.person.text)/referrals",
                                                json: #"{"program_id": "\#(a.program.id.text)", "need": "nope", "resource": {"name": ""}}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(try Self.codes(missing).contains("need:unknown_value"))
            let made = try await api.request(.post, "/api/v1/participants/\(seed.person.text)/referrals",
                                             json: #"{"program_id": "\#(a.program.id.text)", "need": "legal", "resource": {"name": "Legal aid clinic"}}"#)
            #expect(made.status == .created)
            let body = try Self.json(made)
            let id = try #require(body["id"] as? String)
            #expect(body["status"] as? String == "proposed" && body["fhir_task_status"] as? String == "draft")
            #expect(made.headers[.eTag] == "\"1\"")

            let jump = try await api.request(.post, "/api/v1/referrals/\(id)/status", json: #"{"status": "linked"}"#)
            #expect(jump.status == .unprocessableContent)
            #expect(try Self.codes(jump) == ["status:invalid_transition"])
            var stale = HTTPFields()
            stale[.ifMatch] = "\"7\""
            let conflict = try await api.request(.post, "/api/v1/referrals/\(id)/status", json: #"{"status": "sent"}"#, headers: stale)
            #expect(conflict.status == .preconditionFailed)
            let sent = try await api.request(.post, "/api/v1/referrals/\(id)/status", json: #"{"status": "sent", "note": "Faxed"}"#)
            #expect(sent.status == .ok)
            #expect(try Self.json(sent)["fhir_task_status"] as? String == "requested")
            let notLinked = try await api.request(.post, "/api/v1/referrals/\(id)/status", json: #"{"status": "not_linked", "reason": "wait_list"}"#)
            #expect(notLinked.status == .ok)

            let read = try Self.json(try await api.get("/api/v1/referrals/\(id)"))
            #expect((read["changes"] as? [[String: Any]])?.map { $0["to"] as? String } == ["proposed", "sent", "not_linked"], "\(read)")
            #expect(read["status"] as? String == "not_linked", "\(read)")
            let today = CalendarDate(harness.clock.now(), in: harness.env.config.timeZone)
            let measures = try Self.json(try await api.get("/api/v1/referral-measures?from=\(today.adding(days: -30))&to=\(today)"))
            let linkage = try #require(measures["linkage"] as? [String: Any], "\(measures)")
            // Made this month: one referral, not linked (the seeded one was made in January, outside the period).
            #expect(measures["made"] as? Int == 1 && measures["open"] as? Int == 0, "\(measures)")
            #expect(linkage["numerator"] as? Int == 0 && linkage["denominator"] as? Int == 1 && linkage["percent"] as? Double == 0)
            let bad = try await api.get("/api/v1/referral-measures?from=\(today)&to=\(today.adding(days: -1))")
            #expect(bad.status == .unprocessableContent)
            #expect(try Self.codes(bad) == ["to:end_before_start"])
            // The seeded referral, sent in January, still waits for its outcome; the closed one does not.
            let waiting = try Self.json(try await api.get("/api/v1/me/referrals/waiting"))
            #expect((waiting["items"] as? [[String: Any]])?.compactMap { ($0["referral"] as? [String: Any])?["id"] as? String } == [seed.referral.uuidString])

            #expect(try await api.get("/api/v1/referrals/\(other.referral.text)").status == .notFound)
            #expect(try await api.request(.post, "/api/v1/referrals/\(other.referral.text)/status", json: #"{"status": "sent"}"#).status == .notFound)
            #expect(try await api.get("/api/v1/participants/\(other.person.text)/referrals").status == .notFound)
        }
    }
}
