import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import SQLKit
@testable import PeerwayWeb
import Testing

/// The evaluator's page and API: the tables with small counts held back, the extract and its dictionary
/// as CSV, a bad period, and who can NOT reach them.
@Suite("Evaluation (web)")
struct EvaluationWebTests {
    /// The year of the seeded participant's enrollment.
    static let year: KeyValuePairs<String, String> = ["from": "2026-01-01", "to": "2026-12-31"]

    static func auditCount(_ harness: WebHarness, action: AuditAction) async throws -> Int {
        try await harness.test.db.read { conn in
            try await conn.sql.raw("""
                SELECT COUNT(*) AS n FROM audit_events WHERE resource_type = \(bind: AuditResource.evaluatorExtract.rawValue) AND action = \(bind: action.rawValue)
                """).first()!.decode(column: "n", as: Int.self)
        }
    }

    @Test("an evaluator reads the tables (one enrollment: held back) and downloads the extract and its dictionary", arguments: TestEngine.available)
    func page(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let seeded = try await SeededParticipant.make(a, db: harness.test.db, now: harness.clock.now())
            let evaluator = Browser(client)
            try await evaluator.signIn(a.user(.evaluator).email, clock: harness.clock)

            let first = try await evaluator.get(EvaluationRoutes.page())
            #expect(first.status == .ok)
            let year = ReportPeriod.fiscalYear(before: harness.env.journey.today)
            #expect(first.text.contains("value=\"\(year.from)\"") && first.text.contains("value=\"\(year.to)\""))

            let reads = try await Self.auditCount(harness, action: .recordRead)
            let page = try await evaluator.get(EvaluationRoutes.page(query: Self.year))
            #expect(page.status == .ok)
            let html = page.text
            for table in EvaluatorTally.dimensions.map(\.id) { #expect(html.contains("id=\"table-\(table)\""), "\(table)") }
            #expect(html.contains(a.program.name) && html.contains(a.otherProgram.name))
            // The one enrollment is a count of 1: held back wherever it would show.
            #expect(html.contains("class=\"num suppressed\">Suppressed</td>"))
            #expect(!html.contains(">1</td>"))
            #expect(!html.contains("Seeded") && !html.contains(seeded.person.text))
            #expect(html.contains("href=\"\(EvaluationRoutes.extract(query: Self.year).replacingOccurrences(of: "&", with: "&amp;"))\""))
            #expect(html.contains("href=\"\(EvaluationRoutes.dictionary())\""))
            #expect(try await Self.auditCount(harness, action: .recordRead) == reads + 1)

            let exports = try await Self.auditCount(harness, action: .export)
            let csv = try await evaluator.get(EvaluationRoutes.extract(query: Self.year))
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition]?.contains("evaluation-extract-2026-01-01-2026-12-31.csv") == true)
            let rows = try CSVReader.parse(csv.text)
            #expect(rows.first == DeidentifiedExtract.header)
            #expect(rows.count == 2 && rows[1][0].hasPrefix("S-") && rows[1][2] == "2026" && rows[1][3] == "35-39")
            #expect(!csv.text.contains("Seeded") && !csv.text.contains("1990-01-01") && !csv.text.contains("2026-01-05"))
            #expect(!csv.text.lowercased().contains(seeded.person.text))
            #expect(try await Self.auditCount(harness, action: .export) == exports + 1)

            let dictionary = try await evaluator.get(EvaluationRoutes.dictionary())
            #expect(dictionary.status == .ok)
            #expect(try CSVReader.parse(dictionary.text).dropFirst().map { $0[0] } == DeidentifiedExtract.header)

            let tables = try await evaluator.get(EvaluationRoutes.tables(query: Self.year))
            #expect(tables.status == .ok)
            let lines = try CSVReader.parse(tables.text)
            #expect(lines.first == EvaluatorTally.csvHeader)
            #expect(!lines.dropFirst().contains { $0[3] == "1" })
        }
    }

    @Test("the API gives the extract, the dictionary and the tables, a held-back count null", arguments: TestEngine.available)
    func api(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            _ = try await SeededParticipant.make(a, db: harness.test.db, now: harness.clock.now())
            let api = try await APITests.tokenBrowser(harness, client, .evaluator)
            let json = try APITests.json(try await api.get(EvaluationRoutes.API.tables(query: Self.year)))
            #expect((json["period"] as? [String: Any])?["from"] as? String == "2026-01-01")
            #expect((json["programs"] as? [[String: Any]])?.count == 2)
            let tables = try #require(json["tables"] as? [[String: Any]])
            #expect(tables.map { $0["id"] as? String } == EvaluatorTally.dimensions.map(\.id))
            let stage = try #require(tables.first)
            let rows = try #require(stage["rows"] as? [[String: Any]])
            #expect(rows.count == 3 && rows[2]["program"] is NSNull)
            #expect(rows[0]["total"] is NSNull)   // one enrollment: held back
            #expect((rows[1]["counts"] as? [Any])?.allSatisfy { ($0 as? Int) == 0 } == true)   // the other program: zeros

            let csv = try await api.get(EvaluationRoutes.API.extract(query: Self.year))
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(try CSVReader.parse(csv.text).count == 2)
            let dictionary = try await api.get(EvaluationRoutes.API.dictionary())
            #expect(dictionary.status == .ok && dictionary.text.contains("study_id"))

            let bad = try await api.get(EvaluationRoutes.API.tables(query: ["from": "2026-12-31", "to": "2026-01-01"]))
            #expect(bad.status == .unprocessableContent)
            let badCSV = try await api.get(EvaluationRoutes.API.extract(query: ["from": "someday"]))
            #expect(badCSV.status == .unprocessableContent)
        }
    }

    @Test("a bad period is refused on its field on the page: 422, nothing read", arguments: TestEngine.available)
    func badPeriod(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let evaluator = Browser(client)
            try await evaluator.signIn(harness.fixture.a.user(.evaluator).email, clock: harness.clock)
            let reads = try await Self.auditCount(harness, action: .recordRead)
            let page = try await evaluator.get(EvaluationRoutes.page(query: ["from": "2026-12-31", "to": "2026-01-01"]))
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains("id=\"to-error\"") && page.text.contains("id=\"form-summary\""))
            #expect(!page.text.contains("id=\"evaluation-downloads\""))
            #expect(try await Self.auditCount(harness, action: .recordRead) == reads)
        }
    }

    @Test("peers, supervisors and administrators are refused, and the refusal is audited", arguments: TestEngine.available)
    func whoMayNot(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            for role in [Role.peerSpecialist, .supervisor, .organizationAdmin] {
                let browser = Browser(client)
                try await browser.signIn(a.user(role).email, clock: harness.clock)
                for path in [EvaluationRoutes.page(), EvaluationRoutes.extract(), EvaluationRoutes.dictionary(), EvaluationRoutes.tables()] {
                    #expect(try await browser.get(path).status == .forbidden, "\(role) \(path)")
                }
            }
            let denied = try await harness.test.db.read { conn in
                try await conn.sql.raw("""
                    SELECT COUNT(*) AS n FROM audit_events WHERE resource_type = \(bind: AuditResource.deidentifiedData.rawValue)
                      AND action = \(bind: AuditAction.accessDenied.rawValue)
                    """).first()!.decode(column: "n", as: Int.self)
            }
            #expect(denied == 12)
            let manager = Browser(client)
            try await manager.signIn(a.user(.programManager).email, clock: harness.clock)
            #expect(try await manager.get(EvaluationRoutes.page()).status == .ok)
        }
    }
}
