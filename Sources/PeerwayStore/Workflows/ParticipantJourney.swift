import Foundation
import PeerwayCore

/// The participant journey shared by pages, API and command line: contact → screen → enroll → pair →
/// review → discharge, plus people, crisis events and merges. Every method asks the access policy
/// about the record as stored, validates with Core's rules, writes, and appends its audit event in the
/// same transaction; reads of a person's record are audited too.
public struct ParticipantJourney: StoreWorkflow {
    public let store: StoreContext

    public init(_ store: StoreContext) {
        self.store = store
    }

    // MARK: - Access

    /// Loads a person and decides `action` on them; anything outside the actor's reach is "not found"
    /// (`AccessRefused`). Other areas (services) ask this before they touch a person.
    public static func person(_ id: UUID, _ action: AccessAction, by actor: Actor, on conn: Connection) async throws -> (Person, ParticipantScope) {
        let found = try await Access.resolve(.participant, id, action, by: actor, on: conn)
        guard case .participant(let scope) = found.resource else { throw AccessRefused(decision: .notFound) }
        return (found.record, scope)
    }

    /// Whose record a person is, for the access policy. A family member or friend is reached through
    /// the participant they are linked to.
    public static func scope(for person: Person, on conn: Connection) async throws -> ParticipantScope {
        let scope = try await PersonRecords.scope(of: person.id, organizationID: person.organizationID, on: conn)
        guard person.kind == .supportPerson, let related = person.relatedParticipantID else { return scope }
        let other = try await PersonRecords.scope(of: related, organizationID: person.organizationID, on: conn)
        return ParticipantScope(organizationID: scope.organizationID, programIDs: scope.programIDs.union(other.programIDs),
                                assignedPeerIDs: scope.assignedPeerIDs.union(other.assignedPeerIDs),
                                contactLoggedByIDs: scope.contactLoggedByIDs.union(other.contactLoggedByIDs),
                                supervisorIDs: scope.supervisorIDs.union(other.supervisorIDs))
    }

    /// A program of the actor's organization that the actor works in.
    func program(_ id: UUID, for actor: Actor, on conn: Connection) async throws -> Program {
        guard let program = try await ProgramRecords.get(id, on: conn), program.organizationID == actor.organizationID,
              AccessPolicy.decide(actor, .create, .participants(organizationID: actor.organizationID, programID: id)) == .allow else {
            throw Self.invalid("program_id", "unknown_program")
        }
        return program
    }

    /// The person's episode a record is written in: `id`, else their open episode in one of the actor's programs,
    /// else (with `orLatest`, as for a discharge administration) their latest episode in those programs.
    static func episode(of person: Person, _ id: UUID?, orLatest: Bool = false, actor: Actor, on conn: Connection) async throws -> Episode {
        let episodes = try await EpisodeRecords.forPerson(person.id, on: conn)
        if let id {
            guard let episode = episodes.first(where: { $0.id == id }) else { throw Self.invalid("episode_id", "unknown_episode") }
            return episode
        }
        if let open = Episode.current(in: episodes, programIDs: actor.programIDs) { return open }
        if orLatest, let latest = episodes.first(where: { actor.programIDs.contains($0.programID) }) { return latest }
        throw Self.invalid("episode_id", "not_enrolled")
    }

    // MARK: - People

    /// The first contact that brings a new person to the program, or one logged later: a draft in a program.
    public struct ContactInput: Sendable {
        public var programID: UUID
        public var draft: ContactDraft
        public init(programID: UUID, occurredAt: Date, source: Contact.Source, madeBy: Contact.MadeBy, method: Contact.Method,
                    setting: Contact.Setting, note: String = "") {
            self.programID = programID
            draft = ContactDraft(occurredAt: occurredAt, personID: nil, source: source, madeBy: madeBy, method: method, setting: setting,
                                 note: note)
        }
    }

