import Foundation
import PeerwayCore

/// The peer workforce, shared by pages, API and command line: profiles, certification steps, continuing
/// education, trainings, supervision, wellness check-ins, career steps, settings and the report. A
/// staff member's record is decided on them and their supervisor (`AccessResolver<User>.staffRecord`);
/// every rule is Core's; every read and write is audited.
public struct Workforce: StoreWorkflow {
    public let store: StoreContext

    public init(_ store: StoreContext) {
        self.store = store
    }

    static func scope(of user: User) -> StaffScope {
        StaffScope(organizationID: user.organizationID, staffID: user.id, supervisorID: user.supervisorID)
    }

    // MARK: - A staff member's record

    public struct StaffRecord: Sendable {
        public let user: User
        /// As the reader may see it: personal facts the person did not share are emptied beyond HR.
        public let profile: WorkforceProfile
        public let seesWholeProfile: Bool
        public let settings: WorkforceSettings
        public let status: CertificationStatus
        public let events: [CertificationEvent]
        public let continuingEducation: [CEEntry]
        public let trainings: [TrainingCompletion]
        public let courses: [TrainingCourse]
        /// Sessions the person attended in the last twelve months, newest first.
        public let supervision: [SupervisionSession]
        public let supervisionMonths: [SupervisionMonth]
        public let supervisor: User?
        public let supervisorCredential: QualifyingCredential?
        public let career: [CareerStep]
        public let names: [UUID: String]
        public let today: CalendarDate

        public var supervisorQualified: Bool { supervisorCredential?.isValid(on: today) ?? false }
    }

    public func record(of authorized: Authorized<User>, by actor: Actor, context: AuditContext) async throws -> StaffRecord {
        let user = authorized.record, today = self.today
        let record = try await db.read { conn in
            let settings = try await WorkforceRecords.settings(organizationID: user.organizationID, on: conn)
            let profile = try await WorkforceProfileRecords.profile(user.id, on: conn)
                ?? WorkforceProfile(userID: user.id, details: WorkforceDetails(discipline: Self.defaultDiscipline(user)))
            let events = try await WorkforceRecords.certificationEvents(userIDs: [user.id], on: conn)
            let ce = try await WorkforceRecords.continuingEducation(userIDs: [user.id], on: conn)
            let sessions = try await WorkforceRecords.sessions(attendedBy: [user.id], from: today.adding(months: -12), on: conn)
            let supervisor = try await user.supervisorID.asyncMap { try await UserRecords.get($0, on: conn) } ?? nil
            let credential = try await supervisor.asyncMap { try await WorkforceProfileRecords.profile($0.id, on: conn)?.details.credential } ?? nil
            let career = try await WorkforceRecords.careerSteps(userIDs: [user.id], on: conn)
            let trainings = try await WorkforceRecords.completions(userIDs: [user.id], on: conn)
            let ids = Set(events.map(\.recordedBy) + ce.map(\.recordedBy) + sessions.map(\.supervisorID) + trainings.map(\.recordedBy))
            let (current, previous) = SupervisionRules.months(around: today)
            let months = [current, previous].flatMap {
                SupervisionRules.month($0, peers: [user.id], sessions: sessions, targetMinutes: settings.supervisionMinutesPerMonth)
            }
            let whole = WorkforcePolicy.seesWholeProfile(actor, Self.scope(of: user))
            return StaffRecord(
                user: user, profile: profile.visible(seesEverything: whole), seesWholeProfile: whole, settings: settings,
                status: CertificationRules.status(events: events, ce: ce, rules: settings.certificationRules, on: today),
                events: events, continuingEducation: ce, trainings: trainings,
                courses: try await WorkforceRecords.courses(organizationID: user.organizationID, on: conn),
                supervision: sessions, supervisionMonths: months, supervisor: supervisor, supervisorCredential: credential,
                career: career, names: try await UserRecords.displayNames(ids, on: conn), today: today)
        }
        try await audit.record(db, context, .recordRead, resourceType: .workforce, resourceID: user.id.text)
        return record
    }

    public func record(_ userID: UUID, by actor: Actor, context: AuditContext) async throws -> StaffRecord {
        try await reading(.staffRecord, userID, by: actor, context: context, as: .workforce) { try await record(of: $0, by: actor, context: context) }
    }

    // MARK: - Profile

