import Foundation

/// The two plans a participant and their peer write together: a recovery and wellness plan (goals in
/// life domains, with small next steps) and a crisis plan (a wellness recovery action plan). Both are
/// versioned the same way: a draft is edited freely; once the participant agrees to it, it is kept as
/// it was, and a change makes a new draft version.
public enum PlanKind: String, Sendable, Codable, CaseIterable {
    case recovery
    case crisis

    public var labelKey: String { "plan.kind.\(rawValue)" }
}

public enum PlanStatus: String, Sendable, Codable, CaseIterable {
    /// Being written; may be edited.
    case draft
    /// The participant agreed to it; kept as it was.
    case agreed
    /// An agreed version a later agreed version replaced.
    case superseded

    public var labelKey: String { "plan.status.\(rawValue)" }
}

/// How the participant agreed.
public enum AgreementMethod: String, Sendable, Codable, CaseIterable {
    case signature
    case verbal

    public var labelKey: String { "plan.agreement.\(rawValue)" }
}

public struct PlanAgreement: Sendable, Equatable, Codable {
    public let method: AgreementMethod
    public let on: CalendarDate
    public let recordedBy: UUID
    public let note: String

    public init(method: AgreementMethod, on: CalendarDate, recordedBy: UUID, note: String) {
        self.method = method
        self.on = on
        self.recordedBy = recordedBy
        self.note = note
    }
}

/// One version of a person's plan in one episode.
public struct PlanVersion: Sendable, Equatable, Identifiable {
    public let id: UUID
    public let kind: PlanKind
    public let organizationID: UUID
    public let programID: UUID
    public let personID: UUID
    public let episodeID: UUID
    /// 1, 2, … within the episode and kind.
    public let number: Int
    public var status: PlanStatus
    public var content: PlanContent
    public let createdBy: UUID
    public let createdAt: Date
    public var updatedAt: Date
    public var agreement: PlanAgreement?
    /// The version this one was revised from.
    public let previousID: UUID?
    /// Optimistic concurrency: a form that read version N may only save over version N.
    public var rowVersion: Int

    public init(id: UUID, kind: PlanKind, organizationID: UUID, programID: UUID, personID: UUID, episodeID: UUID, number: Int,
                status: PlanStatus, content: PlanContent, createdBy: UUID, createdAt: Date, updatedAt: Date, agreement: PlanAgreement? = nil,
                previousID: UUID? = nil, rowVersion: Int = 1) {
        self.id = id
        self.kind = kind
        self.organizationID = organizationID
        self.programID = programID
        self.personID = personID
        self.episodeID = episodeID
        self.number = number
        self.status = status
        self.content = content
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.agreement = agreement
        self.previousID = previousID
        self.rowVersion = rowVersion
    }

    public var recovery: RecoveryPlanContent? { if case .recovery(let c) = content { c } else { nil } }
    public var crisis: CrisisPlanContent? { if case .crisis(let c) = content { c } else { nil } }
}

/// What a plan holds, by kind.
public enum PlanContent: Sendable, Equatable {
    case recovery(RecoveryPlanContent)
    case crisis(CrisisPlanContent)

    public var kind: PlanKind {
        switch self {
        case .recovery: .recovery
        case .crisis: .crisis
        }
    }

    public static func empty(_ kind: PlanKind) -> PlanContent {
        kind == .recovery ? .recovery(RecoveryPlanContent()) : .crisis(CrisisPlanContent())
    }
}

// MARK: - The recovery and wellness plan

/// Who takes a next step.
public enum StepOwner: String, Sendable, Codable, CaseIterable {
    case participant
    case peer
    case together

    public var labelKey: String { "plan.owner.\(rawValue)" }
}

/// A small next step toward a goal: what, who, by when.
public struct PlanStep: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var what: String
    public var who: StepOwner
    public var byWhen: CalendarDate?

    public init(id: UUID, what: String, who: StepOwner, byWhen: CalendarDate? = nil) {
        self.id = id
        self.what = what
        self.who = who
        self.byWhen = byWhen
    }
}

/// A goal in the participant's own words, in one life domain. Its id stays the same from version to
/// version, so versions compare goal by goal and progress notes follow the goal.
public struct PlanGoal: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var domain: String
    public var words: String
    public var steps: [PlanStep]

    public init(id: UUID, domain: String, words: String, steps: [PlanStep] = []) {
        self.id = id
        self.domain = domain
        self.words = words
        self.steps = steps
    }
}

