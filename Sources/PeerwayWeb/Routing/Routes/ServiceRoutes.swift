import Foundation
import PeerwayCore
import PeerwayStore

/// Documenting services: notes, groups, co-signature, outreach, weeks, the service mix and program settings.
/// Every path of the area is written here once; routes, redirects and links take it from here.
public enum ServiceRoutes {
    public static let services = RoutePath("/services")
    public static let newService = RoutePath("/services/new")
    public static let service = RoutePath("/services/:id")
    public static let edit = RoutePath("/services/:id/edit")
    public static let sign = RoutePath("/services/:id/sign")
    public static let discard = RoutePath("/services/:id/discard")
    public static let amend = RoutePath("/services/:id/amend")
    public static let cosign = RoutePath("/services/:id/cosign")
    /// Every note of the group this note belongs to, at once.
    public static let signGroup = RoutePath("/services/:id/sign-group")
    public static let cosignGroup = RoutePath("/services/:id/cosign-group")
    public static let cosignQueue = RoutePath("/services/cosign")
    public static let group = RoutePath("/services/group")
    public static let newGroup = RoutePath("/services/group/new")
    public static let week = RoutePath("/services/week")
    public static let team = RoutePath("/services/team")
    public static let outreach = RoutePath("/outreach")
    public static let newOutreach = RoutePath("/outreach/new")
    public static let programServices = RoutePath("/programs/:id/services")
    public static let programServicesCSV = RoutePath("/programs/:id/services.csv")
    public static let settings = RoutePath("/programs/:id/service-settings")
    public static let catalog = RoutePath("/programs/:id/service-settings/catalog")
    public static let signing = RoutePath("/programs/:id/service-settings/signing")

    public enum API {
        public static let groupSessions = RoutePath("/api/v1/group-sessions")
        public static let cosignQueue = RoutePath("/api/v1/me/cosign-queue")
        public static let week = RoutePath("/api/v1/me/service-week")
        public static let teamWeek = RoutePath("/api/v1/me/team-week")
        public static let outreachEvents = RoutePath("/api/v1/outreach-events")
        public static let servicesOf = RoutePath("/api/v1/participants/:id/services")
        public static let catalog = RoutePath("/api/v1/programs/:id/service-catalog")
        public static let mix = RoutePath("/api/v1/programs/:id/service-mix")
        public static let settings = RoutePath("/api/v1/programs/:id/service-settings")
        public static let signing = RoutePath("/api/v1/programs/:id/service-settings/signing")
        public static let export = RoutePath("/api/v1/programs/:id/services/export")
        public static let services = RoutePath("/api/v1/services")
        public static let service = RoutePath("/api/v1/services/:id")
        public static let amendments = RoutePath("/api/v1/services/:id/amendments")
        public static let cosign = RoutePath("/api/v1/services/:id/cosign")
        public static let discard = RoutePath("/api/v1/services/:id/discard")
        public static let sign = RoutePath("/api/v1/services/:id/sign")
    }
}

extension ResourceRef {
    /// The documented service named by `:id`.
    public static let service = record("service", AccessResolver<PeerService>.service)
    /// The services of the program named by `:id` (documenting, service mix, export).
    public static let programServices = record("programServices", AccessResolver<Program>.programServices)
    /// What the actor documented (their week); the workflow decides a supervisee's week on the peer the query names.
    public static let ownServices = collection("ownServices") {
        .staffServices(.init(organizationID: $0.organizationID, staffID: $0.userID, supervisorID: nil))
    }
    /// The actor's team as a supervisor: its week and co-signature queue.
    public static let team = collection("team") { .team(organizationID: $0.organizationID) }
}

extension Resolved {
    public var service: PeerService? { record(PeerService.self) }
}
