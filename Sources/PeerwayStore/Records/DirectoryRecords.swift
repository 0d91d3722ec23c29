import Foundation
import PeerwayCore
import SQLKit
import SQLiteNIO

/// A directory's HSDS rows and the typed facts kept beside them (migration 7).
public enum DirectoryRecords {
    /// Rows per multi-row statement: well under both engines' limits on bound values.
    static let batchSize = 200

    // MARK: - Settings

    public static func settings(_ organizationID: UUID, on conn: Connection) async throws -> DirectorySettings {
        guard let row = try await conn.sql.raw("""
            SELECT share_with_providers, public_read_api, stale_after_days FROM directory_settings WHERE organization_id = \(bind: organizationID)
            """).first() else { return DirectorySettings() }
        return DirectorySettings(shareWithProviders: try row.bool("share_with_providers"), publicReadAPI: try row.bool("public_read_api"),
                                 staleAfterDays: try row.optionalInt("stale_after_days") ?? DirectoryCheckRules.defaultStaleAfterDays)
    }

    public static func saveSettings(_ s: DirectorySettings, _ organizationID: UUID, now: Date, on conn: Connection) async throws {
        try await conn.sql.raw("""
            INSERT INTO directory_settings (organization_id, share_with_providers, public_read_api, stale_after_days, updated_at)
            VALUES (\(bind: organizationID), \(bind: s.shareWithProviders), \(bind: s.publicReadAPI), \(bind: s.staleAfterDays), \(bind: now))
            ON CONFLICT (organization_id) DO UPDATE SET share_with_providers = excluded.share_with_providers,
                public_read_api = excluded.public_read_api, stale_after_days = excluded.stale_after_days, updated_at = excluded.updated_at
            """).run()
    }

    // MARK: - Rows

    /// Of `ids`, those the directory holds in `table`.
    public static func existingIDs(_ organizationID: UUID, table: String, ids: some Collection<String>, on conn: Connection) async throws -> Set<String> {
        var found = Set<String>()
        for chunk in Array(ids).chunked(500) {
            let rows = try await conn.sql.select().column("id").from("directory_rows")
                .where("organization_id", .equal, organizationID).where("hsds_table", .equal, table).where("id", .in, chunk).all()
            for row in rows { found.insert(try row.string("id")) }
        }
        return found
    }

    /// The stored JSON of the rows of `table` named by `ids`, and perhaps of others: when the ids are a
    /// large share of what the table holds (a whole directory imported again), the table is read in one
    /// pass instead of 500 ids at a time (a county directory's 440,956 rows: 882 statements).
    public static func bodies(_ organizationID: UUID, table: String, ids: [String], on conn: Connection) async throws -> [String: String] {
        var out: [String: String] = [:]
        if ids.count > 200, let stored = try await conn.sql.raw("""
            SELECT COUNT(*) AS n FROM directory_rows WHERE organization_id = \(bind: organizationID) AND hsds_table = \(bind: table)
            """).first()?.int("n"), ids.count * 4 >= stored {
            out.reserveCapacity(stored)
            let all = "SELECT id, body FROM directory_rows WHERE organization_id = ? AND hsds_table = ?"
            if let sqlite = conn.sqlite {
                for row in try await sqlite.query(all, [BulkValue.uuid(organizationID).sqlite, .text(table)]) {
                    if let id = row.column("id")?.string, let body = row.column("body")?.string { out[id] = body }
                }
            } else {
                for row in try await conn.sql.raw("SELECT id, body FROM directory_rows WHERE organization_id = \(bind: organizationID) AND hsds_table = \(bind: table)").all() {
                    out[try row.string("id")] = try row.string("body")
                }
            }
            return out
        }
        for chunk in ids.chunked(500) {
            let rows = try await conn.sql.select().column("id").column("body").from("directory_rows")
                .where("organization_id", .equal, organizationID).where("hsds_table", .equal, table).where("id", .in, chunk).all()
            for row in rows { out[try row.string("id")] = try row.string("body") }
        }
        return out
    }

