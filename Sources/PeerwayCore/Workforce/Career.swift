import Foundation

/// Roles along a peer's career path (seed 001: career pathways into supervisory roles; seed 000: peers
/// advancing to a leadership role).
public enum CareerRole: String, Sendable, Codable, CaseIterable {
    case peerSpecialist = "peer_specialist"
    case seniorPeer = "senior_peer"
    case peerSupervisor = "peer_supervisor"
    case programLeadership = "program_leadership"
    /// Another role in or outside the organization (a clinical role, a role elsewhere).
    case other

    public var isPeerRole: Bool { self == .peerSpecialist || self == .seniorPeer }
    public var isLeadership: Bool { self == .peerSupervisor || self == .programLeadership }
    public var labelKey: String { "career.role.\(rawValue)" }
}

/// A staff member taking up a role on a day; it lasts until their next step.
public struct CareerStep: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var userID: UUID
    public var role: CareerRole
    public var startedOn: CalendarDate
    public var recordedBy: UUID
    public var recordedAt: Date

    public init(id: UUID, userID: UUID, role: CareerRole, startedOn: CalendarDate, recordedBy: UUID, recordedAt: Date) {
        self.id = id
        self.userID = userID
        self.role = role
        self.startedOn = startedOn
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// Peers advancing to leadership in a period, counted from career records.
public struct CareerAdvancement: Sendable, Equatable {
    /// Staff who held a peer role (peer specialist or senior peer) on some day of the period: the denominator.
    public let peers: Set<UUID>
    /// Of them, those who took up a leadership role (peer supervisor, program leadership) during the period
    /// after holding a peer role: the numerator.
    public let advanced: Set<UUID>
}

public enum CareerRules {
    /// A new step: not after today, not before the person's latest step, and a change of role.
    public static func validate(_ step: CareerStep, history: [CareerStep], today: CalendarDate) throws(ValidationErrors) {
        var errors = ValidationErrors()
        if step.startedOn > today { errors.append(ValidationError("started_on", "in_future")) }
        DateRules.check(step.startedOn, field: "started_on", into: &errors)
        if let latest = ordered(history).last {
            if step.startedOn < latest.startedOn { errors.append(ValidationError("started_on", "before_previous_step")) }
            if latest.role == step.role { errors.append(ValidationError("role", "already_in_role")) }
        }
        try errors.throwIfAny()
    }

    public static func ordered(_ steps: [CareerStep]) -> [CareerStep] {
        steps.sorted { ($0.startedOn, $0.recordedAt) < ($1.startedOn, $1.recordedAt) }
    }

    /// The role held on a day, if any.
    public static func role(on date: CalendarDate, _ steps: [CareerStep]) -> CareerRole? {
        ordered(steps).last { $0.startedOn <= date }?.role
    }

    public static func advancement(_ steps: [CareerStep], from: CalendarDate, through: CalendarDate) -> CareerAdvancement {
        var peers = Set<UUID>(), advanced = Set<UUID>()
        for (user, mine) in Dictionary(grouping: steps, by: \.userID) {
            let history = ordered(mine)
            for (index, step) in history.enumerated() where step.role.isPeerRole {
                let ends = index + 1 < history.count ? history[index + 1].startedOn.adding(days: -1) : through
                if step.startedOn <= through && ends >= from { peers.insert(user) }
            }
            for (index, step) in history.enumerated() where step.role.isLeadership && step.startedOn >= from && step.startedOn <= through {
                // Moving up from a peer role; a leader moving between leadership roles is not counted again.
                if index > 0 && history[index - 1].role.isPeerRole { advanced.insert(user) }
            }
        }
        // Someone who moved up on the period's first day held their peer role only before it; they count in both.
        return CareerAdvancement(peers: peers.union(advanced), advanced: advanced)
    }
}
