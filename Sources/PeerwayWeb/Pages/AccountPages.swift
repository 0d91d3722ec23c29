import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// What the account page shows: the person, their language, their API tokens, a token just created
/// (shown once), and a refused form's messages.
struct AccountView: PageView {
    struct Person: Encodable, Sendable { var name, email, roles: String; var totp: Bool }
    struct Token: Encodable, Sendable { var name, created: String; var lastUsed, expires: String?; var active: Bool; var revokeLink: String }
    var user: Person
    var isPeer: Bool
    var localeOptions: [PageSupport.Option]
    var tokens: [Token]
    var newToken: String?
    var errors: [String: String] = [:], summary: String?
    var profileLink = AccountRoutes.profile(), passwordLink = AccountRoutes.password(), tokensLink = AccountRoutes.tokens()
    var pairingLink = AccountRoutes.pairing(), secondFactorLink = AccountRoutes.secondFactor(), certificationLink = WorkforceRoutes.mine()
}

/// A person's own account: password, second factor, language, and personal access tokens for the API.
enum AccountPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        table.add(.get, AccountRoutes.account, .page, .policy(.read, .ownAccount)) { _, context, _ in
            try await page(context, env)
        }

        table.form(AccountRoutes.password, .policy(.update, .ownAccount)) { form, actor, context, resolved in
            if form.string("password") != form.string("password_confirm") {
                return try await refused(.invalid(field: "password_confirm", code: "mismatch", messageKey: "error.password_mismatch"), context, env)
            }
            return try await PageSupport.submit {
                try await env.admin.setPassword(actor.userID, newPassword: form.string("password"), currentPassword: form.string("current_password"),
                                                     revokeTokens: form["keep_tokens"] == nil, by: actor, context: context.audit)
            } then: { _ in
                // Changing the password ended every session, this one too: sign in again with the new one.
                var response = redirect(SiteRoutes.signIn())
                response.setCookie(Cookies.expired(env.config.sessionCookieName, secure: env.config.secureTransport))
                return response
            } refused: { error in try await refused(error, context, env) }
        }

        table.form(AccountRoutes.profile, .policy(.update, .ownAccount)) { form, actor, context, resolved in
            return try await PageSupport.submit {
                try await env.admin.updateUser(actor.userID, .init(displayName: form.string("display_name"), locale: form["locale"]),
                                                    expectedVersion: nil, by: nil, context: context.audit)
            } then: { _ in redirect(AccountRoutes.account()) } refused: { error in try await refused(error, context, env) }
        }

        table.form(AccountRoutes.tokens, .policy(.create, .ownAccount)) { form, actor, context, resolved in
            return try await PageSupport.submit {
                try await TokenService(env: env).create(for: actor, name: form.string("name"),
                                                                  expiresInDays: PageSupport.parseInt(form["expires_days"]), context: context.audit)
            } then: { created in try await page(context, env, newToken: created.raw, status: .created) } refused: { error in
                try await refused(error, context, env)
            }
        }

        table.add(.post, AccountRoutes.revokeToken, .page, .policy(.delete, .ownAccount)) { _, context, resolved in
            let actor = try resolved.requireActor()
            try await TokenService(env: env).revoke(try Guards.pathID(context), for: actor, context: context.audit)
            return redirect(AccountRoutes.account())
        }
    }

    static func refused(_ error: WebError, _ context: AppContext, _ env: AppEnvironment) async throws -> Response {
        try await page(context, env, refused: PageSupport.formErrors(error, env, context), status: error.status)
    }

    static func page(_ context: AppContext, _ env: AppEnvironment, refused: PageSupport.FormErrors = .init(), newToken: String? = nil,
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        let actor = try context.requireActor()
        let (user, tokens) = try await env.db.read { conn in
            (try await UserRecords.get(actor.userID, on: conn), try await TokenRecords.list(userID: actor.userID, on: conn))
        }
        guard let user else { throw WebError.unauthenticated }
        let l = env.localizer, locale = context.locale
        let now = env.clock.now()
        let view = AccountView(
            user: .init(name: user.displayName, email: user.email, roles: PageSupport.roles(user.roles, l, locale), totp: user.totpEnabled),
            isPeer: user.roles.contains(.peerSpecialist), localeOptions: PageSupport.localeOptions(l, locale, selected: user.locale),
            tokens: tokens.map {
                .init(name: $0.name, created: PageSupport.date($0.createdAt), lastUsed: $0.lastUsedAt.map(PageSupport.date),
                      expires: $0.expiresAt.map(PageSupport.date), active: $0.isUsable(at: now), revokeLink: AccountRoutes.revokeToken($0.id))
            },
            newToken: newToken, errors: refused.errors, summary: refused.summary)
        return env.renderer.page("account", titleKey: "account.title", view: view, context: context, status: status)
    }
}

/// Creating and revoking personal access tokens, shared by the account page and the API.
struct TokenService: Sendable {
    let env: AppEnvironment

    func create(for actor: Actor, name rawName: String, expiresInDays: Int?, context: AuditContext) async throws -> (raw: String, token: APIToken) {
        let name: String
        do { name = try Credentials.validateDisplayName(rawName, field: "name") } catch { throw WebError.invalid(ValidationErrors([error])) }
        if let days = expiresInDays, !(1...366).contains(days) {
            throw WebError.invalid(field: "expires_days", code: "out_of_range", messageKey: "error.token_expiry_range")
        }
        let now = env.clock.now()
        return try await env.db.write { conn in
            let created = try await TokenRecords.create(id: env.store.newID(), userID: actor.userID, organizationID: actor.organizationID, name: name,
                                                        expiresAt: expiresInDays.map { now.addingTimeInterval(Double($0) * 86_400) }, now: now, on: conn)
            try await env.audit.append(context, .tokenCreated, resourceType: .apiToken, resourceID: created.token.id.text, on: conn)
            return created
        }
    }

    func revoke(_ id: UUID, for actor: Actor, context: AuditContext) async throws {
        let now = env.clock.now()
        try await env.db.write { conn in
            guard try await TokenRecords.revoke(id, userID: actor.userID, now: now, on: conn) else { throw WebError.notFound }
            try await env.audit.append(context, .tokenRevoked, resourceType: .apiToken, resourceID: id.text, on: conn)
        }
    }
}
