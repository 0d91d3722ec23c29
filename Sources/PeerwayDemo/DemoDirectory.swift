import Foundation
import PeerwayCore
import PeerwayStore

/// A community resource directory for San Diego County, as HSDS 3.0 rows: the kinds of programs
/// PeerLINKS works with (health, mental health, substance use, housing, employment, immigration
/// services, basic needs, transportation, legal support, Homeless Court), each tagged with its need
/// (a taxonomy term), some free or low cost, some for an age range, with opening hours, a phone, an
/// address with coordinates in the county, and languages (English; Spanish on most; Vietnamese,
/// Tagalog and Arabic on some). It belongs to the county, which shares it with its providers.
/// Deterministic from the seed; written in bulk, a batch of services per transaction.
struct DemoDirectory {
    let seed: UInt64
    let services: Int
    let now: Date

    /// About one service for every two participants, and at least a few hundred: 50,000 at 100,000 participants.
    static func serviceCount(participants: Int) -> Int { max(400, participants / 2) }

    static let batchSize = 2_000

    struct Need {
        let code: String
        let name: String
        let services: [(name: String, description: String)]
    }

    static let needs: [Need] = [
        Need(code: "health", name: "Health care", services: [
            ("Community Health Clinic", "Primary care, vaccinations and screenings for adults and children, with or without insurance."),
            ("Mobile Medical Unit", "A medical van that visits shelters and parks for wound care, checkups and prescriptions."),
            ("Dental Clinic", "Cleanings, fillings and urgent dental care on a sliding scale."),
        ]),
        Need(code: "mental_health", name: "Mental health", services: [
            ("Walk-in Counseling", "Same-day counseling sessions for adults; no appointment needed."),
            ("Crisis Stabilization Unit", "Short stays of up to 23 hours for people in a mental health crisis, as an alternative to the emergency room."),
            ("Clubhouse", "A member-run community offering work-ordered days, meals and friendship for people living with mental illness."),
            ("Peer Warm Line", "Talk by phone with a peer who has lived experience of mental health challenges."),
        ]),
        Need(code: "substance_use", name: "Substance use", services: [
            ("Outpatient Recovery Program", "Group and individual counseling for alcohol and drug use, evenings available."),
            ("Medication for Addiction Treatment", "Buprenorphine and methadone with counseling, same-week starts."),
            ("Withdrawal Management", "Medically supervised detox in a residential setting."),
        ]),
        Need(code: "housing", name: "Housing", services: [
            ("Emergency Shelter", "Beds for the night, meals and showers; case managers help with next steps."),
            ("Housing Navigation", "Help finding and applying for housing, including housing vouchers and rapid rehousing."),
            ("Rental Assistance", "One-time help with rent or a deposit for households at risk of eviction."),
        ]),
        Need(code: "employment", name: "Employment", services: [
            ("Job Center", "Job search help, résumés, computers and interview practice."),
            ("Supported Employment", "Individual placement and support for people in mental health recovery who want to work."),
        ]),
        Need(code: "immigration", name: "Immigration services", services: [
            ("Immigration Legal Clinic", "Free consultations on immigration status, DACA renewals and asylum."),
            ("Refugee Resettlement Services", "Case management, English classes and benefits enrollment for refugee families."),
        ]),
        Need(code: "basic_needs", name: "Basic needs", services: [
            ("Food Pantry", "Groceries once a week for individuals and families; bring a bag."),
            ("Community Meal", "A hot meal served daily, no questions asked."),
            ("Showers and Laundry", "Free showers, laundry and hygiene kits."),
        ]),
        Need(code: "transportation", name: "Transportation", services: [
            ("Transit Pass Program", "Reduced-fare and free transit passes for people with low income or a disability."),
            ("Medical Rides", "Rides to medical and behavioral health appointments for Medi-Cal members."),
        ]),
        Need(code: "legal", name: "Legal support", services: [
            ("Legal Aid Clinic", "Free civil legal help with benefits, housing and family matters."),
            ("Record Clearance Clinic", "Help clearing criminal records and reducing fines and fees."),
        ]),
        Need(code: "homeless_court", name: "Homeless Court", services: [
            ("Homeless Court Program", "Resolves minor offenses and warrants for people experiencing homelessness who are working with a provider agency."),
        ]),
    ]

