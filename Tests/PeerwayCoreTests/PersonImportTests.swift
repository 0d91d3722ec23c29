import Foundation
import PeerwayCore
import Testing

@Suite("Person import and export")
struct PersonImportTests {
    static let organization = UUID(uuidString: "0000000A-0000-0000-0000-000000000000")!
    static let today = CalendarDate("2026-03-01")!
    static let now = Date(timeIntervalSince1970: 1_772_366_400) // 2026-03-01 12:00 UTC

    static func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))! }

    /// Every field set, several with text a spreadsheet or a CSV file could mangle.
    static var everything: Person {
        var d = PersonDetails()
        d.preferredLanguage = "es"
        d.otherLanguages = ["en", "ase"]
        d.phone = "+1 (619) 555-0100"
        d.email = "rosa.diaz@example.org"
        d.mayCall = true
        d.mayText = true
        d.mayEmail = false
        d.address = "1200 Third Ave, Apt \"B\"\nChula Vista, CA 91911"
        d.housing = .homelessSheltered
        d.races = [.white, .americanIndianOrAlaskaNative]
        d.ethnicity = .hispanicOrLatino
        d.genderIdentity = .nonbinary
        d.sexualOrientation = .queer
        d.veteran = .notVeteran
        d.insurance = .mediCal
        d.populations = [.parent, .lgbtq, .justiceInvolved]
        d.livedExperienceSought = [.substanceUse, .familyMember]
        d.culturalBackground = "Mexican-American, Purépecha"
        d.peerGenderPreference = .nonbinary
        d.region = "South Bay"
        return Person(id: id(7), organizationID: organization, kind: .supportPerson, relatedParticipantID: id(8),
                      relationship: .spouseOrPartner, legalGivenName: "Rosa María", legalFamilyName: "-Díaz",
                      preferredName: "=Ro", pronouns: "they/them", dateOfBirth: CalendarDate("1984-02-29"), details: d,
                      createdAt: now, updatedAt: now)
    }

    static func parse(_ rows: [[String]], newID: () -> UUID = { UUID() }) -> Result<[PersonImport.RowResult], ValidationErrors> {
        PersonImport.parse(rows, organizationID: organization, today: today, now: now, newID: newID)
    }

    static func results(_ rows: [[String]]) throws -> [PersonImport.RowResult] {
        try parse(rows).get()
    }

    @Test("the header and a row have one cell per column")
    func shape() {
        #expect(PersonImport.header.count == 29)
        #expect(Set(PersonImport.header).count == PersonImport.header.count)
        #expect(PersonImport.row(Self.everything).count == PersonImport.header.count)
    }

    @Test("a row is written with raw values, ';' between values and yes/no")
    func rowCells() {
        let row = PersonImport.row(Self.everything)
        let cells = Dictionary(uniqueKeysWithValues: zip(PersonImport.header, row))
        #expect(cells["id"] == Self.id(7).uuidString)
        #expect(cells["kind"] == "support_person")
        #expect(cells["date_of_birth"] == "1984-02-29")
        #expect(cells["other_languages"] == "en;ase")
        #expect(cells["may_call"] == "yes")
        #expect(cells["may_email"] == "no")
        #expect(cells["races"] == "american_indian_or_alaska_native;white")
        #expect(cells["populations"] == "parent;lgbtq;justice_involved")
        #expect(cells["ethnicity"] == "hispanic_or_latino")
        #expect(cells["peer_gender_preference"] == "nonbinary")
    }

    @Test("export, read back through CSV and import gives the same person")
    func roundTrip() throws {
        let original = Self.everything
        #expect(try PersonRules.validate(original, today: Self.today) == original)
        var writer = CSVWriter(header: PersonImport.header)
        writer.append(PersonImport.row(original))
        let rows = try CSVReader.parse(writer.text)
        let results = try Self.results(rows)
        #expect(results.count == 1)
        #expect(results[0].errors == [])
        #expect(results[0].line == 2)
        #expect(results[0].value == original)
    }

    @Test("a minimal participant with nothing optional exports and imports unchanged")
    func minimalRoundTrip() throws {
        let epoch = Self.now
        let minimal = Person(id: Self.id(3), organizationID: Self.organization, legalGivenName: "Ann", legalFamilyName: "",
                             dateOfBirth: nil, createdAt: epoch, updatedAt: epoch)
        let results = try Self.results([PersonImport.header, PersonImport.row(minimal)])
        #expect(results.map(\.value) == [minimal])
    }

    @Test("columns come in any order; missing optional columns take defaults; an empty id gets a new one")
    func freeColumnOrder() throws {
        let rows = [["date_of_birth", "preferred_name", "id"], ["1990-07-04", "Sky", ""]]
        let results = try Self.parse(rows, newID: { Self.id(42) }).get()
        let person = try #require(results.first?.value)
        #expect(person.id == Self.id(42))
        #expect(person.preferredName == "Sky")
        #expect(person.legalGivenName == "")
        #expect(person.dateOfBirth == CalendarDate("1990-07-04"))
        #expect(person.kind == .participant)
        #expect(person.details == PersonDetails())
        #expect(person.organizationID == Self.organization)
    }

    @Test("headers are read ignoring case and surrounding spaces")
    func headerCase() throws {
        let results = try Self.results([[" Legal_Given_Name", "DATE_OF_BIRTH "], ["Ann", ""]])
        #expect(results.first?.value?.legalGivenName == "Ann")
    }

    @Test("yes/no cells accept the usual spellings; empty is no", arguments: [
        ("yes", true), ("YES", true), ("y", true), ("True", true), ("1", true),
        ("no", false), ("N", false), ("false", false), ("0", false), ("", false),
    ])
    func booleans(cell: String, expected: Bool) throws {
        let results = try Self.results([["legal_given_name", "date_of_birth", "email", "may_email"], ["Ann", "", "ann@example.org", cell]])
        #expect(results.first?.value?.details.mayEmail == expected)
    }

    @Test("enum cells ignore case and read spaces and hyphens as underscores")
    func lenientEnums() throws {
        let rows = [
            ["legal_given_name", "date_of_birth", "housing", "insurance", "races", "sexual_orientation", "populations"],
            ["Ann", "", "Homeless Sheltered", "Medi-Cal", "Asian; BLACK OR AFRICAN AMERICAN", "heterosexual or straight", "older adult,veteran"],
        ]
        let person = try #require(try Self.results(rows).first?.value)
        #expect(person.details.housing == .homelessSheltered)
        #expect(person.details.insurance == .mediCal)
        #expect(person.details.races == [.asian, .blackOrAfricanAmerican])
        #expect(person.details.sexualOrientation == .straight)
        #expect(person.details.populations == [.olderAdult, .veteran])
    }

    @Test("a date of birth a spreadsheet rewrote as M/D/YYYY is still read")
    func spreadsheetDates() throws {
        let results = try Self.results([["legal_given_name", "date_of_birth"], ["Ann", "7/4/1990"]])
        #expect(results.first?.value?.dateOfBirth == CalendarDate("1990-07-04"))
    }

    @Test("row problems are reported on their row and column; good rows still import")
    func rowErrors() throws {
        let header = ["id", "legal_given_name", "date_of_birth", "housing", "veteran", "may_text", "phone"]
        let rows = [
            header,
            [Self.id(1).uuidString, "Good", "1990-01-01", "housed", "", "no", ""],
            ["", "Future", "2027-01-01", "", "", "", ""],
            ["", "BadDate", "1990-02-30", "", "", "", ""],
            ["", "Enum", "1990-01-01", "castle", "maybe", "sometimes", ""],
            ["", "Short", "1990-01-01"],
            [Self.id(1).text, "Again", "1990-01-01", "", "", "", ""],
            ["not-a-uuid", "BadID", "1990-01-01", "", "", "", ""],
            ["", "Texts", "", "", "", "yes", ""],
            ["", "Ancient", "1899-12-31", "", "", "", ""],
        ]
        let results = try Self.results(rows)
        func codes(_ line: Int) -> [String] {
            results.first { $0.line == line }.map { $0.errors.map { "\($0.field ?? "-"):\($0.code)" } } ?? ["missing"]
        }
        #expect(results.map(\.line) == Array(2...10))
        #expect(results[0].value?.legalGivenName == "Good")
        #expect(results[0].errors.isEmpty)
        #expect(codes(3) == ["date_of_birth:in_future"])
        #expect(codes(4) == ["date_of_birth:invalid_date"])
        #expect(results[2].errors.first?.messageKey == "error.invalid_date")
        #expect(codes(5) == ["housing:unknown_value", "veteran:unknown_value", "may_text:unknown_value"]) // the file's column order
        #expect(results[3].errors.first?.messageKey == "error.unknown_value")
        #expect(codes(6) == ["row:wrong_cell_count"])
        #expect(codes(7) == ["id:duplicate_id"])
        #expect(codes(8) == ["id:invalid_id"])
        #expect(codes(9) == ["phone:consent_without_phone"])
        #expect(codes(10) == ["date_of_birth:implausible"])
        #expect(results.dropFirst().allSatisfy { $0.value == nil })
    }

    @Test("a file-wide problem with the header fails the whole import")
    func headerErrors() {
        #expect(throws: ValidationErrors([ValidationError(field: "nickname", code: "unknown_column", messageKey: "error.unknown_column")])) {
            try Self.parse([["legal_given_name", "date_of_birth", "nickname"]]).get()
        }
        #expect(throws: ValidationErrors([
            ValidationError(field: "legal_given_name", code: "missing_column", messageKey: "error.missing_column"),
            ValidationError(field: "date_of_birth", code: "missing_column", messageKey: "error.missing_column"),
        ])) {
            try Self.parse([["id", "phone"]]).get()
        }
        #expect(throws: ValidationErrors([ValidationError(field: "phone", code: "duplicate_column", messageKey: "error.duplicate_column")])) {
            try Self.parse([["preferred_name", "date_of_birth", "phone", "Phone"]]).get()
        }
        #expect(throws: ValidationErrors.self) { try Self.parse([]).get() }
    }

    @Test("entirely empty rows are skipped, and line numbers still match the file")
    func emptyRows() throws {
        let results = try Self.results([["preferred_name", "date_of_birth"], [""], ["", " "], ["Sky", ""]])
        #expect(results.map(\.line) == [4])
        #expect(results[0].value?.preferredName == "Sky")
    }

    @Test("an empty header column, as spreadsheets leave behind, is ignored")
    func blankHeaderColumn() throws {
        let results = try Self.results([["preferred_name", "date_of_birth", ""], ["Sky", "", ""]])
        #expect(results.first?.errors == [])
    }
}

