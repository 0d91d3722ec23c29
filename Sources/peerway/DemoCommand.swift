import ArgumentParser
import Foundation
import PeerwayCore
import PeerwayDemo
import PeerwayStore
import PeerwayWeb

struct DemoCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a fresh demo database (a sample county, providers, programs, one user per role) and serve it.",
        discussion: """
            With no options this (re)creates peerway-demo.db in the current folder and serves it on http://127.0.0.1:8080. Every demo account's password is \(DemoGenerator.password).

            The data are deterministic from --seed; --participants sizes the data set (and so the workforce) for benchmarks, and --services sets the total number of services documented (by default a few per person served). A PostgreSQL database given with --database must be empty.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var server: ServerOptions

    @Option(name: .long, help: "Seed of the generator: the same seed gives the same data.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "How many participants the data set is sized for.")
    var participants: Int = 500

    @Option(name: .long, help: ArgumentHelp("Total services to document (default: a few per person served, following --participants).",
                                            valueName: "N"))
    var services: Int?

    @Flag(name: .long, help: "Create the data and exit without serving.")
    var noServe = false

    @Flag(name: .long, help: "Replace an existing SQLite file given with --database.")
    var reset = false

    static let defaultPath = "peerway-demo.db"

    func execute() async throws {
        guard participants >= 0 && participants <= 10_000_000 else { throw CLIError("--participants must be between 0 and 10000000") }
        if let services, !(0...100_000_000).contains(services) { throw CLIError("--services must be between 0 and 100000000") }
        let config = noServe ? nil : try server.configuration()
        let location = try store.location(default: Self.defaultPath)
        if case .sqlite(let path) = location, FileManager.default.fileExists(atPath: path) {
            let isDefault = store.database == nil && ProcessInfo.processInfo.environment["PEERWAY_DATABASE_URL"] == nil
            guard isDefault || reset else { throw CLIError("\(path) exists; pass --reset to replace it with demo data") }
            for suffix in ["", "-wal", "-shm", ".audit-key"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        try await store.withStore(default: Self.defaultPath, migrate: true) { db, audit in
            let existing = try await db.read { conn in try await OrganizationRecords.all(on: conn).count }
            guard existing == 0 else {
                throw CLIError("the database already holds organizations; demo data needs an empty database")
            }
            let bar = ProgressBar("demo data")
            let servicesBar = ProgressBar("services")
            let summary = try await DemoGenerator(seed: seed, participants: participants, servicesTarget: services, base32: SecondFactor.base32)
                .generate(into: db, audit: audit, progress: { done, total in bar.update(done, total) },
                          servicesProgress: { done, total in servicesBar.update(done, total) })
            print("Demo data: \(summary.organizations) organizations, \(summary.programs) programs, \(summary.users) people (seed \(seed)) in \(location.redacted)")
            print("Services: \(summary.services) documented (\(summary.groupSessions) group sessions), \(summary.outreachEvents) outreach events")
            print("Referrals: \(summary.referrals) made, \(summary.referralChanges) steps of their loops recorded")
            print("Outcome instruments: \(summary.instrumentAdministrations) administrations given, \(summary.instrumentSchedules) schedule rules set")
            print("Plans: \(summary.recoveryPlans) recovery and \(summary.crisisPlans) crisis plans (\(summary.planVersions) versions, "
                  + "\(summary.planDrafts) drafts), \(summary.goalProgressNotes) progress notes on goals, \(summary.servicesNamingGoals) services naming goals")
            print("Workforce: \(summary.certificationEvents) certification steps, \(summary.continuingEducation) continuing-education entries, "
                  + "\(summary.supervisionSessions) supervision sessions, \(summary.wellnessCheckIns) wellness check-ins, \(summary.careerSteps) career steps")
            print("Sign in with any of these accounts; the password of each is \(DemoGenerator.password)")
            for account in summary.accounts {
                print("  \(account.email.padding(toLength: 34, withPad: " ", startingAt: 0)) \(account.role.rawValue) at \(account.organization)")
            }
            for account in summary.accounts {
                if let secret = account.totpSecretBase32 {
                    print("TOTP secret for \(account.email): \(secret)")
                }
            }
            print("Administrators need a code from an authenticator app: add the TOTP secret above to one.")
            fflush(nil)
            guard let config else { return }
            let key = try store.auditKey(for: location)
            print("Open http://\(config.host):\(config.port)/ (Ctrl-C stops the server)")
            fflush(nil)
            try await ServerRunner.run(db: db, key: key, config: config)
        }
    }
}
