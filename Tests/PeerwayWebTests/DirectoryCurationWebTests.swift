import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import Testing

/// Curating the directory on pages and in the API: a peer's field check, a curator's correction and
/// new entry, the queue, the setting; each refusal shown by its field with nothing written.
@Suite("Directory curation (web)", .serialized)
struct DirectoryCurationWebTests {
    @Test("a peer checks an entry; a curator corrects one, adds one and works the queue; the setting refuses a bad number", arguments: TestEngine.available)
    func pages(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            try await DirectorySearchFixture.write(into: harness.test.db, organizationID: a.provider.id)
            let service = DirectorySearchFixture.serviceID(1)
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)

            let entry = try await peer.get("/directory/services/\(service)")
            #expect(entry.text.contains("id=\"check-entry\"") && !entry.text.contains("id=\"correct-entry\"") && entry.text.contains("id=\"due-flag\""))
            let form = try await peer.get("/directory/services/\(service)/check")
            #expect(form.status == .ok && form.text.contains("name=\"running\""))
            let before = try await harness.test.db.rowCount("directory_checks")
            let refused = try await peer.post("/directory/services/\(service)/check", [("wait", "two weeks")])
            #expect(refused.status == .unprocessableContent && refused.text.contains("href=\"#running-0\""))
            #expect(try await harness.test.db.rowCount("directory_checks") == before)
            let saved = try await peer.post("/directory/services/\(service)/check", [("running", "open"), ("languages", "es"), ("wait", "two weeks")])
            #expect(saved.status == .seeOther && saved.headers[.location]?.contains("saved=directory_checked") == true)
            let checked = try await peer.get(try #require(saved.headers[.location]))
            #expect(checked.text.contains("id=\"notice\"") && checked.text.contains("wait: two weeks") && !checked.text.contains("id=\"due-flag\""))
            // A peer is no curator.
            #expect(try await peer.get("/directory/new").status == .forbidden)
            #expect(try await peer.get("/directory/due").status == .forbidden)
            #expect(try await peer.get("/directory/services/\(service)/edit").status == .forbidden)
            #expect(try await peer.post("/directory/services/\(service)/edit", [("name", "Taken over")]).status == .forbidden)
            // Another organization's curator does not find this directory's entry to correct, nor to check.
            let otherCurator = Browser(client)
            try await otherCurator.signIn(harness.fixture.b.user(.programManager).email, clock: harness.clock)
            #expect(try await otherCurator.get("/directory/services/\(service)/edit").status == .notFound)
            #expect(try await otherCurator.get("/directory/services/\(service)/check").status == .notFound)

            let manager = Browser(client)
            try await manager.signIn(a.user(.programManager).email, clock: harness.clock)
            let due = try await manager.get("/directory/due")
            #expect(due.status == .ok && due.text.contains("5 entries not checked in the last 180 days") && !due.text.contains(">Housing Navigation<"))
            let edit = try await manager.get("/directory/services/\(DirectorySearchFixture.serviceID(3))/edit")
            #expect(edit.status == .ok && edit.text.contains("value=\"Job Center\""))
            let badAges = try await manager.post("/directory/services/\(DirectorySearchFixture.serviceID(3))/edit",
                                                 [("name", "Job Center"), ("status", "active"), ("minimum_age", "40"), ("maximum_age", "20")])
            #expect(badAges.status == .unprocessableContent && badAges.text.contains("href=\"#maximum_age\""))
            let corrected = try await manager.post("/directory/services/\(DirectorySearchFixture.serviceID(3))/edit",
                                                   [("name", "Vista Job Center"), ("status", "active"), ("phone", "(760) 555-0100"), ("languages", "en")])
            #expect(corrected.status == .seeOther && corrected.headers[.location]?.contains("saved=directory_corrected") == true)
            #expect(try await manager.get("/directory?q=vista+job").text.contains("Vista Job Center"))

            let added = try await manager.post("/directory/new", [("name", "Casa Segura"), ("organization_name", "Casa Segura Inc"), ("need", "housing"),
                                                                  ("status", "active"), ("street", "200 Palm Ave"), ("city", "Imperial Beach"),
                                                                  ("state", "CA"), ("postal_code", "91932"), ("free", "on")])
            #expect(added.status == .seeOther && added.headers[.location]?.contains("saved=directory_added") == true)
            let noStreet = try await manager.post("/directory/new", [("name", "X"), ("organization_name", "Y"), ("status", "active"), ("city", "Vista")])
            #expect(noStreet.status == .unprocessableContent && noStreet.text.contains("href=\"#street\""))
            #expect(try await manager.get("/directory?q=casa&need=housing&free=1").text.contains("Casa Segura"))

            let settings = try await manager.post("/directory/settings", [("stale_after_days", "3")])
            #expect(settings.status == .unprocessableContent && settings.text.contains("href=\"#stale_after_days\""))
            let shorter = try await manager.post("/directory/settings", [("stale_after_days", "30")])
            #expect(shorter.status == .seeOther)
            #expect(try await manager.get("/directory/settings").text.contains("value=\"30\""))
        }
    }

    @Test("the API: add, correct, check and the queue; another organization's check of this directory's service is 404", arguments: TestEngine.available)
    func api(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            try await DirectorySearchFixture.write(into: harness.test.db, organizationID: harness.fixture.a.provider.id)
            let manager = try await APITests.tokenBrowser(harness, client, .programManager)
            let made = try await manager.request(.post, "/api/v1/directory/services",
                                                 json: #"{"name": "Casa Segura", "organization_name": "Casa Segura Inc", "need": "housing", "languages": ["es"]}"#)
            #expect(made.status == .created, "\(made.text)")
            let id = try #require(try APITests.json(made)["id"] as? String)
            let fixed = try await manager.request(.put, "/api/v1/directory/services/\(id)", json: #"{"name": "Casa Segura Shelter", "opens": "18:00"}"#)
            #expect(fixed.status == .unprocessableContent && fixed.text.contains("required_with_hours"))
            #expect(try await manager.request(.put, "/api/v1/directory/services/\(id)", json: #"{"name": "Casa Segura Shelter"}"#).status == .ok)
            let peer = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            let check = try await peer.request(.post, "/api/v1/directory/services/\(id)/checks", json: #"{"running": "open", "wait": "same day"}"#)
            #expect(check.status == .created && check.text.contains("same day"))
            #expect(try await peer.request(.post, "/api/v1/directory/services", json: #"{"name": "X"}"#).status == .forbidden)
            let due = try APITests.json(try await manager.get("/api/v1/directory/due"))
            #expect(due["total"] as? Int == 6 && due["stale_after_days"] as? Int == 180)

            let other = Browser(client)
            try await other.signIn(harness.fixture.b.user(.peerSpecialist).email, clock: harness.clock)
            let elsewhere = try await other.request(.post, "/api/v1/directory/services/\(id)/checks", json: #"{"running": "closed"}"#,
                                                    headers: [.init("X-CSRF-Token")!: other.csrf])
            #expect(elsewhere.status == .notFound)
        }
    }
}
