import Foundation

/// The parameters of the HSDS read API's routes, as the specification's OpenAPI profile names them:
/// the filters `search`, `taxonomy_term_id`, `taxonomy_id`, `organization_id` and `modified_after` on
/// `/services` and `/service_at_locations` (there, of the service each names, and `modified_after` of
/// the row itself), with `postcode` and `proximity` on `/service_at_locations`; `search` on
/// `/organizations` and `/taxonomies`; `search`, `taxonomy_id`, `parent_id` and `top_only` on
/// `/taxonomy_terms`. The shapes: `full` (each item nested in full), `full_service` (organizations
/// nested in full, their services with them), `minimal` (a service's id and when it was stored),
/// `format=ndjson` (every item, one a line, without pages).
public struct HSDSReadFilter: Sendable, Equatable {
    public enum Format: String, Sendable { case json, ndjson }

    public var search: String?
    public var taxonomyTermID: String?
    public var taxonomyID: String?
    public var organizationID: String?
    public var modifiedAfter: Date?
    public var parentID: String?
    public var topOnly = false
    /// A postal code a service at a location must be at.
    public var postcode: String?
    /// Metres from the middle of `postcode`'s places (the directory's own coordinates), instead of at it.
    public var proximity: Double?

    public var full = false
    public var fullService = false
    public var minimal = false
    public var format = Format.json

    public init() {}

    /// No filter (the shapes aside).
    public var isEmpty: Bool {
        search == nil && taxonomyTermID == nil && taxonomyID == nil && organizationID == nil && modifiedAfter == nil && parentID == nil
            && !topOnly && postcode == nil && proximity == nil
    }

    /// Whether a service filter is set (what `/service_at_locations` asks of the service each names).
    public var filtersServices: Bool { search != nil || taxonomyTermID != nil || taxonomyID != nil || organizationID != nil }

    /// The farthest `proximity` reaches, in metres: a county's width.
    public static let maxProximity = 200_000.0

    /// The filter from the query's parameters; a `modified_after` that is not a date or date-time is refused on its name.
    public static func read(_ value: (String) -> String?) throws(ValidationErrors) -> HSDSReadFilter {
        var f = HSDSReadFilter()
        func text(_ name: String) -> String? { value(name).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        f.search = text("search")
        f.taxonomyTermID = text("taxonomy_term_id")
        f.taxonomyID = text("taxonomy_id")
        f.organizationID = text("organization_id")
        f.parentID = text("parent_id")
        var errors = ValidationErrors()
        func flag(_ name: String) -> Bool {
            guard let given = text(name)?.lowercased() else { return false }
            if ["true", "1"].contains(given) { return true }
            if !["false", "0"].contains(given) { errors.append(ValidationError(name, "invalid_value", "error.invalid_value")) }
            return false
        }
        f.topOnly = flag("top_only")
        f.full = flag("full")
        f.fullService = flag("full_service")
        f.minimal = flag("minimal")
        if let format = text("format") {
            if let known = Format(rawValue: format.lowercased()) { f.format = known } else {
                errors.append(ValidationError("format", "invalid_value", "error.invalid_value"))
            }
        }
        f.postcode = text("postcode").map { String($0.trimmingCharacters(in: .whitespaces).prefix(5)) }
        if let proximity = text("proximity") {
            if let metres = Double(proximity), metres.isFinite, metres > 0, metres <= maxProximity { f.proximity = metres } else {
                errors.append(ValidationError("proximity", "out_of_range", "error.out_of_range"))
            }
            if f.postcode == nil { errors.append(ValidationError("postcode", "required", "error.required")) }
        }
        if let after = text("modified_after") {
            let full = ISO8601DateFormatter()
            let day = ISO8601DateFormatter()
            day.formatOptions = [.withFullDate]
            guard let date = full.date(from: after) ?? day.date(from: after) else {
                throw ValidationErrors([ValidationError("modified_after", "invalid_date", "error.invalid_date")] + errors.errors)
            }
            f.modifiedAfter = date
        }
        guard errors.isEmpty else { throw errors }
        return f
    }

    /// Whether a taxonomy, taxonomy term or organization row meets the filter (those tables are filtered in
    /// memory: a county's directory has a few thousand organizations at most).
    public func admits(_ row: HSDSRow) -> Bool {
        if let search, !DirectorySearchRules.terms(search).allSatisfy({ term in
            DirectorySearchRules.words([row["name"], row["alternate_name"], row["code"], row["description"]].compactMap { $0 }.joined(separator: " "))
                .contains { $0.hasPrefix(term) }
        }) { return false }
        guard row.table == "taxonomy_term" else { return true }
        if let taxonomyID, row["taxonomy_id"] != taxonomyID { return false }
        if let parentID, row["parent_id"] != parentID { return false }
        if topOnly, row["parent_id"] != nil { return false }
        return true
    }
}
