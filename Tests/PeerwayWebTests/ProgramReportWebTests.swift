import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import SQLKit
@testable import PeerwayWeb
import Testing

/// The program report on the web: the page with its figures and charts, the CSV, the JSON; a public
/// release; a bad period; and who can NOT see it.
@Suite("Program report (web)")
struct ProgramReportWebTests {
    /// The year of the seeded participant's enrollment, service and intake.
    static let year = [(key: "from", value: "2026-01-01"), (key: "to", value: "2026-12-31")]

    static func auditCount(_ harness: WebHarness, action: AuditAction) async throws -> Int {
        try await harness.test.db.read { conn in
            try await conn.sql.raw("""
                SELECT COUNT(*) AS n FROM audit_events WHERE resource_type = \(bind: AuditResource.programReport.rawValue) AND action = \(bind: action.rawValue)
                """).first()!.decode(column: "n", as: Int.self)
        }
    }

    @Test("a program manager reads the report: headline figures, charts with their words, every table; the period defaults to the last fiscal year",
          arguments: TestEngine.available)
    func page(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            _ = try await SeededParticipant.make(a, db: harness.test.db, now: harness.clock.now())
            let manager = Browser(client)
            try await manager.signIn(a.user(.programManager).email, clock: harness.clock)

            let home = try await manager.get(SiteRoutes.home())
            #expect(home.text.contains("href=\"\(ReportRoutes.report())\""))

            let first = try await manager.get(ReportRoutes.report())
            #expect(first.status == .ok)
            let year = ReportPeriod.fiscalYear(before: harness.env.journey.today)
            #expect(first.text.contains("value=\"\(year.from)\"") && first.text.contains("value=\"\(year.to)\""))
            #expect(first.text.contains(year.fiscalYearLabel!))

            let before = try await Self.auditCount(harness, action: .recordRead)
            let page = try await manager.get(ReportRoutes.report(items: Self.year))
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains(a.program.name))
            #expect(html.contains("id=\"program_id-0\"") && html.contains("checked"))
            for table in ["people", "intake_profile", "services", "services_by_type", "referrals", "referrals_by_need", "outcomes", "readmissions"] {
                #expect(html.contains("id=\"table-\(table)\""), "\(table)")
            }
            // Every figure says what it counts: the enrolled participant, of the people connected.
            #expect(html.contains("Enrolled participants: an enrollment open in the period"))
            #expect(html.contains("1 of 1 people connected"))
            // The seeded service and referral, in the tables and drawn.
            #expect(html.contains("Peer navigation"))
            #expect(html.contains("<title id=\"chart-service-mix-title\">") && html.contains("<desc id=\"chart-service-mix-desc\">Peer navigation: 1 (100.0%).</desc>"))
            #expect(html.contains("id=\"chart-referral-needs\"") && html.contains("Housing"))
            #expect(html.contains("Global Mental Health"))
            #expect(html.contains("id=\"report-csv\""))
            #expect(!html.contains("NaN") && !html.contains("nan"))
            #expect(try await Self.auditCount(harness, action: .recordRead) == before + 1)
        }
    }

    @Test("a public release suppresses the small counts, on the page, in the CSV and in the JSON", arguments: TestEngine.available)
    func publicRelease(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            _ = try await SeededParticipant.make(a, db: harness.test.db, now: harness.clock.now())
            let manager = Browser(client)
            try await manager.signIn(a.user(.programManager).email, clock: harness.clock)
            let query = Self.year + [(key: "public", value: "true")]

            let full = try await manager.get(ReportRoutes.report(items: Self.year))
            #expect(!full.text.contains("Suppressed"))
            let page = try await manager.get(ReportRoutes.report(items: query))
            #expect(page.status == .ok)
            #expect(page.text.contains("id=\"public-note\""))
            #expect(page.text.contains("class=\"num suppressed\">Suppressed</td>"))
            #expect(!page.text.contains("1 of 1 people connected"))

            let csv = try await manager.get(ReportRoutes.csv(items: query))
            #expect(csv.status == .ok)
            let line = try #require(csv.text.split(separator: "\r\n").first { $0.hasPrefix("people,enrolled,") })
            #expect(line.contains("Suppressed") && !line.contains(",1,"))

            let api = try await APITests.tokenBrowser(harness, client, .programManager)
            let json = try APITests.json(try await api.get(ReportRoutes.API.program(items: query)))
            #expect(json["public_release"] as? Bool == true)
            let people = try #require(json["people"] as? [String: Any])
            #expect(people["enrolled"] is NSNull)
            #expect(people["anonymous_contacts"] as? Int == 0)
        }
    }

    @Test("the JSON gives every figure under its key, and the CSV every table with a table column", arguments: TestEngine.available)
    func apiAndCSV(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            _ = try await SeededParticipant.make(a, db: harness.test.db, now: harness.clock.now())
            let api = try await APITests.tokenBrowser(harness, client, .programManager)
            let response = try await api.get(ReportRoutes.API.program(items: [(key: "program_id", value: a.program.id.text)] + Self.year))
            #expect(response.status == .ok)
            let json = try APITests.json(response)
            #expect((json["period"] as? [String: Any])?["from"] as? String == "2026-01-01")
            #expect(((json["programs"] as? [[String: Any]])?.first?["id"] as? String)?.lowercased() == a.program.id.text.lowercased())
            #expect((json["people"] as? [String: Any])?["enrolled"] as? Int == 1)
            let services = try #require(json["services"] as? [String: Any])
            #expect(services["given"] as? Int == 1)
            #expect(((services["by_type"] as? [[String: Any]])?.first?["code"] as? String) == "peer_navigation")
            let referrals = try #require(json["referrals"] as? [String: Any])
            #expect(referrals["made"] as? Int == 1)
            #expect((referrals["linkage_rate"] as? [String: Any])?["percent"] is NSNull)
            let outcomes = try #require(json["outcomes"] as? [[String: Any]])
            let mental = try #require(outcomes.first { $0["scale"] as? String == "mental" })
            #expect(mental["paired"] as? Int == 0 && mental["without_follow_up"] as? Int == 1)
            #expect(((mental["score"] as? [String: Any])?["p_value"] as? [String: Any])?["gap"] as? String == "no_pairs")

            let manager = Browser(client)
            try await manager.signIn(a.user(.programManager).email, clock: harness.clock)
            let before = try await Self.auditCount(harness, action: .export)
            let csv = try await manager.get(ReportRoutes.csv(items: Self.year))
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition]?.contains("program-report-2026-01-01-2026-12-31.csv") == true)
            let lines = csv.text.split(separator: "\r\n").map(String.init)
            #expect(lines.first?.hasPrefix(CSVWriter.byteOrderMark + "table,row,label,value,of,percent,base,") == true)
            #expect(lines.contains { $0.hasPrefix("report,programs,Programs,\(a.program.name)") })
            #expect(lines.contains { $0.hasPrefix("people,enrolled,Enrolled participants: an enrollment open in the period,1,1,100.0,people connected") })
            #expect(lines.contains { $0.hasPrefix("services_by_type,peer_navigation,Peer navigation,1,1,100.0") })
            #expect(try await Self.auditCount(harness, action: .export) == before + 1)
        }
    }

    @Test("a bad period is refused on its field: 422, the summary links to it, nothing counted", arguments: TestEngine.available)
    func badPeriod(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let manager = Browser(client)
            try await manager.signIn(harness.fixture.a.user(.programManager).email, clock: harness.clock)
            let before = try await Self.auditCount(harness, action: .recordRead)
            let backwards = try await manager.get(ReportRoutes.report(items: [(key: "from", value: "2026-05-01"), (key: "to", value: "2026-01-01")]))
            #expect(backwards.status == .unprocessableContent)
            #expect(backwards.text.contains("<title>Error: Program report"))
            #expect(backwards.text.contains("href=\"#to\"") && backwards.text.contains("id=\"to-error\""))
            #expect(backwards.text.contains("aria-invalid=\"true\" aria-describedby=\"to-error\""))
            #expect(!backwards.text.contains("id=\"report\""))
            let garbled = try await manager.get(ReportRoutes.report(items: [(key: "from", value: "not-a-day"), (key: "public", value: "yes"),
                                                                            (key: "program_id", value: "nope")]))
            #expect(garbled.status == .unprocessableContent)
            #expect(garbled.text.contains("href=\"#from\"") && garbled.text.contains("href=\"#public\"") && garbled.text.contains("href=\"#program_id-0\""))
            #expect(try await Self.auditCount(harness, action: .recordRead) == before)

            let api = try await APITests.tokenBrowser(harness, client, .programManager)
            let refused = try await api.get(ReportRoutes.API.program(items: [(key: "from", value: "2026-05-01"), (key: "to", value: "2026-01-01")]))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains(#""field":"to""#) && refused.text.contains(#""code":"end_before_start""#))
            let csv = try await manager.get(ReportRoutes.csv(items: [(key: "to", value: "2026-99-01")]))
            #expect(csv.status == .unprocessableContent)
        }
    }

    @Test("who may NOT see it: a peer 403, an administrator without programs 404, another organization's program 404 with nothing of it",
          arguments: TestEngine.available)
    func refusals(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a, b = harness.fixture.b
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            #expect(!(try await peer.get(SiteRoutes.home())).text.contains("href=\"\(ReportRoutes.report())\""))
            #expect(try await peer.get(ReportRoutes.report()).status == .forbidden)
            #expect(try await peer.get(ReportRoutes.csv()).status == .forbidden)
            #expect(try await peer.get(ReportRoutes.report(items: [(key: "program_id", value: a.program.id.text)])).status == .forbidden)
            let peerAPI = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            #expect(try await peerAPI.get(ReportRoutes.API.program()).status == .forbidden)

            let admin = try await APITests.tokenBrowser(harness, client, .organizationAdmin)
            #expect(try await admin.get(ReportRoutes.API.program()).status == .notFound)

            let manager = Browser(client)
            try await manager.signIn(a.user(.programManager).email, clock: harness.clock)
            let denied = try await Self.auditCount(harness, action: .accessDenied)
            for path in [ReportRoutes.report(items: [(key: "program_id", value: b.program.id.text)]),
                         ReportRoutes.report(items: [(key: "program_id", value: a.program.id.text), (key: "program_id", value: b.program.id.text)]),
                         ReportRoutes.csv(items: [(key: "program_id", value: b.program.id.text)]),
                         ReportRoutes.report(items: [(key: "program_id", value: UUID().uuidString)])] {
                let response = try await manager.get(path)
                #expect(response.status == .notFound, "\(path)")
                #expect(!response.text.contains(b.program.name) && !response.text.contains(b.provider.name))
            }
            // A program of their own organization they do not work in.
            #expect(try await manager.get(ReportRoutes.report(items: [(key: "program_id", value: a.otherProgram.id.text)])).status == .notFound)
            #expect(try await Self.auditCount(harness, action: .accessDenied) >= denied + 5)
            let managerAPI = try await APITests.tokenBrowser(harness, client, .programManager)
            let other = try await managerAPI.get(ReportRoutes.API.program(items: [(key: "program_id", value: b.program.id.text)]))
            #expect(other.status == .notFound)
            #expect(other.text.contains(#""code":"not_found""#) && !other.text.contains(b.program.name))
        }
    }
}
