import Foundation
import PeerwayCore
import PeerwayStore

/// Administration: users, programs, organizations, the audit trail and the access matrix.
/// Every path of the area is written here once; routes, redirects and links take it from here.
public enum AdminRoutes {
    public static let users = RoutePath("/admin/users")
    public static let user = RoutePath("/admin/users/:id")
    public static let userPassword = RoutePath("/admin/users/:id/password")
    public static let programs = RoutePath("/admin/programs")
    public static let program = RoutePath("/admin/programs/:id")
    public static let organizations = RoutePath("/admin/organizations")
    public static let organization = RoutePath("/admin/organizations/:id")
    public static let audit = RoutePath("/admin/audit")
    public static let auditCSV = RoutePath("/admin/audit.csv")
    public static let accessMatrixCSV = RoutePath("/admin/access-matrix.csv")

    public enum API {
        public static let users = RoutePath("/api/v1/users")
        public static let user = RoutePath("/api/v1/users/:id")
        public static let programs = RoutePath("/api/v1/programs")
        public static let program = RoutePath("/api/v1/programs/:id")
        public static let organizations = RoutePath("/api/v1/organizations")
        public static let organization = RoutePath("/api/v1/organizations/:id")
        public static let auditEvents = RoutePath("/api/v1/audit-events")
        public static let auditExport = RoutePath("/api/v1/audit-events/export")
        public static let accessMatrix = RoutePath("/api/v1/access-matrix")
    }
}

extension ResourceRef {
    public static let organizations = collection("organizations") { _ in .organizations }
    public static let organization = record("organization", AccessResolver<Organization>.organization)
    public static let programs = collection("programs") { .program(organizationID: $0.organizationID, programID: nil) }
    public static let program = record("program", AccessResolver<Program>.program)
    public static let users = collection("users") { .user(organizationID: $0.organizationID, userID: nil) }
    public static let user = record("user", AccessResolver<User>.user)
    public static let auditTrail = collection("auditTrail") { .auditTrail(organizationID: $0.organizationID) }
    public static let accessMatrix = collection("accessMatrix") { .accessMatrix(organizationID: $0.organizationID) }
}

extension Resolved {
    public var organization: Organization? { record(Organization.self) }
    /// A program named by `:id`, whether the route acts on the program or on its services.
    public var program: Program? { record(Program.self) }
    public var user: User? { record(User.self) }
}
