import Foundation

/// How a report cell names something: a sentence of the catalogue, a service type (a program's own type
/// is named by its catalogue), or an instrument's scale (whose names ship with the instrument).
public enum ReportLabel: Sendable, Hashable {
    case key(String)
    case serviceType(String)
    case scale(instrumentID: String, scaleID: String)
}

/// How a worked-out number reads.
public enum ReportNumberStyle: Sendable, Hashable {
    case decimals(Int)
    /// A change, with its sign: "+1.5".
    case signed(Int)
    /// Three decimals, "< 0.001" below that.
    case pValue
    /// A difference of two percents, in percentage points.
    case percentPoints
}

public enum ReportValue: Sendable, Equatable {
    case label(ReportLabel)
    case count(Int)
    /// Numerator of denominator, read as a percent; "no data" when the denominator is 0.
    case percent(Proportion)
    /// Worked out from counts (services per person, median days); nil when there is nothing to work it out from.
    case number(Double?, ReportNumberStyle)
    /// A statistic, or the reason it has none.
    case statistic(StatisticValue, ReportNumberStyle)
    /// Held back in a public release (`ReportSuppression`).
    case suppressed
    /// Nothing applies here (a plain count has no denominator).
    case empty
}

/// One cell, and the counts it gives away: public release holds it back when any of them is held back.
public struct ReportCell: Sendable, Equatable {
    public var value: ReportValue
    /// The counts a reader learns from the cell, by name: a count itself, a percent's numerator and denominator.
    public var shows: [String]
    /// The counts it was worked out from without showing them: a mean's pairs, a test's discordant pairs.
    public var basis: [String]

    public init(_ value: ReportValue, shows: [String] = [], basis: [String] = []) {
        self.value = value
        self.shows = shows
        self.basis = basis
    }

    public var isSuppressed: Bool { value == .suppressed }
}

public struct ReportRow: Sendable, Equatable {
    /// Stable across periods and languages (a figure's name, a need's or a type's code).
    public var id: String
    public var cells: [ReportCell]
}

public struct ReportTable: Sendable, Equatable {
    /// Stable, snake_case: the CSV's `table` column and the page's anchors.
    public var id: String
    /// Column ids; the first column names the row.
    public var columns: [String]
    public var rows: [ReportRow]

    public var titleKey: String { "report.table.\(id)" }
    /// What the table counts, in a sentence under its title.
    public var noteKey: String { "report.table.\(id)_note" }
    public var columnKeys: [String] { columns.map { "report.column.\($0)" } }

    public func row(_ id: String) -> ReportRow? { rows.first { $0.id == id } }

    public func cell(_ row: String, _ column: String) -> ReportCell? {
        guard let index = columns.firstIndex(of: column), let found = self.row(row), index < found.cells.count else { return nil }
        return found.cells[index]
    }
}

/// A count that is the sum of others (connected = enrolled + family + others): knowing all but one of
/// them gives the last away, which is what complementary suppression guards against.
public struct ReportSum: Sendable, Equatable {
    public var total: String
    public var parts: [String]

    public init(total: String, parts: [String]) {
        self.total = total
        self.parts = parts
    }

    public var members: [String] { parts + [total] }
}

/// The program report as named tables: the one source of the page's tables, its headline figures and
/// charts, the CSV, and (through `isSuppressed`) the JSON's public release. Every figure row says what it
/// counts, its numerator and denominator and who is in the denominator ("homeless: 12 of 38 enrolled
/// participants with an intake answer"); an empty report is zeros and "no data", never a division by zero.
///
/// Besides the cells, the tables keep every count they show or imply by name (`counts`) and the sums
/// among them (`sums`), so `ReportSuppression` can tell which counts a reader could work out.
public struct ProgramReportTables: Sendable, Equatable {
    public var tables: [ReportTable]
    /// Every count by name: those the cells show and those a reader could work out (a share's "no"
    /// answers, referrals without an outcome), which are never shown.
    public var counts: [String: Int]
    public var sums: [ReportSum]
    /// The counts held back (empty unless `ReportSuppression.apply` made these tables).
    public var suppressedCounts: Set<String> = []
    public var publicRelease = false

