import Foundation
import PeerwayCore
import PeerwayStore

/// JSON shapes of recovery and crisis plans in API v1 (described in openapi.json).

/// One version of a plan. On a read, each goal carries where it stands (from the person's progress
/// notes) and the services that worked on it; a single read adds the plan's versions and the progress
/// on its goals. A write answers the version alone.
struct PlanJSON: APIFields {
    let plan: PlanVersion
    var standing: Standing?
    /// The plan's versions (a single read).
    var versions: [PlanVersion]?
    /// The progress notes on this version's goals (a single read).
    var progressNotes: [GoalProgress]?

    /// What a read knows beside the version: the person's progress notes and, per goal, the services that worked on it.
    struct Standing: Sendable {
        let progress: [GoalProgress]
        let servicesByGoal: [UUID: [UUID]]
    }

    var content: any Encodable {
        switch plan.content {
        case .recovery(let c): RecoveryContentJSON(c: c, standing: standing)
        case .crisis(let c): CrisisContentJSON(c: c)
        }
    }

    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": plan.id, "kind": plan.kind.rawValue, "person_id": plan.personID, "program_id": plan.programID, "episode_id": plan.episodeID,
         "number": plan.number, "status": plan.status.rawValue, "previous_id": plan.previousID,
         "agreement": plan.agreement.map(PlanAgreementJSON.init), "content": content, "created_by": plan.createdBy,
         "created_at": plan.createdAt, "updated_at": plan.updatedAt, "version": plan.rowVersion,
         "versions": versions.map { $0.map(PlanVersionSummaryJSON.init) }, "progress": progressNotes.map { $0.map(GoalProgressJSON.init) }]
    }
}

struct PlanAgreementJSON: APIFields {
    let a: PlanAgreement
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["method": a.method.rawValue, "agreed_on": a.on.description, "recorded_by": a.recordedBy, "note": a.note]
    }
}

/// A version named in a list or a comparison: its id, number and status.
struct PlanVersionSummaryJSON: APIFields {
    let p: PlanVersion
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": p.id, "number": p.number, "status": p.status.rawValue, "agreed_on": p.agreement?.on.description, "created_at": p.createdAt]
    }
}

struct RecoveryContentJSON: APIFields {
    let c: RecoveryPlanContent
    let standing: PlanJSON.Standing?
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["strengths": c.strengths, "goals": c.goals.map { PlanGoalJSON(g: $0, standing: standing) }]
    }
}

struct PlanGoalJSON: APIFields {
    let g: PlanGoal
    let standing: PlanJSON.Standing?
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": g.id, "domain": g.domain, "words": g.words, "steps": g.steps.map(PlanStepJSON.init),
         "standing": standing.map { GoalStandingJSON(goal: g, standing: PlanRules.standing(of: g.id, $0.progress)) },
         "service_ids": standing.map { $0.servicesByGoal[g.id]?.sorted { $0.uuidString < $1.uuidString } ?? [] }]
    }
}

struct PlanStepJSON: APIFields {
    let s: PlanStep
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": s.id, "what": s.what, "who": s.who.rawValue, "by_when": s.byWhen?.description]
    }
}

/// Where a goal stands: its latest status and which of this version's steps are done.
struct GoalStandingJSON: APIFields {
    let goal: PlanGoal
    let standing: (status: GoalStatus, stepsDone: Set<UUID>)
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["status": standing.status.rawValue, "steps_done": goal.steps.map(\.id).filter(standing.stepsDone.contains)]
    }
}

/// A crisis plan's sections by their field names (`CrisisPlanContent.sections`), and its supporters.
struct CrisisContentJSON: Encodable, Sendable {
    let c: CrisisPlanContent

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldName.self)
        for (field, text) in c.sections { try container.encode(text, forKey: FieldName(stringValue: field)) }
        try container.encode(c.supporters.map(SupporterJSON.init), forKey: FieldName(stringValue: "supporters"))
    }
}

struct SupporterJSON: APIFields {
    let s: Supporter
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": s.id, "name": s.name, "relationship": s.relationship, "phone": s.phone, "role": s.role, "may_decide": s.mayDecide]
    }
}

struct GoalProgressJSON: APIFields {
    let p: GoalProgress
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": p.id, "goal_id": p.goalID, "step_done": p.stepDone, "status": p.status?.rawValue, "note": p.note,
         "written_on": p.writtenOn.description, "written_by": p.writtenBy, "created_at": p.createdAt]
    }
}

/// A person's plans: every version, newest first within each kind, and every progress note, oldest first.
struct PlanOverviewJSON: Encodable, Sendable {
    let items: [PlanJSON]
    let progress: [GoalProgressJSON]
}

/// What changed from one version (`from`) to another (`to`).
struct PlanComparisonJSON: Encodable, Sendable {
    let from: PlanVersionSummaryJSON
    let to: PlanVersionSummaryJSON
    let changes: [PlanChangeJSON]
}

