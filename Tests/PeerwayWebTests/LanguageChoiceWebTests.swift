import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayTestSupport
import PeerwayWeb
import Testing

/// How a request's language is chosen, through the whole application: the account's choice, else the
/// sign-in page's switch (a cookie), else Accept-Language, else English.
@Suite("Language of a request")
struct LanguageChoiceWebTests {
    static func acceptLanguage(_ value: String) -> HTTPFields { [.acceptLanguage: value] }

    @Test("a visitor sees English by default and Spanish when the browser asks for es-MX")
    func acceptLanguage() async throws {
        try await WebHarness.with(.sqlite) { _, client in
            let english = try await Browser(client).get("/signin")
            #expect(english.text.contains(#"<html lang="en">"#))
            #expect(english.text.contains("<h1>Sign in</h1>"))
            let spanish = try await Browser(client).request(.get, "/signin", headers: Self.acceptLanguage("es-MX,es;q=0.9,en;q=0.8"))
            #expect(spanish.text.contains(#"<html lang="es">"#))
            #expect(spanish.text.contains("<h1>Iniciar sesión</h1>"))
            #expect(!spanish.text.contains("Sign in with the e-mail address"))
            #expect(spanish.text.contains(#"lang="en" hreflang="en">English</a>"#), "the switch offers English, named in English")
        }
    }

    @Test("the sign-in page's switch remembers the language in a Lax cookie, over Accept-Language, and a bad value changes nothing")
    func switchCookie() async throws {
        try await WebHarness.with(.sqlite) { _, client in
            let browser = Browser(client)
            let first = try await browser.get("/signin")
            #expect(first.text.contains(#"href="/signin?lang=es" lang="es" hreflang="es">Español</a>"#))
            let switched = try await browser.get("/signin?lang=es")
            #expect(switched.text.contains(#"<html lang="es">"#))
            let cookie = try #require(switched.headers[values: .setCookie].first { $0.hasPrefix("peerway_lang=es") })
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"), "plain HTTP here, as the other cookies")
            let again = try await browser.request(.get, "/signin", headers: Self.acceptLanguage("en"))
            #expect(again.text.contains("<h1>Iniciar sesión</h1>"), "the switch wins over the browser's language")
            let refused = try await browser.post("/signin", [("email", "nobody@example.org"), ("password", "wrong password here")])
            #expect(refused.text.contains("Ese correo electrónico y esa contraseña no corresponden a una cuenta activa."))
            let notFound = try await browser.get("/no-such-page")
            #expect(notFound.text.contains(#"<html lang="es">"#))
            #expect(notFound.text.contains("No hay nada aquí"))
            let unknown = try await Browser(client).get("/signin?lang=xx")
            #expect(unknown.text.contains(#"<html lang="en">"#))
            #expect(!unknown.headers[values: .setCookie].contains { $0.hasPrefix("peerway_lang=") })
        }
    }

    @Test("behind TLS the language cookie is Secure and __Host- like the others")
    func secureCookie() async throws {
        var config = WebConfiguration()
        config.behindTLSProxy = true
        try await WebHarness.with(.sqlite, config: config) { _, client in
            let switched = try await Browser(client).get("/signin?lang=es")
            let cookie = try #require(switched.headers[values: .setCookie].first { $0.hasPrefix("__Host-peerway_lang=es") })
            #expect(cookie.contains("Secure"))
            #expect(cookie.contains("SameSite=Lax"))
        }
    }

    @Test("an anonymous API error speaks the browser's language; the code stays the same")
    func apiProblem() async throws {
        try await WebHarness.with(.sqlite) { _, client in
            let response = try await Browser(client).request(.get, "/api/v1/me", headers: Self.acceptLanguage("es-US"))
            #expect(response.status == .unauthorized)
            #expect(response.text.contains(#""code":"unauthenticated""#))
            #expect(response.text.contains("Inicie sesión, por favor."))
        }
    }

    @Test("the account offers English and Español; saving Español makes every page Spanish, whatever the browser asks", arguments: TestEngine.available)
    func accountChoice(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let browser = Browser(client)
            let peer = harness.fixture.a.user(.peerSpecialist)
            try await browser.signIn(peer.email, clock: harness.clock)
            let account = try await browser.get("/account")
            #expect(account.text.contains(#"<option value="en" lang="en" selected>English</option>"#))
            #expect(account.text.contains(#"<option value="es" lang="es">Español</option>"#))
            let saved = try await browser.post("/account/profile", [("display_name", peer.displayName), ("locale", "es")])
            #expect(saved.status == .seeOther)
            let caseload = try await browser.request(.get, "/caseload", headers: Self.acceptLanguage("en-US"))
            #expect(caseload.text.contains(#"<html lang="es">"#))
            #expect(caseload.text.contains("Mis casos asignados"))
            #expect(caseload.text.contains("Cerrar sesión"))
            #expect(!caseload.text.contains("My caseload"))
            let refused = try await browser.post("/account/profile", [("display_name", peer.displayName), ("locale", "fr")])
            #expect(refused.text.contains("Algunos campos necesitan atención."), "a refused form speaks the account's language")
        }
    }
}
