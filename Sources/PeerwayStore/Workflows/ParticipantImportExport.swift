import Foundation
import PeerwayCore

/// How an import treats a file in which some rows are wrong.
public enum ImportMode: String, Sendable, CaseIterable {
    /// One rejected row and nothing is written: the file goes in whole or not at all.
    case allOrNothing = "all_or_nothing"
    /// Good rows are written, rejected ones reported for the person to fix and import again.
    case rowByRow = "row_by_row"
}

/// What an import did, or with `dryRun` what it would do.
public struct ImportReport: Sendable {
    /// Records in the file (blank lines are not records).
    public var total: Int
    public var created = 0
    public var updated = 0
    /// Rows naming a record that already held every value of the row: nothing was written for them,
    /// which is what re-importing an unedited export gives.
    public var unchanged = 0
    /// Rejected rows only, in file order. Each error's field is a column name ("row" for the row as a
    /// whole). Contact imports report in the same shape; `value` is nil on every rejected row.
    public var rejected: [PersonImport.RowResult] = []
    public var dryRun: Bool
}

extension ParticipantJourney {
    /// Rows per transaction in row-by-row mode: large enough that commits (an fsync each on SQLite)
    /// do not dominate, small enough that other writers wait only briefly.
    static let importBatchSize = 500

    /// What one checked row of a file will write.
    enum ImportStep: Sendable {
        case createPerson(Person)
        case updatePerson(Person, expectedVersion: Int)
        case unchanged
        case createContact(Contact)
    }

    /// A row refused by a check that needs the database (reach, merges); parse errors never get here.
    struct RowRejected: Error {
        let errors: [ValidationError]
        init(_ field: String, _ code: String, _ key: String) {
            errors = [ValidationError(field: field, code: code, messageKey: key)]
        }
        init(_ errors: [ValidationError]) { self.errors = errors }
        /// The same answer whether the record is missing or out of reach, so a file cannot probe for people.
        static func notFound(_ field: String) -> RowRejected { RowRejected(field, "not_found", "error.not_found") }
    }

    /// Thrown inside an all-or-nothing transaction to roll it back once a row was rejected.
    private struct RollBack: Error {}

    // MARK: - People

