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
            let view = HomeView(
                role: primaryRole(actor).rawValue,
                greeting: l.format("home.greeting", locale, ["name": actor.displayName]),
                roles: actor.roles.sorted().map { l.text($0.labelKey, locale) }.joined(separator: ", "),
                programs: facts.programs.map { .init(name: $0.name, link: AdminRoutes.program($0.id)) },
                team: facts.team.map { .init(name: $0.displayName, link: AdminRoutes.user($0.id)) },
                organizations: facts.organizations.map { .init(name: $0.name, detail: l.text("organization.kind.\($0.kind.rawValue)", locale),
                                                               link: AdminRoutes.organization($0.id)) },
                peer: actor.has(.peerSpecialist), supervisor: actor.has(.supervisor), manager: actor.has(.programManager),
                admin: actor.isAdmin, evaluator: actor.has(.evaluator), userCount: facts.userCount, programCount: facts.programCount)
            return env.renderer.page("home", titleKey: "home.title", view: view, context: context)
        }
    }
}
