import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

/// Hot queries must use their index on both engines. PostgreSQL prefers a sequential scan on tiny
/// tables, so sequential scans are switched off to ask whether an index *can* serve the query.
@Suite("Query plans")
struct QueryPlanTests {
    /// `index` names the index that must serve the query; nil where the engine names it (primary keys, UNIQUE).
    static let cases: [(name: String, sql: String, index: String?)] = [
        ("session by id", "SELECT * FROM sessions WHERE id_hash = 'x'", nil),
        ("user by e-mail", "SELECT * FROM users WHERE email = 'x'", nil),
        ("a supervisor's team", "SELECT * FROM users WHERE supervisor_id = '00000000-0000-0000-0000-000000000000'", "users_supervisor"),
        ("audit trail of an organization by time",
         "SELECT * FROM audit_events WHERE organization_id = '00000000-0000-0000-0000-000000000000' AND occurred_at_us >= 0 ORDER BY occurred_at_us DESC LIMIT 50",
         "audit_events_org_time"),
        ("audit trail of a participant", "SELECT * FROM audit_events WHERE participant_id = '00000000-0000-0000-0000-000000000000' ORDER BY occurred_at_us", "audit_events_participant_time"),
        ("audit chain walk", "SELECT * FROM audit_events WHERE chain = 'system' AND seq > 5 ORDER BY seq LIMIT 5000", "audit_events_chain_seq"),
    ]

    /// The engine's plan for `sql`: SQLite's EXPLAIN QUERY PLAN, or PostgreSQL's EXPLAIN with
    /// sequential scans discouraged (tiny test tables would otherwise always be scanned).
    static func plan(of sql: String, on db: Database) async throws -> String {
        try await db.read { conn in
            switch conn.dialect {
            case .sqlite:
                let rows = try await conn.sql.raw("EXPLAIN QUERY PLAN \(unsafeRaw: sql)").all()
                return try rows.map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "\n")
            case .postgres:
                try await conn.sql.raw("SET enable_seqscan = off").run()
                let rows = try await conn.sql.raw("EXPLAIN \(unsafeRaw: sql)").all()
                try await conn.sql.raw("RESET enable_seqscan").run()
                return try rows.map { try $0.decode(column: "QUERY PLAN", as: String.self) }.joined(separator: "\n")
            }
        }
    }

    @Test("hot queries use an index", arguments: TestEngine.available)
    func plans(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            for query in Self.cases {
                let plan = try await Self.plan(of: query.sql, on: test.db)
                let usesIndex = plan.contains("USING INDEX") || plan.contains("USING PRIMARY KEY") || plan.contains("USING COVERING INDEX")
                    || plan.contains("Index Scan") || plan.contains("Index Only Scan") || plan.contains("Bitmap Index Scan")
                #expect(usesIndex, "\(query.name) does not use an index:\n\(plan)")
                if let index = query.index {
                    #expect(plan.contains(index), "\(query.name) does not use \(index):\n\(plan)")
                }
            }
        }
    }
}
