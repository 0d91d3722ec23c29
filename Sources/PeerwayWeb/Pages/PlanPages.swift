import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// Plans on pages: a person's plans, starting one, a version with its goals, steps and progress,
/// adding and editing goals of a draft, the crisis plan's sections and supporters, the participant's
/// agreement (asked before it is recorded, as it cannot be undone), revising, comparing, printing,
/// and the goals a service note worked on.
enum PlanPages {
    /// Blank next-step rows a goal form offers.
    static let stepRows = 3
    /// Blank supporter rows the crisis plan form offers.
    static let supporterRows = 2

    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let plans = env.plans

        table.add(.get, PlanRoutes.plans, .page, .policy(.read, .participant)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let authorized = try resolved.authorized(Person.self)
            let overview = try await plans.overview(of: authorized, context: context.audit)
            let mayStart = AccessPolicy.decide(actor, .update, authorized.resource) == .allow && authorized.record.kind == .participant
                && Episode.current(in: overview.episodes, programIDs: actor.programIDs) != nil
            var view = plansView(overview, person: authorized.record, mayStart: mayStart, env.localizer, context.locale)
            view.notice = PageSupport.notice(request, env.localizer, context.locale)
            return env.renderer.page("plans", titleKey: "plan.plans_title", view: view, context: context)
        }

        // Starting a plan: a recovery plan with its first goal, a crisis plan empty (its sections come next).
        JourneyPages.step(&table, env, .init(path: PlanRoutes.start, ref: .participant, action: .update, titleKey: "plan.start_title",
                                             submitKey: "plan.start_submit", saved: .planSaved, prefill: true),
                          form: { form, resolved, actor, context in
                              let kind = form?["kind"].flatMap(PlanKind.init(rawValue:)) ?? .recovery
                              let l = env.localizer, locale = context.locale
                              var fields = [FormField(name: "kind", labelKey: "plan.kind", kind: .hidden, value: kind.rawValue)]
                              if kind == .recovery {
                                  let domains = try await domainsFor(resolved.person!.id, actor: actor, env: env)
                                  fields.append(FormField(name: "strengths", labelKey: "plan.strengths", kind: .textarea, value: form?["strengths"] ?? "",
                                                          hintKey: "plan.strengths_hint", maxLength: PlanRules.maxSectionLength))
                                  fields += goalFields(form, index: 0, goal: nil, domains: domains, l, locale)
                              }
                              return .init(fields: fields, intro: l.text(kind == .recovery ? "plan.start_recovery_intro" : "plan.start_crisis_intro", locale))
                          },
                          submit: { form, resolved, actor, context in
                              guard let kind = PlanKind(rawValue: form.string("kind")) else { throw ValidationError("kind", "unknown_value") }
                              var content = PlanContent.empty(kind)
                              if kind == .recovery {
                                  // A recovery plan starts with its first goal: the form asks for it.
                                  guard let goal = try readGoal(form, index: 0, existing: nil, newID: { plans.store.newID() }) else {
                                      throw ValidationErrors([ValidationError("goals.0.words", "required")])
                                  }
                                  content = .recovery(RecoveryPlanContent(goals: [goal], strengths: form.string("strengths")))
                              }
                              let plan = try await plans.start(kind, for: resolved.person!.id, content: content, by: actor, context: context.audit)
                              return kind == .recovery ? PlanRoutes.plan(plan.id) : PlanRoutes.editCrisis(plan.id)
                          })

        table.add(.get, PlanRoutes.plan, .page, .policy(.read, .plan)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let authorized = try resolved.authorized(PlanRecord.self)
            let detail = try await plans.detail(of: authorized, context: context.audit)
            let mayUpdate = AccessPolicy.decide(actor, .update, authorized.resource) == .allow
            var view = planView(detail, mayUpdate: mayUpdate, env.localizer, context.locale)
            view.notice = PageSupport.notice(request, env.localizer, context.locale)
            return env.renderer.page("plan", titleKey: "plan.title", view: view, context: context)
        }

