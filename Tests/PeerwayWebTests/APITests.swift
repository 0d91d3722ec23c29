import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import PeerwayWeb
import Testing

@Suite("JSON API")
struct APITests {
    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
    }

    /// Signs in with the pages, makes a personal access token through the API, and switches to it.
    static func tokenBrowser(_ harness: WebHarness, _ client: any TestClientProtocol, _ role: Role) async throws -> Browser {
        let browser = Browser(client)
        try await browser.signIn(harness.fixture.a.user(role).email, clock: harness.clock)
        let created = try await browser.request(.post, "/api/v1/tokens", json: #"{"name":"script","expires_days":30}"#,
                                                headers: [.init("X-CSRF-Token")!: browser.csrf])
        #expect(created.status == .created)
        let token = try #require(try json(created)["token"] as? String)
        let api = Browser(client)
        api.bearer = token
        return api
    }

    @Test("a personal access token works under the same policy, and stops working when revoked", arguments: TestEngine.available)
    func tokens(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let api = try await Self.tokenBrowser(harness, client, .organizationAdmin)
            let me = try await api.get("/api/v1/me")
            #expect(me.status == .ok)
            let meBody = try Self.json(me)
            #expect(meBody["home_role"] as? String == "organization_admin")
            // A token needs no CSRF token: it is not sent automatically by browsers.
            let created = try await api.request(.post, "/api/v1/programs", json: #"{"name":"Warm Line","model":"long_term","review_frequency_days":60}"#)
            #expect(created.status == .created)
            #expect(created.headers[.eTag] == "\"1\"")
            let listed = try Self.json(try await api.get("/api/v1/tokens"))["items"] as? [[String: Any]]
            let id = try #require(listed?.first?["id"] as? String)
            #expect(listed?.first?["token"] == nil, "a token is shown only once")
            let other = try await Self.tokenBrowser(harness, client, .peerSpecialist)
            #expect(try await other.request(.delete, "/api/v1/tokens/\(id)").status == .notFound, "someone else's token cannot be revoked")
            #expect(try await api.request(.delete, "/api/v1/tokens/\(id)").status == .noContent)
            #expect(try await api.get("/api/v1/me").status == .unauthorized)
            let peer = try await other.get("/api/v1/users")
            #expect(peer.status == .forbidden, "a token carries its owner's role, no more")
            let bogus = Browser(client)
            bogus.bearer = "pwt_not-a-real-token"
            #expect(try await bogus.get("/api/v1/me").status == .unauthorized)
        }
    }

    @Test("a long-term program has no continued-stay review unless it sets one (null in the API); a time-limited one must have one",
          arguments: TestEngine.available)
    func programReviews(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let api = try await Self.tokenBrowser(harness, client, .organizationAdmin)
            let created = try await api.request(.post, "/api/v1/programs", json: #"{"name":"Drop-in","model":"long_term"}"#)
            #expect(created.status == .created)
            let body = try Self.json(created)
            #expect(body["review_frequency_days"] is NSNull, "no review, said as null rather than left out")
            let id = try #require(body["id"] as? String)
            let chosen = try Self.json(try await api.request(.patch, "/api/v1/programs/\(id)", json: #"{"review_frequency_days":60}"#))
            #expect(chosen["review_frequency_days"] as? Int == 60)
            let cleared = try Self.json(try await api.request(.patch, "/api/v1/programs/\(id)", json: #"{"review_frequency_days":null}"#))
            #expect(cleared["review_frequency_days"] is NSNull)
            let limited = try await api.request(.post, "/api/v1/programs",
                                                json: #"{"name":"Six months","model":"time_limited","default_length_days":182,"review_frequency_days":null}"#)
            #expect(limited.status == .unprocessableContent)
            #expect(try Self.json(try await api.request(.post, "/api/v1/programs",
                                                         json: #"{"name":"Six months","model":"time_limited","default_length_days":182}"#))["review_frequency_days"] as? Int == 90)
        }
    }

    @Test("a password change revokes the person's API tokens unless they choose to keep them; an administrator's reset too",
          arguments: TestEngine.available)
    func passwordChangeRevokesTokens(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let newPassword = "a brand new passphrase 42"
            let peer = harness.fixture.a.user(.peerSpecialist)
            let api = try await Self.tokenBrowser(harness, client, .peerSpecialist)
            #expect(try await api.get("/api/v1/me").status == .ok)
            let browser = Browser(client)
            try await browser.signIn(peer.email, clock: harness.clock)
            try await browser.get("/account")
            let changed = try await browser.post("/account/password", [("current_password", Fixture.password), ("password", newPassword),
                                                                        ("password_confirm", newPassword)])
            #expect(changed.status == .seeOther)
            #expect(try await api.get("/api/v1/me").status == .unauthorized, "the token made with the old password is revoked")

            // Ticking "keep the API tokens" keeps them.
            let kept = Browser(client)
            try await kept.signIn(peer.email, password: newPassword, clock: harness.clock)
            let created = try await kept.request(.post, "/api/v1/tokens", json: #"{"name":"kept"}"#, headers: [.init("X-CSRF-Token")!: kept.csrf])
            let token = try #require(try Self.json(created)["token"] as? String)
            let keptAPI = Browser(client)
            keptAPI.bearer = token
            try await kept.get("/account")
            let again = "another new passphrase 77"
            let changedKeeping = try await kept.post("/account/password", [("current_password", newPassword), ("password", again),
                                                                           ("password_confirm", again), ("keep_tokens", "on")])
            #expect(changedKeeping.status == .seeOther)
            #expect(try await keptAPI.get("/api/v1/me").status == .ok)

            // An administrator's reset revokes them by default.
            let admin = Browser(client)
            try await admin.signIn(harness.fixture.a.user(.organizationAdmin).email, clock: harness.clock)
            try await admin.get("/admin/users/\(peer.id.text)")
            let reset = try await admin.post("/admin/users/\(peer.id.text)/password", [("password", "reset by the administrator 9")])
            #expect(reset.status == .ok)
            #expect(try await keptAPI.get("/api/v1/me").status == .unauthorized)
        }
    }

    @Test("a county's system administrator adds people to a provider under it, by page and API; a provider's administrator cannot reach the county",
          arguments: TestEngine.available)
    func usersInAProvider(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let side = harness.fixture.a
            let county = Browser(client)
            try await county.signIn(side.user(.systemAdmin).email, clock: harness.clock)
            let page = try await county.get("/admin/users")
            #expect(page.text.contains(#"name="organization_id""#), "a county administrator chooses the organization")
            #expect(page.text.contains("\(side.program.name) (\(side.provider.name))"))
            let created = try await county.post("/admin/users", [
                ("organization_id", side.provider.id.text), ("display_name", "Rosa Provider Peer"),
                ("email", "rosa.peer@provider.test"), ("password", "a long enough password 7"), ("roles", "peer_specialist"),
                ("program_ids", side.program.id.text)])
            #expect(created.status == .seeOther)
            let rosa = try #require(try await harness.test.db.read { conn in try await UserRecords.credentials(email: "rosa.peer@provider.test", on: conn)?.user })
            #expect(rosa.organizationID == side.provider.id)
            #expect(rosa.programIDs == [side.program.id])

            harness.clock.advance(31) // a one-time code works once: the next sign-in needs the next one
            let api = try await Self.tokenBrowser(harness, client, .systemAdmin)
            let byAPI = try await api.request(.post, "/api/v1/users", json: """
                {"email":"ana.peer@provider.test","display_name":"Ana","password":"a long enough password 8","roles":["peer_specialist"],
                 "organization_id":"\(side.provider.id.text)"}
                """)
            #expect(byAPI.status == .created)
            #expect((try Self.json(byAPI)["organization_id"] as? String)?.lowercased() == side.provider.id.text)

            // A provider's administrator administers only the provider: the county is out of reach.
            let provider = try await Self.tokenBrowser(harness, client, .organizationAdmin)
            let refused = try await provider.request(.post, "/api/v1/users", json: """
                {"email":"intruder@county.test","display_name":"X","password":"a long enough password 9","roles":["peer_specialist"],
                 "organization_id":"\(side.county.id.text)"}
                """)
            #expect(refused.status == .notFound)
            #expect(try await harness.test.db.read { conn in try await UserRecords.credentials(email: "intruder@county.test", on: conn)?.user } == nil)
            let providerPage = Browser(client)
            harness.clock.advance(31)
            try await providerPage.signIn(side.user(.organizationAdmin).email, clock: harness.clock)
            #expect(!(try await providerPage.get("/admin/users").text.contains(#"name="organization_id""#)), "one organization: nothing to choose")
        }
    }

    @Test("errors are problem+json with a stable code and the field at fault, and nothing is written", arguments: TestEngine.available)
    func problems(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let api = try await Self.tokenBrowser(harness, client, .organizationAdmin)
            let before = try Self.json(try await api.get("/api/v1/programs"))["items"] as? [Any]
            let invalid = try await api.request(.post, "/api/v1/programs", json: #"{"name":"Short stay","model":"time_limited","review_frequency_days":3}"#)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.headers[.contentType] == "application/problem+json")
            let body = try Self.json(invalid)
            #expect(body["code"] as? String == "validation_failed")
            let fields = Set(((body["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["default_length_days", "review_frequency_days"])
            let malformed = try await api.request(.post, "/api/v1/programs", json: "{not json")
            #expect(malformed.status == .badRequest)
            let malformedBody = try Self.json(malformed)
            #expect(malformedBody["code"] as? String == "invalid_json")
            let wrongType = try await api.request(.post, "/api/v1/users", json: #"{"email":"x@y.test","display_name":"X","password":"long enough password","roles":"peer"}"#)
            #expect(wrongType.status == .unprocessableContent)
            let unknownRole = try await api.request(.post, "/api/v1/users", json: #"{"email":"x@y.test","display_name":"X","password":"long enough password","roles":["wizard"]}"#)
            let unknownRoleBody = try Self.json(unknownRole)
            #expect(unknownRoleBody["code"] as? String == "validation_failed")
            let form = try await api.request(.post, "/api/v1/programs", form: [("name", "x")])
            #expect(form.status == .unsupportedMediaType)
            let after = try Self.json(try await api.get("/api/v1/programs"))["items"] as? [Any]
            #expect(before?.count == after?.count)
            #expect(try await api.get("/api/v1/nothing-here").status == .notFound)
        }
    }

    @Test("If-Match with a stale version answers 412 and keeps the newer edit", arguments: TestEngine.available)
    func optimisticConcurrency(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let api = try await Self.tokenBrowser(harness, client, .organizationAdmin)
            let path = "/api/v1/programs/\(harness.fixture.a.program.id.text)"
            let current = try await api.get(path)
            let etag = try #require(current.headers[.eTag])
            let first = try await api.request(.patch, path, json: #"{"name":"First edit"}"#, headers: [.ifMatch: etag])
            #expect(first.status == .ok)
            let second = try await api.request(.patch, path, json: #"{"name":"Second edit"}"#, headers: [.ifMatch: etag])
            #expect(second.status == .preconditionFailed)
            let final = try Self.json(try await api.get(path))
            #expect(final["name"] as? String == "First edit")
        }
    }

    @Test("the audit trail lists by filter and exports CSV that is safe in a spreadsheet; the export is itself audited", arguments: TestEngine.available)
    func auditExport(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let admin = Browser(client)
            try await admin.signIn(harness.fixture.a.user(.organizationAdmin).email, clock: harness.clock)
            // A name that a spreadsheet would run as a formula, written into the trail via a user's display name.
            let peerID = harness.fixture.a.user(.peerSpecialist).id.text
            try await admin.get("/admin/users/\(peerID)")
            try await admin.post("/admin/users/\(peerID)", [("display_name", "=HYPERLINK(\"http://evil\")")])
            let peer = Browser(client)
            try await peer.signIn(harness.fixture.a.user(.peerSpecialist).email, clock: harness.clock)
            let list = try await admin.get("/api/v1/audit-events?action=sign_in&user=\(peerID)")
            #expect(list.status == .ok)
            let items = try #require(try Self.json(list)["items"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items.first?["actor"] as? String == "=HYPERLINK(\"http://evil\")")
            let bad = try await admin.get("/api/v1/audit-events?from=yesterday")
            #expect(bad.status == .unprocessableContent)
            let csv = try await admin.get("/admin/audit.csv?action=sign_in")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.hasPrefix("\u{FEFF}occurred_at,"))
            #expect(csv.text.contains("'=HYPERLINK"))
            #expect(!csv.text.contains(",=HYPERLINK"))
            var filter = AuditFilter(organizationIDs: [harness.fixture.a.provider.id])
            filter.action = .export
            #expect(try await harness.env.audit.list(filter, on: harness.test.db).events.count == 1)
            let matrix = try await admin.get("/admin/access-matrix.csv")
            #expect(matrix.text == AccessMatrix.csv())
        }
    }
}
