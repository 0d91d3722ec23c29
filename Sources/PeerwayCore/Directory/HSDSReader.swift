import Foundation

/// Reads HSDS 3.0 in the forms the specification publishes: a CSV data package (a folder of
/// `<table>.csv` files, usually with `datapackage.json`), one JSON object (`service_full.json`), a
/// list or a page of them (`service_list.json`), JSON keyed by table (`tabular.json`, Peerway's
/// export). Nested rows are taken out into their own tables, their link to the parent filled in.
/// Pure: the caller reads the files and hands over their bytes.
public enum HSDSReader {
    public struct Result: Sendable {
        public var dataSet: HSDSDataSet
        public var problems: [HSDSProblem]

        /// An older version refuses the whole import, and no other problem is worth reading then.
        public var otherVersion: HSDSProblem? { problems.first { $0.code == .otherVersion } }
    }

    /// Reads a set of files: CSV files as one data package, JSON files each on its own. Keys are file names.
    public static func read(files: [(name: String, bytes: [UInt8])]) -> Result {
        var set = HSDSDataSet()
        var problems: [HSDSProblem] = []
        let csv = files.filter { $0.name.lowercased().hasSuffix(".csv") || $0.name == "datapackage.json" }
        if !csv.isEmpty || files.contains(where: { $0.name == "datapackage.json" }) {
            readPackage(csv, into: &set, &problems)
        }
        for file in files where !file.name.lowercased().hasSuffix(".csv") && file.name != "datapackage.json" {
            readJSON(file.bytes, file: file.name, into: &set, &problems)
        }
        return finish(set, problems)
    }

    public static func json(_ bytes: [UInt8], file: String) -> Result {
        read(files: [(file, bytes)])
    }

    static func finish(_ set: HSDSDataSet, _ problems: [HSDSProblem]) -> Result {
        var set = set
        var problems = problems
        if let older = problems.first(where: { $0.code == .otherVersion }) {
            return Result(dataSet: HSDSDataSet(), problems: [older])
        }
        set.mergeDuplicates(&problems)
        if set.count == 0 && !problems.contains(where: { $0.severity == .error }) {
            problems.append(HSDSProblem(.error, .empty, file: ""))
        }
        return Result(dataSet: set, problems: problems)
    }

