import Foundation
import Testing
import PeerwayCore

/// Hand-computed examples and the degenerate cases of the paired statistics: every one gives a number
/// or a reason, never NaN.
@Suite("Statistics")
struct StatisticsTests {
    static func scores(_ before: [Double?], _ after: [Double?], level: ScoreLevel = .interval) -> PairedScoreComparison {
        PairedScoreComparison(pairs: zip(before, after).map { (before: $0, after: $1) }, level: level)
    }

    // MARK: Hand-computed examples

    /// d = 1, 2, 6: mean 3, SD √7, t = 3 / (√7 / √3) = √(27/7) on 2 df, whose two-sided p has the closed
    /// form 1 − t / √(2 + t²) = 1 − √(27/41); d_z = 3 / √7.
    @Test func pairedTByHand() {
        let r = Self.scores([10, 20, 30], [11, 22, 36])
        #expect(r.n == 3)
        #expect(r.meanBefore.value == 20)
        #expect(r.meanAfter.value == 23)
        #expect(r.meanDifference.value == 3)
        #expect(statisticsAgree(r.sdDifference.value, 7.0.squareRoot()))
        #expect(r.tTest.degreesOfFreedom == 2)
        #expect(statisticsAgree(r.tTest.t.value, (27.0 / 7).squareRoot()))
        #expect(statisticsAgree(r.tTest.p.value, 1 - (27.0 / 41).squareRoot()))
        #expect(statisticsAgree(r.tTest.cohensDz.value, 3 / 7.0.squareRoot()))
    }

    /// Two pairs: 1 df, where the t distribution is Cauchy and p = 1 − (2/π)·atan|t|.
    @Test func pairedTOnOneDegreeOfFreedom() {
        let r = Self.scores([0, 0], [1, 3])
        let t = 2 / (2.0.squareRoot() / 2.0.squareRoot())
        #expect(statisticsAgree(r.tTest.t.value, t))
        #expect(statisticsAgree(r.tTest.p.value, 1 - 2 / Double.pi * atan(t)))
    }

    /// d = 1, −2, 3, 4, 5: ranks 1…5, W+ = 13, W− = 2. Of the 32 sign patterns, 3 give W− ≤ 2 (none,
    /// {1}, {2}), so p = 2 · 3/32; the rank-biserial correlation is (13 − 2) / 15.
    @Test func wilcoxonExactByHand() {
        let w = WilcoxonSignedRank(differences: [1, -2, 3, 4, 5])
        #expect(w.method == .exact)
        #expect(w.rankSumPositive == 13)
        #expect(w.rankSumNegative == 2)
        #expect(w.statistic.value == 2)
        #expect(w.p.value == 0.1875)
        #expect(statisticsAgree(w.rankBiserial.value, 11.0 / 15))
        #expect(w.z == nil)
    }

    /// d = 1, 1, −2, 3: the tied 1s share rank 1.5, so W+ = 7, W− = 3; mean n(n+1)/4 = 5, variance
    /// (4·5·9 − (2³ − 2)/2) / 24 = 7.375, z = 2 / √7.375. SciPy: p = 0.4614509878333607.
    @Test func wilcoxonNormalApproximationByHand() {
        let w = WilcoxonSignedRank(differences: [1, 1, -2, 3])
        #expect(w.method == .normalApproximation)
        #expect(w.hasTies)
        #expect(w.rankSumPositive == 7)
        #expect(w.rankSumNegative == 3)
        #expect(w.statistic.value == 3)
        #expect(statisticsAgree(w.z, 2 / 7.375.squareRoot()))
        #expect(statisticsAgree(w.p.value, 0.4614509878333607))
        #expect(statisticsAgree(w.rankBiserial.value, 0.4))
    }

    @Test func wilcoxonDropsZerosAndUsesTheApproximation() {
        let w = WilcoxonSignedRank(differences: [0, 2, -1, 3, 0])
        #expect(w.zeros == 2)
        #expect(w.nonZero == 3)
        #expect(w.method == .normalApproximation)
        #expect(w.rankSumPositive == 5)
        #expect(w.rankSumNegative == 1)
    }

    @Test func wilcoxonExactTailIsExactFarOut() {
        // Every one of 50 differences a rise: only 1 of the 2^50 sign patterns is as extreme each way.
        #expect(Distributions.wilcoxonExactTwoSidedP(rankSum: 1275, n: 50) == 2 / pow(2, 50))
        #expect(Distributions.wilcoxonExactTwoSidedP(rankSum: 0, n: 50) == 2 / pow(2, 50))
        #expect(Distributions.wilcoxonExactTwoSidedP(rankSum: 637.5, n: 50) == 1)
        #expect(Distributions.wilcoxonExactTwoSidedP(rankSum: 0, n: 0) == nil)
    }

