import Foundation
import PeerwayCore

/// What a page shows, loaded before anything is rendered: a handler queries, fills its view struct,
/// and the template only reads it. Views are `Encodable` so a test can compare them as data, and plain
/// values so the snapshot of a page changes only when what it shows changes.
public protocol PageView: Encodable, Sendable {}

/// Turns a view into the nested dictionaries and arrays Mustache reads. Optionals that are nil and
/// empty strings are left out, so `{{#x}}…{{/x}}` means "x is there" everywhere.
enum TemplateValues {
    static func of(_ view: some PageView) -> [String: Any] {
        (value(view) as? [String: Any]) ?? [:]
    }

    private static func value(_ subject: Any) -> Any? {
        switch subject {
        case let text as String: return text.isEmpty ? nil : text
        case is Bool, is Int, is Double: return subject
        case let id as UUID: return id.text
        default: break
        }
        let mirror = Mirror(reflecting: subject)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.flatMap { value($0.value) }
        case .collection, .set:
            return mirror.children.compactMap { value($0.value) }
        case .dictionary:
            var out: [String: Any] = [:]
            for pair in mirror.children {
                let parts = Array(Mirror(reflecting: pair.value).children)
                if parts.count == 2, let key = parts[0].value as? String, let v = value(parts[1].value) { out[key] = v }
            }
            return out
        case .struct, .class:
            var out: [String: Any] = [:]
            for child in mirror.children {
                if let label = child.label, let v = value(child.value) { out[label] = v }
            }
            return out
        default:
            if let raw = subject as? any RawRepresentable, let text = raw.rawValue as? String { return text }
            return String(describing: subject)
        }
    }
}
