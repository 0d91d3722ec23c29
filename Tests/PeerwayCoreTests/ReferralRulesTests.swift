import Foundation
import PeerwayCore
import Testing

/// The closed loop of a referral: which moves are allowed, dates, reasons, FHIR Task status, measures.
@Suite("Referral rules")
struct ReferralRulesTests {
    static let utc = TimeZone(identifier: "UTC")!
    /// Monday 2026-11-23, 15:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_795_446_000)
    static let today = CalendarDate(now, in: utc)
    static let day: TimeInterval = 86_400

    static func codes(_ body: () throws(ValidationErrors) -> Void) -> [String] {
        do { try body(); return [] } catch { return error.errors.map { "\($0.field ?? ""):\($0.code)" } }
    }

    static func referral(_ status: ReferralStatus = .proposed, at: Date = now.addingTimeInterval(-3 * day)) -> Referral {
        Referral(id: UUID(), organizationID: UUID(), programID: UUID(), personID: UUID(),
                 resource: ReferralResource(directoryServiceID: "svc-1", name: "Housing Navigation"), need: .housing,
                 urgency: .soon, handoff: .callTogether, madeAt: at, madeBy: UUID(), note: "", status: status, statusAt: at,
                 followUpOn: today, createdAt: at)
    }

    @Test("Only the moves of the loop are allowed: nothing reaches linked without being sent, nothing leaves an outcome")
    func transitions() {
        let allowed: Set<String> = ["proposed>sent", "proposed>not_linked", "sent>accepted", "sent>declined", "sent>linked",
                                    "sent>not_linked", "accepted>linked", "accepted>not_linked"]
        for from in ReferralStatus.allCases {
            for to in ReferralStatus.allCases {
                #expect(from.canMove(to: to) == allowed.contains("\(from.rawValue)>\(to.rawValue)"), "\(from) → \(to)")
            }
        }
        #expect(!ReferralStatus.proposed.canMove(to: .linked))
        #expect(ReferralStatus.allCases.filter(\.isOutcome) == [.declined, .linked, .notLinked])
    }

