import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// The organization's workforce pages: the roster, the workforce report (every figure with what it
/// counts, of whom), the certification rule set and supervision target, and the training catalogue.
/// Registered from `SupervisionPages.register`.
enum WorkforcePages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let workforce = env.workforce

        table.add(.get, WorkforceRoutes.roster, .page, .policy(.list, .workforce)) { _, context, resolved in
            let actor = try resolved.requireActor()
            let rows = try await workforce.roster(by: actor, context: context.audit)
            let l = env.localizer, locale = context.locale
            let org = actor.organizationID
            func may(_ action: AccessAction) -> Bool { AccessPolicy.decide(actor, action, .workforce(organizationID: org)) == .allow }
            let oversees = actor.has(.organizationAdmin) || actor.has(.programManager)
            let view = RosterView(
                figure: l.format(WorkforceWords.counted(oversees ? "workforce.roster_figure" : "workforce.roster_figure_team", rows.count), locale,
                                 ["count": l.count(rows.count, locale)]),
                rows: rows.map { r in
                    .init(name: r.user.displayName, link: WorkforceRoutes.staff(r.user.id), discipline: l.text(r.discipline.labelKey, locale),
                          certification: CertificationRules.isTracked(r.discipline, hasSteps: r.status.state != .notStarted) ? l.text(r.status.state.labelKey, locale) : l.text("workforce.not_tracked", locale),
                          deadline: r.status.deadlines.first.map { WorkforceWords.deadline($0, l, locale) }, supervisor: r.supervisorName)
                },
                reportLink: may(.export) ? WorkforceRoutes.report() : nil, settingsLink: may(.update) ? WorkforceRoutes.settings() : nil,
                coursesLink: WorkforceRoutes.courses(),
                supervisionLink: AccessPolicy.decide(actor, .list, .supervision(organizationID: org)) == .allow && actor.has(.supervisor)
                    ? WorkforceRoutes.supervision() : nil,
                importLink: WorkforcePolicy.isHR(actor, of: org) ? WorkforceRoutes.importRoster() : nil)
            return env.renderer.page("workforce", titleKey: "workforce.title", view: view, context: context)
        }

        table.add(.get, WorkforceRoutes.report, .page, .policy(.export, .workforce)) { _, context, resolved in
            let actor = try resolved.requireActor()
            let report = try await workforce.report(by: actor, context: context.audit)
            let settings = try await workforce.settings(by: actor, context: context.audit)
            let view = reportView(report, settings: settings, env.localizer, context.locale)
            return env.renderer.page("workforce_report", titleKey: "workforce.report_title", view: view, context: context)
        }

        table.add(.get, WorkforceRoutes.settings, .page, .policy(.update, .workforce)) { request, context, resolved in
            let settings = try await workforce.settings(by: try resolved.requireActor(), context: context.audit)
            return settingsForm(nil, settings, env, context, notice: PageSupport.notice(request, env.localizer, context.locale))
        }

        table.form(WorkforceRoutes.settings, .policy(.update, .workforce)) { form, actor, context, _ in
            let stored = try await workforce.settings(by: actor, context: context.audit)
            return try await PageSupport.save(to: WorkforceRoutes.settings(), .workforceSettings, env, context) {
                try await workforce.saveSettings(try readSettings(form, stored), by: actor, context: context.audit)
            } refused: { failure in
                settingsForm(form, stored, env, context, failure: failure)
            }
        }

        table.add(.get, WorkforceRoutes.courses, .page, .policy(.read, .workforce)) { request, context, resolved in
            try await coursesPage(nil, actor: try resolved.requireActor(), env, context,
                                  notice: PageSupport.notice(request, env.localizer, context.locale))
        }

        table.form(WorkforceRoutes.courses, .policy(.create, .workforce)) { form, actor, context, _ in
            try await PageSupport.save(to: WorkforceRoutes.courses(), .courseAdded, env, context) {
                var errors = ValidationErrors()
                let topics: Set<TrainingTopic> = WorkforceInput.set(form.all("topics"), "topics", into: &errors)
                let hours = form.string("hours").trimmingCharacters(in: .whitespaces)
                var minutes: Int?
                if !hours.isEmpty {
                    minutes = CertificationRules.minutes(fromHours: hours)
                    if minutes == nil { errors.append(ValidationError("hours", "not_hours")) }
                }
                try errors.throwIfAny()
                return try await workforce.addCourse(title: form.string("title"), topics: topics, minutes: minutes, by: actor, context: context.audit)
            } refused: { failure in
                try await coursesPage(form, actor: actor, env, context, failure: failure)
            }
        }
    }

    // MARK: - Settings

    /// The rule set's numbers as the form names them (Core's field names, so a refusal lands on its field).
    static func settingsForm(_ form: FormData?, _ settings: WorkforceSettings, _ env: AppEnvironment, _ context: AppContext,
                             failure: PageSupport.FormErrors = .init(), notice: String? = nil) -> Response {
        let l = env.localizer, locale = context.locale
        let r = settings.certificationRules, ca = CertificationRuleSet.california
        func field(_ name: String, _ value: String, hours: Bool = false) -> FormField {
            FormField(name: name, labelKey: "workforce.settings.\(name)", kind: hours ? .text : .number, value: form?[name] ?? value,
                      required: true, hintKey: "workforce.settings.\(name)_hint", maxLength: 6)
        }
        let fields = [
            field("training_window_months", String(r.trainingWindowMonths)),
            field("certification_years", String(r.certificationYears)),
            field("ce_hours_per_cycle", WorkforceWords.hoursField(r.ceMinutesPerCycle), hours: true),
            field("ce_law_and_ethics_hours", WorkforceWords.hoursField(r.ceLawAndEthicsMinutes), hours: true),
            field("renewal_window_days", String(r.renewalWindowDays)),
            field("supervision_minutes", String(settings.supervisionMinutesPerMonth)),
        ]
        let intro = l.format("workforce.settings_intro", locale, [
            "months": l.count(ca.trainingWindowMonths, locale), "years": l.count(ca.certificationYears, locale),
            "hours": WorkforceWords.hours(ca.ceMinutesPerCycle, l, locale), "ethics": WorkforceWords.hours(ca.ceLawAndEthicsMinutes, l, locale),
            "days": l.count(ca.renewalWindowDays, locale), "minutes": l.count(SupervisionRules.defaultMonthlyMinutes, locale),
        ]) + " " + l.text(isCalifornia(r) ? "workforce.settings_in_force_california" : "workforce.settings_in_force_own", locale)
        return JourneyPages.formPage(context, env, titleKey: "workforce.settings_title", submitKey: "action.save", fields: fields,
                                     action: WorkforceRoutes.settings(), cancel: WorkforceRoutes.roster(), failure: failure, intro: intro, notice: notice)
    }

    /// The settings the form describes; numbers that are not numbers are refused on their field, the
    /// ranges are Core's. A rule set whose numbers differ from California's is no longer called California's.
    static func readSettings(_ form: FormData, _ stored: WorkforceSettings) throws -> WorkforceSettings {
        var errors = ValidationErrors()
        func whole(_ name: String) -> Int { form.number(name, into: &errors) ?? 0 }
        func minutes(_ name: String) -> Int { form.number(name, "not_hours", into: &errors, CertificationRules.minutes(fromHours:)) ?? 0 }
        var rules = stored.certificationRules
        rules.trainingWindowMonths = whole("training_window_months")
        rules.certificationYears = whole("certification_years")
        rules.ceMinutesPerCycle = minutes("ce_hours_per_cycle")
        rules.ceLawAndEthicsMinutes = minutes("ce_law_and_ethics_hours")
        rules.renewalWindowDays = whole("renewal_window_days")
        let supervision = whole("supervision_minutes")
        try errors.throwIfAny()
        let ca = CertificationRuleSet.california
        if isCalifornia(rules) { rules.code = ca.code } else if rules.code == ca.code { rules.code = customCode }
        return WorkforceSettings(certificationRules: rules, supervisionMinutesPerMonth: supervision)
    }

    /// The code a rule set gets once its numbers are no longer California's.
    static let customCode = "custom"

    /// Whether a rule set holds California SB 803's numbers (its alert days aside, which the form does not change).
    static func isCalifornia(_ rules: CertificationRuleSet) -> Bool {
        var same = rules
        same.code = CertificationRuleSet.california.code
        same.alertDays = CertificationRuleSet.california.alertDays
        return same == CertificationRuleSet.california
    }

    // MARK: - Courses

    static func coursesPage(_ form: FormData?, actor: Actor, _ env: AppEnvironment, _ context: AppContext,
                            failure: PageSupport.FormErrors = .init(), notice: String? = nil) async throws -> Response {
        let l = env.localizer, locale = context.locale
        let courses = try await env.workforce.courses(by: actor, context: context.audit)
        let org = actor.organizationID
        let mayAdd = AccessPolicy.decide(actor, .create, .workforce(organizationID: org)) == .allow
        let fields = mayAdd ? FormField.render([
            FormField(name: "title", labelKey: "workforce.course_title", value: form?["title"] ?? "", required: true, maxLength: TrainingRules.maxTitleLength),
            FormField(name: "topics", labelKey: "workforce.course_topics", kind: .checks, checked: Set(form?.all("topics") ?? []),
                      options: FormField.choices(TrainingTopic.self, "training.topic"), hintKey: "workforce.course_topics_hint"),
            FormField(name: "hours", labelKey: "workforce.course_hours", value: form?["hours"] ?? "", hintKey: "workforce.course_hours_hint", maxLength: 8),
        ], failure.errors, l, locale) : []
        let view = CoursesView(
            notice: notice,
            figure: l.format(WorkforceWords.counted("workforce.courses_figure", courses.count), locale, ["count": l.count(courses.count, locale)]),
            courses: courses.sorted { $0.title.localizedCaseInsensitiveCompare($1.title) == .orderedAscending }.map { c in
                .init(title: c.title, topics: c.topics.isEmpty ? "—" : TrainingTopic.allCases.filter(c.topics.contains).map { l.text($0.labelKey, locale) }.joined(separator: ", "),
                      hours: c.minutes.map { l.format("workforce.hours_value", locale, ["hours": WorkforceWords.hours($0, l, locale)]) } ?? "—")
            },
            mayAdd: mayAdd, fields: fields, action: WorkforceRoutes.courses(), errors: failure.errors, summary: failure.summary,
            rosterLink: AccessPolicy.decide(actor, .list, .workforce(organizationID: org)) == .allow ? WorkforceRoutes.roster() : nil)
        return env.renderer.page("workforce_courses", titleKey: "workforce.courses_title", view: view, context: context, status: failure.status)
    }

    // MARK: - The report

    static func reportView(_ result: Workforce.Report, settings: WorkforceSettings, _ l: Localizer, _ locale: String) -> WorkforceReportView {
        let r = result.report, names = result.names
        let peers = r.peers
        func of(_ n: Int, _ total: Int) -> String { WorkforceWords.of(n, total, l, locale) }
        func link(_ id: UUID) -> PageSupport.Link { .init(name: names[id] ?? "—", link: WorkforceRoutes.staff(id)) }
        let from = WorkforceWords.day(result.periodStart, l, locale), to = WorkforceWords.day(r.asOf, l, locale)
        let rules = settings.certificationRules
        var wellness: [String] = []
        let wellnessFigure: String
        if let w = r.wellness {
            wellnessFigure = l.format("workforce.report.wellness_figure", locale, ["count": l.count(w.respondents, locale), "from": from, "to": to])
            wellness = [
                l.format("workforce.report.wellness_satisfied", locale, ["of": of(w.satisfied, w.respondents)]),
                l.format("workforce.report.wellness_burned_out", locale, ["of": of(w.burnedOut, w.respondents)]),
                l.format("workforce.report.wellness_supported", locale, ["of": of(w.supported, w.respondents)]),
            ]
        } else {
            wellnessFigure = l.format("workforce.report.wellness_withheld", locale, [
                "minimum": l.count(WellnessRules.minimumGroupSize, locale), "from": from, "to": to])
        }
        return WorkforceReportView(
            asOf: to,
            peersFigure: l.format("workforce.report.peers_figure", locale, ["count": l.count(peers, locale)]),
            certificationFigure: l.format("workforce.report.certification_figure", locale, ["count": l.count(peers, locale)]),
            certification: r.certification.map { .init(label: l.text($0.state.labelKey, locale), count: of($0.count, peers)) },
            deadlinesFigure: l.format(WorkforceWords.counted("workforce.report.deadlines_figure", r.deadlines.count), locale, ["days": l.count(WorkforceReport.horizonDays, locale),
                                                                                     "count": l.count(r.deadlines.count, locale)]),
            deadlines: r.deadlines.map { .init(name: $0.displayName, link: WorkforceRoutes.staff($0.userID), deadline: WorkforceWords.deadline($0.deadline, l, locale)) },
            ceFigure: l.format("workforce.report.ce_figure", locale, [
                "of": of(r.ceMet, r.inCycle), "hours": WorkforceWords.hours(rules.ceMinutesPerCycle, l, locale),
                "ethics": WorkforceWords.hours(rules.ceLawAndEthicsMinutes, l, locale)]),
            supervisionFigure: l.format("workforce.report.supervision_figure", locale, [
                "of": of(r.supervisionMet, peers), "target": l.count(settings.supervisionMinutesPerMonth, locale),
                "month": WorkforceWords.month(r.supervisionMonth, l, locale), "hours": WorkforceWords.hours(r.supervisionMinutes, l, locale)]),
            unqualifiedFigure: l.format("workforce.report.unqualified_figure", locale, ["of": of(r.withoutQualifiedSupervisor.count, peers)]),
            unqualified: r.withoutQualifiedSupervisor.map(link),
            caseloadFigure: l.format("workforce.report.caseload_figure", locale, [
                "caseload": l.count(r.caseload, locale), "capacity": l.count(r.capacity, locale), "count": l.count(peers, locale)]),
            overCapacityFigure: l.format("workforce.report.over_capacity_figure", locale, ["of": of(r.overCapacity.count, peers)]),
            overCapacity: r.overCapacity.map(link),
            languagesFigure: l.text("workforce.report.languages_figure", locale),
            languages: r.languages.map { .init(language: WorkforceWords.language($0.code, l, locale), participants: l.count($0.participants, locale),
                                               staff: l.count($0.staff, locale), gap: $0.isGap) },
            gapCount: l.format("workforce.report.gap_count", locale, ["count": l.count(r.languages.filter(\.isGap).count, locale)]),
            advancementFigure: l.format("workforce.report.advancement_figure", locale, [
                "of": of(r.advancement.advanced.count, r.advancement.peers.count), "from": from, "to": to]),
            wellnessFigure: wellnessFigure, wellness: wellness,
            rosterLink: WorkforceRoutes.roster())
    }
}
