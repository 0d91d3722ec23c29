import Foundation
import Hummingbird
import PeerwayCore
import PeerwayStore

/// Shared pieces of the HTML pages: field errors keyed by field name, and running a form's action so
/// that a validation failure re-shows the form with what the person typed.
enum PageSupport {
    static func fieldErrors(_ errors: [ValidationError], _ localizer: Localizer, _ locale: String) -> [String: String] {
        var map: [String: String] = [:]
        for error in errors { map[error.field ?? "form", default: ""] += localizer.text(error.messageKey, locale) }
        return map
    }

    /// Runs `action`; a validation failure or version conflict becomes field errors instead of an error page.
    static func attempt<T: Sendable>(_ action: () async throws -> T) async throws -> Result<T, WebError> {
        do {
            return .success(try await action())
        } catch {
            let web = WebError.from(error)
            if web.status == .unprocessableContent || web.status == .conflict { return .failure(web) }
            throw web
        }
    }

    /// Runs a form's `action` (see `attempt`): what it returns is answered by `then` (usually a redirect),
    /// a refusal by `refused` (the form again, with its messages).
    static func submit<T: Sendable>(_ action: () async throws -> T, then: (T) async throws -> Response,
                                    refused: (WebError) async throws -> Response) async throws -> Response {
        switch try await attempt(action) {
        case .success(let value): return try await then(value)
        case .failure(let error): return try await refused(error)
        }
    }

    /// Runs a form's `action` (see `submit`): saved, back to `path`, which says what was saved (`noticed`);
    /// refused, the form again from `refused`, given the form's messages.
    static func save<T: Sendable>(to path: String, _ saved: Saved, _ env: AppEnvironment, _ context: AppContext, _ action: () async throws -> T,
                                  refused: (FormErrors) async throws -> Response) async throws -> Response {
        try await submit(action) { _ in redirect(noticed(path, saved)) } refused: { try await refused(formErrors($0, env, context)) }
    }

    /// A refused form's messages: one per field (`errors.<field>` in templates) and the summary above the
    /// form, and the status the page answers with.
    struct FormErrors: Sendable {
        var errors: [String: String] = [:]
        var summary: String?
        var status: HTTPResponse.Status = .ok
    }

    static func formErrors(_ error: WebError, _ env: AppEnvironment, _ context: AppContext) -> FormErrors {
        let l = env.localizer, locale = context.locale
        var fields = fieldErrors(error.fields, l, locale)
        if error.status == .conflict { fields["form"] = l.text(error.messageKey, locale) }
        return FormErrors(errors: fields, summary: l.text(error.messageKey, locale), status: error.status)
    }

    /// What a step just saved, said once on the page it leads to (`?saved=<code>`). Only these codes
    /// are shown, each as its catalogue sentence, so a link cannot put words of its own on a page.
    enum Saved: String, Sendable, CaseIterable {
        case created, updated, contact, screened, enrolled, paired, reviewed, discharged, crisis, merged, unmerged, discarded
        case referred, referralUpdated = "referral_updated"
        case directorySettings = "directory_settings"
        case directoryChecked = "directory_checked", directoryAdded = "directory_added", directoryCorrected = "directory_corrected"
        case measureRecorded = "measure_recorded", scheduleSaved = "schedule_saved"
        case planSaved = "plan_saved", planAgreed = "plan_agreed", planProgress = "plan_progress"
        case ceLogged = "ce_logged", stepRecorded = "step_recorded", trainingRecorded = "training_recorded", profileSaved = "profile_saved"
        case careerSaved = "career_saved", checkedIn = "checked_in"
        case supervisionLogged = "supervision_logged", workforceSettings = "workforce_settings", courseAdded = "course_added"
    }

    /// `path` with `saved=<code>` added to its query, before any `#fragment`.
    static func noticed(_ path: String, _ saved: Saved) -> String {
        let parts = path.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let base = String(parts[0]), fragment = parts.count > 1 ? "#\(parts[1])" : ""
        return "\(base)\(base.contains("?") ? "&" : "?")saved=\(saved.rawValue)\(fragment)"
    }

    /// The notice a page shows for its `saved` query value, if it is one of the known steps.
    static func notice(_ request: Request, _ l: Localizer, _ locale: String) -> String? {
        QueryParameters(request)["saved"].flatMap(Saved.init(rawValue:)).map { l.text("notice.\($0.rawValue)", locale) }
    }

    /// A record linked to its page, with a word about it (an organization's kind, a relationship).
    struct Link: Encodable, Sendable {
        var name: String
        var detail: String?
        var link: String
    }

    /// One choice of a select, a radio group or a set of checkboxes; `selected` marks it chosen or checked.
    struct Option: Encodable, Sendable {
        var value: String
        var label = ""
        var selected = false
    }

    static func localeOptions(_ localizer: Localizer, _ locale: String, selected: String) -> [Option] {
        localizer.locales.map { Option(value: $0, label: localizer.text("locale.\($0)", locale), selected: selected == $0) }
    }

    /// A person's roles as one line, in the reader's language.
    static func roles(_ roles: Set<Role>, _ localizer: Localizer, _ locale: String) -> String {
        roles.sorted().map { localizer.text($0.labelKey, locale) }.joined(separator: ", ")
    }

    static func parseUUID(_ text: String?) -> UUID? {
        guard let text, !text.isEmpty else { return nil }
        return UUID(uuidString: text)
    }

    static func parseInt(_ text: String?) -> Int? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return Int(text)
    }

    static func date(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon))
            .replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
    }
}

/// A page form's handler: the form as sent, and the signed-in actor who sent it.
typealias FormHandler = @Sendable (FormData, Actor, AppContext, Resolved) async throws -> Response

extension RouteTable {
    /// A page's form (`POST`, guarded like any route): the handler is given the actor and the form, read here once.
    mutating func form(_ route: RoutePath, _ guardRule: RouteGuard, _ handler: @escaping FormHandler) {
        add(.post, route, .page, guardRule) { request, context, resolved in
            let actor = try resolved.requireActor()
            return try await handler(try await FormData.read(request, context: context), actor, context, resolved)
        }
    }
}
