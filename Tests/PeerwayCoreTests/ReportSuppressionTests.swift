import Foundation
import Testing
import PeerwayCore

/// Public release: counts of 1 to 10 held back, with the counts and figures that would give them away.
@Suite("Report suppression")
struct ReportSuppressionTests {
    static func released(_ edit: (inout ReportTally) -> Void) -> ProgramReportTables {
        var tally = ReportTally()
        edit(&tally)
        return ReportSuppression.apply(ProgramReportTables(ProgramReport(period: .fiscalYear(starting: 2023), tally: tally)))
    }

    static func value(_ tables: ProgramReportTables, _ table: String, _ row: String, _ column: String) -> ReportValue? {
        tables.table(table)?.cell(row, column)?.value
    }

    @Test("1 to 10 is held back; 0 and 11 are shown")
    func range() {
        #expect(!ReportSuppression.isSmall(0))
        #expect(ReportSuppression.isSmall(1) && ReportSuppression.isSmall(10))
        #expect(!ReportSuppression.isSmall(11))
        let tables = Self.released { $0.connected = 11; $0.anonymousContacts = 0; $0.drafts = 10 }
        #expect(Self.value(tables, "people", "connected", "value") == .count(11))
        #expect(Self.value(tables, "people", "anonymous_contacts", "value") == .count(0))
        #expect(Self.value(tables, "services", "drafts", "value") == .suppressed)
        #expect(tables.publicRelease)
    }

    @Test("in a row of parts with a total, a second part is held back when only one is: the smallest above zero")
    func complementary() {
        let tables = Self.released { t in
            t.connected = 100
            t.enrolled = 50
            t.familyOfEnrolled = 5
            t.newlyEnrolled = 20
        }
        #expect(Self.value(tables, "people", "family_of_enrolled", "value") == .suppressed)
        // Fewer figures rest on others connected (45) than on the enrolled (50): it is held back beside the family.
        #expect(Self.value(tables, "people", "others_connected", "value") == .suppressed)
        #expect(Self.value(tables, "people", "enrolled", "value") == .count(50))
        #expect(Self.value(tables, "people", "connected", "value") == .count(100))
        // Their percents too: a percent whose numerator is held back is held back.
        #expect(Self.value(tables, "people", "family_of_enrolled", "percent") == .suppressed)
        #expect(Self.value(tables, "people", "others_connected", "percent") == .suppressed)
        #expect(Self.value(tables, "people", "enrolled", "percent") == .percent(Proportion(50, of: 100)))
    }

    @Test("a share is held back when what it leaves is small: 30 of 38 says that 8 did not")
    func complementOfAShare() {
        let tables = Self.released { t in
            t.enrolled = 38
            t.connected = 38
            t.intake = ["homeless": .init(yes: 30, answered: 38), "depressed_often": .init(yes: 19, answered: 38)]
        }
        #expect(Self.value(tables, "intake_profile", "homeless", "value") == .suppressed)
        #expect(Self.value(tables, "intake_profile", "homeless", "percent") == .suppressed)
        #expect(Self.value(tables, "intake_profile", "homeless", "of") == .count(38))
        #expect(Self.value(tables, "intake_profile", "depressed_often", "value") == .count(19))
        #expect(Self.value(tables, "intake_profile", "depressed_often", "percent") == .percent(Proportion(19, of: 38)))
    }

    @Test("a percent whose denominator is held back is held back, while a zero numerator stays")
    func smallDenominator() {
        let tables = Self.released { t in
            t.connected = 40
            t.enrolled = 5
            t.newlyEnrolled = 0
            t.familyOfEnrolled = 0
        }
        #expect(Self.value(tables, "people", "enrolled", "value") == .suppressed)
        #expect(Self.value(tables, "people", "newly_enrolled", "value") == .count(0))
        #expect(Self.value(tables, "people", "newly_enrolled", "of") == .suppressed)
        #expect(Self.value(tables, "people", "newly_enrolled", "percent") == .suppressed)
    }

