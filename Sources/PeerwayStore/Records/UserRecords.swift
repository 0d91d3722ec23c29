import Foundation
import PeerwayCore
import SQLKit

/// What sign-in needs about an account, kept apart from `User` so hashes and secrets never travel
/// into pages or API answers by accident.
public struct UserCredentials: Sendable {
    public let user: User
    public let passwordHash: String
    public let totpSecret: String?
}

public enum UserRecords {
    public static func insert(_ user: User, passwordHash: String, on conn: Connection) async throws {
        do {
            try await conn.sql.raw("""
                INSERT INTO users (id, organization_id, email, display_name, password_hash, totp_secret, totp_enabled,
                    supervisor_id, disabled, locale, created_at, updated_at, version)
                VALUES (\(bind: user.id), \(bind: user.organizationID), \(bind: user.email), \(bind: user.displayName),
                    \(bind: passwordHash), \(bind: String?.none), \(bind: false), \(bind: user.supervisorID), \(bind: user.disabled),
                    \(bind: user.locale), \(bind: user.createdAt), \(bind: user.updatedAt), \(bind: user.version))
                """).run()
        } catch where isUniqueViolation(error) {
            throw StoreError.duplicate(field: "email")
        }
        try await replaceRoles(user.id, organizationID: user.organizationID, roles: user.roles, on: conn)
        try await replacePrograms(user.id, organizationID: user.organizationID, programIDs: user.programIDs, on: conn)
    }

    public static func get(_ id: UUID, on conn: Connection) async throws -> User? {
        guard let row = try await conn.sql.raw("SELECT * FROM users WHERE id = \(bind: id)").first() else { return nil }
        return try await hydrate([row], on: conn).first
    }