    /// Inserts or replaces rows by (table, id), in the order given. Each piece's values (its canonical
    /// JSON above all) are computed while the piece before is written; `progress` hears the rows written.
    public static func upsert(_ rows: [HSDSRow], _ organizationID: UUID, now: Date, on conn: Connection,
                              progress: (@Sendable (Int) -> Void)? = nil) async throws {
        let org = BulkValue.uuid(organizationID), time = BulkValue.date(now)
        @Sendable func values(_ piece: ArraySlice<HSDSRow>) -> [[BulkValue]] {
            piece.map { row in
                [org, .text(row.table), .text(row.id), BulkValue(row["service_id"]), BulkValue(row["location_id"]), BulkValue(row["service_at_location_id"]),
                 BulkValue(row["organization_id"]), BulkValue(row["link_id"]), BulkValue(row["taxonomy_term_id"]), .text(row.canonicalJSON), time]
            }
        }
        let pieces = stride(from: 0, to: rows.count, by: 2000).map { rows[$0..<min($0 + 2000, rows.count)] }
        var ahead: Task<[[BulkValue]], Never>?
        defer { ahead?.cancel() }
        var done = 0
        for (i, piece) in pieces.enumerated() {
            let current = if let ahead { await ahead.value } else { values(piece) }
            ahead = i + 1 < pieces.count ? Task { [next = pieces[i + 1]] in values(next) } : nil
            try await conn.bulkInsert(into: "directory_rows", columns: rowColumns, rows: current, tail: """
                ON CONFLICT (organization_id, hsds_table, id) DO UPDATE SET service_id = excluded.service_id, location_id = excluded.location_id,
                    service_at_location_id = excluded.service_at_location_id, hsds_organization_id = excluded.hsds_organization_id,
                    link_id = excluded.link_id, taxonomy_term_id = excluded.taxonomy_term_id, body = excluded.body, updated_at = excluded.updated_at
                """, perStatement: batchSize)
            done += piece.count
            progress?(done)
        }
    }

    static let rowColumns = ["organization_id", "hsds_table", "id", "service_id", "location_id", "service_at_location_id",
                             "hsds_organization_id", "link_id", "taxonomy_term_id", "body", "updated_at"]

    /// Whether the directory holds no row yet.
    static func isEmpty(_ organizationID: UUID, on conn: Connection) async throws -> Bool {
        try await conn.sql.raw("SELECT 1 AS one FROM directory_rows WHERE organization_id = \(bind: organizationID) LIMIT 1").first() == nil
    }

    /// Removes rows (by table and id) a correction no longer has.
    public static func delete(_ rows: [HSDSRow], _ organizationID: UUID, on conn: Connection) async throws {
        for (table, group) in Dictionary(grouping: rows, by: \.table) {
            try await conn.sql.delete(from: "directory_rows").where("organization_id", .equal, organizationID).where("hsds_table", .equal, table)
                .where("id", .in, group.map(\.id)).run()
        }
    }

    static func decode(_ row: any SQLRow) throws -> HSDSRow {
        try HSDSRow(table: try row.string("hsds_table"), json: try row.string("body"), source: HSDSSource(file: "", tabular: false))
    }

    /// Every row of the directory, table by table in key order, a page at a time (export).
    public static func page(_ organizationID: UUID, table: String, after: String?, limit: Int, on conn: Connection) async throws -> [HSDSRow] {
        var q = conn.sql.select().column("hsds_table").column("body").column("id").from("directory_rows")
            .where("organization_id", .equal, organizationID).where("hsds_table", .equal, table)
        if let after { q = q.where("id", .greaterThan, after) }
        return try await q.orderBy("id").limit(limit).all().map(decode)
    }

    public static func count(_ organizationID: UUID, on conn: Connection) async throws -> [String: Int] {
        try await conn.counts("""
            SELECT hsds_table, COUNT(*) AS n FROM directory_rows WHERE organization_id = \(bind: organizationID) GROUP BY hsds_table
            """, by: "hsds_table")
    }

