import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import PeerwayWeb
import Testing

/// A guarded request loads its record once and decides once: the route guard's `Access` call hands
/// the record to the workflow and the view. Counted by watching the statements the database runs.
@Suite("One load per request")
struct SingleLoadTests {
    /// How many times, during `request`, the statement that loads one record by id ran for `id`.
    static func loads(of id: UUID, by loadStatement: String, observer: QueryObserver,
                      _ request: () async throws -> Void) async throws -> Int {
        observer.reset()
        try await request()
        return observer.statements.filter { $0.sql == loadStatement && $0.binds.contains(id.uuidString.lowercased()) }.count
    }

    /// The SQL text a record query runs, read off the observer (so the test follows the query, not a copy of it).
    static func statement(_ observer: QueryObserver, _ load: () async throws -> Void) async throws -> String {
        observer.reset()
        try await load()
        return try #require(observer.statements.last?.sql)
    }

    @Test("the participant record page and the service note page load their record once", arguments: TestEngine.available)
    func recordLoadedOnce(engine: TestEngine) async throws {
        let observer = QueryObserver()
        try await WebHarness.with(engine, observer: observer) { harness, client in
            let seed = try await SeededParticipant.make(harness.fixture.a, db: harness.test.db)
            let browser = Browser(client)
            let signIn = try await browser.signIn(harness.fixture.a.user(.peerSpecialist).email, clock: harness.clock)
            try #require(signIn.status == .seeOther)
            let db = harness.test.db
            let personLoad = try await Self.statement(observer) { _ = try await db.read { try await PersonRecords.get(seed.person, on: $0) } }
            let serviceLoad = try await Self.statement(observer) { _ = try await db.read { try await ServiceRecords.get(seed.service, on: $0) } }

            var status = 0
            let personLoads = try await Self.loads(of: seed.person, by: personLoad, observer: observer) {
                status = try await browser.request(.get, ParticipantRoutes.record(seed.person)).status.code
            }
            #expect(status == 200)
            #expect(personLoads == 1, "the participant record page loaded the person \(personLoads) times")

            let serviceLoads = try await Self.loads(of: seed.service, by: serviceLoad, observer: observer) {
                status = try await browser.request(.get, ServiceRoutes.service(seed.service)).status.code
            }
            #expect(status == 200)
            #expect(serviceLoads == 1, "the service note page loaded the service \(serviceLoads) times")
        }
    }
}