    /// Cities of the county with their centers.
    static let cities: [(name: String, zip: String, latitude: Double, longitude: Double)] = [
        ("San Diego", "92101", 32.7157, -117.1611), ("Chula Vista", "91910", 32.6401, -117.0842), ("Oceanside", "92054", 33.1959, -117.3795),
        ("Escondido", "92025", 33.1192, -117.0864), ("El Cajon", "92020", 32.7948, -116.9625), ("National City", "91950", 32.6781, -117.0992),
        ("Vista", "92083", 33.2000, -117.2425), ("San Marcos", "92069", 33.1434, -117.1661), ("La Mesa", "91942", 32.7678, -117.0231),
        ("Santee", "92071", 32.8384, -116.9739), ("Spring Valley", "91977", 32.7448, -116.9989), ("Lemon Grove", "91945", 32.7426, -117.0314),
        ("Imperial Beach", "91932", 32.5839, -117.1131), ("Carlsbad", "92008", 33.1581, -117.3506), ("Encinitas", "92024", 33.0370, -117.2920),
        ("Poway", "92064", 32.9628, -117.0359), ("Ramona", "92065", 33.0417, -116.8681), ("Fallbrook", "92028", 33.3764, -117.2511),
        ("San Ysidro", "92173", 32.5522, -117.0430), ("City Heights", "92105", 32.7486, -117.0957),
    ]

    static let orgWords = ["Harbor", "Mesa", "Canyon", "Bayside", "Sunrise", "Golden Hill", "Logan Heights", "Valley", "Coastal", "Frontera",
                           "Esperanza", "Unity", "Hope", "Pathways", "Open Door", "Neighbors", "Familias", "Bridges"]
    static let orgKinds = ["Community Services", "Health Center", "Recovery Center", "Family Resource Center", "Outreach", "Alliance",
                           "Community Clinic", "Center"]
    static let streets = ["Main St", "University Ave", "El Cajon Blvd", "Broadway", "Market St", "Imperial Ave", "Palm Ave", "Mission Ave",
                          "Grand Ave", "3rd Ave", "Euclid Ave", "National City Blvd", "Highland Ave", "Escondido Blvd"]
    static let weekdays = "MO,TU,WE,TH,FR"

