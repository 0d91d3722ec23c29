/// Directory imports run as jobs (issue 12): a county's file (50,000 services, 88 MB) takes longer
/// than a page or an API client should wait, so the server answers at once with the job's address and
/// runs it in its own process. The row says how the job ended and keeps its report; while it runs,
/// the process running it knows how far it is (on SQLite the import's one write transaction holds
/// the database, so its progress cannot be written beside it).
enum Migration021DirectoryImports {
    static let migration = Migration(version: 21, name: "directory_imports") { _ in
        [
            """
            CREATE TABLE directory_imports (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                started_by {uuid} NOT NULL REFERENCES users(id),
                dry_run {bool} NOT NULL,
                state TEXT NOT NULL,
                files TEXT NOT NULL,
                bytes BIGINT NOT NULL,
                report TEXT,
                started_at {timestamp} NOT NULL,
                finished_at {timestamp}
            )
            """,
            "CREATE INDEX directory_imports_organization ON directory_imports(organization_id, started_at)",
        ]
    }
}
