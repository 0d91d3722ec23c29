import Foundation
import PeerwayCore
import SQLKit

/// Organizations and the programs they run.
public enum OrganizationRecords {
    public static func insert(_ org: Organization, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO organizations (id, parent_id, name, kind, provider_type, active, created_at, updated_at, version)
            VALUES (\(bind: org.id), \(bind: org.parentID), \(bind: org.name), \(bind: org.kind.rawValue), \(bind: org.providerType.rawValue), \(bind: org.active),
                    \(bind: org.createdAt), \(bind: org.updatedAt), \(bind: org.version))
            """).run()
    }

    public static func get(_ id: UUID, on conn: Connection) async throws -> Organization? {
        try await conn.sql.raw("SELECT * FROM organizations WHERE id = \(bind: id)").first().map(decode)
    }

    public static func list(ids: Set<UUID>, on conn: Connection) async throws -> [Organization] {
        guard !ids.isEmpty else { return [] }
        return try await conn.sql.select().column("*").from("organizations").where("id", .in, Array(ids))
            .orderBy("name").all().map(decode)
    }

    /// Every organization (the CLI resolves names with it; there are tens, not thousands).
    public static func all(on conn: Connection) async throws -> [Organization] {
        try await conn.sql.raw("SELECT * FROM organizations ORDER BY name").all().map(decode)
    }

    /// Until the transaction ends, no other transaction adds organizations or takes this lock.
    /// SQLite's write transaction (BEGIN IMMEDIATE) already excludes every other writer; PostgreSQL
    /// takes a table lock that conflicts with itself and with inserts.
    public static func lockTable(on conn: Connection) async throws {
        guard conn.dialect == .postgres else { return }
        try await conn.sql.raw("LOCK TABLE organizations IN SHARE ROW EXCLUSIVE MODE").run()
    }

    public static func count(on conn: Connection) async throws -> Int {
        try await conn.sql.raw("SELECT COUNT(*) AS n FROM organizations").all().first?.int("n") ?? 0
    }

    /// The organizations under `id` (a county's providers), for a system administrator's scope.
    public static func childIDs(of id: UUID, on conn: Connection) async throws -> [UUID] {
        try await conn.sql.raw("SELECT id FROM organizations WHERE parent_id = \(bind: id)").all().map { try $0.uuid("id") }
    }

    /// Saves name, kind of provider and active flag if the stored version is still `expectedVersion`.
    public static func update(_ org: Organization, expectedVersion: Int, on conn: Connection) async throws -> Organization {
        var next = org
        next.version = expectedVersion + 1
        try await conn.updateVersioned("""
            UPDATE organizations SET name = \(bind: org.name), provider_type = \(bind: org.providerType.rawValue), active = \(bind: org.active), updated_at = \(bind: org.updatedAt),
                version = \(bind: next.version) WHERE id = \(bind: org.id) AND version = \(bind: expectedVersion) RETURNING id
            """)
        return next
    }

    static func decode(_ row: any SQLRow) throws -> Organization {
        Organization(
            id: try row.uuid("id"), parentID: try row.optionalUUID("parent_id"), name: try row.string("name"),
            kind: Organization.Kind(rawValue: try row.string("kind")) ?? .provider,
            providerType: try .stored(try row.string("provider_type")), active: try row.bool("active"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"), version: try row.int("version"))
    }
}

public enum ProgramRecords {
    /// A program without continued-stay reviews (migration 14).
    static let noReview = 0

    public static func insert(_ p: Program, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO programs (id, organization_id, name, description, model, default_length_days, review_frequency_days,
                active, created_at, updated_at, version)
            VALUES (\(bind: p.id), \(bind: p.organizationID), \(bind: p.name), \(bind: p.description), \(bind: p.model.rawValue),
                \(bind: p.defaultLengthDays), \(bind: p.reviewFrequencyDays ?? noReview), \(bind: p.active), \(bind: p.createdAt),
                \(bind: p.updatedAt), \(bind: p.version))
            """).run()
    }

    public static func get(_ id: UUID, on conn: Connection) async throws -> Program? {
        try await conn.sql.raw("SELECT * FROM programs WHERE id = \(bind: id)").first().map(decode)
    }

    /// Programs by id in one statement (a record names the programs of its episodes, screens and contacts).
    public static func get(ids: Set<UUID>, on conn: Connection) async throws -> [UUID: Program] {
        guard !ids.isEmpty else { return [:] }
        let programs = try await conn.sql.select().column("*").from("programs").where("id", .in, Array(ids)).all().map(decode)
        return Dictionary(programs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public static func list(organizationIDs: Set<UUID>, on conn: Connection) async throws -> [Program] {
        guard !organizationIDs.isEmpty else { return [] }
        return try await conn.sql.select().column("*").from("programs").where("organization_id", .in, Array(organizationIDs))
            .orderBy("name").all().map(decode)
    }

    public static func update(_ p: Program, expectedVersion: Int, on conn: Connection) async throws -> Program {
        var next = p
        next.version = expectedVersion + 1
        try await conn.updateVersioned("""
            UPDATE programs SET name = \(bind: p.name), description = \(bind: p.description), model = \(bind: p.model.rawValue),
                default_length_days = \(bind: p.defaultLengthDays), review_frequency_days = \(bind: p.reviewFrequencyDays ?? noReview),
                active = \(bind: p.active), updated_at = \(bind: p.updatedAt), version = \(bind: next.version)
            WHERE id = \(bind: p.id) AND version = \(bind: expectedVersion) RETURNING id
            """)
        return next
    }

    static func decode(_ row: any SQLRow) throws -> Program {
        Program(
            id: try row.uuid("id"), organizationID: try row.uuid("organization_id"), name: try row.string("name"),
            description: try row.string("description"), model: Program.Model(rawValue: try row.string("model")) ?? .longTerm,
            defaultLengthDays: try row.optionalInt("default_length_days"), reviewFrequencyDays: try row.int("review_frequency_days").nonZero,
            active: try row.bool("active"), createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            version: try row.int("version"))
    }
}

private extension Int {
    var nonZero: Int? { self == 0 ? nil : self }
}
