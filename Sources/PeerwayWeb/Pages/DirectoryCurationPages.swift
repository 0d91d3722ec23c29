import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// Curating the directory on pages: a field check of an entry (anyone who reads it), adding and
/// correcting entries (curators of their organization's directory), and the queue of entries due
/// for a check. Each form is the journey's short form page, with a message by each refused field.
enum DirectoryCurationPages {
    /// The curators' queue as cards.
    struct DueView: PageView {
        struct Card: Encodable, Sendable {
            var name: String
            var link: String
            var organization: String?
            var lastChecked: String
            var checkLink: String
            var editLink: String
        }

        var intro: String
        var cards: [Card]
        var nextLink: String?
        var addLink: String
        var notice: String?
    }

    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let catalog = env.directory

        // A field check: anyone who reads the directory holding the service.
        table.add(.get, DirectoryRoutes.check, .page, .signedIn) { _, context, resolved in
            let id = try serviceParameter(context)
            guard try await catalog.find(serviceID: id, by: try resolved.requireActor()) != nil else { throw WebError.notFound }
            return checkPage(nil, id: id, env: env, context: context)
        }
        table.form(DirectoryRoutes.check, .signedIn) { form, actor, context, _ in
            let id = try serviceParameter(context)
            return try await PageSupport.save(to: DirectoryRoutes.path(DirectoryRoutes.service, id), .directoryChecked, env, context) {
                try await catalog.recordCheck(serviceID: id, running: form.string("running"), languages: form.all("languages"), wait: form.string("wait"),
                                              note: form.string("note"), by: actor, context: context.audit)
            } refused: { failure in
                checkPage(form, id: id, env: env, context: context, failure: failure)
            }
        }

        table.add(.get, DirectoryRoutes.newEntry, .page, .policy(.update, .directory)) { _, context, resolved in
            let terms = try await catalog.needTerms(by: try resolved.requireActor())
            return entryPage(nil, draft: DirectoryEntryDraft(), adding: true, terms: terms, action: DirectoryRoutes.newEntry(), env: env, context: context)
        }
        table.form(DirectoryRoutes.newEntry, .policy(.update, .directory)) { form, actor, context, _ in
            let terms = try await catalog.needTerms(by: actor)
            return try await PageSupport.submit {
                try await catalog.addEntry(try draft(form, adding: true), by: actor, context: context.audit)
            } then: { id in
                redirect(PageSupport.noticed(DirectoryRoutes.path(DirectoryRoutes.service, id), .directoryAdded))
            } refused: { error in
                entryPage(form, draft: DirectoryEntryDraft(), adding: true, terms: terms, action: DirectoryRoutes.newEntry(), env: env, context: context,
                          failure: PageSupport.formErrors(error, env, context))
            }
        }

        table.add(.get, DirectoryRoutes.edit, .page, .policy(.update, .directory)) { _, context, resolved in
            let id = try serviceParameter(context)
            let start = try await catalog.entryDraft(serviceID: id, by: try resolved.requireActor(), context: context.audit)
            return entryPage(nil, draft: start, adding: false, terms: [], action: DirectoryRoutes.path(DirectoryRoutes.edit, id), env: env, context: context,
                             cancel: DirectoryRoutes.path(DirectoryRoutes.service, id))
        }
        table.form(DirectoryRoutes.edit, .policy(.update, .directory)) { form, actor, context, _ in
            let id = try serviceParameter(context)
            return try await PageSupport.save(to: DirectoryRoutes.path(DirectoryRoutes.service, id), .directoryCorrected, env, context) {
                try await catalog.correctEntry(serviceID: id, try draft(form, adding: false), by: actor, context: context.audit)
            } refused: { failure in
                entryPage(form, draft: DirectoryEntryDraft(), adding: false, terms: [], action: DirectoryRoutes.path(DirectoryRoutes.edit, id), env: env,
                          context: context, failure: failure, cancel: DirectoryRoutes.path(DirectoryRoutes.service, id))
            }
        }

