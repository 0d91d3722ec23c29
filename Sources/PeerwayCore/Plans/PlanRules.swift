import Foundation

/// The rules of plans: what a version may hold, when it may change, agreeing to it, revising it,
/// comparing two versions, and where a goal stands from its progress.
public enum PlanRules {
    public static let maxGoals = 20
    public static let maxSteps = 20
    public static let maxSupporters = 20
    public static let maxGoalLength = 500
    public static let maxStepLength = 300
    public static let maxSectionLength = 4_000
    public static let maxShortLength = 200
    public static let maxNoteLength = 2_000

    /// Cleans a recovery plan's content: each goal needs the participant's words and a domain of the
    /// program; each step needs what it is. Fields are named `goals.N.words`, `goals.N.steps.M.what`, ….
    public static func validate(_ content: RecoveryPlanContent, domains: PlanDomains) throws(ValidationErrors) -> RecoveryPlanContent {
        var errors = ValidationErrors()
        var clean = content
        if content.goals.count > maxGoals { errors.append(ValidationError("goals", "too_many")) }
        clean.strengths = TextRules.clean(content.strengths, field: "strengths", lines: .multi, limit: maxSectionLength, into: &errors)
        for (g, goal) in content.goals.enumerated() {
            let words = TextRules.clean(goal.words, field: "goals.\(g).words", lines: .multi, limit: maxGoalLength, into: &errors)
            if words.isEmpty { errors.append(ValidationError("goals.\(g).words", "required")) }
            if !domains.contains(goal.domain) { errors.append(ValidationError("goals.\(g).domain", "unknown_value")) }
            clean.goals[g].words = words
            if goal.steps.count > maxSteps { errors.append(ValidationError("goals.\(g).steps", "too_many")) }
            if Set(goal.steps.map(\.id)).count != goal.steps.count { errors.append(ValidationError("goals.\(g).steps", "duplicate_id")) }
            for (s, step) in goal.steps.enumerated() {
                let what = TextRules.clean(step.what, field: "goals.\(g).steps.\(s).what", lines: .single, limit: maxStepLength, into: &errors)
                if what.isEmpty { errors.append(ValidationError("goals.\(g).steps.\(s).what", "required")) }
                if let day = step.byWhen { DateRules.check(day, field: "goals.\(g).steps.\(s).by_when", into: &errors) }
                clean.goals[g].steps[s].what = what
            }
        }
        if Set(content.goals.map(\.id)).count != content.goals.count { errors.append(ValidationError("goals", "duplicate_id")) }
        try errors.throwIfAny()
        return clean
    }

    /// Cleans a crisis plan's content: every section is the participant's words; each supporter needs a name.
    public static func validate(_ content: CrisisPlanContent) throws(ValidationErrors) -> CrisisPlanContent {
        var errors = ValidationErrors()
        var clean = content
        for (field, text) in content.sections {
            clean.set(field, TextRules.clean(text, field: field, lines: .multi, limit: maxSectionLength, into: &errors))
        }
        if content.supporters.count > maxSupporters { errors.append(ValidationError("supporters", "too_many")) }
        if Set(content.supporters.map(\.id)).count != content.supporters.count { errors.append(ValidationError("supporters", "duplicate_id")) }
        for (i, s) in content.supporters.enumerated() {
            let name = TextRules.clean(s.name, field: "supporters.\(i).name", lines: .single, limit: maxShortLength, into: &errors)
            if name.isEmpty { errors.append(ValidationError("supporters.\(i).name", "required")) }
            clean.supporters[i].name = name
            clean.supporters[i].relationship = TextRules.clean(s.relationship, field: "supporters.\(i).relationship", lines: .single,
                                                               limit: maxShortLength, into: &errors)
            clean.supporters[i].phone = TextRules.clean(s.phone, field: "supporters.\(i).phone", lines: .single, limit: 40, into: &errors)
            clean.supporters[i].role = TextRules.clean(s.role, field: "supporters.\(i).role", lines: .single, limit: maxShortLength, into: &errors)
        }
        try errors.throwIfAny()
        return clean
    }

    public static func validate(_ content: PlanContent, domains: PlanDomains) throws(ValidationErrors) -> PlanContent {
        switch content {
        case .recovery(let c): .recovery(try validate(c, domains: domains))
        case .crisis(let c): .crisis(try validate(c))
        }
    }

    /// A draft may be edited; an agreed version never is (a change is a new version: `revised`).
    public static func checkEditable(_ plan: PlanVersion) throws(ValidationErrors) {
        guard plan.status == .draft else { throw ValidationErrors([ValidationError("plan", "plan_agreed")]) }
    }

    /// Checks an agreement: only a draft, with something in it, on a day between enrollment and today.
    public static func validateAgreement(_ plan: PlanVersion, on day: CalendarDate, note: String, enrolledOn: CalendarDate,
                                         today: CalendarDate) throws(ValidationErrors) -> String {
        var errors = ValidationErrors()
        if plan.status != .draft { errors.append(ValidationError("plan", "plan_agreed")) }
        switch plan.content {
        case .recovery(let c): if c.goals.isEmpty { errors.append(ValidationError("plan", "plan_empty")) }
        case .crisis(let c): if c.sections.allSatisfy({ $0.text.isEmpty }) && c.supporters.isEmpty { errors.append(ValidationError("plan", "plan_empty")) }
        }
        DateRules.check(day, field: "agreed_on", into: &errors)
        if day > today { errors.append(ValidationError("agreed_on", "in_future", "error.agreed_in_future")) }
        if day < enrolledOn { errors.append(ValidationError("agreed_on", "before_enrollment")) }
        let note = TextRules.clean(note, field: "note", lines: .multi, limit: maxNoteLength, into: &errors)
        try errors.throwIfAny()
        return note
    }

