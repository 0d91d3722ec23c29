import Foundation
import PeerwayCore
import PeerwayStore

/// The peer workforce: a staff member's record (certification checklist, continuing education,
/// trainings, supervision received, career, profile), wellness check-ins, a supervisor's team and
/// sessions, and the organization's roster, report, settings and training catalogue. Every path of the
/// area is written here once.
public enum WorkforceRoutes {
    /// The signed-in person's own record ("what do I still have to do, and by when"): a redirect to `staff`.
    public static let mine = RoutePath("/me/certification")
    /// One staff member's record, certification checklist first.
    public static let staff = RoutePath("/staff/:id")
    /// Recording a certification step (`?step=` preselects one).
    public static let step = RoutePath("/staff/:id/certification")
    /// Logging continuing education hours.
    public static let education = RoutePath("/staff/:id/education")
    /// Recording a completed training.
    public static let training = RoutePath("/staff/:id/trainings")
    /// The workforce profile: discipline, credential, languages, lived experience and what is shared.
    public static let profile = RoutePath("/staff/:id/profile")
    /// Recording a new role on the career path.
    public static let career = RoutePath("/staff/:id/career")
    /// A person's wellness check-ins (theirs and their supervisor's to read).
    public static let wellnessOf = RoutePath("/staff/:id/wellness")
    /// The signed-in peer's check-in form.
    public static let checkIn = RoutePath("/wellness")
    /// A supervisor's team: hours this month and last, who is behind, certification deadlines.
    public static let supervision = RoutePath("/supervision")
    /// Logging a supervision session.
    public static let logSession = RoutePath("/supervision/new")
    /// The organization's staff with their discipline and certification.
    public static let roster = RoutePath("/workforce")
    public static let report = RoutePath("/workforce/report")
    /// Certification rule set and supervision expected per month.
    public static let settings = RoutePath("/workforce/settings")
    /// The training catalogue.
    public static let courses = RoutePath("/workforce/courses")
    /// Importing an existing roster and its certification dates from CSV (HR).
    public static let importRoster = RoutePath("/workforce/import")

    public enum API {
        public static let profile = RoutePath("/api/v1/staff/:id/profile")
        public static let certification = RoutePath("/api/v1/staff/:id/certification")
        public static let steps = RoutePath("/api/v1/staff/:id/certification/steps")
        public static let education = RoutePath("/api/v1/staff/:id/continuing-education")
        public static let trainings = RoutePath("/api/v1/staff/:id/trainings")
        public static let career = RoutePath("/api/v1/staff/:id/career")
        public static let wellness = RoutePath("/api/v1/staff/:id/wellness")
        public static let team = RoutePath("/api/v1/supervision/team")
        public static let sessions = RoutePath("/api/v1/supervision/sessions")
        public static let roster = RoutePath("/api/v1/workforce/roster")
        public static let report = RoutePath("/api/v1/workforce/report")
        public static let settings = RoutePath("/api/v1/workforce/settings")
        public static let courses = RoutePath("/api/v1/workforce/courses")
        public static let importRoster = RoutePath("/api/v1/workforce/roster/import")
    }
}

extension ResourceRef {
    /// The staff member named by `:id`, decided on them and their supervisor.
    public static let staffRecord = record("staffRecord", AccessResolver<User>.staffRecord)
    /// The same person's wellness check-ins.
    public static let wellness = record("wellness", AccessResolver<User>.wellness)
    public static let workforce = collection("workforce") { .workforce(organizationID: $0.organizationID) }
    public static let supervision = collection("supervision") { .supervision(organizationID: $0.organizationID) }
}

extension Resolved {
    /// The staff member a `staffRecord` or `wellness` guard decided.
    public var staffMember: User? { record(User.self) }
}
