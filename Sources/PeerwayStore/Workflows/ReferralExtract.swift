import Foundation
import PeerwayCore

extension Referrals {
    /// Streams a program's referrals made in `[from, to]` as CSV (`ReferralExport`), page by page, to
    /// `write`. A program manager's; the extract names no one and is audited, as is one that fails midway.
    public func export(programID: UUID, from: CalendarDate, to: CalendarDate, by actor: Actor, context: AuditContext,
                       progress: (@Sendable (Int, Int) -> Void)? = nil, write: (String) async throws -> Void) async throws -> Int {
        let pageSize = 5000
        var staff: [UUID: String] = [:]
        return try await programExtract(programID, from: from, to: to, by: actor, context: context, guardedAs: .referralExport,
                                        audited: .referralExport, header: ReferralExport.header, pageSize: pageSize, progress: progress,
                                        write: write,
                                        total: { conn in try await ReferralRecords.count(programID: programID, from: from, to: to, on: conn) }) { program, cursor in
            let known = staff
            let (page, names) = try await db.read { conn in
                let page = try await ReferralRecords.page(programID: programID, from: from, to: to, after: cursor, limit: pageSize, on: conn)
                let missing = Set(page.map(\.referral.madeBy)).subtracting(known.keys)
                return (page, known.merging(try await UserRecords.displayNames(missing, on: conn)) { a, _ in a })
            }
            staff = names
            guard let last = page.last else { return nil }
            let text = page.map { r, days, _ in
                ReferralExport.row(r, program: program.name, madeBy: staff[r.madeBy] ?? "", daysToLinkage: days)
                    .map(CSVWriter.cell).joined(separator: ",") + "\r\n"
            }.joined()
            return ExtractPage(text: text, records: page.count, rows: page.count, last: (last.madeOn, last.referral.id))
        }
    }
}
