import Foundation
import SQLKit

/// Directory search: the words of every service in a full-text index, and the places' city and ZIP
/// code so "near Chula Vista" or "near 91910" finds a point without a geocoding service.
///
/// SQLite keeps an FTS5 index over `directory_services` (external content, kept in step by triggers);
/// PostgreSQL a generated `tsvector` with a GIN index. Both read the service's name, its organization's
/// name and its description, weighted in that order, with the `simple` rules (no stemming): a peer's
/// words match as the start of a word in English and Spanish alike.
enum Migration008DirectorySearch {
    static let migration = Migration(version: 8, name: "directory_search", statements: { dialect in
        var statements = [
            "ALTER TABLE directory_services ADD COLUMN organization_name TEXT",
            "ALTER TABLE directory_service_places ADD COLUMN city_key TEXT",
            "ALTER TABLE directory_service_places ADD COLUMN postal_code TEXT",
            "CREATE INDEX directory_service_places_city ON directory_service_places(organization_id, city_key)",
            "CREATE INDEX directory_service_places_postal ON directory_service_places(organization_id, postal_code)",
        ]
        switch dialect {
        case .sqlite:
            statements += [
                """
                CREATE VIRTUAL TABLE directory_search USING fts5(name, organization_name, description,
                    content='directory_services', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='2 3')
                """,
                """
                CREATE TRIGGER directory_search_insert AFTER INSERT ON directory_services BEGIN
                    INSERT INTO directory_search(rowid, name, organization_name, description)
                    VALUES (new.rowid, new.name, new.organization_name, new.description);
                END
                """,
                """
                CREATE TRIGGER directory_search_delete AFTER DELETE ON directory_services BEGIN
                    INSERT INTO directory_search(directory_search, rowid, name, organization_name, description)
                    VALUES ('delete', old.rowid, old.name, old.organization_name, old.description);
                END
                """,
                """
                CREATE TRIGGER directory_search_update AFTER UPDATE ON directory_services BEGIN
                    INSERT INTO directory_search(directory_search, rowid, name, organization_name, description)
                    VALUES ('delete', old.rowid, old.name, old.organization_name, old.description);
                    INSERT INTO directory_search(rowid, name, organization_name, description)
                    VALUES (new.rowid, new.name, new.organization_name, new.description);
                END
                """,
                "INSERT INTO directory_search(directory_search) VALUES ('rebuild')",
            ]
        case .postgres:
            statements += [
                """
                ALTER TABLE directory_services ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('simple', coalesce(name, '')), 'A')
                    || setweight(to_tsvector('simple', coalesce(organization_name, '')), 'B')
                    || setweight(to_tsvector('simple', coalesce(description, '')), 'C')) STORED
                """,
                "CREATE INDEX directory_services_search ON directory_services USING GIN (search_vector)",
            ]
        }
        return statements
    }, data: { conn, _ in
        // Directories imported before this step gain their organization names and places' cities.
        let organizations = try await conn.sql.raw("SELECT DISTINCT organization_id FROM directory_services").all()
            .map { try $0.uuid("organization_id") }
        for organizationID in organizations {
            let ids = try await conn.sql.select().column("id").from("directory_services").where("organization_id", .equal, organizationID).all()
                .map { try $0.string("id") }
            try await DirectoryRecords.refreshFacts(organizationID, serviceIDs: Set(ids), now: Date(), on: conn)
        }
    })
}
