import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
@testable import PeerwayWeb
import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

/// Directory search on its page and in the API, and a referral started from a search result: the form
/// filled from the directory, the referral linked to the service, the slip with its hours.
@Suite("Directory search (web)", .serialized)
struct DirectorySearchWebTests {
    @Test("a peer searches, sees why each service matched, refers a participant to one, and the slip gives its hours", arguments: TestEngine.available)
    func searchAndRefer(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            try await DirectorySearchFixture.write(into: harness.test.db, organizationID: a.provider.id)
            let seed = try await SeededParticipant.make(a, db: harness.test.db, now: harness.clock.now())
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)

            let all = try await peer.get("/directory")
            #expect(all.status == .ok && all.text.contains("id=\"directory-search\"") && all.text.contains("Services 1 to 5"))
            #expect(!all.text.contains("Old Housing Program"))
            let housing = try await peer.get("/directory?q=housing&language=es")
            #expect(housing.text.contains("Housing Navigation") && !housing.text.contains("Youth Housing Help"))
            #expect(housing.text.contains("Name matches · Speaks Spanish"))
            #expect(housing.text.contains("No referrals to it in the last year."))
            // No card offers to refer when no one is being referred.
            #expect(!housing.text.contains("Refer to this service"))

            // A place the directory does not know, and an age that is not one: each refused on its field, the filters left open.
            let unknown = try await peer.get("/directory?near=Atlantis&age=abc")
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.text.contains("href=\"#age\"") && unknown.text.contains("id=\"age-error\""))
            let place = try await peer.get("/directory?near=Atlantis")
            #expect(place.status == .unprocessableContent && place.text.contains("href=\"#near\"") && place.text.contains("<details class=\"choices\" id=\"more-filters\" open>"))

            // From the person's record: the form links to the directory, the directory's cards to the form.
            let blank = try await peer.get("/participants/\(seed.person.text)/referral")
            #expect(blank.text.contains("href=\"/directory?person=\(seed.person.text)\""))
            let choosing = try await peer.get("/directory?q=navigation&person=\(seed.person.text)")
            let service = DirectorySearchFixture.serviceID(1)
            let referLink = "/participants/\(seed.person.text)/referral?service=\(service)"
            #expect(choosing.text.contains("href=\"\(referLink)\"") && choosing.text.contains("name=\"person\" value=\"\(seed.person.text)\""))
            let form = try await peer.get(referLink + "&need=housing")
            #expect(form.status == .ok && form.text.contains("name=\"directory_service_id\" value=\"\(service)\""))
            #expect(form.text.contains("value=\"Housing Navigation\"") && form.text.contains("value=\"Familias Center\"") && form.text.contains("id=\"form-intro\""))
            #expect(form.text.contains("<option value=\"housing\" selected>"))

            let now = PersonForm.localDateTime(harness.clock.now(), zone: harness.env.config.timeZone)
            let made = try await peer.post("/participants/\(seed.person.text)/referral",
                                           [("directory_service_id", service), ("need", "housing"), ("resource_name", "Housing Navigation"),
                                            ("resource_organization", "Familias Center"), ("resource_phone", "(619) 555-0101"), ("resource_address", ""),
                                            ("handoff", "none"), ("urgency", "routine"), ("status", "sent"), ("made_at", now)])
            #expect(made.status == .seeOther)
            let id = try #require(made.headers[.location]?.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            let stored = try await harness.test.db.read { conn in
                try await conn.sql.raw("SELECT directory_service_id, resource_address FROM referrals WHERE id = \(bind: try #require(UUID(uuidString: id)))").first()
            }
            #expect(try stored?.decode(column: "directory_service_id", as: String.self) == service)
            // The address left empty came from the directory.
            #expect(try stored?.decode(column: "resource_address", as: String.self).contains("Chula Vista") == true)
            let slip = try await peer.get("/referrals/\(id)/slip")
            #expect(slip.text.contains("id=\"slip-hours\">MO,TU,WE,TH,FR 09:00-17:00"))

            // A service id no directory of the peer's holds is refused on the form, and nothing is written.
            let before = try await harness.test.db.rowCount("referrals")
            let forged = try await peer.post("/participants/\(seed.person.text)/referral",
                                             [("directory_service_id", "elsewhere"), ("need", "housing"), ("resource_name", "X"), ("handoff", "none"),
                                              ("urgency", "routine"), ("status", "sent"), ("made_at", now)])
            #expect(forged.status == .unprocessableContent && forged.text.contains("Choose it again from the directory"))
            #expect(try await harness.test.db.rowCount("referrals") == before)

            let page = try await peer.get("/directory/services/\(service)?person=\(seed.person.text)")
            #expect(page.text.contains("id=\"linkage-record\"") && page.text.contains("href=\"\(referLink)\" id=\"refer\""))
        }
    }

    @Test("the search API: reasons and distance, a 422 per bad parameter, and another organization finds nothing", arguments: TestEngine.available)
    func api(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            try await DirectorySearchFixture.write(into: harness.test.db, organizationID: harness.fixture.a.provider.id)
            let peer = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            let found = try await peer.get("/api/v1/directory/search?need=housing&language=es&near=91910&sort=distance&radius_km=100")
            #expect(found.status == .ok, "\(found.text)")
            let body = try APITests.json(found)
            let services = try #require(body["services"] as? [[String: Any]])
            #expect(services.compactMap { $0["name"] as? String } == ["Housing Navigation", "Vivienda Familiar"])
            let reasons = try #require(services[0]["reasons"] as? [[String: Any]])
            #expect(reasons.compactMap { $0["code"] as? String } == ["need", "language", "distance"])
            #expect((services[0]["linkage"] as? [String: Any])?["shown"] as? String == "none")
            #expect(body["more"] as? Bool == false && (body["near"] as? [Double])?.count == 2)

            let bad = try await peer.get("/api/v1/directory/search?radius_km=0&sort=best&near=Atlantis")
            #expect(bad.status == .unprocessableContent && bad.text.contains("invalid_radius") && bad.text.contains("invalid_choice"))
            let place = try await peer.get("/api/v1/directory/search?near=Atlantis")
            #expect(place.status == .unprocessableContent && place.text.contains("unknown_place"))

            // Signed in with a session, as the pages call it.
            let other = Browser(client)
            try await other.signIn(harness.fixture.b.user(.peerSpecialist).email, clock: harness.clock)
            let none = try APITests.json(try await other.get("/api/v1/directory/search?q=housing"))
            #expect((none["services"] as? [Any])?.isEmpty == true)
        }
    }
}