@Suite("Contact import and export")
struct ContactImportTests {
    static let zone = TimeZone(identifier: "America/Los_Angeles")!
    static let now = Date(timeIntervalSince1970: 1_772_366_400) // 2026-03-01 12:00 UTC
    static let person = UUID(uuidString: "00000000-0000-0000-0000-000000000009")!

    static func results(_ rows: [[String]]) throws -> [ContactImport.RowResult] {
        try ContactImport.parse(rows, timeZone: zone, now: now).get()
    }

    static func row(_ occurredAt: String, person: String = "", note: String = "") -> [String] {
        [occurredAt, person, "walk_in", "self", "in_person", "community", note]
    }

    @Test("occurred_at reads as a date, or a date and time in UTC, with an offset, or in the program's zone", arguments: [
        ("2026-02-14", 1_771_056_000.0),                  // midnight in Los Angeles (UTC−8)
        ("2026-02-14T09:30Z", 1_771_061_400.0),
        ("2026-02-14T09:30:15Z", 1_771_061_415.0),
        ("2026-02-14T09:30:15.5Z", 1_771_061_415.5),
        ("2026-02-14T01:30:00-08:00", 1_771_061_400.0),
        ("2026-02-14T10:30+0100", 1_771_061_400.0),
        ("2026-02-14T01:30", 1_771_061_400.0),            // program time
        ("2026-02-14 01:30:00", 1_771_061_400.0),
    ])
    func occurredAt(text: String, seconds: Double) throws {
        let result = try #require(try Self.results([ContactImport.header, Self.row(text)]).first)
        #expect(result.errors == [])
        #expect(result.value?.occurredAt == Date(timeIntervalSince1970: seconds))
    }

