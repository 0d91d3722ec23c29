import Foundation
import PeerwayCore

/// The organization's roster and workforce report.
extension Workforce {
    // MARK: - Roster and report

    public struct RosterRow: Sendable {
        public let user: User
        public let discipline: Discipline
        public let status: CertificationStatus
        public let supervisorName: String?
    }

    /// The organization's active staff with their discipline and certification; a supervisor sees their team.
    public func roster(by actor: Actor, context: AuditContext) async throws -> [RosterRow] {
        try await guarded(context, .workforce) {
            try authorize(actor, .list, .workforce(organizationID: actor.organizationID))
            let today = self.today
            let rows = try await db.read { conn in
                let oversees = actor.has(.organizationAdmin) || actor.has(.programManager)
                let staff: [User]
                if oversees {
                    // Every active account: the page's figure counts them all.
                    staff = try await UserRecords.active(organizationID: actor.organizationID, on: conn)
                } else {
                    staff = try await UserRecords.team(supervisorID: actor.userID, on: conn)
                }
                let ids = staff.map(\.id)
                let settings = try await WorkforceRecords.settings(organizationID: actor.organizationID, on: conn)
                let profiles = try await WorkforceProfileRecords.profiles(organizationID: actor.organizationID, on: conn)
                let events = Dictionary(grouping: try await WorkforceRecords.certificationEvents(userIDs: ids, on: conn), by: \.userID)
                let ce = Dictionary(grouping: try await WorkforceRecords.continuingEducation(userIDs: ids, on: conn), by: \.userID)
                let names = try await UserRecords.displayNames(Set(staff.compactMap(\.supervisorID)), on: conn)
                return staff.map { u in
                    RosterRow(user: u, discipline: profiles[u.id]?.details.discipline ?? Self.defaultDiscipline(u),
                              status: CertificationRules.status(events: events[u.id] ?? [], ce: ce[u.id] ?? [], rules: settings.certificationRules, on: today),
                              supervisorName: u.supervisorID.flatMap { names[$0] })
                }
            }
            try await audit.record(db, context, .recordRead, resourceType: .workforce, detail: "roster=\(rows.count)")
            return rows
        }
    }

    /// A staff member without a profile counts by their role: a peer specialist as one, a supervisor as
    /// a clinical supervisor, anyone else as program leadership.
    public static func defaultDiscipline(_ user: User) -> Discipline {
        if user.roles.contains(.peerSpecialist) { return .peerSupportSpecialist }
        if user.roles.contains(.supervisor) { return .clinicalSupervisor }
        return .programLeadership
    }

    public struct Report: Sendable {
        public let report: WorkforceReport
        public let names: [UUID: String]
        public let periodStart: CalendarDate
    }

    /// The workforce report on today, with career advancement and wellness over the last twelve months.
    public func report(by actor: Actor, context: AuditContext) async throws -> Report {
        try await guarded(context, .workforce) {
            try authorize(actor, .export, .workforce(organizationID: actor.organizationID))
            let today = self.today, org = actor.organizationID
            let periodStart = today.adding(months: -12).adding(days: 1)
            let result = try await db.read { conn in
                let staff = try await UserRecords.active(organizationID: org, on: conn)
                let ids = staff.map(\.id)
                let settings = try await WorkforceRecords.settings(organizationID: org, on: conn)
                let profiles = try await WorkforceProfileRecords.profiles(organizationID: org, on: conn)
                let counts = try await AssignmentRecords.caseloadCounts(peerIDs: ids, on: conn)
                let events = Dictionary(grouping: try await WorkforceRecords.certificationEvents(organizationID: org, on: conn), by: \.userID)
                let ce = Dictionary(grouping: try await WorkforceRecords.continuingEducation(organizationID: org, on: conn), by: \.userID)
                let facts = staff.map { u in
                    let p = profiles[u.id]
                    return StaffFacts(userID: u.id, displayName: u.displayName, discipline: p?.details.discipline ?? Self.defaultDiscipline(u),
                                      languages: p?.background.languages ?? [], capacity: (p?.background ?? PeerBackground()).capacity,
                                      caseload: counts[u.id] ?? 0, supervisorID: u.supervisorID)
                }
                let statuses = Dictionary(uniqueKeysWithValues: staff.map { u in
                    (u.id, CertificationRules.status(events: events[u.id] ?? [], ce: ce[u.id] ?? [], rules: settings.certificationRules, on: today))
                })
                let previous = SupervisionRules.months(around: today).previous
                let sessions = try await WorkforceRecords.sessions(attendedBy: ids, from: previous, on: conn)
                let credentials = profiles.compactMapValues(\.details.credential)
                // Only the peers' own check-ins: anyone else's (the manager reading the report) would let
                // its reader subtract their answers from a group at the threshold.
                let peerIDs = Set(facts.filter { $0.discipline.isPeer }.map(\.userID))
                let checkIns = try await WorkforceRecords.checkIns(organizationID: org, from: periodStart, through: today, on: conn)
                    .filter { peerIDs.contains($0.userID) }
                let report = WorkforceReport.build(
                    asOf: today, staff: facts, statuses: statuses,
                    supervision: SupervisionRules.month(previous, peers: ids, sessions: sessions, targetMinutes: settings.supervisionMinutesPerMonth),
                    credentials: credentials, participantLanguages: try await WorkforceRecords.participantLanguages(organizationID: org, on: conn),
                    careerSteps: try await WorkforceRecords.careerSteps(organizationID: org, on: conn), periodStart: periodStart,
                    wellness: WellnessRules.summary(checkIns, from: periodStart, through: today))
                return Report(report: report, names: Dictionary(uniqueKeysWithValues: staff.map { ($0.id, $0.displayName) }), periodStart: periodStart)
            }
            try await audit.record(db, context, .recordRead, resourceType: .workforce, detail: "report")
            return result
        }
    }
}
