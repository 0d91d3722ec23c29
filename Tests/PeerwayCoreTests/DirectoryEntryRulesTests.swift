import Foundation
import Testing
@testable import PeerwayCore

/// The rules of curating the directory that need no database: what a draft must hold, the rows an
/// addition and a correction write and delete, a check's answers and when an entry is due.
@Suite("Directory entry rules")
struct DirectoryEntryRulesTests {
    static let today = CalendarDate("2026-12-07")!
    static let now = Date(timeIntervalSince1970: 1_796_639_400)

    static func ids() -> () -> String {
        var n = 0
        return {
            n += 1
            return String(format: "00000000-0000-4000-8000-%012d", n)
        }
    }

    @Test("a draft is trimmed, and each problem is refused on its own field")
    func validate() throws {
        var d = DirectoryEntryDraft()
        d.name = "  Food Pantry "
        d.organizationName = "Pantry Network"
        d.opens = "9:00"
        d.closes = "1200"
        d.days = ["MO"]
        let clean = try DirectoryEntryRules.validate(d, adding: true)
        #expect(clean.name == "Food Pantry" && clean.opens == "09:00" && clean.closes == "12:00")
        var bad = DirectoryEntryDraft()
        bad.status = "open"
        bad.street = "1 Main St"
        bad.phone = "12"
        bad.opens = "9:00"
        bad.languages = ["spanish"]
        bad.email = "nobody"
        do {
            _ = try DirectoryEntryRules.validate(bad, adding: true)
            Issue.record("accepted")
        } catch {
            #expect(Set(error.errors.compactMap(\.field)) == ["name", "status", "organization_name", "city", "state", "postal_code", "phone", "closes",
                                                             "days", "languages", "email"])
        }
        // A correction does not ask for the organization.
        var fix = DirectoryEntryDraft()
        fix.name = "Food Pantry"
        #expect(throws: Never.self) { try DirectoryEntryRules.validate(fix, adding: false) }
    }

    @Test("adding writes the organization, location, address, service, phone, hours, languages, free option and need, all valid HSDS")
    func adding() throws {
        var d = DirectoryEntryDraft()
        d.name = "Food Pantry"
        d.organizationName = "Pantry Network"
        d.street = "1 Main St"
        d.city = "Vista"
        d.state = "CA"
        d.postalCode = "92083"
        d.phone = "(760) 555-0100"
        d.days = ["TU", "MO"]
        d.opens = "09:00"
        d.closes = "12:00"
        d.languages = ["en", "es"]
        d.free = true
        let (serviceID, rows) = DirectoryEntryRules.rowsAdding(try DirectoryEntryRules.validate(d, adding: true), needTermID: "term-1", today: Self.today,
                                                               now: Self.now, newID: Self.ids())
        #expect(rows.map(\.table).sorted() == ["address", "attribute", "cost_option", "language", "language", "location", "organization", "phone",
                                               "schedule", "service", "service_at_location"])
        let service = try #require(rows.first { $0.table == "service" })
        #expect(service.id == serviceID && service["assured_date"] == "2026-12-07" && service["fees_description"] == "Free")
        #expect(rows.first { $0.table == "schedule" }?["byday"] == "MO,TU")
        var set = HSDSDataSet()
        for row in rows where row.table != "attribute" { set.append(row) }
        #expect(HSDSValidator.validate(set).filter { $0.severity == .error }.isEmpty)
    }

    @Test("a correction keeps what it does not name and removes what the draft no longer has")
    func correcting() throws {
        let source = HSDSSource(file: "t", tabular: false)
        var service = HSDSRow(table: "service", fields: ["id": .string("s"), "name": .string("Old"), "status": .string("active"),
                                                         "x-custom": .string("kept")], source: source)
        let own = [
            HSDSRow(table: "phone", fields: ["id": .string("p1"), "service_id": .string("s"), "number": .string("1")], source: source),
            HSDSRow(table: "phone", fields: ["id": .string("p2"), "service_id": .string("s"), "number": .string("fax")], source: source),
            HSDSRow(table: "language", fields: ["id": .string("l1"), "service_id": .string("s"), "code": .string("en")], source: source),
            HSDSRow(table: "language", fields: ["id": .string("l2"), "service_id": .string("s"), "code": .string("es")], source: source),
            HSDSRow(table: "cost_option", fields: ["id": .string("c1"), "service_id": .string("s"), "amount": .int(0)], source: source),
        ]
        var d = DirectoryEntryDraft()
        d.name = "New"
        d.phone = "(619) 555-0100"
        d.languages = ["es", "vi"]
        let changes = DirectoryEntryRules.rowsCorrecting(d, service: &service, own: own, today: Self.today, now: Self.now, newID: Self.ids())
        #expect(service["name"] == "New" && service["x-custom"] == "kept" && service["assured_date"] == "2026-12-07")
        #expect(changes.upsert.first { $0.id == "p1" }?["number"] == "(619) 555-0100")
        #expect(changes.upsert.contains { $0.table == "language" && $0["code"] == "vi" })
        #expect(Set(changes.delete.map(\.id)) == ["l1", "c1"])
    }

    @Test("a check's answers, and when an entry is due again")
    func checks() throws {
        let (running, codes, wait, _) = try DirectoryCheckRules.validate(running: "temporarily_closed", languages: ["ES"], wait: " two weeks ", note: "")
        #expect(running.status == "temporarily closed" && codes == ["es"] && wait == "two weeks")
        #expect(throws: ValidationErrors.self) { try DirectoryCheckRules.validate(running: "", languages: [], wait: "", note: "") }
        #expect(DirectoryCheckRules.isStale(lastVerified: nil, today: Self.today, after: 180))
        #expect(!DirectoryCheckRules.isStale(lastVerified: "2026-06-10", today: Self.today, after: 180))
        #expect(DirectoryCheckRules.isStale(lastVerified: "2026-06-09T10:00:00Z", today: Self.today, after: 180))
        #expect(DirectoryCheckRules.staleBefore(today: Self.today, after: 180).description == "2026-06-10")
    }
}
