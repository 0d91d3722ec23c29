import Foundation

/// The criteria a program screens against. The default is the Medicaid-style peer support service
/// definition (seed 004): at least one service criterion must hold, and any exclusion criterion
/// excludes (the person is referred to a higher level of care). A program may define its own set.
public struct CriteriaSet: Sendable, Equatable, Codable {
    public struct Criterion: Sendable, Equatable, Codable, Identifiable {
        /// Stable code recorded with each screen ("A" … "G").
        public let id: String
        /// Catalog key of the sentence shown to the screener.
        public let labelKey: String
        public init(id: String, labelKey: String) {
            self.id = id
            self.labelKey = labelKey
        }
    }

    public let name: String
    public let service: [Criterion]
    public let exclusions: [Criterion]

    public init(name: String, service: [Criterion], exclusions: [Criterion]) {
        self.name = name
        self.service = service
        self.exclusions = exclusions
    }

    /// Service criteria A–G and exclusion criteria A–B of the peer support service definition.
    public static let standard = CriteriaSet(
        name: "peer_support_services",
        service: ["A", "B", "C", "D", "E", "F", "G"].map { Criterion(id: $0, labelKey: "screening.service.\($0.lowercased())") },
        exclusions: ["A", "B"].map { Criterion(id: $0, labelKey: "screening.exclusion.\($0.lowercased())") })
}

/// What the screener recorded.
public struct ScreeningAnswers: Sendable, Equatable, Codable {
    public var serviceCriteriaMet: Set<String>
    public var exclusionsPresent: Set<String>
    /// Where the person was referred when an exclusion applies (a higher level of care).
    public var higherLevelReferral: String?

    public init(serviceCriteriaMet: Set<String>, exclusionsPresent: Set<String>, higherLevelReferral: String? = nil) {
        self.serviceCriteriaMet = serviceCriteriaMet
        self.exclusionsPresent = exclusionsPresent
        self.higherLevelReferral = higherLevelReferral
    }
}

/// The outcome of a screen, with the reasons a person can read.
public struct ScreeningResult: Sendable, Equatable, Codable {
    public enum Outcome: String, Sendable, Codable { case eligible, notEligible = "not_eligible" }
    public let outcome: Outcome
    /// Service criteria met, in the set's order.
    public let criteriaMet: [String]
    /// Exclusions present, in the set's order.
    public let exclusions: [String]

    public var isEligible: Bool { outcome == .eligible }

    public init(outcome: Outcome, criteriaMet: [String], exclusions: [String]) {
        self.outcome = outcome
        self.criteriaMet = criteriaMet
        self.exclusions = exclusions
    }
}

public enum Screening {
    /// Longest higher-level referral, in Unicode scalars (`TextRules`).
    public static let maxReferralLength = 1000

    /// A screen is dated on a day that has come, and not before the person was born.
    public static func validateDate(_ screenedOn: CalendarDate, today: CalendarDate, dateOfBirth: CalendarDate?) throws(ValidationErrors) {
        var errors = ValidationErrors()
        if screenedOn > today { errors.append(ValidationError("screened_on", "in_future", "error.date_in_future")) }
        DateRules.check(screenedOn, field: "screened_on", into: &errors)
        if let dateOfBirth, screenedOn < dateOfBirth {
            errors.append(ValidationError("screened_on", "before_birth"))
        }
        try errors.throwIfAny()
    }

    /// Eligible when at least one service criterion holds and no exclusion does. Answers naming codes
    /// the set does not have, or an exclusion without the referral it requires, are refused.
    public static func evaluate(_ answers: ScreeningAnswers, against set: CriteriaSet = .standard) throws(ValidationErrors) -> ScreeningResult {
        var errors = ValidationErrors()
        let serviceCodes = Set(set.service.map(\.id)), exclusionCodes = Set(set.exclusions.map(\.id))
        if !answers.serviceCriteriaMet.isSubset(of: serviceCodes) {
            errors.append(ValidationError("service_criteria", "unknown_criterion", "error.unknown_value"))
        }
        if !answers.exclusionsPresent.isSubset(of: exclusionCodes) {
            errors.append(ValidationError("exclusions", "unknown_criterion", "error.unknown_value"))
        }
        let referral = TextRules.clean(answers.higherLevelReferral ?? "", field: "higher_level_referral", lines: .multi,
                                       limit: maxReferralLength, into: &errors)
        if !answers.exclusionsPresent.isEmpty && referral.isEmpty && errors.first(for: "higher_level_referral") == nil {
            errors.append(ValidationError("higher_level_referral", "referral_required"))
        }
        try errors.throwIfAny()
        let met = set.service.map(\.id).filter(answers.serviceCriteriaMet.contains)
        let excluded = set.exclusions.map(\.id).filter(answers.exclusionsPresent.contains)
        let eligible = !met.isEmpty && excluded.isEmpty
        return ScreeningResult(outcome: eligible ? .eligible : .notEligible, criteriaMet: met, exclusions: excluded)
    }
}
