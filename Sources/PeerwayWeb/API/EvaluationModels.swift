import Foundation
import PeerwayCore

/// The evaluator's aggregate tables as the API gives them (OpenAPI schema `EvaluationTables`): each table's
/// categories, and per program (then over all programs, `program` null) a count per category and the
/// total; a count held back is `null`.
struct EvaluationTablesJSON: Encodable, Sendable {
    struct Period: Encodable, Sendable {
        let from: String
        let to: String
    }

    struct ProgramJSON: Encodable, Sendable {
        let id: UUID
        let name: String
    }

    struct Row: Encodable, Sendable {
        let program: JSONNullable<String>
        let counts: [JSONNullable<Int>]
        let total: JSONNullable<Int>
    }

    struct Table: Encodable, Sendable {
        let id: String
        let categories: [String]
        let rows: [Row]
    }

    let period: Period
    let programs: [ProgramJSON]
    let tables: [Table]

    init(period: ReportPeriod, programs: [Program], tables: [EvaluatorTable]) {
        self.period = Period(from: period.from.description, to: period.to.description)
        self.programs = programs.map { ProgramJSON(id: $0.id, name: $0.name) }
        self.tables = tables.map { table in
            Table(id: table.id, categories: table.categories, rows: table.rows.map { row in
                Row(program: JSONNullable(row.program), counts: row.cells.map { JSONNullable($0.count) }, total: JSONNullable(row.total.count))
            })
        }
    }
}
