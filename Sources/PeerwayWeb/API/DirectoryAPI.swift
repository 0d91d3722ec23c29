import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PeerwayCore
import PeerwayStore

/// API v1 for the directory: import HSDS JSON, export it, and its settings, through `DirectoryCatalog`.
enum DirectoryAPI {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let catalog = env.directory

        // The body is an HSDS 3.0 JSON document in any shape the reader takes; `dry_run` from the query.
        table.add(.post, DirectoryRoutes.API.importHSDS, .api, .policy(.update, .directory)) { request, context, resolved in
            try APISupport.requireContentType(request, "application/json", "error.json_required")
            let dryRun = try QueryParameters.read(request).boolean("dry_run")
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            let actor = try resolved.requireActor()
            let files = [(name: "body.json", bytes: Array(buffer.readableBytesView))]
            // A large file, or a client that asks (RFC 7240), gets the job's address at once: 202.
            if buffer.readableBytes > UploadLimits.standard || request.headers[.init("Prefer")!]?.lowercased().contains("respond-async") == true {
                let id = try await env.directoryImports.start(files, dryRun: dryRun, by: actor, context: context.audit)
                let job = try await env.directoryImports.job(id, by: actor)
                var response = try APISupport.json(DirectoryImportJobJSON(j: job), status: .accepted)
                response.headers[.location] = DirectoryRoutes.API.importJob(id)
                return response
            }
            let report = try await catalog.importFiles(files, organizationID: actor.organizationID, dryRun: dryRun, by: actor, context: context.audit)
            // A refused import changed nothing: 422, with every problem.
            return try APISupport.json(DirectoryImportJSON(r: report), status: report.refused ? .unprocessableContent : .ok)
        }

        table.add(.get, DirectoryRoutes.API.importJob, .api, .policy(.update, .directory)) { _, context, resolved in
            let job = try await env.directoryImports.job(try Guards.pathID(context), by: try resolved.requireActor())
            return try APISupport.json(DirectoryImportJobJSON(j: job))
        }

        table.add(.get, DirectoryRoutes.API.export, .api, .policy(.export, .directory)) { _, context, resolved in
            let actor = try resolved.requireActor()
            return try DirectoryExportPage.download(.json, try await catalog.export(.json, organizationID: actor.organizationID, by: actor, context: context.audit))
        }

        // The page's search: the same parameters, each service with why it matched and its linkage record.
        table.add(.get, DirectoryRoutes.API.search, .api, .policy(.read, .directory)) { request, _, resolved in
            let query = try QueryParameters.read(request)
            var values: [String: String] = [:]
            for name in DirectorySearchRules.parameters { values[name] = query[name] }
            // A page's empty select means "any"; the API documents a value for each of these when present.
            for name in ["language", "radius_km", "open_now", "free", "age", "sort", "page"] where values[name]?.isEmpty == true {
                throw WebError.invalid(field: name, code: "invalid_value", messageKey: "error.invalid_value")
            }
            let q = try DirectorySearchRules.query(values)
            let result = try await catalog.search(q, by: try resolved.requireActor())
            return try APISupport.json(DirectorySearchJSON(r: result, q: q))
        }

        table.add(.get, DirectoryRoutes.API.settings, .api, .policy(.read, .directory)) { _, _, resolved in
            let actor = try resolved.requireActor()
            return try APISupport.json(DirectorySettingsJSON(try await catalog.settings(organizationID: actor.organizationID, by: actor)))
        }

        table.json(.put, DirectoryRoutes.API.settings, .policy(.update, .directory), DirectorySettingsJSON.self) { body, actor, request, context, resolved in
            let current = try await catalog.settings(organizationID: actor.organizationID, by: actor)
            let settings = DirectorySettings(shareWithProviders: body.share_with_providers, publicReadAPI: body.public_read_api,
                                             staleAfterDays: body.stale_after_days ?? current.staleAfterDays)
            try await catalog.saveSettings(settings, organizationID: actor.organizationID, by: actor, context: context.audit)
            return try APISupport.json(DirectorySettingsJSON(settings))
        }
    }
}

