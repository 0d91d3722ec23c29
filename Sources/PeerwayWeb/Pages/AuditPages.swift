import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PeerwayCore
import PeerwayStore

/// The audit trail: the filters as given, a page of events, and the links to page on and to export them.
struct AuditView: PageView {
    /// `actorLink`: the events of the same person, when the event names one.
    struct Event: Encodable, Sendable { var when, actor, action, resource, outcome, clientAddress, detail: String; var resourceID, actorLink: String?; var denied: Bool }
    var events: [Event] = []
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
            let l = env.localizer, locale = context.locale
            var parsed: AuditFilter?, refused: WebError?
            do {
                parsed = try AuditQueryParameters.filter(query, actor: actor)
            } catch let error as WebError where error.status == .unprocessableContent {
                refused = error
            }
            // A refused filter is shown on its field, not in its box.
            func shown(_ name: String) -> String? { refused?.fields.contains { $0.field == name } == true ? nil : query[name] }
            var view = AuditView(
                actions: AuditAction.allCases.map { .init(value: $0.rawValue, selected: parsed?.action == $0) },
                outcomes: AuditEvent.Outcome.allCases.map { .init(value: $0.rawValue, selected: parsed?.outcome == $0) },
                sorts: AuditFilter.Sort.allCases.map { .init(value: $0.rawValue, label: l.text("audit.sort.\($0.rawValue)", locale), selected: parsed?.sort == $0) },
                user: shown("user"), participant: shown("participant"), address: shown("address"), from: shown("from"), to: shown("to"))
            guard let filter = parsed else {
                // Nothing is searched.
                let errors = PageSupport.formErrors(refused!, env, context)
                (view.errors, view.summary) = (errors.errors, errors.summary)
                return env.renderer.page("audit", titleKey: "audit.title", view: view, context: context, status: .unprocessableContent)
            }
            let page = try await env.audit.list(filter, on: env.db)
            view.events = page.events.map { e in
                .init(when: PageSupport.date(e.occurredAt), actor: e.actorLabel, action: e.action.rawValue, resource: e.resourceType,
                      outcome: e.outcome.rawValue, clientAddress: e.clientAddress, detail: e.detail, resourceID: e.resourceID,
                      actorLink: e.actorUserID.map { AdminRoutes.audit(query: ["user": $0.text]) }, denied: e.outcome != .success)
            }
            view.exportLink = AuditQueryParameters.link(AdminRoutes.auditCSV, query)
            if page.hasMore { view.nextPage = AuditQueryParameters.link(AdminRoutes.audit, query, offset: filter.offset + filter.limit) }
            if filter.offset > 0 { view.previousPage = AuditQueryParameters.link(AdminRoutes.audit, query, offset: max(0, filter.offset - filter.limit)) }
            return env.renderer.page("audit", titleKey: "audit.title", view: view, context: context)
        }

        table.add(.get, AdminRoutes.auditCSV, .page, .policy(.export, .auditTrail)) { request, context, resolved in
            try await csvExport(request, context, env, try resolved.requireActor())
        }

        table.add(.get, AdminRoutes.accessMatrixCSV, .page, .policy(.read, .accessMatrix)) { _, _, _ in
            CSVResponse.whole(AccessMatrix.csv(), filename: "peerway-access-matrix.csv")
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
    static func filter(_ q: QueryParameters, actor: Actor) throws -> AuditFilter {
        var errors = q.errors
        func text(_ name: String) -> String? { errors.first(for: name) == nil ? q.text(name) : nil }
        /// A parameter that is given, as `parse` reads it; one it cannot read is `code` on that parameter.
        func read<T>(_ name: String, _ code: String, key: String? = nil, _ parse: (String) -> T?) -> T? {
            guard let v = text(name) else { return nil }
            if let value = parse(v) { return value }
            errors.append(ValidationError(name, code, key))
            return nil
        }
        var filter = AuditFilter(organizationIDs: actor.administeredOrganizationIDs.filter {
            AccessPolicy.decide(actor, .read, .auditTrail(organizationID: $0)) == .allow
        })
        // Sign-in failures for unknown addresses belong to no organization; a county administrator sees them.
        filter.includeSystemChain = actor.has(.systemAdmin)
        filter.actorUserID = read("user", "invalid_id") { UUID(uuidString: $0) }
        filter.participantID = read("participant", "invalid_id") { UUID(uuidString: $0) }
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
    static func link(_ path: RoutePath, _ q: QueryParameters, offset: Int? = nil) -> String {
        path(query: ["user": q["user"] ?? "", "participant": q["participant"] ?? "", "action": q["action"] ?? "", "outcome": q["outcome"] ?? "",
                     "address": q["address"] ?? "", "from": q["from"] ?? "", "to": q["to"] ?? "", "sort": q["sort"] ?? "", "limit": q["limit"] ?? "",
                     "offset": offset.map(String.init) ?? ""])
    }
}
