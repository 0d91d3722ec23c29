import Foundation
import PeerwayCore
import SQLKit

/// Directory search over the typed facts (migrations 7 and 8): one statement on both engines, whose
/// only engine-specific part is how the words are matched and scored (`textMatch`).
public enum DirectorySearchRecords {
    /// One service a search found, with what the page and "why it matched" need.
    public struct Hit: Sendable, Equatable {
        public let directoryID: UUID
        public let id: String
        public let name: String
        public let organizationName: String?
        public let description: String
        public let status: String
        public let free: Bool
        /// Higher is a better match of the words; 0 when none were asked.
        public let score: Double
        public let distanceKm: Double?
        /// When open now was asked: the minute of the day it closes.
        public let closesMinute: Int?
        /// When the entry was last checked ("YYYY-MM-DD"), if ever.
        public let lastVerified: String?
        public var languages: [String] = []
    }

    /// The score of a search without words: every match alike, ordered by what follows.
    static let unscored: SQLQueryString = "CAST(0 AS DOUBLE PRECISION)"

    /// Statuses a search leaves out: the service no longer runs.
    static let gone = ["inactive", "defunct"]

    /// A page of the services of `directories` that meet every filter, best first, and one more when
    /// there are more (the caller shows a "next" link; no total is counted). Without their languages
    /// (`withLanguages`).
    public static func search(_ q: DirectoryQuery, directories: [UUID], area: SearchArea?, at moment: WeekMinute?, limit: Int, offset: Int,
                              plan: Plan = .chosen, on conn: Connection) async throws -> [Hit] {
        guard !directories.isEmpty else { return [] }
        let terms = q.terms
        // The need, the language and the map cells around "near" are words of the index's facets column
        // (`DirectorySearchFacets`): each a list of alternatives, all required.
        let facets = facets(q, area: area)
        // Facets alone put the matches in name order: on SQLite, when they are many, walking the services
        // by name and keeping the matching ones reads a page's worth instead of every match.
        if conn.dialect == .sqlite, terms.isEmpty, area == nil, !facets.isEmpty {
            let match = ftsQuery(terms, facets)
            let walk = plan == .chosen ? try await walkIsCheaper(match, directories: directories, wanted: limit + offset, on: conn) : plan == .byName
            if walk { return try await byName(q, match: match, directories: directories, at: moment, limit: limit, offset: offset, on: conn) }
        }
        let text = terms.isEmpty && facets.isEmpty ? nil : textMatch(terms, facets, conn.dialect)
        // The matches are ordered on their narrow columns (the name and a row key: SQLite's rowid, the
        // primary key on PostgreSQL), and only the page's rows are read whole. At county scale the sort
        // of "housing" in Spanish (2,747 matches) took 0.5 ms less with the rowid than with both ids.
        let key = conn.dialect == .sqlite ? (select: "s.rowid AS k", join: "s.rowid = y.k")
            : (select: "s.organization_id AS directory_id, s.id AS k", join: "s.organization_id = y.directory_id AND s.id = y.k")
        var sql = SQLQueryString("""
            SELECT s.organization_id AS directory_id, s.id, s.name, s.organization_name, s.description, s.status, s.free, s.last_verified,
            y.score, y.d2, y.closes FROM (SELECT * FROM (SELECT \(unsafeRaw: key.select), s.name,
            """)
        sql.appendLiteral(" ")
        sql.appendInterpolation(text?.score ?? unscored)
        sql.appendLiteral(" AS score, ")
        if let area {
            // A service given at one place has its position on its row (migration 19); only one with
            // several places has them looked up.
            let k = area.longitudeScale, lat = area.center.latitude, lon = area.center.longitude
            func squared(_ t: String) -> SQLQueryString {
                """
                (\(unsafeRaw: t)latitude - \(bind: lat)) * (\(unsafeRaw: t)latitude - \(bind: lat))
                 + ((\(unsafeRaw: t)longitude - \(bind: lon)) * \(bind: k)) * ((\(unsafeRaw: t)longitude - \(bind: lon)) * \(bind: k))
                """
            }
            func inBox(_ t: String) -> SQLQueryString {
                """
                \(unsafeRaw: t)latitude BETWEEN \(bind: area.minLatitude) AND \(bind: area.maxLatitude)
                 AND \(unsafeRaw: t)longitude BETWEEN \(bind: area.minLongitude) AND \(bind: area.maxLongitude)
                """
            }
            sql.appendInterpolation(SQLQueryString("""
                CASE WHEN s.place_latitude IS NULL THEN (SELECT MIN(\(squared("p.")))
                 FROM directory_service_places p WHERE p.organization_id = s.organization_id AND p.service_id = s.id AND \(inBox("p.")))
                 WHEN \(inBox("s.place_")) THEN \(squared("s.place_")) END
                """))
        } else {
            sql.appendLiteral("NULL")
        }
        sql.appendLiteral(" AS d2, ")
        sql.appendInterpolation(moment.map(closes) ?? "NULL")
        sql.appendLiteral(" AS closes FROM directory_services s")
        if let text { sql.appendInterpolation(text.join) }
        sql.appendInterpolation(SQLQueryString("""
             WHERE s.organization_id IN (\(SQLList(directories.map { SQLBind($0) }))) AND s.status NOT IN (\(SQLList(gone.map { SQLBind($0) })))
            """))
        if let text { sql.appendInterpolation(SQLQueryString(" AND ")); sql.appendInterpolation(text.condition) }
        // With the index driving, a match's distance (`d2`, from the places' covering index) leaves out a
        // service with no place in the box; a search the index cannot drive (only a wide area) is driven
        // by the places' position index.
        if let area, text == nil {
            sql.appendInterpolation(SQLQueryString("""
                 AND (s.organization_id, s.id) IN (SELECT f.organization_id, f.service_id FROM directory_service_places f
                 WHERE f.organization_id IN (\(SQLList(directories.map { SQLBind($0) }))) AND f.latitude BETWEEN \(bind: area.minLatitude) AND \(bind: area.maxLatitude)
                 AND f.longitude BETWEEN \(bind: area.minLongitude) AND \(bind: area.maxLongitude))
                """))
        }
        sql.appendInterpolation(filters(q))
        // The outer query reads each match's distance and closing time several times (its filter and its
        // order); an OFFSET keeps the inner query from being merged into it, so each is computed once.
        sql.appendLiteral(conn.dialect == .sqlite ? " LIMIT -1 OFFSET 0) x WHERE 1 = 1" : " OFFSET 0) x WHERE 1 = 1")
        if let area { sql.appendInterpolation(SQLQueryString(" AND x.d2 IS NOT NULL AND x.d2 <= \(bind: area.radiusSquaredDegrees)")) }
        if moment != nil { sql.appendLiteral(" AND x.closes IS NOT NULL") }
        func order(_ t: String) -> String {
            let byDistance = area == nil ? "" : "\(t).d2, "
            switch q.sort {
            case .name: return " ORDER BY \(t).name, \(t).k"
            case .distance: return " ORDER BY \(byDistance)\(t).score DESC, \(t).name, \(t).k"
            case .relevance, .linkage: return " ORDER BY \(t).score DESC, \(byDistance)\(t).name, \(t).k"
            }
        }
        sql.appendLiteral(order("x"))
        sql.appendInterpolation(SQLQueryString(" LIMIT \(bind: limit) OFFSET \(bind: offset)"))
        sql.appendInterpolation(SQLQueryString(") y JOIN directory_services s ON \(unsafeRaw: key.join)"))
        sql.appendLiteral(order("y"))
        return try await conn.sql.raw(sql).all().map(hit)
    }

