/// A generation per organization, moved on by every referral written to it (issue 12's search goal):
/// the linkage records a search ranks by are counted once and kept in memory (`LinkageRecordCache`)
/// for as long as the generations of the organizations they count stay the same. Triggers move them,
/// so no way of writing a referral (a page, the API, a merge, the demo generator, another process) can
/// leave a kept record behind the database.
///
/// On PostgreSQL the triggers run once per statement over its changed rows: a row trigger updating the
/// same row for each of a bulk insert's million referrals would leave a million versions of it in one
/// transaction. SQLite updates the row in place, so a row trigger costs little there.
enum Migration022ReferralGenerations {
    static let migration = Migration(version: 22, name: "referral_generations") { dialect in
        var statements = [
            "CREATE TABLE referral_generations (organization_id {uuid} PRIMARY KEY, generation BIGINT NOT NULL)",
        ]
        switch dialect {
        case .sqlite:
            func bump(_ row: String) -> String {
                """
                INSERT OR IGNORE INTO referral_generations (organization_id, generation) VALUES (\(row).organization_id, 0);
                UPDATE referral_generations SET generation = generation + 1 WHERE organization_id = \(row).organization_id;
                """
            }
            statements += [
                "CREATE TRIGGER referrals_changed_insert AFTER INSERT ON referrals BEGIN \(bump("NEW")) END",
                "CREATE TRIGGER referrals_changed_update AFTER UPDATE ON referrals BEGIN \(bump("OLD")) \(bump("NEW")) END",
                "CREATE TRIGGER referrals_changed_delete AFTER DELETE ON referrals BEGIN \(bump("OLD")) END",
            ]
        case .postgres:
            func function(_ name: String, _ tables: [String]) -> String {
                let rows = tables.map { "SELECT organization_id FROM \($0)" }.joined(separator: " UNION ")
                return """
                    CREATE FUNCTION \(name)() RETURNS trigger AS $$
                    BEGIN
                        INSERT INTO referral_generations (organization_id, generation)
                        SELECT DISTINCT organization_id, 1 FROM (\(rows)) AS changed
                        ON CONFLICT (organization_id) DO UPDATE SET generation = referral_generations.generation + 1;
                        RETURN NULL;
                    END;
                    $$ LANGUAGE plpgsql
                    """
            }
            statements += [
                function("peerway_referrals_inserted", ["new_rows"]),
                function("peerway_referrals_updated", ["old_rows", "new_rows"]),
                function("peerway_referrals_deleted", ["old_rows"]),
                """
                CREATE TRIGGER referrals_changed_insert AFTER INSERT ON referrals REFERENCING NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION peerway_referrals_inserted()
                """,
                """
                CREATE TRIGGER referrals_changed_update AFTER UPDATE ON referrals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION peerway_referrals_updated()
                """,
                """
                CREATE TRIGGER referrals_changed_delete AFTER DELETE ON referrals REFERENCING OLD TABLE AS old_rows
                FOR EACH STATEMENT EXECUTE FUNCTION peerway_referrals_deleted()
                """,
            ]
        }
        return statements
    }
}
