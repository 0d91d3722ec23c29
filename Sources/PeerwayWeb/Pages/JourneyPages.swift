import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// A short form on a page of its own (`journey_form`): a step of the journey, editing a person, an
/// import, the pairing profile, an outreach event. What was typed comes back in the fields, with a
/// message by each field that was refused.
struct JourneyFormView: PageView {
    /// A peer the pairing step suggests, with the reasons it ranks them where it does.
    struct Suggestion: Encodable, Sendable {
        var name: String
        var caseload: Int
        var capacity: Int
        var reasons: [String]
    }
    var heading: String
    /// The person the form is about, linked to their record.
    var personName: String?
    var personLink: String?
    var intro: String?
    /// On the import page, for those who may bring a whole program's history.
    var historyLink: String?
    var fields: [FieldView]
    var action: String
    /// The record's version as the form was drawn (a later edit elsewhere is a conflict, not lost).
    var version: Int?
    var submitLabel: String
    var cancel: String
    var suggestions: [Suggestion] = []
    var errors: [String: String] = [:]
    var summary: String?
    /// What the step before saved (a review that leads to this discharge form).
    var notice: String?
    var introLink: String?
    var introLinkLabel: String?

    init(titleKey: String, submitKey: String, fields: [FormField], action: String, cancel: String, person: Person? = nil,
         failure: PageSupport.FormErrors = .init(), version: Int? = nil, intro: String? = nil, suggestions: [Suggestion] = [],
         _ l: Localizer, _ locale: String) {
        heading = l.text(titleKey, locale)
        personName = person?.displayName
        personLink = person.map { ParticipantRoutes.record($0.id) }
        self.fields = FormField.render(fields, failure.errors, l, locale)
        self.action = action
        submitLabel = l.text(submitKey, locale)
        self.cancel = cancel
        errors = failure.errors
        summary = failure.summary
        self.version = version
        self.intro = intro
        self.suggestions = suggestions
    }
}

/// The steps of the journey, each a short form: log a contact, screen, enroll, pair with a peer,
/// review continued stay, discharge, record a crisis event, and merge duplicates.
enum JourneyPages {
    struct Step: Sendable {
        let path: RoutePath
        let ref: ResourceRef
        let action: AccessAction
        let titleKey: String
        let submitKey: String
        /// What the record page says once the step is saved.
        let saved: PageSupport.Saved
        /// The form opens filled from its query (`?service=…` on a new referral); the person still submits it.
        var prefill = false
    }

    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let journey = env.journey
        let zone = env.config.timeZone

        // Log a contact with a known person.
        step(&table, env, Step(path: ParticipantRoutes.contact, ref: .participant, action: .update, titleKey: "contact.title", submitKey: "contact.submit", saved: .contact),
             form: { form, _, actor, context in
                 StepForm(fields: PersonForm.contactFields(form, programs: try await ParticipantPages.programsFor(actor, env),
                                                  now: PersonForm.localDateTime(env.clock.now(), zone: zone)))
             },
             submit: { form, resolved, actor, context in
                 let (input, errors) = PersonForm.readContact(form, zone: zone)
                 guard let input else { throw errors }
                 _ = try await journey.logContact(personID: resolved.person!.id, input, by: actor, context: context.audit)
                 return ParticipantRoutes.record(resolved.person!.id)
             })

