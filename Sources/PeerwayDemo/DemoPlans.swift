import Foundation
import PeerwayCore
import PeerwayStore
import SQLKit

/// The plans of the demo data: a recovery and wellness plan in most enrolled episodes, a crisis plan
/// (a wellness recovery action plan) in about two in five, progress on the goals, and the goals some
/// signed service notes say they worked on.
///
/// - A recovery plan holds one to four goals in the participant's own words (Spanish for those who
///   prefer it), each in one of SAMHSA's eight dimensions of wellness (mostly housing, relationships,
///   emotional and physical health, work; housing first for many without a home; often the goal the
///   person gave at enrollment), each with one to three small next steps: what, who, by when (within a
///   few weeks of writing).
/// - Written in the first days of the episode and agreed (signed or out loud) within about two weeks of
///   enrollment; about 15% are still drafts. About one in five episodes of five months or more was
///   revised: a second version with the same goals (one reworded or one added), agreed, the first
///   superseded.
/// - Progress notes follow the agreement: steps done, some goals achieved (more in episodes that ended
///   with goals met), a few paused or dropped, short notes, never after the episode's end or today.
/// - About 45% of the signed one-to-one service notes after the agreement name one or two goals.
/// - The named peer's people left without an intake (`DemoInstruments.namedLeftWithoutIntake`, and any
///   other whose intake has not come yet) have no plan, so the browser test writes one from scratch; nor do
///   a quarter of the episodes closed because the person could not be reached.
///
/// Every content, agreement and progress note passes Core's `PlanRules`: invalid demo content stops the
/// generator. It reads what the journey, services and instruments wrote, and draws from its own
/// generator (one seed per episode), so adding it left the rest of a seed's data unchanged. Versions and
/// progress go through `PlanRecords`, the services' goals in multi-row INSERTs of the rows `setGoals` writes;
/// `batchSize` episodes per transaction with one audit event each (in the organization's chain).
struct DemoPlans {
    static let batchSize = 5_000
    static let serviceGoalsPerInsert = 500

    let seed: UInt64
    let now: Date
    let zone: TimeZone
    let programs: [Program]
    let namedPeer: UUID?

    struct Made {
        var recoveryPlans = 0, crisisPlans = 0, versions = 0, drafts = 0, progress = 0, servicesNamingGoals = 0
    }

    /// A plan's content that Core refused: the demo's words need fixing.
    struct InvalidContent: Error, CustomStringConvertible {
        let what: String
        let errors: ValidationErrors
        var description: String { "demo plan content refused (\(what)): " + errors.errors.map { "\($0.field ?? "-") \($0.code)" }.joined(separator: ", ") }
    }

    /// A signed one-to-one service of a person.
    struct ServiceRow { let id: UUID, programID: UUID, date: CalendarDate, startMinute: Int }

    /// Someone the journey recorded as close to a participant.
    struct Relative { let givenName: String, familyName: String, relationship: Relationship? }

    /// What one episode adds.
    struct Output {
        var versions: [PlanVersion] = []
        var progress: [GoalProgress] = []
        var serviceGoals: [(service: UUID, goals: [UUID])] = []
    }

    func generate(into db: Database, audit: AuditLog) async throws -> Made {
        let instruments = DemoInstruments(seed: seed, now: now, zone: zone, programs: programs, namedPeer: namedPeer)
        let subjects = try await instruments.load(db)
        let today = CalendarDate(now, in: zone)
        // The named peer's people without an intake: those `DemoInstruments` chose, and any whose intake has not come yet.
        let namedOpen = subjects.filter { $0.episode.isOpen && namedPeer != nil && $0.pairings.last?.peerID == namedPeer }.map(\.episode.id)
        let withIntake = namedOpen.isEmpty ? [] : try await db.read { conn in
            Set(try await conn.sql.select().distinct().column("episode_id").from("instrument_administrations")
                .where("episode_id", .in, namedOpen).where("timepoint", .equal, "intake").all()
                .map { try $0.decode(column: "episode_id", as: UUID.self) })
        }
        let skipped = DemoInstruments.namedLeftWithoutIntake(subjects, namedPeer: namedPeer, today: today)
            .union(Set(namedOpen).subtracting(withIntake))
        let (enrollmentGoals, relatives) = try await db.read { conn in
            var goals: [UUID: String] = [:]
            for row in try await conn.sql.raw("SELECT id, goals FROM episodes").all() {
                goals[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "goals", as: String.self)
            }
            var relatives: [UUID: [Relative]] = [:]
            for row in try await conn.sql.raw("""
                SELECT related_participant_id, legal_given_name, legal_family_name, relationship FROM persons
                WHERE kind = 'support_person' AND related_participant_id IS NOT NULL
                """).all() {
                relatives[try row.decode(column: "related_participant_id", as: UUID.self), default: []].append(Relative(
                    givenName: try row.decode(column: "legal_given_name", as: String.self),
                    familyName: try row.decode(column: "legal_family_name", as: String.self),
                    relationship: try row.decode(column: "relationship", as: String?.self).flatMap(Relationship.init)))
            }
            return (goals, relatives.mapValues { $0.sorted { ($0.givenName, $0.familyName) < ($1.givenName, $1.familyName) } })
        }
        var rng = SeededGenerator(seed: seed ^ 0x706C_616E_7321_2121)
        let context = AuditContext(requestID: "demo-seed-\(seed)", clientAddress: "cli", actorLabel: "cli:demo")
        let seed = self.seed
        let builder = Builder(now: now, zone: zone, today: today, calendar: .gregorian(in: zone))
        var made = Made()

        let organizations = programs.map(\.organizationID).reduce(into: [UUID]()) { if !$0.contains($1) { $0.append($1) } }
        for organizationID in organizations {
            let mine = subjects.filter { $0.organizationID == organizationID }
            for start in stride(from: 0, to: mine.count, by: Self.batchSize) {
                let slice = Array(mine[start..<min(start + Self.batchSize, mine.count)])
                let services = try await Self.services(of: slice.map(\.episode.participantID), db)
                var out = Output()
                for subject in slice {
                    // One seed per episode, drawn whatever happens to it: each episode's plans stand on their own.
                    var episodeRNG = SeededGenerator(seed: rng.next())
                    guard !skipped.contains(subject.episode.id) else { continue }
                    let one = try builder.plans(of: subject, enrollmentGoal: enrollmentGoals[subject.episode.id] ?? "",
                                                relatives: relatives[subject.episode.participantID] ?? [],
                                                services: services[subject.episode.participantID] ?? [], &episodeRNG)
                    made.recoveryPlans += one.versions.contains { $0.kind == .recovery } ? 1 : 0
                    made.crisisPlans += one.versions.contains { $0.kind == .crisis } ? 1 : 0
                    made.drafts += one.versions.filter { $0.status == .draft }.count
                    out.versions += one.versions
                    out.progress += one.progress
                    out.serviceGoals += one.serviceGoals
                }
                guard !out.versions.isEmpty else { continue }
                let rows = out
                let detail = "demo data (seed \(seed)): \(rows.versions.count) plan versions, \(rows.progress.count) progress notes on goals, "
                    + "\(rows.serviceGoals.count) services naming goals"
                try await db.write { conn in
                    for plan in rows.versions.sorted(by: { $0.number < $1.number }) { try await PlanRecords.insert(plan, on: conn) }
                    for p in rows.progress { try await PlanRecords.insert(p, organizationID: organizationID, on: conn) }
                    try await Self.nameGoals(rows.serviceGoals, versions: rows.versions, on: conn)
                    try await audit.append(context, .recordCreated, resourceType: .demoBatch, organizationID: organizationID, detail: detail, on: conn)
                }
                made.versions += rows.versions.count
                made.progress += rows.progress.count
                made.servicesNamingGoals += rows.serviceGoals.count
            }
        }
        return made
    }

    /// The signed one-to-one services of these people, each person's in date order.
    static func services(of people: [UUID], _ db: Database) async throws -> [UUID: [ServiceRow]] {
        var out: [UUID: [ServiceRow]] = [:]
        for start in stride(from: 0, to: people.count, by: 1000) {
            let slice = Array(people[start..<min(start + 1000, people.count)])
            try await db.read { conn in
                for row in try await conn.sql.select().columns("id", "person_id", "program_id", "service_date", "start_minute").from("services")
                    .where("person_id", .in, slice).where("status", .equal, "signed").where(SQLColumn("group_id"), .is, SQLLiteral.null).all() {
                    guard let day = CalendarDate(try row.decode(column: "service_date", as: String.self)) else { continue }
                    out[try row.decode(column: "person_id", as: UUID.self), default: []].append(ServiceRow(
                        id: try row.decode(column: "id", as: UUID.self), programID: try row.decode(column: "program_id", as: UUID.self), date: day,
                        startMinute: try row.decode(column: "start_minute", as: Int.self)))
                }
            }
        }
        return out.mapValues { $0.sorted { ($0.date, $0.startMinute, $0.id.uuidString) < ($1.date, $1.startMinute, $1.id.uuidString) } }
    }

