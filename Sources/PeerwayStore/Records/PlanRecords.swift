import Foundation
import PeerwayCore
import SQLKit

/// Plans as stored: each version a row with its content as JSON; progress, the goals services worked
/// on and programs' own domains beside them.
public enum PlanRecords {
    static func contentText(_ content: PlanContent) throws -> String {
        switch content {
        case .recovery(let c): try StoredJSON.text(c)
        case .crisis(let c): try StoredJSON.text(c)
        }
    }

    public static func insert(_ p: PlanVersion, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO plans (id, organization_id, program_id, person_id, episode_id, kind, number, status, content, created_by, created_at,
                updated_at, agreed_method, agreed_on, agreed_recorded_by, agreed_note, previous_id, version)
            VALUES (\(bind: p.id), \(bind: p.organizationID), \(bind: p.programID), \(bind: p.personID), \(bind: p.episodeID), \(bind: p.kind.rawValue),
                \(bind: p.number), \(bind: p.status.rawValue), \(bind: try contentText(p.content)), \(bind: p.createdBy), \(bind: p.createdAt),
                \(bind: p.updatedAt), \(bind: p.agreement?.method.rawValue), \(bind: p.agreement?.on.description), \(bind: p.agreement?.recordedBy),
                \(bind: p.agreement?.note), \(bind: p.previousID), \(bind: p.rowVersion))
            """).run()
    }

    /// Writes a version's status, content and agreement when its row version is still the one read.
    public static func update(_ p: PlanVersion, expectedVersion: Int, on conn: Connection) async throws {
        try await conn.updateVersioned("""
            UPDATE plans SET status = \(bind: p.status.rawValue), content = \(bind: try contentText(p.content)), updated_at = \(bind: p.updatedAt),
                agreed_method = \(bind: p.agreement?.method.rawValue), agreed_on = \(bind: p.agreement?.on.description),
                agreed_recorded_by = \(bind: p.agreement?.recordedBy), agreed_note = \(bind: p.agreement?.note), version = \(bind: p.rowVersion)
            WHERE id = \(bind: p.id) AND version = \(bind: expectedVersion)
            RETURNING id
            """)
    }

    /// Marks the agreed versions of an episode's plan of this kind superseded (before a new one is agreed).
    public static func supersede(episodeID: UUID, kind: PlanKind, now: Date, on conn: Connection) async throws {
        try await conn.sql.raw("""
            UPDATE plans SET status = 'superseded', updated_at = \(bind: now), version = version + 1
            WHERE episode_id = \(bind: episodeID) AND kind = \(bind: kind.rawValue) AND status = 'agreed'
            """).run()
    }

    public static func get(_ id: UUID, on conn: Connection) async throws -> PlanVersion? {
        try await conn.sql.raw("SELECT * FROM plans WHERE id = \(bind: id)\(unsafeRaw: conn.dialect.forUpdate)").all().first.map(decode)
    }

    /// Every version of a person's plans, newest first within each kind.
    public static func forPerson(_ id: UUID, on conn: Connection) async throws -> [PlanVersion] {
        try await conn.sql.raw("SELECT * FROM plans WHERE person_id = \(bind: id) ORDER BY kind, created_at DESC, number DESC").all().map(decode)
    }

    /// The versions of one episode's plan of a kind, newest first.
    public static func versions(episodeID: UUID, kind: PlanKind, on conn: Connection) async throws -> [PlanVersion] {
        try await conn.sql.raw("""
            SELECT * FROM plans WHERE episode_id = \(bind: episodeID) AND kind = \(bind: kind.rawValue) ORDER BY number DESC
            """).all().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> PlanVersion {
        let kind = try PlanKind.stored(try row.string("kind"))
        let text = try row.string("content")
        let content: PlanContent = kind == .recovery ? .recovery(try StoredJSON.decode(RecoveryPlanContent.self, text))
            : .crisis(try StoredJSON.decode(CrisisPlanContent.self, text))
        var agreement: PlanAgreement?
        if let method = try row.optionalString("agreed_method"), let on = try row.optionalString("agreed_on").flatMap(CalendarDate.init),
           let by = try row.optionalUUID("agreed_recorded_by") {
            agreement = PlanAgreement(method: try AgreementMethod.stored(method), on: on, recordedBy: by, note: try row.optionalString("agreed_note") ?? "")
        }
        return PlanVersion(id: try row.uuid("id"), kind: kind, organizationID: try row.uuid("organization_id"), programID: try row.uuid("program_id"),
                           personID: try row.uuid("person_id"), episodeID: try row.uuid("episode_id"), number: try row.int("number"),
                           status: try PlanStatus.stored(try row.string("status")), content: content, createdBy: try row.uuid("created_by"),
                           createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"), agreement: agreement,
                           previousID: try row.optionalUUID("previous_id"), rowVersion: try row.int("version"))
    }

    // MARK: - Progress

    public static func insert(_ p: GoalProgress, organizationID: UUID, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO plan_progress (id, organization_id, person_id, goal_id, step_done, status, note, written_on, written_by, created_at)
            VALUES (\(bind: p.id), \(bind: organizationID), \(bind: p.personID), \(bind: p.goalID), \(bind: p.stepDone), \(bind: p.status?.rawValue),
                \(bind: p.note), \(bind: p.writtenOn.description), \(bind: p.writtenBy), \(bind: p.createdAt))
            """).run()
    }

    public static func progress(personID: UUID, on conn: Connection) async throws -> [GoalProgress] {
        try await conn.sql.raw("SELECT * FROM plan_progress WHERE person_id = \(bind: personID) ORDER BY written_on, created_at").all().map { row in
            GoalProgress(id: try row.uuid("id"), personID: try row.uuid("person_id"), goalID: try row.uuid("goal_id"),
                         stepDone: try row.optionalUUID("step_done"), status: try row.optionalString("status").map(GoalStatus.stored),
                         note: try row.string("note"), writtenOn: try InstrumentRecords.day(try row.string("written_on")),
                         writtenBy: try row.uuid("written_by"), createdAt: try row.date("created_at"))
        }
    }

    // MARK: - Goals a service worked on

    /// Replaces the goals a service names.
    public static func setGoals(serviceID: UUID, personID: UUID, goalIDs: [UUID], on conn: Connection) async throws {
        try await conn.sql.raw("DELETE FROM service_goals WHERE service_id = \(bind: serviceID)").run()
        guard !goalIDs.isEmpty else { return }
        try await conn.insert(into: "service_goals", ["service_id", "goal_id", "person_id"], goalIDs.map { [serviceID, $0, personID] }, perInsert: 100)
    }

    public static func goals(serviceID: UUID, on conn: Connection) async throws -> [UUID] {
        try await conn.sql.raw("SELECT goal_id FROM service_goals WHERE service_id = \(bind: serviceID)").all().map { try $0.uuid("goal_id") }
    }

    /// Per goal of a person, the services that worked on it.
    public static func services(personID: UUID, on conn: Connection) async throws -> [UUID: [UUID]] {
        var out: [UUID: [UUID]] = [:]
        for row in try await conn.sql.raw("SELECT goal_id, service_id FROM service_goals WHERE person_id = \(bind: personID)").all() {
            out[try row.uuid("goal_id"), default: []].append(try row.uuid("service_id"))
        }
        return out
    }

    // MARK: - A program's own domains

    public static func domains(programID: UUID, on conn: Connection) async throws -> PlanDomains {
        PlanDomains(own: try await conn.sql.raw("""
            SELECT code, label FROM program_plan_domains WHERE program_id = \(bind: programID) ORDER BY created_at, code
            """).all().map { PlanDomains.Own(code: try $0.string("code"), label: try $0.string("label")) })
    }

    public static func addDomain(_ d: PlanDomains.Own, programID: UUID, now: Date, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO program_plan_domains (program_id, code, label, created_at) VALUES (\(bind: programID), \(bind: d.code), \(bind: d.label), \(bind: now))
            """).run()
    }
}