    /// The new draft an agreed version is revised into: the same content (goal and step ids kept).
    public static func revised(_ plan: PlanVersion, id: UUID, by: UUID, now: Date) throws(ValidationErrors) -> PlanVersion {
        guard plan.status == .agreed else { throw ValidationErrors([ValidationError("plan", "plan_not_agreed")]) }
        return PlanVersion(id: id, kind: plan.kind, organizationID: plan.organizationID, programID: plan.programID, personID: plan.personID,
                           episodeID: plan.episodeID, number: plan.number + 1, status: .draft, content: plan.content, createdBy: by, createdAt: now,
                           updatedAt: now, previousID: plan.id)
    }

    /// Where a goal stands from its progress notes: its latest status (active until one is given) and
    /// the steps marked done.
    public static func standing(of goalID: UUID, _ progress: [GoalProgress]) -> (status: GoalStatus, stepsDone: Set<UUID>) {
        let mine = progress.filter { $0.goalID == goalID }.sorted { ($0.writtenOn, $0.createdAt) < ($1.writtenOn, $1.createdAt) }
        return (mine.compactMap(\.status).last ?? .active, Set(mine.compactMap(\.stepDone)))
    }

    /// Checks a progress note: something said or changed, dated within the episode so far (not before
    /// enrollment, when given, and not in the future).
    public static func validateProgress(note: String, status: GoalStatus?, stepDone: UUID?, goal: PlanGoal, on day: CalendarDate,
                                        enrolledOn: CalendarDate? = nil, today: CalendarDate) throws(ValidationErrors) -> String {
        var errors = ValidationErrors()
        let note = TextRules.clean(note, field: "note", lines: .multi, limit: maxNoteLength, into: &errors)
        if note.isEmpty && status == nil && stepDone == nil { errors.append(ValidationError("note", "required")) }
        if let stepDone, !goal.steps.contains(where: { $0.id == stepDone }) { errors.append(ValidationError("step", "unknown_value")) }
        DateRules.check(day, field: "written_on", into: &errors)
        if day > today { errors.append(ValidationError("written_on", "in_future", "error.date_in_future")) }
        if let enrolledOn, day < enrolledOn { errors.append(ValidationError("written_on", "before_enrollment")) }
        try errors.throwIfAny()
        return note
    }
}

/// One difference between two versions of a plan.
public enum PlanChange: Sendable, Equatable {
    case goalAdded(PlanGoal)
    case goalRemoved(PlanGoal)
    /// The goal's words or domain changed.
    case goalChanged(from: PlanGoal, to: PlanGoal)
    case stepAdded(goal: UUID, PlanStep)
    case stepRemoved(goal: UUID, PlanStep)
    case stepChanged(goal: UUID, from: PlanStep, to: PlanStep)
    case strengthsChanged(from: String, to: String)
    /// A crisis plan's section changed (its field name).
    case sectionChanged(field: String, from: String, to: String)
    case supporterAdded(Supporter)
    case supporterRemoved(Supporter)
    case supporterChanged(from: Supporter, to: Supporter)
}

public enum PlanComparison {
    /// What changed from `old` to `new`, goal by goal (matched by id) and step by step, in the new version's order.
    public static func compare(_ old: PlanContent, _ new: PlanContent) -> [PlanChange] {
        switch (old, new) {
        case (.recovery(let a), .recovery(let b)): return compare(a, b)
        case (.crisis(let a), .crisis(let b)): return compare(a, b)
        default: return []
        }
    }

    public static func compare(_ a: RecoveryPlanContent, _ b: RecoveryPlanContent) -> [PlanChange] {
        var out: [PlanChange] = []
        if a.strengths != b.strengths { out.append(.strengthsChanged(from: a.strengths, to: b.strengths)) }
        let before = Dictionary(a.goals.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for goal in b.goals {
            guard let old = before[goal.id] else { out.append(.goalAdded(goal)); continue }
            if old.words != goal.words || old.domain != goal.domain { out.append(.goalChanged(from: old, to: goal)) }
            let steps = Dictionary(old.steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            for step in goal.steps {
                if let was = steps[step.id] {
                    if was != step { out.append(.stepChanged(goal: goal.id, from: was, to: step)) }
                } else {
                    out.append(.stepAdded(goal: goal.id, step))
                }
            }
            let kept = Set(goal.steps.map(\.id))
            out += old.steps.filter { !kept.contains($0.id) }.map { .stepRemoved(goal: goal.id, $0) }
        }
        let kept = Set(b.goals.map(\.id))
        out += a.goals.filter { !kept.contains($0.id) }.map { .goalRemoved($0) }
        return out
    }

    public static func compare(_ a: CrisisPlanContent, _ b: CrisisPlanContent) -> [PlanChange] {
        var out: [PlanChange] = zip(a.sections, b.sections).compactMap { x, y in
            x.text == y.text ? nil : .sectionChanged(field: x.field, from: x.text, to: y.text)
        }
        let before = Dictionary(a.supporters.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for s in b.supporters {
            if let was = before[s.id] {
                if was != s { out.append(.supporterChanged(from: was, to: s)) }
            } else {
                out.append(.supporterAdded(s))
            }
        }
        let kept = Set(b.supporters.map(\.id))
        out += a.supporters.filter { !kept.contains($0.id) }.map { .supporterRemoved($0) }
        return out
    }
}
