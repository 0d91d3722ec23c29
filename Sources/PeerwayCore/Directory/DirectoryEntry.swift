import Foundation

/// What a curator types to add a service to the directory or to correct one. Adding also names its
/// organization, address and need; a correction changes the service's own facts (its words, status,
/// phone, hours, languages, cost, ages, eligibility, links) and leaves where it is and who runs it to
/// the imports and to the add form.
public struct DirectoryEntryDraft: Sendable, Equatable {
    public var name = ""
    public var description = ""
    public var status = "active"
    public var organizationName = ""
    public var street = ""
    public var city = ""
    public var state = ""
    public var postalCode = ""
    /// A taxonomy term's code.
    public var need: String?
    public var phone = ""
    /// RFC 5545 day codes (`MO` … `SU`).
    public var days: [String] = []
    public var opens = ""
    public var closes = ""
    /// ISO 639 codes.
    public var languages: [String] = []
    public var free = false
    public var fees = ""
    public var minimumAge: Int?
    public var maximumAge: Int?
    public var eligibility = ""
    public var applicationProcess = ""
    public var url = ""
    public var email = ""

    public init() {}

    /// The draft a correction starts from: the service as the directory holds it.
    public init(_ s: DirectoryService) {
        name = s.name
        description = s.description
        status = s.status.isEmpty ? "active" : s.status
        phone = s.own("phone").first?["number"] ?? ""
        if let hours = s.schedules.first {
            days = hours.days
            opens = hours.opensMinute.map(ServiceRules.timeText) ?? ""
            closes = hours.closesMinute.map(ServiceRules.timeText) ?? ""
        }
        languages = s.languageCodes
        free = s.isFree
        fees = s.service?["fees_description"] ?? ""
        minimumAge = s.minimumAge.map { Int($0) }
        maximumAge = s.maximumAge.map { Int($0) }
        eligibility = s.service?["eligibility_description"] ?? ""
        applicationProcess = s.service?["application_process"] ?? ""
        url = s.service?["url"] ?? ""
        email = s.service?["email"] ?? ""
    }
}

public enum DirectoryEntryRules {
    public static let statuses = ["active", "temporarily closed", "inactive", "defunct"]
    public static let days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    public static let maxName = 200
    public static let maxText = 2000

    /// The draft trimmed, or every problem on its field. `adding` asks for the organization too.
    public static func validate(_ draft: DirectoryEntryDraft, adding: Bool) throws(ValidationErrors) -> DirectoryEntryDraft {
        var d = draft
        var errors = ValidationErrors()
        let trim = { (s: String) in s.trimmingCharacters(in: .whitespacesAndNewlines) }
        for path in [\DirectoryEntryDraft.name, \.description, \.organizationName, \.street, \.city, \.state, \.postalCode, \.phone, \.opens,
                     \.closes, \.fees, \.eligibility, \.applicationProcess, \.url, \.email] {
            d[keyPath: path] = trim(d[keyPath: path])
        }
        func check(_ field: String, _ ok: Bool, _ code: String, _ key: String? = nil) {
            if !ok { errors.append(ValidationError(field, code, key)) }
        }
        check("name", !d.name.isEmpty, "required")
        check("name", d.name.count <= maxName, "too_long")
        for (field, text) in [("description", d.description), ("fees", d.fees), ("eligibility", d.eligibility),
                              ("application_process", d.applicationProcess)] {
            check(field, text.count <= maxText, "too_long")
        }
        check("status", statuses.contains(d.status), "invalid_choice")
        if adding {
            check("organization_name", !d.organizationName.isEmpty, "required")
            check("organization_name", d.organizationName.count <= maxName, "too_long")
            // An address is all of its parts or none: HSDS requires each of them.
            let parts = [("street", d.street), ("city", d.city), ("state", d.state), ("postal_code", d.postalCode)]
            if parts.contains(where: { !$0.1.isEmpty }) {
                for (field, text) in parts where text.isEmpty { errors.append(ValidationError(field, "required_with_address", "error.required_with_address")) }
            }
        }
        let digits = d.phone.filter(\.isNumber).count
        check("phone", d.phone.isEmpty || (7...15).contains(digits), "invalid_phone")
        check("days", d.days.allSatisfy(days.contains), "invalid_choice")
        let opens = DirectorySchedule.minute(d.opens.isEmpty ? nil : d.opens), closes = DirectorySchedule.minute(d.closes.isEmpty ? nil : d.closes)
        check("opens", d.opens.isEmpty || opens != nil, "invalid_time")
        check("closes", d.closes.isEmpty || closes != nil, "invalid_time")
        if d.opens.isEmpty != d.closes.isEmpty { errors.append(ValidationError(d.opens.isEmpty ? "opens" : "closes", "required_with_hours", "error.required_with_hours")) }
        if !d.opens.isEmpty, d.days.isEmpty { errors.append(ValidationError("days", "required_with_hours", "error.required_with_hours")) }
        d.opens = opens.map(ServiceRules.timeText) ?? d.opens
        d.closes = closes.map(ServiceRules.timeText) ?? d.closes
        d.languages = d.languages.map { $0.lowercased() }
        check("languages", d.languages.allSatisfy { (2...3).contains($0.count) && $0.allSatisfy(\.isLetter) }, "invalid_language")
        for (field, age) in [("minimum_age", d.minimumAge), ("maximum_age", d.maximumAge)] {
            check(field, age.map { (0...120).contains($0) } ?? true, "invalid_age")
        }
        if let low = d.minimumAge, let high = d.maximumAge, low > high { errors.append(ValidationError("maximum_age", "ages_reversed", "error.ages_reversed")) }
        let lowerURL = d.url.lowercased()
        check("url", d.url.isEmpty || ((lowerURL.hasPrefix("https://") || lowerURL.hasPrefix("http://")) && d.url.count <= 500), "invalid_url")
        check("email", d.email.isEmpty || (d.email.contains("@") && !d.email.contains(" ") && d.email.count <= 254), "invalid_email")
        try errors.throwIfAny()
        return d
    }

