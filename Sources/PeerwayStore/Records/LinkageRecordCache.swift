import Foundation
import PeerwayCore
import SQLKit
import Synchronization

/// Linkage records already counted, kept in the process so that a search ranking 200 services by their
/// record does not count their referrals again on every request (issue 12's search goal).
///
/// A directory's records are kept with the day they were counted for and the generation of each
/// organization whose referrals they count (`referral_generations`, which triggers move with every
/// referral written, by any process). A reader uses them only while the day and every generation are
/// still those it reads itself, so a record is never older than the database the reader sees. Each
/// generation is read before the counts it keys: a count that saw a newer referral is kept under a
/// generation no later reader will match.
public final class LinkageRecordCache: Sendable {
    struct Entry {
        let day: CalendarDate
        let generations: [UUID: Int64]
        var counts: [String: (referrals: Int, linked: Int)]
    }

    /// A directory holds 50,000 services at county scale; past this many the kept counts start again,
    /// whatever ids a reader asks for.
    static let mostKept = 100_000

    private let entries = Mutex<[UUID: Entry]>([:])

    public init() {}

    /// The counts of `serviceIDs` in `directory`'s record (the referrals of `organizationIDs`, for
    /// `day`), counting with `count` only those not already kept for the same day and generations.
    func counts(directory: UUID, organizationIDs: [UUID], day: CalendarDate, serviceIDs: [String], on conn: Connection,
                count: ([String]) async throws -> [String: (referrals: Int, linked: Int)]) async throws -> [String: (referrals: Int, linked: Int)] {
        guard !serviceIDs.isEmpty else { return [:] }
        let generations = try await Self.generations(organizationIDs, on: conn)
        var found: [String: (referrals: Int, linked: Int)] = [:]
        var missing: [String] = []
        entries.withLock { entries in
            let kept = entries[directory].flatMap { $0.day == day && $0.generations == generations ? $0.counts : nil }
            for id in serviceIDs {
                if let c = kept?[id] { found[id] = c } else { missing.append(id) }
            }
        }
        guard !missing.isEmpty else { return found }
        let counted = try await count(missing)
        entries.withLock { entries in
            var entry = entries[directory].flatMap { $0.day == day && $0.generations == generations && $0.counts.count < Self.mostKept ? $0 : nil }
                ?? Entry(day: day, generations: generations, counts: [:])
            for id in missing {
                let c = counted[id] ?? (0, 0)
                entry.counts[id] = c
                found[id] = c
            }
            entries[directory] = entry
        }
        return found
    }

    /// Every organization's generation, 0 for one whose referrals were never written since the table began.
    static func generations(_ organizationIDs: [UUID], on conn: Connection) async throws -> [UUID: Int64] {
        var out = Dictionary(uniqueKeysWithValues: organizationIDs.map { ($0, Int64(0)) })
        guard !organizationIDs.isEmpty else { return out }
        for row in try await conn.sql.raw("""
            SELECT organization_id AS o, generation AS g FROM referral_generations
            WHERE organization_id IN (\(SQLList(organizationIDs.map { SQLBind($0) })))
            """).all() {
            out[try row.uuid("o")] = try row.decode(column: "g", as: Int64.self)
        }
        return out
    }
}
