import Foundation
import PeerwayCore
import SQLKit

/// Services as stored. The core functions sit twice: as text on the service (read with it) and, once
/// the note is signed, one row each in `service_functions` (counted by the service mix without parsing text).
public enum ServiceRecords {
    public static func insert(_ s: PeerService, on conn: Connection) async throws {
        try await insert([s], on: conn)
    }

    static let columns = [
        "id", "organization_id", "program_id", "person_id", "group_id", "peer_id", "cofacilitator_id", "service_date", "start_minute",
        "duration_minutes", "units", "service_type", "core_functions", "modality", "setting", "language", "note", "person_note", "follow_up",
        "status", "entered_at", "late_entry", "signed_at", "cosign_required", "cosign_pending", "cosigned_by", "cosigned_at",
        "amendment_count", "updated_at", "version",
    ]

    /// A service's value for each of `columns`.
    static func values(_ s: PeerService) -> [any Encodable & Sendable] {
        let c = s.content
        return [s.id, s.organizationID, s.programID, s.personID, s.groupID, s.peerID, c.cofacilitatorID, c.date.description, c.startMinute,
                c.durationMinutes, c.units, c.serviceType, c.coreFunctions.joined(separator: ","), c.modality.rawValue, c.setting.rawValue,
                c.language, c.note, c.personNote, c.followUp, s.status.rawValue, s.enteredAt, s.lateEntry, s.signedAt, s.cosignRequired,
                s.awaitingCosignature, s.cosignedBy, s.cosignedAt, s.amendmentCount, s.updatedAt, s.version]
    }

    /// What no edit, signature or co-signature changes.
    static let unchanging: Set<String> = ["id", "organization_id", "program_id", "person_id", "group_id", "peer_id", "entered_at"]

    /// Services in multi-row INSERTs (30 parameters a row: 500 rows stay far below PostgreSQL's 65,535
    /// a statement), then one `service_functions` row per core function of each.
    public static func insert(_ services: [PeerService], on conn: Connection) async throws {
        try await conn.insert(into: "services", columns, services.map(values), perInsert: 500)
        try await insertFunctions(services, on: conn)
    }

    /// Only signed services have rows: what the mix counts by core function is what `ServiceCounting` counts.
    static func insertFunctions(_ services: [PeerService], on conn: Connection) async throws {
        let rows = services.filter { $0.status == ServiceCounting.counted }.flatMap { s in s.content.coreFunctions.map { [s.id, s.programID, s.content.date.description, $0] as [any Encodable & Sendable] } }
        try await conn.insert(into: "service_functions", ["service_id", "program_id", "service_date", "code"], rows, perInsert: 2000)
    }

    /// Writes a service's new state when its version is still `expectedVersion`; a concurrent change
    /// makes this a conflict rather than a lost update.
    public static func update(_ s: PeerService, expectedVersion: Int, on conn: Connection) async throws -> PeerService {
        var next = s
        next.version = expectedVersion + 1
        let update = conn.sql.update("services")
        for (column, value) in zip(columns, values(next)) where !unchanging.contains(column) { update.set(column, to: value) }
        let rows = try await update.where("id", .equal, s.id).where("version", .equal, expectedVersion).returning("id").all()
        guard !rows.isEmpty else { throw StoreError.conflict }
        try await conn.sql.raw("DELETE FROM service_functions WHERE service_id = \(bind: s.id)").run()
        try await insertFunctions([next], on: conn)
        return next
    }

    public static func delete(_ id: UUID, on conn: Connection) async throws {
        try await conn.sql.raw("DELETE FROM service_functions WHERE service_id = \(bind: id)").run()
        try await conn.sql.raw("DELETE FROM services WHERE id = \(bind: id)").run()
    }

    public static func get(_ id: UUID, on conn: Connection) async throws -> PeerService? {
        try await conn.sql.raw("SELECT * FROM services WHERE id = \(bind: id)\(unsafeRaw: conn.dialect.forUpdate)").all().first.map(decode)
    }

    /// A participant's services, newest first.
    public static func forPerson(_ id: UUID, limit: Int, on conn: Connection) async throws -> [PeerService] {
        try await conn.sql.raw("""
            SELECT * FROM services WHERE person_id = \(bind: id)
            ORDER BY service_date DESC, start_minute DESC LIMIT \(bind: limit)
            """).all().map(decode)
    }

    public static func forGroup(_ id: UUID, on conn: Connection) async throws -> [PeerService] {
        try await conn.sql.raw("SELECT * FROM services WHERE group_id = \(bind: id) ORDER BY id").all().map(decode)
    }

