import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import PeerwayCore
import PeerwayStore

/// Renders server-side HTML from Mustache templates. `{{value}}` escapes by default; the only
/// unescaped insertion is the page body into the layout, which is itself rendered output.
public struct Renderer: Sendable {
    let templates: LocalizedTemplates
    public let localizer: Localizer

    public static func bundled() async throws -> Renderer {
        let dir = WebResources.directory.appendingPathComponent("templates")
        let localizer = try Localizer.bundled()
        return Renderer(templates: try LocalizedTemplates.load(directory: dir, localizer: localizer), localizer: localizer)
    }

    init(templates: LocalizedTemplates, localizer: Localizer) {
        self.templates = templates
        self.localizer = localizer
    }

    /// A full page from its view: the named template inside the layout, with navigation for the signed-in actor.
    /// `refreshAfter` seconds, the page asks the browser to load it again (a job's progress, without script).
    public func page(_ template: String, titleKey: String, view: some PageView, context: AppContext,
                     status: HTTPResponse.Status = .ok, refreshAfter: Int? = nil) -> Response {
        let locale = context.locale
        let library = templates.libraries[locale] ?? templates.libraries[Localizer.defaultLocale] ?? MustacheLibrary()
        var data = TemplateEncoder.values(view)
        data["csrf"] = context.session?.csrfToken ?? ""
        var body = library.render(data, withTemplate: template) ?? ""
        let refused = body.contains(ErrorSummary.marker)
        if refused { body = ErrorSummary.fill(body) }
        let title = localizer.text(titleKey, locale)
        var layout: [String: Any] = [
            "lang": locale, "title": refused ? localizer.format("layout.error_title", locale, ["title": title]) : title, "body": body,
            "csrf": context.session?.csrfToken ?? "", "signedIn": context.actor != nil && context.session?.secondFactorDone == true,
            "stylesheet": SiteRoutes.stylesheet(), "home": SiteRoutes.home(), "signOut": SiteRoutes.signOut(),
        ]
        if let refreshAfter { layout["refreshAfter"] = refreshAfter }
        if let actor = context.actor, context.session?.secondFactorDone == true {
            layout["userName"] = actor.displayName
            let current = Navigation.current(context.path, among: Navigation.items(for: actor))
            layout["nav"] = Navigation.items(for: actor).map {
                ["href": $0.href, "label": localizer.text($0.labelKey, locale), "current": $0.href == current]
            }
        }
        let html = library.render(layout, withTemplate: "layout") ?? ""
        return Self.html(html, status: status)
    }

    public static func html(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// The links a role sees in the page header.
enum Navigation {
    struct Item { let href: String; let labelKey: String }

    static func items(for actor: Actor) -> [Item] {
        var items = [Item(href: SiteRoutes.home(), labelKey: "nav.home")]
        // A caseload and a week of one's own notes are a peer's and a supervisor's; a manager without either
        // role would open them empty, so they get the people and their programs instead.
        let ownsCaseload = actor.has(.peerSpecialist) || actor.has(.supervisor)
        if ownsCaseload { items.append(Item(href: ParticipantRoutes.caseload(), labelKey: "nav.caseload")) }
        if actor.isClinical { items.append(Item(href: ParticipantRoutes.participants(), labelKey: "nav.participants")) }
        if ownsCaseload { items.append(Item(href: ServiceRoutes.week(), labelKey: "nav.services")) }
        if actor.isClinical { items.append(Item(href: ReferralRoutes.waiting(), labelKey: "nav.referrals")) }
        if actor.isClinical || DirectoryPolicy.mayCurate(actor) { items.append(Item(href: DirectoryRoutes.home(), labelKey: "nav.directory")) }
        // A supervisor's team hours; the organization's workforce for HR and managers.
        if actor.has(.supervisor) { items.append(Item(href: WorkforceRoutes.supervision(), labelKey: "nav.supervision")) }
        if actor.has(.organizationAdmin) || actor.has(.programManager) { items.append(Item(href: WorkforceRoutes.roster(), labelKey: "nav.workforce")) }
        // The program report, for those who read a program's counts (its guard and the policy decide each program).
        if actor.hasAny(Role.programCounts) { items.append(Item(href: ReportRoutes.report(), labelKey: "nav.reports")) }
        if actor.has(.evaluator) || actor.has(.programManager) { items.append(Item(href: EvaluationRoutes.page(), labelKey: "nav.evaluation")) }
        if actor.isAdmin {
            items.append(Item(href: AdminRoutes.users(), labelKey: "nav.users"))
            items.append(Item(href: AdminRoutes.programs(), labelKey: "nav.programs"))
            items.append(Item(href: AdminRoutes.organizations(), labelKey: "nav.organizations"))
            items.append(Item(href: AdminRoutes.audit(), labelKey: "nav.audit"))
        } else if actor.has(.supervisor) || actor.has(.programManager) {
            items.append(Item(href: AdminRoutes.users(), labelKey: "nav.team"))
            items.append(Item(href: AdminRoutes.programs(), labelKey: "nav.programs"))
        }
        items.append(Item(href: AccountRoutes.account(), labelKey: "nav.account"))
        return items
    }

    /// The item the page belongs to: the longest link that is the path or a folder above it, so a record
    /// under the search marks the search and only the home page marks home.
    static func current(_ path: String, among items: [Item]) -> String? {
        let parts = path.split(separator: "/")
        return items.map(\.href).filter { href in
            href == path || (href != SiteRoutes.home() && parts.starts(with: href.split(separator: "/")))
        }.max { $0.count < $1.count }
    }
}
