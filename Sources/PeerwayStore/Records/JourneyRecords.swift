import Foundation
import PeerwayCore
import SQLKit

/// A screen as stored: the answers, the result Core computed, and who screened.
public struct StoredScreening: Sendable, Equatable {
    public var id: UUID
    public var organizationID: UUID
    public var programID: UUID
    public var personID: UUID
    public var screenedOn: CalendarDate
    public var criteriaSet: String
    public var result: ScreeningResult
    public var higherLevelReferral: String
    public var screenedBy: UUID
    public var createdAt: Date

    public init(id: UUID, organizationID: UUID, programID: UUID, personID: UUID, screenedOn: CalendarDate, criteriaSet: String,
                result: ScreeningResult, higherLevelReferral: String, screenedBy: UUID, createdAt: Date) {
        self.id = id
        self.organizationID = organizationID
        self.programID = programID
        self.personID = personID
        self.screenedOn = screenedOn
        self.criteriaSet = criteriaSet
        self.result = result
        self.higherLevelReferral = higherLevelReferral
        self.screenedBy = screenedBy
        self.createdAt = createdAt
    }
}

public struct StoredReview: Sendable, Equatable {
    public var id: UUID
    public var organizationID: UUID
    public var episodeID: UUID
    public var personID: UUID
    public var review: ContinuedStayReview
    public var note: String
    public var reviewedBy: UUID
    public var createdAt: Date

    public init(id: UUID, organizationID: UUID, episodeID: UUID, personID: UUID, review: ContinuedStayReview, note: String,
                reviewedBy: UUID, createdAt: Date) {
        self.id = id
        self.organizationID = organizationID
        self.episodeID = episodeID
        self.personID = personID
        self.review = review
        self.note = note
        self.reviewedBy = reviewedBy
        self.createdAt = createdAt
    }
}

public struct StoredCrisisEvent: Sendable, Equatable {
    public var id: UUID
    public var organizationID: UUID
    public var personID: UUID
    public var event: CrisisEvent
    public var note: String
    public var recordedBy: UUID
    public var createdAt: Date

    public init(id: UUID, organizationID: UUID, personID: UUID, event: CrisisEvent, note: String, recordedBy: UUID, createdAt: Date) {
        self.id = id
        self.organizationID = organizationID
        self.personID = personID
        self.event = event
        self.note = note
        self.recordedBy = recordedBy
        self.createdAt = createdAt
    }
}

public enum ContactRecords {
    public static func insert(_ c: Contact, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO contacts (id, organization_id, program_id, person_id, occurred_at, source, made_by, method, setting, note, logged_by, created_at)
            VALUES (\(bind: c.id), \(bind: c.organizationID), \(bind: c.programID), \(bind: c.personID), \(bind: c.occurredAt),
                \(bind: c.source.rawValue), \(bind: c.madeBy.rawValue), \(bind: c.method.rawValue), \(bind: c.setting.rawValue),
                \(bind: c.note), \(bind: c.loggedBy), \(bind: c.createdAt))
            """).run()
    }

    public static func forPerson(_ id: UUID, limit: Int = 200, on conn: Connection) async throws -> [Contact] {
        try await conn.sql.raw("SELECT * FROM contacts WHERE person_id = \(bind: id) ORDER BY occurred_at DESC LIMIT \(bind: limit)").all().map(decode)
    }

    /// Contacts a staff member logged, newest first (a peer's own list, anonymous ones included).
    public static func loggedBy(_ userID: UUID, limit: Int, on conn: Connection) async throws -> [Contact] {
        try await conn.sql.raw("SELECT * FROM contacts WHERE logged_by = \(bind: userID) ORDER BY occurred_at DESC LIMIT \(bind: limit)").all().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> Contact {
        Contact(id: try row.uuid("id"), organizationID: try row.uuid("organization_id"), programID: try row.uuid("program_id"),
                personID: try row.optionalUUID("person_id"), occurredAt: try row.date("occurred_at"),
                source: Contact.Source(rawValue: try row.string("source")) ?? .other,
                madeBy: Contact.MadeBy(rawValue: try row.string("made_by")) ?? .other,
                method: Contact.Method(rawValue: try row.string("method")) ?? .inPerson,
                setting: Contact.Setting(rawValue: try row.string("setting")) ?? .other,
                note: try row.string("note"), loggedBy: try row.uuid("logged_by"), createdAt: try row.date("created_at"))
    }
}

public enum ScreeningRecords {
    public static func insert(_ s: StoredScreening, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO screenings (id, organization_id, program_id, person_id, screened_on, criteria_set, criteria_met, exclusions,
                higher_level_referral, outcome, screened_by, created_at)
            VALUES (\(bind: s.id), \(bind: s.organizationID), \(bind: s.programID), \(bind: s.personID), \(bind: s.screenedOn.description),
                \(bind: s.criteriaSet), \(bind: s.result.criteriaMet.joined(separator: ",")), \(bind: s.result.exclusions.joined(separator: ",")),
                \(bind: s.higherLevelReferral), \(bind: s.result.outcome.rawValue), \(bind: s.screenedBy), \(bind: s.createdAt))
            """).run()
    }

    public static func forPerson(_ id: UUID, on conn: Connection) async throws -> [StoredScreening] {
        try await conn.sql.raw("SELECT * FROM screenings WHERE person_id = \(bind: id) ORDER BY screened_on DESC, created_at DESC").all().map(decode)
    }

    /// The latest screen of a person for a program: the one enrollment is judged on.
    public static func latest(person: UUID, program: UUID, on conn: Connection) async throws -> StoredScreening? {
        try await conn.sql.raw("""
            SELECT * FROM screenings WHERE person_id = \(bind: person) AND program_id = \(bind: program)
            ORDER BY screened_on DESC, created_at DESC LIMIT 1
            """).all().first.map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> StoredScreening {
        func list(_ column: String) throws -> [String] { try row.string(column).split(separator: ",").map(String.init) }
        return StoredScreening(
            id: try row.uuid("id"), organizationID: try row.uuid("organization_id"), programID: try row.uuid("program_id"),
            personID: try row.uuid("person_id"), screenedOn: CalendarDate(try row.string("screened_on")) ?? CalendarDate(year: 1970, month: 1, day: 1)!,
            criteriaSet: try row.string("criteria_set"),
            result: ScreeningResult(outcome: ScreeningResult.Outcome(rawValue: try row.string("outcome")) ?? .notEligible,
                                    criteriaMet: try list("criteria_met"), exclusions: try list("exclusions")),
            higherLevelReferral: try row.string("higher_level_referral"), screenedBy: try row.uuid("screened_by"),
            createdAt: try row.date("created_at"))
    }
}

