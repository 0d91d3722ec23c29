/// The key each organization's study ids are made with (the evaluator's extract, issue 14): 32 random
/// bytes, written the first time the organization's data is extracted and never changed, so a person's
/// study id stays the same across extracts. Evaluators never see it; without it a study id cannot be
/// traced back to a person. Append-only: a changed key would give everyone new ids.
enum Migration015StudyKeys {
    static let migration = Migration(version: 15, name: "study_keys") { dialect in
        [
            """
            CREATE TABLE study_keys (
                organization_id {uuid} PRIMARY KEY REFERENCES organizations(id),
                key_hex TEXT NOT NULL,
                created_at {timestamp} NOT NULL
            )
            """,
        ] + dialect.appendOnlyTriggers(table: "study_keys")
    }
}
