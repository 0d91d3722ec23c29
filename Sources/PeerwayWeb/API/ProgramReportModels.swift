import Foundation
import PeerwayCore
import PeerwayStore

/// A value that is always there under its key (where `APIFields` leaves a nil field out): its value, or
/// `null` where a public release holds a figure back, a score was not computed, an item is asked at every timepoint.
public struct JSONNullable<Value: Encodable & Sendable>: Encodable, Sendable {
    public let value: Value?

    public init(_ value: Value?) { self.value = value }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}

/// The program report as the API and `peerway report --format json` give it: every figure under a
/// stable snake_case key (OpenAPI schema `ProgramReport`). In a public release, a figure
/// `ReportSuppression` holds back is `null` (a statistic: `{"gap": "suppressed"}`), exactly the cells
/// the page and the CSV hold back, since it asks their tables.
public struct ProgramReportJSON: Encodable, Sendable {
    public typealias Count = JSONNullable<Int>

    public struct Period: Encodable, Sendable {
        public let from: String
        public let to: String
        /// "FY 2022-23" when the period is a California fiscal year.
        public let fiscal_year: JSONNullable<String>
    }

    public struct ReportProgram: Encodable, Sendable {
        public let id: UUID
        public let name: String
        public let organization: String
    }

    /// Numerator of denominator; percent to one decimal, null when the denominator is 0 or it is held back.
    public struct Share: Encodable, Sendable {
        public let numerator: Count
        public let denominator: Count
        public let percent: JSONNullable<Double>
    }

    /// `{"value": x}`, or `{"gap": reason}`: a `StatisticGap`, or `suppressed` in a public release.
    public struct Statistic: Encodable, Sendable {
        public let value: Double?
        public let gap: String?
    }

    public struct People: Encodable, Sendable {
        public let connected, enrolled, newly_enrolled, family_of_enrolled, others_connected, anonymous_contacts: Count
    }

    public struct Indicator: Encodable, Sendable {
        public let scale: String
        /// Answered yes, of those who answered.
        public let yes: Share
    }

    public struct IntakeProfile: Encodable, Sendable {
        public let enrollments_with_intake: Count
        public let indicators: [Indicator]
    }

    public struct FollowUpProfile: Encodable, Sendable {
        public let indicators: [Indicator]
    }

    public struct ServiceType: Encodable, Sendable {
        public let code: String
        /// Services of this type, of all services given.
        public let services: Share
    }

    public struct Services: Encodable, Sendable {
        public let given, people_served: Count
        public let per_person_served: JSONNullable<Double>
        public let to_enrolled, to_family, to_others: Share
        public let drafts: Count
        public let by_type: [ServiceType]
    }

    public struct Need: Encodable, Sendable {
        public let need: String
        public let made: Count
        /// Linked, of this need's referrals with an outcome.
        public let linkage_rate: Share
    }

    public struct Referrals: Encodable, Sendable {
        public let made: Count
        public let open, with_outcome: Share
        /// Linked, of all referrals made (how Next Steps stated its 62%).
        public let linked_of_made: Share
        /// Linked, of the referrals with an outcome (linked, not linked, declined).
        public let linkage_rate: Share
        public let median_days_to_linkage: JSONNullable<Double>
        public let by_need: [Need]
    }

    public struct Score: Encodable, Sendable {
        public let mean_at_intake, mean_at_follow_up, mean_difference, p_value, effect_size: Statistic
        /// `cohens_dz` (paired t-test) or `rank_biserial` (Wilcoxon signed-rank test).
        public let effect_measure: String
    }

    public struct YesNo: Encodable, Sendable {
        public let yes_at_intake, yes_at_follow_up: Share
        /// `exact_binomial` or `chi_square_corrected` (McNemar's test).
        public let method: String
        public let p_value, odds_ratio: Statistic
    }

    public struct Outcome: Encodable, Sendable {
        public let instrument_id, scale: String
        /// `yes_no`, `ordinal` or `interval`.
        public let level: String
        public let higher_is_better: Bool
        /// Enrollments with an intake score; of them, with a follow-up too (the pairs); and without one.
        public let intakes, paired, without_follow_up: Count
        /// `paired_t`, `wilcoxon_signed_rank` or `mcnemar`.
        public let test: String
        public let score: JSONNullable<Score>
        public let yes_no: JSONNullable<YesNo>
    }

    public struct AnyEvent: Encodable, Sendable {
        public let before, during: Share
        public let method: String
        public let p_value, odds_ratio: Statistic
    }

