import Foundation
import PeerwayCore
import SQLKit

/// The counts behind the "Today" panels of the home pages. Each query is bounded by what a home page
/// may cost at county scale: by peer or person (their indexes), or by program over a recent window.
public enum TodayRecords {
    /// Open episodes in these programs with no current pairing, oldest enrollment first.
    public static func unpaired(programIDs: Set<UUID>, limit: Int, on conn: Connection) async throws -> [Episode] {
        guard !programIDs.isEmpty else { return [] }
        return try await conn.sql.raw("""
            SELECT e.* FROM episodes e
            WHERE e.program_id IN (\(SQLList(programIDs.sorted { $0.uuidString < $1.uuidString }.map { SQLBind($0) })))
            AND e.is_open = \(bind: true)
            AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.episode_id = e.id AND a.is_current = \(bind: true))
            ORDER BY e.enrolled_on, e.id LIMIT \(bind: limit)
            """).all().map(EpisodeRecords.decode)
    }

    /// Per program: open episodes, those with no current pairing, and those whose review is overdue.
    public static func episodeCounts(programIDs: Set<UUID>, today: CalendarDate, on conn: Connection) async throws -> [UUID: (open: Int, unpaired: Int, overdue: Int)] {
        guard !programIDs.isEmpty else { return [:] }
        var counts: [UUID: (open: Int, unpaired: Int, overdue: Int)] = [:]
        for row in try await conn.sql.raw("""
            SELECT e.program_id AS program_id, COUNT(*) AS open,
                   SUM(CASE WHEN NOT EXISTS (SELECT 1 FROM assignments a WHERE a.episode_id = e.id AND a.is_current = \(bind: true))
                       THEN 1 ELSE 0 END) AS unpaired,
                   SUM(CASE WHEN e.next_review_on < \(bind: today.description) THEN 1 ELSE 0 END) AS overdue
            FROM episodes e
            WHERE e.program_id IN (\(SQLList(programIDs.map { SQLBind($0) }))) AND e.is_open = \(bind: true)
            GROUP BY e.program_id
            """).all() {
            counts[try row.uuid("program_id")] = (try row.int("open"), try row.int("unpaired"), try row.int("overdue"))
        }
        return counts
    }

    /// Unsigned (draft) notes per peer.
    public static func draftsByPeer(_ peerIDs: [UUID], on conn: Connection) async throws -> [UUID: Int] {
        guard !peerIDs.isEmpty else { return [:] }
        return try await conn.counts("""
            SELECT peer_id, COUNT(*) AS n FROM services
            WHERE peer_id IN (\(SQLList(peerIDs.map { SQLBind($0) }))) AND status = \(bind: "draft") GROUP BY peer_id
            """, by: "peer_id")
    }

    /// Unsigned notes per program for services on or after `since` (a program's whole history would be a
    /// scan of millions of rows for a home page).
    public static func draftsByProgram(_ programIDs: Set<UUID>, since: CalendarDate, on conn: Connection) async throws -> [UUID: Int] {
        guard !programIDs.isEmpty else { return [:] }
        return try await conn.counts("""
            SELECT program_id, COUNT(*) AS n FROM services
            WHERE program_id IN (\(SQLList(programIDs.map { SQLBind($0) }))) AND service_date >= \(bind: since.description)
            AND status = \(bind: "draft") GROUP BY program_id
            """, by: "program_id")
    }

    /// The day of each person's latest service (people with none are absent).
    public static func lastServiceDates(_ personIDs: [UUID], on conn: Connection) async throws -> [UUID: CalendarDate] {
        guard !personIDs.isEmpty else { return [:] }
        var last: [UUID: CalendarDate] = [:]
        for row in try await conn.sql.raw("""
            SELECT person_id, MAX(service_date) AS last FROM services
            WHERE person_id IN (\(SQLList(personIDs.map { SQLBind($0) }))) GROUP BY person_id
            """).all() {
            if let day = CalendarDate(try row.decode(column: "last", as: String.self)) { last[try row.uuid("person_id")] = day }
        }
        return last
    }
}
