import Foundation
import PeerwayCore
import Testing

/// Recording an administration, the schedule that asks for one, and change over time.
@Suite("Administration rules")
struct AdministrationRulesTests {
    static func day(_ text: String) -> CalendarDate { CalendarDate(text)! }
    static let today = Self.day("2026-11-20")
    static let episode = Episode(id: UUID(), participantID: UUID(), programID: UUID(), enrolledOn: Self.day("2026-06-01"),
                                 plannedEndOn: nil)
    static let mental = ["global02": 3, "global04": 3, "global05": 3, "global10r": 3]

    static func codes(_ body: () throws -> Void) -> [String] {
        do { try body(); return [] } catch let error as ValidationErrors {
            return error.errors.map { "\($0.field ?? ""):\($0.code)" }
        } catch { return ["unexpected: \(error)"] }
    }

    static func draft(_ kind: TimepointKind, _ on: CalendarDate, responses: [String: Int] = mental, reason: String = "",
                      instrument: String = PromisGlobal10.id, respondent: Respondent = .selfReport) -> AdministrationDraft {
        AdministrationDraft(instrumentID: instrument, timepoint: kind, givenOn: on, respondent: respondent, language: "es",
                            responses: responses, replaceReason: reason)
    }

    static func given(_ timepoint: Timepoint, _ on: CalendarDate, scores: [ScaleScore] = [], episode: Episode = episode,
                      instrument: String = PromisGlobal10.id) -> InstrumentAdministration {
        InstrumentAdministration(id: UUID(), organizationID: UUID(), programID: episode.programID, personID: episode.participantID,
                                 episodeID: episode.id, instrumentID: instrument, instrumentVersion: "1.2", timepoint: timepoint, givenOn: on,
                                 respondent: .selfReport, language: "en", givenBy: UUID(), responses: [:], scores: scores, recordedAt: Date())
    }

    static func validate(_ d: AdministrationDraft, current: [InstrumentAdministration] = []) throws(ValidationErrors) -> AdministrationRules.Accepted {
        try AdministrationRules.validate(d, instrument: InstrumentCatalog.instrument(d.instrumentID)!, episode: episode, current: current,
                                         today: today)
    }

