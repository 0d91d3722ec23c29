import Foundation
import PeerwayCore

/// One run of a history import: the files read into rows, then checked and written kind by kind in
/// one transaction, so that a service can name a person the same import created. It writes even when
/// a problem was found (the caller rolls the transaction back), so that every later row is checked
/// against the records it would have had and every problem is reported at once.
final class HistorySession {
    let store: StoreContext
    let actor: Actor
    let programID: UUID
    let context: AuditContext
    let progress: (@Sendable (Int, Int) -> Void)?

    private(set) var problems: [HistoryImport.Problem] = []
    private var countsByFile: [HistoryFile: HistoryImport.Count] = [:]
    var counts: [HistoryImport.Count] { HistoryFile.allCases.compactMap { countsByFile[$0] } }

    private var files: [HistoryFile: (name: String, rows: [[String]])] = [:]
    private var done = 0
    private var total = 0
    /// People decided once each: the person, or nil when out of the actor's reach.
    private var people: [UUID: Person?] = [:]
    private var staff: [StaffReference: UUID?] = [:]
    /// Referrals created by this run, for the steps that follow them.
    private var createdReferrals: [UUID: (referral: Referral, line: Int, status: ReferralStatus?)] = [:]

    init(store: StoreContext, actor: Actor, programID: UUID, context: AuditContext, progress: (@Sendable (Int, Int) -> Void)?) {
        self.store = store
        self.actor = actor
        self.programID = programID
        self.context = context
        self.progress = progress
    }

    var now: Date { store.now().truncatedToMicroseconds }
    var zone: TimeZone { store.timeZone }

    // MARK: - Reading the files

    /// Names each file's kind and reads its CSV. A file that cannot be named or read is a problem of
    /// the file as a whole; nothing is checked further when there is one.
    func read(_ given: [HistoryImport.File]) throws {
        if given.isEmpty { throw StoreError.invalid(ValidationErrors([ValidationError(field: "file", code: "required", messageKey: "error.history_no_files")])) }
        for file in given {
            guard let kind = HistoryFile(fileName: file.name) else {
                problem(file.name, 0, "file", "unknown_history_file", "error.history_unknown_file")
                continue
            }
            if files[kind] != nil {
                problem(file.name, 0, "file", "duplicate_file", "error.history_duplicate_file")
                continue
            }
            do {
                let rows = try CSVReader.parse(file.text)
                files[kind] = (file.name, rows)
                total += max(rows.count - 1, 0)
            } catch {
                problem(file.name, 0, "file", error.code, "error.csv_unreadable")
            }
        }
    }

    private func problem(_ file: String, _ line: Int, _ column: String, _ code: String, _ key: String) {
        problems.append(HistoryImport.Problem(file: file, line: line, column: column, code: code, messageKey: key))
    }

    private func problems(_ file: String, _ line: Int, _ errors: [ValidationError], column: (String?) -> String = { $0 ?? "row" }) {
        for e in errors { problem(file, line, column(e.field), e.code, e.messageKey) }
    }

    /// The rows of one file, parsed; header problems are reported on line 1 and the file skipped.
    private func rows<Value>(_ kind: HistoryFile, _ parse: ([[String]]) -> Result<[ImportRow<Value>], ValidationErrors>) -> (String, [ImportRow<Value>])? {
        guard let file = files[kind] else { return nil }
        countsByFile[kind] = HistoryImport.Count(file: kind)
        switch parse(file.rows) {
        case .failure(let errors):
            problems(file.name, 1, errors.errors, column: { $0 ?? "file" })
            return nil
        case .success(let rows):
            countsByFile[kind]?.rows = rows.count
            return (file.name, rows)
        }
    }

    private func tally(_ kind: HistoryFile, _ outcome: Outcome) {
        switch outcome {
        case .created: countsByFile[kind]?.created += 1
        case .updated: countsByFile[kind]?.updated += 1
        case .unchanged: countsByFile[kind]?.unchanged += 1
        case .rejected: countsByFile[kind]?.rejected += 1
        }
        done += 1
        if done % 200 == 0 || done == total { progress?(done, total) }
    }

