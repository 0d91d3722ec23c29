import Foundation
import PeerwayCore
import PeerwayDemo
import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

/// The demo's community resource directory: a few hundred San Diego County services, the same for
/// the same seed, read by the demo peer through the county's shared directory.
@Suite("Directory demo data")
struct DirectoryDemoTests {
    @Test("several hundred services of every need, some in Spanish, Vietnamese, Tagalog and Arabic, some free, all in the county; the same for the same seed")
    func demo() async throws {
        var firstNames: [String] = []
        for _ in 0..<2 {
            try await TestDatabase.with(.sqlite) { test in
                let audit = AuditLog(key: TestDatabase.auditKey)
                let summary = try await DemoGenerator(seed: 5, participants: 60, hasher: Fixture.hasher, base32: { $0 }).generate(into: test.db, audit: audit)
                #expect(summary.directoryServices == 400)
                let rows = try await test.db.read { conn in
                    try await conn.sql.raw("SELECT name FROM directory_services ORDER BY name, id LIMIT 20").all().map { try $0.decode(column: "name", as: String.self) }
                }
                firstNames.append(rows.joined(separator: "|"))
                func count(_ sql: String) async throws -> Int {
                    try await test.db.read { conn in try await conn.sql.raw("\(unsafeRaw: sql)").first()!.decode(column: "n", as: Int.self) }
                }
                #expect(try await count("SELECT COUNT(DISTINCT code) AS n FROM directory_service_terms") == 10)
                #expect(try await count("SELECT COUNT(*) AS n FROM directory_service_terms WHERE code = 'homeless_court'") >= 1)
                for language in ["es", "vi", "tl", "ar"] {
                    #expect(try await count("SELECT COUNT(*) AS n FROM directory_service_languages WHERE code = '\(language)'") >= 5, "\(language)")
                }
                #expect(try await count("SELECT COUNT(*) AS n FROM directory_services WHERE free = 1") >= 150)
                #expect(try await count("SELECT COUNT(*) AS n FROM directory_service_places WHERE latitude BETWEEN 32.5 AND 33.5 AND longitude BETWEEN -117.5 AND -116.5") == 400)
                #expect(try await count("SELECT COUNT(*) AS n FROM directory_schedules") == 400)

                let user = try #require(try await test.db.read { conn in
                    try await UserRecords.credentials(email: "peer@\(DemoGenerator.emailDomain)", on: conn)?.user
                })
                let peer = try await test.db.read { conn in try await UserRecords.actor(for: user, on: conn) }
                let catalog = DirectoryCatalog(StoreContext(db: test.db, audit: audit))
                let first = try await catalog.search(DirectoryQuery(), by: peer)
                #expect(first.entries.count == DirectorySearchRules.perPage && first.more)
                // The demo peer's search for Spanish-speaking housing help near downtown finds some.
                let housing = try await catalog.search(try DirectorySearchRules.query(["q": "housing", "language": "es", "near": "San Diego",
                                                                                       "radius_km": "25"]), by: peer)
                #expect(!housing.entries.isEmpty && housing.entries.allSatisfy { $0.hit.languages.contains("es") })
                let summary1 = try #require(try await catalog.summary(serviceID: first.entries[0].hit.id, by: peer))
                #expect(!summary1.phones.isEmpty && !summary1.addressLines.isEmpty && summary1.scheduleDescription != nil && summary1.lastVerified != nil)
                #expect(try await audit.verify(test.db).isIntact)
            }
        }
        #expect(firstNames[0] == firstNames[1])
    }

    /// The demo's data (seed 7), its directory catalog, its county and a provider.
    static func demo(_ test: TestDatabase) async throws -> (catalog: DirectoryCatalog, county: UUID, provider: UUID) {
        let audit = AuditLog(key: TestDatabase.auditKey)
        _ = try await DemoGenerator(seed: 7, participants: 60, hasher: Fixture.hasher, base32: { $0 }).generate(into: test.db, audit: audit)
        let organizations = try await test.db.read { conn in try await OrganizationRecords.all(on: conn) }
        return (DirectoryCatalog(StoreContext(db: test.db, audit: audit)), try #require(organizations.first { $0.kind == .county }).id,
                try #require(organizations.first { $0.kind != .county }).id)
    }

    @Test("imported into an empty directory, each service's facts are computed from the file's rows exactly as from the stored rows",
          arguments: TestEngine.available)
    func factsFromTheFile(_ engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (catalog, county, provider) = try await Self.demo(test)
            let before = try await test.db.read { conn in try await DirectoryRecords.count(provider, on: conn) }
            #expect(before.isEmpty)
            let file = try #require(try await catalog.export(.json, organizationID: county, by: nil, context: .cli("test")).first)
            let report = try await catalog.importFiles([(file.name, Array(file.text.utf8))], organizationID: provider, dryRun: false, by: nil,
                                                       context: .cli("test"))
            #expect(!report.refused && report.updated == 0 && report.unchanged == 0 && report.created > 2_000)
            // Every fact of the provider's services, as text, without the time each was written.
            func facts() async throws -> [String] {
                let tables = [
                    "directory_services": ["id", "hsds_organization_id", "organization_name", "name", "description", "status", "free", "minimum_age",
                                           "maximum_age", "last_verified", "search_facets", "place_latitude", "place_longitude"],
                    "directory_service_terms": ["service_id", "code"], "directory_service_languages": ["service_id", "code"],
                    "directory_service_places": ["service_id", "service_at_location_id", "location_id", "latitude", "longitude", "city_key", "postal_code"],
                    "directory_schedules": ["service_id", "schedule_id", "day_mask", "opens_minute", "closes_minute"],
                ]
                var lines: [String] = []
                for (table, columns) in tables {
                    let text = columns.map { "COALESCE(CAST(\($0) AS TEXT), '-')" }.joined(separator: " || '|' || ")
                    lines += try await test.db.read { conn in
                        try await conn.sql.raw("SELECT '\(unsafeRaw: table)|' || \(unsafeRaw: text) AS line FROM \(unsafeRaw: table) WHERE organization_id = \(bind: provider)")
                            .all().map { try $0.decode(column: "line", as: String.self) }
                    }
                }
                return lines.sorted()
            }
            let fromFile = try await facts()
            #expect(fromFile.filter { $0.hasPrefix("directory_services|") }.count == 400)
            #expect(fromFile.contains { $0.hasPrefix("directory_service_terms|") } && fromFile.contains { $0.hasPrefix("directory_schedules|") })
            let services = Set(fromFile.filter { $0.hasPrefix("directory_services|") }.map { String($0.split(separator: "|")[1]) })
            try await test.db.write { conn in
                try await DirectoryRecords.refreshFacts(provider, serviceIDs: services, now: Date(), on: conn)
            }
            #expect(try await facts() == fromFile)
        }
    }

    @Test("a whole directory imported again is compared with the stored rows table by table: every row unchanged, then the one row edited updated",
          arguments: TestEngine.available)
    func importedAgain(_ engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (catalog, county, _) = try await Self.demo(test)
            let file = try #require(try await catalog.export(.json, organizationID: county, by: nil, context: .cli("test")).first)
            func load(_ text: String) async throws -> DirectoryCatalog.ImportReport {
                try await catalog.importFiles([(file.name, Array(text.utf8))], organizationID: county, dryRun: false, by: nil, context: .cli("test"))
            }
            let again = try await load(file.text)
            // Its tables of more than 200 rows (400 services, their places, phones, schedules) are read whole, not by lists of ids.
            #expect(!again.refused && again.created == 0 && again.updated == 0 && again.unchanged == again.rows)
            var set = try await catalog.dataSet(organizationID: county, by: nil, context: .cli("test"))
            var services = set["service"]
            let id = services[0].id
            let description = (services[0]["description"] ?? "") + " Now open on Saturdays."
            services[0].fields["description"] = .string(description)
            var edited = HSDSDataSet(set.all.filter { $0.table != "service" })
            for row in services { edited.append(row) }
            set = edited
            let report = try await load(HSDSExport.jsonPackage(set))
            #expect(report.created == 0 && report.updated == 1 && report.unchanged == report.rows - 1)
            let stored = try await test.db.read { conn in
                try await conn.sql.raw("SELECT description FROM directory_services WHERE organization_id = \(bind: county) AND id = \(bind: id)").first()
            }
            #expect(try stored?.decode(column: "description", as: String.self) == description)
        }
    }
}
