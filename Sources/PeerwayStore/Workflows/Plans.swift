import Foundation
import PeerwayCore

/// Recovery and crisis plans, shared by pages, API and command line: start one, edit the draft, record
/// the participant's agreement, revise an agreed version into a new draft, compare versions, log
/// progress on goals, and name the goals a service worked on. A plan is its person's record: the access
/// policy decides it on the person; every change is validated by Core's `PlanRules` and audited.
public struct Plans: StoreWorkflow {
    public let store: StoreContext

    public init(_ store: StoreContext) {
        self.store = store
    }

    /// A person's plans, progress and the services that worked on each goal.
    public struct Overview: Sendable {
        /// Every version, newest first within each kind.
        public let versions: [PlanVersion]
        public let progress: [GoalProgress]
        public let servicesByGoal: [UUID: [UUID]]
        public let episodes: [Episode]
        public let staffNames: [UUID: String]

        /// The version to show for a kind: the draft if there is one, else the latest agreed.
        public func current(_ kind: PlanKind) -> PlanVersion? {
            let mine = versions.filter { $0.kind == kind }
            return mine.first { $0.status == .draft } ?? mine.first { $0.status == .agreed } ?? mine.first
        }

        public func latestAgreed(_ kind: PlanKind) -> PlanVersion? { versions.first { $0.kind == kind && $0.status == .agreed } }
    }

    // MARK: - Reading

    public func overview(of authorized: Authorized<Person>, context: AuditContext) async throws -> Overview {
        let id = authorized.record.id
        let overview = try await db.read { conn in
            let versions = try await PlanRecords.forPerson(id, on: conn)
            let progress = try await PlanRecords.progress(personID: id, on: conn)
            let ids = Set(versions.map(\.createdBy) + versions.compactMap(\.agreement?.recordedBy) + progress.map(\.writtenBy))
            return Overview(versions: versions, progress: progress, servicesByGoal: try await PlanRecords.services(personID: id, on: conn),
                            episodes: try await EpisodeRecords.forPerson(id, on: conn), staffNames: try await UserRecords.displayNames(ids, on: conn))
        }
        try await audit.record(db, context, .recordRead, resourceType: .plan, resourceID: id.text, participantID: id,
                               detail: "versions=\(overview.versions.count)")
        return overview
    }

    public func overview(_ personID: UUID, by actor: Actor, context: AuditContext) async throws -> Overview {
        try await reading(.participant, personID, by: actor, context: context, as: .plan) { try await overview(of: $0, context: context) }
    }

    /// One version the route guard has loaded and decided, with the person's other versions of that
    /// plan, its progress, the services per goal and the program's domains.
    public struct Detail: Sendable {
        public let record: PlanRecord
        public let versions: [PlanVersion]
        public let progress: [GoalProgress]
        public let servicesByGoal: [UUID: [UUID]]
        public let domains: PlanDomains
        public let staffNames: [UUID: String]
    }

    public func detail(of authorized: Authorized<PlanRecord>, context: AuditContext) async throws -> Detail {
        let record = authorized.record, plan = record.plan
        let detail = try await db.read { conn in
            let versions = try await PlanRecords.versions(episodeID: plan.episodeID, kind: plan.kind, on: conn)
            let progress = try await PlanRecords.progress(personID: plan.personID, on: conn)
            let ids = Set(versions.map(\.createdBy) + versions.compactMap(\.agreement?.recordedBy) + progress.map(\.writtenBy))
            return Detail(record: record, versions: versions, progress: progress,
                          servicesByGoal: try await PlanRecords.services(personID: plan.personID, on: conn),
                          domains: try await PlanRecords.domains(programID: plan.programID, on: conn),
                          staffNames: try await UserRecords.displayNames(ids, on: conn))
        }
        try await audit.record(db, context, .recordRead, resourceType: .plan, resourceID: plan.id.text, participantID: plan.personID)
        return detail
    }

    public func detail(_ id: UUID, by actor: Actor, context: AuditContext) async throws -> Detail {
        try await reading(.plan, id, by: actor, context: context, as: .plan) { try await detail(of: $0, context: context) }
    }

    /// The domains a program's goals may be in.
    public func domains(programID: UUID) async throws -> PlanDomains {
        try await db.read { conn in try await PlanRecords.domains(programID: programID, on: conn) }
    }

    // MARK: - Writing

    /// Inserts a new draft; another draft started at the same moment loses on the one-draft index.
    static func insertDraft(_ plan: PlanVersion, on conn: Connection) async throws {
        do {
            try await PlanRecords.insert(plan, on: conn)
        } catch where isUniqueViolation(error) {
            throw Self.invalid("plan", "draft_exists")
        }
    }

