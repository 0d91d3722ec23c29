import Foundation
import PeerwayCore

/// A workflow: built from one `StoreContext`, from which it takes its database, audit log, clock, ids
/// and time zone. A workflow that needs another area's facts asks that area's public functions.
public protocol StoreWorkflow: Sendable {
    var store: StoreContext { get }
}

extension StoreWorkflow {
    public var db: Database { store.db }
    public var audit: AuditLog { store.audit }
    public var clock: any PeerwayClock { store.clock }
    public var timeZone: TimeZone { store.timeZone }
    public var today: CalendarDate { store.today }
}

/// A participant out of the actor's reach, named in a form: audited as a denial once the transaction
/// has rolled back, then reported on the field as "not on your caseload".
struct OffCaseload: Error {
    let field: String
    let decision: AccessDecision
    /// What was out of reach: a participant, unless the workflow names another record (a staff member).
    var resource: AuditResource = .participant
    /// The field's code: "not on your caseload" unless the workflow names another.
    var code = "not_on_caseload"
}

extension StoreWorkflow {
    /// One refused field, as a form shows it; the message key defaults to `error.<code>`.
    static func invalid(_ field: String, _ code: String, _ key: String? = nil) -> StoreError {
        .invalid(ValidationErrors([ValidationError(field: field, code: code, messageKey: key ?? "error.\(code)")]))
    }

    /// Throws `AccessRefused` unless the policy allows `action`; no actor is the command line's operator.
    func authorize(_ actor: Actor?, _ action: AccessAction, _ resource: AccessResource) throws {
        guard let actor else { return }
        let decision = AccessPolicy.decide(actor, action, resource)
        guard decision == .allow else { throw AccessRefused(decision: decision) }
    }

    /// The program, once the policy allows `action` on it (its settings, catalogue, schedule, wording, domains).
    func allowedProgram(_ programID: UUID, _ action: AccessAction, _ actor: Actor?, on conn: Connection) async throws -> Program {
        guard let program = try await ProgramRecords.get(programID, on: conn) else { throw AccessRefused(decision: .notFound) }
        try authorize(actor, action, .program(organizationID: program.organizationID, programID: programID))
        return program
    }

    /// Audits a refusal in its own transaction (the refused work wrote nothing), then rethrows it.
    public func auditRefusal(_ error: any Error, _ context: AuditContext, resource: AuditResource) async throws -> Never {
        if let refused = error as? AccessRefused {
            try await audit.record(db, context, .accessDenied, resourceType: resource, outcome: .denied, detail: refused.decision.rawValue)
        }
        throw error
    }

    /// Runs `body`, auditing what the policy refused once its transaction has rolled back.
    func guarded<T: Sendable>(_ context: AuditContext, _ resource: AuditResource, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let off as OffCaseload {
            try await audit.record(db, context, .accessDenied, resourceType: off.resource, outcome: .denied, detail: off.decision.rawValue)
            throw Self.invalid(off.field, off.code)
        } catch {
            try await auditRefusal(error, context, resource: resource)
        }
    }

    /// What `body` makes of the record `id` once the policy lets `actor` read it: the API's and the command
    /// line's way to the record a page's route guard loads, its refusal audited as `resource`.
    func reading<Record, T: Sendable>(_ resolver: AccessResolver<Record>, _ id: UUID, by actor: Actor, context: AuditContext,
                                      as resource: AuditResource, _ body: (Authorized<Record>) async throws -> T) async throws -> T {
        try await guarded(context, resource) {
            try await body(try await db.read { conn in try await Access.resolve(resolver, id, .read, by: actor, on: conn) })
        }
    }

    /// `guarded` around one write transaction: the work and its audit events commit together.
    func guardedWrite<T: Sendable>(_ context: AuditContext, _ resource: AuditResource,
                                   _ body: (Connection) async throws -> T) async throws -> T {
        try await guarded(context, resource) { try await db.write(body) }
    }

    /// `guarded` around one read.
    func guardedRead<T: Sendable>(_ context: AuditContext, _ resource: AuditResource,
                                  _ body: (Connection) async throws -> T) async throws -> T {
        try await guarded(context, resource) { try await db.read(body) }
    }
}

extension Credentials {
    /// A display name as stored, once `validateDisplayName` accepts it.
    static func validated(displayName: String, field: String = "display_name") throws -> String {
        try StoreError.validating { try validateDisplayName(displayName, field: field) }
    }
}

extension StoreError {
    /// Runs a Core rule, turning the fields it refused into `StoreError.invalid`.
    static func validating<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let errors as ValidationErrors {
            throw StoreError.invalid(errors)
        } catch let error as ValidationError {
            throw StoreError.invalid(ValidationErrors([error]))
        }
    }
}
