import Foundation
import Hummingbird
import PeerwayCore

/// `application/x-www-form-urlencoded` text, as query strings and form bodies carry it (WHATWG URL
/// standard): pairs split on `&`, a name from its value on the first `=`, `+` read as a space, `%XX`
/// decoded as UTF-8.
enum URLEncoded {
    /// The pairs in order; `malformed` names the pairs whose `%` escapes are broken or do not decode
    /// to UTF-8 (their text is kept as sent, so nothing is silently lost).
    static func parse(_ text: String) -> (pairs: [(name: String, value: String)], malformed: [String]) {
        var pairs: [(name: String, value: String)] = []
        var malformed: [String] = []
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let rawName: Substring, rawValue: Substring
            if let equals = part.firstIndex(of: "=") {
                rawName = part[..<equals]
                rawValue = part[part.index(after: equals)...]
            } else {
                rawName = part[...]
                rawValue = ""
            }
            let name = decode(rawName), value = decode(rawValue)
            let pairName = name ?? String(rawName)
            pairs.append((pairName, value ?? String(rawValue)))
            if name == nil || value == nil { malformed.append(pairName) }
        }
        return (pairs, malformed)
    }

    /// `+` as a space, `%XX` as a byte; nil when an escape is broken or the bytes are not UTF-8.
    static func decode(_ text: some StringProtocol) -> String? {
        guard text.contains(where: { $0 == "%" || $0 == "+" }) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// A request's query string, as every route reads it (pages, CSV downloads and the API alike): `+`
/// is a space and `%XX` is decoded, as browsers send a search box, and every parameter, known to the
/// route or not, follows `TextRules` for single-line text: no control characters or line breaks, at
/// most `TextRules.maximumQueryLength` (200) Unicode scalars once trimmed, and a valid encoding. A
/// parameter that breaks the rule is a field error naming it (`invalid_characters`, `too_long`): 422
/// problem+json on the API, a field message on a page. Values are given as sent, not trimmed
/// (`text` trims).
struct QueryParameters: Sendable {
    let pairs: [(name: String, value: String)]
    /// Each parameter that breaks the rule, once.
    let errors: ValidationErrors

    init(_ request: Request) {
        self.init(query: request.uri.query ?? "")
    }

    init(query: String) {
        let (pairs, malformed) = URLEncoded.parse(query)
        var errors = ValidationErrors()
        for name in malformed where errors.first(for: name) == nil {
            errors.append(ValidationError(name, TextRules.invalidCharacters))
        }
        for (name, value) in pairs where errors.first(for: name) == nil {
            // A name with control characters is not echoed back: the query as a whole is at fault.
            if TextRules.containsForbidden(name) {
                if errors.first(for: "query") == nil { errors.append(ValidationError("query", TextRules.invalidCharacters)) }
            } else if let code = TextRules.problem(value, lines: .single, limit: TextRules.maximumQueryLength) {
                errors.append(ValidationError(name, code))
            }
        }
        self.pairs = pairs
        self.errors = errors
    }

    /// The query of `request`, or a 422 naming every parameter that breaks the rule.
    static func read(_ request: Request) throws -> QueryParameters {
        let query = QueryParameters(request)
        if !query.errors.isEmpty { throw WebError.invalid(query.errors) }
        return query
    }

    /// The first value of `name`, as sent (decoded, not trimmed); nil when absent.
    subscript(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every value of `name`, in order.
    func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    /// The first value of `name` trimmed (`TextRules.trimmed`); nil when absent or blank.
    func text(_ name: String) -> String? {
        self[name].map(TextRules.trimmed).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The id `name` holds, nil when absent; anything else is a 422 on the parameter (`code`).
    func id(_ name: String, code: String = "invalid_id") throws -> UUID? {
        try self[name].map { text -> UUID in
            guard let id = UUID(uuidString: text) else {
                throw WebError.invalid(field: name, code: code, messageKey: "error.\(code)")
            }
            return id
        }
    }

    /// A whole number of the paging parameters, `value` when absent; anything else, or outside `range`,
    /// is `out_of_range` on the parameter.
    func number(_ name: String, in range: ClosedRange<Int>, default value: Int) throws -> Int {
        guard let text = self[name] else { return value }
        guard let n = Int(text), range.contains(n) else { throw ValidationError(name, "out_of_range") }
        return n
    }

    /// A documented boolean of the API: `true`/`1`, `false`/`0`, or absent (false). Anything else is a
    /// 422 on the parameter, never read as false: a client that sent `team=yes` meant something.
    func boolean(_ name: String) throws -> Bool {
        switch self[name] {
        case nil, "", "false", "0": return false
        case "true", "1": return true
        default: throw WebError.invalid(field: name, code: "invalid_value", messageKey: "error.invalid_value")
        }
    }
}