    enum Outcome { case created, updated, unchanged, rejected }

    /// A row refused by a check against the records; the field is the column it concerns.
    struct Refused: Error {
        let errors: [ValidationError]
        init(_ column: String, _ code: String, _ key: String? = nil) {
            errors = [ValidationError(field: column, code: code, messageKey: key ?? "error.\(code)")]
        }
        init(_ errors: [ValidationError]) { self.errors = errors }
    }

    /// Runs `check` on each row of a file that parsed, counting what it did and reporting what it refused.
    private func each<Value>(_ kind: HistoryFile, _ file: String, _ rows: [ImportRow<Value>], column: (String?) -> String = { $0 ?? "row" },
                             _ check: (Value, Int) async throws -> Outcome) async throws {
        for row in rows {
            var errors = row.errors
            if let value = row.value {
                do {
                    tally(kind, try await check(value, row.line))
                    continue
                } catch let refused as Refused {
                    errors = refused.errors
                } catch let invalid as StoreError {
                    guard case .invalid(let refused) = invalid else { throw invalid }
                    errors = refused.errors
                }
            }
            problems(file, row.line, errors, column: column)
            tally(kind, .rejected)
        }
    }

    // MARK: - Checking and writing

    func apply(on conn: Connection) async throws {
        progress?(0, total)
        try await importPeople(on: conn)
        try await importContacts(on: conn)
        try await importEpisodes(on: conn)
        try await importServices(on: conn)
        try await importReferrals(on: conn)
        try await importAdministrations(on: conn)
    }

    /// A person the actor may update: in the file before this one, or already in Peerway. Anyone out
    /// of reach is "not found", whether or not they exist, so a file cannot probe for people.
    func person(_ id: UUID, column: String, on conn: Connection) async throws -> Person {
        if let known = people[id] {
            guard let known else { throw Refused(column, "not_found") }
            return known
        }
        do {
            let (found, _) = try await ParticipantJourney.person(id, .update, by: actor, on: conn)
            people[id] = found
            return found
        } catch is AccessRefused {
            people[id] = .some(nil)
            throw Refused(column, "not_found")
        }
    }

    func staffID(_ reference: StaffReference, column: String, on conn: Connection) async throws -> UUID {
        if let known = staff[reference] {
            guard let known else { throw Refused(column, "unknown_staff", "error.history_unknown_staff") }
            return known
        }
        let found = try await HistoryRecords.staff(reference, organizationID: actor.organizationID, on: conn)
        staff[reference] = .some(found)
        guard let found else { throw Refused(column, "unknown_staff", "error.history_unknown_staff") }
        return found
    }

    /// Unchanged when the id is already this program's record; refused when another program or
    /// organization holds it.
    func alreadyHere(_ id: UUID, _ placed: [UUID: (organizationID: UUID, programID: UUID)], column: String) throws -> Bool {
        guard let place = placed[id] else { return false }
        guard place.organizationID == actor.organizationID, place.programID == programID else {
            throw Refused(column, "id_in_use", "error.history_id_in_use")
        }
        return true
    }

    func audited(_ resource: AuditResource, _ id: UUID, person: UUID?, on conn: Connection) async throws {
        try await store.audit.append(context, .recordCreated, resourceType: resource, resourceID: id.text, participantID: person,
                                     detail: "history import", on: conn)
    }

    // MARK: People and contacts

