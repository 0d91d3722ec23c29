import Foundation
import Hummingbird
import PeerwayCore
import PeerwayStore

/// The evaluator's extract for API clients: the extract and its data dictionary as CSV (as the page's
/// downloads), the aggregate tables as JSON (`EvaluationTablesJSON`), small counts `null`.
enum EvaluationAPI {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let extract = EvaluatorExtract(env.store)

        table.add(.get, EvaluationRoutes.API.extract, .api, .policy(.export, .deidentifiedData)) { request, context, resolved in
            try EvaluationPages.extractCSV(request, context, resolved, env)
        }
        table.add(.get, EvaluationRoutes.API.dictionary, .api, .policy(.export, .deidentifiedData)) { _, context, resolved in
            try await EvaluationPages.dictionaryCSV(context, resolved, env)
        }
        table.add(.get, EvaluationRoutes.API.tables, .api, .policy(.read, .deidentifiedData)) { request, context, resolved in
            let period = try EvaluationRequest(request, today: env.journey.today).checked()
            let result = try await extract.tables(period: period, by: try resolved.requireActor(), context: context.audit)
            return try APISupport.json(EvaluationTablesJSON(period: period, programs: result.programs, tables: result.tables))
        }
    }
}
