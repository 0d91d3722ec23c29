import Foundation

/// An episode of care: a person's time enrolled in one program, from enrollment to discharge.
public struct Episode: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var participantID: UUID
    public var programID: UUID
    public var enrolledOn: CalendarDate
    /// From the program's default length for a time-limited program; nil for long-term support.
    public var plannedEndOn: CalendarDate?
    public var dischargedOn: CalendarDate?
    public var dischargeReason: DischargeReason?

    public var organizationID: UUID?
    public var consent: EnrollmentConsent?
    /// What the person wants from joining, in their words.
    public var goals: String = ""
    /// Set when the person was enrolled without an eligible screen: why, and who decided.
    public var overrideReason: String?
    public var overrideBy: UUID?
    public var dischargeSummary: String = ""
    /// When continued stay is next reviewed; kept on the episode so due lists are one index scan.
    public var nextReviewOn: CalendarDate?
    public var version: Int = 1

    public init(id: UUID, participantID: UUID, programID: UUID, enrolledOn: CalendarDate, plannedEndOn: CalendarDate?,
                dischargedOn: CalendarDate? = nil, dischargeReason: DischargeReason? = nil) {
        self.id = id
        self.participantID = participantID
        self.programID = programID
        self.enrolledOn = enrolledOn
        self.plannedEndOn = plannedEndOn
        self.dischargedOn = dischargedOn
        self.dischargeReason = dischargeReason
    }

    public var isOpen: Bool { dischargedOn == nil }

    /// The episode a staff member's work on a person belongs to: the person's open episode in one of
    /// `programIDs` (the staff member's), first in `episodes`' order (newest first as stored).
    public static func current(in episodes: [Episode], programIDs: Set<UUID>) -> Episode? {
        episodes.first { $0.isOpen && programIDs.contains($0.programID) }
    }

    /// The next thing due on an open episode: its continued-stay review or its planned end, whichever
    /// comes first.
    public var nextDue: (kind: DueKind, on: CalendarDate)? {
        guard isOpen else { return nil }
        let items: [(DueKind, CalendarDate)] = [nextReviewOn.map { (.review, $0) }, plannedEndOn.map { (.plannedEnd, $0) }].compactMap { $0 }
        return items.min { $0.1 < $1.1 }.map { (kind: $0.0, on: $0.1) }
    }

    public enum DueKind: String, Sendable { case review, plannedEnd = "planned_end" }
}

/// Why an episode ended: criteria A and B of the service definition, then the reasons programs record.
public enum DischargeReason: String, Sendable, Codable, CaseIterable {
    /// Criterion A: no longer wishes to receive peer support services.
    case noLongerWishesServices = "no_longer_wishes_services"
    /// Criterion B: goals of the service plan and program substantially met.
    case goalsSubstantiallyMet = "goals_substantially_met"
    case moved
    case unableToContact = "unable_to_contact"
    case higherLevelOfCare = "higher_level_of_care"
    case incarcerated
    case deceased
    case other

    public var labelKey: String { "discharge.reason.\(rawValue)" }
}

/// A decision to enroll someone whose screen did not find them eligible. It must say why, and it is
/// recorded and audited with the enrollment.
public struct EligibilityOverride: Sendable, Equatable, Codable {
    public let reason: String
    public let approvedBy: UUID
    public init(reason: String, approvedBy: UUID) {
        self.reason = reason
        self.approvedBy = approvedBy
    }

    /// The override an enrollment asks for: a reason given when the latest screen does not show the
    /// person eligible. A reason next to an eligible screen overrides nothing, so it is not recorded.
    /// The reason is kept as typed: `EpisodeRules.validateEnrollment` checks it, the episode stores it trimmed.
    public static func requested(reason: String?, screen: ScreeningResult?, approvedBy: UUID) -> EligibilityOverride? {
        guard let reason, screen?.isEligible != true else { return nil }
        return EligibilityOverride(reason: reason, approvedBy: approvedBy)
    }
}

/// The rules of the participant journey's state machine: contact → screen → enrollment → reviews → discharge.
public enum EpisodeRules {
    /// The planned end of an episode starting on `enrolledOn`: the program's default length for a
    /// time-limited program (PeerLINKS: about six months), none for long-term support.
    public static func plannedEnd(for program: Program, enrolledOn: CalendarDate) -> CalendarDate? {
        guard program.model == .timeLimited, let days = program.defaultLengthDays else { return nil }
        return enrolledOn.adding(days: days)
    }

