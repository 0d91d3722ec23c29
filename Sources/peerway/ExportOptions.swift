import ArgumentParser
import Foundation
import PeerwayCore
import PeerwayStore

/// Who exports and where the file goes: the options every CSV export of records shares, so each
/// export asks for them in the same words and writes its file the same way.
struct ExportOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("E-mail address of the person exporting.", valueName: "email"))
    var actingAs: String
    @Option(help: ArgumentHelp("File to write; it must not exist yet. Without it, standard output.", valueName: "path"))
    var output: String?

    /// Runs `export` on the output (see `ExportFile`); `noun` names what the count counts.
    func run(_ noun: String, _ export: (ExportFile) async throws -> Int) async throws {
        try await ExportFile.open(output).run(noun, export)
    }

    /// Runs a program's extract for `scope`'s period (services, referrals, outcome scores) as `--as`, in the
    /// program `scope` names, with a progress bar; the audit trail names it `command`.
    func run<Workflow: ProgramExtracts>(_ noun: String, command: String, _ store: StoreOptions, _ scope: ProgramPeriodOptions,
                                        _ workflow: (StoreContext) -> Workflow) async throws {
        let period = try scope.period()
        try await run(noun) { file in
            try await store.withContext { context in
                let (actor, programID) = try await JourneyCLI.actorAndProgram(actingAs, scope.program, context.db)
                let bar = ProgressBar("exporting")
                return try await workflow(context).export(programID: programID, from: period.0, to: period.1, by: actor,
                                                          context: AuditContext.cli(command).acting(as: actor),
                                                          progress: { bar.update($0, $1) }) { try file.write($0) }
            }
        }
    }
}

/// A workflow that streams a program's records of a period as CSV.
protocol ProgramExtracts {
    func export(programID: UUID, from: CalendarDate, to: CalendarDate, by actor: Actor, context: AuditContext,
                progress: (@Sendable (Int, Int) -> Void)?, write: (String) async throws -> Void) async throws -> Int
}

extension ServiceDocumentation: ProgramExtracts {}
extension Referrals: ProgramExtracts {}
extension Instruments: ProgramExtracts {}

/// A program and a period, as the period extracts (services, referrals) take them.
struct ProgramPeriodOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Program (id or exact name).", valueName: "program")) var program: String
    @Option(help: ArgumentHelp("First day of the period (YYYY-MM-DD).", valueName: "date")) var from: String
    @Option(help: ArgumentHelp("Last day of the period (YYYY-MM-DD).", valueName: "date")) var to: String

    /// The period as Core checks it (at most 400 days, both days included); refused as one plain line.
    func period() throws -> (CalendarDate, CalendarDate) {
        do { return try ServiceMix.validatePeriod(from: from, to: to) } catch {
            throw CLIError(sentences(error, flags: periodFlags))
        }
    }
}

/// The period of a report or an extract: --from and --to, or --fiscal-year, or by default the last
/// complete California fiscal year.
struct ReportPeriodOptions: ParsableArguments {
    @Option(help: ArgumentHelp("First day of the period (YYYY-MM-DD).", valueName: "date")) var from: String?
    @Option(help: ArgumentHelp("Last day of the period (YYYY-MM-DD).", valueName: "date")) var to: String?
    @Option(help: ArgumentHelp("The fiscal year starting 1 July of this year.", valueName: "year")) var fiscalYear: Int?

    /// The period asked for, refused as one plain line.
    func period(today: CalendarDate) throws -> ReportPeriod {
        if let fiscalYear {
            guard from == nil, to == nil else { throw CLIError("--fiscal-year: give either a fiscal year or --from and --to") }
            guard (1900...2200).contains(fiscalYear) else { throw CLIError("--fiscal-year: out of range") }
            return .fiscalYear(starting: fiscalYear)
        }
        if from == nil && to == nil { return .fiscalYear(before: today) }
        do { return try ReportPeriod.validate(from: from ?? "", to: to ?? "") } catch {
            throw CLIError(sentences(error, flags: periodFlags))
        }
    }
}

/// The period's fields under the names of its flags.
private let periodFlags = ["from": "--from", "to": "--to"]
