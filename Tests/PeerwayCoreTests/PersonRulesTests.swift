import Foundation
import PeerwayCore
import Testing

@Suite("Person rules")
struct PersonRulesTests {
    static let today = CalendarDate("2026-03-01")!

    static func person(given: String = "Ann", family: String = "Lee", preferred: String = "", dob: String? = "1990-07-04",
                       _ configure: (inout PersonDetails) -> Void = { _ in }) -> Person {
        var details = PersonDetails()
        configure(&details)
        let epoch = Date(timeIntervalSince1970: 0)
        return Person(id: UUID(), organizationID: UUID(), legalGivenName: given, legalFamilyName: family, preferredName: preferred,
                      dateOfBirth: dob.flatMap(CalendarDate.init), details: details, createdAt: epoch, updatedAt: epoch)
    }

    static func codes(_ person: Person) -> [String] {
        do {
            _ = try PersonRules.validate(person, today: today)
            return []
        } catch {
            return error.errors.map { "\($0.field ?? "-"):\($0.code)" }
        }
    }

    @Test("a search applied to a person in hand: word prefixes with accents folded, a date of birth, phone digits; empty matches all")
    func searchMatchesInHand() {
        let maria = Self.person(given: "María José", family: "Núñez", preferred: "Majo") { $0.phone = "(619) 555-0134" }
        for text in ["mar", "nun", "maria nunez", "MAJO", "1990-07-04", "07/04/1990", "619-555-0134", "+1 619 555 0134", ""] {
            #expect(NameSearch.parse(text).matches(maria), "\(text)")
        }
        for text in ["ana", "maria lopez", "1990-07-05", "619-555-0135"] {
            #expect(!NameSearch.parse(text).matches(maria), "\(text)")
        }
    }

    @Test("a valid person passes, trimmed")
    func validPerson() throws {
        let cleaned = try PersonRules.validate(Self.person(given: "  Ann ", family: "Lee\n") { $0.email = " Ann@Example.ORG " },
                                               today: Self.today)
        #expect(cleaned.legalGivenName == "Ann")
        #expect(cleaned.legalFamilyName == "Lee")
        #expect(cleaned.details.email == "ann@example.org")
    }

    @Test("a date of birth in the future is refused; today is accepted")
    func futureBirthday() {
        #expect(Self.codes(Self.person(dob: "2026-03-02")) == ["date_of_birth:in_future"])
        #expect(Self.codes(Self.person(dob: "2026-03-01")) == [])
    }

    @Test("a date of birth more than 120 years ago is refused as a typing mistake")
    func implausibleAge() {
        #expect(Self.codes(Self.person(dob: "1905-03-02")) == [])
        #expect(Self.codes(Self.person(dob: "1905-03-01")) == ["date_of_birth:implausible"])
        #expect(Self.codes(Self.person(dob: "1826-01-01")) == ["date_of_birth:implausible"])
    }

