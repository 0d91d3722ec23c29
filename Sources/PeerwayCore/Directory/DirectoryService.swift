import Foundation

/// A directory service as Peerway reads it beside its HSDS rows: the facts a search filters on,
/// kept typed in the store (`directory_services`, `directory_service_terms`, `directory_service_languages`,
/// `directory_service_places`, `directory_schedules`). Computed from the service's rows and those
/// around it: its locations, schedules, languages, costs, taxonomy terms (through attributes).
public struct DirectoryService: Sendable {
    public let serviceID: String
    let set: HSDSIndex
    let service: HSDSRow?

    public init(serviceID: String, in index: HSDSIndex) {
        self.serviceID = serviceID
        set = index
        service = index.row("service", id: serviceID)
    }

    public init(serviceID: String, in set: HSDSDataSet) {
        self.init(serviceID: serviceID, in: HSDSIndex(set))
    }

    func own(_ table: String) -> [HSDSRow] { set.rows(table, "service_id", serviceID) }

    var serviceAtLocations: [HSDSRow] { own("service_at_location") }

    var locations: [HSDSRow] {
        serviceAtLocations.compactMap { $0["location_id"] }.compactMap { set.row("location", id: $0) }
    }

    func atLocations(_ table: String) -> [HSDSRow] {
        serviceAtLocations.flatMap { set.rows(table, "service_at_location_id", $0.id) }
    }

    func ofLocations(_ table: String) -> [HSDSRow] {
        locations.flatMap { set.rows(table, "location_id", $0.id) }.filter { $0["service_id"] == nil }
    }

    func firstNonEmpty(_ lists: [[HSDSRow]]) -> [HSDSRow] { lists.first { !$0.isEmpty } ?? [] }

    public var name: String { service?["name"] ?? "" }
    public var description: String { service?["description"] ?? "" }
    public var status: String { service?["status"] ?? "" }
    public var organizationID: String? { service?["organization_id"] }
    public var organizationName: String? { organizationID.flatMap { set.row("organization", id: $0)?["name"] } }
    public var minimumAge: Double? { service?.number("minimum_age") }
    public var maximumAge: Double? { service?.number("maximum_age") }

    /// Codes of the taxonomy terms linked to the service by attributes (a term's id when it has no code).
    public var taxonomyCodes: [String] {
        let terms = set.rows("attribute", "link_id", serviceID).compactMap { $0["taxonomy_term_id"] }
        var out: [String] = []
        for id in terms {
            let code = set.row("taxonomy_term", id: id)?["code"] ?? id
            if !out.contains(code) { out.append(code) }
        }
        return out
    }

    var languageRows: [HSDSRow] { firstNonEmpty([own("language"), ofLocations("language")]) }

    /// ISO 639 codes of the languages spoken, lowercased (the name when a row has no code).
    public var languageCodes: [String] {
        var out: [String] = []
        for row in languageRows {
            guard let code = (row["code"] ?? row["name"])?.lowercased(), !out.contains(code) else { continue }
            out.append(code)
        }
        return out
    }

    /// Free when a cost option costs nothing, or the fees say "free" / "no cost" (English or Spanish "gratis").
    public var isFree: Bool {
        if own("cost_option").contains(where: { $0.number("amount") == 0 }) { return true }
        let words = [service?["fees_description"], service?["fees"]].compactMap { $0?.lowercased() }
            + own("cost_option").compactMap { $0["option"]?.lowercased() }
        return words.contains { $0.contains("free") || $0.contains("no cost") || $0.contains("gratis") }
    }

    public struct Place: Sendable, Equatable {
        public let serviceAtLocationID: String
        public let locationID: String
        public let latitude: Double?
        public let longitude: Double?
        /// The location's city, lowercased and without diacritics, as "near" looks it up.
        public let cityKey: String?
        public let postalCode: String?

        /// Its coordinates, when the location has valid ones.
        public var point: GeoPoint? { latitude.flatMap { lat in longitude.flatMap { GeoPoint(latitude: lat, longitude: $0) } } }

        /// The coordinates of the one place with coordinates, when there is exactly one (a place named
        /// twice counts once, by its first reading, as stored). Most services are given at one place, and
        /// the search measures their distance from this instead of looking their places up.
        public static func onlyPosition(_ places: [Place]) -> (latitude: Double, longitude: Double)? {
            var seen = Set<String>(), found: [(latitude: Double, longitude: Double)] = []
            for place in places where seen.insert(place.serviceAtLocationID).inserted {
                if let latitude = place.latitude, let longitude = place.longitude { found.append((latitude, longitude)) }
            }
            return found.count == 1 ? found[0] : nil
        }

