import Foundation

/// Reads CSV as RFC 4180 defines it, and as spreadsheets save it: an optional UTF-8 byte-order mark,
/// CRLF, LF or lone CR line ends, and quoted fields that may hold commas, quotes and line breaks.
/// What `CSVWriter` wrote reads back cell for cell.
public enum CSVReader {
    /// Where and why a file could not be read. The line is the physical line of the file (1-based),
    /// so a person can find it in a text editor even when quoted cells span lines.
    public struct Failure: Error, Sendable, Equatable {
        public let line: Int
        /// "unterminated_quote": a quoted cell never closes; "stray_quote": a quote inside an
        /// unquoted cell, or text after a closing quote.
        public let code: String

        public init(line: Int, code: String) {
            self.line = line
            self.code = code
        }
    }

    public static func parse(_ text: String) throws(Failure) -> [[String]] {
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }

        var rows: [[String]] = []
        var row: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var index = scalars.startIndex

        func next() -> Unicode.Scalar? {
            guard index < scalars.endIndex else { return nil }
            defer { index = scalars.index(after: index) }
            return scalars[index]
        }
        func peek() -> Unicode.Scalar? { index < scalars.endIndex ? scalars[index] : nil }
        func endField() {
            row.append(unguarded(String(field)))
            field = String.UnicodeScalarView()
        }
        func endRow() {
            endField()
            rows.append(row)
            row = []
        }
        func endFieldAtComma() {
            endField()
            // A comma at the very end of the text still opens one last, empty field.
            if index == scalars.endIndex { endRow() }
        }

        // Each pass reads one field, from its first scalar to the separator that ends it.
        while index < scalars.endIndex {
            if peek() == "\"" {
                _ = next()
                let opened = line
                quoted: while true {
                    guard let c = next() else { throw Failure(line: opened, code: "unterminated_quote") }
                    switch c {
                    case "\"":
                        if peek() == "\"" {
                            _ = next()
                            field.append("\"")
                        } else {
                            break quoted
                        }
                    case "\n":
                        line += 1
                        field.append(c)
                    case "\r":
                        if peek() != "\n" { line += 1 }
                        field.append(c)
                    default:
                        field.append(c)
                    }
                }
                switch next() {
                case nil: endRow()
                case ",": endFieldAtComma()
                case "\n":
                    endRow()
                    line += 1
                case "\r":
                    if peek() == "\n" { _ = next() }
                    endRow()
                    line += 1
                default: throw Failure(line: line, code: "stray_quote")
                }
            } else {
                unquoted: while true {
                    switch next() {
                    case nil:
                        endRow()
                        break unquoted
                    case ",":
                        endFieldAtComma()
                        break unquoted
                    case "\n":
                        endRow()
                        line += 1
                        break unquoted
                    case "\r":
                        if peek() == "\n" { _ = next() }
                        endRow()
                        line += 1
                        break unquoted
                    case "\"":
                        throw Failure(line: line, code: "stray_quote")
                    case let c?:
                        field.append(c)
                    }
                }
            }
        }
        // A file saved with a final line break, or a few blank lines, has no rows there.
        while rows.last == [""] { rows.removeLast() }
        return rows
    }

    /// Undoes `CSVWriter.cell`'s formula guard: the one apostrophe it puts before apostrophes-then-a
    /// formula character (= + - @, tab, carriage return). Other apostrophes are kept.
    static func unguarded(_ cell: String) -> String {
        guard cell.unicodeScalars.first == "'" else { return cell }
        let rest = String(cell.unicodeScalars.dropFirst())
        return CSVWriter.startsWithGuardableFormula(rest) ? rest : cell
    }
}
