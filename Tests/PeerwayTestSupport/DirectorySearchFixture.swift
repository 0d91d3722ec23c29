import Foundation
import PeerwayCore
import PeerwayStore

/// A small directory whose answers a test can state: five running services in San Diego County
/// (and one no longer running), each with one need, its languages, cost, ages and hours.
public enum DirectorySearchFixture {
    struct Entry {
        let name: String
        let organization: String
        let description: String
        let need: String
        let languages: [String]
        let free: Bool
        let ages: ClosedRange<Int>?
        let hours: (days: String, opens: String, closes: String)
        let city: (name: String, zip: String, latitude: Double, longitude: Double)
        var status = "active"
    }

    static let chulaVista = (name: "Chula Vista", zip: "91910", latitude: 32.6401, longitude: -117.0842)
    static let sanDiego = (name: "San Diego", zip: "92101", latitude: 32.7157, longitude: -117.1611)
    static let vista = (name: "Vista", zip: "92083", latitude: 33.2000, longitude: -117.2425)
    static let escondido = (name: "Escondido", zip: "92025", latitude: 33.1192, longitude: -117.0864)

    static let entries: [Entry] = [
        Entry(name: "Housing Navigation", organization: "Familias Center", description: "Help finding and applying for a place to live.",
              need: "housing", languages: ["en", "es"], free: true, ages: nil, hours: ("MO,TU,WE,TH,FR", "09:00", "17:00"), city: chulaVista),
        Entry(name: "Emergency Shelter", organization: "Harbor Outreach", description: "Beds for the night, meals and showers.",
              need: "housing", languages: ["en"], free: true, ages: nil, hours: ("MO,TU,WE,TH,FR,SA,SU", "18:00", "08:00"), city: sanDiego),
        Entry(name: "Job Center", organization: "Vista Alliance", description: "Job search help and interview practice.",
              need: "employment", languages: ["en", "spa"], free: false, ages: 18...64, hours: ("MO,TU,WE,TH,FR", "08:00", "16:00"), city: vista),
        Entry(name: "Vivienda Familiar", organization: "Hogar Escondido", description: "Ayuda con vivienda y alquiler para familias.",
              need: "housing", languages: ["es"], free: true, ages: nil, hours: ("SA", "10:00", "14:00"), city: escondido),
        Entry(name: "Youth Housing Help", organization: "Bridges Outreach", description: "Transitional housing for young people.",
              need: "housing", languages: ["en"], free: false, ages: 12...25, hours: ("TU", "13:00", "15:00"), city: sanDiego),
        Entry(name: "Old Housing Program", organization: "Closed Agency", description: "Housing help that no longer runs.",
              need: "housing", languages: ["en", "es"], free: true, ages: nil, hours: ("MO", "09:00", "17:00"), city: chulaVista, status: "inactive"),
    ]

    static let source = HSDSSource(file: "fixture", tabular: false)

    /// The HSDS id of the `index`th service (1: Housing Navigation, 2: Emergency Shelter, 3: Job Center, …).
    public static func serviceID(_ index: Int) -> String { String(format: "00000000-0000-4000-8001-%012d", index) }

    static func serviceRows(_ e: Entry, index: Int, termIDs: [String: String]) -> [HSDSRow] {
        func row(_ table: String, _ fields: [String: HSDSValue]) -> HSDSRow { HSDSRow(table: table, fields: fields, source: source) }
        let id = { (kind: Int) in HSDSValue.string(String(format: "00000000-0000-4000-8%03d-%012d", kind, index)) }
        var service: [String: HSDSValue] = ["id": id(1), "organization_id": id(2), "name": .string(e.name), "description": .string(e.description),
                                            "status": .string(e.status), "fees_description": .string(e.free ? "Free" : "Sliding scale")]
        if let ages = e.ages {
            service["minimum_age"] = .int(Int64(ages.lowerBound))
            service["maximum_age"] = .int(Int64(ages.upperBound))
        }
        var out = [
            row("organization", ["id": id(2), "name": .string(e.organization), "description": .string(e.organization)]),
            row("location", ["id": id(3), "location_type": .string("physical"), "organization_id": id(2), "latitude": .double(e.city.latitude),
                             "longitude": .double(e.city.longitude)]),
            row("address", ["id": id(4), "location_id": id(3), "address_1": .string("\(100 + index) Main St"), "city": .string(e.city.name),
                            "state_province": .string("CA"), "postal_code": .string(e.city.zip), "country": .string("US"),
                            "address_type": .string("physical")]),
            row("service", service),
            row("service_at_location", ["id": id(5), "service_id": id(1), "location_id": id(3)]),
            row("schedule", ["id": id(6), "service_id": id(1), "byday": .string(e.hours.days), "opens_at": .string(e.hours.opens),
                             "closes_at": .string(e.hours.closes)]),
            row("attribute", ["id": id(7), "link_id": id(1), "link_entity": .string("service"), "taxonomy_term_id": .string(termIDs[e.need]!)]),
            row("phone", ["id": id(8), "service_id": id(1), "number": .string("(619) 555-01\(String(format: "%02d", index % 100))")]),
        ]
        for (i, language) in e.languages.enumerated() {
            out.append(row("language", ["id": .string(String(format: "00000000-0000-4000-9%03d-%012d", i, index)), "service_id": id(1),
                                        "code": .string(language)]))
        }
        return out
    }