    static func hit(_ row: any SQLRow) throws -> Hit {
        Hit(directoryID: try row.uuid("directory_id"), id: try row.string("id"), name: try row.string("name"),
            organizationName: try row.optionalString("organization_name"), description: try row.string("description"),
            status: try row.string("status"), free: try row.bool("free"), score: try row.decode(column: "score", as: Double.self),
            distanceKm: try row.decode(column: "d2", as: Double?.self).map(SearchArea.kilometres(squaredDegrees:)),
            closesMinute: try row.optionalInt("closes"), lastVerified: try row.optionalString("last_verified"))
    }

    /// How a search without words or a place finds its page on SQLite. Tests ask for each to compare them.
    public enum Plan: Sendable, CaseIterable {
        /// Whichever `walkIsCheaper` says.
        case chosen
        /// Every match of the index, each looked up and then sorted: cost grows with the matches.
        case byMatches
        /// The services in name order (migration 20's index), each kept if it matches, until the page is full:
        /// cost grows with the services passed over, about the page times the services per match.
        case byName
    }

    /// The plan `chosen` takes for a search, nil when the search is not one a plan applies to (it has words
    /// or a place, or runs on PostgreSQL).
    public static func chosenPlan(_ q: DirectoryQuery, directories: [UUID], limit: Int, offset: Int, on conn: Connection) async throws -> Plan? {
        let facets = facets(q, area: nil)
        guard conn.dialect == .sqlite, q.terms.isEmpty, q.near == nil, !facets.isEmpty, !directories.isEmpty else { return nil }
        return try await walkIsCheaper(ftsQuery([], facets), directories: directories, wanted: limit + offset, on: conn) ? .byName : .byMatches
    }

