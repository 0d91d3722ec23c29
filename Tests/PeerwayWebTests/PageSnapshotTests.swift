import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import PeerwayWeb
import SnapshotTesting
import Testing

/// The rendered HTML of the main pages, with a fixed clock and fixed ids, compared with the files in
/// `__Snapshots__/PageSnapshotTests`: a change to what a page shows appears as a diff in review.
/// Re-record after an intended change with `SNAPSHOT_TESTING_RECORD=all swift test --filter PageSnapshotTests`.
/// Only what is random by design is masked: the CSRF token and request ids.
@Suite("Page snapshots")
struct PageSnapshotTests {
    /// Wednesday 2026-03-11 17:00 UTC.
    static let start = Date(timeIntervalSince1970: 1_773_248_400)

    static func masked(_ html: String) -> String {
        html.replacingOccurrences(of: #"name="csrf" value="[^"]+""#, with: #"name="csrf" value="(csrf)""#, options: .regularExpression)
            .replacingOccurrences(of: #"(?!00000000-0000-0000-0000-)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#,
                                  with: "(random id)", options: .regularExpression)
    }

    func snapshot(_ browser: Browser, _ path: String, _ name: String) async throws {
        let response = try await browser.request(.get, path)
        #expect(response.status == .ok, "\(name): \(path) answered \(response.status)")
        assertSnapshot(of: Self.masked(response.text), as: .lines, named: name, testName: "page")
    }

    /// Signs in on the next 30-second step, so no second-factor code is used twice.
    func signIn(_ client: any TestClientProtocol, _ user: User, _ harness: WebHarness) async throws -> Browser {
        harness.clock.advance(30)
        let browser = Browser(client)
        try #require(try await browser.signIn(user.email, clock: harness.clock).status == .seeOther)
        return browser
    }

    @Test("the main pages, as each role sees them")
    func pages() async throws {
        try await WebHarness.with(.sqlite, ids: SequentialIDs(), start: Self.start) { harness, client in
            let fixture = harness.fixture
            let seed = try await SeededParticipant.make(fixture.a, db: harness.test.db, ids: harness.env.store.ids, now: harness.clock.now())
            for role in Role.allCases {
                let browser = try await signIn(client, fixture.a.user(role), harness)
                try await snapshot(browser, SiteRoutes.home(), "home-\(role.rawValue)")
            }
            let peer = try await signIn(client, fixture.a.user(.peerSpecialist), harness)
            try await snapshot(peer, ParticipantRoutes.caseload(), "caseload")
            try await snapshot(peer, ParticipantRoutes.record(seed.person), "participant-record")
            try await snapshot(peer, ServiceRoutes.newService(query: ["person": seed.person.uuidString.lowercased()]), "service-note-form")
            try await snapshot(peer, ServiceRoutes.service(seed.service), "service-note")
            try await snapshot(peer, ServiceRoutes.week(query: ["date": "2026-01-12"]), "service-week")
            let admin = try await signIn(client, fixture.a.user(.organizationAdmin), harness)
            try await snapshot(admin, AdminRoutes.audit(), "audit-trail")
        }
    }
}
