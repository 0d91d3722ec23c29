import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

/// `peerway audit verify`, the command an operator runs, against a database tampered with directly.
@Suite("peerway audit verify")
struct AuditVerifyCommandTests {
    static var binary: URL { PeerwayCLI.binary }

    /// `peerway audit verify` on DATABASE with the key in KEYFILE; stdout and stderr together.
    static func run(_ database: String, keyFile: String, _ extra: [String] = []) throws -> (status: Int32, output: String) {
        let outcome = try PeerwayCLI.run(["audit", "verify", "--database", database, "--audit-key-file", keyFile] + extra)
        return (outcome.status, outcome.stdout + outcome.stderr)
    }

    static func url(_ test: TestDatabase) -> String { PeerwayCLI.url(test.location) }

    @Test("exits 0 on an intact trail and 1 after each kind of tampering", arguments: TestEngine.available, Tamper.allCases)
    func detectsTampering(engine: TestEngine, tamper: Tamper) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the CLI first: swift build")
        try await TestDatabase.with(engine) { test in
            let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("audit-key-\(UUID().uuidString)").path
            try "test-audit-key\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: keyFile) }
            let org = UUID()
            try await AuditTrailTests.appendEvents(test, organization: org, count: 6)
            let clean = try Self.run(Self.url(test), keyFile: keyFile)
            #expect(clean.status == 0, "\(clean.output)")
            #expect(clean.output.contains("intact"))
            try await AuditTrailTests.tamper(test, tamper, organization: org)
            let tampered = try Self.run(Self.url(test), keyFile: keyFile)
            #expect(tampered.status == 1, "\(tamper): \(tampered.output)")
            #expect(tampered.output.contains("TAMPERED"))
        }
    }

    @Test("--checkpoint writes a sealed checkpoint and catches a later rollback that the database alone cannot show", arguments: TestEngine.available)
    func checkpoint(engine: TestEngine) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the CLI first: swift build")
        try await TestDatabase.with(engine) { test in
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("audit-checkpoint-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let keyFile = dir.appendingPathComponent("key").path
            try "test-audit-key\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
            let checkpoint = dir.appendingPathComponent("checkpoint").path
            let org = UUID()
            let chain = AuditEvent.chainName(for: org)
            try await AuditTrailTests.appendEvents(test, organization: org, count: 4)
            let saved = try await test.db.read { conn in try await conn.sql.raw("SELECT hash, mac FROM audit_heads WHERE chain = \(bind: chain)").first()! }
            try await AuditTrailTests.appendEvents(test, organization: org, count: 3)

            let first = try Self.run(Self.url(test), keyFile: keyFile, ["--checkpoint", checkpoint])
            #expect(first.status == 0, "\(first.output)")
            #expect(first.output.contains("checkpoint written"))
            let text = try String(contentsOfFile: checkpoint, encoding: .utf8)
            #expect(text.contains("chain \(chain) 7 "))

            try await test.db.write { conn in
                try await AuditTrailTests.disableAppendOnly(conn)
                try await conn.sql.raw("DELETE FROM audit_events WHERE chain = \(bind: chain) AND seq > 4").run()
                try await conn.sql.raw("UPDATE audit_heads SET seq = 4, hash = \(bind: try saved.decode(column: "hash", as: String.self)), mac = \(bind: try saved.decode(column: "mac", as: String.self)) WHERE chain = \(bind: chain)").run()
            }
            #expect(try Self.run(Self.url(test), keyFile: keyFile).status == 0, "without the checkpoint the rollback is invisible")
            let caught = try Self.run(Self.url(test), keyFile: keyFile, ["--checkpoint", checkpoint])
            #expect(caught.status == 1, "\(caught.output)")
            #expect(caught.output.contains("TAMPERED") && caught.output.contains("rolled back"))
            #expect(try String(contentsOfFile: checkpoint, encoding: .utf8) == text, "a failed run leaves the checkpoint as it was")
        }
    }
}
