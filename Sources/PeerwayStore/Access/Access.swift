import Foundation
import PeerwayCore

/// A record the access policy has allowed an action on. Only `Access` makes one, so a workflow that
/// takes an `Authorized` value knows the record was loaded once and decided once, by the same call
/// the route guard made.
public struct Authorized<Record: Sendable>: Sendable {
    public let record: Record
    /// What the policy decided on: the record's organization, programs and caseload.
    public let resource: AccessResource
    public let action: AccessAction
}

/// How one kind of record is found by id and described to the access policy. Each area declares its
/// own (`AccessResolver<Person>.participant`, `AccessResolver<PeerService>.service`), so adding a kind
/// of record edits no central list. `load` answers nil for an id that does not exist or belongs to
/// another organization: the caller says "not found" and reveals nothing.
public struct AccessResolver<Record: Sendable>: Sendable {
    let load: @Sendable (_ id: UUID, _ actor: Actor, _ conn: Connection) async throws -> (Record, AccessResource)?
}

/// The one access path: load, build the scope, ask `AccessPolicy`, audit a refusal, hand back the
/// record. Route guards, workflows and the command line all come through here.
public struct Access: Sendable {
    public let db: Database
    public let audit: AuditLog

    public init(db: Database, audit: AuditLog) {
        self.db = db
        self.audit = audit
    }

    /// Loads `id` and decides `action` on it for `actor`.
    public func resolve<Record>(_ resolver: AccessResolver<Record>, _ id: UUID, _ action: AccessAction, by actor: Actor,
                                context: AuditContext) async throws -> Authorized<Record> {
        let found = try await db.read { conn in try await resolver.load(id, actor, conn) }
        guard let (record, resource) = found else { throw AccessRefused(decision: .notFound) }
        try await decide(resource, action, by: actor, context: context)
        return Authorized(record: record, resource: resource, action: action)
    }

    /// The same, inside a unit of work that already holds a connection (a write that must read its
    /// record under its own transaction). A refusal is thrown, and audited by the caller once the
    /// transaction has rolled back.
    public static func resolve<Record>(_ resolver: AccessResolver<Record>, _ id: UUID, _ action: AccessAction, by actor: Actor,
                                       on conn: Connection) async throws -> Authorized<Record> {
        guard let (record, resource) = try await resolver.load(id, actor, conn) else { throw AccessRefused(decision: .notFound) }
        let decision = AccessPolicy.decide(actor, action, resource)
        guard decision == .allow else { throw AccessRefused(decision: decision) }
        return Authorized(record: record, resource: resource, action: action)
    }

    /// Decides an action on a resource that needs no loading (a collection, the actor's own account);
    /// a refusal is audited in its own transaction, with no record data.
    public func decide(_ resource: AccessResource, _ action: AccessAction, by actor: Actor, context: AuditContext) async throws {
        let decision = AccessPolicy.decide(actor, action, resource)
        guard decision != .allow else { return }
        try await audit.record(db, context, .accessDenied, resourceType: resource.kind, outcome: .denied,
                               detail: "\(action.rawValue) \(decision.rawValue)")
        throw AccessRefused(decision: decision)
    }
}