    public struct Readmissions: Encodable, Sendable {
        public let discharges: Count
        public let readmitted_30, readmitted_90, emergency_30, emergency_90: Share
        public let enrollments_compared, events_before, events_during: Count
        public let any_event: AnyEvent
    }

    /// One of seed 000's eight outcomes: `measured` with its share, or why there is none.
    public struct SFOutcomeFigure: Encodable, Sendable {
        public let key: String
        /// The record or `instrument/scale` it is measured by.
        public let measure: String
        /// `measured`, `not_yet_measured` or `withheld` (peer wellness with too few respondents).
        public let status: String
        /// Null when the outcome is not a share (measured by its change alone) or has no figure.
        public let share: JSONNullable<Share>
    }

    public let period: Period
    public let public_release: Bool
    public let programs: [ReportProgram]
    public let people: People
    public let intake_profile: IntakeProfile
    public let follow_up_profile: FollowUpProfile
    public let services: Services
    public let referrals: Referrals
    public let outcomes: [Outcome]
    public let readmissions: Readmissions
    public let sf_outcomes: [SFOutcomeFigure]

    public init(report: ProgramReport, programs: [ProgramReports.Reportable], publicRelease: Bool) {
        let plain = ProgramReportTables(report)
        self.init(report: report, programs: programs, tables: publicRelease ? ReportSuppression.apply(plain) : plain)
    }