        // An anonymous contact: someone reached the program without giving a name.
        table.add(.get, ParticipantRoutes.newContact, .page, .policy(.create, .participants)) { _, context, resolved in
            let actor = try resolved.requireActor()
            let fields = PersonForm.contactFields(nil, programs: try await ParticipantPages.programsFor(actor, env),
                                                  now: PersonForm.localDateTime(env.clock.now(), zone: zone))
            return formPage(context, env, titleKey: "contact.anonymous_title", submitKey: "contact.submit", fields: fields,
                            action: ParticipantRoutes.contacts(), cancel: ParticipantRoutes.participants())
        }
        table.form(ParticipantRoutes.contacts, .policy(.create, .participants)) { form, actor, context, resolved in
            return try await PageSupport.submit {
                let (input, errors) = PersonForm.readContact(form, zone: zone)
                guard let input else { throw errors }
                return try await journey.logContact(personID: nil, input, by: actor, context: context.audit)
            } then: { _ in redirect(PageSupport.noticed(ParticipantRoutes.participants(), .contact)) } refused: { error in
                let fields = PersonForm.contactFields(form, programs: try await ParticipantPages.programsFor(actor, env), now: "")
                return formPage(context, env, titleKey: "contact.anonymous_title", submitKey: "contact.submit", fields: fields,
                                action: ParticipantRoutes.contacts(), cancel: ParticipantRoutes.participants(),
                                failure: PageSupport.formErrors(error, env, context))
            }
        }

        // Screening against service criteria A–G and exclusions A–B.
        step(&table, env, Step(path: ParticipantRoutes.screen, ref: .participant, action: .update, titleKey: "screening.title", submitKey: "screening.submit", saved: .screened),
             form: { form, _, actor, context in
                 let programs = try await ParticipantPages.programsFor(actor, env)
                 return StepForm(fields: [
                     FormField(name: "program_id", labelKey: "contact.program", kind: .select, value: form?["program_id"] ?? programs.first.map { $0.id.text } ?? "",
                               options: programs.map { ($0.id.text, $0.name) }, required: true),
                     FormField(name: "screened_on", labelKey: "screening.screened_on", kind: .date, value: form?["screened_on"] ?? journey.today.description, required: true),
                     FormField(name: "service_criteria", labelKey: "screening.service_criteria", kind: .checks, checked: Set(form?.all("service_criteria") ?? []),
                               options: CriteriaSet.standard.service.map { ($0.id, $0.labelKey) }, hintKey: "screening.service_hint"),
                     FormField(name: "exclusions", labelKey: "screening.exclusions", kind: .checks, checked: Set(form?.all("exclusions") ?? []),
                               options: CriteriaSet.standard.exclusions.map { ($0.id, $0.labelKey) }, hintKey: "screening.exclusions_hint"),
                     FormField(name: "higher_level_referral", labelKey: "screening.higher_level_referral", kind: .textarea,
                               value: form?["higher_level_referral"] ?? "", maxLength: 1000),
                 ])
             },
             submit: { form, resolved, actor, context in
                 let program = try form.id("program_id")
                 let day = try form.date("screened_on")
                 let answers = ScreeningAnswers(serviceCriteriaMet: Set(form.all("service_criteria")), exclusionsPresent: Set(form.all("exclusions")),
                                                higherLevelReferral: form["higher_level_referral"])
                 _ = try await journey.screen(resolved.person!.id, programID: program, screenedOn: day, answers: answers, by: actor, context: context.audit)
                 return ParticipantRoutes.record(resolved.person!.id) + "#screenings"
             })

