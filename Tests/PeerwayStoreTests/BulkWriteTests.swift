import Foundation
import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

/// `Database.write(bulk:)`, which a directory import writes through.
@Suite("Bulk writes")
struct BulkWriteTests {
    /// SQLite's settings on the connection a statement runs on: temp_store 0 is the default (files),
    /// 2 is memory; cache_size negative is KiB.
    func settings(_ conn: Connection) async throws -> (tempStore: Int, cacheSize: Int) {
        let temp = try await conn.sql.raw("PRAGMA temp_store").first()?.decode(column: "temp_store", as: Int.self)
        let cache = try await conn.sql.raw("PRAGMA cache_size").first()?.decode(column: "cache_size", as: Int.self)
        return (try #require(temp), try #require(cache))
    }

    @Test("on SQLite, a bulk write journals in memory, and the connection has its usual settings again after it")
    func settingsForOneTransaction() async throws {
        try await TestDatabase.with(.sqlite) { test in
            let usual = try await test.db.read { conn in try await settings(conn) }
            #expect(usual.tempStore == 0 && usual.cacheSize == -32768)
            let inside = try await test.db.write(bulk: true) { conn in try await settings(conn) }
            #expect(inside.tempStore == 2 && inside.cacheSize == usual.cacheSize)
            // The pool lends the connection it was given back last: the one the bulk write used.
            let after = try await test.db.read { conn in try await settings(conn) }
            #expect(after.tempStore == usual.tempStore && after.cacheSize == usual.cacheSize)
            let plain = try await test.db.write { conn in try await settings(conn) }
            #expect(plain.tempStore == usual.tempStore && plain.cacheSize == usual.cacheSize)
        }
    }

    struct Refused: Error {}

    @Test("a bulk write that fails writes nothing, and the connection has its usual settings again", arguments: TestEngine.available)
    func failureWritesNothing(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.db.write { conn in try await conn.sql.raw("CREATE TABLE bulk_probe (n INTEGER NOT NULL)").run() }
            await #expect(throws: Refused.self) {
                try await test.db.write(bulk: true) { conn in
                    for n in 0..<3 { try await conn.sql.raw("INSERT INTO bulk_probe (n) VALUES (\(bind: n))").run() }
                    throw Refused()
                }
            }
            let count = try await test.db.read { conn in try await conn.sql.raw("SELECT COUNT(*) AS n FROM bulk_probe").first()?.decode(column: "n", as: Int.self) }
            #expect(count == 0)
            if engine == .sqlite {
                let after = try await test.db.read { conn in try await settings(conn) }
                #expect(after.tempStore == 0 && after.cacheSize == -32768)
            }
        }
    }

    @Test("a write whose task is cancelled mid-transaction is undone, and the next write is not kept waiting", arguments: TestEngine.available)
    func cancelledWriteIsUndone(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.db.write { conn in try await conn.sql.raw("CREATE TABLE cancel_probe (n INTEGER NOT NULL)").run() }
            let started = AsyncStream<Void>.makeStream()
            let writing = Task {
                try await test.db.write(bulk: true) { conn in
                    try await conn.sql.raw("INSERT INTO cancel_probe (n) VALUES (1)").run()
                    started.continuation.yield()
                    try await Task.sleep(for: .seconds(60))
                }
            }
            var iterator = started.stream.makeAsyncIterator()
            _ = await iterator.next()
            writing.cancel()
            #expect(await writing.result.isFailure)
            // The rollback ran although its task was cancelled: the write lock is free (a write would
            // otherwise wait out SQLite's busy timeout and fail) and the first row is gone.
            try await test.db.write { conn in try await conn.sql.raw("INSERT INTO cancel_probe (n) VALUES (2)").run() }
            let rows = try await test.db.read { conn in
                try await conn.sql.raw("SELECT n FROM cancel_probe ORDER BY n").all().map { try $0.decode(column: "n", as: Int.self) }
            }
            #expect(rows == [2])
        }
    }
}

extension Result {
    var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }
}
