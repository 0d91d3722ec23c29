import Foundation
import PeerwayCore
import Testing

/// Date and consent rules of screens, enrollments and crisis events.
@Suite("Journey date rules")
struct JourneyDateRulesTests {
    static let today = CalendarDate("2026-11-23")!
    static let born = CalendarDate("1990-07-04")!

    static func codes(_ body: () throws(ValidationErrors) -> Void) -> [String] {
        do { try body(); return [] } catch { return error.errors.map { "\($0.field ?? ""):\($0.code)" } }
    }

    @Test("a screen is dated today or earlier, and not before birth")
    func screenDate() {
        #expect(Self.codes { () throws(ValidationErrors) in try Screening.validateDate(Self.today, today: Self.today, dateOfBirth: Self.born) } == [])
        #expect(Self.codes { () throws(ValidationErrors) in try Screening.validateDate(Self.today.adding(days: 1), today: Self.today, dateOfBirth: Self.born) }
                == ["screened_on:in_future"])
        #expect(Self.codes { () throws(ValidationErrors) in try Screening.validateDate(Self.born.adding(days: -1), today: Self.today, dateOfBirth: Self.born) }
                == ["screened_on:before_birth"])
    }

    @Test("enrollment needs consent recorded, not dated in the future; goals are bounded")
    func consent() {
        let signed = EnrollmentConsent(signedBy: .guardian, signedOn: Self.today, method: .verbal)
        #expect(Self.codes { () throws(ValidationErrors) in try EpisodeRules.validateConsent(signed, goals: "Housing", today: Self.today) } == [])
        #expect(Self.codes { () throws(ValidationErrors) in try EpisodeRules.validateConsent(nil, goals: "", today: Self.today) } == ["consent_signed_by:required"])
        let future = EnrollmentConsent(signedBy: .participant, signedOn: Self.today.adding(days: 2), method: .wetSignature)
        #expect(Self.codes { () throws(ValidationErrors) in try EpisodeRules.validateConsent(future, goals: String(repeating: "g", count: 4001), today: Self.today) }
                == ["consent_signed_on:in_future", "goals:too_long"])
    }

    @Test("a crisis event starts on a past day after birth and ends on or after its start, not in the future")
    func crisisEvent() {
        let ok = CrisisEvent(kind: .psychiatricAdmission, startedOn: CalendarDate("2026-10-01")!, endedOn: CalendarDate("2026-10-09")!)
        #expect(Self.codes { () throws(ValidationErrors) in try ok.validate(note: "", today: Self.today, dateOfBirth: Self.born) } == [])
        let backwards = CrisisEvent(kind: .psychiatricAdmission, startedOn: CalendarDate("2026-10-09")!, endedOn: CalendarDate("2026-10-01")!)
        #expect(Self.codes { () throws(ValidationErrors) in try backwards.validate(note: "", today: Self.today, dateOfBirth: Self.born) } == ["ended_on:before_start"])
        let future = CrisisEvent(kind: .crisisCall, startedOn: Self.today.adding(days: 1))
        #expect(Self.codes { () throws(ValidationErrors) in try future.validate(note: "", today: Self.today, dateOfBirth: Self.born) } == ["started_on:in_future"])
        let unborn = CrisisEvent(kind: .emergencyVisit, startedOn: Self.born.adding(days: -3))
        #expect(Self.codes { () throws(ValidationErrors) in try unborn.validate(note: "", today: Self.today, dateOfBirth: Self.born) } == ["started_on:before_birth"])
    }
}
