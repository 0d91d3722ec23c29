import Foundation

/// A program's services over a period, counted by type, core function, modality and setting, by
/// `ServiceCounting`'s rule: signed notes only, drafts counted apart, staff minutes once a sitting.
public struct ServiceMix: Sendable, Equatable {
    public struct Share: Sendable, Equatable {
        public var code: String
        public var count: Int
        /// Percent of all services, to one decimal.
        public var percent: Double
    }

    public var from: CalendarDate
    public var to: CalendarDate
    public var services: Int
    public var participants: Int
    /// Staff minutes (`ServiceCounting.staffMinutes`).
    public var minutes: Int
    public var units: Int
    /// Notes of the period still drafts: counted in none of the figures.
    public var drafts: Int
    public var byType: [Share]
    /// A service may serve several core functions, so these shares can add up to more than 100%.
    public var byCoreFunction: [Share]
    public var byModality: [Share]
    public var bySetting: [Share]
    public var outreachEvents: Int
    public var peopleReached: Int

    public init(from: CalendarDate, to: CalendarDate, services: Int, participants: Int, minutes: Int, units: Int, drafts: Int = 0,
                byType: [String: Int], byCoreFunction: [String: Int], byModality: [String: Int], bySetting: [String: Int],
                outreachEvents: Int = 0, peopleReached: Int = 0) {
        self.from = from
        self.to = to
        self.services = services
        self.participants = participants
        self.minutes = minutes
        self.units = units
        self.drafts = drafts
        self.byType = Self.shares(byType, of: services)
        self.byCoreFunction = Self.shares(byCoreFunction, of: services)
        self.byModality = Self.shares(byModality, of: services)
        self.bySetting = Self.shares(bySetting, of: services)
        self.outreachEvents = outreachEvents
        self.peopleReached = peopleReached
    }

    /// Largest first; ties by code so the order is stable between runs.
    public static func shares(_ counts: [String: Int], of total: Int) -> [Share] {
        counts.filter { $0.value > 0 }
            .map { Share(code: $0.key, count: $0.value, percent: percent($0.value, of: total)) }
            .sorted { ($0.count, $1.code) > ($1.count, $0.code) }
    }

    public static func percent(_ count: Int, of total: Int) -> Double {
        guard total > 0 else { return 0 }
        return (Double(count) * 1000 / Double(total)).rounded() / 10
    }

    /// Longest period one mix covers: a fiscal year and a bit, so a report is never an accidental scan of everything.
    public static let maxDays = 400

    public static func validatePeriod(from: String, to: String) throws(ValidationErrors) -> (CalendarDate, CalendarDate) {
        let period = try ReportPeriod.validate(from: from, to: to, maxDays: maxDays, tooLongKey: "error.period_too_long")
        return (period.from, period.to)
    }
}

/// Counties report by fiscal year, which in California runs from July 1 to June 30.
public enum FiscalYear {
    public static func start(containing day: CalendarDate) -> CalendarDate {
        CalendarDate(year: day.month >= 7 ? day.year : day.year - 1, month: 7, day: 1)!
    }
}

/// A week of work runs Monday to Sunday.
public enum ServiceWeek {
    /// The Monday on or before `date`.
    public static func start(of date: CalendarDate) -> CalendarDate {
        // 1970-01-05 was a Monday.
        let monday = CalendarDate(year: 1970, month: 1, day: 5)!
        let offset = ((monday.days(until: date) % 7) + 7) % 7
        return date.adding(days: -offset)
    }

    /// One peer's totals for a week, by `ServiceCounting`'s rule: services, people and units of signed
    /// notes, the peer's staff minutes (as facilitator or co-facilitator), and drafts counted apart.
    public struct Totals: Sendable, Equatable {
        public var services: Int
        public var participants: Int
        public var minutes: Int
        public var units: Int
        public var unsigned: Int
        public var outreachEvents: Int
        public var peopleReached: Int

        public init(services: Int = 0, participants: Int = 0, minutes: Int = 0, units: Int = 0, unsigned: Int = 0,
                    outreachEvents: Int = 0, peopleReached: Int = 0) {
            self.services = services
            self.participants = participants
            self.minutes = minutes
            self.units = units
            self.unsigned = unsigned
            self.outreachEvents = outreachEvents
            self.peopleReached = peopleReached
        }
    }
}
