import Foundation
import PeerwayCore
import SQLKit

/// The program report's counts (`ReportTally`), each an aggregate in the database over the programs'
/// rows in the period: no participant record is loaded to count it. The exception is re-admissions,
/// which read the dates (and only the dates) of the enrolled participants' crisis events.
public enum ReportRecords {
    public static func tally(programIDs: [UUID], period: ReportPeriod, zone: TimeZone, today: CalendarDate, on conn: Connection) async throws -> ReportTally {
        var t = ReportTally()
        guard !programIDs.isEmpty else { return t }
        let programs = SQLList(programIDs.map { SQLBind($0) })
        let from = period.from.description, to = period.to.description
        let (start, end) = period.instants(in: zone)
        let signed = ServiceCounting.counted.rawValue
        // The enrollments open at some time in the period, and the people they enroll.
        let enrollments = SQLQueryString("""
            SELECT id, person_id FROM episodes WHERE program_id IN (\(programs)) AND enrolled_on <= \(bind: to)
              AND (discharged_on IS NULL OR discharged_on >= \(bind: from))
            """)
        let enrolled = SQLQueryString("SELECT person_id FROM episodes WHERE program_id IN (\(programs)) AND enrolled_on <= \(bind: to) AND (discharged_on IS NULL OR discharged_on >= \(bind: from))")
        let connected = SQLQueryString("""
            SELECT person_id FROM contacts WHERE program_id IN (\(programs)) AND occurred_at >= \(bind: start) AND occurred_at < \(bind: end)
              AND person_id IS NOT NULL
            UNION SELECT person_id FROM services WHERE program_id IN (\(programs)) AND service_date >= \(bind: from)
              AND service_date <= \(bind: to) AND status = \(bind: signed)
            UNION \(enrolled)
            """)

        // People
        let people = try await conn.sql.raw("""
            SELECT (SELECT COUNT(*) FROM (\(connected)) c) AS connected,
                   (SELECT COUNT(DISTINCT person_id) FROM (\(enrollments)) e) AS enrolled,
                   (SELECT COUNT(DISTINCT person_id) FROM episodes WHERE program_id IN (\(programs)) AND enrolled_on >= \(bind: from)
                      AND enrolled_on <= \(bind: to)) AS newly,
                   (SELECT COUNT(*) FROM persons p WHERE p.kind = 'support_person' AND p.id IN (\(connected))
                      AND p.related_participant_id IN (\(enrolled))) AS family,
                   (SELECT COUNT(*) FROM contacts WHERE program_id IN (\(programs)) AND occurred_at >= \(bind: start)
                      AND occurred_at < \(bind: end) AND person_id IS NULL) AS anonymous
            """).all().first
        t.connected = try people?.int("connected") ?? 0
        t.enrolled = try people?.int("enrolled") ?? 0
        t.newlyEnrolled = try people?.int("newly") ?? 0
        t.familyOfEnrolled = try people?.int("family") ?? 0
        t.anonymousContacts = try people?.int("anonymous") ?? 0

        // Intake profile: the program intake's indicators, one intake per enrollment.
        let intakes = SQLQueryString("""
            FROM instrument_administrations a JOIN instrument_scores s ON s.administration_id = a.id
            WHERE a.program_id IN (\(programs)) AND a.is_current = \(bind: true) AND a.timepoint = 'intake'
              AND a.episode_id IN (SELECT id FROM (\(enrollments)) e)
            """)
        for row in try await conn.sql.raw("""
            SELECT s.scale_id AS scale, SUM(CASE WHEN s.raw_tenths > 0 THEN 1 ELSE 0 END) AS yes, COUNT(s.raw_tenths) AS answered
            \(intakes) AND a.instrument_id = \(bind: ProgramProfile.id) GROUP BY s.scale_id
            """).all() {
            t.intake[try row.string("scale")] = ReportTally.YesCount(yes: try row.optionalInt("yes") ?? 0, answered: try row.int("answered"))
        }
        t.enrollmentsWithIntake = try await conn.sql.raw("""
            SELECT COUNT(DISTINCT a.episode_id) AS n \(intakes) AND a.instrument_id = \(bind: ProgramProfile.id)
            """).all().first?.int("n") ?? 0

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

        // Services, by `ServiceCounting`'s rule, and to whom.
        let servicesInPeriod = SQLQueryString("s.program_id IN (\(programs)) AND s.service_date >= \(bind: from) AND s.service_date <= \(bind: to)")
        let services = try await conn.sql.raw("""
            SELECT SUM(CASE WHEN s.status = \(bind: signed) THEN 1 ELSE 0 END) AS given,
                   COUNT(DISTINCT CASE WHEN s.status = \(bind: signed) THEN s.person_id END) AS served,
                   SUM(CASE WHEN s.status = \(bind: signed) AND s.person_id IN (\(enrolled)) THEN 1 ELSE 0 END) AS to_enrolled,
                   SUM(CASE WHEN s.status = \(bind: signed) AND p.kind = 'support_person' THEN 1 ELSE 0 END) AS to_family,
                   SUM(CASE WHEN s.status = \(bind: signed) THEN 0 ELSE 1 END) AS drafts
            FROM services s JOIN persons p ON p.id = s.person_id WHERE \(servicesInPeriod)
            """).all().first
        t.services = try services?.optionalInt("given") ?? 0
        t.peopleServed = try services?.int("served") ?? 0
        t.servicesToEnrolled = try services?.optionalInt("to_enrolled") ?? 0
        t.servicesToFamily = try services?.optionalInt("to_family") ?? 0
        t.drafts = try services?.optionalInt("drafts") ?? 0
        for row in try await conn.sql.raw("""
            SELECT s.service_type AS code, COUNT(*) AS n FROM services s WHERE \(servicesInPeriod) AND s.status = \(bind: signed) GROUP BY s.service_type
            """).all() {
            t.servicesByType[try row.string("code")] = try row.int("n")
        }

        t.referrals = try await ReferralRecords.tally(.programs(programIDs), from: period.from, to: period.to, on: conn)
        t.outcomes = try await outcomes(programs: programs, enrollments: enrollments, to: to, on: conn)
        t.readmissions = try await readmissions(programs: programs, period: period, today: today, on: conn)
        t.workforce = try await workforce(programs: programs, period: period, on: conn)
        return t
    }

