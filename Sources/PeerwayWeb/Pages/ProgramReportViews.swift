import Foundation
import PeerwayCore
import PeerwayStore

/// The program report page: the choice of programs, period and public release, then the report in
/// sections (seed 001's Next Steps section is the model), each with its headline figures, charts and
/// tables, every one built from `ProgramReportTables`.
struct ProgramReportView: PageView {
    struct Choice: Encodable, Sendable { var id, value, label: String; var checked: Bool }
    /// A headline figure: the number in large type, what it counts, and of whom.
    struct Card: Encodable, Sendable { var big, caption: String; var detail: String?; var suppressed: Bool }
    struct Cell: Encodable, Sendable {
        var text, column: String
        var main, numeric, blank, suppressed: Bool
    }
    struct Row: Encodable, Sendable { var cells: [Cell] }
    struct Column: Encodable, Sendable { var title: String; var numeric: Bool }
    struct Table: Encodable, Sendable { var id, title, note: String; var columns: [Column]; var rows: [Row] }
    struct Section: Encodable, Sendable {
        var id, title: String
        var cards: [Card] = []
        var lines: [String] = []
        var charts: [ReportChart] = []
        var tables: [Table] = []
    }
    struct Report: Encodable, Sendable {
        var heading, period: String
        var publicNote: String?
        var csvLink: String
        var sections: [Section]
    }

    var choices: [Choice]
    var from, to: String
    var publicRelease: Bool
    var errors: [String: String] = [:]
    var summary: String?
    var action = ReportRoutes.report()
    var report: Report?
}

/// A horizontal bar chart drawn on the server as SVG coordinates in a 320-wide view box, so it scales to
/// a phone's width, needs no script and prints. Its `desc` says every number it draws, and the table
/// after it holds them too.
struct ReportChart: Encodable, Sendable {
    struct Line: Encodable, Sendable { var text: String; var y: Int }
    struct Bar: Encodable, Sendable { var y, width, height, textX, textY: Int; var text: String; var second: Bool }
    struct Item: Encodable, Sendable { var lines: [Line]; var bars: [Bar] }
    struct Legend: Encodable, Sendable { var label: String; var second: Bool }
    var id, title, desc: String
    var height: Int
    var items: [Item]
    var legend: [Legend] = []

    /// One value of an item: its share of the longest bar (nil: no bar, only its words) and its words.
    struct Value { var fraction: Double?; var text: String }

    static let width = 320, lineHeight = 16, barHeight = 14, pairedBarHeight = 12, gap = 12
    /// Longest label line, in characters, that fits the view box at the chart's type size.
    static let lineLength = 42
    /// The widest a character of a value's words is drawn (12 px type), so the longest bar leaves room for them.
    static let characterWidth = 6.8

    init(id: String, title: String, desc: String, items: [(label: String, values: [Value])], legend: [Legend] = []) {
        self.id = id
        self.title = title
        self.desc = desc
        self.legend = legend
        // The bars take what the longest value's words leave of the width.
        let longest = items.flatMap { $0.values.map(\.text.count) }.max() ?? 0
        let barSpace = Double(min(220, max(100, Self.width - 8 - Int(Double(longest) * Self.characterWidth))))
        var y = 0
        var drawn: [Item] = []
        for (label, values) in items {
            let lines = Self.wrap(label).map { text -> Line in y += Self.lineHeight; return Line(text: text, y: y - 4) }
            y += 3
            let height = values.count > 1 ? Self.pairedBarHeight : Self.barHeight
            let bars = values.enumerated().map { index, value -> Bar in
                let width = value.fraction.map { $0 > 0 ? max(2, Int(($0 * barSpace).rounded())) : 0 } ?? 0
                defer { y += height + 3 }
                return Bar(y: y, width: width, height: height, textX: width + (width > 0 ? 6 : 0), textY: y + height - 2, text: value.text, second: index % 2 == 1)
            }
            y += Self.gap
            drawn.append(Item(lines: lines, bars: bars))
        }
        self.items = drawn
        height = max(y, Self.lineHeight)
    }

