import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// The audit trail: the filters as given, a page of events, and the links to page on and to export them.
struct AuditView: PageView {
    /// `actorLink`: the events of the same person, when the event names one.
    struct Event: Encodable, Sendable { var when, actor, action, resource, outcome, clientAddress, detail: String; var resourceID, actorLink: String?; var denied: Bool }
    /// A person a typed name could mean, as a link that sets the filter to them.
    struct Choice: Encodable, Sendable { var name, link: String }
    var events: [Event] = []
    var userChoices: [Choice] = [], participantChoices: [Choice] = []
    var actions, outcomes, sorts: [PageSupport.Option]
    var user, participant, address, from, to: String?
    var exportLink = AdminRoutes.auditCSV()
    var nextPage, previousPage: String?
    var errors: [String: String] = [:], summary: String?
    var filterLink = AdminRoutes.audit(), accessMatrixLink = AdminRoutes.accessMatrixCSV()
}

/// The audit trail: filter by person, participant, action, outcome, address and time; page through;
/// export as CSV (the export is itself audited).
enum AuditPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        table.add(.get, AdminRoutes.audit, .page, .policy(.read, .auditTrail)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let query = QueryParameters(request)
            let l = env.localizer, locale = context.locale, words = AuditWords(l: l, locale: locale)
            var parsed: AuditFilter?, refused: WebError?
            do {
                parsed = try AuditQueryParameters.filter(query, actor: actor, byName: true)
            } catch let error as WebError where error.status == .unprocessableContent {
                refused = error
            }
            // A refused filter is shown on its field, not in its box.
            func shown(_ name: String) -> String? { refused?.fields.contains { $0.field == name } == true ? nil : query[name] }
            var view = AuditView(
                actions: AuditAction.allCases.map { .init(value: $0.rawValue, label: words.action($0), selected: parsed?.action == $0) }
                    .sorted { $0.label.localizedCompare($1.label) == .orderedAscending },
                outcomes: AuditEvent.Outcome.allCases.map { .init(value: $0.rawValue, label: words.outcome($0), selected: parsed?.outcome == $0) },
                sorts: AuditFilter.Sort.allCases.map { .init(value: $0.rawValue, label: l.text("audit.sort.\($0.rawValue)", locale), selected: parsed?.sort == $0) },
                user: shown("user"), participant: shown("participant"), address: shown("address"), from: shown("from"), to: shown("to"))
            guard var filter = parsed else {
                // Nothing is searched.
                let errors = PageSupport.formErrors(refused!, env, context)
                (view.errors, view.summary) = (errors.errors, errors.summary)
                return env.renderer.page("audit", titleKey: "audit.title", view: view, context: context, status: .unprocessableContent)
            }
            // A name typed for a person is looked up among those the viewer may see; one that matches
            // nobody, or several, leaves that filter out and the others working.
            var unmatched: [ValidationError] = []
            // Links carry the id a name resolved to: the CSV and the next page take ids only.
            var chosen: [String: String] = [:]
            if filter.actorUserID == nil, let name = query.text("user") {
                let found = try await staff(named: name, in: filter.organizationIDs, env)
                if found.count == 1 { (filter.actorUserID, chosen["user"]) = (found[0].id, found[0].id.text) }
                if found.isEmpty { unmatched.append(ValidationError("user", "no_match", "audit.filter_no_user")) }
                if found.count > 1 {
                    view.userChoices = found.map { .init(name: "\($0.displayName) <\($0.email)>",
                                                         link: AuditQueryParameters.link(AdminRoutes.audit, query, replacing: ["user": $0.id.text])) }
                }
            }
            if filter.participantID == nil, let name = query.text("participant") {
                let found = try await participants(named: name, actor, env, context)
                if found.count == 1 { (filter.participantID, chosen["participant"]) = (found[0].id, found[0].id.text) }
                if found.isEmpty { unmatched.append(ValidationError("participant", "no_match", "audit.filter_no_participant")) }
                if found.count > 1 {
                    view.participantChoices = found.map { .init(name: $0.displayName,
                                                                link: AuditQueryParameters.link(AdminRoutes.audit, query, replacing: ["participant": $0.id.text])) }
                }
            }
            if !unmatched.isEmpty {
                let errors = PageSupport.formErrors(WebError.invalid(ValidationErrors(unmatched)), env, context)
                (view.errors, view.summary) = (errors.errors, errors.summary)
            }
            let page = try await env.audit.list(filter, on: env.db)
            view.events = page.events.map { e in
                .init(when: PageSupport.date(e.occurredAt), actor: e.actorLabel, action: words.action(e.action), resource: words.resource(e.resourceType),
                      outcome: words.outcome(e.outcome), clientAddress: e.clientAddress, detail: words.detail(e), resourceID: e.resourceID,
                      actorLink: e.actorUserID.map { AdminRoutes.audit(query: ["user": $0.text]) }, denied: e.outcome != .success)
            }
            // A name that resolved to nobody or to several is left out of them, as it is of the results.
            for field in ["user", "participant"] where chosen[field] == nil && query.text(field).flatMap({ UUID(uuidString: $0) }) == nil {
                chosen[field] = ""
            }
            view.exportLink = AuditQueryParameters.link(AdminRoutes.auditCSV, query, replacing: chosen)
            if page.hasMore { view.nextPage = AuditQueryParameters.link(AdminRoutes.audit, query, offset: filter.offset + filter.limit, replacing: chosen) }
            if filter.offset > 0 {
                view.previousPage = AuditQueryParameters.link(AdminRoutes.audit, query, offset: max(0, filter.offset - filter.limit), replacing: chosen)
            }
            return env.renderer.page("audit", titleKey: "audit.title", view: view, context: context, status: unmatched.isEmpty ? .ok : .unprocessableContent)
        }

        table.add(.get, AdminRoutes.auditCSV, .page, .policy(.export, .auditTrail)) { request, context, resolved in
            try await csvExport(request, context, env, try resolved.requireActor())
        }

        table.add(.get, AdminRoutes.accessMatrixCSV, .page, .policy(.read, .accessMatrix)) { _, _, _ in
            CSVResponse.whole(AccessMatrix.csv(), filename: "peerway-access-matrix.csv")
        }
    }

    /// Staff whose name or address contains `name`, among the organizations whose trail the viewer reads.
    static func staff(named name: String, in organizationIDs: Set<UUID>, _ env: AppEnvironment) async throws -> [User] {
        var filter = UserRecords.ListFilter(organizationIDs: organizationIDs)
        filter.search = name
        filter.limit = 20
        return try await env.db.read { [filter] conn in try await UserRecords.list(filter, on: conn) }
    }

    /// Participants by name through the app's own search: the viewer's reach decides, and the search is
    /// audited. A viewer who may not search people learns nothing, not even that the search was refused.
    static func participants(named name: String, _ actor: Actor, _ env: AppEnvironment, _ context: AppContext) async throws -> [Person] {
        do {
            return try await env.journey.search(name, by: actor, limit: 20, context: context.audit)
        } catch is AccessRefused {
            return []
        }
    }

    static func csvExport(_ request: Request, _ context: AppContext, _ env: AppEnvironment, _ actor: Actor) async throws -> Response {
        var filter = try AuditQueryParameters.filter(request, actor: actor)
        filter.offset = 0
        var csv = CSVWriter(header: ["occurred_at", "chain", "sequence", "organization_id", "actor_user_id", "actor", "action", "resource_type",
                                     "resource_id", "participant_id", "outcome", "request_id", "client_address", "detail", "hash"])
        var count = 0
        try await env.audit.forEach(filter, on: env.db) { events in
            for e in events {
                csv.append([CSVWriter.timestamp(e.occurredAt), e.chain, String(e.sequence), e.organizationID.map(\.text) ?? "",
                            e.actorUserID.map(\.text) ?? "", e.actorLabel, e.action.rawValue, e.resourceType, e.resourceID ?? "",
                            e.participantID.map(\.text) ?? "", e.outcome.rawValue, e.requestID, e.clientAddress, e.detail, e.hash])
            }
            count += events.count
        }
        try await env.audit.record(env.db, context.audit, .export, resourceType: .auditTrail, detail: "audit CSV, \(count) events")
        return CSVResponse.whole(csv.text, filename: "peerway-audit.csv")
    }
}

