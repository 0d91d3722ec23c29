import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

/// Referrals through `Referrals`, on every engine: the closed loop with its history and audit, refusals
/// that write nothing, who can NOT see a referral, waiting lists and the linkage measures.
@Suite("Referrals (store)")
struct ReferralStoreTests {
    static let tables = ["referrals", "referral_changes", "audit_events"]

    static func counts(_ f: ServiceFixture) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in tables { counts[table] = try await f.count(table) }
        return counts
    }

    static func draft(_ need: ReferralNeed = .housing, status: ReferralStatus = .proposed, at: Date) -> ReferralDraft {
        ReferralDraft(resource: ReferralResource(name: "Housing Navigation Center",
                                                 organizationName: "Father Joe's Villages", phone: "619-555-0100"),
                      need: need, urgency: .soon, handoff: .callTogether, madeAt: at, status: status, note: "Called together")
    }

    /// Expects `StoreError.invalid` naming `field` and `code`, and no referral, change or audit row written.
    static func expectInvalid(_ f: ServiceFixture, _ field: String, _ code: String, _ body: () async throws -> Void,
                              sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let before = try await counts(f)
        do {
            try await body()
            Issue.record("accepted; expected \(field): \(code)", sourceLocation: sourceLocation)
        } catch StoreError.invalid(let errors) {
            #expect(errors.errors.contains { $0.field == field && $0.code == code }, "got \(errors.errors)", sourceLocation: sourceLocation)
        }
        #expect(try await counts(f) == before, sourceLocation: sourceLocation)
    }

    @Test("a referral goes proposed → sent → accepted → linked, each step kept with who and when, audited, and counted", arguments: TestEngine.available)
    func closedLoop(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let referrals = Referrals(f.journey.store)
            let peerUser = f.a.user(.peerSpecialist)
            let peer = try await f.actor(peerUser)
            let person = try await f.participant("Rosa", "Delgado", takenInBy: f.a.user(.programManager), pairedWith: peerUser)
            let made = f.clock.now().addingTimeInterval(-2 * 86_400)

            let referral = try await referrals.make(for: person.id, programID: f.a.program.id, Self.draft(at: made), by: peer, context: f.context(peer))
            #expect(referral.status == .proposed && referral.madeBy == peer.userID && referral.followUpOn == f.today.adding(days: 7))
            f.clock.advance(60)
            _ = try await referrals.move(referral.id, to: .sent, occurredAt: made.addingTimeInterval(600), reason: nil, note: "", by: peer,
                                         context: f.context(peer))
            _ = try await referrals.move(referral.id, to: .accepted, occurredAt: made.addingTimeInterval(86_400), reason: nil, note: "Intake booked",
                                         followUpOn: f.today.adding(days: 3), expectedVersion: 2, by: peer, context: f.context(peer))
            let linked = try await referrals.move(referral.id, to: .linked, occurredAt: f.clock.now(), reason: nil, note: "Moved in",
                                                  by: peer, context: f.context(peer))
            #expect(linked.status == .linked && linked.followUpOn == nil && linked.version == 4)

            let detail = try await referrals.detail(referral.id, by: peer, context: f.context(peer))
            #expect(detail.changes.map(\.to) == [.proposed, .sent, .accepted, .linked])
            #expect(detail.changes.map(\.from) == [nil, .proposed, .sent, .accepted])
            #expect(detail.changes.allSatisfy { $0.by == peer.userID })
            // Recorded later than it happened: both kept.
            #expect(detail.changes[2].occurredAt == made.addingTimeInterval(86_400) && detail.changes[2].recordedAt == f.clock.now())
            #expect(detail.staffNames[peer.userID] != nil)
            let events = try await f.events(participant: person.id).filter { $0.resourceType == "referral" }
            #expect(events.map(\.action) == [.recordCreated, .recordUpdated, .recordUpdated, .recordUpdated, .recordRead])
            #expect(!events.contains { $0.detail.contains("Housing") || $0.detail.contains("Moved in") })
            let days = try await f.db.read { conn in
                try await conn.sql.raw("SELECT days_to_linkage FROM referrals WHERE id = \(bind: referral.id)").first()?.decode(column: "days_to_linkage", as: Int.self)
            }
            #expect(days == 2)

            let measures = try await referrals.measures(.staff(peer.userID), from: f.today.adding(days: -30), to: f.today, by: peer, context: f.context(peer))
            #expect(measures.made == 1 && measures.linkage == Proportion(1, of: 1) && measures.medianDaysToLinkage == 2)
            let supervisor = try await f.actor(f.a.user(.supervisor))
            let program = try await referrals.measures(.programs([f.a.program.id]), from: f.today.adding(days: -30), to: f.today,
                                                       by: supervisor, context: f.context(supervisor))
            #expect(program.byNeed.map(\.need) == [.housing])
            // After the loop closed, nothing moves it again.
            try await Self.expectInvalid(f, "status", "referral_closed") {
                _ = try await referrals.move(referral.id, to: .notLinked, occurredAt: f.clock.now(), reason: .noShow, note: "", by: peer, context: f.context(peer))
            }
        }
    }

    @Test("bad input changes nothing: a jump to linked, a future outcome, no reason, a stale version, a program the person is not in", arguments: TestEngine.available)
    func refusals(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let referrals = Referrals(f.journey.store)
            let peerUser = f.a.user(.peerSpecialist)
            let peer = try await f.actor(peerUser)
            let person = try await f.participant("Ana", "Ruiz", takenInBy: f.a.user(.programManager), pairedWith: peerUser)
            let referral = try await referrals.make(for: person.id, programID: f.a.program.id, Self.draft(at: f.clock.now()), by: peer,
                                                    context: f.context(peer))
            try await Self.expectInvalid(f, "status", "invalid_transition") {
                _ = try await referrals.move(referral.id, to: .linked, occurredAt: f.clock.now(), reason: nil, note: "", by: peer, context: f.context(peer))
            }
            _ = try await referrals.move(referral.id, to: .sent, occurredAt: f.clock.now(), reason: nil, note: "", by: peer, context: f.context(peer))
            try await Self.expectInvalid(f, "occurred_at", "in_future") {
                _ = try await referrals.move(referral.id, to: .linked, occurredAt: f.clock.now().addingTimeInterval(86_400), reason: nil, note: "",
                                             by: peer, context: f.context(peer))
            }
            try await Self.expectInvalid(f, "reason", "required") {
                _ = try await referrals.move(referral.id, to: .declined, occurredAt: f.clock.now(), reason: nil, note: "", by: peer, context: f.context(peer))
            }
            let before = try await Self.counts(f)
            await #expect(throws: StoreError.conflict) {
                _ = try await referrals.move(referral.id, to: .accepted, occurredAt: f.clock.now(), reason: nil, note: "", expectedVersion: 1,
                                             by: peer, context: f.context(peer))
            }
            #expect(try await Self.counts(f) == before)
            try await Self.expectInvalid(f, "program_id", "participant_not_in_program") {
                _ = try await referrals.make(for: person.id, programID: f.a.otherProgram.id, Self.draft(at: f.clock.now()), by: peer, context: f.context(peer))
            }
            try await Self.expectInvalid(f, "need", "required") {
                var draft = Self.draft(at: f.clock.now())
                draft.need = nil
                _ = try await referrals.make(for: person.id, programID: f.a.program.id, draft, by: peer, context: f.context(peer))
            }
        }
    }

    @Test("anyone in Peerway may be referred: a person who only made contact and never enrolled", arguments: TestEngine.available)
    func contactOnly(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let referrals = Referrals(f.journey.store)
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let person = try await f.journey.createPerson(f.journeyFixture.person("Walk", "In", born: "1979-05-02"), programID: f.a.program.id,
                                                          contact: nil, by: peer, context: f.context(peer))
            let referral = try await referrals.make(for: person.id, programID: f.a.program.id,
                                                    ReferralDraft(resource: ReferralResource(name: "Food bank"), need: .basicNeeds, madeAt: f.clock.now(),
                                                                  status: .sent),
                                                    by: peer, context: f.context(peer))
            #expect(referral.status == .sent)
            #expect(try await referrals.forPerson(person.id, by: peer, context: f.context(peer)).map(\.id) == [referral.id])
        }
    }

    @Test("who can NOT see a referral: a colleague without the person, another program's peer, another organization (404 revealing nothing)", arguments: TestEngine.available)
    func access(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let referrals = Referrals(f.journey.store)
            let peerUser = f.a.user(.peerSpecialist)
            let peer = try await f.actor(peerUser)
            let person = try await f.participant("Lena", "Moss", takenInBy: f.a.user(.programManager), pairedWith: peerUser)
            let referral = try await referrals.make(for: person.id, programID: f.a.program.id, Self.draft(at: f.clock.now()), by: peer,
                                                    context: f.context(peer))
            for user in [f.journeyFixture.colleague, f.journeyFixture.otherPeer, f.base.b.user(.peerSpecialist), f.base.b.user(.programManager)] {
                let outsider = try await f.actor(user)
                await #expect(throws: AccessRefused(decision: .notFound)) {
                    _ = try await referrals.detail(referral.id, by: outsider, context: f.context(outsider))
                }
                await #expect(throws: AccessRefused(decision: .notFound)) {
                    _ = try await referrals.move(referral.id, to: .sent, occurredAt: f.clock.now(), reason: nil, note: "", by: outsider,
                                                 context: f.context(outsider))
                }
                await #expect(throws: AccessRefused(decision: .notFound)) {
                    _ = try await referrals.forPerson(person.id, by: outsider, context: f.context(outsider))
                }
                #expect(try await referrals.waiting(by: outsider, programWide: true, context: f.context(outsider)).isEmpty)
            }
            // The peer's own list, and the supervisor's program-wide list, show it with its age.
            #expect(try await referrals.waiting(by: peer, context: f.context(peer)).map(\.referral.id) == [referral.id])
            let supervisor = try await f.actor(f.a.user(.supervisor))
            let waiting = try await referrals.waiting(by: supervisor, programWide: true, context: f.context(supervisor))
            #expect(waiting.map(\.referral.id) == [referral.id] && waiting[0].ageDays == 0 && !waiting[0].overdue)
            // A colleague may not read another peer's measures; their supervisor may; a peer may not read a program's.
            let colleague = try await f.actor(f.journeyFixture.colleague)
            await #expect(throws: AccessRefused.self) {
                _ = try await referrals.measures(.staff(peer.userID), from: f.today, to: f.today, by: colleague, context: f.context(colleague))
            }
            await #expect(throws: AccessRefused.self) {
                _ = try await referrals.measures(.programs([f.a.program.id]), from: f.today, to: f.today, by: peer, context: f.context(peer))
            }
            #expect(try await referrals.measures(.staff(peer.userID), from: f.today, to: f.today, by: supervisor, context: f.context(supervisor)).made == 1)
            // Every refusal above left an access_denied event: in provider A's trail, its two outsiders' three refusals each
            // and the two refused measures (provider B's refusals are in B's trail).
            let denied = try await f.events(participant: nil).filter { $0.action == .accessDenied }
            #expect(denied.count == 2 * 3 + 2)
            #expect(Set(denied.compactMap(\.actorUserID)) == [f.journeyFixture.colleague.id, f.journeyFixture.otherPeer.id, peer.userID])
        }
    }

    @Test("the extract streams a program's referrals as CSV for its manager, names no one, is audited, and is refused to a peer", arguments: TestEngine.available)
    func extract(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let referrals = Referrals(f.journey.store)
            let peerUser = f.a.user(.peerSpecialist)
            let peer = try await f.actor(peerUser)
            let person = try await f.participant("Marta", "Quintero", takenInBy: f.a.user(.programManager), pairedWith: peerUser)
            for need in [ReferralNeed.housing, .legal, .health] {
                let r = try await referrals.make(for: person.id, programID: f.a.program.id, Self.draft(need, status: .sent, at: f.clock.now()),
                                                 by: peer, context: f.context(peer))
                if need == .legal {
                    _ = try await referrals.move(r.id, to: .linked, occurredAt: f.clock.now(), reason: nil, note: "", by: peer, context: f.context(peer))
                }
            }
            let manager = try await f.actor(f.a.user(.programManager))
            let collected = ServiceDocumentationStoreTests.Collected<String>()
            let rows = try await referrals.export(programID: f.a.program.id, from: f.today.adding(days: -1), to: f.today, by: manager,
                                                  context: f.context(manager)) { collected.append($0) }
            let csv = collected.all.joined()
            let lines = csv.split(separator: "\r\n")
            #expect(rows == 3 && lines.count == 4)
            // A byte-order mark first, so a spreadsheet opens the file as UTF-8.
            #expect(lines[0] == Substring("\u{FEFF}" + ReferralExport.header.joined(separator: ",")))
            #expect(lines.contains { $0.contains(",legal,") && $0.contains(",linked,completed,") && $0.hasSuffix(",0,") })
            #expect(!csv.contains("Marta") && !csv.contains("Quintero") && !csv.contains("Called together"))
            let events = try await f.events(participant: nil).filter { $0.resourceType == "referral_export" }
            #expect(events.count == 1 && events[0].detail.contains("rows=3"))
            await #expect(throws: AccessRefused.self) {
                _ = try await referrals.export(programID: f.a.program.id, from: f.today, to: f.today, by: peer, context: f.context(peer)) { _ in }
            }
        }
    }

    /// The fixture, its peer and a person on their caseload, and the search fixture's directory in the provider.
    static func withDirectory(_ db: Database) async throws -> (ServiceFixture, Referrals, Actor, Person) {
        let f = try await ServiceFixture.make(db)
        let peerUser = f.a.user(.peerSpecialist)
        let person = try await f.participant("Ines", "Ochoa", takenInBy: f.a.user(.programManager), pairedWith: peerUser)
        try await DirectorySearchFixture.write(into: db, organizationID: f.a.provider.id)
        return (f, Referrals(f.journey.store), try await f.actor(peerUser), person)
    }

    /// A sent referral of `person` to the directory service `service`, made `daysAgo` days ago and, with
    /// `linkedAfter`, linked that many days after it was made.
    @discardableResult
    static func refer(_ service: String, daysAgo: Double, linkedAfter: Double?, _ f: ServiceFixture, _ referrals: Referrals, _ peer: Actor,
                      _ person: Person) async throws -> Referral {
        let day: TimeInterval = 86_400
        var draft = Self.draft(status: .sent, at: f.clock.now().addingTimeInterval(-daysAgo * day))
        draft.resource.directoryServiceID = service
        let r = try await referrals.make(for: person.id, programID: f.a.program.id, draft, by: peer, context: f.context(peer))
        if let linkedAfter {
            _ = try await referrals.move(r.id, to: .linked, occurredAt: r.madeAt.addingTimeInterval(linkedAfter * day), reason: nil, note: "",
                                         by: peer, context: f.context(peer))
        }
        return r
    }

    @Test("a directory service's linkage record counts referrals made 30 to 395 days ago, linked within 30 days, small cells suppressed", arguments: TestEngine.available)
    func directoryRecord(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, referrals, peer, person) = try await Self.withDirectory(test.db)
            let (svcA, svcB, svcC) = (DirectorySearchFixture.serviceID(1), DirectorySearchFixture.serviceID(2), DirectorySearchFixture.serviceID(3))
            func refer(_ service: String, daysAgo: Double, linkedAfter: Double?) async throws {
                try await Self.refer(service, daysAgo: daysAgo, linkedAfter: linkedAfter, f, referrals, peer, person)
            }
            // 22 referrals in the period: 11 linked within 30 days, 11 not (5 linked later, 6 still open).
            for i in 0..<11 { try await refer(svcA, daysAgo: 40 + Double(i), linkedAfter: 3) }
            for i in 0..<5 { try await refer(svcA, daysAgo: 100 + Double(i), linkedAfter: 45) }
            for i in 0..<6 { try await refer(svcA, daysAgo: 60 + Double(i), linkedAfter: nil) }
            // Too recent, or too old, to count.
            try await refer(svcA, daysAgo: 10, linkedAfter: 1)
            try await refer(svcA, daysAgo: 400, linkedAfter: 1)
            // Three referrals elsewhere: suppressed.
            for i in 0..<3 { try await refer(svcB, daysAgo: 50 + Double(i), linkedAfter: 2) }
            let catalog = DirectoryCatalog(referrals.store)
            #expect(try await catalog.linkageRecord(serviceID: svcA, organizationID: f.a.provider.id).shown == .record(referrals: 22, linked: 11, percent: 50))
            #expect(try await catalog.linkageRecord(serviceID: svcB, organizationID: f.a.provider.id).shown == .suppressed)
            #expect(try await catalog.linkageRecord(serviceID: svcC, organizationID: f.a.provider.id).shown == DirectoryLinkageRecord.Shown.none)
            // Another organization's directory counts its own referrals, not these.
            #expect(try await catalog.linkageRecord(serviceID: svcA, organizationID: f.base.b.provider.id).shown == DirectoryLinkageRecord.Shown.none)
        }
    }

    @Test("a kept linkage record follows every referral written, through the workflow or around it, and the day", arguments: TestEngine.available)
    func keptRecord(engine: TestEngine) async throws {
        let observer = QueryObserver()
        try await TestDatabase.with(engine, observer: observer) { test in
            let (f, referrals, peer, person) = try await Self.withDirectory(test.db)
            let svc = DirectorySearchFixture.serviceID(1)
            let day: TimeInterval = 86_400
            var open: [UUID] = []
            func refer(daysAgo: Double, linkedAfter: Double?) async throws {
                let r = try await Self.refer(svc, daysAgo: daysAgo, linkedAfter: linkedAfter, f, referrals, peer, person)
                if linkedAfter == nil { open.append(r.id) }
            }
            // 24 in the period: 11 linked within 30 days, 13 not (all still open).
            for i in 0..<11 { try await refer(daysAgo: 40 + Double(i), linkedAfter: 3) }
            for i in 0..<13 { try await refer(daysAgo: 60 + Double(i), linkedAfter: nil) }
            let catalog = DirectoryCatalog(referrals.store)
            func record() async throws -> DirectoryLinkageRecord.Shown {
                try await catalog.linkageRecord(serviceID: svc, organizationID: f.a.provider.id).shown
            }
            func counts(_ shown: DirectoryLinkageRecord.Shown) -> String {
                if case let .record(referrals, linked, _) = shown { return "\(linked)/\(referrals)" }
                return "\(shown)"
            }
            func counted() -> Bool { observer.statements.contains { $0.sql.contains("FROM referrals") } }
            #expect(counts(try await record()) == "11/24")
            // Read again with nothing written, the record is not counted again.
            observer.reset()
            #expect(counts(try await record()) == "11/24")
            #expect(!counted())
            // A linkage recorded through the workflow is counted at once.
            let first = try #require(open.first)
            _ = try await referrals.move(first, to: .linked, occurredAt: f.clock.now().addingTimeInterval(-50 * day), reason: nil, note: "",
                                         by: peer, context: f.context(peer))
            observer.reset()
            #expect(counts(try await record()) == "12/24")
            #expect(counted())
            // So is one written around it, straight into the table (as another process or a repair would).
            try await test.db.write { conn in
                try await conn.sql.raw("UPDATE referrals SET status = 'linked', days_to_linkage = 2 WHERE id = \(bind: open[1])").run()
            }
            #expect(counts(try await record()) == "13/24")
            // And a new day counts a new period: 380 days on, none of these was made in it.
            f.clock.advance(380 * day)
            #expect(try await record() == DirectoryLinkageRecord.Shown.none)
        }
    }

    @Test("a referral to a directory service takes the details left empty from its entry; a service no directory of the peer holds is refused", arguments: TestEngine.available)
    func fromDirectory(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, referrals, peer, person) = try await Self.withDirectory(test.db)
            var draft = Self.draft(status: .sent, at: f.clock.now())
            draft.resource = ReferralResource(directoryServiceID: DirectorySearchFixture.serviceID(1), name: "")
            let made = try await referrals.make(for: person.id, programID: f.a.program.id, draft, by: peer, context: f.context(peer))
            #expect(made.resource.name == "Housing Navigation" && made.resource.organizationName == "Familias Center")
            #expect(made.resource.phone == "(619) 555-0101" && made.resource.address.contains("Chula Vista"))
            // Another organization's peer cannot name a service of this directory, nor anyone one that does not exist.
            draft.resource = ReferralResource(directoryServiceID: "no-such-service", name: "Somewhere")
            try await Self.expectInvalid(f, "directory_service_id", "unknown_directory_service") {
                _ = try await referrals.make(for: person.id, programID: f.a.program.id, draft, by: peer, context: f.context(peer))
            }
        }
    }
}
