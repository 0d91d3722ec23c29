import Foundation
import PeerwayCore

/// A program's history brought into Peerway: last year's people, contacts, enrollments, services,
/// referrals with their steps, and instrument administrations, from the CSV files of `HistoryFile`.
/// Each record keeps the id its file gives it, so importing the same files again writes nothing.
/// The files go in whole or not at all: one problem anywhere and nothing is written, and every
/// problem is reported with its file, line and column. A dry run checks everything the same way and
/// writes nothing.
public struct HistoryImport: StoreWorkflow {
    public let store: StoreContext

    public init(_ store: StoreContext) {
        self.store = store
    }

    /// One file of the import as received.
    public struct File: Sendable {
        public let name: String
        public let text: String
        public init(name: String, text: String) {
            self.name = name
            self.text = text
        }
    }

    /// What the import did with one kind of record (or would do, on a dry run).
    public struct Count: Sendable, Equatable, Codable {
        public let file: HistoryFile
        public var rows = 0
        /// Records written (on a dry run or a refused import: that would have been written).
        public var created = 0
        public var updated = 0
        /// Rows whose id is already this program's record: left as stored.
        public var unchanged = 0
        public var rejected = 0
    }

    /// A problem of one cell, row or file. `line` counts the header as 1 (a spreadsheet's row number);
    /// 0 is the file as a whole. `column` is the column's name, "row" for the row, "file" for the file.
    public struct Problem: Sendable, Equatable {
        public let file: String
        public let line: Int
        public let column: String
        public let code: String
        public let messageKey: String
    }

    public struct Report: Sendable {
        public var counts: [Count]
        public var problems: [Problem]
        public var dryRun: Bool
        /// True only when the records were written.
        public var written: Bool
    }

    /// Thrown inside the transaction to roll it back: a dry run, or an import with a problem.
    private struct RollBack: Error {}

    /// Imports `files` into `programID`. Only a manager of the program may (the same people who may
    /// export its records). `progress` hears rows checked and rows in all.
    public func run(_ files: [File], programID: UUID, dryRun: Bool, by actor: Actor, context: AuditContext,
                    progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> Report {
        try await guarded(context, .historyImport) {
            guard AccessPolicy.decide(actor, .export, .participants(organizationID: actor.organizationID, programID: programID)) == .allow,
                  let program = try await db.read({ conn in try await ProgramRecords.get(programID, on: conn) }),
                  program.organizationID == actor.organizationID else {
                throw Self.invalid("program_id", "unknown_program")
            }
            let session = HistorySession(store: store, actor: actor, programID: programID, context: context, progress: progress)
            try session.read(files)
            // Checked and written even when a file was refused already, so every problem is found in one go.
            do {
                try await db.write { conn in
                    try await session.apply(on: conn)
                    if dryRun || !session.problems.isEmpty { throw RollBack() }
                }
            } catch is RollBack {}
            let written = !dryRun && session.problems.isEmpty
            let counts = session.counts
            // Counts only: the files are health information and stay out of the trail.
            let detail = "dry_run=\(dryRun) written=\(written) " + counts.map { "\($0.file.rawValue)=\($0.rows)/\($0.created)/\($0.updated)/\($0.unchanged)/\($0.rejected)" }
                .joined(separator: " ")
            try await audit.record(db, context, .importRun, resourceType: .historyImport, outcome: session.problems.isEmpty ? .success : .failure,
                                   detail: detail)
            return Report(counts: counts, problems: session.problems, dryRun: dryRun, written: written)
        }
    }
}