    private func importPeople(on conn: Connection) async throws {
        let journey = ParticipantJourney(store)
        var generated = Set<UUID>()
        guard let (file, parsed) = rows(.people, { rows in
            PersonImport.parse(rows, organizationID: actor.organizationID, today: store.today, now: self.now, newID: {
                let id = store.newID()
                generated.insert(id)
                return id
            })
        }) else { return }
        let columns = Set((files[.people]?.rows.first ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() })
        let stored = try await PersonRecords.get(ids: parsed.compactMap(\.value?.id), on: conn)
        let now = self.now
        try await each(.people, file, parsed) { person, _ in
            // A history is keyed by id: a person without one would come in again with every import.
            if generated.contains(person.id) { throw Refused("id", "required") }
            let step: ParticipantJourney.ImportStep
            do {
                step = try await journey.checkPerson(person, isNew: stored[person.id] == nil,
                                                     stored: stored[person.id], columns: columns, programID: programID, actor: actor,
                                                     now: now, on: conn)
                try await journey.apply(step, actor: actor, context: context, on: conn)
            } catch let rejected as ParticipantJourney.RowRejected {
                throw Refused(rejected.errors)
            }
            switch step {
            case .createPerson(let p), .updatePerson(let p, _): people[p.id] = p
            default: break
            }
            switch step {
            case .createPerson: return .created
            case .updatePerson: return .updated
            default: return .unchanged
            }
        }
    }

    private func importContacts(on conn: Connection) async throws {
        guard let (file, rows) = rows(.contacts, { HistoryParsing.contacts($0, zone: zone, now: now) }) else { return }
        let placed = try await HistoryRecords.placed(rows.compactMap(\.value?.id), in: .contacts, on: conn)
        try await each(.contacts, file, rows) { [self] row, _ in
            if try alreadyHere(row.id, placed, column: "id") { return .unchanged }
            if let personID = row.draft.personID { _ = try await person(personID, column: "person_id", on: conn) }
            let contact = Contact(row.draft, id: row.id, organizationID: actor.organizationID, programID: programID, personID: row.draft.personID,
                                  note: row.draft.note, loggedBy: actor.userID, createdAt: now)
            try await ContactRecords.insert(contact, on: conn)
            try await audited(.contact, contact.id, person: contact.personID, on: conn)
            return .created
        }
    }

    // MARK: Episodes

    private func importEpisodes(on conn: Connection) async throws {
        guard let (file, rows) = rows(.episodes, { HistoryParsing.episodes($0, today: store.today) }) else { return }
        let placed = try await HistoryRecords.placed(rows.compactMap(\.value?.id), in: .episodes, on: conn)
        let program = try await ProgramRecords.get(programID, on: conn)
        try await each(.episodes, file, rows) { [self] row, _ in
            if try alreadyHere(row.id, placed, column: "id") { return .unchanged }
            let person = try await person(row.personID, column: "person_id", on: conn)
            guard person.mayEnroll else { throw Refused("person_id", "not_a_participant") }
            let existing = try await EpisodeRecords.forPerson(person.id, on: conn).filter { $0.programID == programID }
            let end = row.dischargedOn ?? CalendarDate(year: 9999, month: 12, day: 31)!
            if existing.contains(where: { $0.enrolledOn <= end && row.enrolledOn <= ($0.dischargedOn ?? CalendarDate(year: 9999, month: 12, day: 31)!) }) {
                throw Refused("enrolled_on", row.dischargedOn == nil && existing.contains(where: \.isOpen) ? "episode_already_open" : "overlaps_previous_episode")
            }
            if let born = person.dateOfBirth, row.enrolledOn < born { throw Refused("enrolled_on", "before_birth") }
            var episode = Episode(id: row.id, participantID: person.id, programID: programID, enrolledOn: row.enrolledOn,
                                  plannedEndOn: row.plannedEndOn ?? program.flatMap { EpisodeRules.plannedEnd(for: $0, enrolledOn: row.enrolledOn) })
            episode.organizationID = actor.organizationID
            episode.goals = row.goals
            if row.dischargedOn == nil, let program {
                episode.nextReviewOn = ReviewSchedule.nextDue(enrolledOn: row.enrolledOn, lastReviewOn: nil, frequencyDays: program.reviewFrequencyDays)
            }
            try await EpisodeRecords.insert(episode, screeningID: nil, createdBy: actor.userID, now: now, on: conn)
            if let discharged = row.dischargedOn, let reason = row.dischargeReason {
                try await EpisodeRecords.discharge(episode.id, on: discharged, reason: reason, summary: "", by: actor.userID, now: now,
                                                   expectedVersion: 1, on: conn)
            }
            try await audited(.episode, episode.id, person: person.id, on: conn)
            return .created
        }
    }