        // A goal with its next steps, added to a recovery plan draft.
        JourneyPages.step(&table, env, .init(path: PlanRoutes.addGoal, ref: .plan, action: .update, titleKey: "plan.add_goal",
                                             submitKey: "plan.save_goal", saved: .planSaved),
                          form: { form, resolved, _, context in
                              let plan = resolved.plan!.plan
                              let domains = try await plans.domains(programID: plan.programID)
                              let index = plan.recovery?.goals.count ?? 0
                              return .init(fields: goalFields(form, index: index, goal: nil, domains: domains, env.localizer, context.locale),
                                           intro: resolved.plan!.person.displayName)
                          },
                          version: { $0.plan?.plan.rowVersion },
                          submit: { form, resolved, actor, context in
                              let plan = resolved.plan!.plan
                              guard var content = plan.recovery else { throw ValidationError("plan", "unknown_value") }
                              guard let goal = try readGoal(form, index: content.goals.count, existing: nil, newID: { plans.store.newID() }) else {
                                  throw ValidationErrors([ValidationError("goals.\(content.goals.count).words", "required")])
                              }
                              content.goals.append(goal)
                              _ = try await plans.update(plan.id, content: .recovery(content), expectedVersion: PageSupport.parseInt(form["version"]),
                                                         by: actor, context: context.audit)
                              return PlanRoutes.plan(plan.id)
                          })

        // One goal of a draft: its words, domain and steps, or taking it out.
        JourneyPages.step(&table, env, .init(path: PlanRoutes.editGoal, ref: .plan, action: .update, titleKey: "plan.edit_goal",
                                             submitKey: "plan.save_goal", saved: .planSaved, prefill: true),
                          form: { form, resolved, _, context in
                              let plan = resolved.plan!.plan
                              let goals = plan.recovery?.goals ?? []
                              guard let id = PageSupport.parseUUID(form?["goal"]), let index = goals.firstIndex(where: { $0.id == id }) else {
                                  return backToPlan(plan, env, context)
                              }
                              let domains = try await plans.domains(programID: plan.programID)
                              let edited = form.flatMap { $0["words"] == nil && $0["goals.\(index).words"] == nil ? nil : $0 }
                              var fields = [FormField(name: "goal", labelKey: "plan.goal", kind: .hidden, value: id.text)]
                              fields += goalFields(edited, index: index, goal: goals[index], domains: domains, env.localizer, context.locale)
                              fields.append(FormField(name: "remove", labelKey: "plan.remove_goal", kind: .checkbox, value: edited?["remove"] ?? ""))
                              return .init(fields: fields)
                          },
                          version: { $0.plan?.plan.rowVersion },
                          submit: { form, resolved, actor, context in
                              let plan = resolved.plan!.plan
                              guard var content = plan.recovery, let id = PageSupport.parseUUID(form["goal"]),
                                    let index = content.goals.firstIndex(where: { $0.id == id }) else { throw ValidationError("goal", "unknown_goal") }
                              if form["remove"] == "on" {
                                  content.goals.remove(at: index)
                              } else {
                                  guard let goal = try readGoal(form, index: index, existing: content.goals[index], newID: { plans.store.newID() }) else {
                                      throw ValidationErrors([ValidationError("goals.\(index).words", "required")])
                                  }
                                  content.goals[index] = goal
                              }
                              _ = try await plans.update(plan.id, content: .recovery(content), expectedVersion: PageSupport.parseInt(form["version"]),
                                                         by: actor, context: context.audit)
                              return PlanRoutes.plan(plan.id)
                          })

        // A crisis plan draft: every section, the supporters.
        JourneyPages.step(&table, env, .init(path: PlanRoutes.editCrisis, ref: .plan, action: .update, titleKey: "plan.edit_crisis",
                                             submitKey: "plan.save_crisis", saved: .planSaved),
                          form: { form, resolved, _, context in
                              let plan = resolved.plan!.plan
                              guard let content = plan.crisis else { return backToPlan(plan, env, context) }
                              return .init(fields: crisisFields(form, content), intro: env.localizer.text("plan.crisis_intro", context.locale))
                          },
                          version: { $0.plan?.plan.rowVersion },
                          submit: { form, resolved, actor, context in
                              let plan = resolved.plan!.plan
                              guard let old = plan.crisis else { throw ValidationError("plan", "unknown_value") }
                              let content = readCrisis(form, old, newID: { plans.store.newID() })
                              _ = try await plans.update(plan.id, content: .crisis(content), expectedVersion: PageSupport.parseInt(form["version"]),
                                                         by: actor, context: context.audit)
                              return PlanRoutes.plan(plan.id)
                          })