        // Enrollment: opens an episode of care.
        step(&table, env, Step(path: ParticipantRoutes.enroll, ref: .participant, action: .update, titleKey: "enroll.title", submitKey: "enroll.submit", saved: .enrolled),
             form: { form, resolved, actor, context in
                 let programs = try await ParticipantPages.programsFor(actor, env)
                 let scope = try await env.db.read { conn in try await ParticipantJourney.scope(for: resolved.person!, on: conn) }
                 let mayAssign = AccessPolicy.decide(actor, .assign, .participant(scope)) == .allow
                 var fields = [
                     FormField(name: "program_id", labelKey: "contact.program", kind: .select, value: form?["program_id"] ?? programs.first.map { $0.id.text } ?? "",
                               options: programs.map { ($0.id.text, $0.name) }, required: true),
                     FormField(name: "enrolled_on", labelKey: "enroll.enrolled_on", kind: .date, value: form?["enrolled_on"] ?? journey.today.description, required: true),
                     FormField(name: "consent_signed_by", labelKey: "enroll.consent_signed_by", kind: .radio, value: form?["consent_signed_by"] ?? "participant",
                               options: FormField.choices(EnrollmentConsent.SignedBy.self, "consent.signed_by"), required: true),
                     FormField(name: "consent_signed_on", labelKey: "enroll.consent_signed_on", kind: .date, value: form?["consent_signed_on"] ?? journey.today.description, required: true),
                     FormField(name: "consent_method", labelKey: "enroll.consent_method", kind: .radio, value: form?["consent_method"] ?? "wet_signature",
                               options: FormField.choices(EnrollmentConsent.Method.self, "consent.method"), required: true),
                     FormField(name: "goals", labelKey: "enroll.goals", kind: .textarea, value: form?["goals"] ?? "", hintKey: "enroll.goals_hint", maxLength: 4000),
                 ]
                 if mayAssign {
                     fields.append(FormField(name: "override_reason", labelKey: "enroll.override_reason", kind: .textarea, value: form?["override_reason"] ?? "",
                                             hintKey: "enroll.override_hint", maxLength: 2000))
                 }
                 return StepForm(fields: fields)
             },
             submit: { form, resolved, actor, context in
                 var errors = ValidationErrors()
                 let program = PageSupport.parseUUID(form["program_id"])
                 if program == nil { errors.append(ValidationError("program_id", "required")) }
                 let enrolled = CalendarDate(form.string("enrolled_on"))
                 if enrolled == nil { errors.append(ValidationError("enrolled_on", "invalid_date")) }
                 var consent: EnrollmentConsent?
                 if let by = EnrollmentConsent.SignedBy(rawValue: form.string("consent_signed_by")),
                    let method = EnrollmentConsent.Method(rawValue: form.string("consent_method")) {
                     if let on = CalendarDate(form.string("consent_signed_on")) {
                         consent = EnrollmentConsent(signedBy: by, signedOn: on, method: method)
                     } else {
                         errors.append(ValidationError("consent_signed_on", "invalid_date"))
                     }
                 }
                 try errors.throwIfAny()
                 let reason = form.string("override_reason").trimmingCharacters(in: .whitespacesAndNewlines)
                 let episode = try await journey.enroll(resolved.person!.id, EnrollmentRequest(
                     programID: program!, enrolledOn: enrolled!, consent: consent, goals: form.string("goals"),
                     overrideReason: reason.isEmpty ? nil : reason), by: actor, context: context.audit)
                 return episodeOnRecord(resolved.person!.id, episode.id)
             })

        // Pairing: suggestions with reasons, then the supervisor's or manager's choice.
        step(&table, env, Step(path: ParticipantRoutes.assign, ref: .episode, action: .assign, titleKey: "assign.title", submitKey: "assign.submit", saved: .paired),
             form: { form, resolved, actor, context in
                 let l = env.localizer, locale = context.locale
                 let (_, _, ranked, profiles) = try await journey.suggestions(episodeID: resolved.episode!.id, by: actor, context: context.audit)
                 let suggestions = ranked.prefix(10).map { s in
                     JourneyFormView.Suggestion(name: profiles[s.peerID]?.displayName ?? "", caseload: profiles[s.peerID]?.caseloadCount ?? 0,
                                                capacity: profiles[s.peerID]?.capacity ?? 0, reasons: s.reasons.map { r in
                                                    l.format(r.labelKey, locale, ["detail": r.detail.isEmpty ? "" : l.text(detailKey(r), locale)])
                                                })
                 }
                 return StepForm(fields: [
                     FormField(name: "peer_id", labelKey: "assign.peer", kind: .radio, value: form?["peer_id"] ?? "",
                               options: ranked.map { ($0.peerID.text, profiles[$0.peerID]?.displayName ?? "") }, required: true),
                     FormField(name: "reason", labelKey: "assign.reason", kind: .textarea, value: form?["reason"] ?? "", maxLength: 1000),
                 ], suggestions: Array(suggestions))
             },
             submit: { form, resolved, actor, context in
                 let peer = try form.id("peer_id")
                 _ = try await journey.assign(episodeID: resolved.episode!.id, peerID: peer, reason: form.string("reason"), by: actor, context: context.audit)
                 return episodeOnRecord(resolved.person!.id, resolved.episode!.id)
             })

