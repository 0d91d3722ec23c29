import Foundation
import PeerwayCore
import Testing

/// The one input rule for free text and query parameters (`TextRules`), and the rules built on it.
@Suite("Text rules")
struct TextRulesTests {
    static func problem(_ text: String, _ lines: TextRules.Lines = .single, limit: Int = 200) -> String? {
        TextRules.problem(text, lines: lines, limit: limit)
    }

    @Test("refused everywhere: exactly C0 less tab, LF and CR, DEL and C1")
    func forbiddenSet() {
        for value in UInt32(0)...0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected = (value <= 0x1F && ![0x09, 0x0A, 0x0D].contains(value)) || (0x7F...0x9F).contains(value)
            #expect(TextRules.isForbidden(scalar) == expected, "U+\(String(value, radix: 16))")
            // The same set as Unicode's Cc less tab, LF and CR.
            let control = scalar.properties.generalCategory == .control && ![0x09, 0x0A, 0x0D].contains(value)
            #expect(TextRules.isForbidden(scalar) == control)
        }
    }

    @Test("NUL and other controls are refused in single- and multi-line text, wherever they stand", arguments: [
        "\u{0}", "a\u{0}", "\u{0}a", "Ann\u{0}Lee", "a\u{1B}[31m", "a\u{7}", "a\u{8}b", "a\u{B}b", "a\u{C}b", "a\u{7F}", "a\u{85}b", "a\u{9B}b",
        " \u{B}", "\u{C} ", "note\u{85}",   // VT, FF and NEL are white space, yet refused rather than trimmed away
    ])
    func controlsRefused(text: String) {
        #expect(Self.problem(text, .single) == "invalid_characters")
        #expect(Self.problem(text, .multi) == "invalid_characters")
        #expect(TextRules.containsForbidden(text))
    }

    @Test("line breaks and tab: kept in multi-line text, refused inside single-line text, trimmed at its ends", arguments: [
        "a\nb", "a\r\nb", "a\tb", "a\u{2028}b", "a\u{2029}b",
    ])
    func lineBreaks(text: String) {
        #expect(Self.problem(text, .multi) == nil)
        #expect(Self.problem(text, .single) == "invalid_characters")
        #expect(Self.problem("\n\t" + "ab" + "\r\n", .single) == nil)
        #expect(TextRules.trimmed("\n\t ab \r\n") == "ab")
    }

    @Test("format characters, combining marks, emoji, right-to-left and astral text are kept as sent", arguments: [
        "Ann\u{200D}Lee", "\u{200F}سارا", "\u{2067}سارا\u{2069}", "مهر\u{200C}داد", "Dana\u{AD}Lee", "e\u{301}\u{302}\u{303}",
        "👩🏽\u{200D}⚕️", "🇺🇸", "𝒜𝓃𝓃", "\u{E0067}", "\u{FEFF}x", "\u{10FFFD}", "\u{F8FF}",
    ])
    func printableKept(text: String) {
        #expect(Self.problem(text, .single) == nil)
        #expect(TextRules.trimmed(text).unicodeScalars.elementsEqual(text.unicodeScalars))
    }

    @Test("trimming removes White_Space scalars at the ends only, never inside and never a combining mark")
    func trimming() {
        #expect(TextRules.trimmed("  \u{A0}\u{3000}Ngozi Okafor\u{2003} ") == "Ngozi Okafor")
        #expect(TextRules.trimmed("   ") == "")
        #expect(TextRules.trimmed("") == "")
        // A combining mark after a leading space: the space goes, the mark stays (scalars, not characters).
        let trimmed = TextRules.trimmed(" \u{301}abc")
        #expect(Array(trimmed.unicodeScalars) == Array("\u{301}abc".unicodeScalars))
        // Text without surrounding white space is returned unchanged, scalar for scalar.
        let decomposed = "Jose\u{301}"
        #expect(Array(TextRules.trimmed(decomposed).unicodeScalars) == Array(decomposed.unicodeScalars))
        #expect(Array(TextRules.trimmed(" a  b ").unicodeScalars) == Array("a  b".unicodeScalars))
    }

    @Test("length counts Unicode scalars, not grapheme clusters; 200 scalars is at most 800 bytes")
    func lengthInScalars() {
        // 200 characters of a letter and a combining mark: 400 scalars, refused by a 200 limit.
        let marked = String(repeating: "e\u{301}", count: 200)
        #expect(marked.count == 200)
        #expect(Self.problem(marked, limit: 200) == "too_long")
        #expect(Self.problem(String(repeating: "e\u{301}", count: 100), limit: 200) == nil)
        // One "character" of 1,000 combining marks.
        #expect(Self.problem("a" + String(repeating: "\u{301}", count: 1000), limit: 200) == "too_long")
        // Astral letters: 200 scalars, 800 bytes, accepted; one more is refused.
        let astral = String(repeating: "𝒜", count: 200)
        #expect(Self.problem(astral, limit: 200) == nil)
        #expect(astral.utf8.count == TextRules.maxUTF8Bytes(forScalars: 200))
        #expect(Self.problem(astral + "𝒜", limit: 200) == "too_long")
        // Counted after trimming.
        #expect(Self.problem("  " + String(repeating: "n", count: 200) + "\n", limit: 200) == nil)
        #expect(TextRules.length("👩🏽\u{200D}⚕️") == 5)
    }

    @Test("clean and check report on the field given, with stable codes and message keys")
    func errorsOnTheField() throws {
        var errors = ValidationErrors()
        #expect(TextRules.clean("  kept \n", field: "note", lines: .multi, limit: 10, into: &errors) == "kept")
        _ = TextRules.clean("a\u{0}b", field: "note", lines: .multi, limit: 10, into: &errors)
        _ = TextRules.clean("abcdefghijk", field: "region", lines: .single, limit: 10, into: &errors)
        #expect(errors.errors == [
            ValidationError(field: "note", code: "invalid_characters", messageKey: "error.invalid_characters"),
            ValidationError(field: "region", code: "too_long", messageKey: "error.too_long"),
        ])
        #expect(throws: ValidationError(field: "q", code: "invalid_characters", messageKey: "error.invalid_characters")) {
            try TextRules.check("x\u{0}", field: "q", lines: .single, limit: 200)
        }
        #expect(try TextRules.check(" Morgan Lee ", field: "q", lines: .single, limit: 200) == "Morgan Lee")
    }
}