public struct RecoveryPlanContent: Sendable, Equatable, Codable {
    public var goals: [PlanGoal]
    /// The participant's strengths and what already helps, in their words.
    public var strengths: String

    public init(goals: [PlanGoal] = [], strengths: String = "") {
        self.goals = goals
        self.strengths = strengths
    }
}

// MARK: - The crisis plan (wellness recovery action plan)

/// Someone the participant names to help in a crisis.
public struct Supporter: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var name: String
    public var relationship: String
    public var phone: String
    /// What they are asked to do ("stay with me", "take care of my dog").
    public var role: String
    /// The participant allows them to make decisions for them in a crisis.
    public var mayDecide: Bool

    public init(id: UUID, name: String, relationship: String = "", phone: String = "", role: String = "", mayDecide: Bool = false) {
        self.id = id
        self.name = name
        self.relationship = relationship
        self.phone = phone
        self.role = role
        self.mayDecide = mayDecide
    }
}

/// The sections of a wellness recovery action plan, each in the participant's words.
public struct CrisisPlanContent: Sendable, Equatable, Codable {
    public var wellnessTools: String = ""
    public var dailyMaintenance: String = ""
    public var triggers: String = ""
    public var triggerActions: String = ""
    public var earlyWarningSigns: String = ""
    public var earlyWarningActions: String = ""
    public var breakingDown: String = ""
    public var breakingDownActions: String = ""
    /// The signs that tell others to take over.
    public var crisisSigns: String = ""
    public var supporters: [Supporter] = []
    public var preferredTreatments: String = ""
    public var refusedTreatments: String = ""
    public var preferredFacilities: String = ""
    public var refusedFacilities: String = ""
    /// Who may decide for the participant, beyond the supporters marked so, and on what.
    public var whoMayDecide: String = ""
    public var postCrisis: String = ""

    public init() {}

    /// Each text section's field name and property, in the order of the plan.
    private static let paths: [(field: String, path: any WritableKeyPath<CrisisPlanContent, String> & Sendable)] = [
        ("wellness_tools", \.wellnessTools), ("daily_maintenance", \.dailyMaintenance), ("triggers", \.triggers),
        ("trigger_actions", \.triggerActions), ("early_warning_signs", \.earlyWarningSigns), ("early_warning_actions", \.earlyWarningActions),
        ("breaking_down", \.breakingDown), ("breaking_down_actions", \.breakingDownActions), ("crisis_signs", \.crisisSigns),
        ("preferred_treatments", \.preferredTreatments), ("refused_treatments", \.refusedTreatments),
        ("preferred_facilities", \.preferredFacilities), ("refused_facilities", \.refusedFacilities), ("who_may_decide", \.whoMayDecide),
        ("post_crisis", \.postCrisis),
    ]

    /// The text sections in the order of the plan, by field name.
    public var sections: [(field: String, text: String)] { Self.paths.map { ($0.field, self[keyPath: $0.path]) } }

    /// Sets the section named `field` (one of `sections`' names); false for an unknown name.
    @discardableResult
    public mutating func set(_ field: String, _ text: String) -> Bool {
        guard let path = Self.paths.first(where: { $0.field == field })?.path else { return false }
        self[keyPath: path] = text
        return true
    }

    public static let sectionNames = paths.map(\.field)
}

// MARK: - Progress

/// What happened on a goal since the plan was agreed: a note, a step done, or the goal's status.
/// Progress is not a change of the plan, so it needs no new version; it follows the goal's id.
public enum GoalStatus: String, Sendable, Codable, CaseIterable {
    case active
    case achieved
    case paused
    case dropped

    public var labelKey: String { "plan.goal_status.\(rawValue)" }
}

public struct GoalProgress: Sendable, Equatable, Identifiable {
    public let id: UUID
    public let personID: UUID
    public let goalID: UUID
    /// The step this note marks done.
    public let stepDone: UUID?
    /// The goal's status from this note on.
    public let status: GoalStatus?
    public let note: String
    public let writtenOn: CalendarDate
    public let writtenBy: UUID
    public let createdAt: Date

    public init(id: UUID, personID: UUID, goalID: UUID, stepDone: UUID?, status: GoalStatus?, note: String, writtenOn: CalendarDate,
                writtenBy: UUID, createdAt: Date) {
        self.id = id
        self.personID = personID
        self.goalID = goalID
        self.stepDone = stepDone
        self.status = status
        self.note = note
        self.writtenOn = writtenOn
        self.writtenBy = writtenBy
        self.createdAt = createdAt
    }
}
