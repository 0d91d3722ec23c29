import SQLKit

/// The program report counted from indexes alone (issue 14: the whole report under a second at county
/// scale). Each index holds every column the report reads of its rows, so neither engine visits the
/// table: a year of a county's services is a million rows, whose notes make them wide. The services,
/// contacts and administrations indexes begin with the columns of the narrower ones they replace, so
/// every query those served is served as before.
enum Migration016ReportIndexes {
    static let indexes = ["services_program_report", "contacts_program_report", "episodes_program_enrolled",
                          "instrument_administrations_episode_report", "instrument_scores_values"]

    static let migration = Migration(version: 16, name: "report_indexes", statements: { _ in
        [
            "CREATE INDEX services_program_report ON services(program_id, service_date, status, person_id, service_type)",
            "DROP INDEX services_program_date",
            "CREATE INDEX contacts_program_report ON contacts(program_id, occurred_at, person_id)",
            "DROP INDEX contacts_program_time",
            "CREATE INDEX episodes_program_enrolled ON episodes(program_id, enrolled_on, discharged_on, person_id, id)",
            """
            CREATE INDEX instrument_administrations_episode_report ON instrument_administrations(
                episode_id, instrument_id, is_current, timepoint, given_on, timepoint_number, program_id, id)
            """,
            "DROP INDEX instrument_administrations_episode",
            "CREATE INDEX instrument_scores_values ON instrument_scores(administration_id, scale_id, t_tenths, raw_tenths)",
        ]
    }, data: { conn, _ in try await analyze(indexes, on: conn) })

    /// A SQLite database with statistics (ANALYZE has run) needs them for new indexes too: without, the
    /// planner weighs a new index against measured old ones and keeps the primary key of
    /// instrument_scores, reading the table for every score. PostgreSQL keeps statistics per column.
    static func analyze(_ indexes: [String], on conn: Connection) async throws {
        guard conn.dialect == .sqlite,
              try await !conn.sql.raw("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'").all().isEmpty else { return }
        for index in indexes {
            try await conn.sql.raw("ANALYZE \(unsafeRaw: index)").run()
        }
    }
}
