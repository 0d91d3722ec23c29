import SQLKit

/// The program report's two largest groupings read in their index's order (issue 14). SQLite groups
/// by sorting: a county's year of services (900,000 rows) by person, type and status took half a
/// second in its sorter, against a twentieth of one to read them. Indexes that begin with the
/// grouping's columns hand the rows over already grouped, so nothing is sorted (0.52 s → 0.22 s for the
/// services, 0.20 s → 0.07 s for the referrals, at county scale). PostgreSQL groups by hashing and
/// uses them or not as it sees fit.
enum Migration017ReportGroupingIndexes {
    /// Named in the report's statements on SQLite (`INDEXED BY`): with statistics, SQLite's planner
    /// prefers the period's range on the date index and a sort, which is faster only for a short period.
    static let servicesByPerson = "services_program_person"
    static let referralsByOutcome = "referrals_program_outcome"

    static let migration = Migration(version: 17, name: "report_grouping_indexes", statements: { _ in
        [
            "CREATE INDEX \(servicesByPerson) ON services(program_id, person_id, service_type, status, service_date)",
            "CREATE INDEX \(referralsByOutcome) ON referrals(program_id, need, status, days_to_linkage, made_on)",
        ]
    }, data: { conn, _ in
        // As in migration 16: a SQLite database with statistics gets them for the new indexes too.
        guard conn.dialect == .sqlite,
              try await !conn.sql.raw("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'").all().isEmpty else { return }
        for index in [servicesByPerson, referralsByOutcome] {
            try await conn.sql.raw("ANALYZE \(unsafeRaw: index)").run()
        }
    })
}
