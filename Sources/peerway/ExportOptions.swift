import ArgumentParser
import PeerwayCore

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
}

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
