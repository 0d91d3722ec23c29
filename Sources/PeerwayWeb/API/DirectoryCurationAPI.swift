import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// API v1 for curating the directory: add and correct entries (curators), record a field check
/// (anyone who reads the directory), and list the entries due for a check.
enum DirectoryCurationAPI {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let catalog = env.directory

        table.json(.post, DirectoryRoutes.API.services, .policy(.update, .directory), DirectoryEntryJSON.self) { body, actor, request, context, resolved in
            let id = try await catalog.addEntry(body.draft, by: actor, context: context.audit)
            return try APISupport.json(["id": id], status: .created)
        }

        table.add(.put, DirectoryRoutes.API.service, .api, .policy(.update, .directory)) { request, context, resolved in
            let id = try DirectoryCurationPages.serviceParameter(context)
            let body = try await APISupport.decode(DirectoryEntryJSON.self, request, context: context)
            try await catalog.correctEntry(serviceID: id, body.draft, by: try resolved.requireActor(), context: context.audit)
            return try APISupport.json(["id": id])
        }

        table.add(.post, DirectoryRoutes.API.checks, .api, .signedIn) { request, context, resolved in
            let id = try DirectoryCurationPages.serviceParameter(context)
            let body = try await APISupport.decode(DirectoryCheckJSON.self, request, context: context)
            let check = try await catalog.recordCheck(serviceID: id, running: body.running, languages: body.languages ?? [], wait: body.wait ?? "",
                                                      note: body.note ?? "", by: try resolved.requireActor(), context: context.audit)
            return try APISupport.json(DirectoryCheckJSON(check), status: .created)
        }

        table.add(.get, DirectoryRoutes.API.due, .api, .policy(.update, .directory)) { request, context, resolved in
            let query = try QueryParameters.read(request)
            let page = Int(query["page"] ?? "1") ?? 0
            guard (1...1000).contains(page) else { throw WebError.invalid(field: "page", code: "invalid_page", messageKey: "error.invalid_page") }
            let due = try await catalog.due(by: try resolved.requireActor(), page: page, context: context.audit)
            return try APISupport.json(DirectoryDueJSON(due: due))
        }
    }
}

/// An entry as a curator sends it; the organization, address and need are read only when adding.
struct DirectoryEntryJSON: Codable, Sendable {
    var name: String
    var description: String?
    var status: String?
    var organization_name: String?
    var street: String?
    var city: String?
    var state: String?
    var postal_code: String?
    var need: String?
    var phone: String?
    var days: [String]?
    var opens: String?
    var closes: String?
    var languages: [String]?
    var free: Bool?
    var fees: String?
    var minimum_age: Int?
    var maximum_age: Int?
    var eligibility: String?
    var application_process: String?
    var url: String?
    var email: String?

    var draft: DirectoryEntryDraft {
        var d = DirectoryEntryDraft()
        d.name = name
        d.description = description ?? ""
        d.status = status ?? "active"
        d.organizationName = organization_name ?? ""
        d.street = street ?? ""
        d.city = city ?? ""
        d.state = state ?? ""
        d.postalCode = postal_code ?? ""
        d.need = need
        d.phone = phone ?? ""
        d.days = days ?? []
        d.opens = opens ?? ""
        d.closes = closes ?? ""
        d.languages = languages ?? []
        d.free = free ?? false
        d.fees = fees ?? ""
        d.minimumAge = minimum_age
        d.maximumAge = maximum_age
        d.eligibility = eligibility ?? ""
        d.applicationProcess = application_process ?? ""
        d.url = url ?? ""
        d.email = email ?? ""
        return d
    }
}

struct DirectoryCheckJSON: Codable, Sendable {
    var id: String?
    var checked_at: Date?
    var running: String
    var languages: [String]?
    var wait: String?
    var note: String?

    init(_ c: DirectoryCheck) {
        id = c.id.text
        checked_at = c.checkedAt
        running = c.running.rawValue
        languages = c.languages
        wait = c.wait
        note = c.note
    }
}

struct DirectoryDueJSON: APIFields {
    struct Entry: APIFields {
        let e: DirectoryCheckRecords.Due
        var fields: KeyValuePairs<String, (any Encodable)?> {
            ["id": e.id, "name": e.name, "organization": e.organizationName, "last_verified": e.lastVerified]
        }
    }

    let due: (entries: [DirectoryCheckRecords.Due], more: Bool, total: Int, staleAfterDays: Int)
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["stale_after_days": due.staleAfterDays, "total": due.total, "more": due.more, "services": due.entries.map(Entry.init)]
    }
}
