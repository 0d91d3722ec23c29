import Foundation
import Hummingbird
import PeerwayCore
import PeerwayStore

/// The home page: what each of the person's roles has to do today, with links to it.
struct HomeView: PageView {
    /// The leading role (`data-role`), for the page's own styling and tests.
    var role: String
    var greeting: String
    var roles: String
    var programs: [PageSupport.Link]
    var team: [PageSupport.Link]
    var organizations: [PageSupport.Link]
    var peer: Bool
    var supervisor: Bool
    var manager: Bool
    var admin: Bool
    var evaluator: Bool
    var userCount: Int
    var programCount: Int
    /// What needs doing today: each figure with what it counts, linked to the list it comes from.
    var today: [TodayItem] = []
    /// People on the peer's caseload with no service for a while; people waiting for a peer (with "Pair").
    var quiet: [PageSupport.Link] = []
    var waiting: [PageSupport.Link] = []
    /// Team peers with unsigned notes, linked to their week.
    var behind: [PageSupport.Link] = []
    /// A manager's programs, one row each; the unsigned-notes column says its window.
    var overview: [ProgramRow] = []
    /// An evaluator's programs, each linked to its service mix.
    var mixes: [PageSupport.Link] = []
    var draftsHeading = ""

    struct TodayItem: Encodable, Sendable {
        var id: String
        var label: String
        var count: Int
        var link: String?
    }
    struct ProgramRow: Encodable, Sendable {
        var name: String
        var open: Int
        var unpaired: Int
        var overdue: Int
        var drafts: Int
        var mixLink: String
    }
    var caseloadLink = ParticipantRoutes.caseload()
    var newParticipantLink = ParticipantRoutes.newParticipant()
    var weekLink = ServiceRoutes.week()
    var newServiceLink = ServiceRoutes.newService()
    var teamWeekLink = ServiceRoutes.team()
    var cosignLink = ServiceRoutes.cosignQueue()
    var usersLink = AdminRoutes.users()
    var auditLink = AdminRoutes.audit()
}

/// The first page after sign-in, shaped by the person's roles: a peer's day, a supervisor's team,
/// a manager's programs, an administrator's organization.
enum HomePage {
    /// The role whose home leads when a person holds several.
    static let precedence: [Role] = [.systemAdmin, .organizationAdmin, .programManager, .supervisor, .peerSpecialist, .evaluator]

    static func primaryRole(_ actor: Actor) -> Role {
        precedence.first { actor.has($0) } ?? .peerSpecialist
    }

