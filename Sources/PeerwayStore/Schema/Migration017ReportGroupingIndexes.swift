import PeerwayCore
import SQLKit

/// The program report's two largest groupings read in their index's order (issue 14). SQLite groups
/// by sorting: a county's year of services (900,000 rows) by person, type and status took half a
/// second in its sorter, against a twentieth of one to read them. Indexes that begin with the
/// grouping's columns hand the rows over already grouped, so nothing is sorted (0.52 s → 0.22 s for the
/// services, 0.20 s → 0.07 s for the referrals, at county scale). PostgreSQL groups by hashing and
/// uses them or not as it sees fit.
enum Migration017ReportGroupingIndexes {
    static let servicesByPerson = "services_program_person"
    static let referralsByOutcome = "referrals_program_outcome"

    /// On SQLite, names the index a long period's grouping is read from. SQLite's planner takes a date
    /// range for selective and picks the date index and a sort, which wins for a month; for a quarter or
    /// more, reading the programs' rows in the grouping's order and sorting nothing wins (a county's year:
    /// 0.52 s against 0.22 s), so the grouping says which index to read. PostgreSQL needs no hint.
    static func hint(_ index: String, from: CalendarDate, to: CalendarDate, on conn: Connection) -> SQLQueryString {
        guard conn.dialect == .sqlite, from.days(until: to) >= 90 else { return "" }
        return " INDEXED BY \(unsafeRaw: index)"
    }

    static let migration = Migration(version: 17, name: "report_grouping_indexes", statements: { _ in
        [
            "CREATE INDEX \(servicesByPerson) ON services(program_id, person_id, service_type, status, service_date)",
            "CREATE INDEX \(referralsByOutcome) ON referrals(program_id, need, status, days_to_linkage, made_on)",
        ]
    }, data: { conn, _ in
        // As in migration 16: a SQLite database with statistics gets them for the new indexes too.
        try await Migration016ReportIndexes.analyze([servicesByPerson, referralsByOutcome], on: conn)
    })
}