    /// The goals the services name: rows as `PlanRecords.setGoals` writes them (the services name none
    /// yet), in multi-row INSERTs.
    static func nameGoals(_ rows: [(service: UUID, goals: [UUID])], versions: [PlanVersion], on conn: Connection) async throws {
        let personOfGoal = Dictionary(versions.flatMap { v in (v.recovery?.goals ?? []).map { ($0.id, v.personID) } }, uniquingKeysWith: { a, _ in a })
        let flat = rows.flatMap { row in
            row.goals.sorted { $0.uuidString < $1.uuidString }.compactMap { goal in personOfGoal[goal].map { (row.service, goal, $0) } }
        }
        for start in stride(from: 0, to: flat.count, by: serviceGoalsPerInsert) {
            let insert = conn.sql.insert(into: "service_goals").columns("service_id", "goal_id", "person_id")
            for (service, goal, person) in flat[start..<min(start + serviceGoalsPerInsert, flat.count)] {
                insert.values([service, goal, person] as [any Encodable & Sendable])
            }
            try await insert.run()
        }
    }
}

// MARK: - One episode's plans

extension DemoPlans {
    struct Builder {
        let now: Date
        let zone: TimeZone
        let today: CalendarDate
        let calendar: Calendar
        let domains = PlanDomains()

        /// One episode's plans, their progress and the services that name goals. Every choice is drawn
        /// first, in the same number of draws whatever the dates (the content, revision, crisis plan,
        /// progress and services each from a generator of their own); the dates then decide what the
        /// episode had time for.
        func plans(of subject: DemoInstruments.Subject, enrollmentGoal: String, relatives: [Relative], services: [ServiceRow],
                   _ rng: inout SeededGenerator) throws -> Output {
            let episode = subject.episode
            let person = subject.person
            let spanish = person?.details.preferredLanguage == "es"

            // Draws.
            let noPlan = episode.dischargeReason == .unableToContact && rng.chance(0.25)
            let writeDelay = rng.weighted([(0, 40), (rng.int(1...7), 45), (rng.int(8...12), 15)])
            let agreeDelay = rng.weighted([(0, 35), (rng.int(1...7), 45), (rng.int(8...14), 15), (rng.int(15...30), 5)])
            let staysDraft = rng.chance(episode.isOpen ? 0.2 : 0.08)
            let method: AgreementMethod = rng.chance(0.6) ? .signature : .verbal
            let agreementNote = rng.pick(method == .signature ? Texts.signedNotes : Texts.verbalNotes + (spanish ? ["Read aloud in Spanish; agreed."] : []))
            let revises = rng.chance(0.25)
            let revisionGap = rng.int(60...150)
            let revisionAgreeDelay = rng.int(0...10)
            let hasCrisis = rng.chance(0.4)
            let crisisDelay = rng.int(0...21)
            let crisisAgreed = rng.chance(0.85)
            let crisisAgreeDelay = rng.weighted([(0, 50), (rng.int(1...7), 50)])
            let crisisMethod: AgreementMethod = rng.chance(0.6) ? .signature : .verbal
            var contentRNG = SeededGenerator(seed: rng.next())
            var revisionRNG = SeededGenerator(seed: rng.next())
            var crisisRNG = SeededGenerator(seed: rng.next())
            var progressRNG = SeededGenerator(seed: rng.next())
            var servicesRNG = SeededGenerator(seed: rng.next())
            var ids = SeededGenerator(seed: rng.next())

            // Dates.
            let enrolled = episode.enrolledOn
            let end = min(episode.dischargedOn ?? today, today)
            guard !noPlan, enrolled <= end else { return Output() }
            let written = min(enrolled.adding(days: writeDelay), end)
            let agreed = written.adding(days: agreeDelay)
            let isDraft = staysDraft || agreed > end

            let content = recoveryContent(enrollmentGoal: enrollmentGoal, spanish: spanish, person: person, written: written, &contentRNG)
            let checked = try validated(.recovery(content), "recovery plan")
            let writtenAt = instant(written, &ids)
            guard let writer = subject.peer(on: writtenAt) ?? subject.pairings.first?.assignedBy else { return Output() }
            var first = PlanVersion(id: ids.uuid(), kind: .recovery, organizationID: subject.organizationID, programID: episode.programID,
                                    personID: episode.participantID, episodeID: episode.id, number: 1, status: .draft, content: checked,
                                    createdBy: writer, createdAt: writtenAt, updatedAt: writtenAt)
            var second: PlanVersion?
            if !isDraft {
                first = try agree(first, method: method, on: agreed, note: agreementNote, subject: subject, &ids)
                // A revision, in a long enough episode: written some months after the first agreement, agreed soon after.
                let gap = min(revisionGap, agreed.days(until: end) - 15)
                if revises && enrolled.days(until: end) >= 150 && gap >= 30 {
                    let revisedOn = agreed.adding(days: gap)
                    let revisedAt = max(instant(revisedOn, &ids), first.updatedAt)
                    let reviser = subject.peer(on: revisedAt) ?? writer
                    var draft = try catching("revision") { try PlanRules.revised(first, id: ids.uuid(), by: reviser, now: revisedAt) }
                    draft.content = try validated(.recovery(revise(content, spanish: spanish, written: revisedOn, &revisionRNG)),
                                                  "revised recovery plan")
                    let next = try agree(draft, method: method, on: revisedOn.adding(days: min(revisionAgreeDelay, revisedOn.days(until: end))),
                                         note: "", subject: subject, &ids)
                    first.status = .superseded
                    first.updatedAt = next.updatedAt
                    first.rowVersion += 1
                    second = next
                }
            }
            var out = Output()
            out.versions.append(first)
            if let second { out.versions.append(second) }
            if !isDraft {
                out.progress = try progress(first: first, second: second, end: end, subject: subject, &progressRNG)
                out.serviceGoals = serviceGoals(first: first, second: second, end: end, services: services, programID: episode.programID,
                                                &servicesRNG)
            }

            if hasCrisis {
                let crisisWritten = min(written.adding(days: crisisDelay), end)
                let crisisAt = instant(crisisWritten, &ids)
                let crisis = try validated(.crisis(crisisContent(spanish: spanish, person: person, relatives: relatives, &crisisRNG)), "crisis plan")
                var plan = PlanVersion(id: ids.uuid(), kind: .crisis, organizationID: subject.organizationID, programID: episode.programID,
                                       personID: episode.participantID, episodeID: episode.id, number: 1, status: .draft, content: crisis,
                                       createdBy: subject.peer(on: crisisAt) ?? writer, createdAt: crisisAt, updatedAt: crisisAt)
                let crisisAgreedOn = crisisWritten.adding(days: crisisAgreeDelay)
                if crisisAgreed && crisisAgreedOn <= end {
                    plan = try agree(plan, method: crisisMethod, on: crisisAgreedOn, note: "", subject: subject, &ids)
                }
                out.versions.append(plan)
            }
            return out
        }

        /// The draft agreed on `day`, as the workflow records it (checked by Core).
        func agree(_ plan: PlanVersion, method: AgreementMethod, on day: CalendarDate, note: String, subject: DemoInstruments.Subject,
                   _ rng: inout SeededGenerator) throws -> PlanVersion {
            let clean = try catching("agreement") {
                try PlanRules.validateAgreement(plan, on: day, note: note, enrolledOn: subject.episode.enrolledOn, today: today)
            }
            let at = max(instant(day, &rng), plan.createdAt)
            var agreed = plan
            agreed.status = .agreed
            agreed.agreement = PlanAgreement(method: method, on: day, recordedBy: subject.peer(on: at) ?? plan.createdBy, note: clean)
            agreed.updatedAt = at
            agreed.rowVersion += 1
            return agreed
        }

        func validated(_ content: PlanContent, _ what: String) throws -> PlanContent {
            try catching(what) { try PlanRules.validate(content, domains: domains) }
        }

        /// `body`, with Core's refusal turned into an error that says which of the demo's contents it was.
        func catching<T>(_ what: String, _ body: () throws -> T) throws -> T {
            do { return try body() } catch let error as ValidationErrors { throw InvalidContent(what: what, errors: error) }
        }

        /// Midday-ish on `day` in the county's zone, never after now.
        func instant(_ day: CalendarDate, _ rng: inout SeededGenerator) -> Date {
            let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: rng.int(9...17),
                                                          minute: rng.int(0...59)))!
            return min(date, now).rounded(to: 1)
        }
    }
}

