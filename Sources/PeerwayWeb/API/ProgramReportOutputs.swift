import Foundation
import PeerwayCore
import PeerwayStore

/// The report's CSV and JSON outside a request, for `peerway report --format csv|json`: the same tables,
/// words and suppression as the page's download and the API.
public enum ProgramReportOutputs {
    /// Every table in one CSV, in `locale`'s words.
    public static func csv(_ report: ProgramReport, programs: [ProgramReports.Reportable], catalogs: [ServiceCatalog], publicRelease: Bool,
                           localizer: Localizer, locale: String) -> String {
        let words = ReportWords(l: localizer, locale: locale, catalogs: catalogs)
        return ProgramReportPages.csv(ProgramReportPages.tables(report, publicRelease: publicRelease), report.period, programs, words)
    }

    /// The API's JSON (`ProgramReport` in the OpenAPI document).
    public static func json(_ report: ProgramReport, programs: [ProgramReports.Reportable], publicRelease: Bool) throws -> String {
        let data = try APISupport.encoder().encode(ProgramReportJSON(report: report, programs: programs, publicRelease: publicRelease))
        return String(decoding: data, as: UTF8.self)
    }
}
