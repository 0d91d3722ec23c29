import Foundation

/// The files of a program's history, as a program moving to Peerway brings last year's records: one
/// CSV file per kind of record, each keyed by id, read in this order so that a file refers only to
/// records of the files before it (a service names a person of `people.csv` or one already in Peerway).
public enum HistoryFile: String, CaseIterable, Sendable, Codable {
    case people
    case contacts
    case episodes
    case services
    case referrals
    case referralChanges = "referral_changes"
    case administrations

    public var fileName: String { "\(rawValue).csv" }

    /// The kind a file holds, from its name: `services.csv`, `Services.CSV` or `2025/services.csv`.
    public init?(fileName: String) {
        let base = (fileName.split(separator: "/").last.map(String.init) ?? fileName).lowercased()
        guard base.hasSuffix(".csv"), let kind = HistoryFile(rawValue: String(base.dropLast(4))) else { return nil }
        self = kind
    }

    /// The columns a file may have. Where a Peerway extract has the same column, it has the same name
    /// and meaning, and an extract's columns that Peerway computes (names, units, ages) are accepted
    /// and not read, so an extract comes back in as it went out.
    public var header: [String] {
        switch self {
        case .people: PersonImport.header
        case .contacts: ["id"] + ContactImport.header
        case .episodes: ["id", "person_id", "enrolled_on", "planned_end_on", "discharged_on", "discharge_reason", "goals"]
        case .services: HistoryService.header
        case .referrals: HistoryReferral.header
        case .referralChanges: ["referral_id", "status", "occurred_at", "reason", "note", "changed_by"]
        case .administrations: HistoryAdministration.header
        }
    }

    /// Each inner list is "one of these columns".
    var required: [[String]] {
        switch self {
        case .people: [["id"], ["legal_given_name", "preferred_name"], ["date_of_birth"]]
        case .contacts: [["id"], ["occurred_at"], ["source"], ["made_by"], ["method"], ["setting"]]
        case .episodes: [["id"], ["person_id"], ["enrolled_on"]]
        case .services: [["service_id"], ["participant_id"], ["service_date"], ["start_time"], ["duration_minutes", "end_time"],
                         ["service_type"], ["modality"], ["setting"], ["staff_id", "staff_email"]]
        case .referrals: [["referral_id"], ["person_id"], ["need"], ["made_at"], ["made_by"]]
        case .referralChanges: [["referral_id"], ["status"], ["occurred_at"]]
        case .administrations: [["administration_id"], ["person_id"], ["instrument"], ["timepoint"], ["given_on"], ["respondent"],
                                ["responses"]]
        }
    }
}

/// A staff member named in a history file: by the id Peerway gave them, or by the e-mail they sign in
/// with (what a program moving in knows after importing its roster).
public enum StaffReference: Sendable, Hashable {
    case id(UUID)
    case email(String)
}

extension CellReader {
    mutating func staff(_ column: String) -> StaffReference? {
        let value = text(column)
        if value.isEmpty { return nil }
        if let id = UUID(uuidString: value) { return .id(id) }
        if value.contains("@"), !value.contains(where: \.isWhitespace) { return .email(value.lowercased()) }
        errors.append(ValidationError(column, "invalid_staff", "error.history_invalid_staff"))
        return nil
    }

    /// A date and time; a date alone, or a time without an offset, is read in the program's zone.
    mutating func instant(_ column: String, zone: TimeZone) -> Date? {
        let value = text(column)
        if value.isEmpty { return nil }
        guard let instant = DateRules.instant(value, in: zone) else {
            errors.append(ValidationError(column, "invalid_date"))
            return nil
        }
        return instant.truncatedToMicroseconds
    }

    mutating func requiredID(_ column: String) -> UUID? {
        if text(column).isEmpty {
            errors.append(ValidationError(column, "required"))
            return nil
        }
        return uuid(column)
    }

    /// An id that must not appear twice in its file.
    mutating func key(_ column: String, seen: inout Set<UUID>) -> UUID? {
        guard let id = requiredID(column) else { return nil }
        if !seen.insert(id).inserted { errors.append(ValidationError(column, "duplicate_id")) }
        return id
    }
}