    /// Walking by name passes over about `wanted × services / matches` entries at 0.08 µs each; looking up
    /// every match costs 0.7 µs each (measured on the county directory, 50,000 services). The services
    /// are counted by the largest rowid, which a deletion only makes larger: in doubt, the matches are read.
    /// The index counts the matches of every directory, so the walk is taken only when no directory
    /// outside the search holds a service: a search of a small directory beside a large one walked past
    /// the large one's matches (11 ms, against 2 ms reading the matches, in the `sqlite3` shell).
    static func walkIsCheaper(_ match: String, directories: [UUID], wanted: Int, on conn: Connection) async throws -> Bool {
        // Each gap between the searched directories, in the order SQLite keeps their ids, is one seek of
        // `directory_services_name` (organization_id, name).
        let sorted = directories.sorted { $0.uuidString < $1.uuidString }
        var gaps: [SQLQueryString] = ["organization_id < \(bind: sorted[0])", "organization_id > \(bind: sorted[sorted.count - 1])"]
        for (low, high) in zip(sorted, sorted.dropFirst()) { gaps.append("(organization_id > \(bind: low) AND organization_id < \(bind: high))") }
        let others = gaps.map { gap -> SQLQueryString in "EXISTS (SELECT 1 FROM directory_services WHERE \(gap))" }
        let row = try await conn.sql.raw("""
            SELECT (SELECT COUNT(*) FROM directory_search WHERE directory_search MATCH \(bind: match)) AS n,
                   (SELECT MAX(rowid) FROM directory_services) AS total, \(others.joined(separator: " OR ")) AS others
            """).first()
        guard let row, try !row.bool("others") else { return false }
        let matches = try row.optionalInt("n") ?? 0, services = try row.optionalInt("total") ?? 0
        return matches > 0 && matches * matches * 8 >= wanted * services
    }

    /// The `byName` plan: one level, so the ORDER BY is the index's and the LIMIT ends the walk.
    static func byName(_ q: DirectoryQuery, match: String, directories: [UUID], at moment: WeekMinute?, limit: Int, offset: Int,
                       on conn: Connection) async throws -> [Hit] {
        let closes: SQLQueryString = moment.map(closes) ?? "NULL"
        var sql = SQLQueryString("""
            SELECT s.organization_id AS directory_id, s.id, s.name, s.organization_name, s.description, s.status, s.free, s.last_verified,
            \(unscored) AS score, NULL AS d2, \(closes) AS closes FROM directory_services s INDEXED BY directory_services_by_name
            WHERE s.rowid IN (SELECT rowid FROM directory_search WHERE directory_search MATCH \(bind: match))
            AND s.organization_id IN (\(SQLList(directories.map { SQLBind($0) }))) AND s.status NOT IN (\(SQLList(gone.map { SQLBind($0) })))
            """)
        sql.appendInterpolation(filters(q))
        if moment != nil { sql.appendInterpolation(SQLQueryString(" AND \(closes) IS NOT NULL")) }
        sql.appendInterpolation(SQLQueryString(" ORDER BY s.name, s.rowid LIMIT \(bind: limit) OFFSET \(bind: offset)"))
        return try await conn.sql.raw(sql).all().map(hit)
    }

