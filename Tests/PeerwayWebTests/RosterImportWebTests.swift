import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
@testable import PeerwayWeb
import Testing

/// Issue 15: HR imports an existing roster and its certification dates from CSV, on the page (a file
/// upload, checked first) and through the API (`text/csv`), both through `Workforce.importRoster`. A dry
/// run writes nothing; a file with a refused row is refused whole, every refused row reported by line and
/// column; importing the same file again records no step twice; only HR may import.
@Suite("Roster import (page and API)")
struct RosterImportWebTests {
    static func today(_ harness: WebHarness) -> CalendarDate { CalendarDate(harness.clock.now(), in: harness.env.config.timeZone) }

    /// Side A's peer (three certification steps) and supervisor (a clinical supervisor with a credential).
    static func roster(_ harness: WebHarness) -> String {
        let a = harness.fixture.a, today = Self.today(harness)
        return """
            email,discipline,languages,capacity,hired_on,credential_kind,credential_number,credential_issued_by,applied_on,documents_verified_on,approved_on\r
            \(a.user(.peerSpecialist).email),peer_support_specialist,en;es,12,2024-01-15,,,,\(today.adding(days: -60)),\(today.adding(days: -50)),\(today.adding(days: -40))\r
            \(a.user(.supervisor).email),clinical_supervisor,en,,2020-05-01,lcsw,LCS 12345,California BBS,,,\r

            """
    }

    /// The peer's exam before any training (line 2), an e-mail no one of the organization has (line 3), and a good row (line 4).
    static func refused(_ harness: WebHarness) -> String {
        let a = harness.fixture.a, today = Self.today(harness)
        return """
            email,applied_on,documents_verified_on,approved_on,exam_passed_on\r
            \(a.user(.peerSpecialist).email),\(today.adding(days: -60)),\(today.adding(days: -50)),\(today.adding(days: -40)),\(today.adding(days: -30))\r
            nobody@a.fixture.test,,,,\r
            \(a.user(.supervisor).email),,,,\r

            """
    }

    /// What an import writes: profiles and certification steps (the fixture holds neither).
    static func written(_ harness: WebHarness) async throws -> [String: Int] {
        ["profiles": try await harness.test.db.rowCount("workforce_profiles"),
         "steps": try await harness.test.db.rowCount("certification_events")]
    }

    static func session(_ harness: WebHarness, _ client: any TestClientProtocol, _ role: Role) async throws -> Browser {
        let browser = Browser(client)
        try await browser.signIn(harness.fixture.a.user(role).email, clock: harness.clock)
        try await browser.get(WorkforceRoutes.roster())
        return browser
    }