    /// Imports people from CSV (`PersonImport.header` columns). A row with an `id` updates the person
    /// it names, who must be within the actor's reach (otherwise the row is "not_found", whether or
    /// not the person exists); a row without one creates a person whose intake program is `programID`.
    /// Columns the file leaves out keep their stored values on update. A file that cannot be read, or
    /// whose header is wrong, fails whole with `StoreError.invalid` (field "file" or the column).
    public func importPersons(csv: String, programID: UUID, mode: ImportMode, dryRun: Bool, by actor: Actor, context: AuditContext,
                              progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> ImportReport {
        try await guarded(context, .participantImport) {
            let rows = try Self.csvRows(csv)
            _ = try await db.read { conn in try await program(programID, for: actor, on: conn) }
            let columns = Set((rows.first ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() })
            var generated = Set<UUID>()
            let parsed = try PersonImport.parse(rows, organizationID: actor.organizationID, today: today, now: store.now(), newID: {
                let id = store.newID()
                generated.insert(id)
                return id
            }).mapError { StoreError.invalid(Self.fileLevel($0)) }.get()
            let newIDs = generated
            let now = store.now()
            return try await runImport(parsed, mode: mode, dryRun: dryRun, resource: .participantImport, actor: actor, context: context,
                                       progress: progress) { batch, conn in
                let given = batch.compactMap(\.value).map(\.id).filter { !newIDs.contains($0) }
                let stored = try await PersonRecords.get(ids: given, on: conn)
                return { person in
                    try await checkPerson(person, isNew: newIDs.contains(person.id), stored: stored[person.id], columns: columns,
                                          programID: programID, actor: actor, now: now, on: conn)
                }
            }
        }
    }

    func checkPerson(_ row: Person, isNew: Bool, stored: Person?, columns: Set<String>, programID: UUID, actor: Actor, now: Date,
                     on conn: Connection) async throws -> ImportStep {
        if isNew {
            var person = row
            person.intakeProgramID = programID
            person.createdAt = now
            person.updatedAt = now
            person.version = 1
            try await requireReachableRelated(person, previous: nil, actor: actor, on: conn)
            return .createPerson(person)
        }
        guard let stored, stored.organizationID == actor.organizationID,
              AccessPolicy.decide(actor, .update, .participant(try await Self.scope(for: stored, on: conn))) == .allow else {
            throw RowRejected.notFound("id")
        }
        if stored.mergedIntoID != nil { throw RowRejected("id", "merged_record", "error.merged_record") }
        var next = PersonImport.keepingAbsentColumns(row, stored: stored, columns: columns)
        next.id = stored.id
        next.organizationID = stored.organizationID
        next.intakeProgramID = stored.intakeProgramID
        next.mergedIntoID = nil
        next.createdAt = stored.createdAt
        next.updatedAt = stored.updatedAt
        next.version = stored.version
        // Stored values kept for absent columns can disagree with the file's (a consent without the phone it needs).
        do { next = try PersonRules.validate(next, today: today) } catch { throw RowRejected(error.errors) }
        if next == stored { return .unchanged }
        try await requireReachableRelated(next, previous: stored, actor: actor, on: conn)
        next.updatedAt = now
        return .updatePerson(next, expectedVersion: stored.version)
    }

    /// A family member or friend may be linked only to a participant the actor may update, as on the form.
    func requireReachableRelated(_ person: Person, previous: Person?, actor: Actor, on conn: Connection) async throws {
        guard person.kind == .supportPerson, let related = person.relatedParticipantID, related != previous?.relatedParticipantID else { return }
        do { _ = try await Self.person(related, .update, by: actor, on: conn) } catch is AccessRefused {
            throw RowRejected.notFound("related_participant_id")
        }
    }

    // MARK: - Contacts

    /// Imports contacts from CSV (`ContactImport.header` columns) into `programID`, logged by the actor.
    /// A row's `person_id` must name someone the actor may update (otherwise "not_found"); an empty one
    /// is an anonymous contact. Times without a zone are read in the service's time zone.
    public func importContacts(csv: String, programID: UUID, mode: ImportMode, dryRun: Bool, by actor: Actor, context: AuditContext,
                               progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> ImportReport {
        try await guarded(context, .contactImport) {
            let rows = try Self.csvRows(csv)
            _ = try await db.read { conn in try await program(programID, for: actor, on: conn) }
            let parsed = try ContactImport.parse(rows, timeZone: timeZone, now: store.now())
                .mapError { StoreError.invalid(Self.fileLevel($0)) }.get()
            let now = store.now()
            return try await runImport(parsed, mode: mode, dryRun: dryRun, resource: .contactImport, actor: actor, context: context,
                                       progress: progress) { batch, conn in
                let people = try await PersonRecords.get(ids: batch.compactMap { $0.value?.personID }, on: conn)
                return { draft in
                    if let personID = draft.personID {
                        guard let person = people[personID], person.organizationID == actor.organizationID,
                              AccessPolicy.decide(actor, .update, .participant(try await Self.scope(for: person, on: conn))) == .allow else {
                            throw RowRejected.notFound("person_id")
                        }
                        if person.mergedIntoID != nil { throw RowRejected("person_id", "merged_record", "error.merged_record") }
                    }
                    return .createContact(Contact(draft, id: store.newID(), organizationID: actor.organizationID,
                                                  programID: programID, personID: draft.personID, note: draft.note,
                                                  loggedBy: actor.userID, createdAt: now))
                }
            }
        }
    }

    // MARK: - The import loop

    /// Checks and writes rows batch by batch. `prepare` loads what a batch's checks share (one query
    /// for the batch, not one per row) and returns the check for a single row; checks run in the same
    /// transaction as the writes they decide, so nothing changes between the two.
    func runImport<Value: Sendable & Equatable>(
        _ rows: [ImportRow<Value>], mode: ImportMode, dryRun: Bool, resource: AuditResource, actor: Actor, context: AuditContext,
        progress: (@Sendable (Int, Int) -> Void)?,
        prepare: ([ImportRow<Value>], Connection) async throws -> (Value) async throws -> ImportStep
    ) async throws -> ImportReport {
        var report = ImportReport(total: rows.count, dryRun: dryRun)
        let batches = stride(from: 0, to: rows.count, by: Self.importBatchSize).map { Array(rows[$0..<min($0 + Self.importBatchSize, rows.count)]) }
        var done = 0
        progress?(0, rows.count)

        /// Checks a batch and, when `write` is set, writes each accepted row as soon as it is checked.
        func process(_ batch: [ImportRow<Value>], write: Bool, on conn: Connection) async throws {
            let check = try await prepare(batch, conn)
            for row in batch {
                guard let value = row.value else {
                    report.rejected.append(PersonImport.RowResult(line: row.line, value: nil, errors: row.errors))
                    continue
                }
                do {
                    let step = try await check(value)
                    if write { try await apply(step, actor: actor, context: context, on: conn) }
                    switch step {
                    case .createPerson, .createContact: report.created += 1
                    case .updatePerson: report.updated += 1
                    case .unchanged: report.unchanged += 1
                    }
                } catch let rejected as RowRejected {
                    report.rejected.append(PersonImport.RowResult(line: row.line, value: nil, errors: rejected.errors))
                }
            }
            done += batch.count
            progress?(done, rows.count)
        }

        switch (dryRun, mode) {
        case (true, _):
            for batch in batches { try await db.read { conn in try await process(batch, write: false, on: conn) } }
        case (false, .rowByRow):
            for batch in batches { try await db.write { conn in try await process(batch, write: true, on: conn) } }
        case (false, .allOrNothing):
            do {
                try await db.write { conn in
                    for batch in batches { try await process(batch, write: report.rejected.isEmpty, on: conn) }
                    if !report.rejected.isEmpty { throw RollBack() }
                }
            } catch is RollBack {}
        }
        if mode == .allOrNothing && !report.rejected.isEmpty {
            report.created = 0
            report.updated = 0
            report.unchanged = 0
        }
        // Counts only: the file's contents are health information and stay out of the trail.
        let written = dryRun ? "would write" : "wrote"
        let outcome: AuditEvent.Outcome = mode == .allOrNothing && !report.rejected.isEmpty ? .failure : .success
        try await audit.record(db, context, .importRun, resourceType: resource, outcome: outcome,
                               detail: "mode=\(mode.rawValue) dry_run=\(dryRun) rows=\(report.total) \(written): created=\(report.created) "
                                   + "updated=\(report.updated) unchanged=\(report.unchanged) rejected=\(report.rejected.count)")
        return report
    }

    func apply(_ step: ImportStep, actor: Actor, context: AuditContext, on conn: Connection) async throws {
        switch step {
        case .createPerson(let person):
            try await PersonRecords.insert(person, createdBy: actor.userID, on: conn)
            try await audit.append(context, .recordCreated, resourceType: .participant, resourceID: person.id.text,
                                   participantID: person.id, detail: "\(person.kind.rawValue) (import)", on: conn)
        case .updatePerson(let person, let version):
            do {
                _ = try await PersonRecords.update(person, expectedVersion: version, on: conn)
            } catch StoreError.conflict {
                throw RowRejected("id", "conflict", "error.version_conflict")
            }
            try await audit.append(context, .recordUpdated, resourceType: .participant, resourceID: person.id.text,
                                   participantID: person.id, detail: "import", on: conn)
        case .unchanged:
            break
        case .createContact(let contact):
            try await ContactRecords.insert(contact, on: conn)
            try await audit.append(context, .recordCreated, resourceType: .contact, resourceID: contact.id.text,
                                   participantID: contact.personID, detail: contact.personID == nil ? "anonymous (import)" : "import", on: conn)
        }
    }

    /// The file's rows, or the reason it cannot be read at all.
    static func csvRows(_ csv: String) throws -> [[String]] {
        do {
            return try CSVReader.parse(csv)
        } catch {
            throw StoreError.invalid(ValidationErrors([ValidationError(field: "file", code: error.code, messageKey: "error.csv_unreadable")]))
        }
    }

    /// Header problems name their column; the few that concern the file as a whole get "file".
    static func fileLevel(_ errors: ValidationErrors) -> ValidationErrors {
        ValidationErrors(errors.errors.map { ValidationError(field: $0.field ?? "file", code: $0.code, messageKey: $0.messageKey) })
    }

    // MARK: - Export

    /// Writes every person the actor may reach, merged records left out, as CSV that `importPersons`
    /// reads back: a byte-order mark and the header first, then one row per person in name order,
    /// handed to `write` a page at a time. Program managers only. Returns the number of people written;
    /// the export is audited with that count, also when `write` fails partway.
    public func exportPersons(by actor: Actor, context: AuditContext, write: (String) async throws -> Void) async throws -> Int {
        try await guarded(context, .participantExport) {
            try authorize(actor, .export, .participants(organizationID: actor.organizationID, programID: nil))
            let pageSize = 1000
            var count = 0
            do {
                try await write(CSVWriter(header: PersonImport.header).text)
                var after: String?
                while true {
                    let cursor = after
                    let page = try await db.read { conn in try await PersonRecords.reachable(actor: actor, after: cursor, limit: pageSize, on: conn) }
                    guard let last = page.last else { break }
                    // Each row as CSVWriter.append writes it, without a second byte-order mark and header.
                    let chunk = page.map { PersonImport.row($0.person).map(CSVWriter.cell).joined(separator: ",") + "\r\n" }.joined()
                    try await write(chunk)
                    count += page.count
                    if page.count < pageSize { break }
                    after = last.sortName
                }
            } catch {
                try await audit.record(db, context, .export, resourceType: .participantExport, outcome: .failure, detail: "rows=\(count) incomplete")
                throw error
            }
            try await audit.record(db, context, .export, resourceType: .participantExport, detail: "rows=\(count)")
            return count
        }
    }
}
