import Foundation
import Testing
import PeerwayCore

/// Core's statistics against SciPy's answers on the same inputs, pinned in
/// `Fixtures/scipy_reference.json`. The fixture is written by `.ci/scipy_reference.py`, and CI
/// regenerates it with SciPy and fails unless it still matches, so this test compares Swift with
/// SciPy itself. To change the cases, edit that script, run `python3 .ci/scipy_reference.py` and
/// review the fixture's diff.
@Suite("Statistics against SciPy")
struct StatisticsReferenceTests {
    static let fixtureURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
        .appendingPathComponent("scipy_reference.json")

    static let reference: Result<SciPyReferenceFile, any Error> = Result {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(SciPyReferenceFile.self, from: Data(contentsOf: fixtureURL))
    }

    static func cases() throws -> [SciPyReferenceCase] { try reference.get().cases }

    @Test func fixtureHoldsEveryKindOfCase() throws {
        let kinds = Set(try Self.cases().map(\.kind))
        #expect(kinds == ["paired_scores", "yes_no", "binomial", "student_t", "normal", "chi_square_1", "incomplete_beta"])
        let scores = try Self.cases().compactMap(\.scores)
        #expect(scores.contains { $0.expected.wilcoxon.method == "exact" && $0.expected.wilcoxon.p.value != nil })
        #expect(scores.contains { $0.expected.wilcoxon.method == "asymptotic" && $0.expected.wilcoxon.ties && $0.expected.wilcoxon.zeros > 0 })
        #expect(scores.contains { $0.expected.n > 50 })
        let yesNo = try Self.cases().compactMap(\.yesNo)
        #expect(yesNo.contains { $0.expected.method == "exact_binomial" && $0.expected.p.value != nil })
        #expect(yesNo.contains { $0.expected.method == "chi_square_corrected" })
        #expect(yesNo.contains { $0.expected.effect.gap == .unbounded })
    }

    @Test func pairedScoresMatchSciPy() throws {
        for c in try Self.cases().compactMap(\.scores) {
            let pairs = zip(c.before, c.after).map { (before: $0, after: $1) }
            let r = PairedScoreComparison(pairs: pairs, level: c.level)
            let e = c.expected
            let name = c.name
            #expect(r.n == e.n, "\(name): n")
            expectStatistic(r.meanBefore, e.meanBefore, "\(name): mean before")
            expectStatistic(r.meanAfter, e.meanAfter, "\(name): mean after")
            expectStatistic(r.meanDifference, e.meanDifference, "\(name): mean difference")
            expectStatistic(r.sdDifference, e.sdDifference, "\(name): SD of differences")

            #expect(r.tTest.degreesOfFreedom == e.tTest.df, "\(name): t-test df")
            expectStatistic(r.tTest.t, e.tTest.statistic, "\(name): t")
            expectStatistic(r.tTest.p, e.tTest.p, "\(name): t-test p")
            expectStatistic(r.tTest.cohensDz, e.tTest.effect, "\(name): d_z")

            let w = r.wilcoxon
            let method: WilcoxonSignedRank.Method = e.wilcoxon.method == "exact" ? .exact : .normalApproximation
            #expect(w.method == method, "\(name): Wilcoxon method")
            #expect(w.zeros == e.wilcoxon.zeros, "\(name): zeros")
            #expect(w.hasTies == e.wilcoxon.ties, "\(name): ties")
            #expect(w.rankSumPositive == e.wilcoxon.rankSumPositive, "\(name): W+")
            #expect(w.rankSumNegative == e.wilcoxon.rankSumNegative, "\(name): W-")
            expectStatistic(w.statistic, e.wilcoxon.statistic, "\(name): Wilcoxon statistic")
            expectStatistic(w.p, e.wilcoxon.p, "\(name): Wilcoxon p")
            expectStatistic(w.rankBiserial, e.wilcoxon.effect, "\(name): rank-biserial")
            // SciPy reports -|z| for a two-sided test; Core keeps the sign of the change.
            #expect(statisticsAgree(w.z.map(abs), e.wilcoxon.z.map(abs)), "\(name): |z| \(String(describing: w.z)) vs \(String(describing: e.wilcoxon.z))")
        }
    }

    @Test func yesNoMatchSciPy() throws {
        for c in try Self.cases().compactMap(\.yesNo) {
            let pairs = zip(c.before, c.after).map { (before: $0, after: $1) }
            let r = PairedYesNoComparison(pairs: pairs)
            let e = c.expected
            let name = c.name
            #expect([r.yesYes, r.yesNo, r.noYes, r.noNo] == e.counts, "\(name): counts")
            let method: PairedYesNoComparison.Method = e.method == "exact_binomial" ? .exactBinomial : .chiSquareCorrected
            #expect(r.method == method, "\(name): method")
            expectStatistic(r.proportionBefore, e.proportionBefore, "\(name): proportion before")
            expectStatistic(r.proportionAfter, e.proportionAfter, "\(name): proportion after")
            expectStatistic(r.statistic, e.statistic, "\(name): statistic")
            expectStatistic(r.p, e.p, "\(name): p")
            expectStatistic(r.oddsRatio, e.effect, "\(name): odds ratio")
        }
    }

