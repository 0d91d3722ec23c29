/// Intake → latest follow-up change on one score, across the participants who have both: the
/// annual report's line for a scale. Differences are after − before, so a positive mean difference
/// is a rise. Both tests are computed; `choice` says which one the report quotes (`p`, `effectSize`).
public struct PairedScoreComparison: Sendable, Equatable, Codable {
    /// Pairs with both values; a pair missing either value (or holding a non-finite one) is left out.
    public let n: Int
    /// Mean score at intake over the n pairs.
    public let meanBefore: StatisticValue
    /// Mean score at the latest follow-up over the n pairs.
    public let meanAfter: StatisticValue
    /// Mean of the differences (after − before).
    public let meanDifference: StatisticValue
    /// Sample standard deviation of the differences (n − 1 in the denominator).
    public let sdDifference: StatisticValue
    public let tTest: PairedTTest
    public let wilcoxon: WilcoxonSignedRank
    /// The test the report quotes for this score.
    public let choice: PairedTestChoice

    /// The chosen test's two-sided p-value.
    public var p: StatisticValue {
        switch choice.test {
        case .pairedT: tTest.p
        case .wilcoxonSignedRank: wilcoxon.p
        }
    }

    /// The chosen test's effect size: Cohen's d_z for the t-test, the rank-biserial correlation for
    /// the Wilcoxon test.
    public var effectSize: StatisticValue {
        switch choice.test {
        case .pairedT: tTest.cohensDz
        case .wilcoxonSignedRank: wilcoxon.rankBiserial
        }
    }

    /// `pairs` hold each participant's intake (`before`) and latest follow-up (`after`) score.
    public init(pairs: [(before: Double?, after: Double?)], level: ScoreLevel) {
        let complete = pairs.compactMap { pair -> (before: Double, after: Double)? in
            guard let before = pair.before, let after = pair.after, before.isFinite, after.isFinite else { return nil }
            return (before, after)
        }
        n = complete.count
        let differences = complete.map { $0.after - $0.before }
        if n == 0 {
            (meanBefore, meanAfter, meanDifference) = (.unavailable(.noPairs), .unavailable(.noPairs), .unavailable(.noPairs))
            sdDifference = .unavailable(.noPairs)
        } else {
            meanBefore = .of(PairedSample.mean(complete.map(\.before)))
            meanAfter = .of(PairedSample.mean(complete.map(\.after)))
            let mean = PairedSample.mean(differences)
            meanDifference = .of(mean)
            sdDifference = n == 1 ? .unavailable(.tooFew) : .of(PairedSample.standardDeviation(differences, mean: mean))
        }
        tTest = PairedTTest(differences: differences)
        wilcoxon = WilcoxonSignedRank(differences: differences)
        choice = .choose(level: level, pairs: n)
    }

    /// The pairs `InstrumentChange.paired` found for one instrument's scale.
    public init(_ changes: [ScoreChange], level: ScoreLevel) {
        self.init(pairs: changes.map { (before: $0.intake, after: $0.latest) }, level: level)
    }
}