        // The participant's agreement: asked before it is recorded, because the version is then kept as it is.
        JourneyPages.step(&table, env, .init(path: PlanRoutes.agree, ref: .plan, action: .update, titleKey: "plan.agree_title",
                                             submitKey: "plan.agree_submit", saved: .planAgreed),
                          form: { form, resolved, _, context in
                              .init(fields: [
                                  FormField(name: "method", labelKey: "plan.agreement_method", kind: .radio, value: form?["method"] ?? "",
                                            options: FormField.choices(AgreementMethod.self, "plan.agreement"), required: true),
                                  FormField(name: "agreed_on", labelKey: "plan.agreed_on", kind: .date, value: form?["agreed_on"] ?? env.journey.today.description,
                                            required: true),
                                  FormField(name: "note", labelKey: "plan.agreement_note", kind: .textarea, value: form?["note"] ?? "",
                                            hintKey: "plan.agreement_note_hint", maxLength: PlanRules.maxNoteLength),
                              ], intro: env.localizer.format("plan.agree_intro", context.locale, ["name": resolved.plan!.person.displayName]))
                          },
                          version: { $0.plan?.plan.rowVersion },
                          confirm: { form, resolved, _, context in
                              let l = env.localizer, locale = context.locale
                              _ = try readAgreement(form)
                              return .init(question: l.format("plan.agree_question", locale, ["name": resolved.plan!.person.displayName]),
                                           consequence: l.text("plan.agree_consequence", locale), confirmKey: "plan.agree_confirm")
                          },
                          submit: { form, resolved, actor, context in
                              let (method, day) = try readAgreement(form)
                              let plan = try await plans.agree(resolved.plan!.plan.id, method: method, on: day, note: form.string("note"),
                                                               expectedVersion: PageSupport.parseInt(form["version"]), by: actor, context: context.audit)
                              return PlanRoutes.plan(plan.id)
                          })

        // A change to an agreed plan starts a new draft version from it.
        JourneyPages.step(&table, env, .init(path: PlanRoutes.revise, ref: .plan, action: .update, titleKey: "plan.revise_title",
                                             submitKey: "plan.revise_submit", saved: .planSaved),
                          form: { _, _, _, context in .init(fields: [], intro: env.localizer.text("plan.revise_intro", context.locale)) },
                          submit: { _, resolved, actor, context in
                              let draft = try await plans.revise(resolved.plan!.plan.id, by: actor, context: context.audit)
                              return draft.kind == .recovery ? PlanRoutes.plan(draft.id) : PlanRoutes.editCrisis(draft.id)
                          })

        // Progress on one goal: a note, a step done, the goal's status.
        JourneyPages.step(&table, env, .init(path: PlanRoutes.progress, ref: .plan, action: .update, titleKey: "plan.progress_title",
                                             submitKey: "plan.progress_submit", saved: .planProgress, prefill: true),
                          form: { form, resolved, _, context in
                              let plan = resolved.plan!.plan
                              guard let id = PageSupport.parseUUID(form?["goal"]), let goal = plan.recovery?.goals.first(where: { $0.id == id }) else {
                                  return backToPlan(plan, env, context)
                              }
                              return .init(fields: [
                                  FormField(name: "goal", labelKey: "plan.goal", kind: .hidden, value: id.text),
                                  FormField(name: "note", labelKey: "plan.progress_note", kind: .textarea, value: form?["note"] ?? "",
                                            maxLength: PlanRules.maxNoteLength),
                                  FormField(name: "step", labelKey: env.localizer.text("plan.step_done", context.locale), kind: .radio,
                                            value: form?["step"] ?? "",
                                            options: [("", env.localizer.text("plan.no_step", context.locale))] + goal.steps.map { ($0.id.text, $0.what) },
                                            literal: true),
                                  FormField(name: "status", labelKey: "plan.goal_status", kind: .select, value: form?["status"] ?? "",
                                            options: FormField.choices(GoalStatus.self, "plan.goal_status")),
                                  FormField(name: "written_on", labelKey: "plan.written_on", kind: .date,
                                            value: form?["written_on"] ?? env.journey.today.description, required: true),
                              ], intro: goal.words)
                          },
                          submit: { form, resolved, actor, context in
                              var errors = ValidationErrors()
                              guard let goal = PageSupport.parseUUID(form["goal"]) else { throw ValidationError("goal", "unknown_goal") }
                              let status: GoalStatus? = form.string("status").isEmpty ? nil : errors.named(form.string("status"), "status")
                              let day = CalendarDate(form.string("written_on"))
                              if day == nil { errors.append(ValidationError("written_on", "invalid_date")) }
                              try errors.throwIfAny()
                              _ = try await plans.logProgress(resolved.plan!.plan.id, goalID: goal, note: form.string("note"), status: status,
                                                              stepDone: PageSupport.parseUUID(form["step"]), on: day!, by: actor, context: context.audit)
                              return PlanRoutes.plan(resolved.plan!.plan.id)
                          })