/// Reads audit filters from a query string, the same way for the page, the CSV and the API.
enum AuditQueryParameters {
    static func filter(_ request: Request, actor: Actor) throws -> AuditFilter {
        try filter(QueryParameters(request), actor: actor)
    }

    /// The filter of a query; every parameter the input rule refuses, and every unreadable one, is a
    /// field error, all reported at once.
    /// `byName`: the page also takes a name for a person; what is not an id is left for it to look up.
    static func filter(_ q: QueryParameters, actor: Actor, byName: Bool = false) throws -> AuditFilter {
        var errors = q.errors
        func text(_ name: String) -> String? { errors.first(for: name) == nil ? q.text(name) : nil }
        /// A parameter that is given, as `parse` reads it; one it cannot read is `code` on that parameter.
        func read<T>(_ name: String, _ code: String, key: String? = nil, _ parse: (String) -> T?) -> T? {
            guard let v = text(name) else { return nil }
            if let value = parse(v) { return value }
            return errors.refuse(name, code, key)
        }
        var filter = AuditFilter(organizationIDs: actor.administeredOrganizationIDs.filter {
            AccessPolicy.decide(actor, .read, .auditTrail(organizationID: $0)) == .allow
        })
        // Sign-in failures for unknown addresses belong to no organization; a county administrator sees them.
        filter.includeSystemChain = actor.has(.systemAdmin)
        if byName {
            filter.actorUserID = text("user").flatMap { UUID(uuidString: $0) }
            filter.participantID = text("participant").flatMap { UUID(uuidString: $0) }
        } else {
            filter.actorUserID = read("user", "invalid_id") { UUID(uuidString: $0) }
            filter.participantID = read("participant", "invalid_id") { UUID(uuidString: $0) }
        }
        filter.action = read("action", "unknown_action", key: "error.unknown_value") { AuditAction(rawValue: $0) }
        filter.outcome = read("outcome", "unknown_outcome", key: "error.unknown_value") { AuditEvent.Outcome(rawValue: $0) }
        filter.clientAddress = text("address")
        filter.from = read("from", "invalid_date") { parseDate($0) }
        // A bare date means the whole of that day.
        filter.to = read("to", "invalid_date") { v in
            parseDate(v).map { v.unicodeScalars.count == 10 ? $0.addingTimeInterval(86_400) : $0 }
        }
        filter.sort = read("sort", "unknown_sort", key: "error.unknown_value") { AuditFilter.Sort(rawValue: $0) } ?? filter.sort
        filter.limit = read("limit", "out_of_range") { Int($0).flatMap { (1...500).contains($0) ? $0 : nil } } ?? filter.limit
        filter.offset = read("offset", "out_of_range") { Int($0).flatMap { $0 >= 0 ? $0 : nil } } ?? filter.offset
        if !errors.isEmpty { throw WebError.invalid(errors) }
        return filter
    }

    static func parseDate(_ text: String) -> Date? {
        if text.unicodeScalars.count == 10, let d = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return d }
        return try? Date(text, strategy: .iso8601)
    }

    /// `path` with the current filters, for paging links and the CSV link.
    /// `replacing`: filters set to other values, such as a person chosen among several of a name.
    static func link(_ path: RoutePath, _ q: QueryParameters, offset: Int? = nil, replacing: [String: String] = [:]) -> String {
        func value(_ name: String) -> String { replacing[name] ?? q[name] ?? "" }
        return path(query: ["user": value("user"), "participant": value("participant"), "action": value("action"), "outcome": value("outcome"),
                            "address": value("address"), "from": value("from"), "to": value("to"), "sort": value("sort"), "limit": value("limit"),
                            "offset": offset.map(String.init) ?? ""])
    }
}
