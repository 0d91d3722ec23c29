import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// Referrals on pages: making one from a person's record, recording each step of its loop, the slip,
/// the waiting lists and the linkage measures.
enum ReferralPages {
    /// Longest waiting list a page draws: the follow-ups due first are the ones to act on.
    static let waitingLimit = 200

    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let referrals = env.referrals
        let zone = env.config.timeZone

        // A new referral, from the person's record; `?service=` starts it from a directory service.
        JourneyPages.step(&table, env, .init(path: ReferralRoutes.newReferral, ref: .participant, action: .update, titleKey: "referral.new_title",
                                             submitKey: "referral.submit", saved: .referred, prefill: true),
                          form: { form, resolved, actor, context in
                              let programs = try await ParticipantPages.programsFor(actor, env)
                              return try await stepForm(form, programs: programs, find: DirectoryRoutes.home(query: ["person": resolved.person!.id.text]),
                                                        actor: actor, env: env, context: context)
                          },
                          submit: { form, resolved, actor, context in
                              let programs = try await ParticipantPages.programsFor(actor, env)
                              let (program, draft) = try readNew(form, zone: zone, onlyProgram: programs.count == 1 ? programs[0].id : nil)
                              let referral = try await referrals.make(for: resolved.person!.id, programID: program, draft, by: actor, context: context.audit)
                              return ReferralRoutes.referral(referral.id)
                          })

        // A referral made during a note: for the note's person, in the note's program, linked to the note.
        JourneyPages.step(&table, env, .init(path: ReferralRoutes.fromNote, ref: .service, action: .update, titleKey: "referral.new_title",
                                             submitKey: "referral.submit", saved: .referred, prefill: true),
                          form: { form, resolved, actor, context in
                              try await stepForm(form, programs: nil, find: DirectoryRoutes.home(query: ["note": resolved.service!.id.text]),
                                                 actor: actor, env: env, context: context)
                          },
                          submit: { form, resolved, actor, context in
                              let service = resolved.service!
                              let (program, draft) = try readNew(form, zone: zone, onlyProgram: service.programID)
                              let referral = try await referrals.make(for: service.personID, programID: program, draft, serviceID: service.id,
                                                                      by: actor, context: context.audit)
                              return ReferralRoutes.referral(referral.id)
                          })

        // What happened next: sent, accepted, declined, linked, not linked.
        JourneyPages.step(&table, env, .init(path: ReferralRoutes.status, ref: .referral, action: .update, titleKey: "referral.status_title",
                                             submitKey: "referral.status_submit", saved: .referralUpdated),
                          form: { form, resolved, _, _ in
                              .init(fields: statusFields(form, resolved.referral!.referral, now: PersonForm.localDateTime(env.clock.now(), zone: zone)))
                          },
                          version: { $0.referral?.referral.version },
                          submit: { form, resolved, actor, context in
                              let referral = resolved.referral!.referral
                              var errors = ValidationErrors()
                              let status: ReferralStatus? = form.string("status").isEmpty ? nil : errors.named(form.string("status"), "status")
                              if form.string("status").isEmpty { errors.append(ValidationError("status", "required")) }
                              let occurred = PersonForm.parseLocalDateTime(form.string("occurred_at"), zone: zone)
                              if occurred == nil { errors.append(ValidationError("occurred_at", "invalid_date", "error.invalid_date_time")) }
                              let reason: ReferralReason? = form.string("reason").isEmpty ? nil : errors.named(form.string("reason"), "reason")
                              let followUp = optionalDate(form, "follow_up_on", into: &errors)
                              try errors.throwIfAny()
                              _ = try await referrals.move(referral.id, to: status!, occurredAt: occurred!, reason: reason, note: form.string("note"),
                                                           followUpOn: followUp, expectedVersion: PageSupport.parseInt(form["version"]),
                                                           by: actor, context: context.audit)
                              return ReferralRoutes.referral(referral.id)
                          })