    @Test("An answer outside an item's options, an unknown item or no answers at all is refused on its field")
    func answers() {
        #expect(Self.codes { _ = try Self.validate(Self.draft(.intake, Self.today, responses: ["global02": 9])) } == ["responses.global02:not_an_option"])
        #expect(Self.codes { _ = try Self.validate(Self.draft(.intake, Self.today, responses: ["global99": 1])) } == ["responses.global99:unknown_item"])
        #expect(Self.codes { _ = try Self.validate(Self.draft(.intake, Self.today, responses: [:])) } == ["responses:no_responses"])
        // Satisfaction is not asked at intake.
        #expect(Self.codes { _ = try Self.validate(Self.draft(.intake, Self.today, responses: ["satisfaction": 5], instrument: ProgramProfile.id)) }
                == ["responses.satisfaction:unknown_item"])
    }

    @Test("Dates: not in the future, not before enrollment, not after discharge")
    func dates() {
        #expect(Self.codes { _ = try Self.validate(Self.draft(.intake, Self.today.adding(days: 1))) } == ["given_on:in_future"])
        #expect(Self.codes { _ = try Self.validate(Self.draft(.intake, Self.episode.enrolledOn.adding(days: -1))) } == ["given_on:before_enrollment"])
        var closed = Self.episode
        closed.dischargedOn = Self.day("2026-10-01")
        let codes = Self.codes {
            _ = try AdministrationRules.validate(Self.draft(.discharge, Self.day("2026-10-02")), instrument: PromisGlobal10.instrument,
                                                 episode: closed, current: [], today: Self.today)
        }
        #expect(codes == ["given_on:after_discharge"])
    }

    @Test("A staff-rated instrument refuses a self-report, and a self-report instrument a staff rating")
    func respondents() {
        #expect(Self.codes { _ = try Self.validate(Self.draft(.intake, Self.today, responses: ["milestone": 4], instrument: MORS.id)) }
                == ["respondent:respondent_not_allowed"])
        #expect(Self.codes { _ = try Self.validate(Self.draft(.intake, Self.today, respondent: .staffRated)) } == ["respondent:respondent_not_allowed"])
        #expect(Self.codes { _ = try Self.validate(Self.draft(.intake, Self.today, responses: ["milestone": 4], instrument: MORS.id,
                                                              respondent: .staffRated)) }.isEmpty)
    }

    @Test("A second intake is refused, or replaces the first when a reason is given")
    func secondIntake() throws {
        let first = Self.given(.intake, Self.day("2026-06-02"))
        #expect(Self.codes { _ = try Self.validate(Self.draft(.intake, Self.day("2026-06-03")), current: [first]) }
                == ["replace_reason:intake_exists"])
        let accepted = try Self.validate(Self.draft(.intake, Self.day("2026-06-03"), reason: "  Wrong form used  "), current: [first])
        #expect(accepted.replaces == first.id && accepted.replaceReason == "Wrong form used" && accepted.timepoint == .intake)
        // Another episode's intake is not this one's.
        let other = Episode(id: UUID(), participantID: Self.episode.participantID, programID: Self.episode.programID,
                            enrolledOn: Self.episode.enrolledOn, plannedEndOn: nil)
        #expect(try Self.validate(Self.draft(.intake, Self.today), current: [Self.given(.intake, Self.today, episode: other)]).replaces == nil)
    }

    @Test("Follow-ups come after the intake and after each other, and are numbered in order")
    func followUps() throws {
        let intake = Self.given(.intake, Self.day("2026-06-10"))
        #expect(Self.codes { _ = try Self.validate(Self.draft(.followUp, Self.day("2026-06-09")), current: [intake]) }
                == ["given_on:before_intake"])
        #expect(Self.codes { _ = try Self.validate(Self.draft(.followUp, Self.day("2026-06-10")), current: [intake]) }
                == ["given_on:before_intake"])
        let first = Self.given(.followUp(1), Self.day("2026-09-10"))
        #expect(Self.codes { _ = try Self.validate(Self.draft(.followUp, Self.day("2026-08-01")), current: [intake, first]) }
                == ["given_on:before_previous_follow_up"])
        #expect(try Self.validate(Self.draft(.followUp, Self.today), current: [intake, first]).timepoint == .followUp(2))
        #expect(try Self.validate(Self.draft(.followUp, Self.today)).timepoint == .followUp(1))
        // An intake may not be replaced by one dated on or after a follow-up.
        #expect(Self.codes { _ = try Self.validate(Self.draft(.intake, Self.day("2026-09-10"), reason: "late"),
                                                   current: [intake, first]) } == ["given_on:after_follow_up"])
    }

    @Test("Scores are computed from the answers, never taken from the draft")
    func scored() throws {
        let accepted = try Self.validate(Self.draft(.intake, Self.today))
        #expect(accepted.scores.first { $0.scale == "mental" }?.tScore == 43.5)
        #expect(accepted.scores.first { $0.scale == "physical" }?.missingItems == ["global03", "global06", "global07r", "global08r"])
    }

    @Test("The schedule asks for the intake, then a follow-up every N days from the latest, then at discharge")
    func schedule() {
        let rule = InstrumentScheduleRule(instrumentID: PromisGlobal10.id, atIntake: true, everyDays: 90, atDischarge: true)
        let enrolled = Self.episode.enrolledOn
        let intakeDue = InstrumentSchedule.due(rule, episode: Self.episode, given: [], today: enrolled.adding(days: 3))
        #expect(intakeDue == InstrumentDue(instrumentID: PromisGlobal10.id, timepoint: .intake, dueOn: enrolled, overdue: false))
        #expect(InstrumentSchedule.due(rule, episode: Self.episode, given: [], today: enrolled.adding(days: 15))?.overdue == true)
        let intake = Self.given(.intake, enrolled.adding(days: 2))
        #expect(InstrumentSchedule.due(rule, episode: Self.episode, given: [intake], today: enrolled.adding(days: 80)) == nil)
        let followUp = InstrumentSchedule.due(rule, episode: Self.episode, given: [intake], today: enrolled.adding(days: 88))
        #expect(followUp == InstrumentDue(instrumentID: PromisGlobal10.id, timepoint: .followUp, dueOn: enrolled.adding(days: 92), overdue: false))
        var closed = Self.episode
        closed.dischargedOn = enrolled.adding(days: 100)
        #expect(InstrumentSchedule.due(rule, episode: closed, given: [intake], today: enrolled.adding(days: 110))?.timepoint == .discharge)
        #expect(InstrumentSchedule.due(rule, episode: closed, given: [intake], today: enrolled.adding(days: 131)) == nil)
        let none = InstrumentScheduleRule(instrumentID: PromisGlobal10.id, atIntake: false, everyDays: nil, atDischarge: false)
        #expect(InstrumentSchedule.due(none, episode: Self.episode, given: [], today: Self.today) == nil)
        #expect(Self.codes { _ = try InstrumentScheduleRule(instrumentID: "x", atIntake: true, everyDays: 3, atDischarge: false).validated() }
                == ["instrument:unknown_value", "every_days:out_of_range"])
    }

    @Test("Change pairs the intake with the latest follow-up that has the score, per episode and scale")
    func change() {
        let score = { (t: Double?) in [ScaleScore(scale: "mental", raw: t == nil ? nil : 10, tScore: t)] }
        let intake = Self.given(.intake, Self.day("2026-06-02"), scores: score(38.8))
        let first = Self.given(.followUp(1), Self.day("2026-09-02"), scores: score(45.8))
        let second = Self.given(.followUp(2), Self.day("2026-11-02"), scores: score(nil))
        let pairs = InstrumentChange.paired([second, intake, first])
        #expect(pairs.count == 1)
        #expect(pairs.first?.intake == 38.8 && pairs.first?.latest == 45.8 && pairs.first?.change == 7 && pairs.first?.latestTimepoint == .followUp(1))
        #expect(InstrumentChange.paired([first, second]).isEmpty, "no intake, no pair")
        #expect(InstrumentChange.series([second, first, intake], instrumentID: PromisGlobal10.id, scale: "mental").map(\.value) == [38.8, 45.8])
    }

    @Test("The current episode is the person's first open one in the staff member's programs")
    func currentEpisode() {
        let mine = UUID(), other = UUID()
        var closed = Episode(id: UUID(), participantID: UUID(), programID: mine, enrolledOn: Self.day("2026-09-01"), plannedEndOn: nil)
        closed.dischargedOn = Self.day("2026-10-01")
        let elsewhere = Episode(id: UUID(), participantID: UUID(), programID: other, enrolledOn: Self.day("2026-08-01"), plannedEndOn: nil)
        let open = Episode(id: UUID(), participantID: UUID(), programID: mine, enrolledOn: Self.day("2026-06-01"), plannedEndOn: nil)
        #expect(Episode.current(in: [closed, elsewhere, open], programIDs: [mine]) == open)
        #expect(Episode.current(in: [closed, elsewhere], programIDs: [mine]) == nil)
    }
}
