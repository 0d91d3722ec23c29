import Foundation

/// A person as one CSV row, for export and import. The round trip is the point: export, edit in a
/// spreadsheet, import again, and each row updates the record its `id` names (a new one when empty).
public enum PersonImport {
    /// One column of the file besides `id`: its name, the cell a person exports as, how a cell is read
    /// into a person, and how an update whose file leaves the column out keeps the stored value.
    public struct Column: Sendable {
        public let name: String
        let cell: @Sendable (Person) -> String
        let read: @Sendable (inout CellReader, inout Person) -> Void
        let copy: @Sendable (inout Person, Person) -> Void

        init<T>(_ name: String, _ path: any WritableKeyPath<Person, T> & Sendable, cell: @escaping @Sendable (T) -> String,
                read: @escaping @Sendable (inout CellReader) -> T) {
            self.name = name
            self.cell = { cell($0[keyPath: path]) }
            self.read = { r, p in p[keyPath: path] = read(&r) }
            copy = { p, stored in p[keyPath: path] = stored[keyPath: path] }
        }

        static func text(_ name: String, _ path: any WritableKeyPath<Person, String> & Sendable) -> Column {
            Column(name, path, cell: { $0 }, read: { $0.text(name) })
        }
        static func flag(_ name: String, _ path: any WritableKeyPath<Person, Bool> & Sendable) -> Column {
            Column(name, path, cell: { $0 ? "yes" : "no" }, read: { $0.bool(name) })
        }
        static func value<E: RawRepresentable & CaseIterable & Sendable>(_ name: String, _ path: any WritableKeyPath<Person, E?> & Sendable) -> Column
        where E.RawValue == String {
            Column(name, path, cell: { $0?.rawValue ?? "" }, read: { $0.value(name) })
        }
        /// An empty cell reads as `empty`, the field's default.
        static func value<E: RawRepresentable & CaseIterable & Sendable>(_ name: String, _ path: any WritableKeyPath<Person, E> & Sendable,
                                                                         empty: E) -> Column where E.RawValue == String {
            Column(name, path, cell: { $0.rawValue }, read: { $0.value(name) ?? empty })
        }
        /// In declaration order, so the same record always exports the same cell.
        static func values<E: RawRepresentable & CaseIterable & Hashable & Sendable>(_ name: String, _ path: any WritableKeyPath<Person, Set<E>> & Sendable)
        -> Column where E.RawValue == String {
            Column(name, path, cell: { set in E.allCases.filter(set.contains).map(\.rawValue).joined(separator: ";") }, read: { $0.values(name) })
        }
    }

    public static let columns: [Column] = [
        .value("kind", \.kind, empty: .participant),
        Column("related_participant_id", \.relatedParticipantID, cell: { $0?.uuidString ?? "" }, read: { $0.uuid("related_participant_id") }),
        .value("relationship", \.relationship),
        .text("legal_given_name", \.legalGivenName),
        .text("legal_family_name", \.legalFamilyName),
        .text("preferred_name", \.preferredName),
        .text("pronouns", \.pronouns),
        Column("date_of_birth", \.dateOfBirth, cell: { $0?.description ?? "" }, read: { $0.date("date_of_birth") }),
        Column("preferred_language", \.details.preferredLanguage, cell: { $0 }, read: { r in r.text("preferred_language").isEmpty ? "en" : r.text("preferred_language") }),
        Column("other_languages", \.details.otherLanguages, cell: { $0.joined(separator: ";") }, read: { $0.list("other_languages") }),
        .text("phone", \.details.phone),
        .text("email", \.details.email),
        .flag("may_call", \.details.mayCall),
        .flag("may_text", \.details.mayText),
        .flag("may_email", \.details.mayEmail),
        .text("address", \.details.address),
        .value("housing", \.details.housing, empty: .unknown),
        .values("races", \.details.races),
        .value("ethnicity", \.details.ethnicity),
        .value("gender_identity", \.details.genderIdentity),
        .value("sexual_orientation", \.details.sexualOrientation),
        .value("veteran", \.details.veteran),
        .value("insurance", \.details.insurance, empty: .unknown),
        .values("populations", \.details.populations),
        .values("lived_experience_sought", \.details.livedExperienceSought),
        .text("cultural_background", \.details.culturalBackground),
        .value("peer_gender_preference", \.details.peerGenderPreference, empty: .noPreference),
        .text("region", \.details.region),
    ]

