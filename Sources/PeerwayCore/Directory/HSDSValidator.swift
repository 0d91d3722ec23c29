import Foundation

/// Checks a data set against the HSDS 3.0 schemas and reports every problem, each with its file, row
/// and field: a required field missing, a value of the wrong type, format or outside its enum, an id
/// that names no row (in the data set or among `existing`), an id used twice.
///
/// A reference the schema requires (a service's `organization_id` in a CSV package) that names
/// nothing is an error; an optional one (a location's `organization_id`, a term's `parent_id`) is a
/// warning, since HSDS lets a data set point to records published elsewhere — the specification's
/// own examples do. So is a link whose table the row names (an attribute's `link_id`, a metadata
/// row's `resource_id`): a change log may well name a row since removed.
public enum HSDSValidator {
    public static func validate(_ set: HSDSDataSet, existing: [String: Set<String>] = [:]) -> [HSDSProblem] {
        let ids = ids(set)
        return assemble(set, validate(set, tables: HSDSCatalogue.tables, ids: ids, existing: existing))
    }

    /// The ids each table of the data set holds, which both the references and the checks read.
    public static func ids(_ set: HSDSDataSet) -> [String: Set<String>] {
        var ids: [String: Set<String>] = [:]
        for table in HSDSCatalogue.tables { ids[table.name] = set.ids(table.name) }
        return ids
    }

    /// The problems of the given tables' rows, by table. Each table is checked on its own (a value
    /// unique within its table, say), so tables may be checked apart, on several cores, and their
    /// problems put in order by `assemble`.
    public static func validate(_ set: HSDSDataSet, tables: [HSDSTable], ids: [String: Set<String>],
                                existing: [String: Set<String>]) -> [String: [HSDSProblem]] {
        var out: [String: [HSDSProblem]] = [:]
        for table in tables {
            var problems: [HSDSProblem] = []
            var seen: [String: [String: Bool]] = [:]
            for row in set[table.name] {
                check(row, table, ids: ids, existing: existing, uniques: &seen, into: &problems)
            }
            out[table.name] = problems
        }
        return out
    }

    /// Every problem of the data set in one order, whichever way its tables were checked: tables in the
    /// specification's order, then the rows of tables HSDS does not have.
    public static func assemble(_ set: HSDSDataSet, _ byTable: [String: [HSDSProblem]]) -> [HSDSProblem] {
        var problems = HSDSCatalogue.tables.flatMap { byTable[$0.name] ?? [] }
        for (name, rows) in set.rows where HSDSCatalogue.table(name) == nil {
            for row in rows { problems.append(HSDSProblem(.error, .unknownTable, row)) }
        }
        return problems
    }

    /// The ids the data set points to that it does not hold, by table: the store looks these up
    /// among the rows it already has, and passes those it found as `existing`.
    public static func unresolvedReferences(_ set: HSDSDataSet, ids: [String: Set<String>]? = nil) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        let ids = ids ?? Self.ids(set)
        for table in HSDSCatalogue.tables {
            for row in set[table.name] {
                for ref in table.references {
                    guard let value = row[ref.field], let target = target(ref, row) else { continue }
                    if ids[target]?.contains(value) != true { out[target, default: []].insert(value) }
                }
            }
        }
        return out
    }

    static func target(_ ref: HSDSTable.Reference, _ row: HSDSRow) -> String? {
        if let table = ref.table { return table }
        guard let field = ref.tableField, let named = row[field] else { return nil }
        return HSDSCatalogue.table(anyName: named)?.name
    }

    static func check(_ row: HSDSRow, _ table: HSDSTable, ids: [String: Set<String>], existing: [String: Set<String>],
                      uniques: inout [String: [String: Bool]], into problems: inout [HSDSProblem]) {
        let required = row.source.tabular ? table.required + table.tabularRequired : table.required
        for name in required {
            let value = row.fields[name]
            // Blank is white space alone (the scalars `CharacterSet.whitespacesAndNewlines` holds), told
            // at a field's first character in nearly every row.
            if value == nil || (value?.string?.unicodeScalars.allSatisfy(\.properties.isWhitespace) ?? false) {
                problems.append(HSDSProblem(.error, .missingRequired, row, field: name))
            }
        }
        // Sorted only when there are any, so they are listed in the same order every time.
        let forbidden = row.fields.compactMap { name, value -> String? in
            guard case .string(let text) = value, TextRules.containsForbidden(text) else { return nil }
            return name
        }
        for name in forbidden.sorted() { problems.append(HSDSProblem(.error, .invalidCharacters, row, field: name)) }
        for field in table.fields {
            guard let value = row.fields[field.name] else { continue }
            switch (field.type, value) {
            case (.string, .string(let text)):
                if let format = field.format, !text.isEmpty, !valid(text, format) {
                    problems.append(HSDSProblem(.error, .wrongFormat, row, field: field.name, value: text))
                } else if let allowed = field.allowed, !allowed.contains(text) {
                    problems.append(HSDSProblem(.error, .notAllowed, row, field: field.name, value: text))
                }
                if field.unique, !text.isEmpty {
                    if uniques[field.name, default: [:]][text] != nil {
                        problems.append(HSDSProblem(.warning, .duplicateValue, row, field: field.name, value: text))
                    }
                    uniques[field.name, default: [:]][text] = true
                }
            case (.number, .int), (.number, .double):
                break
            default:
                problems.append(HSDSProblem(.error, .wrongType, row, field: field.name, value: value.cellText, expected: field.type.rawValue))
            }
        }
        for ref in table.references {
            guard let value = row[ref.field], let target = target(ref, row) else { continue }
            if ids[target]?.contains(value) == true || existing[target]?.contains(value) == true { continue }
            let severity: HSDSProblem.Severity = required.contains(ref.field) && ref.table != nil ? .error : .warning
            problems.append(HSDSProblem(severity, .danglingReference, row, field: ref.field, value: value, expected: target))
        }
    }

    static func valid(_ text: String, _ format: HSDSTable.Format) -> Bool {
        switch format {
        case .uuid:
            return UUID(uuidString: text) != nil
        case .email:
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(where: \.isWhitespace)
        case .uri:
            guard let colon = text.firstIndex(of: ":"), colon > text.startIndex, !text.contains(where: \.isWhitespace) else { return false }
            let scheme = text[..<colon]
            return scheme.first!.isLetter && scheme.allSatisfy { $0.isLetter || $0.isNumber || "+-.".contains($0) }
        case .dateTime:
            return dateTime(text) != nil
        }
    }

    /// RFC 3339 date-time, with or without fractional seconds.
    static func dateTime(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