    /// Per scale: the enrollments with an intake score, and the joint histogram of (intake, latest
    /// follow-up or discharge score up to the end of the period) over the enrollments with both.
    static func outcomes(programs: SQLList, enrollments: SQLQueryString, to: String, on conn: Connection) async throws -> [ScaleTally] {
        let scored = SQLQueryString("""
            SELECT a.episode_id, a.instrument_id, s.scale_id, a.timepoint, a.given_on, a.timepoint_number,
                   COALESCE(s.t_tenths, s.raw_tenths) AS v
            FROM instrument_administrations a JOIN instrument_scores s ON s.administration_id = a.id
            WHERE a.program_id IN (\(programs)) AND a.is_current = \(bind: true) AND a.given_on <= \(bind: to)
              AND a.episode_id IN (SELECT id FROM (\(enrollments)) e) AND COALESCE(s.t_tenths, s.raw_tenths) IS NOT NULL
            """)
        var tallies: [String: ScaleTally] = [:]
        func key(_ instrument: String, _ scale: String) -> String { "\(instrument)|\(scale)" }
        for row in try await conn.sql.raw("""
            WITH scored AS (\(scored))
            SELECT instrument_id, scale_id, COUNT(DISTINCT episode_id) AS n FROM scored WHERE timepoint = 'intake' GROUP BY instrument_id, scale_id
            """).all() {
            let instrument = try row.string("instrument_id"), scale = try row.string("scale_id")
            tallies[key(instrument, scale)] = ScaleTally(instrumentID: instrument, scale: scale, intakes: try row.int("n"), pairs: [:])
        }
        for row in try await conn.sql.raw("""
            WITH scored AS (\(scored)),
            intake AS (SELECT episode_id, instrument_id, scale_id, MIN(v) AS v FROM scored WHERE timepoint = 'intake'
                       GROUP BY episode_id, instrument_id, scale_id),
            later AS (SELECT episode_id, instrument_id, scale_id, v,
                             ROW_NUMBER() OVER (PARTITION BY episode_id, instrument_id, scale_id ORDER BY given_on DESC, timepoint_number DESC) AS rn
                      FROM scored WHERE timepoint <> 'intake')
            SELECT i.instrument_id, i.scale_id, i.v AS before, l.v AS after, COUNT(*) AS n
            FROM intake i JOIN later l ON l.episode_id = i.episode_id AND l.instrument_id = i.instrument_id AND l.scale_id = i.scale_id AND l.rn = 1
            GROUP BY i.instrument_id, i.scale_id, i.v, l.v
            """).all() {
            let k = key(try row.string("instrument_id"), try row.string("scale_id"))
            tallies[k]?.pairs[ScaleTally.Pair(before: try row.int("before"), after: try row.int("after"))] = try row.int("n")
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
