import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// A supervisor's pages: their team's supervision this month and last against the organization's
/// target, who is behind, each supervisee's certification deadline and whether a wellness check-in is
/// due (never its answers), the sessions held; and logging a session. The organization's workforce
/// pages (roster, report, settings, catalogue) are `WorkforcePages`, registered from here.
enum SupervisionPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let workforce = env.workforce

        table.add(.get, WorkforceRoutes.supervision, .page, .policy(.list, .supervision)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let team = try await workforce.team(by: actor, context: context.audit)
            let mayLog = AccessPolicy.decide(actor, .create, .supervision(organizationID: actor.organizationID)) == .allow
            let mayRoster = AccessPolicy.decide(actor, .list, .workforce(organizationID: actor.organizationID)) == .allow
            var view = supervisionView(team, mayLog: mayLog, today: workforce.today, env.localizer, context.locale)
            view.rosterLink = mayRoster ? WorkforceRoutes.roster() : nil
            view.notice = PageSupport.notice(request, env.localizer, context.locale)
            return env.renderer.page("supervision", titleKey: "supervision.title", view: view, context: context)
        }

        table.add(.get, WorkforceRoutes.logSession, .page, .policy(.create, .supervision)) { _, context, resolved in
            try await logForm(nil, actor: try resolved.requireActor(), env, context)
        }

        table.form(WorkforceRoutes.logSession, .policy(.create, .supervision)) { form, actor, context, _ in
            try await PageSupport.save(to: WorkforceRoutes.supervision(), .supervisionLogged, env, context) {
                let input = try readSession(form)
                return try await workforce.logSupervision(peerIDs: input.peers, heldOn: input.heldOn, minutes: input.minutes, format: input.format,
                                                          topics: input.topics, note: form.string("note"), by: actor, context: context.audit)
            } refused: { failure in
                try await logForm(form, actor: actor, env, context, failure: failure)
            }
        }

        WorkforcePages.register(&table, env)
        RosterImportPages.register(&table, env)
    }

    // MARK: - Logging a session

    struct SessionInput {
        var heldOn: CalendarDate
        var minutes: Int
        var format: SupervisionFormat
        var peers: [UUID]
        var topics: Set<SupervisionTopic>
    }

    /// The form's answers, each refusal on its field; Core checks the rest (the credential, the day, the peers).
    static func readSession(_ form: FormData) throws -> SessionInput {
        var errors = ValidationErrors()
        let day = CalendarDate(form.string("held_on"))
        if day == nil { errors.append(ValidationError("held_on", "invalid_date")) }
        let minutes = form.number("minutes", into: &errors)
        var format: SupervisionFormat?
        if form.string("format").isEmpty {
            errors.append(ValidationError("format", "required"))
        } else {
            format = errors.named(form.string("format"), "format")
        }
        var peers: [UUID] = []
        for raw in form.all("peers") {
            guard let id = UUID(uuidString: raw) else { errors.append(ValidationError("peers", "unknown_value")); continue }
            peers.append(id)
        }
        let topics: Set<SupervisionTopic> = WorkforceInput.set(form.all("topics"), "topics", into: &errors)
        try errors.throwIfAny()
        return SessionInput(heldOn: day!, minutes: minutes!, format: format!, peers: peers, topics: topics)
    }

    /// The session form. A supervisor without a qualifying credential valid today is told before they
    /// type anything; the refusal itself (on "supervisor", a field the form has none of) shows above the form.
    static func logForm(_ form: FormData?, actor: Actor, _ env: AppEnvironment, _ context: AppContext,
                        failure: PageSupport.FormErrors = .init()) async throws -> Response {
        let l = env.localizer, locale = context.locale, today = env.workforce.today
        let (team, credential) = try await env.db.read { conn in
            (try await UserRecords.team(supervisorID: actor.userID, on: conn),
             try await WorkforceProfileRecords.profile(actor.userID, on: conn)?.details.credential)
        }
        let fields = [
            FormField(name: "held_on", labelKey: "supervision.held_on", kind: .date, value: form.map { $0.string("held_on") } ?? today.description, required: true),
            FormField(name: "minutes", labelKey: "supervision.minutes", kind: .number, value: form?["minutes"] ?? "", required: true,
                      hintKey: "supervision.minutes_hint", maxLength: 3),
            FormField(name: "format", labelKey: "supervision.format", kind: .radio, value: form?["format"] ?? "",
                      options: FormField.choices(SupervisionFormat.self, "supervision.format"), required: true),
            FormField(name: "peers", labelKey: l.text("supervision.peers", locale), kind: .checks, checked: Set(form?.all("peers") ?? []),
                      options: team.map { ($0.id.text, $0.displayName) }, hintKey: "supervision.peers_hint", literal: true),
            FormField(name: "topics", labelKey: "supervision.topics", kind: .checks, checked: Set(form?.all("topics") ?? []),
                      options: FormField.choices(SupervisionTopic.self, "supervision.topic")),
            FormField(name: "note", labelKey: "supervision.note", kind: .textarea, value: form?["note"] ?? "", hintKey: "supervision.note_hint",
                      maxLength: SupervisionRules.maxNoteLength),
        ]
        var intro = credentialWarning(credential, today: today, l, locale)
        if team.isEmpty { intro = [intro, l.text("supervision.no_team", locale)].compactMap { $0 }.joined(separator: " ") }
        return JourneyPages.formPage(context, env, titleKey: "supervision.log_title", submitKey: "supervision.log_submit", fields: fields,
                                     action: WorkforceRoutes.logSession(), cancel: WorkforceRoutes.supervision(), failure: failure, intro: intro)
    }

    /// What a supervisor without a qualifying credential valid today is told: sessions cannot be logged
    /// until HR records one. Nil when they hold one.
    static func credentialWarning(_ credential: QualifyingCredential?, today: CalendarDate, _ l: Localizer, _ locale: String) -> String? {
        guard let credential else { return l.text("supervision.no_credential", locale) }
        guard !credential.isValid(on: today) else { return nil }
        return l.format("supervision.credential_expired", locale, ["kind": l.text(credential.kind.labelKey, locale),
                                                                    "date": credential.expiresOn.map { WorkforceWords.day($0, l, locale) } ?? ""])
    }

    // MARK: - The team

    static func supervisionView(_ team: Workforce.Team, mayLog: Bool, today: CalendarDate, _ l: Localizer, _ locale: String) -> SupervisionView {
        let target = l.count(team.targetMinutes, locale)
        func minutes(_ m: SupervisionMonth) -> String {
            l.format("supervision.minutes_of_target", locale, ["minutes": l.count(m.minutes, locale), "target": target])
        }
        // Who missed last month's target comes first, as overdue reviews do on a caseload.
        let ordered = team.members.filter(\.isBehind) + team.members.filter { !$0.isBehind }
        let members = ordered.map { m -> SupervisionView.Member in
            let due = WellnessRules.isDue(last: m.lastCheckIn, today: today)
            return .init(name: m.user.displayName, link: WorkforceRoutes.staff(m.user.id), thisMonth: minutes(m.current), lastMonth: minutes(m.previous),
                         behind: m.isBehind, certification: l.text(m.status.state.labelKey, locale),
                         deadline: m.status.deadlines.first.map { WorkforceWords.deadline($0, l, locale) },
                         checkIn: l.text(due ? "supervision.check_in_due" : "supervision.check_in_not_due", locale), checkInDue: due)
        }
        let sessions = team.sessions.sorted { ($0.heldOn, $0.recordedAt) > ($1.heldOn, $1.recordedAt) }.map { s in
            SupervisionView.Session(
                date: WorkforceWords.day(s.heldOn, l, locale), format: l.text(s.format.labelKey, locale),
                minutes: l.format("supervision.minutes_value", locale, ["minutes": l.count(s.minutes, locale)]),
                attendees: s.peerIDs.map { team.names[$0] ?? "—" }.joined(separator: ", "),
                topics: s.topics.isEmpty ? "—" : SupervisionTopic.allCases.filter(s.topics.contains).map { l.text($0.labelKey, locale) }.joined(separator: ", "))
        }
        var credentialLine: String?
        if let c = team.credential, team.qualified {
            credentialLine = c.expiresOn.map {
                l.format("supervision.credential_valid_until", locale, ["kind": l.text(c.kind.labelKey, locale), "date": WorkforceWords.day($0, l, locale)])
            } ?? l.format("supervision.credential_valid", locale, ["kind": l.text(c.kind.labelKey, locale)])
        }
        let month = WorkforceWords.month(team.month, l, locale), previous = WorkforceWords.month(team.previousMonth, l, locale)
        return SupervisionView(
            credentialWarning: mayLog ? credentialWarning(team.credential, today: today, l, locale) : nil,
            credentialLine: mayLog ? credentialLine : nil,
            logLink: mayLog ? WorkforceRoutes.logSession() : nil,
            figure: l.format("supervision.figure", locale, ["month": month, "target": target]),
            behindNote: l.format("supervision.behind_note", locale, ["month": previous, "target": target]),
            behindCount: l.format("supervision.behind_count", locale, ["of": WorkforceWords.of(team.members.filter(\.isBehind).count, team.members.count, l, locale)]),
            members: members, sessions: sessions,
            sessionsFigure: l.format("supervision.sessions_figure", locale, ["from": WorkforceWords.day(today.adding(months: -3), l, locale)]))
    }
}
