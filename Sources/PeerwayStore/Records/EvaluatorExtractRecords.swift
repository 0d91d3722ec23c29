import Foundation
import PeerwayCore
import SQLKit

/// The keys of study ids, one per organization (migration 15).
public enum StudyKeyRecords {
    /// The organization's key, made (32 random bytes) the first time it is asked for. Two extracts
    /// starting together both read the one key that was written first.
    static func key(organizationID: UUID, now: Date, on conn: Connection) async throws -> StudyKey {
        if let key = try await stored(organizationID, on: conn) { return key }
        let hex = SecureRandom.bytes(StudyKey.byteCount).map { String(format: "%02x", $0) }.joined()
        try await conn.sql.raw("""
            INSERT INTO study_keys (organization_id, key_hex, created_at) VALUES (\(bind: organizationID), \(bind: hex), \(bind: now))
            ON CONFLICT (organization_id) DO NOTHING
            """).run()
        guard let key = try await stored(organizationID, on: conn) else { throw StoreError.notFound }
        return key
    }

    static func stored(_ organizationID: UUID, on conn: Connection) async throws -> StudyKey? {
        guard let hex = try await conn.sql.raw("SELECT key_hex FROM study_keys WHERE organization_id = \(bind: organizationID)").all().first?
            .string("key_hex") else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex), let byte = UInt8(hex[index..<next], radix: 16) {
            bytes.append(byte)
            index = next
        }
        guard bytes.count == StudyKey.byteCount else { throw StoreError.notFound }
        return StudyKey(bytes: bytes)
    }
}

/// What the evaluator's extract reads: the enrollments of the programs open at some time in the period,
/// a page at a time in the order of their ids, and for each page what each enrollment counts.
public enum EvaluatorExtractRecords {
    /// Enrollments open at some time in `period`.
    static func openIn(_ programs: SQLList, _ period: ReportPeriod) -> SQLQueryString {
        "program_id IN (\(programs)) AND enrolled_on <= \(bind: period.to.description) AND (discharged_on IS NULL OR discharged_on >= \(bind: period.from.description))"
    }

    public static func count(programIDs: [UUID], period: ReportPeriod, on conn: Connection) async throws -> Int {
        guard !programIDs.isEmpty else { return 0 }
        return try await conn.sql.raw("SELECT COUNT(*) AS n FROM episodes WHERE \(openIn(SQLList(programIDs.map { SQLBind($0) }), period))")
            .all().first?.int("n") ?? 0
    }

    /// One page of enrollments after the id `after`, and the people they enroll.
    static func page(programIDs: [UUID], period: ReportPeriod, after: UUID?, limit: Int,
                     on conn: Connection) async throws -> (episodes: [Episode], people: [UUID: Person]) {
        guard !programIDs.isEmpty else { return ([], [:]) }
        let cursor: SQLQueryString = after.map { "AND id > \(bind: $0)" } ?? ""
        let episodes = try await conn.sql.raw("""
            SELECT * FROM episodes WHERE \(openIn(SQLList(programIDs.map { SQLBind($0) }), period)) \(cursor) ORDER BY id LIMIT \(bind: limit)
            """).all().map(EpisodeRecords.decode)
        return (episodes, try await PersonRecords.get(ids: episodes.map(\.participantID), on: conn))
    }

    /// What each enrollment of a page counts, up to `through`: its signed services and their minutes,
    /// its referrals made and linked (both in the enrollment's program, from its first day to its
    /// discharge), and its current scores.
    static func facts(of episodes: [Episode], through: CalendarDate,
                      on conn: Connection) async throws -> [UUID: (services: Int, minutes: Int, made: Int, linked: Int, scores: [EnrollmentScore])] {
        var facts: [UUID: (services: Int, minutes: Int, made: Int, linked: Int, scores: [EnrollmentScore])] = [:]
        guard !episodes.isEmpty else { return facts }
        for e in episodes { facts[e.id] = (0, 0, 0, 0, []) }
        let ids = SQLList(episodes.map { SQLBind($0.id) }), to = through.description
        for row in try await conn.sql.raw("""
            SELECT e.id AS episode_id, COUNT(*) AS n, SUM(s.duration_minutes) AS minutes
            FROM episodes e JOIN services s ON s.person_id = e.person_id AND s.program_id = e.program_id
            WHERE e.id IN (\(ids)) AND s.status = \(bind: ServiceCounting.counted.rawValue) AND s.service_date >= e.enrolled_on
              AND s.service_date <= \(bind: to) AND (e.discharged_on IS NULL OR s.service_date <= e.discharged_on)
            GROUP BY e.id
            """).all() {
            let id = try row.uuid("episode_id")
            facts[id]?.services = try row.int("n")
            facts[id]?.minutes = try row.optionalInt("minutes") ?? 0
        }
        for row in try await conn.sql.raw("""
            SELECT e.id AS episode_id, COUNT(*) AS n, SUM(CASE WHEN r.status = 'linked' THEN 1 ELSE 0 END) AS linked
            FROM episodes e JOIN referrals r ON r.person_id = e.person_id AND r.program_id = e.program_id
            WHERE e.id IN (\(ids)) AND r.made_on >= e.enrolled_on AND r.made_on <= \(bind: to)
              AND (e.discharged_on IS NULL OR r.made_on <= e.discharged_on)
            GROUP BY e.id
            """).all() {
            let id = try row.uuid("episode_id")
            facts[id]?.made = try row.int("n")
            facts[id]?.linked = try row.optionalInt("linked") ?? 0
        }
        for row in try await conn.sql.raw("""
            SELECT a.episode_id, a.instrument_id, s.scale_id, a.timepoint, a.timepoint_number, a.given_on,
                   COALESCE(s.t_tenths, s.raw_tenths) AS v
            FROM instrument_administrations a JOIN instrument_scores s ON s.administration_id = a.id
            WHERE a.episode_id IN (\(ids)) AND a.is_current = \(bind: true) AND a.given_on <= \(bind: to)
              AND COALESCE(s.t_tenths, s.raw_tenths) IS NOT NULL
            """).all() {
            guard let timepoint = TimepointKind(rawValue: try row.string("timepoint")), let given = CalendarDate(try row.string("given_on")) else { continue }
            let score = EnrollmentScore(instrumentID: try row.string("instrument_id"), scaleID: try row.string("scale_id"), timepoint: timepoint,
                                        number: try row.int("timepoint_number"), givenOn: given, tenths: try row.int("v"))
            facts[try row.uuid("episode_id")]?.scores.append(score)
        }
        return facts
    }
}
