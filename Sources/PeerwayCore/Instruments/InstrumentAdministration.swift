import Foundation

/// One giving of an instrument to a participant in an episode: the answers as given, the timepoint,
/// the day, who answered and who recorded it, and the scores computed when it was recorded, with the
/// instrument version that computed them. Never edited: a corrected intake or discharge is a new
/// administration that replaces the old one, with the reason.
public struct InstrumentAdministration: Sendable, Equatable, Identifiable {
    public let id: UUID
    public let organizationID: UUID
    public let programID: UUID
    public let personID: UUID
    public let episodeID: UUID
    public let instrumentID: String
    public let instrumentVersion: String
    public let timepoint: Timepoint
    public let givenOn: CalendarDate
    public let respondent: Respondent
    /// The language the items were shown in ("en", "es"); the scores do not depend on it.
    public let language: String
    /// The staff member who gave or rated it.
    public let givenBy: UUID
    public let responses: [String: Int]
    public let scores: [ScaleScore]
    public let recordedAt: Date
    /// The administration this one replaces, and why.
    public let replaces: UUID?
    public let replaceReason: String?

    public init(id: UUID, organizationID: UUID, programID: UUID, personID: UUID, episodeID: UUID, instrumentID: String,
                instrumentVersion: String, timepoint: Timepoint, givenOn: CalendarDate, respondent: Respondent, language: String,
                givenBy: UUID, responses: [String: Int], scores: [ScaleScore], recordedAt: Date, replaces: UUID? = nil,
                replaceReason: String? = nil) {
        self.id = id
        self.organizationID = organizationID
        self.programID = programID
        self.personID = personID
        self.episodeID = episodeID
        self.instrumentID = instrumentID
        self.instrumentVersion = instrumentVersion
        self.timepoint = timepoint
        self.givenOn = givenOn
        self.respondent = respondent
        self.language = language
        self.givenBy = givenBy
        self.responses = responses
        self.scores = scores
        self.recordedAt = recordedAt
        self.replaces = replaces
        self.replaceReason = replaceReason
    }

    public func score(_ scale: String) -> ScaleScore? { scores.first { $0.scale == scale } }
}

/// What a peer sends to record an administration.
public struct AdministrationDraft: Sendable, Equatable {
    public var instrumentID: String
    public var timepoint: TimepointKind
    public var givenOn: CalendarDate
    public var respondent: Respondent
    public var language: String
    /// Item id → the option value chosen; an item left out was not answered.
    public var responses: [String: Int]
    /// Given to replace an intake or discharge already recorded.
    public var replaceReason: String

    public init(instrumentID: String, timepoint: TimepointKind, givenOn: CalendarDate, respondent: Respondent, language: String = "en",
                responses: [String: Int], replaceReason: String = "") {
        self.instrumentID = instrumentID
        self.timepoint = timepoint
        self.givenOn = givenOn
        self.respondent = respondent
        self.language = language
        self.responses = responses
        self.replaceReason = replaceReason
    }
}

/// The rules of recording an administration.
public enum AdministrationRules {
    public static let maxReasonLength = 500

    /// What a valid draft becomes: its timepoint, the administration it replaces, the cleaned reason
    /// and the computed scores.
    public struct Accepted: Sendable, Equatable {
        public let timepoint: Timepoint
        public let replaces: UUID?
        public let replaceReason: String?
        public let scores: [ScaleScore]
    }

    /// Checks a draft against its instrument, the episode and the administrations of the same
    /// instrument already current in that episode; every problem is reported at once.
    /// - an answer must be an option of an item asked at that timepoint (`responses.<item>`);
    /// - the date is not in the future, not before enrollment, not after discharge;
    /// - a second intake (or discharge) is refused unless a reason to replace the first is given;
    /// - a follow-up comes after the intake and after the follow-ups before it, and a discharge after both.
    public static func validate(_ draft: AdministrationDraft, instrument: Instrument, episode: Episode,
                                current: [InstrumentAdministration], today: CalendarDate) throws(ValidationErrors) -> Accepted {
        var errors = ValidationErrors()
        if !instrument.respondents.contains(draft.respondent) {
            errors.append(ValidationError("respondent", "respondent_not_allowed"))
        }
        if !LocalizedText.languages.contains(draft.language) { errors.append(ValidationError("language", "unknown_value")) }
        let asked = Set(instrument.items(at: draft.timepoint).map(\.id))
        for (itemID, value) in draft.responses.sorted(by: { $0.key < $1.key }) {
            guard let item = instrument.item(itemID), asked.contains(itemID) else {
                errors.append(ValidationError("responses.\(itemID)", "unknown_item"))
                continue
            }
            if item.option(value) == nil { errors.append(ValidationError("responses.\(itemID)", "not_an_option")) }
        }
        if draft.responses.isEmpty { errors.append(ValidationError("responses", "no_responses")) }
        DateRules.check(draft.givenOn, field: "given_on", into: &errors)
        if draft.givenOn > today { errors.append(ValidationError("given_on", "in_future", "error.given_in_future")) }
        if draft.givenOn < episode.enrolledOn { errors.append(ValidationError("given_on", "before_enrollment")) }
        if let end = episode.dischargedOn, draft.givenOn > end { errors.append(ValidationError("given_on", "after_discharge")) }
        let reason = TextRules.clean(draft.replaceReason, field: "replace_reason", lines: .multi, limit: maxReasonLength, into: &errors)

        let mine = current.filter { $0.instrumentID == instrument.id && $0.episodeID == episode.id }
        let intake = mine.first { $0.timepoint.kind == .intake }
        let discharge = mine.first { $0.timepoint.kind == .discharge }
        let followUps = mine.filter { $0.timepoint.kind == .followUp }.sorted { $0.givenOn < $1.givenOn }
        var timepoint = Timepoint(draft.timepoint)
        var replaces: UUID?
        switch draft.timepoint {
        case .intake, .discharge:
            if let existing = draft.timepoint == .intake ? intake : discharge {
                if reason.isEmpty {
                    errors.append(ValidationError("replace_reason", draft.timepoint == .intake ? "intake_exists" : "discharge_exists"))
                } else {
                    replaces = existing.id
                }
            }
            if draft.timepoint == .intake, let first = followUps.first, draft.givenOn >= first.givenOn {
                errors.append(ValidationError("given_on", "after_follow_up"))
            }
            if draft.timepoint == .discharge {
                if let last = followUps.last, draft.givenOn < last.givenOn {
                    errors.append(ValidationError("given_on", "before_previous_follow_up"))
                } else if let intake, draft.givenOn < intake.givenOn {
                    errors.append(ValidationError("given_on", "before_intake"))
                }
            }
        case .followUp:
            if let intake, draft.givenOn <= intake.givenOn {
                errors.append(ValidationError("given_on", "before_intake"))
            } else if let last = followUps.last, draft.givenOn < last.givenOn {
                errors.append(ValidationError("given_on", "before_previous_follow_up"))
            }
            timepoint = .followUp(followUps.count + 1)
        }
        try errors.throwIfAny()
        return Accepted(timepoint: timepoint, replaces: replaces, replaceReason: replaces == nil ? nil : reason,
                        scores: instrument.score(draft.responses, at: draft.timepoint))
    }
}