    @Test("unreadable times are invalid dates", arguments: ["2026-02-30", "2026-02-14T25:00Z", "2026-02-14T9:30Z", "14/02/2026 09:30",
                                                            "2026-02-14T09:30:61Z", "2026-02-14T09:30+25:00", "yesterday"])
    func badTimes(text: String) throws {
        let result = try #require(try Self.results([ContactImport.header, Self.row(text)]).first)
        #expect(result.errors.map(\.code) == ["invalid_date"])
        #expect(result.errors.first?.field == "occurred_at")
        #expect(result.value == nil)
    }

    @Test("a contact with no person is anonymous; a person id must be a UUID")
    func personIDs() throws {
        let results = try Self.results([ContactImport.header, Self.row("2026-02-14"), Self.row("2026-02-14", person: Self.person.uuidString),
                                        Self.row("2026-02-14", person: "Ann")])
        #expect(results[0].value?.personID == nil)
        #expect(results[0].errors.isEmpty)
        #expect(results[1].value?.personID == Self.person)
        #expect(results[2].errors.map(\.code) == ["invalid_id"])
    }

    @Test("future times, unknown or missing values, and long notes are refused on their row")
    func rowErrors() throws {
        let rows = [
            ["occurred_at", "source", "made_by", "method", "setting", "note"],
            ["2026-03-02", "walk_in", "self", "in_person", "community", ""],
            ["2026-02-14", "Warm Line", "SELF", "phone", "telepathy", ""],
            ["2026-02-14", "", "self", "phone", "remote", String(repeating: "x", count: 4001)],
        ]
        let results = try Self.results(rows)
        #expect(results.map { $0.errors.map { "\($0.field ?? "-"):\($0.code)" } } == [
            ["occurred_at:in_future"],
            ["setting:unknown_value"],
            ["source:required", "note:too_long"],
        ])
    }

    @Test("the header must name the columns a contact cannot do without")
    func missingColumns() {
        #expect(throws: ValidationErrors([ValidationError(field: "setting", code: "missing_column", messageKey: "error.missing_column")])) {
            try ContactImport.parse([["occurred_at", "source", "made_by", "method"]], timeZone: Self.zone, now: Self.now).get()
        }
    }

    @Test("export, read back through CSV and import gives the same contact")
    func roundTrip() throws {
        let contact = Contact(id: UUID(), organizationID: UUID(), programID: UUID(), personID: Self.person,
                              occurredAt: Date(timeIntervalSince1970: 1_771_061_415), source: .warmLine, madeBy: .familyOrFriend,
                              method: .phone, setting: .remote, note: "Called about \"groups\",\nwill visit", loggedBy: UUID(),
                              createdAt: Self.now)
        var writer = CSVWriter(header: ContactImport.header)
        writer.append(ContactImport.row(contact))
        let results = try Self.results(try CSVReader.parse(writer.text))
        #expect(results.map(\.value) == [ContactDraft(occurredAt: contact.occurredAt, personID: contact.personID, source: .warmLine,
                                                      madeBy: .familyOrFriend, method: .phone, setting: .remote,
                                                      note: contact.note)])
    }
}
