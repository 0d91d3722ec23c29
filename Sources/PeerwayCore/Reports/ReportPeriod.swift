import Foundation

/// The period a program report covers: any range of days, a California fiscal year (1 July – 30 June)
/// by default.
public struct ReportPeriod: Sendable, Equatable, Codable {
    public var from: CalendarDate
    public var to: CalendarDate

    public init(from: CalendarDate, to: CalendarDate) {
        self.from = from
        self.to = to
    }

    /// The fiscal year that starts on 1 July of `startYear` (FY 2022-23 starts in 2022).
    public static func fiscalYear(starting startYear: Int) -> ReportPeriod {
        ReportPeriod(from: CalendarDate(year: startYear, month: 7, day: 1)!, to: CalendarDate(year: startYear + 1, month: 6, day: 30)!)
    }

    /// The last fiscal year that has ended by `today` (an annual report is of a year that is over), or
    /// the current one when `current`.
    public static func fiscalYear(before today: CalendarDate, current: Bool = false) -> ReportPeriod {
        let start = FiscalYear.start(containing: today).year
        return fiscalYear(starting: current ? start : start - 1)
    }

    /// "FY 2022-23" for a fiscal year, else nil.
    public var fiscalYearLabel: String? {
        guard from.month == 7, from.day == 1, to == ReportPeriod.fiscalYear(starting: from.year).to else { return nil }
        return "FY \(from.year)-\(String(format: "%02d", (from.year + 1) % 100))"
    }

    /// Longest period a report covers: ten years.
    public static let maxDays = 3660

    /// Checks a period as typed (`YYYY-MM-DD` each): both dates, the end not before the start, at most
    /// `maxDays` long. Empty strings are "required".
    public static func validate(from: String, to: String, maxDays: Int = maxDays,
                                tooLongKey: String = "error.report_period_too_long") throws(ValidationErrors) -> ReportPeriod {
        var errors = ValidationErrors()
        let start = CalendarDate(from.trimmingCharacters(in: .whitespaces))
        let end = CalendarDate(to.trimmingCharacters(in: .whitespaces))
        if start == nil { errors.append(ValidationError(field: "from", code: from.isEmpty ? "required" : "invalid_date", messageKey: "error.invalid_date")) }
        if end == nil { errors.append(ValidationError(field: "to", code: to.isEmpty ? "required" : "invalid_date", messageKey: "error.invalid_date")) }
        if let start, let end {
            if end < start {
                errors.append(ValidationError("to", "end_before_start", "error.period_end_before_start"))
            } else if start.days(until: end) > maxDays {
                errors.append(ValidationError("to", "period_too_long", tooLongKey))
            }
        }
        try errors.throwIfAny()
        return ReportPeriod(from: start!, to: end!)
    }
}

extension ReportPeriod {
    /// The first instant of `from` and the first instant after `to`, in `zone`: timestamps (a contact's
    /// time) fall in the period when they are in `[start, end)`.
    public func instants(in zone: TimeZone) -> (start: Date, end: Date) {
        let calendar = Calendar.gregorian(in: zone)
        func midnight(_ day: CalendarDate) -> Date {
            calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        }
        return (midnight(from), midnight(to.adding(days: 1)))
    }
}
