import Foundation
import PeerwayCore

/// Supervision: the sessions a supervisor logs and their team's hours.
extension Workforce {
    // MARK: - Supervision

    /// Logs a session the actor (a supervisor) held. Each peer must be one they may record for: their
    /// supervisee, or anyone if they are also HR. The supervisor must hold a qualifying credential valid that day.
    public func logSupervision(peerIDs: [UUID], heldOn: CalendarDate, minutes: Int, format: SupervisionFormat, topics: Set<SupervisionTopic>,
                               note: String, by actor: Actor, context: AuditContext) async throws -> SupervisionSession {
        try await guardedWrite(context, .supervisionSession) { conn in
            try authorize(actor, .create, .supervision(organizationID: actor.organizationID))
            for peer in Set(peerIDs) {
                do { _ = try await Access.resolve(.staffRecord, peer, .create, by: actor, on: conn) } catch is AccessRefused {
                    throw OffCaseload(field: "peers", decision: .notFound, resource: .workforce, code: "not_your_supervisee")
                }
            }
            let credential = try await WorkforceProfileRecords.profile(actor.userID, on: conn)?.details.credential
            let draft = SupervisionSession(id: store.newID(), organizationID: actor.organizationID, supervisorID: actor.userID, heldOn: heldOn,
                                           minutes: minutes, format: format, peerIDs: peerIDs, topics: topics, note: note,
                                           recordedBy: actor.userID, recordedAt: store.now())
            let session = try StoreError.validating { try SupervisionRules.validate(draft, supervisorCredential: credential, today: today) }
            try await WorkforceRecords.insert(session, on: conn)
            try await audit.append(context, .recordCreated, resourceType: .supervisionSession, resourceID: session.id.text,
                                   detail: "peers=\(session.peerIDs.count) minutes=\(session.minutes)", on: conn)
            return session
        }
    }

    public struct TeamMember: Sendable {
        public let user: User
        public let current: SupervisionMonth
        public let previous: SupervisionMonth
        public let status: CertificationStatus
        /// Days since their last wellness check-in, nil when none: the supervisor sees that one is due, not its answers here.
        public let lastCheckIn: CalendarDate?
        public var isBehind: Bool { !previous.isMet }
    }

    /// A supervisor's team: each supervisee's supervision this month and last, their certification and
    /// what is due, and the sessions the supervisor held recently.
    public struct Team: Sendable {
        public let supervisor: User
        public let credential: QualifyingCredential?
        public let qualified: Bool
        public let members: [TeamMember]
        public let sessions: [SupervisionSession]
        public let targetMinutes: Int
        public let month: CalendarDate
        public let previousMonth: CalendarDate
        public let names: [UUID: String]
    }

    public func team(by actor: Actor, context: AuditContext) async throws -> Team {
        try await guarded(context, .supervisionSession) {
            try authorize(actor, .list, .supervision(organizationID: actor.organizationID))
            let today = self.today
            let team = try await db.read { conn in
                guard let me = try await UserRecords.get(actor.userID, on: conn) else { throw AccessRefused(decision: .notFound) }
                let settings = try await WorkforceRecords.settings(organizationID: actor.organizationID, on: conn)
                let members = try await UserRecords.team(supervisorID: actor.userID, on: conn)
                let ids = members.map(\.id)
                let (current, previous) = SupervisionRules.months(around: today)
                let received = try await WorkforceRecords.sessions(attendedBy: ids, from: previous, on: conn)
                let events = Dictionary(grouping: try await WorkforceRecords.certificationEvents(userIDs: ids, on: conn), by: \.userID)
                let ce = Dictionary(grouping: try await WorkforceRecords.continuingEducation(userIDs: ids, on: conn), by: \.userID)
                let checkIns = try await WorkforceRecords.checkIns(userIDs: ids, on: conn)
                let lastCheckIn = Dictionary(checkIns.map { ($0.userID, $0.givenOn) }, uniquingKeysWith: max)
                let target = settings.supervisionMinutesPerMonth
                let cur = Dictionary(uniqueKeysWithValues: SupervisionRules.month(current, peers: ids, sessions: received, targetMinutes: target).map { ($0.peerID, $0) })
                let prev = Dictionary(uniqueKeysWithValues: SupervisionRules.month(previous, peers: ids, sessions: received, targetMinutes: target).map { ($0.peerID, $0) })
                let rows = members.map { m in
                    TeamMember(user: m, current: cur[m.id]!, previous: prev[m.id]!,
                               status: CertificationRules.status(events: events[m.id] ?? [], ce: ce[m.id] ?? [], rules: settings.certificationRules, on: today),
                               lastCheckIn: lastCheckIn[m.id])
                }
                let held = try await WorkforceRecords.sessions(supervisorID: actor.userID, from: today.adding(months: -3), on: conn)
                let credential = try await WorkforceProfileRecords.profile(actor.userID, on: conn)?.details.credential
                var names = Dictionary(uniqueKeysWithValues: members.map { ($0.id, $0.displayName) })
                let others = Set(held.flatMap(\.peerIDs)).subtracting(names.keys)
                names.merge(try await UserRecords.displayNames(others, on: conn)) { a, _ in a }
                return Team(supervisor: me, credential: credential, qualified: credential?.isValid(on: today) ?? false, members: rows,
                            sessions: held, targetMinutes: target, month: current, previousMonth: previous, names: names)
            }
            try await audit.record(db, context, .recordRead, resourceType: .supervisionSession, detail: "team=\(team.members.count)")
            return team
        }
    }
}
