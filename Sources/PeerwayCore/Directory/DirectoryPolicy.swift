import Foundation

/// Whose community resource directory a request is about, and who else it is shared with: a county
/// may share its directory with the providers under it.
public struct DirectoryScope: Sendable, Equatable {
    /// The organization the directory belongs to.
    public let organizationID: UUID
    /// Organizations that may read it besides its own (a county's providers, when it shares).
    public let sharedWith: Set<UUID>

    public init(organizationID: UUID, sharedWith: Set<UUID> = []) {
        self.organizationID = organizationID
        self.sharedWith = sharedWith
    }
}

/// A directory's settings, each off until its organization turns it on.
public struct DirectorySettings: Sendable, Equatable, Codable {
    /// The providers under this (county) organization read its directory.
    public var shareWithProviders: Bool
    /// Anyone, signed in or not, reads the directory through the HSDS read API.
    public var publicReadAPI: Bool
    /// Days after its last check an entry is flagged and listed for the curators.
    public var staleAfterDays: Int

    public init(shareWithProviders: Bool = false, publicReadAPI: Bool = false, staleAfterDays: Int = DirectoryCheckRules.defaultStaleAfterDays) {
        self.shareWithProviders = shareWithProviders
        self.publicReadAPI = publicReadAPI
        self.staleAfterDays = staleAfterDays
    }
}

/// Who may do what with a directory. The directory is not participant data: every member of the
/// organization (and of the providers it shares with) reads it; only curators change it.
public enum DirectoryPolicy {
    /// The roles that import, correct and export a directory, and change its settings.
    public static let curators: Set<Role> = [.organizationAdmin, .programManager, .supervisor]

    public static func mayCurate(_ actor: Actor) -> Bool { !actor.roles.isDisjoint(with: curators) }

    static func decide(_ actor: Actor, _ action: AccessAction, _ scope: DirectoryScope) -> AccessDecision {
        if actor.organizationID == scope.organizationID {
            switch action {
            case .read, .list: return .allow
            case .create, .update, .delete, .export: return mayCurate(actor) ? .allow : .deny
            default: return .deny
            }
        }
        guard scope.sharedWith.contains(actor.organizationID) else { return .notFound }
        return action == .read || action == .list ? .allow : .deny
    }
}