    /// A peer's services in `[from, to]`, in the order they were given.
    public static func byPeer(_ peerID: UUID, from: CalendarDate, to: CalendarDate, on conn: Connection) async throws -> [PeerService] {
        try await conn.sql.raw("""
            SELECT * FROM services WHERE peer_id = \(bind: peerID)
              AND service_date >= \(bind: from.description) AND service_date <= \(bind: to.description)
            ORDER BY service_date, start_minute
            """).all().map(decode)
    }

    /// Per-peer totals for a period, for a peer's or a team's week, by `ServiceCounting`'s rule: one
    /// aggregate per peer over the peer's index range, and their staff minutes (`staffMinutes`).
    public static func totals(peerIDs: [UUID], from: CalendarDate, to: CalendarDate, on conn: Connection) async throws -> [UUID: ServiceWeek.Totals] {
        guard !peerIDs.isEmpty else { return [:] }
        let list = SQLList(peerIDs.map { SQLBind($0) })
        let signed = SQLBind(ServiceCounting.counted.rawValue)
        var result: [UUID: ServiceWeek.Totals] = [:]
        for row in try await conn.sql.raw("""
            SELECT peer_id, SUM(CASE WHEN status = \(signed) THEN 1 ELSE 0 END) AS services,
                   COUNT(DISTINCT CASE WHEN status = \(signed) THEN person_id END) AS participants,
                   SUM(CASE WHEN status = \(signed) THEN units ELSE 0 END) AS units,
                   SUM(CASE WHEN status = \(signed) THEN 0 ELSE 1 END) AS unsigned
            FROM services WHERE peer_id IN (\(list)) AND service_date >= \(bind: from.description) AND service_date <= \(bind: to.description)
            GROUP BY peer_id
            """).all() {
            result[try row.uuid("peer_id")] = ServiceWeek.Totals(
                services: try row.optionalInt("services") ?? 0, participants: try row.int("participants"),
                units: try row.optionalInt("units") ?? 0, unsigned: try row.optionalInt("unsigned") ?? 0)
        }
        for (peer, minutes) in try await staffMinutes(peerIDs: peerIDs, from: from, to: to, on: conn) {
            result[peer, default: ServiceWeek.Totals()].minutes = minutes
        }
        for row in try await conn.sql.raw("""
            SELECT peer_id, COUNT(*) AS events, SUM(people_reached) AS reached FROM outreach_events
            WHERE peer_id IN (\(list)) AND event_date >= \(bind: from.description) AND event_date <= \(bind: to.description)
            GROUP BY peer_id
            """).all() {
            let peer = try row.uuid("peer_id")
            result[peer, default: ServiceWeek.Totals()].outreachEvents = try row.int("events")
            result[peer, default: ServiceWeek.Totals()].peopleReached = try row.optionalInt("reached") ?? 0
        }
        return result
    }

    /// Signed notes by the given peers that wait for a co-signature, oldest first.
    public static func awaitingCosignature(peerIDs: [UUID], limit: Int, on conn: Connection) async throws -> [PeerService] {
        guard !peerIDs.isEmpty else { return [] }
        return try await conn.sql.raw("""
            SELECT * FROM services WHERE cosign_pending = TRUE AND peer_id IN (\(SQLList(peerIDs.map { SQLBind($0) })))
            ORDER BY signed_at LIMIT \(bind: limit)
            """).all().map(decode)
    }

    /// The one-to-one note the peer wrote last (by when it was entered, not by the day of the service, so a
    /// late entry for an earlier day counts): its choices prefill the next form.
    public static func latest(byPeer peerID: UUID, on conn: Connection) async throws -> PeerService? {
        try await conn.sql.raw("""
            SELECT * FROM services WHERE peer_id = \(bind: peerID) AND group_id IS NULL
            ORDER BY entered_at DESC, service_date DESC, start_minute DESC LIMIT 1
            """).all().first.map(decode)
    }

    /// The person's last one-to-one service, whoever gave it (`services_person_date`, read backwards).
    public static func latestOneToOne(forPerson personID: UUID, on conn: Connection) async throws -> PeerService? {
        try await conn.sql.raw("""
            SELECT * FROM services WHERE person_id = \(bind: personID) AND group_id IS NULL
            ORDER BY service_date DESC, start_minute DESC LIMIT 1
            """).all().first.map(decode)
    }

