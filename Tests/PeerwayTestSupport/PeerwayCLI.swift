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
    ///
    /// Started with `posix_spawn`, not Foundation's `Process`: on Linux, `Process.run()` reads
    /// `/proc/self/fd` with a 256-byte copy of each directory entry and crashes the test process now and
    /// then (swift-corelibs-foundation#5472). The pipes are made close-on-exec, so a child started by another
    /// test a moment later does not hold them open.
    public static func run(_ arguments: [String], input: String = "") throws -> Outcome {
        var environment = ProcessInfo.processInfo.environment
        environment["PEERWAY_AUDIT_KEY"] = nil
        environment["PEERWAY_DATABASE_URL"] = nil
        var stdin: [Int32] = [-1, -1], stdout: [Int32] = [-1, -1], stderr: [Int32] = [-1, -1]
        guard pipe(&stdin) == 0, pipe(&stdout) == 0, pipe(&stderr) == 0 else { throw CocoaError(.fileWriteUnknown) }
        for fd in stdin + stdout + stderr { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdout[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderr[1], 2)
        let path = binary.path
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        for fd in [stdin[0], stdout[1], stderr[1]] { close(fd) }
        guard spawned == 0 else {
            for fd in [stdin[1], stdout[0], stderr[0]] { close(fd) }
            throw CocoaError(.executableLoad)
        }
        let writer = FileHandle(fileDescriptor: stdin[1], closeOnDealloc: true)
        writer.write(Data(input.utf8))
        try writer.close()
        // Read both pipes at once so that neither can fill up and stall the child.
        let errors = ErrorCollector(FileHandle(fileDescriptor: stderr[0], closeOnDealloc: true))
        let out = FileHandle(fileDescriptor: stdout[0], closeOnDealloc: true).readDataToEndOfFile()
        let err = errors.wait()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, and a signal's number as 128 + n, as a shell reports it.
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Outcome(status: code, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
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
