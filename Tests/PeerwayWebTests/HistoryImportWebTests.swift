import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import Testing

/// The history import through the page and the API: a dry run, the import, the same files again,
/// every problem by file, line and column with nothing written, and who may not import.
@Suite("History import (web)", .serialized)
struct HistoryImportWebTests {
    static func files(person: UUID, episode: UUID, peer: String) -> [(name: String, text: String)] {
        [
            ("people.csv", "id,legal_given_name,legal_family_name,date_of_birth\r\n\(person.text),Ana,Ruiz,1980-01-01\r\n"),
            ("episodes.csv", "id,person_id,enrolled_on\r\n\(episode.text),\(person.text),2026-01-05\r\n"),
            ("services.csv", "service_id,participant_id,service_date,start_time,duration_minutes,service_type,modality,setting,staff_email\r\n"
                + "\(UUID().text),\(person.text),2026-01-06,10:00,40,peer_navigation,in_person,hospital,\(peer)\r\n"),
        ]
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
    }

    static func json(_ program: UUID, _ files: [(name: String, text: String)], dryRun: Bool) throws -> String {
        let body: [String: Any] = ["program_id": program.text, "dry_run": dryRun, "files": files.map { ["name": $0.name, "text": $0.text] }]
        return String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
    }

    @Test("by API: a dry run, the import, the same files again unchanged; problems by file, line and column; a peer is refused",
          arguments: TestEngine.available)
    func api(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let api = try await APITests.tokenBrowser(harness, client, .programManager)
            let files = Self.files(person: UUID(), episode: UUID(), peer: a.user(.peerSpecialist).email)
            let persons = try await ImportUploadTests.persons(harness)

            let dry = try await api.request(.post, "/api/v1/history/import", json: try Self.json(a.program.id, files, dryRun: true))
            #expect(dry.status == .ok, "\(dry.text)")
            #expect(try Self.object(dry)["written"] as? Bool == false)
            #expect(try await ImportUploadTests.persons(harness) == persons)

            let done = try await api.request(.post, "/api/v1/history/import", json: try Self.json(a.program.id, files, dryRun: false))
            #expect(done.status == .ok, "\(done.text)")
            let counts = try #require(try Self.object(done)["counts"] as? [[String: Any]])
            #expect(counts.map { "\($0["file"] ?? ""):\($0["created"] ?? "")" } == ["people.csv:1", "episodes.csv:1", "services.csv:1"])
            #expect(try await ImportUploadTests.persons(harness) == persons + 1)

            let again = try await api.request(.post, "/api/v1/history/import", json: try Self.json(a.program.id, files, dryRun: false))
            let unchanged = try #require(try Self.object(again)["counts"] as? [[String: Any]])
            #expect(unchanged.map { $0["unchanged"] as? Int } == [1, 1, 1])

            let broken = [("services.csv", "service_id,participant_id,service_date,start_time,duration_minutes,service_type,modality,setting,staff_email\r\n"
                           + "\(UUID().text),\(UUID().text),2026-01-06,25:00,40,peer_navigation,in_person,hospital,someone@example.org\r\n")]
            let refused = try await api.request(.post, "/api/v1/history/import", json: try Self.json(a.program.id, broken, dryRun: false))
            #expect(refused.status == .unprocessableContent)
            let problems = try #require(try Self.object(refused)["problems"] as? [[String: Any]])
            #expect(problems.map { "\($0["file"] ?? ""):\($0["line"] ?? ""):\($0["column"] ?? ""):\($0["code"] ?? "")" }
                    == ["services.csv:2:participant_id:not_found"])

            let peer = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            #expect(try await peer.request(.post, "/api/v1/history/import", json: try Self.json(a.program.id, files, dryRun: false)).status == .forbidden)
        }
    }

    @Test("by the page: the files checked, then imported, each problem named with its file, line and column", arguments: TestEngine.available)
    func page(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let manager = Browser(client)
            try await manager.signIn(a.user(.programManager).email, clock: harness.clock)
            let form = try await manager.get("/history/import")
            #expect(form.status == .ok)
            #expect(form.text.contains("id=\"history-import-form\"") && form.text.contains("multiple"))
            let imports = try await manager.get("/participants/import")
            #expect(imports.text.contains("href=\"/history/import\""))

            let files = Self.files(person: UUID(), episode: UUID(), peer: a.user(.peerSpecialist).email)
            let persons = try await ImportUploadTests.persons(harness)
            let checked = try await manager.postFiles("/history/import", [("program_id", a.program.id.text), ("dry_run", "on")],
                                                      files: files.map { ($0.name, Array($0.text.utf8)) })
            #expect(checked.status == .ok)
            #expect(checked.text.contains("id=\"import-result\"") && checked.text.contains("people.csv"))
            #expect(try await ImportUploadTests.persons(harness) == persons)

            let imported = try await manager.postFiles("/history/import", [("program_id", a.program.id.text)],
                                                       files: files.map { ($0.name, Array($0.text.utf8)) })
            #expect(imported.status == .ok)
            #expect(try await ImportUploadTests.persons(harness) == persons + 1)

            let wrong = try await manager.postFiles("/history/import", [("program_id", a.program.id.text)],
                                                    files: [("episodes.csv", Array("id,person_id,enrolled_on\r\n\(UUID().text),\(UUID().text),2999-01-01\r\n".utf8)),
                                                            ("notes.txt", Array("x\r\n".utf8))])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains("id=\"import-problems\""))
            #expect(wrong.text.contains("<code>episodes.csv</code>, line 2, column <code>enrolled_on</code>"))
            #expect(wrong.text.contains("notes.txt"))

            let none = try await manager.postFiles("/history/import", [("program_id", a.program.id.text)], files: [])
            #expect(none.status == .unprocessableContent && none.text.contains("id=\"file-error\""))

            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            #expect(try await peer.get("/history/import").status == .forbidden)
            #expect(!(try await peer.get("/participants/import")).text.contains("/history/import"))
        }
    }
}
