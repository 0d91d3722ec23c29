/// The paired t-test of the differences (after − before) against zero, as `scipy.stats.ttest_rel(after,
/// before)` computes it, with Cohen's d_z as its effect size.
public struct PairedTTest: Sendable, Equatable, Codable {
    /// Pairs with both values.
    public let n: Int
    /// Mean difference over its standard error; positive when scores rose.
    public let t: StatisticValue
    /// Degrees of freedom, n − 1; nil with fewer than two pairs.
    public let degreesOfFreedom: Int?
    /// Two-sided p-value.
    public let p: StatisticValue
    /// Cohen's d_z: the mean difference in standard deviations of the differences (not of the
    /// scores); positive when scores rose.
    public let cohensDz: StatisticValue

    /// `differences` are after − before, one per pair with both values.
    public init(differences: [Double]) {
        n = differences.count
        let gap: StatisticGap? = switch n {
        case 0: .noPairs
        case 1: .tooFew
        default: nil
        }
        if let gap {
            (t, degreesOfFreedom, p, cohensDz) = (.unavailable(gap), nil, .unavailable(gap), .unavailable(gap))
            return
        }
        degreesOfFreedom = n - 1
        let mean = PairedSample.mean(differences)
        let sd = PairedSample.standardDeviation(differences, mean: mean)
        // Identical differences are caught as such rather than by sd == 0: their mean can be off by a
        // rounding step, which would leave a spread of 1e-16 and a meaningless, huge t.
        guard differences.contains(where: { $0 != differences[0] }), sd > 0 else {
            (t, p, cohensDz) = (.unavailable(.noVariation), .unavailable(.noVariation), .unavailable(.noVariation))
            return
        }
        let tValue = mean / (sd / Double(n).squareRoot())
        t = .of(tValue)
        p = .of(Distributions.studentTTwoSidedP(tValue, df: Double(n - 1)))
        cohensDz = .of(mean / sd)
    }
}

/// Sums kept in one place so the summary and the t-test agree to the last digit.
enum PairedSample {
    static func mean(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(values.count)
    }

    /// The sample standard deviation (n − 1 in the denominator), 0 for fewer than two values.
    static func standardDeviation(_ values: [Double], mean: Double) -> Double {
        guard values.count > 1 else { return 0 }
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(values.count - 1)).squareRoot()
    }
}
