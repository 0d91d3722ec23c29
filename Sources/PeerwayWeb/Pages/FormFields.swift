import Foundation
import PeerwayCore
import PeerwayStore

/// A form field described once in Swift and drawn by the `fields` partial, so every journey form has
/// the same labels, hints, error wiring (`aria-invalid`, `aria-describedby`) and phone-friendly inputs.
struct FormField {
    enum Kind { case text, date, time, dateTime, number, email, tel, textarea, select, radio, checks, checkbox }

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

    static func choices<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ prefix: String) -> [(String, String)] where T.RawValue == String {
        T.allCases.map { ($0.rawValue, "\(prefix).\($0.rawValue)") }
    }

    func values(_ errors: [String: String], _ l: Localizer, _ locale: String) -> [String: Any] {
        let error = errors[name] ?? ""
        var describedBy: [String] = []
        if hintKey != nil { describedBy.append("\(name)-hint") }
        if !error.isEmpty { describedBy.append("\(name)-error") }
        var out: [String: Any] = [
            "name": name, "label": l.text(labelKey, locale), "value": value, "required": required, "error": error,
            "hint": hintKey.map { l.text($0, locale) } ?? "", "describedBy": describedBy.joined(separator: " "),
            "autocomplete": autocomplete ?? "", "maxlength": maxLength.map(String.init) ?? "",
        ]
        switch kind {
        case .text, .date, .time, .dateTime, .number, .email, .tel:
            out["isInput"] = true
            out["type"] = switch kind {
            case .date: "date"
            case .time: "time"
            case .dateTime: "datetime-local"
            case .email: "email"
            case .tel: "tel"
            default: "text"
            }
            if kind == .number { out["inputmode"] = "numeric" }
        case .textarea:
            out["isTextarea"] = true
        case .select:
            out["isSelect"] = true
            out["options"] = options.map { ["value": $0.0, "label": l.text($0.1, locale), "selected": $0.0 == value] }
        case .radio, .checks:
            out[kind == .radio ? "isRadio" : "isChecks"] = true
            out["options"] = options.enumerated().map { i, o in
                ["value": o.0, "label": l.text(o.1, locale), "id": "\(name)-\(i)",
                 "checked": kind == .radio ? o.0 == value : checked.contains(o.0)] as [String: Any]
            }
        case .checkbox:
            out["isCheckbox"] = true
            out["checked"] = value == "on" || value == "true"
        }
        return out
    }

    static func render(_ fields: [FormField], _ errors: [String: String], _ l: Localizer, _ locale: String) -> [[String: Any]] {
        fields.map { $0.values(errors, l, locale) }
    }
}
