import Foundation

/// The numbers a state's peer certification runs by. California's are the default; another state's
/// are configured and checked with `validate`.
public struct CertificationRuleSet: Sendable, Equatable, Codable {
    public var code: String
    /// From approval, to complete an approved training and pass the exam.
    public var trainingWindowMonths: Int
    public var certificationYears: Int
    public var ceMinutesPerCycle: Int
    /// Law and ethics minutes count toward `ceMinutesPerCycle` too.
    public var ceLawAndEthicsMinutes: Int
    /// Renewal is due from this many days before expiry through the expiry day.
    public var renewalWindowDays: Int
    /// Days before a deadline at which it raises an alert, descending.
    public var alertDays: [Int]

    public init(code: String, trainingWindowMonths: Int, certificationYears: Int, ceMinutesPerCycle: Int, ceLawAndEthicsMinutes: Int,
                renewalWindowDays: Int, alertDays: [Int]) {
        self.code = code
        self.trainingWindowMonths = trainingWindowMonths
        self.certificationYears = certificationYears
        self.ceMinutesPerCycle = ceMinutesPerCycle
        self.ceLawAndEthicsMinutes = ceLawAndEthicsMinutes
        self.renewalWindowDays = renewalWindowDays
        self.alertDays = alertDays
    }

    /// California SB 803 as CalMHSA runs it: twelve months to train and pass the exam, two-year
    /// certificates, 20 hours of CE a cycle of which 6 are law and ethics.
    public static let california = CertificationRuleSet(code: "ca_sb803", trainingWindowMonths: 12, certificationYears: 2,
                                                        ceMinutesPerCycle: 1_200, ceLawAndEthicsMinutes: 360, renewalWindowDays: 90,
                                                        alertDays: [90, 60, 30])

    /// Checks a configured rule set and returns it with its alert days descending and without repeats,
    /// the order the alert levels are read in.
    public static func validate(_ rules: CertificationRuleSet) throws(ValidationErrors) -> CertificationRuleSet {
        var errors = ValidationErrors()
        func check(_ value: Int, _ range: ClosedRange<Int>, _ field: String) {
            if !range.contains(value) { errors.append(ValidationError(field, "out_of_range")) }
        }
        check(rules.trainingWindowMonths, 1...60, "training_window_months")
        check(rules.certificationYears, 1...10, "certification_years")
        check(rules.ceMinutesPerCycle, 0...60_000, "ce_hours_per_cycle")
        check(rules.ceLawAndEthicsMinutes, 0...max(0, min(rules.ceMinutesPerCycle, 60_000)), "ce_law_and_ethics_hours")
        check(rules.renewalWindowDays, 0...365, "renewal_window_days")
        if !rules.alertDays.allSatisfy({ (1...365).contains($0) }) { errors.append(ValidationError("alert_days", "out_of_range")) }
        try errors.throwIfAny()
        var clean = rules
        clean.alertDays = Array(Set(rules.alertDays)).sorted(by: >)
        return clean
    }
}