    @Test("consent to call or text needs a phone; consent to e-mail needs an address")
    func consentNeedsChannel() {
        #expect(Self.codes(Self.person { $0.mayText = true }) == ["phone:consent_without_phone"])
        #expect(Self.codes(Self.person { $0.mayCall = true }) == ["phone:consent_without_phone"])
        #expect(Self.codes(Self.person {
            $0.mayText = true
            $0.phone = "619-555-0100"
        }) == [])
        #expect(Self.codes(Self.person { $0.mayEmail = true }) == ["email:consent_without_email"])
    }

    @Test("an e-mail address must look like one", arguments: ["ann", "ann@", "@example.org", "ann@example", "ann @example.org", "<ann@example.org>"])
    func badEmail(email: String) {
        #expect(Self.codes(Self.person { $0.email = email }) == ["email:invalid_email"])
    }

    @Test("a phone number needs 7 to 15 digits", arguments: [("555-01", false), ("555-0100", true), ("+44 20 7946 0958", true), ("1234567890123456", false)])
    func phoneLength(phone: String, valid: Bool) {
        #expect(Self.codes(Self.person { $0.phone = phone }) == (valid ? [] : ["phone:invalid_phone"]))
    }

    @Test("names in any script, with emoji or right-to-left text, are kept exactly", arguments: [
        "🌈 Sky", "محمد", "דנה", "Nguyễn Thị Minh Khai", "O'Brien-Núñez", "李小龙", "Zoë\u{200F}", "👩🏽‍🦱",
    ])
    func anyScript(name: String) throws {
        let cleaned = try PersonRules.validate(Self.person(given: name, family: name, preferred: name), today: Self.today)
        #expect(cleaned.legalGivenName == name)
        #expect(cleaned.legalFamilyName == name)
        #expect(cleaned.preferredName == name)
        #expect(cleaned.legalGivenName.unicodeScalars.elementsEqual(name.unicodeScalars))
    }

    @Test("control characters in a name are refused", arguments: ["Ann\u{0007}", "Ann\u{0000}Lee", "A\u{001B}[31mnn", "Ann\tLee", "Ann\u{007F}", "Ann\nLee", "Ann\r\nLee"])
    func controlCharacters(name: String) {
        #expect(Self.codes(Self.person(given: name)) == ["legal_given_name:invalid_characters"])
        #expect(Self.codes(Self.person(family: name)) == ["legal_family_name:invalid_characters"])
    }

    @Test("a name is required: the legal given name or a preferred name")
    func nameRequired() {
        #expect(Self.codes(Self.person(given: " ", preferred: "")) == ["legal_given_name:name_required"])
        #expect(Self.codes(Self.person(given: "", preferred: "Sky")) == [])
    }

    @Test("names longer than 200 characters are refused")
    func longNames() {
        #expect(Self.codes(Self.person(given: String(repeating: "a", count: 200))) == [])
        #expect(Self.codes(Self.person(given: String(repeating: "a", count: 201))) == ["legal_given_name:too_long"])
    }

    @Test("a support person must be linked to a participant other than themself, with a relationship")
    func supportPerson() {
        var p = Self.person()
        p.kind = .supportPerson
        #expect(Self.codes(p) == ["related_participant_id:required", "relationship:required"])
        p.relatedParticipantID = p.id
        p.relationship = .parent
        #expect(Self.codes(p) == ["related_participant_id:self_link"])
        p.relatedParticipantID = UUID()
        #expect(Self.codes(p) == [])
    }

    @Test("a participant's link to another participant is dropped")
    func participantLinkDropped() throws {
        var p = Self.person()
        p.relatedParticipantID = UUID()
        p.relationship = .friend
        let cleaned = try PersonRules.validate(p, today: Self.today)
        #expect(cleaned.relatedParticipantID == nil)
        #expect(cleaned.relationship == nil)
    }

    @Test("language codes are lower-cased and checked; an empty preferred language is English")
    func languages() throws {
        let cleaned = try PersonRules.validate(Self.person {
            $0.preferredLanguage = " ES "
            $0.otherLanguages = ["EN", " ", "ase"]
        }, today: Self.today)
        #expect(cleaned.details.preferredLanguage == "es")
        #expect(cleaned.details.otherLanguages == ["en", "ase"])
        #expect(try PersonRules.validate(Self.person { $0.preferredLanguage = "" }, today: Self.today).details.preferredLanguage == "en")
        #expect(Self.codes(Self.person { $0.otherLanguages = ["spanish"] }) == ["other_languages:invalid_language"])
        #expect(Self.codes(Self.person { $0.preferredLanguage = "spanish" }) == ["preferred_language:invalid_language"])
    }

    @Test("an address may span lines as a browser's textarea sends them (CR LF)")
    func multilineAddress() throws {
        let cleaned = try PersonRules.validate(Self.person { $0.address = "Apt 4\r\n123 Main St\r\nSan Diego" }, today: Self.today)
        #expect(cleaned.details.address == "Apt 4\r\n123 Main St\r\nSan Diego")
    }

    @Test("declining to state a race cannot be combined with an answer")
    func declinedRace() {
        #expect(Self.codes(Self.person { $0.races = [.declined, .asian] }) == ["races:declined_with_answer"])
        #expect(Self.codes(Self.person { $0.races = [.declined] }) == [])
    }

    @Test("every problem is reported at once")
    func allAtOnce() {
        let p = Self.person(given: "", dob: "2030-01-01") {
            $0.email = "nope"
            $0.mayText = true
        }
        #expect(Self.codes(p) == ["legal_given_name:name_required", "date_of_birth:in_future", "phone:consent_without_phone", "email:invalid_email"])
    }
}

@Suite("Name search")
struct NameSearchTests {
    @Test("what a search box holds", arguments: [
        ("1990-07-04", NameSearch.Query.dateOfBirth(CalendarDate("1990-07-04")!)),
        ("7/4/1990", .dateOfBirth(CalendarDate("1990-07-04")!)),
        ("07/04/1990", .dateOfBirth(CalendarDate("1990-07-04")!)),
        ("(619) 555-0100", .phone("6195550100")),
        ("+1 619 555 0100", .phone("6195550100")),
        ("José Núñez", .name(["jose", "nunez"])),
        ("  ", .empty),
        ("2/30/1990", .name(["2", "30", "1990"])),
        ("a b c d e", .name(["a", "b", "c", "d"])),
    ])
    func parse(text: String, expected: NameSearch.Query) {
        #expect(NameSearch.parse(text) == expected)
    }

    @Test("tokens are folded, split on punctuation, and de-duplicated")
    func tokens() {
        #expect(NameSearch.tokens(of: "José  O'Brien-Núñez") == ["jose", "o", "brien", "nunez"])
        #expect(NameSearch.tokens(of: "Ann ANN ann") == ["ann"])
        #expect(NameSearch.tokens(of: "ＡＮＮ") == ["ann"])
    }

    @Test("phone digits drop punctuation and a North American country code")
    func phoneDigits() {
        #expect(NameSearch.phoneDigits("+1 (619) 555-0100") == "6195550100")
        #expect(NameSearch.phoneDigits("619.555.0100 x12") == "619555010012")
        #expect(NameSearch.phoneDigits("٦١٩") == "")
    }
}
