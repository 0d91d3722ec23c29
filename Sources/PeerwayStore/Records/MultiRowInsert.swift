import Foundation
import SQLKit

extension Connection {
    /// Inserts `rows` (each one value per column, bound as the single-row statements bind them) in
    /// INSERTs of at most `perInsert` rows: bulk loads such as the demo data write far fewer statements.
    /// Values of any Encodable type, through SQLKit's encoding; `bulkInsert` takes values typed ahead
    /// (`BulkValue`) and hands them to SQLite without it, for the hundreds of thousands of a directory import.
    func insert(into table: String, _ columns: [String], _ rows: [[any Encodable & Sendable]], perInsert: Int) async throws {
        for start in stride(from: 0, to: rows.count, by: perInsert) {
            let insert = sql.insert(into: table).columns(columns)
            for row in rows[start..<min(start + perInsert, rows.count)] { insert.values(row) }
            try await insert.run()
        }
    }
}
