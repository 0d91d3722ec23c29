import Foundation
import Testing
import PeerwayCore

@Suite("CSV writer")
struct CSVWriterTests {
    @Test func startsWithUTF8ByteOrderMark() {
        let writer = CSVWriter(header: ["name"])
        #expect(Array(writer.text.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(CSVWriter.byteOrderMark.unicodeScalars.map(\.value) == [0xFEFF])
    }

    @Test func writesHeaderAndRowsWithCRLF() {
        var writer = CSVWriter(header: ["id", "name"])
        writer.append(["1", "Ann"])
        writer.append(["2", "Bo"])
        #expect(writer.text == "\u{FEFF}id,name\r\n1,Ann\r\n2,Bo\r\n")
        let bytes = Array(writer.text.utf8)
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            #expect(index > 0 && bytes[index - 1] == 0x0D, "bare LF at byte \(index)")
        }
    }

    @Test func writesEveryCellOfARow() {
        var writer = CSVWriter(header: [])
        writer.append(["a", "", "=b", "c,d"])
        #expect(writer.text == "\u{FEFF}\r\na,,'=b,\"c,d\"\r\n")
    }

    @Test(arguments: [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("=HYPERLINK(\"http://evil.example\")", "\"'=HYPERLINK(\"\"http://evil.example\"\")\""),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tcmd", "'\tcmd"),
        ("\r=1", "\"'\r=1\""),   // also quoted, because it contains a carriage return
        ("=1,2", "\"'=1,2\""),
    ])
    func neutralisesFormulaCells(value: String, expected: String) {
        #expect(CSVWriter.cell(value) == expected)
    }

    @Test(arguments: [
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("\"", "\"\"\"\""),
        ("line 1\nline 2", "\"line 1\nline 2\""),
        ("line 1\rline 2", "\"line 1\rline 2\""),
    ])
    func quotesCommasQuotesAndNewlines(value: String, expected: String) {
        #expect(CSVWriter.cell(value) == expected)
    }

    @Test(arguments: ["", "Ann Lee", "José Núñez", "李小龙", "🙂", "a=b", "1-2", "x@y.z", "O'Brien", " leading space"])
    func leavesOrdinaryTextUnchanged(value: String) {
        #expect(CSVWriter.cell(value) == value)
    }

    @Test func timestampsAreISO8601InUTC() {
        #expect(CSVWriter.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(CSVWriter.timestamp(Date(timeIntervalSince1970: 1_700_000_000)) == "2023-11-14T22:13:20Z")
    }
}

@Suite("CSV line breaks")
struct CSVLineBreakTests {
    @Test("a CRLF inside a cell is quoted, so it cannot start a row whose first cell is a formula")
    func crlfIsQuoted() {
        #expect(CSVWriter.cell("line 1\r\nline 2") == "\"line 1\r\nline 2\"")
        var csv = CSVWriter(header: ["a", "b"])
        csv.append(["ok\r\n=2+5", "x"])
        #expect(csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 3)
        #expect(!csv.text.contains("\r\n=2+5,"))
    }
}
