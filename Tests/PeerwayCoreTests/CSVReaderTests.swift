import Foundation
import PeerwayCore
import Testing

@Suite("CSV reader")
struct CSVReaderTests {
    @Test("plain rows with CRLF, LF or CR line ends read the same", arguments: ["\r\n", "\n", "\r"])
    func lineEnds(end: String) throws {
        let text = ["id,name", "1,Ann", "2,Bo"].joined(separator: end) + end
        #expect(try CSVReader.parse(text) == [["id", "name"], ["1", "Ann"], ["2", "Bo"]])
    }

    @Test("the UTF-8 byte-order mark is not part of the first cell")
    func byteOrderMark() throws {
        #expect(try CSVReader.parse("\u{FEFF}id,name\r\n1,Ann\r\n") == [["id", "name"], ["1", "Ann"]])
        #expect(try CSVReader.parse("\u{FEFF}") == [])
    }

    @Test("quoted cells hold commas, doubled quotes, and line breaks of every kind")
    func quotedCells() throws {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"line 1\nline 2\"\r\n\"\"\"\",\"crlf\r\ninside\",\"\"\r\n"
        #expect(try CSVReader.parse(text) == [
            ["a", "b", "c"],
            ["x, y", "say \"hi\"", "line 1\nline 2"],
            ["\"", "crlf\r\ninside", ""],
        ])
    }

    @Test("empty cells, a trailing comma, and a missing final line break")
    func emptyCells() throws {
        #expect(try CSVReader.parse(",,\n") == [["", "", ""]])
        #expect(try CSVReader.parse("a,") == [["a", ""]])
        #expect(try CSVReader.parse("\"a\",") == [["a", ""]])
        #expect(try CSVReader.parse("a,b") == [["a", "b"]])
        #expect(try CSVReader.parse("") == [])
    }

    @Test("blank lines at the end are not rows; a blank line in the middle is an empty row")
    func blankLines() throws {
        #expect(try CSVReader.parse("a\r\n\r\n\r\n") == [["a"]])
        #expect(try CSVReader.parse("a\n\nb\n") == [["a"], [""], ["b"]])
    }

    @Test("spaces are kept; only quotes at the very start of a cell open a quoted cell")
    func spacesKept() throws {
        #expect(try CSVReader.parse(" a , b ") == [[" a ", " b "]])
    }

    @Test("non-ASCII text reads back exactly")
    func unicode() throws {
        #expect(try CSVReader.parse("José Núñez,李小龙,🙂,مرحبا\n") == [["José Núñez", "李小龙", "🙂", "مرحبا"]])
    }

    @Test("an unterminated quote fails on the line where the quote opened")
    func unterminatedQuote() {
        #expect(throws: CSVReader.Failure(line: 2, code: "unterminated_quote")) {
            try CSVReader.parse("a,b\r\n1,\"never closed\r\n2,3\r\n")
        }
    }

    @Test("a quote inside an unquoted cell, or text after a closing quote, is a stray quote")
    func strayQuote() {
        #expect(throws: CSVReader.Failure(line: 1, code: "stray_quote")) { try CSVReader.parse("ab\"c,d") }
        #expect(throws: CSVReader.Failure(line: 2, code: "stray_quote")) { try CSVReader.parse("a\n\"b\"c\n") }
    }

    @Test("failure lines count the line breaks inside quoted cells")
    func lineNumbersSpanQuotedCells() {
        #expect(throws: CSVReader.Failure(line: 5, code: "stray_quote")) {
            try CSVReader.parse("h\r\n\"one\r\ntwo\r\nthree\"\r\nbad\"\r\n")
        }
    }

    static let tricky = [
        "=SUM(A1)", "+1", "-2", "@x", "\tcmd", "\r=1", "=1,2", "=HYPERLINK(\"http://evil.example\")",
        "plain", "", "a,b", "say \"hi\"", "line 1\r\nline 2", "line 1\nline 2", "O'Brien", "'quoted'", "' =1",
        "José Núñez", "🙂", " leading space", "1-2", "x@y.z",
    ]

    @Test("what CSVWriter writes, CSVReader reads back cell for cell, formulas included")
    func writerRoundTrip() throws {
        var writer = CSVWriter(header: ["=header", "b"])
        for value in Self.tricky { writer.append([value, "end"]) }
        writer.append(Self.tricky)
        let rows = try CSVReader.parse(writer.text)
        #expect(rows.first == ["=header", "b"])
        #expect(rows.dropFirst().prefix(Self.tricky.count).map { $0 } == Self.tricky.map { [$0, "end"] })
        #expect(rows.last == Self.tricky)
        #expect(rows.count == Self.tricky.count + 2)
    }

    @Test("the formula guard is removed only when it is exactly CSVWriter's", arguments: [
        ("'=SUM(A1)", "=SUM(A1)"), ("'+1", "+1"), ("'-2", "-2"), ("'@x", "@x"), ("\"'\tx\"", "\tx"),
        ("'", "'"), ("''=1", "'=1"), ("'''=1", "''=1"), ("'a", "'a"), ("x'=1", "x'=1"),
    ])
    func guardRemoval(cell: String, expected: String) throws {
        #expect(try CSVReader.parse(cell) == [[expected]])
    }

    @Test("a value that itself starts with an apostrophe and a formula character")
    func apostropheBeforeFormula() throws {
        var writer = CSVWriter(header: ["v"])
        writer.append(["'=1"])
        let rows = try CSVReader.parse(writer.text)
        #expect(rows.last == ["'=1"])
    }
}
