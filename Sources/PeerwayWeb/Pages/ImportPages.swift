import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// Importing people or contacts from a spreadsheet: choose the CSV file (or paste its rows), preview
/// with a dry run (every problem by line and column), then import all-or-nothing or row by row. The
/// file goes through the same importer as the API's `text/csv` body.
enum ImportPages {
    /// The form's own fields; an importer error naming anything else (a column of the file's header)
    /// belongs to the file, and is shown on the field the file came in by.
    static let formFields: Set<String> = ["form", "what", "program_id", "file", "csv", "mode", "dry_run"]

    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        table.add(.get, ParticipantRoutes.importParticipants, .page, .policy(.create, .participants)) { _, context, resolved in
            try await page(context, env, try resolved.requireActor(), form: nil)
        }
        table.add(.post, ParticipantRoutes.importParticipants, .page, .policy(.create, .participants)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let (form, upload) = try await read(request, context)
            let source = upload?.chosen == true ? "file" : "csv"
            if let problem = ImportUpload.problem(upload, pasted: form.string("csv")) {
                return try await page(context, env, actor, form: form, failure: fileFailure(problem, env, context))
            }
            return try await PageSupport.submit { () -> ImportReport in
                let csv = ImportUpload.text(upload, pasted: form.string("csv"))
                let program = try form.id("program_id")
                let mode = ImportMode(rawValue: form.string("mode")) ?? .allOrNothing
                let dryRun = form["dry_run"] != nil
                if form.string("what") == "contacts" {
                    return try await env.journey.importContacts(csv: csv, programID: program, mode: mode, dryRun: dryRun, by: actor, context: context.audit)
                }
                return try await env.journey.importPersons(csv: csv, programID: program, mode: mode, dryRun: dryRun, by: actor, context: context.audit)
            } then: { report in try await page(context, env, actor, form: form, report: report) } refused: { error in
                try await page(context, env, actor, form: form, failure: failure(error, source: source, env, context))
            }
        }
    }

    /// The form's text fields and its file. A multipart body is the form as the page sends it; a
    /// urlencoded one (pasted rows only) is still taken, as before the file input.
    static func read(_ request: Request, _ context: AppContext) async throws -> (FormData, UploadedFile?) {
        guard MultipartForm.isMultipart(request) else { return (try await FormData.read(request, context: context), nil) }
        let multipart = try await MultipartForm.of(request, context: context)
        if multipart.unreadable { throw WebError.unreadableMultipart }
        let form = FormData(multipart)
        if !form.problems.isEmpty { throw WebError.invalid(form.problems) }
        return (form, multipart.file("file"))
    }

    static func fileFailure(_ problem: ImportUpload.Problem, _ env: AppEnvironment, _ context: AppContext) -> PageSupport.FormErrors {
        let l = env.localizer, locale = context.locale
        return PageSupport.FormErrors(errors: ["file": problem.message(l, locale)], summary: l.text("error.validation_failed", locale),
                                      status: .unprocessableContent)
    }

    /// The importer's refusal, with its header problems ("column: message") on the field the rows came in by.
    static func failure(_ error: WebError, source: String, _ env: AppEnvironment, _ context: AppContext) -> PageSupport.FormErrors {
        let l = env.localizer, locale = context.locale
        var failure = PageSupport.formErrors(error, env, context)
        let fileErrors = error.fields.filter { !formFields.contains($0.field ?? "form") || $0.field == "file" }
        guard !fileErrors.isEmpty else { return failure }
        for error in fileErrors { failure.errors.removeValue(forKey: error.field ?? "form") }
        failure.errors[source] = fileErrors.map { error in
            let message = l.text(error.messageKey, locale)
            guard let column = error.field, column != "file" else { return message }
            return "\(column): \(message)"
        }.joined(separator: " · ")
        return failure
    }

    static func page(_ context: AppContext, _ env: AppEnvironment, _ actor: Actor, form: FormData?, report: ImportReport? = nil,
                     failure: PageSupport.FormErrors = .init()) async throws -> Response {
        let l = env.localizer, locale = context.locale
        let programs = try await ParticipantPages.programsFor(actor, env)
        let fields = [
            FormField(name: "what", labelKey: "import.what", kind: .radio, value: form?["what"] ?? "participants",
                      options: [("participants", "import.what.participants"), ("contacts", "import.what.contacts")], required: true),
            FormField(name: "program_id", labelKey: "contact.program", kind: .select, value: form?["program_id"] ?? programs.first.map { $0.id.text } ?? "",
                      options: programs.map { ($0.id.text, $0.name) }, required: true),
            FormField(name: "file", labelKey: "import.file", kind: .file, hintKey: "import.file_hint", accept: ".csv,text/csv"),
            FormField(name: "csv", labelKey: "import.csv", kind: .textarea, value: form?["csv"] ?? "", hintKey: "import.csv_hint"),
            FormField(name: "mode", labelKey: "import.mode", kind: .radio, value: form?["mode"] ?? "all_or_nothing",
                      options: [("all_or_nothing", "import.mode.all_or_nothing"), ("row_by_row", "import.mode.row_by_row")], required: true),
            FormField(name: "dry_run", labelKey: "import.dry_run", kind: .checkbox, value: form == nil || form?["dry_run"] != nil ? "on" : ""),
        ]
        var view = JourneyFormView(titleKey: "import.title", submitKey: "import.submit", fields: fields, action: ParticipantRoutes.importParticipants(),
                                   cancel: ParticipantRoutes.participants(), failure: failure, intro: l.text("import.intro", locale),
                                   l, locale)
        if AccessPolicy.decide(actor, .export, .participants(organizationID: actor.organizationID, programID: nil)) == .allow {
            view.historyLink = HistoryRoutes.importHistory()
        }
        if let report {
            let lines = report.rejected.flatMap { row in
                row.errors.map { l.format("import.row_error", locale, ["line": String(row.line), "column": $0.field ?? "", "message": l.text($0.messageKey, locale)]) }
            }
            // A clean report is news, not an alarm: it is drawn as a status; refused rows as an alert.
            if report.rejected.isEmpty { view.notice = summary(report, l, locale) } else { view.summary = summary(report, l, locale) }
            view.intro = lines.isEmpty ? l.text("import.no_problems", locale) : lines.joined(separator: " · ")
        }
        return env.renderer.page("import", titleKey: "import.title", view: view, context: context, status: failure.status)
    }

    /// Counts that add up to the rows read. An all-or-nothing import with a refused row holds every
    /// other row back (the importer reports them as zero created), so those are counted as held back.
    static func summary(_ report: ImportReport, _ l: Localizer, _ locale: String) -> String {
        let refused = report.rejected.count
        if refused > 0 && report.created + report.updated + report.unchanged + refused < report.total {
            return l.format(report.dryRun ? "import.report_held_dry" : "import.report_held", locale,
                            ["total": String(report.total), "rejected": String(refused), "held": String(report.total - refused)])
        }
        return l.format(report.dryRun ? "import.report_dry" : "import.report", locale,
                        ["total": String(report.total), "created": String(report.created), "updated": String(report.updated),
                         "unchanged": String(report.unchanged), "rejected": String(refused)])
    }
}