    public static let header = ["id"] + columns.map(\.name)

    public typealias RowResult = ImportRow<Person>

    public static func row(_ person: Person) -> [String] {
        [person.id.uuidString] + columns.map { $0.cell(person) }
    }

    /// Columns a file leaves out read as empty cells; on an update they mean "as it was", not "clear it".
    public static func keepingAbsentColumns(_ imported: Person, stored: Person, columns present: Set<String>) -> Person {
        var p = imported
        for column in columns where !present.contains(column.name) { column.copy(&p, stored) }
        return p
    }

    /// Reads rows from `CSVReader`; the first is the header. A problem with the header fails the whole
    /// file (nothing can be read reliably); a problem in a row is reported on that row, so the rest
    /// can still be imported once the person has seen them.
    public static func parse(_ rows: [[String]], organizationID: UUID, today: CalendarDate, now: Date,
                             newID: () -> UUID) -> Result<[RowResult], ValidationErrors> {
        var seen = Set<UUID>()
        let required = [["legal_given_name", "preferred_name"], ["date_of_birth"]]
        return ImportTable.parse(rows, known: header, required: required) { r in
            let id: UUID
            if r.text("id").isEmpty {
                id = newID()
            } else if let given = r.uuid("id") {
                id = given
                if !seen.insert(id).inserted {
                    r.errors.append(ValidationError("id", "duplicate_id"))
                }
            } else {
                // The row is refused anyway; a stand-in lets the rules still check the rest of it.
                id = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
            }
            var person = Person(id: id, organizationID: organizationID, legalGivenName: "", legalFamilyName: "", dateOfBirth: nil,
                                createdAt: now, updatedAt: now)
            for column in columns { column.read(&r, &person) }
            // The rules run even when a cell was unreadable, so every problem in the row shows at once.
            do throws(ValidationErrors) { return try PersonRules.validate(person, today: today) } catch { r.errors += error.errors }
            return nil
        }
    }
}

/// A contact as read from a file, before it is given a program, an id and the staff member importing it.
public struct ContactDraft: Sendable, Equatable {
    public var occurredAt: Date
    /// Nil for an anonymous contact.
    public var personID: UUID?
    public var source: Contact.Source
    public var madeBy: Contact.MadeBy
    public var method: Contact.Method
    public var setting: Contact.Setting
    public var note: String

    public init(occurredAt: Date, personID: UUID?, source: Contact.Source, madeBy: Contact.MadeBy, method: Contact.Method,
                setting: Contact.Setting, note: String) {
        self.occurredAt = occurredAt
        self.personID = personID
        self.source = source
        self.madeBy = madeBy
        self.method = method
        self.setting = setting
        self.note = note
    }
}

/// Contacts as CSV rows, for export and for importing a log kept elsewhere (a paper sheet typed up,
/// another system's export).
public enum ContactImport {
    public static let header = ["occurred_at", "person_id", "source", "made_by", "method", "setting", "note"]

    public typealias RowResult = ImportRow<ContactDraft>

    public static func row(_ contact: Contact) -> [String] {
        [CSVWriter.timestamp(contact.occurredAt), contact.personID?.uuidString ?? "", contact.source.rawValue,
         contact.madeBy.rawValue, contact.method.rawValue, contact.setting.rawValue, contact.note]
    }

    /// `timeZone` is the program's: a row that gives only a date, or a time without an offset, means
    /// that day or time where the program works.
    public static func parse(_ rows: [[String]], timeZone: TimeZone, now: Date) -> Result<[RowResult], ValidationErrors> {
        let required = [["occurred_at"], ["source"], ["made_by"], ["method"], ["setting"]]
        return ImportTable.parse(rows, known: header, required: required) { r in draft(&r, timeZone: timeZone, now: now) }
    }

