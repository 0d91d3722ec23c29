import Foundation
import Logging
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import SQLiteNIO

/// A connection lent to a unit of work: the SQLKit database plus the dialect for the few statements
/// that differ between engines.
public struct Connection: Sendable {
    public let sql: any SQLDatabase
    public let dialect: Dialect
    /// SQLite's own connection, for bulk inserts that bind values without SQLKit (`bulkInsert`).
    var sqlite: SQLiteConnection? = nil
}

/// The one entry point to storage. `read` lends a connection; `write` runs its body in a transaction
/// that commits only if the body returns, so a failed request never leaves a half-written record.
public final class Database: Sendable {
    public let dialect: Dialect
    public let location: DatabaseLocation
    let logger: Logger
    private let backend: Backend
    private let observer: QueryObserver?

    private enum Backend: Sendable {
        case sqlite(SQLitePool, writer: AsyncMutex)
        case postgres(PostgresClient, runner: Task<Void, Never>)
    }

    /// `maxConnections` caps a PostgreSQL pool (a test suite opening many databases at once keeps it small).
    /// `observer` sees every statement (tests that count queries). `connectTimeout` bounds the first
    /// connection to PostgreSQL (a test suite loading a small machine with hundreds of databases waits longer).
    public static func open(_ location: DatabaseLocation, logger: Logger = Logger(label: "peerway.store"), maxConnections: Int = 16,
                            observer: QueryObserver? = nil,
                            connectTimeout: Duration = .seconds(5)) async throws -> Database {
        switch location {
        case .sqlite(let path):
            let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let pool = SQLitePool(path: path, logger: logger)
            let db = Database(location: location, backend: .sqlite(pool, writer: AsyncMutex()), logger: logger, observer: observer)
            // Opening one connection now turns a bad path into an error at start-up, not at the first request.
            try await db.read { _ in }
            return db
        case .postgres(let pg):
            var config: PostgresClient.Configuration
            if let socket = pg.socketDirectory {
                config = .init(unixSocketPath: PostgresProbe.socketPath(pg, in: socket), username: pg.username, password: pg.password, database: pg.database)
            } else {
                let tls: PostgresClient.Configuration.TLS = pg.requireTLS ? .require(.makeClientConfiguration()) : .disable
                config = .init(host: pg.host, port: pg.port, username: pg.username, password: pg.password, database: pg.database, tls: tls)
            }
            config.options.maximumConnections = maxConnections
            config.options.connectTimeout = max(connectTimeout, config.options.connectTimeout)
            config.options.additionalStartupParameters = [("TimeZone", "UTC")]
            let client = PostgresClient(configuration: config, backgroundLogger: logger)
            let runner = await startRunning(client)
            do {
                // A wrong port, host, password, role or database fails here within seconds, with its
                // cause: the pool alone would retry for a minute and then say only that it gave up.
                try await PostgresProbe.check(location, pg, connectTimeout: connectTimeout, logger: logger)
            } catch {
                runner.cancel()
                _ = await runner.value
                throw error
            }
            let db = Database(location: location, backend: .postgres(client, runner: runner), logger: logger, observer: observer)
            do {
                try await db.read { conn in _ = try await conn.sql.raw("SELECT 1").all() }
            } catch {
                await db.close()
                throw StoreError.unavailable("cannot connect to PostgreSQL at \(location.redacted): \(PostgresProbe.cause(of: error, pg, connectTimeout: connectTimeout))")
            }
            return db
        }
    }