    /// Writes the directory into `organizationID`'s (the county's) and shares it with its providers. Returns the services written.
    func generate(into db: Database, audit: AuditLog, organizationID: UUID, progress: (@Sendable (Int, Int) -> Void)?) async throws -> Int {
        var rng = SeededGenerator(seed: seed &+ 0xD1EC_7042)
        let source = HSDSSource(file: "demo", tabular: false)
        func row(_ table: String, _ fields: [String: HSDSValue]) -> HSDSRow { HSDSRow(table: table, fields: fields, source: source) }
        func id() -> HSDSValue { .string(rng.uuid().text) }

        let context = AuditContext(requestID: "demo-seed-\(seed)", clientAddress: "cli", actorLabel: "cli:demo")
        let taxonomyID = id()
        var head: [HSDSRow] = [row("taxonomy", ["id": taxonomyID, "name": .string("Peerway needs"),
                                                "description": .string("The needs a peer refers for, as San Diego's programs name them."),
                                                "version": .string("1")])]
        var termIDs: [String: HSDSValue] = [:]
        for need in Self.needs {
            let term = id()
            termIDs[need.code] = term
            head.append(row("taxonomy_term", ["id": term, "code": .string(need.code), "name": .string(need.name),
                                              "description": .string(need.name), "taxonomy_id": taxonomyID, "taxonomy": .string("Peerway needs")]))
        }
        let headRows = head
        try await db.write { conn in
            try await DirectoryRecords.upsert(headRows, organizationID, now: now, on: conn)
            try await DirectoryRecords.saveSettings(DirectorySettings(shareWithProviders: true), organizationID, now: now, on: conn)
        }

        var done = 0
        progress?(0, services)
        var organizationLeft = 0
        var organization: (id: HSDSValue, name: String, location: HSDSValue, phone: String)?
        while done < services {
            var rows: [HSDSRow] = []
            let count = min(Self.batchSize, services - done)
            // Each batch starts a new organization, so the facts of its services find their location in the batch.
            organizationLeft = 0
            for _ in 0..<count {
                if organizationLeft == 0 || organization == nil {
                    // A new organization with one location: 1 to 5 services there.
                    organizationLeft = Int.random(in: 1...5, using: &rng)
                    let city = rng.pick(Self.cities)
                    let name = "\(rng.pick([city.name] + Self.orgWords)) \(rng.pick(Self.orgKinds))"
                    let orgID = id(), locationID = id()
                    let phone = String(format: "(%03d) %03d-%04d", rng.pick([619, 858, 760]), Int.random(in: 200...999, using: &rng),
                                       Int.random(in: 0...9999, using: &rng))
                    rows.append(row("organization", ["id": orgID, "name": .string(name),
                                                     "description": .string("\(name) serves people across \(city.name) and nearby communities."),
                                                     "website": .string("https://example.org/\(orgID.cellText.prefix(8))")]))
                    let lat = city.latitude + Double(Int.random(in: -200...200, using: &rng)) / 10_000
                    let long = city.longitude + Double(Int.random(in: -200...200, using: &rng)) / 10_000
                    rows.append(row("location", ["id": locationID, "location_type": .string("physical"), "organization_id": orgID,
                                                 "name": .string(name), "latitude": .double((lat * 10_000).rounded() / 10_000),
                                                 "longitude": .double((long * 10_000).rounded() / 10_000)]))
                    rows.append(row("address", ["id": id(), "location_id": locationID,
                                                "address_1": .string("\(Int.random(in: 100...9999, using: &rng)) \(rng.pick(Self.streets))"),
                                                "city": .string(city.name), "state_province": .string("CA"), "postal_code": .string(city.zip),
                                                "country": .string("US"), "address_type": .string("physical")]))
                    organization = (orgID, name, locationID, phone)
                }
                organizationLeft -= 1
                guard let org = organization else { continue }
                let need = rng.weighted(Self.needs.map { ($0, $0.code == "homeless_court" ? 1 : 10) })
                let kind = rng.pick(need.services)
                let serviceID = id()
                var fields: [String: HSDSValue] = [
                    "id": serviceID, "organization_id": org.id, "name": .string(kind.name), "description": .string(kind.description),
                    "status": .string(rng.weighted([("active", 30), ("temporarily closed", 1)])),
                    "email": .string("info@\(org.id.cellText.prefix(8)).example.org"),
                    "assured_date": .string(CalendarDate(now.addingTimeInterval(-Double(Int.random(in: 1...700, using: &rng)) * 86_400),
                                                         in: TimeZone(identifier: "America/Los_Angeles")!).description),
                ]
                let free = Int.random(in: 0..<100, using: &rng) < 60
                fields["fees_description"] = .string(free ? "Free" : rng.pick(["Sliding scale by income", "Medi-Cal accepted; low cost without it"]))
                if Int.random(in: 0..<100, using: &rng) < 20 {
                    let youth = Bool.random(using: &rng)
                    fields["minimum_age"] = .int(youth ? 12 : 18)
                    fields["maximum_age"] = .int(youth ? 25 : 64)
                    fields["eligibility_description"] = .string(youth ? "Young people aged 12 to 25." : "Adults aged 18 to 64.")
                }
                rows.append(row("service", fields))
                rows.append(row("phone", ["id": id(), "service_id": serviceID, "number": .string(org.phone), "type": .string("voice")]))
                rows.append(row("service_at_location", ["id": id(), "service_id": serviceID, "location_id": org.location]))
                let weekend = Int.random(in: 0..<100, using: &rng) < 25
                let opens = rng.pick([7, 8, 9, 10]), closes = opens + rng.pick([4, 8, 9])
                rows.append(row("schedule", ["id": id(), "service_id": serviceID, "freq": .string("WEEKLY"),
                                             "byday": .string(weekend ? "SA,SU" : Self.weekdays),
                                             "opens_at": .string(String(format: "%02d:00", opens)), "closes_at": .string(String(format: "%02d:00", closes)),
                                             "description": .string(weekend ? "Weekends \(opens):00 to \(closes):00." : "Weekdays \(opens):00 to \(closes):00.")]))
                var languages: [(String, String)] = [("en", "English")]
                if Int.random(in: 0..<100, using: &rng) < 60 { languages.append(("es", "Spanish")) }
                if Int.random(in: 0..<100, using: &rng) < 8 { languages.append(("vi", "Vietnamese")) }
                if Int.random(in: 0..<100, using: &rng) < 8 { languages.append(("tl", "Tagalog")) }
                if Int.random(in: 0..<100, using: &rng) < 6 { languages.append(("ar", "Arabic")) }
                for (code, name) in languages {
                    rows.append(row("language", ["id": id(), "service_id": serviceID, "code": .string(code), "name": .string(name)]))
                }
                rows.append(row("attribute", ["id": id(), "link_id": serviceID, "link_entity": .string("service"), "link_type": .string("need"),
                                              "taxonomy_term_id": termIDs[need.code]!]))
                if free {
                    rows.append(row("cost_option", ["id": id(), "service_id": serviceID, "option": .string("Free"), "amount": .int(0),
                                                    "currency": .string("USD")]))
                }
                if Int.random(in: 0..<100, using: &rng) < 40 {
                    rows.append(row("required_document", ["id": id(), "service_id": serviceID,
                                                          "document": .string(rng.pick(["Photo ID if you have one", "Proof of San Diego County residence",
                                                                                        "Medi-Cal card", "Proof of income"]))]))
                }
            }
            let batch = rows
            // The taxonomy's terms, written first, give each service its need's code.
            let index = HSDSIndex(HSDSDataSet(batch + headRows))
            let facts = batch.filter { $0.table == "service" }.map { DirectoryService(serviceID: $0.id, in: index) }
            let written = done + count
            try await db.write { conn in
                try await DirectoryRecords.upsert(batch, organizationID, now: now, on: conn)
                try await DirectoryRecords.insertFacts(facts, organizationID, now: now, on: conn)
                try await audit.append(context, .importRun, resourceType: .directoryImport, organizationID: organizationID,
                                       detail: "demo data (seed \(seed)) services=\(written)", on: conn)
            }
            done = written
            progress?(done, services)
        }
        return done
    }
}
