import Foundation
import PeerwayCore
import Testing

@Suite("Duplicate matching")
struct DuplicateMatchingTests {
    static let organization = UUID(uuidString: "0000000A-0000-0000-0000-000000000000")!

    static func person(_ n: Int, _ given: String, _ family: String, preferred: String = "", dob: String? = nil,
                       phone: String = "", mergedInto: UUID? = nil) -> Person {
        var details = PersonDetails()
        details.phone = phone
        let epoch = Date(timeIntervalSince1970: 0)
        return Person(id: UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))!, organizationID: organization,
                      legalGivenName: given, legalFamilyName: family, preferredName: preferred,
                      dateOfBirth: dob.flatMap(CalendarDate.init), details: details, mergedIntoID: mergedInto,
                      createdAt: epoch, updatedAt: epoch)
    }

    @Test("the same name and date of birth is a duplicate, whatever the accents and case")
    func sameNameAndBirthday() throws {
        let a = Self.person(1, "José", "Núñez", dob: "1990-07-04")
        let b = Self.person(2, "jose", "NUNEZ", dob: "1990-07-04")
        let match = try #require(DuplicateMatching.match(a, b))
        #expect(match == DuplicateMatch(personID: b.id, score: 80, reasons: ["same_date_of_birth", "same_name"]))
        #expect(DuplicateMatching.match(b, a)?.personID == a.id)
    }

    @Test("the same name and phone, written differently, is a duplicate when a birthday is missing")
    func sameNameAndPhone() {
        let a = Self.person(1, "Ann", "Lee", phone: "(619) 555-0100")
        let b = Self.person(2, "Ann", "Lee", dob: "1970-01-02", phone: "+1 619-555-0100")
        #expect(DuplicateMatching.match(a, b)?.reasons == ["same_phone", "same_name"])
    }

    @Test("the same birthday and phone is a duplicate even when the names differ (a name changed)")
    func birthdayAndPhone() {
        let a = Self.person(1, "Maria", "Lopez", dob: "1982-11-30", phone: "619 555 0142")
        let b = Self.person(2, "Maria", "Hernandez", dob: "1982-11-30", phone: "6195550142")
        #expect(DuplicateMatching.match(a, b) == DuplicateMatch(personID: b.id, score: 70, reasons: ["same_date_of_birth", "same_phone"]))
    }

    @Test("a similar name with the same birthday is a duplicate", arguments: [
        ("Jonathan", "Smith", "Jonathon", "Smith"),   // a typo in the given name
        ("Jon", "Smith", "Jonathan", "Smith"),        // a shortened name
        ("Alejandra", "Nuñez", "Alejandra", "Nunes"), // a typo in the family name
        ("Katherine", "Ng", "Kathrine", "Ng"),
    ])
    func similarName(given: String, family: String, otherGiven: String, otherFamily: String) {
        let a = Self.person(1, given, family, dob: "2001-02-03")
        let b = Self.person(2, otherGiven, otherFamily, dob: "2001-02-03")
        #expect(DuplicateMatching.match(a, b)?.reasons == ["same_date_of_birth", "similar_name"])
        #expect(DuplicateMatching.match(a, b)?.score == 65)
    }

    @Test("a preferred name counts as a given name")
    func preferredNameIsAGivenName() {
        let a = Self.person(1, "Robert", "Okafor", preferred: "Bob", dob: "1955-03-12")
        let b = Self.person(2, "Bob", "Okafor", dob: "1955-03-12")
        #expect(DuplicateMatching.match(a, b)?.reasons == ["same_date_of_birth", "same_name"])
    }

    @Test("two different people born the same day are not matched")
    func sharedBirthdayAlone() {
        let a = Self.person(1, "Ann", "Lee", dob: "1990-07-04", phone: "619-555-0100")
        let b = Self.person(2, "Tomás", "García", dob: "1990-07-04", phone: "858-555-0199")
        #expect(DuplicateMatching.match(a, b) == nil)
        let sameFamily = Self.person(3, "Ben", "Lee", dob: "1990-07-04")
        #expect(DuplicateMatching.match(a, sameFamily) == nil)
    }

    @Test("one signal alone is never enough")
    func weakSignals() {
        #expect(DuplicateMatching.match(Self.person(1, "Ann", "Lee"), Self.person(2, "Ann", "Lee")) == nil)
        #expect(DuplicateMatching.match(Self.person(1, "Ann", "Lee", phone: "619-555-0100"),
                                        Self.person(2, "Bo", "Chan", phone: "619-555-0100")) == nil)
        // A similar name and a shared phone: siblings in one household look like this.
        #expect(DuplicateMatching.match(Self.person(1, "Jon", "Lee", phone: "619-555-0100"),
                                        Self.person(2, "Jonah", "Lee", phone: "619-555-0100")) == nil)
    }

    @Test("short names a letter apart are different names")
    func shortNames() {
        #expect(DuplicateMatching.match(Self.person(1, "Ana", "Ruiz", dob: "1999-09-09"),
                                        Self.person(2, "Ada", "Ruiz", dob: "1999-09-09")) == nil)
    }

    @Test("different recorded birthdays rule a match out (a father and son share a name and a phone)")
    func conflictingBirthdays() {
        let father = Self.person(1, "Luis", "Ortega", dob: "1960-04-01", phone: "619-555-0123")
        let son = Self.person(2, "Luis", "Ortega", dob: "1988-10-12", phone: "619-555-0123")
        #expect(DuplicateMatching.match(father, son) == nil)
    }

    @Test("a record is not its own duplicate, and a merged record is not offered again")
    func selfAndMerged() {
        let a = Self.person(1, "Ann", "Lee", dob: "1990-07-04")
        #expect(DuplicateMatching.match(a, a) == nil)
        let merged = Self.person(2, "Ann", "Lee", dob: "1990-07-04", mergedInto: a.id)
        #expect(DuplicateMatching.match(a, merged) == nil)
        #expect(DuplicateMatching.match(merged, a) == nil)
    }

    @Test("a phone number too short to be shared by chance is not a signal")
    func shortPhone() {
        let a = Self.person(1, "Ann", "Lee", phone: "x101")
        let b = Self.person(2, "Ann", "Lee", phone: "ext 101")
        #expect(DuplicateMatching.match(a, b) == nil)
    }

    @Test("records with no family name are matched on birthday and phone only")
    func noFamilyName() {
        let a = Self.person(1, "", "", preferred: "Sunny", dob: "1979-12-01", phone: "619-555-0177")
        let b = Self.person(2, "", "", preferred: "Sunny", dob: "1979-12-01")
        #expect(DuplicateMatching.match(a, b) == nil)
        let c = Self.person(3, "", "", preferred: "River", dob: "1979-12-01", phone: "619 555 0177")
        #expect(DuplicateMatching.match(a, c)?.reasons == ["same_date_of_birth", "same_phone"])
    }
}
