/// The Wilcoxon signed-rank test of the differences (after − before), as `scipy.stats.wilcoxon(after,
/// before, zero_method="wilcox", correction=False, method=...)` computes it with the method named in
/// `method`, and the matched-pairs rank-biserial correlation as its effect size.
///
/// Zero differences are dropped before ranking (Wilcoxon's own rule); tied absolute differences share
/// their average rank.
public struct WilcoxonSignedRank: Sendable, Equatable, Codable {
    /// How the p-value was found.
    public enum Method: String, Sendable, Equatable, Codable {
        /// The exact null distribution of W+ (SciPy's `method="exact"`): used for at most
        /// `exactLimit` differences with no zeros and no ties, where it is exact.
        case exact
        /// The normal approximation with the tie correction to the variance and no continuity
        /// correction (SciPy's `method="asymptotic"`): used otherwise.
        case normalApproximation = "normal_approximation"
    }

    /// The largest number of differences given the exact distribution.
    public static let exactLimit = 50

    /// Pairs with both values.
    public let n: Int
    /// Pairs whose difference is zero, left out of the ranks.
    public let zeros: Int
    /// Whether two or more non-zero differences have the same size, so share a rank.
    public let hasTies: Bool
    public let method: Method
    /// W+: the sum of the ranks of the rises.
    public let rankSumPositive: Double
    /// W−: the sum of the ranks of the falls.
    public let rankSumNegative: Double
    /// The statistic as SciPy reports it for a two-sided test: min(W+, W−).
    public let statistic: StatisticValue
    /// With the normal approximation, (W+ − n'(n'+1)/4) / its tie-corrected standard error, with n'
    /// the non-zero differences: positive when scores rose. Nil with the exact method.
    public let z: Double?
    /// Two-sided p-value.
    public let p: StatisticValue
    /// The matched-pairs rank-biserial correlation (W+ − W−) / (W+ + W−), from −1 (every non-zero
    /// difference a fall) to 1 (every one a rise).
    public let rankBiserial: StatisticValue

    /// Non-zero differences: the ones ranked.
    public var nonZero: Int { n - zeros }

    /// `differences` are after − before, one per pair with both values.
    public init(differences: [Double]) {
        n = differences.count
        let signed = differences.filter { $0 != 0 }
        zeros = n - signed.count
        let ranked = Self.averageRanks(of: signed.map(abs))
        hasTies = ranked.tieSizes.contains { $0 > 1 }
        rankSumPositive = zip(signed, ranked.ranks).reduce(0) { $0 + ($1.0 > 0 ? $1.1 : 0) }
        rankSumNegative = zip(signed, ranked.ranks).reduce(0) { $0 + ($1.0 < 0 ? $1.1 : 0) }
        method = signed.count <= Self.exactLimit && zeros == 0 && !hasTies ? .exact : .normalApproximation

        let gap: StatisticGap? = if n == 0 { .noPairs } else if n == 1 { .tooFew } else if signed.isEmpty { .noVariation } else { nil }
        if let gap {
            (statistic, z, p, rankBiserial) = (.unavailable(gap), nil, .unavailable(gap), .unavailable(gap))
            return
        }
        statistic = .of(min(rankSumPositive, rankSumNegative))
        rankBiserial = .of((rankSumPositive - rankSumNegative) / (rankSumPositive + rankSumNegative))
        let count = Double(signed.count)
        switch method {
        case .exact:
            z = nil
            p = Distributions.wilcoxonExactTwoSidedP(rankSum: rankSumPositive, n: signed.count).map(StatisticValue.of)
                ?? .unavailable(.noVariation)
        case .normalApproximation:
            let tieTerm = ranked.tieSizes.reduce(0.0) { $0 + Double($1 * $1 * $1 - $1) }
            let variance = (count * (count + 1) * (2 * count + 1) - tieTerm / 2) / 24
            let zValue = (rankSumPositive - count * (count + 1) / 4) / variance.squareRoot()
            z = zValue
            p = .of(Distributions.normalTwoSidedP(zValue))
        }
    }

    /// Ranks 1...n of `values` with ties given their average rank, and the size of each group of
    /// equal values.
    static func averageRanks(of values: [Double]) -> (ranks: [Double], tieSizes: [Int]) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var tieSizes: [Int] = []
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end + 2) / 2
            for i in start...end { ranks[order[i]] = rank }
            tieSizes.append(end - start + 1)
            start = end + 1
        }
        return (ranks, tieSizes)
    }
}
