import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import Testing

/// `peerway history import` as an operator runs it: the built binary on a SQLite test database (see
/// `DirectoryCommandTests` for why only SQLite; `HistoryImportStoreTests` covers both engines).
@Suite("History command")
struct HistoryCommandTests {
    @Test("a folder checked, then imported, then again unchanged; a broken file named with its line and column; a peer refused in one line",
          arguments: [TestEngine.sqlite])
    func importFolder(engine: TestEngine) async throws {
        try #require(PeerwayCLI.isBuilt, "build the CLI first: swift build")
        try await TestDatabase.with(engine) { test in
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peerway-history-\(UUID().uuidString)")
            let folder = dir.appendingPathComponent("history")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let keyFile = dir.appendingPathComponent("key").path
            try "test-audit-key\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
            let f = try await ServiceFixture.make(test.db)
            let manager = f.a.user(.programManager).email
            let person = UUID()
            try "id,legal_given_name,legal_family_name,date_of_birth\n\(person.text),Ana,Ruiz,1980-01-01\n"
                .write(to: folder.appendingPathComponent("people.csv"), atomically: true, encoding: .utf8)
            try "id,person_id,enrolled_on\n\(UUID().text),\(person.text),2026-01-05\n"
                .write(to: folder.appendingPathComponent("episodes.csv"), atomically: true, encoding: .utf8)
            try "a note that is not a history file\n".write(to: folder.appendingPathComponent("README.txt"), atomically: true, encoding: .utf8)
            func run(_ arguments: [String]) throws -> PeerwayCLI.Outcome {
                try PeerwayCLI.run(["history", "import"] + arguments + ["--program", f.a.program.name, "--database", PeerwayCLI.url(test.location),
                                                                        "--audit-key-file", keyFile])
            }

            let dry = try run([folder.path, "--as", manager, "--dry-run"])
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(dry.stdout.contains("people.csv: 1 rows, 1 new, 0 updated, 0 unchanged, 0 rejected"))
            #expect(dry.stdout.hasSuffix("dry run, nothing written\n"))
            #expect(try await f.count("persons") == 0)

            let done = try run([folder.path, "--as", manager])
            #expect(done.status == 0, "\(done.stderr)")
            #expect(done.stdout.contains("episodes.csv: 1 rows, 1 new"))
            #expect(try await f.count("persons") == 1)
            #expect(try await f.count("episodes") == 1)
            let again = try run([folder.path, "--as", manager])
            #expect(again.stdout.contains("episodes.csv: 1 rows, 0 new, 0 updated, 1 unchanged, 0 rejected"))

            let broken = dir.appendingPathComponent("services.csv")
            try "service_id,participant_id,service_date,start_time,duration_minutes,service_type,modality,setting,staff_email\n\(UUID().text),\(person.text),2026-01-06,10:00,40,peer_navigation,in_person,hospital,not an address\n"
                .write(to: broken, atomically: true, encoding: .utf8)
            let refused = try run([broken.path, "--as", manager])
            #expect(refused.status == 1)
            #expect(refused.stdout.contains("services.csv:2: staff_email: invalid_staff"))
            #expect(refused.stdout.contains("nothing imported: 1 problems"))
            #expect(try await f.count("services") == 0)

            let peer = try run([folder.path, "--as", f.a.user(.peerSpecialist).email])
            #expect(peer.status == 1)
            #expect(peer.stderr.split(separator: "\n").count == 1, "one plain line: \(peer.stderr)")
        }
    }
}
