import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import PeerwayWeb
import Testing

/// Organizations carry their kind as seed 003 names them: a county, or a provider that is peer-run, a
/// recovery community organization, family-run, or none of these.
@Suite("Organization kinds")
struct OrganizationKindWebTests {
    @Test("a county adds a peer-run provider; the county makes its provider family-run; an unknown kind is refused and changes nothing",
          arguments: TestEngine.available)
    func kinds(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let county = try await APITests.tokenBrowser(harness, client, .systemAdmin)
            let created = try await county.request(.post, AdminRoutes.API.organizations(),
                                                   json: #"{"name": "Harbor Peer Network", "parent_id": "\#(a.county.id.uuidString)", "provider_type": "peer_run"}"#)
            #expect(created.status == .created, "\(created.text)")
            let body = try APITests.json(created)
            #expect(body["kind"] as? String == "provider" && body["provider_type"] as? String == "peer_run")
            let id = try #require((body["id"] as? String).flatMap(UUID.init(uuidString:)))

            let unknown = try await county.request(.post, AdminRoutes.API.organizations(),
                                                   json: #"{"name": "Elsewhere", "parent_id": "\#(a.county.id.uuidString)", "provider_type": "cooperative"}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.text.contains("provider_type") && unknown.text.contains("unknown_value"))
            let names = try await harness.test.db.read { conn in try await OrganizationRecords.all(on: conn).map(\.name) }
            #expect(!names.contains("Elsewhere"))

            // The fixture's provider, changed by the county that administers it.
            let changed = try await county.request(.patch, AdminRoutes.API.organization(a.provider.id), json: #"{"provider_type": "family_run"}"#)
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(try APITests.json(changed)["provider_type"] as? String == "family_run")
            let stored = try await harness.test.db.read { conn in try await OrganizationRecords.get(a.provider.id, on: conn) }
            #expect(stored?.providerType == .familyRun && stored?.seedKind == "family_run")
            // A new time step: the token's sign-in used this one's code, and a code is never taken twice.
            harness.clock.advance(31)
            let browser = Browser(client)
            try await browser.signIn(a.user(.systemAdmin).email, clock: harness.clock)
            let page = try await browser.get(AdminRoutes.organization(a.provider.id))
            #expect(page.text.contains("Family-run organization"))
            let created2 = try await harness.test.db.read { conn in try await OrganizationRecords.get(id, on: conn) }
            #expect(created2?.seedKind == "peer_run")
            // A county is a county, whatever a body says.
            let countyRecord = try await harness.test.db.read { conn in try await OrganizationRecords.get(a.county.id, on: conn) }
            #expect(countyRecord?.seedKind == "county")
        }
    }
}