    @Test("Each status maps to its own FHIR R4 Task status and back")
    func fhir() {
        let codes = ReferralStatus.allCases.map(\.fhirTaskStatus)
        #expect(codes == ["draft", "requested", "accepted", "rejected", "completed", "failed"])
        #expect(Set(codes).count == codes.count)
        for status in ReferralStatus.allCases { #expect(ReferralStatus(fhirTaskStatus: status.fhirTaskStatus) == status) }
        #expect(ReferralStatus(fhirTaskStatus: "in-progress") == nil)
    }

    @Test("A jump from proposed to linked is refused, and so is any move out of a closed loop")
    func refusedMoves() {
        #expect(Self.codes { () throws(ValidationErrors) in
            _ = try ReferralRules.validateChange(Self.referral(), to: .linked, occurredAt: Self.now, reason: nil, note: "", now: Self.now)
        } == ["status:invalid_transition"])
        #expect(Self.codes { () throws(ValidationErrors) in
            _ = try ReferralRules.validateChange(Self.referral(.linked), to: .notLinked, occurredAt: Self.now, reason: .noShow, note: "", now: Self.now)
        } == ["status:referral_closed"])
    }

    @Test("An outcome cannot be dated in the future nor before the status it leaves; declined and not linked say why")
    func datesAndReasons() {
        let sent = Self.referral(.sent)
        #expect(Self.codes { () throws(ValidationErrors) in
            _ = try ReferralRules.validateChange(sent, to: .linked, occurredAt: Self.now.addingTimeInterval(Self.day), reason: nil, note: "", now: Self.now)
        } == ["occurred_at:in_future"])
        #expect(Self.codes { () throws(ValidationErrors) in
            _ = try ReferralRules.validateChange(sent, to: .accepted, occurredAt: sent.statusAt.addingTimeInterval(-60), reason: nil, note: "", now: Self.now)
        } == ["occurred_at:before_previous_status"])
        #expect(Self.codes { () throws(ValidationErrors) in
            _ = try ReferralRules.validateChange(sent, to: .notLinked, occurredAt: Self.now, reason: nil, note: "", now: Self.now)
        } == ["reason:required"])
        #expect(Self.codes { () throws(ValidationErrors) in
            _ = try ReferralRules.validateChange(sent, to: .declined, occurredAt: Self.now, reason: .waitList, note: " two weeks ", now: Self.now)
        } == [])
        // Entered today, happened two days ago: allowed.
        #expect(Self.codes { () throws(ValidationErrors) in
            _ = try ReferralRules.validateChange(sent, to: .linked, occurredAt: Self.now.addingTimeInterval(-2 * Self.day), reason: nil, note: "", now: Self.now)
        } == [])
    }

    @Test("Applying an outcome closes the follow-up and keeps a reason only where one is asked")
    func applying() {
        let sent = Self.referral(.sent)
        let linked = ReferralRules.applying(.linked, at: Self.now, reason: .other, followUpOn: nil, to: sent)
        #expect(linked.status == .linked && linked.reason == nil && linked.followUpOn == nil && linked.version == 2 && linked.statusAt == Self.now)
        let accepted = ReferralRules.applying(.accepted, at: Self.now, reason: nil, followUpOn: Self.today.adding(days: 3), to: sent)
        #expect(accepted.followUpOn == Self.today.adding(days: 3))
        let declined = ReferralRules.applying(.declined, at: Self.now, reason: .ineligible, followUpOn: nil, to: sent)
        #expect(declined.reason == .ineligible && declined.followUpOn == nil)
    }

    @Test("A new referral needs a need and a resource, starts proposed or sent, is not in the future, and gets a follow-up date")
    func newReferral() throws {
        let empty = ReferralDraft(resource: ReferralResource(name: "  "), need: nil, madeAt: Self.now.addingTimeInterval(Self.day), status: .linked)
        #expect(Self.codes { () throws(ValidationErrors) in
            _ = try ReferralRules.validate(empty, now: Self.now, today: Self.today, in: Self.utc)
        } == ["need:required", "made_at:in_future", "status:invalid_start", "resource_name:required"])
        let draft = ReferralDraft(resource: ReferralResource(name: " Food bank ", phone: " 619-555-0100 "), need: .basicNeeds, madeAt: Self.now)
        let clean = try ReferralRules.validate(draft, now: Self.now, today: Self.today, in: Self.utc)
        #expect(clean.resource.name == "Food bank" && clean.resource.phone == "619-555-0100")
        #expect(clean.followUpOn == Self.today.adding(days: ReferralRules.defaultFollowUpDays))
        let early = ReferralDraft(resource: ReferralResource(name: "Clinic"), need: .health, madeAt: Self.now, followUpOn: Self.today.adding(days: -1))
        #expect(Self.codes { () throws(ValidationErrors) in
            _ = try ReferralRules.validate(early, now: Self.now, today: Self.today, in: Self.utc)
        } == ["follow_up_on:before_referral"])
        // A directory service needs no typed name: the directory gives it.
        let fromDirectory = ReferralDraft(resource: ReferralResource(directoryServiceID: "svc-9", name: ""), need: .housing, madeAt: Self.now)
        #expect(Self.codes { () throws(ValidationErrors) in
            _ = try ReferralRules.validate(fromDirectory, now: Self.now, today: Self.today, in: Self.utc)
        } == [])
    }

    @Test("The linkage rate is linked over referrals with an outcome, open referrals in neither; needs largest first")
    func measures() {
        var tally = ReferralMeasures.Tally()
        tally.add(need: .housing, status: .linked, count: 31)
        tally.add(need: .housing, status: .notLinked, count: 9)
        tally.add(need: .housing, status: .declined, count: 10)
        tally.add(need: .housing, status: .sent, count: 50)
        tally.add(need: .health, status: .linked, count: 31)
        tally.add(need: .legal, status: .proposed, count: 3)
        tally.daysToLinkage = [2: 10, 5: 40, 30: 12]
        let m = ReferralMeasures(tally)
        #expect(m.made == 134 && m.open == 53)
        #expect(m.linkage == Proportion(62, of: 81))
        #expect(m.linkage.percent == 76.5)
        #expect(m.byNeed.map(\.need) == [.housing, .health, .legal])
        #expect(m.byNeed[0].linkage == Proportion(31, of: 50) && m.byNeed[0].linkage.percent == 62)
        #expect(m.byNeed[2].linkage.percent == nil)
        #expect(m.medianDaysToLinkage == 5)
        #expect(ReferralMeasures(ReferralMeasures.Tally()).linkage.percent == nil)
    }

    @Test("The median from counted values: odd, even, and empty")
    func median() {
        #expect(ReferralMeasures.median([:]) == nil)
        #expect(ReferralMeasures.median([3: 1]) == 3)
        #expect(ReferralMeasures.median([1: 1, 4: 1]) == 2.5)
        #expect(ReferralMeasures.median([0: 2, 10: 1, 20: 1]) == 5)
        #expect(ReferralMeasures.median([7: 0, 1: 3]) == 1)
        // Same as sorting the expanded list.
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<200 {
            var histogram: [Int: Int] = [:]
            for _ in 0..<Int.random(in: 1...30, using: &generator) { histogram[Int.random(in: 0...60, using: &generator), default: 0] += 1 }
            let values = histogram.flatMap { Array(repeating: $0.key, count: $0.value) }.sorted()
            let n = values.count
            let expected = n % 2 == 1 ? Double(values[n / 2]) : Double(values[n / 2 - 1] + values[n / 2]) / 2
            #expect(ReferralMeasures.median(histogram) == expected)
        }
    }
}

