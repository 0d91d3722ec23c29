/// An HSDS data set as rows per table, whatever form it came in (CSV data package, nested JSON,
/// tabular JSON). Rows keep every field they held; nested rows are rows of their own table.
public struct HSDSDataSet: Sendable, Equatable {
    /// Rows of each table, by table name, in the order read.
    public private(set) var rows: [String: [HSDSRow]] = [:]

    public init() {}

    public init(_ rows: [HSDSRow]) {
        for row in rows { append(row) }
    }

    public mutating func append(_ row: HSDSRow) { rows[row.table, default: []].append(row) }

    public subscript(_ table: String) -> [HSDSRow] { rows[table] ?? [] }

    /// Every row, tables in the specification's order.
    public var all: [HSDSRow] { HSDSCatalogue.tables.flatMap { self[$0.name] } + rows.filter { HSDSCatalogue.table($0.key) == nil }.flatMap(\.value) }

    public var count: Int { rows.values.reduce(0) { $0 + $1.count } }

    public func ids(_ table: String) -> Set<String> { Set(self[table].map(\.id)) }

    public func row(_ table: String, id: String) -> HSDSRow? { self[table].first { $0.id == id } }

    /// Equal content, whatever the order and the sources.
    public func sameContent(as other: HSDSDataSet) -> Bool {
        func key(_ set: HSDSDataSet) -> [String: Set<String>] {
            set.rows.filter { !$0.value.isEmpty }.mapValues { Set($0.map(\.canonicalJSON)) }
        }
        return key(self) == key(other)
    }

    /// Rows named by the same id in one table become one. Two rows that agree on every field they
    /// both hold merge (the same organization nested in each of its services); a CSV's second row
    /// with an id already read, or two rows that disagree, is a `duplicate_id` error.
    mutating func mergeDuplicates(_ problems: inout [HSDSProblem]) {
        for (table, list) in rows {
            var index: [String: Int] = [:]
            var out: [HSDSRow] = []
            out.reserveCapacity(list.count)
            for row in list {
                let id = row.id
                guard !id.isEmpty, let at = index[id] else {
                    if !id.isEmpty { index[id] = out.count }
                    out.append(row)
                    continue
                }
                var merged = out[at]
                let conflict = row.source.row != nil || merged.source.row != nil
                    || row.fields.contains { key, value in merged.fields[key].map { $0 != value } ?? false }
                if conflict {
                    problems.append(HSDSProblem(.error, .duplicateID, row, field: "id", value: id))
                    continue
                }
                merged.fields.merge(row.fields) { old, _ in old }
                out[at] = merged
            }
            rows[table] = out
        }
    }
}