    /// A label in lines of at most `lineLength` characters, broken between words.
    static func wrap(_ text: String) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > lineLength {
                lines.append(line)
                line = String(word)
            } else {
                line += line.isEmpty ? String(word) : " " + word
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.isEmpty ? [""] : lines
    }
}

/// How the report's cells read on the page and in the CSV, in the reader's language: numbers with the
/// locale's separators, labels from the catalogue, a program's own service types by its catalogue, an
/// instrument's scale by the instrument.
struct ReportWords {
    let l: Localizer
    let locale: String
    let catalogs: [ServiceCatalog]

    func text(_ key: String) -> String { l.text(key, locale) }

    func label(_ label: ReportLabel) -> String {
        switch label {
        case .key(let key):
            return l.text(key, locale)
        case .serviceType(let code):
            let catalog = catalogs.first { $0.entries.contains { $0.kind == .serviceType && $0.code == code } }
            return ServiceLabels.text(.serviceType, code, in: catalog, l, locale)
        case .scale(let instrumentID, let scaleID):
            guard let instrument = InstrumentCatalog.instrument(instrumentID), let scale = instrument.scale(scaleID) else { return scaleID }
            // The program's own questions read alone; another instrument's scale is named with it ("MORS: Milestone").
            if instrumentID == ProgramProfile.id { return scale.name.text(locale) }
            return l.format("report.scale_of_instrument", locale, ["instrument": instrument.name.text(locale), "scale": scale.name.text(locale)])
        }
    }

    func number(_ value: Double, _ style: ReportNumberStyle) -> String {
        /// A change reads with its sign, unless it rounds to nothing (never "-0.0").
        func signed(_ places: Int) -> String {
            let text = l.decimal(value, digits: places, locale)
            // As the formatter rounded it: no digit but zeros is no change.
            if !text.contains(where: { ("1"..."9").contains($0) }) { return l.decimal(0, digits: places, locale) }
            return value > 0 ? "+" + text : text
        }
        switch style {
        case .decimals(let places):
            return l.decimal(value, digits: places, locale)
        case .signed(let places):
            return signed(places)
        case .pValue:
            return value < 0.001 ? l.format("report.p_below", locale, ["p": l.decimal(0.001, digits: 3, locale)]) : l.decimal(value, digits: 3, locale)
        case .percentPoints:
            return l.format("report.points", locale, ["points": signed(1)])
        }
    }

    func percent(_ value: Double) -> String { l.format("report.percent", locale, ["percent": l.decimal(value, digits: 1, locale)]) }

    func text(_ value: ReportValue) -> String {
        switch value {
        case .label(let label): return self.label(label)
        case .count(let n): return l.count(n, locale)
        case .percent(let p): return p.percent.map(percent) ?? text("report.no_data")
        case .number(let v, let style): return v.map { number($0, style) } ?? text("report.no_data")
        case .statistic(let s, let style): return s.value.map { number($0, style) } ?? s.gap.map { text("report.gap.\($0.rawValue)") } ?? ""
        case .suppressed: return text("report.suppressed")
        case .empty: return ""
        }
    }

    func table(_ table: ReportTable) -> ProgramReportView.Table {
        let columns = table.columnKeys.map(text)
        // A column of numbers is headed on the right, over its numbers.
        let numeric = table.columns.indices.map { index in
            table.rows.contains { row in
                switch row.cells[index].value {
                case .count, .percent, .number, .statistic: true
                default: false
                }
            }
        }
        return .init(id: table.id, title: text(table.titleKey), note: text(table.noteKey),
                     columns: zip(columns, numeric).map { .init(title: $0, numeric: $1) }, rows: table.rows.map { row in
            .init(cells: zip(row.cells, columns).enumerated().map { index, pair in
                let (cell, column) = pair
                var numeric = false
                switch cell.value {
                case .count, .percent, .number, .statistic, .suppressed: numeric = true
                default: break
                }
                return .init(text: text(cell.value), column: column, main: index == 0, numeric: numeric, blank: cell.value == .empty,
                             suppressed: cell.isSuppressed)
            })
        })
    }

