import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// What the caseload page shows: a peer's people with what is due next, or a supervisor's team.
struct CaseloadView: PageView {
    struct Row: Encodable, Sendable {
        var name: String
        var pronouns: String?
        var peer: String?
        var enrolled: String
        /// What falls due next ("Review"), on which day, and how urgent it is, in words.
        var due: String?
        var dueOn: String?
        var status: String?
        var overdue: Bool
        var dueSoon: Bool
        var link: String
        var documentLink: String
    }
    var heading: String
    var rows: [Row]
    var overdueCount: Int
    var showPeer: Bool
    var supervisor: Bool
    var team: Bool
    var oversees: Bool
    var newParticipantLink = ParticipantRoutes.newParticipant()
    var mineLink = ParticipantRoutes.caseload()
    var teamLink = ParticipantRoutes.caseload(query: ["team": "1"])
    var reviewsDueLink = ParticipantRoutes.reviewsDue()
    var measuresDueLink = InstrumentRoutes.due()
}

/// The reviews falling due across the programs a supervisor or manager oversees.
struct ReviewsDueView: PageView {
    struct Row: Encodable, Sendable {
        var name: String
        var program: String
        var due: String
        var status: String
        var overdue: Bool
        var dueSoon: Bool
        var link: String
        var reviewLink: String
    }
    var rows: [Row]
}

/// A peer's caseload with what is due next, a supervisor's team view, and the reviews falling due.
enum CaseloadPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let journey = env.journey

        table.add(.get, ParticipantRoutes.caseload, .page, .policy(.list, .participants)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let query = try QueryParameters.read(request)
            let peer = query["peer"].flatMap { UUID(uuidString: $0) }
            let team = query["team"] == "1"
            let entries = try await journey.caseload(peerID: peer, team: team, by: actor, context: context.audit)
            let l = env.localizer, locale = context.locale
            let today = journey.today
            var peerNames: [UUID: String] = [:]
            if team || peer != nil {
                let ids = Set(entries.map(\.peerID))
                peerNames = try await env.db.read { conn in try await UserRecords.displayNames(ids, on: conn) }
            }
            let statuses = entries.map { e in e.episode.nextDue.map { ReviewSchedule.status(due: $0.on, today: today) } ?? .notDue }
            // Overdue first, then due soon; the store's order (by name) within each.
            let ordered = zip(entries, statuses).enumerated().sorted { a, b in
                a.element.1 != b.element.1 ? a.element.1 < b.element.1 : a.offset < b.offset
            }.map(\.element)
            let rows = ordered.map { e, s -> CaseloadView.Row in
                let next = e.episode.nextDue
                return .init(name: e.person.displayName, pronouns: e.person.pronouns, peer: peerNames[e.peerID],
                             enrolled: l.date(e.episode.enrolledOn, locale), due: next.map { l.text("due.\($0.kind.rawValue)", locale) },
                             dueOn: next.map { l.date($0.on, locale) }, status: next.map { _ in l.text("due_status.\(s.rawValue)", locale) },
                             overdue: next != nil && s == .overdue, dueSoon: next != nil && s == .dueSoon,
                             link: ParticipantRoutes.record(e.person.id), documentLink: ServiceRoutes.newService(query: ["person": e.person.id.text]))
            }
            let titleKey = team ? "caseload.team_title" : "caseload.title"
            let view = CaseloadView(heading: l.text(titleKey, locale), rows: rows, overdueCount: rows.filter(\.overdue).count,
                                    showPeer: team || peer != nil, supervisor: actor.has(.supervisor), team: team,
                                    oversees: actor.has(.supervisor) || actor.has(.programManager))
            return env.renderer.page("caseload", titleKey: titleKey, view: view, context: context)
        }

        table.add(.get, ParticipantRoutes.reviewsDue, .page, .policy(.list, .participants)) { _, context, resolved in
            let actor = try resolved.requireActor()
            let due = try await journey.reviewsDue(by: actor, context: context.audit)
            let l = env.localizer, locale = context.locale
            let today = journey.today
            let programs = try await ParticipantPages.programsFor(actor, env)
            let names = Dictionary(uniqueKeysWithValues: programs.map { ($0.id, $0.name) })
            let rows = due.map { (e, p) -> ReviewsDueView.Row in
                let on = e.nextReviewOn ?? today
                let s = ReviewSchedule.status(due: on, today: today)
                return .init(name: p.displayName, program: names[e.programID] ?? "", due: l.date(on, locale),
                             status: l.text("due_status.\(s.rawValue)", locale), overdue: s == .overdue, dueSoon: s == .dueSoon,
                             link: ParticipantRoutes.record(p.id), reviewLink: ParticipantRoutes.review(e.id))
            }
            return env.renderer.page("reviews_due", titleKey: "reviews_due.title", view: ReviewsDueView(rows: rows), context: context)
        }
    }
}
