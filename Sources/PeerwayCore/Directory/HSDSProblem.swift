/// One thing wrong with an HSDS file, with where it is: the file, the CSV row or the place in the
/// JSON, the field. Errors refuse the import; warnings are reported and the import goes on.
public struct HSDSProblem: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Codable {
        case error
        case warning
    }

    /// Stable codes (API clients and the pages' sentences `directory.problem.<code>` match on them).
    public enum Code: String, Sendable, Codable, CaseIterable {
        /// The file is not UTF-8 text, not CSV or not JSON.
        case unreadable
        /// A file or key that is no HSDS 3.0 table.
        case unknownTable = "unknown_table"
        /// The file is another version of HSDS; `value` names it.
        case otherVersion = "other_version"
        case missingRequired = "missing_required"
        /// `expected` names the kind of value the field takes. As a warning: a number where the schema
        /// says text, kept as its text (the specification's own tabular example has two).
        case wrongType = "wrong_type"
        case wrongFormat = "wrong_format"
        case notAllowed = "not_allowed"
        /// Text holding a character no Peerway text may hold (NUL and other controls, `TextRules`).
        case invalidCharacters = "invalid_characters"
        /// An id (`value`) that names no row of the table it points to (`expected`), in the file or already stored.
        case danglingReference = "dangling_reference"
        case duplicateID = "duplicate_id"
        /// A field the schema says is unique holds a value another row holds.
        case duplicateValue = "duplicate_value"
        /// Nothing to import: no table in the file holds a row.
        case empty
    }

    public var severity: Severity
    public var code: Code
    public var file: String
    public var row: Int?
    public var pointer: String?
    public var table: String?
    public var field: String?
    /// The value at fault (cut short), or what the problem names (the version found).
    public var value: String?
    /// What was expected instead, as a word a page can translate: for `wrong_type` the kind of value
    /// (`Expected`), for `dangling_reference` the table whose row the id should name.
    public var expected: String?

    /// The kinds of value a `wrong_type` problem expects.
    public enum Expected: String, Sendable, CaseIterable {
        case string
        case number
        case list
        case object
    }

    public init(_ severity: Severity, _ code: Code, file: String, row: Int? = nil, pointer: String? = nil, table: String? = nil,
                field: String? = nil, value: String? = nil, expected: String? = nil) {
        self.severity = severity
        self.code = code
        self.file = file
        self.row = row
        self.pointer = pointer
        self.table = table
        self.field = field
        self.value = value.map { $0.count > 80 ? String($0.prefix(77)) + "..." : $0 }
        self.expected = expected
    }

    init(_ severity: Severity, _ code: Code, _ row: HSDSRow, field: String? = nil, value: String? = nil, expected: String? = nil) {
        self.init(severity, code, file: row.source.file, row: row.source.row, pointer: row.source.pointer, table: row.table,
                  field: field, value: value, expected: expected)
    }

    /// Where, as a person finds it: "services.csv row 3, organization_id" or "service_full.json contents[0].phones[1], number".
    public var place: String {
        var text = file
        if let row { text += " row \(row)" }
        if let pointer, !pointer.isEmpty { text += " " + pointer }
        if let field { text += ", " + field }
        return text
    }

    /// One line in English for the command line and logs (pages use the catalogue's sentences).
    public var line: String {
        let what: String
        switch code {
        case .unreadable: what = "cannot be read" + (value.map { " (\($0))" } ?? "")
        case .unknownTable: what = "is not an HSDS 3.0 table"
        case .otherVersion: what = "is HSDS \(value ?? "of another version"); Peerway reads HSDS \(HSDSCatalogue.version)"
        case .missingRequired: what = "is required"
        case .wrongType:
            let kind = expected.map { $0 == Expected.string.rawValue ? "text" : $0 == Expected.number.rawValue ? "a number" : "a \($0)" } ?? "another type"
            what = severity == .warning ? "is a number where text belongs, kept as text: \(value ?? "")"
                : "should be \(kind)" + (value.map { ", not \($0)" } ?? "")
        case .wrongFormat: what = "is not in the right format: \(value ?? "")"
        case .notAllowed: what = "is not one of the allowed values: \(value ?? "")"
        case .invalidCharacters: what = "holds a control character"
        case .danglingReference: what = "names a row that is not in the data set: " + [expected, value].compactMap { $0 }.joined(separator: " ")
        case .duplicateID: what = "repeats an id: \(value ?? "")"
        case .duplicateValue: what = "repeats a value that must be unique: \(value ?? "")"
        case .empty: what = "holds no HSDS rows"
        }
        return "\(severity.rawValue): \(place) \(what)"
    }
}
