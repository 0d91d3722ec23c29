import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import Testing

/// The directory through `DirectoryCatalog`, on every engine: every example imports; re-import counts
/// rows unchanged; a refused file writes nothing; export reads back the same rows; the typed facts
/// search will read; who may import; a county's shared directory.
@Suite("Directory (store)", .serialized)
struct DirectoryStoreTests {
    static let service = "ac148810-d857-441c-9679-408f346de14b"

    struct Setup {
        let f: JourneyFixture
        let catalog: DirectoryCatalog
        var org: UUID { f.a.provider.id }

        /// Runs `body` on a fresh database with the journey fixture, and always cleans up.
        static func run(_ engine: TestEngine, _ body: (Setup) async throws -> Void) async throws {
            try await TestDatabase.with(engine) { t in
                let f = try await JourneyFixture.make(t.db)
                let store = StoreContext(db: t.db, auditKey: TestDatabase.auditKey, clock: f.clock, timeZone: TimeZone(identifier: "UTC")!)
                try await body(Setup(f: f, catalog: DirectoryCatalog(store)))
            }
        }

        func actor(_ role: Role) async throws -> Actor { try await f.actor(f.a.user(role)) }

        func importFiles(_ files: [(name: String, bytes: [UInt8])], dryRun: Bool = false, as role: Role = .supervisor) async throws
            -> DirectoryCatalog.ImportReport {
            let actor = try await actor(role)
            return try await catalog.importFiles(files, organizationID: org, dryRun: dryRun, by: actor, context: f.context(actor))
        }

        func rowCount() async throws -> Int { try await f.count("directory_rows") }
    }