        table.add(.get, ReferralRoutes.referral, .page, .policy(.read, .referral)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let authorized = try resolved.authorized(ReferralRecord.self)
            let detail = try await referrals.detail(of: authorized, context: context.audit)
            let mayUpdate = AccessPolicy.decide(actor, .update, authorized.resource) == .allow
            var view = ReferralView(detail, mayUpdate: mayUpdate, today: env.journey.today, zone: zone, env.localizer, context.locale)
            view.notice = PageSupport.notice(request, env.localizer, context.locale)
            return env.renderer.page("referral", titleKey: "referral.title", view: view, context: context)
        }

        // The slip, in the person's language when Peerway speaks it.
        table.add(.get, ReferralRoutes.slip, .page, .policy(.read, .referral)) { request, context, resolved in
            let detail = try await referrals.detail(of: try resolved.authorized(ReferralRecord.self), context: context.audit)
            var slipContext = context
            let asked = QueryParameters(request)["lang"] ?? detail.person.details.preferredLanguage
            if env.localizer.supports(asked) { slipContext.locale = asked }
            let other = slipContext.locale == "es" ? "en" : "es"
            let l = env.localizer, locale = slipContext.locale, r = detail.referral
            var view = ReferralSlipView(personName: detail.person.displayName, resourceName: r.resource.name, need: l.text(r.need.labelKey, locale),
                                        madeOn: l.date(CalendarDate(r.madeAt, in: zone), locale), madeBy: detail.staffNames[r.madeBy] ?? "",
                                        organizationName: r.resource.organizationName.nonEmpty, phone: r.resource.phone.nonEmpty,
                                        address: r.resource.address.nonEmpty, note: r.note.nonEmpty, backLink: ReferralRoutes.referral(r.id),
                                        otherLanguageLink: ReferralRoutes.slip(r.id, query: ["lang": other]),
                                        otherLanguage: l.text("referral.slip_language", other), otherLanguageCode: other)
            // A directory service adds its hours, what to bring and the languages spoken, as the directory has them today.
            if let id = r.resource.directoryServiceID, let entry = try await env.directory.summary(serviceID: id, by: try resolved.requireActor()) {
                view.hours = entry.scheduleDescription
                view.documents = entry.requiredDocuments
                view.languages = entry.languages.isEmpty ? nil : entry.languages.joined(separator: ", ")
            }
            return env.renderer.page("referral_slip", titleKey: "referral.slip_title", view: view, context: slipContext)
        }

        table.add(.get, ReferralRoutes.waiting, .page, .policy(.list, .participants)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let mayProgram = actor.hasAny(Role.programFollowUp)
            let programWide = mayProgram && QueryParameters(request)["scope"] == "program"
            let rows = try await referrals.waiting(by: actor, programWide: programWide, limit: waitingLimit, context: context.audit)
            let l = env.localizer, locale = context.locale
            let view = ReferralWaitingView(rows: rows.map { w in
                .init(name: w.person.displayName, link: ReferralRoutes.referral(w.referral.id), resource: w.referral.resource.name,
                      need: l.text(w.referral.need.labelKey, locale), status: l.text(w.referral.status.labelKey, locale),
                      age: l.format("referral.age_days", locale, ["days": l.count(w.ageDays, locale)]),
                      followUp: w.referral.followUpOn.map { l.date($0, locale) } ?? "", updateLink: ReferralRoutes.status(w.referral.id),
                      overdue: w.overdue)
            }, more: rows.count >= waitingLimit ? l.format("referral.waiting_more", locale, ["count": l.count(waitingLimit, locale)]) : nil,
               programWide: programWide, mayProgram: mayProgram, mineLink: ReferralRoutes.waiting(),
               programLink: ReferralRoutes.waiting(query: ["scope": "program"]), measuresLink: ReferralRoutes.measures())
            return env.renderer.page("referrals", titleKey: "referral.waiting_title", view: view, context: context)
        }