@Suite("Text rules in the domain")
struct TextRulesInDomainTests {
    static let today = CalendarDate(year: 2026, month: 3, day: 1)!
    static let now = Date(timeIntervalSince1970: 1_772_400_000)

    static func person(_ change: (inout Person) -> Void) -> [String] {
        var p = Person(id: UUID(), organizationID: UUID(), legalGivenName: "Ann", legalFamilyName: "Lee", dateOfBirth: nil,
                       createdAt: now, updatedAt: now)
        change(&p)
        do { _ = try PersonRules.validate(p, today: today); return [] } catch { return error.errors.map { "\($0.field ?? ""):\($0.code)" } }
    }

    @Test("a person's names, pronouns, address, background and region follow the rule")
    func person() {
        #expect(Self.person { $0.legalFamilyName = "Lee\u{0}hidden" } == ["legal_family_name:invalid_characters"])
        #expect(Self.person { $0.preferredName = String(repeating: "e\u{301}", count: 200) } == ["preferred_name:too_long"])
        #expect(Self.person { $0.pronouns = String(repeating: "x", count: 41) } == ["pronouns:too_long"])
        #expect(Self.person { $0.details.address = "1 Main St\r\nApt 2" } == [])
        #expect(Self.person { $0.details.address = "1 Main St\u{B}Apt 2" } == ["address:invalid_characters"])
        #expect(Self.person { $0.details.culturalBackground = "Hmong\nAmerican" } == ["cultural_background:invalid_characters"])
        #expect(Self.person { $0.details.region = "North\u{0}" } == ["region:invalid_characters"])
        #expect(Self.person { $0.details.email = "a\u{0}b@example.org" } == ["email:invalid_email"])
        #expect(Self.person { $0.details.otherLanguages = Array(repeating: "es", count: 21) } == ["other_languages:too_many"])
        #expect(Self.person { $0.details.otherLanguages = ["xx"] } == ["other_languages:invalid_language"])
        #expect(Self.person { $0.details.preferredLanguage = "qq" } == ["preferred_language:invalid_language"])
    }

