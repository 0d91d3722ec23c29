import Foundation
import PeerwayCore

extension Administration {
    public struct NewUser: Sendable {
        public var email: String
        public var displayName: String
        public var password: String
        public var roles: Set<Role>
        public var programIDs: Set<UUID>
        public var supervisorID: UUID?
        public var locale: String
        public init(email: String, displayName: String, password: String, roles: Set<Role>, programIDs: Set<UUID> = [], supervisorID: UUID? = nil, locale: String = "en") {
            self.email = email
            self.displayName = displayName
            self.password = password
            self.roles = roles
            self.programIDs = programIDs
            self.supervisorID = supervisorID
            self.locale = locale
        }
    }

    public func createUser(_ input: NewUser, organizationID: UUID, by actor: Actor?, context: AuditContext) async throws -> User {
        try authorize(actor, .create, .user(organizationID: organizationID, userID: nil))
        var errors = ValidationErrors()
        var email = "", name = ""
        do { email = try Credentials.normalizedEmail(input.email) } catch { errors.append(error) }
        do { name = try Credentials.validateDisplayName(input.displayName) } catch { errors.append(error) }
        do { try Credentials.validatePassword(input.password, email: email) } catch { errors.append(error) }
        if input.roles.isEmpty { errors.append(ValidationError("roles", "required", "error.roles_required")) }
        if !["en", "es"].contains(input.locale) {
            errors.append(ValidationError("locale", "unsupported_locale"))
        }
        if let actor, input.roles.contains(where: { !AccessPolicy.mayGrant(actor, $0, in: organizationID) }) {
            errors.append(ValidationError("roles", "role_not_grantable"))
        }
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        let hash = try hasher.hash(input.password)
        let now = store.now()
        let user = User(id: store.newID(), organizationID: organizationID, email: email, displayName: name, roles: input.roles,
                        programIDs: input.programIDs, supervisorID: input.supervisorID, locale: input.locale, createdAt: now, updatedAt: now)
        return try await db.write { conn in
            try await insertUser(user, passwordHash: hash, context: context, on: conn)
            return user
        }
    }

    /// Checks the user's programs and supervisor, stores the user and appends `user_created`.
    func insertUser(_ user: User, passwordHash: String, context: AuditContext, detail: String = "", on conn: Connection) async throws {
        try await checkReferences(user, on: conn)
        try await UserRecords.insert(user, passwordHash: passwordHash, on: conn)
        let roles = "roles=\(user.roles.map(\.rawValue).sorted().joined(separator: ","))"
        try await audit.append(context, .userCreated, resourceType: .user, resourceID: user.id.text,
                               organizationID: user.organizationID, detail: detail.isEmpty ? roles : "\(roles) \(detail)", on: conn)
    }

    public struct UserChanges: Sendable {
        public var displayName: String?
        public var roles: Set<Role>?
        public var programIDs: Set<UUID>?
        /// `.some(nil)` clears the supervisor.
        public var supervisorID: UUID??
        public var disabled: Bool?
        public var locale: String?
        public init(displayName: String? = nil, roles: Set<Role>? = nil, programIDs: Set<UUID>? = nil, supervisorID: UUID?? = nil, disabled: Bool? = nil, locale: String? = nil) {
            self.displayName = displayName
            self.roles = roles
            self.programIDs = programIDs
            self.supervisorID = supervisorID
            self.disabled = disabled
            self.locale = locale
        }
        var touchesPrivileges: Bool { roles != nil || programIDs != nil || supervisorID != nil || disabled != nil }
    }

