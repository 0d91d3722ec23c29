/// Service documentation: one row per service given to one participant (a group writes one per
/// attendee), the core functions each served, amendments that keep every earlier version, group
/// sessions, outreach events counted without names, and each program's catalogue and signing rule.
enum Migration004Services {
    static let migration = Migration(version: 4, name: "services") { dialect in
        [
            """
            CREATE TABLE group_sessions (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                program_id {uuid} NOT NULL REFERENCES programs(id),
                peer_id {uuid} NOT NULL REFERENCES users(id),
                service_date TEXT NOT NULL,
                start_minute INTEGER NOT NULL,
                duration_minutes INTEGER NOT NULL,
                service_type TEXT NOT NULL,
                note TEXT NOT NULL,
                attendee_count INTEGER NOT NULL,
                created_at {timestamp} NOT NULL
            )
            """,
            """
            CREATE TABLE services (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                program_id {uuid} NOT NULL REFERENCES programs(id),
                person_id {uuid} NOT NULL REFERENCES persons(id),
                group_id {uuid} REFERENCES group_sessions(id),
                peer_id {uuid} NOT NULL REFERENCES users(id),
                cofacilitator_id {uuid} REFERENCES users(id),
                service_date TEXT NOT NULL,
                start_minute INTEGER NOT NULL CHECK (start_minute >= 0 AND start_minute < 1440),
                duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0 AND duration_minutes <= 1440),
                units INTEGER NOT NULL,
                service_type TEXT NOT NULL,
                core_functions TEXT NOT NULL,
                modality TEXT NOT NULL,
                setting TEXT NOT NULL,
                language TEXT NOT NULL,
                note TEXT NOT NULL,
                person_note TEXT NOT NULL,
                follow_up TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('draft', 'signed')),
                entered_at {timestamp} NOT NULL,
                late_entry {bool} NOT NULL,
                signed_at {timestamp},
                cosign_required {bool} NOT NULL,
                cosign_pending {bool} NOT NULL,
                cosigned_by {uuid} REFERENCES users(id),
                cosigned_at {timestamp},
                amendment_count INTEGER NOT NULL,
                updated_at {timestamp} NOT NULL,
                version BIGINT NOT NULL
            )
            """,
            // A participant's timeline, a peer's week, a program's period: each an index range.
            "CREATE INDEX services_person_date ON services(person_id, service_date, start_minute)",
            "CREATE INDEX services_peer_date ON services(peer_id, service_date, start_minute)",
            "CREATE INDEX services_program_date ON services(program_id, service_date)",
            "CREATE INDEX services_group ON services(group_id)",
            "CREATE INDEX services_cosign_pending ON services(peer_id) WHERE cosign_pending = TRUE",
            // Core functions one row each, so the service mix counts them with an index, not by parsing text.
            """
            CREATE TABLE service_functions (
                service_id {uuid} NOT NULL REFERENCES services(id),
                program_id {uuid} NOT NULL REFERENCES programs(id),
                service_date TEXT NOT NULL,
                code TEXT NOT NULL,
                PRIMARY KEY (service_id, code)
            )
            """,
            "CREATE INDEX service_functions_program_date ON service_functions(program_id, service_date, code)",
            """
            CREATE TABLE service_amendments (
                id {uuid} PRIMARY KEY,
                service_id {uuid} NOT NULL REFERENCES services(id),
                amended_by {uuid} NOT NULL REFERENCES users(id),
                amended_at {timestamp} NOT NULL,
                reason TEXT NOT NULL,
                before_content TEXT NOT NULL,
                after_content TEXT NOT NULL
            )
            """,
            "CREATE INDEX service_amendments_service ON service_amendments(service_id, amended_at)",
            """
            CREATE TABLE outreach_events (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                program_id {uuid} NOT NULL REFERENCES programs(id),
                peer_id {uuid} NOT NULL REFERENCES users(id),
                kind TEXT NOT NULL,
                event_date TEXT NOT NULL,
                start_minute INTEGER NOT NULL,
                duration_minutes INTEGER NOT NULL,
                setting TEXT NOT NULL,
                people_reached INTEGER NOT NULL,
                audience TEXT NOT NULL,
                note TEXT NOT NULL,
                entered_at {timestamp} NOT NULL
            )
            """,
            "CREATE INDEX outreach_program_date ON outreach_events(program_id, event_date)",
            "CREATE INDEX outreach_peer_date ON outreach_events(peer_id, event_date)",
            """
            CREATE TABLE service_catalog_entries (
                program_id {uuid} NOT NULL REFERENCES programs(id),
                kind TEXT NOT NULL CHECK (kind IN ('service_type', 'core_function')),
                code TEXT NOT NULL,
                label TEXT NOT NULL,
                created_by {uuid} NOT NULL REFERENCES users(id),
                created_at {timestamp} NOT NULL,
                PRIMARY KEY (program_id, kind, code)
            )
            """,
            """
            CREATE TABLE program_service_settings (
                program_id {uuid} PRIMARY KEY REFERENCES programs(id),
                requires_cosignature {bool} NOT NULL,
                updated_at {timestamp} NOT NULL
            )
            """,
        ] + dialect.appendOnlyTriggers(table: "service_amendments")
    }
}