    /// One row's contact, every problem in the row's errors. The history import reads the same cells.
    static func draft(_ r: inout CellReader, timeZone: TimeZone, now: Date) -> ContactDraft? {
        var occurredAt: Date?
        let when = r.text("occurred_at")
        if when.isEmpty {
            r.errors.append(ValidationError("occurred_at", "required"))
        } else if let instant = DateRules.instant(when, in: timeZone) {
            occurredAt = instant
        } else {
            r.errors.append(ValidationError("occurred_at", "invalid_date"))
        }
        let personID = r.uuid("person_id")
        let source: Contact.Source? = r.requiredValue("source")
        let madeBy: Contact.MadeBy? = r.requiredValue("made_by")
        let method: Contact.Method? = r.requiredValue("method")
        let setting: Contact.Setting? = r.requiredValue("setting")
        var note = r.text("note")
        do throws(ValidationErrors) {
            note = try Contact.validate(occurredAt: occurredAt ?? now, note: note, now: now)
        } catch {
            r.errors += error.errors
        }
        guard let occurredAt, let source, let madeBy, let method, let setting else { return nil }
        return ContactDraft(occurredAt: occurredAt, personID: personID, source: source, madeBy: madeBy, method: method,
                            setting: setting, note: note)
    }
}

/// One row of an import file, checked: a person or a contact. `value` is set only when `errors` is empty.
public struct ImportRow<Value: Sendable & Equatable>: Sendable, Equatable {
    /// The record's number in the file, counting the header as 1 (a spreadsheet's row number).
    public let line: Int
    public let value: Value?
    /// Each error's field is the column it concerns ("row" for the row as a whole).
    public let errors: [ValidationError]

    public init(line: Int, value: Value?, errors: [ValidationError]) {
        self.line = line
        self.value = value
        self.errors = errors
    }
}

/// A file's header, checked once, and where each column's cell sits in a row.
struct ImportTable {
    let index: [String: Int]
    let width: Int

    /// Fails on an unknown or repeated column, and when a required group has none of its columns
    /// (each inner list of `required` is "one of these").
    static func read(_ rows: [[String]], known: [String], required: [[String]]) -> Result<ImportTable, ValidationErrors> {
        guard let header = rows.first else {
            return .failure(ValidationErrors([ValidationError(field: nil, code: "missing_header", messageKey: "error.missing_header")]))
        }
        var errors = ValidationErrors()
        var index: [String: Int] = [:]
        for (position, raw) in header.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            // Spreadsheets keep empty columns at the right of a sheet once a cell there was touched.
            if name.isEmpty { continue }
            if !known.contains(name) {
                errors.append(ValidationError(name, "unknown_column"))
            } else if index[name] != nil {
                errors.append(ValidationError(name, "duplicate_column"))
            } else {
                index[name] = position
            }
        }
        for group in required where !group.contains(where: { index[$0] != nil }) {
            errors.append(ValidationError(group[0], "missing_column"))
        }
        if !errors.isEmpty { return .failure(errors) }
        return .success(ImportTable(index: index, width: header.count))
    }

    /// Reads the header, then checks each row that is not blank with `check`, which reports what it
    /// refuses in the reader's errors; a row whose cells cannot be trusted is reported without a check.
    static func parse<Value>(_ rows: [[String]], known: [String], required: [[String]],
                             check: (inout CellReader) -> Value?) -> Result<[ImportRow<Value>], ValidationErrors>
    where Value: Sendable & Equatable {
        let table: ImportTable
        switch read(rows, known: known, required: required) {
        case .success(let t): table = t
        case .failure(let errors): return .failure(errors)
        }
        var results: [ImportRow<Value>] = []
        for (offset, cells) in rows.enumerated().dropFirst() {
            guard var r = table.reader(for: cells) else { continue }
            guard r.errors.isEmpty else {
                results.append(ImportRow(line: offset + 1, value: nil, errors: r.errors))
                continue
            }
            let value = check(&r)
            results.append(ImportRow(line: offset + 1, value: r.errors.isEmpty ? value : nil, errors: table.ordered(r.errors)))
        }
        return .success(results)
    }

    /// Left to right as the file has its columns, so a person fixing a row can follow along it;
    /// errors about the row as a whole, or a field without a column, come first.
    func ordered(_ errors: [ValidationError]) -> [ValidationError] {
        errors.enumerated().sorted { a, b in
            let x = a.element.field.flatMap { index[$0] } ?? -1, y = b.element.field.flatMap { index[$0] } ?? -1
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
    }

    /// Nil for a row with nothing in it (blank lines are not records); a reader already holding the
    /// error when the row has a different number of cells from the header, since its cells cannot be
    /// trusted to sit under the right columns.
    func reader(for cells: [String]) -> CellReader? {
        if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) { return nil }
        var reader = CellReader(cells: cells, index: index)
        if cells.count != width {
            reader.errors.append(ValidationError("row", "wrong_cell_count"))
        }
        // Control characters are refused in every cell, whichever column it is under (`TextRules`),
        // before any rule trims or reads it.
        for (position, cell) in cells.enumerated() where TextRules.containsForbidden(cell) {
            let column = index.first { $0.value == position }?.key ?? "row"
            if !reader.errors.contains(where: { $0.field == column && $0.code == TextRules.invalidCharacters }) {
                reader.errors.append(ValidationError(column, TextRules.invalidCharacters))
            }
        }
        return reader
    }
}