public enum EpisodeRecords {
    public static func insert(_ e: Episode, screeningID: UUID?, createdBy: UUID, now: Date, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO episodes (id, organization_id, program_id, person_id, enrolled_on, planned_end_on, consent_signed_by,
                consent_signed_on, consent_method, goals, screening_id, override_reason, override_by, next_review_on, discharged_on,
                discharge_reason, discharge_summary, discharged_by, is_open, created_by, created_at, updated_at, version)
            VALUES (\(bind: e.id), \(bind: e.organizationID), \(bind: e.programID), \(bind: e.participantID), \(bind: e.enrolledOn.description),
                \(bind: e.plannedEndOn?.description), \(bind: e.consent?.signedBy.rawValue), \(bind: e.consent?.signedOn.description),
                \(bind: e.consent?.method.rawValue), \(bind: e.goals), \(bind: screeningID), \(bind: e.overrideReason), \(bind: e.overrideBy),
                \(bind: e.nextReviewOn?.description), NULL, NULL, '', NULL, \(bind: true), \(bind: createdBy), \(bind: now), \(bind: now), 1)
            """).run()
    }

    public static func get(_ id: UUID, on conn: Connection) async throws -> Episode? {
        try await conn.sql.raw("SELECT * FROM episodes WHERE id = \(bind: id)").all().first.map(decode)
    }

    public static func forPerson(_ id: UUID, on conn: Connection) async throws -> [Episode] {
        try await conn.sql.raw("SELECT * FROM episodes WHERE person_id = \(bind: id) ORDER BY enrolled_on DESC").all().map(decode)
    }

    public static func setNextReview(_ id: UUID, to date: CalendarDate?, now: Date, on conn: Connection) async throws {
        try await conn.sql.raw("""
            UPDATE episodes SET next_review_on = \(bind: date?.description), updated_at = \(bind: now), version = version + 1 WHERE id = \(bind: id)
            """).run()
    }

    public static func discharge(_ id: UUID, on date: CalendarDate, reason: DischargeReason, summary: String, by: UUID, now: Date,
                                 expectedVersion: Int, on conn: Connection) async throws {
        try await conn.updateVersioned("""
            UPDATE episodes SET discharged_on = \(bind: date.description), discharge_reason = \(bind: reason.rawValue),
                discharge_summary = \(bind: summary), discharged_by = \(bind: by), is_open = \(bind: false), next_review_on = NULL,
                updated_at = \(bind: now), version = version + 1
            WHERE id = \(bind: id) AND version = \(bind: expectedVersion) AND discharged_on IS NULL RETURNING id
            """)
    }

    /// Open episodes of the given programs whose review is due by `through`, soonest first.
    public static func reviewsDue(programIDs: Set<UUID>, through: CalendarDate, limit: Int, on conn: Connection) async throws -> [Episode] {
        guard !programIDs.isEmpty else { return [] }
        var all: [Episode] = []
        for program in programIDs.sorted(by: { $0.uuidString < $1.uuidString }) {
            all += try await conn.sql.raw("""
                SELECT * FROM episodes WHERE program_id = \(bind: program) AND is_open = \(bind: true)
                AND next_review_on <= \(bind: through.description) ORDER BY next_review_on LIMIT \(bind: limit)
                """).all().map(decode)
        }
        return Array(all.sorted { ($0.nextReviewOn ?? $0.enrolledOn) < ($1.nextReviewOn ?? $1.enrolledOn) }.prefix(limit))
    }

    static func decode(_ row: any SQLRow) throws -> Episode {
        func day(_ column: String) throws -> CalendarDate? { try row.optionalString(column).flatMap(CalendarDate.init) }
        var e = Episode(id: try row.uuid("id"), participantID: try row.uuid("person_id"), programID: try row.uuid("program_id"),
                        enrolledOn: try day("enrolled_on") ?? CalendarDate(year: 1970, month: 1, day: 1)!, plannedEndOn: try day("planned_end_on"),
                        dischargedOn: try day("discharged_on"),
                        dischargeReason: try row.optionalString("discharge_reason").flatMap(DischargeReason.init(rawValue:)))
        e.organizationID = try row.uuid("organization_id")
        if let by = try row.optionalString("consent_signed_by").flatMap(EnrollmentConsent.SignedBy.init(rawValue:)),
           let on = try day("consent_signed_on"),
           let method = try row.optionalString("consent_method").flatMap(EnrollmentConsent.Method.init(rawValue:)) {
            e.consent = EnrollmentConsent(signedBy: by, signedOn: on, method: method)
        }
        e.goals = try row.string("goals")
        e.overrideReason = try row.optionalString("override_reason")
        e.overrideBy = try row.optionalUUID("override_by")
        e.dischargeSummary = try row.string("discharge_summary")
        e.nextReviewOn = try day("next_review_on")
        e.version = try row.int("version")
        return e
    }
}

public enum AssignmentRecords {
    public static func insert(_ a: Assignment, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO assignments (id, organization_id, episode_id, person_id, peer_id, is_current, started_at, ended_at, assigned_by, reason)
            VALUES (\(bind: a.id), \(bind: a.organizationID), \(bind: a.episodeID), \(bind: a.personID), \(bind: a.peerID),
                \(bind: a.endedAt == nil), \(bind: a.startedAt), \(bind: a.endedAt), \(bind: a.assignedBy), \(bind: a.reason))
            """).run()
    }

    /// Ends the current assignment of an episode (reassignment or discharge); the row stays as history.
    public static func endCurrent(episodeID: UUID, at: Date, on conn: Connection) async throws {
        try await conn.sql.raw("""
            UPDATE assignments SET is_current = \(bind: false), ended_at = \(bind: at) WHERE episode_id = \(bind: episodeID) AND is_current = \(bind: true)
            """).run()
    }

    public static func forEpisodes(_ ids: [UUID], on conn: Connection) async throws -> [Assignment] {
        guard !ids.isEmpty else { return [] }
        return try await conn.sql.select().column("*").from("assignments").where("episode_id", .in, ids).orderBy("started_at").all().map(decode)
    }

    /// Current caseload size of each peer.
    public static func caseloadCounts(peerIDs: [UUID], on conn: Connection) async throws -> [UUID: Int] {
        guard !peerIDs.isEmpty else { return [:] }
        return try await conn.counts("""
            SELECT peer_id, COUNT(*) AS n FROM assignments WHERE peer_id IN (\(SQLList(peerIDs.map { SQLBind($0) }))) AND is_current = \(bind: true)
            GROUP BY peer_id
            """, by: "peer_id")
    }

    static func decode(_ row: any SQLRow) throws -> Assignment {
        Assignment(id: try row.uuid("id"), organizationID: try row.uuid("organization_id"), episodeID: try row.uuid("episode_id"),
                   personID: try row.uuid("person_id"), peerID: try row.uuid("peer_id"), startedAt: try row.date("started_at"),
                   endedAt: try row.optionalDate("ended_at"), assignedBy: try row.uuid("assigned_by"), reason: try row.string("reason"))
    }
}

