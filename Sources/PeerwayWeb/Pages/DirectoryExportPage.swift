import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// A curator downloads the organization's directory from a page, as the API and `peerway directory
/// export` give it: one HSDS 3.0 JSON file, or the CSV data package as a .zip of its files (a package is
/// several files, and a browser downloads one). The export is audited by the catalog, as everywhere.
struct DirectoryExportView: PageView {
    var action: String
    var cancel: String
    var fields: [FieldView]
    var summary: String?
}

enum DirectoryExportPage {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        table.add(.get, DirectoryRoutes.export, .page, .policy(.export, .directory)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let l = env.localizer, locale = context.locale
            let query = QueryParameters(request)
            func page(_ errors: [String: String] = [:], summary: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
                let format = FormField(name: "format", labelKey: "directory.export_format", kind: .radio, value: query["format"] ?? "json",
                                       options: [("json", "directory.export_format.json"), ("csv", "directory.export_format.csv")],
                                       hintKey: "directory.export_format_hint")
                let view = DirectoryExportView(action: DirectoryRoutes.export(), cancel: DirectoryRoutes.home(),
                                               fields: FormField.render([format], errors, l, locale), summary: summary)
                return env.renderer.page("directory_export", titleKey: "directory.export_title", view: view, context: context, status: status)
            }
            guard let chosen = query["format"] else { return page() }
            guard let format = DirectoryCatalog.ExportFormat(rawValue: chosen) else {
                return page(["format": l.text("directory.export_format_invalid", locale)], summary: l.text("error.validation_failed", locale),
                            status: .unprocessableContent)
            }
            return try download(format, try await env.directory.export(format, organizationID: actor.organizationID, by: actor, context: context.audit))
        }
    }

    /// The export as one file to save (the page's two formats; the API's JSON).
    static func download(_ format: DirectoryCatalog.ExportFormat, _ files: [(name: String, text: String)]) throws -> Response {
        var headers = HTTPFields()
        switch format {
        case .json:
            headers[.contentType] = "application/json"
            headers[.contentDisposition] = #"attachment; filename="directory.json""#
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: files.first?.text ?? "{}")))
        case .csv:
            headers[.contentType] = "application/zip"
            headers[.contentDisposition] = #"attachment; filename="directory-csv.zip""#
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try HSDSArchive.zipped(files))))
        }
    }
}
