import Foundation

/// A count of the evaluator's tables, or the mark of one held back.
public enum EvaluatorCell: Sendable, Equatable {
    case count(Int)
    case suppressed

    public var count: Int? {
        if case .count(let n) = self { return n }
        return nil
    }
}

/// One aggregate table of the evaluator's extract: the enrollments of each program by one coded field,
/// with each program's total, and a last row over all the programs.
public struct EvaluatorTable: Sendable, Equatable {
    /// Stable, snake_case: the field counted by (`life_stage`, `discharge`).
    public var id: String
    /// The field's codes, in the columns' order.
    public var categories: [String]
    public var rows: [Row]

    public struct Row: Sendable, Equatable {
        /// The program's name; nil on the row over all programs.
        public var program: String?
        /// One per category.
        public var cells: [EvaluatorCell]
        public var total: EvaluatorCell
    }

    public var titleKey: String { "evaluation.table.\(id)" }
}

/// The aggregate tables, counted while the extract's rows go by (so a county's year is never held whole)
/// and held back by `CrossTableSuppression`: every count from 1 to 10, and then, in any row or column
/// whose total would give one back, one more count, until no held-back count can be worked out from what
/// is shown, in any of the tables. A program's total and the number of enrollments are the same count in
/// every table, so they are held back in all of them or in none.
public struct EvaluatorTally: Sendable, Equatable {
    public struct ProgramEntry: Sendable, Equatable {
        public var id: UUID
        public var name: String

        public init(id: UUID, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// What a table counts by: its id, its categories and the category of an enrollment.
    public struct Dimension: Sendable {
        public let id: String
        public let categories: [String]
        let category: @Sendable (DeidentifiedEnrollment) -> String
    }

    public static let notRecorded = "not_recorded"

    public static let dimensions: [Dimension] = [
        Dimension(id: "life_stage", categories: SafeHarbor.lifeStages + [notRecorded]) { $0.lifeStage ?? notRecorded },
        Dimension(id: "gender_identity", categories: GenderIdentity.allCases.map(\.rawValue) + [notRecorded]) {
            $0.genderIdentity?.rawValue ?? notRecorded
        },
        Dimension(id: "ethnicity", categories: Ethnicity.allCases.map(\.rawValue) + [notRecorded]) { $0.ethnicity?.rawValue ?? notRecorded },
        Dimension(id: "homeless_at_intake", categories: ["yes", "no", "not_asked"]) { row in
            row.homelessAtIntake.map { $0 ? "yes" : "no" } ?? "not_asked"
        },
        Dimension(id: "discharge", categories: ["enrolled"] + DischargeReason.allCases.map(\.rawValue)) { $0.dischargeReason?.rawValue ?? "enrolled" },
    ]

    public private(set) var programs: [ProgramEntry]
    public private(set) var enrollments = 0
    /// Table → program → category → enrollments.
    private var counts: [String: [UUID: [String: Int]]] = [:]

    public init(programs: [ProgramEntry]) {
        self.programs = programs
    }

    public mutating func add(_ row: DeidentifiedEnrollment, programID: UUID) {
        enrollments += 1
        for dimension in Self.dimensions {
            counts[dimension.id, default: [:]][programID, default: [:]][dimension.category(row), default: 0] += 1
        }
    }

    public func count(_ table: String, program: UUID, _ category: String) -> Int { counts[table]?[program]?[category] ?? 0 }

    /// The tables, held back (`suppressed`, the default) or as counted.
    public func tables(suppressed: Bool = true) -> [EvaluatorTable] {
        // Every count by name. A program's total ("program.0") and the number of enrollments are one count
        // in every table, so what holds one back holds it back everywhere.
        var named: [String: Int] = ["enrollments": enrollments]
        var lines: [CrossTableSuppression.Line] = []
        let programTotal = { (i: Int) in "program.\(i)" }
        let first = Self.dimensions[0]
        for (i, program) in programs.enumerated() {
            named[programTotal(i)] = first.categories.reduce(0) { $0 + count(first.id, program: program.id, $1) }
        }
        lines.append(.init(programs.indices.map(programTotal) + ["enrollments"]))
        var layout: [(dimension: Dimension, cells: [[String]], columnTotals: [String])] = []
        for d in Self.dimensions {
            let cell = { (i: Int, c: String) in "\(d.id).\(i).\(c)" }, column = { (c: String) in "\(d.id).all.\(c)" }
            for (i, program) in programs.enumerated() {
                for c in d.categories { named[cell(i, c)] = count(d.id, program: program.id, c) }
                lines.append(.init(d.categories.map { cell(i, $0) } + [programTotal(i)]))
            }
            for c in d.categories {
                named[column(c)] = programs.indices.reduce(0) { $0 + named[cell($1, c)]! }
                lines.append(.init(programs.indices.map { cell($0, c) } + [column(c)]))
            }
            lines.append(.init(d.categories.map(column) + ["enrollments"]))
            layout.append((d, programs.indices.map { i in d.categories.map { cell(i, $0) } }, d.categories.map(column)))
        }
        let held = suppressed ? CrossTableSuppression.held(counts: named, lines: lines) { name in
            name == "enrollments" ? 2 : name.hasPrefix("program.") || name.contains(".all.") ? 1 : 0
        } : []
        func value(_ name: String) -> EvaluatorCell { held.contains(name) ? .suppressed : .count(named[name]!) }

        return layout.map { table in
            EvaluatorTable(id: table.dimension.id, categories: table.dimension.categories, rows: programs.indices.map { i in
                EvaluatorTable.Row(program: programs[i].name, cells: table.cells[i].map(value), total: value(programTotal(i)))
            } + [EvaluatorTable.Row(program: nil, cells: table.columnTotals.map(value), total: value("enrollments"))])
        }
    }

    /// The tables as one CSV: table, program (empty on the row over all programs), category, enrollments
    /// (empty where held back), suppressed (yes or no).
    public static let csvHeader = ["table", "program", "category", "enrollments", "suppressed"]

    public static func csvRows(_ tables: [EvaluatorTable]) -> [[String]] {
        tables.flatMap { table in
            table.rows.flatMap { row in
                zip(table.categories + ["total"], row.cells + [row.total]).map { category, cell in
                    [table.id, row.program ?? "", category, cell.count.map(String.init) ?? "", cell == .suppressed ? "yes" : "no"]
                }
            }
        }
    }
}