    public static let figureColumns = ["figure", "value", "of", "percent", "base"]
    public static let needColumns = ["need", "made", "linked", "with_outcome", "linkage_rate"]
    public static let outcomeColumns = ["measure", "intakes", "paired", "without_follow_up", "at_intake", "at_follow_up", "change", "test",
                                        "p_value", "effect_size", "effect_measure"]

    public func table(_ id: String) -> ReportTable? { tables.first { $0.id == id } }

    /// Whether a figure is held back: the JSON asks here, so it suppresses exactly what the page does.
    public func isSuppressed(_ table: String, _ row: String, _ column: String) -> Bool {
        self.table(table)?.cell(row, column)?.isSuppressed ?? false
    }

    public init(_ report: ProgramReport) {
        var b = Builder()
        let withIntake = b.count("intake.enrollments", report.enrollmentsWithIntake)
        tables = [
            b.people(report.people),
            b.profile("intake_profile", report.intakeProfile, answered: "intake", base: "report.base.intake_answered",
                      extra: [b.figure("enrollments_with_intake", withIntake)]),
            b.profile("follow_up_profile", report.followUpProfile, answered: "follow_up", base: "report.base.follow_up_answered"),
            b.services(report.services),
            b.servicesByType(report.services),
            b.referrals(report.referrals),
            b.referralsByNeed(report.referrals),
            b.outcomes(report.outcomes),
            b.readmissions(report.readmissions),
            b.sfOutcomes(report.sfOutcomes),
        ]
        counts = b.counts
        sums = b.sums
    }

    /// Builds the tables, recording each count by name and each sum that holds among them.
    struct Builder {
        var counts: [String: Int] = [:]
        var sums: [ReportSum] = []

        mutating func count(_ name: String, _ value: Int) -> ReportCell {
            counts[name] = value
            return ReportCell(.count(value), shows: [name])
        }

        /// A share, and the count it leaves (the "no" answers): a reader works it out from the two shown.
        mutating func percent(_ p: Proportion, _ numerator: String, _ denominator: String) -> ReportCell {
            counts[numerator] = p.numerator
            counts[denominator] = p.denominator
            let rest = "\(denominator)-\(numerator)"
            counts[rest] = p.denominator - p.numerator
            sum(denominator, [numerator, rest])
            return ReportCell(.percent(p), shows: [numerator, denominator])
        }

        /// Declared only when it holds: a sum clamped at zero gives nothing away.
        mutating func sum(_ total: String, _ parts: [String]) {
            guard let value = counts[total], parts.allSatisfy({ counts[$0] != nil }),
                  parts.reduce(0, { $0 + counts[$1]! }) == value, !sums.contains(ReportSum(total: total, parts: parts)) else { return }
            sums.append(ReportSum(total: total, parts: parts))
        }

        func figure(_ id: String, _ value: ReportCell, label: ReportLabel? = nil, of: ReportCell = ReportCell(.empty),
                    percent: ReportCell = ReportCell(.empty), base: String? = nil) -> ReportRow {
            ReportRow(id: id, cells: [ReportCell(.label(label ?? .key("report.figure.\(id)"))), value, of, percent,
                                      ReportCell(base.map { .label(.key($0)) } ?? .empty)])
        }

        /// A figure that is a share: its count, what it is out of, the percent and who they are.
        mutating func share(_ id: String, _ p: Proportion, _ numerator: String, _ denominator: String, base: String,
                            label: ReportLabel? = nil) -> ReportRow {
            let cell = percent(p, numerator, denominator)
            return figure(id, count(numerator, p.numerator), label: label, of: count(denominator, p.denominator), percent: cell, base: base)
        }

