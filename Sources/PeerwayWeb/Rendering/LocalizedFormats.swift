import Foundation
import PeerwayCore

/// Dates and counts as a reader of the locale writes them ("Dec 5, 2026" / "5 dic 2026"; "2,545" /
/// "2545"). Only for text a person reads: form fields, exports and the API keep ISO dates and plain
/// digits, which every language's reader and every program parse the same way.
extension Localizer {
    /// A calendar day, month abbreviated. A `CalendarDate` has no zone, so it is formatted in UTC,
    /// where its midnight is the same day.
    public func date(_ day: CalendarDate, _ locale: String) -> String {
        guard let instant = Calendar.gregorian(in: Self.utc).date(from: DateComponents(year: day.year, month: day.month, day: day.day)) else {
            return day.description
        }
        let style = Date.FormatStyle(date: .abbreviated, time: .omitted, locale: Locale(identifier: formattingLocale(locale)),
                                     calendar: Calendar.gregorian(in: Self.utc), timeZone: Self.utc)
        return instant.formatted(style)
    }

    /// A whole number with the locale's digit grouping.
    public func count(_ value: Int, _ locale: String) -> String {
        value.formatted(.number.locale(Locale(identifier: formattingLocale(locale))))
    }

    /// A measure with `digits` decimals and the locale's separators ("2.5" / "2,5").
    public func decimal(_ value: Double, digits: Int, _ locale: String) -> String {
        value.formatted(.number.precision(.fractionLength(digits)).locale(Locale(identifier: formattingLocale(locale))))
    }

    /// The catalogue's language if it has one, else the default's: an unknown code must not pick up
    /// whatever Foundation makes of it.
    private func formattingLocale(_ locale: String) -> String {
        supports(locale) ? locale : Self.defaultLocale
    }

    private static let utc = TimeZone(identifier: "UTC")!
}
