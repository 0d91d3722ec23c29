import Foundation
import Hummingbird
import PeerwayCore
import PeerwayStore

/// The program report as JSON (`ProgramReportJSON`): the programs and period of the query, as the page
/// reads it (`ReportRequest`); a public release holds back small counts as the page does.
enum ProgramReportAPI {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let reports = ProgramReports(env.store)

        table.add(.get, ReportRoutes.API.program, .api, .policy(.read, .programReports)) { request, context, resolved in
            let ask = ReportRequest(request, today: env.journey.today)
            let result = try await ask.report(reports, resolved, .read, context)
            return try APISupport.json(ProgramReportJSON(report: result.report, programs: result.programs, publicRelease: ask.publicRelease))
        }
    }
}
