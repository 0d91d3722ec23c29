import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

/// Recovery and crisis plans through `Plans`, on every engine: a plan's life from draft to agreed,
/// revised and superseded, with refusals that change nothing; comparing versions; progress on goals;
/// the goals a service worked on; and who can NOT start or see a plan.
@Suite("Plans (store)")
struct PlanStoreTests {
    static let tables = ["plans", "plan_progress", "service_goals", "program_plan_domains", "audit_events"]

    static func counts(_ f: ServiceFixture) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in tables { counts[table] = try await f.count(table) }
        return counts
    }

    /// Expects `StoreError.invalid` naming `field` and `code`, and no plan, progress or audit row written.
    static func expectInvalid(_ f: ServiceFixture, _ field: String, _ code: String, _ body: () async throws -> Void,
                              sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let before = try await counts(f)
        do {
            try await body()
            Issue.record("accepted; expected \(field): \(code)", sourceLocation: sourceLocation)
        } catch StoreError.invalid(let errors) {
            #expect(errors.errors.contains { $0.field == field && $0.code == code }, "got \(errors.errors)", sourceLocation: sourceLocation)
        }
        #expect(try await counts(f) == before, sourceLocation: sourceLocation)
    }

    static func recovery() -> RecoveryPlanContent {
        RecoveryPlanContent(goals: [
            PlanGoal(id: UUID(), domain: "environmental", words: "A place of my own",
                     steps: [PlanStep(id: UUID(), what: "Call the housing line", who: .participant),
                             PlanStep(id: UUID(), what: "Visit the open house", who: .together, byWhen: CalendarDate("2026-10-15"))]),
            PlanGoal(id: UUID(), domain: "social", words: "See my sister every week",
                     steps: [PlanStep(id: UUID(), what: "Text her on Sunday", who: .participant)]),
        ], strengths: "I keep going")
    }

    /// The fixture, `Plans` on its store, side A's peer and a person on their caseload (enrolled today in program A1).
    static func setUp(_ db: Database) async throws -> (ServiceFixture, Plans, Actor, Person) {
        let f = try await ServiceFixture.make(db)
        let peerUser = f.a.user(.peerSpecialist)
        let person = try await f.participant("Rosa", "Delgado", takenInBy: f.a.user(.programManager), pairedWith: peerUser)
        return (f, Plans(f.journey.store), try await f.actor(peerUser), person)
    }

    /// The access-denied events in an organization's trail.
    static func denied(_ f: ServiceFixture, in organizationID: UUID) async throws -> [AuditEvent] {
        var filter = AuditFilter(organizationIDs: [organizationID])
        filter.action = .accessDenied
        filter.limit = 500
        return try await AuditLog(key: TestDatabase.auditKey).list(filter, on: f.db).events
    }

    @Test("a recovery plan goes draft → agreed; a change is refused once agreed, then made in a revision, which supersedes it when agreed", arguments: TestEngine.available)
    func lifecycle(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, plans, peer, person) = try await Self.setUp(test.db)
            let content = Self.recovery()
            let goalIDs = content.goals.map(\.id)

            let draft = try await plans.start(.recovery, for: person.id, content: .recovery(content), by: peer, context: f.context(peer))
            #expect(draft.number == 1 && draft.status == .draft && draft.programID == f.a.program.id && draft.rowVersion == 1 && draft.previousID == nil)
            #expect(draft.recovery?.goals.map(\.id) == goalIDs && draft.recovery?.goals[0].steps.count == 2)

            // The draft is edited freely.
            var edited = content
            edited.strengths = "I keep going, and I ask for help"
            edited.goals[1].steps[0].who = .together
            let updated = try await plans.update(draft.id, content: .recovery(edited), expectedVersion: 1, by: peer, context: f.context(peer))
            #expect(updated.rowVersion == 2 && updated.recovery == edited)
            await #expect(throws: StoreError.conflict) {
                _ = try await plans.update(draft.id, content: .recovery(edited), expectedVersion: 1, by: peer, context: f.context(peer))
            }

            // One draft at a time.
            try await Self.expectInvalid(f, "plan", "draft_exists") {
                _ = try await plans.start(.recovery, for: person.id, by: peer, context: f.context(peer))
            }
            // An agreement is never dated in the future.
            try await Self.expectInvalid(f, "agreed_on", "in_future") {
                _ = try await plans.agree(draft.id, method: .verbal, on: f.today.adding(days: 1), by: peer, context: f.context(peer))
            }
            let agreed = try await plans.agree(draft.id, method: .verbal, on: f.today, note: "Said yes at the cafe", by: peer, context: f.context(peer))
            #expect(agreed.status == .agreed && agreed.agreement == PlanAgreement(method: .verbal, on: f.today, recordedBy: peer.userID, note: "Said yes at the cafe"))

            // Agreed is kept as it was: an edit is refused, and nothing is written, not even an audit event.
            var late = edited
            late.goals[0].words = "Changed after the fact"
            try await Self.expectInvalid(f, "plan", "plan_agreed") {
                _ = try await plans.update(draft.id, content: .recovery(late), by: peer, context: f.context(peer))
            }
            try await Self.expectInvalid(f, "plan", "plan_agreed") {
                _ = try await plans.agree(draft.id, method: .signature, on: f.today, by: peer, context: f.context(peer))
            }
            #expect(try await plans.detail(draft.id, by: peer, context: f.context(peer)).record.plan.recovery == edited)

            // A revision is a new draft, number 2, with the same goals; the agreed one is unchanged.
            f.clock.advance(60)
            let revision = try await plans.revise(draft.id, by: peer, context: f.context(peer))
            #expect(revision.number == 2 && revision.status == .draft && revision.previousID == draft.id && revision.agreement == nil)
            #expect(revision.recovery?.goals.map(\.id) == goalIDs && revision.content == agreed.content)
            try await Self.expectInvalid(f, "plan", "draft_exists") {
                _ = try await plans.revise(draft.id, by: peer, context: f.context(peer))
            }
            let first = try await plans.detail(draft.id, by: peer, context: f.context(peer)).record.plan
            #expect(first.status == .agreed && first.content == agreed.content && first.rowVersion == agreed.rowVersion)

            // Change a goal's words and add a step: the comparison says so, goal by goal.
            var second = edited
            second.goals[0].words = "A place of my own by spring"
            let step = PlanStep(id: UUID(), what: "Fill in the application", who: .peer, byWhen: f.today.adding(days: 14))
            second.goals[0].steps.append(step)
            let saved = try await plans.update(revision.id, content: .recovery(second), by: peer, context: f.context(peer))
            let changes = PlanComparison.compare(first.content, saved.content)
            #expect(changes == [.goalChanged(from: edited.goals[0], to: second.goals[0]), .stepAdded(goal: goalIDs[0], step)])

            // Agreeing the revision supersedes number 1.
            let agreed2 = try await plans.agree(revision.id, method: .signature, on: f.today, by: peer, context: f.context(peer))
            #expect(agreed2.status == .agreed && agreed2.number == 2)
            let detail = try await plans.detail(revision.id, by: peer, context: f.context(peer))
            #expect(detail.versions.map(\.number) == [2, 1] && detail.versions.map(\.status) == [.agreed, .superseded])
            #expect(detail.domains.codes == PlanDomains.samhsa)
            // Only the agreed version is revised: not the superseded one.
            try await Self.expectInvalid(f, "plan", "plan_not_agreed") {
                _ = try await plans.revise(draft.id, by: peer, context: f.context(peer))
            }
            let overview = try await plans.overview(person.id, by: peer, context: f.context(peer))
            #expect(overview.current(.recovery)?.id == revision.id && overview.latestAgreed(.recovery)?.id == revision.id)
            #expect(overview.current(.crisis) == nil)

            // Each change is audited against the person, naming no goal's words.
            let events = try await f.events(participant: person.id).filter { $0.resourceType == "plan" }
            #expect(events.filter { $0.action == .recordCreated }.count == 2)
            #expect(events.filter { $0.action == .recordUpdated }.count == 4)
            #expect(!events.contains { $0.detail.contains("place of my own") || $0.detail.contains("cafe") })
        }
    }

    @Test("a crisis plan: sections and supporters; a supporter needs a name; the plan of each kind is its own", arguments: TestEngine.available)
    func crisis(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, plans, peer, person) = try await Self.setUp(test.db)
            var content = CrisisPlanContent()
            content.wellnessTools = "Music, walking the dog"
            content.crisisSigns = "Not sleeping for two nights"
            content.supporters = [Supporter(id: UUID(), name: "Ana", relationship: "Sister", phone: "619-555-0100", role: "Stay with me", mayDecide: true),
                                  Supporter(id: UUID(), name: "  ", relationship: "Neighbour")]
            try await Self.expectInvalid(f, "supporters.1.name", "required") {
                _ = try await plans.start(.crisis, for: person.id, content: .crisis(content), by: peer, context: f.context(peer))
            }
            try await Self.expectInvalid(f, "kind", "unknown_value") {
                _ = try await plans.start(.crisis, for: person.id, content: .recovery(Self.recovery()), by: peer, context: f.context(peer))
            }
            content.supporters[1].name = "Luis"
            let crisis = try await plans.start(.crisis, for: person.id, content: .crisis(content), by: peer, context: f.context(peer))
            #expect(crisis.crisis?.supporters.map(\.name) == ["Ana", "Luis"] && crisis.crisis?.wellnessTools == "Music, walking the dog")
            // A recovery plan alongside it is number 1 of its own.
            let recovery = try await plans.start(.recovery, for: person.id, by: peer, context: f.context(peer))
            #expect(recovery.number == 1 && recovery.content == .empty(.recovery))
            // An empty plan is not agreed to.
            try await Self.expectInvalid(f, "plan", "plan_empty") {
                _ = try await plans.agree(recovery.id, method: .verbal, on: f.today, by: peer, context: f.context(peer))
            }
            _ = try await plans.agree(crisis.id, method: .signature, on: f.today, by: peer, context: f.context(peer))
            let overview = try await plans.overview(person.id, by: peer, context: f.context(peer))
            #expect(Set(overview.versions.map(\.id)) == [crisis.id, recovery.id])
            #expect(overview.current(.crisis)?.status == .agreed && overview.current(.recovery)?.status == .draft)
        }
    }

    @Test("progress on a goal: a step done and a status show in its standing; a service names goals of the person's plan, and only those", arguments: TestEngine.available)
    func progressAndServices(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, plans, peer, person) = try await Self.setUp(test.db)
            let content = Self.recovery()
            let goal = content.goals[0]
            let plan = try await plans.start(.recovery, for: person.id, content: .recovery(content), by: peer, context: f.context(peer))
            _ = try await plans.agree(plan.id, method: .verbal, on: f.today, by: peer, context: f.context(peer))

            let progress = try await plans.logProgress(plan.id, goalID: goal.id, note: "Called together", status: .active, stepDone: goal.steps[0].id,
                                                       on: f.today, by: peer, context: f.context(peer))
            #expect(progress.goalID == goal.id && progress.stepDone == goal.steps[0].id && progress.writtenBy == peer.userID)
            f.clock.advance(60)
            _ = try await plans.logProgress(plan.id, goalID: goal.id, note: "", status: .achieved, stepDone: nil, on: f.today, by: peer,
                                            context: f.context(peer))
            try await Self.expectInvalid(f, "goal", "unknown_goal") {
                _ = try await plans.logProgress(plan.id, goalID: UUID(), note: "Lost", status: nil, stepDone: nil, on: f.today, by: peer,
                                                context: f.context(peer))
            }
            try await Self.expectInvalid(f, "step", "unknown_value") {
                _ = try await plans.logProgress(plan.id, goalID: goal.id, note: "", status: nil, stepDone: content.goals[1].steps[0].id, on: f.today,
                                                by: peer, context: f.context(peer))
            }
            try await Self.expectInvalid(f, "written_on", "in_future") {
                _ = try await plans.logProgress(plan.id, goalID: goal.id, note: "Tomorrow", status: nil, stepDone: nil, on: f.today.adding(days: 1),
                                                by: peer, context: f.context(peer))
            }
            let overview = try await plans.overview(person.id, by: peer, context: f.context(peer))
            let standing = PlanRules.standing(of: goal.id, overview.progress)
            #expect(standing.status == .achieved && standing.stepsDone == [goal.steps[0].id])
            #expect(PlanRules.standing(of: content.goals[1].id, overview.progress).status == .active)
            // Progress follows the goal into a revision.
            let revision = try await plans.revise(plan.id, by: peer, context: f.context(peer))
            let detail = try await plans.detail(revision.id, by: peer, context: f.context(peer))
            #expect(PlanRules.standing(of: goal.id, detail.progress).stepsDone == [goal.steps[0].id])

            // A service note about the person names the goal it worked on.
            let service = try await f.services.document(personID: person.id, programID: f.a.program.id, ServiceFixture.input(date: f.today),
                                                        sign: true, by: peer, context: f.context(peer))
            try await plans.setGoals(serviceID: service.id, goalIDs: [goal.id], by: peer, context: f.context(peer))
            let authorized = try await Access(db: f.db, audit: f.journey.store.audit).resolve(.service, service.id, .read, by: peer, context: f.context(peer))
            let goals = try await plans.goals(ofService: authorized, context: f.context(peer))
            #expect(goals.named == [goal.id] && goals.choices.map(\.id) == content.goals.map(\.id))
            #expect(try await plans.overview(person.id, by: peer, context: f.context(peer)).servicesByGoal[goal.id] == [service.id])
            // A goal that is not one of the person's plans is refused, and what the service named stays.
            try await Self.expectInvalid(f, "goals", "unknown_goal") {
                try await plans.setGoals(serviceID: service.id, goalIDs: [goal.id, UUID()], by: peer, context: f.context(peer))
            }
            #expect(try await plans.goals(ofService: authorized, context: f.context(peer)).named == [goal.id])
            try await plans.setGoals(serviceID: service.id, goalIDs: [], by: peer, context: f.context(peer))
            #expect(try await plans.goals(ofService: authorized, context: f.context(peer)).named.isEmpty)
        }
    }

    @Test("who can NOT start or see a plan: a colleague without the person, another program's peer, another organization (404, audited)", arguments: TestEngine.available)
    func access(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, plans, peer, person) = try await Self.setUp(test.db)
            let plan = try await plans.start(.recovery, for: person.id, content: .recovery(Self.recovery()), by: peer, context: f.context(peer))
            let access = Access(db: f.db, audit: f.journey.store.audit)
            let deniedA = try await Self.denied(f, in: f.a.provider.id).count
            let deniedB = try await Self.denied(f, in: f.base.b.provider.id).count
            let before = try await f.count("plans")
            for user in [f.journeyFixture.colleague, f.journeyFixture.otherPeer, f.base.b.user(.peerSpecialist), f.base.b.user(.programManager)] {
                let outsider = try await f.actor(user)
                await #expect(throws: AccessRefused(decision: .notFound)) {
                    _ = try await plans.start(.crisis, for: person.id, by: outsider, context: f.context(outsider))
                }
                await #expect(throws: AccessRefused(decision: .notFound)) {
                    _ = try await plans.detail(plan.id, by: outsider, context: f.context(outsider))
                }
                await #expect(throws: AccessRefused(decision: .notFound)) {
                    _ = try await plans.update(plan.id, content: .recovery(Self.recovery()), by: outsider, context: f.context(outsider))
                }
                await #expect(throws: AccessRefused(decision: .notFound)) {
                    _ = try await plans.overview(person.id, by: outsider, context: f.context(outsider))
                }
                await #expect(throws: AccessRefused(decision: .notFound)) {
                    _ = try await access.resolve(.plan, plan.id, .read, by: outsider, context: f.context(outsider))
                }
            }
            #expect(try await f.count("plans") == before)
            // Every refusal is audited in the refused actor's own organization: four by each of A's two outsiders and
            // one more each from Access.resolve (decided, then refused); B's outsiders' four each (B never loads A's plan).
            let inA = try await Self.denied(f, in: f.a.provider.id)
            #expect(inA.count - deniedA == 2 * 5, "\(inA.map(\.resourceType))")
            #expect(Set(inA.compactMap(\.actorUserID)) == [f.journeyFixture.colleague.id, f.journeyFixture.otherPeer.id])
            #expect(inA.contains { $0.resourceType == "plan" })
            let inB = try await Self.denied(f, in: f.base.b.provider.id)
            #expect(inB.count - deniedB == 2 * 4, "\(inB.map(\.resourceType))")
            // The peer's supervisor reads it; the evaluator and the organization's administrator do not.
            let supervisor = try await f.actor(f.a.user(.supervisor))
            #expect(try await plans.detail(plan.id, by: supervisor, context: f.context(supervisor)).record.plan.id == plan.id)
            for role in [Role.evaluator, .organizationAdmin] {
                let other = try await f.actor(f.a.user(role))
                await #expect(throws: AccessRefused.self) {
                    _ = try await plans.detail(plan.id, by: other, context: f.context(other))
                }
            }
        }
    }

    @Test("a program adds its own life domains; goals may then use them; a duplicate or a non-manager is refused", arguments: TestEngine.available)
    func domains(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, plans, peer, person) = try await Self.setUp(test.db)
            var content = Self.recovery()
            content.goals[0].domain = "housing"
            try await Self.expectInvalid(f, "goals.0.domain", "unknown_value") {
                _ = try await plans.start(.recovery, for: person.id, content: .recovery(content), by: peer, context: f.context(peer))
            }
            let manager = try await f.actor(f.a.user(.programManager))
            let own = try await plans.addDomain(programID: f.a.program.id, code: " Housing ", label: "Housing", by: manager, context: f.context(manager))
            #expect(own == PlanDomains.Own(code: "housing", label: "Housing"))
            #expect(try await plans.domains(programID: f.a.program.id).codes == PlanDomains.samhsa + ["housing"])
            #expect(try await plans.domains(programID: f.a.otherProgram.id).own.isEmpty)
            try await Self.expectInvalid(f, "code", "duplicate_code") {
                _ = try await plans.addDomain(programID: f.a.program.id, code: "housing", label: "Again", by: manager, context: f.context(manager))
            }
            await #expect(throws: AccessRefused.self) {
                _ = try await plans.addDomain(programID: f.a.program.id, code: "faith", label: "Faith", by: peer, context: f.context(peer))
            }
            let plan = try await plans.start(.recovery, for: person.id, content: .recovery(content), by: peer, context: f.context(peer))
            #expect(plan.recovery?.goals[0].domain == "housing")
        }
    }
}
