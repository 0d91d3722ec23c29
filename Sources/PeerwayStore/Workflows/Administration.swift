import Foundation
import PeerwayCore

/// The administrative workflows shared by the web pages, the JSON API and the command line: each
/// checks the access policy, validates, writes and appends its audit event in one transaction.
/// `actor` is nil only for the command line, whose operator already holds the database itself.
public struct Administration: StoreWorkflow {
    public let store: StoreContext
    public let hasher: PasswordHasher

    public init(_ store: StoreContext, hasher: PasswordHasher = .standard) {
        self.store = store
        self.hasher = hasher
    }

    // MARK: - Organizations

    public func createOrganization(name: String, kind: Organization.Kind, providerType: Organization.ProviderType = .provider, parentID: UUID?,
                                   by actor: Actor?, context: AuditContext) async throws -> Organization {
        try authorize(actor, .create, .organizations)
        if let actor {
            // A system administrator adds providers under an organization they administer.
            guard let parentID, actor.administeredOrganizationIDs.contains(parentID) else {
                throw Self.invalid("parent_id", "invalid_parent")
            }
        }
        let cleaned = try Credentials.validated(displayName: name, field: "name")
        let now = store.now()
        let org = Organization(id: store.newID(), parentID: parentID, name: cleaned, kind: kind, providerType: kind == .county ? .provider : providerType,
                               createdAt: now, updatedAt: now)
        return try await db.write { conn in
            if let parentID, try await OrganizationRecords.get(parentID, on: conn) == nil {
                throw Self.invalid("parent_id", "invalid_parent")
            }
            try await insertOrganization(org, context: context, on: conn)
            return org
        }
    }

    /// Stores an organization and appends `organization_created` as the first event of its own chain.
    func insertOrganization(_ org: Organization, context: AuditContext, detail: String = "created", on conn: Connection) async throws {
        try await OrganizationRecords.insert(org, on: conn)
        try await audit.append(context, .organizationCreated, resourceType: .organization, resourceID: org.id.text,
                               organizationID: org.id, detail: detail, on: conn)
    }

    public func updateOrganization(_ id: UUID, name: String?, providerType: Organization.ProviderType? = nil, active: Bool?, expectedVersion: Int?,
                                   by actor: Actor, context: AuditContext) async throws -> Organization {
        try authorize(actor, .update, .organization(id: id))
        let cleaned = try name.map { try Credentials.validated(displayName: $0, field: "name") }
        return try await db.write { conn in
            guard var org = try await OrganizationRecords.get(id, on: conn) else { throw StoreError.notFound }
            let version = expectedVersion ?? org.version
            if let cleaned { org.name = cleaned }
            if let active { org.active = active }
            if let providerType, org.kind == .provider { org.providerType = providerType }
            org.updatedAt = store.now()
            let saved = try await OrganizationRecords.update(org, expectedVersion: version, on: conn)
            try await audit.append(context, .organizationUpdated, resourceType: .organization, resourceID: id.text,
                                   organizationID: id, detail: "updated", on: conn)
            return saved
        }
    }

    // MARK: - Programs

    public struct ProgramInput: Sendable {
        public var name: String
        public var description: String
        public var model: Program.Model
        public var defaultLengthDays: Int?
        /// Nil: no continued-stay review (only a long-term program may go without).
        public var reviewFrequencyDays: Int?
        public var active: Bool
        public init(name: String, description: String = "", model: Program.Model, defaultLengthDays: Int?, reviewFrequencyDays: Int?, active: Bool = true) {
            self.name = name
            self.description = description
            self.model = model
            self.defaultLengthDays = defaultLengthDays
            self.reviewFrequencyDays = reviewFrequencyDays
            self.active = active
        }

        /// The name and description as stored, once Core's program rules accept the input.
        func validated() throws -> (name: String, description: String) {
            try StoreError.validating {
                (try Program.validate(name: name, description: description, model: model, defaultLengthDays: defaultLengthDays,
                                      reviewFrequencyDays: reviewFrequencyDays), try Program.validateDescription(description))
            }
        }
    }

    public func createProgram(_ input: ProgramInput, organizationID: UUID, by actor: Actor?, context: AuditContext) async throws -> Program {
        try authorize(actor, .create, .program(organizationID: organizationID, programID: nil))
        let (name, description) = try input.validated()
        let now = store.now()
        let program = Program(id: store.newID(), organizationID: organizationID, name: name, description: description,
                              model: input.model, defaultLengthDays: input.model == .timeLimited ? input.defaultLengthDays : nil,
                              reviewFrequencyDays: input.reviewFrequencyDays, active: input.active, createdAt: now, updatedAt: now)
        return try await db.write { conn in
            guard try await OrganizationRecords.get(organizationID, on: conn) != nil else { throw StoreError.notFound }
            try await ProgramRecords.insert(program, on: conn)
            try await audit.append(context, .programCreated, resourceType: .program, resourceID: program.id.text,
                                   organizationID: organizationID, detail: "created", on: conn)
            return program
        }
    }

    public func updateProgram(_ id: UUID, _ input: ProgramInput, expectedVersion: Int?, by actor: Actor, context: AuditContext) async throws -> Program {
        let (name, description) = try input.validated()
        return try await db.write { conn in
            guard var program = try await ProgramRecords.get(id, on: conn) else { throw StoreError.notFound }
            try authorize(actor, .update, .program(organizationID: program.organizationID, programID: id))
            let version = expectedVersion ?? program.version
            program.name = name
            program.description = description
            program.model = input.model
            program.defaultLengthDays = input.model == .timeLimited ? input.defaultLengthDays : nil
            program.reviewFrequencyDays = input.reviewFrequencyDays
            program.active = input.active
            program.updatedAt = store.now()
            let saved = try await ProgramRecords.update(program, expectedVersion: version, on: conn)
            try await audit.append(context, .programUpdated, resourceType: .program, resourceID: id.text,
                                   organizationID: program.organizationID, detail: "updated", on: conn)
            return saved
        }
    }
}
