import Foundation
import PeerwayCore

/// The evaluator's de-identified extract (issue 14), for pages, the API and the command line: one row
/// per enrollment open at some time in a period (`DeidentifiedEnrollment`, HIPAA Safe Harbor), its data
/// dictionary, and aggregate tables with small counts held back (`EvaluatorTally`).
///
/// Who: `AccessResource.deidentifiedData` of the organization (evaluators and program managers). An
/// evaluator's extract covers every program of the organization; a program manager's, the programs
/// they work in. Every extract and every reading of the tables is audited (`evaluator_extract`), as is
/// every refusal and an extract that fails midway.
public struct EvaluatorExtract: StoreWorkflow {
    public let store: StoreContext

    public init(_ store: StoreContext) {
        self.store = store
    }

    /// Enrollments read and written per page.
    static let pageSize = 500

    /// The programs an extract of `organizationID` (the actor's own when nil) by `actor` covers, by name.
    public func programs(of organizationID: UUID? = nil, by actor: Actor, context: AuditContext) async throws -> [Program] {
        try await guarded(context, .evaluatorExtract) { try await covered(organizationID ?? actor.organizationID, actor, .read) }
    }

    func covered(_ organizationID: UUID, _ actor: Actor, _ action: AccessAction) async throws -> [Program] {
        try authorize(actor, action, .deidentifiedData(organizationID: organizationID))
        let all = try await db.read { conn in try await ProgramRecords.list(organizationIDs: [organizationID], on: conn) }
        return (actor.has(.evaluator) ? all : all.filter { actor.programIDs.contains($0.id) })
            .sorted { ($0.name, $0.id.text) < ($1.name, $1.id.text) }
    }

    /// Streams the extract for `period` as CSV (`DeidentifiedExtract.header`, then one row per
    /// enrollment), page by page, to `write`; returns the enrollments written. `progress` hears the
    /// enrollments written so far and those in the period.
    public func extract(period: ReportPeriod, organizationID: UUID? = nil, by actor: Actor, context: AuditContext,
                        progress: (@Sendable (Int, Int) -> Void)? = nil, write: (String) async throws -> Void) async throws -> Int {
        try await guarded(context, .evaluatorExtract) {
            let orgID = organizationID ?? actor.organizationID
            let programs = try await covered(orgID, actor, .export)
            var written = 0
            do {
                try await write(CSVWriter(header: DeidentifiedExtract.header).text)
                let total = progress == nil ? 0 : try await db.read { conn in
                    try await EvaluatorExtractRecords.count(programIDs: programs.map(\.id), period: period, on: conn)
                }
                try await walk(period, orgID, programs) { page in
                    try await write(page.map { DeidentifiedExtract.cells($0.row).map(CSVWriter.cell).joined(separator: ",") + "\r\n" }.joined())
                    written += page.count
                    progress?(written, max(total, written))
                }
                // The last page said "done" unless a row could not be read, or there was none.
                if written == 0 || written < total { progress?(written, written) }
            } catch {
                try await audit.record(db, context, .export, resourceType: .evaluatorExtract, resourceID: orgID.text, organizationID: orgID,
                                       outcome: .failure, detail: "rows=\(written) incomplete")
                throw error
            }
            try await audit.record(db, context, .export, resourceType: .evaluatorExtract, resourceID: orgID.text, organizationID: orgID,
                                   detail: "from=\(period.from) to=\(period.to) programs=\(programs.count) enrollments=\(written)")
            return written
        }
    }

    /// The aggregate tables for `period`, small counts held back, with the programs they cover. Audited
    /// as a reading of the extract.
    public func tables(period: ReportPeriod, organizationID: UUID? = nil, by actor: Actor,
                       context: AuditContext) async throws -> (tables: [EvaluatorTable], programs: [Program], enrollments: Int) {
        try await guarded(context, .evaluatorExtract) {
            let orgID = organizationID ?? actor.organizationID
            let programs = try await covered(orgID, actor, .read)
            var tally = EvaluatorTally(programs: programs.map { .init(id: $0.id, name: $0.name) })
            try await walk(period, orgID, programs) { page in
                for entry in page { tally.add(entry.row, programID: entry.programID) }
            }
            try await audit.record(db, context, .recordRead, resourceType: .evaluatorExtract, resourceID: orgID.text, organizationID: orgID,
                                   detail: "tables from=\(period.from) to=\(period.to) programs=\(programs.count) enrollments=\(tally.enrollments)")
            return (tally.tables(), programs, tally.enrollments)
        }
    }

    /// The data dictionary as CSV: the same for everyone who may extract, so it is decided, not audited.
    public func dictionary(organizationID: UUID? = nil, by actor: Actor, context: AuditContext) async throws -> String {
        try await guarded(context, .evaluatorExtract) {
            try authorize(actor, .export, .deidentifiedData(organizationID: organizationID ?? actor.organizationID))
            return DeidentifiedExtract.dictionaryCSV
        }
    }

    /// Reads the period's enrollments of `programs` a page at a time and hands each page over de-identified,
    /// with the program each row is of. The organization's study key is made first, if it has none yet.
    func walk(_ period: ReportPeriod, _ organizationID: UUID, _ programs: [Program],
              _ body: ([(row: DeidentifiedEnrollment, programID: UUID)]) async throws -> Void) async throws {
        guard !programs.isEmpty else { return }
        let now = clock.now()
        let key = try await db.write { conn in try await StudyKeyRecords.key(organizationID: organizationID, now: now, on: conn) }
        let names = Dictionary(uniqueKeysWithValues: programs.map { ($0.id, $0.name) })
        let ids = programs.map(\.id)
        var after: UUID?
        while true {
            let cursor = after
            let (page, facts) = try await db.read { conn in
                let page = try await EvaluatorExtractRecords.page(programIDs: ids, period: period, after: cursor, limit: Self.pageSize, on: conn)
                return (page, try await EvaluatorExtractRecords.facts(of: page.episodes, through: period.to, on: conn))
            }
            let rows = page.episodes.compactMap { episode -> (row: DeidentifiedEnrollment, programID: UUID)? in
                guard let person = page.people[episode.participantID] else { return nil }
                let f = facts[episode.id]
                let input = EnrollmentFacts(person: person, episode: episode, programName: names[episode.programID] ?? "",
                                            services: f?.services ?? 0, serviceMinutes: f?.minutes ?? 0, referralsMade: f?.made ?? 0,
                                            referralsLinked: f?.linked ?? 0, scores: f?.scores ?? [])
                return (DeidentifiedEnrollment(input, studyID: key.studyID(for: person.id), through: period.to), episode.programID)
            }
            if !rows.isEmpty { try await body(rows) }
            guard page.episodes.count == Self.pageSize, let last = page.episodes.last else { break }
            after = last.id
        }
    }
}