    // MARK: Services

    private func importServices(on conn: Connection) async throws {
        guard let (file, rows) = rows(.services, { HistoryParsing.services($0, zone: zone) }) else { return }
        let placed = try await HistoryRecords.placed(rows.compactMap(\.value?.id), in: .services, on: conn)
        let catalog = try await ServiceSettingsRecords.catalog(programID: programID, on: conn)
        var batch: [PeerService] = []
        try await each(.services, file, rows, column: HistoryParsing.serviceColumn) { [self] row, _ in
            if try alreadyHere(row.id, placed, column: "service_id") { return .unchanged }
            let person = try await person(row.personID, column: "participant_id", on: conn)
            guard person.mayReceiveServices else { throw Refused("participant_id", "merged_record", "error.merged_record") }
            let author = try await staffID(row.staff, column: row.staff.column("staff_id", "staff_email"), on: conn)
            var input = row.input
            if let cofacilitator = row.cofacilitator { input.cofacilitatorID = try await staffID(cofacilitator, column: "cofacilitator_id", on: conn) }
            let noted = !input.note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            let content: ServiceContent
            do throws(ValidationErrors) {
                content = try ServiceRules.validate(input, catalog: catalog, forSigning: noted, now: now, zone: zone)
            } catch {
                throw Refused(error.errors)
            }
            if let signedAt = row.signedAt, signedAt > now { throw Refused("signed_at", "in_future", "error.date_in_future") }
            let service = PeerService(id: row.id, organizationID: actor.organizationID, programID: programID, personID: person.id,
                                      groupID: row.groupID, peerID: author, content: content, status: ServiceCounting.counted, enteredAt: now,
                                      signedAt: row.signedAt ?? min(content.end(in: zone), now), updatedAt: now)
            batch.append(service)
            try await audited(.service, service.id, person: person.id, on: conn)
            if batch.count == 500 {
                try await ServiceRecords.insert(batch, on: conn)
                batch.removeAll()
            }
            return .created
        }
        try await ServiceRecords.insert(batch, on: conn)
    }

    // MARK: Referrals

    private func importReferrals(on conn: Connection) async throws {
        let changeRows = rows(.referralChanges, { HistoryParsing.referralChanges($0, zone: zone) })
        var steps: [UUID: [(change: HistoryReferralChange, line: Int)]] = [:]
        for row in changeRows?.1 ?? [] {
            if let change = row.value { steps[change.referralID, default: []].append((change, row.line)) }
        }
        if let (file, rows) = rows(.referrals, { HistoryParsing.referrals($0, zone: zone) }) {
            let placed = try await HistoryRecords.placed(rows.compactMap(\.value?.id), in: .referrals, on: conn)
            try await each(.referrals, file, rows) { [self] row, line in
                if try alreadyHere(row.id, placed, column: "referral_id") { return .unchanged }
                let person = try await person(row.personID, column: "person_id", on: conn)
                guard ReferralRules.mayBeReferred(person) else { throw Refused("person_id", "merged_record", "error.merged_record") }
                let madeBy = try await staffID(row.madeBy, column: "made_by", on: conn)
                var draft = row.draft
                if let directoryID = draft.resource.directoryServiceID {
                    guard let entry = try await DirectoryCatalog(store).summary(serviceID: directoryID, by: actor) else {
                        throw Refused("directory_service_id", "unknown_directory_service")
                    }
                    draft.resource.fill(from: entry)
                }
                if steps[row.id]?.first?.change.status == .sent { draft.status = .proposed }
                let clean: ReferralDraft
                do throws(ValidationErrors) {
                    clean = try ReferralRules.validate(draft, now: now, today: store.today, in: zone)
                } catch {
                    throw Refused(error.errors.filter { $0.field != "follow_up_on" })
                }
                let referral = Referral(id: row.id, organizationID: actor.organizationID, programID: programID, personID: person.id,
                                        resource: clean.resource, need: clean.need!, urgency: clean.urgency, handoff: clean.handoff,
                                        madeAt: clean.madeAt, madeBy: madeBy, note: clean.note, status: clean.status,
                                        followUpOn: clean.followUpOn, createdAt: now)
                try await ReferralRecords.insert(referral, madeOn: CalendarDate(referral.madeAt, in: zone), on: conn)
                try await ReferralRecords.insert(ReferralChange(id: store.newID(), referralID: referral.id, from: nil, to: referral.status,
                                                                occurredAt: referral.madeAt, recordedAt: now, by: madeBy, reason: nil, note: ""),
                                                 on: conn)
                try await audited(.referral, referral.id, person: person.id, on: conn)
                createdReferrals[referral.id] = (referral, line, row.status)
                // Without steps of its own, where the file says the referral stands is one step from where it began.
                if steps[row.id] == nil, let status = row.status, status != referral.status {
                    steps[row.id] = [(HistoryReferralChange(referralID: row.id, status: status, occurredAt: row.statusAt ?? referral.madeAt,
                                                            reason: row.reason, note: "", by: nil), 0)]
                }
                return .created
            }
        }
        try await importSteps(steps, file: changeRows?.0, on: conn)
    }

