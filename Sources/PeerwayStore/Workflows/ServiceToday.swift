import Foundation
import PeerwayCore

/// The services' part of the home pages' "Today": unsigned notes, and who has gone quiet.
extension ServiceDocumentation {
    /// How far back a program's unsigned notes are counted on a home page.
    public static let openNotesWindowDays = 90
    /// A person on a caseload with no service for this many days is "quiet".
    public static let quietDays = 30

    public struct OpenNotes: Sendable, Equatable {
        /// The actor's own drafts.
        public var mine = 0
        /// A supervisor's team: each peer with drafts, and how many.
        public var team: [UUID: Int] = [:]
        /// Per program the actor manages: drafts for services in the last `openNotesWindowDays` days.
        public var programs: [UUID: Int] = [:]
    }

    public func openNotes(by actor: Actor, context: AuditContext) async throws -> OpenNotes {
        try await guarded(context, .openNotes) {
            let managed = actor.has(.programManager) ? actor.programIDs.filter {
                AccessPolicy.decide(actor, .list, .services(organizationID: actor.organizationID, programID: $0)) == .allow
            } : Set<UUID>()
            let since = today.adding(days: -Self.openNotesWindowDays)
            let notes = try await db.read { conn -> OpenNotes in
                var notes = OpenNotes()
                let team = actor.has(.supervisor) ? try await UserRecords.team(supervisorID: actor.userID, on: conn).map(\.id) : []
                let byPeer = try await TodayRecords.draftsByPeer([actor.userID] + team, on: conn)
                notes.mine = byPeer[actor.userID] ?? 0
                notes.team = byPeer.filter { team.contains($0.key) && $0.value > 0 }
                notes.programs = try await TodayRecords.draftsByProgram(managed, since: since, on: conn)
                return notes
            }
            try await audit.record(db, context, .recordRead, resourceType: .openNotes, detail: "peers=\(notes.team.count + 1)")
            return notes
        }
    }

    /// Of the people on the actor's caseload (`caseload`, as the journey gave it under the access policy),
    /// those with no service in `quietDays` days, longest quiet first.
    public func quiet(_ caseload: [CaseloadEntry]) async throws -> [CaseloadEntry] {
        let since = today.adding(days: -Self.quietDays)
        let last = try await db.read { conn in try await TodayRecords.lastServiceDates(caseload.map(\.person.id), on: conn) }
        let far = CalendarDate(year: 1900, month: 1, day: 1)!
        return caseload.filter { (last[$0.person.id] ?? far) < since }.sorted { (last[$0.person.id] ?? far) < (last[$1.person.id] ?? far) }
    }
}
