import Foundation

/// The one rule for text that enters Peerway: every free-text field of every form, JSON body, CSV
/// row and command, and every query parameter.
///
/// **Characters refused everywhere** (`isForbidden`), in any string however it arrives:
/// - the C0 control characters U+0000–U+001F except tab (U+0009), line feed (U+000A) and carriage
///   return (U+000D). NUL is the one that matters most: SQLite keeps the text after it but every read
///   stops there (a note could hold text no reviewer or co-signer sees) and PostgreSQL refuses it;
///   the others (escape, backspace, vertical tab, form feed, …) are terminal and printer controls
///   that no person types into a form;
/// - DEL (U+007F) and the C1 control characters U+0080–U+009F (NEL among them).
///
/// That is exactly Unicode's general category Cc less tab, LF and CR. Format characters (Cf) are
/// kept: the zero-width joiner builds emoji and the bidirectional marks are part of real names in
/// Arabic, Hebrew and Persian (pages isolate user text with `<bdi>`). Unassigned and private-use code
/// points are kept too, as tomorrow's emoji and some names need them.
///
/// **Single-line text** (names, pronouns, labels, a region, a search) also refuses tab, line feed,
/// carriage return and the Unicode line and paragraph separators U+2028 and U+2029 once it is
/// trimmed. **Multi-line text** (notes, an address, reasons, summaries) keeps tab, LF and CR.
///
/// **Trimming**: leading and trailing scalars with the Unicode `White_Space` property are removed
/// (space, tab, line breaks, no-break and other spaces); nothing inside the text is changed, and no
/// normalization is applied, so what is stored is exactly what was sent, less its surrounding white
/// space. The forbidden characters are looked for before trimming, so a NUL or a vertical tab at
/// either end is refused rather than silently dropped.
///
/// **Length** counts Unicode scalars after trimming, as JSON Schema's `maxLength` (code points)
/// does, never grapheme clusters: a "200-character" field holds at most 200 scalars, which bounds it
/// at 800 bytes of UTF-8 (`maxUTF8Bytes`), whatever combining marks it is made of.
///
/// Problems are `ValidationError`s with stable codes: `invalid_characters` and `too_long`.
public enum TextRules {
    public enum Lines: Sendable, Equatable {
        case single
        case multi
    }

    /// Longest value of any query parameter (a search box, a filter), in scalars.
    public static let maximumQueryLength = 200

    public static let invalidCharacters = "invalid_characters"
    public static let tooLong = "too_long"

    /// Refused in every string: C0 controls but tab, LF and CR; DEL; C1 controls.
    public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    /// Line breaks (and tab) that single-line text may not hold once trimmed. VT, FF and NEL are
    /// already refused everywhere.
    public static func isLineBreakOrTab(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x2028, 0x2029: true
        default: false
        }
    }

    /// Whether `text` holds a character refused everywhere.
    public static func containsForbidden(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains(where: isForbidden)
    }

    /// `text` without its leading and trailing `White_Space` scalars.
    public static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return text }
        return String(scalars[first...last])
    }

    /// Length as the rules count it: Unicode scalars.
    public static func length(_ text: String) -> Int { text.unicodeScalars.count }

    /// The most UTF-8 a value within `limit` scalars can take (4 bytes a scalar).
    public static func maxUTF8Bytes(forScalars limit: Int) -> Int { limit * 4 }

    /// The problem with `raw`, if any, once trimmed: refused characters first, then length.
    public static func problem(_ raw: String, lines: Lines, limit: Int) -> String? {
        if containsForbidden(raw) { return invalidCharacters }
        let text = trimmed(raw)
        if lines == .single && text.unicodeScalars.contains(where: isLineBreakOrTab) { return invalidCharacters }
        if length(text) > limit { return tooLong }
        return nil
    }

    /// Trims `raw` and checks it; a problem is appended to `errors` on `field`. Returns the trimmed
    /// text (what is stored when there is no problem).
    public static func clean(_ raw: String, field: String, lines: Lines, limit: Int, into errors: inout ValidationErrors) -> String {
        if let code = problem(raw, lines: lines, limit: limit) { errors.append(ValidationError(field, code)) }
        return trimmed(raw)
    }

    /// Trims `raw` and checks it, throwing its problem.
    public static func check(_ raw: String, field: String, lines: Lines, limit: Int) throws(ValidationError) -> String {
        if let code = problem(raw, lines: lines, limit: limit) { throw ValidationError(field, code) }
        return trimmed(raw)
    }

    /// `check` for a value validated on its own, where callers collect `ValidationErrors`.
    public static func checked(_ raw: String, field: String, lines: Lines, limit: Int) throws(ValidationErrors) -> String {
        do { return try check(raw, field: field, lines: lines, limit: limit) } catch { throw ValidationErrors([error]) }
    }
}
