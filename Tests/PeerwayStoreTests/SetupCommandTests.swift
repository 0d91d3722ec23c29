import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import Testing

/// The README's first run, by the built `peerway`: `migrate`, then `setup` with the password on
/// standard input; a second `setup` is refused. And a database that cannot be reached fails with
/// its cause in one line.
@Suite("peerway setup and connection errors")
struct SetupCommandTests {
    static let password = "correct horse battery staple"

    static func keyFile() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("audit-key-\(UUID().uuidString)").path
        try "test-audit-key\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func setup(_ url: String, keyFile: String, email: String) throws -> PeerwayCLI.Outcome {
        try PeerwayCLI.run(["setup", "--database", url, "--audit-key-file", keyFile, "--organization", "Harbor County Behavioral Health",
                            "--kind", "county", "--email", email, "--name", "Ana Admin"], input: password + "\n")
    }

    @Test("migrate, then setup on an empty database; a second setup is refused with one line", arguments: TestEngine.available)
    func firstRun(engine: TestEngine) async throws {
        try #require(PeerwayCLI.isBuilt, "build the CLI first: swift build")
        let test = try await TestDatabase.make(engine, migrate: false)
        let keyFile = try Self.keyFile()
        defer { try? FileManager.default.removeItem(atPath: keyFile) }
        do {
            let url = PeerwayCLI.url(test.location)
            let migrate = try PeerwayCLI.run(["migrate", "--database", url, "--audit-key-file", keyFile])
            #expect(migrate.status == 0, "\(migrate.stdout)\(migrate.stderr)")
            // PostgresNIO warns when a connection is leased before the client runs: never here.
            #expect(!migrate.stderr.contains("PostgresClient"), "\(migrate.stderr)")

            let first = try Self.setup(url, keyFile: keyFile, email: "ana@county.example.org")
            #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
            #expect(first.stdout.contains("ana@county.example.org (system administrator)"), "\(first.stdout)")
            #expect(first.stdout.contains("/signin"), "\(first.stdout)")
            #expect(first.stderr.isEmpty, "\(first.stderr)")

            let again = try Self.setup(url, keyFile: keyFile, email: "someone.else@county.example.org")
            #expect(again.status == 1)
            #expect(again.stdout.isEmpty, "\(again.stdout)")
            let lines = again.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(again.stderr)")
            #expect(again.stderr.hasPrefix("peerway: refused: this database is already set up (1 organization)"), "\(again.stderr)")

            let (orgs, admin) = try await test.db.read { conn in
                (try await OrganizationRecords.all(on: conn), try await UserRecords.credentials(email: "ana@county.example.org", on: conn))
            }
            #expect(orgs.map(\.name) == ["Harbor County Behavioral Health"])
            #expect(admin?.user.roles == [.systemAdmin])
            #expect(admin?.totpSecret == nil, "the second factor is enrolled at first sign-in, not by setup")
            let other = try await test.db.read { conn in try await UserRecords.credentials(email: "someone.else@county.example.org", on: conn) }
            #expect(other == nil)
            await test.close()
        } catch {
            await test.close()
            throw error
        }
    }

    @Test("setup refuses a weak password and names the rule; nothing is created")
    func weakPassword() async throws {
        try #require(PeerwayCLI.isBuilt, "build the CLI first: swift build")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peerway-setup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("p.db").path
        let keyFile = db + ".audit-key"
        let result = try PeerwayCLI.run(["setup", "--database", db, "--organization", "Harbor", "--kind", "provider",
                                         "--email", "ana@example.org", "--name", "Ana"], input: "short\n")
        #expect(result.status == 1)
        #expect(result.stderr == "peerway: password: Use at least 12 characters.\n", "\(result.stderr)")
        let retry = try PeerwayCLI.run(["setup", "--database", db, "--audit-key-file", keyFile, "--organization", "Harbor", "--kind", "provider",
                                        "--email", "ana@example.org", "--name", "Ana"], input: Self.password + "\n")
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stdout.contains("(organization administrator)"), "\(retry.stdout)")
    }

    @Test("a PostgreSQL port nothing listens on: exit 1 with one line saying connection refused")
    func unreachable() throws {
        try #require(PeerwayCLI.isBuilt, "build the CLI first: swift build")
        let port = try PostgresConnectTests.closedPort()
        let url = "postgres://peerway:secret@127.0.0.1:\(port)/peerway"
        let keyFile = try Self.keyFile()
        defer { try? FileManager.default.removeItem(atPath: keyFile) }
        let result = try PeerwayCLI.run(["migrate", "--database", url, "--audit-key-file", keyFile])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        #expect(result.stderr == "peerway: cannot connect to PostgreSQL at postgres://peerway@127.0.0.1:\(port)/peerway: "
                + "connection refused: nothing listens on 127.0.0.1:\(port) (is PostgreSQL running there, on that port?)\n", "\(result.stderr)")
    }
}
