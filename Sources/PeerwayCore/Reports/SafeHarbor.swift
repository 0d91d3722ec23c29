import Foundation

/// HIPAA's Safe Harbor method (45 CFR 164.514(b)(2)) as the evaluator's extract applies it: of the 18
/// identifiers, the extract keeps none, and the three Safe Harbor lets through in a reduced form are
/// reduced here, once.
///
/// - **Dates** directly related to a person keep their year only (`year`), or become a number of days
///   from the enrollment they belong to (`dayOffset`). The enrollment day itself never leaves; an offset
///   is never taken from a day a reader knows (the period's end), which would give the day back.
/// - **Ages** become 5-year groups, every age over 89 in one group "90+" (`ageGroup`). Safe Harbor
///   would allow the age in years below 90; the group is the extract's choice, as a person-level file of
///   a behavioural-health program is small enough that a year of age narrows it a lot.
/// - **ZIP codes** keep their first three digits, unless the three-digit area holds 20,000 people or
///   fewer (the prefixes HHS lists from the Census), which become "000" (`zip3`).
///
/// Free text (notes, goals, addresses, a region's name) is never exported: only codes from closed lists.
public enum SafeHarbor {
    /// Three-digit ZIP areas of 20,000 people or fewer (HHS, "Guidance Regarding Methods for
    /// De-identification of PHI", after the 2000 Census): written as "000".
    public static let restrictedZIP3: Set<String> = [
        "036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878", "879", "884", "890", "893",
    ]

    /// What a restricted ZIP area is written as.
    public static let suppressedZIP3 = "000"

    /// Ages from 90 on are one group.
    public static let oldestAgeGroup = "90+"

    /// Every age group in order: 0-4, 5-9, …, 85-89, 90+.
    public static let ageGroups: [String] = stride(from: 0, to: 90, by: 5).map { "\($0)-\($0 + 4)" } + [oldestAgeGroup]

    /// The 5-year group of an age in whole years; "90+" from 90 on. A negative age (a birth after the
    /// day asked about) has none.
    public static func ageGroup(_ age: Int) -> String? {
        guard age >= 0 else { return nil }
        if age >= 90 { return oldestAgeGroup }
        let low = age / 5 * 5
        return "\(low)-\(low + 4)"
    }

    /// The age group of a person born on `born`, on `day`; nil when no birth date is recorded.
    public static func ageGroup(born: CalendarDate?, on day: CalendarDate) -> String? {
        born.flatMap { ageGroup($0.age(on: day)) }
    }

    /// The life stage California's prevention programs report (0–15, 16–25, 26–59, 60+), from the age
    /// on `day`: the aggregate tables count by it. Ages over 89 are in "older_adult" like any other.
    public static func lifeStage(born: CalendarDate?, on day: CalendarDate) -> String? {
        guard let born else { return nil }
        let age = born.age(on: day)
        guard age >= 0 else { return nil }
        return Population.lifeStage(age: age)?.rawValue ?? "adult"
    }

    /// Every life stage in order.
    public static let lifeStages = [Population.youth.rawValue, Population.transitionAgeYouth.rawValue, "adult", Population.olderAdult.rawValue]

    /// A date reduced to its year.
    public static func year(_ day: CalendarDate) -> Int { day.year }

    /// A date as the days after `anchor` (negative before it): 0 on the anchor itself.
    public static func dayOffset(_ day: CalendarDate, from anchor: CalendarDate) -> Int {
        anchor.days(until: day)
    }

    /// The first three digits of a US ZIP code (five digits, or ZIP+4), "000" for a restricted area,
    /// nil when `zip` is not a ZIP code.
    public static func zip3(_ zip: String) -> String? {
        let text = zip.trimmingCharacters(in: .whitespaces)
        guard isZIP(text) else { return nil }
        let prefix = String(text.prefix(3))
        return restrictedZIP3.contains(prefix) ? suppressedZIP3 : prefix
    }

    /// The ZIP code an address ends with ("…, San Diego, CA 92101" or "… 92101-1234", a final "USA"
    /// aside); nil when its last word is not one. A five-digit street number is not taken for a ZIP code.
    public static func zip(inAddress address: String) -> String? {
        var words = address.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init)
        while let last = words.last, ["usa", "us", "u.s.a.", "u.s."].contains(last.lowercased()) { words.removeLast() }
        guard words.count > 1, let last = words.last, isZIP(last) else { return nil }
        return last
    }

    /// The ZIP code of a person's record: the one their address ends with, else their region when it is
    /// written as a ZIP code.
    public static func zip(of details: PersonDetails) -> String? {
        let region = details.region.trimmingCharacters(in: .whitespaces)
        return zip(inAddress: details.address) ?? (isZIP(region) ? region : nil)
    }

    /// Five ASCII digits, optionally a hyphen and four more.
    static func isZIP(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { ("0"..."9").contains(scalars[$0]) } }
        switch scalars.count {
        case 5: return digits(0..<5)
        case 10: return digits(0..<5) && scalars[5] == "-" && digits(6..<10)
        default: return false
        }
    }
}