    /// a = 10, b = 2, c = 8, d = 5: 10 discordant pairs, exact; P(X ≤ 2) for Binomial(10, 1/2) is
    /// (1 + 10 + 45) / 1024, doubled. Proportions yes: 12/25 before, 18/25 after; odds ratio 8/2.
    @Test func mcNemarExactByHand() {
        let r = PairedYesNoComparison(yesYes: 10, yesNo: 2, noYes: 8, noNo: 5)
        #expect(r.n == 25)
        #expect(r.discordant == 10)
        #expect(r.method == .exactBinomial)
        #expect(r.statistic.value == 2)
        #expect(r.p.value == 112.0 / 1024)
        #expect(r.proportionBefore.value == 0.48)
        #expect(r.proportionAfter.value == 0.72)
        #expect(r.oddsRatio.value == 4)
    }

    /// b = 10, c = 25: 35 discordant pairs, chi-square (|10 − 25| − 1)² / 35 = 5.6. SciPy: chi2.sf(5.6, 1)
    /// = 0.01796047752607879.
    @Test func mcNemarChiSquareByHand() {
        let r = PairedYesNoComparison(yesYes: 3, yesNo: 10, noYes: 25, noNo: 7)
        #expect(r.method == .chiSquareCorrected)
        #expect(statisticsAgree(r.statistic.value, 5.6))
        #expect(statisticsAgree(r.p.value, 0.01796047752607879))
        #expect(r.oddsRatio.value == 2.5)
    }

    @Test func mcNemarSwitchesToChiSquareAtTwentyFiveDiscordantPairs() {
        #expect(PairedYesNoComparison(yesYes: 0, yesNo: 12, noYes: 12, noNo: 0).method == .exactBinomial)
        #expect(PairedYesNoComparison(yesYes: 0, yesNo: 12, noYes: 13, noNo: 0).method == .chiSquareCorrected)
    }

    @Test func mcNemarCountsPairsFromAnswers() {
        let r = PairedYesNoComparison(pairs: [(true, true), (true, false), (false, true), (false, true), (false, false),
                                              (nil, true), (false, nil), (nil, nil)])
        #expect([r.yesYes, r.yesNo, r.noYes, r.noNo] as [Int] == [1, 1, 2, 1])
    }

    // MARK: Degenerate cases

    @Test func noPairs() throws {
        for r in [Self.scores([], []), Self.scores([1, nil, .nan], [nil, 2, 3])] {
            #expect(r.n == 0)
            for v in [r.meanBefore, r.meanAfter, r.meanDifference, r.sdDifference, r.tTest.t, r.tTest.p, r.tTest.cohensDz,
                      r.wilcoxon.statistic, r.wilcoxon.p, r.wilcoxon.rankBiserial, r.p, r.effectSize] {
                #expect(v == .unavailable(.noPairs))
            }
            #expect(r.tTest.degreesOfFreedom == nil)
            try Self.expectEncodes(r)
        }
        let y = PairedYesNoComparison(pairs: [])
        #expect(y.proportionBefore == .unavailable(.noPairs))
        #expect(y.p == .unavailable(.noPairs))
        #expect(y.oddsRatio == .unavailable(.noPairs))
        try Self.expectEncodes(y)
    }

    @Test func onePair() throws {
        let r = Self.scores([50, nil], [54.5, 60])
        #expect(r.n == 1)
        #expect(r.meanDifference.value == 4.5)
        #expect(r.sdDifference == .unavailable(.tooFew))
        for v in [r.tTest.t, r.tTest.p, r.tTest.cohensDz, r.wilcoxon.statistic, r.wilcoxon.p, r.wilcoxon.rankBiserial] {
            #expect(v == .unavailable(.tooFew))
        }
        try Self.expectEncodes(r)
        let y = PairedYesNoComparison(yesYes: 0, yesNo: 1, noYes: 0, noNo: 0)
        #expect(y.proportionBefore.value == 1)
        #expect(y.proportionAfter.value == 0)
        #expect(y.p == .unavailable(.tooFew))
        #expect(y.oddsRatio == .unavailable(.tooFew))
    }

    @Test func everyDifferenceZero() throws {
        let r = Self.scores([40, 50, 60], [40, 50, 60])
        #expect(r.sdDifference.value == 0)
        #expect(r.tTest.degreesOfFreedom == 2)
        for v in [r.tTest.t, r.tTest.p, r.tTest.cohensDz, r.wilcoxon.statistic, r.wilcoxon.p, r.wilcoxon.rankBiserial] {
            #expect(v == .unavailable(.noVariation))
        }
        try Self.expectEncodes(r)
    }