// MARK: - Goals and steps

extension DemoPlans.Builder {
    /// Goals in the participant's words: housing first for many without a home, the goal they gave at
    /// enrollment more often than not, sobriety for many who sought a peer with that experience, then other
    /// dimensions by weight (different ones where possible).
    func recoveryContent(enrollmentGoal: String, spanish: Bool, person: Person?, written: CalendarDate,
                         _ rng: inout SeededGenerator) -> RecoveryPlanContent {
        let count = rng.weighted([(1, 20), (2, 40), (3, 30), (4, 10)])
        var chosen: [DemoPlans.GoalIdea] = []
        func add(_ idea: DemoPlans.GoalIdea?) {
            if let idea, !chosen.contains(where: { $0.key == idea.key }) { chosen.append(idea) }
        }
        let housing = person?.details.housing ?? .unknown
        let homeless = [.homelessSheltered, .homelessUnsheltered, .unstablyHoused].contains(housing)
        let housingIdea = rng.pick(DemoPlans.ideas.filter { $0.key.hasPrefix("home.") })
        if homeless && rng.chance(0.7) { add(housingIdea) }
        if rng.chance(0.7) { add(DemoPlans.enrollmentGoals[enrollmentGoal].flatMap(DemoPlans.idea)) }
        if person?.details.livedExperienceSought.contains(.substanceUse) == true && rng.chance(0.5) { add(DemoPlans.idea("body.sober")) }
        for _ in 0..<20 where chosen.count < count {
            let domain = rng.weighted(DemoPlans.domainWeights)
            let options = DemoPlans.ideas.filter { $0.domain == domain && !chosen.map(\.key).contains($0.key) && (spanish || !$0.spanishOnly) }
            let fresh = !chosen.contains { $0.domain == domain }
            let idea = options.isEmpty ? nil : rng.pick(options)
            if fresh || rng.chance(0.3) { add(idea) }
        }
        let goals = chosen.prefix(count).map { goal(from: $0, spanish: spanish, written: written, &rng) }
        let strengths = rng.chance(0.85)
            ? rng.shuffledPick(spanish ? DemoPlans.Texts.strengthsES : DemoPlans.Texts.strengthsEN, rng.int(1...2)).joined(separator: " ")
            : ""
        return RecoveryPlanContent(goals: Array(goals), strengths: strengths)
    }

    /// A goal of `idea` with one to three of its steps, each due within a few weeks of the day it was written.
    func goal(from idea: DemoPlans.GoalIdea, spanish: Bool, written: CalendarDate, _ rng: inout SeededGenerator) -> PlanGoal {
        let picked = rng.shuffledPick(idea.steps, rng.int(1...min(3, idea.steps.count)))
        let steps = picked.map { step in
            PlanStep(id: rng.uuid(), what: spanish ? step.es : step.en, who: step.who, byWhen: written.adding(days: rng.int(5...28)))
        }
        return PlanGoal(id: rng.uuid(), domain: idea.domain, words: spanish ? idea.es : idea.en,
                        steps: steps.sorted { ($0.byWhen ?? written, $0.id.uuidString) < ($1.byWhen ?? written, $1.id.uuidString) })
    }

    /// The second version: the same goals and steps (ids kept), one goal reworded in the participant's
    /// later words or one goal added (or both), now and then a step added; new steps due within a few
    /// weeks of the revision.
    func revise(_ content: RecoveryPlanContent, spanish: Bool, written: CalendarDate, _ rng: inout SeededGenerator) -> RecoveryPlanContent {
        var out = content
        let change = rng.weighted([("add", 50), ("reword", 30), ("both", 20)])
        let target = rng.int(0...3)
        let addStep = rng.chance(0.5)
        let words = { (idea: DemoPlans.GoalIdea) in spanish ? idea.es : idea.en }
        let later = { (idea: DemoPlans.GoalIdea) in spanish ? idea.esLater : idea.enLater }
        let used = Set(out.goals.map(\.words))
        let options = DemoPlans.ideas.filter { !used.contains(words($0)) && (spanish || !$0.spanishOnly) }
        let newIdea = rng.pick(options)
        let added = goal(from: newIdea, spanish: spanish, written: written, &rng)
        let stepID = rng.uuid()
        let stepDue = written.adding(days: rng.int(7...28))

        let canAdd = out.goals.count < 4
        if change != "add" || !canAdd, !out.goals.isEmpty {
            let i = target % out.goals.count
            if let idea = DemoPlans.ideas.first(where: { words($0) == out.goals[i].words }) { out.goals[i].words = later(idea) }
        }
        if change != "reword" && canAdd { out.goals.append(added) }
        if addStep, let i = out.goals.indices.first(where: { !out.goals[$0].steps.isEmpty && out.goals[$0].steps.count < 3 && out.goals[$0].id != added.id }),
           let idea = DemoPlans.ideas.first(where: { words($0) == out.goals[i].words || later($0) == out.goals[i].words }) {
            let have = Set(out.goals[i].steps.map(\.what))
            if let step = idea.steps.first(where: { !have.contains(spanish ? $0.es : $0.en) }) {
                out.goals[i].steps.append(PlanStep(id: stepID, what: spanish ? step.es : step.en, who: step.who, byWhen: stepDue))
            }
        }
        return out
    }
}

// MARK: - Progress and the services that worked on goals

extension DemoPlans.Builder {
    /// Notes on the goals of the plan in force, each dated after the version that brought the goal (or
    /// step) was agreed and no later than the episode's end: steps done, then perhaps the goal achieved
    /// (or paused, or dropped); now and then a note on how it goes.
    func progress(first: PlanVersion, second: PlanVersion?, end: CalendarDate, subject: DemoInstruments.Subject,
                  _ rng: inout SeededGenerator) throws -> [GoalProgress] {
        guard let firstAgreed = first.agreement?.on, let final = (second ?? first).recovery else { return [] }
        let earlier = Set(first.recovery?.goals.flatMap { [$0.id] + $0.steps.map(\.id) } ?? [])
        let since = { (id: UUID) -> CalendarDate in earlier.contains(id) ? firstAgreed : (second?.agreement?.on ?? firstAgreed) }
        let goalsMet = subject.episode.dischargeReason == .goalsSubstantiallyMet
        var notes: [(CalendarDate, UUID?, GoalStatus?, String, PlanGoal)] = []
        for goal in final.goals {
            let start = since(goal.id)
            let room = start.days(until: end)
            var lastDone: CalendarDate?
            var allDone = !goal.steps.isEmpty
            for step in goal.steps {
                let stepStart = max(start, since(step.id))
                let stepRoom = stepStart.days(until: end)
                let p = stepRoom >= 21 ? (goalsMet ? 0.8 : 0.6) : stepRoom >= 7 ? 0.35 : 0.1
                let roll = rng.double()
                let due = step.byWhen.map { stepStart.days(until: $0) } ?? 14
                let offset = rng.int(1...max(1, max(1, due) + 10))
                let note = rng.chance(0.6) ? rng.pick(DemoPlans.Texts.stepDone) : ""
                guard roll < p, stepRoom >= 1 else { allDone = false; continue }
                let day = stepStart.adding(days: min(offset, stepRoom))
                notes.append((day, step.id, nil, note, goal))
                lastDone = max(lastDone ?? day, day)
            }
            let statusRoll = rng.double()
            let statusDelay = rng.int(0...14)
            let statusOffset = rng.int(30...max(30, room))
            let generalRoll = rng.double()
            let generalOffset = rng.int(1...max(1, room))
            let generalNote = rng.pick(DemoPlans.Texts.general)
            let achievedNote = rng.pick(DemoPlans.Texts.achieved)
            let pausedNote = rng.pick(DemoPlans.Texts.paused)
            let droppedNote = rng.pick(DemoPlans.Texts.dropped)
            var status: (CalendarDate, GoalStatus, String)?
            if allDone, let lastDone, statusRoll < (goalsMet ? 0.75 : 0.45) {
                status = (min(lastDone.adding(days: statusDelay), end), .achieved, achievedNote)
            } else if room >= 60 {
                let day = start.adding(days: min(statusOffset, room))
                let after = max(day, lastDone ?? day)
                if statusRoll < 0.1 {
                    status = (after, .achieved, achievedNote)
                } else if statusRoll < 0.15 {
                    status = (after, .paused, pausedNote)
                } else if statusRoll < 0.19 {
                    status = (after, .dropped, droppedNote)
                }
            }
            // How it goes, before the goal's status changed if it did.
            let lastNoteDay = status.map { start.days(until: $0.0) } ?? room
            if room >= 7 && lastNoteDay >= 1 && generalRoll < 0.35 {
                notes.append((start.adding(days: min(generalOffset, lastNoteDay)), nil, nil, generalNote, goal))
            }
            if let (day, status, note) = status { notes.append((day, nil, status, note, goal)) }
        }
        notes.sort { ($0.0, $0.2 == nil ? 0 : 1) < ($1.0, $1.2 == nil ? 0 : 1) }
        return try notes.map { day, stepDone, status, note, goal in
            let clean = try catching("progress note") {
                try PlanRules.validateProgress(note: note, status: status, stepDone: stepDone, goal: goal, on: day, today: today)
            }
            let at = instant(day, &rng)
            return GoalProgress(id: rng.uuid(), personID: first.personID, goalID: goal.id, stepDone: stepDone, status: status, note: clean,
                                writtenOn: day, writtenBy: subject.peer(on: at) ?? first.createdBy, createdAt: at)
        }
    }

