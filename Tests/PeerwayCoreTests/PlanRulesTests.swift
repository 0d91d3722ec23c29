import Foundation
import PeerwayCore
import Testing

/// The rules of recovery and crisis plans: what a version may hold (and the field each problem is
/// named on), when it may change, agreeing to it, revising it, comparing versions, where a goal stands
/// from its progress, and a program's own life domains.
@Suite("Plan rules")
struct PlanRulesTests {
    static let today = CalendarDate("2026-11-23")!
    static let enrolled = CalendarDate("2026-09-01")!
    static let now = Date(timeIntervalSince1970: 1_795_446_000)

    static func codes(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch let error as ValidationErrors {
            return error.errors.map { "\($0.field ?? ""):\($0.code)" }
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    static func step(_ what: String, who: StepOwner = .participant, by: CalendarDate? = nil) -> PlanStep {
        PlanStep(id: UUID(), what: what, who: who, byWhen: by)
    }

    static func recovery() -> RecoveryPlanContent {
        RecoveryPlanContent(goals: [PlanGoal(id: UUID(), domain: "environmental", words: "A place of my own",
                                             steps: [step("Call the housing line"), step("Visit the open house", who: .together)]),
                                    PlanGoal(id: UUID(), domain: "social", words: "See my sister every week", steps: [step("Text her Sunday")])],
                            strengths: "I keep going")
    }

    static func plan(_ content: PlanContent, status: PlanStatus = .draft, number: Int = 1) -> PlanVersion {
        PlanVersion(id: UUID(), kind: content.kind, organizationID: UUID(), programID: UUID(), personID: UUID(), episodeID: UUID(),
                    number: number, status: status, content: content, createdBy: UUID(), createdAt: now, updatedAt: now,
                    agreement: status == .draft ? nil : PlanAgreement(method: .verbal, on: today, recordedBy: UUID(), note: ""))
    }

    // MARK: - Validation

    @Test("A recovery plan's goals need the participant's words and a domain of the program; each step what it is; problems are named goals.N…")
    func recoveryValidation() {
        var content = Self.recovery()
        content.goals[0].words = "  "
        content.goals[0].domain = "housing"
        content.goals[1].steps[0].what = ""
        content.goals[1].steps[0].byWhen = CalendarDate("1899-12-31")
        content.goals.append(PlanGoal(id: UUID(), domain: "physical", words: "Walk\nevery day", steps: [Self.step("Walk\tto the park")]))
        let codes = Self.codes { _ = try PlanRules.validate(content, domains: PlanDomains()) }
        #expect(codes == ["goals.0.words:required", "goals.0.domain:unknown_value", "goals.1.steps.0.what:required",
                          "goals.1.steps.0.by_when:too_early", "goals.2.steps.0.what:invalid_characters"])
        // A program's own domain is a domain like the others.
        var own = Self.recovery()
        own.goals[0].domain = "housing"
        #expect(Self.codes { _ = try PlanRules.validate(own, domains: PlanDomains(own: [.init(code: "housing", label: "Housing")])) }.isEmpty)
    }

    @Test("Words are trimmed; too long, too many goals or steps, and the same goal id twice are refused")
    func recoveryLimits() throws {
        var content = Self.recovery()
        content.goals[0].words = "  A place of my own \n"
        content.strengths = " Stubborn "
        let clean = try PlanRules.validate(content, domains: PlanDomains())
        #expect(clean.goals[0].words == "A place of my own" && clean.strengths == "Stubborn")
        #expect(clean.goals.map(\.id) == content.goals.map(\.id))

        var long = Self.recovery()
        long.goals[0].words = String(repeating: "x", count: PlanRules.maxGoalLength + 1)
        long.goals[0].steps[0].what = String(repeating: "y", count: PlanRules.maxStepLength + 1)
        long.strengths = String(repeating: "z", count: PlanRules.maxSectionLength + 1)
        #expect(Self.codes { _ = try PlanRules.validate(long, domains: PlanDomains()) }
                == ["strengths:too_long", "goals.0.words:too_long", "goals.0.steps.0.what:too_long"])

        var many = Self.recovery()
        many.goals = (0...PlanRules.maxGoals).map { PlanGoal(id: UUID(), domain: "social", words: "Goal \($0)") }
        many.goals[0].steps = (0...PlanRules.maxSteps).map { Self.step("Step \($0)") }
        #expect(Self.codes { _ = try PlanRules.validate(many, domains: PlanDomains()) } == ["goals:too_many", "goals.0.steps:too_many"])

