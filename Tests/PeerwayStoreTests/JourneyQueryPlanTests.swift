import Foundation
import PeerwayCore
import PeerwayDemo
import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

/// The participant queries that run on every search box and home page must look up the few rows
/// they need, never walk every person of an organization. Each SQL text below is the statement the
/// record function builds (`PersonRecords.search` with a peer's or a manager's reach,
/// `CaseloadRecords.forPeers`, …) with literals for its binds. PostgreSQL prefers sequential scans on
/// tiny tables, so they are switched off to ask whether an index *can* serve the query.
@Suite("Journey query plans")
struct JourneyQueryPlanTests {
    /// Ids of the demo data the queries run on, as SQL literals.
    struct IDs: Sendable {
        let org: String, me: String, colleague: String, program: String
    }

    /// `PersonRecords.reachPredicate` for a peer specialist and for a program manager of one program.
    static func peerReach(_ id: IDs) -> String {
        """
        (p.created_by = \(id.me) OR EXISTS (SELECT 1 FROM contacts c WHERE c.person_id = p.id AND c.logged_by = \(id.me))
         OR EXISTS (SELECT 1 FROM assignments a WHERE a.person_id = p.id AND a.peer_id = \(id.me) AND a.is_current = TRUE))
        """
    }

    /// `PersonRecords.reachSet` for a peer specialist: the short list their name search starts from.
    static func peerReachList(_ id: IDs) -> String {
        """
        SELECT id FROM persons WHERE created_by = \(id.me) UNION SELECT person_id FROM contacts WHERE logged_by = \(id.me)
        UNION SELECT person_id FROM assignments WHERE peer_id = \(id.me) AND is_current = TRUE
        """
    }

    static func managerReach(_ id: IDs) -> String {
        """
        (p.created_by = \(id.me) OR EXISTS (SELECT 1 FROM contacts c WHERE c.person_id = p.id AND c.logged_by = \(id.me))
         OR p.intake_program_id IN (\(id.program))
         OR EXISTS (SELECT 1 FROM episodes e WHERE e.person_id = p.id AND e.program_id IN (\(id.program)))
         OR EXISTS (SELECT 1 FROM contacts c WHERE c.person_id = p.id AND c.program_id IN (\(id.program))))
        """
    }

    static func nameToken(_ id: IDs, _ prefix: String, _ next: String) -> String {
        "p.id IN (SELECT n.person_id FROM person_names n WHERE n.organization_id = \(id.org) AND n.token >= '\(prefix)' AND n.token < '\(next)')"
    }

    struct Case: Sendable {
        let name: String
        let sql: String
        /// Indexes the plan must use (SQLite and PostgreSQL name them alike except primary keys).
        let indexes: [String]
        /// Access paths that would mean reading every person (or every assignment) of an organization.
        let forbidden: [String]
    }

    static let walksPersons = ["SCAN p", "persons_org_sort (organization_id=?)", "Seq Scan on persons"]

