import Foundation
import PeerwayCore
import PeerwayStore

/// The program report (issue 14): the page with its charts, its CSV, and the JSON the API and the
/// command line give. Every path of the area is written here once.
public enum ReportRoutes {
    /// The report for the programs and period of the query (`program_id`, repeated; `from`, `to`;
    /// `public=true` for a public release).
    public static let report = RoutePath("/reports")
    /// Every table of the same report in one CSV.
    public static let csv = RoutePath("/reports.csv")

    public enum API {
        public static let program = RoutePath("/api/v1/reports/program")
    }
}

extension RoutePath {
    /// The path with a query whose names may repeat (`program_id=…&program_id=…`).
    func callAsFunction(items: [(key: String, value: String)]) -> String {
        precondition(!pattern.contains(":"), "\(pattern) needs an id")
        return Self.appending(items, to: pattern)
    }
}

extension ResourceRef {
    /// The programs the actor may report on: allowed when there is at least one, handing them to the
    /// route; otherwise the policy's strongest refusal (`ProgramReports.reportable(by:_:access:context:)`).
    /// The programs a request names are decided again by the report itself, each one.
    public static let programReports = ResourceRef(name: "programReports") { access, action, actor, context in
        ReportablePrograms(programs: try await ProgramReports.reportable(by: actor, action, access: access, context: context.audit))
    }
}

/// What the `programReports` guard found the actor may report on.
struct ReportablePrograms: Sendable {
    var programs: [ProgramReports.Reportable]
}

extension Resolved {
    /// The programs a `programReports` guard allowed, in the order the report lists them.
    var reportablePrograms: [ProgramReports.Reportable] { (loaded as? ReportablePrograms)?.programs ?? [] }
}
