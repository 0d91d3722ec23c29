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

    /// Cells starting with = + - @, tab or carriage return are formulas to Excel and LibreOffice.
    public static func cell(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            value = "'" + value
        }
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