    /// Checks an enrollment before anything is written. `screen` is the person's latest screen for the
    /// program; a missing or not-eligible screen needs an override with a reason.
    public static func validateEnrollment(
        programID: UUID, enrolledOn: CalendarDate, today: CalendarDate, dateOfBirth: CalendarDate?,
        screen: ScreeningResult?, override: EligibilityOverride?, existing: [Episode]
    ) throws(ValidationErrors) {
        var errors = ValidationErrors()
        if enrolledOn > today {
            errors.append(ValidationError("enrolled_on", "in_future", "error.date_in_future"))
        }
        DateRules.check(enrolledOn, field: "enrolled_on", into: &errors)
        if let dateOfBirth, enrolledOn < dateOfBirth {
            errors.append(ValidationError("enrolled_on", "before_birth"))
        }
        if existing.contains(where: { $0.programID == programID && $0.isOpen }) {
            errors.append(ValidationError("program_id", "episode_already_open"))
        }
        if let last = existing.filter({ $0.programID == programID }).compactMap(\.dischargedOn).max(), enrolledOn < last {
            errors.append(ValidationError("enrolled_on", "overlaps_previous_episode"))
        }
        if screen?.isEligible != true {
            if let override {
                if let code = TextRules.problem(override.reason, lines: .multi, limit: maxOverrideReasonLength) {
                    errors.append(ValidationError("override_reason", code))
                } else if TextRules.trimmed(override.reason).isEmpty {
                    errors.append(ValidationError("override_reason", "required", "error.override_reason_required"))
                }
            } else {
                errors.append(ValidationError(field: "screening", code: screen == nil ? "screening_required" : "not_eligible",
                                              messageKey: screen == nil ? "error.screening_required" : "error.not_eligible_without_override"))
            }
        }
        try errors.throwIfAny()
    }

    /// Longest goals, discharge summary and override reason, in Unicode scalars (`TextRules`).
    public static let maxGoalsLength = 4000
    public static let maxSummaryLength = 8000
    public static let maxOverrideReasonLength = 2000

    /// Checks what an enrollment records besides eligibility: who consented, when (not in the
    /// future, nor before 1900) and how; goals as bounded multi-line text. Returns the goals trimmed.
    @discardableResult
    public static func validateConsent(_ consent: EnrollmentConsent?, goals: String, today: CalendarDate) throws(ValidationErrors) -> String {
        var errors = ValidationErrors()
        if let consent {
            if consent.signedOn > today {
                errors.append(ValidationError("consent_signed_on", "in_future", "error.date_in_future"))
            }
            DateRules.check(consent.signedOn, field: "consent_signed_on", into: &errors)
        } else {
            errors.append(ValidationError("consent_signed_by", "required", "error.consent_required"))
        }
        let cleaned = TextRules.clean(goals, field: "goals", lines: .multi, limit: maxGoalsLength, into: &errors)
        try errors.throwIfAny()
        return cleaned
    }

    /// Checks a discharge summary: optional, multi-line, bounded. Returns it trimmed.
    public static func validateSummary(_ summary: String) throws(ValidationErrors) -> String {
        try TextRules.checked(summary, field: "summary", lines: .multi, limit: maxSummaryLength)
    }

    /// Checks a discharge: the episode must be open, and the date neither before enrollment nor in the future.
    public static func validateDischarge(_ episode: Episode, on date: CalendarDate, reason: DischargeReason?, today: CalendarDate) throws(ValidationErrors) {
        var errors = ValidationErrors()
        if !episode.isOpen {
            errors.append(ValidationError("episode", "already_discharged"))
        }
        if date < episode.enrolledOn {
            errors.append(ValidationError("discharged_on", "before_enrollment", "error.discharge_before_enrollment"))
        }
        if date > today {
            errors.append(ValidationError("discharged_on", "in_future", "error.date_in_future"))
        }
        if reason == nil {
            errors.append(ValidationError("reason", "required"))
        }
        try errors.throwIfAny()
    }
}

/// When continued stay is next reviewed, and whether that is overdue.
public enum ReviewSchedule {
    public enum Status: String, Sendable, Equatable, Comparable {
        case notDue = "not_due", dueSoon = "due_soon", overdue

        /// Lists people work from put what needs doing first: overdue, then due soon, then the rest.
        public static func < (a: Status, b: Status) -> Bool { a.urgency > b.urgency }
        private var urgency: Int { self == .overdue ? 2 : self == .dueSoon ? 1 : 0 }
    }

    /// The next review falls one review period after the later of enrollment and the last review; none
    /// falls due in a program without continued-stay reviews (`Program.reviewFrequencyDays`).
    public static func nextDue(enrolledOn: CalendarDate, lastReviewOn: CalendarDate?, frequencyDays: Int?) -> CalendarDate? {
        frequencyDays.map { max(enrolledOn, lastReviewOn ?? enrolledOn).adding(days: $0) }
    }

    /// Due soon within `window` days of the due date; overdue after it.
    public static func status(due: CalendarDate, today: CalendarDate, window: Int = 14) -> Status {
        if today > due { return .overdue }
        return today.days(until: due) <= window ? .dueSoon : .notDue
    }
}