    /// The minute an open-now match closes (NULL when it is not open): hours without both times are
    /// unknown, so never "open now".
    static func closes(_ moment: WeekMinute) -> SQLQueryString {
        """
        (SELECT MAX(h.closes_minute) FROM directory_schedules h WHERE h.organization_id = s.organization_id AND h.service_id = s.id
         AND (h.day_mask & CAST(\(bind: moment.dayBit) AS INTEGER)) <> 0 AND h.opens_minute IS NOT NULL AND h.closes_minute IS NOT NULL
         AND ((h.opens_minute <= h.closes_minute AND h.opens_minute <= \(bind: moment.minute) AND \(bind: moment.minute) < h.closes_minute)
           OR (h.opens_minute > h.closes_minute AND (\(bind: moment.minute) >= h.opens_minute OR \(bind: moment.minute) < h.closes_minute))))
        """
    }

    /// Free only, and an age within the service's range.
    static func filters(_ q: DirectoryQuery) -> SQLQueryString {
        var sql: SQLQueryString = ""
        if q.freeOnly { sql.appendInterpolation(SQLQueryString(" AND s.free = \(bind: true)")) }
        if let age = q.age.map(Double.init) {
            sql.appendInterpolation(SQLQueryString("""
                 AND (s.minimum_age IS NULL OR s.minimum_age <= \(bind: age)) AND (s.maximum_age IS NULL OR s.maximum_age >= \(bind: age))
                """))
        }
        return sql
    }

    /// The hits with the languages each service is given in, read for these hits only: a search ordered
    /// by linkage reads 200 candidates and shows 20.
    public static func withLanguages(_ hits: [Hit], on conn: Connection) async throws -> [Hit] {
        let languages = try await languages(of: hits.map { ($0.directoryID, $0.id) }, on: conn)
        return hits.map { hit in
            var hit = hit
            hit.languages = languages[hit.directoryID.text + "|" + hit.id] ?? []
            return hit
        }
    }

    /// How each engine matches the words (every word required, each as the start of a word) and the
    /// facets (one of each list), and scores the words alone: SQLite's FTS5 index with `peerway_rank`
    /// (the PeerwaySearchRank target: bm25 without its length normalisation, reading only the words'
    /// phrases, which come first in the query), PostgreSQL's `tsvector` with `ts_rank`. Names weigh
    /// most; the facets weigh nothing.
    static func textMatch(_ terms: [String], _ facets: [[String]], _ dialect: Dialect) -> (join: SQLQueryString, condition: SQLQueryString, score: SQLQueryString) {
        switch dialect {
        case .sqlite:
            return (" JOIN directory_search ON directory_search.rowid = s.rowid", "directory_search MATCH \(bind: ftsQuery(terms, facets))",
                    terms.isEmpty ? unscored : "peerway_rank(directory_search, \(unsafeRaw: String(terms.count)), 10.0, 5.0, 1.0, 0.0)")
        case .postgres:
            let words = terms.map { "\($0):*ABC" }.joined(separator: " & ")
            let query = ([words].filter { !$0.isEmpty } + facets.map { "(" + $0.map { "\($0):D" }.joined(separator: " | ") + ")" }).joined(separator: " & ")
            return ("", "s.search_vector @@ to_tsquery('simple', \(bind: query))",
                    terms.isEmpty ? unscored : "CAST(ts_rank(s.search_vector, to_tsquery('simple', \(bind: words))) AS DOUBLE PRECISION)")
        }
    }

