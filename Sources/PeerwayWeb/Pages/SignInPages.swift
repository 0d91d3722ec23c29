import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// The sign-in form; before a session exists its CSRF token is the one in the form's own cookie.
struct SignInView: PageView {
    /// A link that shows this page in another language, named in that language.
    struct Language: Encodable, Sendable { var href, label, lang: String }
    var email, signinCSRF: String
    var error: String?
    var languages: [Language] = []
    var action = SiteRoutes.signIn()
}

/// The second factor, asked at sign-in or enrolled; enrolling shows the key for an authenticator app, and its link.
struct SecondFactorView: PageView {
    var secret, uri: String?
    var required = false
    var error: String?
    var action = SiteRoutes.secondFactor(), signOutLink = SiteRoutes.signOut()
}

/// Sign-in, the second factor and sign-out.
enum SignInPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let service = SignInService(env: env)
        let config = env.config

        table.add(.get, SiteRoutes.signIn, .page, .open) { request, context, _ in
            if context.actor != nil { return redirect(SiteRoutes.home()) }
            // The language switch: `?lang=es` shows the page in Spanish and remembers it for the
            // pages seen before signing in (an account's own choice wins once signed in).
            guard let chosen = QueryParameters(request)["lang"], env.localizer.supports(chosen) else {
                return signInForm(request, context, env, email: "", errorKey: nil, status: .ok)
            }
            var context = context
            context.locale = chosen
            var response = signInForm(request, context, env, email: "", errorKey: nil, status: .ok)
            response.setCookie(RequestLocale.cookie(chosen, config))
            return response
        }

        table.add(.post, SiteRoutes.signIn, .page, .open) { request, context, _ in
            let form = try await FormData.read(request, context: context)
            // Before a session exists, CSRF is a double-submit: the form must echo the cookie.
            guard let cookie = request.cookies[config.csrfCookieName]?.value, !cookie.isEmpty,
                  constantTimeEquals(cookie, form.string("csrf")) else { throw WebError.csrf }
            let email = form.string("email")
            switch try await service.signIn(email: email, password: form.string("password"), context: context.audit) {
            case .rejected:
                return signInForm(request, context, env, email: email, errorKey: "signin.rejected", status: .unauthorized)
            case .throttled(let retry):
                var response = signInForm(request, context, env, email: email, errorKey: "error.throttled", status: .tooManyRequests)
                response.headers[.retryAfter] = String(retry)
                return response
            case .signedIn(let raw, let session, let user):
                var response = redirect(session.secondFactorDone ? SiteRoutes.home() : secondFactorStep(user))
                response.setCookie(Cookies.session(config.sessionCookieName, value: raw, secure: config.secureTransport))
                return response
            }
        }

        table.add(.get, SiteRoutes.secondFactor, .page, .open) { _, context, _ in
            guard let session = context.session, let user = context.user, !session.secondFactorDone, user.totpEnabled else { return redirect(SiteRoutes.home()) }
            return env.renderer.page("second_factor", titleKey: "second_factor.title", view: SecondFactorView(), context: context)
        }

        table.add(.post, SiteRoutes.secondFactor, .page, .open) { request, context, _ in
            guard let session = context.session, let user = context.user, !session.secondFactorDone, user.totpEnabled else { return redirect(SiteRoutes.home()) }
            let form = try await FormData.read(request, context: context)
            guard let raw = try await service.completeSecondFactor(session: session, user: user, code: form.string("code"), context: context.audit) else {
                let view = SecondFactorView(error: env.localizer.text("second_factor.rejected", context.locale))
                return env.renderer.page("second_factor", titleKey: "second_factor.title", view: view, context: context, status: .unauthorized)
            }
            var response = redirect(SiteRoutes.home())
            response.setCookie(Cookies.session(config.sessionCookieName, value: raw, secure: config.secureTransport))
            return response
        }

        table.add(.get, AccountRoutes.secondFactor, .page, .open) { _, context, _ in
            guard let session = context.session, let user = context.user else { return redirect(SiteRoutes.signIn()) }
            if user.totpEnabled { return redirect(session.secondFactorDone ? AccountRoutes.account() : SiteRoutes.secondFactor()) }
            let secret = try await pendingSecret(user, env)
            return enrollPage(context, env, user: user, secret: secret, errorKey: nil, status: .ok)
        }

        table.add(.post, AccountRoutes.secondFactor, .page, .open) { request, context, _ in
            guard let session = context.session, let user = context.user else { return redirect(SiteRoutes.signIn()) }
            if user.totpEnabled { return redirect(AccountRoutes.account()) }
            let form = try await FormData.read(request, context: context)
            let secret = try await pendingSecret(user, env)
            guard let step = SecondFactor.matchingStep(form.string("code"), secret: secret, now: env.clock.now()) else {
                return enrollPage(context, env, user: user, secret: secret, errorKey: "second_factor.rejected", status: .unprocessableContent)
            }
            var audit = context.audit
            audit.actorUserID = user.id
            audit.actorLabel = user.displayName
            audit.organizationID = user.organizationID
            let raw = try await env.db.write { conn -> String in
                try await UserRecords.setTOTP(user.id, secret: secret, enabled: true, on: conn)
                _ = try await UserRecords.claimTOTPStep(user.id, step: step, on: conn)
                try await env.audit.append(audit, .secondFactorEnrolled, resourceType: .user, resourceID: user.id.text, on: conn)
                // Enrolling completes a pending sign-in; either way the session id is renewed.
                try await SessionRecords.delete(session.idHash, on: conn)
                return try await SessionRecords.create(userID: user.id, organizationID: user.organizationID, secondFactorDone: true,
                                                       clientAddress: context.clientAddress, now: env.clock.now(), on: conn).rawID
            }
            var response = redirect(SiteRoutes.home())
            response.setCookie(Cookies.session(config.sessionCookieName, value: raw, secure: config.secureTransport))
            return response
        }

        table.add(.post, SiteRoutes.signOut, .page, .open) { _, context, _ in
            if let session = context.session {
                try await env.db.write { conn in
                    try await SessionRecords.delete(session.idHash, on: conn)
                    var audit = context.audit
                    audit.actorUserID = session.userID
                    audit.organizationID = session.organizationID
                    audit.actorLabel = context.user?.displayName ?? ""
                    try await env.audit.append(audit, .signOut, resourceType: .session, on: conn)
                }
            }
            var response = redirect(SiteRoutes.signIn())
            response.setCookie(Cookies.expired(config.sessionCookieName, secure: config.secureTransport))
            return response
        }
    }

    static func signInForm(_ request: Request, _ context: AppContext, _ env: AppEnvironment, email: String, errorKey: String?,
                           status: HTTPResponse.Status) -> Response {
        let config = env.config
        let token = request.cookies[config.csrfCookieName]?.value.nilIfEmpty ?? SecureRandom.token()
        let l = env.localizer
        let languages = l.locales.filter { $0 != context.locale }.map {
            SignInView.Language(href: SiteRoutes.signIn(query: ["lang": $0]), label: l.text("locale.\($0)", $0), lang: $0)
        }
        let view = SignInView(email: email, signinCSRF: token, error: errorKey.map { l.text($0, context.locale) }, languages: languages)
        var response = env.renderer.page("signin", titleKey: "signin.title", view: view, context: context, status: status)
        response.setCookie(Cookie(name: config.csrfCookieName, value: token, path: "/", secure: config.secureTransport, httpOnly: true, sameSite: .strict))
        return response
    }

    static func enrollPage(_ context: AppContext, _ env: AppEnvironment, user: User, secret: String, errorKey: String?,
                           status: HTTPResponse.Status) -> Response {
        let view = SecondFactorView(secret: SecondFactor.base32(secret), uri: SecondFactor.authenticatorURL(secret: secret, account: user.email),
                                    required: user.mustUseSecondFactor, error: errorKey.map { env.localizer.text($0, context.locale) },
                                    action: AccountRoutes.secondFactor())
        return env.renderer.page("second_factor_setup", titleKey: "second_factor.setup_title", view: view, context: context, status: status)
    }

    /// Where a session whose second factor is pending goes: asked for it, or to enroll one.
    static func secondFactorStep(_ user: User) -> String {
        user.totpEnabled ? SiteRoutes.secondFactor() : AccountRoutes.secondFactor()
    }

    /// The secret being enrolled is kept on the account (not yet enabled) so a reload shows the same key.
    static func pendingSecret(_ user: User, _ env: AppEnvironment) async throws -> String {
        try await env.db.write { conn in
            if let existing = try await UserRecords.credentials(id: user.id, on: conn)?.totpSecret { return existing }
            let secret = SecondFactor.newSecret()
            try await UserRecords.setTOTP(user.id, secret: secret, enabled: false, on: conn)
            return secret
        }
    }
}

func redirect(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