    /// Rows of the given tables whose `column` is one of `values`.
    static func rows(_ organizationID: UUID, where column: String, in values: Set<String>, tables: [String]? = nil,
                     on conn: Connection) async throws -> [HSDSRow] {
        var out: [HSDSRow] = []
        for chunk in Array(values).chunked(500) {
            var q = conn.sql.select().column("hsds_table").column("body").from("directory_rows")
                .where("organization_id", .equal, organizationID).where(SQLIdentifier(column), .in, chunk)
            if let tables { q = q.where("hsds_table", .in, tables) }
            out += try await q.all().map(decode)
        }
        return out
    }

    /// Where `related` and `affectedServices` read rows: those whose `column` is one of the values, of
    /// the tables given (all tables when nil).
    public typealias RowSource = @Sendable (_ column: String, _ values: Set<String>, _ tables: [String]?) async throws -> [HSDSRow]

    /// The stored directory's rows.
    static func stored(_ organizationID: UUID, on conn: Connection) -> RowSource {
        { column, values, tables in try await rows(organizationID, where: column, in: values, tables: tables, on: conn) }
    }

    /// The services named and the rows a summary and the typed facts read: their own rows (phones,
    /// schedules, languages, costs, documents, places), attributes and their terms, their organization,
    /// their locations with those locations' addresses, phones, schedules and languages.
    public static func related(_ organizationID: UUID, serviceIDs: Set<String>, on conn: Connection) async throws -> HSDSDataSet {
        try await related(serviceIDs: serviceIDs, from: stored(organizationID, on: conn))
    }

    static func related(serviceIDs: Set<String>, from rows: RowSource) async throws -> HSDSDataSet {
        guard !serviceIDs.isEmpty else { return HSDSDataSet() }
        var found = try await rows("id", serviceIDs, ["service"])
        found += try await rows("service_id", serviceIDs, nil)
        found += try await rows("link_id", serviceIDs, ["attribute"])
        let sals = found.filter { $0.table == "service_at_location" }
        let locations = Set(sals.compactMap { $0["location_id"] })
        let organizations = Set(found.filter { $0.table == "service" }.compactMap { $0["organization_id"] })
        let terms = Set(found.filter { $0.table == "attribute" }.compactMap { $0["taxonomy_term_id"] })
        found += try await rows("service_at_location_id", Set(sals.map(\.id)), nil).filter { $0["service_id"] == nil }
        found += try await rows("id", locations, ["location"])
        found += try await rows("location_id", locations, ["address", "phone", "schedule", "language"]).filter { $0["service_id"] == nil }
        found += try await rows("id", organizations, ["organization"])
        found += try await rows("id", terms, ["taxonomy_term"])
        var set = HSDSDataSet()
        var seen = Set<String>()
        for row in found where seen.insert("\(row.table)|\(row.id)").inserted { set.append(row) }
        return set
    }

    /// Services whose facts depend on the rows given: the services themselves, the services those rows
    /// belong to, and the services at changed locations or tagged with changed terms.
    static func affectedServices(by changed: [HSDSRow], from rows: RowSource) async throws -> Set<String> {
        var services = Set<String>()
        var locations = Set<String>()
        var sals = Set<String>()
        var terms = Set<String>()
        for row in changed {
            switch row.table {
            case "service": services.insert(row.id)
            case "location": locations.insert(row.id)
            case "taxonomy_term": terms.insert(row.id)
            case "attribute": if let link = row["link_id"] { services.insert(link) }
            default: break
            }
            if let id = row["service_id"] { services.insert(id) } else if let id = row["service_at_location_id"] { sals.insert(id) }
            else if let id = row["location_id"] { locations.insert(id) }
        }
        for sal in try await rows("location_id", locations, ["service_at_location"]) + rows("id", sals, ["service_at_location"]) {
            if let id = sal["service_id"] { services.insert(id) }
        }
        for attribute in try await rows("taxonomy_term_id", terms, ["attribute"]) {
            if let id = attribute["link_id"] { services.insert(id) }
        }
        return services
    }

    // MARK: - Nested reads (the HSDS read API)

    /// The column of `directory_rows` holding a row's `field`, for the links the loaders follow.
    static func column(for field: String) -> String? { linkColumns[field] }

