import Foundation
import PeerwayCore

extension Instruments {
    /// Streams a program's current administrations given in `[from, to]` as CSV (`InstrumentExport`: one
    /// row per administration and scale), page by page, to `write`. A program manager's, as the other
    /// program extracts are; the extract names no one, holds no answers, and is audited, as is one that
    /// fails midway. `progress` hears the administrations written so far and those in the period.
    public func export(programID: UUID, from: CalendarDate, to: CalendarDate, by actor: Actor, context: AuditContext,
                       progress: (@Sendable (Int, Int) -> Void)? = nil, write: (String) async throws -> Void) async throws -> Int {
        try await guarded(context, .instrumentExport) {
            try authorize(actor, .export, .services(organizationID: actor.organizationID, programID: programID))
            guard let program = try await db.read({ conn in try await ProgramRecords.get(programID, on: conn) }),
                  program.organizationID == actor.organizationID else { throw AccessRefused(decision: .notFound) }
            let pageSize = 2000
            var administrations = 0
            var rows = 0
            let total = progress == nil ? 0 : try await db.read { conn in
                try await InstrumentRecords.count(programIDs: [programID], from: from, to: to, on: conn)
            }
            do {
                try await write(CSVWriter(header: InstrumentExport.header).text)
                var after: (String, UUID)?
                while true {
                    let cursor = after
                    let page = try await db.read { conn in
                        try await InstrumentRecords.page(programIDs: [programID], from: from, to: to, after: cursor, limit: pageSize, on: conn)
                    }
                    guard let last = page.last else {
                        progress?(administrations, administrations)
                        break
                    }
                    let lines = page.flatMap(InstrumentExport.rows)
                    try await write(lines.map { $0.map(CSVWriter.cell).joined(separator: ",") + "\r\n" }.joined())
                    administrations += page.count
                    rows += lines.count
                    progress?(administrations, max(total, administrations))
                    if page.count < pageSize { break }
                    after = (last.givenOn.description, last.id)
                }
            } catch {
                try await audit.record(db, context, .export, resourceType: .instrumentExport, resourceID: programID.text, outcome: .failure,
                                       detail: "rows=\(rows) incomplete")
                throw error
            }
            try await audit.record(db, context, .export, resourceType: .instrumentExport, resourceID: programID.text,
                                   detail: "from=\(from) to=\(to) administrations=\(administrations) rows=\(rows)")
            return administrations
        }
    }
}