        table.add(.get, PlanRoutes.compare, .page, .policy(.read, .plan)) { request, context, resolved in
            let detail = try await plans.detail(of: try resolved.authorized(PlanRecord.self), context: context.audit)
            let plan = detail.record.plan
            guard let with = PageSupport.parseUUID(QueryParameters(request)["with"]),
                  let other = detail.versions.first(where: { $0.id == with && $0.id != plan.id }) else { return redirect(PlanRoutes.plan(plan.id)) }
            let (old, new) = other.number < plan.number ? (other, plan) : (plan, other)
            let l = env.localizer, locale = context.locale
            let view = PlanCompareView(heading: l.text(plan.kind.labelKey, locale),
                                       from: l.format("plan.version_n", locale, ["n": l.count(old.number, locale)]),
                                       to: l.format("plan.version_n", locale, ["n": l.count(new.number, locale)]),
                                       changes: PlanComparison.compare(old.content, new.content).map { changeText($0, domains: detail.domains, l, locale) },
                                       backLink: PlanRoutes.plan(plan.id))
            return env.renderer.page("plan_compare", titleKey: "plan.compare_title", view: view, context: context)
        }

        table.add(.get, PlanRoutes.print, .page, .policy(.read, .plan)) { _, context, resolved in
            let detail = try await plans.detail(of: try resolved.authorized(PlanRecord.self), context: context.audit)
            let plan = detail.record.plan
            guard let content = plan.crisis else { return redirect(PlanRoutes.plan(plan.id)) }
            let l = env.localizer, locale = context.locale
            let view = CrisisPrintView(personName: detail.record.person.displayName,
                                       version: l.format("plan.version_n", locale, ["n": l.count(plan.number, locale)]) + " · " + l.text(plan.status.labelKey, locale),
                                       agreement: agreementText(plan, detail.staffNames, l, locale),
                                       sections: sections(content, l, locale), supporters: supporters(content, l, locale),
                                       backLink: PlanRoutes.plan(plan.id))
            return env.renderer.page("plan_print", titleKey: "plan.print_title", view: view, context: context)
        }

        // A program's life domains: the built-in eight, its own, and adding one.
        JourneyPages.step(&table, env, .init(path: PlanRoutes.domains, ref: .program, action: .update, titleKey: "plan.domains_title",
                                             submitKey: "plan.add_domain", saved: .planSaved),
                          form: { form, resolved, _, context in
                              let l = env.localizer, locale = context.locale
                              let domains = try await plans.domains(programID: resolved.program!.id)
                              let list = domains.codes.map { domainLabel($0, domains, l, locale) }.joined(separator: ", ")
                              return .init(fields: [
                                  FormField(name: "label", labelKey: "plan.domain_label", value: form?["label"] ?? "", required: true,
                                            maxLength: PlanDomains.maxLabelLength),
                                  FormField(name: "code", labelKey: "plan.domain_code", value: form?["code"] ?? "", required: true,
                                            hintKey: "plan.domain_code_hint", maxLength: 40),
                              ], intro: l.format("plan.domains_intro", locale, ["program": resolved.program!.name, "domains": list]))
                          },
                          submit: { form, resolved, actor, context in
                              _ = try await plans.addDomain(programID: resolved.program!.id, code: form.string("code"), label: form.string("label"),
                                                            by: actor, context: context.audit)
                              return PlanRoutes.domains(resolved.program!.id)
                          })

