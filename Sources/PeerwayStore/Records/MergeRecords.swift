import Foundation
import PeerwayCore
import SQLKit

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
        try await conn.updateVersioned("""
            UPDATE person_merges SET undone_by = \(bind: by), undone_at = \(bind: now) WHERE id = \(bind: merge.id) AND undone_at IS NULL RETURNING id
            """)
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
