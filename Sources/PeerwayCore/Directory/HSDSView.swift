/// Rows nested as the HSDS read API serves them (the compiled schemas): a service with its phones,
/// schedules, places (each with its location), languages, organization, program, costs, documents,
/// contacts and attributes (each with its taxonomy term). A table already on the way down is not
/// entered again, so an organization inside a service does not list the services once more.
public enum HSDSView {
    /// The row nested fully, from the rows `index` holds.
    public static func full(_ row: HSDSRow, _ index: HSDSIndex) -> HSDSValue {
        nest(row, index, ancestors: [], depth: .max)
    }

    /// The row with its one-object references only (a list's items: a service with its organization and program).
    public static func listed(_ row: HSDSRow, _ index: HSDSIndex) -> HSDSValue {
        nest(row, index, ancestors: [], depth: 1, arrays: false)
    }

    static func nest(_ row: HSDSRow, _ index: HSDSIndex, ancestors: [String], depth: Int, arrays: Bool = true) -> HSDSValue {
        var fields = row.fields
        guard depth > 0, let table = HSDSCatalogue.table(row.table) else { return .object(fields) }
        let below = ancestors + [row.table]
        for child in table.children where !below.contains(child.table) {
            guard let childTable = HSDSCatalogue.table(child.table) else { continue }
            if child.many {
                guard arrays, let link = HSDSCatalogue.arrayLink(child: childTable, parent: row.table) else { continue }
                let rows = index.rows(child.table, link.field, row.id)
                if !rows.isEmpty {
                    fields[child.property] = .array(rows.map { nest($0, index, ancestors: below, depth: depth - 1, arrays: arrays) })
                }
            } else if let field = HSDSCatalogue.singleLink(parent: table, child: child.table), let id = row[field],
                      let found = index.row(child.table, id: id) {
                fields[child.property] = nest(found, index, ancestors: below, depth: arrays ? depth - 1 : 0, arrays: arrays)
            }
        }
        return .object(fields)
    }

    /// The API's page of results: `total_items`, `total_pages`, `page_number`, `size`, `first_page`,
    /// `last_page`, `empty`, `contents`.
    public static func page(_ contents: [HSDSValue], total: Int, page: Int, perPage: Int) -> HSDSValue {
        let pages = max(1, (total + perPage - 1) / perPage)
        return .object([
            "total_items": .int(Int64(total)), "total_pages": .int(Int64(pages)), "page_number": .int(Int64(page)),
            "size": .int(Int64(contents.count)), "first_page": .bool(page == 1), "last_page": .bool(page >= pages),
            "empty": .bool(contents.isEmpty), "contents": .array(contents),
        ])
    }

    /// The API's root: which HSDS version and profile it serves.
    public static func root(openAPIURL: String) -> HSDSValue {
        .object(["version": .string(HSDSCatalogue.version), "profile": .string("https://openreferral.org/hsds/3.0"),
                 "openapi_url": .string(openAPIURL)])
    }

    public static func text(_ value: HSDSValue) -> String { HSDSJSON.text(value) }
}
