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
            guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
                throw WebError(status: .unsupportedMediaType, code: "unsupported_media_type", messageKey: "error.json_required")
            }
            let dryRun = try QueryParameters.read(request).boolean("dry_run")
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            let actor = try resolved.requireActor()
            let report = try await catalog.importFiles([("body.json", Array(buffer.readableBytesView))], organizationID: actor.organizationID,
                                                       dryRun: dryRun, by: actor, context: context.audit)
            // A refused import changed nothing: 422, with every problem.
            return try APISupport.json(DirectoryImportJSON(report), status: report.refused ? .unprocessableContent : .ok)
        }

        table.add(.get, DirectoryRoutes.API.export, .api, .policy(.export, .directory)) { _, context, resolved in
            let actor = try resolved.requireActor()
            let files = try await catalog.export(.json, organizationID: actor.organizationID, by: actor, context: context.audit)
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[.contentDisposition] = #"attachment; filename="directory.json""#
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: files.first?.text ?? "{}")))
        }

        table.add(.get, DirectoryRoutes.API.settings, .api, .policy(.read, .directory)) { _, _, resolved in
            let actor = try resolved.requireActor()
            return try APISupport.json(DirectorySettingsJSON(try await catalog.settings(organizationID: actor.organizationID, by: actor)))
        }

        table.add(.put, DirectoryRoutes.API.settings, .api, .policy(.update, .directory)) { request, context, resolved in
            let body = try await APISupport.decode(DirectorySettingsJSON.self, request, context: context)
            let actor = try resolved.requireActor()
            let settings = DirectorySettings(shareWithProviders: body.share_with_providers, publicReadAPI: body.public_read_api)
            try await catalog.saveSettings(settings, organizationID: actor.organizationID, by: actor, context: context.audit)
            return try APISupport.json(DirectorySettingsJSON(settings))
        }
    }
}

struct DirectorySettingsJSON: Codable, Sendable {
    var share_with_providers: Bool
    var public_read_api: Bool

    init(_ s: DirectorySettings) {
        share_with_providers = s.shareWithProviders
        public_read_api = s.publicReadAPI
    }
}

/// What an import did or would do, and every problem found (any error: nothing was written).
struct DirectoryImportJSON: Encodable, Sendable {
    struct Counts: Encodable, Sendable {
        var created: Int
        var updated: Int
        var unchanged: Int
    }

    struct ProblemJSON: Encodable, Sendable {
        var severity: String
        var code: String
        var file: String
        var row: Int?
        var pointer: String?
        var table: String?
        var field: String?
        var value: String?
    }

    var dry_run: Bool
    var refused: Bool
    var rows: Int
    var created: Int
    var updated: Int
    var unchanged: Int
    var tables: [String: Counts]
    var problems: [ProblemJSON]

    init(_ r: DirectoryCatalog.ImportReport) {
        dry_run = r.dryRun
        refused = r.refused
        rows = r.rows
        created = r.created
        updated = r.updated
        unchanged = r.unchanged
        tables = r.byTable.mapValues { Counts(created: $0.created, updated: $0.updated, unchanged: $0.unchanged) }
        problems = r.problems.map {
            ProblemJSON(severity: $0.severity.rawValue, code: $0.code.rawValue, file: $0.file, row: $0.row, pointer: $0.pointer, table: $0.table,
                        field: $0.field, value: $0.value)
        }
    }
}