    /// Creates a person in `programID` (their intake program); with `contact`, logs the contact that
    /// brought them in, in the same transaction.
    public func createPerson(_ input: Person, programID: UUID, contact: ContactInput?, by actor: Actor, context: AuditContext) async throws -> Person {
        try await guarded(context, .participant) {
            var person = input
            person.id = store.newID()
            person.organizationID = actor.organizationID
            person.intakeProgramID = programID
            let now = store.now()
            person.createdAt = now
            person.updatedAt = now
            person.version = 1
            person.mergedIntoID = nil
            var errors = ValidationErrors()
            person = try errors.collect { try PersonRules.validate(person, today: today) } ?? person
            let note = try contact.flatMap { c in
                try errors.collect { try Contact.validate(occurredAt: c.draft.occurredAt, note: c.draft.note, now: now) }
            } ?? ""
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            let validated = person
            return try await db.write { conn in
                _ = try await program(programID, for: actor, on: conn)
                if validated.kind == .supportPerson, let related = validated.relatedParticipantID {
                    _ = try await Self.person(related, .update, by: actor, on: conn)
                }
                try await PersonRecords.insert(validated, createdBy: actor.userID, on: conn)
                try await audit.append(context, .recordCreated, resourceType: .participant, resourceID: validated.id.text,
                                       participantID: validated.id, detail: validated.kind.rawValue, on: conn)
                if let contact {
                    let c = Contact(contact.draft, id: store.newID(), organizationID: actor.organizationID,
                                    programID: contact.programID, personID: validated.id, note: note, loggedBy: actor.userID, createdAt: now)
                    _ = try await program(contact.programID, for: actor, on: conn)
                    try await ContactRecords.insert(c, on: conn)
                    try await audit.append(context, .recordCreated, resourceType: .contact, resourceID: c.id.text,
                                           participantID: validated.id, on: conn)
                }
                return validated
            }
        }
    }

    public func updatePerson(_ id: UUID, _ input: Person, expectedVersion: Int?, by actor: Actor, context: AuditContext) async throws -> Person {
        try await guardedWrite(context, .participant) { conn in
            let (stored, _) = try await Self.person(id, .update, by: actor, on: conn)
            var next = input
            next.id = stored.id
            next.organizationID = stored.organizationID
            next.intakeProgramID = stored.intakeProgramID
            next.mergedIntoID = stored.mergedIntoID
            next.createdAt = stored.createdAt
            next.updatedAt = store.now()
            if stored.mergedIntoID != nil { throw Self.invalid("form", "merged_record") }
            next = try StoreError.validating { try PersonRules.validate(next, today: today) }
            if next.kind == .supportPerson, let related = next.relatedParticipantID, related != stored.relatedParticipantID {
                _ = try await Self.person(related, .update, by: actor, on: conn)
            }
            let saved = try await PersonRecords.update(next, expectedVersion: expectedVersion ?? stored.version, on: conn)
            try await audit.append(context, .recordUpdated, resourceType: .participant, resourceID: id.text,
                                   participantID: id, on: conn)
            return saved
        }
    }

    /// Everything recorded about one person, as their record page and API show it.
    public struct Record: Sendable {
        public var person: Person
        public var scope: ParticipantScope
        public var episodes: [Episode]
        public var assignments: [Assignment]
        public var screenings: [StoredScreening]
        public var reviews: [StoredReview]
        public var contacts: [Contact]
        public var crisisEvents: [StoredCrisisEvent]
        public var supportPeople: [Person]
        public var related: Person?
        public var merges: [PersonMerge]
        /// Names of the staff who appear in the record (peers, screeners), by id.
        public var staffNames: [UUID: String]
        public var programs: [UUID: Program]
    }

    /// Reads a person's record; the read itself is audited (who viewed this).
    public func record(_ id: UUID, by actor: Actor, context: AuditContext) async throws -> Record {
        try await reading(.participant, id, by: actor, context: context, as: .participant) { try await record(of: $0, context: context) }
    }

