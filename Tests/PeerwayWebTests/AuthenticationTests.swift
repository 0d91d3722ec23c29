import Foundation
import HTTPTypes
import NIOCore
import SQLKit
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import PeerwayWeb
import Testing

@Suite("Sign-in and sessions")
struct AuthenticationTests {
    static func auditCount(_ harness: WebHarness, _ action: AuditAction, org: UUID?) async throws -> Int {
        var filter = AuditFilter(organizationIDs: org.map { [$0] } ?? [])
        filter.includeSystemChain = org == nil
        filter.action = action
        filter.limit = 500
        return try await harness.env.audit.list(filter, on: harness.test.db).events.count
    }

    @Test("signing in sets a fresh HttpOnly SameSite=Lax session cookie, shows the role's home, and is audited", arguments: TestEngine.available)
    func signIn(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let browser = Browser(client)
            browser.cookies["peerway_session"] = "planted-by-an-attacker"
            try await browser.get("/signin")
            let response = try await browser.post("/signin", [("email", "Peer_Specialist@A.fixture.test "), ("password", Fixture.password)])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/")
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("peerway_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"))
            #expect(browser.cookies["peerway_session"] != "planted-by-an-attacker")
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.text.contains(#"data-role="peer_specialist""#))
            #expect(try await Self.auditCount(harness, .signIn, org: harness.fixture.a.provider.id) == 1)
        }
    }

    @Test("over TLS the cookie is __Host- prefixed and Secure, and HSTS is sent", arguments: TestEngine.available)
    func secureCookies(engine: TestEngine) async throws {
        try await WebHarness.with(engine, config: WebConfiguration(behindTLSProxy: true)) { harness, client in
            let browser = Browser(client)
            let page = try await browser.get("/signin")
            #expect(page.headers[.init("Strict-Transport-Security")!]?.contains("max-age=") == true)
            let response = try await browser.post("/signin", [("email", harness.fixture.a.user(.peerSpecialist).email), ("password", Fixture.password)])
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("__Host-peerway_session=") })
            #expect(cookie.contains("Secure"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Domain"))
        }
    }

    @Test("a wrong password and an unknown address get the same answer, and both are audited", arguments: TestEngine.available)
    func rejected(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let browser = Browser(client)
            try await browser.get("/signin")
            let wrong = try await browser.post("/signin", [("email", harness.fixture.a.user(.peerSpecialist).email), ("password", "not the password")])
            let unknown = try await browser.post("/signin", [("email", "nobody@nowhere.test"), ("password", "not the password")])
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            func message(_ r: TestResponse) -> String? {
                r.text.range(of: #"id="signin-error">[^<]*"#, options: .regularExpression).map { String(r.text[$0]) }
            }
            #expect(message(wrong) != nil)
            #expect(message(wrong) == message(unknown))
            #expect(browser.cookies["peerway_session"] == nil)
            #expect(try await Self.auditCount(harness, .signInFailed, org: harness.fixture.a.provider.id) == 1)
            #expect(try await Self.auditCount(harness, .signInFailed, org: nil) == 1)
        }
    }

    @Test("five failures lock the account with 429 and Retry-After, even for the right password; unknown accounts lock the same way", arguments: TestEngine.available)
    func throttling(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let browser = Browser(client)
            try await browser.get("/signin")
            let email = harness.fixture.a.user(.peerSpecialist).email
            for _ in 0..<5 { try await browser.post("/signin", [("email", email), ("password", "wrong password here")]) }
            let locked = try await browser.post("/signin", [("email", email), ("password", Fixture.password)])
            #expect(locked.status == .tooManyRequests)
            let retry = try #require(locked.headers[.retryAfter].flatMap(Int.init))
            #expect(retry > 0 && retry <= 901, "about 15 minutes (SQLite keeps times as floating point)")
            for _ in 0..<5 { try await browser.post("/signin", [("email", "ghost@nowhere.test"), ("password", "wrong password here")]) }
            let ghost = try await browser.post("/signin", [("email", "ghost@nowhere.test"), ("password", "wrong password here")])
            #expect(ghost.status == .tooManyRequests)
            harness.clock.advance(901)
            let later = try await browser.post("/signin", [("email", email), ("password", Fixture.password)])
            #expect(later.status == .seeOther)
            #expect(try await Self.auditCount(harness, .signInThrottled, org: harness.fixture.a.provider.id) >= 1)
        }
    }

    /// Sends `passwords.count` sign-in attempts for one account at once (each with its own
    /// double-submit cookie) and returns their statuses.
    static func concurrentSignIns(_ client: any TestClientProtocol, email: String, passwords: [String]) async throws -> [HTTPResponse.Status] {
        try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
            for (i, password) in passwords.enumerated() {
                group.addTask {
                    let csrf = "concurrent-\(i)"
                    let body = Browser.encode([("email", email), ("password", password), ("csrf", csrf)])
                    let response = try await client.executeRequest(
                        uri: "/signin", method: .post,
                        headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "peerway_csrf=\(csrf)"],
                        body: ByteBuffer(string: body))
                    return response.status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test("thirty guesses sent at once: at most five are checked, the rest get 429, even with the right password among them",
          arguments: TestEngine.available)
    func concurrentGuesses(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let email = harness.fixture.a.user(.peerSpecialist).email
            let wrong = try await Self.concurrentSignIns(client, email: email, passwords: Array(repeating: "wrong password here", count: 30))
            #expect(wrong.filter { $0 == .unauthorized }.count <= 5)
            #expect(wrong.filter { $0 == .tooManyRequests }.count >= 25)
            #expect(wrong.allSatisfy { $0 == .unauthorized || $0 == .tooManyRequests })
            let failed = try await Self.auditCount(harness, .signInFailed, org: harness.fixture.a.provider.id)
            #expect(failed == wrong.filter { $0 == .unauthorized }.count, "every checked guess is audited as a failure")

            // Another account: 29 wrong guesses and the right password, all at once.
            let other = harness.fixture.a.user(.supervisor).email
            let mixed = try await Self.concurrentSignIns(client, email: other,
                                                         passwords: Array(repeating: "wrong password here", count: 29) + [Fixture.password])
            let checked = mixed.filter { $0 == .unauthorized || $0 == .seeOther }.count
            #expect(checked <= 5, "\(checked) attempts were checked")
            #expect(mixed.filter { $0 == .tooManyRequests }.count >= 25)
        }
    }

    @Test("every attempt pays for one full hash: a disabled account, an unknown one and a wrong password alike", arguments: TestEngine.available)
    func oneHashPerAttempt(engine: TestEngine) async throws {
        let derivations = Tally()
        let hasher = PasswordHasher(iterations: Fixture.hasher.iterations, onDerive: { derivations.add() })
        try await WebHarness.with(engine, hasher: hasher) { harness, client in
            let user = harness.fixture.a.user(.peerSpecialist)
            try await harness.test.db.write { conn in
                try await conn.sql.raw("UPDATE users SET disabled = \(bind: true) WHERE id = \(bind: user.id)").run()
            }
            for (email, password) in [(user.email, "wrong password here"), (user.email, Fixture.password),
                                      ("ghost@nowhere.test", "wrong password here"), (harness.fixture.a.user(.supervisor).email, "wrong password here")] {
                let before = derivations.value
                let statuses = try await Self.concurrentSignIns(client, email: email, passwords: [password])
                #expect(statuses == [.unauthorized])
                #expect(derivations.value - before == 1, "\(email): \(derivations.value - before) hashes")
            }
        }
    }

    @Test("sessions end after 30 idle minutes and after 12 hours regardless of use, on the server", arguments: TestEngine.available)
    func timeouts(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let browser = Browser(client)
            try await browser.signIn(harness.fixture.a.user(.peerSpecialist).email, clock: harness.clock)
            harness.clock.advance(29 * 60)
            #expect(try await browser.get("/").status == .ok)
            harness.clock.advance(29 * 60)
            #expect(try await browser.get("/").status == .ok)
            // A second past the limit: stored times keep microseconds, so the exact boundary is not asserted.
            harness.clock.advance(30 * 60 + 1)
            let idle = try await browser.get("/")
            #expect(idle.status == .seeOther)
            #expect(idle.headers[.location] == "/signin")

            let active = Browser(client)
            try await active.signIn(harness.fixture.a.user(.supervisor).email, clock: harness.clock)
            for _ in 0..<25 {
                harness.clock.advance(29 * 60)
                if try await active.get("/").status != .ok { break }
            }
            #expect(try await active.get("/").status == .seeOther, "a session used every 29 minutes must still end at 12 hours")
        }
    }

    @Test("signing out ends the session on the server: the old cookie no longer works", arguments: TestEngine.available)
    func signOut(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let browser = Browser(client)
            try await browser.signIn(harness.fixture.a.user(.peerSpecialist).email, clock: harness.clock)
            let stolen = browser.cookies["peerway_session"]!
            let out = try await browser.post("/signout")
            #expect(out.headers[.location] == "/signin")
            let replay = Browser(client)
            replay.cookies["peerway_session"] = stolen
            #expect(try await replay.get("/").status == .seeOther)
            #expect(try await Self.auditCount(harness, .signOut, org: harness.fixture.a.provider.id) == 1)
        }
    }

    @Test("disabling a person ends their open session at once", arguments: TestEngine.available)
    func disablingEndsSession(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let peer = Browser(client)
            try await peer.signIn(harness.fixture.a.user(.peerSpecialist).email, clock: harness.clock)
            let admin = Browser(client)
            try await admin.signIn(harness.fixture.a.user(.organizationAdmin).email, clock: harness.clock)
            let id = harness.fixture.a.user(.peerSpecialist).id.text
            try await admin.get("/admin/users/\(id)")
            let saved = try await admin.post("/admin/users/\(id)", [("display_name", "peer_specialist a"), ("privileges_present", "1"),
                                                                     ("roles", "peer_specialist"), ("disabled", "on")])
            #expect(saved.status == .seeOther)
            #expect(try await peer.get("/").status == .seeOther)
            let again = try await Browser(client).signIn(harness.fixture.a.user(.peerSpecialist).email, clock: harness.clock)
            #expect(again.status == .unauthorized)
        }
    }

    @Test("a state-changing request without the CSRF token is refused and changes nothing", arguments: TestEngine.available)
    func csrf(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let browser = Browser(client)
            try await browser.signIn(harness.fixture.a.user(.organizationAdmin).email, clock: harness.clock)
            let id = harness.fixture.a.program.id.text
            let forged = try await browser.request(.post, "/admin/programs/\(id)", form: [("name", "Forged"), ("model", "long_term"), ("review_frequency_days", "90")])
            #expect(forged.status == .forbidden)
            let wrong = try await browser.request(.post, "/admin/programs/\(id)", form: [("name", "Forged"), ("model", "long_term"), ("review_frequency_days", "90"), ("csrf", "guess")])
            #expect(wrong.status == .forbidden)
            let api = try await browser.request(.patch, "/api/v1/programs/\(id)", json: #"{"name":"Forged"}"#)
            #expect(api.status == .forbidden)
            let program = try await harness.test.db.read { conn in try await ProgramRecords.get(harness.fixture.a.program.id, on: conn) }
            #expect(program?.name == harness.fixture.a.program.name)
            // The sign-in form itself is protected by a double-submit token.
            let anonymous = Browser(client)
            let noToken = try await anonymous.request(.post, "/signin", form: [("email", harness.fixture.a.user(.peerSpecialist).email), ("password", Fixture.password)])
            #expect(noToken.status == .forbidden)
        }
    }

    @Test("administrators need a second factor: a wrong code is refused, the right one signs in with a new session id", arguments: TestEngine.available)
    func secondFactor(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let browser = Browser(client)
            try await browser.get("/signin")
            let step1 = try await browser.post("/signin", [("email", harness.fixture.a.user(.organizationAdmin).email), ("password", Fixture.password)])
            #expect(step1.headers[.location] == "/signin/second-factor")
            let pending = browser.cookies["peerway_session"]
            #expect(try await browser.get("/admin/audit").headers[.location] == "/signin/second-factor")
            #expect(try await browser.get("/api/v1/me").status == .unauthorized)
            try await browser.get("/signin/second-factor")
            let wrong = try await browser.post("/signin/second-factor", [("code", "000000")])
            #expect(wrong.status == .unauthorized)
            let code = SecondFactor.code(secret: Fixture.totpSecret, at: harness.clock.now())
            let right = try await browser.post("/signin/second-factor", [("code", code)])
            #expect(right.status == .seeOther)
            #expect(browser.cookies["peerway_session"] != pending)
            #expect(try await browser.get("/admin/audit").status == .ok)
        }
    }

    @Test("a one-time code works once: replaying it in another sign-in is refused", arguments: TestEngine.available)
    func codeReplay(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let email = harness.fixture.a.user(.organizationAdmin).email
            let code = SecondFactor.code(secret: Fixture.totpSecret, at: harness.clock.now())
            let first = Browser(client)
            try await first.get("/signin")
            try await first.post("/signin", [("email", email), ("password", Fixture.password)])
            try await first.get("/signin/second-factor")
            #expect(try await first.post("/signin/second-factor", [("code", code)]).status == .seeOther)
            let replay = Browser(client)
            try await replay.get("/signin")
            try await replay.post("/signin", [("email", email), ("password", Fixture.password)])
            try await replay.get("/signin/second-factor")
            #expect(try await replay.post("/signin/second-factor", [("code", code)]).status == .unauthorized)
            harness.clock.advance(30)
            let next = SecondFactor.code(secret: Fixture.totpSecret, at: harness.clock.now())
            #expect(try await replay.post("/signin/second-factor", [("code", next)]).status == .seeOther)
        }
    }

    @Test("an administrator without a second factor must enrol one before anything else", arguments: TestEngine.available)
    func enrolment(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let admin = harness.fixture.a.user(.organizationAdmin)
            try await harness.test.db.write { conn in try await UserRecords.setTOTP(admin.id, secret: nil, enabled: false, on: conn) }
            let browser = Browser(client)
            try await browser.get("/signin")
            let step1 = try await browser.post("/signin", [("email", admin.email), ("password", Fixture.password)])
            #expect(step1.headers[.location] == "/account/second-factor")
            #expect(try await browser.get("/admin/users").headers[.location] == "/account/second-factor")
            let setup = try await browser.get("/account/second-factor")
            let secret = try await harness.test.db.read { conn in try await UserRecords.credentials(id: admin.id, on: conn)?.totpSecret }
            let key = try #require(secret)
            #expect(setup.text.contains(SecondFactor.base32(key)))
            let done = try await browser.post("/account/second-factor", [("code", SecondFactor.code(secret: key, at: harness.clock.now()))])
            #expect(done.status == .seeOther)
            #expect(try await browser.get("/admin/users").status == .ok)
            #expect(try await Self.auditCount(harness, .secondFactorEnrolled, org: admin.organizationID) == 1)
        }
    }
}

/// A thread-safe tally for callbacks from concurrent work.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
