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
