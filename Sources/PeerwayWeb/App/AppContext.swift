import Foundation
import Hummingbird
import Logging
import PeerwayCore
import PeerwayStore

/// Per-request state: who is signed in (filled by `AuthenticationMiddleware`) and where the request came from.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let channelRemoteAddress: String
    public var requestID: String
    public var clientAddress: String
    public var session: SessionRecord?
    public var user: User?
    public var actor: Actor?
    /// True when the caller authenticated with a bearer token rather than a browser session.
    public var viaToken = false
    /// True when the request carried a bearer token that is unknown, expired, revoked or of a
    /// disabled account: the request goes on as anonymous, and a route that needs someone signed in
    /// answers 401 (`WWW-Authenticate: Bearer error="invalid_token"`).
    public var refusedToken = false
    public var locale = "en"
    /// The request's path, for the page header to mark where the reader is.
    public var path = ""
    /// A `multipart/form-data` body, read once by `AuthenticationMiddleware` for its CSRF field and
    /// kept here for the route, since a request's body can be read only once.
    public var multipart: MultipartForm?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        let address = source.channel.remoteAddress?.ipAddress ?? "unknown"
        channelRemoteAddress = address
        clientAddress = address
        requestID = UUID().text
    }

    /// The most one file (or a JSON body) may hold on this request's path: 1 MiB, as forms and JSON
    /// here are small and anything larger is refused early, except the directory's import (`UploadLimits`).
    public var maxUploadSize: Int { UploadLimits.file(for: path) }
    /// The most a multipart body may hold on this request's path, all its parts together.
    public var maxBodySize: Int { UploadLimits.body(for: path) }

    public var audit: AuditContext {
        var ctx = AuditContext(requestID: requestID, clientAddress: clientAddress)
        if let actor { ctx = ctx.acting(as: actor) }
        return ctx
    }

    /// The signed-in actor, or an error that sends the visitor to sign in.
    public func requireActor() throws -> Actor {
        guard let actor else { throw WebError.unauthenticated }
        return actor
    }
}
