import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// The community resource directory's pages: its search (`DirectorySearchPage`), one service in
/// words with its linkage record, the import of HSDS files (a trial run first) and the directory's settings.
enum DirectoryPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let catalog = env.directory
        DirectorySearchPage.register(&table, env)
        DirectoryCurationPages.register(&table, env)
        DirectoryExportPage.register(&table, env)

        // Which directory holds the service is the workflow's to find among those the reader may read.
        table.add(.get, DirectoryRoutes.service, .page, .signedIn) { request, context, resolved in
            guard let id = context.parameters.get("service")?.removingPercentEncoding,
                  let (directory, summary) = try await catalog.find(serviceID: id, by: try resolved.requireActor()) else { throw WebError.notFound }
            let actor = try resolved.requireActor()
            let l = env.localizer, locale = context.locale
            var view = DirectoryServiceView(summary, l, locale)
            view.linkage = DirectorySearchPage.linkage(try await catalog.linkageRecord(serviceID: id, organizationID: directory), l, locale)
            let staleAfter = try await catalog.staleAfterDays(directory)
            view.stale = DirectoryCheckRules.isStale(lastVerified: summary.lastVerified, today: env.journey.today, after: staleAfter)
                ? l.format("directory.due_flag", locale, ["days": l.count(staleAfter, locale)]) : nil
            view.checks = try await catalog.checks(serviceID: id, directoryID: directory).map { c, by in
                DirectoryCurationPages.checkLine(c, by: by, zone: env.config.timeZone, l, locale)
            }
            view.checkLink = DirectoryRoutes.path(DirectoryRoutes.check, id)
            if directory == actor.organizationID, DirectoryPolicy.mayCurate(actor) { view.editLink = DirectoryRoutes.path(DirectoryRoutes.edit, id) }
            view.notice = PageSupport.notice(request, l, locale)
            // Reached from a search for a person or a note: the way on is to refer to it.
            let query = QueryParameters(request)
            view.referLink = DirectorySearchPage.referLink(id, person: query["person"].flatMap(UUID.init(uuidString:)),
                                                           note: query["note"].flatMap(UUID.init(uuidString:)))
            return env.renderer.page("directory_service", titleKey: "directory.service_title", view: view, context: context)
        }

        table.add(.get, DirectoryRoutes.importHSDS, .page, .policy(.update, .directory)) { _, context, _ in
            env.renderer.page("directory_import", titleKey: "directory.import_title", view: importView(dryRun: true), context: context)
        }
        table.add(.post, DirectoryRoutes.importHSDS, .page, .policy(.update, .directory)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let l = env.localizer, locale = context.locale
            let (form, files, problem) = try await ImportUpload.files(request, context, archives: true)
            let dryRun = form["dry_run"] != nil
            var view = importView(dryRun: dryRun)
            if let problem {
                view.fileError = problem.message(l, locale)
                view.summary = l.text("error.validation_failed", locale)
                return env.renderer.page("directory_import", titleKey: "directory.import_title", view: view, context: context, status: .unprocessableContent)
            }
            let named: [(name: String, bytes: [UInt8])]
            do {
                named = try HSDSArchive.expanded(files.map { (name: ($0.filename as NSString).lastPathComponent, bytes: $0.bytes) },
                                                 limit: DirectoryImportJobs.maxBytes)
            } catch let refusal as HSDSArchive.Refusal {
                switch refusal {
                case .unreadable: view.fileError = l.text("directory.zip_unreadable", locale)
                case .tooManyFiles: view.fileError = l.text("directory.zip_too_many_files", locale)
                case .tooLarge(let limit): view.fileError = ImportUpload.Problem.tooLarge(limit: limit).message(l, locale)
                }
                view.summary = l.text("error.validation_failed", locale)
                return env.renderer.page("directory_import", titleKey: "directory.import_title", view: view, context: context, status: .unprocessableContent)
            }
            if named.isEmpty {
                view.fileError = ImportUpload.Problem.empty.message(l, locale)
                view.summary = l.text("error.validation_failed", locale)
                return env.renderer.page("directory_import", titleKey: "directory.import_title", view: view, context: context, status: .unprocessableContent)
            }
            let total = named.reduce(0) { $0 + $1.bytes.count }
            if total > DirectoryImportJobs.maxBytes {
                view.fileError = ImportUpload.Problem.tooLarge(limit: DirectoryImportJobs.maxBytes).message(l, locale)
                view.summary = l.text("error.validation_failed", locale)
                return env.renderer.page("directory_import", titleKey: "directory.import_title", view: view, context: context, status: .unprocessableContent)
            }
            // Files larger than a form's usual limit run as a job: the next page follows it.
            if total > UploadLimits.standard {
                do {
                    let id = try await env.directoryImports.start(named, dryRun: dryRun, by: actor, context: context.audit)
                    return redirect(DirectoryRoutes.importJob(id))
                } catch StoreError.invalid(let errors) {
                    view.fileError = errors.errors.first.map { l.text($0.messageKey, locale) }
                    view.summary = l.text("error.validation_failed", locale)
                    return env.renderer.page("directory_import", titleKey: "directory.import_title", view: view, context: context, status: .conflict)
                }
            }
            let report = try await catalog.importFiles(named, organizationID: actor.organizationID, dryRun: dryRun, by: actor, context: context.audit)
            reported(report, into: &view, l, locale)
            return env.renderer.page("directory_import", titleKey: "directory.import_title", view: view, context: context,
                                     status: report.refused ? .unprocessableContent : .ok)
        }

        table.add(.get, DirectoryRoutes.importJob, .page, .policy(.update, .directory)) { _, context, resolved in
            let job = try await env.directoryImports.job(try Guards.pathID(context), by: try resolved.requireActor())
            let l = env.localizer, locale = context.locale
            var view = DirectoryImportJobView(again: DirectoryRoutes.importHSDS(), refresh: context.path, running: job.state == .running)
            switch job.state {
            case .running:
                if let progress = job.progress, progress.total > 0 {
                    // Once every row is written, the search's facts are computed and the whole committed.
                    view.step = progress.written >= progress.total ? l.text("directory.job_indexing", locale)
                        : l.format("directory.job_writing", locale, ["written": l.count(progress.written, locale), "total": l.count(progress.total, locale)])
                    view.written = progress.written
                    view.total = progress.total
                } else {
                    view.step = l.format("directory.job_checking", locale, ["files": job.files.joined(separator: ", ")])
                }
            case .done, .refused:
                var shown = importView(dryRun: job.dryRun)
                if let report = job.report { reported(report, into: &shown, l, locale) }
                view.notice = shown.notice
                view.summary = shown.summary
                view.problems = shown.problems
            case .failed:
                view.summary = l.text("directory.job_failed", locale)
            case .interrupted:
                view.summary = l.text("directory.job_interrupted", locale)
            }
            return env.renderer.page("directory_import_job", titleKey: "directory.job_title", view: view, context: context,
                                     refreshAfter: job.state == .running ? 2 : nil)
        }

        @Sendable func settingsPage(_ settings: DirectorySettings, staleText: String? = nil, actor: Actor, request: Request, context: AppContext,
                                    failure: PageSupport.FormErrors = .init()) -> Response {
            let view = DirectorySettingsView(action: DirectoryRoutes.settings(), cancel: DirectoryRoutes.home(), share: settings.shareWithProviders,
                                             publicAPI: settings.publicReadAPI, staleAfterDays: staleText ?? String(settings.staleAfterDays),
                                             readAPI: DirectoryRoutes.HSDS.base(actor.organizationID),
                                             notice: PageSupport.notice(request, env.localizer, context.locale), errors: failure.errors, summary: failure.summary)
            return env.renderer.page("directory_settings", titleKey: "directory.settings_title", view: view, context: context, status: failure.status)
        }
        table.add(.get, DirectoryRoutes.settings, .page, .policy(.update, .directory)) { request, context, resolved in
            let actor = try resolved.requireActor()
            return settingsPage(try await catalog.settings(organizationID: actor.organizationID, by: actor), actor: actor, request: request, context: context)
        }
        table.add(.post, DirectoryRoutes.settings, .page, .policy(.update, .directory)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let form = try await FormData.read(request, context: context)
            let staleText = form.string("stale_after_days").trimmingCharacters(in: .whitespaces)
            // A form without the field keeps the number; one with a number that is not one is refused by it.
            let current = form["stale_after_days"] == nil ? try await catalog.settings(organizationID: actor.organizationID, by: actor).staleAfterDays : -1
            let settings = DirectorySettings(shareWithProviders: form["share_with_providers"] != nil, publicReadAPI: form["public_read_api"] != nil,
                                             staleAfterDays: Int(staleText) ?? current)
            return try await PageSupport.save(to: DirectoryRoutes.settings(), .directorySettings, env, context) {
                try await catalog.saveSettings(settings, organizationID: actor.organizationID, by: actor, context: context.audit)
            } refused: { failure in
                settingsPage(settings, staleText: staleText, actor: actor, request: request, context: context, failure: failure)
            }
        }
    }

    static func importView(dryRun: Bool) -> DirectoryImportView {
        DirectoryImportView(action: DirectoryRoutes.importHSDS(), cancel: DirectoryRoutes.home(), dryRun: dryRun)
    }

    /// What an import did or found, on the import page or its job's page.
    static func reported(_ report: DirectoryCatalog.ImportReport, into view: inout DirectoryImportView, _ l: Localizer, _ locale: String) {
        view.problems = report.problems.map { .init(place: $0.place, message: problemMessage($0, l, locale), error: $0.severity == .error) }
        let counts = ["rows": l.count(report.rows, locale), "created": l.count(report.created, locale),
                      "updated": l.count(report.updated, locale), "unchanged": l.count(report.unchanged, locale)]
        if report.refused {
            let errors = report.problems.filter { $0.severity == .error }.count
            view.summary = l.format(WorkforceWords.counted("directory.refused", errors), locale, ["count": l.count(errors, locale)])
        } else {
            view.notice = l.format(report.dryRun ? "directory.report_dry" : "directory.report", locale, counts)
            // After a clean trial run, the next step is the import itself.
            if report.dryRun { view.dryRun = false }
        }
    }

    /// A problem in the page's language. The ids a problem names (a dangling link, an id used twice) are
    /// left to the API and the CLI: the place (file, row, field) is what a curator looks for.
    static func problemMessage(_ p: HSDSProblem, _ l: Localizer, _ locale: String) -> String {
        switch p.code {
        case .wrongType where p.severity == .warning:
            return l.text("directory.problem.wrong_type_kept", locale)
        case .wrongType:
            let kind = p.expected.flatMap(HSDSProblem.Expected.init(rawValue:)).map { l.text("directory.kind.\($0.rawValue)", locale) }
            return l.format("directory.problem.wrong_type", locale, ["expected": kind ?? l.text("directory.kind.string", locale)])
        default:
            return l.format("directory.problem.\(p.code.rawValue)", locale, ["value": p.value ?? ""])
        }
    }

    /// A language code as its name, for the languages the catalogue names; other codes as they are.
    static func language(_ code: String, _ l: Localizer, _ locale: String) -> String {
        let key = "directory.language.\(code.lowercased())"
        let name = l.text(key, locale)
        return name == key ? code.uppercased() : name
    }
}
