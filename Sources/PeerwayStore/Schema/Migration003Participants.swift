/// The participant journey: people and their name index, contacts, screens, episodes of care, peer
/// assignments, continued-stay reviews, crisis events, peer profiles for pairing, and merges.
/// Calendar days are stored as `YYYY-MM-DD` text, which sorts and compares correctly on both engines.
enum Migration003Participants {
    static let migration = Migration(version: 3, name: "participants") { _ in
        [
            """
            CREATE TABLE persons (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                kind TEXT NOT NULL CHECK (kind IN ('participant', 'support_person')),
                intake_program_id {uuid} REFERENCES programs(id),
                related_participant_id {uuid} REFERENCES persons(id),
                relationship TEXT,
                legal_given_name TEXT NOT NULL,
                legal_family_name TEXT NOT NULL,
                preferred_name TEXT NOT NULL,
                pronouns TEXT NOT NULL,
                date_of_birth TEXT,
                phone_digits TEXT NOT NULL,
                sort_name TEXT NOT NULL,
                details TEXT NOT NULL,
                merged_into_id {uuid} REFERENCES persons(id),
                created_by {uuid} REFERENCES users(id),
                created_at {timestamp} NOT NULL,
                updated_at {timestamp} NOT NULL,
                version BIGINT NOT NULL
            )
            """,
            "CREATE INDEX persons_org_dob ON persons(organization_id, date_of_birth)",
            "CREATE INDEX persons_org_phone ON persons(organization_id, phone_digits)",
            "CREATE INDEX persons_org_sort ON persons(organization_id, sort_name)",
            "CREATE INDEX persons_related ON persons(related_participant_id)",
            "CREATE INDEX persons_intake ON persons(intake_program_id)",
            "CREATE INDEX persons_created_by ON persons(created_by)",
            // One row per folded word of a person's names: a prefix search on any word is an index range.
            """
            CREATE TABLE person_names (
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                token TEXT NOT NULL,
                person_id {uuid} NOT NULL REFERENCES persons(id),
                PRIMARY KEY (organization_id, token, person_id)
            )
            """,
            "CREATE INDEX person_names_person ON person_names(person_id)",
            """
            CREATE TABLE contacts (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                program_id {uuid} NOT NULL REFERENCES programs(id),
                person_id {uuid} REFERENCES persons(id),
                occurred_at {timestamp} NOT NULL,
                source TEXT NOT NULL,
                made_by TEXT NOT NULL,
                method TEXT NOT NULL,
                setting TEXT NOT NULL,
                note TEXT NOT NULL,
                logged_by {uuid} NOT NULL REFERENCES users(id),
                created_at {timestamp} NOT NULL
            )
            """,
            "CREATE INDEX contacts_person ON contacts(person_id, occurred_at)",
            "CREATE INDEX contacts_program_time ON contacts(program_id, occurred_at)",
            "CREATE INDEX contacts_logged_by ON contacts(logged_by, occurred_at)",
            // "Did this person's contact come from me?": the reach check a peer's search makes per candidate.
            "CREATE INDEX contacts_person_logger ON contacts(person_id, logged_by)",
            """
            CREATE TABLE screenings (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                program_id {uuid} NOT NULL REFERENCES programs(id),
                person_id {uuid} NOT NULL REFERENCES persons(id),
                screened_on TEXT NOT NULL,
                criteria_set TEXT NOT NULL,
                criteria_met TEXT NOT NULL,
                exclusions TEXT NOT NULL,
                higher_level_referral TEXT NOT NULL,
                outcome TEXT NOT NULL CHECK (outcome IN ('eligible', 'not_eligible')),
                screened_by {uuid} NOT NULL REFERENCES users(id),
                created_at {timestamp} NOT NULL
            )
            """,
            "CREATE INDEX screenings_person ON screenings(person_id, program_id, screened_on)",
            """
            CREATE TABLE episodes (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                program_id {uuid} NOT NULL REFERENCES programs(id),
                person_id {uuid} NOT NULL REFERENCES persons(id),
                enrolled_on TEXT NOT NULL,
                planned_end_on TEXT,
                consent_signed_by TEXT,
                consent_signed_on TEXT,
                consent_method TEXT,
                goals TEXT NOT NULL,
                screening_id {uuid} REFERENCES screenings(id),
                override_reason TEXT,
                override_by {uuid} REFERENCES users(id),
                next_review_on TEXT,
                discharged_on TEXT,
                discharge_reason TEXT,
                discharge_summary TEXT NOT NULL,
                discharged_by {uuid} REFERENCES users(id),
                is_open {bool} NOT NULL,
                created_by {uuid} REFERENCES users(id),
                created_at {timestamp} NOT NULL,
                updated_at {timestamp} NOT NULL,
                version BIGINT NOT NULL
            )
            """,
            // The database itself refuses a second open episode of one person in one program.
            "CREATE UNIQUE INDEX episodes_one_open ON episodes(person_id, program_id) WHERE discharged_on IS NULL",
            "CREATE INDEX episodes_person ON episodes(person_id)",
            "CREATE INDEX episodes_program_review ON episodes(program_id, is_open, next_review_on)",
            """
            CREATE TABLE assignments (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                episode_id {uuid} NOT NULL REFERENCES episodes(id),
                person_id {uuid} NOT NULL REFERENCES persons(id),
                peer_id {uuid} NOT NULL REFERENCES users(id),
                is_current {bool} NOT NULL,
                started_at {timestamp} NOT NULL,
                ended_at {timestamp},
                assigned_by {uuid} NOT NULL REFERENCES users(id),
                reason TEXT NOT NULL
            )
            """,
            "CREATE INDEX assignments_peer_current ON assignments(peer_id, is_current)",
            "CREATE INDEX assignments_person ON assignments(person_id)",
            "CREATE INDEX assignments_episode ON assignments(episode_id)",
            """
            CREATE TABLE reviews (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                episode_id {uuid} NOT NULL REFERENCES episodes(id),
                person_id {uuid} NOT NULL REFERENCES persons(id),
                reviewed_on TEXT NOT NULL,
                criteria_met TEXT NOT NULL,
                outcome TEXT NOT NULL CHECK (outcome IN ('continue', 'discharge')),
                note TEXT NOT NULL,
                reviewed_by {uuid} NOT NULL REFERENCES users(id),
                created_at {timestamp} NOT NULL
            )
            """,
            "CREATE INDEX reviews_episode ON reviews(episode_id, reviewed_on)",
            "CREATE INDEX reviews_person ON reviews(person_id)",
            """
            CREATE TABLE crisis_events (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                person_id {uuid} NOT NULL REFERENCES persons(id),
                kind TEXT NOT NULL,
                started_on TEXT NOT NULL,
                ended_on TEXT,
                note TEXT NOT NULL,
                recorded_by {uuid} NOT NULL REFERENCES users(id),
                created_at {timestamp} NOT NULL
            )
            """,
            "CREATE INDEX crisis_events_person ON crisis_events(person_id, started_on)",
            "CREATE INDEX crisis_events_org_time ON crisis_events(organization_id, started_on)",
            """
            CREATE TABLE peer_profiles (
                user_id {uuid} PRIMARY KEY REFERENCES users(id),
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                profile TEXT NOT NULL,
                capacity BIGINT NOT NULL,
                updated_at {timestamp} NOT NULL
            )
            """,
            """
            CREATE TABLE person_merges (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                kept_id {uuid} NOT NULL REFERENCES persons(id),
                merged_id {uuid} NOT NULL REFERENCES persons(id),
                moved TEXT NOT NULL,
                merged_by {uuid} NOT NULL REFERENCES users(id),
                merged_at {timestamp} NOT NULL,
                undone_by {uuid} REFERENCES users(id),
                undone_at {timestamp}
            )
            """,
            "CREATE INDEX person_merges_kept ON person_merges(kept_id)",
            "CREATE INDEX person_merges_merged ON person_merges(merged_id)",
        ]
    }
}
