import Foundation
import PeerwayCore

/// Curating the directory from Peerway itself: curators add and correct entries of their own
/// organization's directory; anyone who reads a directory records a field check of an entry; entries
/// not checked for the directory's number of days are listed for the curators. Every change goes
/// through the same HSDS checks as an import, writes its rows and the service's typed facts in one
/// transaction, and is audited there.
extension DirectoryCatalog {
    /// The correction form's starting point, for a service of the actor's own directory that they may curate.
    public func entryDraft(serviceID: String, by actor: Actor, context: AuditContext) async throws -> DirectoryEntryDraft {
        try await guarded(context, .directoryEntry) {
            try await authorize(actor, .update, actor.organizationID)
            let set = try await db.read { conn in try await DirectoryRecords.related(actor.organizationID, serviceIDs: [serviceID], on: conn) }
            guard set.row("service", id: serviceID) != nil else { throw StoreError.notFound }
            return DirectoryEntryDraft(DirectoryService(serviceID: serviceID, in: set))
        }
    }

    /// Adds a service to the actor's organization's directory; returns its HSDS id.
    public func addEntry(_ draft: DirectoryEntryDraft, by actor: Actor, context: AuditContext) async throws -> String {
        try await guarded(context, .directoryEntry) {
            try await authorize(actor, .update, actor.organizationID)
            let d = try StoreError.validating { try DirectoryEntryRules.validate(draft, adding: true) }
            let directory = actor.organizationID
            var termID: String?
            if let need = d.need, !need.isEmpty {
                termID = try await db.read { conn in try await DirectorySearchRecords.termID(code: need, directory: directory, on: conn) }
                guard termID != nil else { throw Self.invalid("need", "invalid_choice") }
            }
            let (serviceID, rows) = DirectoryEntryRules.rowsAdding(d, needTermID: termID, today: today, now: store.now()) { store.newID().text }
            try await write(rows, deleting: [], serviceID: serviceID, directory: directory, context: context, action: .recordCreated)
            return serviceID
        }
    }

    /// Corrects a service of the actor's organization's directory: its row, and its own phone, hours,
    /// languages and free cost option; it counts as checked today.
    public func correctEntry(serviceID: String, _ draft: DirectoryEntryDraft, by actor: Actor, context: AuditContext) async throws {
        try await guarded(context, .directoryEntry) {
            try await authorize(actor, .update, actor.organizationID)
            let d = try StoreError.validating { try DirectoryEntryRules.validate(draft, adding: false) }
            let directory = actor.organizationID
            let set = try await db.read { conn in try await DirectoryRecords.related(directory, serviceIDs: [serviceID], on: conn) }
            guard var service = set.row("service", id: serviceID) else { throw StoreError.notFound }
            let own = DirectoryEntryRules.correctedTables.flatMap { table in set[table].filter { $0["service_id"] == serviceID } }
            let changes = DirectoryEntryRules.rowsCorrecting(d, service: &service, own: own, today: today, now: store.now()) { store.newID().text }
            try await write(changes.upsert, deleting: changes.delete, serviceID: serviceID, directory: directory, context: context, action: .recordUpdated)
        }
    }