    /// Walks each created referral through its steps in time order, each checked by the rules a step
    /// recorded in Peerway follows. Steps of a referral already here are left as they are.
    private func importSteps(_ steps: [UUID: [(change: HistoryReferralChange, line: Int)]], file: String?, on conn: Connection) async throws {
        let fileName = file ?? HistoryFile.referrals.fileName
        let placed = try await HistoryRecords.placed(steps.keys.filter { createdReferrals[$0] == nil }, in: .referrals, on: conn)
        for (referralID, list) in steps.sorted(by: { ($0.value.first?.line ?? 0) < ($1.value.first?.line ?? 0) }) {
            let counted = list.allSatisfy { $0.line > 0 }
            guard let created = createdReferrals[referralID] else {
                for step in list where step.line > 0 {
                    do {
                        guard try alreadyHere(referralID, placed, column: "referral_id") else { throw Refused("referral_id", "unknown_referral", "error.history_unknown_referral") }
                        tally(.referralChanges, .unchanged)
                    } catch let refused as Refused {
                        problems(fileName, step.line, refused.errors)
                        tally(.referralChanges, .rejected)
                    }
                }
                continue
            }
            var referral = created.referral
            let referralLine = created.line, statedStatus = created.status
            let before = referral.status
            for step in list.sorted(by: { $0.change.occurredAt < $1.change.occurredAt }) {
                let line = step.line > 0 ? step.line : referralLine
                let where_ = step.line > 0 ? fileName : HistoryFile.referrals.fileName
                do {
                    var by = referral.madeBy
                    if let named = step.change.by { by = try await staffID(named, column: "changed_by", on: conn) }
                    let note: String
                    do throws(ValidationErrors) {
                        note = try ReferralRules.validateChange(referral, to: step.change.status, occurredAt: step.change.occurredAt,
                                                                reason: step.change.reason, note: step.change.note, now: now)
                    } catch {
                        // A step made up from the referral's own row reports on that row's columns.
                        throw Refused(step.line > 0 ? error.errors : error.errors.map { e in
                            ValidationError(field: e.field == "occurred_at" ? "status_at" : e.field, code: e.code, messageKey: e.messageKey)
                        })
                    }
                    let next = ReferralRules.applying(step.change.status, at: step.change.occurredAt, reason: step.change.reason, followUpOn: nil,
                                                      to: referral)
                    try await ReferralRecords.insert(ReferralChange(id: store.newID(), referralID: referral.id, from: referral.status,
                                                                    to: next.status, occurredAt: step.change.occurredAt, recordedAt: now, by: by,
                                                                    reason: next.reason, note: note), on: conn)
                    referral = next
                    if counted { tally(.referralChanges, .created) }
                } catch let refused as Refused {
                    problems(where_, line, refused.errors)
                    if counted { tally(.referralChanges, .rejected) }
                    break
                }
            }
            if let statedStatus, statedStatus != referral.status {
                problem(HistoryFile.referrals.fileName, referralLine, "status", "status_differs_from_steps", "error.history_status_differs")
            }
            guard referral.status != before else { continue }
            let days = referral.status == .linked ? CalendarDate(referral.madeAt, in: zone).days(until: CalendarDate(referral.statusAt, in: zone)) : nil
            // Stored once at version 1 with its first status; every step is one write of the row from there.
            referral.version = 2
            try await ReferralRecords.updateStatus(referral, daysToLinkage: days, now: now, on: conn)
        }
    }

