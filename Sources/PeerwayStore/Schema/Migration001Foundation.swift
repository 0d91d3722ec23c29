/// Organizations, programs, users and roles, sessions, API tokens, sign-in throttling and the audit trail.
enum Migration001Foundation {
    static let migration = Migration(version: 1, name: "foundation") { dialect in
        [
            """
            CREATE TABLE organizations (
                id {uuid} PRIMARY KEY,
                parent_id {uuid} REFERENCES organizations(id),
                name TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('county', 'provider')),
                active {bool} NOT NULL,
                created_at {timestamp} NOT NULL,
                updated_at {timestamp} NOT NULL,
                version BIGINT NOT NULL
            )
            """,
            "CREATE INDEX organizations_parent ON organizations(parent_id)",
            """
            CREATE TABLE programs (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                name TEXT NOT NULL,
                description TEXT NOT NULL,
                model TEXT NOT NULL CHECK (model IN ('long_term', 'time_limited')),
                default_length_days BIGINT,
                review_frequency_days BIGINT NOT NULL,
                active {bool} NOT NULL,
                created_at {timestamp} NOT NULL,
                updated_at {timestamp} NOT NULL,
                version BIGINT NOT NULL
            )
            """,
            "CREATE INDEX programs_organization ON programs(organization_id, name)",
            """
            CREATE TABLE users (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                email TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                totp_secret TEXT,
                totp_enabled {bool} NOT NULL,
                supervisor_id {uuid} REFERENCES users(id),
                disabled {bool} NOT NULL,
                locale TEXT NOT NULL,
                created_at {timestamp} NOT NULL,
                updated_at {timestamp} NOT NULL,
                version BIGINT NOT NULL
            )
            """,
            "CREATE INDEX users_organization ON users(organization_id, display_name)",
            "CREATE INDEX users_supervisor ON users(supervisor_id)",
            """
            CREATE TABLE user_roles (
                user_id {uuid} NOT NULL REFERENCES users(id),
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                role TEXT NOT NULL,
                PRIMARY KEY (user_id, role)
            )
            """,
            """
            CREATE TABLE user_programs (
                user_id {uuid} NOT NULL REFERENCES users(id),
                program_id {uuid} NOT NULL REFERENCES programs(id),
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                PRIMARY KEY (user_id, program_id)
            )
            """,
            "CREATE INDEX user_programs_program ON user_programs(program_id)",
            """
            CREATE TABLE sessions (
                id_hash TEXT PRIMARY KEY,
                user_id {uuid} NOT NULL REFERENCES users(id),
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                csrf_token TEXT NOT NULL,
                second_factor_done {bool} NOT NULL,
                created_at {timestamp} NOT NULL,
                last_seen_at {timestamp} NOT NULL,
                client_address TEXT NOT NULL
            )
            """,
            "CREATE INDEX sessions_user ON sessions(user_id)",
            """
            CREATE TABLE api_tokens (
                id {uuid} PRIMARY KEY,
                user_id {uuid} NOT NULL REFERENCES users(id),
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                created_at {timestamp} NOT NULL,
                last_used_at {timestamp},
                expires_at {timestamp},
                revoked_at {timestamp}
            )
            """,
            "CREATE INDEX api_tokens_user ON api_tokens(user_id)",
            """
            CREATE TABLE signin_throttle (
                key TEXT PRIMARY KEY,
                failures BIGINT NOT NULL,
                window_started_at {timestamp} NOT NULL,
                locked_until {timestamp}
            )
            """,
            """
            CREATE TABLE audit_events (
                id {uuid} PRIMARY KEY,
                chain TEXT NOT NULL,
                seq BIGINT NOT NULL,
                occurred_at_us BIGINT NOT NULL,
                organization_id {uuid},
                actor_user_id {uuid},
                actor_label TEXT NOT NULL,
                action TEXT NOT NULL,
                resource_type TEXT NOT NULL,
                resource_id TEXT,
                participant_id {uuid},
                outcome TEXT NOT NULL,
                request_id TEXT NOT NULL,
                client_address TEXT NOT NULL,
                detail TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX audit_events_chain_seq ON audit_events(chain, seq)",
            "CREATE INDEX audit_events_org_time ON audit_events(organization_id, occurred_at_us)",
            "CREATE INDEX audit_events_actor_time ON audit_events(actor_user_id, occurred_at_us)",
            "CREATE INDEX audit_events_participant_time ON audit_events(participant_id, occurred_at_us)",
            """
            CREATE TABLE audit_heads (
                chain TEXT PRIMARY KEY,
                seq BIGINT NOT NULL,
                hash TEXT NOT NULL
            )
            """,
        ] + dialect.appendOnlyTriggers(table: "audit_events")
    }
}
