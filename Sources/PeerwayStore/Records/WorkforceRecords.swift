import Foundation
import PeerwayCore
import SQLKit

/// Certification steps, continuing education, trainings, supervision, wellness, career and settings as
/// stored: each a dated fact; statuses and totals are computed in Core from them, never stored.
public enum WorkforceRecords {
    // MARK: Certification

    public static func insert(_ e: CertificationEvent, organizationID: UUID, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO certification_events (id, organization_id, user_id, step, occurred_on, reference, recorded_by, recorded_at)
            VALUES (\(bind: e.id), \(bind: organizationID), \(bind: e.userID), \(bind: e.step.rawValue), \(bind: e.on.description),
                \(bind: e.reference), \(bind: e.recordedBy), \(bind: e.recordedAt))
            """).run()
    }

    static func certificationEvent(_ row: any SQLRow) throws -> CertificationEvent {
        CertificationEvent(id: try row.uuid("id"), userID: try row.uuid("user_id"), step: try .stored(try row.string("step")),
                           on: try InstrumentRecords.day(try row.string("occurred_on")), reference: try row.string("reference"),
                           recordedBy: try row.uuid("recorded_by"), recordedAt: try row.date("recorded_at"))
    }

    public static func certificationEvents(userIDs: [UUID], on conn: Connection) async throws -> [CertificationEvent] {
        guard !userIDs.isEmpty else { return [] }
        return try await conn.sql.select().column("*").from("certification_events").where("user_id", .in, userIDs)
            .orderBy("occurred_on").orderBy("recorded_at").all().map(certificationEvent)
    }

    public static func certificationEvents(organizationID: UUID, on conn: Connection) async throws -> [CertificationEvent] {
        try await conn.sql.select().column("*").from("certification_events").where("organization_id", .equal, organizationID)
            .orderBy("occurred_on").orderBy("recorded_at").all().map(certificationEvent)
    }

    // MARK: Continuing education

    public static func insert(_ e: CEEntry, organizationID: UUID, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO continuing_education (id, organization_id, user_id, taken_on, minutes, category, title, provider, recorded_by, recorded_at)
            VALUES (\(bind: e.id), \(bind: organizationID), \(bind: e.userID), \(bind: e.takenOn.description), \(bind: e.minutes),
                \(bind: e.category.rawValue), \(bind: e.title), \(bind: e.provider), \(bind: e.recordedBy), \(bind: e.recordedAt))
            """).run()
    }

    static func ceEntry(_ row: any SQLRow) throws -> CEEntry {
        CEEntry(id: try row.uuid("id"), userID: try row.uuid("user_id"), takenOn: try InstrumentRecords.day(try row.string("taken_on")),
                minutes: try row.int("minutes"), category: try .stored(try row.string("category")), title: try row.string("title"),
                provider: try row.string("provider"), recordedBy: try row.uuid("recorded_by"), recordedAt: try row.date("recorded_at"))
    }

    public static func continuingEducation(userIDs: [UUID], on conn: Connection) async throws -> [CEEntry] {
        guard !userIDs.isEmpty else { return [] }
        return try await conn.sql.select().column("*").from("continuing_education").where("user_id", .in, userIDs)
            .orderBy("taken_on").orderBy("recorded_at").all().map(ceEntry)
    }

    public static func continuingEducation(organizationID: UUID, on conn: Connection) async throws -> [CEEntry] {
        try await conn.sql.select().column("*").from("continuing_education").where("organization_id", .equal, organizationID)
            .orderBy("taken_on").orderBy("recorded_at").all().map(ceEntry)
    }

    // MARK: Trainings

    public static func insert(_ c: TrainingCourse, now: Date, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO training_courses (id, organization_id, title, topics, minutes, created_at)
            VALUES (\(bind: c.id), \(bind: c.organizationID), \(bind: c.title), \(bind: try StoredJSON.text(c.topics.map(\.rawValue).sorted())),
                \(bind: c.minutes), \(bind: now))
            """).run()
    }

    public static func courses(organizationID: UUID, on conn: Connection) async throws -> [TrainingCourse] {
        try await conn.sql.select().column("*").from("training_courses").where("organization_id", .equal, organizationID)
            .orderBy("title").all().map { row in
                TrainingCourse(id: try row.uuid("id"), organizationID: try row.uuid("organization_id"), title: try row.string("title"),
                               topics: try topics(try row.string("topics")), minutes: try row.optionalInt("minutes"))
            }
    }

    static func topics(_ text: String) throws -> Set<TrainingTopic> {
        Set(try StoredJSON.decode([String].self, text).map { try TrainingTopic.stored($0) })
    }

    public static func insert(_ c: TrainingCompletion, organizationID: UUID, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO training_completions (id, organization_id, user_id, course_id, title, topics, completed_on, minutes, evidence, recorded_by, recorded_at)
            VALUES (\(bind: c.id), \(bind: organizationID), \(bind: c.userID), \(bind: c.courseID), \(bind: c.title),
                \(bind: try StoredJSON.text(c.topics.map(\.rawValue).sorted())), \(bind: c.completedOn.description), \(bind: c.minutes),
                \(bind: c.evidence), \(bind: c.recordedBy), \(bind: c.recordedAt))
            """).run()
    }

    public static func completions(userIDs: [UUID], on conn: Connection) async throws -> [TrainingCompletion] {
        guard !userIDs.isEmpty else { return [] }
        return try await conn.sql.select().column("*").from("training_completions").where("user_id", .in, userIDs)
            .orderBy("completed_on").orderBy("recorded_at").all().map { row in
                TrainingCompletion(id: try row.uuid("id"), userID: try row.uuid("user_id"), courseID: try row.optionalUUID("course_id"),
                                   title: try row.string("title"), topics: try topics(try row.string("topics")),
                                   completedOn: try InstrumentRecords.day(try row.string("completed_on")), minutes: try row.int("minutes"),
                                   evidence: try row.string("evidence"), recordedBy: try row.uuid("recorded_by"), recordedAt: try row.date("recorded_at"))
            }
    }

    // MARK: Supervision

    public static func insert(_ s: SupervisionSession, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO supervision_sessions (id, organization_id, supervisor_id, held_on, minutes, format, topics, note, recorded_by, recorded_at)
            VALUES (\(bind: s.id), \(bind: s.organizationID), \(bind: s.supervisorID), \(bind: s.heldOn.description), \(bind: s.minutes),
                \(bind: s.format.rawValue), \(bind: try StoredJSON.text(s.topics.map(\.rawValue).sorted())), \(bind: s.note),
                \(bind: s.recordedBy), \(bind: s.recordedAt))
            """).run()
        for peer in s.peerIDs {
            try await conn.sql.raw("""
                INSERT INTO supervision_attendees (session_id, user_id, held_on) VALUES (\(bind: s.id), \(bind: peer), \(bind: s.heldOn.description))
                """).run()
        }
    }

    /// Sessions any of `peerIDs` attended from `from` on (every attendee of each, not only those asked about).
    public static func sessions(attendedBy peerIDs: [UUID], from: CalendarDate, on conn: Connection) async throws -> [SupervisionSession] {
        guard !peerIDs.isEmpty else { return [] }
        let ids = try await conn.sql.select().distinct().column("session_id").from("supervision_attendees")
            .where("user_id", .in, peerIDs).where("held_on", .greaterThanOrEqual, from.description).all().map { try $0.uuid("session_id") }
        return try await sessions(ids: ids, on: conn)
    }

    public static func sessions(supervisorID: UUID, from: CalendarDate, on conn: Connection) async throws -> [SupervisionSession] {
        let ids = try await conn.sql.select().column("id").from("supervision_sessions").where("supervisor_id", .equal, supervisorID)
            .where("held_on", .greaterThanOrEqual, from.description).all().map { try $0.uuid("id") }
        return try await sessions(ids: ids, on: conn)
    }

    static func sessions(ids: [UUID], on conn: Connection) async throws -> [SupervisionSession] {
        guard !ids.isEmpty else { return [] }
        var attendees: [UUID: [UUID]] = [:]
        for row in try await conn.sql.select().column("session_id").column("user_id").from("supervision_attendees")
            .where("session_id", .in, ids).all() {
            attendees[try row.uuid("session_id"), default: []].append(try row.uuid("user_id"))
        }
        return try await conn.sql.select().column("*").from("supervision_sessions").where("id", .in, ids)
            .orderBy("held_on", .descending).orderBy("recorded_at", .descending).all().map { row in
                let id = try row.uuid("id")
                return SupervisionSession(
                    id: id, organizationID: try row.uuid("organization_id"), supervisorID: try row.uuid("supervisor_id"),
                    heldOn: try InstrumentRecords.day(try row.string("held_on")), minutes: try row.int("minutes"),
                    format: try .stored(try row.string("format")), peerIDs: (attendees[id] ?? []).sorted { $0.uuidString < $1.uuidString },
                    topics: Set(try StoredJSON.decode([String].self, try row.string("topics")).map { try SupervisionTopic.stored($0) }),
                    note: try row.string("note"), recordedBy: try row.uuid("recorded_by"), recordedAt: try row.date("recorded_at"))
            }
    }

    // MARK: Wellness

    public static func insert(_ c: WellnessCheckIn, organizationID: UUID, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO wellness_check_ins (id, organization_id, user_id, given_on, satisfaction, burnout, supported, note, recorded_at)
            VALUES (\(bind: c.id), \(bind: organizationID), \(bind: c.userID), \(bind: c.givenOn.description), \(bind: c.satisfaction),
                \(bind: c.burnout), \(bind: c.supported), \(bind: c.note), \(bind: c.recordedAt))
            """).run()
    }

    static func checkIn(_ row: any SQLRow) throws -> WellnessCheckIn {
        WellnessCheckIn(id: try row.uuid("id"), userID: try row.uuid("user_id"), givenOn: try InstrumentRecords.day(try row.string("given_on")),
                        satisfaction: try row.int("satisfaction"), burnout: try row.int("burnout"), supported: try row.int("supported"),
                        note: try row.string("note"), recordedAt: try row.date("recorded_at"))
    }

    public static func checkIns(userIDs: [UUID], on conn: Connection) async throws -> [WellnessCheckIn] {
        guard !userIDs.isEmpty else { return [] }
        return try await conn.sql.select().column("*").from("wellness_check_ins").where("user_id", .in, userIDs)
            .orderBy("given_on", .descending).orderBy("recorded_at", .descending).all().map(checkIn)
    }

    /// Check-ins of an organization given in a period, without their notes: what a summary counts.
    public static func checkIns(organizationID: UUID, from: CalendarDate, through: CalendarDate, on conn: Connection) async throws -> [WellnessCheckIn] {
        try await conn.sql.raw("""
            SELECT id, user_id, given_on, satisfaction, burnout, supported, '' AS note, recorded_at FROM wellness_check_ins
            WHERE organization_id = \(bind: organizationID) AND given_on >= \(bind: from.description) AND given_on <= \(bind: through.description)
            """).all().map(checkIn)
    }

    // MARK: Career

    public static func insert(_ s: CareerStep, organizationID: UUID, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO career_steps (id, organization_id, user_id, role, started_on, recorded_by, recorded_at)
            VALUES (\(bind: s.id), \(bind: organizationID), \(bind: s.userID), \(bind: s.role.rawValue), \(bind: s.startedOn.description),
                \(bind: s.recordedBy), \(bind: s.recordedAt))
            """).run()
    }

    static func careerStep(_ row: any SQLRow) throws -> CareerStep {
        CareerStep(id: try row.uuid("id"), userID: try row.uuid("user_id"), role: try .stored(try row.string("role")),
                   startedOn: try InstrumentRecords.day(try row.string("started_on")), recordedBy: try row.uuid("recorded_by"),
                   recordedAt: try row.date("recorded_at"))
    }

    public static func careerSteps(userIDs: [UUID], on conn: Connection) async throws -> [CareerStep] {
        guard !userIDs.isEmpty else { return [] }
        return try await conn.sql.select().column("*").from("career_steps").where("user_id", .in, userIDs)
            .orderBy("started_on").orderBy("recorded_at").all().map(careerStep)
    }

    public static func careerSteps(organizationID: UUID, on conn: Connection) async throws -> [CareerStep] {
        try await conn.sql.select().column("*").from("career_steps").where("organization_id", .equal, organizationID)
            .orderBy("started_on").orderBy("recorded_at").all().map(careerStep)
    }

    // MARK: Settings

    public static func settings(organizationID: UUID, on conn: Connection) async throws -> WorkforceSettings {
        guard let row = try await conn.sql.select().column("*").from("workforce_settings").where("organization_id", .equal, organizationID)
            .all().first else { return WorkforceSettings() }
        return WorkforceSettings(certificationRules: try StoredJSON.decode(CertificationRuleSet.self, try row.string("certification_rules")),
                                 supervisionMinutesPerMonth: try row.int("supervision_minutes"))
    }

    public static func save(_ settings: WorkforceSettings, organizationID: UUID, now: Date, on conn: Connection) async throws {
        let rules = try StoredJSON.text(settings.certificationRules)
        try await conn.sql.raw("""
            INSERT INTO workforce_settings (organization_id, certification_rules, supervision_minutes, updated_at)
            VALUES (\(bind: organizationID), \(bind: rules), \(bind: settings.supervisionMinutesPerMonth), \(bind: now))
            ON CONFLICT (organization_id) DO UPDATE SET certification_rules = \(bind: rules),
                supervision_minutes = \(bind: settings.supervisionMinutesPerMonth), updated_at = \(bind: now)
            """).run()
    }
}

extension WorkforceRecords {
    /// Participants with an open episode in the organization, by preferred language: what the
    /// workforce's languages are compared with. Counted by the database from the stored details.
    public static func participantLanguages(organizationID: UUID, on conn: Connection) async throws -> [String: Int] {
        let language = conn.dialect == .postgres ? "(p.details::json ->> 'preferredLanguage')" : "json_extract(p.details, '$.preferredLanguage')"
        return try await conn.counts("""
            SELECT COALESCE(\(unsafeRaw: language), 'en') AS code, COUNT(DISTINCT p.id) AS n FROM persons p
            JOIN episodes e ON e.person_id = p.id AND e.discharged_on IS NULL
            WHERE p.organization_id = \(bind: organizationID) GROUP BY 1
            """)
    }
}
