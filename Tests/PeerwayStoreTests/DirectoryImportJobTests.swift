import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

/// Directory imports run as jobs (migration 21), on every engine: a job ends with the import's report,
/// a refused job wrote nothing, who may start and read one, one import at a time per organization,
/// and a job whose process stopped is said to be interrupted.
@Suite("Directory import jobs (store)", .serialized)
struct DirectoryImportJobTests {
    struct Setup {
        let f: JourneyFixture
        let jobs: DirectoryImportJobs
        var org: UUID { f.a.provider.id }

        static func run(_ engine: TestEngine, _ body: (Setup) async throws -> Void) async throws {
            try await TestDatabase.with(engine) { t in
                let f = try await JourneyFixture.make(t.db)
                let store = StoreContext(db: t.db, auditKey: TestDatabase.auditKey, clock: f.clock, timeZone: TimeZone(identifier: "UTC")!)
                try await body(Setup(f: f, jobs: DirectoryImportJobs(DirectoryCatalog(store))))
            }
        }

        func start(_ files: [(name: String, bytes: [UInt8])], dryRun: Bool = false, as role: Role = .supervisor) async throws -> UUID {
            let actor = try await f.actor(f.a.user(role))
            return try await jobs.start(files, dryRun: dryRun, by: actor, context: f.context(actor))
        }

        func job(_ id: UUID, as user: User) async throws -> DirectoryImportJobs.Job {
            try await jobs.job(id, by: try await f.actor(user))
        }

        /// A job row as another process would have left it: still running, started `ago` seconds before now.
        func runningElsewhere(startedAgo ago: TimeInterval) async throws -> UUID {
            let id = UUID()
            try await f.db.write { conn in
                try await conn.sql.raw("""
                    INSERT INTO directory_imports (id, organization_id, started_by, dry_run, state, files, bytes, started_at)
                    VALUES (\(bind: id), \(bind: org), \(bind: f.a.user(.supervisor).id), \(bind: false), 'running', '["big.json"]', 1000,
                            \(bind: f.clock.now().addingTimeInterval(-ago)))
                    """).run()
            }
            return id
        }
    }

    @Test("a job imports the files and keeps the report; a check only writes nothing; a refused file writes nothing", arguments: TestEngine.available)
    func runs(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            let checked = try await s.start(try DirectoryFixtures.csvPackage(), dryRun: true)
            await s.jobs.wait(checked)
            let check = try await s.job(checked, as: s.f.a.user(.supervisor))
            #expect(check.state == .done && check.dryRun && check.report?.created == 21 && check.progress == nil && check.finishedAt != nil)
            #expect(try await s.f.count("directory_rows") == 0)

            let id = try await s.start(try DirectoryFixtures.csvPackage())
            await s.jobs.wait(id)
            let job = try await s.job(id, as: s.f.a.user(.supervisor))
            #expect(job.state == .done && !job.dryRun && job.report?.created == 21 && job.report?.problems.isEmpty == false)
            #expect(job.files.contains("services.csv") && job.bytes > 0)
            #expect(try await s.f.count("directory_rows") == 21)

            let broken = try await s.start([("services.csv", Array("id,name,status\nx,Food,open\n".utf8))])
            await s.jobs.wait(broken)
            let refused = try await s.job(broken, as: s.f.a.user(.supervisor))
            #expect(refused.state == .refused && refused.report?.refused == true)
            #expect(Set(refused.report?.problems.map(\.code) ?? []) == [.wrongFormat, .notAllowed, .missingRequired])
            #expect(try await s.f.count("directory_rows") == 21)
        }
    }

    @Test("a peer cannot start one; another organization's job is not found; a peer of the organization may not read one", arguments: TestEngine.available)
    func who(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            await #expect(throws: AccessRefused.self) { _ = try await s.start(try DirectoryFixtures.csvPackage(), as: .peerSpecialist) }
            #expect(try await s.f.count("directory_imports") == 0)
            let id = try await s.start(try DirectoryFixtures.csvPackage())
            await s.jobs.wait(id)
            await #expect(throws: StoreError.notFound) { _ = try await s.job(id, as: s.f.base.b.user(.supervisor)) }
            await #expect(throws: StoreError.notFound) { _ = try await s.job(UUID(), as: s.f.a.user(.supervisor)) }
            await #expect(throws: AccessRefused.self) { _ = try await s.job(id, as: s.f.a.user(.peerSpecialist)) }
        }
    }

    @Test("one import at a time for an organization; a job left running by a stopped process is interrupted after an hour; ended jobs are kept 90 days", arguments: TestEngine.available)
    func oneAtATime(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            let elsewhere = try await s.runningElsewhere(startedAgo: 60)
            do {
                _ = try await s.start(try DirectoryFixtures.csvPackage())
                Issue.record("a second import started while one runs")
            } catch StoreError.invalid(let errors) {
                #expect(errors.errors.map(\.field) == ["file"] && errors.errors.map(\.code) == ["import_running"])
            }
            #expect(try await s.job(elsewhere, as: s.f.a.user(.supervisor)).state == .running)
            #expect(try await s.job(elsewhere, as: s.f.a.user(.supervisor)).progress == nil)

            s.f.clock.advance(3600)
            #expect(try await s.job(elsewhere, as: s.f.a.user(.supervisor)).state == .interrupted)
            let id = try await s.start(try DirectoryFixtures.csvPackage())
            await s.jobs.wait(id)
            #expect(try await s.job(id, as: s.f.a.user(.supervisor)).state == .done)

            // An ended job is kept 90 days: the next import forgets older ones, never a running one.
            s.f.clock.advance(91 * 86_400)
            let later = try await s.start(try DirectoryFixtures.csvPackage())
            await s.jobs.wait(later)
            await #expect(throws: StoreError.notFound) { _ = try await s.job(id, as: s.f.a.user(.supervisor)) }
            #expect(try await s.job(later, as: s.f.a.user(.supervisor)).state == .done)

            // A server starting on SQLite (one process) says so at once; an ended job keeps its state.
            let left = try await s.runningElsewhere(startedAgo: 10)
            try await s.jobs.interruptLeftRunning()
            let interrupted = try await s.job(left, as: s.f.a.user(.supervisor))
            #expect(interrupted.state == .interrupted && interrupted.finishedAt != nil)
            #expect(try await s.job(later, as: s.f.a.user(.supervisor)).state == .done)
        }
    }
}
