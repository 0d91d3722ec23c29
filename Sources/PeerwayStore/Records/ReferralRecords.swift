import Foundation
import PeerwayCore
import SQLKit

/// Referrals as stored: the current state on `referrals`, each step in `referral_changes`.
/// `made_on` is the day the referral was made in the program's zone, so a period is an index range.
public enum ReferralRecords {
    static let openStatuses = "('proposed', 'sent', 'accepted')"

    public static func insert(_ r: Referral, madeOn: CalendarDate, on conn: Connection) async throws {
        let res = r.resource
        try await conn.sql.raw("""
            INSERT INTO referrals (id, organization_id, program_id, person_id, directory_service_id, resource_name, resource_organization,
                resource_phone, resource_address, need, urgency, handoff, made_at, made_on, made_by, service_id, note, status, status_at,
                reason, follow_up_on, days_to_linkage, created_at, updated_at, version)
            VALUES (\(bind: r.id), \(bind: r.organizationID), \(bind: r.programID), \(bind: r.personID), \(bind: res.directoryServiceID),
                \(bind: res.name), \(bind: res.organizationName), \(bind: res.phone), \(bind: res.address), \(bind: r.need.rawValue),
                \(bind: r.urgency.rawValue), \(bind: r.handoff.rawValue), \(bind: r.madeAt), \(bind: madeOn.description), \(bind: r.madeBy),
                \(bind: r.serviceID), \(bind: r.note), \(bind: r.status.rawValue), \(bind: r.statusAt), \(bind: r.reason?.rawValue),
                \(bind: r.followUpOn?.description), \(bind: Int?.none), \(bind: r.createdAt), \(bind: r.createdAt), \(bind: r.version))
            """).run()
    }

    /// Writes a referral's new status when its version is still the one read; a concurrent change is a conflict.
    public static func updateStatus(_ r: Referral, daysToLinkage: Int?, now: Date, on conn: Connection) async throws {
        try await conn.updateVersioned("""
            UPDATE referrals SET status = \(bind: r.status.rawValue), status_at = \(bind: r.statusAt), reason = \(bind: r.reason?.rawValue),
                follow_up_on = \(bind: r.followUpOn?.description), days_to_linkage = \(bind: daysToLinkage), updated_at = \(bind: now),
                version = \(bind: r.version)
            WHERE id = \(bind: r.id) AND version = \(bind: r.version - 1)
            RETURNING id
            """)
    }