        mutating func people(_ p: ProgramReport.People) -> ReportTable {
            let rows = [
                figure("connected", count("people.connected", p.connected)),
                share("enrolled", Proportion(p.enrolled, of: p.connected), "people.enrolled", "people.connected", base: "report.base.connected"),
                share("newly_enrolled", Proportion(p.newlyEnrolled, of: p.enrolled), "people.newly_enrolled", "people.enrolled",
                      base: "report.base.enrolled"),
                share("family_of_enrolled", Proportion(p.familyOfEnrolled, of: p.connected), "people.family", "people.connected",
                      base: "report.base.connected"),
                share("others_connected", Proportion(p.othersConnected, of: p.connected), "people.others", "people.connected",
                      base: "report.base.connected"),
                figure("anonymous_contacts", count("people.anonymous_contacts", p.anonymousContacts)),
            ]
            sum("people.connected", ["people.enrolled", "people.family", "people.others"])
            return ReportTable(id: "people", columns: ProgramReportTables.figureColumns, rows: rows)
        }

        mutating func profile(_ id: String, _ indicators: [ProgramReport.Indicator], answered: String, base: String,
                              extra: [ReportRow] = []) -> ReportTable {
            let rows = indicators.map { i in
                share(i.scale, i.proportion, "\(answered).\(i.scale).yes", "\(answered).\(i.scale).answered", base: base,
                      label: .scale(instrumentID: ProgramProfile.id, scaleID: i.scale))
            }
            return ReportTable(id: id, columns: ProgramReportTables.figureColumns, rows: rows + extra)
        }

        mutating func services(_ s: ProgramReport.Services) -> ReportTable {
            let given = "services.given", served = "services.people_served"
            let rows = [
                figure("given", count(given, s.given)),
                figure("people_served", count(served, s.peopleServed)),
                figure("per_person_served", ReportCell(.number(s.perPersonServed, .decimals(1)), basis: [given, served]),
                       base: "report.base.per_person"),
                share("to_enrolled", Proportion(s.toEnrolled, of: s.given), "services.to_enrolled", given, base: "report.base.services_given"),
                share("to_family", Proportion(s.toFamily, of: s.given), "services.to_family", given, base: "report.base.services_given"),
                share("to_others", Proportion(s.toOthers, of: s.given), "services.to_others", given, base: "report.base.services_given"),
                figure("drafts", count("services.drafts", s.drafts)),
            ]
            sum(given, ["services.to_enrolled", "services.to_family", "services.to_others"])
            return ReportTable(id: "services", columns: ProgramReportTables.figureColumns, rows: rows)
        }

        mutating func servicesByType(_ s: ProgramReport.Services) -> ReportTable {
            let rows = s.byType.map { share in
                self.share(share.code, Proportion(share.count, of: s.given), "services.type.\(share.code)", "services.given",
                           base: "report.base.services_given", label: .serviceType(share.code))
            }
            sum("services.given", s.byType.map { "services.type.\($0.code)" })
            return ReportTable(id: "services_by_type", columns: ProgramReportTables.figureColumns, rows: rows)
        }

        mutating func referrals(_ r: ProgramReport.Referrals) -> ReportTable {
            let made = "referrals.made", outcomes = "referrals.with_outcome", linked = "referrals.linked"
            let rows = [
                figure("made", count(made, r.made)),
                share("open", Proportion(r.open, of: r.made), "referrals.open", made, base: "report.base.referrals_made"),
                share("with_outcome", Proportion(r.linkedOfOutcomes.denominator, of: r.made), outcomes, made, base: "report.base.referrals_made"),
                share("linked_of_made", r.linkedOfMade, linked, made, base: "report.base.referrals_made"),
                share("linked_of_outcomes", r.linkedOfOutcomes, linked, outcomes, base: "report.base.referrals_with_outcome"),
                figure("median_days_to_linkage", ReportCell(.number(r.medianDaysToLinkage, .decimals(1)), basis: [linked]),
                       base: "report.base.linked"),
            ]
            sum(made, ["referrals.open", outcomes])
            return ReportTable(id: "referrals", columns: ProgramReportTables.figureColumns, rows: rows)
        }

