import Foundation

/// Where a person's current application stands on a day.
public enum CertificationState: String, Sendable, Codable, CaseIterable {
    case notStarted = "not_started"
    /// Applied, documents verified or not, awaiting approval.
    case applied
    case trainingWindowOpen = "training_window_open"
    /// Approved, the window has ended and the exam was not passed in it: only a new application goes on.
    case trainingWindowClosed = "training_window_closed"
    case trainingCompleted = "training_completed"
    case examPassed = "exam_passed"
    case certified
    case renewalDue = "renewal_due"
    case lapsed

    public var labelKey: String { "certification.state.\(rawValue)" }
}

/// The alert a deadline raises on a day.
public enum DeadlineAlert: String, Sendable, Codable, Comparable {
    case none
    case days90 = "days_90"
    case days60 = "days_60"
    case days30 = "days_30"
    case overdue

    /// In rising urgency; a raw-valued enum gets no synthesized order.
    private static let urgency: [DeadlineAlert] = [.none, .days90, .days60, .days30, .overdue]

    public static func < (a: DeadlineAlert, b: DeadlineAlert) -> Bool { urgency.firstIndex(of: a)! < urgency.firstIndex(of: b)! }
}

public struct CertificationDeadline: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case trainingWindow = "training_window"
        case renewal
        case ethics
    }

    public let kind: Kind
    public let dueOn: CalendarDate
    public let daysLeft: Int
    public let alert: DeadlineAlert
}

/// Continuing education logged in one certification cycle against what the cycle asks.
public struct CECycleProgress: Sendable, Equatable {
    public let startsOn: CalendarDate
    /// The cycle's last day, included.
    public let endsOn: CalendarDate
    /// Logged with `takenOn` in `startsOn...endsOn`.
    public let minutes: Int
    public let lawAndEthicsMinutes: Int
    public let requiredMinutes: Int
    public let requiredLawAndEthicsMinutes: Int

    public var remainingMinutes: Int { max(0, requiredMinutes - minutes) }
    public var remainingLawAndEthicsMinutes: Int { max(0, requiredLawAndEthicsMinutes - lawAndEthicsMinutes) }
    public var isMet: Bool { remainingMinutes == 0 && remainingLawAndEthicsMinutes == 0 }
}

/// One line of "what do I still have to do, and by when".
public struct CertificationTask: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case apply
        case verifyDocuments = "verify_documents"
        case approval
        case completeTraining = "complete_training"
        case passExam = "pass_exam"
        case certify
        case logCE = "log_ce"
        case logLawAndEthics = "log_law_and_ethics"
        case signEthics = "sign_ethics"
        case renew
        case reapply
    }

    public let kind: Kind
    public let dueOn: CalendarDate?
    public let done: Bool
    /// For log_ce / log_law_and_ethics: minutes still to log (0 when done).
    public let remainingMinutes: Int?
    /// `none` once done or when nothing is due.
    public let alert: DeadlineAlert

    public var labelKey: String { "certification.task.\(kind.rawValue)" }
}

/// A person's certification on a day, folded from their events and continuing education.
public struct CertificationStatus: Sendable, Equatable {
    public let state: CertificationState
    public let appliedOn: CalendarDate?
    public let documentsVerifiedOn: CalendarDate?
    public let approvedOn: CalendarDate?
    /// `approvedOn` plus the training window's months (kept within the month): the last day allowed.
    public let trainingWindowEndsOn: CalendarDate?
    public let trainingCompletedOn: CalendarDate?
    public let examPassedOn: CalendarDate?
    /// The first certification of the current application.
    public let certifiedOn: CalendarDate?
    public let cycleStartsOn: CalendarDate?
    /// The current cycle's last valid day.
    public let expiresOn: CalendarDate?
    /// `expiresOn` less the renewal window's days.
    public let renewalOpensOn: CalendarDate?
    /// Whether the code of ethics was signed in the current cycle after its first day, which is what a
    /// renewal asks; the signature given at certification is the one the first cycle starts under.
    public let ethicsSignedInCycle: Bool
    /// The reference of the certified event; "" when there is none.
    public let certificateNumber: String
    public let renewals: Int
    /// When certified, renewal is due or lapsed (then the cycle that lapsed).
    public let ce: CECycleProgress?
    /// Soonest first.
    public let deadlines: [CertificationDeadline]
    /// In the order a person does them; done ones included.
    public let tasks: [CertificationTask]
}

/// How a peer's certification bears on a service they gave on a day.
public enum CertificationStanding: String, Sendable, Codable {
    case notTracked = "not_tracked"
    case inProgress = "in_progress"
    case trainingWindowClosed = "training_window_closed"
    case certified
    case lapsed

    /// A service by a peer in this standing is flagged for the supervisor and its units are not billed.
    public var isFlagged: Bool { self == .trainingWindowClosed || self == .lapsed }
}
