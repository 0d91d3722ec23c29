/// The community resource directory (Open Referral HSDS 3.0), one per organization.
///
/// `directory_rows` holds every row of every HSDS table as the file gave it (canonical JSON, unknown
/// fields too), so a data set goes out as it came in; the links loaders follow are copied into columns.
/// The other tables are what search and the pages read typed, recomputed from the rows on each import:
/// a service's name, description, status, free flag, ages and last-verified date; its taxonomy codes
/// and languages one row each (an index range per filter); its places with coordinates; its hours.
enum Migration007Directory {
    static let migration = Migration(version: 7, name: "directory") { _ in
        [
            """
            CREATE TABLE directory_settings (
                organization_id {uuid} PRIMARY KEY REFERENCES organizations(id),
                share_with_providers {bool} NOT NULL,
                public_read_api {bool} NOT NULL,
                updated_at {timestamp} NOT NULL
            )
            """,
            // HSDS ids are the file's (UUIDs by the specification), unique within one organization's directory.
            """
            CREATE TABLE directory_rows (
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                hsds_table TEXT NOT NULL,
                id TEXT NOT NULL,
                service_id TEXT,
                location_id TEXT,
                service_at_location_id TEXT,
                hsds_organization_id TEXT,
                link_id TEXT,
                taxonomy_term_id TEXT,
                body TEXT NOT NULL,
                updated_at {timestamp} NOT NULL,
                PRIMARY KEY (organization_id, hsds_table, id)
            )
            """,
            "CREATE INDEX directory_rows_service ON directory_rows(organization_id, service_id) WHERE service_id IS NOT NULL",
            "CREATE INDEX directory_rows_location ON directory_rows(organization_id, location_id) WHERE location_id IS NOT NULL",
            "CREATE INDEX directory_rows_service_at_location ON directory_rows(organization_id, service_at_location_id) WHERE service_at_location_id IS NOT NULL",
            "CREATE INDEX directory_rows_organization ON directory_rows(organization_id, hsds_organization_id) WHERE hsds_organization_id IS NOT NULL",
            "CREATE INDEX directory_rows_link ON directory_rows(organization_id, link_id) WHERE link_id IS NOT NULL",
            "CREATE INDEX directory_rows_term ON directory_rows(organization_id, taxonomy_term_id) WHERE taxonomy_term_id IS NOT NULL",
            """
            CREATE TABLE directory_services (
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                id TEXT NOT NULL,
                hsds_organization_id TEXT,
                name TEXT NOT NULL,
                description TEXT NOT NULL,
                status TEXT NOT NULL,
                free {bool} NOT NULL,
                minimum_age DOUBLE PRECISION,
                maximum_age DOUBLE PRECISION,
                last_verified TEXT,
                updated_at {timestamp} NOT NULL,
                PRIMARY KEY (organization_id, id)
            )
            """,
            "CREATE INDEX directory_services_name ON directory_services(organization_id, name)",
            "CREATE INDEX directory_services_free ON directory_services(organization_id, free)",
            "CREATE INDEX directory_services_ages ON directory_services(organization_id, minimum_age, maximum_age)",
            """
            CREATE TABLE directory_service_terms (
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                service_id TEXT NOT NULL,
                code TEXT NOT NULL,
                PRIMARY KEY (organization_id, service_id, code)
            )
            """,
            "CREATE INDEX directory_service_terms_code ON directory_service_terms(organization_id, code, service_id)",
            """
            CREATE TABLE directory_service_languages (
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                service_id TEXT NOT NULL,
                code TEXT NOT NULL,
                PRIMARY KEY (organization_id, service_id, code)
            )
            """,
            "CREATE INDEX directory_service_languages_code ON directory_service_languages(organization_id, code, service_id)",
            """
            CREATE TABLE directory_service_places (
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                service_id TEXT NOT NULL,
                service_at_location_id TEXT NOT NULL,
                location_id TEXT NOT NULL,
                latitude DOUBLE PRECISION,
                longitude DOUBLE PRECISION,
                PRIMARY KEY (organization_id, service_id, service_at_location_id)
            )
            """,
            "CREATE INDEX directory_service_places_position ON directory_service_places(organization_id, latitude, longitude)",
            // Days as a mask (Monday = 1 … Sunday = 64), minutes after midnight: "open now" is arithmetic.
            """
            CREATE TABLE directory_schedules (
                organization_id {uuid} NOT NULL REFERENCES organizations(id),
                service_id TEXT NOT NULL,
                schedule_id TEXT NOT NULL,
                day_mask INTEGER NOT NULL,
                opens_minute INTEGER,
                closes_minute INTEGER,
                PRIMARY KEY (organization_id, service_id, schedule_id)
            )
            """,
        ]
    }
}
