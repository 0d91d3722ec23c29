import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PeerwayCore

/// The outermost layer: request id, client address, security headers on every response, and the
/// conversion of every error into a page or an RFC 9457 problem document that reveals nothing
/// beyond its stable code. Logs carry the route pattern, never the path, query or body. Metrics are
/// recorded here, from the response actually sent.
struct FrontMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let env: AppEnvironment
    let metrics: RequestMetrics

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        context.locale = RequestLocale.visitor(request, env)
        context.path = request.uri.path
        if let given = request.headers[.init("X-Request-ID")!], given.count <= 64,
           given.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
            context.requestID = given
        }
        if env.config.trustForwardedFor, let forwarded = request.headers[.init("X-Forwarded-For")!] {
            context.clientAddress = String(forwarded.split(separator: ",").first ?? "").trimmingCharacters(in: .whitespaces)
        }
        let started = ContinuousClock.now
        metrics.started(request.method)
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = ErrorResponder.respond(error, request: request, context: context, env: env)
        }
        SecurityHeaders.apply(to: &response, request: request, secureTransport: env.config.secureTransport)
        response.headers[.init("X-Request-ID")!] = context.requestID
        let elapsed = ContinuousClock.now - started
        let nanoseconds = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        metrics.finished(route: context.endpointPath ?? "NotFound", method: request.method, status: response.status, nanoseconds: nanoseconds)
        env.logger.info("request", metadata: [
            "request_id": .string(context.requestID), "method": .string(request.method.rawValue),
            "route": .string(context.endpointPath ?? "unmatched"), "status": .stringConvertible(response.status.code),
            "ms": .stringConvertible(Double(nanoseconds / 1000) / 1000),
        ])
        return response
    }
}

enum SecurityHeaders {
    static let csp = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static func apply(to response: inout Response, request: Request, secureTransport: Bool) {
        response.headers[.init("Content-Security-Policy")!] = csp
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.init("Cross-Origin-Opener-Policy")!] = "same-origin"
        response.headers[.init("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=()"
        if secureTransport {
            response.headers[.init("Strict-Transport-Security")!] = "max-age=63072000; includeSubDomains"
        }
        // Only the stylesheet itself may be kept; every other answer, an error page under /static/
        // included, may hold health information or the session's CSRF token.
        if !(request.uri.path.hasPrefix(SiteRoutes.Prefix.staticFiles) && response.status.kind == .successful) {
            response.headers[.cacheControl] = "no-store"
            response.headers[.init("Pragma")!] = "no-cache"
        }
    }
}

/// Turns a `WebError` into what the caller understands: problem+json under /api, a page otherwise.
enum ErrorResponder {
    static func respond(_ thrown: any Error, request: Request, context: AppContext, env: AppEnvironment) -> Response {
        let error = WebError.from(thrown)
        if error.status == .internalServerError {
            // The type of the error only: its text may hold values from the request.
            env.logger.error("unhandled error", metadata: ["request_id": .string(context.requestID), "type": .string(String(describing: type(of: thrown)))])
        }
        let localizer = env.localizer
        let message = localizer.text(error.messageKey, context.locale)
        var response: Response
        if request.uri.path.hasPrefix(SiteRoutes.Prefix.api) || request.headers[.accept]?.contains("application/json") == true && !request.uri.path.hasPrefix(SiteRoutes.Prefix.admin) {
            response = Problem(status: error.status, code: error.code, detail: message,
                               errors: error.fields.map { .init(field: $0.field, code: $0.code, message: localizer.text($0.messageKey, context.locale)) },
                               requestID: context.requestID).response()
        } else if error.status == .unauthorized && request.method == .get {
            response = redirect(SiteRoutes.signIn())
        } else {
            let view = ErrorView(status: error.status.code, message: message, fields: error.fields.map { .init(message: localizer.text($0.messageKey, context.locale)) })
            response = env.renderer.page("error", titleKey: "error.title", view: view, context: context, status: error.status)
        }
        if let retry = error.retryAfter { response.headers[.retryAfter] = String(retry) }
        if !error.allow.isEmpty { response.headers[.allow] = error.allow.map(\.rawValue).joined(separator: ", ") }
        if error.status == .unauthorized && response.status == .unauthorized {
            // RFC 9110 §11.6.1: a 401 names the scheme; RFC 6750 §3.1: and says when a token was refused.
            response.headers[.wwwAuthenticate] = context.refusedToken ? #"Bearer realm="peerway", error="invalid_token""# : #"Bearer realm="peerway""#
        }
        return response
    }
}

/// The error page: what went wrong, each refused field, and the way home.
struct ErrorView: PageView {
    struct Field: Encodable, Sendable { var message: String }
    var status: Int
    var message: String
    var fields: [Field]
    var homeLink = SiteRoutes.home()
}

/// RFC 9457 problem details. `code` is stable; `detail` is for people and may change wording.
struct Problem: APIFields {
    struct Field: Encodable, Sendable { let field: String?; let code: String; let message: String }
    let status: HTTPResponse.Status
    let code: String
    let detail: String
    let errors: [Field]
    let requestID: String

    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["type": "urn:peerway:problem:\(code)", "title": status.reasonPhrase, "status": status.code, "code": code, "detail": detail,
         "errors": errors, "request_id": requestID]
    }

    func response() -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data()
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        return Response(status: .init(code: status.code), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