    /// From tables already made (and suppressed, for a public release), as the page has them.
    init(report r: ProgramReport, programs: [ProgramReports.Reportable], tables t: ProgramReportTables) {
        func count(_ value: Int, _ table: String, _ row: String, _ column: String = "value") -> Count {
            Count(t.isSuppressed(table, row, column) ? nil : value)
        }
        func share(_ p: Proportion, _ table: String, _ row: String, numerator: String = "value", denominator: String = "of",
                   percent: String = "percent") -> Share {
            let held = t.isSuppressed(table, row, percent)
            return Share(numerator: count(p.numerator, table, row, numerator), denominator: count(p.denominator, table, row, denominator),
                         percent: JSONNullable(held ? nil : p.percent))
        }
        func statistic(_ s: StatisticValue, _ table: String, _ row: String, _ column: String) -> Statistic {
            t.isSuppressed(table, row, column) ? Statistic(value: nil, gap: "suppressed") : Statistic(value: s.value, gap: s.gap?.rawValue)
        }
        func number(_ value: Double?, _ table: String, _ row: String) -> JSONNullable<Double> {
            JSONNullable(t.isSuppressed(table, row, "value") ? nil : value)
        }

        period = Period(from: r.period.from.description, to: r.period.to.description, fiscal_year: JSONNullable(r.period.fiscalYearLabel))
        public_release = t.publicRelease
        self.programs = programs.map { ReportProgram(id: $0.program.id, name: $0.program.name, organization: $0.organizationName) }
        let p = r.people
        people = People(connected: count(p.connected, "people", "connected"), enrolled: count(p.enrolled, "people", "enrolled"),
                        newly_enrolled: count(p.newlyEnrolled, "people", "newly_enrolled"),
                        family_of_enrolled: count(p.familyOfEnrolled, "people", "family_of_enrolled"),
                        others_connected: count(p.othersConnected, "people", "others_connected"),
                        anonymous_contacts: count(p.anonymousContacts, "people", "anonymous_contacts"))
        intake_profile = IntakeProfile(enrollments_with_intake: count(r.enrollmentsWithIntake, "intake_profile", "enrollments_with_intake"),
                                       indicators: r.intakeProfile.map { Indicator(scale: $0.scale, yes: share($0.proportion, "intake_profile", $0.scale)) })
        follow_up_profile = FollowUpProfile(indicators: r.followUpProfile.map {
            Indicator(scale: $0.scale, yes: share($0.proportion, "follow_up_profile", $0.scale))
        })
        let s = r.services
        services = Services(
            given: count(s.given, "services", "given"), people_served: count(s.peopleServed, "services", "people_served"),
            per_person_served: number(s.perPersonServed, "services", "per_person_served"),
            to_enrolled: share(Proportion(s.toEnrolled, of: s.given), "services", "to_enrolled"),
            to_family: share(Proportion(s.toFamily, of: s.given), "services", "to_family"),
            to_others: share(Proportion(s.toOthers, of: s.given), "services", "to_others"),
            drafts: count(s.drafts, "services", "drafts"),
            by_type: s.byType.map { ServiceType(code: $0.code, services: share(Proportion($0.count, of: s.given), "services_by_type", $0.code)) })
        let f = r.referrals
        referrals = Referrals(
            made: count(f.made, "referrals", "made"), open: share(Proportion(f.open, of: f.made), "referrals", "open"),
            with_outcome: share(Proportion(f.linkedOfOutcomes.denominator, of: f.made), "referrals", "with_outcome"),
            linked_of_made: share(f.linkedOfMade, "referrals", "linked_of_made"),
            linkage_rate: share(f.linkedOfOutcomes, "referrals", "linked_of_outcomes"),
            median_days_to_linkage: number(f.medianDaysToLinkage, "referrals", "median_days_to_linkage"),
            by_need: f.byNeed.map { n in
                let need = n.need.rawValue
                return Need(need: need, made: count(n.made, "referrals_by_need", need, "made"),
                            linkage_rate: share(n.linkage, "referrals_by_need", need, numerator: "linked", denominator: "with_outcome",
                                                percent: "linkage_rate"))
            })
        outcomes = r.outcomes.map { o in
            let row = "\(o.instrumentID).\(o.scale)"
            let score = o.score.map { c in
                Score(mean_at_intake: statistic(c.meanBefore, "outcomes", row, "at_intake"),
                      mean_at_follow_up: statistic(c.meanAfter, "outcomes", row, "at_follow_up"),
                      mean_difference: statistic(c.meanDifference, "outcomes", row, "change"),
                      p_value: statistic(c.p, "outcomes", row, "p_value"), effect_size: statistic(c.effectSize, "outcomes", row, "effect_size"),
                      effect_measure: c.choice.test == .pairedT ? "cohens_dz" : "rank_biserial")
            }
            let yesNo = o.yesNo.map { c in
                YesNo(yes_at_intake: share(Proportion(c.yesYes + c.yesNo, of: c.n), "outcomes", row, numerator: "at_intake",
                                           denominator: "paired", percent: "at_intake"),
                      yes_at_follow_up: share(Proportion(c.yesYes + c.noYes, of: c.n), "outcomes", row, numerator: "at_follow_up",
                                              denominator: "paired", percent: "at_follow_up"),
                      method: c.method.rawValue, p_value: statistic(c.p, "outcomes", row, "p_value"),
                      odds_ratio: statistic(c.oddsRatio, "outcomes", row, "effect_size"))
            }
            return Outcome(instrument_id: o.instrumentID, scale: o.scale, level: o.level.rawValue, higher_is_better: o.higherIsBetter,
                           intakes: count(o.intakes, "outcomes", row, "intakes"), paired: count(o.paired, "outcomes", row, "paired"),
                           without_follow_up: count(o.withoutFollowUp, "outcomes", row, "without_follow_up"),
                           test: o.score?.choice.test.rawValue ?? "mcnemar",
                           score: JSONNullable(score), yes_no: JSONNullable(yesNo))
        }
        let m = r.readmissions
        readmissions = Readmissions(
            discharges: count(m.discharges, "readmissions", "discharges"),
            readmitted_30: share(m.readmitted30, "readmissions", "readmitted_30"), readmitted_90: share(m.readmitted90, "readmissions", "readmitted_90"),
            emergency_30: share(m.emergency30, "readmissions", "emergency_30"), emergency_90: share(m.emergency90, "readmissions", "emergency_90"),
            enrollments_compared: count(m.enrollmentsCompared, "readmissions", "enrollments_compared"),
            events_before: count(m.eventsBefore, "readmissions", "events_before"),
            events_during: count(m.eventsDuring, "readmissions", "events_during"),
            any_event: AnyEvent(before: share(Proportion(m.anyEvent.yesYes + m.anyEvent.yesNo, of: m.anyEvent.n), "readmissions", "any_event_before"),
                                during: share(Proportion(m.anyEvent.yesYes + m.anyEvent.noYes, of: m.anyEvent.n), "readmissions", "any_event_during"),
                                method: m.anyEvent.method.rawValue,
                                p_value: statistic(m.anyEvent.p, "readmissions", "any_event_p_value", "value"),
                                odds_ratio: statistic(m.anyEvent.oddsRatio, "readmissions", "any_event_odds_ratio", "value")))
        sf_outcomes = r.sfOutcomes.map { o in
            SFOutcomeFigure(key: o.key.rawValue, measure: o.measure, status: o.status.rawValue,
                            share: JSONNullable(o.proportion.map { share($0, "sf_outcomes", o.key.rawValue) }))
        }
    }
}