/// One difference between two versions, one changed field at a time: `change` is the kind of change,
/// the ids say what it is about, `field` which part changed (a goal's `words` or `domain`, a step's
/// `what`, `who` or `by_when`, a supporter's field, `strengths`, a crisis plan's section), and `from` and
/// `to` the text before and after (null where there is none). An added or removed goal, step or
/// supporter names no field; its text (the goal's words, the step's what, the supporter's name) is `to`
/// or `from`.
struct PlanChangeJSON: APIFields {
    var change: String
    var goal_id: UUID?
    var step_id: UUID?
    var supporter_id: UUID?
    var field: String?
    var from: String?
    var to: String?

    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["change": change, "goal_id": goal_id, "step_id": step_id, "supporter_id": supporter_id, "field": field,
         // Always present: null says there was no text before (or after).
         "from": JSONNullable(from), "to": JSONNullable(to)]
    }

    /// The entries of one `PlanChange`: one per changed field of a goal, step or supporter.
    static func entries(_ change: PlanChange) -> [PlanChangeJSON] {
        switch change {
        case .goalAdded(let g): return [PlanChangeJSON(change: "goal_added", goal_id: g.id, to: g.words)]
        case .goalRemoved(let g): return [PlanChangeJSON(change: "goal_removed", goal_id: g.id, from: g.words)]
        case .goalChanged(let a, let b):
            return fields([("words", a.words, b.words), ("domain", a.domain, b.domain)]) {
                PlanChangeJSON(change: "goal_changed", goal_id: b.id, field: $0, from: $1, to: $2)
            }
        case .stepAdded(let goal, let s): return [PlanChangeJSON(change: "step_added", goal_id: goal, step_id: s.id, to: s.what)]
        case .stepRemoved(let goal, let s): return [PlanChangeJSON(change: "step_removed", goal_id: goal, step_id: s.id, from: s.what)]
        case .stepChanged(let goal, let a, let b):
            return fields([("what", a.what, b.what), ("who", a.who.rawValue, b.who.rawValue),
                           ("by_when", a.byWhen?.description, b.byWhen?.description)]) {
                PlanChangeJSON(change: "step_changed", goal_id: goal, step_id: b.id, field: $0, from: $1, to: $2)
            }
        case .strengthsChanged(let a, let b): return [PlanChangeJSON(change: "strengths_changed", field: "strengths", from: a, to: b)]
        case .sectionChanged(let field, let a, let b): return [PlanChangeJSON(change: "section_changed", field: field, from: a, to: b)]
        case .supporterAdded(let s): return [PlanChangeJSON(change: "supporter_added", supporter_id: s.id, to: s.name)]
        case .supporterRemoved(let s): return [PlanChangeJSON(change: "supporter_removed", supporter_id: s.id, from: s.name)]
        case .supporterChanged(let a, let b):
            return fields([("name", a.name, b.name), ("relationship", a.relationship, b.relationship), ("phone", a.phone, b.phone),
                           ("role", a.role, b.role), ("may_decide", String(a.mayDecide), String(b.mayDecide))]) {
                PlanChangeJSON(change: "supporter_changed", supporter_id: b.id, field: $0, from: $1, to: $2)
            }
        }
    }

    private static func fields(_ pairs: [(String, String?, String?)], _ make: (String, String?, String?) -> PlanChangeJSON) -> [PlanChangeJSON] {
        pairs.filter { $0.1 != $0.2 }.map { make($0.0, $0.1, $0.2) }
    }
}

/// The goals a service note worked on, and the person's current goals it could name.
struct ServiceGoalsJSON: APIFields {
    struct Choice: Encodable, Sendable {
        let id: UUID
        let domain: String
        let words: String
    }
    let serviceID: UUID
    let named: [UUID]
    let choices: [PlanGoal]
    var fields: KeyValuePairs<String, (any Encodable)?> {
        // In the order of the person's current goals, then any goal of an earlier version by id.
        let order = Dictionary(choices.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        return ["service_id": serviceID, "goal_ids": named.sorted { (order[$0] ?? Int.max, $0.uuidString) < (order[$1] ?? Int.max, $1.uuidString) },
                "choices": choices.map { Choice(id: $0.id, domain: $0.domain, words: $0.words) }]
    }
}

struct PlanDomainJSON: APIFields {
    let code: String
    let label: String
    let builtIn: Bool
    var fields: KeyValuePairs<String, (any Encodable)?> { ["code": code, "label": label, "built_in": builtIn] }
}

struct PlanDomainsJSON: Encodable, Sendable {
    let program_id: UUID
    let domains: [PlanDomainJSON]
}

// MARK: - Inputs

struct PlanStepInputJSON: Codable, Sendable {
    var id: UUID?
    var what: String?
    var who: String?
    var by_when: String?
}

struct PlanGoalInputJSON: Codable, Sendable {
    var id: UUID?
    var domain: String?
    var words: String?
    var steps: [PlanStepInputJSON]?
}

struct SupporterInputJSON: Codable, Sendable {
    var id: UUID?
    var name: String?
    var relationship: String?
    var phone: String?
    var role: String?
    var may_decide: Bool?
}

/// A plan's content as a client sends it: a recovery plan's `strengths` and `goals`, or a crisis plan's
/// sections (by `CrisisPlanContent.sectionNames`) and `supporters`. An id left out is a new goal, step or
/// supporter, given a new id.
struct PlanContentInputJSON: Codable, Sendable {
    var strengths: String?
    var goals: [PlanGoalInputJSON]?
    var supporters: [SupporterInputJSON]?
    /// The crisis plan's sections sent, by field name.
    var sections: [String: String] = [:]

