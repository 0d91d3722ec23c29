import Foundation

/// A person who works in an organization and signs in to Peerway.
public struct User: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var organizationID: UUID
    public var email: String
    public var displayName: String
    public var roles: Set<Role>
    public var programIDs: Set<UUID>
    public var supervisorID: UUID?
    public var disabled: Bool
    public var totpEnabled: Bool
    public var locale: String
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(id: UUID, organizationID: UUID, email: String, displayName: String, roles: Set<Role>,
                programIDs: Set<UUID> = [], supervisorID: UUID? = nil, disabled: Bool = false,
                totpEnabled: Bool = false, locale: String = "en", createdAt: Date, updatedAt: Date, version: Int = 1) {
        self.id = id
        self.organizationID = organizationID
        self.email = email
        self.displayName = displayName
        self.roles = roles
        self.programIDs = programIDs
        self.supervisorID = supervisorID
        self.disabled = disabled
        self.totpEnabled = totpEnabled
        self.locale = locale
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// Their roles demand a second factor (administrators), whether or not one is enrolled yet.
    public var mustUseSecondFactor: Bool { roles.contains { $0.requiresSecondFactor } }

    /// Sign-in asks this person for a code: required by a role, or turned on by them.
    public var signInNeedsSecondFactor: Bool { totpEnabled || mustUseSecondFactor }
}
