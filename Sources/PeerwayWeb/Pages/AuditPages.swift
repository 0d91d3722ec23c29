import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PeerwayCore
import PeerwayStore

/// The audit trail: filter by person, participant, action, outcome, address and time; page through;
/// export as CSV (the export is itself audited).
enum AuditPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        table.add(.get, AdminRoutes.audit, .page, .policy(.read, .auditTrail)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let query = QueryParameters(request)
            let l = env.localizer
            let filter: AuditFilter
            do {
                filter = try AuditQueryParameters.filter(query, actor: actor)
            } catch let error as WebError where error.status == .unprocessableContent {
                // A refused filter is shown on its field; nothing is searched.
                var shown: [String: String] = [:]
                for name in AuditQueryParameters.names where error.fields.first(where: { $0.field == name }) == nil {
                    shown[name] = query[name] ?? ""
                }
                let values: [String: Any] = [
                    "events": [[String: Any]](), "hasEvents": false, "errors": PageSupport.fieldErrors(error.fields, l, context.locale),
                    "summary": l.text(error.messageKey, context.locale),
                    "actions": AuditAction.allCases.map { ["value": $0.rawValue, "selected": false] },
                    "outcomes": AuditEvent.Outcome.allCases.map { ["value": $0.rawValue, "selected": false] },
                    "sorts": AuditFilter.Sort.allCases.map { ["value": $0.rawValue, "label": l.text("audit.sort.\($0.rawValue)", context.locale), "selected": false] },
                    "user": shown["user"] ?? "", "participant": shown["participant"] ?? "", "address": shown["address"] ?? "",
                    "from": shown["from"] ?? "", "to": shown["to"] ?? "", "exportQuery": "",
                ]
                return env.renderer.page("audit", titleKey: "audit.title", values, context: context, status: .unprocessableContent)
            }
            let page = try await env.audit.list(filter, on: env.db)
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
                "user": query["user"] ?? "", "participant": query["participant"] ?? "",
                "address": query["address"] ?? "", "from": query["from"] ?? "", "to": query["to"] ?? "",
                "hasEvents": !page.events.isEmpty,
                "exportQuery": AuditQueryParameters.passThrough(query),
            ]
            if page.hasMore { values["nextPage"] = AuditQueryParameters.passThrough(query, offset: filter.offset + filter.limit) }
            if filter.offset > 0 { values["previousPage"] = AuditQueryParameters.passThrough(query, offset: max(0, filter.offset - filter.limit)) }
            return env.renderer.page("audit", titleKey: "audit.title", values, context: context)
        }

        table.add(.get, AdminRoutes.auditCSV, .page, .policy(.export, .auditTrail)) { request, context, resolved in
            try await csvExport(request, context, env, try resolved.requireActor())
        }

        table.add(.get, AdminRoutes.accessMatrixCSV, .page, .policy(.read, .accessMatrix)) { _, _, _ in
            csvResponse(AccessMatrix.csv(), filename: "peerway-access-matrix.csv")
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
                csv.append([CSVWriter.timestamp(e.occurredAt), e.chain, String(e.sequence), e.organizationID.map(PageSupport.id) ?? "",
                            e.actorUserID.map(PageSupport.id) ?? "", e.actorLabel, e.action.rawValue, e.resourceType, e.resourceID ?? "",
                            e.participantID.map(PageSupport.id) ?? "", e.outcome.rawValue, e.requestID, e.clientAddress, e.detail, e.hash])
            }
            count += events.count
        }
        try await env.audit.record(env.db, context.audit, .export, resourceType: "audit_trail", detail: "audit CSV, \(count) events")
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
        try filter(QueryParameters(request), actor: actor)
    }

    /// The filter of a query; every parameter the input rule refuses, and every unreadable one, is a
    /// field error, all reported at once.
    static func filter(_ q: QueryParameters, actor: Actor) throws -> AuditFilter {
        var errors = q.errors
        func text(_ name: String) -> String? { errors.first(for: name) == nil ? q.text(name) : nil }
        var filter = AuditFilter(organizationIDs: actor.administeredOrganizationIDs.filter {
            AccessPolicy.decide(actor, .read, .auditTrail(organizationID: $0)) == .allow
        })
        // Sign-in failures for unknown addresses belong to no organization; a county administrator sees them.
        filter.includeSystemChain = actor.has(.systemAdmin)
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
            if let d = parseDate(v) { filter.to = v.unicodeScalars.count == 10 ? d.addingTimeInterval(86_400) : d } else { errors.append(.init(field: "to", code: "invalid_date", messageKey: "error.invalid_date")) }
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
        if text.unicodeScalars.count == 10, let d = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return d }
        return try? Date(text, strategy: .iso8601)
    }

    /// The current filters as a query string, for paging links and the CSV link.
    static func passThrough(_ query: QueryParameters, offset: Int? = nil) -> String {
        QueryParameters.encode(names.map { ($0, query[$0]) } + [("offset", offset.map(String.init))])
    }
}