    @Test func distributionsMatchSciPy() throws {
        var checked = 0
        for c in try Self.cases() {
            switch c {
            case .binomial(let b):
                let p = Distributions.binomialTwoSidedP(successes: b.k, trials: b.n, probability: b.probability)
                expectStatistic(p.map(StatisticValue.of) ?? .unavailable(.noPairs), b.expected.p, b.name)
            case .studentT(let t):
                expectStatistic(.of(Distributions.studentTCDF(t.t, df: t.df)), t.expected.cdf, "\(t.name): cdf")
                expectStatistic(.of(Distributions.studentTTwoSidedP(t.t, df: t.df)), t.expected.twoSidedP, "\(t.name): two-sided p")
            case .normal(let n):
                expectStatistic(.of(Distributions.normalCDF(n.z)), n.expected.cdf, "\(n.name): cdf")
                expectStatistic(.of(Distributions.normalSurvival(n.z)), n.expected.sf, "\(n.name): sf")
            case .chiSquare1(let x):
                expectStatistic(.of(Distributions.chiSquare1Survival(x.x)), x.expected.sf, x.name)
            case .incompleteBeta(let x):
                expectStatistic(.of(Distributions.regularizedIncompleteBeta(x.x, a: x.a, b: x.b)), x.expected.value, x.name)
            case .scores, .yesNo:
                continue
            }
            checked += 1
        }
        #expect(checked > 30)
    }
}

/// Agreement to 1e-6: absolute for numbers of 1 or more, relative below that, and 1e-12 absolute for
/// numbers under 1e-6 (far-tail p-values, where any two correct methods agree to rounding).
func statisticsAgree(_ actual: Double?, _ expected: Double?) -> Bool {
    guard let actual, let expected else { return actual == nil && expected == nil }
    let scale = min(1, max(abs(expected), 1e-6))
    return abs(actual - expected) <= 1e-6 * scale
}

func expectStatistic(_ actual: StatisticValue, _ expected: StatisticValue, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    if let gap = expected.gap {
        #expect(actual.value == nil && actual.gap == gap, "\(what): expected no value (\(gap)), got \(actual)", sourceLocation: sourceLocation)
    } else {
        #expect(actual.gap == nil && statisticsAgree(actual.value, expected.value),
                "\(what): \(String(describing: actual.value)) vs SciPy \(String(describing: expected.value))", sourceLocation: sourceLocation)
    }
}

// MARK: - The fixture's shape

struct SciPyReferenceFile: Decodable, Sendable {
    let scipy: String
    let cases: [SciPyReferenceCase]
}

enum SciPyReferenceCase: Decodable, Sendable {
    case scores(Scores)
    case yesNo(YesNo)
    case binomial(Binomial)
    case studentT(StudentT)
    case normal(Normal)
    case chiSquare1(ChiSquare1)
    case incompleteBeta(IncompleteBeta)

    private enum Keys: String, CodingKey { case kind }

    init(from decoder: any Decoder) throws {
        let kind = try decoder.container(keyedBy: Keys.self).decode(String.self, forKey: .kind)
        switch kind {
        case "paired_scores": self = .scores(try Scores(from: decoder))
        case "yes_no": self = .yesNo(try YesNo(from: decoder))
        case "binomial": self = .binomial(try Binomial(from: decoder))
        case "student_t": self = .studentT(try StudentT(from: decoder))
        case "normal": self = .normal(try Normal(from: decoder))
        case "chi_square_1": self = .chiSquare1(try ChiSquare1(from: decoder))
        case "incomplete_beta": self = .incompleteBeta(try IncompleteBeta(from: decoder))
        default: throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown kind \(kind)"))
        }
    }

    var kind: String {
        switch self {
        case .scores: "paired_scores"
        case .yesNo: "yes_no"
        case .binomial: "binomial"
        case .studentT: "student_t"
        case .normal: "normal"
        case .chiSquare1: "chi_square_1"
        case .incompleteBeta: "incomplete_beta"
        }
    }

    var scores: Scores? { if case .scores(let s) = self { s } else { nil } }
    var yesNo: YesNo? { if case .yesNo(let y) = self { y } else { nil } }

    struct Scores: Decodable, Sendable {
        let name: String
        let level: ScoreLevel
        let before: [Double?]
        let after: [Double?]
        let expected: Expected

        struct Expected: Decodable, Sendable {
            let n: Int
            let meanBefore, meanAfter, meanDifference, sdDifference: StatisticValue
            let tTest: TTest
            let wilcoxon: Wilcoxon
        }

        struct TTest: Decodable, Sendable {
            let df: Int?
            let statistic, p, effect: StatisticValue
        }

        struct Wilcoxon: Decodable, Sendable {
            let method: String
            let zeros: Int
            let ties: Bool
            let rankSumPositive, rankSumNegative: Double
            let statistic, p, effect: StatisticValue
            let z: Double?
        }
    }

    struct YesNo: Decodable, Sendable {
        let name: String
        let before: [Bool?]
        let after: [Bool?]
        let expected: Expected

        struct Expected: Decodable, Sendable {
            let counts: [Int]
            let method: String
            let proportionBefore, proportionAfter, statistic, p, effect: StatisticValue
        }
    }

    struct Binomial: Decodable, Sendable {
        let name: String
        let k, n: Int
        let probability: Double
        let expected: Expected
        struct Expected: Decodable, Sendable { let p: StatisticValue }
    }

    struct StudentT: Decodable, Sendable {
        let name: String
        let t, df: Double
        let expected: Expected
        struct Expected: Decodable, Sendable { let cdf, twoSidedP: StatisticValue }
    }

    struct Normal: Decodable, Sendable {
        let name: String
        let z: Double
        let expected: Expected
        struct Expected: Decodable, Sendable { let cdf, sf: StatisticValue }
    }

    struct ChiSquare1: Decodable, Sendable {
        let name: String
        let x: Double
        let expected: Expected
        struct Expected: Decodable, Sendable { let sf: StatisticValue }
    }

    struct IncompleteBeta: Decodable, Sendable {
        let name: String
        let x, a, b: Double
        let expected: Expected
        struct Expected: Decodable, Sendable { let value: StatisticValue }
    }
}
