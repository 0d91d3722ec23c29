import Foundation

/// A program's report for a period (seed 001's Next Steps section is the model): who was reached, the
/// intake profile, services, referrals and linkage, change from intake to the latest follow-up with its
/// paired test, and re-admissions. Each figure keeps its numerator and denominator; an empty period
/// gives zeros and "no data", never an error.
public struct ProgramReport: Sendable, Equatable {
    public var period: ReportPeriod
    public var people: People
    /// Seed 001's intake profile, in its order.
    public var intakeProfile: [Indicator]
    public var enrollmentsWithIntake: Int
    /// Satisfaction, knowing where to get help and comfort asking for it, at the latest follow-up.
    public var followUpProfile: [Indicator]
    public var services: Services
    public var referrals: Referrals
    public var outcomes: [ScaleOutcome]
    public var readmissions: Readmissions
    /// Seed 000's eight outcomes, in its order.
    public var sfOutcomes: [SFOutcome] = []

    /// The four intake figures Next Steps printed, by the program intake's indicator scales.
    public static let intakeProfileScales = ["homeless", "depressed_often", "quality_poor_fair", "substance_often"]
    /// What Next Steps reported at follow-up only (seed 001).
    public static let followUpScales = ["satisfied", "knows_where_help", "comfortable_seeking_help"]

    public struct People: Sendable, Equatable {
        public var connected: Int
        public var enrolled: Int
        public var newlyEnrolled: Int
        public var familyOfEnrolled: Int
        /// Connected, neither enrolled nor family of the enrolled: people who only contacted the program.
        public var othersConnected: Int
        public var anonymousContacts: Int
    }

    public struct Indicator: Sendable, Equatable {
        public var scale: String
        /// Yes over those who answered.
        public var proportion: Proportion
    }

    public struct Services: Sendable, Equatable {
        public var given: Int
        public var peopleServed: Int
        /// Services given over people served, to one decimal; nil with no one served.
        public var perPersonServed: Double?
        public var toEnrolled: Int
        public var toFamily: Int
        public var toOthers: Int
        public var drafts: Int
        public var byType: [ServiceMix.Share]
    }

    public struct Referrals: Sendable, Equatable {
        public var made: Int
        public var open: Int
        /// Linked over all referrals made (how Next Steps stated its 62%).
        public var linkedOfMade: Proportion
        /// Linked over referrals with an outcome (linked, not linked, declined).
        public var linkedOfOutcomes: Proportion
        public var byNeed: [ReferralMeasures.NeedCount]
        public var medianDaysToLinkage: Double?
    }

    /// How a scale's change is tested: yes/no items by McNemar, scores by the paired test their level calls for.
    public enum Level: String, Sendable, Equatable, Codable {
        case yesNo = "yes_no", ordinal, interval
    }

    public struct ScaleOutcome: Sendable, Equatable {
        public var instrumentID: String
        public var scale: String
        public var level: Level
        /// Enrollments with an intake score on the scale.
        public var intakes: Int
        /// Of them, with a follow-up score too (the pairs compared).
        public var paired: Int
        public var withoutFollowUp: Int { intakes - paired }
        public var score: PairedScoreComparison?
        public var yesNo: PairedYesNoComparison?
        public var higherIsBetter: Bool
    }

    public struct Readmissions: Sendable, Equatable {
        public var discharges: Int
        public var readmitted30: Proportion
        public var readmitted90: Proportion
        public var emergency30: Proportion
        public var emergency90: Proportion
        public var enrollmentsCompared: Int
        public var eventsBefore: Int
        public var eventsDuring: Int
        /// Enrollments with any admission or emergency visit, before versus during (McNemar).
        public var anyEvent: PairedYesNoComparison
    }

