import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import Testing

/// The outcome extract: `Instruments.export` on every engine (one row per current administration and
/// scale, no names, no answers, audited, a program manager's only), and `peerway instruments list|export`
/// as an operator runs them (the built binary on a SQLite test database, as `DirectoryCommandTests`).
@Suite("Instrument extract")
struct InstrumentExtractTests {
    static let mentalAnswers = ["global01": 3, "global02": 4, "global04": 4, "global05": 4, "global10r": 4]

    /// A person paired with side A's peer, enrolled today, given a PROMIS intake that was then replaced
    /// (only the replacement is current) and a MORS rating: two current administrations, five scales.
    static func record(_ f: ServiceFixture) async throws -> Person {
        let instruments = Instruments(f.journey.store)
        let peer = try await f.actor(f.a.user(.peerSpecialist))
        let person = try await f.participant("Rosa", "Delgado", takenInBy: f.a.user(.programManager), pairedWith: f.a.user(.peerSpecialist))
        var promis = AdministrationDraft(instrumentID: PromisGlobal10.id, timepoint: .intake, givenOn: f.today, respondent: .selfReport,
                                         responses: ["global02": 1, "global04": 1, "global05": 1, "global10r": 1])
        _ = try await instruments.record(for: person.id, promis, by: peer, context: f.context(peer))
        promis.responses = mentalAnswers
        promis.replaceReason = "Entered the wrong answers"
        _ = try await instruments.record(for: person.id, promis, by: peer, context: f.context(peer))
        let mors = AdministrationDraft(instrumentID: MORS.id, timepoint: .intake, givenOn: f.today, respondent: .staffRated, responses: ["milestone": 5])
        _ = try await instruments.record(for: person.id, mors, by: peer, context: f.context(peer))
        return person
    }

    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func append(_ item: String) { lock.lock(); items.append(item); lock.unlock() }
        var text: String { lock.lock(); defer { lock.unlock() }; return items.joined() }
    }

    @Test("one row per current administration and scale, scores as computed, no names, audited; a peer may not export", arguments: TestEngine.available)
    func export(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let person = try await Self.record(f)
            let instruments = Instruments(f.journey.store)
            let manager = try await f.actor(f.a.user(.programManager))
            let collected = Collected()
            let progress = Collected()
            let count = try await instruments.export(programID: f.a.program.id, from: f.today.adding(days: -1), to: f.today, by: manager,
                                                     context: f.context(manager), progress: { progress.append("\($0)/\($1) ") }) { collected.append($0) }
            #expect(count == 2, "the replaced intake is left out")
            #expect(progress.text.hasSuffix("2/2 "))
            let csv = collected.text
            let lines = csv.split(separator: "\r\n").map(String.init)
            #expect(lines.count == 1 + 5, "\(csv)")
            #expect(lines[0] == "\u{FEFF}" + InstrumentExport.header.joined(separator: ","))
            let promis = lines.filter { $0.contains(",promis-global-10,1.2,intake,\(f.today),self_report,en,") }
            #expect(promis.count == 4 && promis.allSatisfy { $0.contains(",\(person.id.text),") })
            #expect(promis.contains { $0.hasSuffix(",mental,16,53.3,3.7,average,,no") }, "\(promis)")
            #expect(promis.contains { $0.hasSuffix(",physical,,,,,global03;global06;global07r;global08r,no") }, "\(promis)")
            #expect(promis.contains { $0.hasSuffix(",general_health,3,,,,,no") }, "\(promis)")
            #expect(lines.contains { $0.contains(",mors,1,intake,") && $0.hasSuffix(",staff_rated,en,milestone,5,,,poorly_coping,,no") }, "\(lines)")
            #expect(!csv.contains("Rosa") && !csv.contains("Delgado") && !csv.contains("Entered the wrong answers"))
            // Another period holds nothing but the header.
            let empty = Collected()
            #expect(try await instruments.export(programID: f.a.program.id, from: f.today.adding(days: -30), to: f.today.adding(days: -1), by: manager,
                                                 context: f.context(manager)) { empty.append($0) } == 0)
            #expect(empty.text.split(separator: "\r\n").count == 1)

            let events = try await f.events(participant: nil).filter { $0.resourceType == "instrument_export" }
            #expect(events.count == 2 && events[0].action == .export && events[0].detail.contains("administrations=2 rows=5"), "\(events.map(\.detail))")
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            await #expect(throws: AccessRefused.self) {
                _ = try await instruments.export(programID: f.a.program.id, from: f.today, to: f.today, by: peer, context: f.context(peer)) { _ in }
            }
            // Another organization's program is out of scope, even for its own kind of manager.
            await #expect(throws: AccessRefused.self) {
                _ = try await instruments.export(programID: f.base.b.program.id, from: f.today, to: f.today, by: manager, context: f.context(manager)) { _ in }
            }
            #expect(try await f.events(participant: nil).filter { $0.resourceType == "instrument_export" && $0.outcome == .denied }.count == 2)
        }
    }

    @Test("a score is written as its whole number or to one decimal, never in a local format")
    func numbers() {
        #expect(InstrumentExport.number(nil) == "")
        #expect(InstrumentExport.number(16) == "16")
        #expect(InstrumentExport.number(53.3) == "53.3")
        #expect(InstrumentExport.number(15.55) == "15.6")
        #expect(InstrumentExport.number(0) == "0")
        #expect(InstrumentExport.number(-0.4) == "-0.4")
    }

    @Test("peerway instruments list and export, as an operator runs them", arguments: [TestEngine.sqlite])
    func commands(engine: TestEngine) async throws {
        try #require(PeerwayCLI.isBuilt, "build the CLI first: swift build")
        let list = try PeerwayCLI.run(["instruments", "list"])
        #expect(list.status == 0, "\(list.stderr)")
        let lines = list.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.map { $0.first } == InstrumentCatalog.all.map(\.id))
        #expect(lines.first == ["promis-global-10", "1.2", "PROMIS Global Health (Global-10)", "self_report", "topics_only"])
        #expect(lines.contains(["program-profile", "1", InstrumentCatalog.instrument("program-profile")!.name.en, "self_report,staff_rated", "shipped"]))

        try await TestDatabase.with(engine) { test in
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peerway-instruments-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let keyFile = dir.appendingPathComponent("key").path
            try "test-audit-key\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
            let f = try await ServiceFixture.make(test.db)
            _ = try await Self.record(f)
            func run(_ arguments: [String]) throws -> PeerwayCLI.Outcome {
                try PeerwayCLI.run(["instruments", "export", "--program", f.a.program.name, "--from", f.today.adding(days: -7).description,
                                    "--to", f.today.description] + arguments
                                   + ["--database", PeerwayCLI.url(test.location), "--audit-key-file", keyFile])
            }
            let output = dir.appendingPathComponent("outcomes.csv")
            let done = try run(["--as", f.a.user(.programManager).email, "--output", output.path])
            #expect(done.status == 0, "\(done.stderr)")
            #expect(done.stderr.contains("exported 2 administrations to "), "\(done.stderr)")
            let csv = try String(contentsOf: output, encoding: .utf8)
            #expect(csv.split(separator: "\r\n").count == 6 && csv.contains(",mental,16,53.3,3.7,average,,no"))
            let attributes = try FileManager.default.attributesOfItem(atPath: output.path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)

            let refused = try run(["--as", f.a.user(.peerSpecialist).email, "--output", dir.appendingPathComponent("peer.csv").path])
            #expect(refused.status == 1)
            #expect(refused.stderr.split(separator: "\n").count == 1, "one plain line: \(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("peer.csv").path), "a failed export leaves no file")
            let badPeriod = try PeerwayCLI.run(["instruments", "export", "--program", f.a.program.name, "--from", "2026-09-30", "--to", "2026-09-01",
                                                "--as", f.a.user(.programManager).email, "--database", PeerwayCLI.url(test.location),
                                                "--audit-key-file", keyFile])
            #expect(badPeriod.status == 1 && badPeriod.stderr.contains("--to: The end of the period is before its start."), "\(badPeriod.stderr)")
        }
    }
}