    /// Each link field a row may hold, and the column of `directory_rows` it is copied into.
    static let linkColumns = ["service_id": "service_id", "location_id": "location_id", "service_at_location_id": "service_at_location_id",
                              "organization_id": "hsds_organization_id", "link_id": "link_id", "taxonomy_term_id": "taxonomy_term_id"]

    /// The rows `HSDSView` nests under the rows of `table` named by `ids`, walking the same relations it
    /// does (a table already on the way down is not entered again). Links without a column of their
    /// own (a contact's phones, a phone's languages, metadata) are not followed.
    public static func tree(_ organizationID: UUID, table: String, ids: Set<String>, arrays: Bool = true, on conn: Connection) async throws -> HSDSDataSet {
        var set = HSDSDataSet()
        var seen = Set<String>()
        func keep(_ rows: [HSDSRow]) -> [HSDSRow] {
            let new = rows.filter { seen.insert("\($0.table)|\($0.id)").inserted }
            for row in new { set.append(row) }
            return new
        }
        var frontier: [(table: String, rows: [HSDSRow], ancestors: [String])] = [
            (table, keep(try await rows(organizationID, where: "id", in: ids, tables: [table], on: conn)), []),
        ]
        while let (name, parents, ancestors) = frontier.popLast() {
            guard !parents.isEmpty, let parent = HSDSCatalogue.table(name) else { continue }
            let below = ancestors + [name]
            for child in parent.children where !below.contains(child.table) {
                guard let childTable = HSDSCatalogue.table(child.table) else { continue }
                var found: [HSDSRow] = []
                if child.many {
                    guard arrays, let link = HSDSCatalogue.arrayLink(child: childTable, parent: name), let column = column(for: link.field) else { continue }
                    found = try await rows(organizationID, where: column, in: Set(parents.map(\.id)), tables: [child.table], on: conn)
                } else if let field = HSDSCatalogue.singleLink(parent: parent, child: child.table) {
                    found = try await rows(organizationID, where: "id", in: Set(parents.compactMap { $0[field] }), tables: [child.table], on: conn)
                }
                let new = keep(found)
                if arrays { frontier.append((child.table, new, below)) }
            }
        }
        return set
    }

    /// Rows of one table in id order, a page at a time, and how many there are; `filter` narrows
    /// services in SQL (words through the search index) and taxonomies and their terms in memory.
    /// `after` starts past the row of that id (a stream's next piece); with `counted` false the total
    /// is not counted and reads 0.
    public static func list(_ organizationID: UUID, table: String, filter: HSDSReadFilter = HSDSReadFilter(), limit: Int, offset: Int,
                            after: String? = nil, counted: Bool = true, on conn: Connection) async throws -> (rows: [HSDSRow], total: Int) {
        let inMemory = ["taxonomy", "taxonomy_term", "organization"]
        if !filter.isEmpty, inMemory.contains(table) {
            var query = conn.sql.select().column("hsds_table").column("body").from("directory_rows")
                .where("organization_id", .equal, organizationID).where("hsds_table", .equal, table)
            if let after { query = query.where("id", .greaterThan, after) }
            let all = try await query.orderBy("id").all().map(decode).filter(filter.admits)
            return (Array(all.dropFirst(offset).prefix(limit)), all.count)
        }
        guard let condition = try await condition(organizationID, table: table, filter: filter, after: after, on: conn) else { return ([], 0) }
        var page = SQLQueryString("SELECT r.hsds_table, r.body FROM directory_rows r WHERE ")
        page.appendInterpolation(condition)
        page.appendInterpolation(SQLQueryString(" ORDER BY r.id LIMIT \(bind: limit) OFFSET \(bind: offset)"))
        let rows = try await conn.sql.raw(page).all().map(decode)
        return (rows, counted ? try await count(condition, on: conn) : 0)
    }

