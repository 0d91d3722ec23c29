import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PeerwayCore
import PeerwayStore

/// Finds who is calling: a bearer token (API clients) or a session cookie (browsers). Enforces the
/// session time-outs on the server, the second factor, and the CSRF token on every state-changing
/// request made with a cookie. It never refuses anonymous requests itself: routes decide that. A
/// bearer token that does not work makes the request anonymous (never the cookie's): open routes
/// (sign-in, health, the stylesheet) answer as usual, the others refuse it (401 under /api, the
/// sign-in page for a page), so a stale token cannot send a client round in circles.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let env: AppEnvironment

    /// Paths a session may use while its second factor is still pending.
    static let secondFactorPaths: Set<String> = [SiteRoutes.secondFactor(), AccountRoutes.secondFactor(), SiteRoutes.signOut()]

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        let now = env.clock.now()

        // The metrics scraper's bearer token is not a person's: the route checks it.
        if let authorization = request.headers[.authorization], authorization.lowercased().hasPrefix("bearer "), request.uri.path != SiteRoutes.metrics() {
            let raw = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            if let (user, actor) = try await tokenUser(raw, now: now) {
                context.user = user
                context.actor = actor
                context.viaToken = true
                context.locale = RequestLocale.account(user.locale, env)
            } else {
                context.refusedToken = true
            }
            return try await respond(request, context, next)
        }

        var clearCookie = false
        if let raw = request.cookies[env.config.sessionCookieName]?.value, !raw.isEmpty {
            if let (session, user, actor) = try await sessionUser(raw, now: now) {
                context.session = session
                context.user = user
                context.locale = RequestLocale.account(user.locale, env)
                let path = request.uri.path
                if session.secondFactorDone {
                    context.actor = actor
                } else if !Self.secondFactorPaths.contains(path) && !path.hasPrefix(SiteRoutes.Prefix.staticFiles) && !path.hasPrefix(SiteRoutes.Prefix.health) {
                    if path.hasPrefix(SiteRoutes.Prefix.api) { throw WebError.unauthenticated }
                    return redirect(SignInPages.secondFactorStep(user))
                }
                if ![.get, .head, .options].contains(request.method) {
                    try await checkCSRF(&request, session: session, context: &context)
                }
            } else {
                clearCookie = true
            }
        }
        var response = try await respond(request, context, next)
        if clearCookie && response.headers[.setCookie] == nil {
            response.setCookie(Cookies.expired(env.config.sessionCookieName, secure: env.config.secureTransport))
        }
        return response
    }

    /// Errors from routes are rendered here, with the signed-in person known, so an error page keeps
    /// their navigation and language. Errors of this middleware itself reach `FrontMiddleware`.
    private func respond(_ request: Request, _ context: AppContext, _ next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return ErrorResponder.respond(error, request: request, context: context, env: env)
        }
    }

    /// The token comes from the header, or else from the body's `csrf` field, urlencoded or multipart.
    /// A multipart body is read here once, as it streams in, and handed to the route in the context.
    private func checkCSRF(_ request: inout Request, session: SessionRecord, context: inout AppContext) async throws {
        var supplied = request.headers[.init("X-CSRF-Token")!]
        if MultipartForm.isMultipart(request) {
            let form = try await MultipartForm.read(request, limit: context.maxUploadSize, bodyLimit: context.maxBodySize)
            request.body = RequestBody(buffer: ByteBuffer())
            context.multipart = form
            if supplied == nil { supplied = form["csrf"] }
        } else if supplied == nil, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            supplied = FormData(String(buffer: buffer))["csrf"]
        }
        guard let supplied, constantTimeEquals(supplied, session.csrfToken) else { throw WebError.csrf }
    }

    /// Session, account and access facts in one connection checkout and two statements (three for a
    /// county administrator): this runs on every request.
    private func sessionUser(_ raw: String, now: Date) async throws -> (SessionRecord, User, Actor)? {
        let policy = env.sessionPolicy
        return try await env.db.read { conn -> (SessionRecord, User, Actor)? in
            guard let (session, user) = try await SessionRecords.findSignedIn(rawID: raw, on: conn) else { return nil }
            let state = policy.state(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now)
            guard state == .active, !user.disabled else {
                try await SessionRecords.delete(session.idHash, on: conn)
                return nil
            }
            if policy.needsTouch(lastSeenAt: session.lastSeenAt, now: now) {
                try await SessionRecords.touch(session.idHash, now: now, on: conn)
            }
            return (session, user, try await UserRecords.actor(for: user, on: conn))
        }
    }

    private func tokenUser(_ raw: String, now: Date) async throws -> (User, Actor)? {
        guard raw.hasPrefix(TokenRecords.prefix) else { return nil }
        return try await env.db.read { conn -> (User, Actor)? in
            guard let token = try await TokenRecords.find(raw: raw, on: conn), token.isUsable(at: now),
                  let user = try await UserRecords.get(token.userID, on: conn), !user.disabled else { return nil }
            if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
                try await TokenRecords.touch(token.id, now: now, on: conn)
            }
            return (user, try await UserRecords.actor(for: user, on: conn))
        }
    }
}

func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var diff: UInt8 = 0
    for i in x.indices { diff |= x[i] ^ y[i] }
    return diff == 0
}

enum Cookies {
    static func session(_ name: String, value: String, secure: Bool) -> Cookie {
        Cookie(name: name, value: value, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    static func expired(_ name: String, secure: Bool) -> Cookie {
        Cookie(name: name, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}