/// The HSDS read API's list filters, as the specification's profile names them.
@Suite("HSDS read API filters", .serialized)
struct HSDSReadFilterWebTests {
    @Test("services by words, taxonomy term, taxonomy, organization and modification time; terms by taxonomy and words; a bad date is a 422",
          arguments: TestEngine.available)
    func filters(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            try await DirectorySearchFixture.write(into: harness.test.db, organizationID: harness.fixture.a.provider.id)
            let api = try await APITests.tokenBrowser(harness, client, .programManager)
            let base = "/api/hsds/\(harness.fixture.a.provider.id.text)"
            func names(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String] {
                let response = try await api.get(base + path)
                #expect(response.status == .ok, "\(response.text)", sourceLocation: sourceLocation)
                let page = try APITests.json(response)
                let contents = try #require(page["contents"] as? [[String: Any]], sourceLocation: sourceLocation)
                #expect(page["total_items"] as? Int == contents.count, sourceLocation: sourceLocation)
                return contents.compactMap { $0["name"] as? String }.sorted()
            }
            #expect(try await names("/services?search=housing") == ["Housing Navigation", "Old Housing Program", "Youth Housing Help"])
            #expect(try await names("/services?search=housing&organization_id=00000000-0000-4000-8002-000000000005") == ["Youth Housing Help"])
            let housing = "00000000-0000-4000-a000-000000000001"
            #expect(try await names("/services?taxonomy_term_id=\(housing)").count == 5)
            #expect(try await names("/services?taxonomy_id=00000000-0000-4000-a000-000000000000").count == 6)
            #expect(try await names("/services?taxonomy_id=elsewhere").isEmpty)
            #expect(try await names("/services?modified_after=2100-01-01").isEmpty)
            #expect(try await names("/services?modified_after=2000-01-01T00:00:00Z").count == 6)
            #expect(try await names("/taxonomy_terms?search=empl") == ["Employment"])
            #expect(try await names("/taxonomy_terms?top_only=true").count == 3)
            let bad = try await api.get(base + "/services?modified_after=yesterday")
            #expect(bad.status == .unprocessableContent && bad.text.contains("modified_after"))
        }
    }
}
