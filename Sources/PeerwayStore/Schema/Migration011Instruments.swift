/// Outcome instruments: each administration with its answers as given and the scores computed when it
/// was recorded (one row per scale, so a report averages scores in SQL), and each program's schedule.
/// Scores are stored in tenths as integers: every published score has one decimal, and both engines
/// then compare and sum them exactly.
enum Migration011Instruments {
    static let migration = Migration(version: 11, name: "instruments") { _ in
        [
            """
            CREATE TABLE instrument_administrations (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                program_id {uuid} NOT NULL REFERENCES programs(id),
                person_id {uuid} NOT NULL REFERENCES persons(id),
                episode_id {uuid} NOT NULL REFERENCES episodes(id),
                instrument_id TEXT NOT NULL,
                instrument_version TEXT NOT NULL,
                timepoint TEXT NOT NULL,
                timepoint_number INTEGER NOT NULL,
                given_on TEXT NOT NULL,
                respondent TEXT NOT NULL,
                language TEXT NOT NULL,
                given_by {uuid} NOT NULL REFERENCES users(id),
                responses TEXT NOT NULL,
                recorded_at {timestamp} NOT NULL,
                replaces_id {uuid} REFERENCES instrument_administrations(id),
                replace_reason TEXT,
                is_current {bool} NOT NULL
            )
            """,
            "CREATE INDEX instrument_administrations_person ON instrument_administrations(person_id, instrument_id, given_on)",
            "CREATE INDEX instrument_administrations_episode ON instrument_administrations(episode_id, instrument_id)",
            "CREATE INDEX instrument_administrations_program ON instrument_administrations(program_id, instrument_id, given_on)",
            """
            CREATE TABLE instrument_scores (
                administration_id {uuid} NOT NULL REFERENCES instrument_administrations(id),
                scale_id TEXT NOT NULL,
                raw_tenths INTEGER,
                t_tenths INTEGER,
                se_tenths INTEGER,
                band TEXT,
                missing_items TEXT NOT NULL,
                prorated {bool} NOT NULL,
                PRIMARY KEY (administration_id, scale_id)
            )
            """,
            """
            CREATE TABLE program_instrument_schedules (
                program_id {uuid} NOT NULL REFERENCES programs(id),
                instrument_id TEXT NOT NULL,
                at_intake {bool} NOT NULL,
                every_days INTEGER,
                at_discharge {bool} NOT NULL,
                updated_at {timestamp} NOT NULL,
                updated_by {uuid} REFERENCES users(id),
                PRIMARY KEY (program_id, instrument_id)
            )
            """,
            // The wording a program is licensed to show for an instrument whose items Peerway ships as topics.
            """
            CREATE TABLE program_instrument_wording (
                program_id {uuid} NOT NULL REFERENCES programs(id),
                instrument_id TEXT NOT NULL,
                item_id TEXT NOT NULL,
                language TEXT NOT NULL,
                text TEXT NOT NULL,
                updated_at {timestamp} NOT NULL,
                updated_by {uuid} REFERENCES users(id),
                PRIMARY KEY (program_id, instrument_id, item_id, language)
            )
            """,
        ]
    }
}