    /// About 45% of the signed one-to-one services of the episode's program after the plan was agreed name
    /// one or two goals of the version in force that day.
    func serviceGoals(first: PlanVersion, second: PlanVersion?, end: CalendarDate, services: [DemoPlans.ServiceRow], programID: UUID,
                      _ rng: inout SeededGenerator) -> [(service: UUID, goals: [UUID])] {
        guard let agreed = first.agreement?.on else { return [] }
        var out: [(service: UUID, goals: [UUID])] = []
        for service in services where service.programID == programID && service.date >= agreed && service.date <= end {
            guard rng.chance(0.45) else { continue }
            let inForce = second.flatMap { s in s.agreement.map { service.date >= $0.on } == true ? s : nil } ?? first
            let goals = inForce.recovery?.goals.map(\.id) ?? []
            guard !goals.isEmpty else { continue }
            let named = rng.shuffledPick(goals, min(goals.count, rng.chance(0.75) ? 1 : 2))
            out.append((service.id, named))
        }
        return out
    }
}

// MARK: - The crisis plan

extension DemoPlans.Builder {
    /// A wellness recovery action plan in short words: what keeps the person well, what sets them off,
    /// the signs that things are breaking down and that others should take over, the care they want and
    /// refuse, and one to three supporters (the family member the journey recorded first, if any).
    func crisisContent(spanish: Bool, person: Person?, relatives: [DemoPlans.Relative], _ rng: inout SeededGenerator) -> CrisisPlanContent {
        let t = spanish ? DemoPlans.Texts.crisisES : DemoPlans.Texts.crisisEN
        var c = CrisisPlanContent()
        func lines(_ field: String, _ range: ClosedRange<Int>, _ rng: inout SeededGenerator) -> String {
            guard let pool = t[field], !pool.isEmpty else { return "" }
            return rng.shuffledPick(pool, min(pool.count, rng.int(range))).joined(separator: "\n")
        }
        c.wellnessTools = lines("wellness_tools", 2...4, &rng)
        c.dailyMaintenance = rng.chance(0.7) ? lines("daily_maintenance", 1...3, &rng) : ""
        c.triggers = lines("triggers", 2...3, &rng)
        c.triggerActions = rng.chance(0.6) ? lines("trigger_actions", 1...2, &rng) : ""
        c.earlyWarningSigns = lines("early_warning_signs", 2...3, &rng)
        c.earlyWarningActions = rng.chance(0.6) ? lines("early_warning_actions", 1...2, &rng) : ""
        c.breakingDown = rng.chance(0.5) ? lines("breaking_down", 1...2, &rng) : ""
        c.breakingDownActions = rng.chance(0.4) ? lines("breaking_down_actions", 1...2, &rng) : ""
        c.crisisSigns = lines("crisis_signs", 2...3, &rng)
        c.preferredTreatments = lines("preferred_treatments", 1...2, &rng)
        c.refusedTreatments = rng.chance(0.8) ? lines("refused_treatments", 1...2, &rng) : ""
        c.preferredFacilities = rng.chance(0.6) ? lines("preferred_facilities", 1...1, &rng) : ""
        c.refusedFacilities = rng.chance(0.3) ? lines("refused_facilities", 1...1, &rng) : ""
        c.postCrisis = lines("post_crisis", 1...3, &rng)

        let culture = DemoJourney.Culture.all.first { $0.families.contains(person?.legalFamilyName ?? "") } ?? DemoJourney.Culture.all[0]
        let count = rng.weighted([(1, 40), (2, 40), (3, 20)])
        var supporters: [Supporter] = []
        var usedRelations = Set<String>()
        var usedPhones = Set<String>()
        for i in 0..<count {
            var relation = rng.pick(DemoPlans.Texts.relations)
            let name: String
            if i == 0, let relative = relatives.first {
                relation = DemoPlans.Texts.relation(for: relative.relationship, givenName: relative.givenName)
                name = "\(relative.givenName) \(relative.familyName)"
            } else {
                var tries = 0
                while usedRelations.contains(relation.en) && tries < 10 { relation = rng.pick(DemoPlans.Texts.relations); tries += 1 }
                let given = rng.pick(relation.feminine ? culture.women : culture.men)
                let family = relation.family && rng.chance(0.7) ? (person?.legalFamilyName ?? rng.pick(culture.families)) : rng.pick(culture.families)
                name = "\(given) \(family)"
            }
            usedRelations.insert(relation.en)
            var phone = "(619) 555-01\(String(format: "%02d", rng.int(0...99)))"
            while usedPhones.contains(phone) { phone = "(619) 555-01\(String(format: "%02d", rng.int(0...99)))" }
            usedPhones.insert(phone)
            let roles = relation.professional ? DemoPlans.Texts.professionalRoles : DemoPlans.Texts.roles
            let role = rng.pick(roles).text(spanish)
            let mayDecide = !relation.professional && rng.chance(relation.family ? 0.45 : 0.15)
            supporters.append(Supporter(id: rng.uuid(), name: name, relationship: spanish ? relation.es : relation.en, phone: phone, role: role,
                                        mayDecide: mayDecide))
        }
        c.supporters = supporters
        if let decider = supporters.first(where: \.mayDecide), rng.chance(0.5) {
            let given = decider.name.split(separator: " ").first.map(String.init) ?? decider.name
            c.whoMayDecide = rng.pick(spanish ? DemoPlans.Texts.whoMayDecideES : DemoPlans.Texts.whoMayDecideEN)
                .replacingOccurrences(of: "{name}", with: given)
        }
        return c
    }
}

// MARK: - Randomness

extension SeededGenerator {
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func double() -> Double { Double.random(in: 0..<1, using: &self) }
    mutating func chance(_ p: Double) -> Bool { double() < p }

    /// `count` different items of `items`, in the order drawn.
    mutating func shuffledPick<T>(_ items: [T], _ count: Int) -> [T] {
        Array(items.shuffled(using: &self).prefix(count))
    }
}

// MARK: - Words

extension DemoPlans {
    /// A phrase in English and Spanish.
    struct Words: Sendable {
        let en: String
        let es: String
        func text(_ spanish: Bool) -> String { spanish ? es : en }
    }

    /// A small next step toward a goal, and who usually takes it.
    struct StepIdea: Sendable {
        let en: String
        let es: String
        let who: StepOwner
    }

    /// A goal as participants put it, first and (for a revision) later, with the steps that often go with it.
    struct GoalIdea: Sendable {
        let key: String
        let domain: String
        let en: String
        let enLater: String
        let es: String
        let esLater: String
        let steps: [StepIdea]
        var spanishOnly = false
    }

    /// SAMHSA's dimensions as often as peer programs see them in plans: housing, relationships, emotional
    /// and physical health and work far more than the others.
    static let domainWeights: [(String, Int)] = [
        ("environmental", 24), ("social", 18), ("emotional", 18), ("physical", 16), ("occupational", 12), ("financial", 6), ("intellectual", 3),
        ("spiritual", 3),
    ]

    static func idea(_ key: String) -> GoalIdea? { ideas.first { $0.key == key } }

    /// The goals people gave at enrollment (`DemoJourney`), as the idea their plan's goal comes from.
    static let enrollmentGoals: [String: String] = [
        "Stay out of the hospital and reconnect with my outpatient psychiatrist.": "mind.hospital",
        "Find stable housing.": "home.own",
        "Get back to work part-time.": "work.parttime",
        "Reconnect with my family.": "people.family",
        "Manage my anxiety without going to the emergency room.": "mind.anxiety",
        "Stay sober and go to meetings.": "body.sober",
        "Keep my medication appointments and learn what helps on bad days.": "body.meds",
        "Finish my GED.": "learn.ged",
    ]