        // Continued-stay review.
        step(&table, env, Step(path: ParticipantRoutes.review, ref: .episode, action: .update, titleKey: "review.title", submitKey: "review.submit", saved: .reviewed),
             form: { form, _, _, context in
                 StepForm(fields: [
                     FormField(name: "reviewed_on", labelKey: "review.reviewed_on", kind: .date, value: form?["reviewed_on"] ?? journey.today.description, required: true),
                     FormField(name: "criteria", labelKey: "review.criteria", kind: .checks, checked: Set(form?.all("criteria") ?? []),
                               options: ContinuedStayReview.Criterion.allCases.map { ($0.rawValue, $0.labelKey) }, hintKey: "review.criteria_hint"),
                     FormField(name: "outcome", labelKey: "review.outcome", kind: .radio, value: form?["outcome"] ?? "",
                               options: [("continue", "review.outcome.continue"), ("discharge", "review.outcome.discharge")], hintKey: "review.outcome_hint"),
                     FormField(name: "note", labelKey: "review.note", kind: .textarea, value: form?["note"] ?? "", maxLength: 4000),
                 ])
             },
             submit: { form, resolved, actor, context in
                 let day = try form.date("reviewed_on")
                 let met = Set(form.all("criteria").compactMap(ContinuedStayReview.Criterion.init(rawValue:)))
                 // Left unchosen, the outcome is what the criteria recommend, never a preset answer.
                 let outcome = ContinuedStayReview.Outcome(rawValue: form.string("outcome")) ?? ContinuedStayReview.recommendation(met)
                 let review = ContinuedStayReview(reviewedOn: day, criteriaMet: met, outcome: outcome)
                 _ = try await journey.review(episodeID: resolved.episode!.id, review, note: form.string("note"), by: actor, context: context.audit)
                 // A review that ends in discharge leads straight to the discharge form.
                 if outcome == .discharge { return ParticipantRoutes.discharge(resolved.episode!.id) }
                 return episodeOnRecord(resolved.person!.id, resolved.episode!.id)
             })

        // Discharge.
        step(&table, env, Step(path: ParticipantRoutes.discharge, ref: .episode, action: .update, titleKey: "discharge.title", submitKey: "discharge.submit", saved: .discharged),
             form: { form, _, _, context in
                 StepForm(fields: [
                     FormField(name: "discharged_on", labelKey: "discharge.discharged_on", kind: .date, value: form?["discharged_on"] ?? journey.today.description, required: true),
                     FormField(name: "reason", labelKey: "discharge.reason", kind: .radio, value: form?["reason"] ?? "",
                               options: DischargeReason.allCases.map { ($0.rawValue, $0.labelKey) }, required: true),
                     FormField(name: "summary", labelKey: "discharge.summary", kind: .textarea, value: form?["summary"] ?? "", hintKey: "discharge.summary_hint", maxLength: 8000),
                 ])
             },
             version: { resolved in resolved.episode?.version },
             confirm: { form, resolved, actor, context in
                 let l = env.localizer, locale = context.locale
                 let day = try form.date("discharged_on")
                 let reason = DischargeReason(rawValue: form.string("reason"))
                 // Core's checks first: a discharge that would be refused is refused before it is confirmed.
                 try EpisodeRules.validateDischarge(resolved.episode!, on: day, reason: reason, today: journey.today)
                 guard let reason else { throw ValidationError("reason", "required") }
                 let name = resolved.person!.displayName
                 let program = try await ParticipantPages.programsFor(actor, env).first { $0.id == resolved.episode!.programID }?.name ?? ""
                 return .init(question: l.format("confirm.discharge_question", locale, ["name": name, "program": program, "date": l.date(day, locale)]),
                              consequence: l.format("confirm.discharge_consequence", locale, ["reason": l.text(reason.labelKey, locale)]),
                              confirmKey: "discharge.submit")
             },
             submit: { form, resolved, actor, context in
                 let day = try form.date("discharged_on")
                 _ = try await journey.discharge(episodeID: resolved.episode!.id, on: day, reason: DischargeReason(rawValue: form.string("reason")),
                                                 summary: form.string("summary"), expectedVersion: PageSupport.parseInt(form["version"]),
                                                 by: actor, context: context.audit)
                 return episodeOnRecord(resolved.person!.id, resolved.episode!.id)
             })

