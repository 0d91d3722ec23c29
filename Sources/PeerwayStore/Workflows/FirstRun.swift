import Foundation
import PeerwayCore

/// First-run setup: on a database with no organization yet, the first organization (a county, or a
/// provider on its own) and its first administrator, who adds everything else through the pages.
/// Refused once any organization exists, so it can never add a second, unsupervised way in.
extension Administration {
    public struct FirstRunInput: Sendable {
        public var organizationName: String
        public var kind: Organization.Kind
        public var email: String
        public var displayName: String
        public var password: String
        public init(organizationName: String, kind: Organization.Kind, email: String, displayName: String, password: String) {
            self.organizationName = organizationName
            self.kind = kind
            self.email = email
            self.displayName = displayName
            self.password = password
        }
    }

    /// The database already has organizations: first-run setup is over.
    public struct AlreadySetUp: Error, Equatable, Sendable {
        public let organizations: Int
        public init(organizations: Int) { self.organizations = organizations }
    }

    public func organizationCount() async throws -> Int {
        try await db.read { conn in try await OrganizationRecords.count(on: conn) }
    }

    /// Creates the first organization and its administrator in one transaction, each audited in the
    /// new organization's chain (`organization_created` first, then `user_created`). Both enrol a
    /// second factor at first sign-in.
    public func setUp(_ input: FirstRunInput, context: AuditContext) async throws -> (organization: Organization, administrator: User) {
        var errors = ValidationErrors()
        var orgName = "", email = "", name = ""
        do { orgName = try Credentials.validateDisplayName(input.organizationName, field: "organization") } catch { errors.append(error) }
        do { email = try Credentials.normalizedEmail(input.email) } catch { errors.append(error) }
        do { name = try Credentials.validateDisplayName(input.displayName) } catch { errors.append(error) }
        do { try Credentials.validatePassword(input.password, email: email) } catch { errors.append(error) }
        if !errors.isEmpty { throw StoreError.invalid(errors) }
        let hash = try hasher.hash(input.password)
        let now = store.now()
        let org = Organization(id: store.newID(), parentID: nil, name: orgName, kind: input.kind, createdAt: now, updatedAt: now)
        let user = User(id: store.newID(), organizationID: org.id, email: email, displayName: name,
                        roles: [input.kind.firstAdministratorRole], createdAt: now, updatedAt: now)
        return try await db.write { conn in
            // Two set-ups started at once must not both find the table empty.
            try await OrganizationRecords.lockTable(on: conn)
            let existing = try await OrganizationRecords.count(on: conn)
            guard existing == 0 else { throw AlreadySetUp(organizations: existing) }
            try await insertOrganization(org, context: context, detail: "created by first-run setup", on: conn)
            try await insertUser(user, passwordHash: hash, context: context, detail: "first administrator (first-run setup)", on: conn)
            return (org, user)
        }
    }
}
