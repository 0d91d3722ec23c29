import Foundation
import PeerwayCore

/// An organization's community resource directory (HSDS 3.0): import, export, settings and the
/// summary of one service that referrals read. The one workflow pages, API and CLI call. The
/// directory is not participant data: reads are not audited; imports, exports and setting changes are.
public struct DirectoryCatalog: StoreWorkflow {
    public let store: StoreContext

    public init(_ store: StoreContext) { self.store = store }

    /// What an import did, or with `dryRun` what it would do. Counts are of rows by HSDS table and id.
    public struct ImportReport: Sendable, Codable {
        public struct Counts: Sendable, Equatable, Codable {
            public var created = 0
            public var updated = 0
            public var unchanged = 0

            public init(created: Int = 0, updated: Int = 0, unchanged: Int = 0) {
                self.created = created
                self.updated = updated
                self.unchanged = unchanged
            }
        }

        public var rows = 0
        public var counts = Counts()
        public var byTable: [String: Counts] = [:]
        /// Every problem found; any error means nothing was written.
        public var problems: [HSDSProblem] = []
        public var dryRun: Bool

        public var refused: Bool { problems.contains { $0.severity == .error } }
        public var created: Int { counts.created }
        public var updated: Int { counts.updated }
        public var unchanged: Int { counts.unchanged }
    }

    // MARK: - Whose directory

    /// Who may reach `organizationID`'s directory: its own people, and its providers' when it shares.
    public func scope(_ organizationID: UUID, on conn: Connection) async throws -> DirectoryScope {
        try await scope(organizationID, settings: try await DirectoryRecords.settings(organizationID, on: conn), on: conn)
    }

    func scope(_ organizationID: UUID, settings: DirectorySettings, on conn: Connection) async throws -> DirectoryScope {
        let children = settings.shareWithProviders ? try await OrganizationRecords.childIDs(of: organizationID, on: conn) : []
        return DirectoryScope(organizationID: organizationID, sharedWith: Set(children))
    }

    /// The directories an actor reads: their organization's, then its parent's when the parent shares it.
    public func readable(by actor: Actor) async throws -> [UUID] {
        try await db.read { conn in try await readable(by: actor, on: conn) }
    }

    func readable(by actor: Actor, on conn: Connection) async throws -> [UUID] {
        var out = [actor.organizationID]
        if let parent = try await OrganizationRecords.get(actor.organizationID, on: conn)?.parentID,
           AccessPolicy.decide(actor, .read, .directory(try await scope(parent, on: conn))) == .allow {
            out.append(parent)
        }
        return out
    }

    func authorize(_ actor: Actor?, _ action: AccessAction, _ organizationID: UUID) async throws {
        guard let actor else { return }
        let scope = try await db.read { conn in try await self.scope(organizationID, on: conn) }
        try authorize(actor, action, .directory(scope))
    }

    // MARK: - Import