        // Crisis and hospital events.
        step(&table, env, Step(path: ParticipantRoutes.crisis, ref: .participant, action: .update, titleKey: "crisis.title", submitKey: "crisis.submit", saved: .crisis),
             form: { form, _, _, context in
                 StepForm(fields: [
                     FormField(name: "kind", labelKey: "crisis.kind", kind: .radio, value: form?["kind"] ?? "",
                               options: FormField.choices(CrisisEvent.Kind.self, "crisis.kind"), required: true),
                     FormField(name: "started_on", labelKey: "crisis.started_on", kind: .date, value: form?["started_on"] ?? "", required: true),
                     FormField(name: "ended_on", labelKey: "crisis.ended_on", kind: .date, value: form?["ended_on"] ?? "", hintKey: "crisis.ended_hint"),
                     FormField(name: "note", labelKey: "crisis.note", kind: .textarea, value: form?["note"] ?? "", maxLength: 4000),
                 ])
             },
             submit: { form, resolved, actor, context in
                 var errors = ValidationErrors()
                 let kind = CrisisEvent.Kind(rawValue: form.string("kind"))
                 if kind == nil { errors.append(ValidationError("kind", "required")) }
                 let start = CalendarDate(form.string("started_on"))
                 if start == nil { errors.append(ValidationError("started_on", "invalid_date")) }
                 var end: CalendarDate?
                 if !form.string("ended_on").isEmpty {
                     end = CalendarDate(form.string("ended_on"))
                     if end == nil { errors.append(ValidationError("ended_on", "invalid_date")) }
                 }
                 try errors.throwIfAny()
                 _ = try await journey.recordCrisisEvent(resolved.person!.id, CrisisEvent(kind: kind!, startedOn: start!, endedOn: end),
                                                         note: form.string("note"), by: actor, context: context.audit)
                 return ParticipantRoutes.record(resolved.person!.id) + "#crisis-events"
             })

