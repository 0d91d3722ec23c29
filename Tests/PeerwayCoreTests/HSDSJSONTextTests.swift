import Foundation
@testable import PeerwayCore
import Testing

/// The hand-written JSON reader and writer against Foundation's, the authority they replace.
@Suite("Directory: HSDS JSON read and written as Foundation reads and writes it")
struct HSDSJSONTextTests {
    /// Both readers' answer: the value, or nil when the text is refused.
    func both(_ text: [UInt8]) -> (fast: HSDSValue?, foundation: HSDSValue?) {
        (try? HSDSValue.parse(text), try? HSDSValue.foundationParse(text))
    }

    @Test("every JSON example reads to the same values and writes the same text", arguments: HSDSFixture.jsonExamples)
    func examples(name: String) throws {
        let bytes = try HSDSFixture.bytes(name)
        let fast = bytes.withUnsafeBufferPointer { HSDSJSONText.value($0) }
        #expect(fast != nil, "the example is strict JSON, read without Foundation")
        #expect(fast == (try HSDSValue.foundationParse(bytes)))
        #expect(HSDSJSON.text(try #require(fast)) == HSDSJSON.foundationText(try #require(fast)))
    }

    @Test("numbers: whole ones (1.0 and 1e2 too) as integers, others as doubles, too large for Int64 as doubles")
    func numbers() {
        let texts = ["1", "-1", "0", "-0", "1.0", "1e2", "1E2", "1e+2", "1.5", "0.1", "-2.5e-3", "1E-2", "9223372036854775807",
                     "-9223372036854775808", "9223372036854775808", "12345678901234567890", "1e300", "3.14159265358979", "100.000"]
        for text in texts {
            let (fast, foundation) = both(Array("[\(text)]".utf8))
            #expect(fast != nil, "\(text)")
            #expect(fast == foundation, "\(text)")
        }
        #expect(both(Array("[1.0]".utf8)).fast == .array([.int(1)]))
        #expect(both(Array("[1.5]".utf8)).fast == .array([.double(1.5)]))
    }

    @Test("texts that are not strict JSON are decided by Foundation: refused or read as it reads them")
    func lenient() {
        let texts = ["[1,]", "{\"a\":1,}", "\u{FEFF}[1]", "[01]", "[1.]", "[.5]", "[+1]", "[NaN]", "[1e400]", "[1] x", "", " ", "{",
                     "[\"\\ud83d\"]", "[\"\\ude00\"]", "[\"a\u{01}\"]", "[\"\\x\"]", "{\"a\" 1}", "{1:2}", "[tru]", "nul", "[\"abc", "[1 2]"]
        for text in texts {
            let (fast, foundation) = both(Array(text.utf8))
            #expect(fast == foundation, "\(text.debugDescription)")
        }
        #expect(both(Array("[1] x".utf8)).fast == nil)
        #expect(both(Array("{\"a\":1,}".utf8)).fast == .object(["a": .int(1)]), "a trailing comma, as Foundation takes it")
    }

    @Test("a key given twice keeps its first value; escapes and surrogate pairs read as characters")
    func keysAndEscapes() {
        #expect(both(Array("{\"a\":1,\"a\":2}".utf8)).fast == .object(["a": .int(1)]))
        #expect(both(Array("{\"a\":1,\"a\":2}".utf8)).foundation == .object(["a": .int(1)]))
        let text = #"["\"\\\/\b\f\n\r\t\u00e9\u00E9\ud83d\ude00 é 😀"]"#
        let (fast, foundation) = both(Array(text.utf8))
        #expect(fast == .array([.string("\"\\/\u{8}\u{C}\n\r\té\u{E9}😀 é 😀")]))
        #expect(fast == foundation)
        #expect(both(Array("[\"\\ud83d\"]".utf8)).fast == both(Array("[\"\\ud83d\"]".utf8)).foundation)
        let invalid: [UInt8] = [0x5B, 0x22, 0xFF, 0x22, 0x5D]
        #expect(invalid.withUnsafeBufferPointer { HSDSJSONText.value($0) } == nil, "invalid UTF-8 is left to Foundation")
        #expect(both(invalid).fast == both(invalid).foundation)
    }

    @Test("random values: written as Foundation writes them, read back as Foundation reads them", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func random(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let value = Self.value(&g, depth: 0)
            let text = HSDSJSON.text(value)
            #expect(text == HSDSJSON.foundationText(value))
            let bytes = Array(text.utf8)
            let fast = bytes.withUnsafeBufferPointer { HSDSJSONText.value($0) }
            #expect(fast != nil)
            #expect(fast == (try HSDSValue.foundationParse(bytes)))
        }
    }

    @Test("keys of printable ASCII are written without Foundation, in Foundation's order", arguments: [1, 2, 3] as [UInt64])
    func asciiKeys(seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let value = Self.value(&g, depth: 0, keys: Self.keyPieces)
            var out: [UInt8] = []
            #expect(HSDSJSONText.write(value, into: &out))
            #expect(String(decoding: out, as: UTF8.self) == HSDSJSON.foundationText(value))
        }
    }

    static let pieces = ["a", "Z", "_", "1", "10", "2", "é", "e\u{301}", "\"", "\\", "/", "\u{0}", "\u{1}", "\u{8}", "\u{C}", "\n", "\r", "\t",
                         "\u{1F}", "\u{7F}", "\u{2028}", "😀", "中", " ", "http://x.org/a", "-", ":", ",", "{", "]"]

    /// Keys as HSDS names its fields, and as a file may name fields of its own.
    static let keyPieces = ["a", "b", "Z", "A", "_", "-", "1", "10", "2", " ", "~", "!", "address", "service_id", "id", "name"]

    static func text(_ g: inout SeededGenerator, from pieces: [String] = pieces) -> String {
        (0..<Int.random(in: 0...6, using: &g)).map { _ in g.pick(pieces) }.joined()
    }

    static func value(_ g: inout SeededGenerator, depth: Int, keys: [String]? = nil) -> HSDSValue {
        switch Int.random(in: 0..<(depth < 3 ? 9 : 6), using: &g) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &g))
        case 2: return .int(g.pick([0, 1, -1, 42, Int64.max, Int64.min, Int64.random(in: -1_000_000...1_000_000, using: &g)]))
        case 3: return .double(g.pick([0.5, -2.25, 0.1, 1e21, 1e-7, 3.14159265358979, 2.5e-300, Double.random(in: -1000...1000, using: &g)]))
        case 4, 5: return .string(text(&g))
        case 6: return .array((0..<Int.random(in: 0...4, using: &g)).map { _ in value(&g, depth: depth + 1, keys: keys) })
        default:
            var fields: [String: HSDSValue] = [:]
            for _ in 0..<Int.random(in: 0...6, using: &g) { fields[text(&g, from: keys ?? (Bool.random(using: &g) ? keyPieces : pieces))] = value(&g, depth: depth + 1, keys: keys) }
            return .object(fields)
        }
    }
}