    /// The need, the language and the map cells around "near", each a list of alternatives, all required.
    static func facets(_ q: DirectoryQuery, area: SearchArea?) -> [[String]] {
        var facets: [[String]] = []
        if let need = q.need { facets.append([DirectorySearchFacets.need(need)]) }
        if let language = q.language { facets.append(DirectoryLanguages.aliases(language).map(DirectorySearchFacets.language)) }
        if let area, let cells = DirectorySearchFacets.cells(area) { facets.append(cells) }
        return facets
    }

    /// The FTS5 query: the words first (`peerway_rank` reads only their phrases), then one of each facet list.
    static func ftsQuery(_ terms: [String], _ facets: [[String]]) -> String {
        var parts = facets.map { "search_facets : (" + $0.map { "\"\($0)\"" }.joined(separator: " OR ") + ")" }
        if !terms.isEmpty { parts.insert("{name organization_name description} : (" + terms.map { "\"\($0)\"*" }.joined(separator: " ") + ")", at: 0) }
        return parts.joined(separator: " AND ")
    }

    static func languages(of services: [(UUID, String)], on conn: Connection) async throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for (directory, ids) in Dictionary(grouping: services, by: \.0) {
            let found = try await conn.sql.select().column("service_id").column("code").from("directory_service_languages")
                .where("organization_id", .equal, directory).where("service_id", .in, ids.map(\.1)).orderBy("code").all()
            for row in found { out[directory.text + "|" + (try row.string("service_id")), default: []].append(try row.string("code")) }
        }
        return out
    }

    /// The middle of the places of `directories` in a city (by name) or a ZIP code, nil when none has coordinates there.
    public static func locate(_ place: String, directories: [UUID], on conn: Connection) async throws -> GeoPoint? {
        guard !directories.isEmpty else { return nil }
        let key = DirectoryService.Place.cityKey(place)
        let row = try await conn.sql.raw("""
            SELECT AVG(latitude) AS lat, AVG(longitude) AS lon FROM directory_service_places
            WHERE organization_id IN (\(SQLList(directories.map { SQLBind($0) }))) AND latitude IS NOT NULL AND longitude IS NOT NULL
              AND (city_key = \(bind: key) OR postal_code = \(bind: String(place.prefix(5))))
            """).first()
        guard let lat = try row?.decode(column: "lat", as: Double?.self), let lon = try row?.decode(column: "lon", as: Double?.self) else { return nil }
        return GeoPoint(latitude: lat, longitude: lon)
    }

    /// The id of the taxonomy term with `code` in a directory (a term without a code is found by its id).
    public static func termID(code: String, directory: UUID, on conn: Connection) async throws -> String? {
        let rows = try await conn.sql.select().column("hsds_table").column("body").from("directory_rows")
            .where("organization_id", .equal, directory).where("hsds_table", .equal, "taxonomy_term").all().map(DirectoryRecords.decode)
        return rows.first { ($0["code"] ?? $0.id) == code }?.id
    }

    /// The taxonomy terms of `directories` (code and name), by name: what the need filter offers.
    public static func terms(directories: [UUID], limit: Int = 300, on conn: Connection) async throws -> [(code: String, name: String)] {
        guard !directories.isEmpty else { return [] }
        let rows = try await conn.sql.select().column("hsds_table").column("body").from("directory_rows")
            .where("organization_id", .in, directories).where("hsds_table", .equal, "taxonomy_term").limit(limit).all()
            .map(DirectoryRecords.decode)
        var seen = Set<String>()
        return rows.compactMap { row -> (String, String)? in
            let code = row["code"] ?? row.id
            guard seen.insert(code).inserted else { return nil }
            return (code, row["name"] ?? code)
        }.sorted { $0.1.localizedCaseInsensitiveCompare($1.1) == .orderedAscending }
    }
}