    /// The ids of a page of services and when each was stored (the read API's `minimal`).
    public static func listStored(_ organizationID: UUID, table: String, filter: HSDSReadFilter, limit: Int, offset: Int,
                                  after: String? = nil, counted: Bool = true, on conn: Connection) async throws -> (rows: [(id: String, updatedAt: Date)], total: Int) {
        guard let condition = try await condition(organizationID, table: table, filter: filter, after: after, on: conn) else { return ([], 0) }
        var page = SQLQueryString("SELECT r.id, r.updated_at FROM directory_rows r WHERE ")
        page.appendInterpolation(condition)
        page.appendInterpolation(SQLQueryString(" ORDER BY r.id LIMIT \(bind: limit) OFFSET \(bind: offset)"))
        let rows = try await conn.sql.raw(page).all().map { (id: try $0.string("id"), updatedAt: try $0.date("updated_at")) }
        return (rows, counted ? try await count(condition, on: conn) : 0)
    }

    static func count(_ condition: SQLQueryString, on conn: Connection) async throws -> Int {
        var count = SQLQueryString("SELECT COUNT(*) AS n FROM directory_rows r WHERE ")
        count.appendInterpolation(condition)
        return try await conn.sql.raw(count).first()?.int("n") ?? 0
    }

    /// The condition on `directory_rows r` of a page of `table` meeting `filter`; nil when nothing can
    /// (a proximity around a postcode no place of the directory has).
    static func condition(_ organizationID: UUID, table: String, filter: HSDSReadFilter, after: String? = nil,
                          on conn: Connection) async throws -> SQLQueryString? {
        var condition = SQLQueryString("r.organization_id = \(bind: organizationID) AND r.hsds_table = \(bind: table)")
        if let after { condition.appendInterpolation(SQLQueryString(" AND r.id > \(bind: after)")) }
        if let after = filter.modifiedAfter, table == "service" || table == "service_at_location" {
            condition.appendInterpolation(SQLQueryString(" AND r.updated_at > \(bind: after)"))
        }
        if table == "service" {
            condition.appendInterpolation(try await serviceCondition(organizationID, "r", filter, on: conn))
        } else if table == "service_at_location" {
            // The service filters ask of the service each names.
            if filter.filtersServices {
                condition.appendInterpolation(SQLQueryString("""
                     AND r.service_id IN (SELECT sv.id FROM directory_rows sv WHERE sv.organization_id = \(bind: organizationID) AND sv.hsds_table = 'service'
                    """))
                condition.appendInterpolation(try await serviceCondition(organizationID, "sv", filter, on: conn))
                condition.appendLiteral(")")
            }
            if let postcode = filter.postcode {
                if let metres = filter.proximity {
                    guard let center = try await DirectorySearchRecords.locate(postcode, directories: [organizationID], on: conn) else { return nil }
                    let area = SearchArea(center: center, radiusKm: metres / 1000)
                    let k = area.longitudeScale, lat = center.latitude, lon = center.longitude
                    condition.appendInterpolation(SQLQueryString("""
                         AND r.id IN (SELECT p.service_at_location_id FROM directory_service_places p WHERE p.organization_id = \(bind: organizationID)
                         AND p.latitude BETWEEN \(bind: area.minLatitude) AND \(bind: area.maxLatitude)
                         AND p.longitude BETWEEN \(bind: area.minLongitude) AND \(bind: area.maxLongitude)
                         AND (p.latitude - \(bind: lat)) * (p.latitude - \(bind: lat))
                             + ((p.longitude - \(bind: lon)) * \(bind: k)) * ((p.longitude - \(bind: lon)) * \(bind: k)) <= \(bind: area.radiusSquaredDegrees))
                        """))
                } else {
                    condition.appendInterpolation(SQLQueryString("""
                         AND r.id IN (SELECT p.service_at_location_id FROM directory_service_places p WHERE p.organization_id = \(bind: organizationID)
                         AND p.postal_code = \(bind: postcode))
                        """))
                }
            }
        }
        return condition
    }

