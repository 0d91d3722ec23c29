import Foundation

/// Which version of HSDS a file is, when it says or shows it. Files of HSDS 2.x (and 1.x) have tables
/// and properties that 3.0 replaced; a file that names its version says so in `version`.
enum HSDSVersion {
    /// Tables of HSDS 1.x/2.x that 3.0 removed or renamed.
    static let olderTables: Set<String> = [
        "regular_schedules", "holiday_schedules", "physical_addresses", "postal_addresses", "eligibility", "payment_accepted",
        "service_taxonomy", "taxonomy", "service_attributes", "other_attributes", "accessibility_for_disabilities",
    ]

    /// Properties of a 2.x service or location in JSON that 3.0 has not.
    static let olderProperties: Set<String> = [
        "regular_schedules", "holiday_schedules", "physical_addresses", "postal_addresses", "physical_address", "postal_address",
        "eligibility", "payment_accepted", "payment_accepteds", "service_taxonomys", "accessibility_for_disabilities",
    ]

    /// The version a CSV file name shows, or nil when it is a 3.0 name or unknown.
    static func fromTableName(_ file: String) -> String? {
        let name = file.hasSuffix(".csv") ? String(file.dropLast(4)) : file
        return olderTables.contains(name) ? "2.x" : nil
    }

    /// The version a top-level `version` field names, when it is not 3.x.
    static func other(_ declared: String?) -> String? {
        guard let declared = declared?.trimmingCharacters(in: .whitespaces), !declared.isEmpty else { return nil }
        let number = declared.hasPrefix("v") || declared.hasPrefix("V") ? String(declared.dropFirst()) : declared
        guard let major = number.split(separator: ".").first.flatMap({ Int($0) }) else { return nil }
        return major == 3 ? nil : number
    }
}