    static func step(_ en: String, _ es: String, _ who: StepOwner) -> StepIdea { StepIdea(en: en, es: es, who: who) }

    static let ideas: [GoalIdea] = [
        // Environmental: a home, and a place that feels safe.
        GoalIdea(key: "home.own", domain: "environmental",
                 en: "I want a safe place of my own to live.", enLater: "I want to move into my own studio and keep up with the rent.",
                 es: "Quiero un lugar seguro y propio para vivir.", esLater: "Quiero mudarme a mi propio estudio y pagar la renta a tiempo.",
                 steps: [step("Fill out the Coordinated Entry assessment", "Llenar la evaluación de Coordinated Entry", .together),
                         step("Get a copy of my ID and birth certificate", "Sacar copia de mi identificación y acta de nacimiento", .participant),
                         step("Call two places on the affordable housing list", "Llamar a dos lugares de la lista de vivienda económica", .participant),
                         step("Find out where I am on the housing voucher waitlist", "Averiguar en qué lugar voy en la lista del vale de vivienda", .peer)]),
        GoalIdea(key: "home.keep", domain: "environmental",
                 en: "I want to stay in my apartment and not get evicted.", enLater: "I want to get caught up on rent and stay in my apartment.",
                 es: "Quiero quedarme en mi departamento y que no me desalojen.", esLater: "Quiero ponerme al corriente con la renta y quedarme en mi departamento.",
                 steps: [step("Call the tenant rights clinic about the notice", "Llamar a la clínica de derechos del inquilino por el aviso", .together),
                         step("Apply for emergency rental assistance", "Solicitar ayuda de emergencia para la renta", .together),
                         step("Talk to my landlord about a payment plan", "Hablar con el dueño sobre un plan de pagos", .participant)]),
        GoalIdea(key: "home.shelter", domain: "environmental",
                 en: "I want to get out of the shelter.", enLater: "I want to move from the shelter into a room I can afford.",
                 es: "Quiero salir del albergue.", esLater: "Quiero salir del albergue y rentar un cuarto que pueda pagar.",
                 steps: [step("Meet with the shelter's housing navigator", "Reunirme con la navegadora de vivienda del albergue", .participant),
                         step("Make a list of rooms for rent near the trolley", "Hacer una lista de cuartos en renta cerca del trolley", .together),
                         step("Save part of my check each month for a deposit", "Ahorrar parte de mi cheque cada mes para el depósito", .participant)]),
        GoalIdea(key: "home.sober", domain: "environmental",
                 en: "I want to live somewhere away from people who use.", enLater: "I want to move into a sober living home.",
                 es: "Quiero vivir lejos de gente que consume.", esLater: "Quiero mudarme a una casa de vida sobria.",
                 steps: [step("Visit two sober living homes", "Visitar dos casas de vida sobria", .together),
                         step("Ask my case manager about help with the first month", "Preguntarle a mi trabajadora social si me ayudan con el primer mes", .participant),
                         step("Pack what I need and store the rest", "Empacar lo que necesito y guardar lo demás", .participant)]),
        GoalIdea(key: "place.calm", domain: "environmental",
                 en: "I want my place to feel clean and calm.", enLater: "I want to keep my apartment clean enough to have people over.",
                 es: "Quiero que mi casa se sienta limpia y tranquila.", esLater: "Quiero tener mi departamento limpio para poder invitar gente.",
                 steps: [step("Clean one room each weekend", "Limpiar un cuarto cada fin de semana", .participant),
                         step("Ask about help getting a bed and a table", "Preguntar por ayuda para conseguir una cama y una mesa", .peer),
                         step("Take the bags of old things to donate", "Llevar las bolsas de cosas viejas a donar", .together)]),
        GoalIdea(key: "place.transport", domain: "environmental",
                 en: "I want to get around on my own.", enLater: "I want a bus pass and to know the routes to my appointments.",
                 es: "Quiero poder moverme por mi cuenta.", esLater: "Quiero tener pase de autobús y saber las rutas a mis citas.",
                 steps: [step("Apply for the reduced-fare transit pass", "Solicitar el pase de transporte con descuento", .together),
                         step("Ride the bus to the clinic together once", "Ir juntos una vez en autobús a la clínica", .together),
                         step("Set up medical rides with my health plan", "Pedir transporte médico con mi plan de salud", .peer)]),
        // Social: family, friends, not being alone.
        GoalIdea(key: "people.daughter", domain: "social",
                 en: "I want to reconnect with my daughter.", enLater: "I want to see my daughter every week.",
                 es: "Quiero volver a tener relación con mi hija.", esLater: "Quiero ver a mi hija cada semana.",
                 steps: [step("Write a letter to my daughter", "Escribirle una carta a mi hija", .participant),
                         step("Practice what I want to say to her", "Practicar lo que le quiero decir", .together),
                         step("Call her on Sunday", "Llamarle el domingo", .participant)]),
        GoalIdea(key: "people.family", domain: "social",
                 en: "I want to get along better with my family.", enLater: "I want to talk with my mom without it turning into a fight.",
                 es: "Quiero llevarme mejor con mi familia.", esLater: "Quiero poder hablar con mi mamá sin que terminemos peleando.",
                 steps: [step("Invite my family to the family support class", "Invitar a mi familia a la clase de apoyo familiar", .participant),
                         step("Practice saying what I need calmly", "Practicar cómo decir lo que necesito con calma", .together),
                         step("Have dinner with my family once this month", "Cenar con mi familia una vez este mes", .participant)]),
        GoalIdea(key: "people.friends", domain: "social",
                 en: "I want to have friends who don't drink.", enLater: "I want to do something fun with sober friends every weekend.",
                 es: "Quiero tener amigos que no tomen.", esLater: "Quiero hacer algo divertido con amigos sobrios cada fin de semana.",
                 steps: [step("Go to the peer support group on Thursday", "Ir al grupo de apoyo de pares el jueves", .participant),
                         step("Try the Saturday hike with the clubhouse", "Probar la caminata del sábado con el clubhouse", .together),
                         step("Get the phone number of one person from group", "Pedirle su número a una persona del grupo", .participant)]),
        GoalIdea(key: "people.alone", domain: "social",
                 en: "I want to feel less alone.", enLater: "I want to talk to someone I trust every day.",
                 es: "Quiero tener con quién hablar cuando me siento mal.", esLater: "Quiero hablar todos los días con alguien de confianza.",
                 steps: [step("Call the warm line when the evenings are hard", "Llamar a la línea de apoyo cuando las noches sean difíciles", .participant),
                         step("Go to the drop-in center twice a week", "Ir al centro comunitario dos veces por semana", .participant),
                         step("Make a list of three people I can call", "Hacer una lista de tres personas a quienes puedo llamar", .together)]),
        GoalIdea(key: "people.kids", domain: "social",
                 en: "I want to be there for my kids.", enLater: "I want to go to my son's school meetings and take the kids out once a month.",
                 es: "Quiero estar presente para mis hijos.", esLater: "Quiero ir a las juntas de la escuela de mi hijo y salir con los niños una vez al mes.",
                 steps: [step("Ask the school for the meeting dates", "Pedir las fechas de las juntas en la escuela", .participant),
                         step("Plan one outing with the kids", "Planear una salida con los niños", .participant),
                         step("Look into a parenting group", "Buscar un grupo para padres", .peer)]),
        // Emotional: staying well, coping, feeling like oneself.
        GoalIdea(key: "mind.hospital", domain: "emotional",
                 en: "I want to stay out of the hospital.", enLater: "I want to notice when I'm getting sick and ask for help early.",
                 es: "Quiero no volver al hospital.", esLater: "Quiero darme cuenta cuando me estoy poniendo mal y pedir ayuda a tiempo.",
                 steps: [step("Go to my appointment with the psychiatrist", "Ir a mi cita con el psiquiatra", .participant),
                         step("Write down my early warning signs", "Escribir mis señales de alerta", .together),
                         step("Make a crisis plan", "Hacer un plan de crisis", .together),
                         step("Get a ride set up for my clinic appointments", "Conseguir transporte para mis citas en la clínica", .peer)]),
        GoalIdea(key: "mind.anxiety", domain: "emotional",
                 en: "I want to handle my anxiety without going to the ER.", enLater: "I want a few things that calm me down when panic starts.",
                 es: "Quiero manejar mi ansiedad sin ir a la sala de emergencias.", esLater: "Quiero tener cosas que me calmen cuando empieza el pánico.",
                 steps: [step("Learn a breathing exercise and practice it daily", "Aprender un ejercicio de respiración y practicarlo cada día", .together),
                         step("Try the anxiety group at the clinic", "Probar el grupo de ansiedad de la clínica", .participant),
                         step("Save the warm line number in my phone", "Guardar el número de la línea de apoyo en mi celular", .participant)]),
        GoalIdea(key: "mind.myself", domain: "emotional",
                 en: "I want to feel like myself again.", enLater: "I want to have more good days than bad days.",
                 es: "Quiero volver a sentirme yo.", esLater: "Quiero tener más días buenos que malos.",
                 steps: [step("Keep a mood journal for two weeks", "Llevar un diario de mi estado de ánimo por dos semanas", .participant),
                         step("Tell my therapist what has been helping", "Contarle a mi terapeuta lo que me ha ayudado", .participant),
                         step("Do one thing I used to enjoy each week", "Hacer cada semana algo que antes disfrutaba", .participant)]),
        GoalIdea(key: "mind.anger", domain: "emotional",
                 en: "I want to handle my anger better.", enLater: "I want to walk away before an argument gets out of hand.",
                 es: "Quiero controlar mejor mi enojo.", esLater: "Quiero alejarme antes de que una discusión se salga de control.",
                 steps: [step("Write down what sets me off", "Apuntar qué me hace enojar", .participant),
                         step("Practice taking ten minutes before I answer", "Practicar tomarme diez minutos antes de contestar", .participant),
                         step("Find an anger management class", "Buscar una clase de manejo del enojo", .peer)]),
        GoalIdea(key: "mind.grief", domain: "emotional",
                 en: "I want to deal with losing my brother.", enLater: "I want to talk about my brother without shutting down.",
                 es: "Quiero aprender a vivir con la muerte de mi hermano.", esLater: "Quiero poder hablar de mi hermano sin cerrarme.",
                 steps: [step("Go to the grief support group", "Ir al grupo de apoyo para el duelo", .participant),
                         step("Visit his grave with my cousin", "Visitar su tumba con mi primo", .participant)]),
        // Physical: body, sleep, medication, sobriety.
        GoalIdea(key: "body.sober", domain: "physical",
                 en: "I want to stay sober one day at a time.", enLater: "I want to stay sober and have a sponsor I call every week.",
                 es: "Quiero seguir sin tomar, un día a la vez.", esLater: "Quiero seguir sin consumir y tener un padrino al que llame cada semana.",
                 steps: [step("Go to three meetings a week", "Ir a tres juntas por semana", .participant),
                         step("Ask someone at the meeting to be my sponsor", "Pedirle a alguien de la junta que sea mi padrino", .participant),
                         step("Go together to the outpatient program intake", "Ir juntos a la cita de admisión del programa ambulatorio", .together),
                         step("Ask my doctor about medication for cravings", "Preguntarle a mi doctor por medicamento para los antojos", .participant)]),
        GoalIdea(key: "body.meds", domain: "physical",
                 en: "I want to take my medication the way I'm supposed to.", enLater: "I want to take my meds every day and tell my doctor about the side effects.",
                 es: "Quiero tomar mis medicamentos como me los recetaron.", esLater: "Quiero tomar mis medicinas diario y decirle al doctor de los efectos secundarios.",
                 steps: [step("Get a pill organizer", "Conseguir un pastillero", .participant),
                         step("Set a phone alarm for my meds", "Poner una alarma en el celular para mis medicinas", .together),
                         step("Write down side effects to tell my doctor", "Apuntar los efectos secundarios para decirle al doctor", .participant)]),
        GoalIdea(key: "body.sleep", domain: "physical",
                 en: "I want to sleep better.", enLater: "I want to sleep at least six hours most nights.",
                 es: "Quiero dormir mejor.", esLater: "Quiero dormir por lo menos seis horas casi todas las noches.",
                 steps: [step("Turn off my phone an hour before bed", "Apagar el celular una hora antes de dormir", .participant),
                         step("Ask my doctor about my sleep", "Preguntarle a mi doctor sobre mi sueño", .participant),
                         step("Stop drinking coffee after noon", "Dejar el café después del mediodía", .participant)]),
        GoalIdea(key: "body.doctor", domain: "physical",
                 en: "I want to find a doctor and get a checkup.", enLater: "I want to see my doctor regularly for my diabetes.",
                 es: "Quiero encontrar un doctor y hacerme un chequeo.", esLater: "Quiero ver a mi doctor seguido por mi diabetes.",
                 steps: [step("Pick a clinic that takes Medi-Cal", "Escoger una clínica que acepte Medi-Cal", .together),
                         step("Make the appointment", "Hacer la cita", .participant),
                         step("Go to the appointment together", "Ir juntos a la cita", .together)]),
        GoalIdea(key: "body.walk", domain: "physical",
                 en: "I want to move my body more.", enLater: "I want to walk to the park and back every morning.",
                 es: "Quiero moverme más.", esLater: "Quiero caminar al parque y regresar cada mañana.",
                 steps: [step("Walk fifteen minutes after breakfast", "Caminar quince minutos después del desayuno", .participant),
                         step("Walk during our check-ins", "Caminar durante nuestras reuniones", .together),
                         step("Try the free yoga class at the rec center", "Probar la clase gratis de yoga del centro recreativo", .participant)]),
        GoalIdea(key: "body.food", domain: "physical",
                 en: "I want to eat better and cook for myself.", enLater: "I want to cook at home most days instead of eating fast food.",
                 es: "Quiero comer mejor y cocinar para mí.", esLater: "Quiero cocinar en casa casi todos los días en vez de comer comida rápida.",
                 steps: [step("Apply for CalFresh", "Solicitar CalFresh", .together),
                         step("Cook one simple meal at home this week", "Cocinar una comida sencilla en casa esta semana", .participant),
                         step("Go to the food bank on Wednesday", "Ir al banco de comida el miércoles", .participant)]),
        GoalIdea(key: "body.smoke", domain: "physical",
                 en: "I want to cut down on smoking.", enLater: "I want to be down to five cigarettes a day.",
                 es: "Quiero fumar menos.", esLater: "Quiero bajar a cinco cigarros al día.",
                 steps: [step("Call the quit line", "Llamar a la línea para dejar de fumar", .participant),
                         step("Ask about nicotine patches at the clinic", "Preguntar por los parches de nicotina en la clínica", .participant)]),
        // Occupational: work, volunteering, something to do.
        GoalIdea(key: "work.parttime", domain: "occupational",
                 en: "I want to get back to work part-time.", enLater: "I want a part-time job with a steady schedule.",
                 es: "Quiero volver a trabajar medio tiempo.", esLater: "Quiero un trabajo de medio tiempo con horario fijo.",
                 steps: [step("Update my résumé", "Actualizar mi currículum", .together),
                         step("Visit the job center", "Ir al centro de empleo", .participant),
                         step("Apply to three jobs", "Aplicar a tres trabajos", .participant),
                         step("Ask about supported employment", "Preguntar por el programa de empleo con apoyo", .peer)]),
        GoalIdea(key: "work.volunteer", domain: "occupational",
                 en: "I want to volunteer somewhere.", enLater: "I want to volunteer at the food bank every Saturday.",
                 es: "Quiero hacer trabajo voluntario.", esLater: "Quiero ser voluntario en el banco de comida todos los sábados.",
                 steps: [step("Look at volunteer openings at the food bank", "Ver las oportunidades de voluntariado en el banco de comida", .together),
                         step("Go to the volunteer orientation", "Ir a la orientación de voluntarios", .participant)]),
        GoalIdea(key: "work.peer", domain: "occupational",
                 en: "I want to become a peer support specialist.", enLater: "I want to finish the peer certification training this year.",
                 es: "Quiero ser especialista de apoyo entre pares.", esLater: "Quiero terminar este año la capacitación para certificarme como par.",
                 steps: [step("Find out about the peer certification training", "Averiguar sobre la capacitación para la certificación de pares", .peer),
                         step("Write my recovery story", "Escribir mi historia de recuperación", .participant),
                         step("Shadow a peer at the clinic for a day", "Acompañar un día a un par en la clínica", .together)]),
        GoalIdea(key: "work.keep", domain: "occupational",
                 en: "I want to keep my job.", enLater: "I want to keep my job and ask for the schedule I need.",
                 es: "Quiero conservar mi trabajo.", esLater: "Quiero conservar mi trabajo y pedir el horario que necesito.",
                 steps: [step("Talk to my supervisor about my schedule", "Hablar con mi supervisor sobre mi horario", .participant),
                         step("Ask about accommodations at work", "Preguntar sobre adaptaciones en el trabajo", .together)]),
        GoalIdea(key: "work.days", domain: "occupational",
                 en: "I want to have something to do during the day.", enLater: "I want to go to the clubhouse three days a week.",
                 es: "Quiero tener algo que hacer durante el día.", esLater: "Quiero ir al clubhouse tres días por semana.",
                 steps: [step("Visit the clubhouse", "Visitar el clubhouse", .together),
                         step("Pick one class at the community center", "Escoger una clase en el centro comunitario", .participant)]),
        // Financial.
        GoalIdea(key: "money.benefits", domain: "financial",
                 en: "I want to get my benefits back.", enLater: "I want my Medi-Cal and CalFresh active and renewed on time.",
                 es: "Quiero recuperar mis beneficios.", esLater: "Quiero tener mi Medi-Cal y CalFresh activos y renovarlos a tiempo.",
                 steps: [step("Bring my letters to the benefits counselor", "Llevarle mis cartas al consejero de beneficios", .together),
                         step("Renew my Medi-Cal", "Renovar mi Medi-Cal", .participant)]),
        GoalIdea(key: "money.ssi", domain: "financial",
                 en: "I want to apply for SSI.", enLater: "I want to appeal the SSI denial.",
                 es: "Quiero solicitar el SSI.", esLater: "Quiero apelar la negación del SSI.",
                 steps: [step("Gather my medical records", "Juntar mis expedientes médicos", .participant),
                         step("Go to the SSI advocacy clinic", "Ir a la clínica de ayuda para el SSI", .together)]),
        GoalIdea(key: "money.budget", domain: "financial",
                 en: "I want to make a budget and stick to it.", enLater: "I want to have money left at the end of the month.",
                 es: "Quiero hacer un presupuesto y cumplirlo.", esLater: "Quiero que me sobre dinero al final del mes.",
                 steps: [step("Write down what I spend for two weeks", "Apuntar lo que gasto por dos semanas", .participant),
                         step("Open a bank account", "Abrir una cuenta de banco", .participant),
                         step("Go over the budget worksheet together", "Revisar juntos la hoja de presupuesto", .together)]),
        GoalIdea(key: "money.tickets", domain: "financial",
                 en: "I want to take care of my tickets.", enLater: "I want to clear my tickets through Homeless Court.",
                 es: "Quiero arreglar mis multas.", esLater: "Quiero resolver mis multas en el Homeless Court.",
                 steps: [step("Ask about the Homeless Court Program", "Preguntar por el Homeless Court Program", .peer),
                         step("Call the court about a payment plan", "Llamar a la corte para pedir un plan de pagos", .together)]),
        // Intellectual.
        GoalIdea(key: "learn.ged", domain: "intellectual",
                 en: "I want to finish my GED.", enLater: "I want to pass the math part of the GED.",
                 es: "Quiero terminar mi GED.", esLater: "Quiero pasar la parte de matemáticas del GED.",
                 steps: [step("Sign up for classes at the adult school", "Inscribirme en clases en la escuela para adultos", .participant),
                         step("Take the practice test", "Hacer el examen de práctica", .participant),
                         step("Find a study spot at the library", "Buscar un lugar para estudiar en la biblioteca", .together)]),
        GoalIdea(key: "learn.computer", domain: "intellectual",
                 en: "I want to learn to use a computer.", enLater: "I want to be able to fill out job applications online.",
                 es: "Quiero aprender a usar la computadora.", esLater: "Quiero poder llenar solicitudes de trabajo en línea.",
                 steps: [step("Sign up for the free class at the library", "Inscribirme en la clase gratis de la biblioteca", .together),
                         step("Set up an email account", "Crear una cuenta de correo electrónico", .together)]),
        GoalIdea(key: "learn.english", domain: "intellectual",
                 en: "I want to learn English.", enLater: "I want to speak English at my appointments without an interpreter.",
                 es: "Quiero aprender inglés.", esLater: "Quiero hablar inglés en mis citas sin intérprete.",
                 steps: [step("Sign up for ESL at the community college", "Inscribirme en clases de inglés en el colegio comunitario", .together),
                         step("Practice with an app fifteen minutes a day", "Practicar con una aplicación quince minutos al día", .participant)],
                 spanishOnly: true),
        // Spiritual.
        GoalIdea(key: "spirit.church", domain: "spiritual",
                 en: "I want to go back to church.", enLater: "I want to go to church on Sundays and join a small group.",
                 es: "Quiero volver a ir a la iglesia.", esLater: "Quiero ir a misa los domingos y unirme a un grupo de la parroquia.",
                 steps: [step("Go to Sunday service", "Ir a misa el domingo", .participant),
                         step("Talk to the pastor after service", "Hablar con el padre después de misa", .participant)]),
        GoalIdea(key: "spirit.peace", domain: "spiritual",
                 en: "I want to find some peace in my life.", enLater: "I want a few quiet minutes for myself every day.",
                 es: "Quiero encontrar paz en mi vida.", esLater: "Quiero tener unos minutos de calma para mí cada día.",
                 steps: [step("Try the meditation group", "Probar el grupo de meditación", .participant),
                         step("Spend time outside every day", "Pasar tiempo al aire libre cada día", .participant)]),
        GoalIdea(key: "spirit.culture", domain: "spiritual",
                 en: "I want to reconnect with my culture.", enLater: "I want to take part in my community's gatherings again.",
                 es: "Quiero volver a conectar con mi cultura.", esLater: "Quiero volver a participar en las reuniones de mi comunidad.",
                 steps: [step("Go to a community event this month", "Ir a un evento de mi comunidad este mes", .together),
                         step("Call my aunt about the family traditions", "Llamar a mi tía para hablar de las tradiciones de la familia", .participant)]),
    ]
}