        mutating func referralsByNeed(_ r: ProgramReport.Referrals) -> ReportTable {
            let rows = r.byNeed.map { n in
                let name = "referrals.need.\(n.need.rawValue)"
                let rate = percent(n.linkage, "\(name).linked", "\(name).with_outcome")
                let made = count("\(name).made", n.made)
                counts["\(name).open"] = n.made - n.linkage.denominator
                sum("\(name).made", ["\(name).with_outcome", "\(name).open"])
                return ReportRow(id: n.need.rawValue, cells: [
                    ReportCell(.label(.key(n.need.labelKey))), made, count("\(name).linked", n.linkage.numerator),
                    count("\(name).with_outcome", n.linkage.denominator), rate,
                ])
            }
            let needs = r.byNeed.map { "referrals.need.\($0.need.rawValue)" }
            sum("referrals.made", needs.map { "\($0).made" })
            sum("referrals.linked", needs.map { "\($0).linked" })
            sum("referrals.with_outcome", needs.map { "\($0).with_outcome" })
            return ReportTable(id: "referrals_by_need", columns: ProgramReportTables.needColumns, rows: rows)
        }

        mutating func outcomes(_ outcomes: [ProgramReport.ScaleOutcome]) -> ReportTable {
            let rows = outcomes.map { o -> ReportRow in
                let name = "outcome.\(o.instrumentID).\(o.scale)"
                let paired = "\(name).paired"
                var cells = [ReportCell(.label(.scale(instrumentID: o.instrumentID, scaleID: o.scale))), count("\(name).intakes", o.intakes),
                             count(paired, o.paired), count("\(name).without_follow_up", o.withoutFollowUp)]
                sum("\(name).intakes", [paired, "\(name).without_follow_up"])
                if let yesNo = o.yesNo {
                    cells += comparison(yesNo, name, pairs: paired)
                } else if let score = o.score {
                    let over = [paired]
                    cells += [
                        ReportCell(.statistic(score.meanBefore, .decimals(1)), basis: over),
                        ReportCell(.statistic(score.meanAfter, .decimals(1)), basis: over),
                        ReportCell(.statistic(score.meanDifference, .signed(1)), basis: over),
                        ReportCell(.label(.key("report.test.\(score.choice.test.rawValue)"))),
                        ReportCell(.statistic(score.p, .pValue), basis: over),
                        ReportCell(.statistic(score.effectSize, .decimals(2)), basis: over),
                        ReportCell(.label(.key(score.choice.test == .pairedT ? "report.effect.cohens_dz" : "report.effect.rank_biserial"))),
                    ]
                } else {
                    cells += Array(repeating: ReportCell(.empty), count: 7)
                }
                return ReportRow(id: "\(o.instrumentID).\(o.scale)", cells: cells)
            }
            return ReportTable(id: "outcomes", columns: ProgramReportTables.outcomeColumns, rows: rows)
        }