    /// The record of a person the route guard has already loaded and decided: nothing is loaded or
    /// decided a second time.
    public func record(of authorized: Authorized<Person>, context: AuditContext) async throws -> Record {
        let person = authorized.record, id = person.id
        guard case .participant(let scope) = authorized.resource else { throw AccessRefused(decision: .notFound) }
        let record = try await db.read { conn -> Record in
            let episodes = try await EpisodeRecords.forPerson(id, on: conn)
            let assignments = try await AssignmentRecords.forEpisodes(episodes.map(\.id), on: conn)
            let screenings = try await ScreeningRecords.forPerson(id, on: conn)
            let reviews = try await ReviewRecords.forPerson(id, on: conn)
            let contacts = try await ContactRecords.forPerson(id, on: conn)
            let crisis = try await CrisisEventRecords.forPerson(id, on: conn)
            let support = try await PersonRecords.supportPeople(of: id, on: conn)
            let related = try await person.relatedParticipantID.asyncMap { try await PersonRecords.get($0, on: conn) } ?? nil
            let merges = try await MergeRecords.involving(id, on: conn)
            let staffIDs = Set(assignments.map(\.peerID) + screenings.map(\.screenedBy) + contacts.map(\.loggedBy) + reviews.map(\.reviewedBy))
            let names = try await UserRecords.displayNames(staffIDs, on: conn)
            let programIDs = Set(episodes.map(\.programID) + screenings.map(\.programID) + contacts.map(\.programID) + [person.intakeProgramID].compactMap { $0 })
            let programs = try await ProgramRecords.get(ids: programIDs, on: conn)
            return Record(person: person, scope: scope, episodes: episodes, assignments: assignments, screenings: screenings,
                          reviews: reviews, contacts: contacts, crisisEvents: crisis, supportPeople: support, related: related,
                          merges: merges, staffNames: names, programs: programs)
        }
        try await noteRead(id, resource: .participant, context: context)
        return record
    }

    /// Records that a page or answer showed some of a person's record (a form naming them, their
    /// details to edit, pairing suggestions ranked on them): every read leaves its event.
    public func noteRead(_ personID: UUID, resource: AuditResource, context: AuditContext) async throws {
        try await audit.record(db, context, .recordRead, resourceType: resource, resourceID: personID.text, participantID: personID)
    }

    /// People matching a search box among those the actor may reach. The search is audited with its
    /// result count, never its text (a name typed into a search box is itself health information).
    public func search(_ text: String, by actor: Actor, limit: Int = 50, context: AuditContext) async throws -> [Person] {
        try await guarded(context, .participant) {
            try authorize(actor, .list, .participants(organizationID: actor.organizationID, programID: nil))
            let query = NameSearch.parse(text)
            let found = try await db.read { conn in try await PersonRecords.search(query, actor: actor, limit: limit, on: conn) }
            if case .empty = query { return found }
            try await audit.record(db, context, .recordRead, resourceType: .participantSearch, detail: "results=\(found.count)")
            return found
        }
    }

    // MARK: - Contacts

    /// Logs a contact: with a person it needs their record; an anonymous one only the program.
    public func logContact(personID: UUID?, _ input: ContactInput, by actor: Actor, context: AuditContext) async throws -> Contact {
        try await guarded(context, .contact) {
            let now = store.now()
            let note = try StoreError.validating {
                try Contact.validate(occurredAt: input.draft.occurredAt, note: input.draft.note, now: now)
            }
            return try await db.write { conn in
                if let personID {
                    let (person, _) = try await Self.person(personID, .update, by: actor, on: conn)
                    if person.mergedIntoID != nil { throw Self.invalid("form", "merged_record") }
                }
                _ = try await program(input.programID, for: actor, on: conn)
                let c = Contact(input.draft, id: store.newID(), organizationID: actor.organizationID, programID: input.programID,
                                personID: personID, note: note, loggedBy: actor.userID, createdAt: now)
                try await ContactRecords.insert(c, on: conn)
                try await audit.append(context, .recordCreated, resourceType: .contact, resourceID: c.id.text,
                                       participantID: personID, detail: personID == nil ? "anonymous" : "", on: conn)
                return c
            }
        }
    }

    // MARK: - Screening

    public func screen(_ personID: UUID, programID: UUID, screenedOn: CalendarDate, answers: ScreeningAnswers, by actor: Actor,
                       context: AuditContext) async throws -> StoredScreening {
        try await guarded(context, .screening) {
            let result = try StoreError.validating { try Screening.evaluate(answers) }
            return try await db.write { conn in
                let (person, _) = try await Self.person(personID, .update, by: actor, on: conn)
                try StoreError.validating { try Screening.validateDate(screenedOn, today: today, dateOfBirth: person.dateOfBirth) }
                _ = try await program(programID, for: actor, on: conn)
                let s = StoredScreening(id: store.newID(), organizationID: person.organizationID, programID: programID, personID: personID,
                                        screenedOn: screenedOn, criteriaSet: CriteriaSet.standard.name, result: result,
                                        higherLevelReferral: TextRules.trimmed(answers.higherLevelReferral ?? ""),
                                        screenedBy: actor.userID, createdAt: store.now())
                try await ScreeningRecords.insert(s, on: conn)
                try await audit.append(context, .recordCreated, resourceType: .screening, resourceID: s.id.text,
                                       participantID: personID, detail: result.outcome.rawValue, on: conn)
                return s
            }
        }
    }

