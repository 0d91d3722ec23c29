import Foundation
import Testing
import PeerwayCore

/// The report as tables: each figure with its numerator, denominator and who is in it; the CSV from
/// the same cells; an empty report as zeros and "no data".
@Suite("Program report tables")
struct ProgramReportTablesTests {
    static let period = ReportPeriod.fiscalYear(starting: 2022)

    /// A year shaped like Next Steps' (seed 001), at a small program's scale.
    static func tally() -> ReportTally {
        var t = ReportTally()
        t.connected = 254
        t.enrolled = 38
        t.newlyEnrolled = 30
        t.familyOfEnrolled = 20
        t.anonymousContacts = 14
        t.intake = ["homeless": .init(yes: 12, answered: 38), "depressed_often": .init(yes: 24, answered: 37),
                    "quality_poor_fair": .init(yes: 31, answered: 38), "substance_often": .init(yes: 0, answered: 38)]
        t.enrollmentsWithIntake = 38
        t.followUp = ["satisfied": .init(yes: 25, answered: 27)]
        t.services = 293
        t.peopleServed = 53
        t.servicesToEnrolled = 230
        t.servicesToFamily = 23
        t.drafts = 4
        t.servicesByType = ["peer_navigation": 103, "peer_counseling": 47, "assessment": 44, "substance_use_counseling": 44, "other": 55]
        t.referrals.add(need: .housing, status: .linked, count: 40)
        t.referrals.add(need: .housing, status: .notLinked, count: 12)
        t.referrals.add(need: .housing, status: .sent, count: 8)
        t.referrals.add(need: .health, status: .linked, count: 25)
        t.referrals.add(need: .health, status: .declined, count: 5)
        t.referrals.daysToLinkage = [3: 30, 10: 35]
        t.outcomes = [
            ScaleTally(instrumentID: PromisGlobal10.id, scale: "mental", intakes: 30,
                       pairs: [.init(before: 400, after: 450): 12, .init(before: 420, after: 430): 8]),
            ScaleTally(instrumentID: ProgramProfile.id, scale: "homeless", intakes: 38,
                       pairs: [.init(before: 10, after: 10): 6, .init(before: 10, after: 0): 14, .init(before: 0, after: 0): 10]),
        ]
        return t
    }

    static let tables = ProgramReportTables(ProgramReport(period: period, tally: tally()))