        /// A yes/no item's intake and follow-up as shares of the pairs, the change in points and
        /// McNemar's test. The 2×2 counts are never shown, but the test and the odds ratio are worked
        /// out from those who changed answer (b and c), so they rest on them.
        mutating func comparison(_ c: PairedYesNoComparison, _ name: String, pairs n: String) -> [ReportCell] {
            let before = "\(name).yes_before", after = "\(name).yes_after"
            let a = "\(name).yes_yes", yesNo = "\(name).yes_no", noYes = "\(name).no_yes", d = "\(name).no_no"
            for (cell, value) in [(a, c.yesYes), (yesNo, c.yesNo), (noYes, c.noYes), (d, c.noNo)] { counts[cell] = value }
            let atIntake = percent(Proportion(c.yesYes + c.yesNo, of: c.n), before, n)
            let atFollowUp = percent(Proportion(c.yesYes + c.noYes, of: c.n), after, n)
            sum(n, [a, yesNo, noYes, d])
            sum(before, [a, yesNo])
            sum(after, [a, noYes])
            let change: Double? = c.n > 0 ? Double(c.noYes - c.yesNo) * 100 / Double(c.n) : nil
            let discordant = [yesNo, noYes]
            return [
                atIntake, atFollowUp, ReportCell(.number(change, .percentPoints), basis: [before, after, n]),
                ReportCell(.label(.key(c.method == .exactBinomial ? "report.test.mcnemar_exact" : "report.test.mcnemar_chi_square"))),
                ReportCell(.statistic(c.p, .pValue), basis: discordant),
                ReportCell(.statistic(c.oddsRatio, .decimals(2)), basis: discordant),
                ReportCell(.label(.key("report.effect.odds_ratio"))),
            ]
        }

        mutating func readmissions(_ r: ProgramReport.Readmissions) -> ReportTable {
            let discharges = "readmissions.discharges", compared = "readmissions.enrollments_compared"
            func window(_ id: String, _ p: Proportion) -> ReportRow {
                share(id, p, "readmissions.\(id)", discharges, base: "report.base.discharges")
            }
            var rows = [
                figure("discharges", count(discharges, r.discharges)),
                window("readmitted_30", r.readmitted30), window("readmitted_90", r.readmitted90),
                window("emergency_30", r.emergency30), window("emergency_90", r.emergency90),
                figure("enrollments_compared", count(compared, r.enrollmentsCompared)),
                figure("events_before", count("readmissions.events_before", r.eventsBefore)),
                figure("events_during", count("readmissions.events_during", r.eventsDuring)),
            ]
            // Within 90 days includes within 30: the difference is a count a reader works out.
            for kind in ["readmitted", "emergency"] {
                let within30 = "readmissions.\(kind)_30", within90 = "readmissions.\(kind)_90", between = "readmissions.\(kind)_31_90"
                counts[between] = (counts[within90] ?? 0) - (counts[within30] ?? 0)
                sum(within90, [within30, between])
            }
            let any = comparison(r.anyEvent, "readmissions.any_event", pairs: compared)
            rows += [
                ReportRow(id: "any_event_before", cells: [ReportCell(.label(.key("report.figure.any_event_before"))),
                                                          count("readmissions.any_event.yes_before", r.anyEvent.yesYes + r.anyEvent.yesNo),
                                                          count(compared, r.anyEvent.n), any[0],
                                                          ReportCell(.label(.key("report.base.compared")))]),
                ReportRow(id: "any_event_during", cells: [ReportCell(.label(.key("report.figure.any_event_during"))),
                                                          count("readmissions.any_event.yes_after", r.anyEvent.yesYes + r.anyEvent.noYes),
                                                          count(compared, r.anyEvent.n), any[1],
                                                          ReportCell(.label(.key("report.base.compared")))]),
                ReportRow(id: "any_event_p_value", cells: [ReportCell(.label(.key("report.figure.any_event_p_value"))), any[4], ReportCell(.empty),
                                                           ReportCell(.empty), any[3]]),
                ReportRow(id: "any_event_odds_ratio", cells: [ReportCell(.label(.key("report.figure.any_event_odds_ratio"))), any[5],
                                                              ReportCell(.empty), ReportCell(.empty), any[6]]),
            ]
            return ReportTable(id: "readmissions", columns: ProgramReportTables.figureColumns, rows: rows)
        }

