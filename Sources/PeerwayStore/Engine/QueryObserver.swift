import Foundation
import Logging
import NIOCore
import PeerwayCore
import SQLKit

/// Sees every statement a `Database` runs, for tests that count what one request reads ("the record
/// is loaded once"). Off unless a test opens the database with one.
public final class QueryObserver: @unchecked Sendable {
    public struct Statement: Sendable {
        public let sql: String
        /// The bound values as text (a UUID as its lowercase string).
        public let binds: [String]
    }

    private let lock = NSLock()
    private var seen: [Statement] = []

    public init() {}

    public var statements: [Statement] { lock.withLock { seen } }
    public func reset() { lock.withLock { seen.removeAll() } }

    func saw(_ statement: Statement) { lock.withLock { seen.append(statement) } }
}

/// Forwards to the engine's SQLKit database, telling the observer about each statement first.
struct ObservedSQLDatabase: SQLDatabase {
    let base: any SQLDatabase
    let observer: QueryObserver

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        note(query)
        return base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        note(query)
        try await base.execute(sql: query, onRow)
    }

    private func note(_ query: any SQLExpression) {
        let (sql, binds) = base.serialize(query)
        observer.saw(.init(sql: sql, binds: binds.map { ($0 as? UUID)?.text ?? String(describing: $0) }))
    }
}
