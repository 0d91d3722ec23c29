import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

/// Directory search on every engine: the words (FTS5 on SQLite, `tsvector` on PostgreSQL) and each
/// filter, the order, paging, "near" a city, a ZIP code or a point, and what is never found.
@Suite("Directory search (store)", .serialized)
struct DirectorySearchStoreTests {
    /// Monday 7 December 2026, 10:30 UTC: weekday services are open, the night shelter is not.
    static let monday = Date(timeIntervalSince1970: 1_796_639_400)

    struct Setup {
        let f: JourneyFixture
        let catalog: DirectoryCatalog
        let peer: Actor

        static func run(_ engine: TestEngine, _ body: (Setup) async throws -> Void) async throws {
            try await TestDatabase.with(engine) { t in
                let f = try await JourneyFixture.make(t.db)
                let store = StoreContext(db: t.db, auditKey: TestDatabase.auditKey, clock: TestClock(DirectorySearchStoreTests.monday),
                                         timeZone: TimeZone(identifier: "UTC")!)
                try await DirectorySearchFixture.write(into: t.db, organizationID: f.a.provider.id)
                try await body(Setup(f: f, catalog: DirectoryCatalog(store), peer: try await f.actor(f.a.user(.peerSpecialist))))
            }
        }

        func check(_ parameters: [String: String], _ expected: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws {
            let got = try await names(parameters)
            #expect(got == expected, sourceLocation: sourceLocation)
        }

        func names(_ parameters: [String: String]) async throws -> [String] {
            try await catalog.search(try DirectorySearchRules.query(parameters), by: peer).entries.map(\.hit.name)
        }
    }

    @Test("words match names, organizations and descriptions as word prefixes, all words required, names first", arguments: TestEngine.available)
    func words(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            // In the name and the description outranks the name alone.
            try await s.check(["q": "housing"], ["Youth Housing Help", "Housing Navigation"])
            try await s.check(["q": "hous nav"], ["Housing Navigation"])
            // The organization's name outranks a description.
            try await s.check(["q": "familias"], ["Housing Navigation", "Vivienda Familiar"])
            // Only in a description; accents typed or not.
            try await s.check(["q": "alquiler"], ["Vivienda Familiar"])
            try await s.check(["q": "VIVIENDA"], ["Vivienda Familiar"])
            try await s.check(["q": "housing nothingmatches"], [])
            // Punctuation is not syntax for either engine's query language.
            try await s.check(["q": "\"housing\" * & ! : ( NEAR"], [])
            try await s.check(["q": "\"housing\" * & ! : ("], ["Youth Housing Help", "Housing Navigation"])
            let entry = try #require(try await s.catalog.search(try DirectorySearchRules.query(["q": "familias"]), by: s.peer).entries.first)
            #expect(entry.reasons == [.organization])
            let name = try #require(try await s.catalog.search(try DirectorySearchRules.query(["q": "navigation"]), by: s.peer).entries.first)
            #expect(name.reasons == [.name])
        }
    }

