import Foundation
import PeerwayStore

/// Runs the `peerway` executable built alongside the test bundle, as an operator would.
public enum PeerwayCLI {
    /// The `peerway` in the same build folder as this test bundle (same configuration and scratch path).
    public static var binary: URL {
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

    public static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: binary.path) }

    public struct Outcome: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `peerway ARGUMENTS` with INPUT on standard input (a pipe, not a terminal) and without any
    /// PEERWAY_DATABASE_URL or PEERWAY_AUDIT_KEY from the environment the tests run in.
    public static func run(_ arguments: [String], input: String = "") throws -> Outcome {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PEERWAY_AUDIT_KEY"] = nil
        environment["PEERWAY_DATABASE_URL"] = nil
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // Read both pipes at once so that neither can fill up and stall the child.
        let errors = ErrorCollector(stderr.fileHandleForReading)
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = errors.wait()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// A database URL for the CLI: the SQLite path, or the PostgreSQL URL with its password.
    public static func url(_ location: DatabaseLocation) -> String {
        switch location {
        case .sqlite(let path): return path
        case .postgres(let pg): return "postgres://\(pg.username):\(pg.password ?? "")@\(pg.host):\(pg.port)/\(pg.database)"
        }
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class ErrorCollector: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