    struct Facts: Sendable {
        var programs: [Program] = []
        var team: [User] = []
        var organizations: [Organization] = []
        var userCount = 0
        var programCount = 0
    }

    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        table.add(.get, SiteRoutes.home, .page, .signedIn) { _, context, resolved in
            let actor = try resolved.requireActor()
            var view = try await view(actor, context, env)
            try await addToday(&view, actor, context, env)
            return env.renderer.page("home", titleKey: "home.title", view: view, context: context)
        }
    }

    /// The panels every home has: greeting, roles, programs, team, organizations.
    static func view(_ actor: Actor, _ context: AppContext, _ env: AppEnvironment) async throws -> HomeView {
        let l = env.localizer
        let locale = context.locale
        let facts = try await env.db.read { conn -> Facts in
            var facts = Facts()
            facts.programs = try await ProgramRecords.list(organizationIDs: [actor.organizationID], on: conn).filter { actor.programIDs.contains($0.id) }
            if actor.has(.supervisor) {
                facts.team = try await UserRecords.team(supervisorID: actor.userID, on: conn)
            }
            if actor.isAdmin {
                facts.organizations = try await OrganizationRecords.list(ids: actor.administeredOrganizationIDs, on: conn)
                facts.userCount = try await UserRecords.count(organizationIDs: actor.administeredOrganizationIDs, on: conn)
                facts.programCount = try await ProgramRecords.list(organizationIDs: actor.administeredOrganizationIDs, on: conn).count
            }
            return facts
        }
        var view = HomeView(
            role: primaryRole(actor).rawValue,
            greeting: l.format("home.greeting", locale, ["name": actor.displayName]),
            roles: actor.roles.sorted().map { l.text($0.labelKey, locale) }.joined(separator: ", "),
            programs: facts.programs.map { .init(name: $0.name, link: AdminRoutes.program($0.id)) },
            team: facts.team.map { .init(name: $0.displayName, link: AdminRoutes.user($0.id)) },
            organizations: facts.organizations.map { .init(name: $0.name, detail: l.text("organization.kind.\($0.kind.rawValue)", locale),
                                                           link: AdminRoutes.organization($0.id)) },
            peer: actor.has(.peerSpecialist), supervisor: actor.has(.supervisor), manager: actor.has(.programManager),
            admin: actor.isAdmin, evaluator: actor.has(.evaluator), userCount: facts.userCount, programCount: facts.programCount)
        if actor.has(.evaluator) {
            // What an evaluator can open today: each of their programs' service mix (counts, no names).
            view.mixes = facts.programs.filter {
                AccessPolicy.decide(actor, .list, .services(organizationID: actor.organizationID, programID: $0.id)) == .allow
            }.map { .init(name: $0.name, link: ServiceRoutes.programServices($0.id)) }
        }
        return view
    }

    /// "Today": a peer's overdue and due-soon reviews, unsigned notes and quiet people; a supervisor's notes
    /// to co-sign, people waiting for a peer and peers with unsigned notes; a manager's programs.
    static func addToday(_ view: inout HomeView, _ actor: Actor, _ context: AppContext, _ env: AppEnvironment) async throws {
        let l = env.localizer, locale = context.locale, audit = context.audit
        func item(_ id: String, _ count: Int, _ link: String?) -> HomeView.TodayItem {
            .init(id: id, label: l.format("today.\(id)", locale, ["days": String(ServiceDocumentation.quietDays),
                                                                   "window": String(ServiceDocumentation.openNotesWindowDays)]),
                  count: count, link: link)
        }
        let clinical = actor.has(.peerSpecialist) || actor.has(.supervisor) || actor.has(.programManager)
        guard clinical else { return }
        let notes = try await env.documentation.openNotes(by: actor, context: audit)
        if actor.has(.peerSpecialist) {
            let mine = try await env.journey.caseload(by: actor, context: audit)
            let statuses = mine.compactMap { $0.episode.nextDue.map { ReviewSchedule.status(due: $0.on, today: env.journey.today) } }
            let quiet = try await env.documentation.quiet(mine)
            view.today += [item("overdue", statuses.filter { $0 == .overdue }.count, ParticipantRoutes.caseload()),
                           item("due_soon", statuses.filter { $0 == .dueSoon }.count, ParticipantRoutes.caseload()),
                           item("drafts", notes.mine, ServiceRoutes.week()),
                           item("quiet", quiet.count, nil)]
            // Certification deadlines that raise an alert (90, 60, 30 days, overdue), shown only when there are some.
            let alerts = try await env.workforce.ownStatus(of: actor).deadlines.filter { $0.alert != .none }.count
            if alerts > 0 { view.today.append(item("certification", alerts, WorkforceRoutes.mine())) }
            view.quiet = quiet.prefix(10).map { .init(name: $0.person.displayName, link: ParticipantRoutes.record($0.person.id)) }
        }
        if actor.has(.supervisor) || actor.has(.programManager) {
            let waiting = try await env.journey.waitingForPeer(by: actor, context: audit)
            view.waiting = waiting.map { episode, person in
                .init(name: person.displayName, detail: l.date(episode.enrolledOn, locale), link: ParticipantRoutes.assign(episode.id))
            }
            if actor.has(.supervisor) {
                let queue = try await env.documentation.cosignQueue(by: actor, context: audit)
                view.today += [item("to_cosign", queue.count, ServiceRoutes.cosignQueue()), item("waiting", waiting.count, nil)]
                let names = try await env.db.read { conn in try await UserRecords.displayNames(Set(notes.team.keys), on: conn) }
                view.behind = notes.team.sorted { $0.value > $1.value }.map { peer, count in
                    .init(name: names[peer] ?? "", detail: l.format("today.drafts_of_peer", locale, ["count": l.count(count, locale)]),
                          link: ServiceRoutes.week(query: ["peer": peer.text]))
                }
            }
        }
        if actor.has(.programManager) {
            view.draftsHeading = l.format("today.drafts_col", locale, ["window": String(ServiceDocumentation.openNotesWindowDays)])
            let counts = try await env.journey.programOverview(by: actor, context: audit)
            let names = Dictionary(uniqueKeysWithValues: view.programs.map { ($0.link, $0.name) })
            view.overview = counts.map { c in
                .init(name: names[AdminRoutes.program(c.programID)] ?? "", open: c.open, unpaired: c.unpaired, overdue: c.overdue,
                      drafts: notes.programs[c.programID] ?? 0, mixLink: ServiceRoutes.programServices(c.programID))
            }
        }
    }

}