    @Test("a share states its count, what it is out of, the percent and who is in the denominator")
    func shareRow() throws {
        let intake = try #require(Self.tables.table("intake_profile"))
        #expect(intake.columns == ["figure", "value", "of", "percent", "base"])
        #expect(intake.columnKeys.first == "report.column.figure")
        #expect(intake.titleKey == "report.table.intake_profile")
        let homeless = try #require(intake.row("homeless"))
        #expect(homeless.cells.map(\.value) == [
            .label(.scale(instrumentID: ProgramProfile.id, scaleID: "homeless")), .count(12), .count(38),
            .percent(Proportion(12, of: 38)), .label(.key("report.base.intake_answered")),
        ])
        #expect(intake.cell("homeless", "percent")?.value.plain == "31.6")
        let people = try #require(Self.tables.table("people"))
        #expect(people.cell("enrolled", "value")?.value == .count(38))
        #expect(people.cell("enrolled", "of")?.value == .count(254))
        #expect(people.cell("enrolled", "base")?.value == .label(.key("report.base.connected")))
        #expect(people.cell("others_connected", "value")?.value == .count(254 - 38 - 20))
        // A plain count names who it counts and has no denominator.
        #expect(people.cell("connected", "of")?.value == .empty)
        #expect(people.cell("connected", "figure")?.value == .label(.key("report.figure.connected")))
    }

    @Test("services, referrals and their breakdowns carry the same totals")
    func totals() throws {
        let services = try #require(Self.tables.table("services"))
        #expect(services.cell("per_person_served", "value")?.value == .number(5.5, .decimals(1)))
        #expect(services.cell("to_others", "value")?.value == .count(40))
        let byType = try #require(Self.tables.table("services_by_type"))
        #expect(byType.rows.first?.id == "peer_navigation")
        #expect(byType.cell("peer_navigation", "of")?.value == .count(293))
        let referrals = try #require(Self.tables.table("referrals"))
        #expect(referrals.cell("made", "value")?.value == .count(90))
        #expect(referrals.cell("linked_of_made", "percent")?.value == .percent(Proportion(65, of: 90)))
        #expect(referrals.cell("linked_of_outcomes", "of")?.value == .count(82))
        #expect(referrals.cell("median_days_to_linkage", "value")?.value == .number(10, .decimals(1)))
        let needs = try #require(Self.tables.table("referrals_by_need"))
        #expect(needs.rows.map(\.id) == ["housing", "health"])
        #expect(needs.cell("housing", "linkage_rate")?.value == .percent(Proportion(40, of: 52)))
        // Totals and their parts are recorded as sums, so public release can tell what they give away.
        #expect(Self.tables.sums.contains(ReportSum(total: "referrals.made", parts: ["referrals.need.housing.made", "referrals.need.health.made"])))
        #expect(Self.tables.sums.contains(ReportSum(total: "people.connected", parts: ["people.enrolled", "people.family", "people.others"])))
    }

    @Test("outcomes: a score's means, test, p-value and effect size; a yes/no item's shares and McNemar's test")
    func outcomes() throws {
        let outcomes = try #require(Self.tables.table("outcomes"))
        let mental = try #require(outcomes.row("\(PromisGlobal10.id).mental"))
        #expect(outcomes.cell(mental.id, "paired")?.value == .count(20))
        #expect(outcomes.cell(mental.id, "without_follow_up")?.value == .count(10))
        #expect(outcomes.cell(mental.id, "test")?.value == .label(.key("report.test.paired_t")))
        #expect(outcomes.cell(mental.id, "effect_measure")?.value == .label(.key("report.effect.cohens_dz")))
        guard case .statistic(let mean, _)? = outcomes.cell(mental.id, "at_intake")?.value else { Issue.record("no mean"); return }
        #expect(mean.value == 40.8)
        let homeless = "\(ProgramProfile.id).homeless"
        #expect(outcomes.cell(homeless, "at_intake")?.value == .percent(Proportion(20, of: 30)))
        #expect(outcomes.cell(homeless, "at_follow_up")?.value == .percent(Proportion(6, of: 30)))
        #expect(outcomes.cell(homeless, "test")?.value == .label(.key("report.test.mcnemar_exact")))
        #expect(outcomes.cell(homeless, "change")?.value.plain == "-46.7")
        // Nobody went from no to yes: the odds ratio 0 / 14 is 0.
        #expect(outcomes.cell(homeless, "effect_size")?.value.plain == "0.00")
    }

    @Test("an empty report is zeros and no data: no division by zero, no NaN, nothing held back")
    func empty() throws {
        let tables = ProgramReportTables(ProgramReport(period: Self.period, tally: ReportTally()))
        #expect(tables.table("people")?.cell("connected", "value")?.value == .count(0))
        #expect(tables.table("people")?.cell("enrolled", "percent")?.value.missingKey == "report.no_data")
        #expect(tables.table("services")?.cell("per_person_served", "value")?.value == .number(nil, .decimals(1)))
        #expect(tables.table("referrals")?.cell("median_days_to_linkage", "value")?.value.missingKey == "report.no_data")
        #expect(tables.table("outcomes")?.rows.isEmpty == true)
        #expect(tables.table("referrals_by_need")?.rows.isEmpty == true)
        #expect(tables.table("readmissions")?.cell("any_event_p_value", "value")?.value.missingKey == "report.gap.no_pairs")
        let csv = tables.csvRows(words: { $0 }, label: { "\($0)" })
        for line in csv { for cell in line { #expect(!cell.lowercased().contains("nan") && !cell.lowercased().contains("inf"), "\(line)") } }
        let released = ReportSuppression.apply(tables)
        #expect(released.suppressedCounts.isEmpty)
        #expect(released.tables.allSatisfy { $0.rows.allSatisfy { !$0.cells.contains(where: \.isSuppressed) } })
    }

    @Test("the CSV: one line per row of every table, a table column, plain numbers and words for the rest")
    func csv() throws {
        let header = Self.tables.csvHeader
        #expect(Array(header.prefix(3)) == ["table", "row", "label"])
        #expect(Set(header).count == header.count)
        #expect(header.contains("p_value") && header.contains("linkage_rate") && header.contains("base"))
        let rows = Self.tables.csvRows(words: { "<\($0)>" }, label: { label in
            if case .key(let key) = label { return "<\(key)>" }
            return "label"
        })
        #expect(rows.count == Self.tables.tables.reduce(0) { $0 + $1.rows.count })
        #expect(rows.allSatisfy { $0.count == header.count })
        let homeless = try #require(rows.first { $0[0] == "intake_profile" && $0[1] == "homeless" })
        func column(_ line: [String], _ name: String) -> String { line[header.firstIndex(of: name)!] }
        #expect(column(homeless, "value") == "12")
        #expect(column(homeless, "of") == "38")
        #expect(column(homeless, "percent") == "31.6")
        #expect(column(homeless, "base") == "<report.base.intake_answered>")
        #expect(column(homeless, "p_value") == "")
        let families = try #require(rows.first { $0[1] == "family_of_enrolled" })
        #expect(column(families, "label") == "<report.figure.family_of_enrolled>")
    }

    @Test("tallies of disjoint enrollments add up scale by scale, a shared pair's count included")
    func mergedTallies() {
        let mental = PromisGlobal10.id
        let lower = [ScaleTally(instrumentID: mental, scale: "mental", intakes: 5, pairs: [.init(before: 400, after: 450): 2]),
                     ScaleTally(instrumentID: ProgramProfile.id, scale: "homeless", intakes: 3, pairs: [:])]
        let upper = [ScaleTally(instrumentID: mental, scale: "mental", intakes: 4,
                                pairs: [.init(before: 400, after: 450): 1, .init(before: 380, after: 420): 3])]
        let sum = ScaleTally.merged(lower, upper)
        #expect(sum.count == 2)
        let merged = sum.first { $0.scale == "mental" }
        #expect(merged?.intakes == 9)
        #expect(merged?.pairs == [.init(before: 400, after: 450): 3, .init(before: 380, after: 420): 3])
        #expect(sum.first { $0.scale == "homeless" }?.intakes == 3)
        #expect(ScaleTally.merged([], []).isEmpty)
    }
}