        /// The key a city name is found by, typed or stored: "Chula Vista", "chula  vista" and "CHULA VISTA" alike.
        public static func cityKey(_ city: String) -> String {
            city.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
                .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
    }

    /// Where the service is given, with coordinates when the location has them.
    public var places: [Place] {
        serviceAtLocations.compactMap { sal in
            guard let locationID = sal["location_id"] else { return nil }
            let location = set.row("location", id: locationID)
            let addresses = set.rows("address", "location_id", locationID)
            let address = addresses.first { $0["address_type"] == "physical" } ?? addresses.first
            return Place(serviceAtLocationID: sal.id, locationID: locationID, latitude: location?.number("latitude"),
                         longitude: location?.number("longitude"), cityKey: address?["city"].map(Place.cityKey),
                         postalCode: address?["postal_code"].map { String($0.prefix(5)) })
        }
    }

    var address: HSDSRow? {
        let rows = ofLocationAddresses
        return rows.first { $0["address_type"] == "physical" } ?? rows.first
    }

    var ofLocationAddresses: [HSDSRow] { locations.flatMap { set.rows("address", "location_id", $0.id) } }

    public var schedules: [DirectorySchedule] {
        firstNonEmpty([own("schedule"), atLocations("schedule"), ofLocations("schedule")]).map(DirectorySchedule.init)
    }

    public var lastVerified: String? {
        if let assured = service?["assured_date"] { return String(assured.prefix(10)) }
        return service?["last_modified"].map { String($0.prefix(10)) }
    }
}

/// A data set with its rows found by id and by the fields that link them, so the facts of many
/// services are read without scanning every row for each.
public final class HSDSIndex: Sendable {
    let byID: [String: [String: HSDSRow]]
    let byLink: [String: [HSDSRow]]

    public init(_ set: HSDSDataSet) {
        var byID: [String: [String: HSDSRow]] = [:]
        var byLink: [String: [HSDSRow]] = [:]
        for (table, rows) in set.rows {
            var ids: [String: HSDSRow] = [:]
            let fields = HSDSCatalogue.table(table)?.references.map(\.field) ?? []
            for row in rows {
                if ids[row.id] == nil { ids[row.id] = row }
                for field in fields {
                    if let value = row[field] { byLink["\(table)|\(field)|\(value)", default: []].append(row) }
                }
            }
            byID[table] = ids
        }
        self.byID = byID
        self.byLink = byLink
    }

    public func row(_ table: String, id: String) -> HSDSRow? { byID[table]?[id] }

    /// Rows of `table` whose `field` (one of its references) holds `value`.
    public func rows(_ table: String, _ field: String, _ value: String) -> [HSDSRow] { byLink["\(table)|\(field)|\(value)"] ?? [] }

    /// Every service of the data set, by id.
    public var serviceIDs: [String] { byID["service"].map { Array($0.keys) } ?? [] }
}

/// One schedule row's hours, typed for "open now": the days (RFC 5545 `BYDAY` codes) and minutes of
/// the day it opens and closes.
public struct DirectorySchedule: Sendable, Equatable {
    public let id: String
    public let row: HSDSRow
    public let days: [String]
    public let opensMinute: Int?
    public let closesMinute: Int?

    init(_ row: HSDSRow) {
        self.row = row
        id = row.id
        days = (row["byday"] ?? "").split(separator: ",").map { String($0.trimmingCharacters(in: .whitespaces).suffix(2)).uppercased() }
            .filter { !$0.isEmpty }
        opensMinute = Self.minute(row["opens_at"])
        closesMinute = Self.minute(row["closes_at"])
    }

    /// The days as a mask, Monday = 1 … Sunday = 64; every day when the row names none.
    public var dayMask: Int {
        let order = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        let mask = days.compactMap { order.firstIndex(of: $0) }.reduce(0) { $0 | (1 << $1) }
        return mask == 0 ? 127 : mask
    }

    /// "09:00", "9:00:00", "0900" → minutes after midnight.
    static func minute(_ text: String?) -> Int? {
        guard let text else { return nil }
        let digits = text.split(separator: ":").map(String.init)
        if digits.count >= 2, let h = Int(digits[0]), let m = Int(digits[1]), (0...24).contains(h), (0..<60).contains(m) { return h * 60 + m }
        if text.count == 4, let v = Int(text), v / 100 <= 24, v % 100 < 60 { return v / 100 * 60 + v % 100 }
        return nil
    }

    var hoursText: String {
        let hours = [opensMinute, closesMinute].compactMap { $0 }.map(ServiceRules.timeText).joined(separator: "-")
        return [days.joined(separator: ","), hours].filter { !$0.isEmpty }.joined(separator: " ")
    }
}
