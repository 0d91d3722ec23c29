/// The peer workforce: the pairing profile becomes the workforce profile (one row per staff member,
/// renamed, with the discipline, credential and sharing consent beside the background), certification
/// steps and continuing education as dated facts the status is computed from, trainings and their
/// catalogue, supervision sessions with their attendees, wellness check-ins, career steps, and each
/// organization's certification rules and supervision expectation.
enum Migration013Workforce {
    static let migration = Migration(version: 13, name: "workforce") { _ in
        [
            // Seed 003's kinds of provider (peer-run, recovery community, family-run) beside the county/provider tree.
            "ALTER TABLE organizations ADD COLUMN provider_type TEXT NOT NULL DEFAULT 'provider'",
            "ALTER TABLE peer_profiles RENAME TO workforce_profiles",
            "ALTER TABLE workforce_profiles ADD COLUMN details TEXT NOT NULL DEFAULT '{}'",
            // Backgrounds entered before consent was asked were entered for pairing, which supervisors
            // read: they stay shared, and the person can withdraw it on their profile.
            """
            UPDATE workforce_profiles SET details = '{"shared":["cultural_communities","gender_identity","lived_experience"]}'
            """,
            """
            CREATE TABLE certification_events (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                user_id {uuid} NOT NULL REFERENCES users(id),
                step TEXT NOT NULL,
                occurred_on TEXT NOT NULL,
                reference TEXT NOT NULL,
                recorded_by {uuid} NOT NULL REFERENCES users(id),
                recorded_at {timestamp} NOT NULL
            )
            """,
            "CREATE INDEX certification_events_user ON certification_events(user_id, occurred_on)",
            "CREATE INDEX certification_events_org ON certification_events(organization_id, user_id)",
            """
            CREATE TABLE continuing_education (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                user_id {uuid} NOT NULL REFERENCES users(id),
                taken_on TEXT NOT NULL,
                minutes INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
                category TEXT NOT NULL,
                title TEXT NOT NULL,
                provider TEXT NOT NULL,
                recorded_by {uuid} NOT NULL REFERENCES users(id),
                recorded_at {timestamp} NOT NULL
            )
            """,
            "CREATE INDEX continuing_education_user ON continuing_education(user_id, taken_on)",
            "CREATE INDEX continuing_education_org ON continuing_education(organization_id, user_id)",
            """
            CREATE TABLE training_courses (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                title TEXT NOT NULL,
                topics TEXT NOT NULL,
                minutes INTEGER,
                created_at {timestamp} NOT NULL
            )
            """,
            "CREATE INDEX training_courses_org ON training_courses(organization_id, title)",
            """
            CREATE TABLE training_completions (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                user_id {uuid} NOT NULL REFERENCES users(id),
                course_id {uuid} REFERENCES training_courses(id),
                title TEXT NOT NULL,
                topics TEXT NOT NULL,
                completed_on TEXT NOT NULL,
                minutes INTEGER NOT NULL,
                evidence TEXT NOT NULL,
                recorded_by {uuid} NOT NULL REFERENCES users(id),
                recorded_at {timestamp} NOT NULL
            )
            """,
            "CREATE INDEX training_completions_user ON training_completions(user_id, completed_on)",
            """
            CREATE TABLE supervision_sessions (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                supervisor_id {uuid} NOT NULL REFERENCES users(id),
                held_on TEXT NOT NULL,
                minutes INTEGER NOT NULL,
                format TEXT NOT NULL,
                topics TEXT NOT NULL,
                note TEXT NOT NULL,
                recorded_by {uuid} NOT NULL REFERENCES users(id),
                recorded_at {timestamp} NOT NULL
            )
            """,
            "CREATE INDEX supervision_sessions_supervisor ON supervision_sessions(supervisor_id, held_on)",
            """
            CREATE TABLE supervision_attendees (
                session_id {uuid} NOT NULL REFERENCES supervision_sessions(id),
                user_id {uuid} NOT NULL REFERENCES users(id),
                held_on TEXT NOT NULL,
                PRIMARY KEY (session_id, user_id)
            )
            """,
            "CREATE INDEX supervision_attendees_user ON supervision_attendees(user_id, held_on)",
            """
            CREATE TABLE wellness_check_ins (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                user_id {uuid} NOT NULL REFERENCES users(id),
                given_on TEXT NOT NULL,
                satisfaction INTEGER NOT NULL,
                burnout INTEGER NOT NULL,
                supported INTEGER NOT NULL,
                note TEXT NOT NULL,
                recorded_at {timestamp} NOT NULL
            )
            """,
            "CREATE INDEX wellness_check_ins_user ON wellness_check_ins(user_id, given_on)",
            "CREATE INDEX wellness_check_ins_org ON wellness_check_ins(organization_id, given_on)",
            """
            CREATE TABLE career_steps (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                user_id {uuid} NOT NULL REFERENCES users(id),
                role TEXT NOT NULL,
                started_on TEXT NOT NULL,
                recorded_by {uuid} NOT NULL REFERENCES users(id),
                recorded_at {timestamp} NOT NULL
            )
            """,
            "CREATE INDEX career_steps_user ON career_steps(user_id, started_on)",
            "CREATE INDEX career_steps_org ON career_steps(organization_id)",
            """
            CREATE TABLE workforce_settings (
                organization_id {uuid} PRIMARY KEY REFERENCES organizations(id),
                certification_rules TEXT NOT NULL,
                supervision_minutes INTEGER NOT NULL,
                updated_at {timestamp} NOT NULL
            )
            """,
        ]
    }
}
