/// Curating the directory: how many days after its last check an entry is stale (a setting per
/// directory), and the field checks peers record, each with who, when and what it confirmed.
enum Migration009DirectoryCuration {
    static let migration = Migration(version: 9, name: "directory_curation") { _ in
        [
            "ALTER TABLE directory_settings ADD COLUMN stale_after_days INTEGER",
            """
            CREATE TABLE directory_checks (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                service_id TEXT NOT NULL,
                checked_at {timestamp} NOT NULL,
                checked_by {uuid} NOT NULL REFERENCES users(id),
                running TEXT NOT NULL,
                languages TEXT NOT NULL,
                wait TEXT NOT NULL,
                note TEXT NOT NULL
            )
            """,
            "CREATE INDEX directory_checks_service ON directory_checks(organization_id, service_id, checked_at)",
            // The curators' queue: a directory's entries, least recently checked first.
            "CREATE INDEX directory_services_verified ON directory_services(organization_id, last_verified)",
        ]
    }
}
