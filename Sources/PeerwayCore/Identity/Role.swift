import Foundation

/// The roles a person can hold in an organization. A user may hold several.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case peerSpecialist = "peer_specialist"
    case supervisor = "supervisor"
    case programManager = "program_manager"
    case organizationAdmin = "organization_admin"
    case systemAdmin = "system_admin"
    case evaluator = "evaluator"

    /// Administrators can change who may see health records, so a stolen password alone must not be enough.
    public var requiresSecondFactor: Bool {
        switch self {
        case .organizationAdmin, .systemAdmin: true
        default: false
        }
    }

    /// The roles that work with participants: they reach a caseload, document services and
    /// co-facilitate. Administrators and evaluators hold none of them.
    public static let clinical: Set<Role> = [.peerSpecialist, .supervisor, .programManager]

    public var isClinical: Bool { Role.clinical.contains(self) }

    /// The roles that read a program's counts (its service mix, its linkage measures): no names, so
    /// evaluators too.
    public static let programCounts: Set<Role> = [.supervisor, .programManager, .evaluator]

    /// The roles that follow up a whole program's open work (its people waiting for a peer, its
    /// referrals waiting for an outcome); everyone else follows up their own.
    public static let programFollowUp: Set<Role> = [.supervisor, .programManager]

    /// Localization key of the role's display name.
    public var labelKey: String { "role.\(rawValue)" }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public static func parseList(_ text: String) throws(ValidationError) -> Set<Role> {
        var roles = Set<Role>()
        for piece in text.split(separator: ",") {
            let name = piece.trimmingCharacters(in: .whitespaces)
            guard let role = Role(rawValue: name) else { throw ValidationError("roles", "unknown_role") }
            roles.insert(role)
        }
        return roles
    }
}