        // Possible duplicates, and merging one into this record.
        step(&table, env, Step(path: ParticipantRoutes.duplicates, ref: .participant, action: .assign, titleKey: "duplicates.title", submitKey: "duplicates.submit", saved: .merged),
             form: { form, resolved, actor, context in
                 let found = try await journey.duplicates(of: resolved.person!.id, by: actor, context: context.audit)
                 return StepForm(fields: [FormField(name: "merged_id", labelKey: "duplicates.choose", kind: .radio, value: form?["merged_id"] ?? "",
                                           options: found.map { other, match in
                                               let why = match.reasons.map { env.localizer.text("duplicate_reason.\($0)", context.locale) }.joined(separator: ", ")
                                               return (other.id.text, "\(other.displayName) · \(other.dateOfBirth?.description ?? "—") · \(why)")
                                           },
                                           required: true, hintKey: "duplicates.hint")])
             },
             confirm: { form, resolved, actor, context in
                 let id = try form.id("merged_id")
                 guard let other = try await journey.duplicates(of: resolved.person!.id, by: actor, context: context.audit).first(where: { $0.0.id == id })?.0 else {
                     throw ValidationError("merged_id", "required")
                 }
                 let kept = resolved.person!, l = env.localizer, locale = context.locale
                 func described(_ p: Person) -> String { "\(p.displayName) (\(p.dateOfBirth.map { l.date($0, locale) } ?? "—"))" }
                 // The two records side by side, the one that stays first, so the choice is made on what differs.
                 func facts(_ p: Person) -> [String] {
                     [p.displayName, p.dateOfBirth.map { l.date($0, locale) } ?? "—", p.details.phone.isEmpty ? "—" : p.details.phone,
                      p.details.email.isEmpty ? "—" : p.details.email, WorkforceWords.language(p.details.preferredLanguage, l, locale),
                      l.date(CalendarDate(p.createdAt, in: env.config.timeZone), locale)]
                 }
                 let labels = ["confirm.compare_name", "person.date_of_birth", "person.phone", "person.email", "person.preferred_language",
                               "confirm.compare_created"].map { l.text($0, locale) }
                 let compare = zip(labels, zip(facts(kept), facts(other))).map { ConfirmView.Compared(label: $0, kept: $1.0, merged: $1.1) }
                 return .init(question: l.format("confirm.merge_question", locale, ["merged": described(other), "kept": described(kept)]),
                              consequence: l.format("confirm.merge_consequence", locale, ["merged": other.displayName, "kept": kept.displayName]),
                              confirmKey: "duplicates.submit", compare: compare)
             },
             submit: { form, resolved, actor, context in
                 let merged = try form.id("merged_id")
                 _ = try await journey.merge(keptID: resolved.person!.id, mergedID: merged, by: actor, context: context.audit)
                 return ParticipantRoutes.record(resolved.person!.id) + "#merges"
             })