        // The goals a note worked on, chosen from the person's current recovery plan.
        JourneyPages.step(&table, env, .init(path: PlanRoutes.serviceGoals, ref: .service, action: .update, titleKey: "plan.service_goals_title",
                                             submitKey: "action.save", saved: .planSaved),
                          form: { form, resolved, _, context in
                              let (named, choices) = try await plans.goals(ofService: try resolved.authorized(PeerService.self), context: context.audit)
                              let checked = form.map { Set($0.all("goals")) } ?? Set(named.map(\.text))
                              guard !choices.isEmpty else {
                                  return .init(fields: [], intro: env.localizer.text("plan.no_goals_yet", context.locale))
                              }
                              return .init(fields: [FormField(name: "goals", labelKey: env.localizer.text("plan.goals_worked_on", context.locale),
                                                              kind: .checks, checked: checked, options: choices.map { ($0.id.text, $0.words) },
                                                              literal: true)])
                          },
                          submit: { form, resolved, actor, context in
                              let service = resolved.service!
                              try await plans.setGoals(serviceID: service.id, goalIDs: form.all("goals").compactMap { UUID(uuidString: $0) }, by: actor,
                                                       context: context.audit)
                              return ServiceRoutes.service(service.id)
                          })
    }

    /// A form opened for a goal or section this version does not have: nothing to fill in, a way back.
    static func backToPlan(_ plan: PlanVersion, _ env: AppEnvironment, _ context: AppContext) -> JourneyPages.StepForm {
        .init(fields: [], intro: env.localizer.text("plan.nothing_here", context.locale),
              link: (PlanRoutes.plan(plan.id), env.localizer.text("plan.back", context.locale)))
    }

    // MARK: - Reading forms

    static func readAgreement(_ form: FormData) throws -> (AgreementMethod, CalendarDate) {
        var errors = ValidationErrors()
        if form.string("method").isEmpty { errors.append(ValidationError("method", "required")) }
        let method: AgreementMethod? = form.string("method").isEmpty ? nil : errors.named(form.string("method"), "method")
        let day = CalendarDate(form.string("agreed_on"))
        if day == nil { errors.append(ValidationError("agreed_on", "invalid_date")) }
        try errors.throwIfAny()
        return (method!, day!)
    }

    /// The goal the form describes at `index` (nil when its words and steps are all empty); existing
    /// steps keep their ids, new ones get new ids.
    static func readGoal(_ form: FormData, index: Int, existing: PlanGoal?, newID: () -> UUID) throws -> PlanGoal? {
        let prefix = "goals.\(index)"
        var errors = ValidationErrors()
        var steps: [PlanStep] = []
        let rows = (existing?.steps.count ?? 0) + stepRows
        for row in 0..<rows {
            let p = "\(prefix).steps.\(row)"
            let what = form.string("\(p).what"), by = form.string("\(p).by_when")
            guard !(what.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && by.isEmpty) else { continue }
            let who: StepOwner? = errors.named(form.string("\(p).who").isEmpty ? StepOwner.together.rawValue : form.string("\(p).who"), "\(p).who")
            var day: CalendarDate?
            if !by.isEmpty {
                day = CalendarDate(by)
                if day == nil { errors.append(ValidationError("\(p).by_when", "invalid_date")) }
            }
            let id = PageSupport.parseUUID(form["\(p).id"]).flatMap { id in existing?.steps.contains { $0.id == id } == true ? id : nil } ?? newID()
            steps.append(PlanStep(id: id, what: what, who: who ?? .together, byWhen: day))
        }
        try errors.throwIfAny()
        let words = form.string("\(prefix).words")
        if words.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && steps.isEmpty && existing == nil { return nil }
        return PlanGoal(id: existing?.id ?? newID(), domain: form.string("\(prefix).domain"), words: words, steps: steps)
    }

    static func readCrisis(_ form: FormData, _ old: CrisisPlanContent, newID: () -> UUID) -> CrisisPlanContent {
        var content = old
        for name in CrisisPlanContent.sectionNames { content.set(name, form.string(name)) }
        var supporters: [Supporter] = []
        for row in 0..<(old.supporters.count + supporterRows) {
            let p = "supporters.\(row)"
            let fields = ["name", "relationship", "phone", "role"].map { form.string("\(p).\($0)") }
            guard fields.contains(where: { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) else { continue }
            let id = PageSupport.parseUUID(form["\(p).id"]).flatMap { id in old.supporters.contains { $0.id == id } ? id : nil } ?? newID()
            supporters.append(Supporter(id: id, name: fields[0], relationship: fields[1], phone: fields[2], role: fields[3],
                                        mayDecide: form["\(p).may_decide"] == "on"))
        }
        content.supporters = supporters
        return content
    }

    // MARK: - Form fields

    static func domainOptions(_ domains: PlanDomains, _ l: Localizer, _ locale: String) -> [(String, String)] {
        domains.codes.map { code in (code, domainLabel(code, domains, l, locale)) }
    }

    static func domainLabel(_ code: String, _ domains: PlanDomains, _ l: Localizer, _ locale: String) -> String {
        PlanDomains.labelKey(code).map { l.text($0, locale) } ?? domains.own.first { $0.code == code }?.label ?? code
    }

    /// A goal's fields, named as `PlanRules` names their errors (`goals.N.words`, `goals.N.steps.M.what`).
    static func goalFields(_ form: FormData?, index: Int, goal: PlanGoal?, domains: PlanDomains, _ l: Localizer, _ locale: String) -> [FormField] {
        let p = "goals.\(index)"
        var fields = [
            FormField(name: "\(p).words", labelKey: l.text("plan.goal_words", locale), kind: .textarea, value: form?["\(p).words"] ?? goal?.words ?? "",
                      required: true, hintKey: "plan.goal_words_hint", maxLength: PlanRules.maxGoalLength, literal: true),
            FormField(name: "\(p).domain", labelKey: l.text("plan.domain", locale), kind: .select,
                      value: form?["\(p).domain"] ?? goal?.domain ?? "", options: domainOptions(domains, l, locale), required: true, literal: true),
        ]
        let steps = goal?.steps ?? []
        for row in 0..<(steps.count + stepRows) {
            let s = "\(p).steps.\(row)", step = row < steps.count ? steps[row] : nil
            let n = l.count(row + 1, locale)
            if let step { fields.append(FormField(name: "\(s).id", labelKey: "plan.step", kind: .hidden, value: step.id.text)) }
            fields += [
                FormField(name: "\(s).what", labelKey: l.format("plan.step_what", locale, ["n": n]), value: form?["\(s).what"] ?? step?.what ?? "",
                          maxLength: PlanRules.maxStepLength, literal: true),
                FormField(name: "\(s).who", labelKey: l.format("plan.step_who", locale, ["n": n]), kind: .select,
                          value: form?["\(s).who"] ?? step?.who.rawValue ?? StepOwner.together.rawValue,
                          options: StepOwner.allCases.map { ($0.rawValue, l.text($0.labelKey, locale)) }, literal: true),
                FormField(name: "\(s).by_when", labelKey: l.format("plan.step_by", locale, ["n": n]), kind: .date,
                          value: form?["\(s).by_when"] ?? step?.byWhen?.description ?? "", literal: true),
            ]
        }
        return fields
    }

    static func crisisFields(_ form: FormData?, _ content: CrisisPlanContent) -> [FormField] {
        var fields = content.sections.map { section in
            FormField(name: section.field, labelKey: "plan.crisis.\(section.field)", kind: .textarea, value: form?[section.field] ?? section.text,
                      hintKey: "plan.crisis.\(section.field)_hint", maxLength: PlanRules.maxSectionLength)
        }
        for row in 0..<(content.supporters.count + supporterRows) {
            let p = "supporters.\(row)", s = row < content.supporters.count ? content.supporters[row] : nil
            if let s { fields.append(FormField(name: "\(p).id", labelKey: "plan.supporter", kind: .hidden, value: s.id.text)) }
            fields += [
                FormField(name: "\(p).name", labelKey: "plan.supporter_name", value: form?["\(p).name"] ?? s?.name ?? "", maxLength: PlanRules.maxShortLength),
                FormField(name: "\(p).relationship", labelKey: "plan.supporter_relationship", value: form?["\(p).relationship"] ?? s?.relationship ?? "",
                          maxLength: PlanRules.maxShortLength),
                FormField(name: "\(p).phone", labelKey: "plan.supporter_phone", kind: .tel, value: form?["\(p).phone"] ?? s?.phone ?? "", maxLength: 40),
                FormField(name: "\(p).role", labelKey: "plan.supporter_role", value: form?["\(p).role"] ?? s?.role ?? "", maxLength: PlanRules.maxShortLength),
                FormField(name: "\(p).may_decide", labelKey: "plan.supporter_may_decide", kind: .checkbox,
                          value: form.map { $0["\(p).may_decide"] ?? "" } ?? (s?.mayDecide == true ? "on" : "")),
            ]
        }
        return fields
    }

    /// The domains of the program the person's open episode is in (the actor's), for a new plan's first goal.
    static func domainsFor(_ personID: UUID, actor: Actor, env: AppEnvironment) async throws -> PlanDomains {
        let programs = try await ParticipantPages.programsFor(actor, env)
        return try await env.plans.domains(programID: programs.first?.id ?? personID)
    }

    // MARK: - Views

    static func agreementText(_ plan: PlanVersion, _ names: [UUID: String], _ l: Localizer, _ locale: String) -> String? {
        plan.agreement.map { a in
            l.format("plan.agreed_line", locale, ["how": l.text(a.method.labelKey, locale), "date": l.date(a.on, locale),
                                                   "by": names[a.recordedBy] ?? ""])
        }
    }

    static func sections(_ c: CrisisPlanContent, _ l: Localizer, _ locale: String) -> [PlanView.Section] {
        c.sections.filter { !$0.text.isEmpty }.map { .init(label: l.text("plan.crisis.\($0.field)", locale), text: $0.text) }
    }

    static func supporters(_ c: CrisisPlanContent, _ l: Localizer, _ locale: String) -> [PlanView.SupporterLine] {
        c.supporters.map { s in
            let digits = s.phone.filter(\.isNumber)
            return .init(name: s.name, detail: [s.relationship, s.role].filter { !$0.isEmpty }.joined(separator: " · "),
                         phone: s.phone.isEmpty ? nil : s.phone, phoneLink: digits.isEmpty ? nil : "tel:\(digits)", mayDecide: s.mayDecide)
        }
    }

    static func plansView(_ o: Plans.Overview, person: Person, mayStart: Bool, _ l: Localizer, _ locale: String) -> PlansView {
        let kinds = PlanKind.allCases.map { kind -> PlansView.Kind in
            let versions = o.versions.filter { $0.kind == kind }
            let line = { (v: PlanVersion) in
                PlansView.Version(label: l.format("plan.version_n", locale, ["n": l.count(v.number, locale)]), status: l.text(v.status.labelKey, locale),
                                  date: l.date(v.agreement?.on ?? CalendarDate(v.updatedAt, in: TimeZone(identifier: "UTC")!), locale),
                                  link: PlanRoutes.plan(v.id))
            }
            let current = o.current(kind)
            var summary: String?
            if let r = current?.recovery { summary = l.format("plan.goals_count", locale, ["count": l.count(r.goals.count, locale)]) }
            if let c = current?.crisis { summary = l.format("plan.supporters_count", locale, ["count": l.count(c.supporters.count, locale)]) }
            let hasDraft = versions.contains { $0.status == .draft }
            return .init(id: kind.rawValue, title: l.text(kind.labelKey, locale), current: current.map(line), summary: summary,
                         startLink: mayStart && current == nil && !hasDraft ? PlanRoutes.start(person.id, query: ["kind": kind.rawValue]) : nil,
                         history: versions.filter { $0.id != current?.id }.map(line))
        }
        return PlansView(personName: person.displayName, personLink: ParticipantRoutes.record(person.id), kinds: kinds)
    }

    static func planView(_ d: Plans.Detail, mayUpdate: Bool, _ l: Localizer, _ locale: String) -> PlanView {
        let plan = d.record.plan, draft = plan.status == .draft
        let goals = (plan.recovery?.goals ?? []).map { goal -> PlanView.Goal in
            let standing = PlanRules.standing(of: goal.id, d.progress)
            return .init(id: goal.id.text, domain: domainLabel(goal.domain, d.domains, l, locale), words: goal.words,
                         status: l.text(standing.status.labelKey, locale),
                         steps: goal.steps.map { .init(what: $0.what, who: l.text($0.who.labelKey, locale), byWhen: $0.byWhen.map { l.date($0, locale) },
                                                       done: standing.stepsDone.contains($0.id)) },
                         notes: d.progress.filter { $0.goalID == goal.id }.map { .init(date: l.date($0.writtenOn, locale), text: progressText($0, goal, l, locale),
                                                                                       by: d.staffNames[$0.writtenBy] ?? "") },
                         services: (d.servicesByGoal[goal.id] ?? []).map { .init(name: l.text("plan.service_note", locale), link: ServiceRoutes.service($0)) },
                         editLink: mayUpdate && draft ? PlanRoutes.editGoal(plan.id, query: ["goal": goal.id.text]) : nil,
                         progressLink: mayUpdate && !draft ? PlanRoutes.progress(plan.id, query: ["goal": goal.id.text]) : nil)
        }
        let crisis = plan.crisis
        let versions = d.versions.map { v in
            PlanView.Version(label: l.format("plan.version_n", locale, ["n": l.count(v.number, locale)]), status: l.text(v.status.labelKey, locale),
                             link: PlanRoutes.plan(v.id), compareLink: v.id == plan.id ? nil : PlanRoutes.compare(plan.id, query: ["with": v.id.text]),
                             current: v.id == plan.id)
        }
        let hasDraft = d.versions.contains { $0.status == .draft }
        return PlanView(
            heading: l.text(plan.kind.labelKey, locale) + " · " + l.format("plan.version_n", locale, ["n": l.count(plan.number, locale)]),
            personName: d.record.person.displayName, personLink: ParticipantRoutes.record(plan.personID), plansLink: PlanRoutes.plans(plan.personID),
            status: l.text(plan.status.labelKey, locale), isDraft: draft, agreement: agreementText(plan, d.staffNames, l, locale),
            isRecovery: plan.kind == .recovery, strengths: plan.recovery?.strengths.nonEmpty, goals: goals,
            sections: crisis.map { sections($0, l, locale) } ?? [], supporters: crisis.map { supporters($0, l, locale) } ?? [],
            agreeLink: mayUpdate && draft ? PlanRoutes.agree(plan.id) : nil,
            addGoalLink: mayUpdate && draft && plan.kind == .recovery ? PlanRoutes.addGoal(plan.id) : nil,
            editLink: mayUpdate && draft && plan.kind == .crisis ? PlanRoutes.editCrisis(plan.id) : nil,
            reviseLink: mayUpdate && plan.status == .agreed && !hasDraft ? PlanRoutes.revise(plan.id) : nil,
            printLink: plan.kind == .crisis ? PlanRoutes.print(plan.id) : nil, versions: versions)
    }

    static func progressText(_ p: GoalProgress, _ goal: PlanGoal, _ l: Localizer, _ locale: String) -> String {
        var parts: [String] = []
        if let step = p.stepDone, let s = goal.steps.first(where: { $0.id == step }) { parts.append(l.format("plan.step_done_line", locale, ["step": s.what])) }
        if let status = p.status { parts.append(l.text(status.labelKey, locale)) }
        if !p.note.isEmpty { parts.append(p.note) }
        return parts.joined(separator: " · ")
    }

    static func changeText(_ change: PlanChange, domains: PlanDomains, _ l: Localizer, _ locale: String) -> String {
        switch change {
        case .goalAdded(let g): l.format("plan.change.goal_added", locale, ["goal": g.words])
        case .goalRemoved(let g): l.format("plan.change.goal_removed", locale, ["goal": g.words])
        case .goalChanged(let a, let b):
            a.words == b.words
                ? l.format("plan.change.goal_domain", locale, ["goal": b.words, "from": domainLabel(a.domain, domains, l, locale),
                                                                "to": domainLabel(b.domain, domains, l, locale)])
                : l.format("plan.change.goal_words", locale, ["from": a.words, "to": b.words])
        case .stepAdded(_, let s): l.format("plan.change.step_added", locale, ["step": s.what])
        case .stepRemoved(_, let s): l.format("plan.change.step_removed", locale, ["step": s.what])
        case .stepChanged(_, let a, let b): l.format("plan.change.step_changed", locale, ["from": a.what, "to": b.what])
        case .strengthsChanged: l.text("plan.change.strengths", locale)
        case .sectionChanged(let field, _, _): l.format("plan.change.section", locale, ["section": l.text("plan.crisis.\(field)", locale)])
        case .supporterAdded(let s): l.format("plan.change.supporter_added", locale, ["name": s.name])
        case .supporterRemoved(let s): l.format("plan.change.supporter_removed", locale, ["name": s.name])
        case .supporterChanged(_, let s): l.format("plan.change.supporter_changed", locale, ["name": s.name])
        }
    }
}