/// One line of a caseload: the participant, their open episode, and their peer.
public struct CaseloadEntry: Sendable {
    public var person: Person
    public var episode: Episode
    public var peerID: UUID
    public var peerSupervisorID: UUID?
}

public enum CaseloadRecords {
    /// The current caseloads of the given peers, one line per open assignment: the episodes in one
    /// indexed join, their people in one lookup by id.
    public static func forPeers(_ peerIDs: [UUID], on conn: Connection) async throws -> [CaseloadEntry] {
        guard !peerIDs.isEmpty else { return [] }
        let rows = try await conn.sql.raw("""
            SELECT a.peer_id AS assigned_peer_id, u.supervisor_id AS peer_supervisor_id, e.*
            FROM assignments a JOIN episodes e ON e.id = a.episode_id JOIN users u ON u.id = a.peer_id
            WHERE a.peer_id IN (\(SQLList(peerIDs.map { SQLBind($0) }))) AND a.is_current = \(bind: true) AND e.is_open = \(bind: true)
            """).all()
        let lines = try rows.map { (try EpisodeRecords.decode($0), try $0.uuid("assigned_peer_id"), try $0.optionalUUID("peer_supervisor_id")) }
        let people = try await PersonRecords.get(ids: lines.map(\.0.participantID), on: conn)
        return lines.compactMap { episode, peer, supervisor in
            people[episode.participantID].map { CaseloadEntry(person: $0, episode: episode, peerID: peer, peerSupervisorID: supervisor) }
        }
    }
}

