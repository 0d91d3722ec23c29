/// Linkage counted from indexes alone. A directory service's record: its referrals by day, with the
/// organization, status and days to linkage each one needs (the search shows twenty records a page and
/// orders up to two hundred by them). A program's or a peer's measures: the days-to-linkage histogram
/// beside need and status. Each replaces migration 6's narrower index.
enum Migration010LinkageIndex {
    static let migration = Migration(version: 10, name: "linkage_index") { _ in
        [
            """
            CREATE INDEX referrals_directory_linkage ON referrals(directory_service_id, made_on, organization_id, status, days_to_linkage)
            WHERE directory_service_id IS NOT NULL
            """,
            "DROP INDEX referrals_directory_service",
            "CREATE INDEX referrals_program_linkage ON referrals(program_id, made_on, need, status, days_to_linkage)",
            "DROP INDEX referrals_program_made",
            "CREATE INDEX referrals_maker_linkage ON referrals(made_by, made_on, need, status, days_to_linkage)",
            "DROP INDEX referrals_maker_made",
        ]
    }
}
