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