struct DirectorySettingsJSON: Codable, Sendable {
    var share_with_providers: Bool
    var public_read_api: Bool
    /// Optional on PUT: the current number is kept.
    var stale_after_days: Int?

    init(_ s: DirectorySettings) {
        share_with_providers = s.shareWithProviders
        public_read_api = s.publicReadAPI
        stale_after_days = s.staleAfterDays
    }
}

/// What an import did or would do, and every problem found (any error: nothing was written).
struct DirectoryImportJSON: APIFields {
    struct Counts: APIFields {
        let c: DirectoryCatalog.ImportReport.Counts
        var fields: KeyValuePairs<String, (any Encodable)?> { ["created": c.created, "updated": c.updated, "unchanged": c.unchanged] }
    }

    struct ProblemJSON: APIFields {
        let p: HSDSProblem
        var fields: KeyValuePairs<String, (any Encodable)?> {
            ["severity": p.severity.rawValue, "code": p.code.rawValue, "file": p.file, "row": p.row, "pointer": p.pointer, "table": p.table,
             "field": p.field, "value": p.value, "expected": p.expected]
        }
    }

    let r: DirectoryCatalog.ImportReport
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["dry_run": r.dryRun, "refused": r.refused, "rows": r.rows, "created": r.created, "updated": r.updated, "unchanged": r.unchanged,
         "tables": r.byTable.mapValues(Counts.init), "problems": r.problems.map(ProblemJSON.init)]
    }
}

/// An import run as a job: its state, how far it is while it runs, then its report.
struct DirectoryImportJobJSON: APIFields {
    struct Progress: Encodable, Sendable {
        var rows_written: Int
        var rows_to_write: Int
    }

    let j: DirectoryImportJobs.Job
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": j.id.text, "state": j.state.rawValue, "dry_run": j.dryRun, "files": j.files, "bytes": j.bytes,
         "started_at": j.startedAt, "finished_at": j.finishedAt,
         "progress": j.progress.map { Progress(rows_written: $0.written, rows_to_write: $0.total) },
         "report": j.report.map(DirectoryImportJSON.init)]
    }
}

/// A page of a directory search: each service with why it matched and its linkage record.
struct DirectorySearchJSON: APIFields {
    struct Reason: Encodable, Sendable {
        var code: String
        var value: String?
    }

    struct Linkage: Encodable, Sendable {
        /// `record`, `suppressed` (a count of 1 to 10 would show) or `none` (no referrals in the period).
        var shown: String
        var referrals: Int?
        var linked_within_30_days: Int?
        var percent: Double?
    }

    struct Service: APIFields {
        let e: DirectorySearchResult.Entry
        var fields: KeyValuePairs<String, (any Encodable)?> {
            let h = e.hit
            let linkage: Linkage = switch e.linkage.shown {
            case let .record(referrals, linked, percent): Linkage(shown: "record", referrals: referrals, linked_within_30_days: linked, percent: percent)
            case .suppressed: Linkage(shown: "suppressed")
            case .none: Linkage(shown: "none")
            }
            return ["id": h.id, "name": h.name, "organization": h.organizationName, "description": h.description, "status": h.status, "free": h.free,
                    "languages": h.languages, "distance_km": h.distanceKm.map { ($0 * 100).rounded() / 100 },
                    "closes_at": h.closesMinute.map(ServiceRules.timeText), "reasons": e.reasons.map(DirectorySearchJSON.reason), "linkage": linkage]
        }
    }

    let r: DirectorySearchResult
    let q: DirectoryQuery
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["page": q.page, "per_page": DirectorySearchRules.perPage, "more": r.more, "near": r.center.map { [$0.latitude, $0.longitude] },
         "services": r.entries.map(Service.init)]
    }

    static func reason(_ r: DirectoryMatchReason) -> Reason {
        switch r {
        case .name, .organization, .description, .free: Reason(code: r.code)
        case let .need(code), let .language(code): Reason(code: r.code, value: code)
        case let .distance(km): Reason(code: r.code, value: String(format: "%.2f", km))
        case let .openNow(closes): Reason(code: r.code, value: ServiceRules.timeText(closes))
        case let .age(age): Reason(code: r.code, value: String(age))
        }
    }
}