    @Test("every HSDS example imports; importing it again leaves every row unchanged", arguments: TestEngine.available)
    func examples(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            let csv = try await s.importFiles(try DirectoryFixtures.csvPackage())
            #expect(!csv.refused, "\(csv.problems.map(\.line))")
            #expect(csv.created == 21 && csv.updated == 0)
            #expect(try await s.rowCount() == 21)
            let again = try await s.importFiles(try DirectoryFixtures.csvPackage())
            #expect(again.counts == .init(created: 0, updated: 0, unchanged: 21))
            for name in DirectoryFixtures.jsonExamples {
                let report = try await s.importFiles([try DirectoryFixtures.file(name)])
                #expect(!report.refused, "\(name): \(report.problems.filter { $0.severity == .error }.map(\.line))")
            }
            // tabular.json, read after service_full.json, points the example's one attribute away from the
            // service again: the service's term goes with it.
            #expect(try await s.f.count("directory_service_terms") == 0)
            _ = try await s.importFiles([try DirectoryFixtures.file("service_full.json")])
            let summary = try #require(try await s.catalog.summary(serviceID: Self.service, by: try await s.actor(.peerSpecialist)))
            #expect(summary.serviceName == "Community Counselling")
            #expect(summary.languages.contains("Urdu"))
            #expect(!summary.phones.isEmpty)
            // The typed facts search reads.
            #expect(try await s.f.count("directory_services") >= 1)
            #expect(try await s.f.count("directory_service_languages", where: "code = 'ur'") == 1)
            #expect(try await s.f.count("directory_service_terms", where: "code = 'code'") == 1)
            #expect(try await s.f.count("directory_service_places", where: "latitude IS NOT NULL") >= 1)
            #expect(try await s.f.count("directory_schedules") >= 1)
        }
    }

    @Test("a dry run counts and writes nothing but its audit event; an edited row counts as updated", arguments: TestEngine.available)
    func dryRunAndUpdate(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            let dry = try await s.importFiles(try DirectoryFixtures.csvPackage(), dryRun: true)
            #expect(dry.dryRun && dry.created == 21)
            #expect(try await s.rowCount() == 0)
            _ = try await s.importFiles(try DirectoryFixtures.csvPackage())
            var files = try DirectoryFixtures.csvPackage()
            let i = try #require(files.firstIndex { $0.name == "services.csv" })
            files[i].bytes = Array(String(decoding: files[i].bytes, as: UTF8.self).replacingOccurrences(of: "Community Counselling", with: "Counselling for All").utf8)
            let edited = try await s.importFiles(files)
            #expect(edited.counts == .init(created: 0, updated: 1, unchanged: 20))
            #expect(edited.byTable["service"] == .init(created: 0, updated: 1, unchanged: 0))
            #expect(try await s.f.count("directory_services", where: "name = 'Counselling for All'") == 1)
            let events = try await s.f.events(participant: nil).filter { $0.resourceType == "directory_import" }
            #expect(events.count == 3)
            #expect(events.allSatisfy { !$0.detail.contains("Counselling") })
        }
    }

    @Test("a missing required field, a dangling link or an older version refuses the file and changes nothing", arguments: TestEngine.available)
    func refusals(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            _ = try await s.importFiles(try DirectoryFixtures.csvPackage())
            let before = try await s.rowCount()
            let cases: [(files: [String: String], code: HSDSProblem.Code, field: String?)] = [
                (["services.csv": "id,organization_id,name,status\n\(Self.service),d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610,,active\n"], .missingRequired, "name"),
                (["services.csv": "id,organization_id,name,status\n11111111-2222-3333-4444-555555555555,99999999-2222-3333-4444-555555555555,New,active\n"],
                 .danglingReference, "organization_id"),
                (["base.json": #"{"version": "2.0", "profile": "x"}"#], .otherVersion, "version"),
            ]
            for (files, code, field) in cases {
                let report = try await s.importFiles(files.map { ($0.key, Array($0.value.utf8)) })
                #expect(report.refused)
                #expect(report.problems.contains { $0.code == code && $0.field == field }, "\(report.problems.map(\.line))")
                #expect(try await s.rowCount() == before)
                #expect(try await s.f.count("directory_services", where: "name = 'Community Counselling'") == 1)
            }
            // A link to a row stored by an earlier import is no problem.
            let phone = try await s.importFiles([("phones.csv", Array("id,service_id,number\n22222222-2222-3333-4444-555555555555,\(Self.service),619-555-0100\n".utf8))])
            #expect(!phone.refused && phone.created == 1)
        }
    }

    @Test("export as CSV and JSON reads back as the rows imported", arguments: TestEngine.available)
    func export(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            _ = try await s.importFiles(try DirectoryFixtures.csvPackage())
            _ = try await s.importFiles([try DirectoryFixtures.file("service_full.json")])
            let actor = try await s.actor(.programManager)
            let stored = try await s.catalog.dataSet(organizationID: s.org, by: actor, context: s.f.context(actor))
            for format in DirectoryCatalog.ExportFormat.allCases {
                let files = try await s.catalog.export(format, organizationID: s.org, by: actor, context: s.f.context(actor))
                let back = HSDSReader.read(files: files.map { ($0.name, Array($0.text.utf8)) })
                #expect(back.problems.isEmpty)
                #expect(back.dataSet.sameContent(as: stored))
            }
            let exports = try await s.f.events(participant: nil).filter { $0.resourceType == "directory_export" }
            #expect(exports.count == 3)
        }
    }

    @Test("curators import; a peer or an evaluator is refused and audited; another organization sees nothing", arguments: TestEngine.available)
    func access(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            for role in [Role.organizationAdmin, .programManager, .supervisor] {
                let report = try await s.importFiles(try DirectoryFixtures.csvPackage(), dryRun: true, as: role)
                #expect(!report.refused)
            }
            for role in [Role.peerSpecialist, .evaluator] {
                await #expect(throws: AccessRefused.self) { _ = try await s.importFiles(try DirectoryFixtures.csvPackage(), as: role) }
            }
            #expect(try await s.rowCount() == 0)
            #expect(try await s.f.events(participant: nil).filter { $0.action == .accessDenied && $0.resourceType == "directory_import" }.count == 2)
            _ = try await s.importFiles(try DirectoryFixtures.csvPackage())
            let other = try await s.f.actor(s.f.base.b.user(.supervisor))
            #expect(try await s.catalog.summary(serviceID: Self.service, by: other) == nil)
            await #expect(throws: AccessRefused.self) {
                _ = try await s.catalog.dataSet(organizationID: s.org, by: other, context: s.f.context(other))
            }
        }
    }

    @Test("a county shares its directory with its providers only when it says so", arguments: TestEngine.available)
    func sharing(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            let county = s.f.a.county.id
            // The county's directory, imported from the command line (no actor).
            _ = try await s.catalog.importFiles(try DirectoryFixtures.csvPackage(), organizationID: county, dryRun: false, by: nil, context: .cli("test"))
            let peer = try await s.actor(.peerSpecialist)
            #expect(try await s.catalog.summary(serviceID: Self.service, by: peer) == nil)
            try await s.catalog.saveSettings(DirectorySettings(shareWithProviders: true), organizationID: county, by: nil, context: .cli("test"))
            #expect(try await s.catalog.summary(serviceID: Self.service, by: peer)?.serviceName == "Community Counselling")
            #expect(try await s.catalog.readable(by: peer) == [s.org, county])
            // Shared means read: a provider's supervisor cannot import into the county's directory.
            let supervisor = try await s.actor(.supervisor)
            await #expect(throws: AccessRefused.self) {
                _ = try await s.catalog.importFiles(try DirectoryFixtures.csvPackage(), organizationID: county, dryRun: true, by: supervisor,
                                                    context: s.f.context(supervisor))
            }
            let other = try await s.f.actor(s.f.base.b.user(.peerSpecialist))
            #expect(try await s.catalog.summary(serviceID: Self.service, by: other) == nil)
            #expect(try await s.catalog.settings(organizationID: county, by: peer) == DirectorySettings(shareWithProviders: true))
        }
    }
}
