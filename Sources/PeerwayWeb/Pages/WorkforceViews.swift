import Foundation
import PeerwayCore
import PeerwayStore

/// A supervisor's team: each supervisee's supervision this month and last against the target, who is
/// behind, their certification and next deadline, whether a check-in is due; and the sessions held.
struct SupervisionView: PageView {
    struct Member: Encodable, Sendable {
        var name: String
        var link: String
        var thisMonth: String
        var lastMonth: String
        /// Missed last month's target: a word and a mark, never colour alone.
        var behind: Bool
        var certification: String
        var deadline: WorkforceWords.Deadline?
        var checkIn: String
        var checkInDue: Bool
    }
    struct Session: Encodable, Sendable {
        var date: String
        var format: String
        var minutes: String
        var attendees: String
        var topics: String
    }
    var notice: String?
    /// Shown when the supervisor holds no qualifying credential valid today.
    var credentialWarning: String?
    var credentialLine: String?
    var logLink: String?
    var figure: String
    var behindNote: String
    var behindCount: String
    var members: [Member]
    var sessions: [Session]
    var sessionsFigure: String
    var rosterLink: String?
}

/// The organization's staff (a supervisor: their supervisees) with discipline, certification and supervisor.
struct RosterView: PageView {
    struct Row: Encodable, Sendable {
        var name: String
        var link: String
        var discipline: String
        var certification: String
        var deadline: WorkforceWords.Deadline?
        var supervisor: String?
    }
    var figure: String
    var rows: [Row]
    var reportLink: String?
    var settingsLink: String?
    var coursesLink: String
    var supervisionLink: String?
    /// Importing a roster from CSV: HR only.
    var importLink: String? = nil
}

/// The workforce report: every figure says what it counts, of whom.
struct WorkforceReportView: PageView {
    struct Count: Encodable, Sendable {
        var label: String
        var count: String
    }
    struct DeadlineRow: Encodable, Sendable {
        var name: String
        var link: String
        var deadline: WorkforceWords.Deadline
    }
    struct LanguageRow: Encodable, Sendable {
        var language: String
        var participants: String
        var staff: String
        var gap: Bool
    }
    var asOf: String
    var peersFigure: String
    var certificationFigure: String
    var certification: [Count]
    var deadlinesFigure: String
    var deadlines: [DeadlineRow]
    var ceFigure: String
    var supervisionFigure: String
    var unqualifiedFigure: String
    var unqualified: [PageSupport.Link]
    var caseloadFigure: String
    var overCapacityFigure: String
    var overCapacity: [PageSupport.Link]
    var languagesFigure: String
    var languages: [LanguageRow]
    var gapCount: String
    var advancementFigure: String
    var wellnessFigure: String
    var wellness: [String]
    var rosterLink: String
}

/// The training catalogue, and for HR the form that adds to it.
struct CoursesView: PageView {
    struct Course: Encodable, Sendable {
        var title: String
        var topics: String
        var hours: String
    }
    var notice: String?
    var figure: String
    var courses: [Course]
    var mayAdd: Bool
    var fields: [FieldView]
    var action: String
    var errors: [String: String] = [:]
    var summary: String?
    var rosterLink: String?
}

/// Words the workforce pages share: labels of Core's values, months, hours and deadlines.
enum WorkforceWords {
    /// A certification deadline as a row shows it: what, by when, and how near (a word and a mark).
    struct Deadline: Encodable, Sendable {
        var kind: String
        var date: String
        var alert: String?
        var overdue: Bool
        var dueSoon: Bool
    }

    static func deadline(_ d: CertificationDeadline, _ l: Localizer, _ locale: String) -> Deadline {
        Deadline(kind: l.text("certification.deadline.\(d.kind.rawValue)", locale), date: WorkforceWords.day(d.dueOn, l, locale),
                 alert: d.alert == .none ? nil : l.text("certification.alert.\(d.alert.rawValue)", locale),
                 overdue: d.alert == .overdue, dueSoon: d.alert == .days30)
    }

    /// A day as a reader of the locale writes it ("Feb 19, 2027", "19 feb 2027"), its spaces no-break
    /// ones: a date in a sentence wraps whole, never in the middle.
    static func day(_ day: CalendarDate, _ l: Localizer, _ locale: String) -> String {
        unbroken(l.date(day, locale))
    }

    /// Words that belong together (a date, a month) with no-break spaces between them.
    static func unbroken(_ text: String) -> String {
        text.replacingOccurrences(of: " ", with: "\u{00A0}")
    }

    /// The month a day falls in, as a reader of the locale writes it ("March 2026", "marzo de 2026"), unbroken.
    static func month(_ day: CalendarDate, _ l: Localizer, _ locale: String) -> String {
        let utc = TimeZone(identifier: "UTC")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        guard let instant = calendar.date(from: DateComponents(year: day.year, month: day.month, day: 1)) else { return day.description }
        let code = l.supports(locale) ? locale : Localizer.defaultLocale
        return unbroken(instant.formatted(Date.FormatStyle(locale: Locale(identifier: code), calendar: calendar, timeZone: utc).month(.wide).year()))
    }

    /// Minutes as hours for a reader ("20", "1.5" / "1,5").
    static func hours(_ minutes: Int, _ l: Localizer, _ locale: String) -> String {
        minutes % 60 == 0 ? l.count(minutes / 60, locale) : l.decimal(Double(minutes) / 60, digits: minutes % 6 == 0 ? 1 : 2, locale)
    }

    /// Minutes as hours in a form field, the way the field reads them back ("20", "1.5").
    static func hoursField(_ minutes: Int) -> String {
        if minutes % 60 == 0 { return String(minutes / 60) }
        let text = String(format: "%.2f", Double(minutes) / 60)
        return text.hasSuffix("0") ? String(text.dropLast()) : text
    }

    /// A language by its name in the reader's language; a code the catalogue does not name shows as the code.
    static func language(_ code: String, _ l: Localizer, _ locale: String) -> String {
        let named = l.text("language.\(code)", locale)
        return named == "language.\(code)" ? code : named
    }

    /// The sentence for a count: its `_one` form for exactly one ("1 person you supervise"), else the plural.
    static func counted(_ key: String, _ count: Int) -> String {
        count == 1 ? key + "_one" : key
    }

    /// "n of N" as a reader writes it.
    static func of(_ n: Int, _ total: Int, _ l: Localizer, _ locale: String) -> String {
        l.format("workforce.n_of_total", locale, ["n": l.count(n, locale), "total": l.count(total, locale)])
    }
}