extension DemoPlans {
    /// The rest of the plans' words: strengths, agreement notes, progress notes, the crisis plan's sections and supporters.
    enum Texts {
        static let strengthsEN = [
            "I don't give up.", "My kids keep me going.", "I'm good with people.", "Walking and music help me.", "I have been sober before and I can do it again.",
            "I'm a hard worker.", "My faith.", "I'm honest about how I feel.", "My sister is always there for me.", "I like helping others.",
            "I can cook and I'm good with my hands.", "I know my warning signs now.",
        ]
        static let strengthsES = [
            "No me rindo.", "Mis hijos me dan fuerza.", "Me llevo bien con la gente.", "Caminar y la música me ayudan.", "Ya he dejado de tomar antes y puedo otra vez.",
            "Soy trabajador y responsable.", "Mi fe.", "Digo lo que siento.", "Mi hermana siempre está conmigo.", "Me gusta ayudar a los demás.",
            "Sé cocinar y soy bueno con las manos.", "Ya conozco mis señales de alerta.",
        ]
        static let signedNotes = ["", "", "Signed copy given to the participant.", "Signed at the clinic; copy in the chart.",
                                  "Reviewed together line by line before signing."]
        static let verbalNotes = ["", "Agreed by phone; copy mailed.", "Read aloud together; agreed.", "Agreed at the hospital; will sign at the next visit."]
        static let stepDone = [
            "Done.", "Did it together at the office.", "Did it on their own and called to tell me.", "Took two tries but got it done.",
            "Done; it went better than they expected.", "Finished this week.", "Done. Proud of this one.",
        ]
        static let general = [
            "Talked about this at check-in; still working on it.", "Hard week; kept the goal but moved the dates.",
            "Says this still matters most to them.", "Some progress; wants to keep going at this pace.",
            "Waiting to hear back; will follow up next week.", "Talked through what got in the way.",
        ]
        static let achieved = [
            "Goal met. We celebrated together.", "Says this one feels done; talked about what comes next.",
            "Achieved. They want to keep it up on their own.", "Met; a big step for them.",
        ]
        static let paused = ["Paused while in the hospital.", "On hold until housing is settled.", "Paused at their request for now."]
        static let dropped = ["No longer a priority for them; taken off.", "Decided on a different goal instead."]

