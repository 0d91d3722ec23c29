import Foundation
import PeerwayCore
import SQLKit

/// The program report's counts (`ReportTally`), each an aggregate in the database over the programs'
/// rows in the period: no participant record is loaded to count it. The exception is re-admissions,
/// which read the dates (and only the dates) of the enrolled participants' crisis events.
public enum ReportRecords {
    /// The report's counts in three parts that run at once, each on a connection of its own: people and
    /// services with the intake profile; the outcomes; referrals, re-admissions and the workforce. A
    /// county's year is a grouping of hundreds of thousands of rows in each of the first two, and a
    /// machine's cores take them side by side. On SQLite the outcomes are split in two halves of the
    /// enrollments (by id, so no enrollment is in both) and the third part, quick otherwise, takes the
    /// second half, so the work is shared evenly and the report still holds three of the pool's four
    /// connections. PostgreSQL, which groups by hashing, takes the outcomes whole (halves measured
    /// slower there). Each statement reads the rows as they stand when it runs, as the report's
    /// statements always have (none shares a transaction with another).
    public static func tally(programIDs: [UUID], period: ReportPeriod, zone: TimeZone, today: CalendarDate, in db: Database) async throws -> ReportTally {
        guard !programIDs.isEmpty else { return ReportTally() }
        let split = db.dialect == .sqlite
        func outcomes(_ half: EnrollmentHalf, on conn: Connection) async throws -> [ScaleTally] {
            let (programs, enrollments) = scope(programIDs, period)
            return try await Self.outcomes(programs: programs, enrollments: enrollments, to: period.to.description, half: half, on: conn)
        }
        async let firstOutcomes = db.read { conn in
            try await widened(conn) { try await outcomes(split ? .lower : .all, on: conn) }
        }
        async let rest = db.read { conn in
            try await widened(conn) {
                let (programs, _) = scope(programIDs, period)
                var t = ReportTally()
                t.referrals = try await ReferralRecords.tally(.programs(programIDs), from: period.from, to: period.to, on: conn)
                t.readmissions = try await readmissions(programs: programs, period: period, today: today, on: conn)
                t.workforce = try await workforce(programs: programs, period: period, on: conn)
                if split { t.outcomes = try await outcomes(.upper, on: conn) }
                return t
            }
        }
        var t = try await db.read { conn in
            try await widened(conn) { try await counts(programIDs: programIDs, period: period, zone: zone, today: today, on: conn) }
        }
        let others = try await rest
        t.outcomes = ScaleTally.merged(try await firstOutcomes, others.outcomes)
        t.referrals = others.referrals
        t.readmissions = others.readmissions
        t.workforce = others.workforce
        return t
    }

    /// The programs as a list of values, and the enrollments open at some time in the period.
    static func scope(_ programIDs: [UUID], _ period: ReportPeriod) -> (SQLList, SQLQueryString) {
        let programs = SQLList(programIDs.map { SQLBind($0) })
        let enrollments = SQLQueryString("""
            SELECT id, person_id FROM episodes WHERE program_id IN (\(programs)) AND enrolled_on <= \(bind: period.to.description)
              AND (discharged_on IS NULL OR discharged_on >= \(bind: period.from.description))
            """)
        return (programs, enrollments)
    }

    /// Runs `body` with room for the report's large groupings on PostgreSQL, for its statements only: the
    /// connection goes back to the pool as it came. The default work_mem (4 MB) sends them to disk,
    /// doubling their time; 64 MB keeps them in memory (a server configured with more keeps its own).
    /// SQLite needs nothing: its sorting helper threads (`PRAGMA threads`) made the report slower once
    /// its parts ran side by side on a two-core machine (1.21 s county-wide without, 1.28 s with two).
    static func widened<T: Sendable>(_ conn: Connection, _ body: () async throws -> T) async throws -> T {
        guard conn.dialect == .postgres else { return try await body() }
        try await conn.sql.raw("SELECT set_config('work_mem', '64MB', false) WHERE pg_size_bytes(current_setting('work_mem')) < 64 * 1024 * 1024").run()
        do {
            let value = try await body()
            try await conn.sql.raw("RESET work_mem").run()
            return value
        } catch {
            try? await conn.sql.raw("RESET work_mem").run()
            throw error
        }
    }

