import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// One staff member's workforce record on pages: the certification checklist ("what do I still have to
/// do, and by when"), continuing education, trainings, supervision received, career and profile; the
/// forms that add to it; and the wellness check-in, which only the person and their supervisor read.
enum StaffPages {
    /// Sessions of supervision the record lists (the months' totals count them all).
    static let recentSessions = 5

    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let workforce = env.workforce

        table.add(.get, WorkforceRoutes.mine, .page, .signedIn) { _, _, resolved in
            redirect(WorkforceRoutes.staff(try resolved.requireActor().userID))
        }

        table.add(.get, WorkforceRoutes.staff, .page, .policy(.read, .staffRecord)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let authorized = try resolved.authorized(User.self)
            let record = try await workforce.record(of: authorized, by: actor, context: context.audit)
            var view = staffView(record, resource: authorized.resource, actor: actor, env.localizer, context.locale)
            view.notice = PageSupport.notice(request, env.localizer, context.locale)
            return env.renderer.page("staff", titleKey: "staff.title", view: view, context: context)
        }

        // Continuing education: hours as a person types them ("1.5", "1,5"), counted toward the cycle the day falls in.
        // `?category=` chooses the category (the checklist's law-and-ethics line opens it so).
        form(&table, env, .init(path: WorkforceRoutes.education, ref: .staffRecord, action: .create, titleKey: "staff.ce_title", submitKey: "staff.ce_submit",
                                saved: .ceLogged, prefill: true),
             build: { form, record, _, context in
                 .init(fields: [
                     FormField(name: "taken_on", labelKey: "staff.ce_taken_on", kind: .date, value: form?["taken_on"] ?? record.today.description,
                               required: true),
                     FormField(name: "hours", labelKey: "staff.ce_hours", value: form?["hours"] ?? "", required: true, hintKey: "staff.ce_hours_hint",
                               maxLength: 10),
                     FormField(name: "category", labelKey: "staff.ce_category", kind: .select, value: form?["category"] ?? "",
                               options: FormField.choices(CECategory.self, "ce.category"), required: true, hintKey: "staff.ce_category_hint"),
                     FormField(name: "title", labelKey: "staff.ce_course_title", value: form?["title"] ?? "", required: true, maxLength: 200),
                     FormField(name: "provider", labelKey: "staff.ce_provider", value: form?["provider"] ?? "", maxLength: 200),
                 ], intro: ceIntro(record, env.localizer, context.locale))
             },
             submit: { form, user, actor, context in
                 let (day, minutes, category) = try readCE(form, today: workforce.today)
                 _ = try await workforce.logCE(user.id, takenOn: day, minutes: minutes, category: category, title: form.string("title"),
                                               provider: form.string("provider"), by: actor, context: context.audit)
             })

        // A certification step on the day it happened (`?step=` chooses it); Core says whether it may come next.
        form(&table, env, .init(path: WorkforceRoutes.step, ref: .staffRecord, action: .create, titleKey: "staff.step_title", submitKey: "staff.step_submit",
                                saved: .stepRecorded, prefill: true),
             build: { form, record, _, context in
                 let chosen = form?["step"].flatMap(CertificationStep.init(rawValue:))
                 let l = env.localizer, locale = context.locale
                 return .init(fields: [
                     FormField(name: "step", labelKey: "staff.step", kind: .select, value: form?["step"] ?? "",
                               options: FormField.choices(CertificationStep.self, "certification.step"), required: true),
                     FormField(name: "on", labelKey: "staff.step_on", kind: .date, value: form?["on"] ?? record.today.description, required: true),
                     FormField(name: "reference", labelKey: "staff.step_reference", value: form?["reference"] ?? "",
                               hintKey: chosen.map { "certification.reference_hint.\($0.rawValue)" } ?? "certification.reference_hint", maxLength: 200),
                 ], intro: l.format("staff.step_intro", locale, ["state": l.text(record.status.state.labelKey, locale)]))
             },
             submit: { form, user, actor, context in
                 var errors = ValidationErrors()
                 let step: CertificationStep? = choice(form, "step", into: &errors)
                 let day = date(form, "on", required: true, into: &errors)
                 try errors.throwIfAny()
                 _ = try await workforce.recordStep(user.id, step: step!, on: day!, reference: form.string("reference"), by: actor, context: context.audit)
             })

