import Foundation
import PeerwayCore

/// One page of a program's extract, as it is written: its CSV lines, the records and rows they hold,
/// and the cursor (day, id) of its last record, where the next page starts.
struct ExtractPage {
    var text: String
    var records: Int
    var rows: Int
    var last: (String, UUID)
}

extension StoreWorkflow {
    /// The frame of a program's extract (services, referrals, outcome scores), a program manager's: the
    /// program found in the actor's organization, the header, then each page (`page`: the one after the
    /// cursor, nil when there is none) written as it is read, up to a page shorter than `pageSize`;
    /// `prepare` reads what every page needs once the program is found.
    /// `progress` hears the records written so far and those in the period (`total`). The extract is
    /// audited as `audited`, as is one that fails midway; `counted` names the records in the record when
    /// they are not the rows (an administration gives a row per scale). Answers the records written.
    func programExtract(_ programID: UUID, from: CalendarDate, to: CalendarDate, by actor: Actor, context: AuditContext,
                        guardedAs: AuditResource, audited: AuditResource, counted: String? = nil, header: [String], pageSize: Int,
                        progress: (@Sendable (Int, Int) -> Void)?, write: (String) async throws -> Void,
                        total: @escaping @Sendable (Connection) async throws -> Int, prepare: (Program) async throws -> Void = { _ in },
                        page: (Program, (String, UUID)?) async throws -> ExtractPage?) async throws -> Int {
        try await guarded(context, guardedAs) {
            try authorize(actor, .export, .services(organizationID: actor.organizationID, programID: programID))
            guard let program = try await db.read({ conn in try await ProgramRecords.get(programID, on: conn) }),
                  program.organizationID == actor.organizationID else { throw AccessRefused(decision: .notFound) }
            try await prepare(program)
            var records = 0
            var rows = 0
            let total = progress == nil ? 0 : try await db.read { conn in try await total(conn) }
            do {
                try await write(CSVWriter(header: header).text)
                var after: (String, UUID)?
                while true {
                    guard let next = try await page(program, after) else {
                        progress?(records, records)
                        break
                    }
                    try await write(next.text)
                    records += next.records
                    rows += next.rows
                    progress?(records, max(total, records))
                    if next.records < pageSize { break }
                    after = next.last
                }
            } catch {
                try await audit.record(db, context, .export, resourceType: audited, resourceID: programID.text, outcome: .failure,
                                       detail: "rows=\(rows) incomplete")
                throw error
            }
            try await audit.record(db, context, .export, resourceType: audited, resourceID: programID.text,
                                   detail: "from=\(from) to=\(to)\(counted.map { " \($0)=\(records)" } ?? "") rows=\(rows)")
            return records
        }
    }
}
