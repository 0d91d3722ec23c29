import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import Testing

/// Curating the directory on every engine: a curator adds and corrects entries, a peer records a field
/// check, the queue lists what is due; bad input and the wrong person change nothing.
@Suite("Directory curation (store)", .serialized)
struct DirectoryCurationStoreTests {
    static let tables = ["directory_rows", "directory_services", "directory_checks", "audit_events"]

    struct Setup {
        let f: JourneyFixture
        let catalog: DirectoryCatalog
        let clock: TestClock

        static func run(_ engine: TestEngine, _ body: (Setup) async throws -> Void) async throws {
            try await TestDatabase.with(engine) { t in
                let f = try await JourneyFixture.make(t.db)
                let clock = TestClock(DirectorySearchStoreTests.monday)
                let store = StoreContext(db: t.db, auditKey: TestDatabase.auditKey, clock: clock, timeZone: TimeZone(identifier: "UTC")!)
                try await DirectorySearchFixture.write(into: t.db, organizationID: f.a.provider.id)
                try await body(Setup(f: f, catalog: DirectoryCatalog(store), clock: clock))
            }
        }

        func actor(_ role: Role) async throws -> Actor { try await f.actor(f.a.user(role)) }

        func counts() async throws -> [String: Int] {
            var out: [String: Int] = [:]
            for table in DirectoryCurationStoreTests.tables { out[table] = try await f.count(table) }
            return out
        }

        /// Expects a refusal (an invalid field, or the policy) and nothing written but a refusal's audit event.
        func expectRefused(_ field: String?, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async throws {
            let before = try await counts()
            do {
                try await body()
                Issue.record("accepted", sourceLocation: sourceLocation)
            } catch let StoreError.invalid(errors) {
                if let field { #expect(errors.errors.contains { $0.field == field }, "\(errors.errors)", sourceLocation: sourceLocation) }
            } catch {
                #expect(field == nil, "\(error)", sourceLocation: sourceLocation)
            }
            var after = try await counts()
            if field == nil { after["audit_events"]! -= 1 }
            #expect(after == before, sourceLocation: sourceLocation)
        }

        func search(_ p: [String: String]) async throws -> [String] {
            try await catalog.search(try DirectorySearchRules.query(p), by: try await actor(.peerSpecialist)).entries.map(\.hit.name)
        }
    }

    static func draft() -> DirectoryEntryDraft {
        var d = DirectoryEntryDraft()
        d.name = "Casa Segura Night Shelter"
        d.organizationName = "Casa Segura"
        d.description = "Beds for women and children, dinner and breakfast."
        d.street = "200 Palm Ave"
        d.city = "Imperial Beach"
        d.state = "CA"
        d.postalCode = "91932"
        d.need = "housing"
        d.phone = "(619) 555-0199"
        d.days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        d.opens = "18:00"
        d.closes = "8:00"
        d.languages = ["en", "es"]
        d.free = true
        return d
    }

    @Test("a curator adds a service: found by its words, need and language, checked today, audited; the export still validates", arguments: TestEngine.available)
    func add(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            let manager = try await s.actor(.programManager)
            let id = try await s.catalog.addEntry(Self.draft(), by: manager, context: s.f.context(manager))
            #expect(try await s.f.count("directory_rows", where: "id = '\(id)'") == 1)
            #expect(try await s.search(["q": "casa segura", "need": "housing", "language": "es", "free": "1"]) == ["Casa Segura Night Shelter"])
            let summary = try #require(try await s.catalog.summary(serviceID: id, organizationID: s.f.a.provider.id))
            #expect(summary.lastVerified == "2026-12-07" && summary.addressLines.joined(separator: " ").contains("Imperial Beach"))
            #expect(summary.phones.map(\.number) == ["(619) 555-0199"] && summary.scheduleDescription == "MO,TU,WE,TH,FR,SA,SU 18:00-08:00")
            #expect(try await s.f.count("audit_events", where: "resource_type = 'directory_entry' AND action = 'record_created'") == 1)
            let export = try await s.catalog.dataSet(organizationID: s.f.a.provider.id, by: manager, context: s.f.context(manager))
            #expect(HSDSValidator.validate(export).filter { $0.severity == .error }.isEmpty)
        }
    }