    /// Starts the client's `run()`, which must be running before the first lease (PostgresNIO warns
    /// otherwise). `Task.immediate` enters `run()` before returning, so the client is already marked
    /// running; where it is unavailable, the task signals just before it calls `run()`, and the probe
    /// connection that follows gives it ample time.
    static func startRunning(_ client: PostgresClient) async -> Task<Void, Never> {
        #if compiler(>=6.2)
        if #available(macOS 26.0, iOS 26.0, tvOS 26.0, watchOS 26.0, *) {
            return Task.immediate { await client.run() }
        }
        #endif
        let (started, signal) = AsyncStream.makeStream(of: Void.self)
        let runner = Task {
            signal.finish()
            await client.run()
        }
        for await _ in started {}
        return runner
    }

    private init(location: DatabaseLocation, backend: Backend, logger: Logger, observer: QueryObserver?) {
        self.observer = observer
        self.location = location
        self.dialect = location.dialect
        self.backend = backend
        self.logger = logger
    }

    /// Lends a connection for reads. Statements run in autocommit mode.
    public func read<T: Sendable>(_ body: (Connection) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let pool, _):
            let conn = try await pool.acquire()
            do {
                let value = try await body(Connection(sql: observed(conn.sql(queryLogLevel: nil)), dialect: .sqlite, sqlite: conn))
                await pool.release(conn)
                return value
            } catch {
                await pool.release(conn)
                throw error
            }
        case .postgres(let client, _):
            return try await client.withConnection { conn in
                try await body(Connection(sql: observed(conn.sql(queryLogLevel: nil)), dialect: .postgres))
            }
        }
    }

    /// Runs `body` in one transaction: everything it wrote commits together or not at all. `bulk` is
    /// for a transaction of hundreds of thousands of rows (a directory import): on SQLite its statement
    /// journal is kept in memory rather than in a temporary file, for that transaction only. Each
    /// multi-row statement in a transaction journals every page before it first changes it, so the
    /// statement can be undone alone: `perf` put 7 % of a county directory's import in writing that
    /// journal to a temporary file, most of it in system calls.
    public func write<T: Sendable>(bulk: Bool = false, _ body: (Connection) async throws -> T) async throws -> T {
        switch backend {
        case .sqlite(let pool, let writer):
            await writer.lock()
            let conn: SQLiteConnection
            do { conn = try await pool.acquire() } catch { await writer.unlock(); throw error }
            let sql = observed(conn.sql(queryLogLevel: nil))
            do {
                if bulk { for pragma in SQLitePool.bulkPragmas { _ = try await conn.query(pragma) } }
                // IMMEDIATE takes the write lock up front, so the transaction cannot fail halfway on a
                // lock upgrade when another process writes to the same file.
                try await sql.raw("BEGIN IMMEDIATE").run()
            } catch {
                await Self.uncancelled { await self.finish(conn, in: pool, bulk: bulk) }
                await writer.unlock()
                throw error
            }
            do {
                let value = try await body(Connection(sql: sql, dialect: .sqlite, sqlite: conn))
                try await sql.raw("COMMIT").run()
                await Self.uncancelled { await self.finish(conn, in: pool, bulk: bulk) }
                await writer.unlock()
                return value
            } catch {
                // SQLite's thread pool skips the work of a cancelled task: a rollback asked for in one would
                // not run, and the transaction left open would hold the database's write lock.
                await Self.uncancelled {
                    do {
                        try await sql.raw("ROLLBACK").run()
                        await self.finish(conn, in: pool, bulk: bulk)
                    } catch {
                        await pool.discard(conn)
                    }
                }
                await writer.unlock()
                throw error
            }
        case .postgres(let client, _):
            do {
                return try await client.withTransaction(logger: logger) { conn in
                    try await body(Connection(sql: observed(conn.sql(queryLogLevel: nil)), dialect: .postgres))
                }
            } catch let error as PostgresTransactionError {
                throw error.closureError ?? error.beginError ?? error.commitError ?? error
            }
        }
    }

    /// Runs `work` in a task of its own, which the caller's cancellation does not reach.
    private static func uncancelled(_ work: @escaping @Sendable () async -> Void) async {
        await Task { await work() }.value
    }

    /// Returns a connection to the pool with the settings every connection has; one that cannot be
    /// given them back is closed.
    private func finish(_ conn: SQLiteConnection, in pool: SQLitePool, bulk: Bool) async {
        do {
            if bulk { for pragma in SQLitePool.usualPragmas { _ = try await conn.query(pragma) } }
            await pool.release(conn)
        } catch {
            await pool.discard(conn)
        }
    }

    private func observed(_ sql: any SQLDatabase) -> any SQLDatabase {
        observer.map { ObservedSQLDatabase(base: sql, observer: $0) } ?? sql
    }

    public func close() async {
        switch backend {
        case .sqlite(let pool, _):
            await pool.close()
        case .postgres(_, let runner):
            runner.cancel()
            _ = await runner.value
        }
    }
}

extension Database {
    /// A consistent copy of a SQLite database while it stays in use (VACUUM INTO).
    public func backupSQLite(to path: String) async throws {
        guard dialect == .sqlite else { throw StoreError.unavailable("backup copies SQLite databases only") }
        try await read { conn in try await conn.sql.raw("VACUUM INTO \(bind: path)").run() }
    }
}