    @Test("statistics over 1 to 10 pairs, and McNemar's test when few changed answer, are held back")
    func statistics() {
        let tables = Self.released { t in
            t.outcomes = [
                ScaleTally(instrumentID: PromisGlobal10.id, scale: "mental", intakes: 12, pairs: [.init(before: 400, after: 450): 9]),
                ScaleTally(instrumentID: PromisGlobal10.id, scale: "physical", intakes: 40,
                           pairs: [.init(before: 400, after: 450): 20, .init(before: 420, after: 430): 20]),
                ScaleTally(instrumentID: ProgramProfile.id, scale: "homeless", intakes: 54,
                           pairs: [.init(before: 10, after: 10): 20, .init(before: 10, after: 0): 4, .init(before: 0, after: 0): 30]),
            ]
        }
        let mental = "\(PromisGlobal10.id).mental", physical = "\(PromisGlobal10.id).physical", homeless = "\(ProgramProfile.id).homeless"
        for column in ["paired", "at_intake", "at_follow_up", "change", "p_value", "effect_size"] {
            #expect(Self.value(tables, "outcomes", mental, column) == .suppressed, "\(column)")
        }
        #expect(Self.value(tables, "outcomes", mental, "test") == .label(.key("report.test.wilcoxon_signed_rank")))
        #expect(Self.value(tables, "outcomes", physical, "paired") == .count(40))
        if case .statistic(let p, _)? = Self.value(tables, "outcomes", physical, "p_value") { #expect(p.value != nil) } else { Issue.record("p held back") }
        // 4 went from yes to no: the p-value and the odds ratio rest on them.
        #expect(Self.value(tables, "outcomes", homeless, "p_value") == .suppressed)
        #expect(Self.value(tables, "outcomes", homeless, "effect_size") == .suppressed)
        #expect(Self.value(tables, "outcomes", homeless, "paired") == .count(54))
        // 24 yes at intake of 54 (30 said no) is shown; 20 at follow-up (34 no) too.
        #expect(Self.value(tables, "outcomes", homeless, "at_intake") == .percent(Proportion(24, of: 54)))
        #expect(tables.isSuppressed("outcomes", homeless, "p_value"))
        #expect(!tables.isSuppressed("outcomes", homeless, "at_intake"))
    }

    @Test("when few have no follow-up yet, the enrollments with an intake are held back, not the pairs the statistics rest on")
    func cheapestComplement() {
        let tables = Self.released { t in
            t.outcomes = [ScaleTally(instrumentID: PromisGlobal10.id, scale: "mental", intakes: 47,
                                     pairs: [.init(before: 400, after: 450): 20, .init(before: 420, after: 430): 20])]
        }
        let mental = "\(PromisGlobal10.id).mental"
        #expect(Self.value(tables, "outcomes", mental, "without_follow_up") == .suppressed)
        #expect(Self.value(tables, "outcomes", mental, "intakes") == .suppressed)
        #expect(Self.value(tables, "outcomes", mental, "paired") == .count(40))
        if case .statistic(let mean, _)? = Self.value(tables, "outcomes", mental, "at_intake") { #expect(mean.value == 41) } else { Issue.record("mean held back") }
    }

    /// What a reader can work out from the cells a public release shows, through the sums, written
    /// again here, apart from the rule, to check it.
    static func workedOut(_ tables: ProgramReportTables) -> Set<String> {
        var known = Set(tables.tables.flatMap { $0.rows.flatMap { $0.cells.filter { !$0.isSuppressed }.flatMap(\.shows) } })
        var changed = true
        while changed {
            changed = false
            for sum in tables.sums {
                let unknown = sum.members.filter { !known.contains($0) }
                if unknown.count == 1 { known.insert(unknown[0]); changed = true }
            }
        }
        return known
    }

    @Test("over many random reports, no small count can be worked out from what a public release shows, and no held-back cell keeps a value")
    func noSmallCountLeaks() {
        var rng = SeededGenerator(seed: 14)
        func small() -> Int { [0, 0, 1, 3, 7, 10, 11, 12, 25, 140][Int.random(in: 0..<10, using: &rng)] }
        var withHeld = 0
        for _ in 0..<300 {
            var t = ReportTally()
            t.enrolled = small(); t.familyOfEnrolled = small(); t.newlyEnrolled = min(t.enrolled, small())
            t.connected = t.enrolled + t.familyOfEnrolled + small()
            t.anonymousContacts = small()
            let answered = small()
            t.intake = ["homeless": .init(yes: min(answered, small()), answered: answered)]
            t.services = 0
            for type in ["peer_navigation", "assessment", "other"] {
                let n = small()
                t.servicesByType[type] = n
                t.services += n
            }
            t.servicesToEnrolled = min(t.services, small())
            t.servicesToFamily = min(t.services - t.servicesToEnrolled, small())
            t.peopleServed = min(t.services, small())
            for need in [ReferralNeed.housing, .health] {
                for status in [ReferralStatus.linked, .notLinked, .sent] { t.referrals.add(need: need, status: status, count: small()) }
            }
            t.outcomes = [ScaleTally(instrumentID: ProgramProfile.id, scale: "homeless", intakes: 200,
                                     pairs: [.init(before: 10, after: 10): small(), .init(before: 10, after: 0): small(),
                                             .init(before: 0, after: 10): small(), .init(before: 0, after: 0): small()])]
            let tables = ReportSuppression.apply(ProgramReportTables(ProgramReport(period: .fiscalYear(starting: 2023), tally: t)))
            let leaked = Self.workedOut(tables).filter { ReportSuppression.isSmall(tables.counts[$0] ?? 0) }
            #expect(leaked.isEmpty, "worked out: \(leaked.sorted())")
            for table in tables.tables {
                for row in table.rows {
                    for cell in row.cells where cell.shows.contains(where: tables.suppressedCounts.contains) {
                        #expect(cell.isSuppressed, "\(table.id) \(row.id)")
                    }
                    for cell in row.cells {
                        if case .count(let n) = cell.value { #expect(!ReportSuppression.isSmall(n), "\(table.id) \(row.id) shows \(n)") }
                    }
                }
            }
            if !tables.suppressedCounts.isEmpty { withHeld += 1 }
        }
        #expect(withHeld > 100)
    }
}
