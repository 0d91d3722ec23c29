import Foundation

/// What the workforce report knows about one staff member.
public struct StaffFacts: Sendable, Equatable {
    public let userID: UUID
    public let displayName: String
    public let discipline: Discipline
    public let languages: [String]
    public let capacity: Int
    /// Participants currently assigned.
    public let caseload: Int
    public let supervisorID: UUID?

    public init(userID: UUID, displayName: String, discipline: Discipline, languages: [String], capacity: Int, caseload: Int, supervisorID: UUID?) {
        self.userID = userID
        self.displayName = displayName
        self.discipline = discipline
        self.languages = languages
        self.capacity = capacity
        self.caseload = caseload
        self.supervisorID = supervisorID
    }
}

/// An organization's workforce on one day. Every figure names its denominator: the peers (peer and
/// family-peer specialists, active accounts) unless it says otherwise.
public struct WorkforceReport: Sendable, Equatable {
    public struct Deadline: Sendable, Equatable {
        public let userID: UUID
        public let displayName: String
        public let deadline: CertificationDeadline
    }

    public struct LanguageRow: Sendable, Equatable {
        public let code: String
        /// Participants with an open episode whose preferred language this is.
        public let participants: Int
        /// Staff (every discipline) who speak it.
        public let staff: Int
        /// Participants in this language and nobody on staff speaks it: the recruitment gap.
        public var isGap: Bool { participants > 0 && staff == 0 }
    }

    public let asOf: CalendarDate
    /// Peers counted in every peer figure.
    public let peers: Int
    /// Peers in each certification state, every state listed (zero included).
    public let certification: [(state: CertificationState, count: Int)]
    /// Deadlines of the next 90 days and overdue ones, soonest first.
    public let deadlines: [Deadline]
    /// Peers in a certification cycle (certified or renewal due): the CE denominator.
    public let inCycle: Int
    /// Of them, those whose cycle's CE requirement is met.
    public let ceMet: Int
    /// The last complete month: peers who received the expected supervision, and the minutes all peers received.
    public let supervisionMonth: CalendarDate
    public let supervisionMet: Int
    public let supervisionMinutes: Int
    /// Peers whose supervisor has no qualifying credential valid today (or who have no supervisor).
    public let withoutQualifiedSupervisor: [UUID]
    /// Participants assigned to peers, and the peers' total capacity; peers carrying more than their capacity.
    public let caseload: Int
    public let capacity: Int
    public let overCapacity: [UUID]
    public let languages: [LanguageRow]
    public let advancement: CareerAdvancement
    /// Nil when fewer than `WellnessRules.minimumGroupSize` peers checked in during the period.
    public let wellness: WellnessSummary?

    public static func == (a: WorkforceReport, b: WorkforceReport) -> Bool {
        a.asOf == b.asOf && a.peers == b.peers && a.certification.map(\.state) == b.certification.map(\.state)
            && a.certification.map(\.count) == b.certification.map(\.count) && a.deadlines == b.deadlines && a.inCycle == b.inCycle
            && a.ceMet == b.ceMet && a.supervisionMet == b.supervisionMet && a.supervisionMinutes == b.supervisionMinutes
            && a.withoutQualifiedSupervisor == b.withoutQualifiedSupervisor && a.caseload == b.caseload && a.capacity == b.capacity
            && a.overCapacity == b.overCapacity && a.languages == b.languages && a.advancement == b.advancement && a.wellness == b.wellness
    }

    /// Days ahead a deadline is listed.
    public static let horizonDays = 90

    public static func build(asOf: CalendarDate, staff: [StaffFacts], statuses: [UUID: CertificationStatus],
                             supervision: [SupervisionMonth], credentials: [UUID: QualifyingCredential],
                             participantLanguages: [String: Int], careerSteps: [CareerStep], periodStart: CalendarDate,
                             wellness: WellnessSummary?) -> WorkforceReport {
        let peers = staff.filter { $0.discipline.isPeer }
        var byState: [CertificationState: Int] = [:]
        var deadlines: [Deadline] = []
        var inCycle = 0, ceMet = 0
        for peer in peers {
            let status = statuses[peer.userID]
            byState[status?.state ?? .notStarted, default: 0] += 1
            for d in status?.deadlines ?? [] where d.daysLeft <= horizonDays {
                deadlines.append(Deadline(userID: peer.userID, displayName: peer.displayName, deadline: d))
            }
            if let status, status.state == .certified || status.state == .renewalDue {
                inCycle += 1
                if status.ce?.isMet == true { ceMet += 1 }
            }
        }
        deadlines.sort { ($0.deadline.dueOn, $0.displayName) < ($1.deadline.dueOn, $1.displayName) }
        let peerIDs = Set(peers.map(\.userID))
        let months = supervision.filter { peerIDs.contains($0.peerID) }
        let unqualified = peers.filter { peer in
            guard let sup = peer.supervisorID, let credential = credentials[sup] else { return true }
            return !credential.isValid(on: asOf)
        }.map(\.userID)
        var spoken: [String: Int] = [:]
        for member in staff { for code in Set(member.languages) { spoken[code, default: 0] += 1 } }
        let codes = Set(spoken.keys).union(participantLanguages.keys)
        let languages = codes.map { LanguageRow(code: $0, participants: participantLanguages[$0] ?? 0, staff: spoken[$0] ?? 0) }
            .sorted { ($0.isGap ? 0 : 1, -$0.participants, $0.code) < ($1.isGap ? 0 : 1, -$1.participants, $1.code) }
        return WorkforceReport(
            asOf: asOf, peers: peers.count,
            certification: CertificationState.allCases.map { ($0, byState[$0] ?? 0) },
            deadlines: deadlines, inCycle: inCycle, ceMet: ceMet,
            supervisionMonth: months.first?.month ?? SupervisionRules.months(around: asOf).previous,
            supervisionMet: months.filter(\.isMet).count, supervisionMinutes: months.reduce(0) { $0 + $1.minutes },
            withoutQualifiedSupervisor: unqualified,
            caseload: peers.reduce(0) { $0 + $1.caseload }, capacity: peers.reduce(0) { $0 + $1.capacity },
            overCapacity: peers.filter { $0.caseload > $0.capacity }.map(\.userID),
            languages: languages,
            advancement: CareerRules.advancement(careerSteps, from: periodStart, through: asOf),
            wellness: wellness)
    }
}
