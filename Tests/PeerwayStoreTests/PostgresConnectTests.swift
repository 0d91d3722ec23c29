import Foundation
import Logging
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import Testing

/// Opening an unreachable or misnamed PostgreSQL database fails at once with its cause in one line,
/// instead of the pool's minute of retries ending in "circuit breaker tripped".
/// Only with PEERWAY_TEST_POSTGRES_URL (the server the other PostgreSQL tests use).
@Suite("PostgreSQL connection failures", .enabled(if: TestEngine.postgresURL != nil))
struct PostgresConnectTests {
    static func server() throws -> DatabaseLocation.PostgresLocation {
        guard let url = TestEngine.postgresURL, case .postgres(let pg) = try DatabaseLocation.parse(url) else {
            throw TestSetupError("PEERWAY_TEST_POSTGRES_URL is not a postgres:// URL")
        }
        return pg
    }

    /// The one line `Database.open` failed with; records an issue if it opened.
    static func failure(_ pg: DatabaseLocation.PostgresLocation) async -> String {
        var logger = Logger(label: "peerway.test")
        logger.logLevel = .critical
        do {
            let db = try await Database.open(.postgres(pg), logger: logger, maxConnections: 2)
            await db.close()
            Issue.record("opened \(DatabaseLocation.postgres(pg).redacted)")
            return ""
        } catch StoreError.unavailable(let text) {
            #expect(!text.contains("\n"), "one line: \(text)")
            #expect(!text.contains("circuitBreaker") && !text.contains("ConnectionPoolError"), "\(text)")
            if let password = pg.password, !password.isEmpty { #expect(!text.contains(":\(password)@"), "no password in \(text)") }
            return text
        } catch {
            Issue.record("expected StoreError.unavailable, got \(String(reflecting: error))")
            return ""
        }
    }

    /// A port on the loopback interface that nothing listens on (bound for a moment, then released).
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSetupError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw TestSetupError("bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Cancels the test (reported as such, never as passed) when this server accepts `pg` after all,
    /// so the failure the test is about cannot be shown here.
    static func cancelIfItOpens(_ pg: DatabaseLocation.PostgresLocation, _ why: Comment) async throws {
        var logger = Logger(label: "peerway.test")
        logger.logLevel = .critical
        if let db = try? await Database.open(.postgres(pg), logger: logger, maxConnections: 2) {
            await db.close()
            try Test.cancel(why)
        }
    }

    @Test("a port nothing listens on: connection refused")
    func wrongPort() async throws {
        var pg = try Self.server()
        pg.host = "127.0.0.1"
        pg.socketDirectory = nil
        pg.port = try Self.closedPort()
        let text = await Self.failure(pg)
        #expect(text.contains("connection refused"), "\(text)")
        #expect(text.contains("127.0.0.1:\(pg.port)"), "\(text)")
    }

    @Test("an unknown role (or, where the server asks for passwords, a wrong one): the role is named")
    func unknownRole() async throws {
        var pg = try Self.server()
        pg.username = "peerway_no_such_role_\(UUID().uuidString.prefix(8).lowercased())"
        let text = await Self.failure(pg)
        // Trust authentication says the role does not exist (28000); password authentication says
        // only that authentication failed (28P01), so as not to reveal which roles exist.
        #expect(text.contains("\"\(pg.username)\""), "\(text)")
        #expect(text.contains("does not exist") || text.contains("authentication failed"), "\(text)")
    }

    @Test("a wrong password, where the server asks for one: authentication failed")
    func wrongPassword() async throws {
        var pg = try Self.server()
        pg.password = "not-the-password-\(UUID().uuidString.prefix(8))"
        // A server that trusts loopback connections (the CI cluster) accepts any password: then there
        // is nothing to check here, and the test says so rather than passing.
        try await Self.cancelIfItOpens(pg, "this server accepts any password (trust authentication)")
        let text = await Self.failure(pg)
        #expect(text.contains("authentication failed for role \"\(pg.username)\""), "\(text)")
    }

    @Test("an unknown database: it is named")
    func unknownDatabase() async throws {
        var pg = try Self.server()
        pg.database = "peerway_no_such_db_\(UUID().uuidString.prefix(8).lowercased())"
        let text = await Self.failure(pg)
        #expect(text.contains("database \"\(pg.database)\" does not exist"), "\(text)")
    }

    @Test("TLS required by the URL but not offered by the server: says so")
    func tlsRequired() async throws {
        var pg = try Self.server()
        guard !pg.requireTLS, pg.socketDirectory == nil else { try Test.cancel("the test server is reached by socket or already with TLS") }
        pg.requireTLS = true
        // A server that does offer TLS with a certificate this machine trusts simply opens.
        try await Self.cancelIfItOpens(pg, "this server offers TLS with a trusted certificate")
        let text = await Self.failure(pg)
        #expect(text.contains("TLS"), "\(text)")
    }
}
