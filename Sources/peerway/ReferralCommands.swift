import ArgumentParser
import Foundation
import PeerwayCore
import PeerwayStore

struct ReferralsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "referrals",
        abstract: "Work with referrals.",
        subcommands: [Export.self])

    struct Export: ReportingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a program's referrals made in a period as CSV (program managers).",
            discussion: """
                One row per referral made in the period, with where it stands and how long linkage took: \(ReferralExport.header.joined(separator: ", ")).

                The file names no one and carries no note text: the person is the record id. A referral's status maps one to one onto FHIR R4 Task.status (the fhir_task_status column). The export is recorded in the audit trail.

                A period is at most 400 days; --from and --to are both included.

                Example:
                  peerway referrals export --program "Next Steps" --from 2025-07-01 --to 2026-06-30 --as manager@example.org --output referrals.csv
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var scope: ProgramPeriodOptions
        @OptionGroup var export: ExportOptions

        func execute() async throws {
            try await export.run("referrals", command: "referrals export", store, scope, Referrals.init)
        }
    }
}
