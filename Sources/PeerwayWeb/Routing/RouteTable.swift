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

/// How a route finds the resource it acts on: a record named by the `:id` path parameter, loaded and
/// decided through Store's `Access` (so the stored organization and caseload decide, never the URL),
/// or a collection decided on the signed-in actor alone. Each area declares its own
/// (`ResourceRef.participant` beside `ParticipantRoutes`), so a new area edits no central switch.
public struct ResourceRef: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    let resolve: @Sendable (_ access: Access, _ action: AccessAction, _ actor: Actor, _ context: AppContext) async throws -> (any Sendable)?

    /// The record the path's `:id` names, found by `resolver`.
    public static func record<R: Sendable>(_ name: String, _ resolver: AccessResolver<R>) -> ResourceRef {
        ResourceRef(name: name) { access, action, actor, context in
            try await access.resolve(resolver, try Guards.pathID(context), action, by: actor, context: context.audit)
        }
    }

    /// A collection or the actor's own account, decided on the actor alone.
    public static func collection(_ name: String, _ resource: @escaping @Sendable (Actor) -> AccessResource) -> ResourceRef {
        ResourceRef(name: name) { access, action, actor, context in
            try await access.decide(resource(actor), action, by: actor, context: context.audit)
            return nil
        }
    }

    public static func == (a: ResourceRef, b: ResourceRef) -> Bool { a.name == b.name }
    public var description: String { name }
}

/// What a guard loaded and decided, handed to the handler so neither it nor the workflow loads or
/// decides again. Each area adds typed accessors (`resolved.person`, `resolved.service`).
public struct Resolved: Sendable {
    public var actor: Actor?
    /// The `Authorized` record of a `.record` guard.
    public var loaded: (any Sendable)?

    public func requireActor() throws -> Actor {
        guard let actor else { throw WebError.unauthenticated }
        return actor
    }

    /// The record the guard authorized, or "not found" if this route's guard loads another kind.
    public func authorized<R: Sendable>(_ type: R.Type) throws -> Authorized<R> {
        guard let found = loaded as? Authorized<R> else { throw WebError.notFound }
        return found
    }

    func record<R: Sendable>(_ type: R.Type) -> R? { (loaded as? Authorized<R>)?.record }
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
            do {
                return Resolved(actor: actor, loaded: try await ref.resolve(env.access, action, actor, context))
            } catch let refused as AccessRefused {
                throw WebError.from(refused.decision)
            }
        }
    }

    static func pathID(_ context: AppContext) throws -> UUID {
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text) else { throw WebError.notFound }
        return id
    }
}
