import Foundation
import PeerwayCore
import SQLKit

/// A signed-in browser session, stored server-side so any number of server processes share it.
public struct SessionRecord: Sendable, Equatable {
    public let idHash: String
    public let userID: UUID
    public let organizationID: UUID
    public let csrfToken: String
    public var secondFactorDone: Bool
    public let createdAt: Date
    public var lastSeenAt: Date
    public let clientAddress: String
}

public enum SessionRecords {
    /// Creates a session and returns the raw id for the cookie; only its digest is stored.
    public static func create(userID: UUID, organizationID: UUID, secondFactorDone: Bool, clientAddress: String,
                              now: Date, on conn: Connection) async throws -> (rawID: String, record: SessionRecord) {
        let raw = SecureRandom.token()
        let record = SessionRecord(idHash: SecureRandom.digest(raw), userID: userID, organizationID: organizationID,
                                   csrfToken: SecureRandom.token(), secondFactorDone: secondFactorDone,
                                   createdAt: now, lastSeenAt: now, clientAddress: String(clientAddress.prefix(100)))
        try await conn.sql.raw("""
            INSERT INTO sessions (id_hash, user_id, organization_id, csrf_token, second_factor_done, created_at, last_seen_at, client_address)
            VALUES (\(bind: record.idHash), \(bind: userID), \(bind: organizationID), \(bind: record.csrfToken),
                    \(bind: secondFactorDone), \(bind: now), \(bind: now), \(bind: record.clientAddress))
            """).run()
        return (raw, record)
    }

    public static func find(rawID: String, on conn: Connection) async throws -> SessionRecord? {
        try await conn.sql.raw("SELECT * FROM sessions WHERE id_hash = \(bind: SecureRandom.digest(rawID))").first()
            .map { try decode($0, userID: try $0.uuid("user_id")) }
    }

    /// The session and its account in one statement (the roles and programs in one more): this runs
    /// on every request a browser makes.
    public static func findSignedIn(rawID: String, on conn: Connection) async throws -> (SessionRecord, User)? {
        guard let row = try await conn.sql.raw("""
            SELECT u.*, s.id_hash AS s_id_hash, s.organization_id AS s_organization_id, s.csrf_token AS s_csrf_token,
                s.second_factor_done AS s_second_factor_done, s.created_at AS s_created_at, s.last_seen_at AS s_last_seen_at,
                s.client_address AS s_client_address
            FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = \(bind: SecureRandom.digest(rawID))
            """).first(), let user = try await UserRecords.hydrate([row], on: conn).first else { return nil }
        return (try decode(row, userID: user.id, prefix: "s_"), user)
    }

    /// A session's columns, named with `prefix` where the row joins them to the user's.
    static func decode(_ row: any SQLRow, userID: UUID, prefix p: String = "") throws -> SessionRecord {
        SessionRecord(
            idHash: try row.string(p + "id_hash"), userID: userID, organizationID: try row.uuid(p + "organization_id"),
            csrfToken: try row.string(p + "csrf_token"), secondFactorDone: try row.bool(p + "second_factor_done"),
            createdAt: try row.date(p + "created_at"), lastSeenAt: try row.date(p + "last_seen_at"),
            clientAddress: try row.string(p + "client_address"))
    }

    public static func touch(_ idHash: String, now: Date, on conn: Connection) async throws {
        try await conn.sql.raw("UPDATE sessions SET last_seen_at = \(bind: now) WHERE id_hash = \(bind: idHash)").run()
    }

    public static func delete(_ idHash: String, on conn: Connection) async throws {
        try await conn.sql.raw("DELETE FROM sessions WHERE id_hash = \(bind: idHash)").run()
    }

    /// Ends every session of a user (sign-out everywhere, password change, disabling the account).
    @discardableResult
    public static func deleteAll(userID: UUID, on conn: Connection) async throws -> Int {
        try await conn.sql.raw("DELETE FROM sessions WHERE user_id = \(bind: userID) RETURNING id_hash").all().count
    }

    /// Removes sessions past either time-out; run periodically by the server.
    public static func purgeExpired(policy: SessionPolicy, now: Date, on conn: Connection) async throws {
        try await conn.sql.raw("""
            DELETE FROM sessions WHERE created_at < \(bind: now.addingTimeInterval(-policy.absoluteTimeout))
                OR last_seen_at < \(bind: now.addingTimeInterval(-policy.idleTimeout))
            """).run()
    }
}

/// A personal access token for API clients. The raw token is shown once; only its digest is kept.
public struct APIToken: Sendable, Equatable, Codable {
    public let id: UUID
    public let userID: UUID
    public let organizationID: UUID
    public let name: String
    public let createdAt: Date
    public let lastUsedAt: Date?
    public let expiresAt: Date?
    public let revokedAt: Date?

