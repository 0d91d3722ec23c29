import ArgumentParser
import Foundation
import PeerwayCore
import PeerwayStore

struct EvaluatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluator",
        abstract: "De-identified data for program evaluation.",
        subcommands: [Extract.self])

    struct Extract: ReportingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the de-identified, person-level extract for a period as CSV (evaluators and program managers).",
            discussion: """
                One row per enrollment open at some time in the period, with HIPAA Safe Harbor's 18 identifiers removed: no name, date of birth, phone number, address, e-mail or record id, and no free text. The person is a study id (S- and 16 hexadecimal characters), the same in every extract of the organization and different in another organization's; it cannot be traced back without the organization's key, which Peerway keeps and never gives out. Dates are the enrollment's year, or days from the enrollment day; ages are 5-year groups, every age over 89 in 90+; ZIP codes keep three digits, 000 where the area has 20,000 people or fewer. --dictionary writes what every column holds.

                An evaluator's extract covers every program of their organization; a program manager's, the programs they work in. Counts (services, referrals) and scores run to the discharge or the end of the period. --tables writes the aggregate tables (enrollments of each program by life stage, gender identity, ethnicity, homelessness at intake and discharge), every count from 1 to 10 held back, and one more wherever a total would give one back.

                The period is --from and --to (both days included, up to ten years), or --fiscal-year YEAR for California's fiscal year that starts on 1 July of YEAR. Without either, the last complete fiscal year. Every extract is recorded in the audit trail, as is a refusal.

                Example:
                  peerway evaluator extract --as evaluator@example.org --fiscal-year 2025 \\
                    --output extract.csv --dictionary dictionary.csv
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var export: ExportOptions
        @OptionGroup var period: ReportPeriodOptions
        @Option(help: ArgumentHelp("Also write the data dictionary (column, description, allowed values) to this file; it must not exist yet.",
                                   valueName: "path"))
        var dictionary: String?
        @Option(help: ArgumentHelp("Also write the aggregate tables, small counts held back, to this file; it must not exist yet.", valueName: "path"))
        var tables: String?

        func execute() async throws {
            // The other files are made first, so one that exists stops the extract before it starts; a failed
            // extract removes them with its own.
            let extras = try [dictionary, tables].map { try $0.map(ExportFile.open) }
            do {
                try await export.run("enrollments") { file in
                    try await store.withContext { context in
                        let actor = try await JourneyCLI.actor(export.actingAs, context.db)
                        let period = try self.period.period(today: context.today)
                        let workflow = EvaluatorExtract(context)
                        let audit = AuditContext.cli("evaluator extract").acting(as: actor)
                        let bar = ProgressBar("extracting")
                        let count = try await workflow.extract(period: period, by: actor, context: audit, progress: { bar.update($0, $1) }) {
                            try file.write($0)
                        }
                        if let out = extras[0] {
                            try await out.run("columns") { out in
                                try out.write(try await workflow.dictionary(by: actor, context: audit))
                                return DeidentifiedExtract.columns.count
                            }
                        }
                        if let out = extras[1] {
                            try await out.run("table cells") { out in
                                var writer = CSVWriter(header: EvaluatorTally.csvHeader)
                                let rows = EvaluatorTally.csvRows(try await workflow.tables(period: period, by: actor, context: audit).tables)
                                for row in rows { writer.append(row) }
                                try out.write(writer.text)
                                return rows.count
                            }
                        }
                        return count
                    }
                }
            } catch {
                for case let out? in extras {
                    try? out.handle.close()
                    if let path = out.path { try? FileManager.default.removeItem(atPath: path) }
                }
                throw error
            }
        }
    }
}
