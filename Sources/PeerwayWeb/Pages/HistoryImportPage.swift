import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// The history import page: a program manager chooses the program and its history files (all at
/// once), checks them with a dry run, then imports. Every problem is listed with its file, line and
/// column; the files go in whole or not at all.
enum HistoryImportPage {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        table.add(.get, HistoryRoutes.importHistory, .page, .policy(.export, .participants)) { _, context, resolved in
            let actor = try resolved.requireActor()
            let view = try await view(actor, env, context, programID: nil, dryRun: true)
            return env.renderer.page("history_import", titleKey: "history.title", view: view, context: context)
        }
        table.add(.post, HistoryRoutes.importHistory, .page, .policy(.export, .participants)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let l = env.localizer, locale = context.locale
            let (form, chosen, problem) = try await ImportUpload.files(request, context)
            let dryRun = form["dry_run"] != nil
            let programID = UUID(uuidString: form.string("program_id"))
            var view = try await view(actor, env, context, programID: programID, dryRun: dryRun)
            if let problem {
                view.errors["file"] = problem.message(l, locale)
            }
            if programID == nil { view.errors["program_id"] = l.text("error.required", locale) }
            guard let programID, view.errors.isEmpty else {
                view.summary = l.text("error.validation_failed", locale)
                return env.renderer.page("history_import", titleKey: "history.title", view: view, context: context, status: .unprocessableContent)
            }
            let files = chosen.map { HistoryImport.File(name: ($0.filename as NSString).lastPathComponent, text: ImportUpload.text($0, pasted: "")) }
            return try await PageSupport.submit {
                try await HistoryImport(env.store).run(files, programID: programID, dryRun: dryRun, by: actor, context: context.audit)
            } then: { report in
                view.fill(report, l, locale)
                // After a clean trial run, the next step is the import itself.
                if dryRun && report.problems.isEmpty { view.dryRun = false }
                return env.renderer.page("history_import", titleKey: "history.title", view: view, context: context,
                                         status: report.problems.isEmpty ? .ok : .unprocessableContent)
            } refused: { error in
                let failure = PageSupport.formErrors(error, env, context)
                view.errors.merge(failure.errors) { $1 }
                view.summary = failure.summary
                return env.renderer.page("history_import", titleKey: "history.title", view: view, context: context, status: failure.status)
            }
        }
    }

    static func view(_ actor: Actor, _ env: AppEnvironment, _ context: AppContext, programID: UUID?, dryRun: Bool) async throws -> HistoryImportView {
        let programs = try await ParticipantPages.programsFor(actor, env)
        let selected = programID ?? programs.first?.id
        return HistoryImportView(action: HistoryRoutes.importHistory(), cancel: ParticipantRoutes.importParticipants(),
                                 programs: programs.map { .init(id: $0.id.text, name: $0.name, selected: $0.id == selected) },
                                 files: HistoryFile.allCases.map(\.fileName), dryRun: dryRun)
    }
}

/// What the history import page shows: the form, then the counts per file and every problem.
struct HistoryImportView: PageView {
    struct Program: Encodable, Sendable { var id: String; var name: String; var selected: Bool }
    struct Count: Encodable, Sendable { var file: String; var text: String }
    /// Where a problem is: the file, and for a row its line and the column, named as the file names it.
    struct Problem: Encodable, Sendable { var file: String; var line: String?; var column: String?; var message: String }

    var action: String
    var cancel: String
    var programs: [Program]
    /// The file names, shown as names to type (`<code>`), not as words.
    var files: [String]
    var dryRun: Bool
    var notice: String?
    var summary: String?
    var errors: [String: String] = [:]
    var counts: [Count] = []
    var problems: [Problem] = []

    mutating func fill(_ report: HistoryImport.Report, _ l: Localizer, _ locale: String) {
        counts = report.counts.map {
            Count(file: $0.file.fileName, text: l.format("history.count", locale, [
                "rows": l.count($0.rows, locale), "created": l.count($0.created + $0.updated, locale),
                "unchanged": l.count($0.unchanged, locale), "rejected": l.count($0.rejected, locale),
            ]))
        }
        problems = report.problems.map { p in
            Problem(file: p.file, line: p.line == 0 ? nil : l.format("history.place", locale, ["line": String(p.line)]),
                    column: p.line == 0 ? nil : p.column, message: l.text(p.messageKey, locale))
        }
        if report.problems.isEmpty {
            notice = l.text(report.dryRun ? "history.report_dry" : "history.report", locale)
        } else {
            summary = l.format(report.dryRun ? "history.refused_dry" : "history.refused", locale, ["count": l.count(report.problems.count, locale)])
        }
    }
}
