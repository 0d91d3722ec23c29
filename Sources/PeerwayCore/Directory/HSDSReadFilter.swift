import Foundation

/// The filters of the HSDS read API's list routes that Peerway honours, as the specification's OpenAPI
/// profile names them: `search`, `taxonomy_term_id`, `taxonomy_id`, `organization_id` and
/// `modified_after` on `/services`; `search`, `taxonomy_id`, `parent_id` and `top_only` on
/// `/taxonomy_terms`; `search` on `/taxonomies`. Others are accepted and not applied.
public struct HSDSReadFilter: Sendable, Equatable {
    public var search: String?
    public var taxonomyTermID: String?
    public var taxonomyID: String?
    public var organizationID: String?
    public var modifiedAfter: Date?
    public var parentID: String?
    public var topOnly = false

    public init() {}

    public var isEmpty: Bool { self == HSDSReadFilter() }

    /// The filter from the query's parameters; a `modified_after` that is not a date or date-time is refused on its name.
    public static func read(_ value: (String) -> String?) throws(ValidationErrors) -> HSDSReadFilter {
        var f = HSDSReadFilter()
        func text(_ name: String) -> String? { value(name).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        f.search = text("search")
        f.taxonomyTermID = text("taxonomy_term_id")
        f.taxonomyID = text("taxonomy_id")
        f.organizationID = text("organization_id")
        f.parentID = text("parent_id")
        f.topOnly = ["true", "1"].contains(text("top_only")?.lowercased() ?? "")
        if let after = text("modified_after") {
            let full = ISO8601DateFormatter()
            let day = ISO8601DateFormatter()
            day.formatOptions = [.withFullDate]
            guard let date = full.date(from: after) ?? day.date(from: after) else {
                throw ValidationErrors([ValidationError("modified_after", "invalid_date", "error.invalid_date")])
            }
            f.modifiedAfter = date
        }
        return f
    }

    /// Whether a taxonomy or taxonomy term row meets the filter (those tables are small and filtered in memory).
    public func admits(_ row: HSDSRow) -> Bool {
        if let search, !DirectorySearchRules.terms(search).allSatisfy({ term in
            DirectorySearchRules.words([row["name"], row["code"], row["description"]].compactMap { $0 }.joined(separator: " "))
                .contains { $0.hasPrefix(term) }
        }) { return false }
        guard row.table == "taxonomy_term" else { return true }
        if let taxonomyID, row["taxonomy_id"] != taxonomyID { return false }
        if let parentID, row["parent_id"] != parentID { return false }
        if topOnly, row["parent_id"] != nil { return false }
        return true
    }
}