    static func text(_ bytes: [UInt8], file: String, _ problems: inout [HSDSProblem]) -> String? {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            problems.append(HSDSProblem(.error, .unreadable, file: file, value: "not UTF-8 text"))
            return nil
        }
        return text
    }

    // MARK: - CSV data package

    static func readPackage(_ files: [(name: String, bytes: [UInt8])], into set: inout HSDSDataSet, _ problems: inout [HSDSProblem]) {
        // The package descriptor may rename files; without one (or one that is not JSON, such as the
        // specification's example, a link left as text) each file is the table its name says.
        var tableOfFile: [String: HSDSTable] = [:]
        if let descriptor = files.first(where: { $0.name == "datapackage.json" }),
           case .object(let package)? = try? HSDSValue.parse(descriptor.bytes) {
            if let version = HSDSVersion.other(package["version"]?.string ?? package["hsds_version"]?.string) {
                problems.append(HSDSProblem(.error, .otherVersion, file: descriptor.name, field: "version", value: version))
                return
            }
            if case .array(let resources)? = package["resources"] {
                for case .object(let resource) in resources {
                    guard let path = resource["path"]?.string, let name = resource["name"]?.string else { continue }
                    if let version = HSDSVersion.fromTableName((path as NSString).lastPathComponent) {
                        problems.append(HSDSProblem(.error, .otherVersion, file: descriptor.name, field: "resources", value: version))
                        return
                    }
                    if let table = HSDSCatalogue.table(name) { tableOfFile[(path as NSString).lastPathComponent] = table }
                }
            }
        }
        for file in files where file.name != "datapackage.json" {
            if let version = HSDSVersion.fromTableName(file.name) {
                problems.append(HSDSProblem(.error, .otherVersion, file: file.name, value: version))
                return
            }
        }
        for file in files.sorted(by: { $0.name < $1.name }) where file.name != "datapackage.json" {
            guard let table = tableOfFile[file.name] ?? HSDSCatalogue.table(file: file.name) else {
                problems.append(HSDSProblem(.error, .unknownTable, file: file.name))
                continue
            }
            guard let text = text(file.bytes, file: file.name, &problems) else { continue }
            let cells: [[String]]
            do { cells = try CSVReader.parse(text) } catch {
                problems.append(HSDSProblem(.error, .unreadable, file: file.name, row: error.line, value: error.code))
                continue
            }
            guard let header = cells.first?.map({ $0.trimmingCharacters(in: .whitespaces) }) else { continue }
            let types = header.map { table.field($0)?.type }
            for (index, line) in cells.dropFirst().enumerated() {
                var fields: [String: HSDSValue] = [:]
                let source = HSDSSource(file: file.name, row: index + 2, tabular: true)
                for (column, cell) in line.enumerated() where column < header.count && !cell.isEmpty {
                    if types[column] == .number {
                        if let number = HSDSValue.number(cell: cell) {
                            fields[header[column]] = number
                        } else {
                            fields[header[column]] = .string(cell)
                        }
                    } else {
                        fields[header[column]] = .string(cell)
                    }
                }
                if fields.isEmpty { continue }
                set.append(HSDSRow(table: table.name, fields: fields, source: source))
            }
        }
    }

    // MARK: - JSON

    static func readJSON(_ bytes: [UInt8], file: String, into set: inout HSDSDataSet, _ problems: inout [HSDSProblem]) {
        guard text(bytes, file: file, &problems) != nil else { return }
        let value: HSDSValue
        do { value = try HSDSValue.parse(bytes) } catch {
            problems.append(HSDSProblem(.error, .unreadable, file: file, value: "not JSON"))
            return
        }
        var reader = Flattener(file: file)
        reader.document(value)
        for row in reader.rows { set.append(row) }
        problems += reader.problems
    }

    /// Walks a JSON document, emitting a row for every object of a known table it finds.
    struct Flattener {
        let file: String
        var rows: [HSDSRow] = []
        var problems: [HSDSProblem] = []

        /// Keys of a metadata document (`base.json`).
        static let metadataKeys: Set<String> = ["version", "profile", "openapi_url"]

        mutating func document(_ value: HSDSValue) {
            switch value {
            case .array(let items):
                for (i, item) in items.enumerated() { detected(item, pointer: "[\(i)]") }
            case .object(let object):
                if let version = HSDSVersion.other(object["version"]?.string), isMetadata(object) {
                    problems.append(HSDSProblem(.error, .otherVersion, file: file, field: "version", value: version))
                    return
                }
                if case .array(let contents)? = object["contents"], object["total_items"] != nil || object["page_number"] != nil {
                    for (i, item) in contents.enumerated() { detected(item, pointer: "contents[\(i)]") }
                } else if isMetadata(object) {
                    // A package: each key a table (`services`, `services.csv`); `version` and `profile` say what it is.
                    for (key, list) in object.sorted(by: { $0.key < $1.key }) where !Self.metadataKeys.contains(key) {
                        guard let table = HSDSCatalogue.table(anyName: key) else {
                            if HSDSVersion.olderProperties.contains(key) || HSDSVersion.fromTableName(key) != nil {
                                problems.append(HSDSProblem(.error, .otherVersion, file: file, pointer: key, value: "2.x"))
                            } else {
                                problems.append(HSDSProblem(.error, .unknownTable, file: file, pointer: key))
                            }
                            continue
                        }
                        guard case .array(let items) = list else {
                            problems.append(HSDSProblem(.error, .wrongType, file: file, pointer: key, table: table.name, expected: HSDSProblem.Expected.list.rawValue))
                            continue
                        }
                        for (i, item) in items.enumerated() {
                            self.row(item, table: table, pointer: "\(key)[\(i)]", parent: nil, tabular: key.hasSuffix(".csv"))
                        }
                    }
                } else {
                    detected(value, pointer: "")
                }
            default:
                problems.append(HSDSProblem(.error, .unreadable, file: file, value: "not an HSDS object"))
            }
        }

        /// A document that is not itself a row: a metadata document (`base.json`), or a package whose
        /// every other key names a table and holds a list.
        func isMetadata(_ object: [String: HSDSValue]) -> Bool {
            if object["openapi_url"] != nil || object["profile"] != nil { return true }
            let tableKeys = object.keys.filter { !Self.metadataKeys.contains($0) }
            if tableKeys.isEmpty { return object["version"] != nil }
            return tableKeys.allSatisfy { key in
                guard HSDSCatalogue.table(anyName: key) != nil, case .array = object[key] else { return false }
                return true
            }
        }

        /// One object whose table the document does not say: told by the fields only that table has.
        mutating func detected(_ value: HSDSValue, pointer: String) {
            guard case .object(let object) = value else {
                problems.append(HSDSProblem(.error, .wrongType, file: file, pointer: pointer, expected: HSDSProblem.Expected.object.rawValue))
                return
            }
            if let older = object.keys.first(where: { HSDSVersion.olderProperties.contains($0) }) {
                problems.append(HSDSProblem(.error, .otherVersion, file: file, pointer: pointer, field: older, value: "2.x"))
                return
            }
            row(value, table: HSDSCatalogue.table(Self.tableName(of: object))!, pointer: pointer, parent: nil, tabular: false)
        }

        static func tableName(of object: [String: HSDSValue]) -> String {
            let keys = Set(object.keys)
            if keys.contains("status") || keys.contains("service_at_locations") || keys.contains("eligibility_description") { return "service" }
            if !keys.contains("name"), keys.contains("service") || keys.contains("location") || keys.contains("service_id") { return "service_at_location" }
            if keys.contains("location_type") { return "location" }
            if !keys.isDisjoint(with: ["code", "taxonomy_detail", "parent_id", "taxonomy_id", "term_uri", "taxonomy"]) { return "taxonomy_term" }
            if keys.contains("version"), keys.isSubset(of: ["id", "name", "description", "uri", "version", "metadata"]) { return "taxonomy" }
            return "organization"
        }

        /// Emits the row for `value` and, first, the rows nested in it.
        @discardableResult
        mutating func row(_ value: HSDSValue, table: HSDSTable, pointer: String, parent: (table: String, id: String)?, tabular: Bool) -> String? {
            guard case .object(var fields) = value else {
                problems.append(HSDSProblem(.error, .wrongType, file: file, pointer: pointer, table: table.name, expected: HSDSProblem.Expected.object.rawValue))
                return nil
            }
            let id = fields["id"]?.string
            let me = id.map { (table: table.name, id: $0) }
            for child in table.children {
                guard let nested = fields[child.property] else { continue }
                guard let childTable = HSDSCatalogue.table(child.table) else { continue }
                let at = pointer.isEmpty ? child.property : "\(pointer).\(child.property)"
                if child.many {
                    guard case .array(let items) = nested else {
                        if nested != .null { continue }
                        fields[child.property] = nil
                        continue
                    }
                    fields[child.property] = nil
                    for (i, item) in items.enumerated() { row(item, table: childTable, pointer: "\(at)[\(i)]", parent: me, tabular: false) }
                } else {
                    guard case .object = nested else {
                        if nested == .null { fields[child.property] = nil }
                        continue
                    }
                    fields[child.property] = nil
                    let childID = row(nested, table: childTable, pointer: at, parent: nil, tabular: false)
                    if let link = HSDSCatalogue.singleLink(parent: table, child: child.table), fields[link] == nil, let childID {
                        fields[link] = .string(childID)
                    }
                }
            }
            if let parent, let link = HSDSCatalogue.arrayLink(child: table, parent: parent.table) {
                if fields[link.field] == nil { fields[link.field] = .string(parent.id) }
                if let tableField = link.tableField, fields[tableField] == nil { fields[tableField] = .string(parent.table) }
            }
            // JSON's null is a field left out, as an empty CSV cell is.
            fields = fields.filter { $0.value != .null }
            // A number where the schema says text (the specification's own tabular example has two) is
            // kept as its text, as a CSV file would hold it, with a warning.
            for field in table.fields where field.type == .string {
                guard let value = fields[field.name], value.number != nil else { continue }
                fields[field.name] = .string(value.cellText)
                problems.append(HSDSProblem(.warning, .wrongType, file: file, pointer: pointer, table: table.name, field: field.name,
                                            value: value.cellText, expected: HSDSProblem.Expected.string.rawValue))
            }
            rows.append(HSDSRow(table: table.name, fields: fields, source: HSDSSource(file: file, pointer: pointer, tabular: tabular)))
            return id
        }
    }
}
