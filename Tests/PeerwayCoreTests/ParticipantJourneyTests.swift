import Foundation
import PeerwayCore
import Testing

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test("parses only real YYYY-MM-DD dates", arguments: ["2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-04-31", "", "2026-01-01T00:00"])
    func rejectsInvalid(text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test("round-trips, orders, adds days across month and leap-year ends, and computes age")
    func arithmetic() throws {
        let d = try #require(CalendarDate("2024-02-28"))
        #expect(d.description == "2024-02-28")
        #expect(d.adding(days: 1).description == "2024-02-29")
        #expect(d.adding(days: 2).description == "2024-03-01")
        #expect(d.adding(days: 182).description == "2024-08-28")
        #expect(d.days(until: CalendarDate("2025-02-28")!) == 366)
        #expect(CalendarDate("2000-06-15")!.age(on: CalendarDate("2026-06-14")!) == 25)
        #expect(CalendarDate("2000-06-15")!.age(on: CalendarDate("2026-06-15")!) == 26)
        #expect(CalendarDate("2026-01-01")! < CalendarDate("2026-01-02")!)
    }

    @Test("today depends on the program's time zone")
    func today() {
        let instant = Date(timeIntervalSince1970: 1_767_225_600) // 2026-01-01 00:00 UTC
        #expect(CalendarDate(instant, in: TimeZone(identifier: "UTC")!).description == "2026-01-01")
        #expect(CalendarDate(instant, in: TimeZone(identifier: "America/Los_Angeles")!).description == "2025-12-31")
    }
}

@Suite("Screening")
struct ScreeningTests {
    static let serviceCodes = ["A", "B", "C", "D", "E", "F", "G"]

    @Test("any single service criterion with no exclusion is eligible", arguments: serviceCodes)
    func oneCriterionSuffices(code: String) throws {
        let result = try Screening.evaluate(ScreeningAnswers(serviceCriteriaMet: [code], exclusionsPresent: []))
        #expect(result.outcome == .eligible)
        #expect(result.criteriaMet == [code])
    }

    @Test("no service criterion is not eligible")
    func noneIsNotEligible() throws {
        let result = try Screening.evaluate(ScreeningAnswers(serviceCriteriaMet: [], exclusionsPresent: []))
        #expect(result.outcome == .notEligible)
    }

    @Test("any exclusion excludes however many criteria hold, and requires the referral", arguments: [["A"], ["B"], ["A", "B"]])
    func exclusionExcludes(exclusions: [String]) throws {
        let all = Set(Self.serviceCodes)
        #expect(throws: ValidationErrors.self) {
            try Screening.evaluate(ScreeningAnswers(serviceCriteriaMet: all, exclusionsPresent: Set(exclusions)))
        }
        let result = try Screening.evaluate(ScreeningAnswers(serviceCriteriaMet: all, exclusionsPresent: Set(exclusions), higherLevelReferral: "County crisis stabilization unit"))
        #expect(result.outcome == .notEligible)
        #expect(result.exclusions == exclusions)
        #expect(result.criteriaMet == Self.serviceCodes)
    }

    @Test("every combination of service criteria and exclusions follows the rule")
    func exhaustive() throws {
        for mask in 0..<(1 << 9) {
            let service = Set(Self.serviceCodes.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
            let exclusions = Set(["A", "B"].enumerated().filter { mask & (1 << (7 + $0.offset)) != 0 }.map(\.element))
            let result = try Screening.evaluate(ScreeningAnswers(serviceCriteriaMet: service, exclusionsPresent: exclusions, higherLevelReferral: "inpatient"))
            #expect(result.isEligible == (!service.isEmpty && exclusions.isEmpty))
        }
    }

    @Test("codes the criteria set does not have are refused")
    func unknownCodes() {
        #expect(throws: ValidationErrors.self) { try Screening.evaluate(ScreeningAnswers(serviceCriteriaMet: ["H"], exclusionsPresent: [])) }
        #expect(throws: ValidationErrors.self) { try Screening.evaluate(ScreeningAnswers(serviceCriteriaMet: ["A"], exclusionsPresent: ["C"], higherLevelReferral: "x")) }
    }

    @Test("a program's own criteria set is honoured")
    func customSet() throws {
        let set = CriteriaSet(name: "youth", service: [.init(id: "Y1", labelKey: "x")], exclusions: [])
        #expect(try Screening.evaluate(ScreeningAnswers(serviceCriteriaMet: ["Y1"], exclusionsPresent: []), against: set).isEligible)
        #expect(throws: ValidationErrors.self) { try Screening.evaluate(ScreeningAnswers(serviceCriteriaMet: ["A"], exclusionsPresent: []), against: set) }
    }
}

