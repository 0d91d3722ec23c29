import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import PeerwayWeb
import Testing

@Suite("Pages")
struct PageTests {
    @Test("every response carries the security headers; pages are never cached", arguments: ["/signin", "/health/live", "/api/v1/openapi.json", "/nope"])
    func securityHeaders(path: String) async throws {
        try await WebHarness.with(.sqlite) { _, client in
            let response = try await Browser(client).get(path)
            let csp = try #require(response.headers[.init("Content-Security-Policy")!])
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(!csp.contains("unsafe-inline"))
            #expect(response.headers[.init("X-Content-Type-Options")!] == "nosniff")
            #expect(response.headers[.init("Referrer-Policy")!] == "no-referrer")
            #expect(response.headers[.cacheControl] == "no-store")
            #expect(response.headers[.init("Strict-Transport-Security")!] == nil, "no HSTS over plain HTTP")
        }
    }

    @Test("each role's home page", arguments: Role.allCases)
    func homes(role: Role) async throws {
        try await WebHarness.with(.sqlite) { harness, client in
            let browser = Browser(client)
            try await browser.signIn(harness.fixture.a.user(role).email, clock: harness.clock)
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.text.contains(#"data-role="\#(role.rawValue)""#))
            #expect(home.text.contains(#"<html lang="en">"#))
            #expect(home.text.contains(#"id="signout""#))
        }
    }

    @Test("hostile text is stored exactly and shown escaped, never run", arguments: [
        "<script>alert(1)</script>", "Robert'); DROP TABLE users;--", "\u{202E}evil\u{202C} name", "Zoë 👩🏽‍⚕️ peer", "a\u{200B}b", String(repeating: "long ", count: 39),
    ])
    func hostileStrings(text: String) async throws {
        try await WebHarness.with(.sqlite) { harness, client in
            let admin = Browser(client)
            try await admin.signIn(harness.fixture.a.user(.organizationAdmin).email, clock: harness.clock)
            try await admin.get("/admin/programs")
            let created = try await admin.post("/admin/programs", [("name", text), ("model", "long_term"), ("review_frequency_days", "90")])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let page = try await admin.get(location)
            #expect(!page.text.contains("<script>alert(1)</script>"))
            let id = try #require(UUID(uuidString: String(location.split(separator: "/").last!)))
            let stored = try await harness.test.db.read { conn in try await ProgramRecords.get(id, on: conn) }
            #expect(stored?.name == text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    @Test("a form with mistakes comes back with field messages and what was typed, and nothing is saved")
    func fieldErrors() async throws {
        try await WebHarness.with(.sqlite) { harness, client in
            let admin = Browser(client)
            try await admin.signIn(harness.fixture.a.user(.organizationAdmin).email, clock: harness.clock)
            try await admin.get("/admin/users")
            let response = try await admin.post("/admin/users", [("display_name", "New Peer"), ("email", "not-an-email"), ("password", "short"), ("roles", "peer_specialist")])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains(#"id="email-error""#))
            #expect(response.text.contains(#"id="password-error""#))
            #expect(response.text.contains(#"value="New Peer""#))
            #expect(response.text.contains(#"aria-invalid="true""#))
            let users = try await harness.test.db.read { conn in try await UserRecords.list(.init(organizationIDs: [harness.fixture.a.provider.id]), on: conn) }
            #expect(!users.contains { $0.displayName == "New Peer" })
        }
    }

    @Test("an administrator adds a person through the pages, and the new person can sign in")
    func addPerson() async throws {
        try await WebHarness.with(.sqlite) { harness, client in
            let admin = Browser(client)
            try await admin.signIn(harness.fixture.a.user(.organizationAdmin).email, clock: harness.clock)
            try await admin.get("/admin/users")
            let created = try await admin.post("/admin/users", [
                ("display_name", "Nia Brooks"), ("email", "nia@a.fixture.test"), ("password", "a good long passphrase"),
                ("roles", "peer_specialist"), ("program_ids", harness.fixture.a.program.id.text),
                ("supervisor_id", harness.fixture.a.user(.supervisor).id.text),
            ])
            #expect(created.status == .seeOther)
            let nia = Browser(client)
            let signIn = try await nia.signIn("nia@a.fixture.test", password: "a good long passphrase", clock: harness.clock)
            #expect(signIn.status == .seeOther)
            #expect(try await nia.get("/").text.contains("Program A1"))
            var filter = AuditFilter(organizationIDs: [harness.fixture.a.provider.id])
            filter.action = .userCreated
            let events = try await harness.env.audit.list(filter, on: harness.test.db).events
            #expect(events.contains { $0.actorUserID == harness.fixture.a.user(.organizationAdmin).id })
        }
    }

    @Test("health and readiness answer without signing in; metrics are Prometheus text")
    func operations() async throws {
        try await WebHarness.with(.sqlite) { _, client in
            let browser = Browser(client)
            let healthz = try await browser.get("/healthz"), live = try await browser.get("/health/live")
            let ready = try await browser.get("/health/ready"), metrics = try await browser.get("/metrics")
            let css = try await browser.get("/static/peerway.css")
            #expect(healthz.status == .ok)
            #expect(live.status == .ok)
            #expect(ready.text == "ready\n")
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(css.headers[.cacheControl]?.contains("max-age") == true)
        }
    }
}

@Suite("Catalog and API description")
struct CatalogTests {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/PeerwayWeb/Resources")

    @Test("every sentence a template or the code names exists in every language's catalog")
    func catalogComplete() throws {
        let localizer = try Localizer.bundled()
        let templates = try FileManager.default.contentsOfDirectory(atPath: Self.resources.appendingPathComponent("templates").path)
        var missing: [String] = []
        let pattern = try NSRegularExpression(pattern: #"\{\{[#^/]?t\.([a-z0-9_]+)"#)
        for file in templates {
            let text = try String(contentsOf: Self.resources.appendingPathComponent("templates/\(file)"), encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let key = String(text[Range(match.range(at: 1), in: text)!])
                for locale in localizer.locales where localizer.templateStrings(locale)[key] == nil { missing.append("\(locale): \(key) (\(file))") }
            }
        }
        // Keys the Swift code asks for: role names, error messages and the like.
        var keys = Role.allCases.map(\.labelKey) + Organization.Kind.allCases.map { "organization.kind.\($0.rawValue)" }
            + Program.Model.allCases.map { "program.model.\($0.rawValue)" }
            + DischargeReason.allCases.map(\.labelKey) + ContinuedStayReview.Criterion.allCases.map(\.labelKey)
            + (CriteriaSet.standard.service + CriteriaSet.standard.exclusions).map(\.labelKey)
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")
        let literal = try NSRegularExpression(pattern: #"messageKey: "([a-z_.]+)""#)
        for case let path as String in FileManager.default.enumerator(atPath: sources.path)! where path.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            for match in literal.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                keys.append(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        for key in keys {
            for locale in localizer.locales where localizer.catalogs[locale]?[key] == nil { missing.append("\(locale): \(key)") }
        }
        #expect(missing.isEmpty, "missing catalog entries:\n\(missing.joined(separator: "\n"))")
        let keySets = Set(localizer.catalogs.values.map { Set($0.keys) })
        #expect(keySets.count == 1, "catalogs differ in their keys")
    }

    @Test("the OpenAPI document describes exactly the API routes the server has")
    func openAPIMatchesRoutes() async throws {
        try await WebHarness.with(.sqlite) { harness, client in
            let response = try await Browser(client).get("/api/v1/openapi.json")
            #expect(response.headers[.contentType] == "application/json")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
            #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in
                operations.keys.filter { ["get", "post", "put", "patch", "delete"].contains($0) }.map { "\($0.uppercased()) \(path)" }
            }.filter { $0.contains("/api/") })
            let served = Set(PeerwayApp.routeTable(harness.env).entries.filter { $0.kind == .api }.map { "\($0.method.rawValue) \($0.openAPIPath)" })
            #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
            #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
        }
    }
}

@Suite("Metrics access")
struct MetricsAccessTests {
    @Test("with a metrics token configured, /metrics needs it")
    func token() async throws {
        var config = WebConfiguration()
        config.metricsToken = "scrape-secret"
        try await WebHarness.with(.sqlite, config: config) { _, client in
            let anonymous = try await Browser(client).get("/metrics")
            let wrongBrowser = Browser(client)
            wrongBrowser.bearer = "guess"
            let wrong = try await wrongBrowser.get("/metrics")
            let scraperBrowser = Browser(client)
            scraperBrowser.bearer = "scrape-secret"
            let scraper = try await scraperBrowser.get("/metrics")
            #expect(anonymous.status == .unauthorized)
            #expect(wrong.status == .unauthorized)
            #expect(scraper.status == .ok)
        }
    }
}
