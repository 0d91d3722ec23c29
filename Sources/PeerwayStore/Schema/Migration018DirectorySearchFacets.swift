import Foundation
import PeerwayCore
import SQLKit

/// Directory search's filters matched in its full-text index (issue 12). Each service keeps its
/// languages, needs and map cells as words (`DirectorySearchFacets`) in a fourth, unranked column of
/// the index, so "housing" in Spanish near Chula Vista is one lookup that intersects the lists of
/// each, instead of thousands of word matches each checked against three tables. The places' indexes
/// end with their coordinates: a match's distance, and the middle of a city or ZIP code, are then read
/// from the index alone.
enum Migration018DirectorySearchFacets {
    static let placesByService = "directory_service_places_service_position"

    static let migration = Migration(version: 18, name: "directory_search_facets", statements: { dialect in
        var statements = [
            "ALTER TABLE directory_services ADD COLUMN search_facets TEXT NOT NULL DEFAULT ''",
            "CREATE INDEX \(placesByService) ON directory_service_places(organization_id, service_id, latitude, longitude)",
            // "Near" a city or ZIP code averages the coordinates of its places: read from the index alone
            // (Chula Vista's 2,487 places at county scale: 0.57 ms in the `sqlite3` shell with a row read each).
            "DROP INDEX directory_service_places_city",
            "CREATE INDEX directory_service_places_city ON directory_service_places(organization_id, city_key, latitude, longitude)",
            "DROP INDEX directory_service_places_postal",
            "CREATE INDEX directory_service_places_postal ON directory_service_places(organization_id, postal_code, latitude, longitude)",
        ]
        switch dialect {
        case .sqlite:
            statements += ["DROP TRIGGER directory_search_insert", "DROP TRIGGER directory_search_delete", "DROP TRIGGER directory_search_update",
                           "DROP TABLE directory_search"]
        case .postgres:
            statements += ["DROP INDEX directory_services_search", "ALTER TABLE directory_services DROP COLUMN search_vector"]
        }
        return statements
    }, data: { conn, _ in
        try await fillFacets(on: conn)
        for statement in index(conn.dialect) { try await conn.sql.raw("\(unsafeRaw: statement)").run() }
        try await Migration016ReportIndexes.analyze([placesByService, "directory_service_places_city", "directory_service_places_postal"], on: conn)
    })

    /// The index over the services' words and facets, filled from the rows (migration 8's, with the facets).
    static func index(_ dialect: Dialect) -> [String] {
        let columns = "name, organization_name, description, search_facets"
        switch dialect {
        case .sqlite:
            return [
                """
                CREATE VIRTUAL TABLE directory_search USING fts5(\(columns),
                    content='directory_services', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='2 3')
                """,
                """
                CREATE TRIGGER directory_search_insert AFTER INSERT ON directory_services BEGIN
                    INSERT INTO directory_search(rowid, \(columns))
                    VALUES (new.rowid, new.name, new.organization_name, new.description, new.search_facets);
                END
                """,
                """
                CREATE TRIGGER directory_search_delete AFTER DELETE ON directory_services BEGIN
                    INSERT INTO directory_search(directory_search, rowid, \(columns))
                    VALUES ('delete', old.rowid, old.name, old.organization_name, old.description, old.search_facets);
                END
                """,
                """
                CREATE TRIGGER directory_search_update AFTER UPDATE ON directory_services BEGIN
                    INSERT INTO directory_search(directory_search, rowid, \(columns))
                    VALUES ('delete', old.rowid, old.name, old.organization_name, old.description, old.search_facets);
                    INSERT INTO directory_search(rowid, \(columns))
                    VALUES (new.rowid, new.name, new.organization_name, new.description, new.search_facets);
                END
                """,
                "INSERT INTO directory_search(directory_search) VALUES ('rebuild')",
            ]
        case .postgres:
            return [
                """
                ALTER TABLE directory_services ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('simple', coalesce(name, '')), 'A')
                    || setweight(to_tsvector('simple', coalesce(organization_name, '')), 'B')
                    || setweight(to_tsvector('simple', coalesce(description, '')), 'C')
                    || setweight(to_tsvector('simple', search_facets), 'D')) STORED
                """,
                "CREATE INDEX directory_services_search ON directory_services USING GIN (search_vector)",
            ]
        }
    }

    /// Every stored service's facets, from the facts migration 7 keeps.
    static func fillFacets(on conn: Connection) async throws {
        struct Facts { var languages: [String] = [], needs: [String] = [], places: [GeoPoint] = [] }
        var facts: [String: Facts] = [:]
        func key(_ row: any SQLRow, _ column: String = "service_id") throws -> String { try row.uuid("organization_id").text + "|" + row.string(column) }
        for row in try await conn.sql.raw("SELECT organization_id, service_id, code FROM directory_service_languages ORDER BY code").all() {
            facts[try key(row), default: Facts()].languages.append(try row.string("code"))
        }
        for row in try await conn.sql.raw("SELECT organization_id, service_id, code FROM directory_service_terms ORDER BY code").all() {
            facts[try key(row), default: Facts()].needs.append(try row.string("code"))
        }
        for row in try await conn.sql.raw("""
            SELECT organization_id, service_id, latitude, longitude FROM directory_service_places
            WHERE latitude IS NOT NULL AND longitude IS NOT NULL ORDER BY service_at_location_id
            """).all() {
            guard let point = GeoPoint(latitude: try row.decode(column: "latitude", as: Double.self),
                                       longitude: try row.decode(column: "longitude", as: Double.self)) else { continue }
            facts[try key(row), default: Facts()].places.append(point)
        }
        for row in try await conn.sql.raw("SELECT organization_id, id FROM directory_services").all() {
            guard let f = facts[try key(row, "id")] else { continue }
            let text = DirectorySearchFacets.text(languages: f.languages, needs: f.needs, places: f.places)
            try await conn.sql.raw("""
                UPDATE directory_services SET search_facets = \(bind: text)
                WHERE organization_id = \(bind: try row.uuid("organization_id")) AND id = \(bind: try row.string("id"))
                """).run()
        }
    }
}