        // A completed training: from the catalogue or not, the core topics it covered, and what proves it.
        form(&table, env, .init(path: WorkforceRoutes.training, ref: .staffRecord, action: .create, titleKey: "staff.training_title", submitKey: "staff.training_submit",
                                saved: .trainingRecorded),
             build: { form, record, _, context in
                 let l = env.localizer, locale = context.locale
                 var fields: [FormField] = []
                 if !record.courses.isEmpty {
                     fields.append(FormField(name: "course_id", labelKey: l.text("staff.training_course", locale), kind: .select,
                                             value: form?["course_id"] ?? "", options: record.courses.map { ($0.id.text, $0.title) },
                                             hintKey: "staff.training_course_hint", literal: true))
                 }
                 let topics = form.map { Set($0.all("topics")) } ?? []
                 fields += [
                     FormField(name: "title", labelKey: "staff.training_name", value: form?["title"] ?? "", required: record.courses.isEmpty,
                               maxLength: TrainingRules.maxTitleLength),
                     FormField(name: "topics", labelKey: "staff.training_topics", kind: .checks, checked: topics,
                               options: FormField.choices(TrainingTopic.self, "training.topic"), hintKey: "staff.training_topics_hint"),
                     FormField(name: "completed_on", labelKey: "staff.training_completed_on", kind: .date,
                               value: form?["completed_on"] ?? record.today.description, required: true),
                     FormField(name: "hours", labelKey: "staff.training_hours", value: form?["hours"] ?? "", required: true,
                               hintKey: "staff.ce_hours_hint", maxLength: 10),
                     FormField(name: "evidence", labelKey: "staff.training_evidence", value: form?["evidence"] ?? "", required: true,
                               hintKey: "staff.training_evidence_hint", maxLength: TrainingRules.maxEvidenceLength),
                 ]
                 return .init(fields: fields, intro: topicsLine(record, l, locale))
             },
             submit: { form, user, actor, context in
                 let (courseID, day, minutes) = try readTraining(form, today: workforce.today)
                 _ = try await workforce.recordTraining(user.id, courseID: courseID, title: form.string("title"),
                                                        topics: Set(form.all("topics").compactMap(TrainingTopic.init(rawValue:))), completedOn: day,
                                                        minutes: minutes, evidence: form.string("evidence"), by: actor, context: context.audit)
             })

        // The workforce profile: the person and HR change it; only the person says what is shared.
        form(&table, env, .init(path: WorkforceRoutes.profile, ref: .staffRecord, action: .update, titleKey: "staff.profile_title", submitKey: "action.save",
                                saved: .profileSaved),
             build: { form, record, actor, context in
                 guard record.seesWholeProfile else { throw WebError.forbidden }
                 let isSelf = actor.userID == record.user.id
                 return .init(fields: profileFields(form, record, isSelf: isSelf),
                              intro: env.localizer.text(isSelf ? "staff.profile_intro_self" : "staff.profile_intro_hr", context.locale))
             },
             submit: { form, user, actor, context in
                 let details = try readDetails(form, isSelf: actor.userID == user.id)
                 _ = try await workforce.saveProfile(user.id, background: PeerProfilePages.read(form), details: details, by: actor,
                                                     context: context.audit)
             })

        // A new role on the career path, recorded by HR or the supervisor (`assign`): no one promotes themselves.
        form(&table, env, .init(path: WorkforceRoutes.career, ref: .staffRecord, action: .assign, titleKey: "staff.career_title", submitKey: "staff.career_submit",
                                saved: .careerSaved),
             build: { form, record, _, context in
                 let l = env.localizer, locale = context.locale
                 let current = CareerRules.ordered(record.career).last
                 return .init(fields: [
                     FormField(name: "role", labelKey: "staff.career_role", kind: .select, value: form?["role"] ?? "",
                               options: FormField.choices(CareerRole.self, "career.role"), required: true),
                     FormField(name: "started_on", labelKey: "staff.career_started_on", kind: .date,
                               value: form?["started_on"] ?? record.today.description, required: true),
                 ], intro: current.map {
                     l.format("staff.career_current", locale, ["role": l.text($0.role.labelKey, locale), "date": WorkforceWords.day($0.startedOn, l, locale)])
                 } ?? l.text("staff.career_none", locale))
             },
             submit: { form, user, actor, context in
                 var errors = ValidationErrors()
                 let role: CareerRole? = choice(form, "role", into: &errors)
                 let day = date(form, "started_on", required: true, into: &errors)
                 try errors.throwIfAny()
                 _ = try await workforce.addCareerStep(user.id, role: role!, startedOn: day!, by: actor, context: context.audit)
             })

        // The signed-in person's own check-in; the workflow decides who may give one.
        table.add(.get, WorkforceRoutes.checkIn, .page, .signedIn) { request, context, resolved in
            let actor = try resolved.requireActor()
            return try await checkInPage(nil, actor: actor, context: context, env: env,
                                         notice: PageSupport.notice(request, env.localizer, context.locale))
        }
        table.form(WorkforceRoutes.checkIn, .signedIn) { form, actor, context, _ in
            try await PageSupport.save(to: WorkforceRoutes.checkIn(), .checkedIn, env, context) {
                var errors = ValidationErrors()
                let answers = ["satisfaction", "burnout", "supported"].map { scale(form, $0, into: &errors) }
                try errors.throwIfAny()
                return try await workforce.checkIn(satisfaction: answers[0]!, burnout: answers[1]!, supported: answers[2]!, note: form.string("note"),
                                                   by: actor, context: context.audit)
            } refused: { failure in
                try await checkInPage(form, actor: actor, context: context, env: env, failure: failure)
            }
        }

