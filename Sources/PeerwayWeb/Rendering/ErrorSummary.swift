import Foundation

/// The error summary above a refused form lists every field message as a link to its field, in the
/// order the fields appear, so a phone user taps straight to the problem instead of scrolling for it.
/// It is filled in from the rendered form itself (each message is a `<p class="field-error" id="X-error">`),
/// so every form gets it and the list can never disagree with the messages beside the fields.
enum ErrorSummary {
    /// Where a template's summary wants the list.
    static let marker = "<!--error-list-->"

    static func fill(_ body: String) -> String {
        var items: [String] = []
        var rest = body[...]
        let open = "<p class=\"field-error\" id=\""
        while let start = rest.range(of: open) {
            let afterOpen = rest[start.upperBound...]
            guard let idEnd = afterOpen.range(of: "-error\">"), let close = afterOpen[idEnd.upperBound...].range(of: "</p>") else { break }
            let field = String(afterOpen[..<idEnd.lowerBound])
            // Already escaped when the form was rendered.
            let message = afterOpen[idEnd.upperBound..<close.lowerBound]
            // A group of radio buttons or checkboxes is reached through its first choice.
            let target = body.contains("id=\"\(field)-0\"") ? "\(field)-0" : field
            items.append("<li><a href=\"#\(target)\">\(message)</a></li>")
            rest = afterOpen[close.upperBound...]
        }
        return body.replacingOccurrences(of: marker, with: items.isEmpty ? "" : "<ul>\(items.joined())</ul>")
    }
}
