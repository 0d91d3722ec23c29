import ArgumentParser
import Foundation
import PeerwayCore
import PeerwayStore

struct WorkforceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workforce",
        abstract: "Work with the peer workforce: import a roster, print the workforce report.",
        subcommands: [Import.self, Report.self])

    struct Import: ReportingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import an existing roster and its certification dates from a CSV file (organization administrators).",
            discussion: """
                Columns: \(RosterImport.header.joined(separator: ", ")).

                Only email is required: it names a staff member of your organization (add people first with `peerway users create`). A column left out or empty keeps what is stored. discipline is one of \(Discipline.allCases.map(\.rawValue).joined(separator: ", ")); credential_kind one of \(CredentialKind.allCases.map(\.rawValue).joined(separator: ", ")); languages separate codes with ";". Dates are YYYY-MM-DD.

                The certification dates are checked in order as if each were recorded on its day (an exam passed before the training was completed is refused); a step already on record on the same day is not recorded twice, so importing the same file again changes nothing.

                All or nothing: each rejected row prints as `line N: column: code` (N counts the header as line 1) and nothing is written; the exit status is then 1.

                Example:
                  peerway workforce import roster.csv --as orgadmin@example.org --dry-run
                """)

        @OptionGroup var store: StoreOptions
        @Argument(help: ArgumentHelp("The CSV file (UTF-8); - reads standard input.", valueName: "file")) var file: String
        @Option(name: .customLong("as"), help: ArgumentHelp("E-mail address of the person doing the import.", valueName: "email"))
        var actingAs: String
        @Flag(help: "Check the file and report what would happen, writing nothing.") var dryRun = false

        func execute() async throws {
            let text = try JourneyCLI.read(file)
            let report = try await store.withContext { context in
                let actor = try await JourneyCLI.actor(actingAs, context.db)
                let bar = ProgressBar("checking")
                return try await Workforce(context).importRoster(text, dryRun: dryRun, by: actor,
                                                                 context: AuditContext.cli("workforce import").acting(as: actor),
                                                                 progress: { bar.update($0, $1) })
            }
            for row in report.rejected {
                for error in row.errors { print("line \(row.line): \(error.field ?? "row"): \(error.code)") }
            }
            guard report.rejected.isEmpty else {
                throw CLIError("\(report.rejected.count) of \(report.total) rows rejected; nothing was imported")
            }
            let verb = report.dryRun ? "would write" : "wrote"
            print("\(report.total) rows: \(verb) \(report.profiles) profiles and \(report.stepsRecorded) certification steps "
                  + "(\(report.stepsAlreadyRecorded) already on record)")
        }
    }

    struct Report: ReportingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the organization's workforce report (organization administrators and program managers).",
            discussion: """
                One tab-separated line per figure: its name, its numerator, its denominator (empty when it has none), and what it counts. Peers are the active peer and family-peer specialists of the organization; the report is as of today.

                Example:
                  peerway workforce report --as manager@example.org
                """)

        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("as"), help: ArgumentHelp("E-mail address of the person reading the report.", valueName: "email"))
        var actingAs: String

        func execute() async throws {
            let result = try await store.withContext { context in
                let actor = try await JourneyCLI.actor(actingAs, context.db)
                return try await Workforce(context).report(by: actor, context: AuditContext.cli("workforce report").acting(as: actor))
            }
            let r = result.report
            func line(_ name: String, _ n: Int, _ d: Int?, _ what: String) { print([name, String(n), d.map(String.init) ?? "", what].joined(separator: "\t")) }
            line("peers", r.peers, nil, "active peer and family-peer specialists on \(r.asOf)")
            for (state, count) in r.certification { line("certification_\(state.rawValue)", count, r.peers, "peers in this certification state") }
            line("deadlines_next_90_days", r.deadlines.count, nil, "certification deadlines of peers due within 90 days or overdue")
            line("ce_met", r.ceMet, r.inCycle, "peers in a certification cycle whose continuing education for it is complete")
            line("supervision_met", r.supervisionMet, r.peers, "peers who received the expected supervision in the month of \(r.supervisionMonth)")
            line("supervision_minutes", r.supervisionMinutes, nil, "minutes of supervision peers received in the month of \(r.supervisionMonth)")
            line("without_qualified_supervisor", r.withoutQualifiedSupervisor.count, r.peers, "peers whose supervisor has no valid qualifying credential")
            line("caseload", r.caseload, r.capacity, "participants assigned to peers, of the peers' stated capacity")
            line("over_capacity", r.overCapacity.count, r.peers, "peers carrying more participants than their capacity")
            for row in r.languages {
                line("language_\(row.code)", row.staff, nil, "staff who speak it; \(row.participants) participants with an open episode prefer it\(row.isGap ? " (gap)" : "")")
            }
            line("advanced_to_leadership", r.advancement.advanced.count, r.advancement.peers.count,
                 "peers who took up a leadership role from \(result.periodStart) to \(r.asOf), of peers in a peer role then")
            if let w = r.wellness {
                line("wellness_satisfied", w.satisfied, w.respondents, "peers satisfied with their job at their latest check-in")
                line("wellness_burned_out", w.burnedOut, w.respondents, "peers burned out often or always at their latest check-in")
                line("wellness_supported", w.supported, w.respondents, "peers who feel supported at their latest check-in")
            } else {
                print("wellness\t\t\twithheld: fewer than \(WellnessRules.minimumGroupSize) peers checked in")
            }
        }
    }
}