    /// Starts a plan of `kind` for a person the actor may update, in their open episode in one of the
    /// actor's programs (or `episodeID`). One draft at a time: with a draft already there, `draft_exists`.
    public func start(_ kind: PlanKind, for personID: UUID, episodeID: UUID? = nil, content: PlanContent? = nil, by actor: Actor,
                      context: AuditContext) async throws -> PlanVersion {
        try await guardedWrite(context, .plan) { conn -> PlanVersion in
            let (person, _) = try await ParticipantJourney.person(personID, .update, by: actor, on: conn)
            let episode = try await ParticipantJourney.episode(of: person, episodeID, actor: actor, on: conn)
            let versions = try await PlanRecords.versions(episodeID: episode.id, kind: kind, on: conn)
            if versions.contains(where: { $0.status == .draft }) { throw Self.invalid("plan", "draft_exists") }
            let domains = try await PlanRecords.domains(programID: episode.programID, on: conn)
            let start = content ?? versions.first.map(\.content) ?? .empty(kind)
            guard start.kind == kind else { throw Self.invalid("kind", "unknown_value") }
            let clean = try StoreError.validating { try PlanRules.validate(start, domains: domains) }
            let now = store.now().truncatedToMicroseconds
            let plan = PlanVersion(id: store.newID(), kind: kind, organizationID: actor.organizationID, programID: episode.programID,
                                   personID: person.id, episodeID: episode.id, number: (versions.first?.number ?? 0) + 1, status: .draft,
                                   content: clean, createdBy: actor.userID, createdAt: now, updatedAt: now, previousID: versions.first?.id)
            try await Self.insertDraft(plan, on: conn)
            try await audit.append(context, .recordCreated, resourceType: .plan, resourceID: plan.id.text, participantID: person.id,
                                   detail: "kind=\(kind.rawValue) number=\(plan.number)", on: conn)
            return plan
        }
    }

    /// Replaces a draft's content. An agreed version is never edited in place (`plan_agreed`): revise it.
    public func update(_ planID: UUID, content: PlanContent, expectedVersion: Int? = nil, by actor: Actor,
                       context: AuditContext) async throws -> PlanVersion {
        try await guardedWrite(context, .plan) { conn -> PlanVersion in
            var plan = try await Access.resolve(.plan, planID, .update, by: actor, on: conn).record.plan
            if let expectedVersion, expectedVersion != plan.rowVersion { throw StoreError.conflict }
            try StoreError.validating { try PlanRules.checkEditable(plan) }
            guard content.kind == plan.kind else { throw Self.invalid("kind", "unknown_value") }
            let domains = try await PlanRecords.domains(programID: plan.programID, on: conn)
            plan.content = try StoreError.validating { try PlanRules.validate(content, domains: domains) }
            let read = plan.rowVersion
            plan.rowVersion += 1
            plan.updatedAt = store.now().truncatedToMicroseconds
            try await PlanRecords.update(plan, expectedVersion: read, on: conn)
            try await audit.append(context, .recordUpdated, resourceType: .plan, resourceID: plan.id.text, participantID: plan.personID,
                                   detail: "kind=\(plan.kind.rawValue) number=\(plan.number)", on: conn)
            return plan
        }
    }

    /// Records that the participant agreed to a draft (how, on which day); the agreed version before it
    /// is superseded. From now on the version is kept as it is.
    public func agree(_ planID: UUID, method: AgreementMethod, on day: CalendarDate, note: String = "", expectedVersion: Int? = nil,
                      by actor: Actor, context: AuditContext) async throws -> PlanVersion {
        try await guardedWrite(context, .plan) { conn -> PlanVersion in
            var plan = try await Access.resolve(.plan, planID, .update, by: actor, on: conn).record.plan
            if let expectedVersion, expectedVersion != plan.rowVersion { throw StoreError.conflict }
            guard let episode = try await EpisodeRecords.get(plan.episodeID, on: conn) else { throw AccessRefused(decision: .notFound) }
            let note = try StoreError.validating {
                try PlanRules.validateAgreement(plan, on: day, note: note, enrolledOn: episode.enrolledOn, today: today)
            }
            let now = store.now().truncatedToMicroseconds
            try await PlanRecords.supersede(episodeID: plan.episodeID, kind: plan.kind, now: now, on: conn)
            let read = plan.rowVersion
            plan.status = .agreed
            plan.agreement = PlanAgreement(method: method, on: day, recordedBy: actor.userID, note: note)
            plan.rowVersion += 1
            plan.updatedAt = now
            try await PlanRecords.update(plan, expectedVersion: read, on: conn)
            try await audit.append(context, .recordUpdated, resourceType: .plan, resourceID: plan.id.text, participantID: plan.personID,
                                   detail: "kind=\(plan.kind.rawValue) number=\(plan.number) agreed=\(method.rawValue)", on: conn)
            return plan
        }
    }