    public init(period: ReportPeriod, tally t: ReportTally) {
        self.period = period
        people = People(connected: t.connected, enrolled: t.enrolled, newlyEnrolled: t.newlyEnrolled, familyOfEnrolled: t.familyOfEnrolled,
                        othersConnected: max(0, t.connected - t.enrolled - t.familyOfEnrolled), anonymousContacts: t.anonymousContacts)
        intakeProfile = Self.intakeProfileScales.map { scale in
            let count = t.intake[scale] ?? ReportTally.YesCount(yes: 0, answered: 0)
            return Indicator(scale: scale, proportion: Proportion(count.yes, of: count.answered))
        }
        enrollmentsWithIntake = t.enrollmentsWithIntake
        followUpProfile = Self.followUpScales.map { scale in
            let count = t.followUp[scale] ?? ReportTally.YesCount(yes: 0, answered: 0)
            return Indicator(scale: scale, proportion: Proportion(count.yes, of: count.answered))
        }
        services = Services(given: t.services, peopleServed: t.peopleServed,
                            perPersonServed: t.peopleServed > 0 ? (Double(t.services) * 10 / Double(t.peopleServed)).rounded() / 10 : nil,
                            toEnrolled: t.servicesToEnrolled, toFamily: t.servicesToFamily,
                            toOthers: max(0, t.services - t.servicesToEnrolled - t.servicesToFamily), drafts: t.drafts,
                            byType: ServiceMix.shares(t.servicesByType, of: t.services))
        let measures = ReferralMeasures(t.referrals)
        referrals = Referrals(made: measures.made, open: measures.open,
                              linkedOfMade: Proportion(measures.linkage.numerator, of: measures.made), linkedOfOutcomes: measures.linkage,
                              byNeed: measures.byNeed, medianDaysToLinkage: measures.medianDaysToLinkage)
        outcomes = t.outcomes.compactMap(Self.outcome).sorted { ($0.instrumentID, $0.scale) < ($1.instrumentID, $1.scale) }
        let r = t.readmissions
        readmissions = Readmissions(
            discharges: r.discharges, readmitted30: Proportion(r.readmitted30, of: r.discharges), readmitted90: Proportion(r.readmitted90, of: r.discharges),
            emergency30: Proportion(r.emergency30, of: r.discharges), emergency90: Proportion(r.emergency90, of: r.discharges),
            enrollmentsCompared: r.enrollmentsCompared, eventsBefore: r.eventsBefore, eventsDuring: r.eventsDuring,
            anyEvent: PairedYesNoComparison(yesYes: r.anyBeforeAnyDuring, yesNo: r.anyBeforeNoneDuring, noYes: r.noneBeforeAnyDuring,
                                            noNo: r.noneBeforeNoneDuring))
        sfOutcomes = Self.sfOutcomes(self, workforce: t.workforce)
    }

    /// A scale's level: an indicator is yes/no; a single rating (one item, no conversion table) is
    /// ordinal; a sum of several items or a converted score is interval.
    public static func level(of scale: InstrumentScale) -> Level {
        if case .indicator = scale.method { return .yesNo }
        return scale.items.count == 1 && scale.conversion == nil ? .ordinal : .interval
    }

    static func outcome(_ tally: ScaleTally) -> ScaleOutcome? {
        guard let scale = InstrumentCatalog.instrument(tally.instrumentID)?.scales.first(where: { $0.id == tally.scale }) else { return nil }
        let level = level(of: scale)
        let paired = tally.pairs.values.reduce(0, +)
        var outcome = ScaleOutcome(instrumentID: tally.instrumentID, scale: tally.scale, level: level, intakes: tally.intakes, paired: paired,
                                   higherIsBetter: scale.higherIsBetter)
        // Expanded in a stable order, so the statistics do not depend on a dictionary's order.
        let ordered = tally.pairs.sorted { ($0.key.before, $0.key.after) < ($1.key.before, $1.key.after) }
        switch level {
        case .yesNo:
            var counts = [0, 0, 0, 0]
            for (pair, n) in ordered { counts[(pair.before > 0 ? 0 : 2) + (pair.after > 0 ? 0 : 1)] += n }
            outcome.yesNo = PairedYesNoComparison(yesYes: counts[0], yesNo: counts[1], noYes: counts[2], noNo: counts[3])
        case .ordinal, .interval:
            let pairs = ordered.flatMap { pair, n in
                Array(repeating: (before: Optional(Double(pair.before) / 10), after: Optional(Double(pair.after) / 10)), count: n)
            }
            outcome.score = PairedScoreComparison(pairs: pairs, level: level == .ordinal ? .ordinal : .interval)
        }
        return outcome
    }
}
