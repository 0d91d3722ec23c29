import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import PeerwayWeb
import Testing

/// Item 8 of the workforce issue: a service documented by a peer whose certification had lapsed on its
/// day is flagged for the supervisor and bills no units, and the peer is told before writing a note.
@Suite("Certification-aware documentation")
struct CertificationFlagWebTests {
    @Test("a peer whose certification lapsed is told on the note form; their note is flagged on its page; the extract bills it no units",
          arguments: TestEngine.available)
    func lapsed(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let peer = a.user(.peerSpecialist)
            let seed = try await SeededParticipant.make(a, db: harness.test.db, now: harness.clock.now())
            let peerBrowser = Browser(client)
            try await peerBrowser.signIn(peer.email, clock: harness.clock)
            // Before any certification step is recorded, nothing is said and the note bills its units.
            #expect(!(try await peerBrowser.get(ServiceRoutes.newService()).text.contains("certification has lapsed")))
            let manager = try await APITests.tokenBrowser(harness, client, .programManager)
            let exportPath = ServiceRoutes.API.export(a.program.id, query: ["from": "2026-01-01", "to": "2026-01-31"])
            let before = try Self.row(try await manager.get(exportPath), service: seed.service)
            #expect(before["units"] == "3" && before["billable_units"] == "3" && before["certification_flag"] == "")

            // Certified 2023-06-01, so it expired 2025-06-01 and was never renewed: lapsed on the note's day (2026-01-12).
            let hr = try await harness.actor(a.user(.organizationAdmin))
            for (step, day) in [(CertificationStep.applied, "2022-10-01"), (.documentsVerified, "2022-10-10"), (.approved, "2022-10-20"),
                                (.trainingCompleted, "2023-01-15"), (.examPassed, "2023-03-01"), (.certified, "2023-06-01")] {
                _ = try await harness.env.workforce.recordStep(peer.id, step: step, on: CalendarDate(day)!, reference: "", by: hr, context: .cli("test"))
            }

            let form = try await peerBrowser.get(ServiceRoutes.newService())
            #expect(form.text.contains("id=\"certification-warning\"") && form.text.contains("certification has lapsed"))
            let supervisor = Browser(client)
            try await supervisor.signIn(a.user(.supervisor).email, clock: harness.clock)
            let note = try await supervisor.get(ServiceRoutes.service(seed.service))
            #expect(note.status == .ok)
            #expect(note.text.contains("id=\"certification-flag\"") && note.text.contains("certification had lapsed on the day of this service"))
            let after = try Self.row(try await manager.get(exportPath), service: seed.service)
            #expect(after["units"] == "3" && after["billable_units"] == "0" && after["certification_flag"] == "lapsed")
        }
    }

    /// The extract's row of one service, by column.
    static func row(_ response: TestResponse, service: UUID) throws -> [String: String] {
        #expect(response.status == .ok, "\(response.text)")
        let rows = try CSVReader.parse(response.text.hasPrefix("\u{FEFF}") ? String(response.text.dropFirst()) : response.text)
        let header = try #require(rows.first)
        let row = try #require(rows.dropFirst().first { $0.first == service.text })
        return Dictionary(uniqueKeysWithValues: zip(header, row))
    }
}