    /// Saves a staff member's profile. The person and HR change it; the sharing consent is the person's
    /// own (HR keeps what the person chose).
    public func saveProfile(_ userID: UUID, background: PeerBackground, details: WorkforceDetails, by actor: Actor,
                            context: AuditContext) async throws -> WorkforceProfile {
        try await guardedWrite(context, .workforceProfile) { conn in
            // Only the person and HR update a profile, and they are the ones who see it whole.
            let authorized = try await Access.resolve(.staffRecord, userID, .update, by: actor, on: conn)
            var b = background
            let stored = try await WorkforceProfileRecords.profile(userID, on: conn)
            let hr = WorkforcePolicy.isHR(actor, of: authorized.record.organizationID)
            var d = try StoreError.validating { try WorkforceProfileRules.validate(details, requireCredential: hr) }
            (b.languages, b.culturalBackground, b.region) = try StoreError.validating {
                try PeerProfileRules.validate(languages: b.languages, culturalBackground: b.culturalBackground, region: b.region, capacity: b.capacity)
            }
            if actor.userID != userID { d.shared = stored?.details.shared ?? [] }
            // The discipline and the qualifying credential are HR's to record: a supervisor cannot make
            // themselves qualified, nor a peer change their team.
            if !hr {
                d.credential = stored?.details.credential
                d.discipline = stored?.details.discipline ?? Self.defaultDiscipline(authorized.record)
            }
            let profile = WorkforceProfile(userID: userID, background: b, details: d)
            try await WorkforceProfileRecords.save(profile, organizationID: authorized.record.organizationID, now: store.now(), on: conn)
            try await audit.append(context, .recordUpdated, resourceType: .workforceProfile, resourceID: userID.text, on: conn)
            return profile
        }
    }

    // MARK: - Certification

    public func recordStep(_ userID: UUID, step: CertificationStep, on day: CalendarDate, reference: String, by actor: Actor,
                           context: AuditContext) async throws -> CertificationEvent {
        try await guardedWrite(context, .certification) { conn in
            let authorized = try await Access.resolve(.staffRecord, userID, .create, by: actor, on: conn)
            let settings = try await WorkforceRecords.settings(organizationID: authorized.record.organizationID, on: conn)
            let history = try await WorkforceRecords.certificationEvents(userIDs: [userID], on: conn)
            let ce = try await WorkforceRecords.continuingEducation(userIDs: [userID], on: conn)
            let text = try StoreError.validating { try TextRules.checked(reference, field: "reference", lines: .single, limit: 200) }
            try StoreError.validating {
                try CertificationRules.validate(step, on: day, history: history, ce: ce, rules: settings.certificationRules, today: today)
            }
            let event = CertificationEvent(id: store.newID(), userID: userID, step: step, on: day, reference: text,
                                           recordedBy: actor.userID, recordedAt: store.now())
            try await WorkforceRecords.insert(event, organizationID: authorized.record.organizationID, on: conn)
            try await audit.append(context, .recordCreated, resourceType: .certification, resourceID: event.id.text,
                                   detail: "\(step.rawValue) user=\(userID.text)", on: conn)
            return event
        }
    }

    public func logCE(_ userID: UUID, takenOn: CalendarDate, minutes: Int, category: CECategory, title: String, provider: String,
                      by actor: Actor, context: AuditContext) async throws -> CEEntry {
        try await guardedWrite(context, .continuingEducation) { conn in
            let authorized = try await Access.resolve(.staffRecord, userID, .create, by: actor, on: conn)
            let existing = try await WorkforceRecords.continuingEducation(userIDs: [userID], on: conn)
            let draft = CEEntry(id: store.newID(), userID: userID, takenOn: takenOn, minutes: minutes, category: category, title: title,
                                provider: provider, recordedBy: actor.userID, recordedAt: store.now())
            let entry = try StoreError.validating { try CertificationRules.validateCE(draft, existing: existing, today: today) }
            try await WorkforceRecords.insert(entry, organizationID: authorized.record.organizationID, on: conn)
            try await audit.append(context, .recordCreated, resourceType: .continuingEducation, resourceID: entry.id.text,
                                   detail: "user=\(userID.text) minutes=\(entry.minutes)", on: conn)
            return entry
        }
    }

    /// The signed-in person's own certification status today, for their home page's alerts: their own
    /// record, so no other access decision is needed.
    public func ownStatus(of actor: Actor) async throws -> CertificationStatus {
        let today = self.today
        return try await db.read { conn in
            let settings = try await WorkforceRecords.settings(organizationID: actor.organizationID, on: conn)
            let events = try await WorkforceRecords.certificationEvents(userIDs: [actor.userID], on: conn)
            let ce = try await WorkforceRecords.continuingEducation(userIDs: [actor.userID], on: conn)
            return CertificationRules.status(events: events, ce: ce, rules: settings.certificationRules, on: today)
        }
    }

    /// The standing a peer's services on a day are judged by: flagged when lapsed or out of their
    /// training window (issue 15, item 8); `not_tracked` for staff with no certification step on record.
    public func standing(of userID: UUID, in organizationID: UUID, on day: CalendarDate) async throws -> CertificationStanding {
        try await db.read { conn in
            var standings = try await CertificationStandings.of(organizationID: organizationID, on: conn)
            try await standings.load([userID], on: conn)
            return standings.standing(of: userID, on: day)
        }
    }

