import Foundation
import PeerwayCore

/// Outcome instruments, shared by pages, API and command line: recording an administration (scored by
/// Core, never typed in), a person's scores over time, each program's schedule and what is due.
/// An administration is the person's record: the access policy decides it on the person.
public struct Instruments: StoreWorkflow {
    public let store: StoreContext

    public init(_ store: StoreContext) {
        self.store = store
    }

    // MARK: - Recording

    /// Records an administration for a person the actor may update, in the person's episode
    /// (`episodeID`, or else their open episode in one of the actor's programs, or else their latest
    /// episode for a discharge administration). A replaced intake or discharge stays, no longer current.
    public func record(for personID: UUID, episodeID: UUID? = nil, _ draft: AdministrationDraft, by actor: Actor,
                       context: AuditContext) async throws -> InstrumentAdministration {
        guard let instrument = InstrumentCatalog.instrument(draft.instrumentID) else {
            throw Self.invalid("instrument", "unknown_instrument")
        }
        return try await guardedWrite(context, .instrumentAdministration) { conn -> InstrumentAdministration in
            let (person, _) = try await ParticipantJourney.person(personID, .update, by: actor, on: conn)
            let episode = try await ParticipantJourney.episode(of: person, episodeID, orLatest: draft.timepoint == .discharge, actor: actor, on: conn)
            let current = try await InstrumentRecords.forEpisode(episode.id, instrumentID: instrument.id, on: conn)
            let accepted = try StoreError.validating {
                try AdministrationRules.validate(draft, instrument: instrument, episode: episode, current: current, today: today)
            }
            let administration = InstrumentAdministration(
                id: store.newID(), organizationID: actor.organizationID, programID: episode.programID, personID: person.id, episodeID: episode.id,
                instrumentID: instrument.id, instrumentVersion: instrument.version, timepoint: accepted.timepoint, givenOn: draft.givenOn,
                respondent: draft.respondent, language: draft.language, givenBy: actor.userID, responses: draft.responses, scores: accepted.scores,
                recordedAt: store.now().truncatedToMicroseconds, replaces: accepted.replaces, replaceReason: accepted.replaceReason)
            if let replaced = accepted.replaces { try await InstrumentRecords.retire(replaced, on: conn) }
            try await InstrumentRecords.insert([administration], on: conn)
            var detail = "instrument=\(instrument.id) timepoint=\(accepted.timepoint)"
            if let replaced = accepted.replaces { detail += " replaces=\(replaced.text)" }
            try await audit.append(context, .recordCreated, resourceType: .instrumentAdministration, resourceID: administration.id.text,
                                   participantID: person.id, detail: detail, on: conn)
            return administration
        }
    }

    // MARK: - Reading

    /// One administration the route guard has loaded and decided.
    public func detail(of authorized: Authorized<AdministrationRecord>, context: AuditContext) async throws -> AdministrationRecord {
        let record = authorized.record
        try await audit.record(db, context, .recordRead, resourceType: .instrumentAdministration, resourceID: record.administration.id.text,
                               participantID: record.person.id)
        return record
    }

    /// What a person's measures page shows: their current administrations, oldest first, and their episodes.
    public struct History: Sendable {
        public let administrations: [InstrumentAdministration]
        public let episodes: [Episode]
        public let staffNames: [UUID: String]
    }

    /// A person's administrations on the record the route guard has already loaded and decided.
    public func history(of authorized: Authorized<Person>, context: AuditContext) async throws -> History {
        let id = authorized.record.id
        let history = try await db.read { conn in
            let found = try await InstrumentRecords.forPerson(id, on: conn)
            return History(administrations: found, episodes: try await EpisodeRecords.forPerson(id, on: conn),
                           staffNames: try await UserRecords.displayNames(Set(found.map(\.givenBy)), on: conn))
        }
        try await audit.record(db, context, .recordRead, resourceType: .instrumentAdministration, resourceID: id.text, participantID: id,
                               detail: "entries=\(history.administrations.count)")
        return history
    }

    /// A person's administrations, for the API and the command line.
    public func history(_ personID: UUID, by actor: Actor, context: AuditContext) async throws -> History {
        try await reading(.participant, personID, by: actor, context: context, as: .instrumentAdministration) { try await history(of: $0, context: context) }
    }

    // MARK: - Schedules and what is due

    /// A program's schedule, for anyone who may read the program.
    public func schedule(programID: UUID, by actor: Actor) async throws -> [InstrumentScheduleRule] {
        try await db.read { conn in
            _ = try await allowedProgram(programID, .read, actor, on: conn)
            return try await InstrumentScheduleRecords.forPrograms([programID], on: conn)[programID] ?? []
        }
    }

    /// Sets one instrument's rule in a program (those who may update the program: its manager, the
    /// organization's administrators). A rule that schedules nothing removes the instrument.
    public func setSchedule(_ rule: InstrumentScheduleRule, programID: UUID, by actor: Actor?, context: AuditContext) async throws {
        let rule = try StoreError.validating { try rule.validated() }
        try await guardedWrite(context, .instrumentSchedule) { conn in
            _ = try await allowedProgram(programID, .update, actor, on: conn)
            try await InstrumentScheduleRecords.set(rule, programID: programID, by: actor?.userID, now: store.now(), on: conn)
            let every = rule.everyDays.map(String.init) ?? "none"
            try await audit.append(context, .programUpdated, resourceType: .instrumentSchedule, resourceID: programID.text,
                                   detail: "instrument=\(rule.instrumentID) intake=\(rule.atIntake) every=\(every) discharge=\(rule.atDischarge)",
                                   on: conn)
        }
    }

