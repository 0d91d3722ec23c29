import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// Importing people or contacts from a spreadsheet: paste the CSV, preview with a dry run (every
/// problem by line and column), then import all-or-nothing or row by row.
enum ImportPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        table.add(.get, ParticipantRoutes.importParticipants, .page, .policy(.create, .participants)) { _, context, resolved in
            try await page(context, env, try resolved.requireActor(), form: nil)
        }
        table.add(.post, ParticipantRoutes.importParticipants, .page, .policy(.create, .participants)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let form = try await FormData.read(request, context: context)
            return try await PageSupport.submit { () -> ImportReport in
                let program = try form.id("program_id")
                let mode = ImportMode(rawValue: form.string("mode")) ?? .allOrNothing
                let dryRun = form["dry_run"] != nil
                if form.string("what") == "contacts" {
                    return try await env.journey.importContacts(csv: form.string("csv"), programID: program, mode: mode, dryRun: dryRun, by: actor, context: context.audit)
                }
                return try await env.journey.importPersons(csv: form.string("csv"), programID: program, mode: mode, dryRun: dryRun, by: actor, context: context.audit)
            } then: { report in try await page(context, env, actor, form: form, report: report) } refused: { error in
                try await page(context, env, actor, form: form, failure: PageSupport.formErrors(error, env, context))
            }
        }
    }

    static func page(_ context: AppContext, _ env: AppEnvironment, _ actor: Actor, form: FormData?, report: ImportReport? = nil,
                     failure: PageSupport.FormErrors = .init()) async throws -> Response {
        let l = env.localizer, locale = context.locale
        let programs = try await ParticipantPages.programsFor(actor, env)
        // The importer names the pasted text `file`; on this page it is the `csv` box.
        var failure = failure
        if let file = failure.errors.removeValue(forKey: "file") { failure.errors["csv"] = file }
        let fields = [
            FormField(name: "what", labelKey: "import.what", kind: .radio, value: form?["what"] ?? "participants",
                      options: [("participants", "import.what.participants"), ("contacts", "import.what.contacts")], required: true),
            FormField(name: "program_id", labelKey: "contact.program", kind: .select, value: form?["program_id"] ?? programs.first.map { $0.id.text } ?? "",
                      options: programs.map { ($0.id.text, $0.name) }, required: true),
            FormField(name: "csv", labelKey: "import.csv", kind: .textarea, value: form?["csv"] ?? "", required: true, hintKey: "import.csv_hint"),
            FormField(name: "mode", labelKey: "import.mode", kind: .radio, value: form?["mode"] ?? "all_or_nothing",
                      options: [("all_or_nothing", "import.mode.all_or_nothing"), ("row_by_row", "import.mode.row_by_row")], required: true),
            FormField(name: "dry_run", labelKey: "import.dry_run", kind: .checkbox, value: form == nil || form?["dry_run"] != nil ? "on" : ""),
        ]
        var view = JourneyFormView(titleKey: "import.title", submitKey: "import.submit", fields: fields, action: ParticipantRoutes.importParticipants(),
                                   cancel: ParticipantRoutes.participants(), failure: failure, intro: l.text("import.intro", locale),
                                   l, locale)
        if let report {
            let lines = report.rejected.flatMap { row in
                row.errors.map { l.format("import.row_error", locale, ["line": String(row.line), "column": $0.field ?? "", "message": l.text($0.messageKey, locale)]) }
            }
            view.summary = l.format(report.dryRun ? "import.report_dry" : "import.report", locale,
                                    ["total": String(report.total), "created": String(report.created), "updated": String(report.updated),
                                     "rejected": String(report.rejected.count)])
            view.intro = lines.isEmpty ? l.text("import.no_problems", locale) : lines.joined(separator: " · ")
        }
        return env.renderer.page("journey_form", titleKey: "import.title", view: view, context: context, status: failure.status)
    }
}