    /// The rows that add `draft` as a new service: its organization, location and address (when it has
    /// one), the service, and its phone, hours, languages, cost and need. `newID` gives HSDS ids (UUIDs).
    public static func rowsAdding(_ d: DirectoryEntryDraft, needTermID: String?, today: CalendarDate, now: Date,
                                  newID: () -> String) -> (serviceID: String, rows: [HSDSRow]) {
        let organizationID = newID(), serviceID = newID()
        var rows = [row("organization", ["id": .string(organizationID), "name": .string(d.organizationName), "description": .string(d.organizationName)])]
        if !d.street.isEmpty {
            let locationID = newID()
            rows.append(row("location", ["id": .string(locationID), "location_type": .string("physical"), "organization_id": .string(organizationID),
                                         "name": .string(d.organizationName)]))
            rows.append(row("address", ["id": .string(newID()), "location_id": .string(locationID), "address_1": .string(d.street),
                                        "city": .string(d.city), "state_province": .string(d.state), "postal_code": .string(d.postalCode),
                                        "country": .string("US"), "address_type": .string("physical")]))
            rows.append(row("service_at_location", ["id": .string(newID()), "service_id": .string(serviceID), "location_id": .string(locationID)]))
        }
        var service = HSDSRow(table: "service", fields: ["id": .string(serviceID), "organization_id": .string(organizationID)], source: source)
        // The correction's rows start with the service itself.
        rows += rowsCorrecting(d, service: &service, own: [], today: today, now: now, newID: newID).upsert
        if let needTermID {
            rows.append(row("attribute", ["id": .string(newID()), "link_id": .string(serviceID), "link_entity": .string("service"),
                                          "link_type": .string("need"), "taxonomy_term_id": .string(needTermID)]))
        }
        return (serviceID, rows)
    }

    /// A correction: the service row changed in place (verified today), its own phone, hours, languages
    /// and free cost option made to match the draft; what the draft no longer has is deleted.
    /// `own` is the service's own rows of those tables.
    public static func rowsCorrecting(_ d: DirectoryEntryDraft, service: inout HSDSRow, own: [HSDSRow], today: CalendarDate, now: Date,
                                      newID: () -> String) -> (upsert: [HSDSRow], delete: [HSDSRow]) {
        let serviceID = service.id
        func set(_ field: String, _ text: String) { service.fields[field] = text.isEmpty ? nil : .string(text) }
        service.fields["name"] = .string(d.name)
        set("description", d.description)
        service.fields["status"] = .string(d.status)
        set("fees_description", d.fees.isEmpty && d.free ? "Free" : d.fees)
        set("eligibility_description", d.eligibility)
        set("application_process", d.applicationProcess)
        set("url", d.url)
        set("email", d.email)
        service.fields["minimum_age"] = d.minimumAge.map { .int(Int64($0)) }
        service.fields["maximum_age"] = d.maximumAge.map { .int(Int64($0)) }
        service.fields["assured_date"] = .string(today.description)
        service.fields["last_modified"] = .string(ISO8601DateFormatter().string(from: now))
        var upsert = [service], delete: [HSDSRow] = []
        func mine(_ table: String) -> [HSDSRow] { own.filter { $0.table == table } }

        // The first phone is the one the form shows; others (a fax, a TTY line) stay as they are.
        let phones = mine("phone")
        if d.phone.isEmpty {
            delete += phones.prefix(1)
        } else {
            var first = phones.first ?? row("phone", ["id": .string(newID()), "service_id": .string(serviceID)])
            first.fields["number"] = .string(d.phone)
            upsert.append(first)
        }

        let schedules = mine("schedule")
        if d.opens.isEmpty {
            delete += schedules
        } else {
            var first = schedules.first ?? row("schedule", ["id": .string(newID()), "service_id": .string(serviceID), "freq": .string("WEEKLY")])
            // Hours typed now replace the words that described the old ones.
            first.fields["description"] = nil
            first.fields["byday"] = .string(days.filter(d.days.contains).joined(separator: ","))
            first.fields["opens_at"] = .string(d.opens)
            first.fields["closes_at"] = .string(d.closes)
            upsert.append(first)
            delete += schedules.dropFirst()
        }

        let languages = mine("language")
        delete += languages.filter { row in !d.languages.contains((row["code"] ?? row["name"] ?? "").lowercased()) }
        let kept = Set(languages.compactMap { ($0["code"] ?? $0["name"])?.lowercased() })
        for code in d.languages where !kept.contains(code) {
            upsert.append(row("language", ["id": .string(newID()), "service_id": .string(serviceID), "code": .string(code)]))
        }

        let costs = mine("cost_option")
        let freeOptions = costs.filter { $0.number("amount") == 0 }
        if d.free, freeOptions.isEmpty {
            upsert.append(row("cost_option", ["id": .string(newID()), "service_id": .string(serviceID), "option": .string("Free"),
                                              "amount": .int(0), "currency": .string("USD")]))
        } else if !d.free {
            delete += freeOptions
        }
        return (upsert, delete)
    }

    static let source = HSDSSource(file: "peerway", tabular: false)
    static func row(_ table: String, _ fields: [String: HSDSValue]) -> HSDSRow { HSDSRow(table: table, fields: fields, source: source) }

    /// The tables whose own rows of a service a correction rewrites.
    public static let correctedTables = ["phone", "schedule", "language", "cost_option"]
}
