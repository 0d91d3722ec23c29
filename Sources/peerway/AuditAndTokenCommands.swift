import ArgumentParser
import Foundation
import PeerwayCore
import PeerwayStore

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Work with the audit trail.", subcommands: [Verify.self])

    struct Verify: ReportingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every audit chain and report any edited, deleted, inserted or reordered event, a cut or rewound chain, or a deleted one.",
            discussion: """
                Exits 0 when the trail is intact, 1 when any problem is found (each is printed on a line starting with TAMPERED). Run it on a schedule, with the same audit key the server uses.

                With --checkpoint FILE it also compares the trail with the checkpoint in FILE, if there is one, and catches a database rolled back to an older copy or a chain cut back to an earlier point, which the database alone cannot show. When the trail is intact it then writes a new checkpoint to FILE (where each chain stands now, sealed with the audit key). Keep FILE where whoever administers the database cannot write: another machine, write-once storage, or a copy mailed off.
                """)

        @OptionGroup var store: StoreOptions
        @Option(name: .long, help: ArgumentHelp("Checkpoint file to check against (if it exists) and to renew when the trail is intact.", valueName: "path"))
        var checkpoint: String?

        func execute() async throws {
            let bar = ProgressBar("verifying")
            let path = checkpoint.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            let (report, text) = try await store.withStore(migrate: false) { db, audit -> (AuditLog.VerifyReport, String) in
                var previous: AuditCheckpoint?
                var unreadable: AuditChainVerifier.Problem?
                if let path, FileManager.default.fileExists(atPath: path) {
                    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CLIError("cannot read the checkpoint file \(path)") }
                    do { previous = try audit.readCheckpoint(text) } catch { unreadable = .checkpointInvalid(reason: String(describing: error)) }
                }
                var report = try await audit.verify(db, checkpoint: previous) { done, total in bar.update(done, total) }
                if let unreadable { report.problems.insert(unreadable, at: 0) }
                return (report, audit.checkpointText(report, takenAt: Date()))
            }
            for problem in report.problems { print("TAMPERED: \(problem)") }
            guard report.isIntact else {
                print("audit trail NOT intact: \(report.problems.count) problems in \(report.events) events")
                throw ExitCode.failure
            }
            print("audit trail intact: \(report.events) events in \(report.chains) chains")
            if let path {
                do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
                    throw CLIError("the trail is intact but the checkpoint could not be written to \(path)")
                }
                print("checkpoint written to \(path) (\(report.positions.count) chains)")
            }
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Personal access tokens for the API.", subcommands: [Create.self])

    struct Create: ReportingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API token for a person; the token is printed once, alone on the last line.")

        @OptionGroup var store: StoreOptions
        @Option(help: "E-mail address of the person the token acts as.") var email: String
        @Option(help: "A name to recognise the token by.") var name: String
        @Option(help: "Days until it expires (1-366); without it the token lasts until revoked.") var expiresDays: Int?

        func execute() async throws {
            if let days = expiresDays, !(1...366).contains(days) { throw CLIError("--expires-days must be between 1 and 366") }
            let (shownEmail, raw) = try await store.withContext { context in
                let user = try await UserCommand.findUser(email, context.db, enabled: true)
                let now = context.now()
                let raw = try await context.db.write { conn in
                    let created = try await TokenRecords.create(id: context.newID(), userID: user.id, organizationID: user.organizationID, name: name,
                                                                expiresAt: expiresDays.map { now.addingTimeInterval(Double($0) * 86_400) }, now: now, on: conn)
                    try await context.audit.append(.cli("token create"), .tokenCreated, resourceType: .apiToken,
                                           resourceID: created.token.id.text, organizationID: user.organizationID, on: conn)
                    return created.raw
                }
                return (user.email, raw)
            }
            FileHandle.standardError.write(Data("token for \(shownEmail) (shown once):\n".utf8))
            print(raw)
        }
    }
}

struct BackupCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy a SQLite database into a file while the server keeps running.",
        discussion: """
            SQLite: writes a consistent copy with VACUUM INTO (readers and writers carry on meanwhile).
            Copy the audit key file too: without it the copy's audit trail cannot be verified.
            PostgreSQL: use the server's own tools, for example
              pg_dump --format=custom --file=peerway.dump "$PEERWAY_DATABASE_URL"
            and continuous archiving (WAL) for point-in-time recovery.
            """)

    @OptionGroup var store: StoreOptions
    @Option(name: .long, help: ArgumentHelp("File to write; it must not exist yet.", valueName: "path")) var to: String

    func execute() async throws {
        let location = try store.location()
        guard case .sqlite = location else {
            throw CLIError("backup copies SQLite databases; for PostgreSQL run: pg_dump --format=custom --file=peerway.dump \"$PEERWAY_DATABASE_URL\"")
        }
        let target = URL(fileURLWithPath: to).standardizedFileURL.path
        guard !FileManager.default.fileExists(atPath: target) else { throw CLIError("\(target) already exists") }
        try await store.withStore(migrate: false) { db, _ in try await db.backupSQLite(to: target) }
        print("backed up \(location.redacted) to \(target)")
    }
}
