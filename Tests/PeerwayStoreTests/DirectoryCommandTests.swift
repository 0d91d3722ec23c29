import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import Testing

/// `peerway directory import|export` as an operator runs them: the built binary on a SQLite test
/// database (each run of the binary opens a pool of its own; on PostgreSQL, while the suite runs in
/// parallel, that crowds the server's connections, and `DirectoryStoreTests` covers both engines).
@Suite("Directory commands")
struct DirectoryCommandTests {
    static func run(_ test: TestDatabase, keyFile: String, _ arguments: [String]) throws -> PeerwayCLI.Outcome {
        try PeerwayCLI.run(["directory"] + arguments + ["--database", PeerwayCLI.url(test.location), "--audit-key-file", keyFile])
    }

    @Test("import a data package folder and JSON, refuse a broken file with its problems, export both formats", arguments: [TestEngine.sqlite])
    func importAndExport(engine: TestEngine) async throws {
        try #require(PeerwayCLI.isBuilt, "build the CLI first: swift build")
        try await TestDatabase.with(engine) { test in
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peerway-directory-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let keyFile = dir.appendingPathComponent("key").path
            try "test-audit-key\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
            let f = try await Fixture.make(test.db)
            let provider = f.a.provider.name
            let manager = f.a.user(.programManager).email
            let package = DirectoryFixtures.examples.appendingPathComponent("csv").path

            let dry = try Self.run(test, keyFile: keyFile, ["import", package, "--as", manager, "--dry-run"])
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(dry.stdout.contains("dry run, nothing written: 21 rows would give 21 created, 0 updated, 0 unchanged"))
            #expect(dry.stdout.contains("warning: locations.csv row 2, organization_id names a row that is not in the data set"))

            let done = try Self.run(test, keyFile: keyFile, ["import", package, "--organization", provider])
            #expect(done.status == 0, "\(done.stderr)")
            #expect(done.stdout.hasSuffix("imported 21 rows: 21 created, 0 updated, 0 unchanged\n"))
            let json = try Self.run(test, keyFile: keyFile, ["import", DirectoryFixtures.examples.appendingPathComponent("service_full.json").path,
                                                              "--as", manager])
            #expect(json.status == 0, "\(json.stderr)")

            let broken = dir.appendingPathComponent("services.csv")
            try "id,organization_id,name,status\nnot-an-id,,Food,open\n".write(to: broken, atomically: true, encoding: .utf8)
            let refused = try Self.run(test, keyFile: keyFile, ["import", broken.path, "--as", manager])
            #expect(refused.status == 1)
            #expect(refused.stdout.contains("error: services.csv row 2, id is not in the right format: not-an-id"))
            #expect(refused.stdout.contains("error: services.csv row 2, organization_id is required"))
            #expect(refused.stdout.contains("error: services.csv row 2, status is not one of the allowed values: open"))
            #expect(refused.stdout.contains("nothing imported: 3 problems to fix"))

            let peer = try Self.run(test, keyFile: keyFile, ["import", package, "--as", f.a.user(.peerSpecialist).email])
            #expect(peer.status == 1)
            #expect(peer.stderr.split(separator: "\n").count == 1, "one plain line: \(peer.stderr)")

            let csvOut = dir.appendingPathComponent("export-csv")
            let csv = try Self.run(test, keyFile: keyFile, ["export", "--format", "csv", "--output", csvOut.path, "--as", manager])
            #expect(csv.status == 0, "\(csv.stderr)")
            #expect(FileManager.default.fileExists(atPath: csvOut.appendingPathComponent("datapackage.json").path))
            #expect(FileManager.default.fileExists(atPath: csvOut.appendingPathComponent("services.csv").path))
            let jsonOut = dir.appendingPathComponent("directory.json")
            let exported = try Self.run(test, keyFile: keyFile, ["export", "--format", "json", "--output", jsonOut.path, "--organization", provider])
            #expect(exported.status == 0, "\(exported.stderr)")
            let again = try Self.run(test, keyFile: keyFile, ["import", jsonOut.path, "--organization", provider])
            #expect(again.stdout.contains("0 created, 0 updated"), "\(again.stdout)")
            let exists = try Self.run(test, keyFile: keyFile, ["export", "--format", "json", "--output", jsonOut.path, "--organization", provider])
            #expect(exists.status == 1 && exists.stderr.contains("already exists"))
        }
    }
}
