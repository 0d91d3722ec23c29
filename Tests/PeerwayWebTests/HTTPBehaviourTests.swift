import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayTestSupport
import PeerwayWeb
import Testing

/// What the server answers at the HTTP level, whoever calls: metrics of the status actually sent, a
/// bad bearer token, caching under /static/, and 405 with `Allow`.
@Suite("HTTP behaviour")
struct HTTPBehaviourTests {
    /// `hb_requests` series of a /metrics text, one line each.
    static func requestSeries(_ metrics: String) -> [Substring] {
        metrics.split(separator: "\n").filter { $0.hasPrefix("hb_requests{") }
    }

    @Test("metrics record the status actually sent: a bad token makes a 401 series, never a 500; open routes ignore the token")
    func metricsOfRefusals() async throws {
        try await WebHarness.with(.sqlite) { _, client in
            let stale = Browser(client)
            stale.bearer = "pwt_revoked-or-made-up"
            let api = try await stale.get("/api/v1/me")
            #expect(api.status == .unauthorized)
            #expect(api.headers[.contentType] == "application/problem+json")
            #expect(api.text.contains(#""code":"unauthenticated""#))
            #expect(api.headers[.wwwAuthenticate] == #"Bearer realm="peerway", error="invalid_token""#)
            let live = try await stale.get("/health/live")
            #expect(live.status == .ok, "an open route ignores a bad token")

            let series = Self.requestSeries(try await Browser(client).get("/metrics").text)
            #expect(series.contains { $0.contains(#"http_route="/api/v1/me""#) && $0.contains(#"http_response_status_code="401""#) },
                    "series: \(series)")
            #expect(series.contains { $0.contains(#"http_route="/health/live""#) && $0.contains(#"http_response_status_code="200""#) })
            #expect(!series.contains { $0.contains(#"http_response_status_code="500""#) }, "series: \(series)")
        }
    }

    @Test("a bad bearer token never loops: open routes answer, pages send to sign-in once, the API answers 401")
    func badTokenOnOpenRoutes() async throws {
        try await WebHarness.with(.sqlite) { _, client in
            let stale = Browser(client)
            stale.bearer = "pwt_revoked-or-made-up"
            for path in ["/signin", "/health/live", "/health/ready", "/healthz", "/static/peerway.css", "/api/v1/openapi.json"] {
                #expect(try await stale.get(path).status == .ok, "\(path)")
            }
            // A protected page treats the caller as anonymous: to the sign-in page, which itself answers.
            let home = try await stale.get("/")
            #expect(home.status == .seeOther)
            #expect(home.headers[.location] == "/signin")
            let users = try await stale.get("/api/v1/users")
            #expect(users.status == .unauthorized)
            #expect(users.headers[.contentType] == "application/problem+json")
            // Without any token, a 401 still names the scheme, without claiming a token was refused.
            let anonymous = try await Browser(client).get("/api/v1/me")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate] == #"Bearer realm="peerway""#)
        }
    }

    @Test("an error under /static/ is never cached; the stylesheet keeps its cache header")
    func staticErrorsNotCached() async throws {
        try await WebHarness.with(.sqlite) { harness, client in
            // Signed in, the error page carries the session's CSRF token (in the sign-out form).
            let browser = Browser(client)
            try await browser.signIn(harness.fixture.a.user(.peerSpecialist).email, clock: harness.clock)
            let missing = try await browser.get("/static/missing.css")
            #expect(missing.status == .notFound)
            #expect(missing.headers[.cacheControl] == "no-store")
            #expect(missing.headers[.init("Pragma")!] == "no-cache")
            let wrongMethod = try await browser.request(.post, "/static/peerway.css", headers: [.init("X-CSRF-Token")!: browser.csrf])
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.cacheControl] == "no-store")
            let stylesheet = try await browser.get("/static/peerway.css")
            #expect(stylesheet.status == .ok)
            #expect(stylesheet.headers[.cacheControl] == "public, max-age=3600")
            #expect(stylesheet.headers[.init("Pragma")!] == nil)
        }
    }

    @Test("a declared path with an undeclared method answers 405 with Allow, on the API and on a page; GET paths answer HEAD")
    func methodNotAllowed() async throws {
        try await WebHarness.with(.sqlite) { harness, client in
            let api = try await APITests.tokenBrowser(harness, client, .organizationAdmin)
            let put = try await api.request(.put, "/api/v1/me")
            #expect(put.status == .methodNotAllowed)
            #expect(put.headers[.allow] == "GET, HEAD")
            #expect(put.headers[.contentType] == "application/problem+json")
            #expect(put.text.contains(#""code":"method_not_allowed""#))
            let programs = try await api.request(.delete, "/api/v1/programs/\(harness.fixture.a.program.id)")
            #expect(programs.status == .methodNotAllowed)
            #expect(programs.headers[.allow] == "GET, HEAD, PATCH")
            // A literal segment wins over `:id`, as in the router: "import" is its own path.
            let importPath = try await api.get("/api/v1/participants/import")
            #expect(importPath.status == .methodNotAllowed)
            #expect(importPath.headers[.allow] == "POST")
            #expect(try await api.get("/api/v1/nothing-here").status == .notFound)

            let page = try await Browser(client).request(.delete, "/signin")
            #expect(page.status == .methodNotAllowed)
            #expect(page.headers[.allow] == "GET, HEAD, POST")
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)

            let head = try await Browser(client).request(.head, "/health/live")
            #expect(head.status == .ok)
            #expect(head.text.isEmpty)
        }
    }

    /// The path of `entry` with every `:parameter` filled with `value`.
    static func concrete(_ path: String, _ value: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { $0.hasPrefix(":") ? value : String($0) }.joined(separator: "/")
    }

    @Test("every declared path answers every undeclared method with 405 and exactly its declared methods in Allow")
    func everyPathAllows() async throws {
        try await WebHarness.with(.sqlite) { harness, client in
            let entries = PeerwayApp.routeTable(harness.env).entries
            let declared = Dictionary(grouping: entries, by: \.path).mapValues { Set($0.map(\.method)) }
            let methods = RouteMethods(entries)
            let probes: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]
            for (path, verbs) in declared.sorted(by: { $0.key < $1.key }) {
                let target = Self.concrete(path, UUID().uuidString)
                var expected = verbs
                if verbs.contains(.get) { expected.insert(.head) }
                let allow = methods.allowed(for: target)
                #expect(Set(allow) == expected, "\(path): \(allow)")
                guard let method = probes.first(where: { !verbs.contains($0) }) else { continue }
                let response = try await Browser(client).request(method, target)
                #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                #expect(response.headers[.allow] == allow.map(\.rawValue).joined(separator: ", "), "\(method) \(path)")
            }
        }
    }

    @Test("the OpenAPI document lists 405 wherever a declared operation can meet it, and 422 for team-week's date")
    func documented405() async throws {
        try await WebHarness.with(.sqlite) { harness, client in
            let document = try #require(try JSONSerialization.jsonObject(with: Data(try await Browser(client).get("/api/v1/openapi.json").text.utf8)) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            func responses(_ method: HTTPRequest.Method, _ path: String) -> [String: Any] {
                ((paths[path]?[method.rawValue.lowercased()] as? [String: Any])?["responses"] as? [String: Any]) ?? [:]
            }
            let entries = PeerwayApp.routeTable(harness.env).entries.filter { $0.kind == .api }
            let methods = RouteMethods(entries)
            // A `:parameter` may be given the literal of a sibling path; the router then takes that path,
            // which may not have the method.
            for entry in entries where entry.path.contains(":") {
                let segments = entry.path.split(separator: "/")
                for other in entries where other.path != entry.path {
                    let others = other.path.split(separator: "/")
                    guard others.count == segments.count,
                          zip(segments, others).allSatisfy({ $0 == $1 || $0.hasPrefix(":") && !$1.hasPrefix(":") || $1.hasPrefix(":") }) else { continue }
                    let target = "/" + zip(segments, others).map { $0.hasPrefix(":") && !$1.hasPrefix(":") ? String($1) : String($0) }
                        .map { $0.hasPrefix(":") ? UUID().uuidString : $0 }.joined(separator: "/")
                    guard !methods.allowed(for: target).contains(entry.method) else { continue }
                    #expect(responses(entry.method, entry.openAPIPath)["405"] != nil,
                            "\(entry.method) \(entry.openAPIPath) answers 405 for \(target) but does not document it")
                }
            }
            #expect(responses(.get, "/api/v1/me/team-week")["422"] != nil)

            let supervisor = try await APITests.tokenBrowser(harness, client, .supervisor)
            let malformed = try await supervisor.get("/api/v1/me/team-week?date=not-a-date")
            #expect(malformed.status == .unprocessableContent)
            #expect(malformed.text.contains(#""code":"invalid_date""#))
            #expect(try await supervisor.get("/api/v1/me/team-week?date=2026-03-04").status == .ok)
        }
    }
}
