import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import Testing

/// `peerway audit verify`, the command an operator runs, against a database tampered with directly.
@Suite("peerway audit verify")
struct AuditVerifyCommandTests {
    /// The `peerway` built alongside this test bundle (same build folder, configuration and scratch path).
    static var binary: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // On Linux the tests run from `<bin>/PeerwayPackageTests.xctest`; elsewhere from inside a bundle.
        while directory.pathComponents.count > 1 {
            let candidate = directory.appendingPathComponent("peerway")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/peerway")
    }

    static func run(_ database: String, keyFile: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["audit", "verify", "--database", database, "--audit-key-file", keyFile]
        var environment = ProcessInfo.processInfo.environment
        environment["PEERWAY_AUDIT_KEY"] = nil
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func url(_ test: TestDatabase) -> String {
        switch test.location {
        case .sqlite(let path): return path
        case .postgres(let pg): return "postgres://\(pg.username):\(pg.password ?? "")@\(pg.host):\(pg.port)/\(pg.database)"
        }
    }

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
}
