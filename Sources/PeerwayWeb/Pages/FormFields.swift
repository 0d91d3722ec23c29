import Foundation
import PeerwayCore
import PeerwayStore

/// A form field described once in Swift and drawn by the `fields` partial, so every journey form has
/// the same labels, hints, error wiring (`aria-invalid`, `aria-describedby`) and phone-friendly inputs.
struct FormField {
    enum Kind { case text, date, time, dateTime, number, email, tel, textarea, select, radio, checks, checkbox, file, hidden }

    var name: String
    var labelKey: String
    var kind: Kind = .text
    var value: String = ""
    /// Checked values of a checkbox group.
    var checked: Set<String> = []
    /// (value, catalog key of its label)
    var options: [(String, String)] = []
    var required = false
    var hintKey: String?
    var autocomplete: String?
    var maxLength: Int?
    /// A file input's `accept`: what the picker offers first (it filters nothing on the server).
    var accept: String?
    /// The label and the options' labels are already text in the reader's language (an instrument's
    /// items carry their own), not catalog keys.
    var literal = false

    static func choices<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ prefix: String) -> [(String, String)] where T.RawValue == String {
        T.allCases.map { ($0.rawValue, "\(prefix).\($0.rawValue)") }
    }

    /// The field as the partial draws it, with `errors[name]` beside it.
    func view(_ errors: [String: String], _ l: Localizer, _ locale: String) -> FieldView {
        let error = errors[name].flatMap { $0.isEmpty ? nil : $0 }
        let describedBy = [hintKey.map { _ in "\(name)-hint" }, error.map { _ in "\(name)-error" }].compactMap { $0 }
        let text = { (key: String) in literal ? key : l.text(key, locale) }
        var out = FieldView(name: name, label: text(labelKey), value: value, required: required, error: error,
                            hint: hintKey.map { l.text($0, locale) }, describedBy: describedBy.isEmpty ? nil : describedBy.joined(separator: " "),
                            autocomplete: autocomplete, maxlength: maxLength)
        switch kind {
        case .text, .date, .time, .dateTime, .number, .email, .tel:
            out.isInput = true
            out.type = switch kind {
            case .date: "date"
            case .time: "time"
            case .dateTime: "datetime-local"
            case .email: "email"
            case .tel: "tel"
            default: "text"
            }
            if kind == .number { out.inputmode = "numeric" }
        case .textarea:
            out.isTextarea = true
        case .select:
            out.isSelect = true
            out.options = options.map { FieldView.Option(value: $0.0, label: text($0.1), selected: $0.0 == value) }
            out.unchosen = required && !options.contains { $0.0 == value }
        case .radio, .checks:
            if kind == .radio { out.isRadio = true } else { out.isChecks = true }
            out.options = options.enumerated().map { i, o in
                FieldView.Option(value: o.0, label: text(o.1), id: "\(name)-\(i)",
                                 checked: kind == .radio ? o.0 == value : checked.contains(o.0))
            }
        case .checkbox:
            out.isCheckbox = true
            out.checked = value == "on" || value == "true"
        case .hidden:
            out.isHidden = true
        case .file:
            // A browser never refills a file input, so a redrawn form asks for the file again.
            out.isFile = true
            out.accept = accept
        }
        return out
    }

    static func render(_ fields: [FormField], _ errors: [String: String], _ l: Localizer, _ locale: String) -> [FieldView] {
        fields.map { $0.view(errors, l, locale) }
    }
}

/// One field as the `field` partial reads it: the keys are the partial's. What is absent is nil, never an
/// empty string, so `{{#error}}`, `{{#hint}}` and the other sections mean "there is one" however the
/// view reaches the template.
struct FieldView: Encodable, Sendable {
    struct Option: Encodable, Sendable {
        var value: String
        var label: String
        /// A radio button's or checkbox's own id (`name-0`, `name-1`, …); a select's options have none.
        var id: String?
        var selected = false
        var checked = false
    }

    var name: String
    var label: String
    var value: String
    var required: Bool
    var error: String?
    var hint: String?
    /// The ids of the hint and the error, for `aria-describedby`.
    var describedBy: String?
    var autocomplete: String?
    var maxlength: Int?
    /// An input's `type`, and `inputmode` for numbers.
    var type: String?
    var inputmode: String?
    var isInput = false
    var isTextarea = false
    var isSelect = false
    var isRadio = false
    var isChecks = false
    var isCheckbox = false
    var isFile = false
    /// A value the form carries back unchanged (the directory service a referral was started from).
    var isHidden = false
    var accept: String?
    /// A single checkbox is ticked.
    var checked = false
    /// A required select with nothing chosen yet: it opens on "Choose…", never on a preset answer.
    var unchosen = false
    var options: [Option] = []
}
