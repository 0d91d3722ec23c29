import Foundation
import PeerwayCore

extension Referrals {
    /// Streams a program's referrals made in `[from, to]` as CSV (`ReferralExport`), page by page, to
    /// `write`. A program manager's; the extract names no one and is audited, as is one that fails midway.
    public func export(programID: UUID, from: CalendarDate, to: CalendarDate, by actor: Actor, context: AuditContext,
                       progress: (@Sendable (Int, Int) -> Void)? = nil, write: (String) async throws -> Void) async throws -> Int {
        try await guarded(context, .referralExport) {
            try authorize(actor, .export, .services(organizationID: actor.organizationID, programID: programID))
            guard let program = try await db.read({ conn in try await ProgramRecords.get(programID, on: conn) }),
                  program.organizationID == actor.organizationID else { throw AccessRefused(decision: .notFound) }
            let pageSize = 5000
            var count = 0
            var staff: [UUID: String] = [:]
            let total = progress == nil ? 0 : try await db.read { conn in try await ReferralRecords.count(programID: programID, from: from, to: to, on: conn) }
            do {
                try await write(CSVWriter(header: ReferralExport.header).text)
                var after: (String, UUID)?
                while true {
                    let cursor = after, known = staff
                    let (page, names) = try await db.read { conn in
                        let page = try await ReferralRecords.page(programID: programID, from: from, to: to, after: cursor, limit: pageSize, on: conn)
                        let missing = Set(page.map(\.referral.madeBy)).subtracting(known.keys)
                        return (page, known.merging(try await UserRecords.displayNames(missing, on: conn)) { a, _ in a })
                    }
                    staff = names
                    guard let last = page.last else {
                        progress?(count, count)
                        break
                    }
                    try await write(page.map { r, days, _ in
                        ReferralExport.row(r, program: program.name, madeBy: staff[r.madeBy] ?? "", daysToLinkage: days)
                            .map(CSVWriter.cell).joined(separator: ",") + "\r\n"
                    }.joined())
                    count += page.count
                    progress?(count, max(total, count))
                    if page.count < pageSize { break }
                    after = (last.madeOn, last.referral.id)
                }
            } catch {
                try await audit.record(db, context, .export, resourceType: .referralExport, resourceID: programID.text, outcome: .failure,
                                       detail: "rows=\(count) incomplete")
                throw error
            }
            try await audit.record(db, context, .export, resourceType: .referralExport, resourceID: programID.text,
                                   detail: "from=\(from) to=\(to) rows=\(count)")
            return count
        }
    }
}
