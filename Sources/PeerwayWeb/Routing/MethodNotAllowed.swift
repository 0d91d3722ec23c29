import HTTPTypes
import Hummingbird

/// The methods declared for each path of the route table, looked up the way Hummingbird's router
/// looks up a route: segment by segment, a literal segment before a `:parameter`, the first path of
/// full length wins. A GET path also answers HEAD (the router generates it).
public struct RouteMethods: Sendable {
    private struct Node: Sendable {
        var literals: [String: Int] = [:]
        var parameter: Int?
        var methods: Set<HTTPRequest.Method> = []
    }

    private var nodes = [Node()]

    /// The order methods are listed in `Allow`.
    static let order: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]

    public init(_ entries: [RouteEntry]) {
        for entry in entries {
            var index = 0
            for segment in entry.path.split(separator: "/") {
                let parameter = segment.hasPrefix(":"), key = String(segment)
                if let next = parameter ? nodes[index].parameter : nodes[index].literals[key] {
                    index = next
                    continue
                }
                nodes.append(Node())
                if parameter { nodes[index].parameter = nodes.count - 1 } else { nodes[index].literals[key] = nodes.count - 1 }
                index = nodes.count - 1
            }
            nodes[index].methods.insert(entry.method)
            if entry.method == .get { nodes[index].methods.insert(.head) }
        }
    }

    /// The methods declared for the route `path` resolves to, in `Allow` order; empty when no route does.
    public func allowed(for path: String) -> [HTTPRequest.Method] {
        guard let node = find(path.split(separator: "/")[...], from: 0) else { return [] }
        let methods = nodes[node].methods
        return Self.order.filter(methods.contains) + methods.subtracting(Self.order).sorted { $0.rawValue < $1.rawValue }
    }

    private func find(_ segments: ArraySlice<Substring>, from index: Int) -> Int? {
        guard let first = segments.first else { return index }
        if let next = nodes[index].literals[String(first)], let found = find(segments.dropFirst(), from: next) { return found }
        if let next = nodes[index].parameter { return find(segments.dropFirst(), from: next) }
        return nil
    }
}

/// Hummingbird's router answers 404 when a path matches but the method does not. This innermost
/// middleware turns that 404 into 405 with an `Allow` header listing the methods the path declares.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let methods: RouteMethods

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && context.endpointPath == "NotFound" {
            // Only the router's own "no route" (a handler's 404 is a WebError, and sets a route pattern).
            let allowed = methods.allowed(for: request.uri.path)
            guard !allowed.isEmpty, !allowed.contains(request.method) else { throw error }
            throw WebError.methodNotAllowed(allow: allowed)
        }
    }
}
