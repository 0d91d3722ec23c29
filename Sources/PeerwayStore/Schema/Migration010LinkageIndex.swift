/// A directory service's linkage record is counted from the index alone: its referrals by day, with
/// the organization, status and days to linkage each one needs (the search shows twenty records a page
/// and orders up to two hundred by them). It replaces migration 6's narrower index.
enum Migration010LinkageIndex {
    static let migration = Migration(version: 10, name: "linkage_index") { _ in
        [
            """
            CREATE INDEX referrals_directory_linkage ON referrals(directory_service_id, made_on, organization_id, status, days_to_linkage)
            WHERE directory_service_id IS NOT NULL
            """,
            "DROP INDEX referrals_directory_service",
        ]
    }
}