/// Reads one row's cells by column name, collecting every problem instead of stopping at the first.
/// A column the file leaves out reads as an empty cell, so it takes the field's default.
struct CellReader {
    let cells: [String]
    let index: [String: Int]
    var errors: [ValidationError] = []

    /// The cell as written; text fields are trimmed by the rules that check them.
    func raw(_ column: String) -> String {
        guard let position = index[column], position < cells.count else { return "" }
        return cells[position]
    }

    func text(_ column: String) -> String {
        raw(column).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Multi-valued cells separate values with ";"; a "," is accepted too, as people type lists.
    func list(_ column: String) -> [String] {
        raw(column).split(whereSeparator: { $0 == ";" || $0 == "," })
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    mutating func uuid(_ column: String) -> UUID? {
        let value = text(column)
        if value.isEmpty { return nil }
        guard let id = UUID(uuidString: value) else {
            errors.append(ValidationError(column, "invalid_id"))
            return nil
        }
        return id
    }

    /// `YYYY-MM-DD`, or the US `M/D/YYYY` a spreadsheet rewrites it to when an exported file is
    /// edited and saved again.
    mutating func date(_ column: String) -> CalendarDate? {
        let value = text(column)
        if value.isEmpty { return nil }
        if let date = CalendarDate(value) { return date }
        if value.contains("/"), case .dateOfBirth(let date) = NameSearch.parse(value) { return date }
        errors.append(ValidationError(column, "invalid_date"))
        return nil
    }

    /// Empty is "no": consent is never assumed.
    mutating func bool(_ column: String) -> Bool {
        switch text(column).lowercased() {
        case "", "no", "n", "false", "0": return false
        case "yes", "y", "true", "1": return true
        default:
            errors.append(ValidationError(column, "unknown_value"))
            return false
        }
    }

    mutating func value<E: RawRepresentable & CaseIterable>(_ column: String) -> E? where E.RawValue == String {
        let value = text(column)
        if value.isEmpty { return nil }
        return parse(value, column: column)
    }

    /// Like `value`, but an empty cell is an error: the field has no sensible default.
    mutating func requiredValue<E: RawRepresentable & CaseIterable>(_ column: String) -> E? where E.RawValue == String {
        if text(column).isEmpty {
            errors.append(ValidationError(column, "required"))
            return nil
        }
        return value(column)
    }

    mutating func values<E: RawRepresentable & CaseIterable & Hashable>(_ column: String) -> Set<E> where E.RawValue == String {
        var result = Set<E>()
        for item in list(column) {
            if let value: E = parse(item, column: column) { result.insert(value) }
        }
        return result
    }

    /// Raw values, ignoring case and reading spaces and hyphens as underscores: "Medi-Cal" and
    /// "Homeless sheltered" are how people write `medi_cal` and `homeless_sheltered`.
    private mutating func parse<E: RawRepresentable & CaseIterable>(_ text: String, column: String) -> E? where E.RawValue == String {
        let key = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" }).joined(separator: "_")
        if let value = E.allCases.first(where: { $0.rawValue == key }) { return value }
        if !errors.contains(where: { $0.field == column && $0.code == "unknown_value" }) {
            errors.append(ValidationError(column, "unknown_value"))
        }
        return nil
    }
}
