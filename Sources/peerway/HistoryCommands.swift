import ArgumentParser
import Foundation
import PeerwayCore
import PeerwayStore

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Bring a program's past records into Peerway from CSV files.",
        subcommands: [Import.self])

    struct Import: ReportingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a program's history: people, contacts, episodes, services, referrals with their steps, and instrument administrations.",
            discussion: """
                Give a folder holding the files, or the files themselves. Each file is named after what it holds: \(HistoryFile.allCases.map(\.fileName).joined(separator: ", ")); any of them may be left out. They are read in that order, so a file may name records of the files before it. docs/history-import.md lists each file's columns.

                Every record keeps the id its file gives it: importing the same files again writes nothing, and a row whose id is already a record of the program is left as stored. Records are back-dated as they happened; none may be in the future. Services come in signed, by the staff member named in staff_id or staff_email; administrations bring their answers (responses, as item=value;item=value) and Peerway scores them.

                The files go in whole or not at all. Each problem prints as `file:line: column: code`, the line counting the header as 1 (line 0 is the file as a whole). Exit status: 0 when everything was (or, with --dry-run, would be) imported; 1 when nothing was.

                Examples:
                  peerway history import history/ --program "Next Steps" \\
                      --as manager@example.org --dry-run
                  peerway history import people.csv episodes.csv services.csv \\
                      --program "Next Steps" --as manager@example.org
                """)

        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp("A folder of history files, or the files (UTF-8 CSV).", valueName: "path")) var paths: [String]
        @Option(help: ArgumentHelp("Program (id or exact name) the history belongs to.", valueName: "program")) var program: String
        @Option(name: .customLong("as"), help: ArgumentHelp("E-mail address of the program manager doing the import.", valueName: "email"))
        var actingAs: String
        @Option(help: ArgumentHelp("Zone of times written without an offset (default: PEERWAY_TIME_ZONE, else this computer's).", valueName: "zone"))
        var timeZone: String?
        @Flag(help: "Check the files and report what would happen, writing nothing.") var dryRun = false

        func execute() async throws {
            let zone = try JourneyCLI.zone(timeZone)
            let files = try Self.files(paths)
            let report = try await store.withContext(timeZone: zone) { context in
                let (actor, programID) = try await JourneyCLI.actorAndProgram(actingAs, program, context.db)
                let bar = ProgressBar(dryRun ? "checking" : "importing")
                return try await HistoryImport(context).run(files, programID: programID, dryRun: dryRun, by: actor,
                                                            context: AuditContext.cli("history import").acting(as: actor)) { bar.update($0, $1) }
            }
            for problem in report.problems { print("\(problem.file):\(problem.line): \(problem.column): \(problem.code)") }
            for count in report.counts {
                print("\(count.file.fileName): \(count.rows) rows, \(count.created) new, \(count.updated) updated, \(count.unchanged) unchanged, \(count.rejected) rejected")
            }
            if !report.problems.isEmpty {
                print("nothing \(dryRun ? "would be " : "")imported: \(report.problems.count) problems; fix them and import the files again")
                throw ExitCode.failure
            }
            print(dryRun ? "dry run, nothing written" : "imported")
        }

        /// The CSV files of a folder (its history files by name, others ignored), or the files given.
        static func files(_ paths: [String]) throws -> [HistoryImport.File] {
            var files: [HistoryImport.File] = []
            for path in paths {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw CLIError("cannot read \(path)") }
                if isFolder.boolValue {
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                    let found = names.filter { HistoryFile(fileName: $0) != nil }.sorted()
                    if found.isEmpty {
                        throw CLIError("\(path) holds none of \(HistoryFile.allCases.map(\.fileName).joined(separator: ", "))")
                    }
                    for name in found { files.append(HistoryImport.File(name: name, text: try JourneyCLI.read("\(path)/\(name)"))) }
                } else {
                    files.append(HistoryImport.File(name: (path as NSString).lastPathComponent, text: try JourneyCLI.read(path)))
                }
            }
            return files
        }
    }
}