    /// Records a field check of a service in any directory the actor reads: the entry counts as checked
    /// today, takes the status the check found, and gains the languages it confirmed.
    public func recordCheck(serviceID: String, running: String, languages: [String], wait: String, note: String, by actor: Actor,
                            context: AuditContext) async throws -> DirectoryCheck {
        try await guarded(context, .directoryCheck) {
            let (answer, codes, wait, note) = try StoreError.validating {
                try DirectoryCheckRules.validate(running: running, languages: languages, wait: wait, note: note)
            }
            guard let (directory, _) = try await find(serviceID: serviceID, by: actor) else { throw StoreError.notFound }
            let set = try await db.read { conn in try await DirectoryRecords.related(directory, serviceIDs: [serviceID], on: conn) }
            guard var service = set.row("service", id: serviceID) else { throw StoreError.notFound }
            let now = store.now()
            service.fields["status"] = .string(answer.status)
            service.fields["assured_date"] = .string(today.description)
            service.fields["last_modified"] = .string(ISO8601DateFormatter().string(from: now))
            var rows = [service]
            let spoken = Set(DirectoryService(serviceID: serviceID, in: set).languageCodes)
            for code in codes where !spoken.contains(code) && !DirectoryLanguages.aliases(code).contains(where: spoken.contains) {
                rows.append(HSDSRow(table: "language", fields: ["id": .string(store.newID().text), "service_id": .string(serviceID), "code": .string(code)],
                                    source: HSDSSource(file: "peerway", tabular: false)))
            }
            let check = DirectoryCheck(id: store.newID(), directoryID: directory, serviceID: serviceID, checkedAt: now, checkedBy: actor.userID,
                                       running: answer, languages: codes, wait: wait, note: note)
            try await write(rows, deleting: [], serviceID: serviceID, directory: directory, context: context, action: .recordCreated,
                            resource: .directoryCheck, detail: "running=\(answer.rawValue) languages=\(codes.joined(separator: ","))") { conn in
                try await DirectoryCheckRecords.insert(check, on: conn)
            }
            return check
        }
    }

    /// A service's latest checks with the names of who made them (readers of its directory).
    public func checks(serviceID: String, directoryID: UUID, limit: Int = 5) async throws -> [(check: DirectoryCheck, by: String)] {
        try await db.read { conn in
            let checks = try await DirectoryCheckRecords.latest(directoryID, serviceID: serviceID, limit: limit, on: conn)
            let names = try await UserRecords.displayNames(Set(checks.map(\.checkedBy)), on: conn)
            return checks.map { ($0, names[$0.checkedBy] ?? "") }
        }
    }

    /// The curators' queue: entries of the actor's directory not checked within its number of days,
    /// least recently checked first, a page at a time, with how many there are.
    public func due(by actor: Actor, page: Int, perPage: Int = 50, context: AuditContext) async throws
        -> (entries: [DirectoryCheckRecords.Due], more: Bool, total: Int, staleAfterDays: Int) {
        try await guarded(context, .directoryEntry) {
            try await authorize(actor, .update, actor.organizationID)
            return try await db.read { conn in
                let days = try await DirectoryRecords.settings(actor.organizationID, on: conn).staleAfterDays
                let before = DirectoryCheckRules.staleBefore(today: today, after: days)
                let rows = try await DirectoryCheckRecords.due(actor.organizationID, before: before, limit: perPage + 1, offset: (page - 1) * perPage, on: conn)
                let total = try await DirectoryCheckRecords.dueCount(actor.organizationID, before: before, on: conn)
                return (Array(rows.prefix(perPage)), rows.count > perPage, total, days)
            }
        }
    }

    /// Checks the rows as an import would (against the directory for what they name outside
    /// themselves), then writes them, removes `deleting`, recomputes the service's facts, runs `also`
    /// and audits, in one transaction.
    func write(_ rows: [HSDSRow], deleting: [HSDSRow], serviceID: String, directory: UUID, context: AuditContext, action: AuditAction,
               resource: AuditResource = .directoryEntry, detail: String? = nil,
               also: (@Sendable (Connection) async throws -> Void)? = nil) async throws {
        var set = HSDSDataSet()
        for row in rows { set.append(row) }
        if let first = try await problems(in: set, directory: directory).first(where: { $0.severity == .error }) {
            throw Self.invalid(first.field ?? "name", "directory_rejected", "error.directory_rejected")
        }
        let now = store.now()
        try await db.write { conn in
            try await DirectoryRecords.upsert(rows, directory, now: now, on: conn)
            try await DirectoryRecords.delete(deleting, directory, on: conn)
            try await DirectoryRecords.refreshFacts(directory, serviceIDs: [serviceID], now: now, on: conn)
            try await also?(conn)
            try await audit.append(context, action, resourceType: resource, resourceID: serviceID, organizationID: directory,
                                   detail: detail ?? "rows=\(rows.count) removed=\(deleting.count)", on: conn)
        }
    }
}
