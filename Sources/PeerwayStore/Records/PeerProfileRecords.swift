import Foundation
import PeerwayCore
import SQLKit

/// What a peer specialist brings to a pairing, as they or their supervisor recorded it.
public struct PeerBackground: Sendable, Equatable, Codable {
    public var languages: [String] = ["en"]
    public var livedExperience: Set<LivedExperience> = []
    public var populations: Set<Population> = []
    public var culturalBackground: String = ""
    public var genderIdentity: GenderIdentity?
    public var region: String = ""
    public var capacity: Int = 25

    public init() {}
}

public enum PeerProfileRecords {
    public static func save(userID: UUID, organizationID: UUID, _ background: PeerBackground, now: Date, on conn: Connection) async throws {
        let json = try StoredJSON.text(background)
        try await conn.sql.raw("""
            INSERT INTO peer_profiles (user_id, organization_id, profile, capacity, updated_at)
            VALUES (\(bind: userID), \(bind: organizationID), \(bind: json), \(bind: background.capacity), \(bind: now))
            ON CONFLICT (user_id) DO UPDATE SET profile = \(bind: json), capacity = \(bind: background.capacity), updated_at = \(bind: now)
            """).run()
    }

    public static func get(_ userID: UUID, on conn: Connection) async throws -> PeerBackground? {
        guard let row = try await conn.sql.raw("SELECT profile FROM peer_profiles WHERE user_id = \(bind: userID)").all().first else { return nil }
        return try StoredJSON.decode(PeerBackground.self, try row.string("profile"))
    }

    /// Active peer specialists working in a program, with their backgrounds and current caseload size:
    /// the candidates a pairing is suggested from.
    public static func candidates(programID: UUID, on conn: Connection) async throws -> [PeerProfile] {
        let rows = try await conn.sql.raw("""
            SELECT u.id, u.display_name, pp.profile FROM users u
            JOIN user_programs up ON up.user_id = u.id AND up.program_id = \(bind: programID)
            JOIN user_roles r ON r.user_id = u.id AND r.role = 'peer_specialist'
            LEFT JOIN peer_profiles pp ON pp.user_id = u.id
            WHERE u.disabled = \(bind: false) ORDER BY u.display_name LIMIT 500
            """).all()
        let ids = try rows.map { try $0.uuid("id") }
        let counts = try await AssignmentRecords.caseloadCounts(peerIDs: ids, on: conn)
        return try rows.map { row in
            let id = try row.uuid("id")
            let background = try row.optionalString("profile").map { try StoredJSON.decode(PeerBackground.self, $0) } ?? PeerBackground()
            return PeerProfile(userID: id, displayName: try row.string("display_name"), languages: background.languages,
                               livedExperience: background.livedExperience, populations: background.populations,
                               culturalBackground: background.culturalBackground, genderIdentity: background.genderIdentity,
                               region: background.region, caseloadCount: counts[id] ?? 0, capacity: background.capacity)
        }
    }
}

/// A merge of one person's record into another's, with what was moved, so it can be undone.
public struct PersonMerge: Sendable, Equatable, Codable {
    /// Rows re-pointed from the merged record to the kept one, by table.
    public struct Moved: Sendable, Equatable, Codable {
        public var contacts: [UUID] = []
        public var screenings: [UUID] = []
        public var episodes: [UUID] = []
        public var assignments: [UUID] = []
        public var reviews: [UUID] = []
        public var crisisEvents: [UUID] = []
        public var supportPeople: [UUID] = []
    }

    public var id: UUID
    public var organizationID: UUID
    public var keptID: UUID
    public var mergedID: UUID
    public var moved: Moved
    public var mergedBy: UUID
    public var mergedAt: Date
    public var undoneAt: Date?
}

public enum MergeRecords {
    static var tables: [(String, String, WritableKeyPath<PersonMerge.Moved, [UUID]>)] { [
        ("contacts", "person_id", \.contacts), ("screenings", "person_id", \.screenings), ("episodes", "person_id", \.episodes),
        ("assignments", "person_id", \.assignments), ("reviews", "person_id", \.reviews), ("crisis_events", "person_id", \.crisisEvents),
        ("persons", "related_participant_id", \.supportPeople),
    ] }

    /// Re-points every row of `merged` to `kept`, marks `merged` as merged, and records what moved.
    public static func merge(id: UUID, kept: UUID, merged: UUID, organizationID: UUID, by: UUID, now: Date, on conn: Connection) async throws -> PersonMerge {
        var moved = PersonMerge.Moved()
        for (table, column, path) in tables {
            let rows = try await conn.sql.raw("SELECT id FROM \(unsafeRaw: table) WHERE \(unsafeRaw: column) = \(bind: merged)").all()
            moved[keyPath: path] = try rows.map { try $0.uuid("id") }
            try await conn.sql.raw("UPDATE \(unsafeRaw: table) SET \(unsafeRaw: column) = \(bind: kept) WHERE \(unsafeRaw: column) = \(bind: merged)").run()
        }
        try await conn.sql.raw("UPDATE persons SET merged_into_id = \(bind: kept), updated_at = \(bind: now), version = version + 1 WHERE id = \(bind: merged)").run()
        let record = PersonMerge(id: id, organizationID: organizationID, keptID: kept, mergedID: merged, moved: moved, mergedBy: by, mergedAt: now)
        let json = try StoredJSON.text(moved)
        try await conn.sql.raw("""
            INSERT INTO person_merges (id, organization_id, kept_id, merged_id, moved, merged_by, merged_at)
            VALUES (\(bind: record.id), \(bind: organizationID), \(bind: kept), \(bind: merged), \(bind: json), \(bind: by), \(bind: now))
            """).run()
        return record
    }

    /// Moves back exactly the rows the merge moved and restores the merged record.
    public static func undo(_ merge: PersonMerge, by: UUID, now: Date, on conn: Connection) async throws {
        for (table, column, path) in tables {
            for id in merge.moved[keyPath: path] {
                try await conn.sql.raw("UPDATE \(unsafeRaw: table) SET \(unsafeRaw: column) = \(bind: merge.mergedID) WHERE id = \(bind: id)").run()
            }
        }
        try await conn.sql.raw("UPDATE persons SET merged_into_id = NULL, updated_at = \(bind: now), version = version + 1 WHERE id = \(bind: merge.mergedID)").run()
        let rows = try await conn.sql.raw("""
            UPDATE person_merges SET undone_by = \(bind: by), undone_at = \(bind: now) WHERE id = \(bind: merge.id) AND undone_at IS NULL RETURNING id
            """).all()
        guard !rows.isEmpty else { throw StoreError.conflict }
    }

    public static func get(_ id: UUID, on conn: Connection) async throws -> PersonMerge? {
        try await conn.sql.raw("SELECT * FROM person_merges WHERE id = \(bind: id)").all().first.map(decode)
    }

    public static func involving(_ personID: UUID, on conn: Connection) async throws -> [PersonMerge] {
        try await conn.sql.raw("""
            SELECT * FROM person_merges WHERE kept_id = \(bind: personID) OR merged_id = \(bind: personID) ORDER BY merged_at DESC
            """).all().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> PersonMerge {
        PersonMerge(id: try row.uuid("id"), organizationID: try row.uuid("organization_id"), keptID: try row.uuid("kept_id"),
                    mergedID: try row.uuid("merged_id"),
                    moved: try StoredJSON.decode(PersonMerge.Moved.self, try row.string("moved")),
                    mergedBy: try row.uuid("merged_by"), mergedAt: try row.date("merged_at"), undoneAt: try row.optionalDate("undone_at"))
    }
}