        /// Seed 000's eight outcomes: a figure where one is measured (the same counts as the profile's or the
        /// referrals' where it is one of theirs), otherwise why there is none.
        mutating func sfOutcomes(_ outcomes: [SFOutcome]) -> ReportTable {
            let rows = outcomes.map { o -> ReportRow in
                let id = o.key.rawValue, label = ReportLabel.key("report.sf.\(id)"), base = "report.sf_base.\(id)"
                guard o.status == .measured else {
                    return figure(id, ReportCell(.label(.key("report.sf_status.\(o.status.rawValue)"))), label: label, base: base)
                }
                guard let p = o.proportion else {
                    // Measured by its change alone, which the outcomes table gives.
                    return figure(id, ReportCell(.label(.key("report.sf_status.change_only"))), label: label, base: base)
                }
                let (numerator, denominator) = switch o.key {
                case .awareness: ("follow_up.knows_where_help.yes", "follow_up.knows_where_help.answered")
                case .accessAndLinkage: ("referrals.linked", "referrals.made")
                default: ("sf.\(id).yes", "sf.\(id).of")
                }
                return share(id, p, numerator, denominator, base: base, label: label)
            }
            return ReportTable(id: "sf_outcomes", columns: ProgramReportTables.figureColumns, rows: rows)
        }
    }
}

extension ReportValue {
    /// A number as a file holds it: digits and a decimal point, no grouping, a percent without its sign;
    /// nil for anything else (a label, "no data", a held-back cell), which a reader names in words.
    public var plain: String? {
        func fixed(_ value: Double, _ style: ReportNumberStyle) -> String {
            switch style {
            case .decimals(let places), .signed(let places): String(format: "%.\(places)f", value)
            case .percentPoints: String(format: "%.1f", value)
            // Four decimals keep a small p-value apart from zero; below that, scientific notation.
            case .pValue: value >= 0.0001 ? String(format: "%.4f", value) : String(format: "%.2e", value)
            }
        }
        switch self {
        case .count(let n): return String(n)
        case .percent(let p): return p.percent.map { String(format: "%.1f", $0) }
        case .number(let value, let style): return value.map { fixed($0, style) }
        case .statistic(let s, let style): return s.value.map { fixed($0, style) }
        case .label, .suppressed, .empty: return nil
        }
    }

    /// The catalogue key of the words that stand for a missing number: held back, or why there is none.
    public var missingKey: String? {
        switch self {
        case .suppressed: "report.suppressed"
        case .percent(let p) where p.denominator == 0: "report.no_data"
        case .number(nil, _): "report.no_data"
        case .statistic(let s, _): s.gap.map { "report.gap.\($0.rawValue)" }
        default: nil
        }
    }
}

extension ProgramReportTables {
    /// The CSV's columns: `table` and `row` (stable ids), `label` (what the row counts, in words), then
    /// each column any table has, by id, in the order the tables first use them.
    public var csvHeader: [String] {
        var header = ["table", "row", "label"]
        for column in tables.flatMap({ $0.columns.dropFirst() }) where !header.contains(column) { header.append(column) }
        return header
    }

    /// Every table's rows under `csvHeader`, one line per row, the columns a table lacks left empty.
    /// Numbers are plain (`ReportValue.plain`); labels and the words for a missing number come from the
    /// caller's catalogue (`words` for a key, `label` for any label).
    public func csvRows(words: (String) -> String, label: (ReportLabel) -> String) -> [[String]] {
        let header = csvHeader
        return tables.flatMap { table in
            table.rows.map { row in
                var line = Array(repeating: "", count: header.count)
                line[0] = table.id
                line[1] = row.id
                for (column, cell) in zip(table.columns, row.cells) {
                    let text: String
                    switch cell.value {
                    case .label(let l): text = label(l)
                    default: text = cell.value.plain ?? cell.value.missingKey.map(words) ?? ""
                    }
                    let index = column == table.columns.first ? 2 : header.firstIndex(of: column)!
                    line[index] = text
                }
                return line
            }
        }
    }
}