    static func cases(_ id: IDs) -> [Case] { [
        Case(name: "name search, one word, a peer's reach",
             sql: "SELECT p.* FROM persons p WHERE p.merged_into_id IS NULL AND \(nameToken(id, "jo", "jp")) AND \(peerReach(id)) ORDER BY lower(p.sort_name), p.id LIMIT 50",
             indexes: ["person_names"], forbidden: walksPersons),
        Case(name: "name search, one word, a peer's reach list first",
             sql: """
                 SELECT p.* FROM persons p WHERE p.merged_into_id IS NULL AND p.id IN (\(peerReachList(id)))
                 AND EXISTS (SELECT 1 FROM person_names n WHERE n.person_id = p.id AND n.organization_id = \(id.org) AND n.token >= 'jo' AND n.token < 'jp')
                 ORDER BY lower(p.sort_name), p.id LIMIT 50
                 """,
             indexes: ["assignments_peer_current", "persons_created_by", "contacts_logged_by"], forbidden: walksPersons),
        Case(name: "name search, two words, a manager's reach",
             sql: """
                 SELECT p.* FROM persons p WHERE p.merged_into_id IS NULL AND \(nameToken(id, "jo", "jp")) AND \(nameToken(id, "al", "am"))
                 AND \(managerReach(id)) ORDER BY lower(p.sort_name), p.id LIMIT 50
                 """,
             indexes: ["person_names"], forbidden: walksPersons),
        Case(name: "date of birth search",
             sql: """
                 SELECT p.* FROM persons p WHERE p.merged_into_id IS NULL AND p.organization_id = \(id.org) AND p.date_of_birth = '1990-07-04'
                 AND \(peerReach(id)) ORDER BY lower(p.sort_name), p.id LIMIT 50
                 """,
             indexes: ["persons_org_dob"], forbidden: walksPersons),
        Case(name: "phone search",
             sql: """
                 SELECT p.* FROM persons p WHERE p.merged_into_id IS NULL AND p.organization_id = \(id.org) AND p.phone_digits = '6195550134'
                 AND \(peerReach(id)) ORDER BY lower(p.sort_name), p.id LIMIT 50
                 """,
             indexes: ["persons_org_phone"], forbidden: walksPersons),
        Case(name: "caseloads of a team",
             sql: """
                 SELECT a.peer_id AS assigned_peer_id, u.supervisor_id AS peer_supervisor_id, e.*, p.kind, p.legal_given_name, p.details
                 FROM assignments a JOIN episodes e ON e.id = a.episode_id JOIN persons p ON p.id = a.person_id JOIN users u ON u.id = a.peer_id
                 WHERE a.peer_id IN (\(id.me), \(id.colleague)) AND a.is_current = TRUE AND e.is_open = TRUE
                 """,
             indexes: ["assignments_peer_current"], forbidden: ["SCAN a", "SCAN p", "SCAN e", "Seq Scan"]),
        Case(name: "reviews due in a program",
             sql: """
                 SELECT * FROM episodes WHERE program_id = \(id.program) AND is_open = TRUE AND next_review_on <= '2026-10-01'
                 ORDER BY next_review_on LIMIT 200
                 """,
             indexes: ["episodes_program_review"], forbidden: ["SCAN episodes", "Seq Scan"]),
        Case(name: "a page of an export",
             sql: """
                 SELECT p.* FROM persons p WHERE p.organization_id = \(id.org) AND p.merged_into_id IS NULL AND p.sort_name > 'garcia ana'
                 AND \(managerReach(id)) ORDER BY p.sort_name LIMIT 1000
                 """,
             indexes: ["persons_org_sort"], forbidden: ["SCAN p", "Seq Scan on persons"]),
    ] }

    /// SQLite only: PostgreSQL answers an IN-subquery inside an OR with a filter, which its planner
    /// prices by table size; it is cheap there once statistics exist, and not what this pins down.
    static func sqliteCases(_ id: IDs) -> [Case] { [
        Case(name: "duplicate candidates",
             sql: """
                 SELECT p.* FROM persons p WHERE p.id <> \(id.me) AND p.merged_into_id IS NULL AND ((p.organization_id = \(id.org) AND p.date_of_birth = '1990-07-04')
                 OR (p.organization_id = \(id.org) AND p.phone_digits = '6195550134')
                 OR p.id IN (SELECT n.person_id FROM person_names n WHERE n.organization_id = \(id.org) AND n.token = 'garcia'))
                 ORDER BY lower(p.sort_name) LIMIT 200
                 """,
             indexes: ["persons_org_dob", "persons_org_phone", "person_names"], forbidden: walksPersons),
    ] }

    /// Demo data for a few thousand participants, with statistics gathered: on empty tables a planner's
    /// guesses say nothing about the choices it makes on a county's data.
    static func populate(_ db: Database) async throws -> IDs {
        let summary = try await DemoGenerator(seed: 11, participants: 2000, hasher: Fixture.hasher, base32: { $0 })
            .generate(into: db, audit: AuditLog(key: TestDatabase.auditKey))
        try await db.read { conn in try await conn.sql.raw("ANALYZE").run() }
        let peers = try await db.read { conn in
            try await UserRecords.list({ var f = UserRecords.ListFilter(organizationIDs: [summary.providerID]); f.role = .peerSpecialist; return f }(), on: conn)
        }
        let named = try #require(peers.first { $0.email.hasPrefix("peer@") })
        let colleague = try #require(peers.first { $0.id != named.id && $0.programIDs.contains(summary.nextStepsID) })
        func literal(_ id: UUID) -> String { "'\(id.text)'" }
        return IDs(org: literal(summary.providerID), me: literal(named.id), colleague: literal(colleague.id), program: literal(summary.nextStepsID))
    }

    @Test("participant search and caseload queries use their indexes", arguments: TestEngine.available)
    func plans(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let ids = try await Self.populate(test.db)
            for query in Self.cases(ids) + (engine == .sqlite ? Self.sqliteCases(ids) : []) {
                let plan = try await QueryPlanTests.plan(of: query.sql, on: test.db)
                for index in query.indexes {
                    #expect(plan.contains(index), "\(query.name) does not use \(index):\n\(plan)")
                }
                for path in query.forbidden {
                    #expect(!plan.contains(path), "\(query.name) reads more than it needs (\(path)):\n\(plan)")
                }
            }
        }
    }
}
