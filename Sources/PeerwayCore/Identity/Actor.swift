import Foundation

/// The signed-in person on whose behalf a request acts, with everything the access policy needs.
public struct Actor: Sendable, Equatable {
    public let userID: UUID
    public let organizationID: UUID
    public let roles: Set<Role>
    /// Programs the person works in (assigned by an administrator).
    public let programIDs: Set<UUID>
    /// Organizations whose administration this person can see: their own and, for a county's system
    /// administrator, the provider organizations under it.
    public let administeredOrganizationIDs: Set<UUID>
    public let displayName: String

    public init(
        userID: UUID, organizationID: UUID, roles: Set<Role>, programIDs: Set<UUID> = [],
        administeredOrganizationIDs: Set<UUID>? = nil, displayName: String = ""
    ) {
        self.userID = userID
        self.organizationID = organizationID
        self.roles = roles
        self.programIDs = programIDs
        self.administeredOrganizationIDs = administeredOrganizationIDs ?? [organizationID]
        self.displayName = displayName
    }

    public func has(_ role: Role) -> Bool { roles.contains(role) }
    public func hasAny(_ set: Set<Role>) -> Bool { !roles.isDisjoint(with: set) }
    public var isAdmin: Bool { has(.organizationAdmin) || has(.systemAdmin) }
    public var isClinical: Bool { !roles.isDisjoint(with: Role.clinical) }
}