    // MARK: - Enrollment and pairing

    public func enroll(_ personID: UUID, _ request: EnrollmentRequest, by actor: Actor, context: AuditContext) async throws -> Episode {
        try await guardedWrite(context, .episode) { conn in
            let (person, scope) = try await Self.person(personID, .update, by: actor, on: conn)
            if !person.mayEnroll {
                throw person.mergedIntoID != nil ? Self.invalid("form", "merged_record")
                    : Self.invalid("form", "not_a_participant")
            }
            let program = try await program(request.programID, for: actor, on: conn)
            let screen = try await ScreeningRecords.latest(person: personID, program: program.id, on: conn)
            let existing = try await EpisodeRecords.forPerson(personID, on: conn)
            let override = EligibilityOverride.requested(reason: request.overrideReason, screen: screen?.result, approvedBy: actor.userID)
            var errors = ValidationErrors()
            try errors.collect {
                try EpisodeRules.validateEnrollment(programID: program.id, enrolledOn: request.enrolledOn, today: today,
                                                    dateOfBirth: person.dateOfBirth, screen: screen?.result, override: override, existing: existing)
            }
            if override != nil && AccessPolicy.decide(actor, .assign, .participant(scope)) != .allow {
                errors.append(ValidationError("override_reason", "override_not_permitted"))
            }
            let goals = try errors.collect {
                try EpisodeRules.validateConsent(request.consent, goals: request.goals, today: today)
            } ?? ""
            if request.peerID != nil && AccessPolicy.decide(actor, .assign, .participant(scope)) != .allow {
                errors.append(ValidationError("peer_id", "assign_not_permitted"))
            }
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            let now = store.now()
            var episode = Episode(id: store.newID(), participantID: personID, programID: program.id, enrolledOn: request.enrolledOn,
                                  plannedEndOn: EpisodeRules.plannedEnd(for: program, enrolledOn: request.enrolledOn))
            episode.organizationID = person.organizationID
            episode.consent = request.consent
            episode.goals = goals
            episode.overrideReason = override.map { TextRules.trimmed($0.reason) }
            episode.overrideBy = override?.approvedBy
            episode.nextReviewOn = ReviewSchedule.nextDue(enrolledOn: request.enrolledOn, lastReviewOn: nil, frequencyDays: program.reviewFrequencyDays)
            do {
                try await EpisodeRecords.insert(episode, screeningID: screen?.id, createdBy: actor.userID, now: now, on: conn)
            } catch where isUniqueViolation(error) {
                throw Self.invalid("program_id", "episode_already_open")
            }
            try await audit.append(context, .recordCreated, resourceType: .episode, resourceID: episode.id.text,
                                   participantID: personID, detail: "enrolled", on: conn)
            if let override {
                try await audit.append(context, .eligibilityOverride, resourceType: .episode, resourceID: episode.id.text,
                                       participantID: personID, detail: screen == nil ? "no screening" : "screen not eligible; reason recorded (\(TextRules.length(TextRules.trimmed(override.reason))) characters)",
                                       on: conn)
            }
            if let peerID = request.peerID {
                try await assignPeer(episode, peerID: peerID, reason: "enrollment", actor: actor, context: context, now: now, on: conn)
            }
            return episode
        }
    }

    func assignPeer(_ episode: Episode, peerID: UUID, reason rawReason: String, actor: Actor, context: AuditContext, now: Date, on conn: Connection) async throws {
        let reason: String
        do { reason = try Assignment.validateReason(rawReason) } catch { throw StoreError.invalid(error) }
        let candidates = try await WorkforceProfileRecords.candidates(programID: episode.programID, on: conn)
        guard candidates.contains(where: { $0.userID == peerID }) else { throw Self.invalid("peer_id", "not_a_program_peer") }
        try await AssignmentRecords.endCurrent(episodeID: episode.id, at: now, on: conn)
        let a = Assignment(id: store.newID(), organizationID: episode.organizationID ?? actor.organizationID, episodeID: episode.id,
                           personID: episode.participantID, peerID: peerID, startedAt: now, assignedBy: actor.userID,
                           reason: reason)
        try await AssignmentRecords.insert(a, on: conn)
        try await audit.append(context, .recordUpdated, resourceType: .assignment, resourceID: a.id.text,
                               participantID: episode.participantID, detail: "peer \(peerID.text)", on: conn)
    }