    @Test("contacts, reviews, crisis events, discharges, enrollments and screens refuse NUL in their texts")
    func journeyTexts() throws {
        #expect(throws: ValidationErrors.self) { try Contact.validate(occurredAt: Self.now, note: "seen\u{0}secret", now: Self.now) }
        #expect(try Contact.validate(occurredAt: Self.now, note: " Met at the clinic\n", now: Self.now) == "Met at the clinic")
        #expect(throws: ValidationErrors.self) { try ContinuedStayReview.validateNote("ok\u{0}") }
        #expect(throws: ValidationErrors.self) { try EpisodeRules.validateSummary(String(repeating: "s\u{301}", count: 4001)) }
        #expect(throws: ValidationErrors.self) { try Assignment.validateReason("speaks\u{0}") }
        #expect(throws: ValidationErrors.self) { try Assignment.validateReason(String(repeating: "r", count: 1001)) }
        #expect(try Assignment.validateReason("  Speaks Spanish ") == "Speaks Spanish")
        let event = CrisisEvent(kind: .crisisCall, startedOn: Self.today)
        #expect(throws: ValidationErrors.self) { try event.validate(note: "\u{1B}[2J", today: Self.today, dateOfBirth: nil) }
        #expect(throws: ValidationErrors.self) {
            try Screening.evaluate(ScreeningAnswers(serviceCriteriaMet: ["C"], exclusionsPresent: [], higherLevelReferral: "clinic\u{0}"))
        }
        let consent = EnrollmentConsent(signedBy: .participant, signedOn: Self.today, method: .verbal)
        #expect(throws: ValidationErrors.self) { try EpisodeRules.validateConsent(consent, goals: "goal\u{0}", today: Self.today) }
    }

    @Test("dates keep a lower bound: nothing before 1900")
    func earliestDates() {
        let early = CalendarDate(year: 1899, month: 12, day: 31)!
        var errors = ValidationErrors()
        DateRules.check(early, field: "date", into: &errors)
        DateRules.check(DateRules.earliest, field: "fine", into: &errors)
        DateRules.check(DateRules.earliestInstant.addingTimeInterval(-1), field: "occurred_at", into: &errors)
        #expect(errors.errors.map { "\($0.field ?? ""):\($0.code)" } == ["date:too_early", "occurred_at:too_early"])
        let old = DateRules.instant("1850-06-01T10:00:00Z", in: nil)!
        #expect(throws: ValidationErrors.self) { try Contact.validate(occurredAt: old, note: "", now: Self.now) }
        #expect(throws: ValidationErrors.self) { try Screening.validateDate(early, today: Self.today, dateOfBirth: nil) }
        #expect(throws: ValidationErrors.self) { try CrisisEvent(kind: .crisisCall, startedOn: early).validate(note: "", today: Self.today, dateOfBirth: nil) }
    }

    @Test("an instant needs a zone when none is given, and an offset of at most 14 hours")
    func instants() {
        #expect(DateRules.instant("2024-05-01T10:00:00Z", in: nil) == Date(timeIntervalSince1970: 1_714_557_600))
        #expect(DateRules.instant("2024-05-01T17:00:00+07:00", in: nil) == Date(timeIntervalSince1970: 1_714_557_600))
        #expect(DateRules.instant("2024-05-01T00:00:00+14:00", in: nil) != nil)
        #expect(DateRules.instant("2024-05-01T00:00:00-12:00", in: nil) != nil)
        for bad in ["2024-05-01T10:00:00+25:00", "2024-05-01T10:00:00+14:01", "2024-05-01T10:00:00-99:99", "2024-05-01T10:00:00+05:60",
                    "2024-05-01T10:00:00", "2024-05-01", "0231-05-01T10:00:00Z", "2024-05-01T10:00:00+0:00", "2024-05-01T10:00:00+05:3"] {
            #expect(DateRules.instant(bad, in: nil) == nil, "\(bad)")
        }
        #expect(DateRules.instant("2024-05-01T10:00", in: TimeZone(identifier: "UTC")!) == Date(timeIntervalSince1970: 1_714_557_600))
    }

    @Test("language codes: known ones only, at most 20, repeats dropped")
    func languages() throws {
        for code in LanguageCatalog.common + ["hy", "pa", "km", "hmn", "yue", "ium"] { #expect(LanguageCatalog.isValid(code), "\(code)") }
        for code in ["xx", "zz", "qqq", "EN", "e", "english", "e\u{0}"] { #expect(!LanguageCatalog.isValid(code), "\(code)") }
        #expect(try LanguageCatalog.validateList([" ES", "en", "es", ""], field: "languages", required: true) == ["es", "en"])
        #expect(throws: ValidationError(field: "languages", code: "too_many", messageKey: "error.too_many_languages")) {
            try LanguageCatalog.validateList(Array(repeating: "en", count: 21), field: "languages", required: true)
        }
        #expect(throws: ValidationError(field: "languages", code: "invalid_language", messageKey: "error.invalid_language")) {
            try LanguageCatalog.validateList([], field: "languages", required: true)
        }
    }

    @Test("a peer profile: 1–20 known languages, one-line background and region, capacity 0–200")
    func peerProfile() throws {
        func codes(_ languages: [String], _ background: String = "", _ region: String = "", _ capacity: Int = 10) -> [String] {
            do {
                _ = try PeerProfileRules.validate(languages: languages, culturalBackground: background, region: region, capacity: capacity)
                return []
            } catch { return error.errors.map { "\($0.field ?? ""):\($0.code)" } }
        }
        #expect(codes(["en"]) == [])
        #expect(codes(Array(repeating: "en", count: 5000)) == ["languages:too_many"])
        #expect(codes(["en", "xx"]) == ["languages:invalid_language"])
        #expect(codes(["en"], "Mexican\u{0}American", "North\nCounty", 201) == ["cultural_background:invalid_characters", "region:invalid_characters", "capacity:out_of_range"])
        #expect(codes(["en"], String(repeating: "a\u{301}", count: 101)) == ["cultural_background:too_long"])
        let cleaned = try PeerProfileRules.validate(languages: ["es", "EN", "es"], culturalBackground: " Filipino ", region: " 92101 ", capacity: 0)
        #expect(cleaned.languages == ["es", "en"])
        #expect(cleaned.culturalBackground == "Filipino")
        #expect(cleaned.region == "92101")
    }

    @Test("service notes, catalogue labels and outreach follow the rule")
    func services() {
        var errors = ValidationErrors()
        _ = ServiceRules.validateAttendeeLine("fine\u{0}", field: "line_0", into: &errors)
        #expect(errors.errors.map(\.code) == ["invalid_characters"])
        #expect(throws: ValidationErrors.self) { try ServiceCatalog().validateNew(kind: .serviceType, code: "warm_line", label: "Warm\nline") }
        #expect(throws: ValidationErrors.self) { try Program.validateDescription("desc\u{0}") }
        #expect(throws: ValidationError.self) { try Credentials.validatePassword("correct horse\u{0} battery") }
    }

    @Test("a CSV cell with a control character is refused on its column, whichever column")
    func csvCells() throws {
        let rows = [PersonImport.header, PersonImport.header.map { column -> String in
            switch column {
            case "legal_given_name": "Ann"
            case "legal_family_name": "Lee"
            case "date_of_birth": "1990-01-01"
            case "pronouns": "she\u{0}her"
            case "housing": "housed\u{7F}"
            default: ""
            }
        }]
        let results = try PersonImport.parse(rows, organizationID: UUID(), today: Self.today, now: Self.now, newID: UUID.init).get()
        let codes = results.first?.errors.map { "\($0.field ?? ""):\($0.code)" } ?? []
        #expect(codes.contains("pronouns:invalid_characters"))
        #expect(codes.contains("housing:invalid_characters"))
        #expect(results.first?.value == nil)
    }
}
