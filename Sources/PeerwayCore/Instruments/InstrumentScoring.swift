/// One scale's score in one administration. A scale that could not be computed has no raw score and
/// names the items whose answers were missing.
public struct ScaleScore: Sendable, Equatable, Codable {
    public let scale: String
    /// The raw score, to one decimal (a prorated sum may not be whole); nil when not computed.
    public let raw: Double?
    public let tScore: Double?
    public let standardError: Double?
    /// The interpretation band's id.
    public let band: String?
    /// Items of the scale left unanswered, in the instrument's order.
    public let missingItems: [String]
    /// The raw score was prorated from fewer than all items (`MissingRule.prorate`).
    public let prorated: Bool

    public init(scale: String, raw: Double?, tScore: Double? = nil, standardError: Double? = nil, band: String? = nil,
                missingItems: [String] = [], prorated: Bool = false) {
        self.scale = scale
        self.raw = raw
        self.tScore = tScore
        self.standardError = standardError
        self.band = band
        self.missingItems = missingItems
        self.prorated = prorated
    }

    public var computed: Bool { raw != nil }
    /// The score a chart and a change read: the T-score where there is one, else the raw score.
    public var value: Double? { tScore ?? raw }
}

extension Instrument {
    /// Scores every scale asked at a timepoint of `kind` from item answers (item id → option value).
    /// Answers are taken as given: `AdministrationRules.validate` has already refused values that are
    /// not options. A scale none of whose items is asked then (satisfaction at intake) is left out.
    public func score(_ responses: [String: Int], at kind: TimepointKind) -> [ScaleScore] {
        let asked = Set(items(at: kind).map(\.id))
        return scales.filter { !asked.isDisjoint(with: $0.items) }.map { score($0, responses) }
    }

    func score(_ scale: InstrumentScale, _ responses: [String: Int]) -> ScaleScore {
        let answered = scale.items.compactMap { id in responses[id].map { (id, $0) } }
        let missing = scale.items.filter { responses[$0] == nil }
        let raw: Double
        var prorated = false
        switch scale.method {
        case .indicator(let values):
            guard let (_, value) = answered.first, missing.isEmpty else { return ScaleScore(scale: scale.id, raw: nil, missingItems: missing) }
            raw = values.contains(value) ? 1 : 0
        case .sum:
            let values = answered.map { id, value in item(id)?.scored(value) ?? value }
            switch scale.missing {
            case .requireAll:
                guard missing.isEmpty else { return ScaleScore(scale: scale.id, raw: nil, missingItems: missing) }
                raw = Double(values.reduce(0, +))
            case .prorate(let minimum):
                guard values.count >= minimum, !values.isEmpty else { return ScaleScore(scale: scale.id, raw: nil, missingItems: missing) }
                let sum = Double(values.reduce(0, +))
                prorated = !missing.isEmpty
                raw = prorated ? ((sum / Double(values.count) * Double(scale.items.count)) * 10).rounded() / 10 : sum
            }
        }
        // A conversion table is indexed by whole raw scores; a prorated sum has none, so it keeps its raw score only.
        let row = scale.conversion.flatMap { table in raw == raw.rounded() ? table.rows[Int(raw)] : nil }
        let read: Double? = scale.conversion == nil ? raw : row?.tScore
        let band = read.flatMap { value in scale.bands.first { $0.contains(value) }?.id }
        return ScaleScore(scale: scale.id, raw: raw, tScore: row?.tScore, standardError: row?.standardError, band: band,
                          missingItems: missing, prorated: prorated)
    }
}
