import Foundation
import PeerwayCore

/// The evaluator's aggregate tables as the API gives them (OpenAPI schema `EvaluationTables`): each table's
/// categories, and per program (then over all programs, `program` null) a count per category and the
/// total; a count held back is `null`.
struct EvaluationTablesJSON: APIFields {
    struct ProgramJSON: Encodable, Sendable {
        let id: UUID
        let name: String
    }

    struct Row: APIFields {
        let row: EvaluatorTable.Row
        var fields: KeyValuePairs<String, (any Encodable)?> {
            ["program": JSONNullable(row.program), "counts": row.cells.map { JSONNullable($0.count) }, "total": JSONNullable(row.total.count)]
        }
    }

    struct Table: APIFields {
        let table: EvaluatorTable
        var fields: KeyValuePairs<String, (any Encodable)?> { ["id": table.id, "categories": table.categories, "rows": table.rows.map(Row.init)] }
    }

    let period: ReportPeriod
    let programs: [Program]
    let tables: [EvaluatorTable]
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["period": ["from": period.from.description, "to": period.to.description],
         "programs": programs.map { ProgramJSON(id: $0.id, name: $0.name) }, "tables": tables.map(Table.init)]
    }
}