    /// A figure row as a headline: the percent when it is a share, else the number; what it counts; and
    /// "12 of 38 enrolled participants with an intake answer".
    func card(_ table: ReportTable?, _ rowID: String) -> ProgramReportView.Card? {
        guard let table, let row = table.row(rowID), row.cells.count >= 5 else { return nil }
        let (label, value, of, share, base) = (row.cells[0].value, row.cells[1], row.cells[2], row.cells[3], row.cells[4].value)
        let big = share.value == .empty ? value : share
        var detail: String?
        if of.value != .empty, !of.isSuppressed {
            let baseText = text(base)
            detail = value.isSuppressed ? l.format("report.out_of", locale, ["total": text(of.value), "base": baseText])
                : l.format("report.of_base", locale, ["count": text(value.value), "total": text(of.value), "base": baseText])
        } else if share.value == .empty, case .label = base {
            detail = text(base)
        }
        // A figure's card says it in few words ("People connected"); its row in the table says it in full.
        var caption = text(label)
        if case .label(.key(let key)) = label, key.hasPrefix("report.figure.") {
            caption = text("report.headline." + key.dropFirst("report.figure.".count))
        }
        return .init(big: text(big.value), caption: caption, detail: detail, suppressed: big.isSuppressed)
    }
}

extension ProgramReportView {
    /// The report's sections from its tables (suppressed already, for a public release).
    static func sections(_ tables: ProgramReportTables, _ w: ReportWords) -> [Section] {
        func table(_ id: String) -> ReportTable? { tables.table(id) }
        func cards(_ id: String, _ rows: [String]) -> [Card] { rows.compactMap { w.card(table(id), $0) } }
        func tablesOf(_ ids: String...) -> [Table] { ids.compactMap { table($0).map(w.table) } }

        var reached = Section(id: "reached", title: w.text("report.section.reached"))
        reached.cards = cards("people", ["connected", "enrolled", "family_of_enrolled"])
        reached.tables = tablesOf("people")

        var intake = Section(id: "intake", title: w.text("report.section.intake"))
        intake.cards = cards("intake_profile", table("intake_profile")?.rows.map(\.id).filter { $0 != "enrollments_with_intake" } ?? [])
        intake.tables = tablesOf("intake_profile")

        var followUp = Section(id: "follow-up", title: w.text("report.section.follow_up"))
        followUp.cards = cards("follow_up_profile", table("follow_up_profile")?.rows.map(\.id) ?? [])
        followUp.tables = tablesOf("follow_up_profile")

        var services = Section(id: "services", title: w.text("report.section.services"))
        services.cards = cards("services", ["given", "people_served", "per_person_served"])
        let types = table("services_by_type")?.rows ?? []
        let frequent = types.prefix(4).filter { !$0.cells[3].isSuppressed }.map {
            w.l.format("report.type_share", w.locale, ["type": w.text($0.cells[0].value), "percent": w.text($0.cells[3].value)])
        }
        if !frequent.isEmpty { services.lines = [w.l.format("report.most_frequent", w.locale, ["types": frequent.joined(separator: ", ")])] }
        if !types.isEmpty {
            services.charts = [countChart(types, w, id: "chart-service-mix", titleKey: "report.chart.service_mix", valueKey: "report.chart.count_share",
                                          names: ("count", "percent"), column: 3)]
        }
        services.tables = tablesOf("services", "services_by_type")

        var referrals = Section(id: "referrals", title: w.text("report.section.referrals"))
        referrals.cards = cards("referrals", ["made", "linked_of_made", "linked_of_outcomes", "median_days_to_linkage"])
        let needs = table("referrals_by_need")?.rows ?? []
        if !needs.isEmpty {
            referrals.charts = [countChart(needs, w, id: "chart-referral-needs", titleKey: "report.chart.referral_needs",
                                           valueKey: "report.chart.need_value", names: ("made", "rate"), column: 4)]
        }
        referrals.tables = tablesOf("referrals", "referrals_by_need")

        var outcomes = Section(id: "outcomes", title: w.text("report.section.outcomes"))
        outcomes.lines = [w.text("report.outcomes_intro")]
        let yesNo = table("outcomes")?.rows.filter { row in
            if case .label(.key(let key)) = row.cells[7].value { return key.hasPrefix("report.test.mcnemar") }
            return false
        } ?? []
        if !yesNo.isEmpty { outcomes.charts = [yesNoChart(yesNo, w)] }
        outcomes.tables = tablesOf("outcomes")

        var readmissions = Section(id: "readmissions", title: w.text("report.section.readmissions"))
        readmissions.cards = cards("readmissions", ["discharges", "readmitted_30", "readmitted_90"])
        readmissions.tables = tablesOf("readmissions")

        var sf = Section(id: "sf-outcomes", title: w.text("report.section.sf_outcomes"))
        sf.tables = tablesOf("sf_outcomes")

        return [reached, intake, followUp, services, referrals, outcomes, readmissions, sf]
    }