@Suite("Episodes of care")
struct EpisodeRulesTests {
    let program = UUID()
    let today = CalendarDate("2026-11-23")!
    let eligible = ScreeningResult(outcome: .eligible, criteriaMet: ["C"], exclusions: [])
    let excluded = ScreeningResult(outcome: .notEligible, criteriaMet: ["C"], exclusions: ["A"])

    func fields(_ body: () throws(ValidationErrors) -> Void) -> Set<String> {
        do { try body(); return [] } catch { return Set(error.errors.compactMap(\.field)) }
    }

    @Test("an eligible screen enrolls today")
    func enrolls() throws {
        try EpisodeRules.validateEnrollment(programID: program, enrolledOn: today, today: today, dateOfBirth: CalendarDate("1990-01-01"),
                                            screen: eligible, override: nil, existing: [])
    }

    @Test("an excluded screen needs an override with a reason; with one, it enrolls")
    func overrides() throws {
        #expect(fields { () throws(ValidationErrors) in try EpisodeRules.validateEnrollment(programID: program, enrolledOn: today, today: today, dateOfBirth: nil, screen: excluded, override: nil, existing: []) } == ["screening"])
        #expect(fields { () throws(ValidationErrors) in try EpisodeRules.validateEnrollment(programID: program, enrolledOn: today, today: today, dateOfBirth: nil, screen: excluded, override: .init(reason: "  ", approvedBy: UUID()), existing: []) } == ["override_reason"])
        try EpisodeRules.validateEnrollment(programID: program, enrolledOn: today, today: today, dateOfBirth: nil, screen: excluded,
                                            override: .init(reason: "Supervisor judged peer support adjunctive to inpatient follow-up", approvedBy: UUID()), existing: [])
        #expect(fields { () throws(ValidationErrors) in try EpisodeRules.validateEnrollment(programID: program, enrolledOn: today, today: today, dateOfBirth: nil, screen: nil, override: nil, existing: []) } == ["screening"])
    }

    @Test("one open episode per program; a later episode after discharge is fine, an overlapping one is not")
    func oneOpenEpisode() throws {
        let open = Episode(id: UUID(), participantID: UUID(), programID: program, enrolledOn: CalendarDate("2026-01-05")!, plannedEndOn: nil)
        #expect(fields { () throws(ValidationErrors) in try EpisodeRules.validateEnrollment(programID: program, enrolledOn: today, today: today, dateOfBirth: nil, screen: eligible, override: nil, existing: [open]) } == ["program_id"])
        // Another program is a separate episode.
        try EpisodeRules.validateEnrollment(programID: UUID(), enrolledOn: today, today: today, dateOfBirth: nil, screen: eligible, override: nil, existing: [open])
        var closed = open
        closed.dischargedOn = CalendarDate("2026-06-30")
        try EpisodeRules.validateEnrollment(programID: program, enrolledOn: today, today: today, dateOfBirth: nil, screen: eligible, override: nil, existing: [closed])
        #expect(fields { () throws(ValidationErrors) in try EpisodeRules.validateEnrollment(programID: program, enrolledOn: CalendarDate("2026-06-01")!, today: today, dateOfBirth: nil, screen: eligible, override: nil, existing: [closed]) } == ["enrolled_on"])
    }

    @Test("enrollment in the future or before birth is refused")
    func dates() {
        #expect(fields { () throws(ValidationErrors) in try EpisodeRules.validateEnrollment(programID: program, enrolledOn: today.adding(days: 1), today: today, dateOfBirth: nil, screen: eligible, override: nil, existing: []) } == ["enrolled_on"])
        #expect(fields { () throws(ValidationErrors) in try EpisodeRules.validateEnrollment(programID: program, enrolledOn: CalendarDate("1989-12-31")!, today: today, dateOfBirth: CalendarDate("1990-01-01"), screen: eligible, override: nil, existing: []) } == ["enrolled_on"])
    }

    @Test("time-limited programs plan an end date; long-term support does not")
    func plannedEnd() {
        let now = Date()
        let links = Program(id: UUID(), organizationID: UUID(), name: "PeerLINKS", model: .timeLimited, defaultLengthDays: 182, reviewFrequencyDays: 30, createdAt: now, updatedAt: now)
        let steps = Program(id: UUID(), organizationID: UUID(), name: "Next Steps", model: .longTerm, defaultLengthDays: nil, reviewFrequencyDays: 90, createdAt: now, updatedAt: now)
        #expect(EpisodeRules.plannedEnd(for: links, enrolledOn: CalendarDate("2026-01-01")!)?.description == "2026-07-02")
        #expect(EpisodeRules.plannedEnd(for: steps, enrolledOn: CalendarDate("2026-01-01")!) == nil)
    }