    // MARK: - Trainings

    public func recordTraining(_ userID: UUID, courseID: UUID?, title: String, topics: Set<TrainingTopic>, completedOn: CalendarDate,
                               minutes: Int, evidence: String, by actor: Actor, context: AuditContext) async throws -> TrainingCompletion {
        try await guardedWrite(context, .training) { conn in
            let authorized = try await Access.resolve(.staffRecord, userID, .create, by: actor, on: conn)
            var title = title, topics = topics
            if let courseID {
                guard let course = try await WorkforceRecords.courses(organizationID: authorized.record.organizationID, on: conn)
                    .first(where: { $0.id == courseID }) else { throw Self.invalid("course_id", "unknown_value") }
                if TextRules.trimmed(title).isEmpty { title = course.title }
                topics.formUnion(course.topics)
            }
            let draft = TrainingCompletion(id: store.newID(), userID: userID, courseID: courseID, title: title, topics: topics,
                                           completedOn: completedOn, minutes: minutes, evidence: evidence, recordedBy: actor.userID,
                                           recordedAt: store.now())
            let completion = try StoreError.validating { try TrainingRules.validate(draft, today: today) }
            try await WorkforceRecords.insert(completion, organizationID: authorized.record.organizationID, on: conn)
            try await audit.append(context, .recordCreated, resourceType: .training, resourceID: completion.id.text,
                                   detail: "user=\(userID.text)", on: conn)
            return completion
        }
    }

    public func courses(by actor: Actor, context: AuditContext) async throws -> [TrainingCourse] {
        try await guarded(context, .training) {
            try authorize(actor, .read, .workforce(organizationID: actor.organizationID))
            return try await db.read { conn in try await WorkforceRecords.courses(organizationID: actor.organizationID, on: conn) }
        }
    }

    public func addCourse(title: String, topics: Set<TrainingTopic>, minutes: Int?, by actor: Actor, context: AuditContext) async throws -> TrainingCourse {
        try await guardedWrite(context, .training) { conn in
            try authorize(actor, .create, .workforce(organizationID: actor.organizationID))
            let course = try StoreError.validating {
                try TrainingRules.validate(TrainingCourse(id: store.newID(), organizationID: actor.organizationID, title: title, topics: topics, minutes: minutes))
            }
            try await WorkforceRecords.insert(course, now: store.now(), on: conn)
            try await audit.append(context, .recordCreated, resourceType: .training, resourceID: course.id.text, detail: "course", on: conn)
            return course
        }
    }

    // MARK: - Career

    public func addCareerStep(_ userID: UUID, role: CareerRole, startedOn: CalendarDate, by actor: Actor, context: AuditContext) async throws -> CareerStep {
        try await guardedWrite(context, .careerStep) { conn in
            // A person does not promote themselves: HR or their supervisor records a new role (`assign`).
            let authorized = try await Access.resolve(.staffRecord, userID, .assign, by: actor, on: conn)
            let history = try await WorkforceRecords.careerSteps(userIDs: [userID], on: conn)
            let step = CareerStep(id: store.newID(), userID: userID, role: role, startedOn: startedOn, recordedBy: actor.userID, recordedAt: store.now())
            try StoreError.validating { try CareerRules.validate(step, history: history, today: today) }
            try await WorkforceRecords.insert(step, organizationID: authorized.record.organizationID, on: conn)
            try await audit.append(context, .recordCreated, resourceType: .careerStep, resourceID: step.id.text,
                                   detail: "\(role.rawValue) user=\(userID.text)", on: conn)
            return step
        }
    }

    // MARK: - Settings

    public func settings(by actor: Actor, context: AuditContext) async throws -> WorkforceSettings {
        try await guarded(context, .workforce) {
            try authorize(actor, .read, .workforce(organizationID: actor.organizationID))
            return try await db.read { conn in try await WorkforceRecords.settings(organizationID: actor.organizationID, on: conn) }
        }
    }

    public func saveSettings(_ settings: WorkforceSettings, by actor: Actor, context: AuditContext) async throws -> WorkforceSettings {
        try await guardedWrite(context, .workforce) { conn in
            try authorize(actor, .update, .workforce(organizationID: actor.organizationID))
            let checked = try StoreError.validating { try WorkforceSettings.validate(settings) }
            try await WorkforceRecords.save(checked, organizationID: actor.organizationID, now: store.now(), on: conn)
            try await audit.append(context, .recordUpdated, resourceType: .workforce, resourceID: actor.organizationID.text, detail: "settings", on: conn)
            return checked
        }
    }
}