    /// Each staff member's minutes in `[from, to]` (`ServiceCounting.staffMinutes`): every sitting they
    /// gave or co-facilitated counted once, a group's attendees being one sitting.
    static func staffMinutes(peerIDs: [UUID], from: CalendarDate, to: CalendarDate, on conn: Connection) async throws -> [UUID: Int] {
        let list = SQLList(peerIDs.map { SQLBind($0) })
        let period = SQLQueryString("""
            service_date >= \(bind: from.description) AND service_date <= \(bind: to.description) AND status = \(bind: ServiceCounting.counted.rawValue)
            """)
        var minutes: [UUID: Int] = [:]
        for row in try await conn.sql.raw("""
            SELECT staff_id, SUM(minutes) AS minutes FROM (
              SELECT peer_id AS staff_id, MAX(duration_minutes) AS minutes FROM services
              WHERE peer_id IN (\(list)) AND \(period) GROUP BY peer_id, COALESCE(group_id, id)
              UNION ALL
              SELECT cofacilitator_id AS staff_id, MAX(duration_minutes) AS minutes FROM services
              WHERE cofacilitator_id IN (\(list)) AND \(period) GROUP BY cofacilitator_id, COALESCE(group_id, id)
            ) sittings GROUP BY staff_id
            """).all() {
            minutes[try row.uuid("staff_id")] = try row.optionalInt("minutes") ?? 0
        }
        return minutes
    }

    /// Counts for the service mix of a program over `[from, to]`, by `ServiceCounting`'s rule.
    public static func mix(programID: UUID, from: CalendarDate, to: CalendarDate, on conn: Connection) async throws -> ServiceMix {
        let period = SQLQueryString("program_id = \(bind: programID) AND service_date >= \(bind: from.description) AND service_date <= \(bind: to.description)")
        let range = SQLQueryString("\(period) AND status = \(bind: ServiceCounting.counted.rawValue)")
        let totals = try await conn.sql.raw("""
            SELECT SUM(CASE WHEN status = \(bind: ServiceCounting.counted.rawValue) THEN 1 ELSE 0 END) AS services,
                   COUNT(DISTINCT CASE WHEN status = \(bind: ServiceCounting.counted.rawValue) THEN person_id END) AS participants,
                   SUM(CASE WHEN status = \(bind: ServiceCounting.counted.rawValue) THEN units ELSE 0 END) AS units,
                   SUM(CASE WHEN status = \(bind: ServiceCounting.counted.rawValue) THEN 0 ELSE 1 END) AS drafts,
                   SUM(CASE WHEN status = \(bind: ServiceCounting.counted.rawValue) AND group_id IS NULL
                       THEN duration_minutes * (CASE WHEN cofacilitator_id IS NULL THEN 1 ELSE 2 END) ELSE 0 END) AS minutes
            FROM services WHERE \(period)
            """).all().first
        // A group's attendees are one sitting of staff time.
        let groupMinutes = try await conn.sql.raw("""
            SELECT SUM(minutes) AS minutes FROM (
              SELECT MAX(duration_minutes) * (1 + MAX(CASE WHEN cofacilitator_id IS NULL THEN 0 ELSE 1 END)) AS minutes
              FROM services WHERE \(range) AND group_id IS NOT NULL GROUP BY group_id
            ) sittings
            """).all().first?.optionalInt("minutes") ?? 0
        func grouped(_ column: String) async throws -> [String: Int] {
            try await conn.counts("SELECT \(ident: column) AS code, COUNT(*) AS n FROM services WHERE \(range) GROUP BY \(ident: column)")
        }
        // `service_functions` holds signed services only (see `insertFunctions`).
        let functions: [String: Int] = try await conn.counts("SELECT code, COUNT(*) AS n FROM service_functions WHERE \(period) GROUP BY code")
        let outreach = try await conn.sql.raw("""
            SELECT COUNT(*) AS events, SUM(people_reached) AS reached FROM outreach_events
            WHERE program_id = \(bind: programID) AND event_date >= \(bind: from.description) AND event_date <= \(bind: to.description)
            """).all().first
        return ServiceMix(from: from, to: to, services: try totals?.optionalInt("services") ?? 0, participants: try totals?.int("participants") ?? 0,
                          minutes: (try totals?.optionalInt("minutes") ?? 0) + groupMinutes, units: try totals?.optionalInt("units") ?? 0,
                          drafts: try totals?.optionalInt("drafts") ?? 0,
                          byType: try await grouped("service_type"), byCoreFunction: functions, byModality: try await grouped("modality"),
                          bySetting: try await grouped("setting"), outreachEvents: try outreach?.int("events") ?? 0,
                          peopleReached: try outreach?.optionalInt("reached") ?? 0)
    }

