import Foundation
import PeerwayStore
import PeerwayTestSupport
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
           AND service_date >= '2025-07-01' AND service_date <= '2026-06-30' GROUP BY person_id, service_type, status
         """, "services_program_report"),
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
}
