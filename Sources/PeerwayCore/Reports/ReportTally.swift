import Foundation

/// What the database counts for a program report, and only that: `ProgramReport` turns it into the
/// figures. Every count is over the report's programs and period (`ReportPeriod`), services by
/// `ServiceCounting`'s rule.
public struct ReportTally: Sendable, Equatable {
    /// People, each counted once: the connected (anyone with a contact, a signed service or an
    /// enrollment open in the period), of whom the enrolled participants and the family members or
    /// friends of an enrolled participant.
    public var connected = 0
    /// Contacts logged without a name: not people the report can count once, so listed apart.
    public var anonymousContacts = 0
    /// Participants with an enrollment open at some time in the period.
    public var enrolled = 0
    /// Of them, those whose enrollment began in the period.
    public var newlyEnrolled = 0
    /// Connected family members or friends whose participant is among the enrolled.
    public var familyOfEnrolled = 0

    /// Intake answers of the enrolled (one intake per enrollment): per indicator scale of the program's
    /// intake questions, how many answered yes and how many answered.
    public var intake: [String: YesCount] = [:]
    /// Enrollments open in the period with a program intake recorded.
    public var enrollmentsWithIntake = 0
    /// The same, at each enrollment's latest follow-up (or discharge) up to the end of the period.
    public var followUp: [String: YesCount] = [:]

    public var services = 0
    public var peopleServed = 0
    public var servicesToEnrolled = 0
    public var servicesToFamily = 0
    public var drafts = 0
    public var servicesByType: [String: Int] = [:]

    public var referrals = ReferralMeasures.Tally()

    /// Each instrument scale's intake and latest follow-up, paired per enrollment.
    public var outcomes: [ScaleTally] = []

    public var readmissions = ReadmissionTally()

    /// Wellness and careers of the staff of the organizations whose programs are reported.
    public var workforce = WorkforceOutcomeTally()

    public init() {}

    public struct YesCount: Sendable, Equatable {
        public var yes: Int
        public var answered: Int
        public init(yes: Int, answered: Int) {
            self.yes = yes
            self.answered = answered
        }
    }
}

/// One scale's scores at intake and at the latest follow-up (or discharge) of the same enrollment,
/// counted as a joint histogram in tenths (as stored), so no participant's scores leave the database one
/// by one.
public struct ScaleTally: Sendable, Equatable {
    public struct Pair: Sendable, Hashable {
        public var before: Int
        public var after: Int
        public init(before: Int, after: Int) {
            self.before = before
            self.after = after
        }
    }

    public var instrumentID: String
    public var scale: String
    /// Enrollments with an intake score on this scale.
    public var intakes: Int
    /// (intake, latest follow-up) in tenths → how many enrollments.
    public var pairs: [Pair: Int]

    public init(instrumentID: String, scale: String, intakes: Int, pairs: [Pair: Int]) {
        self.instrumentID = instrumentID
        self.scale = scale
        self.intakes = intakes
        self.pairs = pairs
    }
}

extension ScaleTally {
    /// The tallies of disjoint sets of enrollments, added scale by scale.
    public static func merged(_ parts: [ScaleTally]...) -> [ScaleTally] {
        var all: [String: ScaleTally] = [:]
        for tally in parts.joined() {
            let key = "\(tally.instrumentID)|\(tally.scale)"
            guard var sum = all[key] else { all[key] = tally; continue }
            sum.intakes += tally.intakes
            sum.pairs.merge(tally.pairs, uniquingKeysWith: +)
            all[key] = sum
        }
        return all.values.sorted { ($0.instrumentID, $0.scale) < ($1.instrumentID, $1.scale) }
    }
}