    @Test("every entry carries its own service's languages, in each order, the linkage order included", arguments: TestEngine.available)
    func languagesOfEntries(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            let expected = ["Emergency Shelter": ["en"], "Housing Navigation": ["en", "es"], "Job Center": ["en", "spa"],
                            "Vivienda Familiar": ["es"], "Youth Housing Help": ["en"]]
            for sort in ["relevance", "name", "linkage"] {
                let entries = try await s.catalog.search(try DirectorySearchRules.query(["sort": sort]), by: s.peer).entries
                #expect(entries.count == 5)
                #expect(Dictionary(uniqueKeysWithValues: entries.map { ($0.hit.name, $0.hit.languages) }) == expected, "\(sort)")
            }
        }
    }

    @Test("by facets alone, walking the services by name finds the same page as reading every match, across two directories", arguments: TestEngine.available)
    func plansAgree(_ engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { t in
            let f = try await JourneyFixture.make(t.db)
            let (a, b) = (f.a.provider.id, f.base.b.provider.id)
            // The same six services in a second directory: equal names, so ties are broken by row.
            try await DirectorySearchFixture.write(into: t.db, organizationID: a)
            try await DirectorySearchFixture.write(into: t.db, organizationID: b)
            let open = WeekMinute(Self.monday, in: TimeZone(identifier: "UTC")!)
            let queries: [[String: String]] = [["need": "housing"], ["language": "es"], ["need": "housing", "language": "spa"],
                                               ["need": "housing", "free": "1"], ["need": "housing", "age": "20"], ["need": "employment"],
                                               ["need": "nothing-has-this"], ["need": "housing", "sort": "name"], ["need": "housing", "open_now": "1"]]
            var compared = 0
            for parameters in queries {
                let q = try DirectorySearchRules.query(parameters)
                for directories in [[a], [a, b], [b, a]] {
                    for (limit, offset) in [(21, 0), (2, 0), (2, 2), (3, 5)] {
                        let pages = try await t.db.read { conn in
                            var pages: [[DirectorySearchRecords.Hit]] = []
                            for plan in DirectorySearchRecords.Plan.allCases {
                                pages.append(try await DirectorySearchRecords.search(q, directories: directories, area: nil, at: q.openNow ? open : nil,
                                                                                     limit: limit, offset: offset, plan: plan, on: conn))
                            }
                            return pages
                        }
                        #expect(pages[1] == pages[0] && pages[2] == pages[0], "\(parameters) \(directories.count) \(limit)+\(offset)")
                        compared += pages[0].count
                    }
                }
            }
            #expect(compared > 100)
            // The walk keeps a directory's services only when that directory is searched.
            let one = try await t.db.read { conn in
                try await DirectorySearchRecords.search(try DirectorySearchRules.query(["need": "housing"]), directories: [b], area: nil, at: nil,
                                                        limit: 21, offset: 0, plan: .byName, on: conn)
            }
            #expect(one.map(\.name) == ["Emergency Shelter", "Housing Navigation", "Vivienda Familiar", "Youth Housing Help"])
            #expect(Set(one.map(\.directoryID)) == [b])
            // The walk is chosen only when the index's count of matches is the searched directories' own:
            // with another directory holding services, its matches would be walked past.
            let housing = try DirectorySearchRules.query(["need": "housing"])
            let chosen = try await t.db.read { conn in
                var plans: [DirectorySearchRecords.Plan?] = []
                for directories in [[a, b], [b, a], [a], [b]] {
                    plans.append(try await DirectorySearchRecords.chosenPlan(housing, directories: directories, limit: 21, offset: 0, on: conn))
                }
                return plans
            }
            #expect(chosen == (engine == .sqlite ? [.byName, .byName, .byMatches, .byMatches] : [nil, nil, nil, nil]))
        }
    }

    @Test("a filter matches only the facets: a name or description holding a facet's token is not a match", arguments: TestEngine.available)
    func facetsExact(_ engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { t in
            let f = try await JourneyFixture.make(t.db)
            try await DirectorySearchFixture.write(into: t.db, organizationID: f.a.provider.id)
            let tokens = [DirectorySearchFacets.need("housing"), DirectorySearchFacets.language("es")].joined(separator: " ")
            try await t.db.write { conn in
                try await conn.sql.raw("UPDATE directory_services SET name = \(bind: "Job Center " + tokens), description = \(bind: tokens) WHERE name = 'Job Center'").run()
            }
            let catalog = DirectoryCatalog(StoreContext(db: t.db, auditKey: TestDatabase.auditKey, clock: TestClock(Self.monday),
                                                        timeZone: TimeZone(identifier: "UTC")!))
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            func names(_ parameters: [String: String]) async throws -> [String] {
                try await catalog.search(try DirectorySearchRules.query(parameters), by: peer).entries.map(\.hit.name)
            }
            #expect(try await names(["need": "housing"]) == ["Emergency Shelter", "Housing Navigation", "Vivienda Familiar", "Youth Housing Help"])
            #expect(try await names(["need": "housing", "language": "es"]) == ["Housing Navigation", "Vivienda Familiar"])
            #expect(try await names(["q": "job", "need": "housing"]) == [])
            // The words still find it by its name.
            #expect(try await names(["q": "job"]).count == 1)
        }
    }

    @Test("need, language (any spelling), free, age and open now each narrow the list and say so", arguments: TestEngine.available)
    func filters(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            // Without words, by name; the inactive service never shows.
            try await s.check([:], ["Emergency Shelter", "Housing Navigation", "Job Center", "Vivienda Familiar", "Youth Housing Help"])
            try await s.check(["need": "housing"], ["Emergency Shelter", "Housing Navigation", "Vivienda Familiar", "Youth Housing Help"])
            // "es" finds a row coded "spa" too.
            try await s.check(["need": "housing", "language": "es"], ["Housing Navigation", "Vivienda Familiar"])
            try await s.check(["language": "spa"], ["Housing Navigation", "Job Center", "Vivienda Familiar"])
            try await s.check(["free": "1"], ["Emergency Shelter", "Housing Navigation", "Vivienda Familiar"])
            try await s.check(["age": "30"], ["Emergency Shelter", "Housing Navigation", "Job Center", "Vivienda Familiar"])
            try await s.check(["age": "16"], ["Emergency Shelter", "Housing Navigation", "Vivienda Familiar", "Youth Housing Help"])
            // Monday 10:30: the weekday services; the night shelter (18:00 to 08:00) is closed.
            try await s.check(["open_now": "1"], ["Housing Navigation", "Job Center"])
            let result = try await s.catalog.search(try DirectorySearchRules.query(["q": "housing", "language": "es", "open_now": "1", "free": "1"]), by: s.peer)
            #expect(result.entries.map(\.hit.name) == ["Housing Navigation"])
            #expect(result.entries[0].reasons == [.name, .language("es"), .openNow(closes: 17 * 60), .free])
        }
    }

    @Test("near a city, a ZIP code or a point, within the radius, nearest first; an unknown place is refused on its field", arguments: TestEngine.available)
    func near(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            try await s.check(["near": "chula vista", "radius_km": "5"], ["Housing Navigation"])
            try await s.check(["near": "chula vista", "radius_km": "5", "language": "es"], ["Housing Navigation"])
            try await s.check(["near": "91910", "radius_km": "20", "sort": "distance"], ["Housing Navigation", "Emergency Shelter", "Youth Housing Help"])
            try await s.check(["near": "33.2,-117.24", "radius_km": "10"], ["Job Center"])
            // With the other filters and words, in the index's map cells: tenths of a degree for 20 km, whole
            // degrees for 60 (Escondido is 53 km from Chula Vista), twentieths for 5 km, then each place's distance.
            try await s.check(["near": "91910", "radius_km": "20", "need": "housing", "language": "es", "sort": "distance"], ["Housing Navigation"])
            try await s.check(["near": "91910", "radius_km": "60", "need": "housing", "language": "es", "sort": "distance"],
                              ["Housing Navigation", "Vivienda Familiar"])
            try await s.check(["near": "91910", "radius_km": "20", "q": "housing"], ["Youth Housing Help", "Housing Navigation"])
            try await s.check(["near": "91910", "radius_km": "200", "need": "housing", "sort": "distance"],
                              ["Housing Navigation", "Emergency Shelter", "Youth Housing Help", "Vivienda Familiar"])
            let entry = try #require(try await s.catalog.search(try DirectorySearchRules.query(["near": "San Diego", "radius_km": "3"]), by: s.peer).entries.first)
            guard case let .distance(km) = entry.reasons.last else { Issue.record("no distance"); return }
            #expect(km < 0.5)
            await #expect(throws: StoreError.self) { try await s.names(["near": "Atlantis"]) }
            do {
                _ = try await s.names(["near": "Atlantis"])
            } catch let StoreError.invalid(errors) {
                #expect(errors.errors.map(\.field) == ["near"])
            }
        }
    }

    @Test("a service given at several places is found near each, by the nearest one's distance", arguments: TestEngine.available)
    func severalPlaces(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            // Housing Navigation (Chula Vista) is also given in Vista, next to the Job Center.
            try await DirectorySearchFixture.addPlace(toService: 1, in: "Vista", zip: "92083", latitude: 33.2010, longitude: -117.2425,
                                                      into: s.f.db, organizationID: s.f.a.provider.id)
            // The row keeps a position only for a service given at one place.
            let positions = try await s.f.db.read { conn in
                try await conn.sql.raw("SELECT id, place_latitude FROM directory_services WHERE id IN (\(bind: DirectorySearchFixture.serviceID(1)), \(bind: DirectorySearchFixture.serviceID(3)))")
                    .all().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "place_latitude", as: Double?.self)) }
            }
            #expect(Dictionary(uniqueKeysWithValues: positions) == [DirectorySearchFixture.serviceID(1): nil, DirectorySearchFixture.serviceID(3): 33.2])
            try await s.check(["near": "chula vista", "radius_km": "5"], ["Housing Navigation"])
            try await s.check(["near": "33.2,-117.2425", "radius_km": "10", "sort": "distance"], ["Job Center", "Housing Navigation"])
            let vista = try await s.catalog.search(try DirectorySearchRules.query(["near": "33.2,-117.2425", "radius_km": "10", "sort": "distance"]), by: s.peer)
            guard case let .distance(km) = vista.entries.last?.reasons.last else { Issue.record("no distance"); return }
            #expect(abs(km - 0.111) < 0.01)
            // A service with one place is measured from its row, the others from their places: both give the same list.
            try await s.check(["near": "91910", "radius_km": "200", "need": "housing", "sort": "distance"],
                              ["Housing Navigation", "Emergency Shelter", "Youth Housing Help", "Vivienda Familiar"])
        }
    }

    @Test("pages of twenty with a next page; a later page continues where the first stopped", arguments: TestEngine.available)
    func paging(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            try await DirectorySearchFixture.writeMany(25, into: s.f.db, organizationID: s.f.a.provider.id)
            let first = try await s.catalog.search(try DirectorySearchRules.query(["q": "pantry"]), by: s.peer)
            #expect(first.entries.count == 20 && first.more)
            let second = try await s.catalog.search(try DirectorySearchRules.query(["q": "pantry", "page": "2"]), by: s.peer)
            #expect(second.entries.count == 5 && !second.more)
            #expect(Set(first.entries.map(\.hit.id)).isDisjoint(with: second.entries.map(\.hit.id)))
        }
    }

    @Test("better-scored services that no longer run, or of a directory not shared, never take a place on a page", arguments: TestEngine.available)
    func pagesHoldOnlyWhatMayBeFound(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            // "pantry" twice in their names: each outscores every running service of the reader's directory.
            try await DirectorySearchFixture.writeMany(25, into: s.f.db, organizationID: s.f.a.provider.id)
            try await DirectorySearchFixture.writeMany(25, into: s.f.db, organizationID: s.f.a.provider.id, name: "Pantry Pantry", status: "inactive", firstIndex: 200)
            try await DirectorySearchFixture.writeMany(25, into: s.f.db, organizationID: s.f.base.b.provider.id, name: "Pantry Pantry", firstIndex: 300)
            var seen: [String] = []
            for page in ["1", "2"] {
                let found = try await s.catalog.search(try DirectorySearchRules.query(["q": "pantry", "page": page]), by: s.peer)
                #expect(found.entries.allSatisfy { $0.hit.directoryID == s.f.a.provider.id && $0.hit.status == "active" })
                seen += found.entries.map(\.hit.name)
            }
            #expect(seen.count == 25 && Set(seen).count == 25 && seen.allSatisfy { $0.hasPrefix("Food Pantry") })
            // The other directory finds its own.
            let other = try await s.f.actor(s.f.base.b.user(.peerSpecialist))
            #expect(try await s.catalog.search(try DirectorySearchRules.query(["q": "pantry"]), by: other).entries.first?.hit.name.hasPrefix("Pantry Pantry") == true)
        }
    }

    @Test("another organization's directory is not searched unless its county shares it", arguments: TestEngine.available)
    func otherOrganization(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            let other = try await s.f.actor(s.f.base.b.user(.peerSpecialist))
            #expect(try await s.catalog.search(try DirectorySearchRules.query(["q": "housing"]), by: other).entries.isEmpty)
        }
    }

    @Test("a stream of the read API reads in pieces, each from the last id on: every item once, in the order of a whole page", arguments: TestEngine.available)
    func streamPieces(_ engine: TestEngine) async throws {
        try await Setup.run(engine) { s in
            let directory = s.f.a.provider.id
            func ids(_ items: [HSDSValue]) -> [String] { items.compactMap { if case let .object(o) = $0, case let .string(id)? = o["id"] { id } else { nil } } }
            func streamed(_ table: String, _ filter: HSDSReadFilter, by size: Int) async throws -> (ids: [String], pieces: Int) {
                var out: [String] = [], after: String?, pieces = 0
                // Bounded, so a stream that never moves on fails rather than hangs.
                while pieces < 50 {
                    let (items, last) = try await s.catalog.readAPIChunk(table, organizationID: directory, filter: filter, after: after, limit: size)
                    guard !items.isEmpty else { break }
                    pieces += 1
                    out += ids(items)
                    after = last
                }
                return (out, pieces)
            }
            var words = HSDSReadFilter()
            words.search = "outreach"
            var minimal = HSDSReadFilter()
            minimal.minimal = true
            // Services in SQL, services as ids only, and organizations filtered in memory.
            for (table, filter) in [("service", HSDSReadFilter()), ("service", minimal), ("organization", words), ("service_at_location", HSDSReadFilter())] {
                let whole = ids(try await s.catalog.readAPIItems(table, organizationID: directory, filter: filter, limit: 100, offset: 0).items)
                let (got, pieces) = try await streamed(table, filter, by: 2)
                #expect(whole.count >= 2 && got == whole, "\(table)")
                #expect(pieces == (whole.count + 1) / 2, "\(table)")
            }
        }
    }
}