        table.add(.get, DirectoryRoutes.due, .page, .policy(.update, .directory)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let l = env.localizer, locale = context.locale
            let page = max(1, min(1000, Int(QueryParameters(request)["page"] ?? "") ?? 1))
            let due = try await catalog.due(by: actor, page: page, context: context.audit)
            let view = DueView(
                intro: l.format("directory.due_intro", locale, ["count": l.count(due.total, locale), "days": l.count(due.staleAfterDays, locale)]),
                cards: due.entries.map { e in
                    .init(name: e.name, link: DirectoryRoutes.path(DirectoryRoutes.service, e.id), organization: e.organizationName,
                          lastChecked: e.lastVerified.flatMap { CalendarDate(String($0.prefix(10))) }.map { l.date($0, locale) }
                              ?? l.text("directory.not_verified", locale),
                          checkLink: DirectoryRoutes.path(DirectoryRoutes.check, e.id), editLink: DirectoryRoutes.path(DirectoryRoutes.edit, e.id))
                },
                nextLink: due.more ? DirectoryRoutes.due(query: ["page": String(page + 1)]) : nil, addLink: DirectoryRoutes.newEntry(),
                notice: PageSupport.notice(request, l, locale))
            return env.renderer.page("directory_due", titleKey: "directory.due_title", view: view, context: context)
        }
    }

    /// One check in words: when, who, what they found.
    static func checkLine(_ c: DirectoryCheck, by: String, zone: TimeZone, _ l: Localizer, _ locale: String) -> String {
        var parts = [l.text(c.running.labelKey, locale)]
        if !c.languages.isEmpty {
            parts.append(l.format("directory.why.language", locale, ["language": c.languages.map { DirectoryPages.language($0, l, locale) }.joined(separator: ", ")]))
        }
        if !c.wait.isEmpty { parts.append(l.format("directory.check.wait_line", locale, ["wait": c.wait])) }
        if !c.note.isEmpty { parts.append(c.note) }
        return l.format("directory.check.line", locale, ["date": l.date(CalendarDate(c.checkedAt, in: zone), locale), "name": by,
                                                         "found": parts.joined(separator: " · ")])
    }

    static func serviceParameter(_ context: AppContext) throws -> String {
        guard let id = context.parameters.get("service")?.removingPercentEncoding, !id.isEmpty else { throw WebError.notFound }
        return id
    }

    static func checkPage(_ f: FormData?, id: String, env: AppEnvironment, context: AppContext,
                          failure: PageSupport.FormErrors = .init()) -> Response {
        let fields = [
            FormField(name: "running", labelKey: "directory.check.running", kind: .radio, value: f?["running"] ?? "",
                      options: DirectoryCheck.Running.allCases.map { ($0.rawValue, $0.labelKey) }, required: true),
            FormField(name: "languages", labelKey: "directory.check.languages", kind: .checks, checked: Set(f?.all("languages") ?? []),
                      options: DirectoryLanguages.offered.map { ($0, "directory.language.\($0)") }),
            FormField(name: "wait", labelKey: "directory.check.wait", kind: .text, value: f?["wait"] ?? "", hintKey: "directory.check.wait_hint",
                      maxLength: DirectoryCheckRules.maxWait),
            FormField(name: "note", labelKey: "directory.check.note", kind: .textarea, value: f?["note"] ?? "", maxLength: DirectoryCheckRules.maxNote),
        ]
        return JourneyPages.formPage(context, env, titleKey: "directory.check_title", submitKey: "directory.check_submit", fields: fields,
                                     action: DirectoryRoutes.path(DirectoryRoutes.check, id), cancel: DirectoryRoutes.path(DirectoryRoutes.service, id),
                                     failure: failure, intro: env.localizer.text("directory.check_intro", context.locale))
    }

    static func entryPage(_ f: FormData?, draft d: DirectoryEntryDraft, adding: Bool, terms: [(code: String, name: String)], action: String,
                          env: AppEnvironment, context: AppContext, failure: PageSupport.FormErrors = .init(),
                          cancel: String = DirectoryRoutes.home()) -> Response {
        func text(_ name: String, _ value: String) -> String { f?[name] ?? value }
        var fields = [
            FormField(name: "name", labelKey: "directory.entry.name", kind: .text, value: text("name", d.name), required: true,
                      maxLength: DirectoryEntryRules.maxName),
        ]
        if adding {
            fields += [
                FormField(name: "organization_name", labelKey: "directory.entry.organization", kind: .text, value: text("organization_name", ""),
                          required: true, maxLength: DirectoryEntryRules.maxName),
                FormField(name: "need", labelKey: "directory.need", kind: .select, value: text("need", ""),
                          options: terms.map { ($0.code, ReferralNeed(rawValue: $0.code)?.labelKey ?? $0.name) }),
                FormField(name: "street", labelKey: "directory.entry.street", kind: .text, value: text("street", ""), hintKey: "directory.entry.address_hint",
                          autocomplete: "address-line1", maxLength: 200),
                FormField(name: "city", labelKey: "directory.entry.city", kind: .text, value: text("city", ""), autocomplete: "address-level2", maxLength: 100),
                FormField(name: "state", labelKey: "directory.entry.state", kind: .text, value: text("state", ""), autocomplete: "address-level1", maxLength: 50),
                FormField(name: "postal_code", labelKey: "directory.entry.postal_code", kind: .text, value: text("postal_code", ""),
                          autocomplete: "postal-code", maxLength: 10),
            ]
        }
        let days = f.map { Set($0.all("days")) } ?? Set(d.days)
        let languages = f.map { Set($0.all("languages")) } ?? Set(d.languages)
        let freeValue = f.map { $0["free"] != nil ? "on" : "" } ?? (d.free ? "on" : "")
        fields += [
            FormField(name: "description", labelKey: "directory.entry.description", kind: .textarea, value: text("description", d.description),
                      maxLength: DirectoryEntryRules.maxText),
            FormField(name: "status", labelKey: "directory.entry.status", kind: .select, value: text("status", d.status),
                      options: DirectoryEntryRules.statuses.map { ($0, "directory.status.\($0.replacingOccurrences(of: " ", with: "_"))") }, required: true),
            FormField(name: "phone", labelKey: "directory.phone", kind: .tel, value: text("phone", d.phone), autocomplete: "off", maxLength: 40),
            FormField(name: "days", labelKey: "directory.entry.days", kind: .checks, checked: days,
                      options: DirectoryEntryRules.days.map { ($0, "directory.day.\($0.lowercased())") }),
            FormField(name: "opens", labelKey: "directory.entry.opens", kind: .time, value: text("opens", d.opens)),
            FormField(name: "closes", labelKey: "directory.entry.closes", kind: .time, value: text("closes", d.closes)),
            FormField(name: "languages", labelKey: "directory.languages", kind: .checks, checked: languages,
                      options: (DirectoryLanguages.offered + d.languages.filter { !DirectoryLanguages.offered.contains($0) })
                        .map { ($0, "directory.language.\($0)") }),
            FormField(name: "free", labelKey: "directory.entry.free", kind: .checkbox, value: freeValue),
            FormField(name: "fees", labelKey: "directory.entry.fees", kind: .text, value: text("fees", d.fees), maxLength: 500),
            FormField(name: "minimum_age", labelKey: "directory.entry.minimum_age", kind: .number, value: text("minimum_age", d.minimumAge.map(String.init) ?? ""),
                      maxLength: 3),
            FormField(name: "maximum_age", labelKey: "directory.entry.maximum_age", kind: .number, value: text("maximum_age", d.maximumAge.map(String.init) ?? ""),
                      maxLength: 3),
            FormField(name: "eligibility", labelKey: "directory.eligibility", kind: .textarea, value: text("eligibility", d.eligibility),
                      maxLength: DirectoryEntryRules.maxText),
            FormField(name: "application_process", labelKey: "directory.apply", kind: .textarea, value: text("application_process", d.applicationProcess),
                      maxLength: DirectoryEntryRules.maxText),
            FormField(name: "url", labelKey: "directory.website", kind: .text, value: text("url", d.url), autocomplete: "url", maxLength: 500),
            FormField(name: "email", labelKey: "directory.email", kind: .email, value: text("email", d.email), autocomplete: "email", maxLength: 254),
        ]
        return JourneyPages.formPage(context, env, titleKey: adding ? "directory.add_title" : "directory.correct_title",
                                     submitKey: adding ? "directory.add_submit" : "directory.correct_submit", fields: fields, action: action,
                                     cancel: cancel, failure: failure,
                                     intro: env.localizer.text(adding ? "directory.add_intro" : "directory.correct_intro", context.locale))
    }

    /// The form as a draft; an age that is not a whole number is refused on its field.
    static func draft(_ form: FormData, adding: Bool) throws -> DirectoryEntryDraft {
        var errors = ValidationErrors()
        func age(_ name: String) -> Int? {
            let text = form.string(name).trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { return nil }
            guard let value = Int(text) else { return errors.refuse(name, "invalid_age", "error.invalid_age") }
            return value
        }
        var d = DirectoryEntryDraft()
        d.name = form.string("name")
        d.description = form.string("description")
        d.status = form["status"] ?? "active"
        d.organizationName = form.string("organization_name")
        d.street = form.string("street")
        d.city = form.string("city")
        d.state = form.string("state")
        d.postalCode = form.string("postal_code")
        d.need = form["need"].flatMap { $0.isEmpty ? nil : $0 }
        d.phone = form.string("phone")
        d.days = form.all("days")
        d.opens = form.string("opens")
        d.closes = form.string("closes")
        d.languages = form.all("languages")
        d.free = form["free"] != nil
        d.fees = form.string("fees")
        d.minimumAge = age("minimum_age")
        d.maximumAge = age("maximum_age")
        d.eligibility = form.string("eligibility")
        d.applicationProcess = form.string("application_process")
        d.url = form.string("url")
        d.email = form.string("email")
        try errors.throwIfAny()
        return d
    }
}
