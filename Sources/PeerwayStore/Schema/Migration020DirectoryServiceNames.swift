/// The services of every directory in name order, on SQLite (issue 12). A search by need or language
/// alone at county scale matched 5,539 of 50,000 services, looked each one up and sorted them all
/// to show twenty: 4.5 ms of a 5.5 ms answer. With this index the search walks the services by name
/// and keeps the matching ones until its page is full (`DirectorySearchRecords.Plan.byName`). One
/// column, so the walk crosses every directory a search reads in one order, ties broken by rowid as
/// the search's order breaks them. SQLite's only: on PostgreSQL the same walk checks each row's
/// search vector as it passes, and measured no faster than the bitmap scan it would replace.
enum Migration020DirectoryServiceNames {
    static let migration = Migration(version: 20, name: "directory_service_names") { dialect in
        dialect == .sqlite ? ["CREATE INDEX directory_services_by_name ON directory_services(name)"] : []
    }
}
