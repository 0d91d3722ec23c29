import Foundation

/// A day on the calendar with no time or zone: a date of birth, an enrollment date, a review due
/// date. Keeping these apart from instants avoids the classic off-by-one when a date crosses a zone.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    static let calendar = Calendar.gregorian(in: TimeZone(identifier: "UTC")!)

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...31).contains(day), (1800...9999).contains(year),
              let date = Self.calendar.date(from: DateComponents(year: year, month: month, day: day)),
              Self.calendar.component(.day, from: date) == day else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, the only form Peerway reads or writes.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The calendar day an instant falls on in a time zone (a program's own zone, for "today").
    public init(_ instant: Date, in zone: TimeZone) {
        let c = Calendar.gregorian(in: zone).dateComponents([.year, .month, .day], from: instant)
        year = c.year!
        month = c.month!
        day = c.day!
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    private var startUTC: Date { Self.calendar.date(from: DateComponents(year: year, month: month, day: day))! }

    public func adding(days: Int) -> CalendarDate {
        CalendarDate(Self.calendar.date(byAdding: .day, value: days, to: startUTC)!, in: TimeZone(identifier: "UTC")!)
    }

    /// The same day `months` later (earlier when negative), kept within the month: 2024-01-31 plus one
    /// month is 2024-02-29, since a term that ran to the month's end still ends there.
    public func adding(months: Int) -> CalendarDate {
        CalendarDate(Self.calendar.date(byAdding: .month, value: months, to: startUTC)!, in: TimeZone(identifier: "UTC")!)
    }

    /// The same day `years` later, kept within the month: a leap day becomes 28 February.
    public func adding(years: Int) -> CalendarDate { adding(months: years * 12) }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    public func days(until other: CalendarDate) -> Int {
        Self.calendar.dateComponents([.day], from: startUTC, to: other.startUTC).day!
    }

    /// Age in whole years on `date`.
    public func age(on date: CalendarDate) -> Int {
        var years = date.year - year
        if (date.month, date.day) < (month, day) { years -= 1 }
        return years
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Calendar {
    /// The Gregorian calendar in `zone`, in which every day and wall-clock time Peerway handles is read.
    public static func gregorian(in zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}