    public static func insert(_ c: ReferralChange, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO referral_changes (id, referral_id, from_status, to_status, occurred_at, recorded_at, changed_by, reason, note)
            VALUES (\(bind: c.id), \(bind: c.referralID), \(bind: c.from?.rawValue), \(bind: c.to.rawValue), \(bind: c.occurredAt),
                \(bind: c.recordedAt), \(bind: c.by), \(bind: c.reason?.rawValue), \(bind: c.note))
            """).run()
    }

    public static func get(_ id: UUID, on conn: Connection) async throws -> Referral? {
        try await conn.sql.raw("SELECT * FROM referrals WHERE id = \(bind: id)\(unsafeRaw: conn.dialect.forUpdate)").all().first.map(decode)
    }

    public static func changes(of id: UUID, on conn: Connection) async throws -> [ReferralChange] {
        try await conn.sql.raw("SELECT * FROM referral_changes WHERE referral_id = \(bind: id) ORDER BY occurred_at, recorded_at").all().map(decodeChange)
    }

    /// A person's referrals, newest first.
    public static func forPerson(_ id: UUID, limit: Int, on conn: Connection) async throws -> [Referral] {
        try await conn.sql.raw("SELECT * FROM referrals WHERE person_id = \(bind: id) ORDER BY made_at DESC LIMIT \(bind: limit)").all().map(decode)
    }

    /// Referrals made during a service note.
    public static func forService(_ id: UUID, on conn: Connection) async throws -> [Referral] {
        try await conn.sql.raw("SELECT * FROM referrals WHERE service_id = \(bind: id) ORDER BY made_at").all().map(decode)
    }

    /// Open referrals (proposed, sent or accepted) made by `peerID` or in `programIDs`, the follow-up
    /// that is due first at the top.
    public static func waiting(madeBy peerID: UUID?, programIDs: [UUID], limit: Int, on conn: Connection) async throws -> [Referral] {
        if let peerID {
            return try await conn.sql.raw("""
                SELECT * FROM referrals WHERE made_by = \(bind: peerID) AND status IN \(unsafeRaw: openStatuses)
                ORDER BY follow_up_on, made_at LIMIT \(bind: limit)
                """).all().map(decode)
        }
        guard !programIDs.isEmpty else { return [] }
        return try await conn.sql.raw("""
            SELECT * FROM referrals WHERE program_id IN (\(SQLList(programIDs.map { SQLBind($0) }))) AND status IN \(unsafeRaw: openStatuses)
            ORDER BY follow_up_on, made_at LIMIT \(bind: limit)
            """).all().map(decode)
    }

    /// Per directory service: referrals made to it in `[from, to]` by any program of `organizationIDs`, and
    /// those linked within `window` days. Counts only, from the `referrals_directory_linkage` index alone (migration 10).
    public static func linkage(directoryServiceIDs: [String], organizationIDs: [UUID], from: CalendarDate, to: CalendarDate, window: Int,
                               on conn: Connection) async throws -> [String: (referrals: Int, linked: Int)] {
        guard !directoryServiceIDs.isEmpty, !organizationIDs.isEmpty else { return [:] }
        var result: [String: (Int, Int)] = [:]
        for row in try await conn.sql.raw("""
            SELECT directory_service_id AS s, COUNT(*) AS n,
                   SUM(CASE WHEN status = 'linked' AND days_to_linkage <= \(bind: window) THEN 1 ELSE 0 END) AS linked
            FROM referrals
            WHERE directory_service_id IN (\(SQLList(directoryServiceIDs.map { SQLBind($0) })))
              AND organization_id IN (\(SQLList(organizationIDs.map { SQLBind($0) })))
              AND made_on >= \(bind: from.description) AND made_on <= \(bind: to.description)
            GROUP BY directory_service_id
            """).all() {
            result[try row.string("s")] = (try row.int("n"), try row.optionalInt("linked") ?? 0)
        }
        return result
    }

    /// Who a tally counts: a program's referrals or one peer's, made in `[from, to]`.
    public enum Scope: Sendable {
        case programs([UUID])
        case peer(UUID)
    }

    /// Counts by need and status and the days-to-linkage histogram, all in the database.
    public static func tally(_ scope: Scope, from: CalendarDate, to: CalendarDate, on conn: Connection) async throws -> ReferralMeasures.Tally {
        let filter: SQLQueryString, grouping: String, hint: SQLQueryString
        switch scope {
        case .programs(let ids):
            guard !ids.isEmpty else { return .init() }
            filter = "program_id IN (\(SQLList(ids.map { SQLBind($0) })))"
            // By program first, so the rows come grouped in the order of an index (migration 17) and
            // SQLite sorts nothing; each program's rows add into the one tally.
            grouping = "program_id, need, status, days_to_linkage"
            hint = Migration017ReportGroupingIndexes.hint(Migration017ReportGroupingIndexes.referralsByOutcome, from: from, to: to, on: conn)
        case .peer(let peer):
            filter = "made_by = \(bind: peer)"
            grouping = "need, status, days_to_linkage"
            hint = ""
        }
        let period: SQLQueryString = "made_on >= \(bind: from.description) AND made_on <= \(bind: to.description)"
        var tally = ReferralMeasures.Tally()
        // One reading of the period's referrals (an index holds these columns): by need and status, and
        // for the linked ones by days to linkage.
        for row in try await conn.sql.raw("""
            SELECT need, status, days_to_linkage AS d, COUNT(*) AS n FROM referrals\(hint) WHERE \(filter) AND \(period)
            GROUP BY \(unsafeRaw: grouping)
            """).all() {
            guard let need = ReferralNeed(rawValue: try row.string("need")), let status = ReferralStatus(rawValue: try row.string("status")) else { continue }
            let n = try row.int("n")
            tally.add(need: need, status: status, count: n)
            if status == .linked, let days = try row.optionalInt("d") { tally.daysToLinkage[days, default: 0] += n }
        }
        return tally
    }

    /// One page of a program's referrals made in `[from, to]`, in a stable order after the key of the last
    /// row of the previous page, with each one's days to linkage: an extract of a year streams.
    public static func page(programID: UUID, from: CalendarDate, to: CalendarDate, after: (String, UUID)?, limit: Int,
                            on conn: Connection) async throws -> [(referral: Referral, daysToLinkage: Int?, madeOn: String)] {
        let cursor: SQLQueryString = after.map { "AND (made_on > \(bind: $0.0) OR (made_on = \(bind: $0.0) AND id > \(bind: $0.1)))" } ?? ""
        return try await conn.sql.raw("""
            SELECT * FROM referrals WHERE program_id = \(bind: programID)
              AND made_on >= \(bind: from.description) AND made_on <= \(bind: to.description) \(cursor)
            ORDER BY made_on, id LIMIT \(bind: limit)
            """).all().map { (try decode($0), try $0.optionalInt("days_to_linkage"), try $0.string("made_on")) }
    }

    public static func count(programID: UUID, from: CalendarDate, to: CalendarDate, on conn: Connection) async throws -> Int {
        try await conn.sql.raw("""
            SELECT COUNT(*) AS n FROM referrals WHERE program_id = \(bind: programID)
              AND made_on >= \(bind: from.description) AND made_on <= \(bind: to.description)
            """).all().first?.int("n") ?? 0
    }

    static func decode(_ row: any SQLRow) throws -> Referral {
        Referral(id: try row.uuid("id"), organizationID: try row.uuid("organization_id"), programID: try row.uuid("program_id"),
                 personID: try row.uuid("person_id"),
                 resource: ReferralResource(directoryServiceID: try row.optionalString("directory_service_id"), name: try row.string("resource_name"),
                                            organizationName: try row.string("resource_organization"), phone: try row.string("resource_phone"),
                                            address: try row.string("resource_address")),
                 need: try ReferralNeed.stored(row.string("need")), urgency: try ReferralUrgency.stored(row.string("urgency")),
                 handoff: try WarmHandoff.stored(row.string("handoff")), madeAt: try row.date("made_at"), madeBy: try row.uuid("made_by"),
                 serviceID: try row.optionalUUID("service_id"), note: try row.string("note"), status: try ReferralStatus.stored(row.string("status")),
                 statusAt: try row.date("status_at"), reason: try row.optionalString("reason").flatMap(ReferralReason.init(rawValue:)),
                 followUpOn: try row.optionalString("follow_up_on").flatMap(CalendarDate.init), createdAt: try row.date("created_at"),
                 version: try row.int("version"))
    }

    static func decodeChange(_ row: any SQLRow) throws -> ReferralChange {
        ReferralChange(id: try row.uuid("id"), referralID: try row.uuid("referral_id"),
                       from: try row.optionalString("from_status").flatMap(ReferralStatus.init(rawValue:)),
                       to: try ReferralStatus.stored(row.string("to_status")), occurredAt: try row.date("occurred_at"),
                       recordedAt: try row.date("recorded_at"), by: try row.uuid("changed_by"),
                       reason: try row.optionalString("reason").flatMap(ReferralReason.init(rawValue:)), note: try row.string("note"))
    }
}
