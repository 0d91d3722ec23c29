import Foundation

public enum SupervisionFormat: String, Sendable, Codable, CaseIterable {
    case individual
    case group

    public var labelKey: String { "supervision.format.\(rawValue)" }
}

/// What a supervision session worked on (seed 001: supportive supervision, boundaries, burnout).
public enum SupervisionTopic: String, Sendable, Codable, CaseIterable {
    case boundaries
    case ethics
    case selfCare = "self_care"
    case caseloadReview = "caseload_review"
    case documentation
    case crisisResponse = "crisis_response"
    case sharingLivedExperience = "sharing_lived_experience"
    case careerDevelopment = "career_development"
    case other

    public var labelKey: String { "supervision.topic.\(rawValue)" }
}

/// One supervision session, with every peer who attended (one for an individual session).
public struct SupervisionSession: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var organizationID: UUID
    public var supervisorID: UUID
    public var heldOn: CalendarDate
    public var minutes: Int
    public var format: SupervisionFormat
    public var peerIDs: [UUID]
    public var topics: Set<SupervisionTopic>
    /// A short note for the supervisor's own follow-up; never participant details.
    public var note: String
    public var recordedBy: UUID
    public var recordedAt: Date

    public init(id: UUID, organizationID: UUID, supervisorID: UUID, heldOn: CalendarDate, minutes: Int, format: SupervisionFormat,
                peerIDs: [UUID], topics: Set<SupervisionTopic>, note: String, recordedBy: UUID, recordedAt: Date) {
        self.id = id
        self.organizationID = organizationID
        self.supervisorID = supervisorID
        self.heldOn = heldOn
        self.minutes = minutes
        self.format = format
        self.peerIDs = peerIDs
        self.topics = topics
        self.note = note
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// Supervision hours of one peer in one month against the program's expectation.
public struct SupervisionMonth: Sendable, Equatable {
    public let peerID: UUID
    /// First day of the month.
    public let month: CalendarDate
    public let minutes: Int
    public let sessions: Int
    public let targetMinutes: Int
    public var shortMinutes: Int { max(0, targetMinutes - minutes) }
    public var isMet: Bool { minutes >= targetMinutes }
}

public enum SupervisionRules {
    /// Supervision a peer is expected to receive each month unless the organization sets otherwise.
    public static let defaultMonthlyMinutes = 60
    public static let maxNoteLength = 1000
    public static let minutesRange = 5...480
    public static let maxGroupSize = 40

    /// Whether a staff member may supervise peers on a day: a qualifying credential, valid that day.
    /// Codes on field "supervisor": supervisor_not_qualified, credential_expired.
    public static func checkSupervisor(_ credential: QualifyingCredential?, on date: CalendarDate, field: String = "supervisor") throws(ValidationErrors) {
        guard let credential else { throw ValidationErrors([ValidationError(field, "supervisor_not_qualified")]) }
        if !credential.isValid(on: date) { throw ValidationErrors([ValidationError(field, "credential_expired")]) }
    }

    /// A session: a qualified supervisor that day, a day not after today, 5 minutes to 8 hours, one peer for an
    /// individual session and 1–40 for a group, not the supervisor among the peers, a single-paragraph note.
    public static func validate(_ session: SupervisionSession, supervisorCredential: QualifyingCredential?,
                                today: CalendarDate) throws(ValidationErrors) -> SupervisionSession {
        var errors = ValidationErrors()
        var s = session
        do { try checkSupervisor(supervisorCredential, on: s.heldOn) } catch { errors.errors += error.errors }
        if s.heldOn > today { errors.append(ValidationError("held_on", "in_future")) }
        DateRules.check(s.heldOn, field: "held_on", into: &errors)
        if !minutesRange.contains(s.minutes) { errors.append(ValidationError("minutes", "out_of_range")) }
        var seen = Set<UUID>()
        s.peerIDs = s.peerIDs.filter { seen.insert($0).inserted }
        if s.peerIDs.isEmpty {
            errors.append(ValidationError("peers", "required"))
        } else if s.format == .individual && s.peerIDs.count > 1 {
            errors.append(ValidationError("peers", "individual_has_one_peer"))
        } else if s.peerIDs.count > maxGroupSize {
            errors.append(ValidationError("peers", "too_many"))
        }
        if s.peerIDs.contains(s.supervisorID) { errors.append(ValidationError("peers", "supervises_self")) }
        s.note = TextRules.clean(s.note, field: "note", lines: .multi, limit: maxNoteLength, into: &errors)
        try errors.throwIfAny()
        return s
    }

    /// Each peer's minutes in the month starting `month` (every attendee of a group counts its full length:
    /// each received that supervision); peers with no session show zero.
    public static func month(_ month: CalendarDate, peers: [UUID], sessions: [SupervisionSession], targetMinutes: Int) -> [SupervisionMonth] {
        let first = CalendarDate(year: month.year, month: month.month, day: 1)!
        let next = first.adding(months: 1)
        var minutes: [UUID: Int] = [:], count: [UUID: Int] = [:]
        for session in sessions where session.heldOn >= first && session.heldOn < next {
            for peer in session.peerIDs {
                minutes[peer, default: 0] += session.minutes
                count[peer, default: 0] += 1
            }
        }
        return peers.map { SupervisionMonth(peerID: $0, month: first, minutes: minutes[$0] ?? 0, sessions: count[$0] ?? 0, targetMinutes: targetMinutes) }
    }

    /// The first day of `date`'s month and of the month before it: the month in progress and the last
    /// complete one, which decides who is behind.
    public static func months(around date: CalendarDate) -> (current: CalendarDate, previous: CalendarDate) {
        let current = CalendarDate(year: date.year, month: date.month, day: 1)!
        return (current, current.adding(months: -1))
    }
}
