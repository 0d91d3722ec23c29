import Foundation
import PeerwayCore
import Synchronization

/// Directory imports that run as jobs: a county's file (50,000 services, 88 MB) takes longer than a
/// page or an API client should wait on one request. `start` records the job and answers at once;
/// the import runs in this process (`DirectoryCatalog.importFiles`, all or nothing as always) and its
/// row says how it ended, with its report. While it runs, this process knows how many rows are written
/// (on SQLite the import's one write transaction holds the database, so progress is not written).
/// One import runs at a time in a process (`live` holds its place from the start), and one per
/// organization (its running row): an import holds the whole file and its rows in memory (0.8 GB for
/// the county's file).
public final class DirectoryImportJobs: Sendable {
    public enum State: String, Sendable {
        /// Still reading, checking or writing.
        case running
        /// Imported, or with a check only, checked: the report says what it did or would do.
        case done
        /// The files had errors: nothing was written, the report lists every problem.
        case refused
        /// The import stopped on a fault of the server or the database: nothing was written.
        case failed
        /// The process running it stopped before it ended: nothing was written.
        case interrupted
    }

    /// Rows written of those to write; `total` is 0 while the files are read and checked.
    public struct Progress: Sendable, Equatable {
        public var written: Int
        public var total: Int
    }

    public struct Job: Sendable {
        public let id: UUID
        public let organizationID: UUID
        public let dryRun: Bool
        public let state: State
        public let files: [String]
        public let bytes: Int
        public let report: DirectoryCatalog.ImportReport?
        public let startedAt: Date
        public let finishedAt: Date?
        /// How far a running job is, when this process runs it.
        public let progress: Progress?
    }

    /// The most a page or an API client may send to one import, all files together.
    public static let maxBytes = 256 << 20
    /// How long an ended job's row (and its report) is kept: the audit trail keeps every import.
    static let keptFor: TimeInterval = 90 * 86_400
    /// A job still "running" after this long ran in a process that stopped: it is reported interrupted.
    static let abandonedAfter: TimeInterval = 3600

    let catalog: DirectoryCatalog
    /// Told of a job that failed on a fault (the server logs it: its row says only that it failed).
    let failed: @Sendable (UUID, any Error) -> Void
    private let live = Mutex<[UUID: Progress]>([:])
    private let tasks = Mutex<[UUID: Task<Void, Never>]>([:])

    /// Another import runs, in this process or for the organization: refused on the file field.
    static var running: StoreError { DirectoryCatalog.invalid("file", "import_running", "directory.import_running") }

    public init(_ catalog: DirectoryCatalog, failed: @escaping @Sendable (UUID, any Error) -> Void = { _, _ in }) {
        self.catalog = catalog
        self.failed = failed
    }

    /// Starts importing `files` into the actor's organization's directory and returns the job's id at
    /// once. Refused on the `file` field while another import runs here or for the organization.
    public func start(_ files: [(name: String, bytes: [UInt8])], dryRun: Bool, by actor: Actor, context: AuditContext) async throws -> UUID {
        let organizationID = actor.organizationID
        let id = catalog.store.ids.next()
        let now = catalog.store.now()
        try await catalog.guarded(context, .directoryImport) {
            try await catalog.authorize(actor, .update, organizationID)
            // This process's one place, taken at once so two requests cannot both take it.
            let reserved = live.withLock { live -> Bool in
                guard live.isEmpty else { return false }
                live[id] = Progress(written: 0, total: 0)
                return true
            }
            guard reserved else { throw Self.running }
            do {
                try await catalog.db.write { conn in
                    if try await DirectoryImportRecords.running(organizationID, since: now.addingTimeInterval(-Self.abandonedAfter), on: conn) {
                        throw Self.running
                    }
                    try await DirectoryImportRecords.forget(organizationID, endedBefore: now.addingTimeInterval(-Self.keptFor), on: conn)
                    try await DirectoryImportRecords.insert(id: id, organizationID: organizationID, startedBy: actor.userID, dryRun: dryRun,
                                                            files: files.map(\.name), bytes: files.reduce(0) { $0 + $1.bytes.count }, at: now, on: conn)
                }
            } catch {
                live.withLock { $0[id] = nil }
                throw error
            }
        }
        // Created under the lock its end takes to remove it, so it cannot end before it is kept.
        tasks.withLock { tasks in
            tasks[id] = Task.detached { [self] in await run(id, files, organizationID: organizationID, dryRun: dryRun, actor: actor, context: context) }
        }
        return id
    }

    private func run(_ id: UUID, _ files: [(name: String, bytes: [UInt8])], organizationID: UUID, dryRun: Bool, actor: Actor,
                     context: AuditContext) async {
        var state = State.failed
        var report: String?
        do {
            let result = try await catalog.importFiles(files, organizationID: organizationID, dryRun: dryRun, by: actor, context: context) { written, total in
                self.live.withLock { $0[id] = Progress(written: written, total: total) }
            }
            state = result.refused ? .refused : .done
            report = try StoredJSON.text(result)
        } catch {
            state = .failed
            failed(id, error)
        }
        let finished = state
        let saved = report
        // The job's end is written even when the request that started it has long gone. Should that
        // fail, the row stays "running" and is reported interrupted after an hour.
        do {
            try await catalog.db.write { conn in
                try await DirectoryImportRecords.finish(id, state: finished.rawValue, report: saved, at: self.catalog.store.now(), on: conn)
            }
        } catch {
            failed(id, error)
        }
        live.withLock { $0[id] = nil }
        _ = tasks.withLock { $0.removeValue(forKey: id) }
    }

    /// The job `id`, for someone who may import into its directory; another organization's answers not found.
    public func job(_ id: UUID, by actor: Actor) async throws -> Job {
        guard let row = try await catalog.db.read({ conn in try await DirectoryImportRecords.get(id, on: conn) }),
              row.organizationID == actor.organizationID else { throw StoreError.notFound }
        try catalog.authorize(actor, .update, .directory(DirectoryScope(organizationID: row.organizationID, sharedWith: [])))
        let progress = live.withLock { $0[id] }
        var state = State(rawValue: row.state) ?? .failed
        if state == .running, progress == nil, catalog.store.now().timeIntervalSince(row.startedAt) > Self.abandonedAfter { state = .interrupted }
        return Job(id: row.id, organizationID: row.organizationID, dryRun: row.dryRun, state: state, files: row.files, bytes: row.bytes,
                   report: try row.report.map { try StoredJSON.decode(DirectoryCatalog.ImportReport.self, $0) },
                   startedAt: row.startedAt, finishedAt: row.finishedAt, progress: state == .running ? progress : nil)
    }

    /// Says every job left running by a process that stopped was interrupted: for a server starting on
    /// SQLite, which one process serves. (On PostgreSQL other processes may be running theirs: a job is
    /// said interrupted when it has run for an hour, `abandonedAfter`.)
    public func interruptLeftRunning() async throws {
        guard live.withLock({ $0.isEmpty }) else { return }
        try await catalog.db.write { conn in try await DirectoryImportRecords.interruptRunning(at: self.catalog.store.now(), on: conn) }
    }

    /// Waits for the job `id` to end, if this process runs it (the tests).
    public func wait(_ id: UUID) async {
        await tasks.withLock { $0[id] }?.value
    }
}
