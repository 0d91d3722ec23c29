import Foundation
import Logging
import PeerwayCore
import PeerwayStore
import SQLKit

/// The engines a Store or Web test runs on: SQLite always, PostgreSQL when CI (or you) set
/// PEERWAY_TEST_POSTGRES_URL to a server where the role may create databases.
public enum TestEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["PEERWAY_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static var available: [TestEngine] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }
}

/// A fresh, migrated database for one test: a temporary SQLite file, or a new PostgreSQL database
/// that is dropped afterwards.
public final class TestDatabase: Sendable {
    public let db: Database
    public let engine: TestEngine
    public let location: DatabaseLocation
    private let cleanup: @Sendable () async -> Void

    public static let auditKey = AuditKey(secret: "test-audit-key")

    /// The suite opens hundreds of PostgreSQL databases at once on a two-core machine; a connection
    /// that waits in the server's queue for more than the product's 5 s is slow, not refused.
    static let testConnectTimeout: Duration = .seconds(60)

    public static func make(_ engine: TestEngine, migrate: Bool = true, observer: QueryObserver? = nil) async throws -> TestDatabase {
        var logger = Logger(label: "peerway.test")
        logger.logLevel = .critical
        switch engine {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peerway-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let location = DatabaseLocation.sqlite(path: dir.appendingPathComponent("test.db").path)
            let db = try await Database.open(location, logger: logger, maxConnections: 4, observer: observer)
            if migrate { try await Migrator.migrate(db) }
            return TestDatabase(db: db, engine: engine, location: location) { try? FileManager.default.removeItem(at: dir) }
        case .postgres:
            guard let url = TestEngine.postgresURL, case .postgres(var pg) = try DatabaseLocation.parse(url) else {
                throw TestSetupError("PEERWAY_TEST_POSTGRES_URL is not a postgres:// URL")
            }
            let name = "peerway_t_\(UUID().text.replacingOccurrences(of: "-", with: "").prefix(20))"
            let admin = try await Database.open(.postgres(pg), logger: logger, maxConnections: 2, connectTimeout: testConnectTimeout)
            try await admin.read { conn in try await conn.sql.raw("CREATE DATABASE \(ident: name)").run() }
            pg.database = name
            let location = DatabaseLocation.postgres(pg)
            let db = try await Database.open(location, logger: logger, maxConnections: 4, observer: observer, connectTimeout: testConnectTimeout)
            if migrate { try await Migrator.migrate(db) }
            return TestDatabase(db: db, engine: engine, location: location) {
                try? await admin.read { conn in try await conn.sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run() }
                await admin.close()
            }
        }
    }

    private init(db: Database, engine: TestEngine, location: DatabaseLocation, cleanup: @escaping @Sendable () async -> Void) {
        self.db = db
        self.engine = engine
        self.location = location
        self.cleanup = cleanup
    }

    /// Opens a second, independent connection pool on the same database: what a second server process sees.
    public func openAnother() async throws -> Database {
        var logger = Logger(label: "peerway.test")
        logger.logLevel = .critical
        return try await Database.open(location, logger: logger, maxConnections: 4, connectTimeout: Self.testConnectTimeout)
    }

    public func close() async {
        await db.close()
        await cleanup()
    }

    /// Runs `body` with a database that has no schema yet (for upgrade tests) and always cleans up.
    public static func withEmpty(_ engine: TestEngine, _ body: (Database) async throws -> Void) async throws {
        let test = try await make(engine, migrate: false)
        do {
            try await body(test.db)
            await test.close()
        } catch {
            await test.close()
            throw error
        }
    }

    /// Runs `body` with a fresh database and always cleans up.
    public static func with<T: Sendable>(_ engine: TestEngine, observer: QueryObserver? = nil,
                                         _ body: (TestDatabase) async throws -> T) async throws -> T {
        let test = try await make(engine, observer: observer)
        do {
            let value = try await body(test)
            await test.close()
            return value
        } catch {
            await test.close()
            throw error
        }
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A clock tests move by hand (session time-outs, throttling windows).
public final class TestClock: PeerwayClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date = Date(timeIntervalSince1970: 1_790_000_000)) { current = start }

    public func now() -> Date { lock.lock(); defer { lock.unlock() }; return current }

    public func advance(_ seconds: TimeInterval) { lock.lock(); current = current.addingTimeInterval(seconds); lock.unlock() }
}

extension Database {
    /// Rows in `table`: tests that check a refusal wrote nothing compare counts before and after.
    public func rowCount(_ table: String) async throws -> Int {
        try await read { conn in
            try await conn.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
        }
    }
}
