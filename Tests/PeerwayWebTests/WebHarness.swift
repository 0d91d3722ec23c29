import Foundation
import HTTPTypes
import Hummingbird
import Logging
import HummingbirdTesting
import NIOCore
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import PeerwayWeb
import Testing

let quietLogger: Logger = {
    var logger = Logger(label: "peerway.web.test")
    logger.logLevel = .warning
    return logger
}()

/// A running application on a fresh database with the two-sided fixture, driven in-process.
struct WebHarness: Sendable {
    let test: TestDatabase
    let fixture: Fixture
    let env: AppEnvironment
    let clock: TestClock

    static func with(_ engine: TestEngine, config: WebConfiguration = WebConfiguration(), hasher: PasswordHasher = Fixture.hasher,
                     observer: QueryObserver? = nil, ids: any IDSource = RandomIDs(), start: Date = Date(),
                     _ body: @Sendable (WebHarness, any TestClientProtocol) async throws -> Void) async throws {
        try await TestDatabase.with(engine, observer: observer) { test in
            let clock = TestClock(start)
            // One id source for the fixture and the application, so fixed ids never collide.
            let fixture = try await Fixture.make(test.db, clock: clock, ids: ids)
            let env = AppEnvironment(db: test.db, auditKey: TestDatabase.auditKey, config: config, renderer: try await Renderer.bundled(),
                                       clock: clock, ids: ids, hasher: hasher, logger: quietLogger)
            let harness = WebHarness(test: test, fixture: fixture, env: env, clock: clock)
            let app = Application(router: PeerwayApp.router(env))
            try await app.test(.router) { client in try await body(harness, client) }
        }
    }

    func actor(_ user: User) async throws -> Actor {
        try await test.db.read { conn in try await UserRecords.actor(for: user, on: conn) }
    }
}

/// A browser stand-in: keeps cookies, reads the CSRF token from pages, follows nothing by itself.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var csrf = ""
    var bearer: String?

    init(_ client: any TestClientProtocol) { self.client = client }

    @discardableResult
    func request(_ method: HTTPRequest.Method, _ path: String, form: [(String, String)]? = nil, json: String? = nil,
                 headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        var body: ByteBuffer?
        if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: Self.encode(form))
        } else if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(string: json)
        }
        let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: body)
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let name = String(pair[0]), cookieValue = String(pair[1])
            if cookieValue.isEmpty || value.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = cookieValue }
        }
        let text = String(buffer: response.body)
        if let range = text.range(of: #"name="csrf" value="([^"]+)""#, options: .regularExpression) {
            csrf = String(text[range].split(separator: "\"")[3])
        }
        return response
    }

    @discardableResult
    func get(_ path: String) async throws -> TestResponse { try await request(.get, path) }

    /// Posts a form with the current CSRF token added.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)] = []) async throws -> TestResponse {
        try await request(.post, path, form: fields + [("csrf", csrf)])
    }

    /// Signs in through the pages, answering the second factor when the account has one.
    @discardableResult
    func signIn(_ email: String, password: String = Fixture.password, secret: String? = Fixture.totpSecret, clock: TestClock) async throws -> TestResponse {
        try await get("/signin")
        var response = try await post("/signin", [("email", email), ("password", password)])
        if response.headers[.location] == "/signin/second-factor", let secret {
            try await get("/signin/second-factor")
            response = try await post("/signin/second-factor", [("code", SecondFactor.code(secret: secret, at: clock.now()))])
        }
        if response.status == .seeOther { try await get("/") }
        return response
    }

    static func encode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
