import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// A peer's week: its totals, each service, the outreach events, and the weeks either side.
struct ServiceWeekView: PageView {
    struct Row: Encodable, Sendable { var date, start, name, type, modality, link: String; var minutes, units: Int; var draft, group: Bool }
    struct Outreach: Encodable, Sendable { var date, kind, audience: String; var reached, minutes: Int }
    var heading, start, end, date, previousLink, nextLink: String
    /// The week's counts as the API gives them.
    var totals: WeekTotalsJSON
    var rows: [Row], outreach: [Outreach], own, supervisor: Bool, errors: [String: String]
    var notice: String?, peerID: UUID?
    /// What the totals count (`ServiceCounting`).
    var countingRule = ""
    var action = ServiceRoutes.week(), newServiceLink = ServiceRoutes.newService(), newGroupLink = ServiceRoutes.newGroup()
    var newOutreachLink = ServiceRoutes.newOutreach(), teamLink = ServiceRoutes.team(), cosignQueueLink = ServiceRoutes.cosignQueue()
}

/// A supervisor's team week: one row of totals per peer.
struct ServiceTeamView: PageView {
    struct Row: Encodable, Sendable { var name, link: String; var totals: WeekTotalsJSON; var pending: Int }
    var start, end, date, previousLink, nextLink: String
    var rows: [Row], errors: [String: String]
    var countingRule = ""
    var action = ServiceRoutes.team(), cosignQueueLink = ServiceRoutes.cosignQueue()
}

/// Signed notes waiting for the supervisor's co-signature.
struct CosignQueueView: PageView {
    struct Row: Encodable, Sendable {
        var id: UUID; var name, peer, date, type, link, cosignLink: String; var amended: Bool; var signedAt: String?
        /// A group's notes are one row with "Co-sign all N".
        var groupLabel: String?
        var cosignGroupLink: String?
        /// Said when the author's certification had lapsed (or their training window closed) that day.
        var flag: String?
    }
    var rows: [Row], notice: String?
}

/// A program's service mix over a period, by type, core function, modality and setting.
struct ServiceMixView: PageView {
    struct Row: Encodable, Sendable { var label, percent: String; var count: Int }
    struct Table: Encodable, Sendable { var title, id: String; var rows: [Row]; var note: String? }
    struct Mix: Encodable, Sendable { var totals: ServiceMixJSON; var tables: [Table]; var countingRule: String }
    var programName, from, to, action, exportLink: String, mayExport: Bool
    var errors: [String: String] = [:]
    var mix: Mix?
}

/// A program's catalogue of service types and core functions, and whether its notes need a co-signature.
struct ServiceSettingsView: PageView {
    struct Entry: Encodable, Sendable { var code, label: String; var own: Bool }
    var programName, signingAction, catalogAction: String
    var serviceTypes, coreFunctions: [Entry], requiresCosignature: Bool, errors: [String: String], fields: [FieldView]
    var summary: String?
}

