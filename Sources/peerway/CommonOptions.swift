import ArgumentParser
import Foundation
import Logging
import PeerwayCore
import PeerwayStore
import PeerwayWeb

/// Where the database and the audit key are: shared by every command that touches data.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Database URL or SQLite path (env PEERWAY_DATABASE_URL).", valueName: "url"))
    var database: String?

    @Option(name: .long, help: ArgumentHelp("File holding the audit chain key (env PEERWAY_AUDIT_KEY_FILE; PEERWAY_AUDIT_KEY gives the key itself).", valueName: "path"))
    var auditKeyFile: String?

    var environment: [String: String] { ProcessInfo.processInfo.environment }
    var production: Bool { environment["PEERWAY_ENV"]?.lowercased() == "production" }

    func location(default defaultPath: String = "peerway.db") throws -> DatabaseLocation {
        let raw = database ?? environment["PEERWAY_DATABASE_URL"] ?? defaultPath
        do { return try DatabaseLocation.parse(raw) } catch { throw CLIError(String(describing: error)) }
    }

    /// The audit key: PEERWAY_AUDIT_KEY, else a key file (next to a SQLite database by default).
    /// Production refuses to invent one, because a key made on the spot cannot verify older events.
    func auditKey(for location: DatabaseLocation) throws -> AuditKey {
        if let secret = environment["PEERWAY_AUDIT_KEY"], !secret.isEmpty { return AuditKey(secret: secret) }
        let path: String
        if let file = auditKeyFile ?? environment["PEERWAY_AUDIT_KEY_FILE"] {
            path = file
        } else if case .sqlite(let dbPath) = location {
            path = dbPath + ".audit-key"
        } else {
            path = "peerway-audit.key"
        }
        if production && !FileManager.default.fileExists(atPath: path) {
            throw CLIError("production mode needs PEERWAY_AUDIT_KEY or an existing PEERWAY_AUDIT_KEY_FILE")
        }
        do { return try AuditKey.loadOrCreate(at: path) } catch { throw CLIError("cannot read or create the audit key file \(path)") }
    }
}

/// A failure reported as one plain line on standard error, with a non-zero exit.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func describe(_ error: any Error) -> String {
    switch error {
    case let error as CLIError: return error.description
    case let error as StoreError:
        switch error {
        case .notFound: return "not found"
        case .conflict: return "the record changed meanwhile; try again"
        case .duplicate(let field): return "\(field) is already in use"
        case .invalid(let errors): return sentences(errors)
        case .unavailable(let text): return text
        }
    case let error as AccessRefused: return "refused by the access policy (\(error.decision.rawValue))"
    default:
        if let text = Database.describePostgresError(error) { return text }
        let text = String(describing: error)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}

/// Field errors as the pages word them, in English, each after the field or flag it names
/// ("--to: The end of the period is before its start."), joined on one line.
func sentences(_ errors: ValidationErrors, flags: [String: String] = [:]) -> String {
    let localizer = try? Localizer.bundled()
    return errors.errors.map { error in
        let field = error.field.map { flags[$0] ?? $0 } ?? "input"
        let text = localizer?.text(error.messageKey, "en")
        // A key without a sentence (it shows itself) falls back to the code in words.
        let sentence = text.flatMap { $0 == error.messageKey ? nil : $0 } ?? error.code.replacingOccurrences(of: "_", with: " ")
        return "\(field): \(sentence)"
    }.joined(separator: "; ")
}

/// A command whose `execute` runs under `runReportingErrors`.
protocol ReportingCommand: AsyncParsableCommand {
    func execute() async throws
}

extension ReportingCommand {
    func run() async throws { try await runReportingErrors { try await execute() } }
}

/// Runs a command body, turning any failure into one line on stderr and exit code 1.
func runReportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        FileHandle.standardError.write(Data("peerway: \(describe(error))\n".utf8))
        throw ExitCode.failure
    }
}

/// A one-line progress bar on standard error, redrawn in place; quiet when stderr is not a terminal
/// except for the final line.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let lock = NSLock()
    private var lastDrawn = Date.distantPast
    private let isTTY = isatty(STDERR_FILENO) != 0

    init(_ label: String) { self.label = label }

    func update(_ done: Int, _ total: Int) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard done >= total || now.timeIntervalSince(lastDrawn) > 0.1 else { return }
        lastDrawn = now
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let line = "\(label) [\(bar)] \(done)/\(total) \(Int(fraction * 100))%"
        if isTTY {
            FileHandle.standardError.write(Data("\r\(line)".utf8))
            if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
        } else if done >= total {
            FileHandle.standardError.write(Data("\(line)\n".utf8))
        }
    }
}