        table.add(.post, ParticipantRoutes.undoMerge, .page, .policy(.list, .participants)) { _, context, resolved in
            let actor = try resolved.requireActor()
            let id = try Guards.pathID(context)
            let merge = try await journey.undoMerge(id, by: actor, context: context.audit)
            return redirect(PageSupport.noticed(ParticipantRoutes.record(merge.keptID) + "#merges", .unmerged))
        }
    }

    /// Back to the person's record, at the episode (`id="episode-…"` on the record page).
    static func episodeOnRecord(_ personID: UUID, _ episodeID: UUID) -> String {
        ParticipantRoutes.record(personID) + "#episode-\(episodeID.text)"
    }

    static func detailKey(_ reason: PairingReason) -> String {
        switch reason.code {
        case "shared_language": "language.\(reason.detail)"
        case "lived_experience": "lived_experience.\(reason.detail)"
        case "population", "life_stage": "population.\(reason.detail)"
        default: reason.detail
        }
    }

    /// What a step's form shows: its fields, and the pairing suggestions beside them.
    struct StepForm {
        var fields: [FormField]
        var suggestions: [JourneyFormView.Suggestion] = []
        var intro: String?
        /// A page the form sends the person to first when they need it (the directory, for a referral).
        var link: (href: String, label: String)?
    }

    typealias Build = @Sendable (FormData?, Resolved, Actor, AppContext) async throws -> StepForm
    typealias Submit = @Sendable (FormData, Resolved, Actor, AppContext) async throws -> String
    /// Checks the answers and puts the question a step asks before it is taken (see `ConfirmPage`).
    typealias Confirm = @Sendable (FormData, Resolved, Actor, AppContext) async throws -> ConfirmPage.Question

    /// Draws a form: what was typed (or its prefill), a refusal's messages, what the step before saved.
    typealias Render = @Sendable (FormData?, Resolved, AppContext, PageSupport.FormErrors, String?) async throws -> Response

    /// Registers the GET (form) and POST (submit) of one step (see `routes`).
    static func step(_ table: inout RouteTable, _ env: AppEnvironment, _ step: Step, form build: @escaping Build,
                     version: (@Sendable (Resolved) -> Int?)? = nil, confirm: Confirm? = nil, submit: @escaping Submit) {
        routes(&table, env, step, confirm: confirm, submit: submit) { form, resolved, context, failure, notice in
            let actor = try resolved.requireActor()
            let person = resolved.person
            let back = person.map { ParticipantRoutes.record($0.id) } ?? ParticipantRoutes.participants()
            let built = try await build(form, resolved, actor, context)
            // The form names the person, so showing it is a read of their record.
            if let person { try await env.journey.noteRead(person.id, resource: .participantForm, context: context.audit) }
            return formPage(context, env, titleKey: step.titleKey, submitKey: step.submitKey, fields: built.fields,
                            action: step.path(try Guards.pathID(context)), cancel: back, person: person, failure: failure,
                            version: form.flatMap { PageSupport.parseInt($0["version"]) } ?? version?(resolved), intro: built.intro,
                            link: built.link, suggestions: built.suggestions, notice: notice)
        }
    }

    /// The GET (the form, filled from its query when `step.prefill`) and POST (submit) of a form on a page
    /// of its own, guarded on `step.ref`. A refused or invalid submission shows the form again with what
    /// was typed and a message by each field. `confirm` asks its question first; "Go back" from it shows
    /// the form again (`goesBack`: whether the form takes that answer at all; a staff record's forms do not).
    static func routes(_ table: inout RouteTable, _ env: AppEnvironment, _ step: Step, goesBack: Bool = true, confirm: Confirm? = nil,
                       submit: @escaping Submit, render: @escaping Render) {
        table.add(.get, step.path, .page, .policy(step.action, step.ref)) { request, context, resolved in
            let query = QueryParameters(request)
            let prefill = step.prefill && !query.pairs.isEmpty && query.errors.isEmpty ? FormData(pairs: query.pairs, malformed: []) : nil
            return try await render(prefill, resolved, context, .init(), PageSupport.notice(request, env.localizer, context.locale))
        }
        table.form(step.path, .policy(step.action, step.ref)) { form, actor, context, resolved in
            if goesBack && ConfirmPage.goingBack(form) { return try await render(form, resolved, context, .init(), nil) }
            if let confirm, !ConfirmPage.confirmed(form) {
                return try await PageSupport.submit {
                    try await confirm(form, resolved, actor, context)
                } then: { question in
                    ConfirmPage.page(context, env, titleKey: step.titleKey, question, action: step.path(try Guards.pathID(context)),
                                     form: form, person: resolved.person)
                } refused: { error in
                    try await render(form, resolved, context, PageSupport.formErrors(error, env, context), nil)
                }
            }
            return try await PageSupport.submit {
                try await submit(form, resolved, actor, context)
            } then: { redirect(PageSupport.noticed($0, step.saved)) } refused: { error in
                try await render(form, resolved, context, PageSupport.formErrors(error, env, context), nil)
            }
        }
    }

    /// A short form on its page (`JourneyFormView`); a refused one answers with its status.
    static func formPage(_ context: AppContext, _ env: AppEnvironment, titleKey: String, submitKey: String, fields: [FormField],
                         action: String, cancel: String, person: Person? = nil, failure: PageSupport.FormErrors = .init(),
                         version: Int? = nil, intro: String? = nil, link: (href: String, label: String)? = nil,
                         suggestions: [JourneyFormView.Suggestion] = [], notice: String? = nil) -> Response {
        // A refusal about no field on this form (an agreed plan, say) is said above the form, never dropped.
        var failure = failure
        let names = Set(fields.map(\.name))
        let orphans = failure.errors.filter { $0.key != "form" && !names.contains($0.key) }.sorted { $0.key < $1.key }.map(\.value)
        if !orphans.isEmpty { failure.errors["form"] = ([failure.errors["form"]].compactMap { $0 } + orphans).joined(separator: " ") }
        var view = JourneyFormView(titleKey: titleKey, submitKey: submitKey, fields: fields, action: action, cancel: cancel, person: person,
                                   failure: failure, version: version, intro: intro, suggestions: suggestions,
                                   env.localizer, context.locale)
        view.notice = notice
        (view.introLink, view.introLinkLabel) = (link?.href, link?.label)
        return env.renderer.page("journey_form", titleKey: titleKey, view: view, context: context, status: failure.status)
    }
}
