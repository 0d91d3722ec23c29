import Foundation

/// Which of the catalogues' languages a visitor who is not signed in reads, from what their browser
/// asks for. Pure, so the rule is tested apart from any request.
public enum LocaleNegotiation {
    /// The supported language the `Accept-Language` header (RFC 9110 §12.5.4) prefers most, or nil.
    /// Ranges are taken by q-value, ties in the order sent; a region (`es-MX`, `es_US`) falls back
    /// to its language, since a catalogue is per language. `*` means the first of `fallbackOrder`
    /// that is supported. A range with q=0 refuses its language; a malformed one is skipped, never
    /// the whole header, so one odd entry cannot hide a good one after it.
    public static func preferred(_ header: String?, supported: Set<String>, fallbackOrder: [String] = [Localizer.defaultLocale]) -> String? {
        guard let header, header.utf8.count <= 4096 else { return nil }
        var ranges: [(language: String, q: Double, position: Int)] = []
        var refused: Set<String> = []
        for (position, part) in header.split(separator: ",").enumerated() {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = fields.first?.lowercased(), !tag.isEmpty else { continue }
            guard let language = primaryLanguage(tag) else { continue }
            var q = 1.0
            for parameter in fields.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if pair.count == 2, pair[0].lowercased() == "q" {
                    guard let value = Double(pair[1]), value.isFinite, (0...1).contains(value) else { q = -1; break }
                    q = value
                }
            }
            if q < 0 { continue }
            if q == 0 { refused.insert(language); continue }
            ranges.append((language, q, position))
        }
        ranges.sort { $0.q != $1.q ? $0.q > $1.q : $0.position < $1.position }
        for range in ranges {
            if range.language == "*" {
                if let any = fallbackOrder.first(where: { supported.contains($0) && !refused.contains($0) }) { return any }
            } else if supported.contains(range.language) && !refused.contains(range.language) {
                return range.language
            }
        }
        return nil
    }

    /// `es` of `es-MX`, `es_us` or `es`; `*` as itself; nil for what is not a language range.
    static func primaryLanguage(_ tag: String) -> String? {
        if tag == "*" { return tag }
        let language = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        guard (1...8).contains(language.count), language.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return language
    }
}