        /// Someone a participant may name in their crisis plan.
        struct Relation: Sendable {
            let en: String
            let es: String
            let feminine: Bool
            var family = false
            var professional = false
        }

        static let relations = [
            Relation(en: "Mom", es: "Mamá", feminine: true, family: true), Relation(en: "Dad", es: "Papá", feminine: false, family: true),
            Relation(en: "Sister", es: "Hermana", feminine: true, family: true), Relation(en: "Brother", es: "Hermano", feminine: false, family: true),
            Relation(en: "Aunt", es: "Tía", feminine: true, family: true), Relation(en: "Cousin", es: "Primo", feminine: false, family: true),
            Relation(en: "Wife", es: "Esposa", feminine: true, family: true), Relation(en: "Husband", es: "Esposo", feminine: false, family: true),
            Relation(en: "Best friend", es: "Mejor amiga", feminine: true), Relation(en: "Friend", es: "Amigo", feminine: false),
            Relation(en: "Neighbor", es: "Vecina", feminine: true), Relation(en: "AA sponsor", es: "Padrino de AA", feminine: false),
            Relation(en: "Case manager", es: "Administradora de casos", feminine: true, professional: true),
            Relation(en: "Therapist", es: "Terapeuta", feminine: true, professional: true),
        ]

        /// The relation a support person the journey recorded stands in.
        static func relation(for relationship: Relationship?, givenName: String) -> Relation {
            let feminine = DemoJourney.Culture.all.contains { $0.women.contains(givenName) }
            func r(_ en: (String, String), _ es: (String, String), family: Bool = true) -> Relation {
                Relation(en: feminine ? en.0 : en.1, es: feminine ? es.0 : es.1, feminine: feminine, family: family)
            }
            return switch relationship {
            case .parent: r(("Mom", "Dad"), ("Mamá", "Papá"))
            case .spouseOrPartner: r(("Wife", "Husband"), ("Esposa", "Esposo"))
            case .sibling: r(("Sister", "Brother"), ("Hermana", "Hermano"))
            case .child: r(("Daughter", "Son"), ("Hija", "Hijo"))
            case .grandparent: r(("Grandmother", "Grandfather"), ("Abuela", "Abuelo"))
            case .otherFamily: r(("Aunt", "Uncle"), ("Tía", "Tío"))
            case .friend: r(("Best friend", "Best friend"), ("Mejor amiga", "Mejor amigo"), family: false)
            case .caregiver: r(("Caregiver", "Caregiver"), ("Cuidadora", "Cuidador"), family: false)
            case .other, nil: r(("Family friend", "Family friend"), ("Amiga de la familia", "Amigo de la familia"), family: false)
            }
        }

