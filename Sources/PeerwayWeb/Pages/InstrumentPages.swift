import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// Outcome instruments on pages: a person's measures and their change, giving an instrument (the
/// participant may answer a self-report on the peer's phone, in their language), one administration's
/// scores, what is due, and a program's schedule.
enum InstrumentPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let instruments = env.instruments

        // Giving an instrument: one question per group of answers, in the language asked for.
        JourneyPages.step(&table, env, .init(path: InstrumentRoutes.give, ref: .participant, action: .update, titleKey: "instrument.give_title",
                                             submitKey: "instrument.submit", saved: .measureRecorded, prefill: true),
                          form: { form, resolved, actor, context in
                              var built = giveForm(form, person: resolved.person!.id, env: env, context: context)
                              // A program's licensed wording replaces the topics Peerway ships.
                              if let instrument = form?["instrument"].flatMap(InstrumentCatalog.instrument), instrument.wording == .topicsOnly,
                                 let language = built.fields.first(where: { $0.name == "language" })?.value {
                                  let texts = try await instruments.wording(for: try resolved.authorized(Person.self), instrumentID: instrument.id,
                                                                            language: language, by: actor)
                                  for i in built.fields.indices {
                                      let name = built.fields[i].name
                                      if name.hasPrefix("responses."), let text = texts[String(name.dropFirst("responses.".count))] {
                                          built.fields[i].labelKey = text
                                      }
                                  }
                                  if !texts.isEmpty { built.intro = instrument.name.text(language) }
                              }
                              return built
                          },
                          submit: { form, resolved, actor, context in
                              let draft = try readDraft(form)
                              let episode = PageSupport.parseUUID(form["episode_id"])
                              let made = try await instruments.record(for: resolved.person!.id, episodeID: episode, draft, by: actor,
                                                                      context: context.audit)
                              return InstrumentRoutes.administration(made.id)
                          })

        table.add(.get, InstrumentRoutes.measures, .page, .policy(.read, .participant)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let authorized = try resolved.authorized(Person.self)
            let history = try await instruments.history(of: authorized, context: context.audit)
            var view = measuresView(history, person: authorized.record, env: env, context: context)
            if AccessPolicy.decide(actor, .update, authorized.resource) == .allow, authorized.record.kind == .participant {
                view.giveAction = InstrumentRoutes.give(authorized.record.id)
            }
            view.notice = PageSupport.notice(request, env.localizer, context.locale)
            return env.renderer.page("instrument_measures", titleKey: "instrument.measures_title", view: view, context: context)
        }

        table.add(.get, InstrumentRoutes.administration, .page, .policy(.read, .instrumentAdministration)) { request, context, resolved in
            let record = try await instruments.detail(of: try resolved.authorized(AdministrationRecord.self), context: context.audit)
            var view = administrationView(record, env: env, context: context)
            view.notice = PageSupport.notice(request, env.localizer, context.locale)
            return env.renderer.page("instrument_administration", titleKey: "instrument.administration_title", view: view, context: context)
        }

        table.add(.get, InstrumentRoutes.due, .page, .policy(.list, .participants)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let mayProgram = actor.hasAny(Role.programFollowUp)
            let programWide = mayProgram && QueryParameters(request)["scope"] == "program"
            let lines = try await instruments.due(by: actor, programWide: programWide, context: context.audit)
            let l = env.localizer, locale = context.locale
            let view = InstrumentDueView(rows: lines.map { line in
                let instrument = InstrumentCatalog.instrument(line.due.instrumentID)
                return .init(name: line.person.displayName, link: InstrumentRoutes.measures(line.person.id),
                             instrument: instrument?.name.text(locale) ?? line.due.instrumentID, timepoint: l.text(line.due.timepoint.labelKey, locale),
                             dueOn: l.date(line.due.dueOn, locale), dueISO: line.due.dueOn.description, overdue: line.due.overdue,
                             giveLink: InstrumentRoutes.give(line.person.id, query: ["instrument": line.due.instrumentID,
                                                                                      "timepoint": line.due.timepoint.rawValue,
                                                                                      "episode_id": line.episode.id.text]))
            }, programWide: programWide, mayProgram: mayProgram, mineLink: InstrumentRoutes.due(),
               programLink: InstrumentRoutes.due(query: ["scope": "program"]))
            return env.renderer.page("instrument_due", titleKey: "instrument.due_title", view: view, context: context)
        }

        registerSchedule(&table, env)
    }

    // MARK: - Giving an instrument

    /// The form for the instrument `?instrument=` names, its items in `?lang=` (or the reader's language).
    static func giveForm(_ form: FormData?, person: UUID, env: AppEnvironment, context: AppContext) -> JourneyPages.StepForm {
        let l = env.localizer, locale = context.locale
        let chosen = form?["instrument"].flatMap(InstrumentCatalog.instrument)
        guard let instrument = chosen else {
            return .init(fields: [FormField(name: "instrument", labelKey: l.text("instrument.choose", locale), kind: .radio, value: "",
                                            options: InstrumentCatalog.all.map { ($0.id, $0.name.text(locale)) }, required: true, literal: true)],
                         intro: l.text("instrument.choose_intro", locale))
        }
        let asked = form?["lang"].flatMap { LocalizedText.languages.contains($0) ? $0 : nil } ?? form?["language"]
        let language = asked.flatMap { LocalizedText.languages.contains($0) ? $0 : nil } ?? (locale.hasPrefix("es") ? "es" : "en")
        let other = language == "es" ? "en" : "es"
        var fields = [
            FormField(name: "instrument", labelKey: "instrument.choose", kind: .hidden, value: instrument.id),
            FormField(name: "language", labelKey: "instrument.language", kind: .hidden, value: language),
            FormField(name: "episode_id", labelKey: "instrument.episode", kind: .hidden, value: form?["episode_id"] ?? ""),
            FormField(name: "timepoint", labelKey: "instrument.timepoint", kind: .radio, value: form?["timepoint"] ?? TimepointKind.intake.rawValue,
                      options: FormField.choices(TimepointKind.self, "instrument.timepoint"), required: true),
            FormField(name: "given_on", labelKey: "instrument.given_on", kind: .date, value: form?["given_on"] ?? env.journey.today.description,
                      required: true),
        ]
        let respondents = Respondent.allCases.filter(instrument.respondents.contains)
        fields.append(respondents.count == 1
            ? FormField(name: "respondent", labelKey: "instrument.respondent", kind: .hidden, value: respondents[0].rawValue)
            : FormField(name: "respondent", labelKey: "instrument.respondent", kind: .radio, value: form?["respondent"] ?? respondents[0].rawValue,
                        options: respondents.map { ($0.rawValue, $0.labelKey) }, required: true))
        for item in instrument.items {
            let restricted = item.askedAt.map { $0 != Set(TimepointKind.allCases) } ?? false
            fields.append(FormField(name: "responses.\(item.id)", labelKey: item.text.text(language), kind: .radio,
                                    value: form?["responses.\(item.id)"] ?? "",
                                    options: item.options.map { (String($0.value), $0.label.text(language)) },
                                    hintKey: restricted ? "instrument.after_intake_only" : nil, literal: true))
        }
        fields.append(FormField(name: "replace_reason", labelKey: "instrument.replace_reason", kind: .textarea, value: form?["replace_reason"] ?? "",
                                hintKey: "instrument.replace_reason_hint", maxLength: AdministrationRules.maxReasonLength))
        var intro = instrument.name.text(language)
        if instrument.wording == .topicsOnly { intro += " — " + l.text("instrument.topics_only", locale) }
        return .init(fields: fields, intro: intro,
                     link: (InstrumentRoutes.give(person, query: ["instrument": instrument.id, "lang": other,
                                                                  "timepoint": form?["timepoint"] ?? "", "episode_id": form?["episode_id"] ?? ""]),
                            l.text("instrument.show_in_\(other)", locale)))
    }

    /// A draft from the form as sent: each item's answer, an unreadable one refused on its field.
    static func readDraft(_ form: FormData) throws -> AdministrationDraft {
        var errors = ValidationErrors()
        guard let instrument = InstrumentCatalog.instrument(form.string("instrument")) else {
            throw ValidationErrors([ValidationError("instrument", "unknown_instrument")])
        }
        let timepoint: TimepointKind? = errors.named(form.string("timepoint"), "timepoint")
        let respondent: Respondent? = errors.named(form.string("respondent"), "respondent")
        let day = CalendarDate(form.string("given_on"))
        if day == nil { errors.append(ValidationError("given_on", "invalid_date")) }
        var responses: [String: Int] = [:]
        for item in instrument.items {
            let text = form.string("responses.\(item.id)")
            guard !text.isEmpty else { continue }
            if let value = Int(text) { responses[item.id] = value } else { errors.append(ValidationError("responses.\(item.id)", "not_an_option")) }
        }
        // Nothing answered is said beside the first question, where the person starts answering.
        if responses.isEmpty, errors.isEmpty, let first = instrument.items.first {
            errors.append(ValidationError("responses.\(first.id)", "no_responses"))
        }
        try errors.throwIfAny()
        return AdministrationDraft(instrumentID: instrument.id, timepoint: timepoint!, givenOn: day!, respondent: respondent!,
                                   language: form.string("language").isEmpty ? "en" : form.string("language"), responses: responses,
                                   replaceReason: form.string("replace_reason"))
    }

    // MARK: - Views

    /// A score as a reader writes it: a T-score with one decimal, a raw sum without trailing ".0".
    static func number(_ value: Double, _ l: Localizer, _ locale: String) -> String {
        l.decimal(value, digits: value == value.rounded() ? 0 : 1, locale)
    }

    static func scoreLine(_ a: InstrumentAdministration, _ instrument: Instrument?, _ l: Localizer, _ locale: String) -> String {
        a.scores.compactMap { s -> String? in
            guard let scale = instrument?.scale(s.scale), scale.method == .sum else { return nil }
            let name = scale.name.text(locale)
            guard let value = s.value else { return "\(name): \(l.text("instrument.not_computed", locale))" }
            return "\(name) \(number(value, l, locale))"
        }.joined(separator: " · ")
    }

    static func measuresView(_ history: Instruments.History, person: Person, env: AppEnvironment, context: AppContext) -> MeasuresView {
        let l = env.localizer, locale = context.locale
        let administrations = history.administrations
        var charts: [MeasuresView.Chart] = []
        for instrument in InstrumentCatalog.all where administrations.contains(where: { $0.instrumentID == instrument.id }) {
            for scale in instrument.scales {
                guard let (low, high) = ScoreChart.range(scale, in: instrument) else { continue }
                let points = InstrumentChange.series(administrations, instrumentID: instrument.id, scale: scale.id)
                guard !points.isEmpty, scale.items.count > 1 || instrument.scales.count == 1 else { continue }
                let label = { (p: ScorePoint) in "\(l.date(p.givenOn, locale)): \(number(p.value, l, locale))" }
                charts.append(.init(id: "chart-\(instrument.id)-\(scale.id)", title: "\(instrument.name.text(locale)) — \(scale.name.text(locale))",
                                    svg: ScoreChart(points, low: low, high: high, label: label),
                                    points: points.map { .init(date: l.date($0.givenOn, locale), timepoint: timepointText($0.timepoint, l, locale),
                                                               value: number($0.value, l, locale)) }))
            }
        }
        let rows = administrations.reversed().map { a -> MeasuresView.Row in
            let instrument = InstrumentCatalog.instrument(a.instrumentID)
            return .init(date: l.date(a.givenOn, locale), instrument: instrument?.name.text(locale) ?? a.instrumentID,
                         timepoint: timepointText(a.timepoint, l, locale), scores: scoreLine(a, instrument, l, locale),
                         by: history.staffNames[a.givenBy] ?? "", link: InstrumentRoutes.administration(a.id), alert: hasAlert(a, instrument))
        }
        let paired = InstrumentChange.paired(administrations)
        let changes = InstrumentCatalog.all.compactMap { instrument -> MeasuresView.ChangeGroup? in
            let mine = paired.filter { $0.instrumentID == instrument.id }
            guard let first = mine.first else { return nil }
            let lines = mine.compactMap { c -> MeasuresView.Change? in
                guard let scale = instrument.scale(c.scale) else { return nil }
                let better = c.change == 0 ? nil : (c.change > 0) == scale.higherIsBetter
                let text: (Double) -> String = scale.method == .sum ? { number($0, l, locale) }
                    : { l.text($0 == 1 ? "instrument.yes" : "instrument.no", locale) }
                return .init(scale: scale.name.text(locale), intake: text(c.intake), latest: text(c.latest),
                             change: scale.method == .sum && c.change != 0 ? (c.change > 0 ? "+" : "") + number(c.change, l, locale) : nil,
                             direction: l.text(better.map { $0 ? "instrument.better" : "instrument.worse" } ?? "instrument.same", locale))
            }
            return .init(instrument: instrument.name.text(locale), intakeOn: l.date(first.intakeOn, locale),
                         latestOn: l.date(mine.map(\.latestOn).max() ?? first.latestOn, locale), lines: lines)
        }
        return MeasuresView(personName: person.displayName, personLink: ParticipantRoutes.record(person.id), charts: charts, rows: rows,
                            changes: changes, instruments: InstrumentCatalog.all.map { .init(value: $0.id, label: $0.name.text(locale)) })
    }

    static func hasAlert(_ a: InstrumentAdministration, _ instrument: Instrument?) -> Bool {
        a.scores.contains { s in instrument?.scale(s.scale)?.bands.first { $0.id == s.band }?.alert ?? false }
    }

    static func timepointText(_ t: Timepoint, _ l: Localizer, _ locale: String) -> String {
        t.kind == .followUp ? l.format("instrument.follow_up_n", locale, ["n": l.count(t.number, locale)]) : l.text(t.kind.labelKey, locale)
    }

    static func administrationView(_ record: AdministrationRecord, env: AppEnvironment, context: AppContext) -> AdministrationView {
        let l = env.localizer, locale = context.locale, a = record.administration
        let instrument = InstrumentCatalog.instrument(a.instrumentID)
        var alerts: [String] = []
        let scores = a.scores.map { s -> AdministrationView.Score in
            let scale = instrument?.scale(s.scale)
            let band = scale?.bands.first { $0.id == s.band }
            let raw: String
            if let value = s.raw {
                raw = scale?.method == .sum ? number(value, l, locale) : l.text(value == 1 ? "instrument.yes" : "instrument.no", locale)
            } else {
                raw = l.text("instrument.not_computed", locale)
            }
            if band?.alert == true, let text = band?.label.text(locale) { alerts.append(text) }
            let missing = s.missingItems.isEmpty ? nil : l.format(s.raw == nil ? "instrument.missing_not_computed" : "instrument.missing_prorated", locale,
                                                                  ["items": s.missingItems.map { id in instrument?.item(id)?.text.text(locale) ?? id }
                                                                      .joined(separator: "; ")])
            return .init(scale: scale?.name.text(locale) ?? s.scale, raw: raw,
                         tScore: s.tScore.map { t in l.format("instrument.t_score", locale, ["t": number(t, l, locale),
                                                                                            "se": number(s.standardError ?? 0, l, locale)]) } ?? "—",
                         band: band?.label.text(locale) ?? "—", alert: band?.alert ?? false, missing: missing)
        }
        let answers = (instrument?.items ?? []).compactMap { item -> AdministrationView.Answer? in
            guard let value = a.responses[item.id] else { return nil }
            return .init(item: item.text.text(locale), answer: item.option(value)?.label.text(locale) ?? String(value))
        }
        let facts: [AdministrationView.Fact] = [
            .init(name: l.text("instrument.timepoint", locale), value: timepointText(a.timepoint, l, locale)),
        ]
        return AdministrationView(
            instrument: "\(instrument?.name.text(locale) ?? a.instrumentID) · v\(a.instrumentVersion)", personName: record.person.displayName,
            personLink: ParticipantRoutes.record(record.person.id), measuresLink: InstrumentRoutes.measures(record.person.id), facts: facts,
            scores: scores, hasT: instrument?.scales.contains { $0.conversion != nil } ?? false, alerts: alerts, answers: answers,
            replaced: a.replaceReason.map { l.format("instrument.replaces", locale, ["reason": $0]) },
            topicsOnly: instrument?.wording == .topicsOnly, source: instrument?.source ?? "")
        .withFacts(a, l, locale)
    }

    // MARK: - A program's schedule

    static func registerSchedule(_ table: inout RouteTable, _ env: AppEnvironment) {
        let instruments = env.instruments

        @Sendable func page(_ context: AppContext, _ resolved: Resolved, form: FormData?, error: WebError?, notice: String?) async throws -> Response {
            let actor = try resolved.requireActor()
            let program = resolved.program!
            let rules = try await instruments.schedule(programID: program.id, by: actor)
            let refused = error.map { PageSupport.formErrors($0, env, context) } ?? .init()
            let locale = context.locale
            let rows = InstrumentCatalog.all.map { instrument -> InstrumentScheduleView.Row in
                let rule = rules.first { $0.instrumentID == instrument.id }
                return .init(id: instrument.id, name: instrument.name.text(locale),
                             atIntake: form.map { $0["intake.\(instrument.id)"] == "on" } ?? rule?.atIntake ?? false,
                             everyDays: form?["every.\(instrument.id)"] ?? rule?.everyDays.map(String.init) ?? "",
                             atDischarge: form.map { $0["discharge.\(instrument.id)"] == "on" } ?? rule?.atDischarge ?? false,
                             everyError: refused.errors["every.\(instrument.id)"],
                             wordingLink: instrument.wording == .topicsOnly
                                 ? InstrumentRoutes.wording(program.id, query: ["instrument": instrument.id, "lang": locale.hasPrefix("es") ? "es" : "en"]) : nil)
            }
            let view = InstrumentScheduleView(notice: notice, programName: program.name, action: InstrumentRoutes.schedule(program.id), rows: rows,
                                              summary: refused.summary)
            return env.renderer.page("instrument_schedule", titleKey: "instrument.schedule_title", view: view, context: context,
                                     status: error?.status ?? .ok)
        }

        table.add(.get, InstrumentRoutes.schedule, .page, .policy(.update, .program)) { request, context, resolved in
            try await page(context, resolved, form: nil, error: nil, notice: PageSupport.notice(request, env.localizer, context.locale))
        }

        table.form(InstrumentRoutes.schedule, .policy(.update, .program)) { form, actor, context, resolved in
            let programID = resolved.program!.id
            return try await PageSupport.submit {
                // Every row is read before anything is saved, so one bad interval saves nothing.
                var errors = ValidationErrors()
                var rules: [InstrumentScheduleRule] = []
                for instrument in InstrumentCatalog.all {
                    let text = form.string("every.\(instrument.id)").trimmingCharacters(in: .whitespaces)
                    let every = Int(text)
                    let rule = InstrumentScheduleRule(instrumentID: instrument.id, atIntake: form["intake.\(instrument.id)"] == "on", everyDays: every,
                                                      atDischarge: form["discharge.\(instrument.id)"] == "on")
                    if (!text.isEmpty && every == nil) || ((try? rule.validated()) == nil) {
                        errors.append(ValidationError("every.\(instrument.id)", "out_of_range", "error.every_days_out_of_range"))
                    }
                    rules.append(rule)
                }
                try errors.throwIfAny()
                // Only the rules that changed are saved (and audited).
                let current = try await instruments.schedule(programID: programID, by: actor)
                for rule in rules where rule != (current.first { $0.instrumentID == rule.instrumentID }
                                                 ?? InstrumentScheduleRule(instrumentID: rule.instrumentID, atIntake: false, everyDays: nil, atDischarge: false)) {
                    try await instruments.setSchedule(rule, programID: programID, by: actor, context: context.audit)
                }
            } then: { _ in
                redirect(PageSupport.noticed(InstrumentRoutes.schedule(programID), .scheduleSaved))
            } refused: { error in
                try await page(context, resolved, form: form, error: error, notice: nil)
            }
        }

        // A program's licensed wording of an instrument Peerway ships as topics, one language at a time.
        JourneyPages.step(&table, env, .init(path: InstrumentRoutes.wording, ref: .program, action: .update, titleKey: "instrument.wording_title",
                                             submitKey: "action.save", saved: .scheduleSaved, prefill: true),
                          form: { form, resolved, actor, context in
                              let l = env.localizer, locale = context.locale
                              guard let instrument = form?["instrument"].flatMap(InstrumentCatalog.instrument), instrument.wording == .topicsOnly else {
                                  return .init(fields: [FormField(name: "instrument", labelKey: l.text("instrument.choose", locale), kind: .radio, value: "",
                                                                  options: InstrumentCatalog.all.filter { $0.wording == .topicsOnly }
                                                                      .map { ($0.id, $0.name.text(locale)) }, required: true, literal: true)])
                              }
                              let language = form?["lang"] ?? form?["language"] ?? "en"
                              let lang = LocalizedText.languages.contains(language) ? language : "en"
                              let texts = try await instruments.wording(programID: resolved.program!.id, instrumentID: instrument.id, language: lang, by: actor)
                              var fields = [FormField(name: "instrument", labelKey: "instrument.choose", kind: .hidden, value: instrument.id),
                                            FormField(name: "language", labelKey: "instrument.language", kind: .hidden, value: lang)]
                              fields += instrument.items.map { item in
                                  FormField(name: "wording.\(item.id)", labelKey: item.text.text(lang), kind: .textarea,
                                            value: form?["wording.\(item.id)"] ?? texts[item.id] ?? "", maxLength: Instrument.maxWordingLength, literal: true)
                              }
                              let other = lang == "es" ? "en" : "es"
                              return .init(fields: fields,
                                           intro: l.format("instrument.wording_intro", locale, ["instrument": instrument.name.text(locale),
                                                                                               "language": l.text("locale.\(lang)", locale)]),
                                           link: (InstrumentRoutes.wording(resolved.program!.id, query: ["instrument": instrument.id, "lang": other]),
                                                  l.format("instrument.wording_other", locale, ["language": l.text("locale.\(other)", locale)])))
                          },
                          submit: { form, resolved, actor, context in
                              guard let instrument = InstrumentCatalog.instrument(form.string("instrument")) else {
                                  throw ValidationError("instrument", "unknown_instrument")
                              }
                              let texts = Dictionary(uniqueKeysWithValues: instrument.items.map { ($0.id, form.string("wording.\($0.id)")) })
                              try await instruments.setWording(programID: resolved.program!.id, instrumentID: instrument.id, language: form.string("language"),
                                                               texts: texts, by: actor, context: context.audit)
                              return InstrumentRoutes.schedule(resolved.program!.id)
                          })
    }
}

extension AdministrationView {
    /// The facts line: timepoint, day, who answered, the language shown, who recorded it.
    func withFacts(_ a: InstrumentAdministration, _ l: Localizer, _ locale: String) -> Self {
        var view = self
        view.facts += [
            .init(name: l.text("instrument.given_on", locale), value: l.date(a.givenOn, locale)),
            .init(name: l.text("instrument.respondent", locale), value: l.text(a.respondent.labelKey, locale)),
            .init(name: l.text("instrument.language", locale), value: l.text("locale.\(a.language)", locale)),
        ]
        return view
    }
}
