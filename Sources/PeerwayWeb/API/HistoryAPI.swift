import Foundation
import Hummingbird
import PeerwayCore
import PeerwayStore

/// `POST /api/v1/history/import`: a program's history files in one JSON body, checked and imported
/// whole or not at all, with every problem by file, line and column.
enum HistoryAPI {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        table.json(.post, HistoryRoutes.API.importHistory, .policy(.export, .participants), HistoryImportRequestJSON.self) { input, actor, request, context, resolved in
            guard let programID = UUID(uuidString: input.program_id) else {
                throw WebError.invalid(field: "program_id", code: "invalid_id", messageKey: "error.invalid_id")
            }
            let report = try await HistoryImport(env.store).run(input.files.map { HistoryImport.File(name: $0.name, text: $0.text) },
                                                                programID: programID, dryRun: input.dry_run ?? false,
                                                                by: actor, context: context.audit)
            // Files with a problem changed nothing: 422, with every problem.
            return try APISupport.json(HistoryImportJSON(report: report, l: env.localizer), status: report.problems.isEmpty ? .ok : .unprocessableContent)
        }
    }
}

struct HistoryImportRequestJSON: Codable, Sendable {
    struct File: Codable, Sendable { let name: String; let text: String }
    let program_id: String
    let files: [File]
    let dry_run: Bool?
}

struct HistoryImportJSON: APIFields {
    struct Count: Codable, Sendable { let file: String; let rows: Int; let created: Int; let updated: Int; let unchanged: Int; let rejected: Int }
    struct Problem: Codable, Sendable { let file: String; let line: Int; let column: String; let code: String; let message: String }
    let report: HistoryImport.Report
    let l: Localizer
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["dry_run": report.dryRun, "written": report.written,
         "counts": report.counts.map { Count(file: $0.file.fileName, rows: $0.rows, created: $0.created, updated: $0.updated, unchanged: $0.unchanged,
                                             rejected: $0.rejected) },
         "problems": report.problems.map { Problem(file: $0.file, line: $0.line, column: $0.column, code: $0.code,
                                                   message: l.text($0.messageKey, Localizer.defaultLocale)) }]
    }
}
