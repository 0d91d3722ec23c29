import ArgumentParser
import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayWeb

struct DirectoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directory",
        abstract: "Import and export the community resource directory (Open Referral HSDS 3.0).",
        discussion: """
            The directory belongs to one organization. With --as, a command acts as that person: their organization's directory, their roles (import and export need an organization administrator, program manager or supervisor), recorded in the audit trail. Without --as it is the operator's, and --organization says whose directory.
            """,
        subcommands: [Import.self, Export.self])

    struct Import: ReportingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or update directory entries from an HSDS 3.0 CSV data package or JSON file.",
            discussion: """
                FILE is a JSON file (one service or organization, a list or page of them, tabular JSON, or Peerway's export) or a CSV file of one table; a folder is read as a CSV data package (its .csv files and datapackage.json) plus any other .json files in it, and a .zip file (such as the directory page's download of a CSV data package) as the files it holds.

                Each row creates or replaces the entry its table and id name; the counts say how many were created, updated or left unchanged. The file is checked against the HSDS 3.0 schemas first, and every problem prints on its own line with its file, row and field. Any error (a missing required field, a wrong type or value, an id naming no row, an id used twice, an older HSDS version) and nothing is written. Warnings (an optional link to a row published elsewhere) are printed and the import goes on.

                Exit status: 0 imported (or, with --dry-run, would be); 1 refused or failed.

                Examples:
                  peerway directory import hsds/ --as manager@example.org --dry-run
                  peerway directory import services.json --organization "San Diego County"
                """)

        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp("A JSON or CSV file, or a folder or .zip file holding a CSV data package.", valueName: "file|dir")) var path: String
        @OptionGroup var who: DirectoryCLI.Who
        @Flag(help: "Check the files and report what would happen, writing nothing.") var dryRun = false

        func execute() async throws {
            let files = try DirectoryCLI.files(path)
            let report = try await store.withContext { context in
                let (actor, organizationID, audit) = try await who.resolve(context.db, command: "directory import")
                let bar = ProgressBar(dryRun ? "checking" : "importing")
                return try await DirectoryCatalog(context).importFiles(files, organizationID: organizationID, dryRun: dryRun, by: actor,
                                                                       context: audit) { bar.update($0, $1) }
            }
            for problem in report.problems { print(problem.line) }
            if report.refused {
                let errors = report.problems.filter { $0.severity == .error }.count
                print("nothing \(dryRun ? "would be " : "")imported: \(errors) \(errors == 1 ? "problem" : "problems") to fix")
                throw ExitCode.failure
            }
            let counts = "\(report.created) created, \(report.updated) updated, \(report.unchanged) unchanged"
            print(report.dryRun ? "dry run, nothing written: \(report.rows) rows would give \(counts)" : "imported \(report.rows) rows: \(counts)")
        }
    }

    struct Export: ReportingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the directory as an HSDS 3.0 CSV data package or JSON.",
            discussion: """
                csv writes a folder (created; it must not exist yet) holding datapackage.json and one CSV file per table; json writes one file: {"version": "3.0", "organizations": [...], ...} with each organization nested as HSDS's compiled organization schema describes, and every row not under an organization listed by its table. Both import back as the same rows. The export is recorded in the audit trail with the number of rows.

                Examples:
                  peerway directory export --format csv --output hsds --as manager@example.org
                  peerway directory export --format json --output directory.json --organization "San Diego County"
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var who: DirectoryCLI.Who
        @Option(help: ArgumentHelp("csv (a data package folder) or json (one file).", valueName: "format")) var format: String
        @Option(help: ArgumentHelp("Folder (csv) or file (json) to write; it must not exist yet.", valueName: "path")) var output: String

        func execute() async throws {
            guard let format = DirectoryCatalog.ExportFormat(rawValue: format) else { throw CLIError("--format must be csv or json") }
            let target = URL(fileURLWithPath: output).standardizedFileURL
            guard !FileManager.default.fileExists(atPath: target.path) else { throw CLIError("\(target.path) already exists") }
            let files = try await store.withContext { context in
                let (actor, organizationID, audit) = try await who.resolve(context.db, command: "directory export")
                return try await DirectoryCatalog(context).export(format, organizationID: organizationID, by: actor, context: audit)
            }
            do {
                switch format {
                case .json:
                    try Data(files[0].text.utf8).write(to: target, options: .withoutOverwriting)
                case .csv:
                    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
                    for file in files { try Data(file.text.utf8).write(to: target.appendingPathComponent(file.name), options: .withoutOverwriting) }
                }
            } catch {
                throw CLIError("cannot write \(target.path): \(describe(error))")
            }
            FileHandle.standardError.write(Data("exported the directory to \(target.path) (\(files.count) \(files.count == 1 ? "file" : "files"))\n".utf8))
        }
    }
}

enum DirectoryCLI {
    /// Who runs a directory command, and whose directory it works on.
    struct Who: ParsableArguments {
        @Option(name: .customLong("as"), help: ArgumentHelp("E-mail address of the person acting (their organization's directory).", valueName: "email"))
        var actingAs: String?
        @Option(help: ArgumentHelp("Organization (id or exact name) whose directory; needed without --as.", valueName: "organization"))
        var organization: String?

        /// The person acting (if any), the organization whose directory, and the audit context of `command` naming them.
        func resolve(_ db: Database, command: String) async throws -> (Actor?, UUID, AuditContext) {
            let actor = try await actingAs.asyncMap { try await JourneyCLI.actor($0, db) }
            let audit = actor.map { AuditContext.cli(command).acting(as: $0) } ?? .cli(command)
            guard let organization else {
                guard let actor else { throw CLIError("say whose directory: --as EMAIL or --organization NAME") }
                return (actor, actor.organizationID, audit)
            }
            let all = try await db.read { conn in try await OrganizationRecords.all(on: conn) }
            guard let match = all.first(where: { $0.id.text == organization.lowercased() || $0.name == organization }) else {
                throw CLIError("no organization \(organization)")
            }
            return (actor, match.id, audit)
        }
    }

    /// The files to read: the file named, or a folder's .csv and .json files (not its subfolders).
    static func files(_ path: String) throws -> [(name: String, bytes: [UInt8])] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw CLIError("cannot read \(path)") }
        let url = URL(fileURLWithPath: path)
        let urls: [URL]
        if isFolder.boolValue {
            let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            urls = names.filter { $0.lowercased().hasSuffix(".csv") || $0.lowercased().hasSuffix(".json") }.map { url.appendingPathComponent($0) }
            guard !urls.isEmpty else { throw CLIError("\(path) holds no .csv or .json file") }
        } else {
            urls = [url]
        }
        let files = try urls.map { file in
            guard let data = FileManager.default.contents(atPath: file.path) else { throw CLIError("cannot read \(file.path)") }
            return (name: file.lastPathComponent, bytes: Array(data))
        }
        // A .zip (the page's download of a CSV data package) is read as the files it holds.
        do {
            let expanded = try HSDSArchive.expanded(files, limit: DirectoryImportJobs.maxBytes)
            guard !expanded.isEmpty else { throw CLIError("\(path) holds no file") }
            return expanded
        } catch HSDSArchive.Refusal.unreadable {
            throw CLIError("\(path) is a .zip file that cannot be opened")
        } catch HSDSArchive.Refusal.tooManyFiles {
            throw CLIError("\(path) holds more files than an HSDS data package has")
        } catch HSDSArchive.Refusal.tooLarge(let limit) {
            throw CLIError("\(path) holds more than \(limit / (1 << 20)) MB once unzipped")
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
