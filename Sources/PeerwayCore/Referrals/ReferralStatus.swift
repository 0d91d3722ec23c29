import Foundation

/// Where a referral stands in its closed loop: proposed → sent → accepted or declined → linked (the
/// person actually received the service: a successful linkage) or not linked.
public enum ReferralStatus: String, Sendable, Codable, CaseIterable, Comparable {
    case proposed
    case sent
    case accepted
    case declined
    case linked
    case notLinked = "not_linked"

    /// The statuses a referral may move to from this one. A referral cannot be linked before it was
    /// sent; a walk-in service can link a sent referral without ever accepting it; declined, linked and
    /// not linked close the loop.
    public var next: [ReferralStatus] {
        switch self {
        case .proposed: [.sent, .notLinked]
        case .sent: [.accepted, .declined, .linked, .notLinked]
        case .accepted: [.linked, .notLinked]
        case .declined, .linked, .notLinked: []
        }
    }

    public func canMove(to status: ReferralStatus) -> Bool { next.contains(status) }

    /// The loop is closed: the referral has its outcome.
    public var isOutcome: Bool { self == .declined || self == .linked || self == .notLinked }

    /// Declined and not linked say why.
    public var needsReason: Bool { self == .declined || self == .notLinked }

    /// The HL7 FHIR R4 `Task.status` code each status maps to, one to one (docs/referrals.md).
    public var fhirTaskStatus: String {
        switch self {
        case .proposed: "draft"
        case .sent: "requested"
        case .accepted: "accepted"
        case .declined: "rejected"
        case .linked: "completed"
        case .notLinked: "failed"
        }
    }

    public init?(fhirTaskStatus code: String) {
        guard let status = Self.allCases.first(where: { $0.fhirTaskStatus == code }) else { return nil }
        self = status
    }

    public var labelKey: String { "referral.status.\(rawValue)" }

    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// Why a referral was declined or did not lead to the service.
public enum ReferralReason: String, Sendable, Codable, CaseIterable {
    case noShow = "no_show"
    case waitList = "wait_list"
    case ineligible
    case personDeclined = "person_declined"
    case unableToReach = "unable_to_reach"
    case serviceClosed = "service_closed"
    case other

    public var labelKey: String { "referral.reason.\(rawValue)" }
}

/// The kind of help a referral is for (seed 001: the programs PeerLINKS worked with).
public enum ReferralNeed: String, Sendable, Codable, CaseIterable {
    case health
    case mentalHealth = "mental_health"
    case substanceUse = "substance_use"
    case housing
    case employment
    case immigration
    case basicNeeds = "basic_needs"
    case transportation
    case legal
    case homelessCourt = "homeless_court"
    case benefits
    case education
    case familySupport = "family_support"
    case other

    public var labelKey: String { "referral.need.\(rawValue)" }
}

/// How soon the person needs the help.
public enum ReferralUrgency: String, Sendable, Codable, CaseIterable {
    case routine, soon, urgent

    public var labelKey: String { "referral.urgency.\(rawValue)" }
}

/// What the peer does with the person beyond handing over a name: seed 002's assertive linkage.
public enum WarmHandoff: String, Sendable, Codable, CaseIterable {
    /// The person goes on their own with the details.
    case none
    /// The peer and the person call the service together.
    case callTogether = "call_together"
    /// The peer goes along.
    case goAlong = "go_along"

    public var labelKey: String { "referral.handoff.\(rawValue)" }
}
