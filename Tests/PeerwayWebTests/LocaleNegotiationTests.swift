import Foundation
import PeerwayCore
@testable import PeerwayWeb
import Testing

@Suite("Choosing the language from Accept-Language")
struct LocaleNegotiationTests {
    static let supported: Set<String> = ["en", "es"]

    static func pick(_ header: String?) -> String? { LocaleNegotiation.preferred(header, supported: supported) }

    @Test("the first supported language in the browser's order wins")
    func order() {
        #expect(Self.pick("es") == "es")
        #expect(Self.pick("en-US,en;q=0.9,es;q=0.8") == "en")
        #expect(Self.pick("fr-FR, es, en") == "es")
        #expect(Self.pick("de, fr") == nil)
        #expect(Self.pick(nil) == nil)
        #expect(Self.pick("") == nil)
    }

    @Test("q-values rank ranges, ties keep the order sent, and q=0 refuses a language")
    func qValues() {
        #expect(Self.pick("en;q=0.5, es;q=0.8") == "es")
        #expect(Self.pick("en;q=0.8, es;q=0.8") == "en")
        #expect(Self.pick("es;q=0, en;q=0.1") == "en")
        #expect(Self.pick("ES;Q=1.0, en") == "es")
        #expect(Self.pick("en;q=0.001,es;q=1") == "es")
    }

    @Test("a region or script falls back to its language: es-MX, es-US, es_419 are Spanish")
    func regions() {
        #expect(Self.pick("es-MX") == "es")
        #expect(Self.pick("es-US,en-US;q=0.9") == "es")
        #expect(Self.pick("es_419") == "es")
        #expect(Self.pick("en-GB, es") == "en")
    }

    @Test("* takes the default language unless it was refused")
    func wildcard() {
        #expect(Self.pick("*") == "en")
        #expect(Self.pick("fr, *;q=0.5") == "en")
        #expect(Self.pick("en;q=0, *") == nil)
        #expect(LocaleNegotiation.preferred("en;q=0, *", supported: Self.supported, fallbackOrder: ["en", "es"]) == "es")
    }

    @Test("garbage is skipped range by range, never trusted", arguments: [
        ";;;", ",,,", "q=1", "12, --", "es;q=abc", "es;q=2", "es;q=-1", "es;q=nan", "\u{0}es", "e\u{301}s", String(repeating: "es,", count: 3000),
    ])
    func garbage(header: String) {
        #expect(Self.pick(header) == nil)
    }

    @Test("a good range after a malformed one still counts")
    func malformedThenGood() {
        #expect(Self.pick("???, es-MX;q=0.9") == "es")
        #expect(Self.pick("en;q=oops, es;q=0.3") == "es")
    }
}

@Suite("Dates and counts in the reader's language")
struct LocalizedFormatTests {
    static let localizer = Result { try Localizer.bundled() }

    @Test("a calendar day: 'Dec 5, 2026' in English, '5 dic 2026' in Spanish, whatever the machine's zone")
    func dates() throws {
        let l = try Self.localizer.get()
        let day = try #require(CalendarDate("2026-12-05"))
        #expect(l.date(day, "en") == "Dec 5, 2026")
        #expect(l.date(day, "es") == "5 dic 2026")
        let newYear = try #require(CalendarDate("2027-01-01"))
        #expect(l.date(newYear, "en") == "Jan 1, 2027")
        #expect(l.date(newYear, "es") == "1 ene 2027")
        // A language without a catalogue is formatted as English, not as whatever Foundation makes of it.
        #expect(l.date(day, "xx") == "Dec 5, 2026")
    }

    @Test("a count: '2,545' in English, as Foundation groups Spanish digits")
    func counts() throws {
        let l = try Self.localizer.get()
        #expect(l.count(2545, "en") == "2,545")
        #expect(l.count(1_234_567, "en") == "1,234,567")
        #expect(l.count(7, "es") == "7")
        #expect(l.count(2545, "es") == "2545")
        #expect(l.count(1_234_567, "es") == "1.234.567")
        #expect(l.count(-3, "en") == "-3")
    }
}
