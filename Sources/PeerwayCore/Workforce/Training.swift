import Foundation

/// The ten areas a recognized peer specialist training must cover at a minimum (seed 004, staff requirements).
public enum TrainingTopic: String, Sendable, Codable, CaseIterable {
    case recoveryPrinciples = "recovery_principles"
    case culturalCompetency = "cultural_competency"
    case dealingWithConflict = "dealing_with_conflict"
    case goalSettingAndProblemSolving = "goal_setting_and_problem_solving"
    case psychosocialRehabilitation = "psychosocial_rehabilitation"
    case rightsAndConfidentiality = "rights_and_confidentiality"
    case professionalBoundaries = "professional_boundaries"
    case selfAdvocacy = "self_advocacy"
    case listeningAndResponding = "listening_and_responding"
    case tellingPersonalStories = "telling_personal_stories"

    public var labelKey: String { "training.topic.\(rawValue)" }
}

/// A training in an organization's catalogue: a certification training covering the ten topics, or
/// any other (motivational interviewing, WRAP facilitation, naloxone).
public struct TrainingCourse: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var organizationID: UUID
    public var title: String
    public var topics: Set<TrainingTopic>
    /// Usual length, in minutes; nil when it varies.
    public var minutes: Int?

    public init(id: UUID, organizationID: UUID, title: String, topics: Set<TrainingTopic>, minutes: Int?) {
        self.id = id
        self.organizationID = organizationID
        self.title = title
        self.topics = topics
        self.minutes = minutes
    }
}

/// One training a staff member completed, with what proves it.
public struct TrainingCompletion: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var userID: UUID
    public var courseID: UUID?
    public var title: String
    public var topics: Set<TrainingTopic>
    public var completedOn: CalendarDate
    public var minutes: Int
    /// The certificate's number, the trainer, where the document is kept: the completion evidence.
    public var evidence: String
    public var recordedBy: UUID
    public var recordedAt: Date

    public init(id: UUID, userID: UUID, courseID: UUID?, title: String, topics: Set<TrainingTopic>, completedOn: CalendarDate,
                minutes: Int, evidence: String, recordedBy: UUID, recordedAt: Date) {
        self.id = id
        self.userID = userID
        self.courseID = courseID
        self.title = title
        self.topics = topics
        self.completedOn = completedOn
        self.minutes = minutes
        self.evidence = evidence
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

public enum TrainingRules {
    public static let maxTitleLength = 200
    public static let maxEvidenceLength = 500

    /// A completion: a title, a day not after today, 1 minute to 200 hours, evidence required (seed 004:
    /// "must have documentation of completion"). Returns it with trimmed text.
    public static func validate(_ completion: TrainingCompletion, today: CalendarDate) throws(ValidationErrors) -> TrainingCompletion {
        var errors = ValidationErrors()
        var c = completion
        c.title = TextRules.clean(c.title, field: "title", lines: .single, limit: maxTitleLength, into: &errors)
        if c.title.isEmpty { errors.append(ValidationError("title", "required")) }
        c.evidence = TextRules.clean(c.evidence, field: "evidence", lines: .single, limit: maxEvidenceLength, into: &errors)
        if c.evidence.isEmpty { errors.append(ValidationError("evidence", "required")) }
        if c.completedOn > today { errors.append(ValidationError("completed_on", "in_future")) }
        DateRules.check(c.completedOn, field: "completed_on", into: &errors)
        if !(1...12_000).contains(c.minutes) { errors.append(ValidationError("hours", "out_of_range")) }
        try errors.throwIfAny()
        return c
    }

    /// A catalogue entry: a title and, if given, a length of 1 minute to 200 hours.
    public static func validate(_ course: TrainingCourse) throws(ValidationErrors) -> TrainingCourse {
        var errors = ValidationErrors()
        var c = course
        c.title = TextRules.clean(c.title, field: "title", lines: .single, limit: maxTitleLength, into: &errors)
        if c.title.isEmpty { errors.append(ValidationError("title", "required")) }
        if let minutes = c.minutes, !(1...12_000).contains(minutes) { errors.append(ValidationError("hours", "out_of_range")) }
        try errors.throwIfAny()
        return c
    }

    /// For each of the ten topics, the first day a completion covered it; topics absent were never covered.
    public static func coverage(_ completions: [TrainingCompletion]) -> [TrainingTopic: CalendarDate] {
        var covered: [TrainingTopic: CalendarDate] = [:]
        for completion in completions {
            for topic in completion.topics where covered[topic].map({ completion.completedOn < $0 }) ?? true {
                covered[topic] = completion.completedOn
            }
        }
        return covered
    }

    /// The topics still to cover, in the seed's order.
    public static func missing(_ completions: [TrainingCompletion]) -> [TrainingTopic] {
        let covered = coverage(completions)
        return TrainingTopic.allCases.filter { covered[$0] == nil }
    }
}
