import ArgumentParser
import Foundation
import PeerwayCore
import PeerwayStore

struct ServicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "services",
        abstract: "Work with documented services.",
        subcommands: [Export.self])

    struct Export: ReportingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a program's services for a period as CSV (program managers).",
            discussion: """
                One row per signed service given to one participant (a group session gives one row \
                per attendee; drafts are left out, since an unsigned note is not billed), with the columns a county billing or evaluation team reads: \
                \(ServiceExport.header.joined(separator: ", ")).

                Units follow the midpoint rule of 15-minute codes (under 8 minutes is 0 units, 8–22 is \
                1, 23–37 is 2, …). The progress note's text is not exported: billing does not need \
                it. The file names participants: it is created readable by you alone; keep it \
                encrypted and delete it when done. The export is recorded in the audit trail.

                A period is at most 400 days; --from and --to are both included.

                Examples:
                  peerway services export --program "Next Steps" --from 2025-07-01 --to 2026-06-30 \\
                      --as manager@example.org --output fy2025-26.csv
                  peerway services export --program "Next Steps" --from 2026-11-01 --to 2026-11-30 \\
                      --as manager@example.org > november.csv
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var scope: ProgramPeriodOptions
        @OptionGroup var export: ExportOptions

        func execute() async throws {
            try await export.run("services", command: "services export", store, scope, ServiceDocumentation.init)
        }
    }
}
