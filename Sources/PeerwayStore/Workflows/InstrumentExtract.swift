import Foundation
import PeerwayCore

extension Instruments {
    /// Streams a program's current administrations given in `[from, to]` as CSV (`InstrumentExport`: one
    /// row per administration and scale), page by page, to `write`. A program manager's, as the other
    /// program extracts are; the extract names no one, holds no answers, and is audited, as is one that
    /// fails midway. `progress` hears the administrations written so far and those in the period.
    public func export(programID: UUID, from: CalendarDate, to: CalendarDate, by actor: Actor, context: AuditContext,
                       progress: (@Sendable (Int, Int) -> Void)? = nil, write: (String) async throws -> Void) async throws -> Int {
        let pageSize = 2000
        return try await programExtract(programID, from: from, to: to, by: actor, context: context, guardedAs: .instrumentExport,
                                        audited: .instrumentExport, counted: "administrations", header: InstrumentExport.header,
                                        pageSize: pageSize, progress: progress, write: write,
                                        total: { conn in try await InstrumentRecords.count(programIDs: [programID], from: from, to: to, on: conn) }) { _, cursor in
            let page = try await db.read { conn in
                try await InstrumentRecords.page(programIDs: [programID], from: from, to: to, after: cursor, limit: pageSize, on: conn)
            }
            guard let last = page.last else { return nil }
            let lines = page.flatMap(InstrumentExport.rows)
            return ExtractPage(text: lines.map { $0.map(CSVWriter.cell).joined(separator: ",") + "\r\n" }.joined(), records: page.count,
                               rows: lines.count, last: (last.givenOn.description, last.id))
        }
    }
}