        var twice = Self.recovery()
        twice.goals[1].id = twice.goals[0].id
        #expect(Self.codes { _ = try PlanRules.validate(twice, domains: PlanDomains()) } == ["goals:duplicate_id"])
    }

    @Test("A crisis plan's sections are the participant's words, named by their field; each supporter needs a name")
    func crisisValidation() throws {
        var content = CrisisPlanContent()
        content.wellnessTools = " Music, my dog "
        content.triggers = String(repeating: "t", count: PlanRules.maxSectionLength + 1)
        content.supporters = [Supporter(id: UUID(), name: " ", phone: "619 555 0100"), Supporter(id: UUID(), name: "Ana", relationship: "Sister\nolder")]
        #expect(Self.codes { _ = try PlanRules.validate(content) } == ["triggers:too_long", "supporters.0.name:required", "supporters.1.relationship:invalid_characters"])
        content.triggers = "Loud rooms"
        content.supporters[0].name = "Luis"
        content.supporters[1].relationship = "Sister"
        let clean = try PlanRules.validate(content)
        #expect(clean.wellnessTools == "Music, my dog" && clean.supporters.map(\.name) == ["Luis", "Ana"])
        content.supporters = (0...PlanRules.maxSupporters).map { Supporter(id: UUID(), name: "S\($0)") }
        #expect(Self.codes { _ = try PlanRules.validate(content) } == ["supporters:too_many"])
        // The sections are the plan's, in its order, and each name sets its own.
        #expect(CrisisPlanContent.sectionNames.count == 15 && CrisisPlanContent.sectionNames.first == "wellness_tools")
        var set = CrisisPlanContent()
        let known = CrisisPlanContent.sectionNames.map { set.set($0, $0) }
        #expect(known.allSatisfy { $0 } && set.sections.allSatisfy { $0.field == $0.text })
        let unknown = set.set("goals", "x")
        #expect(!unknown)
    }

    // MARK: - Editing, agreeing, revising

    @Test("Only a draft is edited; an agreed or superseded version is refused as plan_agreed")
    func editable() {
        #expect(Self.codes { try PlanRules.checkEditable(Self.plan(.recovery(Self.recovery()))) }.isEmpty)
        for status in [PlanStatus.agreed, .superseded] {
            #expect(Self.codes { try PlanRules.checkEditable(Self.plan(.recovery(Self.recovery()), status: status)) } == ["plan:plan_agreed"])
        }
    }

    @Test("An agreement needs a draft with something in it, on a day between enrollment and today")
    func agreement() throws {
        let draft = Self.plan(.recovery(Self.recovery()))
        func check(_ plan: PlanVersion, on day: CalendarDate = PlanRulesTests.today, note: String = "") -> [String] {
            Self.codes { _ = try PlanRules.validateAgreement(plan, on: day, note: note, enrolledOn: Self.enrolled, today: Self.today) }
        }
        #expect(check(draft).isEmpty)
        #expect(check(draft, on: Self.enrolled).isEmpty)
        #expect(try PlanRules.validateAgreement(draft, on: Self.today, note: "  Agreed by phone ", enrolledOn: Self.enrolled, today: Self.today)
                == "Agreed by phone")
        #expect(check(draft, on: Self.today.adding(days: 1)) == ["agreed_on:in_future"])
        #expect(check(draft, on: Self.enrolled.adding(days: -1)) == ["agreed_on:before_enrollment"])
        #expect(check(draft, on: CalendarDate("1899-01-01")!) == ["agreed_on:too_early", "agreed_on:before_enrollment"])
        #expect(check(draft, note: String(repeating: "n", count: PlanRules.maxNoteLength + 1)) == ["note:too_long"])
        #expect(check(Self.plan(.recovery(Self.recovery()), status: .agreed)) == ["plan:plan_agreed"])
        #expect(check(Self.plan(.recovery(RecoveryPlanContent(strengths: "Only strengths")))) == ["plan:plan_empty"])
        #expect(check(Self.plan(.crisis(CrisisPlanContent()))) == ["plan:plan_empty"])
        var supporterOnly = CrisisPlanContent()
        supporterOnly.supporters = [Supporter(id: UUID(), name: "Ana")]
        #expect(check(Self.plan(.crisis(supporterOnly))).isEmpty)
        var sectionOnly = CrisisPlanContent()
        sectionOnly.postCrisis = "Rest"
        #expect(check(Self.plan(.crisis(sectionOnly))).isEmpty)
    }

    @Test("A revision is a new draft of the agreed version: the same content and ids, the next number, pointing back")
    func revised() throws {
        let agreed = Self.plan(.recovery(Self.recovery()), status: .agreed, number: 2)
        let by = UUID(), id = UUID(), later = Self.now.addingTimeInterval(3_600)
        let draft = try PlanRules.revised(agreed, id: id, by: by, now: later)
        #expect(draft.id == id && draft.number == 3 && draft.status == .draft && draft.previousID == agreed.id && draft.agreement == nil)
        #expect(draft.content == agreed.content && draft.recovery?.goals.map(\.id) == agreed.recovery?.goals.map(\.id))
        #expect(draft.recovery?.goals.flatMap { $0.steps.map(\.id) } == agreed.recovery?.goals.flatMap { $0.steps.map(\.id) })
        #expect(draft.createdBy == by && draft.createdAt == later && draft.episodeID == agreed.episodeID && draft.personID == agreed.personID)
        #expect(Self.codes { _ = try PlanRules.revised(Self.plan(.recovery(Self.recovery())), id: UUID(), by: by, now: later) } == ["plan:plan_not_agreed"])
        #expect(Self.codes { _ = try PlanRules.revised(Self.plan(.recovery(Self.recovery()), status: .superseded), id: UUID(), by: by, now: later) }
                == ["plan:plan_not_agreed"])
    }

    // MARK: - Comparing versions

    @Test("Two recovery versions compare goal by goal and step by step, in the new version's order")
    func compareRecovery() {
        let old = Self.recovery()
        #expect(PlanComparison.compare(.recovery(old), .recovery(old)).isEmpty)
        var new = old
        new.strengths = "I keep going, and I ask for help"
        new.goals[0].words = "A place of my own by spring"
        new.goals[0].steps[0].byWhen = CalendarDate("2026-12-15")
        let added = Self.step("Fill in the application")
        new.goals[0].steps.append(added)
        let removedStep = new.goals[0].steps.remove(at: 1)
        let removedGoal = new.goals.remove(at: 1)
        let newGoal = PlanGoal(id: UUID(), domain: "occupational", words: "Part-time work")
        new.goals.insert(newGoal, at: 0)
        let changes = PlanComparison.compare(.recovery(old), .recovery(new))
        #expect(changes == [
            .strengthsChanged(from: old.strengths, to: new.strengths),
            .goalAdded(newGoal),
            .goalChanged(from: old.goals[0], to: new.goals[1]),
            .stepChanged(goal: old.goals[0].id, from: old.goals[0].steps[0], to: new.goals[1].steps[0]),
            .stepAdded(goal: old.goals[0].id, added),
            .stepRemoved(goal: old.goals[0].id, removedStep),
            .goalRemoved(removedGoal),
        ])
        // A domain alone changing is a changed goal too.
        var moved = old
        moved.goals[1].domain = "emotional"
        #expect(PlanComparison.compare(.recovery(old), .recovery(moved)) == [.goalChanged(from: old.goals[1], to: moved.goals[1])])
        // Plans of two kinds do not compare.
        #expect(PlanComparison.compare(.recovery(old), .crisis(CrisisPlanContent())).isEmpty)
    }

    @Test("Two crisis versions compare section by section, then supporter by supporter")
    func compareCrisis() {
        var old = CrisisPlanContent()
        old.triggers = "Loud rooms"
        let ana = Supporter(id: UUID(), name: "Ana", phone: "619 555 0100"), luis = Supporter(id: UUID(), name: "Luis")
        old.supporters = [ana, luis]
        var new = old
        new.triggers = "Loud rooms, anniversaries"
        new.postCrisis = "A quiet week"
        new.supporters[0].mayDecide = true
        new.supporters.remove(at: 1)
        let rosa = Supporter(id: UUID(), name: "Rosa")
        new.supporters.append(rosa)
        #expect(PlanComparison.compare(.crisis(old), .crisis(new)) == [
            .sectionChanged(field: "triggers", from: "Loud rooms", to: "Loud rooms, anniversaries"),
            .sectionChanged(field: "post_crisis", from: "", to: "A quiet week"),
            .supporterChanged(from: ana, to: new.supporters[0]),
            .supporterAdded(rosa),
            .supporterRemoved(luis),
        ])
    }

    // MARK: - Progress

    @Test("A goal stands at its latest status by the day written (active until one is given), with every step marked done")
    func standing() {
        let goal = Self.recovery().goals[0], other = UUID()
        func note(_ goalID: UUID, _ day: String, status: GoalStatus? = nil, step: UUID? = nil, created: TimeInterval) -> GoalProgress {
            GoalProgress(id: UUID(), personID: UUID(), goalID: goalID, stepDone: step, status: status, note: "", writtenOn: CalendarDate(day)!,
                         writtenBy: UUID(), createdAt: Self.now.addingTimeInterval(created))
        }
        let progress = [
            // Entered last, but written about an earlier day: a later day's status wins.
            note(goal.id, "2026-10-01", status: .paused, created: 300),
            note(goal.id, "2026-10-05", status: .active, step: goal.steps[0].id, created: 100),
            note(goal.id, "2026-10-05", status: .achieved, step: goal.steps[1].id, created: 200),
            note(other, "2026-11-01", status: .dropped, step: UUID(), created: 400),
        ]
        let standing = PlanRules.standing(of: goal.id, progress)
        #expect(standing.status == .achieved)
        #expect(standing.stepsDone == Set(goal.steps.map(\.id)))
        let empty = PlanRules.standing(of: goal.id, [])
        #expect(empty.status == .active && empty.stepsDone.isEmpty)
        // A note that gives no status leaves the one before.
        let noted = PlanRules.standing(of: goal.id, [note(goal.id, "2026-10-01", status: .paused, created: 0), note(goal.id, "2026-10-02", created: 1)])
        #expect(noted.status == .paused)
    }

    @Test("A progress note says or changes something, about a step of the goal, not in the future")
    func progress() throws {
        let goal = Self.recovery().goals[0]
        func check(note: String = "", status: GoalStatus? = nil, step: UUID? = nil, on day: CalendarDate = PlanRulesTests.today) -> [String] {
            Self.codes { _ = try PlanRules.validateProgress(note: note, status: status, stepDone: step, goal: goal, on: day, today: Self.today) }
        }
        #expect(check() == ["note:required"])
        #expect(check(status: .achieved).isEmpty && check(step: goal.steps[0].id).isEmpty)
        #expect(check(note: "Called", step: UUID()) == ["step:unknown_value"])
        #expect(check(note: "Called", on: Self.today.adding(days: 1)) == ["written_on:in_future"])
        #expect(check(note: String(repeating: "n", count: PlanRules.maxNoteLength + 1)) == ["note:too_long"])
        #expect(Self.codes { _ = try PlanRules.validateProgress(note: "Early", status: nil, stepDone: nil, goal: goal, on: Self.today.adding(days: -10),
                                                                enrolledOn: Self.today.adding(days: -5), today: Self.today) }
                == ["written_on:before_enrollment"])
        #expect(try PlanRules.validateProgress(note: " Called the line ", status: nil, stepDone: nil, goal: goal, on: Self.today, today: Self.today)
                == "Called the line")
    }

    // MARK: - Domains

    @Test("Goals are in SAMHSA's eight dimensions of wellness or a program's own domains; a new one has a fresh code and a label")
    func domains() throws {
        let domains = PlanDomains(own: [.init(code: "housing", label: "Housing")])
        #expect(domains.codes == PlanDomains.samhsa + ["housing"] && PlanDomains.samhsa.count == 8)
        #expect(domains.contains("spiritual") && domains.contains("housing") && !domains.contains("Housing"))
        #expect(PlanDomains.labelKey("social") == "plan.domain.social" && PlanDomains.labelKey("housing") == nil)
        #expect(try domains.validateNew(code: "  Peer_Work2 ", label: " Peer work ") == .init(code: "peer_work2", label: "Peer work"))
        func check(_ code: String, _ label: String = "Label") -> [String] { Self.codes { _ = try domains.validateNew(code: code, label: label) } }
        #expect(check("social") == ["code:duplicate_code"])
        #expect(check("HOUSING") == ["code:duplicate_code"])
        #expect(check("peer-work") == ["code:invalid_code"])
        #expect(check("") == ["code:invalid_code"])
        #expect(check("café") == ["code:invalid_code"])
        #expect(check(String(repeating: "a", count: 41)) == ["code:invalid_code"])
        #expect(check("faith", "") == ["label:required"])
        #expect(check("faith", String(repeating: "l", count: PlanDomains.maxLabelLength + 1)) == ["label:too_long"])
        #expect(check("faith", "Two\nlines") == ["label:invalid_characters"])
    }
}
