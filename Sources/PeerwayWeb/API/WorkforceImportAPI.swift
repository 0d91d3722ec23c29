import Foundation
import Hummingbird
import PeerwayCore
import PeerwayStore

/// API v1: importing an existing roster and its certification dates from CSV (HR), through the same
/// `Workforce.importRoster` as the page and `peerway workforce import`. All or nothing: a refused row
/// and nothing is written, answered with 422 and the report listing every row's problems. Registered
/// from `WorkforceAPI.register`.
enum WorkforceImportAPI {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        /// `POST` a CSV body (`text/csv`); `dry_run` comes from the query, as on `POST /api/v1/participants/import`.
        table.add(.post, WorkforceRoutes.API.importRoster, .api, .policy(.create, .workforce)) { request, context, resolved in
            try APISupport.requireContentType(request, "text/csv", "error.csv_required")
            let dryRun = try QueryParameters.read(request).boolean("dry_run")
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            let csv = String(decoding: buffer.readableBytesView, as: UTF8.self)
            let report = try await env.workforce.importRoster(csv, dryRun: dryRun, by: try resolved.requireActor(), context: context.audit)
            // Rejected rows changed nothing: 422, with every row's problems.
            return try APISupport.json(RosterImportReportJSON(report: report), status: report.rejected.isEmpty ? .ok : .unprocessableContent)
        }
    }
}

/// What a roster import did, or with `dry_run` would do (`RosterImportReport` in the OpenAPI document).
struct RosterImportReportJSON: APIFields {
    let report: RosterImportReport
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["total": report.total, "profiles": report.profiles, "steps_recorded": report.stepsRecorded,
         "steps_already_recorded": report.stepsAlreadyRecorded, "dry_run": report.dryRun,
         "errors": report.rejected.flatMap { row in row.errors.map { ImportReportJSON.RowError(line: row.line, field: $0.field, code: $0.code) } }]
    }
}