    /// Loads an open-or-closed episode and checks `action` on its participant.
    func authorizedEpisode(_ id: UUID, _ action: AccessAction, _ actor: Actor, on conn: Connection) async throws -> (Episode, Person, ParticipantScope) {
        guard let episode = try await EpisodeRecords.get(id, on: conn), episode.organizationID == actor.organizationID else {
            throw AccessRefused(decision: .notFound)
        }
        let (person, scope) = try await Self.person(episode.participantID, action, by: actor, on: conn)
        return (episode, person, scope)
    }

    /// Pairs (or re-pairs) a participant with a peer; the previous pairing stays in the history.
    public func assign(episodeID: UUID, peerID: UUID, reason: String, by actor: Actor, context: AuditContext) async throws -> Episode {
        try await guardedWrite(context, .assignment) { conn in
            let (episode, _, _) = try await authorizedEpisode(episodeID, .assign, actor, on: conn)
            guard episode.isOpen else { throw Self.invalid("episode", "already_discharged") }
            try await assignPeer(episode, peerID: peerID, reason: reason, actor: actor, context: context, now: store.now(), on: conn)
            return episode
        }
    }

    /// Peers suggested for an episode's participant, best first, with the reasons.
    public func suggestions(episodeID: UUID, by actor: Actor, context: AuditContext) async throws -> (Episode, Person, [PeerSuggestion], [UUID: PeerProfile]) {
        let result = try await guardedRead(context, .assignment) { conn in
            let (episode, person, _) = try await authorizedEpisode(episodeID, .assign, actor, on: conn)
            let candidates = try await WorkforceProfileRecords.candidates(programID: episode.programID, on: conn)
            // Whoever took the person in or met them since: a handover to someone they know.
            let knownBy = Set(try await ContactRecords.forPerson(person.id, on: conn).map(\.loggedBy))
            let ranked = PeerPairing.suggest(for: person, today: today, peers: candidates, knownBy: knownBy)
            return (episode, person, ranked, Dictionary(uniqueKeysWithValues: candidates.map { ($0.userID, $0) }))
        }
        try await noteRead(result.1.id, resource: .peerSuggestions, context: context)
        return result
    }

    // MARK: - Review and discharge

    public func review(episodeID: UUID, _ review: ContinuedStayReview, note: String, by actor: Actor, context: AuditContext) async throws -> StoredReview {
        try await guardedWrite(context, .review) { conn in
            let (episode, person, _) = try await authorizedEpisode(episodeID, .update, actor, on: conn)
            var errors = ValidationErrors()
            try errors.collect { try review.validate(episode: episode, today: today) }
            let cleanNote = try errors.collect { try ContinuedStayReview.validateNote(note) } ?? ""
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            guard let program = try await ProgramRecords.get(episode.programID, on: conn) else { throw StoreError.notFound }
            let stored = StoredReview(id: store.newID(), organizationID: person.organizationID, episodeID: episode.id, personID: person.id,
                                      review: review, note: cleanNote, reviewedBy: actor.userID,
                                      createdAt: store.now())
            try await ReviewRecords.insert(stored, on: conn)
            let next = ReviewSchedule.nextDue(enrolledOn: episode.enrolledOn, lastReviewOn: review.reviewedOn, frequencyDays: program.reviewFrequencyDays)
            try await EpisodeRecords.setNextReview(episode.id, to: next, now: store.now(), on: conn)
            try await audit.append(context, .recordCreated, resourceType: .review, resourceID: stored.id.text,
                                   participantID: person.id, detail: review.outcome.rawValue, on: conn)
            return stored
        }
    }

