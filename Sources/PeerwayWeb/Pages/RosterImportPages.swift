import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// Importing an existing roster and its certification dates from CSV (HR): choose the file (or paste
/// its rows), check it first (a dry run lists every refused row by line and column and writes nothing),
/// then import it, all or nothing. The file goes through the same `Workforce.importRoster` as the API's
/// `text/csv` body and `peerway workforce import`; the upload is read and checked as on the participants'
/// import page (`ImportPages.read`, `ImportUpload`, `ImportPages.failure`). Registered from `SupervisionPages.register`.
enum RosterImportPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        table.add(.get, WorkforceRoutes.importRoster, .page, .policy(.create, .workforce)) { _, context, _ in
            page(context, env, form: nil)
        }
        table.add(.post, WorkforceRoutes.importRoster, .page, .policy(.create, .workforce)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let (form, upload) = try await ImportPages.read(request, context)
            let source = upload?.chosen == true ? "file" : "csv"
            if let problem = ImportUpload.problem(upload, pasted: form.string("csv")) {
                return page(context, env, form: form, failure: ImportPages.fileFailure(problem, env, context))
            }
            return try await PageSupport.submit {
                try await env.workforce.importRoster(ImportUpload.text(upload, pasted: form.string("csv")), dryRun: form["dry_run"] != nil,
                                                     by: actor, context: context.audit)
            } then: { report in page(context, env, form: form, report: report) } refused: { error in
                page(context, env, form: form, failure: ImportPages.failure(error, source: source, env, context))
            }
        }
    }

    static func page(_ context: AppContext, _ env: AppEnvironment, form: FormData?, report: RosterImportReport? = nil,
                     failure: PageSupport.FormErrors = .init()) -> Response {
        let l = env.localizer, locale = context.locale
        let fields = [
            FormField(name: "file", labelKey: "import.file", kind: .file, hintKey: "import.file_hint", accept: ".csv,text/csv"),
            FormField(name: "csv", labelKey: "import.csv", kind: .textarea, value: form?["csv"] ?? "", hintKey: "import.csv_hint"),
            // A first visit checks only: importing is a choice made once the check came back clean.
            FormField(name: "dry_run", labelKey: "import.dry_run", kind: .checkbox, value: form == nil || form?["dry_run"] != nil ? "on" : ""),
        ]
        var view = RosterImportView(
            heading: l.text("workforce.import_title", locale), intro: l.text("workforce.import_intro", locale),
            fields: FormField.render(fields, failure.errors, l, locale), action: WorkforceRoutes.importRoster(),
            submitLabel: l.text("import.submit", locale), cancel: WorkforceRoutes.roster(), errors: failure.errors, summary: failure.summary,
            columns: columns(l, locale), columnsNote: l.text("workforce.import_columns_note", locale),
            stepsNote: l.text("workforce.import_steps_note", locale))
        if let report {
            // A clean report is news, not an alarm: it is drawn as a status; refused rows as an alert, each listed.
            if report.rejected.isEmpty { view.notice = summary(report, l, locale) } else { view.summary = summary(report, l, locale) }
            view.problems = report.rejected.flatMap { row in
                row.errors.map { l.format("import.row_error", locale, ["line": String(row.line), "column": $0.field ?? "", "message": l.text($0.messageKey, locale)]) }
            }
        }
        return env.renderer.page("roster_import", titleKey: "workforce.import_title", view: view, context: context, status: failure.status)
    }

    /// What the import did or would do; with a refused row, that nothing was (or would be) written.
    static func summary(_ report: RosterImportReport, _ l: Localizer, _ locale: String) -> String {
        guard report.rejected.isEmpty else {
            return l.format(report.dryRun ? "workforce.import_refused_dry" : "workforce.import_refused", locale,
                            ["total": l.count(report.total, locale), "rejected": l.count(report.rejected.count, locale)])
        }
        return l.format(report.dryRun ? "workforce.import_report_dry" : "workforce.import_report", locale,
                        ["total": l.count(report.total, locale), "profiles": l.count(report.profiles, locale),
                         "steps": l.count(report.stepsRecorded, locale), "already": l.count(report.stepsAlreadyRecorded, locale)])
    }

    /// Every column of `RosterImport.header`, in its order, said in words; the codes a column takes are
    /// shown as codes beside their names, since the file must hold the codes.
    static func columns(_ l: Localizer, _ locale: String) -> [RosterImportView.Column] {
        let steps = Dictionary(uniqueKeysWithValues: RosterImport.stepColumns.map { ($0.0, $0.1) })
        return RosterImport.header.map { name in
            var column = RosterImportView.Column(name: name, text: "")
            if let step = steps[name] {
                column.text = l.format("workforce.import_column.step", locale, ["step": l.text(step.labelKey, locale)])
                return column
            }
            switch name {
            case "capacity":
                column.text = l.format("workforce.import_column.capacity", locale, ["min": l.count(PeerProfileRules.capacityRange.lowerBound, locale),
                                                                                   "max": l.count(PeerProfileRules.capacityRange.upperBound, locale)])
            case "discipline":
                column.values = Discipline.allCases.map { .init(code: $0.rawValue, label: l.text($0.labelKey, locale)) }
            case "credential_kind":
                column.values = CredentialKind.allCases.map { .init(code: $0.rawValue, label: l.text($0.labelKey, locale)) }
            default: break
            }
            if column.text.isEmpty { column.text = l.text("workforce.import_column.\(name)", locale) }
            return column
        }
    }
}

/// The roster import page: the form, what the check or import did (or every refused row), and the columns in words.
struct RosterImportView: PageView {
    struct Column: Encodable, Sendable {
        struct Value: Encodable, Sendable {
            var code: String
            var label: String
        }
        var name: String
        var text: String
        var values: [Value] = []
    }
    var heading: String
    var intro: String
    var fields: [FieldView]
    var action: String
    var submitLabel: String
    var cancel: String
    var errors: [String: String]
    var summary: String?
    var notice: String?
    /// Each refused row's problems, "line N, column: message", in file order.
    var problems: [String] = []
    var columns: [Column]
    var columnsNote: String
    var stepsNote: String
}
