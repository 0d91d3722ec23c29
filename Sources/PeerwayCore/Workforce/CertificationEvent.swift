import Foundation

/// A step on the way to certification, or in keeping it, as a person records it happened.
public enum CertificationStep: String, Sendable, Codable, CaseIterable {
    case applied
    case documentsVerified = "documents_verified"
    case approved
    case trainingCompleted = "training_completed"
    case examPassed = "exam_passed"
    case certified
    case ethicsSigned = "ethics_signed"
    case renewed

    public var labelKey: String { "certification.step.\(rawValue)" }
}

/// One step taken on a day. Events are only ever added: the status is folded from them, so a new
/// application leaves the old one's history in place.
public struct CertificationEvent: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var userID: UUID
    public var step: CertificationStep
    public var on: CalendarDate
    /// A certificate number, the training program's name, an exam id, the documents seen: free single-line text, may be empty.
    public var reference: String
    public var recordedBy: UUID
    public var recordedAt: Date

    public init(id: UUID, userID: UUID, step: CertificationStep, on: CalendarDate, reference: String, recordedBy: UUID, recordedAt: Date) {
        self.id = id
        self.userID = userID
        self.step = step
        self.on = on
        self.reference = reference
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// What continuing education was about; law and ethics has its own minimum within the cycle's hours.
public enum CECategory: String, Sendable, Codable, CaseIterable {
    case lawAndEthics = "law_and_ethics"
    case culturalCompetency = "cultural_competency"
    case recoveryAndWellness = "recovery_and_wellness"
    case traumaInformedCare = "trauma_informed_care"
    case crisisSupport = "crisis_support"
    case supervisionAndLeadership = "supervision_and_leadership"
    case other

    public var labelKey: String { "ce.category.\(rawValue)" }
}

/// Continuing education a certified peer took: it counts toward the cycle its day falls in.
public struct CEEntry: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var userID: UUID
    public var takenOn: CalendarDate
    public var minutes: Int
    public var category: CECategory
    public var title: String
    public var provider: String
    public var recordedBy: UUID
    public var recordedAt: Date

    public init(id: UUID, userID: UUID, takenOn: CalendarDate, minutes: Int, category: CECategory, title: String, provider: String,
                recordedBy: UUID, recordedAt: Date) {
        self.id = id
        self.userID = userID
        self.takenOn = takenOn
        self.minutes = minutes
        self.category = category
        self.title = title
        self.provider = provider
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}
