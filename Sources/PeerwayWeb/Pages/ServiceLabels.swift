import Foundation
import PeerwayCore
import PeerwayStore

/// How a service type or core function reads on a page: a program's own entry by the label the
/// program gave it, a built-in one by its message. Every page that names them asks here, so a
/// program's own type never shows as its raw key.
enum ServiceLabels {
    /// The message key of `code` in `catalog`, or the program's own label (which the localizer shows
    /// as it is); a code the catalogue no longer holds falls back to the built-in key.
    static func key(_ kind: ServiceCatalog.Kind, _ code: String, in catalog: ServiceCatalog?) -> String {
        catalog?.entries.first { $0.kind == kind && $0.code == code }.map(ServiceForm.label) ?? "\(kind.rawValue).\(code)"
    }

    static func text(_ kind: ServiceCatalog.Kind, _ code: String, in catalog: ServiceCatalog?, _ l: Localizer, _ locale: String) -> String {
        l.text(key(kind, code, in: catalog), locale)
    }

    /// The catalogues of the programs services were given in, for pages that list services of several programs.
    static func catalogs(_ programIDs: some Sequence<UUID>, _ env: AppEnvironment) async throws -> [UUID: ServiceCatalog] {
        let ids = Set(programIDs)
        guard !ids.isEmpty else { return [:] }
        return try await env.db.read { conn in
            var catalogs: [UUID: ServiceCatalog] = [:]
            for id in ids { catalogs[id] = try await ServiceSettingsRecords.catalog(programID: id, on: conn) }
            return catalogs
        }
    }
}