    /// The service filters (`organization_id`, `taxonomy_term_id`, `taxonomy_id`, `search`) on the
    /// service rows aliased `alias`. Each subquery names the directory by its bound id, not the outer
    /// row's column: uncorrelated, it is run once, where a correlated one ran the words' match again for
    /// every row (a minute for the county's services at locations).
    static func serviceCondition(_ organizationID: UUID, _ alias: String, _ filter: HSDSReadFilter, on conn: Connection) async throws -> SQLQueryString {
        var condition = SQLQueryString("")
        if let organization = filter.organizationID {
            condition.appendInterpolation(SQLQueryString(" AND \(unsafeRaw: alias).hsds_organization_id = \(bind: organization)"))
        }
        var termIDs: [String] = filter.taxonomyTermID.map { [$0] } ?? []
        if let taxonomy = filter.taxonomyID {
            var byTaxonomy = HSDSReadFilter()
            byTaxonomy.taxonomyID = taxonomy
            let terms = try await conn.sql.select().column("hsds_table").column("body").from("directory_rows")
                .where("organization_id", .equal, organizationID).where("hsds_table", .equal, "taxonomy_term").all().map(decode)
                .filter(byTaxonomy.admits).map(\.id)
            termIDs = filter.taxonomyTermID.map { terms.contains($0) ? [$0] : [] } ?? terms
        }
        if filter.taxonomyTermID != nil || filter.taxonomyID != nil {
            condition.appendInterpolation(SQLQueryString("""
                 AND \(unsafeRaw: alias).id IN (SELECT a.link_id FROM directory_rows a WHERE a.organization_id = \(bind: organizationID)
                 AND a.hsds_table = 'attribute' AND a.taxonomy_term_id IN (\(SQLList((termIDs.isEmpty ? [""] : termIDs).map { SQLBind($0) }))))
                """))
        }
        if let search = filter.search {
            let terms = DirectorySearchRules.terms(search)
            if terms.isEmpty {
                condition.appendLiteral(" AND 1 = 0")
            } else {
                let text = DirectorySearchRecords.textMatch(terms, [], conn.dialect)
                condition.appendInterpolation(SQLQueryString(" AND \(unsafeRaw: alias).id IN (SELECT s.id FROM directory_services s"))
                condition.appendInterpolation(text.join)
                condition.appendInterpolation(SQLQueryString(" WHERE s.organization_id = \(bind: organizationID) AND "))
                condition.appendInterpolation(text.condition)
                condition.appendLiteral(")")
            }
        }
        return condition
    }

    // MARK: - Typed facts

    /// Replaces the typed facts of `serviceIDs` with those computed from their stored rows (a service no
    /// longer stored loses its facts), read one piece at a time through the connection that writes.
    public static func refreshFacts(_ organizationID: UUID, serviceIDs: Set<String>, now: Date, on conn: Connection) async throws {
        for chunk in Array(serviceIDs).sorted().chunked(500) {
            let set = try await related(serviceIDs: Set(chunk), from: stored(organizationID, on: conn))
            let index = HSDSIndex(set)
            let facts = FactRows(set["service"].map { DirectoryService(serviceID: $0.id, in: index) }, organizationID, now: now)
            for table in factTables {
                let column = table == "directory_services" ? "id" : "service_id"
                try await conn.sql.delete(from: table).where("organization_id", .equal, organizationID).where(SQLIdentifier(column), .in, chunk).run()
            }
            try await facts.insert(on: conn)
        }
    }

    static let factTables = ["directory_services", "directory_service_terms", "directory_service_languages", "directory_service_places", "directory_schedules"]

    /// Writes the typed facts of every service of `index`, the whole directory as it will be stored (an
    /// import into an empty directory): computed from the rows in memory instead of reading back and
    /// decoding what was just written, each piece's facts while the piece before is written.
    static func insertFacts(of index: HSDSIndex, _ organizationID: UUID, now: Date, on conn: Connection) async throws {
        for table in factTables { try await conn.sql.delete(from: table).where("organization_id", .equal, organizationID).run() }
        let chunks = index.serviceIDs.sorted().chunked(500)
        @Sendable func compute(_ chunk: [String]) -> FactRows {
            FactRows(chunk.map { DirectoryService(serviceID: $0, in: index) }, organizationID, now: now)
        }
        var ahead: Task<FactRows, Never>?
        defer { ahead?.cancel() }
        for (i, chunk) in chunks.enumerated() {
            let facts = if let ahead { await ahead.value } else { compute(chunk) }
            ahead = i + 1 < chunks.count ? Task { [next = chunks[i + 1]] in compute(next) } : nil
            try await facts.insert(on: conn)
        }
    }