    public func discharge(episodeID: UUID, on date: CalendarDate, reason: DischargeReason?, summary: String, expectedVersion: Int?,
                          by actor: Actor, context: AuditContext) async throws -> Episode {
        try await guardedWrite(context, .episode) { conn in
            let (episode, person, _) = try await authorizedEpisode(episodeID, .update, actor, on: conn)
            var errors = ValidationErrors()
            try errors.collect { try EpisodeRules.validateDischarge(episode, on: date, reason: reason, today: today) }
            let cleaned = try errors.collect { try EpisodeRules.validateSummary(summary) } ?? ""
            if !errors.isEmpty { throw StoreError.invalid(errors) }
            guard let reason else { throw StoreError.invalid(errors) }
            let now = store.now()
            try await EpisodeRecords.discharge(episode.id, on: date, reason: reason, summary: cleaned, by: actor.userID, now: now,
                                               expectedVersion: expectedVersion ?? episode.version, on: conn)
            try await AssignmentRecords.endCurrent(episodeID: episode.id, at: now, on: conn)
            try await audit.append(context, .recordUpdated, resourceType: .episode, resourceID: episode.id.text,
                                   participantID: person.id, detail: "discharged \(reason.rawValue)", on: conn)
            guard let saved = try await EpisodeRecords.get(episode.id, on: conn) else { throw StoreError.notFound }
            return saved
        }
    }

    // MARK: - Crisis events

    public func recordCrisisEvent(_ personID: UUID, _ event: CrisisEvent, note: String, by actor: Actor, context: AuditContext) async throws -> StoredCrisisEvent {
        try await guardedWrite(context, .crisisEvent) { conn in
            let (person, _) = try await Self.person(personID, .update, by: actor, on: conn)
            let cleanNote = try StoreError.validating {
                try event.validate(note: note, today: today, dateOfBirth: person.dateOfBirth)
            }
            let stored = StoredCrisisEvent(id: store.newID(), organizationID: person.organizationID, personID: personID, event: event,
                                           note: cleanNote, recordedBy: actor.userID, createdAt: store.now())
            try await CrisisEventRecords.insert(stored, on: conn)
            try await audit.append(context, .recordCreated, resourceType: .crisisEvent, resourceID: stored.id.text,
                                   participantID: personID, detail: event.kind.rawValue, on: conn)
            return stored
        }
    }

    // MARK: - Caseloads

    /// A peer's participants with the next thing due: the actor's own caseload, the caseload of one
    /// peer they supervise or manage (`peerID`), or their whole team's (`team`).
    public func caseload(peerID: UUID? = nil, team: Bool = false, by actor: Actor, context: AuditContext) async throws -> [CaseloadEntry] {
        try await guarded(context, .caseload) {
            let entries = try await db.read { conn -> [CaseloadEntry] in
                var peers: [UUID] = [actor.userID]
                if team {
                    guard actor.has(.supervisor) else { throw AccessRefused(decision: .deny) }
                    peers = try await UserRecords.team(supervisorID: actor.userID, on: conn).map(\.id)
                } else if let peerID, peerID != actor.userID {
                    guard let peer = try await UserRecords.get(peerID, on: conn), peer.organizationID == actor.organizationID else {
                        throw AccessRefused(decision: .notFound)
                    }
                    let supervises = actor.has(.supervisor) && peer.supervisorID == actor.userID
                    let manages = actor.has(.programManager) && !actor.programIDs.isDisjoint(with: peer.programIDs)
                    guard supervises || manages else { throw AccessRefused(decision: .notFound) }
                    peers = [peerID]
                }
                return try await CaseloadRecords.forPeers(peers, on: conn)
            }
            // Every line still passes the policy, with the scope the database reported for it.
            let visible = entries.filter { entry in
                let scope = ParticipantScope(organizationID: entry.person.organizationID, programIDs: [entry.episode.programID],
                                             assignedPeerIDs: [entry.peerID], supervisorIDs: Set([entry.peerSupervisorID].compactMap { $0 }))
                return AccessPolicy.decide(actor, .list, .participant(scope)) == .allow
            }
            try await audit.record(db, context, .recordRead, resourceType: .caseload, detail: "entries=\(visible.count)")
            let far = CalendarDate(year: 9999, month: 12, day: 31)!
            return visible.sorted { a, b in
                ((a.episode.nextDue?.on ?? far), a.person.displayName) < ((b.episode.nextDue?.on ?? far), b.person.displayName)
            }
        }
    }