    @Test("discharge: not before enrollment, not in the future, not twice, with a reason")
    func discharge() throws {
        var episode = Episode(id: UUID(), participantID: UUID(), programID: program, enrolledOn: CalendarDate("2026-03-01")!, plannedEndOn: nil)
        try EpisodeRules.validateDischarge(episode, on: today, reason: .goalsSubstantiallyMet, today: today)
        #expect(fields { () throws(ValidationErrors) in try EpisodeRules.validateDischarge(episode, on: CalendarDate("2026-02-28")!, reason: .moved, today: today) } == ["discharged_on"])
        #expect(fields { () throws(ValidationErrors) in try EpisodeRules.validateDischarge(episode, on: today.adding(days: 1), reason: .moved, today: today) } == ["discharged_on"])
        #expect(fields { () throws(ValidationErrors) in try EpisodeRules.validateDischarge(episode, on: today, reason: nil, today: today) } == ["reason"])
        episode.dischargedOn = CalendarDate("2026-10-01")
        #expect(fields { () throws(ValidationErrors) in try EpisodeRules.validateDischarge(episode, on: today, reason: .other, today: today) } == ["episode"])
        #expect(DischargeReason.allCases.count == 8)
    }
}

@Suite("Continued stay and re-admission")
struct ContinuedStayTests {
    let today = CalendarDate("2026-11-23")!

    @Test("reviews fall due one period after enrollment or the last review, and go overdue after")
    func schedule() {
        let enrolled = CalendarDate("2026-08-01")!
        #expect(ReviewSchedule.nextDue(enrolledOn: enrolled, lastReviewOn: nil, frequencyDays: 90)?.description == "2026-10-30")
        #expect(ReviewSchedule.nextDue(enrolledOn: enrolled, lastReviewOn: CalendarDate("2026-10-28"), frequencyDays: 90)?.description == "2027-01-26")
        // Long-term support without reviews (seed 004): nothing ever falls due.
        #expect(ReviewSchedule.nextDue(enrolledOn: enrolled, lastReviewOn: CalendarDate("2026-10-28"), frequencyDays: nil) == nil)
        #expect(ReviewSchedule.status(due: CalendarDate("2026-10-30")!, today: today) == .overdue)
        #expect(ReviewSchedule.status(due: today, today: today) == .dueSoon)
        #expect(ReviewSchedule.status(due: today.adding(days: 14), today: today) == .dueSoon)
        #expect(ReviewSchedule.status(due: today.adding(days: 15), today: today) == .notDue)
    }

    @Test("continue only with the person's wish to continue; all three criteria recommend continuing")
    func review() throws {
        let episode = Episode(id: UUID(), participantID: UUID(), programID: UUID(), enrolledOn: CalendarDate("2026-08-01")!, plannedEndOn: nil)
        #expect(ContinuedStayReview.recommendation(Set(ContinuedStayReview.Criterion.allCases)) == .continue)
        #expect(ContinuedStayReview.recommendation([.capacityToProgress, .furtherSupportAppropriate]) == .discharge)
        try ContinuedStayReview(reviewedOn: today, criteriaMet: [.wishesToContinue], outcome: .continue).validate(episode: episode, today: today)
        #expect(throws: ValidationErrors.self) {
            try ContinuedStayReview(reviewedOn: today, criteriaMet: [.capacityToProgress, .furtherSupportAppropriate], outcome: .continue).validate(episode: episode, today: today)
        }
        #expect(throws: ValidationErrors.self) {
            try ContinuedStayReview(reviewedOn: CalendarDate("2026-07-01")!, criteriaMet: [.wishesToContinue], outcome: .continue).validate(episode: episode, today: today)
        }
    }

    @Test("re-admissions within 30 and 90 days count from the previous discharge")
    func readmissions() {
        let events = [
            CrisisEvent(kind: .psychiatricAdmission, startedOn: CalendarDate("2026-01-01")!, endedOn: CalendarDate("2026-01-10")!),
            CrisisEvent(kind: .emergencyVisit, startedOn: CalendarDate("2026-01-20")!),
            CrisisEvent(kind: .psychiatricAdmission, startedOn: CalendarDate("2026-02-05")!, endedOn: CalendarDate("2026-02-12")!), // 26 days after
            CrisisEvent(kind: .psychiatricAdmission, startedOn: CalendarDate("2026-05-01")!, endedOn: nil), // 78 days after
            CrisisEvent(kind: .crisisCall, startedOn: CalendarDate("2026-05-02")!),
        ]
        #expect(Readmission.readmissions(events, withinDays: 30).map(\.startedOn.description) == ["2026-02-05"])
        #expect(Readmission.readmissions(events, withinDays: 90).map(\.startedOn.description) == ["2026-02-05", "2026-05-01"])
        #expect(Readmission.readmissions(events.shuffled(), withinDays: 90).count == 2)
    }
}