public enum ReviewRecords {
    public static func insert(_ r: StoredReview, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO reviews (id, organization_id, episode_id, person_id, reviewed_on, criteria_met, outcome, note, reviewed_by, created_at)
            VALUES (\(bind: r.id), \(bind: r.organizationID), \(bind: r.episodeID), \(bind: r.personID), \(bind: r.review.reviewedOn.description),
                \(bind: r.review.criteriaMet.map(\.rawValue).sorted().joined(separator: ",")), \(bind: r.review.outcome.rawValue),
                \(bind: r.note), \(bind: r.reviewedBy), \(bind: r.createdAt))
            """).run()
    }

    public static func forPerson(_ id: UUID, on conn: Connection) async throws -> [StoredReview] {
        try await conn.sql.raw("SELECT * FROM reviews WHERE person_id = \(bind: id) ORDER BY reviewed_on DESC").all().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> StoredReview {
        let met = Set(try row.string("criteria_met").split(separator: ",").compactMap { ContinuedStayReview.Criterion(rawValue: String($0)) })
        let review = ContinuedStayReview(reviewedOn: CalendarDate(try row.string("reviewed_on")) ?? CalendarDate(year: 1970, month: 1, day: 1)!,
                                         criteriaMet: met, outcome: ContinuedStayReview.Outcome(rawValue: try row.string("outcome")) ?? .continue)
        return StoredReview(id: try row.uuid("id"), organizationID: try row.uuid("organization_id"), episodeID: try row.uuid("episode_id"),
                            personID: try row.uuid("person_id"), review: review, note: try row.string("note"),
                            reviewedBy: try row.uuid("reviewed_by"), createdAt: try row.date("created_at"))
    }
}

public enum CrisisEventRecords {
    public static func insert(_ c: StoredCrisisEvent, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO crisis_events (id, organization_id, person_id, kind, started_on, ended_on, note, recorded_by, created_at)
            VALUES (\(bind: c.id), \(bind: c.organizationID), \(bind: c.personID), \(bind: c.event.kind.rawValue),
                \(bind: c.event.startedOn.description), \(bind: c.event.endedOn?.description), \(bind: c.note), \(bind: c.recordedBy), \(bind: c.createdAt))
            """).run()
    }

    public static func forPerson(_ id: UUID, on conn: Connection) async throws -> [StoredCrisisEvent] {
        try await conn.sql.raw("SELECT * FROM crisis_events WHERE person_id = \(bind: id) ORDER BY started_on DESC").all().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> StoredCrisisEvent {
        let event = CrisisEvent(kind: CrisisEvent.Kind(rawValue: try row.string("kind")) ?? .crisisCall,
                                startedOn: CalendarDate(try row.string("started_on")) ?? CalendarDate(year: 1970, month: 1, day: 1)!,
                                endedOn: try row.optionalString("ended_on").flatMap(CalendarDate.init))
        return StoredCrisisEvent(id: try row.uuid("id"), organizationID: try row.uuid("organization_id"), personID: try row.uuid("person_id"),
                                 event: event, note: try row.string("note"), recordedBy: try row.uuid("recorded_by"), createdAt: try row.date("created_at"))
    }
}