    /// Applies changes to a user. Role, program, supervisor and disabled changes are privilege changes:
    /// audited as such, and disabling ends the user's sessions and tokens at once.
    public func updateUser(_ id: UUID, _ changes: UserChanges, expectedVersion: Int?, by actor: Actor?, context: AuditContext) async throws -> User {
        let cleanedName = try changes.displayName.map { try Credentials.validated(displayName: $0) }
        if let locale = changes.locale, !["en", "es"].contains(locale) { throw Self.invalid("locale", "unsupported_locale") }
        return try await db.write { conn in
            guard var user = try await UserRecords.get(id, on: conn) else { throw StoreError.notFound }
            try authorize(actor, .update, .user(organizationID: user.organizationID, userID: id))
            if changes.touchesPrivileges {
                try authorize(actor, .managePrivileges, .user(organizationID: user.organizationID, userID: id))
            }
            let before = user
            if let cleanedName { user.displayName = cleanedName }
            if let roles = changes.roles {
                if roles.isEmpty { throw Self.invalid("roles", "required", "error.roles_required") }
                if let actor {
                    // Granting or removing a role needs the right to grant that role.
                    for role in roles.symmetricDifference(user.roles) where !AccessPolicy.mayGrant(actor, role, in: user.organizationID) {
                        throw Self.invalid("roles", "role_not_grantable")
                    }
                }
                user.roles = roles
            }
            if let programs = changes.programIDs { user.programIDs = programs }
            if let supervisor = changes.supervisorID { user.supervisorID = supervisor }
            if let disabled = changes.disabled { user.disabled = disabled }
            if let locale = changes.locale { user.locale = locale }
            user.updatedAt = store.now()
            try await checkReferences(user, on: conn)
            let saved = try await UserRecords.update(user, expectedVersion: expectedVersion ?? before.version, on: conn)
            let rid = id.text
            if before.roles != user.roles || before.programIDs != user.programIDs || before.supervisorID != user.supervisorID {
                let detail = "roles=\(user.roles.map(\.rawValue).sorted().joined(separator: ",")) programs=\(user.programIDs.count) supervisor=\(user.supervisorID?.text ?? "none")"
                try await audit.append(context, .privilegeChange, resourceType: .user, resourceID: rid, organizationID: user.organizationID, detail: detail, on: conn)
            }
            if before.disabled != user.disabled {
                try await audit.append(context, user.disabled ? .userDisabled : .userEnabled, resourceType: .user, resourceID: rid, organizationID: user.organizationID, on: conn)
                if user.disabled {
                    try await SessionRecords.deleteAll(userID: id, on: conn)
                    try await TokenRecords.revokeAll(userID: id, now: store.now(), on: conn)
                }
            }
            if before.displayName != user.displayName || before.locale != user.locale {
                try await audit.append(context, .userUpdated, resourceType: .user, resourceID: rid, organizationID: user.organizationID, on: conn)
            }
            return saved
        }
    }

    /// Sets a new password. Every session of the user ends, so a stolen session stops working, and by
    /// default every API token is revoked too: a password is changed because it may be known to
    /// someone else, who may have made a token with it. `revokeTokens: false` keeps the tokens (a
    /// routine change by someone whose scripts would otherwise stop). When `currentPassword` is given
    /// (a person changing their own), it must match.
    public func setPassword(_ id: UUID, newPassword: String, currentPassword: String?, revokeTokens: Bool = true,
                            by actor: Actor?, context: AuditContext) async throws {
        let creds = try await db.read { conn in try await UserRecords.credentials(id: id, on: conn) }
        guard let creds else { throw StoreError.notFound }
        if let actor, actor.userID != id {
            try authorize(actor, .managePrivileges, .user(organizationID: creds.user.organizationID, userID: id))
        }
        if let currentPassword, !hasher.verify(currentPassword, against: creds.passwordHash) {
            throw Self.invalid("current_password", "wrong_password")
        }
        try StoreError.validating { try Credentials.validatePassword(newPassword, email: creds.user.email) }
        let hash = try hasher.hash(newPassword)
        let now = store.now()
        try await db.write { conn in
            try await UserRecords.setPasswordHash(id, hash, on: conn)
            try await SessionRecords.deleteAll(userID: id, on: conn)
            if revokeTokens { try await TokenRecords.revokeAll(userID: id, now: now, on: conn) }
            try await audit.append(context, .passwordChanged, resourceType: .user, resourceID: id.text, organizationID: creds.user.organizationID,
                                   detail: revokeTokens ? "sessions ended; API tokens revoked" : "sessions ended; API tokens kept", on: conn)
        }
    }

    /// Programs and supervisors must belong to the user's own organization.
    private func checkReferences(_ user: User, on conn: Connection) async throws {
        for programID in user.programIDs {
            guard let program = try await ProgramRecords.get(programID, on: conn), program.organizationID == user.organizationID else {
                throw Self.invalid("program_ids", "unknown_program")
            }
        }
        if let supervisorID = user.supervisorID {
            guard supervisorID != user.id, let supervisor = try await UserRecords.get(supervisorID, on: conn),
                  supervisor.organizationID == user.organizationID, supervisor.roles.contains(.supervisor) else {
                throw Self.invalid("supervisor_id", "invalid_supervisor")
            }
        }
    }
}
