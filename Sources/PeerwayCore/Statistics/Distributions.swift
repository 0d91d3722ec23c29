import Foundation

/// The distribution functions the paired tests need, in plain Swift so Core stays free of a numerics
/// dependency. Each matches SciPy to well within 1e-6 (the reference test checks it on SciPy's own
/// output); the tails are computed directly rather than as `1 - cdf`, so very small p-values keep
/// their relative precision.
public enum Distributions {
    /// The regularized incomplete beta function I_x(a, b) for a, b > 0 and x in [0, 1]; NaN outside.
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        incompleteBeta(x: x, complement: 1 - x, a: a, b: b)
    }

    /// The Student t distribution's P(T <= t) with `df` degrees of freedom (df > 0).
    public static func studentTCDF(_ t: Double, df: Double) -> Double {
        guard df > 0, !t.isNaN else { return .nan }
        if t == 0 { return 0.5 }
        let tail = studentTTwoSidedP(t, df: df) / 2
        return t < 0 ? tail : 1 - tail
    }

    /// P(|T| >= |t|) for Student's t with `df` degrees of freedom: the two-sided p-value of a t statistic.
    public static func studentTTwoSidedP(_ t: Double, df: Double) -> Double {
        guard df > 0, !t.isNaN else { return .nan }
        if t.isInfinite { return 0 }
        let t2 = t * t
        // x = df / (df + t²) and its complement are both formed directly: for a large t the
        // complement is close to 1 and `1 - x` would lose the digits the small tail lives on.
        return incompleteBeta(x: df / (df + t2), complement: t2 / (df + t2), a: df / 2, b: 0.5)
    }

    /// The standard normal P(Z <= z).
    public static func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// The standard normal P(Z >= z).
    public static func normalSurvival(_ z: Double) -> Double {
        0.5 * erfc(z / 2.0.squareRoot())
    }

    /// P(|Z| >= |z|): the two-sided p-value of a z statistic.
    public static func normalTwoSidedP(_ z: Double) -> Double {
        min(1, erfc(abs(z) / 2.0.squareRoot()))
    }

    /// P(X >= x) for a chi-square variable with one degree of freedom (x >= 0), as `chi2.sf(x, 1)`.
    public static func chiSquare1Survival(_ x: Double) -> Double {
        guard !x.isNaN else { return .nan }
        if x <= 0 { return 1 }
        return erfc((x / 2).squareRoot())
    }

    /// The binomial probability of exactly `k` successes in `n` trials with success probability `p`.
    public static func binomialPMF(_ k: Int, n: Int, p: Double) -> Double {
        guard n >= 0, k >= 0, k <= n, p >= 0, p <= 1 else { return 0 }
        if p == 0 { return k == 0 ? 1 : 0 }
        if p == 1 { return k == n ? 1 : 0 }
        if n <= exactCoefficientLimit {
            // The coefficient as an exact integer, so at p = 1/2 (McNemar's case) the probability is
            // the exact dyadic fraction SciPy gives, to the last bit.
            var choose: UInt64 = 1
            for i in 0..<min(k, n - k) {
                choose = choose * UInt64(n - i) / UInt64(i + 1)
            }
            return Double(choose) * pow(p, Double(k)) * pow(1 - p, Double(n - k))
        }
        let logChoose = lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
        return exp(logChoose + Double(k) * log(p) + Double(n - k) * log1p(-p))
    }

    /// The two-sided p-value of `k` successes in `n` trials against success probability `p`, computed
    /// as `scipy.stats.binomtest(k, n, p).pvalue` computes it: the probability of every outcome no
    /// more likely than the one observed, with SciPy's relative tolerance of 1e-7 on "no more
    /// likely". Nil when `n` is 0 or an argument is out of range.
    public static func binomialTwoSidedP(successes k: Int, trials n: Int, probability p: Double) -> Double? {
        guard n > 0, k >= 0, k <= n, p >= 0, p <= 1 else { return nil }
        let expected = p * Double(n)
        if Double(k) == expected { return 1 }
        let observed = binomialPMF(k, n: n, p: p)
        let limit = observed * (1 + 1e-7)
        let pmf = { (i: Int) in binomialPMF(i, n: n, p: p) }
        let total: Double
        if Double(k) < expected {
            // Beyond the mode the pmf falls: count the outcomes from the top end whose probability is
            // within the limit, as SciPy's binary search does.
            let ix = lastIndex(from: Int(expected.rounded(.up)), to: n, limit: -limit) { -pmf($0) }
            let y = n - ix + (limit == pmf(ix) ? 1 : 0)
            total = binomialCDF(k, n: n, p: p) + binomialSurvival(n - y, n: n, p: p)
        } else {
            let ix = lastIndex(from: 0, to: Int(expected.rounded(.down)), limit: limit, pmf)
            total = binomialCDF(ix, n: n, p: p) + binomialSurvival(k - 1, n: n, p: p)
        }
        return min(1, total)
    }

    /// The two-sided exact p-value of a Wilcoxon signed-rank statistic: `rankSum` is the sum of the
    /// ranks of the positive differences (either sum gives the same p) among `n` non-zero differences.
    /// Exact only when the ranks are 1...n (no ties); a non-integral sum is rounded outward on each
    /// tail as SciPy does. The null distribution is counted exactly, so this is meant for n up to
    /// about 50 (`WilcoxonSignedRank.exactLimit`). Nil when `n` is 0.
    public static func wilcoxonExactTwoSidedP(rankSum: Double, n: Int) -> Double? {
        guard n > 0, rankSum.isFinite else { return nil }
        let total = n * (n + 1) / 2
        // counts[s] = how many of the 2^n sign patterns give positive ranks summing to s. Every count
        // is an integer below 2^53 for n <= 52, so the Doubles hold them exactly.
        var counts = [Double](repeating: 0, count: total + 1)
        counts[0] = 1
        var reach = 0
        for rank in 1...n {
            reach += rank
            var s = reach
            while s >= rank {
                counts[s] += counts[s - rank]
                s -= 1
            }
        }
        func atMost(_ s: Int) -> Double {
            guard s >= 0 else { return 0 }
            return counts[0...min(s, total)].reduce(0, +)
        }
        // P(W >= w) = P(W <= total - w) by symmetry, so both tails are sums of small counts.
        let lower = atMost(Int(rankSum.rounded(.up)))
        let upper = atMost(total - Int(rankSum.rounded(.down)))
        return min(1, 2 * min(lower, upper) / pow(2, Double(n)))
    }

    // MARK: - Internals

    /// Up to here every binomial coefficient is below 2^53, so a Double holds it exactly, and
    /// C(n, i) · (n − i) stays below 2^64 while it is built.
    static let exactCoefficientLimit = 56

    static func binomialCDF(_ k: Int, n: Int, p: Double) -> Double {
        guard k >= 0 else { return 0 }
        guard k < n else { return 1 }
        return (0...k).reduce(0) { $0 + binomialPMF($1, n: n, p: p) }
    }

    static func binomialSurvival(_ k: Int, n: Int, p: Double) -> Double {
        guard k < n else { return 0 }
        guard k >= 0 else { return 1 }
        return ((k + 1)...n).reduce(0) { $0 + binomialPMF($1, n: n, p: p) }
    }

    /// SciPy's `_binary_search_for_binom_tst`: in lo...hi, where `value` ascends, the index i with
    /// value(i) <= limit < value(i + 1) (lo - 1 when even value(lo) is above the limit).
    static func lastIndex(from lo: Int, to hi: Int, limit: Double, _ value: (Int) -> Double) -> Int {
        var lo = lo
        var hi = hi
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            let v = value(mid)
            if v < limit {
                lo = mid + 1
            } else if v > limit {
                hi = mid - 1
            } else {
                return mid
            }
        }
        return value(lo) <= limit ? lo : lo - 1
    }

    /// I_x(a, b) with 1 - x passed in as well, so callers that know it precisely keep the precision.
    /// Numerical Recipes' `betai`: the continued fraction converges fast for x < (a + 1) / (a + b + 2);
    /// above that the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) is used.
    static func incompleteBeta(x: Double, complement y: Double, a: Double, b: Double) -> Double {
        guard a > 0, b > 0, !x.isNaN, !y.isNaN, x >= 0, x <= 1 else { return .nan }
        if x == 0 { return 0 }
        if y == 0 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(y)
        let front = exp(logFront)
        if x < (a + 1) / (a + b + 2) {
            return front * betaContinuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - front * betaContinuedFraction(x: y, a: b, b: a) / b
    }

    /// The continued fraction of the incomplete beta function by the modified Lentz method.
    static func betaContinuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-16
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...100_000 {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < epsilon { break }
        }
        return h
    }
}