    static func head() -> (rows: [HSDSRow], termIDs: [String: String]) {
        var rows = [HSDSRow(table: "taxonomy", fields: ["id": .string("00000000-0000-4000-a000-000000000000"), "name": .string("Needs"),
                                                        "description": .string("Needs")], source: source)]
        var termIDs: [String: String] = [:]
        for (i, need) in ["housing", "employment", "basic_needs"].enumerated() {
            let id = String(format: "00000000-0000-4000-a000-%012d", i + 1)
            termIDs[need] = id
            rows.append(HSDSRow(table: "taxonomy_term", fields: ["id": .string(id), "code": .string(need), "name": .string(need.capitalized),
                                                                 "description": .string(need), "taxonomy_id": .string("00000000-0000-4000-a000-000000000000")],
                                source: source))
        }
        return (rows, termIDs)
    }

    /// Writes the six services (and their taxonomy) into `organizationID`'s directory, with their typed facts.
    public static func write(into db: Database, organizationID: UUID) async throws {
        let (headRows, termIDs) = head()
        let all = headRows + entries.enumerated().flatMap { serviceRows($0.element, index: $0.offset + 1, termIDs: termIDs) }
        try await store(all, into: db, organizationID: organizationID)
    }

    /// Gives the `index`th service a second place, at a point of `city`.
    public static func addPlace(toService index: Int, in city: String, zip: String, latitude: Double, longitude: Double,
                                into db: Database, organizationID: UUID) async throws {
        func row(_ table: String, _ fields: [String: HSDSValue]) -> HSDSRow { HSDSRow(table: table, fields: fields, source: source) }
        let id = { (kind: Int) in HSDSValue.string(String(format: "00000000-0000-4000-8%03d-%012d", kind, index)) }
        try await store([
            row("location", ["id": id(13), "location_type": .string("physical"), "organization_id": id(2), "latitude": .double(latitude),
                             "longitude": .double(longitude)]),
            row("address", ["id": id(14), "location_id": id(13), "address_1": .string("1 Second St"), "city": .string(city),
                            "state_province": .string("CA"), "postal_code": .string(zip), "country": .string("US"), "address_type": .string("physical")]),
            row("service_at_location", ["id": id(15), "service_id": id(1), "location_id": id(13)]),
        ], serviceIDs: [serviceID(index)], into: db, organizationID: organizationID)
    }

    /// `count` more services alike but for their number, all named "Food Pantry N".
    public static func writeMany(_ count: Int, into db: Database, organizationID: UUID, name: String = "Food Pantry", status: String = "active",
                                 firstIndex: Int = 100) async throws {
        let termIDs = head().termIDs
        let rows = (0..<count).flatMap { n in
            serviceRows(Entry(name: "\(name) \(n)", organization: "Pantry Network", description: "Groceries once a week.", need: "basic_needs",
                              languages: ["en"], free: true, ages: nil, hours: ("MO", "09:00", "12:00"), city: sanDiego, status: status),
                        index: firstIndex + n, termIDs: termIDs)
        }
        try await store(rows, into: db, organizationID: organizationID)
    }

    static func store(_ rows: [HSDSRow], serviceIDs: Set<String> = [], into db: Database, organizationID: UUID) async throws {
        let services = serviceIDs.union(rows.filter { $0.table == "service" }.map(\.id))
        try await db.write { conn in
            try await DirectoryRecords.upsert(rows, organizationID, now: Date(timeIntervalSince1970: 1_790_000_000), on: conn)
            try await DirectoryRecords.refreshFacts(organizationID, serviceIDs: services, now: Date(timeIntervalSince1970: 1_790_000_000), on: conn)
        }
    }
}