    /// Open episodes in the actor's programs whose continued-stay review falls due within two weeks or is overdue.
    public func reviewsDue(by actor: Actor, context: AuditContext, limit: Int = 200) async throws -> [(Episode, Person)] {
        try await guarded(context, .caseload) {
            let rows = try await db.read { conn -> [(Episode, Person)] in
                let episodes = try await EpisodeRecords.reviewsDue(programIDs: actor.programIDs, through: today.adding(days: 14), limit: limit, on: conn)
                return try await Self.listable(episodes, by: actor, on: conn)
            }
            try await audit.record(db, context, .recordRead, resourceType: .reviewsDue, detail: "entries=\(rows.count)")
            return rows
        }
    }

    /// Episodes with their people, keeping only those the actor may list (one lookup of people, one of
    /// their scopes): the reviews due and the people waiting for a peer.
    static func listable(_ episodes: [Episode], by actor: Actor, on conn: Connection) async throws -> [(Episode, Person)] {
        let people = try await PersonRecords.get(ids: episodes.map(\.participantID), on: conn)
        let scopes = try await PersonRecords.scopes(of: people.mapValues(\.organizationID), on: conn)
        return episodes.compactMap { episode -> (Episode, Person)? in
            guard let person = people[episode.participantID], let scope = scopes[person.id],
                  AccessPolicy.decide(actor, .list, .participant(scope)) == .allow else { return nil }
            return (episode, person)
        }
    }

    // MARK: - Duplicates and merges

    public func duplicates(of personID: UUID, by actor: Actor, context: AuditContext) async throws -> [(Person, DuplicateMatch)] {
        let found = try await guardedRead(context, .participant) { conn -> [(Person, DuplicateMatch)] in
            let (person, _) = try await Self.person(personID, .read, by: actor, on: conn)
            return try await Self.readableMatches(of: person, actor, on: conn)
        }
        try await noteRead(personID, resource: .participantDuplicates, context: context)
        for (other, _) in found { try await noteRead(other.id, resource: .participantDuplicates, context: context) }
        return found
    }

    /// Records the actor may read that could be the person about to be taken in, checked before the new
    /// record exists, so a peer opens the one already there instead of starting a second history.
    public func possibleDuplicates(of person: Person, by actor: Actor, context: AuditContext) async throws -> [(Person, DuplicateMatch)] {
        let found = try await guarded(context, .participant) {
            try authorize(actor, .create, .participants(organizationID: actor.organizationID, programID: nil))
            return try await db.read { conn in try await Self.readableMatches(of: person, actor, on: conn) }
        }
        for (other, _) in found { try await noteRead(other.id, resource: .participantDuplicates, context: context) }
        return found
    }

    /// The peer's word that the person just taken in is not the record(s) the intake check offered: one
    /// audit event per record set aside, so whoever later reviews duplicates sees it was considered.
    public func noteDifferentPerson(_ personID: UUID, from others: [UUID], context: AuditContext) async throws {
        for other in others {
            try await audit.record(db, context, .duplicateDismissed, resourceType: .participant, resourceID: personID.text,
                                   participantID: personID, detail: "other=\(other.text)")
        }
    }

    /// Plausible duplicates of `person` (Core's `DuplicateMatching`) among the records `actor` may read, best first.
    private static func readableMatches(of person: Person, _ actor: Actor, on conn: Connection) async throws -> [(Person, DuplicateMatch)] {
        var found: [(Person, DuplicateMatch)] = []
        for candidate in try await PersonRecords.duplicateCandidates(of: person, on: conn) {
            guard let match = DuplicateMatching.match(person, candidate) else { continue }
            let scope = try await PersonRecords.scope(of: candidate.id, organizationID: candidate.organizationID, on: conn)
            if AccessPolicy.decide(actor, .read, .participant(scope)) == .allow { found.append((candidate, match)) }
        }
        return found.sorted { $0.1.score > $1.1.score }
    }

