/// One HSDS 3.0 table as its JSON Schema describes it (`schema/<table>.json`): the fields a row may
/// hold, which it must hold, the tables it nests in JSON and the tables its ids point to.
public struct HSDSTable: Sendable, Equatable {
    public enum FieldType: String, Sendable, Equatable {
        case string
        case number
    }

    public enum Format: String, Sendable, Equatable {
        case uuid
        case uri
        case email
        case dateTime = "date-time"
    }

    public struct Field: Sendable, Equatable {
        public let name: String
        public let type: FieldType
        public let format: Format?
        /// The schema's `datapackage_type` ("date", "time", "datetime"): how a CSV reader types it.
        public let tabularType: String?
        public let allowed: [String]?
        public let unique: Bool

        init(_ name: String, _ type: FieldType, format: Format? = nil, tabularType: String? = nil, allowed: [String]? = nil,
             unique: Bool = false) {
            self.name = name
            self.type = type
            self.format = format
            self.tabularType = tabularType
            self.allowed = allowed
            self.unique = unique
        }
    }

    /// A property holding rows of another table: an array (`phones`) or one object (`organization`).
    public struct Child: Sendable, Equatable {
        public let property: String
        public let table: String
        public let many: Bool

        init(_ property: String, table: String, many: Bool) {
            self.property = property
            self.table = table
            self.many = many
        }
    }

    /// A field holding another row's id. `table` is nil when the row names the table itself, in
    /// `tableField` (an attribute's `link_entity`, a metadata row's `resource_type`).
    public struct Reference: Sendable, Equatable {
        public let field: String
        public let table: String?
        public let tableField: String?
    }

    public let name: String
    /// The file of the table in a CSV data package (`services.csv`).
    public let file: String
    public let required: [String]
    /// Required in the tabular form only: in JSON the row's place in the tree says it.
    public let tabularRequired: [String]
    public let fields: [Field]
    public let children: [Child]
    public let references: [Reference]

    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }

    /// The file name without `.csv`: a table's key in Peerway's JSON package (`services`).
    public var plural: String { String(file.dropLast(4)) }
}

/// The 21 tables of HSDS 3.0, in the order of the specification's data package (organizations first).
/// The tables are generated from the shared JSON Schemas (`HSDSCatalogue+Tables.swift`); the two
/// nestings below are the compiled schemas' own additions to the per-table schemas.
public enum HSDSCatalogue {
    public static let version = "3.0"

    public static let tables: [HSDSTable] = generatedTables.map { table in
        var children = table.children
        switch table.name {
        case "organization": children.append(.init("services", table: "service", many: true))
        case "service_at_location": children.append(.init("service", table: "service", many: false))
        default: break
        }
        return HSDSTable(name: table.name, file: table.file, required: table.required, tabularRequired: table.tabularRequired,
                         fields: table.fields, children: children, references: table.references)
    }

    static let byName: [String: HSDSTable] = Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0) })
    static let byFile: [String: HSDSTable] = Dictionary(uniqueKeysWithValues: tables.map { ($0.file, $0) })

    public static func table(_ name: String) -> HSDSTable? { byName[name] }
    public static func table(file: String) -> HSDSTable? { byFile[file] }

    /// A table named as a data package or an API names it: `service`, `services`, `services.csv`.
    public static func table(anyName name: String) -> HSDSTable? {
        byName[name] ?? byFile[name] ?? byFile[name + ".csv"] ?? (name == "service_at_locations" ? byName["service_at_location"] : nil)
    }

    /// The field of `parent` that names the id of `child` nested in it as one object (`organization_id` for
    /// a service's `organization`), or nil.
    public static func singleLink(parent: HSDSTable, child: String) -> String? {
        parent.references.first { $0.table == child && $0.field != "parent_id" }?.field
    }

    /// The field of a row of `child` nested in an array of `parent` that names the parent, and the
    /// field that names the parent's table when the link is polymorphic.
    public static func arrayLink(child: HSDSTable, parent: String) -> (field: String, tableField: String?)? {
        if let ref = child.references.first(where: { $0.table == parent && $0.field != "parent_id" && $0.field != "parent_organization_id" }) {
            return (ref.field, nil)
        }
        if let ref = child.references.first(where: { $0.table == nil }) { return (ref.field, ref.tableField) }
        return nil
    }
}
