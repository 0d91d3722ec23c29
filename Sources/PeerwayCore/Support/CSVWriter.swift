import Foundation

/// Writes CSV that opens safely in a spreadsheet: UTF-8 with a byte-order mark, CRLF line ends, and
/// any cell that a spreadsheet would run as a formula neutralised with a leading apostrophe.
public struct CSVWriter: Sendable {
    public static let byteOrderMark = "\u{FEFF}"
    public private(set) var text: String

    public init(header: [String]) {
        text = Self.byteOrderMark
        append(header)
    }

    public mutating func append(_ row: [String]) {
        text += row.map(Self.cell).joined(separator: ",") + "\r\n"
    }

    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// Zero or more apostrophes, then a character a spreadsheet reads as the start of a formula.
    public static func startsWithGuardableFormula(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first(where: { $0 != "'" }) else { return false }
        return formulaStarts.contains(first)
    }

    /// Cells starting with = + - @, tab or carriage return are formulas to Excel and LibreOffice: they
    /// get a leading apostrophe. So does a value whose leading apostrophes precede one of those, so a
    /// reader that removes exactly one apostrophe (`CSVReader`) always gets the value back.
    public static func cell(_ value: String) -> String {
        var value = value
        if startsWithGuardableFormula(value) { value = "'" + value }
        // Scalars, not Characters: "\r\n" is one Character in Swift and would match neither.
        if value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }

    /// ISO 8601 in UTC, which every spreadsheet and script reads.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
