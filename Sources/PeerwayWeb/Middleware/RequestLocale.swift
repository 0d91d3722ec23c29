import Foundation
import Hummingbird

/// The language a request is answered in, the rule in one place: a signed-in account's own choice;
/// otherwise the language the sign-in page's switch remembered in a cookie; otherwise the browser's
/// `Accept-Language`; otherwise English. `FrontMiddleware` sets the visitor's language for every
/// request (so even its own error answers are in it), and `AuthenticationMiddleware` replaces it
/// with the account's once it knows who is signed in.
enum RequestLocale {
    /// For a request nobody is signed in to (yet): the cookie, then `Accept-Language`, then English.
    static func visitor(_ request: Request, _ env: AppEnvironment) -> String {
        let localizer = env.localizer
        if let chosen = request.cookies[env.config.languageCookieName]?.value, localizer.supports(chosen) { return chosen }
        return LocaleNegotiation.preferred(request.headers[.acceptLanguage], supported: Set(localizer.locales)) ?? Localizer.defaultLocale
    }

    /// A signed-in account's language; one no longer bundled falls back to English.
    static func account(_ locale: String, _ env: AppEnvironment) -> String {
        env.localizer.supports(locale) ? locale : Localizer.defaultLocale
    }

    /// The cookie the sign-in page's switch sets: a year, the whole site, sent on top-level
    /// navigations from elsewhere (Lax) so a link to the sign-in page opens in the chosen language.
    static func cookie(_ locale: String, _ config: WebConfiguration) -> Cookie {
        Cookie(name: config.languageCookieName, value: locale, maxAge: 366 * 86_400, path: "/", secure: config.secureTransport,
               httpOnly: true, sameSite: .lax)
    }
}
