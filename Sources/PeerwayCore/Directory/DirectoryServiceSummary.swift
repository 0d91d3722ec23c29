/// What a person needs to reach one directory service, read from its HSDS rows: what referrals,
/// the referral slip and the directory's pages show. Built from a data set holding the service and
/// the rows around it (`DirectoryService.related`).
public struct DirectoryServiceSummary: Sendable, Equatable, Codable {
    public struct Phone: Sendable, Equatable, Codable {
        public var number: String
        public var `extension`: String?
        public var type: String?
        public var description: String?
    }

    public var serviceID: String
    public var serviceName: String
    public var organizationName: String?
    public var description: String?
    public var status: String?
    public var alert: String?
    public var phones: [Phone]
    /// The first physical address of the service's first location, one line per part.
    public var addressLines: [String]
    /// The schedules' own words (`description`), or their hours when they have none (`MO,TU 09:00-17:00`).
    public var scheduleDescription: String?
    /// Language names where the data has them, otherwise codes.
    public var languages: [String]
    public var requiredDocuments: [String]
    public var eligibility: String?
    public var applicationProcess: String?
    public var costDescription: String?
    public var isFree: Bool
    public var url: String?
    public var email: String?
    /// When the entry was last checked: `assured_date`, or the date of `last_modified`.
    public var lastVerified: String?

    public init(serviceID: String, in set: HSDSDataSet) {
        self.init(serviceID: serviceID, in: HSDSIndex(set))
    }

    public init(serviceID: String, in set: HSDSIndex) {
        let facts = DirectoryService(serviceID: serviceID, in: set)
        let service = set.row("service", id: serviceID)
        let organization = service?["organization_id"].flatMap { set.row("organization", id: $0) }
        self.serviceID = serviceID
        serviceName = service?["name"] ?? ""
        organizationName = organization?["name"]
        description = service?["description"]
        status = service?["status"]
        alert = service?["alert"]
        let phoneRows = facts.firstNonEmpty([facts.own("phone"), facts.atLocations("phone"), facts.ofLocations("phone"),
                                             organization.map { set.rows("phone", "organization_id", $0.id) } ?? []])
        phones = phoneRows.compactMap { row in
            row["number"].map { Phone(number: $0, extension: row["extension"], type: row["type"], description: row["description"]) }
        }
        addressLines = facts.address.map { a in
            [a["attention"], a["address_1"], a["address_2"],
             [a["city"], [a["state_province"], a["postal_code"]].compactMap { $0 }.joined(separator: " ")]
                .compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: ", ")].compactMap { $0 }.filter { !$0.isEmpty }
        } ?? []
        let schedules = facts.schedules
        let words = schedules.compactMap { $0.row["description"] }
        scheduleDescription = words.isEmpty
            ? (schedules.isEmpty ? nil : schedules.map(\.hoursText).joined(separator: "; "))
            : words.joined(separator: " ")
        languages = facts.languageRows.compactMap { $0["name"] ?? $0["code"] }
        requiredDocuments = facts.own("required_document").compactMap { $0["document"] }
        eligibility = service?["eligibility_description"]
        applicationProcess = service?["application_process"]
        let costs = facts.own("cost_option").compactMap { row -> String? in
            let amount = [row["amount"], row["currency"]?.uppercased()].compactMap { $0 }.joined(separator: " ")
            let parts = [row["option"], amount.isEmpty ? nil : amount, row["amount_description"]].compactMap { $0 }
            return parts.isEmpty ? nil : parts.joined(separator: ": ")
        }
        costDescription = service?["fees_description"] ?? (costs.isEmpty ? nil : costs.joined(separator: "; "))
        isFree = facts.isFree
        url = service?["url"] ?? organization?["website"]
        email = service?["email"] ?? organization?["email"]
        lastVerified = facts.lastVerified
    }
}
