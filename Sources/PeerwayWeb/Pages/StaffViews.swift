import Foundation
import PeerwayCore
import PeerwayStore

/// One staff member's workforce record, in the order a peer reads it on a phone: where their
/// certification stands, what is left to do and by when, their continuing education for the cycle,
/// then the deadlines, the records behind them and the profile.
struct StaffView: PageView {
    /// One line of the checklist: a mark, what to do in words, by when, and how urgent.
    struct Task: Encodable, Sendable {
        var label: String
        var done: Bool
        var due: String?
        /// "in 25 days", "today", "12 days overdue".
        var when: String?
        var alert: String?
        var overdue: Bool
        var dueSoon: Bool
        /// Where the step is recorded, for those who may record it.
        var link: String?
        var linkLabel: String?
    }
    /// Hours logged against what the cycle asks, each figure saying what it counts.
    struct Progress: Encodable, Sendable {
        var cycle: String
        var hours: String
        var minutes: Int
        /// Nil when the rule set asks for none (a progress bar needs a maximum).
        var required: Int?
        var lawAndEthics: String
        var lawMinutes: Int
        var lawRequired: Int?
    }
    struct Deadline: Encodable, Sendable {
        var label: String
        var due: String
        var when: String
        var alert: String?
        var overdue: Bool
        var dueSoon: Bool
    }
    struct Education: Encodable, Sendable {
        var date: String
        var title: String
        var category: String
        var hours: String
        var provider: String?
        var recordedBy: String?
    }
    struct Training: Encodable, Sendable {
        var title: String
        var date: String
        var hours: String
        var topics: String?
        var evidence: String
    }
    struct Month: Encodable, Sendable {
        var label: String
        var text: String
        var met: Bool
    }
    struct Session: Encodable, Sendable {
        var date: String
        var supervisor: String
        var format: String
        var minutes: String
        var topics: String?
    }
    struct Fact: Encodable, Sendable {
        var term: String
        var value: String
    }
    struct Link: Encodable, Sendable {
        var id: String
        var href: String
        var label: String
    }

    var notice: String?
    var name: String
    /// Peers, and anyone with a step recorded: others are not asked to apply.
    var certificationTracked: Bool
    var subtitle: String?
    var state: String
    var stateLine: String?
    /// A lapsed certification or a closed training window: said as a warning, not only as a tag.
    var stateWarning: String?
    var tasks: [Task]
    var progress: Progress?
    var primaryLink: String?
    var deadlines: [Deadline]
    var milestones: [Fact]
    var education: [Education]
    var topicsCovered: String
    var topicsMissing: String?
    var trainings: [Training]
    var months: [Month]
    var sessions: [Session]
    var career: [Fact]
    var profile: [Fact]
    var supervisorWarning: String?
    var links: [Link]
}

/// A person's wellness check-ins, for them and their supervisor.
struct CheckInRow: Encodable, Sendable {
    var date: String
    var satisfaction: String
    var burnout: String
    var supported: String
    var note: String?
}

/// The signed-in peer's check-in form, who sees it, and their earlier check-ins.
struct CheckInView: PageView {
    var notice: String?
    var intro: String
    /// When the next check-in is asked for.
    var due: String?
    var fields: [FieldView]
    var action: String
    var summary: String?
    var errors: [String: String]
    var checkIns: [CheckInRow]
    var recordLink: String
}

/// One person's check-ins, as their supervisor (or they) read them.
struct WellnessView: PageView {
    var name: String
    var recordLink: String
    var intro: String
    var checkIns: [CheckInRow]
    /// The person's own "check in now", on their own list.
    var checkInLink: String?
}
