import Foundation
import PeerwayCore
import PeerwayStore

/// A person's measures: the change chart per scale, the table of administrations, intake → latest.
struct MeasuresView: PageView {
    struct Chart: Encodable, Sendable {
        var id: String
        var title: String
        var svg: ScoreChart
        var points: [Point]
    }
    struct Point: Encodable, Sendable {
        var date: String
        var timepoint: String
        var value: String
    }
    struct Row: Encodable, Sendable {
        var date: String
        var instrument: String
        var timepoint: String
        var scores: String
        var by: String
        var link: String
        var alert: Bool
    }
    struct Change: Encodable, Sendable {
        var scale: String
        var intake: String
        var latest: String
        var change: String?
        var direction: String
    }
    /// One instrument's changes, intake → latest, on its own card.
    struct ChangeGroup: Encodable, Sendable {
        var instrument: String
        var intakeOn: String
        var latestOn: String
        var lines: [Change]
    }
    struct Choice: Encodable, Sendable {
        var value: String
        var label: String
    }

    var notice: String?
    var personName: String
    var personLink: String
    var charts: [Chart]
    var rows: [Row]
    var changes: [ChangeGroup]
    /// The instruments that may be given, for the chooser that opens the form.
    var instruments: [Choice]
    var giveAction: String?
}

/// One administration: its scores with their bands, what could not be computed, the answers.
struct AdministrationView: PageView {
    struct Score: Encodable, Sendable {
        var scale: String
        var raw: String
        var tScore: String
        var band: String
        var alert: Bool
        var missing: String?
    }
    struct Answer: Encodable, Sendable {
        var item: String
        var answer: String
    }
    struct Fact: Encodable, Sendable {
        var name: String
        var value: String
    }
    var notice: String?
    var instrument: String
    var personName: String
    var personLink: String
    var measuresLink: String
    var facts: [Fact]
    var scores: [Score]
    /// The instrument converts raw scores to T-scores, so the table has that column.
    var hasT: Bool
    /// What needs attention today (the safety protocol), above everything else.
    var alerts: [String]
    var answers: [Answer]
    var replaced: String?
    var topicsOnly: Bool
    var source: String
}

/// The instruments due on a caseload or in a program.
struct InstrumentDueView: PageView {
    struct Row: Encodable, Sendable {
        var name: String
        var link: String
        var instrument: String
        var timepoint: String
        var dueOn: String
        /// The due day as YYYY-MM-DD, for scripts reading the page.
        var dueISO: String
        var overdue: Bool
        var giveLink: String
    }
    var rows: [Row]
    var programWide: Bool
    var mayProgram: Bool
    var mineLink: String
    var programLink: String
}

/// A program's schedule: for each instrument, at intake, every N days, at discharge.
struct InstrumentScheduleView: PageView {
    struct Row: Encodable, Sendable {
        var id: String
        var name: String
        var atIntake: Bool
        var everyDays: String
        var atDischarge: Bool
        var everyError: String?
        /// Where the program enters the licensed wording, for an instrument shipped as topics.
        var wordingLink: String?
    }
    var notice: String?
    var programName: String
    var action: String
    var rows: [Row]
    var summary: String?
}
