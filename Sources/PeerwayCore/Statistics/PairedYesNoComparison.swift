/// Intake → latest follow-up change on a yes/no item, across the participants who answered both
/// times, with McNemar's test. The four counts are the 2×2 table of (intake, follow-up) answers:
///
///                   follow-up yes   follow-up no
///     intake yes         a               b
///     intake no          c               d
///
/// Only the participants who changed answer (b and c) carry the test.
public struct PairedYesNoComparison: Sendable, Equatable, Codable {
    /// How the p-value was found.
    public enum Method: String, Sendable, Equatable, Codable {
        /// The exact McNemar test: the two-sided binomial test of min(b, c) successes in b + c trials
        /// at probability 1/2, as `scipy.stats.binomtest` computes it. Used while b + c <
        /// `exactLimit`.
        case exactBinomial = "exact_binomial"
        /// The chi-square test with continuity correction, (|b − c| − 1)² / (b + c) on one degree of
        /// freedom (as R's `mcnemar.test` and statsmodels compute it). Used from b + c =
        /// `exactLimit` on.
        case chiSquareCorrected = "chi_square_corrected"
    }

    /// The fewest discordant pairs (b + c) for which the chi-square approximation is used.
    public static let exactLimit = 25

    /// a: yes at intake, yes at follow-up.
    public let yesYes: Int
    /// b: yes at intake, no at follow-up.
    public let yesNo: Int
    /// c: no at intake, yes at follow-up.
    public let noYes: Int
    /// d: no at intake, no at follow-up.
    public let noNo: Int
    public let method: Method
    /// min(b, c) for the exact test; the corrected chi-square for the approximation.
    public let statistic: StatisticValue
    /// Two-sided p-value.
    public let p: StatisticValue
    /// The paired odds ratio c / b: how many more participants moved no → yes than yes → no, as a
    /// ratio; above 1 when "yes" became more common. Unavailable (`.unbounded`) when b = 0 and c > 0.
    /// Whether a rise is good depends on the item, which the report says.
    public let oddsRatio: StatisticValue

    /// Pairs with both answers: a + b + c + d.
    public var n: Int { yesYes + yesNo + noYes + noNo }
    /// b + c: the participants who changed answer.
    public var discordant: Int { yesNo + noYes }

    /// Share answering yes at intake, (a + b) / n.
    public var proportionBefore: StatisticValue {
        n == 0 ? .unavailable(.noPairs) : .of(Double(yesYes + yesNo) / Double(n))
    }

    /// Share answering yes at the latest follow-up, (a + c) / n.
    public var proportionAfter: StatisticValue {
        n == 0 ? .unavailable(.noPairs) : .of(Double(yesYes + noYes) / Double(n))
    }

    /// `pairs` hold each participant's intake (`before`) and latest follow-up (`after`) answer; a pair
    /// missing either is left out.
    public init(pairs: [(before: Bool?, after: Bool?)]) {
        var counts = (a: 0, b: 0, c: 0, d: 0)
        for pair in pairs {
            switch (pair.before, pair.after) {
            case (true?, true?): counts.a += 1
            case (true?, false?): counts.b += 1
            case (false?, true?): counts.c += 1
            case (false?, false?): counts.d += 1
            default: continue
            }
        }
        self.init(yesYes: counts.a, yesNo: counts.b, noYes: counts.c, noNo: counts.d)
    }

    /// From the table's counts; a negative count is taken as 0.
    public init(yesYes a: Int, yesNo b: Int, noYes c: Int, noNo d: Int) {
        (yesYes, yesNo, noYes, noNo) = (max(0, a), max(0, b), max(0, c), max(0, d))
        let b = yesNo
        let c = noYes
        let discordant = b + c
        method = discordant < Self.exactLimit ? .exactBinomial : .chiSquareCorrected
        let total = yesYes + b + c + noNo
        let gap: StatisticGap? = if total == 0 { .noPairs } else if total == 1 { .tooFew } else if discordant == 0 { .noDiscordantPairs } else { nil }
        if let gap {
            (statistic, p, oddsRatio) = (.unavailable(gap), .unavailable(gap), .unavailable(gap))
            return
        }
        switch method {
        case .exactBinomial:
            statistic = .of(Double(min(b, c)))
            p = Distributions.binomialTwoSidedP(successes: min(b, c), trials: discordant, probability: 0.5).map(StatisticValue.of)
                ?? .unavailable(.noDiscordantPairs)
        case .chiSquareCorrected:
            let excess = Double(abs(b - c) - 1)
            let chiSquare = excess * excess / Double(discordant)
            statistic = .of(chiSquare)
            p = .of(Distributions.chiSquare1Survival(chiSquare))
        }
        oddsRatio = b == 0 ? .unavailable(.unbounded) : .of(Double(c) / Double(b))
    }
}
