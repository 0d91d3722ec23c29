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
}
