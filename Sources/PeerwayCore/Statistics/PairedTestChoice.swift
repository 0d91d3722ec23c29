/// What a score's numbers mean, which decides the test its change gets.
public enum ScoreLevel: String, Sendable, Equatable, Codable, CaseIterable {
    /// Equal steps mean equal amounts: T-scores (PROMIS Global-10) and sums of many items (BARC-10).
    case interval
    /// Ordered categories whose steps need not be equal: a single rating such as a MORS milestone.
    case ordinal
}

/// Which paired test the annual report uses for a score's intake → follow-up change, and why; kept as
/// data so the report can say which test it used.
///
/// The rule, in order:
/// 1. An ordinal score gets the Wilcoxon signed-rank test: a mean of its differences assumes equal
///    steps the score does not have.
/// 2. An interval score with fewer than `minimumPairsForT` pairs gets the Wilcoxon test too: with so
///    few pairs the t-test leans on normal differences that cannot be checked.
/// 3. Otherwise the paired t-test, whose mean change and d_z read directly in the score's units.
///
/// No normality test is run: at small n it cannot see non-normal differences, and at large n the
/// t-test no longer needs them normal.
public struct PairedTestChoice: Sendable, Equatable, Codable {
    public enum Test: String, Sendable, Equatable, Codable, CaseIterable {
        case pairedT = "paired_t"
        case wilcoxonSignedRank = "wilcoxon_signed_rank"
    }

    public enum Basis: String, Sendable, Equatable, Codable, CaseIterable {
        /// Rule 1: the score is ordinal.
        case ordinalScore = "ordinal_score"
        /// Rule 2: an interval score with too few pairs for the t-test.
        case fewPairs = "few_pairs"
        /// Rule 3: an interval score with enough pairs.
        case intervalScore = "interval_score"
    }

    /// The fewest pairs for which an interval score gets the paired t-test.
    public static let minimumPairsForT = 15

    public let test: Test
    public let basis: Basis

    public init(test: Test, basis: Basis) {
        self.test = test
        self.basis = basis
    }

    /// The test for a score of this level with `pairs` pairs that have both values.
    public static func choose(level: ScoreLevel, pairs: Int) -> PairedTestChoice {
        switch level {
        case .ordinal: PairedTestChoice(test: .wilcoxonSignedRank, basis: .ordinalScore)
        case .interval where pairs < minimumPairsForT: PairedTestChoice(test: .wilcoxonSignedRank, basis: .fewPairs)
        case .interval: PairedTestChoice(test: .pairedT, basis: .intervalScore)
        }
    }
}