    /// People, services and the program intake's indicators.
    static func counts(programIDs: [UUID], period: ReportPeriod, zone: TimeZone, today: CalendarDate, on conn: Connection) async throws -> ReportTally {
        var t = ReportTally()
        let (programs, enrollments) = scope(programIDs, period)
        let from = period.from.description, to = period.to.description
        let (start, end) = period.instants(in: zone)
        let signed = ServiceCounting.counted.rawValue
        // The people the period's enrollments enroll.
        let enrolled = SQLQueryString("SELECT person_id FROM episodes WHERE program_id IN (\(programs)) AND enrolled_on <= \(bind: to) AND (discharged_on IS NULL OR discharged_on >= \(bind: from))")
        // People and services in one statement, so the period's services are read once: grouped by person,
        // type and status, they give the people served, the service mix, the drafts, and (with the contacts
        // and enrollments) the people connected. `given` is used several times, so both engines materialize it.
        // It is grouped by program first, in the order of an index (migration 17) so that SQLite sorts
        // nothing; a person served by two programs has a row for each, added up in `served`.
        let byPerson = Migration017ReportGroupingIndexes.hint(Migration017ReportGroupingIndexes.servicesByPerson,
                                                              from: period.from, to: period.to, on: conn)
        let rows = try await conn.sql.raw("""
            WITH given AS (
              SELECT person_id, service_type, status, COUNT(*) AS n FROM services\(byPerson)
              WHERE program_id IN (\(programs)) AND service_date >= \(bind: from) AND service_date <= \(bind: to)
              GROUP BY program_id, person_id, service_type, status),
            served AS (SELECT person_id, SUM(n) AS n FROM given WHERE status = \(bind: signed) GROUP BY person_id),
            enrolled AS (\(enrolled)),
            connected AS (
              SELECT person_id FROM contacts WHERE program_id IN (\(programs)) AND occurred_at >= \(bind: start) AND occurred_at < \(bind: end)
                AND person_id IS NOT NULL
              UNION SELECT person_id FROM served
              UNION SELECT person_id FROM enrolled),
            figures AS (SELECT
              (SELECT COUNT(*) FROM connected) AS connected,
              (SELECT COUNT(DISTINCT person_id) FROM enrolled) AS enrolled,
              (SELECT COUNT(DISTINCT person_id) FROM episodes WHERE program_id IN (\(programs)) AND enrolled_on >= \(bind: from)
                 AND enrolled_on <= \(bind: to)) AS newly,
              (SELECT COUNT(*) FROM persons p WHERE p.kind = 'support_person' AND p.related_participant_id IN (SELECT person_id FROM enrolled)
                 AND (EXISTS (SELECT 1 FROM contacts c WHERE c.person_id = p.id AND c.program_id IN (\(programs))
                              AND c.occurred_at >= \(bind: start) AND c.occurred_at < \(bind: end))
                   OR EXISTS (SELECT 1 FROM services s WHERE s.person_id = p.id AND s.program_id IN (\(programs))
                              AND s.service_date >= \(bind: from) AND s.service_date <= \(bind: to) AND s.status = \(bind: signed))
                   OR EXISTS (SELECT 1 FROM episodes e WHERE e.person_id = p.id AND e.program_id IN (\(programs))
                              AND e.enrolled_on <= \(bind: to) AND (e.discharged_on IS NULL OR e.discharged_on >= \(bind: from))))) AS family,
              (SELECT COUNT(*) FROM contacts WHERE program_id IN (\(programs)) AND occurred_at >= \(bind: start)
                 AND occurred_at < \(bind: end) AND person_id IS NULL) AS anonymous,
              (SELECT COUNT(*) FROM served) AS served,
              (SELECT CAST(SUM(n) AS BIGINT) FROM served WHERE person_id IN (SELECT person_id FROM enrolled)) AS to_enrolled,
              (SELECT CAST(SUM(n) AS BIGINT) FROM served WHERE person_id IN (SELECT id FROM persons WHERE kind = 'support_person')) AS to_family),
            mix AS (
              SELECT service_type, CAST(SUM(CASE WHEN status = \(bind: signed) THEN n ELSE 0 END) AS BIGINT) AS given,
                     CAST(SUM(CASE WHEN status = \(bind: signed) THEN 0 ELSE n END) AS BIGINT) AS drafts
              FROM given GROUP BY service_type)
            SELECT f.*, m.service_type, m.given, m.drafts FROM figures f LEFT JOIN mix m ON 1 = 1
            """).all()
        // One row per service type (or one with no type when nothing was documented), each with the figures.
        if let first = rows.first {
            t.connected = try first.int("connected")
            t.enrolled = try first.int("enrolled")
            t.newlyEnrolled = try first.int("newly")
            t.familyOfEnrolled = try first.int("family")
            t.anonymousContacts = try first.int("anonymous")
            t.peopleServed = try first.int("served")
            t.servicesToEnrolled = try first.optionalInt("to_enrolled") ?? 0
            t.servicesToFamily = try first.optionalInt("to_family") ?? 0
        }
        for row in rows {
            guard let code = try row.optionalString("service_type") else { continue }
            let given = try row.optionalInt("given") ?? 0
            t.services += given
            t.drafts += try row.optionalInt("drafts") ?? 0
            if given > 0 { t.servicesByType[code] = given }
        }

        // Intake profile: the program intake's indicators, one intake per enrollment, and the enrollments
        // with one, from one reading of the intakes.
        for row in try await conn.sql.raw("""
            WITH answers AS (
              SELECT a.episode_id, s.scale_id, s.raw_tenths
              FROM instrument_administrations a JOIN instrument_scores s ON s.administration_id = a.id
              WHERE a.program_id IN (\(programs)) AND a.is_current = \(bind: true) AND a.timepoint = 'intake'
                AND a.instrument_id = \(bind: ProgramProfile.id) AND a.episode_id IN (SELECT id FROM (\(enrollments)) e))
            SELECT scale_id AS scale, SUM(CASE WHEN raw_tenths > 0 THEN 1 ELSE 0 END) AS yes, COUNT(raw_tenths) AS answered,
                   (SELECT COUNT(DISTINCT episode_id) FROM answers) AS enrollments
            FROM answers GROUP BY scale_id
            """).all() {
            t.intake[try row.string("scale")] = ReportTally.YesCount(yes: try row.optionalInt("yes") ?? 0, answered: try row.int("answered"))
            t.enrollmentsWithIntake = try row.int("enrollments")
        }

        for row in try await conn.sql.raw("""
            WITH later AS (
              SELECT a.id, ROW_NUMBER() OVER (PARTITION BY a.episode_id ORDER BY a.given_on DESC, a.timepoint_number DESC) AS rn
              FROM instrument_administrations a
              WHERE a.program_id IN (\(programs)) AND a.is_current = \(bind: true) AND a.instrument_id = \(bind: ProgramProfile.id)
                AND a.timepoint <> 'intake' AND a.given_on <= \(bind: to) AND a.episode_id IN (SELECT id FROM (\(enrollments)) e))
            SELECT s.scale_id AS scale, SUM(CASE WHEN s.raw_tenths > 0 THEN 1 ELSE 0 END) AS yes, COUNT(s.raw_tenths) AS answered
            FROM later l JOIN instrument_scores s ON s.administration_id = l.id WHERE l.rn = 1 GROUP BY s.scale_id
            """).all() {
            t.followUp[try row.string("scale")] = ReportTally.YesCount(yes: try row.optionalInt("yes") ?? 0, answered: try row.int("answered"))
        }

        return t
    }