    // MARK: - Licensed wording

    /// A program's licensed wording of an instrument in a language (item id → text), for anyone who may read the program.
    public func wording(programID: UUID, instrumentID: String, language: String, by actor: Actor) async throws -> [String: String] {
        try await db.read { conn in
            _ = try await allowedProgram(programID, .read, actor, on: conn)
            return try await InstrumentWordingRecords.get(programID: programID, instrumentID: instrumentID, language: language, on: conn)
        }
    }

    /// The wording to show the items in for a person the route guard has decided: their current
    /// episode's program's (else their latest episode's in the actor's programs).
    public func wording(for authorized: Authorized<Person>, instrumentID: String, language: String, by actor: Actor) async throws -> [String: String] {
        let personID = authorized.record.id
        return try await db.read { conn in
            let episodes = try await EpisodeRecords.forPerson(personID, on: conn)
            guard let episode = Episode.current(in: episodes, programIDs: actor.programIDs)
                    ?? episodes.first(where: { actor.programIDs.contains($0.programID) }) else { return [:] }
            return try await InstrumentWordingRecords.get(programID: episode.programID, instrumentID: instrumentID, language: language, on: conn)
        }
    }

    /// Sets a program's licensed wording of an instrument in one language (those who may update the program).
    public func setWording(programID: UUID, instrumentID: String, language: String, texts: [String: String], by actor: Actor?,
                           context: AuditContext) async throws {
        guard let instrument = InstrumentCatalog.instrument(instrumentID) else { throw Self.invalid("instrument", "unknown_instrument") }
        guard LocalizedText.languages.contains(language) else { throw Self.invalid("language", "unknown_value") }
        let clean = try StoreError.validating { try instrument.validateWording(texts) }
        try await guardedWrite(context, .instrumentSchedule) { conn in
            _ = try await allowedProgram(programID, .update, actor, on: conn)
            try await InstrumentWordingRecords.set(programID: programID, instrumentID: instrumentID, language: language, texts: clean,
                                                   by: actor?.userID, now: store.now(), on: conn)
            try await audit.append(context, .programUpdated, resourceType: .instrumentSchedule, resourceID: programID.text,
                                   detail: "wording=\(instrumentID) language=\(language) items=\(clean.values.filter { !$0.isEmpty }.count)", on: conn)
        }
    }

    /// One line of a due list.
    public struct DueLine: Sendable {
        public let person: Person
        public let episode: Episode
        public let due: InstrumentDue
    }

    /// Instruments due for the actor's caseload, or (with `programWide`, for those who follow up a whole
    /// program: `Role.programFollowUp`) for every episode in the actor's programs; overdue first, then by day.
    /// Each line passes the access policy on its person.
    public func due(by actor: Actor, programWide: Bool = false, limit: Int = 500, context: AuditContext) async throws -> [DueLine] {
        try await guarded(context, .instrumentsDue) {
            let lines = try await db.read { conn -> [DueLine] in
                let wide = programWide && actor.hasAny(Role.programFollowUp)
                let episodes: [Episode]
                if wide {
                    episodes = try await InstrumentScheduleRecords.episodes(programIDs: Array(actor.programIDs),
                                                                            dischargedSince: today.adding(days: -InstrumentSchedule.dischargeWindowDays),
                                                                            limit: limit, on: conn)
                } else {
                    episodes = try await CaseloadRecords.forPeers([actor.userID], on: conn).map(\.episode)
                }
                let rules = try await InstrumentScheduleRecords.forPrograms(Array(Set(episodes.map(\.programID))), on: conn)
                let given = Dictionary(grouping: try await InstrumentRecords.given(episodeIDs: episodes.map(\.id), on: conn), by: \.episodeID)
                let found = episodes.flatMap { episode in
                    (rules[episode.programID] ?? []).compactMap { rule in
                        InstrumentSchedule.due(rule, episode: episode, given: given[episode.id] ?? [], today: today).map { (episode, $0) }
                    }
                }
                let people = try await PersonRecords.get(ids: Array(Set(found.map(\.0.participantID))), on: conn)
                let scopes = try await PersonRecords.scopes(of: people.mapValues(\.organizationID), on: conn)
                return found.compactMap { episode, due -> DueLine? in
                    guard let person = people[episode.participantID], person.organizationID == actor.organizationID, let scope = scopes[person.id],
                          AccessPolicy.decide(actor, .list, .participant(scope)) == .allow else { return nil }
                    return DueLine(person: person, episode: episode, due: due)
                }
                .sorted { ($0.due.overdue ? 0 : 1, $0.due.dueOn) < ($1.due.overdue ? 0 : 1, $1.due.dueOn) }
            }
            try await audit.record(db, context, .recordRead, resourceType: .instrumentsDue, detail: "entries=\(lines.count)")
            return lines
        }
    }
}
