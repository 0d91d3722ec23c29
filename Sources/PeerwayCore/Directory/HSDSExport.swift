/// Writes a data set as HSDS 3.0: a CSV data package, or Peerway's JSON package. Both read back
/// with `HSDSReader` into the same rows.
public enum HSDSExport {
    // MARK: - CSV data package

    /// `datapackage.json` and one CSV file per table that has rows. Columns are the schema's fields in
    /// its order, then any other field the rows hold (sorted). A text cell that a spreadsheet would run
    /// as a formula gets `CSVWriter`'s apostrophe; numbers are written plain, as HSDS tools read them.
    public static func csvPackage(_ set: HSDSDataSet) -> [(name: String, text: String)] {
        var files: [(String, String)] = []
        var resources: [HSDSValue] = []
        for table in HSDSCatalogue.tables {
            let rows = set[table.name]
            guard !rows.isEmpty else { continue }
            let known = table.fields.map(\.name)
            let extra = Set(rows.flatMap(\.fields.keys)).subtracting(known).sorted()
            let header = known + extra
            var text = header.joined(separator: ",") + "\r\n"
            for row in rows {
                text += header.map { name -> String in
                    guard let value = row.fields[name] else { return "" }
                    switch value {
                    case .int, .double: return value.cellText
                    default: return CSVWriter.cell(value.cellText)
                    }
                }.joined(separator: ",") + "\r\n"
            }
            files.append((table.file, text))
            resources.append(resource(table, extra: extra))
        }
        let descriptor: HSDSValue = .object([
            "name": .string("hsds"), "profile": .string("tabular-data-package"), "version": .string(HSDSCatalogue.version),
            "resources": .array(resources),
        ])
        return [("datapackage.json", HSDSJSON.text(descriptor) + "\n")] + files
    }

    static func resource(_ table: HSDSTable, extra: [String]) -> HSDSValue {
        var fields: [HSDSValue] = table.fields.map { field in
            var spec: [String: HSDSValue] = ["name": .string(field.name), "type": .string(field.type.rawValue)]
            if let format = field.format { spec["format"] = .string(format.rawValue) }
            if let allowed = field.allowed { spec["constraints"] = .object(["enum": .array(allowed.map(HSDSValue.string))]) }
            return .object(spec)
        }
        fields += extra.map { .object(["name": .string($0), "type": .string("string")]) }
        let keys: [HSDSValue] = table.references.compactMap { ref in
            guard let target = ref.table.flatMap({ HSDSCatalogue.table($0) }) else { return nil }
            return .object(["fields": .string(ref.field), "reference": .object(["resource": .string(target.name), "fields": .string("id")])])
        }
        return .object([
            "name": .string(table.name), "path": .string(table.file), "profile": .string("tabular-data-resource"),
            "schema": .object(["fields": .array(fields), "primaryKey": .string("id"), "foreignKeys": .array(keys)]),
        ])
    }

    // MARK: - JSON package

    /// `{"version": "3.0", "organizations": [...], "<table>": [...]}`: each organization nested as the
    /// compiled `organization.json` describes (its services, locations, programs, phones, contacts,
    /// and what each of those holds), then every row not placed under one, by table (taxonomies and
    /// their terms, a service without an organization). Each row appears once, with all its fields,
    /// links to other parents included, so reading it back gives the same rows.
    public static func jsonPackage(_ set: HSDSDataSet) -> String {
        var nester = Nester(set)
        var package: [String: HSDSValue] = ["version": .string(HSDSCatalogue.version)]
        for table in HSDSCatalogue.tables {
            var list: [HSDSValue] = []
            for row in set[table.name] where !nester.placed.contains(Nester.Key(table: table.name, id: row.id)) {
                list.append(nester.nest(row, ancestors: []))
            }
            if !list.isEmpty { package[table.plural] = .array(list) }
        }
        return HSDSJSON.text(.object(package)) + "\n"
    }

    /// Nests rows under their parents, each row once.
    struct Nester {
        struct Key: Hashable {
            let table: String
            let id: String
        }

        /// Rows of each table by the id of the parent each link field names: `children[table][parentID]`.
        var byParent: [String: [String: [HSDSRow]]] = [:]
        var placed: Set<Key> = []

        init(_ set: HSDSDataSet) {
            for table in HSDSCatalogue.tables {
                for row in set[table.name] {
                    for ref in table.references where ref.field != "parent_id" && ref.field != "parent_organization_id" {
                        guard let parent = row[ref.field] else { continue }
                        let parentTable = HSDSValidator.target(ref, row) ?? "*"
                        byParent["\(table.name)|\(parentTable)", default: [:]][parent, default: []].append(row)
                    }
                }
            }
        }

        mutating func nest(_ row: HSDSRow, ancestors: [String]) -> HSDSValue {
            placed.insert(Key(table: row.table, id: row.id))
            var fields = row.fields
            guard let table = HSDSCatalogue.table(row.table) else { return .object(fields) }
            for child in table.children where child.many && !ancestors.contains(child.table) && child.table != row.table {
                let candidates = (byParent["\(child.table)|\(row.table)"]?[row.id] ?? []) + (byParent["\(child.table)|*"]?[row.id] ?? [])
                var list: [HSDSValue] = []
                for candidate in candidates where !placed.contains(Key(table: candidate.table, id: candidate.id)) {
                    list.append(nest(candidate, ancestors: ancestors + [row.table]))
                }
                if !list.isEmpty { fields[child.property] = .array(list) }
            }
            return .object(fields)
        }
    }
}
