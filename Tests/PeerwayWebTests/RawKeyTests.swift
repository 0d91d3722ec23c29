import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import PeerwayWeb
import Testing

/// No page shows a person a catalogue key, a template placeholder or a code meant for machines
/// (`record_read`, `not_eligible`): every role, every page of the route table, in English and in Spanish.
@Suite("No raw keys on pages")
struct RawKeyTests {
    /// The text a person reads: no scripts, styles, comments, tags or attribute values; entities decoded.
    /// A `<code>` element is left out too: it is a code shown as one on purpose, next to its name (the
    /// service settings page gives an administrator the codes import files and the API use).
    static func visibleText(_ html: String) -> String {
        var text = html
        for pattern in [#"<script\b[\s\S]*?</script>"#, #"<code\b[\s\S]*?</code>"#, #"<style\b[\s\S]*?</style>"#, #"<!--[\s\S]*?-->"#, #"<[^>]*>"#] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&nbsp;", " "), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// Words with an underscore that are genuinely meant for people. Empty: every one seen so far was a code.
    static let allowedSnakeCase: Set<String> = []

    /// What in `text` looks like a key or a code rather than a sentence.
    static func rawKeys(in text: String, catalogueKeys: Set<String>) -> [String] {
        var found: [String] = []
        if text.contains("{{") { found.append("{{") }
        func matches(_ pattern: String) -> [String] {
            let regex = try! NSRegularExpression(pattern: pattern)
            return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
        }
        // A key as templates spell it (`t.audit_title` → `t_audit_title`) or as the catalogue does.
        found += matches(#"(?<![\w@.])t_[a-z][a-z0-9_]*"#)
        // A key missing from the catalogue shows itself: anything in a catalogue namespace is a key too.
        let namespaces = Set(catalogueKeys.compactMap { $0.split(separator: ".").first.map(String.init) })
        found += matches(#"(?<![\w@])[a-z]+(?:\.[a-z0-9_]+)+"#).filter {
            catalogueKeys.contains($0) || namespaces.contains(String($0.split(separator: ".")[0]))
        }
        // snake_case codes; not inside an e-mail address, a file name or a longer word.
        found += matches(#"(?<![\w@.\-])[a-z]+_[a-z_]+(?![\w@.\-])"#).filter { !allowedSnakeCase.contains($0) }
        return found
    }

    @Test("the visible-text reader drops markup and attributes and finds keys and codes")
    func reader() {
        let html = #"<p title="record_read">Viewed <script>var a_b = 1</script><!-- t_x -->&amp; signed</p><option value="sign_in">Signed in</option>"#
        let text = Self.visibleText(html)
        #expect(!text.contains("record_read") && !text.contains("a_b") && !text.contains("t_x") && !text.contains("sign_in"))
        #expect(text.contains("& signed"))
        #expect(Set(Self.rawKeys(in: "Action: record_read, audit.title, {{t_x}}, ana_lopez@example.org, audit.resource.new_one",
                                 catalogueKeys: ["audit.title"]))
            == ["{{", "t_x", "audit.title", "record_read", "audit.resource.new_one"])
    }

    @Test("every page, for every role, in English and Spanish, shows words and not keys or codes", arguments: TestEngine.available)
    func everyPage(engine: TestEngine) async throws {
        let catalogueKeys = Set(try Localizer.bundled().catalogs[Localizer.defaultLocale]!.keys)
        try await WebHarness.with(engine) { harness, client in
            let fixture = harness.fixture
            let table = PeerwayApp.routeTable(harness.env)
            let seeds: [RouteAccessMatrixTests.Scope: SeededParticipant] = [.own: try await SeededParticipant.make(fixture.a, db: harness.test.db)]
            // Each role signs in once (a second factor code is good once), and reads every page in English,
            // then in Spanish: by then the audit trail holds what every role did, refusals included.
            var browsers: [(Role, Browser, Actor)] = []
            for role in Role.allCases {
                let browser = Browser(client)
                let user = fixture.a.user(role)
                let signIn = try await browser.signIn(user.email, clock: harness.clock)
                try #require(signIn.status == .seeOther, "sign-in as \(role) failed with \(signIn.status)")
                browsers.append((role, browser, try await harness.actor(user)))
            }
            let staffNames = [fixture.a, fixture.b].flatMap { $0.users.values.map(\.displayName) }
            var failures: [String] = []
            var pages = 0
            for locale in ["en", "es"] {
                for (role, browser, actor) in browsers {
                    let user = fixture.a.user(role)
                    if locale != "en" {
                        let saved = try await browser.post("/account/profile", [("display_name", user.displayName), ("locale", locale)])
                        try #require(saved.status == .seeOther, "\(role) could not choose \(locale)")
                    }
                    for entry in table.entries where entry.method == .get && entry.kind == .page {
                        var path = entry.path
                        if path.contains(":id") {
                            // Only routes that name a record in scope; a token or a merge is not a page to read.
                            guard case .policy(_, let ref) = entry.guardRule, ref != .ownAccount, ref != .participants else { continue }
                            let (id, _) = RouteAccessMatrixTests.target(ref, scope: .own, role: role, actor: actor, fixture: fixture, seeds: seeds)
                            guard let id else { continue }
                            path = path.replacingOccurrences(of: ":id", with: id.text)
                        }
                        let response = try await browser.get(path)
                        guard response.headers[.contentType]?.hasPrefix("text/html") == true else { continue }
                        pages += 1
                        // A referral slip is printed for the person, so it speaks the person's language (here English), not the viewer's.
                        let personsLanguage = entry.path == ReferralRoutes.slip.pattern
                        if locale == "es", response.status == .ok, !personsLanguage, !response.text.contains(#"<html lang="es">"#) {
                            failures.append("\(role) \(path) is not in Spanish")
                        }
                        var text = Self.visibleText(response.text)
                        // The fixture names its people after their roles ("peer_specialist a"): that is data, not a code.
                        for name in staffNames { text = text.replacingOccurrences(of: name, with: "") }
                        let raw = Self.rawKeys(in: text, catalogueKeys: catalogueKeys)
                        if !raw.isEmpty { failures.append("[\(locale)] \(role) \(path) (\(response.status.code)): \(Set(raw).sorted().joined(separator: ", "))") }
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.count) pages show keys or codes:\n\(failures.joined(separator: "\n"))")
            #expect(pages > 100)
        }
    }
}
