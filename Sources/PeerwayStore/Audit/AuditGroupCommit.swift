import Foundation
import PeerwayCore

/// Group commit for events recorded on their own. Each waiting event would otherwise take its own
/// transaction, its chain's head lock and its own disk flush, so every request of an organization
/// queued behind one lock and one flush each. Here one writer at a time takes every event waiting
/// at that moment, appends them in the order they arrived, and commits them together; each caller
/// is answered once the transaction holding its event has committed, never before.
public actor AuditGroupCommit {
    public struct Statistics: Sendable, Equatable {
        /// Events committed through the group commit.
        public var events = 0
        /// Transactions that committed them.
        public var commits = 0
        /// The most events one commit held.
        public var largestBatch = 0
    }

    /// Enough to take a whole wave of requests at once while keeping one statement's bound
    /// parameters (17 an event) well inside both engines' limits.
    static let maxBatch = 500

    private struct Waiting {
        let entry: AuditLog.Entry
        let db: Database
        let done: CheckedContinuation<AuditEvent, any Error>
    }

    private var queue: [Waiting] = []
    private var writing = false
    /// Events waiting for the next commit, and events in the commit under way (tests watch these).
    var queued: Int { queue.count }
    private(set) var inFlight = 0
    public private(set) var statistics = Statistics()

    func submit(_ entry: AuditLog.Entry, to db: Database, log: AuditLog) async throws -> AuditEvent {
        try await withCheckedThrowingContinuation { done in
            queue.append(Waiting(entry: entry, db: db, done: done))
            if !writing {
                writing = true
                Task { await self.drain(log) }
            }
        }
    }

    private func drain(_ log: AuditLog) async {
        while let first = queue.first {
            // One database a batch: a log used with two databases (tests) keeps them apart.
            let batch = Array(queue.prefix(Self.maxBatch).prefix { $0.db === first.db })
            queue.removeFirst(batch.count)
            inFlight = batch.count
            await commit(batch, log: log)
            inFlight = 0
        }
        writing = false
    }

    private func commit(_ batch: [Waiting], log: AuditLog) async {
        do {
            let events = try await batch[0].db.write { conn in try await log.append(batch.map(\.entry), on: conn) }
            statistics.events += events.count
            statistics.commits += 1
            statistics.largestBatch = max(statistics.largestBatch, events.count)
            for (waiting, event) in zip(batch, events) { waiting.done.resume(returning: event) }
        } catch where batch.count > 1 {
            // Whatever failed, no caller's event may fail for another's: each tries again alone.
            for waiting in batch { await commit([waiting], log: log) }
        } catch {
            batch[0].done.resume(throwing: error)
        }
    }
}
