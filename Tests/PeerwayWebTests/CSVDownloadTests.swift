import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
@testable import PeerwayWeb
import Testing

/// CSV downloads are streamed page by page from Store's paged readers.
@Suite("CSV downloads")
struct CSVDownloadTests {
    @Test("a participant export longer than one page arrives whole and in order, exactly as the workflow writes it",
          arguments: TestEngine.available)
    func participantsAcrossPages(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let manager = Browser(client)
            try await manager.signIn(a.user(.programManager).email, clock: harness.clock)
            // More people than one page of the export's reader (1,000).
            let count = 1_100
            var csv = "legal_given_name,legal_family_name,date_of_birth\r\n"
            for i in 1...count { csv += "P\(String(format: "%04d", i)),Streamed,1990-01-01\r\n" }
            let imported = try await manager.request(.post, "/api/v1/participants/import?program_id=\(a.program.id.text)",
                                                     headers: [.contentType: "text/csv", .init("X-CSRF-Token")!: manager.csrf], body: csv)
            #expect(imported.status == .ok, "\(imported.text)")

            let response = try await manager.get("/api/v1/participants/export")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(response.headers[.contentDisposition] == "attachment; filename=\"participants.csv\"")
            #expect(response.headers[.cacheControl] == "no-store")

            let actor = try await harness.actor(a.user(.programManager))
            var expected = ""
            _ = try await harness.env.journey.exportPersons(by: actor, context: AuditContext(requestID: "test", clientAddress: "127.0.0.1")) {
                expected += $0
            }
            let body = String(buffer: response.body)
            #expect(body == expected)
            let given = body.split(separator: "\r\n").compactMap { line in line.split(separator: ",").first { $0.hasPrefix("P") && $0.count == 5 }.map(String.init) }
            #expect(given == (1...count).map { "P\(String(format: "%04d", $0))" })
        }
    }

    @Test("a program's services CSV is a download with the extract's header", arguments: TestEngine.available)
    func servicesDownload(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let manager = Browser(client)
            try await manager.signIn(a.user(.programManager).email, clock: harness.clock)
            let response = try await manager.get("/programs/\(a.program.id.text)/services.csv?from=2026-01-01&to=2026-01-31")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(response.headers[.contentDisposition] == "attachment; filename=\"services-2026-01-01-2026-01-31.csv\"")
            #expect(String(buffer: response.body) == CSVWriter(header: ServiceExport.header).text)
        }
    }

    @Test("a download that fails partway is not finished: the client sees a broken transfer, not a shorter file")
    func failurePartway() async throws {
        struct Gone: Error {}
        let router = Router()
        router.get("/complete") { _, _ in
            CSVResponse.stream(filename: "x.csv", requestID: "test", logger: quietLogger) { write in
                for i in 0..<3 { try await write("row \(i)\r\n") }
            }
        }
        router.get("/partway") { _, _ in
            CSVResponse.stream(filename: "x.csv", requestID: "test", logger: quietLogger) { write in
                try await write("row 0\r\n")
                throw Gone()
            }
        }
        try await Application(router: router).test(.router) { client in
            let complete = try await client.executeRequest(uri: "/complete", method: .get, headers: [:], body: nil)
            #expect(String(buffer: complete.body) == "row 0\r\nrow 1\r\nrow 2\r\n")
            await #expect(throws: (any Error).self) {
                _ = try await client.executeRequest(uri: "/partway", method: .get, headers: [:], body: nil)
            }
        }
    }
}