        table.add(.get, ReferralRoutes.measures, .page, .signedIn) { request, context, resolved in
            let actor = try resolved.requireActor()
            let query = QueryParameters(request)
            let l = env.localizer, locale = context.locale
            let today = env.journey.today
            let mayProgram = actor.hasAny(Role.programCounts)
            let scopeName = query["scope"] ?? (actor.has(.peerSpecialist) || !mayProgram ? "mine" : "program")
            let fromText = query["from"] ?? FiscalYear.start(containing: today).description
            let toText = query["to"] ?? today.description
            var view = ReferralMeasuresView(from: fromText, to: toText, scope: scopeName, made: "", open: "", linked: "", outcomes: "", rate: "",
                                            median: "", needs: [], bars: [], chartHeight: 0, mayProgram: mayProgram, action: ReferralRoutes.measures())
            return try await PageSupport.submit { () -> ReferralMeasures in
                let (from, to) = try ServiceMix.validatePeriod(from: fromText, to: toText)
                let scope: Referrals.MeasureScope = scopeName == "program" && mayProgram ? .programs(Array(actor.programIDs).sorted { $0.uuidString < $1.uuidString })
                    : .staff(actor.userID)
                return try await referrals.measures(scope, from: from, to: to, by: actor, context: context.audit)
            } then: { m in
                view.made = l.count(m.made, locale)
                view.open = l.count(m.open, locale)
                view.linked = l.count(m.linkage.numerator, locale)
                view.outcomes = l.count(m.linkage.denominator, locale)
                view.rate = m.linkage.percent.map { l.format("referral.percent", locale, ["percent": String(format: "%.1f", $0)]) }
                    ?? l.text("referral.no_outcomes", locale)
                view.median = m.medianDaysToLinkage.map { l.format("referral.median_days", locale, ["days": String(format: "%g", $0)]) }
                    ?? l.text("referral.no_linkages", locale)
                view.needs = m.byNeed.map { n in
                    .init(need: l.text(n.need.labelKey, locale), made: l.count(n.made, locale), linked: l.count(n.linkage.numerator, locale),
                          outcomes: l.count(n.linkage.denominator, locale),
                          rate: n.linkage.percent.map { String(format: "%.1f%%", $0) } ?? "–")
                }
                view.bars = ReferralMeasuresView.bars(m, l, locale)
                view.chartHeight = max(ReferralMeasuresView.rowHeight, view.bars.count * ReferralMeasuresView.rowHeight)
                return env.renderer.page("referral_measures", titleKey: "referral.measures_title", view: view, context: context)
            } refused: { error in
                let failure = PageSupport.formErrors(error, env, context)
                (view.errors, view.summary) = (failure.errors, failure.summary)
                return env.renderer.page("referral_measures", titleKey: "referral.measures_title", view: view, context: context, status: failure.status)
            }
        }
    }

    /// A new referral's form: started from a directory service (`service`, then carried as
    /// `directory_service_id`), its details filled in from the directory; otherwise a link to find one.
    static func stepForm(_ form: FormData?, programs: [Program]?, find: String, actor: Actor, env: AppEnvironment,
                         context: AppContext) async throws -> JourneyPages.StepForm {
        let l = env.localizer, locale = context.locale
        let serviceID = (form?["directory_service_id"] ?? form?["service"]).flatMap { $0.isEmpty ? nil : $0 }
        let chosen = try await serviceID.asyncMap { try await env.directory.summary(serviceID: $0, by: actor) } ?? nil
        let now = PersonForm.localDateTime(env.clock.now(), zone: env.config.timeZone)
        var step = JourneyPages.StepForm(fields: newFields(form, programs: programs, now: now, chosen: chosen, serviceID: serviceID))
        if let chosen {
            step.intro = l.format("referral.from_directory", locale, ["service": chosen.serviceName])
            step.link = (find, l.text("referral.choose_another", locale))
        } else {
            step.link = (find, l.text(serviceID == nil ? "referral.find_in_directory" : "referral.choose_another", locale))
        }
        return step
    }

    /// The fields of a new referral; the program is asked only when the peer works in several (nil: the note's).
    /// `serviceID` is carried even when no directory holds it, so its refusal shows where the form starts.
    static func newFields(_ f: FormData?, programs: [Program]?, now: String, chosen: DirectoryServiceSummary? = nil,
                          serviceID: String? = nil) -> [FormField] {
        // Typed values win; a form just opened from the directory starts from its entry.
        func value(_ name: String, _ fromDirectory: String?) -> String { f?[name] ?? fromDirectory ?? "" }
        var fields: [FormField] = serviceID.map { [FormField(name: "directory_service_id", labelKey: "referral.resource_name", kind: .hidden, value: $0)] } ?? []
        if let programs, programs.count != 1 {
            fields.append(FormField(name: "program_id", labelKey: "contact.program", kind: .select, value: f?["program_id"] ?? "",
                                    options: programs.map { ($0.id.text, $0.name) }, required: true))
        }
        return fields + [
            FormField(name: "need", labelKey: "referral.need", kind: .select, value: f?["need"] ?? "",
                      options: FormField.choices(ReferralNeed.self, "referral.need"), required: true),
            FormField(name: "resource_name", labelKey: "referral.resource_name", kind: .text, value: value("resource_name", chosen?.serviceName), required: true,
                      maxLength: ReferralRules.maxNameLength),
            FormField(name: "resource_organization", labelKey: "referral.resource_organization", kind: .text, value: value("resource_organization", chosen?.organizationName),
                      maxLength: ReferralRules.maxNameLength),
            FormField(name: "resource_phone", labelKey: "referral.resource_phone", kind: .tel, value: value("resource_phone", chosen?.phones.first?.number),
                      maxLength: ReferralRules.maxDetailLength),
            FormField(name: "resource_address", labelKey: "referral.resource_address", kind: .textarea, value: value("resource_address", chosen?.addressLines.joined(separator: "\n")),
                      maxLength: ReferralRules.maxDetailLength),
            FormField(name: "handoff", labelKey: "referral.handoff", kind: .radio, value: f?["handoff"] ?? WarmHandoff.none.rawValue,
                      options: FormField.choices(WarmHandoff.self, "referral.handoff"), required: true),
            FormField(name: "urgency", labelKey: "referral.urgency", kind: .radio, value: f?["urgency"] ?? ReferralUrgency.routine.rawValue,
                      options: FormField.choices(ReferralUrgency.self, "referral.urgency"), required: true),
            FormField(name: "status", labelKey: "referral.start_status", kind: .radio, value: f?["status"] ?? ReferralStatus.sent.rawValue,
                      options: [(ReferralStatus.proposed.rawValue, "referral.start.proposed"), (ReferralStatus.sent.rawValue, "referral.start.sent")],
                      required: true),
            FormField(name: "made_at", labelKey: "referral.made_at", kind: .dateTime, value: f?["made_at"] ?? now, required: true),
            FormField(name: "follow_up_on", labelKey: "referral.follow_up_on", kind: .date, value: f?["follow_up_on"] ?? "",
                      hintKey: "referral.follow_up_hint"),
            FormField(name: "note", labelKey: "referral.note", kind: .textarea, value: f?["note"] ?? "", maxLength: ReferralRules.maxNoteLength),
        ]
    }

    /// Reads a new referral; the program is the actor's only one when the form did not ask.
    static func readNew(_ form: FormData, zone: TimeZone, onlyProgram: UUID? = nil) throws -> (UUID, ReferralDraft) {
        var errors = ValidationErrors()
        let program = PageSupport.parseUUID(form["program_id"]) ?? onlyProgram
        let need: ReferralNeed? = form.string("need").isEmpty ? nil : errors.named(form.string("need"), "need")
        let urgency: ReferralUrgency? = errors.named(form["urgency"] ?? ReferralUrgency.routine.rawValue, "urgency")
        let handoff: WarmHandoff? = errors.named(form["handoff"] ?? WarmHandoff.none.rawValue, "handoff")
        let status: ReferralStatus? = errors.named(form["status"] ?? ReferralStatus.proposed.rawValue, "status")
        let made = PersonForm.parseLocalDateTime(form.string("made_at"), zone: zone)
        if made == nil { errors.append(ValidationError("made_at", "invalid_date", "error.invalid_date_time")) }
        let followUp = optionalDate(form, "follow_up_on", into: &errors)
        guard let program else {
            errors.append(ValidationError("program_id", "required"))
            throw errors
        }
        try errors.throwIfAny()
        let resource = ReferralResource(directoryServiceID: form.string("directory_service_id").nonEmpty, name: form.string("resource_name"), organizationName: form.string("resource_organization"),
                                        phone: form.string("resource_phone"), address: form.string("resource_address"))
        return (program, ReferralDraft(resource: resource, need: need, urgency: urgency!, handoff: handoff!, madeAt: made!, status: status!,
                                       followUpOn: followUp, note: form.string("note")))
    }

    static func statusFields(_ f: FormData?, _ referral: Referral, now: String) -> [FormField] {
        return [
            FormField(name: "status", labelKey: "referral.new_status", kind: .radio, value: f?["status"] ?? "",
                      options: referral.status.next.map { ($0.rawValue, $0.labelKey) }, required: true),
            FormField(name: "occurred_at", labelKey: "referral.occurred_at", kind: .dateTime, value: f?["occurred_at"] ?? now, required: true,
                      hintKey: "referral.occurred_hint"),
            FormField(name: "reason", labelKey: "referral.reason", kind: .select, value: f?["reason"] ?? "",
                      options: [("", "referral.reason_none")] + FormField.choices(ReferralReason.self, "referral.reason"),
                      hintKey: "referral.reason_hint"),
            FormField(name: "follow_up_on", labelKey: "referral.follow_up_on", kind: .date, value: f?["follow_up_on"] ?? "",
                      hintKey: "referral.next_follow_up_hint"),
            FormField(name: "note", labelKey: "referral.note", kind: .textarea, value: f?["note"] ?? "", maxLength: ReferralRules.maxNoteLength),
        ]
    }

    /// An optional date field: empty is nil, anything else must be a date.
    static func optionalDate(_ form: FormData, _ name: String, into errors: inout ValidationErrors) -> CalendarDate? {
        let text = form.string(name).trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        guard let day = CalendarDate(text) else { return errors.refuse(name, "invalid_date", "error.invalid_date") }
        return day
    }
}