    /// One page of a program's signed services in `[from, to]`, in a stable order, after the key of the
    /// last row of the previous page: an export of a year streams without holding it in memory. Drafts
    /// are left out: an unsigned note is not billed.
    public static func page(programID: UUID, from: CalendarDate, to: CalendarDate, after: (String, UUID)?, limit: Int,
                            on conn: Connection) async throws -> [PeerService] {
        let cursor: SQLQueryString = after.map {
            "AND (service_date > \(bind: $0.0) OR (service_date = \(bind: $0.0) AND id > \(bind: $0.1)))"
        } ?? ""
        return try await conn.sql.raw("""
            SELECT * FROM services WHERE program_id = \(bind: programID) AND status = 'signed'
              AND service_date >= \(bind: from.description) AND service_date <= \(bind: to.description) \(cursor)
            ORDER BY service_date, id LIMIT \(bind: limit)
            """).all().map(decode)
    }

    /// Signed services of a program in `[from, to]` (the rows an export writes).
    public static func count(programID: UUID, from: CalendarDate, to: CalendarDate, on conn: Connection) async throws -> Int {
        try await conn.sql.raw("""
            SELECT COUNT(*) AS n FROM services WHERE program_id = \(bind: programID) AND status = 'signed'
              AND service_date >= \(bind: from.description) AND service_date <= \(bind: to.description)
            """).all().first?.int("n") ?? 0
    }

    public static func count(organizationID: UUID, on conn: Connection) async throws -> Int {
        try await conn.sql.raw("SELECT COUNT(*) AS n FROM services WHERE organization_id = \(bind: organizationID)").all().first?.int("n") ?? 0
    }

    static func decode(_ row: any SQLRow) throws -> PeerService {
        let content = ServiceContent(
            date: CalendarDate(try row.string("service_date")) ?? CalendarDate(year: 1970, month: 1, day: 1)!,
            startMinute: try row.int("start_minute"), durationMinutes: try row.int("duration_minutes"),
            serviceType: try row.string("service_type"),
            coreFunctions: try row.string("core_functions").split(separator: ",").map(String.init),
            modality: ServiceModality(rawValue: try row.string("modality")) ?? .inPerson,
            setting: ServiceSetting(rawValue: try row.string("setting")) ?? .other,
            language: try row.string("language"), note: try row.string("note"), personNote: try row.string("person_note"),
            followUp: try row.string("follow_up"), cofacilitatorID: try row.optionalUUID("cofacilitator_id"))
        return PeerService(
            id: try row.uuid("id"), organizationID: try row.uuid("organization_id"), programID: try row.uuid("program_id"),
            personID: try row.uuid("person_id"), groupID: try row.optionalUUID("group_id"), peerID: try row.uuid("peer_id"),
            content: content, status: ServiceStatus(rawValue: try row.string("status")) ?? .draft, enteredAt: try row.date("entered_at"),
            lateEntry: try row.bool("late_entry"), signedAt: try row.optionalDate("signed_at"), cosignRequired: try row.bool("cosign_required"),
            cosignedBy: try row.optionalUUID("cosigned_by"), cosignedAt: try row.optionalDate("cosigned_at"),
            amendmentCount: try row.int("amendment_count"), updatedAt: try row.date("updated_at"), version: try row.int("version"))
    }
}

public enum AmendmentRecords {
    public static func insert(_ a: ServiceAmendment, on conn: Connection) async throws {
        let before = try StoredJSON.text(a.before), after = try StoredJSON.text(a.after)
        try await conn.sql.raw("""
            INSERT INTO service_amendments (id, service_id, amended_by, amended_at, reason, before_content, after_content)
            VALUES (\(bind: a.id), \(bind: a.serviceID), \(bind: a.amendedBy), \(bind: a.amendedAt), \(bind: a.reason), \(bind: before), \(bind: after))
            """).run()
    }

    /// Amendments of a service, oldest first: the first one's `before` is the note as originally signed.
    public static func forService(_ id: UUID, on conn: Connection) async throws -> [ServiceAmendment] {
        try await conn.sql.raw("SELECT * FROM service_amendments WHERE service_id = \(bind: id) ORDER BY amended_at, id").all().map { row in
            ServiceAmendment(
                id: try row.uuid("id"), serviceID: try row.uuid("service_id"), amendedBy: try row.uuid("amended_by"),
                amendedAt: try row.date("amended_at"), reason: try row.string("reason"),
                before: try StoredJSON.decode(ServiceContent.self, try row.string("before_content")),
                after: try StoredJSON.decode(ServiceContent.self, try row.string("after_content")))
        }
    }
}