    /// The sentence above the form: what the import did (a status), or that rows were refused (an alert).
    static func summary(_ response: TestResponse) -> String? {
        guard let range = response.text.range(of: #"id="(form-summary"[^>]*><p|import-result")>[^<]*"#, options: .regularExpression) else { return nil }
        return String(response.text[range].split(separator: ">").last ?? "")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&#x27;", with: "'")
    }

    /// The refused rows as listed under the summary.
    static func problems(_ response: TestResponse) -> [String] {
        guard let list = response.text.range(of: #"<ul id="import-problems"[\s\S]*?</ul>"#, options: .regularExpression) else { return [] }
        let html = String(response.text[list])
        let regex = try! NSRegularExpression(pattern: "<li>([^<]*)</li>")
        return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { Range($0.range(at: 1), in: html).map { String(html[$0]) } }
    }

    /// A personal access token made by a signed-in browser (an administrator's second-factor code is good once, so no second sign-in).
    static func token(_ browser: Browser) async throws -> Browser {
        let created = try await browser.request(.post, "/api/v1/tokens", json: #"{"name":"roster","expires_days":30}"#,
                                                headers: [.init("X-CSRF-Token")!: browser.csrf])
        let api = Browser(browser.client)
        api.bearer = try #require(try APITests.json(created)["token"] as? String)
        return api
    }

    static func csv(_ api: Browser, _ body: String, dryRun: Bool = false, contentType: String = "text/csv") async throws -> TestResponse {
        try await api.client.executeRequest(uri: WorkforceRoutes.API.importRoster() + (dryRun ? "?dry_run=true" : ""), method: .post,
                                            headers: [.contentType: contentType, .authorization: "Bearer \(api.bearer ?? "")"],
                                            body: .init(string: body))
    }

    @Test("HR checks a roster file on the page, then imports it: the check writes nothing, the import writes the profiles and steps, again records no step twice",
          arguments: TestEngine.available)
    func page(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let hr = try await Self.session(harness, client, .organizationAdmin)
            let rosterPage = try await hr.get(WorkforceRoutes.roster())
            #expect(rosterPage.text.contains(#"href="\#(WorkforceRoutes.importRoster())" id="open-import""#))

            let form = try await hr.get(WorkforceRoutes.importRoster())
            #expect(form.status == .ok)
            #expect(form.text.contains(#"enctype="multipart/form-data""#))
            #expect(form.text.contains(#"<input id="file" name="file" type="file" accept=".csv,text/csv""#))
            #expect(form.text.contains(#"name="dry_run" checked"#), "a first visit checks only")
            // The columns in words: every one of the header, e-mail required, dates as YYYY-MM-DD.
            for column in RosterImport.header { #expect(form.text.contains("<dt><code>\(column)</code></dt>"), "\(column)") }
            #expect(form.text.contains("Required. The e-mail address of a staff member"))
            #expect(form.text.contains("Write dates as YYYY-MM-DD"))
            #expect(form.text.contains("Peer support specialist <code>peer_support_specialist</code>"))
            // And in Spanish (the fixture's accounts chose English).
            let l = harness.env.localizer
            #expect(l.text("workforce.import_columns_note", "es").contains("Escriba las fechas como AAAA-MM-DD"))
            let spanish = RosterImportPages.columns(l, "es")
            #expect(spanish.map(\.name) == RosterImport.header)
            #expect(spanish.first?.text.hasPrefix("Obligatoria. El correo electrónico de un integrante del personal") == true)
            #expect(spanish.first { $0.name == "exam_passed_on" }?.text == "Opcional. El día de este paso de la certificación: Examen aprobado.")

            let file = Array(Self.roster(harness).utf8)
            let before = try await Self.written(harness)
            let check = try await hr.postMultipart(WorkforceRoutes.importRoster(), [("csv", ""), ("dry_run", "on")], file: ("roster.csv", file))
            #expect(check.status == .ok)
            #expect(Self.summary(check) == "Check only (nothing written): 2 rows read; 2 profiles would be written, "
                + "3 certification steps would be recorded, 0 steps already on record.", "\(check.text)")
            #expect(Self.problems(check).isEmpty)
            #expect(try await Self.written(harness) == before)

            let imported = try await hr.postMultipart(WorkforceRoutes.importRoster(), [("csv", "")], file: ("roster.csv", file))
            #expect(Self.summary(imported) == "Imported: 2 rows read; 2 profiles written, 3 certification steps recorded, 0 steps already on record.")
            #expect(try await Self.written(harness) == ["profiles": before["profiles"]! + 2, "steps": before["steps"]! + 3])
            let peer = harness.fixture.a.user(.peerSpecialist), supervisor = harness.fixture.a.user(.supervisor)
            let (peerProfile, supervisorProfile) = try await harness.test.db.read { conn in
                (try await WorkforceProfileRecords.profile(peer.id, on: conn), try await WorkforceProfileRecords.profile(supervisor.id, on: conn))
            }
            #expect(peerProfile?.details.discipline == .peerSupportSpecialist && peerProfile?.background.languages == ["en", "es"])
            #expect(peerProfile?.background.capacity == 12 && peerProfile?.details.hiredOn == CalendarDate("2024-01-15"))
            #expect(supervisorProfile?.details.credential?.kind == .lcsw && supervisorProfile?.details.credential?.number == "LCS 12345")

            // The same file pasted this time: every step is on record already, none is recorded twice.
            let again = try await hr.postMultipart(WorkforceRoutes.importRoster(), [("csv", Self.roster(harness))], file: ("", []))
            #expect(Self.summary(again) == "Imported: 2 rows read; 2 profiles written, 0 certification steps recorded, 3 steps already on record.",
                    "\(again.text)")
            #expect(try await Self.written(harness) == ["profiles": before["profiles"]! + 2, "steps": before["steps"]! + 3])
        }
    }

    @Test("HR imports through the API: a dry run writes nothing, the import writes, again records nothing twice; a body that is not text/csv is 415",
          arguments: TestEngine.available)
    func api(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let api = try await APITests.tokenBrowser(harness, client, .organizationAdmin)
            let before = try await Self.written(harness)

            let check = try await Self.csv(api, Self.roster(harness), dryRun: true)
            #expect(check.status == .ok, "\(check.text)")
            let dry = try APITests.json(check)
            #expect(dry["total"] as? Int == 2 && dry["profiles"] as? Int == 2 && dry["steps_recorded"] as? Int == 3, "\(dry)")
            #expect(dry["steps_already_recorded"] as? Int == 0 && dry["dry_run"] as? Bool == true && (dry["errors"] as? [Any])?.isEmpty == true)
            #expect(try await Self.written(harness) == before)

            let run = try APITests.json(try await Self.csv(api, Self.roster(harness)))
            #expect(run["profiles"] as? Int == 2 && run["steps_recorded"] as? Int == 3 && run["dry_run"] as? Bool == false, "\(run)")
            #expect(try await Self.written(harness) == ["profiles": before["profiles"]! + 2, "steps": before["steps"]! + 3])

            let again = try await Self.csv(api, Self.roster(harness))
            #expect(again.status == .ok)
            let second = try APITests.json(again)
            #expect(second["steps_recorded"] as? Int == 0 && second["steps_already_recorded"] as? Int == 3, "\(second)")
            #expect(try await Self.written(harness) == ["profiles": before["profiles"]! + 2, "steps": before["steps"]! + 3])
            let events = try await harness.test.db.read { conn in
                try await WorkforceRecords.certificationEvents(userIDs: [harness.fixture.a.user(.peerSpecialist).id], on: conn)
            }
            #expect(events.map(\.step) == [.applied, .documentsVerified, .approved])

            let json = try await Self.csv(api, #"{"email": "x"}"#, contentType: "application/json")
            #expect(json.status == .unsupportedMediaType)
            #expect(json.text.contains(#""code":"unsupported_media_type""#))
            let badFlag = try await api.client.executeRequest(uri: WorkforceRoutes.API.importRoster() + "?dry_run=maybe", method: .post,
                                                              headers: [.contentType: "text/csv", .authorization: "Bearer \(api.bearer!)"],
                                                              body: .init(string: Self.roster(harness)))
            #expect(badFlag.status == .unprocessableContent && badFlag.text.contains(#""code":"invalid_value""#))
            let header = try await Self.csv(api, "name,discipline\r\nAna,peer_support_specialist\r\n")
            #expect(header.status == .unprocessableContent && header.text.contains(#""code":"missing_column""#), "\(header.text)")
            #expect(try await Self.written(harness) == ["profiles": before["profiles"]! + 2, "steps": before["steps"]! + 3])
        }
    }

