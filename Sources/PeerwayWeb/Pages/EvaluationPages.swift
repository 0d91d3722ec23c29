import Foundation
import Hummingbird
import PeerwayCore
import PeerwayStore

/// The period an evaluation page, download or API call asks for: `from` and `to`, the last complete
/// California fiscal year when absent. Every problem is kept, by field.
struct EvaluationRequest: Sendable {
    var from: String
    var to: String
    var errors: ValidationErrors

    init(_ request: Request, today: CalendarDate) {
        let q = QueryParameters(request)
        let year = ReportPeriod.fiscalYear(before: today)
        // A parameter the text rule refused is shown on its field with the default in its place.
        from = q.errors.first(for: "from") == nil ? q["from"] ?? year.from.description : year.from.description
        to = q.errors.first(for: "to") == nil ? q["to"] ?? year.to.description : year.to.description
        errors = q.errors
    }

    /// The period, once every parameter is right; otherwise every problem at once (422).
    func checked() throws -> ReportPeriod { try ReportPeriod.checked(from: from, to: to, besides: errors) }
}

/// The evaluator's page (issue 14): the period, the downloads (the de-identified extract, its data
/// dictionary, the tables) and the aggregate tables, small counts held back. The `deidentifiedData` guard
/// lets in evaluators and program managers; the workflow audits every reading and download. Registers the
/// area's API too (`EvaluationAPI`).
enum EvaluationPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let extract = EvaluatorExtract(env.store)

        table.add(.get, EvaluationRoutes.page, .page, .policy(.read, .deidentifiedData)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let ask = EvaluationRequest(request, today: env.journey.today)
            let l = env.localizer, locale = context.locale
            var view = EvaluationView(from: ask.from, to: ask.to)
            return try await PageSupport.submit {
                let period = try ask.checked()
                return (period, try await extract.tables(period: period, by: actor, context: context.audit))
            } then: { period, result in
                let query: KeyValuePairs = ["from": period.from.description, "to": period.to.description]
                view.result = .init(period: l.format("evaluation.period", locale, ["from": l.date(period.from, locale), "to": l.date(period.to, locale)]),
                                    programs: result.programs.isEmpty ? l.text("evaluation.no_programs", locale)
                                        : l.format("evaluation.programs", locale, ["programs": result.programs.map(\.name).joined(separator: ", ")]),
                                    extractLink: EvaluationRoutes.extract(query: query), dictionaryLink: EvaluationRoutes.dictionary(),
                                    tablesLink: EvaluationRoutes.tables(query: query),
                                    tables: result.tables.map { EvaluationView.table($0, l, locale) })
                return env.renderer.page("evaluation", titleKey: "evaluation.title", view: view, context: context)
            } refused: { error in
                let failure = PageSupport.formErrors(error, env, context)
                (view.errors, view.summary) = (failure.errors, failure.summary)
                return env.renderer.page("evaluation", titleKey: "evaluation.title", view: view, context: context, status: failure.status)
            }
        }

        table.add(.get, EvaluationRoutes.extract, .page, .policy(.export, .deidentifiedData)) { request, context, resolved in
            try extractCSV(request, context, resolved, env)
        }
        table.add(.get, EvaluationRoutes.dictionary, .page, .policy(.export, .deidentifiedData)) { _, context, resolved in
            try await dictionaryCSV(context, resolved, env)
        }
        table.add(.get, EvaluationRoutes.tables, .page, .policy(.export, .deidentifiedData)) { request, context, resolved in
            try await tablesCSV(request, context, resolved, env)
        }

        EvaluationAPI.register(&table, env)
    }

    /// The extract for the query's period, streamed page by page (page and API share it).
    static func extractCSV(_ request: Request, _ context: AppContext, _ resolved: Resolved, _ env: AppEnvironment) throws -> Response {
        let period = try EvaluationRequest(request, today: env.journey.today).checked()
        let actor = try resolved.requireActor(), audit = context.audit, extract = EvaluatorExtract(env.store)
        return CSVResponse.stream(filename: "evaluation-extract-\(period.from)-\(period.to).csv", requestID: context.requestID, logger: env.logger) { write in
            _ = try await extract.extract(period: period, by: actor, context: audit, write: write)
        }
    }

    /// The data dictionary (page and API share it).
    static func dictionaryCSV(_ context: AppContext, _ resolved: Resolved, _ env: AppEnvironment) async throws -> Response {
        let text = try await EvaluatorExtract(env.store).dictionary(by: try resolved.requireActor(), context: context.audit)
        return CSVResponse.whole(text, filename: "evaluation-dictionary.csv")
    }

    /// The aggregate tables as CSV (`EvaluatorTally.csvHeader`), held back as on the page.
    static func tablesCSV(_ request: Request, _ context: AppContext, _ resolved: Resolved, _ env: AppEnvironment) async throws -> Response {
        let period = try EvaluationRequest(request, today: env.journey.today).checked()
        let result = try await EvaluatorExtract(env.store).tables(period: period, by: try resolved.requireActor(), context: context.audit)
        var writer = CSVWriter(header: EvaluatorTally.csvHeader)
        for row in EvaluatorTally.csvRows(result.tables) { writer.append(row) }
        return CSVResponse.whole(writer.text, filename: "evaluation-tables-\(period.from)-\(period.to).csv")
    }
}

/// The evaluation page: the period's form, then what the period covers, the downloads and the tables.
struct EvaluationView: PageView {
    struct Cell: Encodable, Sendable { var text, column: String; var suppressed: Bool }
    struct Row: Encodable, Sendable { var label: String; var all: Bool; var cells: [Cell] }
    struct Table: Encodable, Sendable { var id, title: String; var columns: [String]; var rows: [Row] }
    struct Result: Encodable, Sendable {
        var period, programs, extractLink, dictionaryLink, tablesLink: String
        var tables: [Table]
    }

    var from, to: String
    var errors: [String: String] = [:]
    var summary: String?
    var action = EvaluationRoutes.page()
    var result: Result?

    /// A table's columns and rows in words: each category by its catalogue name, a held-back count as such.
    static func table(_ table: EvaluatorTable, _ l: Localizer, _ locale: String) -> Table {
        let columns = table.categories.map { l.text(categoryKey(table.id, $0), locale) } + [l.text("evaluation.column.total", locale)]
        let suppressed = l.text("evaluation.suppressed", locale)
        return Table(id: table.id, title: l.text(table.titleKey, locale),
                     columns: [l.text("evaluation.column.program", locale)] + columns,
                     rows: table.rows.map { row in
                         Row(label: row.program ?? l.text("evaluation.row.all", locale), all: row.program == nil,
                             cells: zip(row.cells + [row.total], columns).map { cell, column in
                                 Cell(text: cell.count.map(String.init) ?? suppressed, column: column, suppressed: cell == .suppressed)
                             })
                     })
    }

    /// The catalogue sentence naming a category of a table: the record's own lists where they name it.
    static func categoryKey(_ table: String, _ category: String) -> String {
        switch (table, category) {
        case (_, EvaluatorTally.notRecorded): "evaluation.category.not_recorded"
        case ("life_stage", "adult"): "evaluation.category.adult"
        case ("life_stage", _): "population.\(category)"
        case ("gender_identity", _): "gender.\(category)"
        case ("ethnicity", _): "ethnicity.\(category)"
        case ("discharge", "enrolled"): "evaluation.category.enrolled"
        case ("discharge", _): "discharge.reason.\(category)"
        default: "evaluation.category.\(category)"
        }
    }
}
