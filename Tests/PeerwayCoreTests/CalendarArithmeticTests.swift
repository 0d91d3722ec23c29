import Foundation
import PeerwayCore
import Testing

/// `CalendarDate` counts days by arithmetic; Foundation's Gregorian calendar is the reference it must
/// agree with, day by day.
@Suite("Calendar date arithmetic against Foundation")
struct CalendarArithmeticTests {
    static let utc = TimeZone(identifier: "UTC")!
    static let calendar = Calendar.gregorian(in: utc)

    static func reference(_ date: CalendarDate) -> Date {
        calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
    }

    @Test("every day from 1800 to 2100 follows the one before it as Foundation's calendar says, and counts the same days")
    func everyDay() throws {
        let first = try #require(CalendarDate(year: 1800, month: 1, day: 1))
        var date = first, instant = Self.reference(first), steps = 0
        while date.year <= 2100 {
            let next = date.adding(days: 1)
            instant = Self.calendar.date(byAdding: .day, value: 1, to: instant)!
            let expected = CalendarDate(instant, in: Self.utc)
            #expect(next == expected, "after \(date)")
            if next != expected { return }
            date = next
            steps += 1
        }
        #expect(first.days(until: date) == steps)
        #expect(date.days(until: first) == -steps)
        #expect(date.description == "2101-01-01")
    }

    @Test("a day of the month exists only in its month: 29 February in leap years alone")
    func validDays() {
        for year in [1800, 1900, 1996, 2000, 2023, 2024, 2100] {
            for month in 1...12 {
                for day in 28...32 {
                    let built = CalendarDate(year: year, month: month, day: day)
                    let components = DateComponents(year: year, month: month, day: day)
                    let exists = components.isValidDate(in: Self.calendar)
                    #expect((built != nil) == exists, "\(year)-\(month)-\(day)")
                }
            }
        }
        #expect(CalendarDate("2024-02-29") != nil)
        #expect(CalendarDate("2023-02-29") == nil)
        #expect(CalendarDate(year: 1799, month: 12, day: 31) == nil)
    }

    @Test("whole days and months over long spans agree with Foundation, forwards and back")
    func spans() throws {
        let starts = ["1800-03-01", "1899-12-31", "1970-01-01", "2000-02-29", "2024-01-31", "2026-07-01", "2099-12-31"].compactMap(CalendarDate.init)
        #expect(starts.count == 7)
        for start in starts {
            for offset in [-40_000, -366, -365, -31, -1, 0, 1, 28, 59, 365, 366, 1_461, 36_524, 40_000] {
                let instant = Self.calendar.date(byAdding: .day, value: offset, to: Self.reference(start))!
                let moved = start.adding(days: offset)
                #expect(moved == CalendarDate(instant, in: Self.utc), "\(start) + \(offset) days")
                #expect(start.days(until: moved) == offset)
            }
            for months in [-1_200, -13, -12, -1, 0, 1, 11, 12, 13, 25, 1_200] {
                let instant = Self.calendar.date(byAdding: .month, value: months, to: Self.reference(start))!
                #expect(start.adding(months: months) == CalendarDate(instant, in: Self.utc), "\(start) + \(months) months")
            }
        }
        #expect(CalendarDate("2024-01-31")?.adding(months: 1).description == "2024-02-29")
        #expect(CalendarDate("2024-02-29")?.adding(years: 1).description == "2025-02-28")
    }

    @Test("a date is written YYYY-MM-DD with its zeros")
    func written() {
        #expect(CalendarDate(year: 1800, month: 1, day: 2)?.description == "1800-01-02")
        #expect(CalendarDate(year: 2026, month: 12, day: 31)?.description == "2026-12-31")
    }
}