    @Test func everyDifferenceTheSame() throws {
        let r = Self.scores([40, 50, 60, 45], [42, 52, 62, 47])
        #expect(r.meanDifference.value == 2)
        #expect(r.tTest.p == .unavailable(.noVariation))
        #expect(r.tTest.cohensDz == .unavailable(.noVariation))
        // The ranks still say every pair rose: one tie group of four.
        #expect(r.wilcoxon.rankBiserial.value == 1)
        #expect(r.wilcoxon.p.value != nil)
        try Self.expectEncodes(r)
    }

    @Test func nobodyChangedAnswer() throws {
        let r = PairedYesNoComparison(yesYes: 10, yesNo: 0, noYes: 0, noNo: 5)
        #expect(r.statistic == .unavailable(.noDiscordantPairs))
        #expect(r.p == .unavailable(.noDiscordantPairs))
        #expect(r.oddsRatio == .unavailable(.noDiscordantPairs))
        #expect(r.proportionBefore.value == r.proportionAfter.value)
        try Self.expectEncodes(r)
    }

    @Test func nobodyWentFromYesToNo() {
        let r = PairedYesNoComparison(yesYes: 12, yesNo: 0, noYes: 7, noNo: 5)
        #expect(r.p.value == 2 / pow(2, 7))
        #expect(r.oddsRatio == .unavailable(.unbounded))
        #expect(PairedYesNoComparison(yesYes: 12, yesNo: 4, noYes: 0, noNo: 5).oddsRatio.value == 0)
    }

    @Test func distributionsRefuseWhatTheyCannotCompute() {
        #expect(Distributions.binomialTwoSidedP(successes: 0, trials: 0, probability: 0.5) == nil)
        #expect(Distributions.binomialTwoSidedP(successes: 3, trials: 2, probability: 0.5) == nil)
        #expect(Distributions.binomialTwoSidedP(successes: 1, trials: 2, probability: 1.5) == nil)
        #expect(Distributions.studentTTwoSidedP(.infinity, df: 3) == 0)
        #expect(Distributions.studentTTwoSidedP(0, df: 3) == 1)
        #expect(Distributions.studentTCDF(0, df: 3) == 0.5)
        #expect(Distributions.chiSquare1Survival(0) == 1)
        #expect(Distributions.regularizedIncompleteBeta(0, a: 2, b: 3) == 0)
        #expect(Distributions.regularizedIncompleteBeta(1, a: 2, b: 3) == 1)
    }

    @Test func binomialTestIsSymmetricAtOneHalf() {
        for n in 1...30 {
            for k in 0...n {
                let low = Distributions.binomialTwoSidedP(successes: k, trials: n, probability: 0.5)
                let high = Distributions.binomialTwoSidedP(successes: n - k, trials: n, probability: 0.5)
                #expect(statisticsAgree(low, high), "k=\(k) n=\(n)")
            }
        }
    }

    // MARK: Which test

    @Test func choiceOfTest() {
        #expect(PairedTestChoice.choose(level: .ordinal, pairs: 200) == PairedTestChoice(test: .wilcoxonSignedRank, basis: .ordinalScore))
        #expect(PairedTestChoice.choose(level: .interval, pairs: 14) == PairedTestChoice(test: .wilcoxonSignedRank, basis: .fewPairs))
        #expect(PairedTestChoice.choose(level: .interval, pairs: 15) == PairedTestChoice(test: .pairedT, basis: .intervalScore))

        let before = (0..<20).map { 40 + Double($0) }
        let after = before.enumerated().map { $1 + Double($0 % 5) - 1 }
        let interval = Self.scores(before, after)
        #expect(interval.choice.test == .pairedT)
        #expect(interval.p == interval.tTest.p)
        #expect(interval.effectSize == interval.tTest.cohensDz)
        let ordinal = Self.scores(before, after, level: .ordinal)
        #expect(ordinal.choice.test == .wilcoxonSignedRank)
        #expect(ordinal.p == ordinal.wilcoxon.p)
        #expect(ordinal.effectSize == ordinal.wilcoxon.rankBiserial)
    }

    @Test func encodesGapsAsReasons() throws {
        let json = String(decoding: try JSONEncoder().encode(StatisticValue.unavailable(.tooFew)), as: UTF8.self)
        #expect(json == #"{"gap":"too_few"}"#)
        let decoded = try JSONDecoder().decode(StatisticValue.self, from: Data(#"{"value":0.25}"#.utf8))
        #expect(decoded == .of(0.25))
        #expect(StatisticValue.of(.nan) == .unavailable(.noVariation))
    }

    /// JSONEncoder refuses NaN and infinity, so encoding proves a result holds none.
    static func expectEncodes(_ value: some Encodable) throws {
        _ = try JSONEncoder().encode(value)
    }
}
