import Foundation
import PeerwayCore
@testable import PeerwayStore
import PeerwayTestSupport
import Testing

/// Events recorded on their own share commits, keep their order, and reach their callers only once durable.
@Suite("Audit group commit")
struct AuditGroupCommitTests {
    static let context = AuditContext(requestID: "req-gc", clientAddress: "127.0.0.1", actorUserID: UUID(), actorLabel: "Tester")

    @Test("events waiting while a commit is held go out together, in order, and the chain verifies", arguments: TestEngine.available)
    func waitingEventsShareACommit(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let audit = AuditLog(key: TestDatabase.auditKey)
            let organization = UUID()
            try await AuditTrailTests.appendEvents(test, organization: organization, count: 1)
            let before = await audit.groupCommitStatistics

            // A write transaction holds the chain's head (as a request documenting a service would)
            // while 20 reads are recorded; none of them may be answered before it commits.
            let (opened, entered) = AsyncStream.makeStream(of: Void.self)
            let (released, release) = AsyncStream.makeStream(of: Void.self)
            let holder = Task {
                try await test.db.write { conn in
                    try await audit.append(Self.context, .recordUpdated, resourceType: .participant, organizationID: organization, on: conn)
                    entered.yield()
                    for await _ in released { break }
                }
            }
            for await _ in opened { break }
            let answered = Counter()
            let readers = (0..<20).map { i in
                Task {
                    let event = try await audit.record(test.db, Self.context, .recordRead, resourceType: .participant,
                                                       resourceID: "r\(i)", organizationID: organization)
                    await answered.add()
                    return event
                }
            }
            while await audit.groupCommit.queued + (await audit.groupCommit.inFlight) < 20 { try await Task.sleep(for: .milliseconds(5)) }
            #expect(await answered.value == 0)
            release.yield()
            try await holder.value
            var events: [AuditEvent] = []
            for reader in readers { events.append(try await reader.value) }

            let stats = await audit.groupCommitStatistics
            #expect(stats.events - before.events == 20)
            // The commit that was waiting on the held head took the events queued when it started; every
            // later one waited and went in one more commit. So two commits at most, one holding half or more.
            #expect(stats.commits - before.commits <= 2)
            #expect(stats.largestBatch >= 10)
            // Sequence numbers follow the held write's event, each once.
            #expect(Set(events.map(\.sequence)) == Set(3...22))
            #expect(try await audit.verify(test.db).isIntact)
        }
    }

    // SQLite only: a closed SQLite pool refuses at once, which is the failure this needs.
    @Test("an event that cannot be written fails its own caller only")
    func oneBadEventFailsAlone() async throws {
        try await TestDatabase.with(.sqlite) { test in
            let audit = AuditLog(key: TestDatabase.auditKey)
            let organization = UUID()
            try await AuditTrailTests.appendEvents(test, organization: organization, count: 1)
            let other = try await test.openAnother()
            // One event on a database that is gone, another on a working one, both waiting together.
            await other.close()
            let bad = Task { try await audit.record(other, Self.context, .recordRead, resourceType: .participant, organizationID: organization) }
            let good = Task { try await audit.record(test.db, Self.context, .recordRead, resourceType: .participant, organizationID: organization) }
            await #expect(throws: (any Error).self) { _ = try await bad.value }
            #expect(try await good.value.chain == AuditEvent.chainName(for: organization))
            #expect(try await audit.verify(test.db).isIntact)
        }
    }
}

private actor Counter {
    private(set) var value = 0
    func add() { value += 1 }
}
