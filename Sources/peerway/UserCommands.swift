import ArgumentParser
import Foundation
import PeerwayCore
import PeerwayStore

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage people who sign in to Peerway.",
        subcommands: [Add.self, Passwd.self, Disable.self, Enable.self, List.self])

    /// Reads a password from standard input (one line), so it never appears in the process list or shell history.
    static func readPassword(prompt: String) throws -> String {
        if isatty(STDIN_FILENO) != 0 {
            guard let pointer = getpass(prompt) else { throw CLIError("no password given") }
            return String(cString: pointer)
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw CLIError("no password on standard input") }
        return line
    }

    /// The person with `email`; with `enabled`, one who may still act (tokens, imports, exports).
    static func findUser(_ email: String, _ db: Database, enabled: Bool = false) async throws -> User {
        let normalized = (try? Credentials.normalizedEmail(email)) ?? email
        guard let user = try await db.read({ conn in try await UserRecords.credentials(email: normalized, on: conn)?.user }) else {
            throw CLIError("no user with e-mail \(normalized)")
        }
        guard !(enabled && user.disabled) else { throw CLIError("\(user.email) is disabled") }
        return user
    }

    struct Add: ReportingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a person. The password is read from standard input (or asked for on a terminal).")

        @OptionGroup var store: StoreOptions
        @Option(help: "E-mail address used to sign in.") var email: String
        @Option(help: "Name shown to colleagues.") var name: String
        @Option(help: "Organization id or exact name.") var organization: String
        @Option(help: "Comma-separated roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var roles: String
        @Option(help: "Comma-separated program ids or exact names the person works in.") var programs: String = ""

        func execute() async throws {
            let roleSet: Set<Role>
            do { roleSet = try Role.parseList(roles) } catch { throw CLIError("unknown role in --roles; use \(Role.allCases.map(\.rawValue).joined(separator: ", "))") }
            let password = try UserCommand.readPassword(prompt: "Password for \(email): ")
            try await store.withContext { context in
                let db = context.db
                let (org, programIDs) = try await db.read { conn -> (Organization, Set<UUID>) in
                    let all = try await OrganizationRecords.all(on: conn)
                    guard let org = all.first(where: { $0.id.text == organization.lowercased() || $0.name == organization }) else {
                        throw CLIError("no organization \(organization)")
                    }
                    let programs = try await ProgramRecords.list(organizationIDs: [org.id], on: conn)
                    var ids = Set<UUID>()
                    for token in self.programs.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !token.isEmpty {
                        guard let p = programs.first(where: { $0.id.text == token.lowercased() || $0.name == token }) else {
                            throw CLIError("no program \(token) in \(org.name)")
                        }
                        ids.insert(p.id)
                    }
                    return (org, ids)
                }
                let admin = Administration(context)
                let user = try await admin.createUser(.init(email: email, displayName: name, password: password, roles: roleSet, programIDs: programIDs),
                                                      organizationID: org.id, by: nil, context: .cli("user add"))
                print("added \(user.email) (\(user.id.text)) to \(org.name)")
            }
        }
    }

    struct Passwd: ReportingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a person's password (read from standard input). Ends all their sessions and revokes their API tokens.")

        @OptionGroup var store: StoreOptions
        @Option(help: "E-mail address of the person.") var email: String
        @Flag(help: "Keep the person's API tokens working (by default a password change revokes them).") var keepTokens = false

        func execute() async throws {
            let password = try UserCommand.readPassword(prompt: "New password for \(email): ")
            try await store.withContext { context in
                let user = try await UserCommand.findUser(email, context.db)
                try await Administration(context).setPassword(user.id, newPassword: password, currentPassword: nil, revokeTokens: !keepTokens,
                                                                    by: nil, context: .cli("user passwd"))
                print("password changed for \(user.email); their sessions have ended" + (keepTokens ? "" : " and their API tokens are revoked"))
            }
        }
    }

    /// Disabling and enabling differ only in the flag they set.
    static func setDisabled(_ disabled: Bool, email: String, store: StoreOptions) async throws {
        try await store.withContext { context in
            let user = try await findUser(email, context.db)
            _ = try await Administration(context).updateUser(
                user.id, .init(disabled: disabled), expectedVersion: nil, by: nil, context: .cli(disabled ? "user disable" : "user enable"))
            print("\(disabled ? "disabled" : "enabled") \(user.email)")
        }
    }

    struct Disable: ReportingCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a person: they cannot sign in, and their sessions and tokens end now.")
        @OptionGroup var store: StoreOptions
        @Option(help: "E-mail address of the person.") var email: String

        func execute() async throws { try await UserCommand.setDisabled(true, email: email, store: store) }
    }

    struct Enable: ReportingCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled person again.")
        @OptionGroup var store: StoreOptions
        @Option(help: "E-mail address of the person.") var email: String

        func execute() async throws { try await UserCommand.setDisabled(false, email: email, store: store) }
    }

    struct List: ReportingCommand {
        static let configuration = CommandConfiguration(abstract: "List people, as tab-separated lines: e-mail, name, roles, organization, status.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only this organization (id or exact name).") var organization: String?
        @Option(help: "Only names or e-mails containing this text.") var search: String?

        func execute() async throws {
            try await store.withStore { db, _ in
                let rows = try await db.read { conn -> [(User, String)] in
                    var orgs = try await OrganizationRecords.all(on: conn)
                    if let organization {
                        orgs = orgs.filter { $0.id.text == organization.lowercased() || $0.name == organization }
                        if orgs.isEmpty { throw CLIError("no organization \(organization)") }
                    }
                    let names = Dictionary(uniqueKeysWithValues: orgs.map { ($0.id, $0.name) })
                    var out: [(User, String)] = []
                    var offset = 0
                    while true {
                        var filter = UserRecords.ListFilter(organizationIDs: Set(orgs.map(\.id)))
                        filter.search = search
                        filter.limit = 500
                        filter.offset = offset
                        let page = try await UserRecords.list(filter, on: conn)
                        out += page.map { ($0, names[$0.organizationID] ?? "") }
                        if page.count < 500 { break }
                        offset += 500
                    }
                    return out
                }
                for (user, org) in rows {
                    print([user.email, user.displayName, user.roles.sorted().map(\.rawValue).joined(separator: ","), org, user.disabled ? "disabled" : "active"].joined(separator: "\t"))
                }
            }
        }
    }
}
