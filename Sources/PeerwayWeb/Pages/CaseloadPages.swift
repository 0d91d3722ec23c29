import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// A peer's caseload with what is due next, a supervisor's team view, and the reviews falling due.
enum CaseloadPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let journey = env.journey

        table.add(.get, "/caseload", .page, .policy(.list, .participants)) { request, context, resolved in
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
                peerNames = try await env.db.read { conn in
                    var names: [UUID: String] = [:]
                    for id in ids { names[id] = try await UserRecords.get(id, on: conn)?.displayName }
                    return names
                }
            }
            let rows = entries.map { e -> [String: Any] in
                var due = "", status = ""
                if let next = e.episode.nextDue {
                    let s = ReviewSchedule.status(due: next.on, today: today)
                    status = s.rawValue
                    due = "\(l.text("due.\(next.kind.rawValue)", locale)) \(next.on.description) · \(l.text("due_status.\(s.rawValue)", locale))"
                }
                return ["id": PageSupport.id(e.person.id), "name": e.person.displayName, "pronouns": e.person.pronouns,
                        "enrolled": e.episode.enrolledOn.description, "due": due, "status": status,
                        "overdue": status == "overdue", "peer": peerNames[e.peerID] ?? ""]
            }
            let values: [String: Any] = [
                "heading": l.text(team ? "caseload.team_title" : "caseload.title", locale),
                "rows": rows, "hasRows": !rows.isEmpty, "showPeer": team || peer != nil,
                "overdueCount": rows.filter { ($0["overdue"] as? Bool) == true }.count,
                "supervisor": actor.has(.supervisor), "team": team,
                "oversees": actor.has(.supervisor) || actor.has(.programManager),
            ]
            return env.renderer.page("caseload", titleKey: team ? "caseload.team_title" : "caseload.title", values, context: context)
        }

        table.add(.get, "/reviews/due", .page, .policy(.list, .participants)) { _, context, resolved in
            let actor = try resolved.requireActor()
            let due = try await journey.reviewsDue(by: actor, context: context.audit)
            let l = env.localizer, locale = context.locale
            let today = journey.today
            let programs = try await ParticipantPages.programsFor(actor, env)
            let names = Dictionary(uniqueKeysWithValues: programs.map { ($0.id, $0.name) })
            let rows = due.map { (e, p) -> [String: Any] in
                let on = e.nextReviewOn ?? today
                let s = ReviewSchedule.status(due: on, today: today)
                return ["id": PageSupport.id(p.id), "episode": PageSupport.id(e.id), "name": p.displayName, "program": names[e.programID] ?? "",
                        "due": on.description, "status": l.text("due_status.\(s.rawValue)", locale), "overdue": s == .overdue]
            }
            let values: [String: Any] = ["rows": rows, "hasRows": !rows.isEmpty]
            return env.renderer.page("reviews_due", titleKey: "reviews_due.title", values, context: context)
        }
    }
}