    /// A row's value as a bar: its count over the largest count, or no bar when it is held back.
    static func fraction(_ cell: ReportCell, of largest: Int) -> Double? {
        guard case .count(let n) = cell.value else { return nil }
        return Double(n) / Double(max(largest, 1))
    }

    static func largest(_ rows: [ReportRow], _ column: Int) -> Int {
        rows.compactMap { if case .count(let n) = $0.cells[column].value { n } else { nil } }.max() ?? 0
    }

    /// A bar for each row's count (column 1), said with a second figure of the row: the service mix (services
    /// of each type, as a share of all services given), referrals made for each need (the linkage rate beside each bar).
    static func countChart(_ rows: [ReportRow], _ w: ReportWords, id: String, titleKey: String, valueKey: String,
                           names: (count: String, other: String), column: Int) -> ReportChart {
        let top = largest(rows, 1)
        let items = rows.map { row -> (label: String, values: [ReportChart.Value]) in
            let text = row.cells[1].isSuppressed ? w.text(.suppressed)
                : w.l.format(valueKey, w.locale, [names.count: w.text(row.cells[1].value), names.other: w.text(row.cells[column].value)])
            return (w.text(row.cells[0].value), [.init(fraction: fraction(row.cells[1], of: top), text: text)])
        }
        return ReportChart(id: id, title: w.text(titleKey), desc: describe(items, w), items: items)
    }

    /// Each yes/no item's share answering yes at intake and at the latest follow-up, side by side.
    static func yesNoChart(_ rows: [ReportRow], _ w: ReportWords) -> ReportChart {
        let items = rows.map { row -> (label: String, values: [ReportChart.Value]) in
            func value(_ cell: ReportCell, _ key: String) -> ReportChart.Value {
                var fraction: Double?
                if case .percent(let p) = cell.value { fraction = p.percent.map { $0 / 100 } }
                return .init(fraction: fraction, text: w.l.format(key, w.locale, ["value": w.text(cell.value)]))
            }
            return (w.text(row.cells[0].value), [value(row.cells[4], "report.chart.at_intake"), value(row.cells[5], "report.chart.at_follow_up")])
        }
        return ReportChart(id: "chart-yes-no", title: w.text("report.chart.yes_no"), desc: describe(items, w), items: items,
                           legend: [.init(label: w.text("report.column.at_intake"), second: false),
                                    .init(label: w.text("report.column.at_follow_up"), second: true)])
    }

    /// The chart in words, every number it draws: its text alternative.
    static func describe(_ items: [(label: String, values: [ReportChart.Value])], _ w: ReportWords) -> String {
        items.map { w.l.format("report.chart.item", w.locale, ["label": $0.label, "values": $0.values.map(\.text).joined(separator: ", ")]) }
            .joined(separator: " ")
    }
}