    // MARK: Administrations

    private func importAdministrations(on conn: Connection) async throws {
        guard let (file, rows) = rows(.administrations, HistoryParsing.administrations) else { return }
        let placed = try await HistoryRecords.placed(rows.compactMap(\.value?.id), in: .administrations, on: conn)
        // In the order they were given, so that follow-ups are numbered as they happened.
        let ordered = rows.sorted { a, b in
            let x = a.value?.draft.givenOn.description ?? "", y = b.value?.draft.givenOn.description ?? ""
            return x != y ? x < y : a.line < b.line
        }
        try await each(.administrations, file, ordered) { [self] row, _ in
            if try alreadyHere(row.id, placed, column: "administration_id") { return .unchanged }
            guard let instrument = InstrumentCatalog.instrument(row.draft.instrumentID) else { throw Refused("instrument", "unknown_instrument") }
            let person = try await person(row.personID, column: "person_id", on: conn)
            let episodes = try await EpisodeRecords.forPerson(person.id, on: conn).filter { $0.programID == programID }
            let episode: Episode
            if let id = row.episodeID {
                guard let found = episodes.first(where: { $0.id == id }) else { throw Refused("episode_id", "unknown_episode") }
                episode = found
            } else {
                guard let found = episodes.first(where: { $0.enrolledOn <= row.draft.givenOn && row.draft.givenOn <= ($0.dischargedOn ?? store.today) })
                else { throw Refused("episode_id", "not_enrolled") }
                episode = found
            }
            let current = try await InstrumentRecords.forEpisode(episode.id, instrumentID: instrument.id, on: conn)
            let accepted: AdministrationRules.Accepted
            do throws(ValidationErrors) {
                accepted = try AdministrationRules.validate(row.draft, instrument: instrument, episode: episode, current: current, today: store.today)
            } catch {
                throw Refused(error.errors.map { e in
                    ValidationError(field: e.field?.hasPrefix("responses") == true ? "responses" : e.field, code: e.code, messageKey: e.messageKey)
                })
            }
            var givenBy = actor.userID
            if let named = row.givenBy { givenBy = try await staffID(named, column: "given_by", on: conn) }
            let administration = InstrumentAdministration(
                id: row.id, organizationID: actor.organizationID, programID: programID, personID: person.id, episodeID: episode.id,
                instrumentID: instrument.id, instrumentVersion: instrument.version, timepoint: accepted.timepoint, givenOn: row.draft.givenOn,
                respondent: row.draft.respondent, language: row.draft.language, givenBy: givenBy, responses: row.draft.responses,
                scores: accepted.scores, recordedAt: now)
            try await InstrumentRecords.insert([administration], on: conn)
            try await audited(.instrumentAdministration, administration.id, person: person.id, on: conn)
            return .created
        }
    }
}

extension StaffReference {
    /// The column a reference was read from, when either of two could hold it.
    func column(_ idColumn: String, _ emailColumn: String) -> String {
        if case .email = self { return emailColumn }
        return idColumn
    }
}
