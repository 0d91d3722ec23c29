import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// The report a request asks for, as the page, the CSV and the API read it: `program_id` (repeated;
/// none: every program the actor may report on), `from` and `to` (the last complete California fiscal
/// year when absent), and `public` (`true` or `1` for a public release). Every problem is kept, by field.
struct ReportRequest: Sendable {
    var programIDs: [UUID] = []
    var from: String
    var to: String
    var publicRelease = false
    var errors: ValidationErrors

    init(_ request: Request, today: CalendarDate) {
        let q = QueryParameters(request), period = EvaluationRequest(request, today: today)
        (from, to) = (period.from, period.to)
        var errors = period.errors
        for text in q.all("program_id") where errors.first(for: "program_id") == nil {
            if let id = UUID(uuidString: TextRules.trimmed(text)) {
                if !programIDs.contains(id) { programIDs.append(id) }
            } else {
                errors.append(ValidationError("program_id", "invalid_id"))
            }
        }
        switch q["public"] {
        case nil, "", "false", "0": publicRelease = false
        case "true", "1": publicRelease = true
        default: if errors.first(for: "public") == nil { errors.append(ValidationError("public", "invalid_value")) }
        }
        self.errors = errors
    }

    /// The period, once every parameter is right; otherwise every problem at once (422).
    func checked() throws -> ReportPeriod { try ReportPeriod.checked(from: from, to: to, besides: errors) }

    /// The report asked for: of the programs named, or of every one the `programReports` guard found;
    /// each is decided again by the report, `.read` for the page and JSON, `.export` for the CSV.
    func report(_ reports: ProgramReports, _ resolved: Resolved, _ action: AccessAction,
                _ context: AppContext) async throws -> (report: ProgramReport, programs: [ProgramReports.Reportable]) {
        let period = try checked()
        return try await reports.report(programIDs: programIDs.isEmpty ? resolved.reportablePrograms.map(\.program.id) : programIDs,
                                        period: period, action: action, by: try resolved.requireActor(), context: context.audit)
    }

    /// The query that asks for the same report again (the CSV link, the API's).
    var query: [(key: String, value: String)] {
        programIDs.map { (key: "program_id", value: $0.text) } + [(key: "from", value: from), (key: "to", value: to)]
            + (publicRelease ? [(key: "public", value: "true")] : [])
    }
}

