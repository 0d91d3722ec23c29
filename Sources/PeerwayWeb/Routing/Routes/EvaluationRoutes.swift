import Foundation
import PeerwayCore
import PeerwayStore

/// The evaluator's de-identified extract (issue 14): the page with its aggregate tables, the extract and
/// its data dictionary as CSV, and the same for the API. Every path of the area is written here once.
public enum EvaluationRoutes {
    /// The period (`from`, `to`), the downloads and the aggregate tables, small counts held back.
    public static let page = RoutePath("/evaluation")
    /// The de-identified extract for the period of the query.
    public static let extract = RoutePath("/evaluation/extract.csv")
    /// What every column of the extract holds.
    public static let dictionary = RoutePath("/evaluation/dictionary.csv")
    /// The aggregate tables of the page, as CSV.
    public static let tables = RoutePath("/evaluation/tables.csv")

    public enum API {
        public static let extract = RoutePath("/api/v1/evaluation/extract.csv")
        public static let dictionary = RoutePath("/api/v1/evaluation/dictionary.csv")
        public static let tables = RoutePath("/api/v1/evaluation/tables")
    }
}

extension ResourceRef {
    /// The de-identified data of the actor's organization (`AccessResource.deidentifiedData`).
    public static let deidentifiedData = collection("deidentifiedData") { .deidentifiedData(organizationID: $0.organizationID) }
}
