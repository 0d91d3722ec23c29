import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// A note as its page shows it: what was done, where it stands, what the viewer may do, and its amendments.
struct ServiceView: PageView {
    struct Content: Encodable, Sendable {
        var date, start, type, functions, modality, setting, language, note, personNote, followUp: String
        var minutes, units: Int
        var end, cofacilitator: String?
    }
    struct Amendment: Encodable, Sendable { var at, by, reason, changed: String; var before: Content? }
    var personName, program, peer, enteredAt: String, content: Content
    var draft, signed, lateEntry, awaitingCosign, isGroup, maySign, mayAmend, mayCosign: Bool
    var groupSize, version, amendments: Int, history: [Amendment]
    var participantLink, editLink, signLink, discardLink, amendLink, cosignLink: String
    /// A group's notes all at once: "Sign all 8 notes of this group".
    var signGroupLink = "", cosignGroupLink = "", groupSignLabel = "", groupCosignLabel = ""
    var notice, signedAt, cosignedBy, cosignedAt: String?, original: Content?
    /// Referrals made during this note, and the way to make one.
    var referrals: [ReferralLine] = [], referLink = ""
    /// The plan goals this note worked on, and the way to name them (its author's).
    var goals: [String] = [], goalsLink = ""
    /// Said when the author's certification had lapsed, or their training window closed, on the service day: it bills no units.
    var certificationFlag: String?
}

/// The note form: a new note, a draft being finished, or an amendment.
struct ServiceFormView: PageView {
    var heading, action, cancelLink: String, errors: [String: String], fields, chooser: [FieldView]
    /// The choices already made (type, functions, modality, setting, language), folded into one line with
    /// "Change", and the note fields after them: on a phone the note box and "Sign" come early.
    var choices: [FieldView] = [], after: [FieldView] = [], choicesSummary = "", choicesOpen = true
    var personName, personLink, programName, summary: String?, personID, programID: UUID?, version: Int?
    var newNote = false, remembered = false, amend = false
    /// Told before a note is written: the peer's certification lapsed or their training window closed today.
    var certificationWarning: String?
}

/// A group session: the peer's caseload to tick, each with a line of their own.
struct ServiceGroupView: PageView {
    struct Attendee: Encodable, Sendable { var id: UUID; var name: String; var checked: Bool; var line: String? }
    var attendees: [Attendee], errors: [String: String], fields: [FieldView]
    var programID: UUID?, summary: String?
    /// What the attendee search holds.
    var find = ""
    var action = ServiceRoutes.group(), cancelLink = ServiceRoutes.week()
}

