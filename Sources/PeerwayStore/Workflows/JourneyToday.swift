import Foundation
import PeerwayCore

/// The journey's part of the home pages' "Today": who is waiting for a peer, and each program's open,
/// unpaired and overdue episodes. Counts and lists cover only what the actor may list, and are audited.
extension ParticipantJourney {
    public struct ProgramCounts: Sendable, Equatable {
        public var programID: UUID
        /// Open episodes; those with no peer yet; those whose continued-stay review is overdue.
        public var open: Int
        public var unpaired: Int
        public var overdue: Int
    }

    /// Open episodes in the actor's programs with no peer yet, oldest enrollment first: a supervisor's or
    /// manager's list of people to pair.
    public func waitingForPeer(by actor: Actor, limit: Int = 50, context: AuditContext) async throws -> [(Episode, Person)] {
        try await guarded(context, .waitingForPeer) {
            let rows = try await db.read { conn -> [(Episode, Person)] in
                let episodes = try await TodayRecords.unpaired(programIDs: actor.programIDs, limit: limit, on: conn)
                return try await Self.listable(episodes, by: actor, on: conn)
            }
            try await audit.record(db, context, .recordRead, resourceType: .waitingForPeer, detail: "entries=\(rows.count)")
            return rows
        }
    }

    /// Per program the actor may list every participant of (a manager's programs): counts only, no names.
    public func programOverview(by actor: Actor, context: AuditContext) async throws -> [ProgramCounts] {
        try await guarded(context, .programOverview) {
            let programs = actor.programIDs.filter {
                AccessPolicy.decide(actor, .list, .participants(organizationID: actor.organizationID, programID: $0)) == .allow
            }
            let counts = try await db.read { conn in try await TodayRecords.episodeCounts(programIDs: programs, today: today, on: conn) }
            try await audit.record(db, context, .recordRead, resourceType: .programOverview, detail: "programs=\(programs.count)")
            return programs.sorted { $0.uuidString < $1.uuidString }.map { id in
                let c = counts[id] ?? (0, 0, 0)
                return ProgramCounts(programID: id, open: c.open, unpaired: c.unpaired, overdue: c.overdue)
            }
        }
    }
}