    /// Folds `mergedID` into `keptID`: its contacts, screens, episodes and events move to the kept
    /// record, which the merge remembers so it can be undone. A supervisor's or manager's decision.
    public func merge(keptID: UUID, mergedID: UUID, by actor: Actor, context: AuditContext) async throws -> PersonMerge {
        try await guarded(context, .participant) {
            guard keptID != mergedID else { throw Self.invalid("merged_id", "same_record") }
            return try await db.write { conn in
                let (kept, _) = try await Self.person(keptID, .assign, by: actor, on: conn)
                let (merged, _) = try await Self.person(mergedID, .assign, by: actor, on: conn)
                if kept.mergedIntoID != nil || merged.mergedIntoID != nil { throw Self.invalid("merged_id", "merged_record") }
                let keptOpen = Set(try await EpisodeRecords.forPerson(keptID, on: conn).filter(\.isOpen).map(\.programID))
                let mergedOpen = Set(try await EpisodeRecords.forPerson(mergedID, on: conn).filter(\.isOpen).map(\.programID))
                if !keptOpen.isDisjoint(with: mergedOpen) {
                    throw Self.invalid("merged_id", "both_enrolled", "error.merge_both_enrolled")
                }
                let record = try await MergeRecords.merge(id: store.newID(), kept: keptID, merged: mergedID, organizationID: kept.organizationID,
                                                          by: actor.userID, now: store.now(), on: conn)
                try await audit.append(context, .participantMerged, resourceType: .participant, resourceID: record.id.text,
                                       participantID: keptID, detail: "merged \(mergedID.text)", on: conn)
                try await audit.append(context, .participantMerged, resourceType: .participant, resourceID: record.id.text,
                                       participantID: mergedID, detail: "into \(keptID.text)", on: conn)
                return record
            }
        }
    }

    public func undoMerge(_ mergeID: UUID, by actor: Actor, context: AuditContext) async throws -> PersonMerge {
        try await guardedWrite(context, .participant) { conn in
            guard let merge = try await MergeRecords.get(mergeID, on: conn), merge.organizationID == actor.organizationID else {
                throw AccessRefused(decision: .notFound)
            }
            _ = try await Self.person(merge.keptID, .assign, by: actor, on: conn)
            if merge.undoneAt != nil { throw Self.invalid("form", "already_undone", "error.merge_already_undone") }
            try await MergeRecords.undo(merge, by: actor.userID, now: store.now(), on: conn)
            for id in [merge.keptID, merge.mergedID] {
                try await audit.append(context, .participantUnmerged, resourceType: .participant, resourceID: merge.id.text,
                                       participantID: id, on: conn)
            }
            var undone = merge
            undone.undoneAt = store.now()
            return undone
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

extension ParticipantJourney {
    /// A peer specialist's own background for pairing: languages, lived experience, populations,
    /// cultural background, gender identity, region and how many participants they can carry.
    public func peerBackground(of actor: Actor) async throws -> PeerBackground {
        try await peerProfile(of: actor).background
    }

    /// The peer's whole workforce profile: the background and what they share of it.
    public func peerProfile(of actor: Actor) async throws -> WorkforceProfile {
        try await db.read { conn in try await WorkforceProfileRecords.profile(actor.userID, on: conn) } ?? WorkforceProfile(userID: actor.userID)
    }

    /// Saves the background; with `shared`, also which personal facts the peer shares with their supervisor
    /// and managers (the pairing suggestions they read match only on those). Nil keeps what they chose before.
    public func savePeerBackground(_ input: PeerBackground, shared: Set<SharedFact>? = nil, by actor: Actor,
                                   context: AuditContext) async throws -> PeerBackground {
        guard actor.has(.peerSpecialist) else { throw Self.invalid("form", "not_a_peer") }
        var b = input
        do {
            (b.languages, b.culturalBackground, b.region) = try PeerProfileRules.validate(
                languages: b.languages, culturalBackground: b.culturalBackground, region: b.region, capacity: b.capacity)
        } catch { throw StoreError.invalid(error) }
        let saved = b
        try await db.write { conn in
            if let shared {
                var profile = try await WorkforceProfileRecords.profile(actor.userID, on: conn) ?? WorkforceProfile(userID: actor.userID)
                profile.background = saved
                profile.details.shared = shared
                try await WorkforceProfileRecords.save(profile, organizationID: actor.organizationID, now: store.now(), on: conn)
            } else {
                try await WorkforceProfileRecords.save(userID: actor.userID, organizationID: actor.organizationID, saved, now: store.now(), on: conn)
            }
            try await audit.append(context, .userUpdated, resourceType: .peerProfile, resourceID: actor.userID.text, on: conn)
        }
        return saved
    }
}
