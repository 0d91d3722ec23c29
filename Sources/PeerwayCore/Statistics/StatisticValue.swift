/// Why a statistic has no value. A report shows "no data" with the reason, never NaN.
public enum StatisticGap: String, Sendable, Equatable, Codable, CaseIterable {
    /// No participant has both values.
    case noPairs = "no_pairs"
    /// One pair: too few for a spread, a test or an effect size.
    case tooFew = "too_few"
    /// The differences do not vary: every difference is the same (a standard deviation of 0), or, for
    /// the signed-rank test, every difference is zero.
    case noVariation = "no_variation"
    /// Yes/no items: nobody changed answer (b + c = 0), so there is nothing to test.
    case noDiscordantPairs = "no_discordant_pairs"
    /// Yes/no items: nobody went from yes to no (b = 0) while some went from no to yes, so the
    /// odds ratio c / b has no finite value.
    case unbounded
}

/// One number of a statistical summary, or the reason it has none. Encodes as `{"value": 0.03}` or
/// `{"gap": "too_few"}`.
public struct StatisticValue: Sendable, Equatable, Codable {
    /// The number, always finite; nil exactly when `gap` is set.
    public let value: Double?
    /// Why there is no number.
    public let gap: StatisticGap?

    private init(value: Double?, gap: StatisticGap?) {
        self.value = value
        self.gap = gap
    }

    /// A computed number. Callers rule out the degenerate cases first, so a non-finite number here is
    /// a bug; it is still kept out of reports, recorded as `.noVariation`.
    public static func of(_ value: Double) -> StatisticValue {
        value.isFinite ? StatisticValue(value: value, gap: nil) : StatisticValue(value: nil, gap: .noVariation)
    }

    public static func unavailable(_ gap: StatisticGap) -> StatisticValue {
        StatisticValue(value: nil, gap: gap)
    }
}