/// Services seen over time: a peer's week, a supervisor's team week and co-signature queue, a
/// program's service mix with its CSV extract, and a program's catalogue and signing rule.
enum ServiceReportPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let docs = env.documentation

        table.add(.get, ServiceRoutes.week, .page, .policy(.list, .ownServices)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let q = try QueryParameters.read(request)
            let l = env.localizer, locale = context.locale
            let (day, errors) = try weekDay(request, env, l, locale)
            let peer = q["peer"].flatMap { UUID(uuidString: $0) }
            let week = try await docs.week(of: peer, containing: day, by: actor, context: context.audit)
            let catalogs = try await ServiceLabels.catalogs(week.services.map(\.programID), env)
            let rows = week.services.map { s in
                ServiceWeekView.Row(date: l.date(s.content.date, locale), start: s.content.startTime, name: week.people[s.personID]?.displayName ?? "",
                                    type: ServiceLabels.text(.serviceType, s.content.serviceType, in: catalogs[s.programID], l, locale),
                                    modality: l.text("modality.\(s.content.modality.rawValue)", locale), link: ServiceRoutes.service(s.id),
                                    minutes: s.content.durationMinutes, units: s.units, draft: s.status == .draft, group: s.groupID != nil)
            }
            let outreach = week.outreach.map { e in
                ServiceWeekView.Outreach(date: l.date(e.date, locale), kind: l.text("outreach.kind.\(e.kind.rawValue)", locale), audience: e.audience,
                                         reached: e.peopleReached, minutes: e.durationMinutes)
            }
            var notice: String?
            if let n = q["group"].flatMap({ Int($0) }) { notice = l.format("service.group_saved", locale, ["count": String(n)]) }
            if q["outreach"] != nil { notice = l.text("outreach.saved", locale) }
            let own = week.peer.id == actor.userID
            let peerID = own ? nil : week.peer.id
            let link = { (days: Int) in ServiceRoutes.week(query: ["date": week.start.adding(days: days).description, "peer": peerID.map(\.text) ?? ""]) }
            let view = ServiceWeekView(
                heading: own ? l.text("week.title", locale) : l.format("week.title_of", locale, ["name": week.peer.displayName]),
                start: l.date(week.start, locale), end: l.date(week.end, locale), date: q["date"] ?? day.description, previousLink: link(-7),
                nextLink: link(7), totals: WeekTotalsJSON(t: week.totals), rows: rows, outreach: outreach, own: own,
                supervisor: actor.has(.supervisor), errors: errors, notice: notice, peerID: peerID,
                countingRule: l.format("services.counting_rule", locale, ["drafts": String(week.totals.unsigned)]))
            return env.renderer.page("service_week", titleKey: "week.title", view: view, context: context,
                                     status: errors.isEmpty ? .ok : .unprocessableContent)
        }

        table.add(.get, ServiceRoutes.team, .page, .policy(.list, .team)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let q = try QueryParameters.read(request)
            let (day, errors) = try weekDay(request, env, env.localizer, context.locale)
            let team = try await docs.teamWeek(containing: day, by: actor, context: context.audit)
            let rows = team.rows.map { row in
                ServiceTeamView.Row(name: row.peer.displayName, link: ServiceRoutes.week(query: ["peer": row.peer.id.text, "date": team.start.description]),
                                    totals: WeekTotalsJSON(t: row.totals), pending: row.awaitingCosignature)
            }
            let view = ServiceTeamView(start: env.localizer.date(team.start, context.locale), end: env.localizer.date(team.end, context.locale), date: q["date"] ?? day.description,
                                       previousLink: ServiceRoutes.team(query: ["date": team.start.adding(days: -7).description]),
                                       nextLink: ServiceRoutes.team(query: ["date": team.start.adding(days: 7).description]), rows: rows, errors: errors,
                                       countingRule: env.localizer.text("services.counting_rule_team", context.locale))
            return env.renderer.page("service_team", titleKey: "team_week.title", view: view, context: context,
                                     status: errors.isEmpty ? .ok : .unprocessableContent)
        }

        table.add(.get, ServiceRoutes.cosignQueue, .page, .policy(.cosign, .team)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let queue = try await docs.cosignQueue(by: actor, context: context.audit)
            let l = env.localizer, locale = context.locale
            let catalogs = try await ServiceLabels.catalogs(queue.map(\.service.programID), env)
            let groupSizes = Dictionary(queue.compactMap { $0.service.groupID.map { ($0, 1) } }, uniquingKeysWith: +)
            var seenGroups: Set<UUID> = []
            let rows = queue.compactMap { item -> CosignQueueView.Row? in
                let s = item.service
                // A group waiting as a whole is one row; its first note links to the group.
                if let group = s.groupID, groupSizes[group, default: 0] > 1 {
                    guard seenGroups.insert(group).inserted else { return nil }
                }
                let size = s.groupID.flatMap { groupSizes[$0] }.flatMap { $0 > 1 ? $0 : nil }
                return CosignQueueView.Row(id: s.id, name: item.person?.displayName ?? "", peer: item.peerName, date: l.date(s.content.date, locale),
                                           type: ServiceLabels.text(.serviceType, s.content.serviceType, in: catalogs[s.programID], l, locale),
                                           link: ServiceRoutes.service(s.id), cosignLink: ServiceRoutes.cosign(s.id), amended: s.amendmentCount > 0,
                                           signedAt: s.signedAt.map(PageSupport.date),
                                           groupLabel: size.map { l.format("cosign.group_row", locale, ["count": l.count($0, locale)]) },
                                           cosignGroupLink: size.map { _ in ServiceRoutes.cosignGroup(s.id) },
                                           flag: item.standing.isFlagged ? l.text("cosign.flag_\(item.standing.rawValue)", locale) : nil)
            }
            let notice = try QueryParameters.read(request)["done"].map { _ in l.text("service.saved_cosigned", locale) }
            return env.renderer.page("cosign_queue", titleKey: "cosign.title", view: CosignQueueView(rows: rows, notice: notice), context: context)
        }

        table.add(.get, ServiceRoutes.programServices, .page, .policy(.list, .programServices)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let program = resolved.program!
            let q = QueryParameters(request)
            let today = env.journey.today
            let defaultFrom = FiscalYear.start(containing: today)
            // A refused parameter is shown on its field, with the default period in its place.
            let fromText = q.errors.first(for: "from") == nil ? q["from"] ?? defaultFrom.description : defaultFrom.description
            let toText = q.errors.first(for: "to") == nil ? q["to"] ?? today.description : today.description
            let l = env.localizer, locale = context.locale
            var view = ServiceMixView(programName: program.name, from: fromText, to: toText, action: ServiceRoutes.programServices(program.id),
                                      exportLink: ServiceRoutes.programServicesCSV(program.id, query: ["from": fromText, "to": toText]),
                                      mayExport: AccessPolicy.decide(actor, .export, .services(organizationID: program.organizationID, programID: program.id)) == .allow)
            do {
                try q.errors.throwIfAny()
                let (from, to) = try ServiceMix.validatePeriod(from: fromText, to: toText)
                let mix = try await docs.mix(programID: program.id, from: from, to: to, by: actor, context: context.audit)
                let catalog = try await docs.settings(programID: program.id, by: actor).catalog
                func table(_ titleKey: String, _ id: String, _ shares: [ServiceMix.Share], _ kind: ServiceCatalog.Kind?, _ prefix: String,
                           note: String? = nil) -> ServiceMixView.Table {
                    .init(title: l.text(titleKey, locale), id: id, rows: shares.map { share in
                        let key = kind.map { ServiceLabels.key($0, share.code, in: catalog) } ?? "\(prefix).\(share.code)"
                        return .init(label: l.text(key, locale), percent: String(format: "%.1f", share.percent), count: share.count)
                    }, note: note)
                }
                view.mix = .init(totals: ServiceMixJSON(m: mix, programID: program.id), tables: [
                                     table("mix.by_type", "mix-type", mix.byType, .serviceType, "service_type"),
                                     table("mix.by_core_function", "mix-function", mix.byCoreFunction, .coreFunction, "core_function",
                                           note: l.text("mix.core_function_note", locale)),
                                     table("mix.by_modality", "mix-modality", mix.byModality, nil, "modality"),
                                     table("mix.by_setting", "mix-setting", mix.bySetting, nil, "service_setting"),
                                 ], countingRule: l.format("services.counting_rule", locale, ["drafts": String(mix.drafts)]))
            } catch let errors as ValidationErrors {
                view.errors = PageSupport.fieldErrors(errors.errors, l, locale)
                return env.renderer.page("service_mix", titleKey: "mix.title", view: view, context: context, status: .unprocessableContent)
            }
            return env.renderer.page("service_mix", titleKey: "mix.title", view: view, context: context)
        }

        table.add(.get, ServiceRoutes.programServicesCSV, .page, .policy(.export, .programServices)) { request, context, resolved in
            try await csv(request, context, resolved, env)
        }

        registerSettings(&table, env)
    }

    /// The services extract for `from`–`to` as a CSV download (page and API share it).
    static func csv(_ request: Request, _ context: AppContext, _ resolved: Resolved, _ env: AppEnvironment) async throws -> Response {
        let (from, to) = try period(request)
        let programID = resolved.program!.id, actor = try resolved.requireActor(), audit = context.audit, documentation = env.documentation
        return CSVResponse.stream(filename: "services-\(from)-\(to).csv", requestID: context.requestID, logger: env.logger) { write in
            _ = try await documentation.export(programID: programID, from: from, to: to, by: actor, context: audit, write: write)
        }
    }

    /// The day whose week a page or the API shows: `date` when given, today when not. Anything else
    /// in `date` is refused, never read as today: the API answers 422, the page says so on the field.
    static func day(_ request: Request) throws -> CalendarDate? {
        guard let text = try QueryParameters.read(request)["date"] else { return nil }
        guard let day = CalendarDate(text) else { throw WebError.invalid(field: "date", code: "invalid_date", messageKey: "error.invalid_date") }
        return day
    }

    /// A week page's day, and the field errors to show when `date` is refused (the page then shows this week).
    static func weekDay(_ request: Request, _ env: AppEnvironment, _ l: Localizer, _ locale: String) throws -> (CalendarDate, [String: String]) {
        do {
            return (try day(request) ?? env.journey.today, [:])
        } catch let error as WebError where !error.fields.isEmpty {
            return (env.journey.today, PageSupport.fieldErrors(error.fields, l, locale))
        }
    }

    /// `from` and `to` of a report's query, checked by Core's rule for periods.
    static func period(_ request: Request) throws -> (CalendarDate, CalendarDate) {
        let q = try QueryParameters.read(request)
        do {
            return try ServiceMix.validatePeriod(from: q["from"] ?? "", to: q["to"] ?? "")
        } catch {
            throw WebError.invalid(error)
        }
    }

    // MARK: - A program's catalogue and signing rule

    static func registerSettings(_ table: inout RouteTable, _ env: AppEnvironment) {
        let docs = env.documentation

        @Sendable func page(_ context: AppContext, _ resolved: Resolved, form: FormData?, error: WebError?) async throws -> Response {
            let actor = try resolved.requireActor()
            let settings = try await docs.settings(programID: resolved.program!.id, by: actor)
            let l = env.localizer, locale = context.locale
            func entries(_ list: [ServiceCatalog.Entry]) -> [ServiceSettingsView.Entry] {
                list.map { .init(code: $0.code, label: l.text(ServiceForm.label($0), locale), own: !$0.builtIn) }
            }
            let refused = error.map { PageSupport.formErrors($0, env, context) } ?? .init()
            let id = settings.program.id
            let fields = [
                FormField(name: "kind", labelKey: "catalog.kind", kind: .radio, value: form?["kind"] ?? "service_type",
                          options: ServiceCatalog.Kind.allCases.map { ($0.rawValue, "catalog.kind.\($0.rawValue)") }, required: true),
                FormField(name: "code", labelKey: "catalog.code", value: form?["code"] ?? "", required: true, hintKey: "catalog.code_hint", maxLength: 40),
                FormField(name: "label", labelKey: "catalog.label", value: form?["label"] ?? "", required: true, maxLength: 80),
            ]
            let view = ServiceSettingsView(
                programName: settings.program.name, signingAction: ServiceRoutes.signing(id), catalogAction: ServiceRoutes.catalog(id),
                serviceTypes: entries(settings.catalog.serviceTypes), coreFunctions: entries(settings.catalog.coreFunctions),
                requiresCosignature: settings.requiresCosignature, errors: refused.errors, fields: FormField.render(fields, refused.errors, l, locale),
                summary: refused.summary)
            return env.renderer.page("service_settings", titleKey: "catalog.title", view: view, context: context, status: error?.status ?? .ok)
        }

        table.add(.get, ServiceRoutes.settings, .page, .policy(.update, .program)) { _, context, resolved in
            try await page(context, resolved, form: nil, error: nil)
        }

        table.form(ServiceRoutes.catalog, .policy(.update, .program)) { form, _, context, resolved in
            return try await PageSupport.submit {
                guard let kind = ServiceCatalog.Kind(rawValue: form.string("kind")) else { throw ValidationError("kind", "required") }
                return try await docs.addCatalogEntry(programID: resolved.program!.id, kind: kind, code: form.string("code"), label: form.string("label"),
                                                      by: try resolved.requireActor(), context: context.audit)
            } then: { _ in redirect(ServiceRoutes.settings(resolved.program!.id)) } refused: { error in
                try await page(context, resolved, form: form, error: error)
            }
        }

        table.form(ServiceRoutes.signing, .policy(.update, .program)) { form, _, context, resolved in
            try await docs.setRequiresCosignature(programID: resolved.program!.id, form["requires_cosignature"] == "on",
                                                  by: try resolved.requireActor(), context: context.audit)
            return redirect(ServiceRoutes.settings(resolved.program!.id))
        }
    }
}
