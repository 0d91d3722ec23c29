import Foundation

/// A JSON value exactly as an HSDS file held it, so fields Peerway does not know survive a round trip.
/// Whole numbers stay integers (a CSV's "12" and a JSON file's 12 are the same value).
public enum HSDSValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([HSDSValue])
    case object([String: HSDSValue])

    /// A decoder tells a value's kind only by refusing the wrong ones, each refusal an error built with
    /// its whole coding path; the kinds are tried most common first (an HSDS file is mostly text in
    /// objects), which halved the processor time of reading a county directory (88 MB of JSON).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let o = try? c.decode([String: HSDSValue].self) {
            self = .object(o)
        } else if let a = try? c.decode([HSDSValue].self) {
            self = .array(a)
        } else if let i = try? c.decode(Int64.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else {
            self = .bool(try c.decode(Bool.self))
        }
    }

    /// A JSON text read into values: by `HSDSJSONText` when it is strict JSON, by `JSONDecoder`
    /// otherwise (JSONSerialization measured slower: its dictionaries are bridged value by value).
    /// A collection, not any sequence: a text the fast reader leaves is read again by Foundation.
    public static func parse(_ bytes: some Collection<UInt8>) throws -> HSDSValue {
        let fast = bytes.withContiguousStorageIfAvailable { HSDSJSONText.value($0) }
            ?? Array(bytes).withUnsafeBufferPointer { HSDSJSONText.value($0) }
        if let fast { return fast }
        return try foundationParse(bytes)
    }

    /// The text read by Foundation alone: the authority `parse` agrees with, and its way for any text
    /// that is not strict JSON.
    static func foundationParse(_ bytes: some Collection<UInt8>) throws -> HSDSValue {
        try JSONDecoder().decode(HSDSValue.self, from: Data(bytes))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var number: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    /// The value as a CSV cell holds it: text as is, numbers in their shortest form, anything else as JSON.
    public var cellText: String {
        switch self {
        case .null: ""
        case .string(let s): s
        case .int(let i): String(i)
        case .double(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .bool(let b): b ? "true" : "false"
        case .array, .object: HSDSJSON.text(self)
        }
    }

    /// A CSV cell read as a number field: an integer, a decimal, or nil when it is neither.
    static func number(cell: String) -> HSDSValue? {
        let t = cell.trimmingCharacters(in: .whitespaces)
        if let i = Int64(t) { return .int(i) }
        if let d = Double(t), d.isFinite, !t.isEmpty, t.allSatisfy({ "0123456789.-+eE".contains($0) }) {
            return d == d.rounded() && abs(d) < 1e15 ? .int(Int64(d)) : .double(d)
        }
        return nil
    }
}

/// Where a row came from, so a problem names the file and the row (CSV) or the place in the JSON.
public struct HSDSSource: Sendable, Hashable, Codable {
    public var file: String
    /// The CSV row as a spreadsheet numbers it (the header is row 1); nil for JSON.
    public var row: Int?
    /// The row's place in a JSON file (`contents[0].phones[1]`); nil for CSV.
    public var pointer: String?
    /// From a table (CSV, or JSON keyed by table): fields the schema requires only there apply.
    public var tabular: Bool

    public init(file: String, row: Int? = nil, pointer: String? = nil, tabular: Bool) {
        self.file = file
        self.row = row
        self.pointer = pointer
        self.tabular = tabular
    }
}

/// One row of one HSDS table: every field it held (unknown ones too), nested rows taken out into
/// their own rows with the link to their parent filled in.
public struct HSDSRow: Sendable, Hashable {
    public let table: String
    public var fields: [String: HSDSValue]
    public var source: HSDSSource

    public init(table: String, fields: [String: HSDSValue], source: HSDSSource) {
        self.table = table
        self.fields = fields
        self.source = source
    }

    public var id: String { fields["id"]?.string ?? "" }

    public subscript(_ field: String) -> String? {
        guard let value = fields[field] else { return nil }
        let text = value.cellText
        return text.isEmpty ? nil : text
    }

    public func number(_ field: String) -> Double? { fields[field]?.number ?? self[field].flatMap { Double($0) } }

    /// The row as stored and compared: JSON with sorted keys, so equal rows are equal text.
    public var canonicalJSON: String { HSDSJSON.text(.object(fields)) }
}

enum HSDSJSON {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static func text(_ value: HSDSValue) -> String { HSDSJSONText.text(value) }

    /// The text Foundation writes: the authority `text` agrees with.
    static func foundationText(_ value: HSDSValue) -> String {
        // Encoding a value built from decoded JSON cannot fail (no non-finite numbers get in).
        (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }
}

extension HSDSRow {
    /// A row stored as canonical JSON, read back.
    public init(table: String, json: String, source: HSDSSource) throws {
        guard case .object(let fields) = try HSDSValue.parse(json.utf8) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "an HSDS row is a JSON object"))
        }
        self.init(table: table, fields: fields, source: source)
    }
}