    @Test("a correction changes the service's own facts and leaves the rest; removing the phone and hours removes their rows", arguments: TestEngine.available)
    func correct(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            let supervisor = try await s.actor(.supervisor)
            let id = DirectorySearchFixture.serviceID(3)  // Job Center: weekdays, English and Spanish ("spa"), not free, 18 to 64
            var d = try await s.catalog.entryDraft(serviceID: id, by: supervisor, context: s.f.context(supervisor))
            #expect(d.name == "Job Center" && d.opens == "08:00" && d.closes == "16:00" && d.minimumAge == 18 && d.languages == ["en", "spa"])
            d.name = "Vista Job Center"
            d.languages = ["en", "vi"]
            d.free = true
            d.phone = ""
            d.opens = ""
            d.closes = ""
            d.days = []
            try await s.catalog.correctEntry(serviceID: id, d, by: supervisor, context: s.f.context(supervisor))
            let after = try #require(try await s.catalog.summary(serviceID: id, organizationID: s.f.a.provider.id))
            #expect(after.serviceName == "Vista Job Center" && after.isFree && after.scheduleDescription == nil && after.phones.isEmpty)
            #expect(after.organizationName == "Vista Alliance" && after.addressLines.joined().contains("Vista"))
            #expect(try await s.search(["language": "vi"]) == ["Vista Job Center"])
            #expect(try await s.search(["language": "es", "q": "job"]).isEmpty)
        }
    }

    @Test("a peer's field check: checked today with who, status and languages confirmed; listed on the entry; the queue shrinks", arguments: TestEngine.available)
    func check(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            let peer = try await s.actor(.peerSpecialist)
            let manager = try await s.actor(.programManager)
            // The fixture's entries were never checked: all five running ones and the closed one are due.
            let due = try await s.catalog.due(by: manager, page: 1, context: s.f.context(manager))
            #expect(due.total == 6 && due.staleAfterDays == 180)
            let id = DirectorySearchFixture.serviceID(2)  // Emergency Shelter: English only
            let check = try await s.catalog.recordCheck(serviceID: id, running: "temporarily_closed", languages: ["es"], wait: "two weeks",
                                                        note: "Reopens in January", by: peer, context: s.f.context(peer))
            #expect(check.checkedBy == peer.userID && check.running == .temporarilyClosed)
            let summary = try #require(try await s.catalog.summary(serviceID: id, organizationID: s.f.a.provider.id))
            #expect(summary.status == "temporarily closed" && summary.lastVerified == "2026-12-07" && summary.languages.count == 2)
            let checks = try await s.catalog.checks(serviceID: id, directoryID: s.f.a.provider.id)
            #expect(checks.count == 1 && checks[0].check.wait == "two weeks" && !checks[0].by.isEmpty)
            #expect(try await s.catalog.due(by: manager, page: 1, context: s.f.context(manager)).total == 5)
            // 181 days on, it is due again.
            s.clock.advance(181 * 86_400)
            #expect(try await s.catalog.due(by: manager, page: 1, context: s.f.context(manager)).total == 6)
            #expect(try await s.f.count("audit_events", where: "resource_type = 'directory_check'") == 1)
        }
    }

    @Test("bad input and the wrong person change nothing", arguments: TestEngine.available)
    func refusals(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            let manager = try await s.actor(.programManager)
            let peer = try await s.actor(.peerSpecialist)
            var bad = Self.draft()
            bad.name = ""
            bad.city = ""
            bad.opens = "25:00"
            bad.minimumAge = 30
            bad.maximumAge = 20
            bad.url = "javascript:alert(1)"
            do {
                _ = try await s.catalog.addEntry(bad, by: manager, context: s.f.context(manager))
                Issue.record("accepted")
            } catch let StoreError.invalid(errors) {
                #expect(Set(errors.errors.compactMap(\.field)) == ["name", "city", "opens", "maximum_age", "url"])
            }
            var unknownNeed = Self.draft()
            unknownNeed.need = "astrology"
            try await s.expectRefused("need") { _ = try await s.catalog.addEntry(unknownNeed, by: manager, context: s.f.context(manager)) }
            try await s.expectRefused("running") {
                _ = try await s.catalog.recordCheck(serviceID: DirectorySearchFixture.serviceID(1), running: "maybe", languages: [], wait: "", note: "",
                                                    by: peer, context: s.f.context(peer))
            }
            // A peer is no curator; another organization's peer cannot reach this directory at all.
            try await s.expectRefused(nil) { _ = try await s.catalog.addEntry(Self.draft(), by: peer, context: s.f.context(peer)) }
            try await s.expectRefused(nil) {
                try await s.catalog.correctEntry(serviceID: DirectorySearchFixture.serviceID(1), Self.draft(), by: peer, context: s.f.context(peer))
            }
            let other = try await s.f.actor(s.f.base.b.user(.peerSpecialist))
            await #expect(throws: StoreError.notFound) {
                _ = try await s.catalog.recordCheck(serviceID: DirectorySearchFixture.serviceID(1), running: "open", languages: [], wait: "", note: "",
                                                    by: other, context: s.f.context(other))
            }
            let otherCurator = try await s.f.actor(s.f.base.b.user(.programManager))
            await #expect(throws: StoreError.notFound) {
                try await s.catalog.correctEntry(serviceID: DirectorySearchFixture.serviceID(1), Self.draft(), by: otherCurator, context: s.f.context(otherCurator))
            }
            #expect(try await s.search(["q": "navigation"]) == ["Housing Navigation"])
        }
    }
}
