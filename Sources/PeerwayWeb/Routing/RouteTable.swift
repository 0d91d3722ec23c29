import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// What a route requires before its handler runs. Every route declares one; the table enforces it,
/// so no handler can forget the access policy.
public enum RouteGuard: Sendable {
    /// Anyone, signed in or not (sign-in page, health, stylesheet, the API description).
    case open
    /// Any signed-in person; the handler only touches the caller's own account or scoped lists.
    case signedIn
    /// The access policy must allow `action` on the resource the request names.
    case policy(AccessAction, ResourceRef)
}

/// How a route finds the resource it acts on: the signed-in actor's organization, or the record
/// named by the `:id` path parameter (loaded here so its organization is the stored one).
public enum ResourceRef: String, Sendable {
    case organizations
    case organization
    case programs
    case program
    case users
    case user
    case auditTrail
    case accessMatrix
    case ownAccount
    /// The participants of the actor's organization (search, caseloads, create).
    case participants
    /// The person named by `:id`, with the scope their episodes, contacts and assignments give them.
    case participant
    /// The episode of care named by `:id`, decided on its participant.
    case episode
    /// The documented service named by `:id`, decided on its author, their supervisor and its participant.
    case service
    /// The services of the program named by `:id` (documenting, service mix, export).
    case programServices
}

/// The records a guard loaded, handed to the handler so it does not load them again.
public struct Resolved: Sendable {
    public var actor: Actor?
    public var organization: Organization?
    public var program: Program?
    public var user: User?
    public var person: Person?
    public var episode: Episode?
    public var service: PeerService?

    public func requireActor() throws -> Actor {
        guard let actor else { throw WebError.unauthenticated }
        return actor
    }
}

public struct RouteEntry: Sendable {
    public enum Kind: String, Sendable { case page, api, operations }
    public let method: HTTPRequest.Method
    public let route: RoutePath
    public let kind: Kind
    public let guardRule: RouteGuard

    public var path: String { route.pattern }

    /// The path in OpenAPI form (`/api/v1/users/{id}`).
    public var openAPIPath: String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }
}

public typealias GuardedHandler = @Sendable (Request, AppContext, Resolved) async throws -> Response

/// Collects routes with their guards, then registers them on the router.
public struct RouteTable: Sendable {
    public private(set) var entries: [RouteEntry] = []
    private var handlers: [GuardedHandler] = []

    public mutating func add(_ method: HTTPRequest.Method, _ route: RoutePath, _ kind: RouteEntry.Kind, _ guardRule: RouteGuard,
                             _ handler: @escaping GuardedHandler) {
        entries.append(RouteEntry(method: method, route: route, kind: kind, guardRule: guardRule))
        handlers.append(handler)
    }

    func register(on router: Router<AppContext>, env: AppEnvironment) {
        for (entry, handler) in zip(entries, handlers) {
            router.on(RouterPath(entry.path), method: entry.method) { request, context in
                let resolved = try await Guards.check(entry.guardRule, request: request, context: context, env: env)
                return try await handler(request, context, resolved)
            }
        }
    }
}

enum Guards {
    static func check(_ rule: RouteGuard, request: Request, context: AppContext, env: AppEnvironment) async throws -> Resolved {
        switch rule {
        case .open:
            return Resolved(actor: context.actor)
        case .signedIn:
            return Resolved(actor: try context.requireActor())
        case .policy(let action, let ref):
            let actor = try context.requireActor()
            var resolved = Resolved(actor: actor)
            let resource: AccessResource
            switch ref {
            case .organizations:
                resource = .organizations
            case .organization:
                let id = try pathID(context)
                guard let org = try await env.db.read({ conn in try await OrganizationRecords.get(id, on: conn) }) else { throw WebError.notFound }
                resolved.organization = org
                resource = .organization(id: org.id)
            case .programs:
                resource = .program(organizationID: actor.organizationID, programID: nil)
            case .program:
                let id = try pathID(context)
                guard let program = try await env.db.read({ conn in try await ProgramRecords.get(id, on: conn) }) else { throw WebError.notFound }
                resolved.program = program
                resource = .program(organizationID: program.organizationID, programID: program.id)
            case .users:
                resource = .user(organizationID: actor.organizationID, userID: nil)
            case .user:
                let id = try pathID(context)
                guard let user = try await env.db.read({ conn in try await UserRecords.get(id, on: conn) }) else { throw WebError.notFound }
                resolved.user = user
                resource = .user(organizationID: user.organizationID, userID: user.id)
            case .auditTrail:
                resource = .auditTrail(organizationID: actor.organizationID)
            case .accessMatrix:
                resource = .accessMatrix(organizationID: actor.organizationID)
            case .ownAccount:
                resource = .ownAccount
            case .participants:
                resource = .participants(organizationID: actor.organizationID, programID: nil)
            case .participant:
                let id = try pathID(context)
                let (person, scope) = try await env.db.read { conn -> (Person?, ParticipantScope?) in
                    guard let person = try await PersonRecords.get(id, on: conn), person.organizationID == actor.organizationID else { return (nil, nil) }
                    return (person, try await ParticipantJourney.scope(for: person, on: conn))
                }
                guard let person, let scope else { throw WebError.notFound }
                resolved.person = person
                resource = .participant(scope)
            case .episode:
                let id = try pathID(context)
                let found = try await env.db.read { conn -> (Episode, Person, ParticipantScope)? in
                    guard let episode = try await EpisodeRecords.get(id, on: conn), episode.organizationID == actor.organizationID,
                          let person = try await PersonRecords.get(episode.participantID, on: conn) else { return nil }
                    return (episode, person, try await ParticipantJourney.scope(for: person, on: conn))
                }
                guard let (episode, person, scope) = found else { throw WebError.notFound }
                resolved.person = person
                resolved.episode = episode
                resource = .participant(scope)
            case .service:
                let id = try pathID(context)
                let found = try await env.db.read { conn -> (PeerService, ServiceScope)? in
                    guard let service = try await ServiceRecords.get(id, on: conn), service.organizationID == actor.organizationID else { return nil }
                    return (service, try await env.documentation.scope(of: service, on: conn))
                }
                guard let (service, scope) = found else { throw WebError.notFound }
                resolved.service = service
                resource = .service(scope)
            case .programServices:
                let id = try pathID(context)
                guard let program = try await env.db.read({ conn in try await ProgramRecords.get(id, on: conn) }),
                      program.organizationID == actor.organizationID else { throw WebError.notFound }
                resolved.program = program
                resource = .services(organizationID: program.organizationID, programID: program.id)
            }
            try await enforce(actor, action, resource, context: context, env: env)
            return resolved
        }
    }

    /// Asks the policy; a refusal is audited and answered with no record data at all.
    static func enforce(_ actor: Actor, _ action: AccessAction, _ resource: AccessResource, context: AppContext, env: AppEnvironment) async throws {
        let decision = AccessPolicy.decide(actor, action, resource)
        guard decision != .allow else { return }
        try await env.audit.record(env.db, context.audit, .accessDenied, resourceType: resource.kind,
                                         outcome: .denied, detail: "\(action.rawValue) \(decision.rawValue)")
        throw WebError.from(decision)
    }

    static func pathID(_ context: AppContext) throws -> UUID {
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text) else { throw WebError.notFound }
        return id
    }
}
