import Foundation
import Hummingbird
import PeerwayCore

/// The question asked before a step that cannot be taken back (discarding a draft note, discharging,
/// merging two records): what will happen, to whom, in words, with the form's answers carried in hidden
/// fields so confirming sends exactly what was typed and going back loses nothing.
struct ConfirmView: PageView {
    struct Hidden: Encodable, Sendable {
        var name: String
        var value: String
    }
    var heading: String
    var question: String
    var consequence: String
    var confirmLabel: String
    var action: String
    var hidden: [Hidden]
    /// Back to a page (a note); without it, "Go back" sends the answers back to their form.
    var backLink: String?
    var personName: String?
    var personLink: String?
    /// Two records side by side (a merge): what each holds, the one that stays first.
    var compare: [Compared] = []

    struct Compared: Encodable, Sendable {
        var label: String
        var kept: String
        var merged: String
    }
}

enum ConfirmPage {
    /// The answer that means "yes, do it"; anything else asks first.
    static func confirmed(_ form: FormData) -> Bool { form["confirmed"] == "1" && form["edit"] != "1" }

    /// "Go back" from the question: the form again, with what was typed.
    static func goingBack(_ form: FormData) -> Bool { form["edit"] == "1" }

    struct Question: Sendable {
        var question: String
        var consequence: String
        var confirmKey: String
        var compare: [ConfirmView.Compared] = []
    }

    static func page(_ context: AppContext, _ env: AppEnvironment, titleKey: String, _ q: Question, action: String, form: FormData?,
                     backLink: String? = nil, person: Person? = nil) -> Response {
        let l = env.localizer, locale = context.locale
        let carried = (form?.fields ?? []).filter { !["csrf", "confirmed", "edit"].contains($0.name) }
        let view = ConfirmView(heading: l.text(titleKey, locale), question: q.question, consequence: q.consequence,
                               confirmLabel: l.text(q.confirmKey, locale), action: action,
                               hidden: carried.map { .init(name: $0.name, value: $0.value) }, backLink: backLink,
                               personName: person?.displayName, personLink: person.map { ParticipantRoutes.record($0.id) }, compare: q.compare)
        return env.renderer.page("confirm", titleKey: titleKey, view: view, context: context)
    }
}
