import Foundation
import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

/// `peerway_rank`, the directory search's score on SQLite (the PeerwaySearchRank target), on an index
/// laid out as the directory's: name, organization, description, facets. Its numbers follow from its
/// rule: for each word and column, idf × weight × tf × 2.2 / (tf + 1.2), with idf 1 for a single word.
@Suite("The directory search's ranking function (SQLite)")
struct SearchRankTests {
    static let rows: [Row] = [
        ("Housing Help", "Harbor", "Beds for the night.", "l6573"),
        ("Housing Housing", "Harbor", "", "l656e"),
        ("Job Center", "Housing Alliance", "Housing and job search help for anyone looking for work in the county, any day of the week.", "l6573"),
        ("Help Desk", "Harbor", "Housing", ""),
        ("Housing Office", "Harbor", "Help", ""),
        ("Shelter", "Harbor", "Help with meals.", ""),
        ("Pantry", "Harbor", "Help with food.", ""),
    ]

    /// The scores of a query's matches by name, with `words` phrases before the facets.
    static func scores(_ match: String, words: Int, on db: Database) async throws -> [String: Double] {
        try await db.read { conn in
            var out: [String: Double] = [:]
            for row in try await conn.sql.raw("""
                SELECT name, peerway_rank(rank_test, \(unsafeRaw: String(words)), 10.0, 5.0, 1.0, 0.0) AS score FROM rank_test WHERE rank_test MATCH \(bind: match)
                """).all() {
                out[try row.decode(column: "name", as: String.self)] = try row.decode(column: "score", as: Double.self)
            }
            return out
        }
    }

    typealias Row = (name: String, organization: String, description: String, facets: String)

    static func withIndex(_ rows: [Row] = rows, _ body: (Database) async throws -> Void) async throws {
        try await TestDatabase.with(.sqlite) { t in
            try await t.db.write { conn in
                try await conn.sql.raw("CREATE VIRTUAL TABLE rank_test USING fts5(name, organization_name, description, search_facets)").run()
                for r in rows {
                    try await conn.sql.raw("INSERT INTO rank_test VALUES (\(bind: r.name), \(bind: r.organization), \(bind: r.description), \(bind: r.facets))").run()
                }
            }
            try await body(t.db)
        }
    }

    @Test("one word: each column's weight, counted with diminishing returns, whatever the entry's length")
    func oneWord() async throws {
        try await Self.withIndex { db in
            let s = try await Self.scores(#"{name organization_name description} : ("housing"*)"#, words: 1, on: db)
            #expect(s["Housing Help"] == 10.0)
            // Twice in the name: 10 × 2 × 2.2 / 3.2.
            #expect(abs(s["Housing Housing"]! - 13.75) < 1e-9)
            // In the organization and a long description: 5 + 1, its length not counted against it.
            #expect(abs(s["Job Center"]! - 6.0) < 1e-9)
            #expect(s["Help Desk"] == 1.0 && s["Housing Office"] == 10.0)
            #expect(s["Shelter"] == nil)
        }
    }

    @Test("facets after the words narrow the matches but add nothing to their scores")
    func facetsNotScored() async throws {
        try await Self.withIndex { db in
            let s = try await Self.scores(#"{name organization_name description} : ("housing"*) AND search_facets : ("l6573")"#, words: 1, on: db)
            #expect(s == ["Housing Help": 10.0, "Job Center": 6.0])
        }
    }

    @Test("several words: a rarer word counts more, so the entry named for it comes first")
    func rarerWordWeighsMore() async throws {
        // "meals" is in 2 of 10 entries, "help" in 4; each match has one word in its name, the other in its description.
        let rows: [Row] = [("Meals Desk", "Harbor", "Ask for help.", ""), ("Help Desk", "Harbor", "Hot meals.", ""),
                           ("Help Line", "Harbor", "Call us.", ""), ("Help Center", "Harbor", "Walk in.", "")]
            + Array(repeating: ("Library", "Harbor", "Books.", ""), count: 6)
        try await Self.withIndex(rows) { db in
            let s = try await Self.scores(#"{name organization_name description} : ("meals"* "help"*)"#, words: 2, on: db)
            let meals = log((10 - 2 + 0.5) / (2 + 0.5)), help = log((10 - 4 + 0.5) / (4 + 0.5))
            #expect(s.count == 2)
            #expect(abs(s["Meals Desk"]! - (10 * meals + help)) < 1e-9)
            #expect(abs(s["Help Desk"]! - (10 * help + meals)) < 1e-9)
            #expect(s["Meals Desk"]! > s["Help Desk"]!)
        }
    }
}
