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
    /// The search fixture's directory, a program manager's API token, and the read API's address of it.
    static func readAPI(_ harness: WebHarness, _ client: any TestClientProtocol) async throws -> (api: Browser, base: String) {
        try await DirectorySearchFixture.write(into: harness.test.db, organizationID: harness.fixture.a.provider.id)
        return (try await APITests.tokenBrowser(harness, client, .programManager), "/api/hsds/\(harness.fixture.a.provider.id.text)")
    }

    /// The contents of a page that holds every item meeting its filters (its total is its size).
    static func whole(_ api: Browser, _ path: String, sourceLocation: SourceLocation) async throws -> [[String: Any]] {
        let response = try await api.get(path)
        #expect(response.status == .ok, "\(response.text)", sourceLocation: sourceLocation)
        let page = try APITests.json(response)
        let contents = try #require(page["contents"] as? [[String: Any]], sourceLocation: sourceLocation)
        #expect(page["total_items"] as? Int == contents.count, sourceLocation: sourceLocation)
        return contents
    }

    @Test("services by words, taxonomy term, taxonomy, organization and modification time; terms by taxonomy and words; a bad date is a 422",
          arguments: TestEngine.available)
    func filters(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let (api, base) = try await Self.readAPI(harness, client)
            func names(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String] {
                try await Self.whole(api, base + path, sourceLocation: sourceLocation).compactMap { $0["name"] as? String }.sorted()
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

    @Test("services at locations by their service's filters, a postcode and a distance from it; organizations by words", arguments: TestEngine.available)
    func placesAndOrganizations(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let (api, base) = try await Self.readAPI(harness, client)
            func services(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String] {
                try await Self.whole(api, base + path, sourceLocation: sourceLocation).compactMap { $0["service_id"] as? String ?? $0["name"] as? String }.sorted()
            }
            let s = DirectorySearchFixture.serviceID
            // Chula Vista (91910): services 1 and 6; San Diego, 11 km away: 2 and 5; Vista and Escondido, over 50 km.
            #expect(try await services("/service_at_locations?postcode=91910") == [s(1), s(6)])
            #expect(try await services("/service_at_locations?postcode=91910&proximity=5000") == [s(1), s(6)])
            #expect(try await services("/service_at_locations?postcode=91910&proximity=15000") == [s(1), s(2), s(5), s(6)])
            #expect(try await services("/service_at_locations?postcode=99999&proximity=50000").isEmpty)
            #expect(try await services("/service_at_locations?search=housing") == [s(1), s(5), s(6)])
            #expect(try await services("/service_at_locations?search=housing&postcode=92101") == [s(5)])
            #expect(try await services("/service_at_locations?organization_id=00000000-0000-4000-8002-000000000003") == [s(3)])
            #expect(try await services("/service_at_locations?taxonomy_term_id=00000000-0000-4000-a000-000000000001").count == 5)
            #expect(try await services("/service_at_locations?modified_after=2100-01-01").isEmpty)
            #expect(try await services("/organizations?search=outreach") == ["Bridges Outreach", "Harbor Outreach"])
            for (query, field) in [("proximity=1000", "postcode"), ("postcode=91910&proximity=0", "proximity"), ("full=maybe", "full"), ("format=xml", "format")] {
                let refused = try await api.get(base + "/service_at_locations?\(query)")
                #expect(refused.status == .unprocessableContent && refused.text.contains(#""field":"\#(field)""#), "\(query): \(refused.text)")
            }
        }
    }

    @Test("the shapes: full, minimal, an organization with its services, every item as NDJSON", arguments: TestEngine.available)
    func shapes(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let (api, base) = try await Self.readAPI(harness, client)
            func contents(_ path: String) async throws -> [[String: Any]] {
                try #require(try APITests.json(try await api.get(base + path))["contents"] as? [[String: Any]])
            }
            let listed = try await contents("/services")
            #expect(listed.count == 6 && listed.allSatisfy { $0["service_at_locations"] == nil && $0["organization"] != nil })
            let full = try await contents("/services?full=true")
            #expect(full.count == 6 && full.allSatisfy { ($0["service_at_locations"] as? [[String: Any]])?.first?["location"] != nil })
            let minimal = try await contents("/services?minimal=true")
            #expect(minimal.count == 6 && minimal.allSatisfy { Set($0.keys) == ["id", "modified_date"] })
            #expect(minimal.compactMap { $0["modified_date"] as? String }.allSatisfy { ISO8601DateFormatter().date(from: $0) != nil })

            let organizations = try await contents("/organizations?search=familias&full_service=true")
            let familias = try #require(organizations.first)
            let offered = try #require(familias["services"] as? [[String: Any]])
            #expect(organizations.count == 1 && offered.map { $0["name"] as? String } == ["Housing Navigation"])
            #expect(offered.first?["organization"] == nil && offered.first?["service_at_locations"] != nil)
            #expect(try await contents("/organizations?search=familias").first?["services"] == nil)
            // One organization is nested in full whatever `full_service` says, as the compiled schemas nest it.
            let id = try #require(familias["id"] as? String)
            for query in ["?full_service=true", ""] {
                let one = try APITests.json(try await api.get(base + "/organizations/\(id)\(query)"))
                #expect((one["services"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Housing Navigation"])
            }

            let stream = try await api.get(base + "/services?format=ndjson&search=housing")
            #expect(stream.status == .ok && stream.headers[.contentType] == "application/x-ndjson")
            let lines = stream.text.split(separator: "\n")
            let names = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["name"] as? String }
            #expect(names.compactMap { $0 }.sorted() == ["Housing Navigation", "Old Housing Program", "Youth Housing Help"])
        }
    }
}
