import ArgumentParser
import Foundation
import PeerwayCore
import PeerwayStore

extension Organization.Kind: ExpressibleByArgument {}

struct SetupCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "First run: create the first organization and its first administrator on an empty database.",
        discussion: """
            Run it once, after `peerway migrate`, on a database with no organization yet; it is refused once any organization exists. A county's administrator is a system administrator (adds providers, programs and people); a provider's is an organization administrator. Creating both is recorded in the new organization's audit trail.

            The password is read from standard input: asked for twice on a terminal, without echo, or one line from a pipe. It must have at least \(Credentials.minimumPasswordLength) characters, at least 4 different ones, and not contain the e-mail address.

            The administrator then signs in at /signin and, before anything else, adds the second factor: Peerway shows a key to add to an authenticator app (any RFC 6238 app) and asks for its code.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp("Name of the first organization.", valueName: "name")) var organization: String
    @Option(help: ArgumentHelp("A county adds provider organizations under it; a provider runs on its own.", valueName: "kind")) var kind: Organization.Kind
    @Option(help: ArgumentHelp("E-mail address the administrator signs in with.", valueName: "email")) var email: String
    @Option(help: ArgumentHelp("The administrator's name, as colleagues see it.", valueName: "name")) var name: String

    func execute() async throws {
        try await store.withContext { context in
            let admin = Administration(context)
            // Refuse before asking for a password that would not be used.
            let existing = try await admin.organizationCount()
            if existing > 0 { throw Self.refusal(existing) }
            let password = try Self.readNewPassword(for: email)
            let created: (organization: Organization, administrator: User)
            do {
                created = try await admin.setUp(.init(organizationName: organization, kind: kind, email: email, displayName: name, password: password),
                                                context: .cli("setup"))
            } catch let error as Administration.AlreadySetUp {
                throw Self.refusal(error.organizations)
            } catch StoreError.invalid(let errors) {
                throw CLIError(Self.describe(errors))
            }
            let role = kind.firstAdministratorRole
            let roleName = role == .systemAdmin ? "system administrator" : "organization administrator"
            print("Set up \(created.organization.name) (\(kind.rawValue)) with its first administrator, \(created.administrator.email) (\(roleName)).")
            print("Next: start the server (`peerway serve`), open /signin in a browser and sign in as \(created.administrator.email).")
            print("Peerway then asks for the second factor: add the key it shows to an authenticator app and enter the app's code.")
            let next = kind == .county ? "provider organizations, programs and people through the header's links (Organizations, Programs, Users)"
                : "programs and people through the header's links (Programs, Users)"
            print("Then add \(next).")
        }
    }

    static func refusal(_ organizations: Int) -> CLIError {
        CLIError("refused: this database is already set up (\(organizations) organization\(organizations == 1 ? "" : "s")); administrators add organizations and people on the administration pages, or with `peerway user add`")
    }

    /// Field errors under the names of this command's flags, worded as the pages word them.
    static func describe(_ errors: ValidationErrors) -> String {
        sentences(errors, flags: ["organization": "--organization", "email": "--email", "display_name": "--name", "password": "password"])
    }

    /// On a terminal the password is typed twice without echo; from a pipe it is one line.
    static func readNewPassword(for email: String) throws -> String {
        let password = try UserCommand.readPassword(prompt: "Password for \(email): ")
        if isatty(STDIN_FILENO) != 0 {
            let again = try UserCommand.readPassword(prompt: "The same password again: ")
            guard again == password else { throw CLIError("the two passwords differ; nothing was created") }
        }
        return password
    }
}
