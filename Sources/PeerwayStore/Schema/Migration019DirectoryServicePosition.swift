import PeerwayCore
import SQLKit

/// The position of a service given at one place, on its own row (issue 12). A search near a place
/// measured each candidate's distance by looking its places up: for a need and a language within 10 km
/// of Chula Vista at county scale, 1,081 candidates and 0.8 ms of a 2.4 ms statement. Most services are
/// given at one place; their distance is now read from the row the search has already joined, and only
/// a service with several places (or none with coordinates) has its places looked up.
enum Migration019DirectoryServicePosition {
    static let migration = Migration(version: 19, name: "directory_service_position", statements: { _ in
        [
            "ALTER TABLE directory_services ADD COLUMN place_latitude DOUBLE PRECISION",
            "ALTER TABLE directory_services ADD COLUMN place_longitude DOUBLE PRECISION",
            // `DirectoryService.Place.onlyPosition` over the stored places, which hold one reading of each.
            """
            UPDATE directory_services SET
                place_latitude = (SELECT MIN(p.latitude) FROM directory_service_places p
                    WHERE p.organization_id = directory_services.organization_id AND p.service_id = directory_services.id
                    AND p.latitude IS NOT NULL AND p.longitude IS NOT NULL HAVING COUNT(*) = 1),
                place_longitude = (SELECT MIN(p.longitude) FROM directory_service_places p
                    WHERE p.organization_id = directory_services.organization_id AND p.service_id = directory_services.id
                    AND p.latitude IS NOT NULL AND p.longitude IS NOT NULL HAVING COUNT(*) = 1)
            WHERE EXISTS (SELECT 1 FROM directory_service_places p
                    WHERE p.organization_id = directory_services.organization_id AND p.service_id = directory_services.id)
            """,
        ]
    })
}
