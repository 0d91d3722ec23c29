/// Recovery and crisis plans: every version kept (one draft at a time per episode and kind, enforced by
/// a partial unique index), progress on goals outside the versions, the goals a service worked on,
/// and each program's own life domains.
enum Migration012Plans {
    static let migration = Migration(version: 12, name: "plans") { _ in
        [
            """
            CREATE TABLE plans (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                program_id {uuid} NOT NULL REFERENCES programs(id),
                person_id {uuid} NOT NULL REFERENCES persons(id),
                episode_id {uuid} NOT NULL REFERENCES episodes(id),
                kind TEXT NOT NULL,
                number INTEGER NOT NULL,
                status TEXT NOT NULL,
                content TEXT NOT NULL,
                created_by {uuid} NOT NULL REFERENCES users(id),
                created_at {timestamp} NOT NULL,
                updated_at {timestamp} NOT NULL,
                agreed_method TEXT,
                agreed_on TEXT,
                agreed_recorded_by {uuid} REFERENCES users(id),
                agreed_note TEXT,
                previous_id {uuid} REFERENCES plans(id),
                version INTEGER NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX plans_number ON plans(episode_id, kind, number)",
            "CREATE UNIQUE INDEX plans_one_draft ON plans(episode_id, kind) WHERE status = 'draft'",
            "CREATE INDEX plans_person ON plans(person_id, kind, number)",
            """
            CREATE TABLE plan_progress (
                id {uuid} PRIMARY KEY,
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                person_id {uuid} NOT NULL REFERENCES persons(id),
                goal_id {uuid} NOT NULL,
                step_done {uuid},
                status TEXT,
                note TEXT NOT NULL,
                written_on TEXT NOT NULL,
                written_by {uuid} NOT NULL REFERENCES users(id),
                created_at {timestamp} NOT NULL
            )
            """,
            "CREATE INDEX plan_progress_person ON plan_progress(person_id, goal_id, written_on)",
            """
            CREATE TABLE service_goals (
                service_id {uuid} NOT NULL REFERENCES services(id),
                goal_id {uuid} NOT NULL,
                person_id {uuid} NOT NULL REFERENCES persons(id),
                PRIMARY KEY (service_id, goal_id)
            )
            """,
            "CREATE INDEX service_goals_goal ON service_goals(person_id, goal_id)",
            """
            CREATE TABLE program_plan_domains (
                program_id {uuid} NOT NULL REFERENCES programs(id),
                code TEXT NOT NULL,
                label TEXT NOT NULL,
                created_at {timestamp} NOT NULL,
                PRIMARY KEY (program_id, code)
            )
            """,
        ]
    }
}