/// The program report on the web: the page (headline figures, charts, tables; prints as a clean PDF) and
/// the same tables as one CSV. The `programReports` guard lets in those who may report on a program;
/// the report decides each program it is asked for. Registers the report's API too (`ProgramReportAPI`).
enum ProgramReportPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let reports = ProgramReports(env.store)

        table.add(.get, ReportRoutes.report, .page, .policy(.read, .programReports)) { request, context, resolved in
            let ask = ReportRequest(request, today: env.journey.today)
            let reportable = resolved.reportablePrograms
            let l = env.localizer, locale = context.locale
            let chosen = Set(ask.programIDs)
            var view = ProgramReportView(
                choices: reportable.enumerated().map { index, r in
                    .init(id: "program_id-\(index)", value: r.program.id.text,
                          label: l.format("report.program_choice", locale, ["program": r.program.name, "organization": r.organizationName]),
                          checked: chosen.isEmpty || chosen.contains(r.program.id))
                },
                from: ask.from, to: ask.to, publicRelease: ask.publicRelease)
            return try await PageSupport.submit {
                try await ask.report(reports, resolved, .read, context)
            } then: { result in
                let tables = tables(result.report, publicRelease: ask.publicRelease)
                let words = ReportWords(l: l, locale: locale, catalogs: try await catalogs(result.programs, env))
                view.report = .init(heading: result.programs.map(\.program.name).joined(separator: ", "),
                                    period: periodText(result.report.period, l, locale),
                                    publicNote: ask.publicRelease ? l.text("report.public_note", locale) : nil,
                                    csvLink: ReportRoutes.csv(items: ask.query), sections: ProgramReportView.sections(tables, words))
                return env.renderer.page("program_report", titleKey: "report.title", view: view, context: context)
            } refused: { error in
                let failure = PageSupport.formErrors(error, env, context)
                (view.errors, view.summary) = (failure.errors, failure.summary)
                return env.renderer.page("program_report", titleKey: "report.title", view: view, context: context, status: failure.status)
            }
        }

        table.add(.get, ReportRoutes.csv, .page, .policy(.export, .programReports)) { request, context, resolved in
            let ask = ReportRequest(request, today: env.journey.today)
            let result = try await ask.report(reports, resolved, .export, context)
            let period = result.report.period
            let words = ReportWords(l: env.localizer, locale: context.locale, catalogs: try await catalogs(result.programs, env))
            let text = csv(tables(result.report, publicRelease: ask.publicRelease), result.report.period, result.programs, words)
            let name = "program-report-\(period.from)-\(period.to)\(ask.publicRelease ? "-public" : "").csv"
            return CSVResponse.whole(text, filename: name)
        }

        ProgramReportAPI.register(&table, env)
    }

    /// The tables of a report, held back for a public release.
    static func tables(_ report: ProgramReport, publicRelease: Bool) -> ProgramReportTables {
        let tables = ProgramReportTables(report)
        return publicRelease ? ReportSuppression.apply(tables) : tables
    }

    /// The service catalogues of the report's programs, which name their own service types.
    static func catalogs(_ programs: [ProgramReports.Reportable], _ env: AppEnvironment) async throws -> [ServiceCatalog] {
        let catalogs = try await ServiceLabels.catalogs(programs.map(\.program.id), env)
        return programs.compactMap { catalogs[$0.program.id] }
    }

    /// "Jul 1, 2024 to Jun 30, 2025 (FY 2024-25)", the fiscal year in the reader's words.
    static func periodText(_ period: ReportPeriod, _ l: Localizer, _ locale: String) -> String {
        let range = l.format("report.period", locale, ["from": l.date(period.from, locale), "to": l.date(period.to, locale)])
        guard period.fiscalYearLabel != nil else { return range }
        let year = l.format("report.fiscal_year", locale, ["start": String(period.from.year), "end": String(format: "%02d", period.to.year % 100)])
        return l.format("report.period_fiscal_year", locale, ["period": range, "year": year])
    }

    /// Every table in one file: what the report covers first (table `report`), then each table's rows.
    static func csv(_ tables: ProgramReportTables, _ period: ReportPeriod, _ programs: [ProgramReports.Reportable], _ w: ReportWords) -> String {
        let header = tables.csvHeader
        var writer = CSVWriter(header: header)
        func about(_ row: String, _ value: String) {
            var line = Array(repeating: "", count: header.count)
            line[0] = "report"
            line[1] = row
            line[2] = w.text("report.csv.\(row)")
            line[header.firstIndex(of: "value") ?? 3] = value
            writer.append(line)
        }
        about("from", period.from.description)
        about("to", period.to.description)
        about("programs", programs.map { "\($0.program.name) (\($0.organizationName))" }.joined(separator: "; "))
        about("public_release", w.text(tables.publicRelease ? "report.csv.yes" : "report.csv.no"))
        for line in tables.csvRows(words: w.text, label: w.label) { writer.append(line) }
        return writer.text
    }
}

extension ReportPeriod {
    /// The period typed as `from` and `to`, refused (422) together with the other parameters' problems
    /// `besides`, each field once: the report's and the evaluator's pages and APIs read a period so.
    static func checked(from: String, to: String, besides errors: ValidationErrors) throws -> ReportPeriod {
        var all = errors
        var period: ReportPeriod?
        do {
            period = try ReportPeriod.validate(from: from, to: to)
        } catch {
            for refused in error.errors where all.first(for: refused.field ?? "") == nil { all.append(refused) }
        }
        guard let period, all.errors.isEmpty else { throw WebError.invalid(all) }
        return period
    }
}