    /// Writes the typed facts of services whose facts are not stored yet (an import's new services, the demo).
    public static func insertFacts(_ facts: [DirectoryService], _ organizationID: UUID, now: Date, on conn: Connection) async throws {
        try await FactRows(facts, organizationID, now: now).insert(on: conn)
    }

    /// The rows of the fact tables for some services, computed apart from their writing (on another core
    /// while the piece before is written). Each service's facts are computed from its rows once, for its
    /// row, its facets and the fact tables.
    struct FactRows: Sendable {
        var services: [[BulkValue]] = []
        var terms: [[BulkValue]] = []
        var languages: [[BulkValue]] = []
        var places: [[BulkValue]] = []
        var schedules: [[BulkValue]] = []

        init(_ facts: [DirectoryService], _ organizationID: UUID, now: Date) {
            let org = BulkValue.uuid(organizationID), time = BulkValue.date(now)
            for f in facts {
                let id = BulkValue.text(f.serviceID)
                let needs = f.taxonomyCodes, spoken = f.languageCodes, located = f.places
                let facets = DirectorySearchFacets.text(languages: spoken, needs: needs, places: located.compactMap(\.point))
                let only = DirectoryService.Place.onlyPosition(located)
                services.append([org, id, BulkValue(f.organizationID), BulkValue(f.organizationName), .text(f.name), .text(f.description),
                                 .text(f.status), .bool(f.isFree), BulkValue(f.minimumAge), BulkValue(f.maximumAge), BulkValue(f.lastVerified), time,
                                 .text(facets), BulkValue(only?.latitude), BulkValue(only?.longitude)])
                for code in needs { terms.append([org, id, .text(code)]) }
                for code in spoken { languages.append([org, id, .text(code)]) }
                for p in located {
                    places.append([org, id, .text(p.serviceAtLocationID), .text(p.locationID), BulkValue(p.latitude), BulkValue(p.longitude),
                                   BulkValue(p.cityKey), BulkValue(p.postalCode)])
                }
                for s in f.schedules {
                    schedules.append([org, id, .text(s.id), .integer(s.dayMask), BulkValue(s.opensMinute), BulkValue(s.closesMinute)])
                }
            }
        }

        func insert(on conn: Connection) async throws {
            // A schedule or place named twice for one service in a file keeps its first reading.
            let tail = "ON CONFLICT DO NOTHING"
            try await conn.bulkInsert(into: "directory_services", columns: ["organization_id", "id", "hsds_organization_id", "organization_name", "name",
                                                                           "description", "status", "free", "minimum_age", "maximum_age", "last_verified",
                                                                           "updated_at", "search_facets", "place_latitude", "place_longitude"],
                                      rows: services, tail: tail, perStatement: batchSize)
            try await conn.bulkInsert(into: "directory_service_terms", columns: ["organization_id", "service_id", "code"], rows: terms, tail: tail,
                                      perStatement: batchSize)
            try await conn.bulkInsert(into: "directory_service_languages", columns: ["organization_id", "service_id", "code"], rows: languages, tail: tail,
                                      perStatement: batchSize)
            try await conn.bulkInsert(into: "directory_service_places", columns: ["organization_id", "service_id", "service_at_location_id", "location_id",
                                                                                 "latitude", "longitude", "city_key", "postal_code"],
                                      rows: places, tail: tail, perStatement: batchSize)
            try await conn.bulkInsert(into: "directory_schedules", columns: ["organization_id", "service_id", "schedule_id", "day_mask", "opens_minute",
                                                                            "closes_minute"],
                                      rows: schedules, tail: tail, perStatement: batchSize)
        }
    }
}

extension Array {
    /// The array in pieces of at most `size`, in order.
    func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