    /// Makes a new draft from an agreed version, to change it; the agreed version stays as it was.
    public func revise(_ planID: UUID, by actor: Actor, context: AuditContext) async throws -> PlanVersion {
        try await guardedWrite(context, .plan) { conn -> PlanVersion in
            let plan = try await Access.resolve(.plan, planID, .update, by: actor, on: conn).record.plan
            let versions = try await PlanRecords.versions(episodeID: plan.episodeID, kind: plan.kind, on: conn)
            if versions.contains(where: { $0.status == .draft }) { throw Self.invalid("plan", "draft_exists") }
            let now = store.now().truncatedToMicroseconds
            var draft = try StoreError.validating { try PlanRules.revised(plan, id: store.newID(), by: actor.userID, now: now) }
            draft = PlanVersion(id: draft.id, kind: draft.kind, organizationID: draft.organizationID, programID: draft.programID,
                                personID: draft.personID, episodeID: draft.episodeID, number: (versions.first?.number ?? plan.number) + 1,
                                status: .draft, content: draft.content, createdBy: actor.userID, createdAt: now, updatedAt: now, previousID: plan.id)
            try await Self.insertDraft(draft, on: conn)
            try await audit.append(context, .recordCreated, resourceType: .plan, resourceID: draft.id.text, participantID: plan.personID,
                                   detail: "kind=\(plan.kind.rawValue) number=\(draft.number) revises=\(plan.id.text)", on: conn)
            return draft
        }
    }

    /// Logs progress on a goal of the person's plan: a note, a step done, the goal's new status.
    public func logProgress(_ planID: UUID, goalID: UUID, note: String, status: GoalStatus?, stepDone: UUID?, on day: CalendarDate,
                            by actor: Actor, context: AuditContext) async throws -> GoalProgress {
        try await guardedWrite(context, .planProgress) { conn -> GoalProgress in
            let plan = try await Access.resolve(.plan, planID, .update, by: actor, on: conn).record.plan
            guard let goal = plan.recovery?.goals.first(where: { $0.id == goalID }) else { throw Self.invalid("goal", "unknown_goal") }
            let enrolledOn = try await EpisodeRecords.get(plan.episodeID, on: conn)?.enrolledOn
            let note = try StoreError.validating {
                try PlanRules.validateProgress(note: note, status: status, stepDone: stepDone, goal: goal, on: day, enrolledOn: enrolledOn, today: today)
            }
            let progress = GoalProgress(id: store.newID(), personID: plan.personID, goalID: goal.id, stepDone: stepDone, status: status, note: note,
                                        writtenOn: day, writtenBy: actor.userID, createdAt: store.now().truncatedToMicroseconds)
            try await PlanRecords.insert(progress, organizationID: plan.organizationID, on: conn)
            try await audit.append(context, .recordCreated, resourceType: .planProgress, resourceID: progress.id.text, participantID: plan.personID,
                                   detail: "goal=\(goal.id.text)", on: conn)
            return progress
        }
    }

    /// Names the goals of the person's plans a service worked on (replacing what it named). A goal must
    /// be in one of the person's plan versions.
    public func setGoals(serviceID: UUID, goalIDs: [UUID], by actor: Actor, context: AuditContext) async throws {
        try await guardedWrite(context, .plan) { conn in
            let service = try await Access.resolve(.service, serviceID, .update, by: actor, on: conn).record
            let known = Set(try await PlanRecords.forPerson(service.personID, on: conn).flatMap { $0.recovery?.goals.map(\.id) ?? [] })
            guard goalIDs.allSatisfy(known.contains) else { throw Self.invalid("goals", "unknown_goal") }
            try await PlanRecords.setGoals(serviceID: service.id, personID: service.personID, goalIDs: Array(Set(goalIDs)).sorted { $0.uuidString < $1.uuidString },
                                           on: conn)
            try await audit.append(context, .recordUpdated, resourceType: .service, resourceID: service.id.text, participantID: service.personID,
                                   detail: "plan_goals=\(goalIDs.count)", on: conn)
        }
    }

    /// The goals a service worked on, and the person's current goals it could name.
    public func goals(ofService authorized: Authorized<PeerService>, context: AuditContext) async throws -> (named: [UUID], choices: [PlanGoal]) {
        let service = authorized.record
        let found = try await db.read { conn in
            let named = try await PlanRecords.goals(serviceID: service.id, on: conn)
            let versions = try await PlanRecords.forPerson(service.personID, on: conn).filter { $0.kind == .recovery }
            let current = versions.first { $0.status == .draft } ?? versions.first { $0.status == .agreed } ?? versions.first
            return (named, current?.recovery?.goals ?? [])
        }
        // The goals' words are the person's plan: reading them is audited like the plan itself.
        if !found.1.isEmpty {
            try await audit.record(db, context, .recordRead, resourceType: .plan, resourceID: service.personID.text, participantID: service.personID,
                                   detail: "service=\(service.id.text)")
        }
        return found
    }

    /// Adds a program's own life domain (those who may update the program).
    public func addDomain(programID: UUID, code: String, label: String, by actor: Actor?, context: AuditContext) async throws -> PlanDomains.Own {
        try await guardedWrite(context, .planDomain) { conn in
            _ = try await allowedProgram(programID, .update, actor, on: conn)
            let domains = try await PlanRecords.domains(programID: programID, on: conn)
            let own = try StoreError.validating { try domains.validateNew(code: code, label: label) }
            try await PlanRecords.addDomain(own, programID: programID, now: store.now(), on: conn)
            try await audit.append(context, .programUpdated, resourceType: .planDomain, resourceID: programID.text, detail: "domain=\(own.code)", on: conn)
            return own
        }
    }
}
