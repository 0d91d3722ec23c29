/// Referrals and their closed loop: one row per referral with its current status (read by every list
/// and measure without replaying history), and every change kept in `referral_changes`.
enum Migration006Referrals {
    static let migration = Migration(version: 6, name: "referrals") { _ in
        [
            """
            CREATE TABLE referrals (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                program_id {uuid} NOT NULL REFERENCES programs(id),
                person_id {uuid} NOT NULL REFERENCES persons(id),
                directory_service_id TEXT,
                resource_name TEXT NOT NULL,
                resource_organization TEXT NOT NULL,
                resource_phone TEXT NOT NULL,
                resource_address TEXT NOT NULL,
                need TEXT NOT NULL,
                urgency TEXT NOT NULL,
                handoff TEXT NOT NULL,
                made_at {timestamp} NOT NULL,
                made_on TEXT NOT NULL,
                made_by {uuid} NOT NULL REFERENCES users(id),
                service_id {uuid} REFERENCES services(id),
                note TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('proposed', 'sent', 'accepted', 'declined', 'linked', 'not_linked')),
                status_at {timestamp} NOT NULL,
                reason TEXT,
                follow_up_on TEXT,
                days_to_linkage INTEGER,
                created_at {timestamp} NOT NULL,
                updated_at {timestamp} NOT NULL,
                version BIGINT NOT NULL
            )
            """,
            // A person's referrals; a program's period (measures group by need and status inside the range).
            "CREATE INDEX referrals_person ON referrals(person_id, made_at)",
            "CREATE INDEX referrals_program_made ON referrals(program_id, made_on, need, status)",
            "CREATE INDEX referrals_maker_made ON referrals(made_by, made_on, need, status)",
            // Waiting for an outcome: open referrals only, per peer and per program, oldest follow-up first.
            "CREATE INDEX referrals_open_maker ON referrals(made_by, follow_up_on) WHERE status IN ('proposed', 'sent', 'accepted')",
            "CREATE INDEX referrals_open_program ON referrals(program_id, follow_up_on) WHERE status IN ('proposed', 'sent', 'accepted')",
            // A directory service's own linkage record.
            "CREATE INDEX referrals_directory_service ON referrals(directory_service_id, made_on) WHERE directory_service_id IS NOT NULL",
            "CREATE INDEX referrals_service ON referrals(service_id) WHERE service_id IS NOT NULL",
            """
            CREATE TABLE referral_changes (
                id {uuid} PRIMARY KEY,
                referral_id {uuid} NOT NULL REFERENCES referrals(id),
                from_status TEXT,
                to_status TEXT NOT NULL,
                occurred_at {timestamp} NOT NULL,
                recorded_at {timestamp} NOT NULL,
                changed_by {uuid} NOT NULL REFERENCES users(id),
                reason TEXT,
                note TEXT NOT NULL
            )
            """,
            "CREATE INDEX referral_changes_referral ON referral_changes(referral_id, occurred_at)",
        ]
    }
}