extension ReferralPages {
    /// The referrals made during a note, and the way to make one (the note's author, while the person may be referred).
    static func fill(_ view: inout ServiceView, service authorized: Authorized<PeerService>, actor: Actor, env: AppEnvironment,
                     context: AppContext) async throws {
        let l = env.localizer, locale = context.locale, zone = env.config.timeZone
        view.referrals = try await env.referrals.made(during: authorized, context: context.audit).map { r in
            ReferralLine(resource: r.resource.name, need: l.text(r.need.labelKey, locale), status: l.text(r.status.labelKey, locale),
                         madeOn: l.date(CalendarDate(r.madeAt, in: zone), locale), link: ReferralRoutes.referral(r.id), open: !r.status.isOutcome)
        }
        if authorized.record.peerID == actor.userID { view.referLink = ReferralRoutes.fromNote(authorized.record.id) }
    }

    /// A person's referrals on their record, newest first, and the way to make one.
    static func fill(_ view: inout ParticipantView, person authorized: Authorized<Person>, env: AppEnvironment, context: AppContext) async throws {
        let l = env.localizer, locale = context.locale, zone = env.config.timeZone, person = authorized.record
        view.referrals = try await env.referrals.forPerson(of: authorized, context: context.audit).map { r in
            ReferralLine(resource: r.resource.name, need: l.text(r.need.labelKey, locale), status: l.text(r.status.labelKey, locale),
                         madeOn: l.date(CalendarDate(r.madeAt, in: zone), locale), link: ReferralRoutes.referral(r.id), open: !r.status.isOutcome)
        }
        if view.canEdit, ReferralRules.mayBeReferred(person) { view.referLink = ReferralRoutes.newReferral(person.id) }
    }
}