@Suite("Directory linkage record")
struct DirectoryLinkageRecordTests {
    @Test("shown only when no cell is 1 to 10: the referrals, the linked ones and the others")
    func smallCells() {
        #expect(DirectoryLinkageRecord(referrals: 0, linkedWithinWindow: 0).shown == .none)
        #expect(DirectoryLinkageRecord(referrals: 10, linkedWithinWindow: 0).shown == .suppressed)
        #expect(DirectoryLinkageRecord(referrals: 40, linkedWithinWindow: 5).shown == .suppressed)
        #expect(DirectoryLinkageRecord(referrals: 40, linkedWithinWindow: 35).shown == .suppressed)
        #expect(DirectoryLinkageRecord(referrals: 40, linkedWithinWindow: 0).shown == .record(referrals: 40, linked: 0, percent: 0))
        #expect(DirectoryLinkageRecord(referrals: 40, linkedWithinWindow: 40).shown == .record(referrals: 40, linked: 40, percent: 100))
        #expect(DirectoryLinkageRecord(referrals: 40, linkedWithinWindow: 25).shown == .record(referrals: 40, linked: 25, percent: 62.5))
        // Every shown record is made of cells of none or at least 11.
        for n in 0...60 {
            for k in 0...n {
                if case .record(let r, let linked, _) = DirectoryLinkageRecord(referrals: n, linkedWithinWindow: k).shown {
                    for cell in [r, linked, r - linked] { #expect(cell == 0 || cell >= 11) }
                }
            }
        }
    }

    @Test("the period is the 12 months that ended 30 days ago")
    func period() {
        let (from, to) = DirectoryLinkageRecord.period(endingBefore: CalendarDate("2026-12-06")!)
        #expect(to == CalendarDate("2026-11-06")! && from == CalendarDate("2025-11-07")!)
        #expect(from.days(until: to) == 364)
    }
}