        static let roles = [
            Words(en: "Stay with me until I feel safe", es: "Quedarse conmigo hasta que me sienta seguro"),
            Words(en: "Take care of my dog", es: "Cuidar a mi perro"),
            Words(en: "Pick up my kids from school", es: "Recoger a mis hijos de la escuela"),
            Words(en: "Drive me to the hospital if I need it", es: "Llevarme al hospital si lo necesito"),
            Words(en: "Call my psychiatrist", es: "Llamar a mi psiquiatra"),
            Words(en: "Remind me to take my medication", es: "Recordarme tomar mis medicinas"),
            Words(en: "Check on my apartment and mail", es: "Revisar mi departamento y mi correo"),
            Words(en: "Talk with the doctors for me", es: "Hablar con los doctores por mí"),
        ]
        static let professionalRoles = [
            Words(en: "Call my psychiatrist and set up an urgent visit", es: "Llamar a mi psiquiatra y conseguir una cita urgente"),
            Words(en: "Let the shelter know where I am", es: "Avisarle al albergue dónde estoy"),
            Words(en: "Help me keep my housing while I'm away", es: "Ayudarme a no perder mi vivienda mientras no estoy"),
        ]
        static let whoMayDecideEN = [
            "{name} can decide about my medication if I can't.", "Only {name}, and only about where I go for care.",
            "{name} decides about my kids and my apartment while I'm in the hospital.",
        ]
        static let whoMayDecideES = [
            "{name} puede decidir sobre mis medicinas si yo no puedo.", "Solo {name}, y solo sobre dónde me atienden.",
            "{name} decide sobre mis hijos y mi departamento mientras estoy en el hospital.",
        ]

        static let crisisEN: [String: [String]] = [
            "wellness_tools": ["Walk by the water", "Call my sister", "Listen to music with headphones", "Go to a meeting", "Take a hot shower",
                               "Write in my journal", "Play with my dog", "Pray", "Cook something simple", "Sit outside and breathe"],
            "daily_maintenance": ["Take my meds with breakfast", "Eat three meals", "Go to bed by eleven", "Text my peer in the morning",
                                  "Get outside for twenty minutes"],
            "triggers": ["Arguments with my family", "Not sleeping", "The anniversary of my dad's death", "Being around people who use",
                         "Money running out at the end of the month", "Loud crowded places", "Being alone on weekends", "Letters from the court"],
            "trigger_actions": ["Leave and take a walk", "Call my sponsor", "Do the breathing exercise", "Go to a meeting that day"],
            "early_warning_signs": ["Staying in bed all day", "Not answering my phone", "Not eating", "Staying up all night",
                                    "Feeling like everyone is against me", "Skipping my meds", "Cancelling appointments"],
            "early_warning_actions": ["Call my peer", "Tell my doctor", "Ask my sister to check on me", "Go to the drop-in center"],
            "breaking_down": ["Hearing voices more", "Not leaving the house for days", "Thinking about drinking all the time",
                              "Thinking people are watching me"],
            "breaking_down_actions": ["Call the Access and Crisis Line", "Ask my mom to stay with me", "Go to urgent care at the clinic"],
            "crisis_signs": ["I stop talking or make no sense", "I don't sleep for two nights", "I talk about hurting myself",
                             "I don't recognize people I know", "I leave the house without shoes or a coat", "I give my things away"],
            "preferred_treatments": ["Talk to me calmly and give me space", "Call my psychiatrist first", "Mobile crisis team instead of police",
                                     "Let me have my music", "The medication that has worked before"],
            "refused_treatments": ["No restraints if it can be avoided", "Not the medication that made me sick last time",
                                   "Please don't call the police unless there is no other way"],
            "preferred_facilities": ["The crisis house in Escondido", "The crisis stabilization unit downtown", "Sharp Mesa Vista"],
            "refused_facilities": ["Not the county hospital emergency room if there is another choice"],
            "post_crisis": ["Help me get my meds refilled", "Someone to check on me every day for a week", "Help me catch up on bills",
                            "Ease back into work slowly", "Go to a meeting with me the first week"],
        ]
        static let crisisES: [String: [String]] = [
            "wellness_tools": ["Caminar cerca del mar", "Llamar a mi hermana", "Escuchar música con audífonos", "Ir a una junta", "Darme un baño caliente",
                               "Escribir en mi diario", "Jugar con mi perro", "Rezar", "Cocinar algo sencillo", "Sentarme afuera y respirar"],
            "daily_maintenance": ["Tomar mis medicinas con el desayuno", "Comer tres veces al día", "Acostarme antes de las once",
                                  "Mandarle un mensaje a mi compañero en la mañana", "Salir veinte minutos al aire libre"],
            "triggers": ["Pleitos con mi familia", "No dormir", "El aniversario de la muerte de mi papá", "Estar con gente que consume",
                         "Quedarme sin dinero al final del mes", "Lugares con mucho ruido y gente", "Pasar los fines de semana sin nadie",
                         "Cartas de la corte"],
            "trigger_actions": ["Salirme y caminar", "Llamar a mi padrino", "Hacer el ejercicio de respiración", "Ir a una junta ese mismo día"],
            "early_warning_signs": ["No salir de la cama en todo el día", "No contestar el teléfono", "No comer", "Desvelarme toda la noche",
                                    "Sentir que todos están en mi contra", "Dejar mis medicinas", "Cancelar mis citas"],
            "early_warning_actions": ["Llamar a mi compañero", "Avisarle a mi doctor", "Pedirle a mi hermana que me visite", "Ir al centro comunitario"],
            "breaking_down": ["Escuchar más las voces", "No salir de la casa por días", "Pensar en tomar todo el tiempo", "Pensar que me están vigilando"],
            "breaking_down_actions": ["Llamar a la Línea de Acceso y Crisis", "Pedirle a mi mamá que se quede conmigo", "Ir a urgencias en la clínica"],
            "crisis_signs": ["Dejo de hablar o no se me entiende", "No duermo dos noches seguidas", "Hablo de hacerme daño",
                             "No reconozco a la gente que conozco", "Salgo de la casa sin zapatos", "Regalo mis cosas"],
            "preferred_treatments": ["Hablarme con calma y darme espacio", "Llamar primero a mi psiquiatra", "Equipo móvil de crisis en vez de policía",
                                     "Dejarme tener mi música", "El medicamento que me ha funcionado antes"],
            "refused_treatments": ["Sin restricciones físicas si se puede evitar", "No el medicamento que me hizo daño la última vez",
                                   "Por favor no llamen a la policía si hay otra opción"],
            "preferred_facilities": ["La casa de crisis en Escondido", "La unidad de estabilización de crisis del centro", "Sharp Mesa Vista"],
            "refused_facilities": ["No la sala de emergencias del hospital del condado si hay otra opción"],
            "post_crisis": ["Ayuda para surtir mis medicinas", "Que alguien me visite cada día por una semana", "Ayuda para ponerme al corriente con los pagos",
                            "Regresar al trabajo poco a poco", "Que me acompañen a una junta la primera semana"],
        ]
    }
}
