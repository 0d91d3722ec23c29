import Foundation

/// A continued-stay review (seed 004, VI): whether the person can keep progressing (A), wishes to
/// continue (B), and whether further peer support is appropriate (C); the outcome is to continue or
/// to discharge.
public struct ContinuedStayReview: Sendable, Equatable, Codable {
    public enum Criterion: String, Sendable, Codable, CaseIterable {
        case capacityToProgress = "A"
        case wishesToContinue = "B"
        case furtherSupportAppropriate = "C"

        public var labelKey: String { "review.criterion.\(rawValue.lowercased())" }
    }

    public enum Outcome: String, Sendable, Codable { case `continue`, discharge }

    public var reviewedOn: CalendarDate
    public var criteriaMet: Set<Criterion>
    public var outcome: Outcome

    public init(reviewedOn: CalendarDate, criteriaMet: Set<Criterion>, outcome: Outcome) {
        self.reviewedOn = reviewedOn
        self.criteriaMet = criteriaMet
        self.outcome = outcome
    }

    /// What the criteria suggest: continue when all three hold.
    public static func recommendation(_ met: Set<Criterion>) -> Outcome {
        met == Set(Criterion.allCases) ? .continue : .discharge
    }

    /// A review can continue only someone who wishes to continue; it cannot be dated before the
    /// episode began or in the future.
    public func validate(episode: Episode, today: CalendarDate) throws(ValidationErrors) {
        var errors = ValidationErrors()
        if outcome == .continue && !criteriaMet.contains(.wishesToContinue) {
            errors.append(ValidationError("outcome", "continue_without_consent"))
        }
        if reviewedOn < episode.enrolledOn {
            errors.append(ValidationError("reviewed_on", "before_enrollment", "error.review_before_enrollment"))
        }
        if reviewedOn > today {
            errors.append(ValidationError("reviewed_on", "in_future", "error.date_in_future"))
        }
        if !episode.isOpen {
            errors.append(ValidationError("episode", "already_discharged"))
        }
        try errors.throwIfAny()
    }

    /// Longest review note, in Unicode scalars.
    public static let maxNoteLength = 4000

    /// A review's note: optional, multi-line, bounded (`TextRules`). Returns it trimmed.
    public static func validateNote(_ note: String) throws(ValidationErrors) -> String {
        try TextRules.checked(note, field: "note", lines: .multi, limit: maxNoteLength)
    }
}

/// Emergency visits, psychiatric admissions and crisis calls, dated, for re-admission reporting.
public struct CrisisEvent: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case emergencyVisit = "emergency_visit"
        case psychiatricAdmission = "psychiatric_admission"
        case crisisCall = "crisis_call"
    }

    public var kind: Kind
    public var startedOn: CalendarDate
    /// For an admission, the day the person left the hospital.
    public var endedOn: CalendarDate?

    public init(kind: Kind, startedOn: CalendarDate, endedOn: CalendarDate? = nil) {
        self.kind = kind
        self.startedOn = startedOn
        self.endedOn = endedOn
    }
}

extension CrisisEvent {
    /// Longest crisis event note, in Unicode scalars.
    public static let maxNoteLength = 4000

    /// An event cannot start in the future, before 1900 or before the person was born, nor end before
    /// it started or in the future; its note is bounded multi-line text. Returns the note trimmed.
    @discardableResult
    public func validate(note: String, today: CalendarDate, dateOfBirth: CalendarDate?) throws(ValidationErrors) -> String {
        var errors = ValidationErrors()
        if startedOn > today { errors.append(ValidationError("started_on", "in_future", "error.date_in_future")) }
        DateRules.check(startedOn, field: "started_on", into: &errors)
        if let dateOfBirth, startedOn < dateOfBirth {
            errors.append(ValidationError("started_on", "before_birth"))
        }
        if let end = endedOn {
            if end < startedOn { errors.append(ValidationError("ended_on", "before_start", "error.end_before_start")) }
            if end > today { errors.append(ValidationError("ended_on", "in_future", "error.date_in_future")) }
        }
        let cleaned = TextRules.clean(note, field: "note", lines: .multi, limit: Self.maxNoteLength, into: &errors)
        try errors.throwIfAny()
        return cleaned
    }
}

public enum Readmission {
    /// Psychiatric admissions that began within `days` of the end of the previous one (its discharge
    /// day, or its start when the discharge day is unknown): the 30- and 90-day re-admission measures.
    public static func readmissions(_ events: [CrisisEvent], withinDays days: Int) -> [CrisisEvent] {
        let admissions = events.filter { $0.kind == .psychiatricAdmission }.sorted { $0.startedOn < $1.startedOn }
        var result: [CrisisEvent] = []
        for (previous, next) in zip(admissions, admissions.dropFirst()) {
            let gap = (previous.endedOn ?? previous.startedOn).days(until: next.startedOn)
            if gap >= 0 && gap <= days { result.append(next) }
        }
        return result
    }
}
