import Foundation

/// Psychiatric admissions and emergency visits around the program (PeerLINKS' "reduced
/// rehospitalization", seed 001), for the participants enrolled in the period.
///
/// - **After a hospital discharge.** Each psychiatric admission of an enrolled participant that ended
///   in the period is a discharge; it is followed by a re-admission (or an emergency visit) when one
///   began 0 to 30 (or 90) days after the discharge day.
/// - **Before versus during enrollment.** For each enrollment open in the period, the same number of
///   days before and after the day it began: as many days as the enrollment has run by the end of the
///   period, its discharge or `through` (today), whichever is first; at most 365. Admissions and emergency visits are counted in each
///   window, and whether the participant had any, before and during, is a yes/no pair.
public struct ReadmissionTally: Sendable, Equatable {
    public var discharges = 0
    public var readmitted30 = 0
    public var readmitted90 = 0
    public var emergency30 = 0
    public var emergency90 = 0
    /// Enrollments compared before and during.
    public var enrollmentsCompared = 0
    public var eventsBefore = 0
    public var eventsDuring = 0
    /// Enrollments with any event before (first) and during (second).
    public var anyBeforeAnyDuring = 0
    public var anyBeforeNoneDuring = 0
    public var noneBeforeAnyDuring = 0
    public var noneBeforeNoneDuring = 0

    public init() {}

    public static let longestWindowDays = 365

    /// One enrollment: when it began and ended, and the person's dated crisis events.
    public struct Enrollment: Sendable {
        public var enrolledOn: CalendarDate
        public var dischargedOn: CalendarDate?
        public var events: [CrisisEvent]
        public init(enrolledOn: CalendarDate, dischargedOn: CalendarDate?, events: [CrisisEvent]) {
            self.enrolledOn = enrolledOn
            self.dischargedOn = dischargedOn
            self.events = events
        }
    }

    /// Counts over the enrollments open in `period`; a person with two enrollments has their
    /// discharges counted once (`people` holds each person's events once).
    public init(enrollments: [Enrollment], people: [[CrisisEvent]], period: ReportPeriod, through today: CalendarDate) {
        for events in people {
            let admissions = events.filter { $0.kind == .psychiatricAdmission }
            let visits = events.filter { $0.kind == .emergencyVisit }
            for stay in admissions {
                guard let end = stay.endedOn, end >= period.from, end <= period.to else { continue }
                discharges += 1
                func within(_ list: [CrisisEvent], _ days: Int) -> Bool {
                    list.contains { other in
                        let gap = end.days(until: other.startedOn)
                        return other != stay && other.startedOn >= stay.startedOn && gap >= 0 && gap <= days
                    }
                }
                if within(admissions, 30) { readmitted30 += 1 }
                if within(admissions, 90) { readmitted90 += 1 }
                if within(visits, 30) { emergency30 += 1 }
                if within(visits, 90) { emergency90 += 1 }
            }
        }
        for e in enrollments {
            let last = min(e.dischargedOn ?? period.to, period.to, today)
            guard last >= e.enrolledOn else { continue }
            let days = min(e.enrolledOn.days(until: last) + 1, Self.longestWindowDays)
            let counted = e.events.filter { $0.kind != .crisisCall }
            let before = counted.filter { $0.startedOn >= e.enrolledOn.adding(days: -days) && $0.startedOn < e.enrolledOn }.count
            let during = counted.filter { $0.startedOn >= e.enrolledOn && $0.startedOn < e.enrolledOn.adding(days: days) }.count
            enrollmentsCompared += 1
            eventsBefore += before
            eventsDuring += during
            switch (before > 0, during > 0) {
            case (true, true): anyBeforeAnyDuring += 1
            case (true, false): anyBeforeNoneDuring += 1
            case (false, true): noneBeforeAnyDuring += 1
            case (false, false): noneBeforeNoneDuring += 1
            }
        }
    }
}
