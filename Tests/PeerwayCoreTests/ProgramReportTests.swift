import Foundation
import PeerwayCore
import Testing

@Suite("Program report figures (Core)")
struct ProgramReportTests {
    static func day(_ text: String) -> CalendarDate { CalendarDate(text)! }
    static let quarter = ReportPeriod(from: day("2026-07-01"), to: day("2026-09-30"))

    @Test("a scale's level decides its test: indicators yes/no, single ratings ordinal, converted or summed scores interval")
    func levels() throws {
        func level(_ instrument: String, _ scale: String) throws -> ProgramReport.Level {
            ProgramReport.level(of: try #require(InstrumentCatalog.instrument(instrument)?.scales.first { $0.id == scale }))
        }
        #expect(try level(ProgramProfile.id, "homeless") == .yesNo)
        #expect(try level(MORS.id, "milestone") == .ordinal)
        #expect(try level(SymptomAreas.id, "anxiety") == .ordinal)
        #expect(try level(PromisGlobal10.id, "social_roles") == .ordinal)
        #expect(try level(PromisGlobal10.id, "mental") == .interval)
        #expect(try level(BARC10.id, "total") == .interval)
        #expect(try level(SymptomAreas.id, "total") == .interval)
    }

    @Test("fiscal years run 1 July to 30 June; the default is the last one that has ended")
    func fiscalYears() {
        #expect(ReportPeriod.fiscalYear(starting: 2022) == ReportPeriod(from: Self.day("2022-07-01"), to: Self.day("2023-06-30")))
        #expect(ReportPeriod.fiscalYear(starting: 2022).fiscalYearLabel == "FY 2022-23")
        #expect(ReportPeriod.fiscalYear(before: Self.day("2026-09-24")) == .fiscalYear(starting: 2025))
        #expect(ReportPeriod.fiscalYear(before: Self.day("2026-06-30")) == .fiscalYear(starting: 2024))
        #expect(Self.quarter.fiscalYearLabel == nil)
    }

    @Test("a period is refused field by field: a missing or impossible date, an end before the start, more than ten years")
    func periods() {
        func codes(_ from: String, _ to: String) -> [String] {
            do { _ = try ReportPeriod.validate(from: from, to: to); return [] } catch { return error.errors.map { "\($0.field ?? ""):\($0.code)" } }
        }
        #expect(codes("2025-07-01", "2026-06-30") == [])
        #expect(codes("", "2026-02-30") == ["from:required", "to:invalid_date"])
        #expect(codes("2026-07-01", "2026-06-30") == ["to:end_before_start"])
        #expect(codes("2010-01-01", "2026-01-01") == ["to:period_too_long"])
    }

    @Test("re-admissions: a stay without a discharge day is not a discharge; day 0 and day 30 count, day 31 does not; windows stop at today")
    func readmissions() {
        let events = [
            CrisisEvent(kind: .psychiatricAdmission, startedOn: Self.day("2026-07-01"), endedOn: Self.day("2026-07-05")),
            CrisisEvent(kind: .emergencyVisit, startedOn: Self.day("2026-07-05")),
            CrisisEvent(kind: .psychiatricAdmission, startedOn: Self.day("2026-08-04"), endedOn: Self.day("2026-08-06")),
            CrisisEvent(kind: .psychiatricAdmission, startedOn: Self.day("2026-09-06")),
            CrisisEvent(kind: .crisisCall, startedOn: Self.day("2026-07-10")),
        ]
        let tally = ReadmissionTally(enrollments: [.init(enrolledOn: Self.day("2026-08-01"), dischargedOn: nil, events: events)], people: [events],
                                     period: Self.quarter, through: Self.day("2026-08-10"))
        // Discharges on 5 July and 6 August; the 4 August admission is 30 days after the first, the
        // 6 September one is 31 days after the second.
        #expect(tally.discharges == 2)
        #expect((tally.readmitted30, tally.readmitted90, tally.emergency30, tally.emergency90) == (1, 2, 1, 1))
        // Enrolled 1 August, counted through 10 August: ten days each side; crisis calls are not counted.
        #expect((tally.enrollmentsCompared, tally.eventsBefore, tally.eventsDuring) == (1, 0, 1))
        #expect(tally.noneBeforeAnyDuring == 1)
    }

    @Test("seed 000's peer wellness is withheld below five respondents and measured from five; nothing is invented")
    func sfWellness() {
        let empty = ProgramReport(period: Self.quarter, tally: ReportTally())
        #expect(empty.sfOutcomes.allSatisfy { $0.status == .notYetMeasured })
        var tally = ReportTally()
        tally.workforce.wellnessRespondents = 4
        #expect(ProgramReport(period: Self.quarter, tally: tally).sfOutcomes[5].status == .withheld)
        #expect(ProgramReport(period: Self.quarter, tally: tally).sfOutcomes[5].proportion == nil)
        let now = Date(timeIntervalSince1970: 0)
        let checkIns = (0..<5).map { i in
            WellnessCheckIn(id: UUID(), userID: UUID(), givenOn: Self.day("2026-08-01"), satisfaction: i < 3 ? 5 : 2, burnout: i < 1 ? 5 : 2,
                            supported: 4, note: "", recordedAt: now)
        }
        tally.workforce.wellnessRespondents = 5
        tally.workforce.wellness = WellnessRules.summary(checkIns, from: Self.quarter.from, through: Self.quarter.to)
        let outcomes = ProgramReport(period: Self.quarter, tally: tally).sfOutcomes
        #expect(outcomes[5].proportion == Proportion(4, of: 5))
        #expect(outcomes[6].proportion == Proportion(3, of: 5))
    }
}
