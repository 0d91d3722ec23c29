import Foundation
import PeerwayCore
import PeerwayStore

/// A referral's page: where the person was sent, where the loop stands, every step, and what to do next.
struct ReferralView: PageView {
    struct Step: Encodable, Sendable { var status, when, entered, by: String; var reason, note: String? }
    var personName, personLink, resourceName, need, urgency, handoff, status, madeOn, madeBy: String
    var organizationName, phone, phoneLink, address, followUp, note: String?
    var open, overdue, mayUpdate: Bool
    var steps: [Step]
    var statusLink, slipLink: String
    var notice: String?
}

/// The open referrals waiting for an outcome, oldest follow-up first.
struct ReferralWaitingView: PageView {
    struct Row: Encodable, Sendable {
        var name, link, resource, need, status, age, followUp, updateLink: String
        var overdue: Bool
    }
    var rows: [Row]
    /// The list stops at `ReferralPages.waitingLimit`; the page then says so.
    var more: String?
    var programWide, mayProgram: Bool
    var mineLink, programLink, measuresLink: String
}

/// The linkage measures over a period: what each figure counts, and referrals by need as a bar chart.
struct ReferralMeasuresView: PageView {
    struct Need: Encodable, Sendable { var need, made, linked, outcomes, rate: String }
    /// One need's row of the chart: its name on a line, the bar under it, the count after the bar.
    struct Bar: Encodable, Sendable { var label, count: String; var labelY, barY, width, countX, countY: Int }
    var from, to, scope: String
    var made, open, linked, outcomes, rate, median: String
    var needs: [Need]
    var bars: [Bar]
    var chartHeight: Int
    var mayProgram: Bool
    var errors: [String: String] = [:]
    var summary: String?
    var action: String
}

/// The slip a person takes away: where to go, how to reach them, what to bring, in their language.
struct ReferralSlipView: PageView {
    var personName, resourceName, need, madeOn, madeBy: String
    var organizationName, phone, address, note: String?
    var hours, languages: String?
    var documents: [String] = []
    var backLink: String
    /// The same slip in the other language Peerway speaks, named in that language.
    var otherLanguageLink, otherLanguage, otherLanguageCode: String
}

/// Referral lines on a person's record.
struct ReferralLine: Encodable, Sendable {
    var resource, need, status, madeOn, link: String
    var open: Bool
}

extension ReferralView {
    init(_ detail: Referrals.Detail, mayUpdate: Bool, today: CalendarDate, zone: TimeZone, _ l: Localizer, _ locale: String) {
        let r = detail.referral
        func when(_ date: Date) -> String {
            l.date(CalendarDate(date, in: zone), locale) + " " + PersonForm.localDateTime(date, zone: zone).suffix(5)
        }
        personName = detail.person.displayName
        personLink = ParticipantRoutes.record(detail.person.id)
        resourceName = r.resource.name
        organizationName = r.resource.organizationName.nonEmpty
        phone = r.resource.phone.nonEmpty
        phoneLink = r.resource.phone.nonEmpty.map { "tel:" + $0.filter { $0.isNumber || $0 == "+" } }
        address = r.resource.address.nonEmpty
        need = l.text(r.need.labelKey, locale)
        urgency = l.text(r.urgency.labelKey, locale)
        handoff = l.text(r.handoff.labelKey, locale)
        status = l.text(r.status.labelKey, locale)
        madeOn = when(r.madeAt)
        madeBy = detail.staffNames[r.madeBy] ?? ""
        followUp = r.followUpOn.map { l.date($0, locale) }
        overdue = r.followUpOn.map { $0 < today } ?? false
        note = r.note.nonEmpty
        open = !r.status.isOutcome
        self.mayUpdate = mayUpdate && open
        steps = detail.changes.reversed().map { c in
            Step(status: l.text(c.to.labelKey, locale), when: when(c.occurredAt), entered: when(c.recordedAt), by: detail.staffNames[c.by] ?? "",
                 reason: c.reason.map { l.text($0.labelKey, locale) }, note: c.note.nonEmpty)
        }
        statusLink = ReferralRoutes.status(r.id)
        slipLink = ReferralRoutes.slip(r.id)
    }
}

extension ReferralMeasuresView {
    /// Height of one need's row in the chart, in its 320-wide view box (readable on a phone).
    static let rowHeight = 40

    /// Bars of referrals made by need, drawn on the server: one row per need, largest first.
    static func bars(_ measures: ReferralMeasures, _ l: Localizer, _ locale: String) -> [Bar] {
        let largest = max(measures.byNeed.map(\.made).max() ?? 0, 1)
        return measures.byNeed.enumerated().map { i, n in
            let width = max(2, n.made * 250 / largest)
            return Bar(label: l.text(n.need.labelKey, locale), count: l.count(n.made, locale), labelY: i * rowHeight + 14,
                       barY: i * rowHeight + 19, width: width, countX: width + 6, countY: i * rowHeight + 31)
        }
    }
}

extension String {
    /// Nil for a string with nothing but spaces, so a template leaves out an empty line.
    var nonEmpty: String? { trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : self }
}
