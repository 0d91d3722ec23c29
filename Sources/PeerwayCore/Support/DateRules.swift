import Foundation

/// The bounds every date and time a person or client enters must keep, and how an instant is read
/// from text. Each rule that takes a date also has its own bounds (not in the future, not before the
/// date of birth or the enrollment); these are the ones that hold for all of them.
public enum DateRules {
    /// No event Peerway records happened before 1 January 1900: a contact, a screen, an enrollment,
    /// a consent, a crisis event or a service dated earlier is a typing mistake (year 231 for 2023).
    /// Dates of birth have their own, tighter bound (`PersonRules.maximumAge`).
    public static let earliest = CalendarDate(year: 1900, month: 1, day: 1)!

    /// The first instant of `earliest`, in UTC.
    public static let earliestInstant = Calendar.gregorian(in: TimeZone(identifier: "UTC")!)
        .date(from: DateComponents(year: 1900, month: 1, day: 1))!

    /// The largest offset from UTC a time may carry: real zones run from −12:00 to +14:00.
    public static let maximumOffsetHours = 14

    /// Appends `too_early` on `field` when `date` falls before `earliest`.
    public static func check(_ date: CalendarDate, field: String, into errors: inout ValidationErrors) {
        if date < earliest { errors.append(ValidationError(field: field, code: "too_early", messageKey: "error.date_too_early")) }
    }

    public static func check(_ instant: Date, field: String, into errors: inout ValidationErrors) {
        if instant < earliestInstant { errors.append(ValidationError(field: field, code: "too_early", messageKey: "error.date_too_early")) }
    }

    /// Reads an instant: `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z`, an offset (`+HH:MM`, `-HHMM`,
    /// `+HH`, at most 14 hours) or, when `zone` is given, nothing (a time in `zone`); with a `zone`, a
    /// bare `YYYY-MM-DD` is the start of that day there. Nil for anything else, an out-of-range offset
    /// or field included, so the caller reports it on its field.
    public static func instant(_ text: String, in zone: TimeZone?) -> Date? {
        if let day = CalendarDate(text) {
            guard let zone else { return nil }
            return date(day, hour: 0, minute: 0, second: 0, zone: zone)
        }
        let parts = text.split(maxSplits: 1, whereSeparator: { $0 == "T" || $0 == "t" || $0 == " " })
        guard parts.count == 2, let day = CalendarDate(String(parts[0])) else { return nil }
        var time = Substring(parts[1])
        var timeZone: TimeZone
        if time.hasSuffix("Z") || time.hasSuffix("z") {
            time = time.dropLast()
            timeZone = TimeZone(secondsFromGMT: 0)!
        } else if let sign = time.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            guard let offset = offsetSeconds(time[sign...]), let fixed = TimeZone(secondsFromGMT: offset) else { return nil }
            timeZone = fixed
            time = time[..<sign]
        } else if let zone {
            timeZone = zone
        } else {
            return nil
        }
        var fraction = 0.0
        if let dot = time.firstIndex(of: ".") {
            let digits = time[time.index(after: dot)...]
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Double("0." + digits) else { return nil }
            fraction = value
            time = time[..<dot]
        }
        let fields = time.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(fields.count), fields.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(fields[0]), let minute = Int(fields[1]),
              (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        var second = 0
        if fields.count == 3 {
            guard let s = Int(fields[2]), (0...59).contains(s) else { return nil }
            second = s
        } else if fraction != 0 {
            return nil
        }
        return date(day, hour: hour, minute: minute, second: second, zone: timeZone)?.addingTimeInterval(fraction)
    }

    private static func offsetSeconds(_ text: Substring) -> Int? {
        let sign = text.first == "-" ? -1 : 1
        let body = text.dropFirst()
        let digits = body.filter { $0 != ":" }
        // "+05:30", "+0530" or "+05"; a colon only between the hours and the minutes.
        guard [2, 4].contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              body.count == digits.count || (body.count == 5 && body[body.index(body.startIndex, offsetBy: 2)] == ":"),
              let hours = Int(digits.prefix(2)), let minutes = digits.count == 4 ? Int(digits.suffix(2)) : 0,
              minutes <= 59, hours * 60 + minutes <= maximumOffsetHours * 60 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }

    private static func date(_ day: CalendarDate, hour: Int, minute: Int, second: Int, zone: TimeZone) -> Date? {
        Calendar.gregorian(in: zone).date(from: DateComponents(year: day.year, month: day.month, day: day.day,
                                                               hour: hour, minute: minute, second: second))
    }
}
