import ArgumentParser
import Foundation
import PeerwayCore
import PeerwayStore

struct ParticipantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "participants",
        abstract: "Import and export participants (and their family members and friends) as CSV.",
        discussion: """
            Both act as the person given with --as: their roles and programs decide what they may \
            reach, exactly as when they sign in, and the audit trail records them. An export is the \
            file an import reads back: edit it in a spreadsheet, import it, and each row updates the \
            person its id names; rows with an empty id are new people.
            """,
        subcommands: [Import.self, Export.self])

    struct Import: ReportingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or update people from a CSV file.",
            discussion: """
                Columns: \(PersonImport.header.joined(separator: ", ")).

                Only a name (legal_given_name or preferred_name) and date_of_birth are required; a \
                column left out keeps its stored value. Lists (races, populations, …) separate values \
                with ";". A row with an id updates that person, who must be within your reach; a row \
                with an empty id creates a person taken in by --program.

                Each rejected row prints as `line N: column: code`, N counting the header as line 1. \
                Exit status: 0 when every row was (or, with --dry-run, would be) imported; 1 when \
                nothing was imported (an unreadable file, a wrong header, or any rejected row in \
                all_or_nothing mode); 2 when row_by_row imported the good rows and rejected others.

                Examples:
                  peerway participants import people.csv --program "Next Steps" \\
                      --as manager@example.org --dry-run
                  peerway participants import people.csv --program "Next Steps" \\
                      --as peer@example.org --mode row_by_row
                """)

        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp("The CSV file (UTF-8); - reads standard input.", valueName: "file")) var file: String
        @Option(help: ArgumentHelp("Program (id or exact name) new people are taken in by.", valueName: "program")) var program: String
        @Option(name: .customLong("as"), help: ArgumentHelp("E-mail address of the person doing the import.", valueName: "email"))
        var actingAs: String
        @Option(help: ArgumentHelp("all_or_nothing (default): any rejected row and nothing is written; row_by_row: write the good rows.",
                                   valueName: "mode"))
        var mode: String = ImportMode.allOrNothing.rawValue
        @Flag(help: "Check the file and report what would happen, writing nothing.") var dryRun = false

        func execute() async throws {
            try await JourneyCLI.runImport(store, contacts: false, file: file, program: program, actingAs: actingAs, mode: mode,
                                           dryRun: dryRun)
        }
    }

    struct Export: ReportingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every person you may reach as CSV (program managers).",
            discussion: """
                The file starts with a UTF-8 byte-order mark so spreadsheets read accents correctly, \
                and cells that a spreadsheet would run as formulas are neutralised. It holds health \
                information: it is created readable by you alone; keep it encrypted and delete it \
                when done. The export is recorded in the audit trail with the number of people.

                Examples:
                  peerway participants export --as manager@example.org --output people.csv
                  peerway participants export --as manager@example.org > people.csv
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var export: ExportOptions

        func execute() async throws {
            try await export.run("people") { file in
                try await store.withContext { context in
                    let actor = try await JourneyCLI.actor(export.actingAs, context.db)
                    return try await ParticipantJourney(context).exportPersons(
                        by: actor, context: AuditContext.cli("participants export").acting(as: actor)) { try file.write($0) }
                }
            }
        }
    }
}

struct ContactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts", abstract: "Import contacts logged elsewhere (a paper sheet typed up, another system's export).",
        subcommands: [Import.self])

    struct Import: ReportingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Log contacts from a CSV file in one program.",
            discussion: """
                Columns: \(ContactImport.header.joined(separator: ", ")).

                occurred_at is a date (2026-07-01) or a date and time (2026-07-01T14:30, with Z or an \
                offset such as -07:00 if it is not in --time-zone). person_id is the id of someone you \
                may reach (from `peerway participants export`); leave it empty for an anonymous \
                contact. source, made_by, method and setting take the values the contact form offers, \
                for example walk_in, self, in_person, community. The contacts are logged by --as.

                Each rejected row prints as `line N: column: code`; the exit status is as for \
                `peerway participants import` (0 all imported, 1 nothing imported, 2 some rejected).

                Examples:
                  peerway contacts import outreach.csv --program "Next Steps" \\
                      --as peer@example.org --dry-run
                  peerway contacts import outreach.csv --program "Next Steps" \\
                      --as peer@example.org --time-zone America/Los_Angeles
                """)

        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp("The CSV file (UTF-8); - reads standard input.", valueName: "file")) var file: String
        @Option(help: ArgumentHelp("Program (id or exact name) the contacts belong to.", valueName: "program")) var program: String
        @Option(name: .customLong("as"), help: ArgumentHelp("E-mail address of the person logging the contacts.", valueName: "email"))
        var actingAs: String
        @Option(help: ArgumentHelp("all_or_nothing (default) or row_by_row, as for participants import.", valueName: "mode"))
        var mode: String = ImportMode.allOrNothing.rawValue
        @Option(help: ArgumentHelp("Zone of times written without an offset (default: PEERWAY_TIME_ZONE, else this computer's).", valueName: "zone"))
        var timeZone: String?
        @Flag(help: "Check the file and report what would happen, writing nothing.") var dryRun = false

        func execute() async throws {
            try await JourneyCLI.runImport(store, contacts: true, file: file, program: program, actingAs: actingAs, mode: mode,
                                           dryRun: dryRun, timeZone: timeZone)
        }
    }
}

/// What the participant and contact commands share: who acts, in which program, and how a report is told.
enum JourneyCLI {
    static func mode(_ text: String) throws -> ImportMode {
        guard let mode = ImportMode(rawValue: text) else {
            throw CLIError("--mode must be \(ImportMode.allCases.map(\.rawValue).joined(separator: " or "))")
        }
        return mode
    }

    /// Imports people (or, with `contacts`, contacts) from `file` into `program` as `actingAs`, and tells the report.
    static func runImport(_ store: StoreOptions, contacts: Bool, file: String, program: String, actingAs: String, mode modeText: String,
                          dryRun: Bool, timeZone: String? = nil) async throws {
        let mode = try mode(modeText)
        let zone = try zone(timeZone)
        let text = try read(file)
        let report = try await store.withContext(timeZone: zone) { context in
            let (actor, programID) = try await actorAndProgram(actingAs, program, context.db)
            let journey = ParticipantJourney(context)
            let run = contacts ? journey.importContacts : journey.importPersons
            let bar = ProgressBar(dryRun ? "checking" : "importing")
            let audit = AuditContext.cli(contacts ? "contacts import" : "participants import").acting(as: actor)
            return try await explainingUnreadable(text, file) {
                try await run(text, programID, mode, dryRun, actor, audit) { bar.update($0, $1) }
            }
        }
        try finish(report, mode: mode, noun: contacts ? "contacts" : "people")
    }

    /// The zone `--time-zone` names; nil when it is not given.
    static func zone(_ name: String?) throws -> TimeZone? {
        guard let name else { return nil }
        guard let zone = TimeZone(identifier: name) else { throw CLIError("unknown time zone \(name); use a name like America/Los_Angeles") }
        return zone
    }

    static func read(_ path: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError("\(path) is not UTF-8 text; save it from the spreadsheet as \"CSV UTF-8\"")
        }
        return text
    }

    /// The signed-in view of a person: the same roles and programs the web would give them.
    static func actor(_ email: String, _ db: Database) async throws -> Actor {
        let user = try await UserCommand.findUser(email, db, enabled: true)
        return try await db.read { conn in try await UserRecords.actor(for: user, on: conn) }
    }

    static func actorAndProgram(_ email: String, _ program: String, _ db: Database) async throws -> (Actor, UUID) {
        let actor = try await actor(email, db)
        let programs = try await db.read { conn in try await ProgramRecords.list(organizationIDs: [actor.organizationID], on: conn) }
        guard let match = programs.first(where: { $0.id.text == program.lowercased() || $0.name == program }) else {
            throw CLIError("no program \(program) in \(email)'s organization")
        }
        return (actor, match.id)
    }

    /// The service says only that a file is unreadable; here the file is at hand, so say where.
    static func explainingUnreadable(_ text: String, _ path: String, _ body: () async throws -> ImportReport) async throws -> ImportReport {
        do {
            return try await body()
        } catch StoreError.invalid(let errors) where errors.errors.contains(where: { $0.field == "file" && $0.messageKey == "error.csv_unreadable" }) {
            do { _ = try CSVReader.parse(text) } catch { throw CLIError("\(path): line \(error.line): \(error.code.replacingOccurrences(of: "_", with: " "))") }
            throw StoreError.invalid(errors)
        }
    }

    static func finish(_ report: ImportReport, mode: ImportMode, noun: String) throws {
        for row in report.rejected {
            for error in row.errors { print("line \(row.line): \(error.field ?? "row"): \(error.code)") }
        }
        let rejected = report.rejected.count
        if mode == .allOrNothing && rejected > 0 {
            print("nothing \(report.dryRun ? "would be " : "")imported: \(rejected) of \(report.total) rows rejected; fix them, "
                  + "or use --mode row_by_row to import the others")
            throw ExitCode.failure
        }
        let counts = "\(report.created) created, \(report.updated) updated, \(report.unchanged) unchanged, \(rejected) rejected"
        print(report.dryRun ? "dry run, nothing written: \(report.total) rows would give \(counts)"
                            : "imported \(noun) from \(report.total) rows: \(counts)")
        if rejected > 0 { throw ExitCode(2) }
    }
}