    /// Imports HSDS 3.0 files (a CSV data package's files, or JSON files) into `organizationID`'s
    /// directory: each row created or replaced by its table and id, in one transaction, and the typed
    /// facts of every service it touches recomputed. Any error (a missing required field, a wrong
    /// type, a dangling link, an id twice, an older HSDS version) refuses the whole file and writes
    /// nothing; the report lists every problem. `actor` nil is the command line's operator.
    public func importFiles(_ files: [(name: String, bytes: [UInt8])], organizationID: UUID, dryRun: Bool, by actor: Actor?,
                            context: AuditContext, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> ImportReport {
        try await guarded(context, .directoryImport) {
            try await authorize(actor, .update, organizationID)
            var report = ImportReport(dryRun: dryRun)
            let read = HSDSReader.read(files: files)
            let set = read.dataSet
            report.rows = set.count
            report.problems = read.problems
            // The rows are compared with the stored ones while the file is checked; a refused file's
            // comparison is dropped.
            async let classified = classify(set, organizationID: organizationID)
            if read.otherVersion == nil {
                report.problems += try await problems(in: set, directory: organizationID)
            }
            let counted = report.problems.filter { $0.severity == .error }.count
            guard !report.refused else {
                try await audit.record(db, context, .importRun, resourceType: .directoryImport, organizationID: organizationID, outcome: .failure,
                                       detail: "mode=all_or_nothing dry_run=\(dryRun) rows=\(report.rows) refused: created=0 updated=0 unchanged=0 rejected=\(counted)")
                return report
            }
            let (changed, previous, counts, byTable) = try await classified
            report.counts = counts
            report.byTable = byTable
            // The import's shape (all or nothing) and counts, as a participant import writes them, so the trail reads them alike.
            let detail = "mode=all_or_nothing dry_run=\(dryRun) rows=\(report.rows) \(dryRun ? "would write" : "wrote"): created=\(report.created) "
                + "updated=\(report.updated) unchanged=\(report.unchanged) rejected=0"
            if dryRun {
                try await audit.record(db, context, .importRun, resourceType: .directoryImport, organizationID: organizationID, detail: detail)
                return report
            }
            let now = store.now()
            try await db.write(bulk: true) { conn in
                // Into an empty directory, what is stored once the rows are written is exactly the rows
                // written: they are indexed in memory, on another core, while they are written, and every
                // service's facts computed from them.
                let fresh = try await DirectoryRecords.isEmpty(organizationID, on: conn) ? Task { HSDSIndex(HSDSDataSet(changed)) } : nil
                progress?(0, changed.count)
                try await DirectoryRecords.upsert(changed, organizationID, now: now, on: conn) { progress?($0, changed.count) }
                if let fresh {
                    try await DirectoryRecords.insertFacts(of: await fresh.value, organizationID, now: now, on: conn)
                } else {
                    // The services a row named before it changed lose what it gave them, so they are recomputed too.
                    let services = try await DirectoryRecords.affectedServices(by: changed + previous, from: DirectoryRecords.stored(organizationID, on: conn))
                    try await DirectoryRecords.refreshFacts(organizationID, serviceIDs: services, now: now, on: conn)
                }
                try await audit.append(context, .importRun, resourceType: .directoryImport, organizationID: organizationID, detail: detail, on: conn)
            }
            return report
        }
    }

    /// What HSDS 3.0 finds wrong with `set`, its links to rows outside it looked up in `directory`:
    /// the one check an import and a curator's change both pass.
    func problems(in set: HSDSDataSet, directory: UUID) async throws -> [HSDSProblem] {
        let ids = HSDSValidator.ids(set)
        let unresolved = HSDSValidator.unresolvedReferences(set, ids: ids)
        let existing = try await db.read { conn in
            var found: [String: Set<String>] = [:]
            for (table, ids) in unresolved { found[table] = try await DirectoryRecords.existingIDs(directory, table: table, ids: ids, on: conn) }
            return found
        }
        // The tables in two halves of about as many rows, checked on two cores.
        var halves: ([HSDSTable], [HSDSTable]) = ([], [])
        var rows = (0, 0)
        for table in HSDSCatalogue.tables.sorted(by: { set[$0.name].count > set[$1.name].count }) {
            if rows.0 <= rows.1 { halves.0.append(table); rows.0 += set[table.name].count } else { halves.1.append(table); rows.1 += set[table.name].count }
        }
        let (one, other) = halves
        async let first = HSDSValidator.validate(set, tables: one, ids: ids, existing: existing)
        let second = HSDSValidator.validate(set, tables: other, ids: ids, existing: existing)
        return HSDSValidator.assemble(set, await first.merging(second) { a, _ in a })
    }

    /// Counts each row as new, changed or as stored, and returns the rows to write and, of those it
    /// replaces, the stored version. The rows to write come in the stored key's order (table, then id):
    /// each b-tree then takes them as appends, and each multi-row statement journals a few pages instead
    /// of one per row (a county directory's rows, 200 to a statement, in `sqlite3`: 3.9 s against 6.4 s).
    func classify(_ set: HSDSDataSet, organizationID: UUID) async throws
        -> (changed: [HSDSRow], previous: [HSDSRow], counts: ImportReport.Counts, byTable: [String: ImportReport.Counts]) {
        try await db.read { conn in
            var changed: [HSDSRow] = []
            var previous: [HSDSRow] = []
            var counts = ImportReport.Counts()
            var byTable: [String: ImportReport.Counts] = [:]
            for table in HSDSCatalogue.tables.sorted(by: { $0.name < $1.name }) {
                let rows = set[table.name]
                guard !rows.isEmpty else { continue }
                let ids = rows.map(\.id)
                let stored = try await DirectoryRecords.bodies(organizationID, table: table.name, ids: ids, on: conn)
                var c = ImportReport.Counts()
                for row in ids.indices.sorted(by: { ids[$0] < ids[$1] }).map({ rows[$0] }) {
                    switch stored[row.id] {
                    case nil:
                        c.created += 1
                        changed.append(row)
                    case row.canonicalJSON?:
                        c.unchanged += 1
                    case let body?:
                        c.updated += 1
                        changed.append(row)
                        previous.append(try HSDSRow(table: table.name, json: body, source: row.source))
                    }
                }
                byTable[table.name] = c
                counts.created += c.created
                counts.updated += c.updated
                counts.unchanged += c.unchanged
            }
            return (changed, previous, counts, byTable)
        }
    }

    // MARK: - Export

    public enum ExportFormat: String, Sendable, CaseIterable {
        case csv
        case json
    }

    /// Every row of `organizationID`'s directory as it was imported. Curators only; audited with the count.
    public func dataSet(organizationID: UUID, by actor: Actor?, context: AuditContext) async throws -> HSDSDataSet {
        try await guarded(context, .directoryExport) {
            try await authorize(actor, .export, organizationID)
            var set = HSDSDataSet()
            do {
                for table in HSDSCatalogue.tables {
                    var after: String?
                    while true {
                        let cursor = after
                        let page = try await db.read { conn in
                            try await DirectoryRecords.page(organizationID, table: table.name, after: cursor, limit: 5000, on: conn)
                        }
                        for row in page { set.append(row) }
                        guard page.count == 5000, let last = page.last else { break }
                        after = last.id
                    }
                }
            } catch {
                try await audit.record(db, context, .export, resourceType: .directoryExport, organizationID: organizationID, outcome: .failure,
                                       detail: "rows=\(set.count) incomplete")
                throw error
            }
            try await audit.record(db, context, .export, resourceType: .directoryExport, organizationID: organizationID, detail: "rows=\(set.count)")
            return set
        }
    }

    /// The directory as a CSV data package (file name and text) or as Peerway's HSDS JSON package.
    public func export(_ format: ExportFormat, organizationID: UUID, by actor: Actor?, context: AuditContext) async throws -> [(name: String, text: String)] {
        let set = try await dataSet(organizationID: organizationID, by: actor, context: context)
        switch format {
        case .csv: return HSDSExport.csvPackage(set)
        case .json: return [("directory.json", HSDSExport.jsonPackage(set))]
        }
    }

    // MARK: - One service

    /// What referrals and the referral slip show of one service: from the actor's directory, or
    /// the parent's shared one. Nil when neither holds it.
    public func summary(serviceID: String, by actor: Actor) async throws -> DirectoryServiceSummary? {
        try await find(serviceID: serviceID, by: actor)?.summary
    }

    /// The summary of a service and the directory that holds it, among those the actor reads.
    public func find(serviceID: String, by actor: Actor) async throws -> (directoryID: UUID, summary: DirectoryServiceSummary)? {
        for organizationID in try await readable(by: actor) {
            if let summary = try await summary(serviceID: serviceID, organizationID: organizationID) { return (organizationID, summary) }
        }
        return nil
    }

    /// The summary of a service of `organizationID`'s directory, for callers that decided access already.
    public func summary(serviceID: String, organizationID: UUID) async throws -> DirectoryServiceSummary? {
        let set = try await db.read { conn in try await DirectoryRecords.related(organizationID, serviceIDs: [serviceID], on: conn) }
        guard set.row("service", id: serviceID) != nil else { return nil }
        return DirectoryServiceSummary(serviceID: serviceID, in: set)
    }

    // MARK: - Settings

    public func settings(organizationID: UUID, by actor: Actor) async throws -> DirectorySettings {
        try await authorize(actor, .read, organizationID)
        return try await db.read { conn in try await DirectoryRecords.settings(organizationID, on: conn) }
    }

    /// Days after its last check an entry of the directory is due for another.
    public func staleAfterDays(_ organizationID: UUID) async throws -> Int {
        try await db.read { conn in try await DirectoryRecords.settings(organizationID, on: conn).staleAfterDays }
    }

    public func saveSettings(_ settings: DirectorySettings, organizationID: UUID, by actor: Actor?, context: AuditContext) async throws {
        try await guarded(context, .directory) {
            try await authorize(actor, .update, organizationID)
            guard DirectoryCheckRules.staleRange.contains(settings.staleAfterDays) else {
                throw Self.invalid("stale_after_days", "invalid_days", "error.invalid_stale_days")
            }
            try await db.write { conn in
                try await DirectoryRecords.saveSettings(settings, organizationID, now: store.now(), on: conn)
                try await audit.append(context, .recordUpdated, resourceType: .directory, organizationID: organizationID,
                                       detail: "share_with_providers=\(settings.shareWithProviders) public_read_api=\(settings.publicReadAPI) stale_after_days=\(settings.staleAfterDays)",
                                       on: conn)
            }
        }
    }
}
