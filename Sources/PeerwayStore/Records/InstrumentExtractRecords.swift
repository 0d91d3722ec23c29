import Foundation
import PeerwayCore
import SQLKit

extension InstrumentRecords {
    /// How many current administrations of the programs were given in `[from, to]` (an extract's progress).
    public static func count(programIDs: [UUID], from: CalendarDate, to: CalendarDate, on conn: Connection) async throws -> Int {
        guard !programIDs.isEmpty else { return 0 }
        return try await conn.sql.raw("""
            SELECT COUNT(*) AS n FROM instrument_administrations
            WHERE program_id IN (\(SQLList(programIDs.map { SQLBind($0) }))) AND given_on >= \(bind: from.description)
              AND given_on <= \(bind: to.description) AND is_current = \(bind: true)
            """).all().first?.int("n") ?? 0
    }
}