    /// Staff names by id in one statement, for pages that name who did what.
    public static func displayNames(_ ids: Set<UUID>, on conn: Connection) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await conn.sql.select().column("id").column("display_name").from("users").where("id", .in, Array(ids)).all()
        return Dictionary(try rows.map { (try $0.uuid("id"), try $0.string("display_name")) }, uniquingKeysWith: { first, _ in first })
    }

    public static func credentials(email: String, on conn: Connection) async throws -> UserCredentials? {
        try await credentials("SELECT * FROM users WHERE email = \(bind: email)", on: conn)
    }

    public static func credentials(id: UUID, on conn: Connection) async throws -> UserCredentials? {
        try await credentials("SELECT * FROM users WHERE id = \(bind: id)", on: conn)
    }

    private static func credentials(_ query: SQLQueryString, on conn: Connection) async throws -> UserCredentials? {
        guard let row = try await conn.sql.raw(query).first() else { return nil }
        guard let user = try await hydrate([row], on: conn).first else { return nil }
        return UserCredentials(user: user, passwordHash: try row.string("password_hash"), totpSecret: try row.optionalString("totp_secret"))
    }

    public struct ListFilter: Sendable {
        public var organizationIDs: Set<UUID>
        public var search: String?
        public var role: Role?
        public var includeDisabled = true
        public var limit = 100
        public var offset = 0
        public init(organizationIDs: Set<UUID>) { self.organizationIDs = organizationIDs }
    }

    public static func list(_ filter: ListFilter, on conn: Connection) async throws -> [User] {
        guard !filter.organizationIDs.isEmpty else { return [] }
        var query = conn.sql.select().column("*").from("users")
            .where("organization_id", .in, Array(filter.organizationIDs))
        if let search = filter.search?.trimmingCharacters(in: .whitespaces), !search.isEmpty {
            let pattern = "%" + search.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            query = query.where { $0.where(SQLFunction("lower", args: SQLIdentifier("display_name")), .like, SQLBind(pattern))
                .orWhere("email", .like, pattern) }
        }
        if let role = filter.role {
            query = query.where(SQLIdentifier("id"), .in, SQLGroupExpression(
                conn.sql.select().column("user_id").from("user_roles").where("role", .equal, role.rawValue).select))
        }
        if !filter.includeDisabled { query = query.where("disabled", .equal, false) }
        let rows = try await query.orderBy("display_name").limit(min(max(filter.limit, 1), 500)).offset(max(0, filter.offset)).all()
        return try await hydrate(rows, on: conn)
    }

    /// Every active account of an organization, by name: what its workforce report counts (no page limit: a
    /// county provider may employ thousands).
    public static func active(organizationID: UUID, on conn: Connection) async throws -> [User] {
        let rows = try await conn.sql.select().column("*").from("users").where("organization_id", .equal, organizationID)
            .where("disabled", .equal, false).orderBy("display_name").all()
        return try await hydrate(rows, on: conn)
    }

    /// The people a supervisor supervises (index `users_supervisor`), active ones first by name.
    public static func team(supervisorID: UUID, on conn: Connection) async throws -> [User] {
        let rows = try await conn.sql.select().column("*").from("users").where("supervisor_id", .equal, supervisorID)
            .where("disabled", .equal, false).orderBy("display_name").all()
        return try await hydrate(rows, on: conn)
    }

    /// How many accounts the organizations hold, counted by the database rather than by loading them.
    public static func count(organizationIDs: Set<UUID>, on conn: Connection) async throws -> Int {
        guard !organizationIDs.isEmpty else { return 0 }
        let row = try await conn.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("users")
            .where("organization_id", .in, Array(organizationIDs)).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Saves profile, roles, programs, supervisor and disabled flag if the version still matches.
    public static func update(_ user: User, expectedVersion: Int, on conn: Connection) async throws -> User {
        var next = user
        next.version = expectedVersion + 1
        try await conn.updateVersioned("""
            UPDATE users SET display_name = \(bind: user.displayName), supervisor_id = \(bind: user.supervisorID),
                disabled = \(bind: user.disabled), locale = \(bind: user.locale), updated_at = \(bind: user.updatedAt),
                version = \(bind: next.version)
            WHERE id = \(bind: user.id) AND version = \(bind: expectedVersion) RETURNING id
            """)
        try await replaceRoles(user.id, organizationID: user.organizationID, roles: user.roles, on: conn)
        try await replacePrograms(user.id, organizationID: user.organizationID, programIDs: user.programIDs, on: conn)
        return next
    }

    public static func setPasswordHash(_ id: UUID, _ hash: String, on conn: Connection) async throws {
        try await conn.sql.raw("UPDATE users SET password_hash = \(bind: hash), version = version + 1 WHERE id = \(bind: id)").run()
    }

    /// Records that the one-time code of `step` was used, if no later step was used before. Answers
    /// false for a replayed (or older) code; the row lock makes two racing requests agree.
    public static func claimTOTPStep(_ id: UUID, step: Int64, on conn: Connection) async throws -> Bool {
        !(try await conn.sql.raw("""
            UPDATE users SET totp_last_step = \(bind: step)
            WHERE id = \(bind: id) AND (totp_last_step IS NULL OR totp_last_step < \(bind: step)) RETURNING id
            """).all().isEmpty)
    }

    public static func setTOTP(_ id: UUID, secret: String?, enabled: Bool, on conn: Connection) async throws {
        try await conn.sql.raw("UPDATE users SET totp_secret = \(bind: secret), totp_enabled = \(bind: enabled), version = version + 1 WHERE id = \(bind: id)").run()
    }

    /// Everything the access policy needs to know about a signed-in user.
    public static func actor(for user: User, on conn: Connection) async throws -> Actor {
        var administered: Set<UUID> = [user.organizationID]
        if user.roles.contains(.systemAdmin) {
            administered.formUnion(try await OrganizationRecords.childIDs(of: user.organizationID, on: conn))
        }
        return Actor(userID: user.id, organizationID: user.organizationID, roles: user.roles, programIDs: user.programIDs,
                     administeredOrganizationIDs: administered, displayName: user.displayName)
    }

    private static func replaceRoles(_ id: UUID, organizationID: UUID, roles: Set<Role>, on conn: Connection) async throws {
        try await conn.sql.raw("DELETE FROM user_roles WHERE user_id = \(bind: id)").run()
        for role in roles.sorted() {
            try await conn.sql.raw("INSERT INTO user_roles (user_id, organization_id, role) VALUES (\(bind: id), \(bind: organizationID), \(bind: role.rawValue))").run()
        }
    }

    private static func replacePrograms(_ id: UUID, organizationID: UUID, programIDs: Set<UUID>, on conn: Connection) async throws {
        try await conn.sql.raw("DELETE FROM user_programs WHERE user_id = \(bind: id)").run()
        for program in programIDs.sorted(by: { $0.uuidString < $1.uuidString }) {
            try await conn.sql.raw("INSERT INTO user_programs (user_id, program_id, organization_id) VALUES (\(bind: id), \(bind: program), \(bind: organizationID))").run()
        }
    }

    /// Loads roles and programs for a page of users in two queries, not two per user.
    static func hydrate(_ rows: [any SQLRow], on conn: Connection) async throws -> [User] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.uuid("id") }
        var roles: [UUID: Set<Role>] = [:]
        var programs: [UUID: Set<UUID>] = [:]
        // One round trip for both: this runs on every authenticated request.
        let list = SQLGroupExpression(SQLList(ids.map { SQLBind($0) }))
        let assignments = try await conn.sql.raw("""
            SELECT user_id, 'role' AS kind, role AS value FROM user_roles WHERE user_id IN \(list)
            UNION ALL
            SELECT user_id, 'program' AS kind, CAST(program_id AS TEXT) AS value FROM user_programs WHERE user_id IN \(list)
            """).all()
        for row in assignments {
            let user = try row.uuid("user_id"), value = try row.string("value")
            if try row.string("kind") == "role" {
                if let role = Role(rawValue: value) { roles[user, default: []].insert(role) }
            } else if let program = UUID(uuidString: value) {
                programs[user, default: []].insert(program)
            }
        }
        return try rows.map { row in
            let id = try row.uuid("id")
            return User(
                id: id, organizationID: try row.uuid("organization_id"), email: try row.string("email"),
                displayName: try row.string("display_name"), roles: roles[id] ?? [], programIDs: programs[id] ?? [],
                supervisorID: try row.optionalUUID("supervisor_id"), disabled: try row.bool("disabled"),
                totpEnabled: try row.bool("totp_enabled"), locale: try row.string("locale"),
                createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"), version: try row.int("version"))
        }
    }
}