    /// Per scale: the enrollments with an intake score, and the joint histogram of (intake, latest
    /// follow-up or discharge score up to the end of the period) over the enrollments with both.
    static func outcomes(programs: SQLList, enrollments: SQLQueryString, to: String, half: EnrollmentHalf,
                         on conn: Connection) async throws -> [ScaleTally] {
        let split: SQLQueryString = switch half {
        case .all: ""
        case .lower: " AND a.episode_id < \(bind: EnrollmentHalf.boundary)"
        case .upper: " AND a.episode_id >= \(bind: EnrollmentHalf.boundary)"
        }
        let scored = SQLQueryString("""
            SELECT a.episode_id, a.instrument_id, s.scale_id, a.timepoint, a.given_on, a.timepoint_number,
                   COALESCE(s.t_tenths, s.raw_tenths) AS v
            FROM instrument_administrations a JOIN instrument_scores s ON s.administration_id = a.id
            WHERE a.program_id IN (\(programs)) AND a.is_current = \(bind: true) AND a.given_on <= \(bind: to)
              AND a.episode_id IN (SELECT id FROM (\(enrollments)) e) AND COALESCE(s.t_tenths, s.raw_tenths) IS NOT NULL\(split)
            """)
        // One pass over the scores, grouped by enrollment and scale: the intake score (the lowest, should an
        // intake hold two) and the latest follow-up or discharge score, taken as the largest of one number
        // packing the day given (YYYYMMDD), the timepoint's number (below 1,000) and the score in tenths
        // (offset by 100,000, so -100,000 to 899,999 fit), so no window and no join back is needed (both
        // cost SQLite a sort of every score) and no text is built per score. Rows without a follow-up keep
        // `after` NULL: they count as intakes only.
        var tallies: [String: ScaleTally] = [:]
        func key(_ instrument: String, _ scale: String) -> String { "\(instrument)|\(scale)" }
        for row in try await conn.sql.raw("""
            WITH scored AS (\(scored)),
            per_scale AS (
              SELECT instrument_id, scale_id, MIN(CASE WHEN timepoint = 'intake' THEN v END) AS before,
                     MAX(CASE WHEN timepoint <> 'intake'
                              THEN (CAST(REPLACE(given_on, '-', '') AS BIGINT) * 1000 + timepoint_number) * 1000000 + v + 100000 END) AS latest
              FROM scored GROUP BY episode_id, instrument_id, scale_id),
            paired AS (SELECT instrument_id, scale_id, before, latest % 1000000 - 100000 AS after FROM per_scale WHERE before IS NOT NULL)
            SELECT instrument_id, scale_id, before, after, COUNT(*) AS n FROM paired GROUP BY instrument_id, scale_id, before, after
            """).all() {
            let instrument = try row.string("instrument_id"), scale = try row.string("scale_id"), n = try row.int("n")
            var tally = tallies[key(instrument, scale)] ?? ScaleTally(instrumentID: instrument, scale: scale, intakes: 0, pairs: [:])
            tally.intakes += n
            if let after = try row.optionalInt("after") {
                tally.pairs[ScaleTally.Pair(before: try row.int("before"), after: after), default: 0] += n
            }
            tallies[key(instrument, scale)] = tally
        }
        return tallies.values.sorted { ($0.instrumentID, $0.scale) < ($1.instrumentID, $1.scale) }
    }

