import Foundation
import PeerwayCore
import PeerwayStore

/// The community resource directory (HSDS 3.0): its pages, its JSON import and export, and the HSDS
/// read API. Every path of the area is written here once.
public enum DirectoryRoutes {
    public static let home = RoutePath("/directory")
    /// One service; `:service` is its HSDS id, found in the directories the reader may read.
    public static let service = RoutePath("/directory/services/:service")
    /// A field check of the service: open or not, languages, the wait.
    public static let check = RoutePath("/directory/services/:service/check")
    /// A curator's correction of the service.
    public static let edit = RoutePath("/directory/services/:service/edit")
    public static let newEntry = RoutePath("/directory/new")
    /// The curators' queue of entries due for a check.
    public static let due = RoutePath("/directory/due")
    public static let importHSDS = RoutePath("/directory/import")
    /// An import too large to answer on its request: how far it is, then what it did.
    public static let importJob = RoutePath("/directory/imports/:id")
    public static let settings = RoutePath("/directory/settings")
    /// The directory as a download (`?format=json` or `csv`); without a format, the page that asks.
    public static let export = RoutePath("/directory/export")

    /// The page of the service `id` (an HSDS id, which need not be a UUID).
    public static func service(_ id: String) -> String { path(service, id) }

    /// `route` (one of the `:service` paths) for the service `id`, percent-encoded.
    public static func path(_ route: RoutePath, _ id: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        return route.pattern.replacingOccurrences(of: ":service", with: id.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }

    public enum API {
        public static let importHSDS = RoutePath("/api/v1/directory/import")
        public static let importJob = RoutePath("/api/v1/directory/imports/:id")
        public static let export = RoutePath("/api/v1/directory/export")
        public static let settings = RoutePath("/api/v1/directory/settings")
        public static let search = RoutePath("/api/v1/directory/search")
        public static let services = RoutePath("/api/v1/directory/services")
        public static let service = RoutePath("/api/v1/directory/services/:service")
        public static let checks = RoutePath("/api/v1/directory/services/:service/checks")
        public static let due = RoutePath("/api/v1/directory/due")
    }

    /// The HSDS 3.0 read API of one organization's directory, as the specification's OpenAPI profile
    /// describes it, under `/api/hsds/{organization}`: public when the organization says so, otherwise
    /// for those who may read that directory.
    public enum HSDS {
        public static let root = RoutePath("/api/hsds/:organization")
        public static let services = RoutePath("/api/hsds/:organization/services")
        public static let service = RoutePath("/api/hsds/:organization/services/:id")
        public static let organizations = RoutePath("/api/hsds/:organization/organizations")
        public static let organization = RoutePath("/api/hsds/:organization/organizations/:id")
        public static let serviceAtLocations = RoutePath("/api/hsds/:organization/service_at_locations")
        public static let serviceAtLocation = RoutePath("/api/hsds/:organization/service_at_locations/:id")
        public static let taxonomies = RoutePath("/api/hsds/:organization/taxonomies")
        public static let taxonomy = RoutePath("/api/hsds/:organization/taxonomies/:id")
        public static let taxonomyTerms = RoutePath("/api/hsds/:organization/taxonomy_terms")
        public static let taxonomyTerm = RoutePath("/api/hsds/:organization/taxonomy_terms/:id")

        /// The read API's address for `organizationID` (what a settings page shows).
        public static func base(_ organizationID: UUID) -> String {
            root.pattern.replacingOccurrences(of: ":organization", with: organizationID.text)
        }

        /// Each list path with its one-record path, by the table they serve.
        static let tables: [(list: RoutePath, record: RoutePath, table: String)] = [
            (services, service, "service"), (organizations, organization, "organization"),
            (serviceAtLocations, serviceAtLocation, "service_at_location"), (taxonomies, taxonomy, "taxonomy"),
            (taxonomyTerms, taxonomyTerm, "taxonomy_term"),
        ]
    }
}

extension ResourceRef {
    /// The actor's organization's directory: reading it, importing into it (update), exporting it.
    public static let directory = collection("directory") { .directory(DirectoryScope(organizationID: $0.organizationID)) }
}
