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
            // The field's own words first, so a list of "This is required." says which is which.
            let named = name(of: field, in: body).map { $0.last.map(",.:;?!".contains) == true ? "\($0) " : "\($0): " } ?? ""
            items.append("<li><a href=\"#\(target)\">\(named)\(message)</a></li>")
            rest = afterOpen[close.upperBound...]
        }
        return body.replacingOccurrences(of: marker, with: items.isEmpty ? "" : "<ul>\(items.joined())</ul>")
    }

    /// The words that name `field` on the rendered form: its label, or the legend of its group, without
    /// the required mark (already escaped, as rendered). Nil when the form names it some other way.
    static func name(of field: String, in body: String) -> String? {
        let id = NSRegularExpression.escapedPattern(for: field)
        let words: Substring
        if let open = body.range(of: #"<label[^>]*\sfor=""# + id + #""[^>]*>"#, options: .regularExpression),
           let close = body[open.upperBound...].range(of: "</label>") {
            words = body[open.upperBound..<close.lowerBound]
        } else if let group = body.range(of: #"<fieldset id=""# + id + #""[^>]*>\s*<legend[^>]*>"#, options: .regularExpression),
                  let close = body[group.upperBound...].range(of: "</legend>") {
            words = body[group.upperBound..<close.lowerBound]
        } else {
            return nil
        }
        let text = String(words).replacingOccurrences(of: #"<span class="req">\*</span>|<[^>]*>"#, with: "", options: .regularExpression)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return text.isEmpty ? nil : text
    }
}