    /// Wellness check-ins (their three ratings, no notes) and career steps of the staff of the
    /// organizations running the programs, in the period.
    static func workforce(programs: SQLList, period: ReportPeriod, on conn: Connection) async throws -> WorkforceOutcomeTally {
        var tally = WorkforceOutcomeTally()
        let orgs = try await conn.sql.raw("SELECT DISTINCT organization_id FROM programs WHERE id IN (\(programs))").all().map { try $0.uuid("organization_id") }
        var checkIns: [WellnessCheckIn] = [], steps: [CareerStep] = []
        for org in orgs {
            checkIns += try await WorkforceRecords.checkIns(organizationID: org, from: period.from, through: period.to, on: conn)
            steps += try await WorkforceRecords.careerSteps(organizationID: org, on: conn)
        }
        tally.wellnessRespondents = Set(checkIns.map(\.userID)).count
        tally.wellness = WellnessRules.summary(checkIns, from: period.from, through: period.to)
        tally.advancement = CareerRules.advancement(steps, from: period.from, through: period.to)
        return tally
    }

    /// The enrolled participants' crisis events, dates and kinds only, with their enrollments.
    static func readmissions(programs: SQLList, period: ReportPeriod, today: CalendarDate, on conn: Connection) async throws -> ReadmissionTally {
        let from = period.from.description, to = period.to.description
        var enrollments: [(person: UUID, on: CalendarDate, off: CalendarDate?)] = []
        for row in try await conn.sql.raw("""
            SELECT person_id, enrolled_on, discharged_on FROM episodes WHERE program_id IN (\(programs)) AND enrolled_on <= \(bind: to)
              AND (discharged_on IS NULL OR discharged_on >= \(bind: from))
            """).all() {
            guard let on = CalendarDate(try row.string("enrolled_on")) else { continue }
            enrollments.append((try row.uuid("person_id"), on, (try row.decodeNil(column: "discharged_on")) ? nil : CalendarDate(try row.string("discharged_on"))))
        }
        var events: [UUID: [CrisisEvent]] = [:]
        for row in try await conn.sql.raw("""
            SELECT c.person_id, c.kind, c.started_on, c.ended_on FROM crisis_events c
            WHERE c.person_id IN (SELECT person_id FROM episodes WHERE program_id IN (\(programs)) AND enrolled_on <= \(bind: to)
              AND (discharged_on IS NULL OR discharged_on >= \(bind: from)))
            """).all() {
            guard let kind = CrisisEvent.Kind(rawValue: try row.string("kind")), let started = CalendarDate(try row.string("started_on")) else { continue }
            let ended = (try row.decodeNil(column: "ended_on")) ? nil : CalendarDate(try row.string("ended_on"))
            events[try row.uuid("person_id"), default: []].append(CrisisEvent(kind: kind, startedOn: started, endedOn: ended))
        }
        return ReadmissionTally(
            enrollments: enrollments.map { .init(enrolledOn: $0.on, dischargedOn: $0.off, events: events[$0.person] ?? []) },
            people: events.keys.sorted { $0.uuidString < $1.uuidString }.map { events[$0]! }, period: period, through: today)
    }
}

/// The enrollments whole, or one of two halves split at the middle of the id space (ids are random), so
/// the outcomes' grouping can run as two statements on two connections.
enum EnrollmentHalf: Sendable {
    case all, lower, upper
    static let boundary = UUID(uuidString: "80000000-0000-4000-8000-000000000000")!
}
