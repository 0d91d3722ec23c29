import Foundation
import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

/// The program report's largest reads are served from an index holding every column they need
/// (migration 16), so a county's year of services or scores never visits the wide rows.
@Suite("Report query plans")
struct ReportQueryPlanTests {
    static let program = "00000000-0000-0000-0000-000000000001"
    static let cases: [(name: String, sql: String, index: String)] = [
        ("a period's services of the programs, by person, type and status",
         """
         SELECT person_id, service_type, status, COUNT(*) FROM services WHERE program_id IN ('\(program)')
           AND service_date >= '2025-07-01' AND service_date <= '2026-06-30' GROUP BY program_id, person_id, service_type, status
         """, "services_program_"),
        ("the people the programs' contacts reached", "SELECT person_id FROM contacts WHERE program_id IN ('\(program)')", "contacts_program_report"),
        ("the scores of the enrollments",
         """
         SELECT a.instrument_id, a.timepoint, a.given_on, a.timepoint_number, s.scale_id, s.t_tenths, s.raw_tenths
         FROM instrument_administrations a JOIN instrument_scores s ON s.administration_id = a.id
         WHERE a.episode_id IN ('\(program)') AND a.is_current = TRUE AND a.given_on <= '2026-06-30'
         """, "instrument_administrations_episode_report"),
    ]

    @Test("the report's reads use the indexes made for them", arguments: TestEngine.available)
    func plans(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            for query in Self.cases {
                let plan = try await QueryPlanTests.plan(of: query.sql, on: test.db)
                #expect(plan.contains(query.index), "\(query.name) does not use \(query.index):\n\(plan)")
            }
        }
    }

    /// SQLite groups by sorting every row unless they arrive in the grouping's order (migration 17); for
    /// a long period the report's two largest groupings name the index that gives that order.
    @Test("on SQLite a year's services by person and its referrals by outcome are grouped without a sort")
    func groupedInIndexOrder() async throws {
        try await TestDatabase.with(.sqlite) { test in
            let services = """
                SELECT person_id, service_type, status, COUNT(*) FROM services INDEXED BY services_program_person
                WHERE program_id IN ('\(Self.program)', '00000000-0000-0000-0000-000000000002')
                  AND service_date >= '2025-07-01' AND service_date <= '2026-06-30' GROUP BY program_id, person_id, service_type, status
                """
            let referrals = """
                SELECT need, status, days_to_linkage, COUNT(*) FROM referrals INDEXED BY referrals_program_outcome
                WHERE program_id IN ('\(Self.program)', '00000000-0000-0000-0000-000000000002')
                  AND made_on >= '2025-07-01' AND made_on <= '2026-06-30' GROUP BY program_id, need, status, days_to_linkage
                """
            for analyzed in [false, true] {
                if analyzed { try await test.db.write { try await $0.sql.raw("ANALYZE").run() } }
                for (sql, index) in [(services, "services_program_person"), (referrals, "referrals_program_outcome")] {
                    let plan = try await QueryPlanTests.plan(of: sql, on: test.db)
                    #expect(plan.contains(index) && !plan.contains("TEMP B-TREE"), "analyzed: \(analyzed)\n\(plan)")
                }
            }
        }
    }
}