/// Documenting services: a new note (opened from the caseload or the record with the person filled in
/// and the peer's usual choices), drafts, signing, amendments with their history, co-signature, groups
/// and outreach events.
enum ServicePages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let docs = env.documentation
        let zone = env.config.timeZone

        @Sendable func formPage(_ context: AppContext, titleKey: String, action: String, person: Person?, fields: [FormField],
                                chooser: [FormField] = [], error: WebError?, _ fill: (inout ServiceFormView) -> Void) -> Response {
            let l = env.localizer, locale = context.locale
            let refused = error.map { PageSupport.formErrors($0, env, context) } ?? .init()
            let personLink = person.map { ParticipantRoutes.record($0.id) }
            var view = ServiceFormView(heading: l.text(titleKey, locale), action: action, cancelLink: personLink ?? ParticipantRoutes.caseload(),
                                       errors: refused.errors, fields: FormField.render(fields, refused.errors, l, locale),
                                       chooser: FormField.render(chooser, refused.errors, l, locale), personName: person?.displayName,
                                       personLink: personLink, summary: refused.summary, personID: person?.id)
            fill(&view)
            ServiceForm.fold(&view)
            return env.renderer.page("service_form", titleKey: titleKey, view: view, context: context, status: error?.status ?? .ok)
        }

        @Sendable func newForm(_ context: AppContext, _ actor: Actor, personID: UUID?, input: ServiceInput?, programID: UUID?,
                               error: WebError?) async throws -> Response {
            let form = try await docs.formContext(personID: personID, by: actor, context: context.audit)
            let program = programID ?? form.personProgramID ?? form.remembered.map(\.programID).flatMap { id in
                form.programs.contains { $0.program.id == id } ? id : nil
            } ?? form.programs.first?.program.id
            let catalog = form.programs.first { $0.program.id == program }?.catalog ?? ServiceCatalog()
            let values = input ?? ServiceForm.defaults(form, person: form.person, now: env.clock.now(), zone: zone)
            var chooser: [FormField] = []
            if personID == nil {
                // Without a person, the form offers the peer's caseload to choose from.
                let caseload = try await env.journey.caseload(by: actor, context: context.audit)
                // A blank first choice, so a note is never filed against whoever happens to come first.
                chooser = [FormField(name: "person_id", labelKey: "service.participant", kind: .select, value: "",
                                     options: [("", "service.choose_participant")] + caseload.map { ($0.person.id.text, $0.person.displayName) },
                                     required: true)]
            }
            let standing = try await env.workforce.standing(of: actor.userID, in: actor.organizationID, on: CalendarDate(env.clock.now(), in: zone))
            return formPage(context, titleKey: "service.new_title", action: ServiceRoutes.services(), person: form.person,
                            fields: ServiceForm.fields(values, catalog: catalog, programs: form.programs.map(\.program), programID: program,
                                                       colleagues: form.colleagues),
                            chooser: chooser, error: error) {
                ($0.newNote, $0.remembered, $0.programID) = (true, form.remembered != nil && input == nil, program)
                if form.programs.count == 1 { $0.programName = form.programs[0].program.name }
                if standing.isFlagged { $0.certificationWarning = env.localizer.text("service.certification_warning_\(standing.rawValue)", context.locale) }
            }
        }

        table.add(.get, ServiceRoutes.newService, .page, .policy(.create, .participants)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let person = try QueryParameters.read(request)["person"].flatMap { UUID(uuidString: $0) }
            return try await newForm(context, actor, personID: person, input: nil, programID: nil, error: nil)
        }

        table.form(ServiceRoutes.services, .policy(.create, .participants)) { form, actor, context, resolved in
            let input = ServiceForm.read(form)
            let personID = PageSupport.parseUUID(form["person_id"])
            let programID = PageSupport.parseUUID(form["program_id"])
            let sign = form["intent"] == "sign"
            return try await PageSupport.submit { () -> PeerService in
                guard let personID else { throw ValidationError("person_id", "required") }
                guard let programID else { throw ValidationError("program_id", "required") }
                return try await docs.document(personID: personID, programID: programID, input, sign: sign, by: actor, context: context.audit)
            } then: { service in
                redirect(ServiceRoutes.service(service.id, query: ["saved": sign ? "signed" : "draft"]))
            } refused: { error in
                // Someone out of reach is never named back: the form returns without them.
                let reachable = error.fields.contains { $0.code == "not_on_caseload" } ? nil : personID
                return try await newForm(context, actor, personID: reachable, input: input, programID: programID, error: error)
            }
        }

        table.add(.get, ServiceRoutes.service, .page, .policy(.read, .service)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let authorized = try resolved.authorized(PeerService.self)
            let detail = try await docs.detail(of: authorized, by: actor, context: context.audit)
            let notice = try QueryParameters.read(request)["saved"].map { saved in
                env.localizer.text("service.saved_\(["signed", "amended", "cosigned", "group_signed", "group_cosigned"].contains(saved) ? saved : "draft")", context.locale)
            }
            var page = view(detail, notice: notice, env.localizer, context.locale)
            try await ReferralPages.fill(&page, service: authorized, actor: actor, env: env, context: context)
            let (named, choices) = try await env.plans.goals(ofService: authorized, context: context.audit)
            page.goals = choices.filter { named.contains($0.id) }.map(\.words)
            if authorized.record.peerID == actor.userID, !choices.isEmpty { page.goalsLink = PlanRoutes.serviceGoals(authorized.record.id) }
            let standing = try await env.workforce.standing(of: authorized.record.peerID, in: authorized.record.organizationID,
                                                          on: authorized.record.content.date)
            if standing.isFlagged { page.certificationFlag = env.localizer.text("service.certification_flag_\(standing.rawValue)", context.locale) }
            return env.renderer.page("service", titleKey: "service.title", view: page, context: context)
        }

        // A draft (its author finishes it, saves it again, or signs it), or an amendment: the corrected note with a reason,
        // the original kept in the history.
        @Sendable func noteForm(_ context: AppContext, _ actor: Actor, _ service: PeerService, input: ServiceInput?, reason: String? = nil,
                                error: WebError?) async throws -> Response {
            let settings = try await docs.settings(programID: service.programID, by: actor)
            let form = try await docs.formContext(personID: nil, by: actor, context: context.audit)
            let person = try await env.db.read { conn in try await PersonRecords.get(service.personID, on: conn) }
            var fields = ServiceForm.fields(input ?? ServiceInput(service.content), catalog: settings.catalog, programs: [], programID: nil,
                                            colleagues: form.colleagues)
            if let reason {
                fields.insert(FormField(name: "reason", labelKey: "service.amend_reason", kind: .textarea, value: reason, required: true,
                                        hintKey: "service.amend_reason_hint", maxLength: ServiceRules.maxLineLength), at: 0)
            }
            return formPage(context, titleKey: reason == nil ? "service.edit_title" : "service.amend_title",
                            action: reason == nil ? ServiceRoutes.edit(service.id) : ServiceRoutes.amend(service.id), person: person,
                            fields: fields, error: error) {
                ($0.version, $0.programName, $0.amend) = (service.version, settings.program.name, reason != nil)
            }
        }

        table.add(.get, ServiceRoutes.edit, .page, .policy(.sign, .service)) { _, context, resolved in
            let service = resolved.service!
            guard service.status == .draft else { return redirect(ServiceRoutes.service(service.id)) }
            return try await noteForm(context, try resolved.requireActor(), service, input: nil, error: nil)
        }

        table.form(ServiceRoutes.edit, .policy(.sign, .service)) { form, actor, context, resolved in
            let input = ServiceForm.read(form)
            let sign = form["intent"] == "sign"
            return try await PageSupport.submit {
                try await docs.saveDraft(resolved.service!.id, input, expectedVersion: PageSupport.parseInt(form["version"]), sign: sign,
                                         by: actor, context: context.audit)
            } then: { saved in
                redirect(ServiceRoutes.service(saved.id, query: ["saved": sign ? "signed" : "draft"]))
            } refused: { error in
                try await noteForm(context, actor, resolved.service!, input: input, error: error)
            }
        }

        table.form(ServiceRoutes.sign, .policy(.sign, .service)) { form, actor, context, resolved in
            let service = resolved.service!
            return try await PageSupport.submit {
                try await docs.sign(service.id, expectedVersion: PageSupport.parseInt(form["version"]), by: actor, context: context.audit)
            } then: { _ in redirect(ServiceRoutes.service(service.id, query: ["saved": "signed"])) } refused: { error in
                // An incomplete draft opens in its form with what is missing marked.
                try await noteForm(context, actor, service, input: nil, error: error)
            }
        }

        table.form(ServiceRoutes.discard, .policy(.delete, .service)) { form, _, context, resolved in
            let service = resolved.service!
            guard ConfirmPage.confirmed(form) else {
                let l = env.localizer, locale = context.locale
                let c = service.content
                let catalog = try await ServiceLabels.catalogs([service.programID], env)[service.programID]
                let question = ConfirmPage.Question(
                    question: l.format("confirm.discard_question", locale, ["date": l.date(c.date, locale), "time": c.startTime,
                                                                             "type": ServiceLabels.text(.serviceType, c.serviceType, in: catalog, l, locale)]),
                    consequence: l.text("confirm.discard_consequence", locale), confirmKey: "service.discard")
                return ConfirmPage.page(context, env, titleKey: "service.discard", question, action: ServiceRoutes.discard(service.id), form: form,
                                        backLink: ServiceRoutes.service(service.id))
            }
            try await docs.discard(service.id, by: try resolved.requireActor(), context: context.audit)
            return redirect(PageSupport.noticed(ParticipantRoutes.record(service.personID) + "#services", .discarded))
        }

        table.add(.get, ServiceRoutes.amend, .page, .policy(.update, .service)) { _, context, resolved in
            let service = resolved.service!
            guard service.status == .signed else { return redirect(ServiceRoutes.edit(service.id)) }
            return try await noteForm(context, try resolved.requireActor(), service, input: nil, reason: "", error: nil)
        }

        table.form(ServiceRoutes.amend, .policy(.update, .service)) { form, actor, context, resolved in
            let input = ServiceForm.read(form)
            return try await PageSupport.submit {
                try await docs.amend(resolved.service!.id, input, reason: form.string("reason"), expectedVersion: PageSupport.parseInt(form["version"]),
                                     by: actor, context: context.audit)
            } then: { saved in
                redirect(ServiceRoutes.service(saved.id, query: ["saved": "amended"]) + "#history")
            } refused: { error in
                try await noteForm(context, actor, resolved.service!, input: input, reason: form.string("reason"), error: error)
            }
        }

        table.form(ServiceRoutes.cosign, .policy(.cosign, .service)) { form, actor, context, resolved in
            let id = resolved.service!.id
            _ = try await docs.cosign(id, by: actor, context: context.audit)
            return redirect(form["back"] == "queue" ? ServiceRoutes.cosignQueue(query: ["done": "1"]) : ServiceRoutes.service(id, query: ["saved": "cosigned"]))
        }

        table.add(.post, ServiceRoutes.signGroup, .page, .policy(.sign, .service)) { _, context, resolved in
            let id = resolved.service!.id
            _ = try await docs.signGroup(of: id, by: try resolved.requireActor(), context: context.audit)
            return redirect(ServiceRoutes.service(id, query: ["saved": "group_signed"]))
        }

        table.form(ServiceRoutes.cosignGroup, .policy(.cosign, .service)) { form, _, context, resolved in
            let id = resolved.service!.id
            _ = try await docs.cosignGroup(of: id, by: try resolved.requireActor(), context: context.audit)
            return redirect(form["back"] == "queue" ? ServiceRoutes.cosignQueue(query: ["done": "1"]) : ServiceRoutes.service(id, query: ["saved": "group_cosigned"]))
        }

        registerGroup(&table, env)
        registerOutreach(&table, env)
    }

    // MARK: - The note and its history

    static func view(_ d: ServiceDocumentation.Detail, notice: String?, _ l: Localizer, _ locale: String) -> ServiceView {
        let s = d.service
        func content(_ c: ServiceContent) -> ServiceView.Content {
            .init(date: l.date(c.date, locale), start: c.startTime, type: ServiceLabels.text(.serviceType, c.serviceType, in: d.catalog, l, locale),
                  functions: c.coreFunctions.map { ServiceLabels.text(.coreFunction, $0, in: d.catalog, l, locale) }.joined(separator: ", "),
                  modality: l.text("modality.\(c.modality.rawValue)", locale), setting: l.text("service_setting.\(c.setting.rawValue)", locale),
                  language: c.language.isEmpty ? "" : l.text("language.\(c.language)", locale), note: c.note, personNote: c.personNote,
                  followUp: c.followUp, minutes: c.durationMinutes, units: c.units, end: c.endTime,
                  cofacilitator: c.cofacilitatorID.flatMap { d.staffNames[$0] })
        }
        let history = d.amendments.reversed().map { a in
            // The first amendment's "before" is the original, shown once below the history.
            ServiceView.Amendment(at: PageSupport.date(a.amendedAt), by: d.staffNames[a.amendedBy] ?? "", reason: a.reason,
                                  changed: a.changedFields.map { l.text("service.field.\($0)", locale) }.joined(separator: ", "),
                                  before: a.id == d.amendments.first?.id ? nil : content(a.before))
        }
        var view = ServiceView(personName: d.person.displayName, program: d.program?.name ?? "", peer: d.staffNames[s.peerID] ?? "",
                     enteredAt: PageSupport.date(s.enteredAt), content: content(s.content), draft: s.status == .draft, signed: s.status == .signed,
                     lateEntry: s.lateEntry, awaitingCosign: s.awaitingCosignature, isGroup: d.groupSize != nil, maySign: d.maySign,
                     mayAmend: d.mayAmend, mayCosign: d.mayCosign, groupSize: d.groupSize ?? 0, version: s.version, amendments: d.amendments.count,
                     history: history, participantLink: ParticipantRoutes.record(s.personID) + "#services", editLink: ServiceRoutes.edit(s.id),
                     signLink: ServiceRoutes.sign(s.id), discardLink: ServiceRoutes.discard(s.id), amendLink: ServiceRoutes.amend(s.id),
                     cosignLink: ServiceRoutes.cosign(s.id), notice: notice, signedAt: s.signedAt.map(PageSupport.date),
                     cosignedBy: s.cosignedBy.flatMap { d.staffNames[$0] }, cosignedAt: s.cosignedAt.map(PageSupport.date),
                     original: d.amendments.first.map { content($0.before) })
        if let size = d.groupSize {
            let count = ["count": l.count(size, locale)]
            (view.signGroupLink, view.cosignGroupLink) = (ServiceRoutes.signGroup(s.id), ServiceRoutes.cosignGroup(s.id))
            (view.groupSignLabel, view.groupCosignLabel) = (l.format("service.sign_group", locale, count), l.format("service.cosign_group", locale, count))
        }
        return view
    }

    // MARK: - Groups

    static func registerGroup(_ table: inout RouteTable, _ env: AppEnvironment) {
        let docs = env.documentation
        let zone = env.config.timeZone

        @Sendable func page(_ context: AppContext, _ actor: Actor, form: FormData?, error: WebError?) async throws -> Response {
            let ctx = try await docs.formContext(personID: nil, by: actor, context: context.audit)
            let caseload = try await env.journey.caseload(by: actor, context: context.audit)
            let l = env.localizer, locale = context.locale
            let programID = form.flatMap { PageSupport.parseUUID($0["program_id"]) } ?? ctx.remembered?.programID ?? ctx.programs.first?.program.id
            let catalog = ctx.programs.first { $0.program.id == programID }?.catalog ?? ServiceCatalog()
            var input = form.map(ServiceForm.read) ?? ServiceForm.defaults(ctx, person: nil, now: env.clock.now(), zone: zone)
            if form == nil { input.serviceType = "group_peer_counseling" }
            let chosen = Set(form?.all("attendees") ?? [])
            // "Find" narrows the list to the names matching the box, keeping everyone already ticked.
            let find = NameSearch.parse(form?["find"] ?? "")
            var seen = Set<UUID>()
            let attendees = caseload.filter { seen.insert($0.person.id).inserted }.filter { entry in
                chosen.contains(entry.person.id.text) || find.matches(entry.person)
            }.map { entry in
                let id = entry.person.id.text
                return ServiceGroupView.Attendee(id: entry.person.id, name: entry.person.displayName, checked: chosen.contains(id), line: form?["line_\(id)"])
            }
            let refused = error.map { PageSupport.formErrors($0, env, context) } ?? .init()
            let fields = ServiceForm.fields(input, catalog: catalog, programs: ctx.programs.map(\.program), programID: programID,
                                            colleagues: ctx.colleagues, group: true)
            var view = ServiceGroupView(attendees: attendees, errors: refused.errors, fields: FormField.render(fields, refused.errors, l, locale),
                                        programID: programID, summary: refused.summary)
            view.find = form?["find"] ?? ""
            return env.renderer.page("service_group", titleKey: "service.group_title", view: view, context: context, status: error?.status ?? .ok)
        }

        table.add(.get, ServiceRoutes.newGroup, .page, .policy(.create, .participants)) { _, context, resolved in
            try await page(context, try resolved.requireActor(), form: nil, error: nil)
        }

        table.form(ServiceRoutes.group, .policy(.create, .participants)) { form, actor, context, resolved in
            // Finding people is not saving: the form comes back with everything typed and ticked.
            if form["intent"] == "find" { return try await page(context, actor, form: form, error: nil) }
            let sign = form["intent"] == "sign"
            return try await PageSupport.submit { () -> [PeerService] in
                let programID = try form.id("program_id")
                let attendees = form.all("attendees").compactMap(UUID.init(uuidString:)).map {
                    ServiceDocumentation.Attendee(personID: $0, line: form.string("line_\($0.text)"))
                }
                return try await docs.documentGroup(programID: programID, ServiceForm.read(form), attendees: attendees, sign: sign, by: actor,
                                                    context: context.audit)
            } then: { created in
                redirect(ServiceRoutes.week(query: ["date": created.first?.content.date.description ?? "", "group": String(created.count)]))
            } refused: { error in
                try await page(context, actor, form: form, error: error)
            }
        }
    }

    // MARK: - Outreach

    static func registerOutreach(_ table: inout RouteTable, _ env: AppEnvironment) {
        let docs = env.documentation

        @Sendable func page(_ context: AppContext, _ actor: Actor, form: FormData?, error: WebError?) async throws -> Response {
            let ctx = try await docs.formContext(personID: nil, by: actor, context: context.audit)
            let l = env.localizer, locale = context.locale
            let fields = [
                FormField(name: "program_id", labelKey: "contact.program", kind: .select,
                          value: form?["program_id"] ?? ctx.programs.first.map { $0.program.id.text } ?? "",
                          options: ctx.programs.map { ($0.program.id.text, $0.program.name) }, required: true),
                FormField(name: "kind", labelKey: "outreach.kind", kind: .radio, value: form?["kind"] ?? "assertive_outreach",
                          options: FormField.choices(OutreachKind.self, "outreach.kind"), required: true),
                FormField(name: "date", labelKey: "service.date", kind: .date, value: form?["date"] ?? env.journey.today.description, required: true),
                FormField(name: "start_time", labelKey: "service.start_time", kind: .time, value: form?["start_time"] ?? "", required: true),
                FormField(name: "duration_minutes", labelKey: "service.duration_minutes", kind: .number, value: form?["duration_minutes"] ?? "60",
                          required: true, maxLength: 4),
                FormField(name: "setting", labelKey: "service.setting", kind: .select, value: form?["setting"] ?? "community",
                          options: FormField.choices(ServiceSetting.self, "service_setting"), required: true),
                FormField(name: "people_reached", labelKey: "outreach.people_reached", kind: .number, value: form?["people_reached"] ?? "",
                          required: true, hintKey: "outreach.people_reached_hint", maxLength: 6),
                FormField(name: "audience", labelKey: "outreach.audience", value: form?["audience"] ?? "", required: true,
                          hintKey: "outreach.audience_hint", maxLength: 200),
                FormField(name: "note", labelKey: "outreach.note", kind: .textarea, value: form?["note"] ?? "", hintKey: "outreach.note_hint",
                          maxLength: ServiceRules.maxNoteLength),
            ]
            let failure = PageSupport.FormErrors(errors: error.map { PageSupport.fieldErrors($0.fields, l, locale) } ?? [:],
                                                 summary: error.map { l.text($0.messageKey, locale) }, status: error?.status ?? .ok)
            return JourneyPages.formPage(context, env, titleKey: "outreach.title", submitKey: "outreach.submit", fields: fields,
                                         action: ServiceRoutes.outreach(), cancel: ServiceRoutes.week(), failure: failure)
        }

        table.add(.get, ServiceRoutes.newOutreach, .page, .policy(.create, .participants)) { _, context, resolved in
            try await page(context, try resolved.requireActor(), form: nil, error: nil)
        }

        table.form(ServiceRoutes.outreach, .policy(.create, .participants)) { form, actor, context, resolved in
            return try await PageSupport.submit { () -> OutreachEvent in
                let programID = try form.id("program_id")
                return try await docs.recordOutreach(programID: programID, .init(
                    kind: form.string("kind"), date: form.string("date"), startTime: form.string("start_time"),
                    durationMinutes: form.string("duration_minutes"), setting: form.string("setting"), peopleReached: form.string("people_reached"),
                    audience: form.string("audience"), note: form.string("note")), by: actor, context: context.audit)
            } then: { event in
                redirect(ServiceRoutes.week(query: ["date": event.date.description, "outreach": "1"]))
            } refused: { error in
                try await page(context, actor, form: form, error: error)
            }
        }
    }
}