        table.add(.get, WorkforceRoutes.wellnessOf, .page, .policy(.list, .wellness)) { _, context, resolved in
            let actor = try resolved.requireActor()
            let user = try resolved.authorized(User.self).record
            let list = try await workforce.checkIns(of: user.id, by: actor, context: context.audit)
            let l = env.localizer, locale = context.locale
            let isSelf = actor.userID == user.id
            let view = WellnessView(name: user.displayName, recordLink: WorkforceRoutes.staff(user.id),
                                    intro: l.format(isSelf ? "wellness.private_self" : "wellness.private_other", locale,
                                                    ["name": user.displayName, "size": l.count(WellnessRules.minimumGroupSize, locale)]),
                                    checkIns: list.map { checkInRow($0, l, locale) },
                                    checkInLink: isSelf ? WorkforceRoutes.checkIn() : nil)
            return env.renderer.page("staff_wellness", titleKey: "wellness.list_title", view: view, context: context)
        }
    }

    // MARK: - Forms on a staff member's record

    typealias Build = @Sendable (FormData?, Workforce.StaffRecord, Actor, AppContext) async throws -> JourneyPages.StepForm
    typealias Submit = @Sendable (FormData, User, Actor, AppContext) async throws -> Void

    /// The GET (form) and POST (submit) of one form on a staff member's record (`.staffRecord`), guarded on
    /// that record. A refused submission shows the form again with what was typed and a message by each
    /// field; a saved one goes back to the record, which says what was saved.
    static func form(_ table: inout RouteTable, _ env: AppEnvironment, _ spec: JourneyPages.Step, build: @escaping Build, submit: @escaping Submit) {
        JourneyPages.routes(&table, env, spec, goesBack: false, submit: { form, resolved, actor, context in
            let user = try resolved.authorized(User.self).record
            try await submit(form, user, actor, context)
            return WorkforceRoutes.staff(user.id)
        }) { form, resolved, context, failure, _ in
            let actor = try resolved.requireActor()
            let record = try await env.workforce.record(of: try resolved.authorized(User.self), by: actor, context: context.audit)
            let built = try await build(form, record, actor, context)
            let l = env.localizer, locale = context.locale
            // Whose record the form adds to, when it is not the reader's own.
            let whose = actor.userID == record.user.id ? nil : l.format("staff.form_for", locale, ["name": record.user.displayName])
            let intro = [whose, built.intro].compactMap { $0 }.joined(separator: " ")
            return JourneyPages.formPage(context, env, titleKey: spec.titleKey, submitKey: spec.submitKey, fields: built.fields,
                                         action: spec.path(record.user.id), cancel: WorkforceRoutes.staff(record.user.id), failure: failure,
                                         intro: intro.isEmpty ? nil : intro, link: built.link)
        }
    }

    // MARK: - Reading forms

    /// A required choice of a closed list: empty is `required`, anything else not in it `unknown_value`.
    static func choice<T: RawRepresentable>(_ form: FormData, _ field: String, into errors: inout ValidationErrors) -> T? where T.RawValue == String {
        let raw = form.string(field)
        guard !raw.isEmpty else { return errors.refuse(field, "required") }
        return errors.named(raw, field)
    }

    static func date(_ form: FormData, _ field: String, required: Bool, into errors: inout ValidationErrors) -> CalendarDate? {
        let raw = TextRules.trimmed(form.string(field))
        if raw.isEmpty, required { errors.append(ValidationError(field, "required")) }
        return raw.isEmpty ? nil : WorkforceInput.date(raw, field, into: &errors)
    }

    /// Hours as typed, in minutes: empty is `required`, anything not a number `out_of_range`.
    static func minutes(_ form: FormData, _ field: String, into errors: inout ValidationErrors) -> Int? {
        let raw = form.string(field)
        guard !TextRules.trimmed(raw).isEmpty else { return errors.refuse(field, "required") }
        guard let minutes = CertificationRules.minutes(fromHours: raw) else { return errors.refuse(field, "out_of_range", "error.not_hours") }
        return minutes
    }

    /// Adds what `rule` refuses on fields not already refused, so one round trip shows every problem
    /// even when some answers could not be read.
    static func merge(_ errors: inout ValidationErrors, _ rule: () throws(ValidationErrors) -> Void) {
        do { try rule() } catch {
            for e in error.errors where errors.first(for: e.field ?? "form") == nil { errors.append(e) }
        }
    }

    static let nobody = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    static func readCE(_ form: FormData, today: CalendarDate) throws -> (CalendarDate, Int, CECategory) {
        var errors = ValidationErrors()
        let day = date(form, "taken_on", required: true, into: &errors)
        let minutes = minutes(form, "hours", into: &errors)
        let category: CECategory? = choice(form, "category", into: &errors)
        guard let day, let minutes, let category else {
            merge(&errors) { () throws(ValidationErrors) in
                _ = try CertificationRules.validateCE(
                    CEEntry(id: nobody, userID: nobody, takenOn: day ?? today, minutes: minutes ?? 60, category: category ?? .other,
                            title: form.string("title"), provider: form.string("provider"), recordedBy: nobody, recordedAt: .distantPast),
                    existing: [], today: today)
            }
            throw errors
        }
        return (day, minutes, category)
    }

    static func readTraining(_ form: FormData, today: CalendarDate) throws -> (UUID?, CalendarDate, Int) {
        var errors = ValidationErrors()
        var courseID: UUID?
        if !form.string("course_id").isEmpty {
            courseID = PageSupport.parseUUID(form["course_id"])
            if courseID == nil { errors.append(ValidationError("course_id", "unknown_value")) }
        }
        let day = date(form, "completed_on", required: true, into: &errors)
        let minutes = minutes(form, "hours", into: &errors)
        guard errors.isEmpty, let day, let minutes else {
            // A course fills in an empty title, so only the other rules are asked here.
            merge(&errors) { () throws(ValidationErrors) in
                _ = try TrainingRules.validate(
                    TrainingCompletion(id: nobody, userID: nobody, courseID: courseID, title: courseID == nil ? form.string("title") : "-",
                                       topics: [], completedOn: day ?? today, minutes: minutes ?? 60, evidence: form.string("evidence"),
                                       recordedBy: nobody, recordedAt: .distantPast),
                    today: today)
            }
            throw errors
        }
        return (courseID, day, minutes)
    }

    static func readDetails(_ form: FormData, isSelf: Bool) throws -> WorkforceDetails {
        var errors = ValidationErrors()
        let discipline: Discipline? = choice(form, "discipline", into: &errors)
        var credential: QualifyingCredential?
        let number = form.string("credential_number"), issuedBy = form.string("credential_issued_by")
        let expires = date(form, "credential_expires_on", required: false, into: &errors)
        if !form.string("credential_kind").isEmpty {
            if let kind: CredentialKind = errors.named(form.string("credential_kind"), "credential_kind") {
                credential = QualifyingCredential(kind: kind, number: number, issuedBy: issuedBy, expiresOn: expires)
            }
        } else if !TextRules.trimmed(number).isEmpty || !TextRules.trimmed(issuedBy).isEmpty || expires != nil {
            errors.append(ValidationError("credential_kind", "required"))
        }
        let hired = date(form, "hired_on", required: false, into: &errors)
        try errors.throwIfAny()
        // HR's form has no consent boxes: the workflow keeps what the person chose.
        let shared = isSelf ? Set(form.all("shared").compactMap(SharedFact.init(rawValue:))) : []
        return WorkforceDetails(discipline: discipline!, specializations: form.string("specializations").split(separator: ",").map(String.init),
                                shared: shared, credential: credential, hiredOn: hired)
    }

    /// One answer of the check-in: 1 to 5.
    static func scale(_ form: FormData, _ field: String, into errors: inout ValidationErrors) -> Int? {
        let raw = form.string(field)
        guard !raw.isEmpty else { return errors.refuse(field, "required") }
        guard let value = Int(raw), WellnessRules.scale.contains(value) else { return errors.refuse(field, "out_of_range") }
        return value
    }

    // MARK: - Form fields

    /// Disciplines that supervise or lead, whose form asks for the qualifying credential.
    static let credentialed: Set<Discipline> = [.clinicalSupervisor, .programLeadership]

    static func profileFields(_ form: FormData?, _ record: Workforce.StaffRecord, isSelf: Bool) -> [FormField] {
        let details = record.profile.details
        let discipline = form.map { $0.string("discipline") } ?? details.discipline.rawValue
        var fields = [
            FormField(name: "discipline", labelKey: "staff.discipline", kind: .select, value: discipline,
                      options: FormField.choices(Discipline.self, "discipline"), required: true),
        ]
        let asksCredential = details.credential != nil || record.user.roles.contains(.supervisor)
            || Discipline(rawValue: discipline).map(credentialed.contains) == true
        if asksCredential {
            let c = details.credential
            fields += [
                FormField(name: "credential_kind", labelKey: "staff.credential_kind", kind: .select,
                          value: form?["credential_kind"] ?? c?.kind.rawValue ?? "", options: FormField.choices(CredentialKind.self, "credential"),
                          hintKey: "staff.credential_hint"),
                FormField(name: "credential_number", labelKey: "staff.credential_number", value: form?["credential_number"] ?? c?.number ?? "",
                          maxLength: WorkforceProfileRules.maxCredentialTextLength),
                FormField(name: "credential_issued_by", labelKey: "staff.credential_issued_by",
                          value: form?["credential_issued_by"] ?? c?.issuedBy ?? "", maxLength: WorkforceProfileRules.maxCredentialTextLength),
                FormField(name: "credential_expires_on", labelKey: "staff.credential_expires_on", kind: .date,
                          value: form?["credential_expires_on"] ?? c?.expiresOn?.description ?? ""),
            ]
        }
        fields += [
            FormField(name: "specializations", labelKey: "staff.specializations", value: form?["specializations"] ?? details.specializations.joined(separator: ", "),
                      hintKey: "staff.specializations_hint", maxLength: 1000),
            FormField(name: "hired_on", labelKey: "staff.hired_on", kind: .date, value: form?["hired_on"] ?? details.hiredOn?.description ?? ""),
        ]
        // The pairing background is the same record the pairing page edits: its fields, drawn once.
        fields += PeerProfilePages.fields(form.map(PeerProfilePages.read) ?? record.profile.background, form: form)
        if isSelf { fields.append(PeerProfilePages.sharing(details.shared, form: form)) }
        return fields
    }

    // MARK: - Wellness

    static func checkInPage(_ form: FormData?, actor: Actor, context: AppContext, env: AppEnvironment, failure: PageSupport.FormErrors = .init(),
                            notice: String? = nil) async throws -> Response {
        let l = env.localizer, locale = context.locale
        let list = try await env.workforce.checkIns(of: actor.userID, by: actor, context: context.audit)
        let today = env.workforce.today
        func question(_ name: String) -> FormField {
            FormField(name: name, labelKey: "wellness.\(name)", kind: .radio, value: form?[name] ?? "",
                      options: (1...5).map { ("\($0)", "wellness.\(name).\($0)") }, required: true)
        }
        let fields = [question("satisfaction"), question("burnout"), question("supported"),
                      FormField(name: "note", labelKey: "wellness.note", kind: .textarea, value: form?["note"] ?? "", hintKey: "wellness.note_hint",
                                maxLength: WellnessRules.maxNoteLength)]
        let last = list.first?.givenOn
        let due = last.map { last in
            WellnessRules.isDue(last: last, today: today)
                ? l.format("wellness.due_now", locale, ["date": WorkforceWords.day(last, l, locale)])
                : l.format("wellness.due_on", locale, ["date": WorkforceWords.day(last, l, locale), "next": WorkforceWords.day(last.adding(days: WellnessRules.cadenceDays), l, locale)])
        }
        let view = CheckInView(notice: notice,
                               intro: l.format("wellness.who_sees", locale, ["size": l.count(WellnessRules.minimumGroupSize, locale)]),
                               due: due, fields: FormField.render(fields, failure.errors, l, locale), action: WorkforceRoutes.checkIn(),
                               summary: failure.summary, errors: failure.errors, checkIns: list.map { checkInRow($0, l, locale) },
                               recordLink: WorkforceRoutes.staff(actor.userID))
        return env.renderer.page("staff_checkin", titleKey: "wellness.title", view: view, context: context, status: failure.status)
    }

    static func checkInRow(_ c: WellnessCheckIn, _ l: Localizer, _ locale: String) -> CheckInRow {
        func answer(_ name: String, _ value: Int) -> String {
            l.format("wellness.answer", locale, ["answer": l.text("wellness.\(name).\(value)", locale), "n": l.count(value, locale),
                                                 "of": l.count(WellnessRules.scale.upperBound, locale)])
        }
        return CheckInRow(date: WorkforceWords.day(c.givenOn, l, locale), satisfaction: answer("satisfaction", c.satisfaction), burnout: answer("burnout", c.burnout),
                          supported: answer("supported", c.supported), note: c.note.isEmpty ? nil : c.note)
    }

    // MARK: - The record

    static func staffView(_ r: Workforce.StaffRecord, resource: AccessResource, actor: Actor, _ l: Localizer, _ locale: String) -> StaffView {
        let id = r.user.id, s = r.status, rules = r.settings.certificationRules, today = r.today
        let isSelf = actor.userID == id
        let mayCreate = AccessPolicy.decide(actor, .create, resource) == .allow
        let mayAssign = AccessPolicy.decide(actor, .assign, resource) == .allow
        let scope = StaffScope(organizationID: r.user.organizationID, staffID: id, supervisorID: r.user.supervisorID)
        let readsWellness = AccessPolicy.decide(actor, .list, .wellness(scope)) == .allow
        let details = r.profile.details, background = r.profile.background
        // Certification and the monthly supervision expectation are about peers: a clinical supervisor's
        // record does not ask them to apply, unless steps were recorded for them anyway.
        let isPeer = r.profile.details.discipline.isPeer
        func day(_ d: CalendarDate) -> String { WorkforceWords.day(d, l, locale) }
        func label(_ key: String) -> String { l.text(key, locale) }
        func name(_ user: UUID) -> String { r.names[user] ?? (user == r.supervisor?.id ? r.supervisor!.displayName : label("staff.someone")) }

        // The checklist: what is done, what is left and by when; a step is recorded from its own line.
        let tasks = s.tasks.map { task in
            var line = StaffView.Task(label: taskLabel(task, s.ce, l, locale), done: task.done, overdue: task.alert == .overdue,
                                      dueSoon: task.alert != .none && task.alert != .overdue)
            if let due = task.dueOn, !task.done {
                let left = today.days(until: due)
                line.due = l.format("staff.due_on", locale, ["date": day(due)])
                // How many days are left is said once it matters: within the first alert, or past the day.
                if left <= (rules.alertDays.max() ?? 0) { line.when = when(left, l, locale) }
                line.alert = alertWord(task.alert, daysLeft: left, rules, l, locale)
            }
            if !task.done, mayCreate, let step = stepFor(task.kind) {
                line.link = WorkforceRoutes.step(id, query: ["step": step.rawValue])
                line.linkLabel = label("staff.task_record")
            } else if !task.done, mayCreate, task.kind == .logCE || task.kind == .logLawAndEthics {
                // Hours to log: the form, from the line that asks for them (law and ethics already chosen).
                line.link = task.kind == .logLawAndEthics
                    ? WorkforceRoutes.education(id, query: ["category": CECategory.lawAndEthics.rawValue]) : WorkforceRoutes.education(id)
                line.linkLabel = label("staff.task_log_hours")
            }
            return line
        }

        var progress: StaffView.Progress?
        if let ce = s.ce {
            progress = .init(cycle: l.format("staff.ce_cycle", locale, ["from": day(ce.startsOn), "to": day(ce.endsOn)]),
                             hours: l.format("staff.ce_logged", locale, ["hours": WorkforceWords.hours(ce.minutes, l, locale), "required": WorkforceWords.hours(ce.requiredMinutes, l, locale)]),
                             minutes: min(ce.minutes, ce.requiredMinutes), required: ce.requiredMinutes > 0 ? ce.requiredMinutes : nil,
                             lawAndEthics: l.format("staff.ce_law_logged", locale, ["hours": WorkforceWords.hours(ce.lawAndEthicsMinutes, l, locale),
                                                                                   "required": WorkforceWords.hours(ce.requiredLawAndEthicsMinutes, l, locale)]),
                             lawMinutes: min(ce.lawAndEthicsMinutes, ce.requiredLawAndEthicsMinutes),
                             lawRequired: ce.requiredLawAndEthicsMinutes > 0 ? ce.requiredLawAndEthicsMinutes : nil)
        }

        let deadlines = s.deadlines.map { d in
            StaffView.Deadline(label: label("certification.deadline.\(d.kind.rawValue)"), due: day(d.dueOn), when: when(d.daysLeft, l, locale),
                               alert: alertWord(d.alert, daysLeft: d.daysLeft, rules, l, locale), overdue: d.alert == .overdue,
                               dueSoon: d.alert != .none && d.alert != .overdue)
        }

        var milestones: [StaffView.Fact] = []
        func milestone(_ key: String, _ d: CalendarDate?) { if let d { milestones.append(.init(term: label(key), value: day(d))) } }
        milestone("staff.milestone.applied", s.appliedOn)
        milestone("staff.milestone.documents_verified", s.documentsVerifiedOn)
        milestone("staff.milestone.approved", s.approvedOn)
        if s.examPassedOn == nil { milestone("staff.milestone.training_window_ends", s.trainingWindowEndsOn) }
        milestone("staff.milestone.training_completed", s.trainingCompletedOn)
        milestone("staff.milestone.exam_passed", s.examPassedOn)
        milestone("staff.milestone.certified", s.certifiedOn)
        milestone("staff.milestone.cycle_starts", s.cycleStartsOn)
        milestone("staff.milestone.expires", s.expiresOn)
        milestone("staff.milestone.renewal_opens", s.renewalOpensOn)

        var stateParts: [String] = []
        if !s.certificateNumber.isEmpty { stateParts.append(l.format("staff.certificate_number", locale, ["number": s.certificateNumber])) }
        if let expiry = s.expiresOn {
            stateParts.append(l.format(s.state == .lapsed ? "staff.expired_on" : "staff.valid_until", locale, ["date": day(expiry)]))
        }
        if s.renewals > 0 { stateParts.append(l.format("staff.renewals", locale, ["n": l.count(s.renewals, locale)])) }
        var warning: String?
        if s.state == .lapsed, let expiry = s.expiresOn {
            warning = l.format("staff.lapsed_warning", locale, ["date": day(expiry)])
        } else if s.state == .trainingWindowClosed, let end = s.trainingWindowEndsOn {
            warning = l.format("staff.window_closed_warning", locale, ["date": day(end)])
        }

        // Trainings: the ten core topics first, as what is missing is what a peer has to act on.
        let missing = TrainingRules.missing(r.trainings)
        let trainings = r.trainings.reversed().map { t in
            StaffView.Training(title: t.title, date: day(t.completedOn), hours: WorkforceWords.hours(t.minutes, l, locale),
                               topics: t.topics.isEmpty ? nil : TrainingTopic.allCases.filter(t.topics.contains).map { label($0.labelKey) }.joined(separator: ", "),
                               evidence: t.evidence)
        }

        let education = r.continuingEducation.reversed().map { e in
            StaffView.Education(date: day(e.takenOn), title: e.title, category: label(e.category.labelKey), hours: WorkforceWords.hours(e.minutes, l, locale),
                                provider: e.provider.isEmpty ? nil : e.provider, recordedBy: e.recordedBy == id ? nil : name(e.recordedBy))
        }

        // Supervision received: shown for peers, whom the monthly expectation is about, and for anyone with sessions.
        var months: [StaffView.Month] = []
        if isPeer || !r.supervision.isEmpty {
            for (index, m) in r.supervisionMonths.enumerated() {
                let values = ["minutes": l.count(m.minutes, locale), "target": l.count(m.targetMinutes, locale), "sessions": l.count(m.sessions, locale),
                              "short": l.count(m.shortMinutes, locale)]
                // The month in progress is not over: only the last complete one says who is behind.
                let inProgress = index == 0
                let key = m.targetMinutes == 0 ? "staff.supervision_minutes"
                    : inProgress ? "staff.supervision_so_far" : (m.isMet ? "staff.supervision_met" : "staff.supervision_short")
                months.append(.init(label: label(inProgress ? "staff.this_month" : "staff.last_month"), text: l.format(key, locale, values),
                                    met: inProgress || m.isMet))
            }
        }
        let sessions = r.supervision.prefix(recentSessions).map { session in
            StaffView.Session(date: day(session.heldOn), supervisor: name(session.supervisorID), format: label(session.format.labelKey),
                              minutes: l.format("staff.minutes", locale, ["n": l.count(session.minutes, locale)]),
                              topics: session.topics.isEmpty ? nil
                                  : SupervisionTopic.allCases.filter(session.topics.contains).map { label($0.labelKey) }.joined(separator: ", "))
        }

        let career = CareerRules.ordered(r.career).reversed().map { step in
            StaffView.Fact(term: label(step.role.labelKey), value: l.format("staff.career_since", locale, ["date": day(step.startedOn)]))
        }

        var profile: [StaffView.Fact] = []
        func fact(_ key: String, _ value: String?) { if let value, !value.isEmpty { profile.append(.init(term: label(key), value: value)) } }
        fact("staff.discipline", label(details.discipline.labelKey))
        fact("staff.languages", background.languages.map { WorkforceWords.language($0, l, locale) }.joined(separator: ", "))
        fact("staff.populations", Population.allCases.filter(background.populations.contains).map { label("population.\($0.rawValue)") }.joined(separator: ", "))
        fact("staff.lived_experience", LivedExperience.allCases.filter(background.livedExperience.contains)
            .map { label("lived_experience.\($0.rawValue)") }.joined(separator: ", "))
        fact("staff.cultural_communities", background.culturalBackground)
        fact("staff.gender_identity", background.genderIdentity.map { label("gender.\($0.rawValue)") })
        fact("staff.specializations", details.specializations.joined(separator: ", "))
        fact("staff.region", background.region)
        fact("staff.capacity", l.count(background.capacity, locale))
        fact("staff.hired_on", details.hiredOn.map(day))
        fact("staff.credential", details.credential.map { credentialText($0, l, locale) })
        var supervisorWarning: String?
        if let supervisor = r.supervisor {
            let standing = r.supervisorCredential.map { c in
                c.isValid(on: today) ? l.format("staff.supervisor_qualified", locale, ["credential": credentialText(c, l, locale)])
                    : l.format("staff.supervisor_credential_expired", locale, ["credential": credentialText(c, l, locale)])
            } ?? label("staff.supervisor_no_credential")
            fact("staff.supervisor", l.format("staff.supervisor_line", locale, ["name": supervisor.displayName, "standing": standing]))
            if isPeer && !r.supervisorQualified { supervisorWarning = label("staff.supervisor_not_qualified_warning") }
        } else if isPeer {
            supervisorWarning = label("staff.no_supervisor_warning")
        }
        if isSelf {
            let shared = SharedFact.allCases.filter(details.shared.contains).map { label($0.labelKey) }
            fact("staff.you_share", shared.isEmpty ? label("staff.you_share_nothing") : shared.joined(separator: ", "))
        }

        var links: [StaffView.Link] = []
        if mayCreate {
            links.append(.init(id: "record-step", href: WorkforceRoutes.step(id), label: label("staff.step_title")))
            links.append(.init(id: "record-training", href: WorkforceRoutes.training(id), label: label("staff.training_title")))
        }
        if r.seesWholeProfile { links.append(.init(id: "edit-profile", href: WorkforceRoutes.profile(id), label: label("staff.profile_title"))) }
        if mayAssign { links.append(.init(id: "record-career", href: WorkforceRoutes.career(id), label: label("staff.career_title"))) }
        if readsWellness { links.append(.init(id: "wellness", href: WorkforceRoutes.wellnessOf(id), label: label("wellness.list_title"))) }

        var subtitle = [label(details.discipline.labelKey)]
        if let supervisor = r.supervisor { subtitle.append(l.format("staff.supervised_by", locale, ["name": supervisor.displayName])) }

        return StaffView(name: r.user.displayName, certificationTracked: CertificationRules.isTracked(r.profile.details.discipline, hasSteps: !r.events.isEmpty), subtitle: subtitle.joined(separator: " · "), state: label(s.state.labelKey),
                         stateLine: stateParts.isEmpty ? nil : stateParts.joined(separator: " · "), stateWarning: warning, tasks: tasks,
                         progress: progress, primaryLink: mayCreate ? WorkforceRoutes.education(id) : nil, deadlines: deadlines, milestones: milestones,
                         education: education,
                         topicsCovered: l.format("staff.topics_covered", locale, ["n": l.count(TrainingTopic.allCases.count - missing.count, locale),
                                                                                  "total": l.count(TrainingTopic.allCases.count, locale)]),
                         topicsMissing: missing.isEmpty ? nil : topicsLine(r, l, locale),
                         trainings: trainings, months: months, sessions: sessions, career: career, profile: profile,
                         supervisorWarning: supervisorWarning, links: links)
    }

    /// A task in words; continuing education says how many hours are still to log.
    static func taskLabel(_ task: CertificationTask, _ ce: CECycleProgress?, _ l: Localizer, _ locale: String) -> String {
        switch task.kind {
        case .logCE, .logLawAndEthics:
            let law = task.kind == .logLawAndEthics
            let remaining = task.remainingMinutes ?? 0
            if task.done {
                let required = (law ? ce?.requiredLawAndEthicsMinutes : ce?.requiredMinutes) ?? 0
                return l.format(law ? "staff.task.law_done" : "staff.task.ce_done", locale, ["hours": WorkforceWords.hours(required, l, locale)])
            }
            let key = law ? "staff.task.law_remaining" : "staff.task.ce_remaining"
            return l.format(remaining == 60 ? "\(key)_one" : key, locale, ["hours": WorkforceWords.hours(remaining, l, locale)])
        default:
            return l.text(task.done ? "\(task.labelKey)_done" : task.labelKey, locale)
        }
    }

    /// The step that answers a task, when recording a step is how it gets done.
    static func stepFor(_ kind: CertificationTask.Kind) -> CertificationStep? {
        switch kind {
        case .apply, .reapply: .applied
        case .verifyDocuments: .documentsVerified
        case .approval: .approved
        case .completeTraining: .trainingCompleted
        case .passExam: .examPassed
        case .certify: .certified
        case .signEthics: .ethicsSigned
        case .renew: .renewed
        case .logCE, .logLawAndEthics: nil
        }
    }

    /// How far off a day is, in words.
    static func when(_ daysLeft: Int, _ l: Localizer, _ locale: String) -> String {
        switch daysLeft {
        case 0: l.text("staff.when.today", locale)
        case 1: l.text("staff.when.tomorrow", locale)
        case -1: l.text("staff.when.yesterday", locale)
        case ..<0: l.format("staff.when.overdue", locale, ["n": l.count(-daysLeft, locale)])
        default: l.format("staff.when.in_days", locale, ["n": l.count(daysLeft, locale)])
        }
    }

    /// The alert a deadline raises, as a word: overdue, or the smallest alert threshold it falls within.
    static func alertWord(_ alert: DeadlineAlert, daysLeft: Int, _ rules: CertificationRuleSet, _ l: Localizer, _ locale: String) -> String? {
        switch alert {
        case .none: return nil
        case .overdue: return l.text("staff.alert.overdue", locale)
        case .days90, .days60, .days30:
            guard let days = rules.alertDays.filter({ $0 >= daysLeft }).min() else { return nil }
            return l.format("staff.alert.within", locale, ["n": l.count(days, locale)])
        }
    }

    static func credentialText(_ c: QualifyingCredential, _ l: Localizer, _ locale: String) -> String {
        var parts = [l.text(c.kind.labelKey, locale), c.number]
        if !c.issuedBy.isEmpty { parts.append(c.issuedBy) }
        if let expires = c.expiresOn { parts.append(l.format("staff.valid_until", locale, ["date": WorkforceWords.day(expires, l, locale)])) }
        return parts.filter { !$0.isEmpty }.joined(separator: ", ")
    }

    static func ceIntro(_ r: Workforce.StaffRecord, _ l: Localizer, _ locale: String) -> String {
        guard let ce = r.status.ce else { return l.text("staff.ce_intro_not_certified", locale) }
        return l.format("staff.ce_intro", locale, ["hours": WorkforceWords.hours(ce.minutes, l, locale), "required": WorkforceWords.hours(ce.requiredMinutes, l, locale),
                                                   "law": WorkforceWords.hours(ce.lawAndEthicsMinutes, l, locale),
                                                   "law_required": WorkforceWords.hours(ce.requiredLawAndEthicsMinutes, l, locale), "to": WorkforceWords.day(ce.endsOn, l, locale)])
    }

    static func topicsLine(_ r: Workforce.StaffRecord, _ l: Localizer, _ locale: String) -> String {
        let missing = TrainingRules.missing(r.trainings)
        guard !missing.isEmpty else { return l.text("staff.topics_all_covered", locale) }
        return l.format("staff.topics_missing", locale, ["topics": missing.map { l.text($0.labelKey, locale) }.joined(separator: ", ")])
    }
}