    /// A property of the other kind of plan (`goals` sent for a crisis plan).
    static func notForKind(_ field: String) -> ValidationError {
        ValidationError(field: field, code: "not_for_kind", messageKey: "error.not_for_kind")
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: FieldName.self)
        strengths = try c.decodeIfPresent(String.self, forKey: FieldName(stringValue: "strengths"))
        goals = try c.decodeIfPresent([PlanGoalInputJSON].self, forKey: FieldName(stringValue: "goals"))
        supporters = try c.decodeIfPresent([SupporterInputJSON].self, forKey: FieldName(stringValue: "supporters"))
        for name in CrisisPlanContent.sectionNames {
            if let text = try c.decodeIfPresent(String.self, forKey: FieldName(stringValue: name)) { sections[name] = text }
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: FieldName.self)
        try c.encodeIfPresent(strengths, forKey: FieldName(stringValue: "strengths"))
        try c.encodeIfPresent(goals, forKey: FieldName(stringValue: "goals"))
        try c.encodeIfPresent(supporters, forKey: FieldName(stringValue: "supporters"))
        for (name, text) in sections { try c.encode(text, forKey: FieldName(stringValue: name)) }
    }

    /// The content of a plan of `kind`, with `newID` giving the ids a client left out. Every problem the
    /// shape shows is reported at once (on Core's field names: `goals.0.steps.1.who`); what the words
    /// say is Core's to check (`PlanRules.validate`).
    func content(_ kind: PlanKind, newID: () -> UUID) throws(ValidationErrors) -> PlanContent {
        var errors = ValidationErrors()
        switch kind {
        case .recovery:
            if supporters != nil { errors.append(Self.notForKind("supporters")) }
            for name in CrisisPlanContent.sectionNames where sections[name] != nil { errors.append(Self.notForKind(name)) }
            var content = RecoveryPlanContent(strengths: strengths ?? "")
            for (g, goal) in (goals ?? []).enumerated() {
                if goal.domain == nil { errors.append(ValidationError("goals.\(g).domain", "required")) }
                var steps: [PlanStep] = []
                for (s, step) in (goal.steps ?? []).enumerated() {
                    let field = "goals.\(g).steps.\(s)"
                    var who = StepOwner.participant
                    if let raw = step.who {
                        if let named: StepOwner = errors.named(raw, "\(field).who") { who = named }
                    } else {
                        errors.append(ValidationError("\(field).who", "required"))
                    }
                    var byWhen: CalendarDate?
                    if let raw = step.by_when {
                        byWhen = CalendarDate(TextRules.trimmed(raw))
                        if byWhen == nil { errors.append(ValidationError("\(field).by_when", "invalid_date")) }
                    }
                    steps.append(PlanStep(id: step.id ?? newID(), what: step.what ?? "", who: who, byWhen: byWhen))
                }
                if Set(steps.map(\.id)).count != steps.count { errors.append(ValidationError("goals.\(g).steps", "duplicate_id")) }
                content.goals.append(PlanGoal(id: goal.id ?? newID(), domain: goal.domain ?? "", words: goal.words ?? "", steps: steps))
            }
            try errors.throwIfAny()
            return .recovery(content)
        case .crisis:
            if strengths != nil { errors.append(Self.notForKind("strengths")) }
            if goals != nil { errors.append(Self.notForKind("goals")) }
            var content = CrisisPlanContent()
            for (name, text) in sections { content.set(name, text) }
            for s in supporters ?? [] {
                content.supporters.append(Supporter(id: s.id ?? newID(), name: s.name ?? "", relationship: s.relationship ?? "", phone: s.phone ?? "",
                                                    role: s.role ?? "", mayDecide: s.may_decide ?? false))
            }
            if Set(content.supporters.map(\.id)).count != content.supporters.count { errors.append(ValidationError("supporters", "duplicate_id")) }
            try errors.throwIfAny()
            return .crisis(content)
        }
    }
}

struct PlanStartInputJSON: Codable, Sendable {
    var kind: String
    var episode_id: UUID?
    var content: PlanContentInputJSON?
}

struct PlanUpdateInputJSON: Codable, Sendable {
    var content: PlanContentInputJSON
}

struct PlanAgreementInputJSON: Codable, Sendable {
    var method: String
    var agreed_on: String
    var note: String?
}

struct GoalProgressInputJSON: Codable, Sendable {
    var goal_id: UUID
    var note: String?
    var status: String?
    var step_done: UUID?
    var written_on: String?
}

struct ServiceGoalsInputJSON: Codable, Sendable {
    var goal_ids: [UUID]
}

struct PlanDomainInputJSON: Codable, Sendable {
    var code: String
    var label: String
}
