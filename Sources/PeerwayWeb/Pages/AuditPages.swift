import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PeerwayCore
import PeerwayStore

/// The audit trail: filter by person, participant, action, outcome, address and time; page through;
/// export as CSV (the export is itself audited).
enum AuditPages {
    static func register(_ table: inout RouteTable, _ services: WebServices) {
        table.add(.get, "/admin/audit", .page, .policy(.read, .auditTrail)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let filter = try AuditQueryParameters.filter(request, actor: actor)
            let page = try await services.audit.list(filter, on: services.db)
            let l = services.localizer
            let query = request.uri.queryParameters
            var values: [String: Any] = [
                "events": page.events.map { e -> [String: Any] in
                    ["when": PageSupport.date(e.occurredAt), "actor": e.actorLabel, "actorID": e.actorUserID.map(PageSupport.id) ?? "",
                     "action": e.action.rawValue, "resource": e.resourceType, "resourceID": e.resourceID ?? "",
                     "participant": e.participantID.map(PageSupport.id) ?? "", "outcome": e.outcome.rawValue,
                     "denied": e.outcome != .success, "address": e.clientAddress, "detail": e.detail, "request": e.requestID]
                },
                "actions": AuditAction.allCases.map { ["value": $0.rawValue, "selected": filter.action == $0] },
                "outcomes": AuditEvent.Outcome.allCases.map { ["value": $0.rawValue, "selected": filter.outcome == $0] },
                "sorts": AuditFilter.Sort.allCases.map { ["value": $0.rawValue, "label": l.text("audit.sort.\($0.rawValue)", context.locale), "selected": filter.sort == $0] },
                "user": query["user"].map(String.init) ?? "", "participant": query["participant"].map(String.init) ?? "",
                "address": query["address"].map(String.init) ?? "", "from": query["from"].map(String.init) ?? "", "to": query["to"].map(String.init) ?? "",
                "hasEvents": !page.events.isEmpty,
                "exportQuery": AuditQueryParameters.passThrough(request),
            ]
            if page.hasMore { values["nextPage"] = AuditQueryParameters.passThrough(request, offset: filter.offset + filter.limit) }
            if filter.offset > 0 { values["previousPage"] = AuditQueryParameters.passThrough(request, offset: max(0, filter.offset - filter.limit)) }
            return services.renderer.page("audit", titleKey: "audit.title", values, context: context)
        }

        table.add(.get, "/admin/audit.csv", .page, .policy(.export, .auditTrail)) { request, context, resolved in
            try await csvExport(request, context, services, try resolved.requireActor())
        }

        table.add(.get, "/admin/access-matrix.csv", .page, .policy(.read, .accessMatrix)) { _, _, _ in
            csvResponse(AccessMatrix.csv(), filename: "peerway-access-matrix.csv")
        }
    }

    static func csvExport(_ request: Request, _ context: AppContext, _ services: WebServices, _ actor: Actor) async throws -> Response {
        var filter = try AuditQueryParameters.filter(request, actor: actor)
        filter.offset = 0
        var csv = CSVWriter(header: ["occurred_at", "chain", "sequence", "organization_id", "actor_user_id", "actor", "action", "resource_type",
                                     "resource_id", "participant_id", "outcome", "request_id", "client_address", "detail", "hash"])
        var count = 0
        try await services.audit.forEach(filter, on: services.db) { events in
            for e in events {
                csv.append([CSVWriter.timestamp(e.occurredAt), e.chain, String(e.sequence), e.organizationID.map(PageSupport.id) ?? "",
                            e.actorUserID.map(PageSupport.id) ?? "", e.actorLabel, e.action.rawValue, e.resourceType, e.resourceID ?? "",
                            e.participantID.map(PageSupport.id) ?? "", e.outcome.rawValue, e.requestID, e.clientAddress, e.detail, e.hash])
            }
            count += events.count
        }
        try await services.audit.record(services.db, context.audit, .export, resourceType: "audit_trail", detail: "audit CSV, \(count) events")
        return csvResponse(csv.text, filename: "peerway-audit.csv")
    }

    static func csvResponse(_ text: String, filename: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Reads audit filters from a query string, the same way for the page, the CSV and the API.
enum AuditQueryParameters {
    static let names = ["user", "participant", "action", "outcome", "address", "from", "to", "sort", "limit"]

    static func filter(_ request: Request, actor: Actor) throws -> AuditFilter {
        let q = request.uri.queryParameters
        func text(_ name: String) -> String? { q[name[...]].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
        var filter = AuditFilter(organizationIDs: actor.administeredOrganizationIDs.filter {
            AccessPolicy.decide(actor, .read, .auditTrail(organizationID: $0)) == .allow
        })
        // Sign-in failures for unknown addresses belong to no organization; a county administrator sees them.
        filter.includeSystemChain = actor.has(.systemAdmin)
        var errors = ValidationErrors()
        if let v = text("user") {
            if let id = UUID(uuidString: v) { filter.actorUserID = id } else { errors.append(.init(field: "user", code: "invalid_id", messageKey: "error.invalid_id")) }
        }
        if let v = text("participant") {
            if let id = UUID(uuidString: v) { filter.participantID = id } else { errors.append(.init(field: "participant", code: "invalid_id", messageKey: "error.invalid_id")) }
        }
        if let v = text("action") {
            if let a = AuditAction(rawValue: v) { filter.action = a } else { errors.append(.init(field: "action", code: "unknown_action", messageKey: "error.unknown_value")) }
        }
        if let v = text("outcome") {
            if let o = AuditEvent.Outcome(rawValue: v) { filter.outcome = o } else { errors.append(.init(field: "outcome", code: "unknown_outcome", messageKey: "error.unknown_value")) }
        }
        filter.clientAddress = text("address")
        if let v = text("from") {
            if let d = parseDate(v) { filter.from = d } else { errors.append(.init(field: "from", code: "invalid_date", messageKey: "error.invalid_date")) }
        }
        if let v = text("to") {
            // A bare date means the whole of that day.
            if let d = parseDate(v) { filter.to = v.count == 10 ? d.addingTimeInterval(86_400) : d } else { errors.append(.init(field: "to", code: "invalid_date", messageKey: "error.invalid_date")) }
        }
        if let v = text("sort") {
            if let s = AuditFilter.Sort(rawValue: v) { filter.sort = s } else { errors.append(.init(field: "sort", code: "unknown_sort", messageKey: "error.unknown_value")) }
        }
        if let v = text("limit") {
            if let n = Int(v), (1...500).contains(n) { filter.limit = n } else { errors.append(.init(field: "limit", code: "out_of_range", messageKey: "error.out_of_range")) }
        }
        if let v = text("offset") {
            if let n = Int(v), n >= 0 { filter.offset = n } else { errors.append(.init(field: "offset", code: "out_of_range", messageKey: "error.out_of_range")) }
        }
        if !errors.isEmpty { throw WebError.invalid(errors) }
        return filter
    }

    static func parseDate(_ text: String) -> Date? {
        if text.count == 10, let d = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return d }
        return try? Date(text, strategy: .iso8601)
    }

    /// The current filters as a query string, for paging links and the CSV link.
    static func passThrough(_ request: Request, offset: Int? = nil) -> String {
        var items: [URLQueryItem] = []
        for name in names { if let v = request.uri.queryParameters[name[...]], !v.isEmpty { items.append(URLQueryItem(name: name, value: String(v))) } }
        if let offset { items.append(URLQueryItem(name: "offset", value: String(offset))) }
        var c = URLComponents()
        c.queryItems = items
        return c.percentEncodedQuery ?? ""
    }
}