public enum OutreachRecords {
    public static func insert(_ e: OutreachEvent, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO outreach_events (id, organization_id, program_id, peer_id, kind, event_date, start_minute, duration_minutes, setting,
                people_reached, audience, note, entered_at)
            VALUES (\(bind: e.id), \(bind: e.organizationID), \(bind: e.programID), \(bind: e.peerID), \(bind: e.kind.rawValue),
                \(bind: e.date.description), \(bind: e.startMinute), \(bind: e.durationMinutes), \(bind: e.setting.rawValue),
                \(bind: e.peopleReached), \(bind: e.audience), \(bind: e.note), \(bind: e.enteredAt))
            """).run()
    }

    public static func byPeer(_ peerID: UUID, from: CalendarDate, to: CalendarDate, on conn: Connection) async throws -> [OutreachEvent] {
        try await conn.sql.raw("""
            SELECT * FROM outreach_events WHERE peer_id = \(bind: peerID)
              AND event_date >= \(bind: from.description) AND event_date <= \(bind: to.description)
            ORDER BY event_date, start_minute
            """).all().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> OutreachEvent {
        OutreachEvent(
            id: try row.uuid("id"), organizationID: try row.uuid("organization_id"), programID: try row.uuid("program_id"),
            peerID: try row.uuid("peer_id"), kind: OutreachKind(rawValue: try row.string("kind")) ?? .assertiveOutreach,
            date: CalendarDate(try row.string("event_date")) ?? CalendarDate(year: 1970, month: 1, day: 1)!,
            startMinute: try row.int("start_minute"), durationMinutes: try row.int("duration_minutes"),
            setting: ServiceSetting(rawValue: try row.string("setting")) ?? .other, peopleReached: try row.int("people_reached"),
            audience: try row.string("audience"), note: try row.string("note"), enteredAt: try row.date("entered_at"))
    }
}

/// A program's own catalogue entries and whether its notes need a supervisor's co-signature.
public enum ServiceSettingsRecords {
    public static func catalog(programID: UUID, on conn: Connection) async throws -> ServiceCatalog {
        let rows = try await conn.sql.raw("""
            SELECT kind, code, label FROM service_catalog_entries WHERE program_id = \(bind: programID) ORDER BY created_at, code
            """).all()
        return ServiceCatalog(programEntries: try rows.compactMap { row in
            guard let kind = ServiceCatalog.Kind(rawValue: try row.string("kind")) else { return nil }
            return ServiceCatalog.Entry(kind: kind, code: try row.string("code"), label: try row.string("label"))
        })
    }

    public static func addEntry(_ entry: ServiceCatalog.Entry, programID: UUID, by userID: UUID, at now: Date, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO service_catalog_entries (program_id, kind, code, label, created_by, created_at)
            VALUES (\(bind: programID), \(bind: entry.kind.rawValue), \(bind: entry.code), \(bind: entry.label ?? entry.code), \(bind: userID), \(bind: now))
            """).run()
    }

    public static func requiresCosignature(programID: UUID, on conn: Connection) async throws -> Bool {
        try await conn.sql.raw("SELECT requires_cosignature FROM program_service_settings WHERE program_id = \(bind: programID)")
            .all().first?.bool("requires_cosignature") ?? false
    }

    public static func setRequiresCosignature(_ value: Bool, programID: UUID, at now: Date, on conn: Connection) async throws {
        try await conn.sql.raw("DELETE FROM program_service_settings WHERE program_id = \(bind: programID)").run()
        try await conn.sql.raw("""
            INSERT INTO program_service_settings (program_id, requires_cosignature, updated_at) VALUES (\(bind: programID), \(bind: value), \(bind: now))
            """).run()
    }
}

public enum GroupSessionRecords {
    public static func insert(id: UUID, organizationID: UUID, programID: UUID, peerID: UUID, content: ServiceContent, attendees: Int,
                              at now: Date, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO group_sessions (id, organization_id, program_id, peer_id, service_date, start_minute, duration_minutes, service_type,
                note, attendee_count, created_at)
            VALUES (\(bind: id), \(bind: organizationID), \(bind: programID), \(bind: peerID), \(bind: content.date.description),
                \(bind: content.startMinute), \(bind: content.durationMinutes), \(bind: content.serviceType), \(bind: content.note),
                \(bind: attendees), \(bind: now))
            """).run()
    }
}
