import Foundation

/// A share that says what it counts: `numerator` of `denominator`, and the rate when there is one.
public struct Proportion: Sendable, Equatable, Codable {
    public var numerator: Int
    public var denominator: Int

    public init(_ numerator: Int, of denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Percent to one decimal; nil with nothing to divide by (shown as "no outcomes yet", never 0%).
    public var percent: Double? {
        guard denominator > 0 else { return nil }
        return (Double(numerator) * 1000 / Double(denominator)).rounded() / 10
    }
}

/// Referrals over a period and who made them, counted the one way every page, extract and report uses.
///
/// - Referrals made: referrals whose `made_at` falls in the period.
/// - Successful-linkage rate: of those referrals, the ones linked, over the ones with an outcome
///   (linked, not linked or declined); referrals still open are in neither.
/// - Days to linkage: from the day a referral was made to the day it was linked, for linked referrals.
public struct ReferralMeasures: Sendable, Equatable {
    public struct NeedCount: Sendable, Equatable {
        public var need: ReferralNeed
        public var made: Int
        public var linkage: Proportion
    }

    /// How many referrals stand in each status, and, for the linked ones, how many days each took.
    public struct Tally: Sendable, Equatable {
        public var byNeedAndStatus: [ReferralNeed: [ReferralStatus: Int]]
        /// Days from referral to linkage → how many linked referrals took that many days.
        public var daysToLinkage: [Int: Int]

        public init(byNeedAndStatus: [ReferralNeed: [ReferralStatus: Int]] = [:], daysToLinkage: [Int: Int] = [:]) {
            self.byNeedAndStatus = byNeedAndStatus
            self.daysToLinkage = daysToLinkage
        }

        public mutating func add(need: ReferralNeed, status: ReferralStatus, count: Int = 1) {
            byNeedAndStatus[need, default: [:]][status, default: 0] += count
        }
    }

    public var made: Int
    public var open: Int
    public var linkage: Proportion
    /// Largest first; ties in the order needs are listed.
    public var byNeed: [NeedCount]
    public var medianDaysToLinkage: Double?

    public init(_ tally: Tally) {
        byNeed = ReferralNeed.allCases.compactMap { need in
            guard let counts = tally.byNeedAndStatus[need] else { return nil }
            let made = counts.values.reduce(0, +)
            guard made > 0 else { return nil }
            return NeedCount(need: need, made: made, linkage: Self.linkage(counts))
        }.enumerated().sorted { ($0.element.made, -$0.offset) > ($1.element.made, -$1.offset) }.map(\.element)
        var all: [ReferralStatus: Int] = [:]
        for counts in tally.byNeedAndStatus.values { all.merge(counts, uniquingKeysWith: +) }
        made = all.values.reduce(0, +)
        open = all.filter { !$0.key.isOutcome }.values.reduce(0, +)
        linkage = Self.linkage(all)
        medianDaysToLinkage = Self.median(tally.daysToLinkage)
    }

    static func linkage(_ counts: [ReferralStatus: Int]) -> Proportion {
        Proportion(counts[.linked, default: 0], of: counts.filter { $0.key.isOutcome }.values.reduce(0, +))
    }

    /// The median of values given as value → how many times it occurs (the database counts, Core
    /// takes the middle, so a million referrals never leave the database one by one).
    public static func median(_ histogram: [Int: Int]) -> Double? {
        let total = histogram.values.reduce(0, +)
        guard total > 0 else { return nil }
        let sorted = histogram.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        func value(at index: Int) -> Int {
            var seen = 0
            for (value, count) in sorted {
                seen += count
                if index < seen { return value }
            }
            return sorted.last!.key
        }
        if total % 2 == 1 { return Double(value(at: total / 2)) }
        return Double(value(at: total / 2 - 1) + value(at: total / 2)) / 2
    }
}
