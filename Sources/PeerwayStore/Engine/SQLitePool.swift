import Foundation
import Logging
import NIOCore
import NIOPosix
import PeerwaySearchRank
import SQLiteNIO

/// A small pool of connections to one SQLite file. Each connection is opened with the settings that
/// make SQLite safe for health records: write-ahead logging, a full fsync on every commit (an
/// acknowledged write survives power loss), and foreign keys enforced.
actor SQLitePool {
    private let path: String
    private let threadPool: NIOThreadPool
    private let logger: Logger
    private let maxConnections: Int
    private var idle: [SQLiteConnection] = []
    private var open = 0
    private var waiters: [CheckedContinuation<SQLiteConnection, any Error>] = []
    private var closed = false

    init(path: String, maxConnections: Int = 4, logger: Logger) {
        self.path = path
        self.maxConnections = maxConnections
        self.logger = logger
        // SQLite calls block a thread; a pool of our own keeps them off NIO's shared blocking pool.
        self.threadPool = NIOThreadPool(numberOfThreads: maxConnections + 1)
        self.threadPool.start()
    }

    func acquire() async throws -> SQLiteConnection {
        if closed { throw StoreError.unavailable("database is closed") }
        if let conn = idle.popLast() { return conn }
        if open < maxConnections {
            open += 1
            do {
                return try await connect()
            } catch {
                open -= 1
                throw error
            }
        }
        return try await withCheckedThrowingContinuation { waiters.append($0) }
    }

    func release(_ conn: SQLiteConnection) {
        if !waiters.isEmpty {
            waiters.removeFirst().resume(returning: conn)
        } else {
            idle.append(conn)
        }
    }

    /// A connection that failed mid-use is closed rather than returned.
    func discard(_ conn: SQLiteConnection) async {
        try? await conn.close()
        open -= 1
    }

    func close() async {
        closed = true
        for waiter in waiters { waiter.resume(throwing: StoreError.unavailable("database is closed")) }
        waiters.removeAll()
        for conn in idle { try? await conn.close() }
        idle.removeAll()
        try? await threadPool.shutdownGracefully()
    }

    /// The directory search's ranking function (`peerway_rank`) joins every connection opened after this.
    private static let searchRank = peerway_search_rank_install()

    private func connect() async throws -> SQLiteConnection {
        guard Self.searchRank == 0 else { throw StoreError.unavailable("the search's ranking function could not be installed (SQLite code \(Self.searchRank))") }
        let conn = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: threadPool, logger: logger,
            on: MultiThreadedEventLoopGroup.singleton.any())
        // SQLite's page cache is per connection and 2 MB by default: a directory search at county scale
        // reads more than that, and every page missed is a system call to copy it from the operating
        // system's cache (measured: 42 % of the search's time in the kernel, 7 % with 32 MB).
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000",
                       "PRAGMA cache_size=-32768"] + Self.usualPragmas {
            _ = try await conn.query(pragma)
        }
        return conn
    }

    /// The settings a bulk write changes, as every connection has them.
    static let usualPragmas = ["PRAGMA temp_store=DEFAULT"]

    /// A bulk write's (`Database.write(bulk:)`): its statement journal in memory. A larger page cache
    /// too measured no faster (a county directory's import, 23.7–24.0 s against 24.0–24.1 s with 256 MB).
    static let bulkPragmas = ["PRAGMA temp_store=MEMORY"]
}
