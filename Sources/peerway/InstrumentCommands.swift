import ArgumentParser
import Foundation
import PeerwayCore
import PeerwayStore

struct InstrumentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instruments",
        abstract: "Work with outcome instruments and their scores.",
        subcommands: [List.self, Export.self])

    struct List: ReportingCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the outcome instruments Peerway ships.",
            discussion: """
                One tab-separated line per instrument: id, version, name (in English), respondents, wording.

                Respondents are self_report (the participant answers), staff_rated (a staff member rates the participant), or both, separated by a comma. Wording is shipped (the items' full wording ships with Peerway, in English and Spanish) or topics_only (Peerway ships each item's topic; the program enters the wording it is licensed to show).

                Example:
                  peerway instruments list
                """)

        func execute() async throws {
            for instrument in InstrumentCatalog.all {
                let respondents = Respondent.allCases.filter(instrument.respondents.contains).map(\.rawValue).joined(separator: ",")
                print([instrument.id, instrument.version, instrument.name.en, respondents, instrument.wording.rawValue].joined(separator: "\t"))
            }
        }
    }

    struct Export: ReportingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a program's outcome scores for a period as CSV (program managers).",
            discussion: """
                One row per administration given in the period and scale it was scored on, with the scores as Peerway computed them: \(InstrumentExport.header.joined(separator: ", ")).

                Only current administrations are written: an intake or discharge that was replaced is left out. A scale that could not be computed has empty scores and names its unanswered items in missing_items (separated by ;). The file names no one and holds no answers: the person is the record id. The export is recorded in the audit trail.

                A period is at most 400 days; --from and --to are both included.

                Example:
                  peerway instruments export --program "Next Steps" --from 2025-07-01 --to 2026-06-30 --as manager@example.org --output outcomes.csv
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var scope: ProgramPeriodOptions
        @OptionGroup var export: ExportOptions

        func execute() async throws {
            try await export.run("administrations", command: "instruments export", store, scope, Instruments.init)
        }
    }
}
