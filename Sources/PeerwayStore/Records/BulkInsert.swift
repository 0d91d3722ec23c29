import Foundation
import SQLKit
import SQLiteNIO

/// One value of a bulk insert, typed as the engines bind it (a null keeps its type: PostgreSQL refuses
/// a null text where a number goes).
enum BulkValue: Sendable {
    case text(String?)
    case real(Double?)
    case integer(Int?)
    case bool(Bool)
    case uuid(UUID)
    case date(Date)

    init(_ text: String?) { self = .text(text) }
    init(_ real: Double?) { self = .real(real) }
    init(_ integer: Int?) { self = .integer(integer) }

    /// The value as SQLiteKit's encoder gives it for the same Swift value (a UUID as its text, a date as
    /// seconds since 1970, true and false as 1 and 0), so rows written in bulk read back like any other.
    var sqlite: SQLiteData {
        switch self {
        case .text(let s): s.map { .text($0) } ?? .null
        case .real(let d): d.map { .float($0) } ?? .null
        case .integer(let i): i.map { .integer($0) } ?? .null
        case .bool(let b): .integer(b ? 1 : 0)
        case .uuid(let u): .text(u.uuidString)
        case .date(let d): .float(d.timeIntervalSince1970)
        }
    }

    /// The value bound through SQLKit, as any other statement binds it (PostgreSQL).
    var bind: any SQLExpression {
        switch self {
        case .text(let s): SQLBind(s)
        case .real(let d): SQLBind(d)
        case .integer(let i): SQLBind(i)
        case .bool(let b): SQLBind(b)
        case .uuid(let u): SQLBind(u)
        case .date(let d): SQLBind(d)
        }
    }
}

extension Connection {
    /// Inserts `rows` (one value per column each) into `table` in multi-row statements of at most
    /// `perStatement` rows, `tail` (an ON CONFLICT clause) ending each. On SQLite the values go to
    /// SQLite as they are, in a statement text written once per row count: SQLKit's interpolation and
    /// its encoding (a dynamic cast per value) took as long as SQLite's own work in a county directory's
    /// import. Each statement's values are gathered while the statement before it runs. (`insert(into:)`
    /// takes values of any Encodable type instead, as the single-row statements bind them.)
    func bulkInsert(into table: String, columns: [String], rows: [[BulkValue]], tail: String = "", perStatement: Int = 200) async throws {
        guard !rows.isEmpty else { return }
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        guard let sqlite else {
            for start in stride(from: 0, to: rows.count, by: perStatement) {
                var query = SQLQueryString(head)
                for (i, row) in rows[start..<min(start + perStatement, rows.count)].enumerated() {
                    if i > 0 { query.appendLiteral(", ") }
                    query.appendInterpolation(SQLGroupExpression(SQLList(row.map(\.bind))))
                }
                query.appendLiteral(" " + tail)
                try await sql.raw(query).run()
            }
            return
        }
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        func text(_ count: Int) -> String { head + Array(repeating: tuple, count: count).joined(separator: ", ") + " " + tail }
        let full = text(perStatement)
        var running: Task<Void, any Error>?
        defer { running?.cancel() }
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            let piece = rows[start..<min(start + perStatement, rows.count)]
            var binds: [SQLiteData] = []
            binds.reserveCapacity(piece.count * columns.count)
            for row in piece { for value in row { binds.append(value.sqlite) } }
            let statement = piece.count == perStatement ? full : text(piece.count)
            try await running?.value
            running = Task { [binds] in _ = try await sqlite.query(statement, binds) }
        }
        try await running?.value
        running = nil
    }
}
