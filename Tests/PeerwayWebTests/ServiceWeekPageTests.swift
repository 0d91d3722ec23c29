import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import PeerwayWeb
import Testing

/// The week pages: a program's own service type reads as its label wherever services are listed, and
/// a malformed date is refused on the page as in the API, never read as today.
@Suite("Service weeks (web)")
struct ServiceWeekPageTests {
    @Test("a program's own service type shows its label on the week, the queue, the record and the note", arguments: TestEngine.available)
    func ownServiceTypeLabel(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let manager = try await harness.actor(a.user(.programManager))
            let context = AuditContext(requestID: "test", clientAddress: "127.0.0.1", actorUserID: manager.userID, actorLabel: "Manager",
                                       organizationID: a.provider.id)
            _ = try await harness.env.documentation.addCatalogEntry(programID: a.program.id, kind: .serviceType, code: "warm_line",
                                                                    label: "Warm line call", by: manager, context: context)
            try await harness.env.documentation.setRequiresCosignature(programID: a.program.id, true, by: manager, context: context)
            let seeded = try await SeededParticipant.make(a, db: harness.test.db)
            let person = seeded.person.text
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            _ = try await peer.get("/services/new?person=\(person)")
            let saved = try await peer.post("/services", ServiceWebTests.note(harness, [
                ("person_id", person), ("program_id", a.program.id.text), ("service_type", "warm_line"), ("intent", "sign")]))
            #expect(saved.status == .seeOther)
            let id = try ServiceWebTests.serviceID(saved.headers[.location]).text

            let week = try await peer.get("/services/week?date=\(ServiceWebTests.yesterday(harness))")
            #expect(week.status == .ok)
            #expect(week.text.contains("Warm line call"))
            #expect(!week.text.contains("service_type.warm_line"))
            let record = try await peer.get("/participants/\(person)")
            #expect(record.text.contains("Warm line call"))
            #expect(!record.text.contains("service_type.warm_line"))
            #expect(try await peer.get("/services/\(id)").text.contains("Warm line call"))

            let supervisor = Browser(client)
            try await supervisor.signIn(a.user(.supervisor).email, clock: harness.clock)
            let queue = try await supervisor.get("/services/cosign")
            #expect(queue.text.contains("/services/\(id)"))
            #expect(queue.text.contains("Warm line call"))
            #expect(!queue.text.contains("service_type.warm_line"))
        }
    }

    @Test("a malformed date is refused on the week pages with the field's error, and by the API", arguments: TestEngine.available)
    func malformedDate(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let supervisor = Browser(client)
            try await supervisor.signIn(a.user(.supervisor).email, clock: harness.clock)
            for path in ["/services/week", "/services/team"] {
                let refused = try await supervisor.get("\(path)?date=2026-13-45")
                #expect(refused.status == .unprocessableContent, "\(path)")
                #expect(refused.text.contains("id=\"date-error\""), "\(path)")
                #expect(refused.text.contains("Use a date like 2026-07-01."), "\(path)")
                #expect(refused.text.contains("value=\"2026-13-45\""), "\(path)")
                let shown = try await supervisor.get("\(path)?date=2026-03-04")
                #expect(shown.status == .ok, "\(path)")
                // The week of that day, from its Monday, in the reader's way of writing a date.
                #expect(shown.text.contains("Mar 2, 2026"), "\(path)")
                #expect(!shown.text.contains("id=\"date-error\""), "\(path)")
            }
            let api = try await APITests.tokenBrowser(harness, client, .supervisor)
            for path in ["/api/v1/me/service-week", "/api/v1/me/team-week"] {
                let refused = try await api.get("\(path)?date=not-a-date")
                #expect(refused.status == .unprocessableContent, "\(path)")
                #expect(refused.text.contains(#""code":"invalid_date""#), "\(path)")
                #expect(try await api.get("\(path)?date=2026-03-04").status == .ok, "\(path)")
            }
        }
    }
}