    public func isUsable(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > now } ?? true)
    }
}

public enum TokenRecords {
    public static let prefix = "pwt_"

    public static func create(id: UUID, userID: UUID, organizationID: UUID, name: String, expiresAt: Date?, now: Date,
                              on conn: Connection) async throws -> (raw: String, token: APIToken) {
        let raw = prefix + SecureRandom.token()
        let token = APIToken(id: id, userID: userID, organizationID: organizationID, name: name, createdAt: now,
                             lastUsedAt: nil, expiresAt: expiresAt, revokedAt: nil)
        try await conn.sql.raw("""
            INSERT INTO api_tokens (id, user_id, organization_id, name, token_hash, created_at, expires_at)
            VALUES (\(bind: token.id), \(bind: userID), \(bind: organizationID), \(bind: name), \(bind: SecureRandom.digest(raw)),
                    \(bind: now), \(bind: expiresAt))
            """).run()
        return (raw, token)
    }

    public static func find(raw: String, on conn: Connection) async throws -> APIToken? {
        try await conn.sql.raw("SELECT * FROM api_tokens WHERE token_hash = \(bind: SecureRandom.digest(raw))").first().map(decode)
    }

    public static func list(userID: UUID, on conn: Connection) async throws -> [APIToken] {
        try await conn.sql.raw("SELECT * FROM api_tokens WHERE user_id = \(bind: userID) ORDER BY created_at DESC").all().map(decode)
    }

    public static func touch(_ id: UUID, now: Date, on conn: Connection) async throws {
        try await conn.sql.raw("UPDATE api_tokens SET last_used_at = \(bind: now) WHERE id = \(bind: id)").run()
    }

    /// Revokes one of the user's own tokens; answers false when there is no such token of theirs.
    public static func revoke(_ id: UUID, userID: UUID, now: Date, on conn: Connection) async throws -> Bool {
        !(try await conn.sql.raw("""
            UPDATE api_tokens SET revoked_at = \(bind: now) WHERE id = \(bind: id) AND user_id = \(bind: userID) AND revoked_at IS NULL RETURNING id
            """).all().isEmpty)
    }

    public static func revokeAll(userID: UUID, now: Date, on conn: Connection) async throws {
        try await conn.sql.raw("UPDATE api_tokens SET revoked_at = \(bind: now) WHERE user_id = \(bind: userID) AND revoked_at IS NULL").run()
    }

    static func decode(_ row: any SQLRow) throws -> APIToken {
        APIToken(id: try row.uuid("id"), userID: try row.uuid("user_id"), organizationID: try row.uuid("organization_id"),
                 name: try row.string("name"), createdAt: try row.date("created_at"), lastUsedAt: try row.optionalDate("last_used_at"),
                 expiresAt: try row.optionalDate("expires_at"), revokedAt: try row.optionalDate("revoked_at"))
    }
}

/// Failed sign-in counters, in the database so every server process sees the same counts.
public enum ThrottleRecords {
    public static func get(_ key: String, on conn: Connection) async throws -> ThrottlePolicy.Counter? {
        guard let row = try await conn.sql.raw("SELECT * FROM signin_throttle WHERE key = \(bind: key)\(unsafeRaw: conn.dialect.forUpdate)").first() else { return nil }
        return ThrottlePolicy.Counter(failures: try row.int("failures"), windowStartedAt: try row.date("window_started_at"),
                                      lockedUntil: try row.optionalDate("locked_until"))
    }

    /// Reads a key's counter for update inside a write transaction, creating an empty one first so
    /// that there is always a row to lock: two transactions that both found no row would otherwise
    /// both count from zero.
    public static func lock(_ key: String, now: Date, on conn: Connection) async throws -> ThrottlePolicy.Counter? {
        try await conn.sql.raw("""
            INSERT INTO signin_throttle (key, failures, window_started_at, locked_until) VALUES (\(bind: key), 0, \(bind: now), NULL)
            ON CONFLICT (key) DO NOTHING
            """).run()
        return try await get(key, on: conn)
    }

    public static func put(_ key: String, _ counter: ThrottlePolicy.Counter, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO signin_throttle (key, failures, window_started_at, locked_until)
            VALUES (\(bind: key), \(bind: counter.failures), \(bind: counter.windowStartedAt), \(bind: counter.lockedUntil))
            ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_started_at = excluded.window_started_at,
                locked_until = excluded.locked_until
            """).run()
    }

    public static func clear(_ key: String, on conn: Connection) async throws {
        try await conn.sql.raw("DELETE FROM signin_throttle WHERE key = \(bind: key)").run()
    }
}
