import Foundation

/// A peer's quick check of a directory entry, as they make it on the phone ("called today: open,
/// Spanish spoken, two-week wait list"): it confirms the entry as of that day, with who and when.
public struct DirectoryCheck: Sendable, Equatable {
    public enum Running: String, Sendable, CaseIterable {
        case open
        case temporarilyClosed = "temporarily_closed"
        case closed

        public var labelKey: String { "directory.check.running.\(rawValue)" }

        /// The HSDS service status the answer confirms.
        public var status: String {
            switch self {
            case .open: "active"
            case .temporarilyClosed: "temporarily closed"
            case .closed: "inactive"
            }
        }
    }

    public var id: UUID
    /// The directory (its organization) that holds the service.
    public var directoryID: UUID
    public var serviceID: String
    public var checkedAt: Date
    public var checkedBy: UUID
    public var running: Running
    /// Languages the check confirmed are spoken (ISO 639 codes).
    public var languages: [String]
    /// The wait the service gave, in the checker's words ("two weeks").
    public var wait: String
    public var note: String

    public init(id: UUID, directoryID: UUID, serviceID: String, checkedAt: Date, checkedBy: UUID, running: Running, languages: [String],
                wait: String, note: String) {
        self.id = id
        self.directoryID = directoryID
        self.serviceID = serviceID
        self.checkedAt = checkedAt
        self.checkedBy = checkedBy
        self.running = running
        self.languages = languages
        self.wait = wait
        self.note = note
    }
}

public enum DirectoryCheckRules {
    public static let maxWait = 100
    public static let maxNote = 500
    /// Days after its last check an entry is stale, until the directory's settings say otherwise.
    public static let defaultStaleAfterDays = 180
    public static let staleRange = 7...1095

    /// The answers trimmed, or every problem on its field.
    public static func validate(running: String, languages: [String], wait: String, note: String) throws(ValidationErrors)
        -> (DirectoryCheck.Running, [String], String, String) {
        var errors = ValidationErrors()
        let answer = DirectoryCheck.Running(rawValue: running)
        if running.isEmpty { errors.append(ValidationError("running", "required")) } else if answer == nil {
            errors.append(ValidationError("running", "invalid_choice"))
        }
        let codes = languages.map { $0.lowercased() }
        if !codes.allSatisfy({ (2...3).contains($0.count) && $0.allSatisfy(\.isLetter) }) { errors.append(ValidationError("languages", "invalid_language")) }
        let wait = wait.trimmingCharacters(in: .whitespacesAndNewlines), note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if wait.count > maxWait { errors.append(ValidationError("wait", "too_long")) }
        if note.count > maxNote { errors.append(ValidationError("note", "too_long")) }
        try errors.throwIfAny()
        return (answer!, codes, wait, note)
    }

    /// Whether an entry last checked on `lastVerified` ("YYYY-MM-DD", or never) is due for a check on `today`.
    public static func isStale(lastVerified: String?, today: CalendarDate, after days: Int) -> Bool {
        guard let text = lastVerified, let day = CalendarDate(String(text.prefix(10))) else { return true }
        return day.days(until: today) > days
    }

    /// The first day that is not stale on `today`: entries checked before it are.
    public static func staleBefore(today: CalendarDate, after days: Int) -> CalendarDate { today.adding(days: -days) }
}