    @Test("a file with an exam before the training and an unknown e-mail is refused whole: both rows reported, nothing written",
          arguments: TestEngine.available)
    func refusedWhole(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let before = try await Self.written(harness)
            let hr = try await Self.session(harness, client, .organizationAdmin)
            let api = try await Self.token(hr)
            let response = try await Self.csv(api, Self.refused(harness))
            #expect(response.status == .unprocessableContent)
            let report = try APITests.json(response)
            let errors = (report["errors"] as? [[String: Any]] ?? []).map { "\($0["line"] ?? ""):\($0["field"] ?? ""):\($0["code"] ?? "")" }
            #expect(errors == ["2:exam_passed_on:exam_before_training", "3:email:no_such_user"], "\(report)")
            #expect(report["total"] as? Int == 3 && report["dry_run"] as? Bool == false)
            #expect(try await Self.written(harness) == before)

            try await hr.get(WorkforceRoutes.importRoster())
            let page = try await hr.postMultipart(WorkforceRoutes.importRoster(), [("csv", "")], file: ("roster.csv", Array(Self.refused(harness).utf8)))
            #expect(page.status == .ok)
            #expect(Self.summary(page) == "Nothing imported: 2 of 3 rows refused. Fix them and import the file again; nothing is written until every row is right.",
                    "\(page.text)")
            #expect(Self.problems(page) == [
                "line 2, exam_passed_on: The exam can only be passed after the approved training is completed.",
                "line 3, email: No staff member of your organization has this e-mail address. Add them under People first.",
            ], "\(Self.problems(page))")
            let dry = try await hr.postMultipart(WorkforceRoutes.importRoster(), [("csv", ""), ("dry_run", "on")],
                                                 file: ("roster.csv", Array(Self.refused(harness).utf8)))
            #expect(Self.summary(dry)?.hasPrefix("Check only (nothing written): 2 of 3 rows refused.") == true)
            // A header Peerway does not read is a sentence on the file field, and nothing is written.
            let header = try await hr.postMultipart(WorkforceRoutes.importRoster(), [("csv", "")], file: ("roster.csv", Array("name\r\nAna\r\n".utf8)))
            #expect(header.status == .unprocessableContent)
            #expect(header.text.contains(#"id="file-error">"#))
            #expect(try await Self.written(harness) == before)
        }
    }

    @Test("a peer and a program manager get 403 on the page and the API, and the roster offers the import to HR alone", arguments: TestEngine.available)
    func onlyHR(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let before = try await Self.written(harness)
            for role in [Role.peerSpecialist, .programManager] {
                let browser = try await Self.session(harness, client, role)
                #expect(try await browser.get(WorkforceRoutes.importRoster()).status == .forbidden, "\(role)")
                let post = try await browser.postMultipart(WorkforceRoutes.importRoster(), [("csv", "")], file: ("roster.csv", Array(Self.roster(harness).utf8)))
                #expect(post.status == .forbidden, "\(role)")
                let api = try await APITests.tokenBrowser(harness, client, role)
                #expect(try await Self.csv(api, Self.roster(harness)).status == .forbidden, "\(role)")
                #expect(try await Self.csv(api, Self.roster(harness), dryRun: true).status == .forbidden, "\(role)")
            }
            let manager = try await Self.session(harness, client, .programManager)
            let roster = try await manager.get(WorkforceRoutes.roster())
            #expect(roster.status == .ok)
            #expect(!roster.text.contains(WorkforceRoutes.importRoster()))
            #expect(try await Self.written(harness) == before)
        }
    }
}
