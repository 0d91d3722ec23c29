import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import Testing

@Suite("Store context")
struct StoreContextTests {
    static func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-0000-0000-%012x", n))! }

    @Test("sequential ids count from one, as text a test can write down")
    func sequentialIDs() {
        let ids = SequentialIDs()
        #expect(ids.next().text == "00000000-0000-0000-0000-000000000001")
        #expect(ids.next() == Self.id(2))
        #expect(SequentialIDs(start: 255).next().text == "00000000-0000-0000-0000-0000000000ff")
    }

    @Test("a workflow's records and audit events take their ids and times from the context", arguments: TestEngine.available)
    func fixedIDsAndClock(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let start = Date(timeIntervalSince1970: 1_790_000_000)
            let clock = TestClock(start)
            let store = StoreContext(db: test.db, auditKey: TestDatabase.auditKey, clock: clock, ids: SequentialIDs(),
                                     timeZone: TimeZone(identifier: "UTC")!)
            #expect(store.today == CalendarDate(year: 2026, month: 9, day: 21))
            let admin = Administration(store, hasher: Fixture.hasher)

            let county = try await admin.createOrganization(name: "County", kind: .county, parentID: nil, by: nil, context: .cli("test"))
            clock.advance(60)
            let program = try await admin.createProgram(.init(name: "Program", model: .longTerm, defaultLengthDays: nil, reviewFrequencyDays: 30),
                                                        organizationID: county.id, by: nil, context: .cli("test"))

            let storedCounty = try #require(try await test.db.read { conn in try await OrganizationRecords.get(county.id, on: conn) })
            #expect(storedCounty.id == Self.id(1))
            #expect(storedCounty.createdAt == start)
            let storedProgram = try #require(try await test.db.read { conn in try await ProgramRecords.get(program.id, on: conn) })
            #expect(storedProgram.id == Self.id(3))
            #expect(storedProgram.createdAt == start.addingTimeInterval(60))

            let events = try await store.audit.list(AuditFilter(organizationIDs: [county.id]), on: test.db).events.sorted { $0.sequence < $1.sequence }
            #expect(events.map(\.id) == [Self.id(2), Self.id(4)])
            #expect(events.map(\.occurredAt) == [start, start.addingTimeInterval(60)])
            #expect(events.map(\.resourceID) == [Self.id(1).text, Self.id(3).text])
        }
    }
}
