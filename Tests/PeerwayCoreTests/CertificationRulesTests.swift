import Foundation
import Testing
@testable import PeerwayCore

/// The California peer certification state machine: every transition and every refusal, the date
/// edges (leap days, the window's last day, renewal on the expiry day), continuing education by
/// cycle, alert levels, the standing a service is judged by, and a configured rule set.
@Suite("Certification rules")
struct CertificationRulesTests {
    static let user = UUID()
    static let recorder = UUID()
    static let ca = CertificationRuleSet.california
    static let epoch = CalendarDate("2000-01-01")!
    static let farFuture = "2040-01-01"

    /// The usual way through: certified 2024-08-01, so the first cycle runs to 2026-08-01.
    static let path: [(CertificationStep, String)] = [
        (.applied, "2024-01-10"), (.documentsVerified, "2024-01-20"), (.approved, "2024-02-01"),
        (.trainingCompleted, "2024-06-01"), (.examPassed, "2024-07-01"), (.certified, "2024-08-01"),
    ]

    static func d(_ text: String) -> CalendarDate { CalendarDate(text)! }

    /// `seq` orders events recorded on the same day.
    static func event(_ step: CertificationStep, _ on: String, ref: String = "", seq: Int = 0, user: UUID = user) -> CertificationEvent {
        let day = d(on)
        return CertificationEvent(id: UUID(), userID: user, step: step, on: day, reference: ref, recordedBy: recorder,
                                  recordedAt: Date(timeIntervalSince1970: TimeInterval(epoch.days(until: day) * 86_400 + 3_600 + seq)))
    }

    static func ce(_ on: String, _ minutes: Int, _ category: CECategory = .recoveryAndWellness, title: String = "Course",
                   provider: String = "CalMHSA", user: UUID = user) -> CEEntry {
        CEEntry(id: UUID(), userID: user, takenOn: d(on), minutes: minutes, category: category, title: title, provider: provider,
                recordedBy: recorder, recordedAt: Date(timeIntervalSince1970: 0))
    }

    /// The refusals of recording `step` on `on`, as "field:code".
    static func refusals(_ step: CertificationStep, _ on: String, _ history: [CertificationEvent], ce: [CEEntry] = [],
                         rules: CertificationRuleSet = ca, today: String = farFuture) -> [String] {
        do {
            try CertificationRules.validate(step, on: d(on), history: history, ce: ce, rules: rules, today: d(today))
            return []
        } catch {
            return error.errors.map { "\($0.field ?? ""):\($0.code)" }
        }
    }

    /// Records each step after checking, as the application does, that it may be recorded.
    static func walk(_ steps: [(CertificationStep, String)], after history: [CertificationEvent] = [], ce: [CEEntry] = [],
                     rules: CertificationRuleSet = ca, refs: [CertificationStep: String] = [.certified: "PSS-123"],
                     sourceLocation: SourceLocation = #_sourceLocation) -> [CertificationEvent] {
        var events = history
        for (step, on) in steps {
            let refused = refusals(step, on, events, ce: ce, rules: rules)
            #expect(refused == [], "\(step.rawValue) on \(on)", sourceLocation: sourceLocation)
            events.append(event(step, on, ref: refs[step] ?? ""))
        }
        return events
    }

    static func status(_ events: [CertificationEvent], ce: [CEEntry] = [], rules: CertificationRuleSet = ca, on today: String) -> CertificationStatus {
        CertificationRules.status(events: events, ce: ce, rules: rules, on: d(today))
    }

    /// kind:done[:remaining][@due][!alert], one per task.
    static func lines(_ tasks: [CertificationTask]) -> [String] {
        tasks.map { t in
            var s = "\(t.kind.rawValue):\(t.done)"
            if let r = t.remainingMinutes { s += ":\(r)" }
            if let due = t.dueOn { s += "@\(due)" }
            if t.alert != DeadlineAlert.none { s += "!\(t.alert.rawValue)" }
            return s
        }
    }

    /// kind@due(daysLeft)!alert, one per deadline.
    static func lines(_ deadlines: [CertificationDeadline]) -> [String] {
        deadlines.map { "\($0.kind.rawValue)@\($0.dueOn)(\($0.daysLeft))!\($0.alert.rawValue)" }
    }

    /// CE that meets California's cycle: 14 hours of recovery topics and 6 of law and ethics.
    static func fullCE(_ recovery: String, _ law: String) -> [CEEntry] {
        [ce(recovery, 840), ce(law, 360, .lawAndEthics)]
    }

    // MARK: - CalendarDate months and years

    @Test("Adding months and years keeps the day within the month: month ends and leap days clamp")
    func calendarMonths() {
        #expect(Self.d("2024-01-31").adding(months: 1) == Self.d("2024-02-29"))
        #expect(Self.d("2023-01-31").adding(months: 1) == Self.d("2023-02-28"))
        #expect(Self.d("2024-05-31").adding(months: 1) == Self.d("2024-06-30"))
        #expect(Self.d("2024-03-31").adding(months: -1) == Self.d("2024-02-29"))
        #expect(Self.d("2024-12-15").adding(months: 1) == Self.d("2025-01-15"))
        #expect(Self.d("2025-01-15").adding(months: -1) == Self.d("2024-12-15"))
        #expect(Self.d("2024-01-15").adding(months: -13) == Self.d("2022-12-15"))
        #expect(Self.d("2024-01-15").adding(months: 0) == Self.d("2024-01-15"))
        #expect(Self.d("2024-02-01").adding(months: 12) == Self.d("2025-02-01"))
        #expect(Self.d("2024-02-29").adding(years: 1) == Self.d("2025-02-28"))
        #expect(Self.d("2024-02-29").adding(years: 2) == Self.d("2026-02-28"))
        #expect(Self.d("2024-02-29").adding(years: 4) == Self.d("2028-02-29"))
        #expect(Self.d("2024-02-29").adding(years: -1) == Self.d("2023-02-28"))
        #expect(Self.d("2024-08-01").adding(years: 2) == Self.d("2026-08-01"))
        #expect(Self.d("2023-10-31").adding(years: 1) == Self.d("2023-10-31").adding(months: 12))
    }

    // MARK: - Rule sets

    @Test("California's defaults: 12 months, 2 years, 20 h with 6 h law and ethics, renewal from 90 days, alerts at 90/60/30")
    func californiaDefaults() throws {
        let ca = CertificationRuleSet.california
        #expect(ca.code == "ca_sb803" && ca.trainingWindowMonths == 12 && ca.certificationYears == 2)
        #expect(ca.ceMinutesPerCycle == 1_200 && ca.ceLawAndEthicsMinutes == 360)
        #expect(ca.renewalWindowDays == 90 && ca.alertDays == [90, 60, 30])
        #expect(try CertificationRuleSet.validate(ca) == ca)
        let decoded = try JSONDecoder().decode(CertificationRuleSet.self, from: JSONEncoder().encode(ca))
        #expect(decoded == ca)
    }

    static func ruleCodes(_ change: (inout CertificationRuleSet) -> Void) -> [String] {
        var rules = CertificationRuleSet.california
        change(&rules)
        do {
            _ = try CertificationRuleSet.validate(rules)
            return []
        } catch {
            return error.errors.map { "\($0.field ?? ""):\($0.code)" }
        }
    }

    @Test("A configured rule set is refused field by field outside its ranges, and accepted at their edges")
    func ruleSetRanges() throws {
        #expect(Self.ruleCodes { $0.trainingWindowMonths = 0 } == ["training_window_months:out_of_range"])
        #expect(Self.ruleCodes { $0.trainingWindowMonths = 61 } == ["training_window_months:out_of_range"])
        #expect(Self.ruleCodes { $0.certificationYears = 0 } == ["certification_years:out_of_range"])
        #expect(Self.ruleCodes { $0.certificationYears = 11 } == ["certification_years:out_of_range"])
        #expect(Self.ruleCodes { $0.ceMinutesPerCycle = -1; $0.ceLawAndEthicsMinutes = 0 } == ["ce_hours_per_cycle:out_of_range"])
        #expect(Self.ruleCodes { $0.ceMinutesPerCycle = 60_001 } == ["ce_hours_per_cycle:out_of_range"])
        #expect(Self.ruleCodes { $0.ceLawAndEthicsMinutes = 1_201 } == ["ce_law_and_ethics_hours:out_of_range"])
        #expect(Self.ruleCodes { $0.ceLawAndEthicsMinutes = -1 } == ["ce_law_and_ethics_hours:out_of_range"])
        #expect(Self.ruleCodes { $0.renewalWindowDays = -1 } == ["renewal_window_days:out_of_range"])
        #expect(Self.ruleCodes { $0.renewalWindowDays = 366 } == ["renewal_window_days:out_of_range"])
        #expect(Self.ruleCodes { $0.alertDays = [90, 0] } == ["alert_days:out_of_range"])
        #expect(Self.ruleCodes { $0.alertDays = [366] } == ["alert_days:out_of_range"])
        #expect(Self.ruleCodes {
            $0.trainingWindowMonths = 0; $0.certificationYears = 0; $0.ceMinutesPerCycle = 100; $0.ceLawAndEthicsMinutes = 200
            $0.renewalWindowDays = 400; $0.alertDays = [-5]
        } == ["training_window_months:out_of_range", "certification_years:out_of_range", "ce_law_and_ethics_hours:out_of_range",
              "renewal_window_days:out_of_range", "alert_days:out_of_range"])

        #expect(Self.ruleCodes {
            $0.trainingWindowMonths = 1; $0.certificationYears = 1; $0.ceMinutesPerCycle = 0; $0.ceLawAndEthicsMinutes = 0
            $0.renewalWindowDays = 0; $0.alertDays = []
        } == [])
        #expect(Self.ruleCodes {
            $0.trainingWindowMonths = 60; $0.certificationYears = 10; $0.ceMinutesPerCycle = 60_000; $0.ceLawAndEthicsMinutes = 60_000
            $0.renewalWindowDays = 365; $0.alertDays = [1, 365]
        } == [])

        // Alert days come back descending and without repeats, the order their levels are read in.
        var rules = CertificationRuleSet.california
        rules.alertDays = [30, 90, 60, 30]
        #expect(try CertificationRuleSet.validate(rules).alertDays == [90, 60, 30])
    }

    // MARK: - Names

    @Test("Steps, states, categories and tasks have snake_case names and label keys")
    func names() throws {
        #expect(CertificationStep.allCases.map(\.rawValue) == ["applied", "documents_verified", "approved", "training_completed",
                                                                "exam_passed", "certified", "ethics_signed", "renewed"])
        #expect(CertificationStep.documentsVerified.labelKey == "certification.step.documents_verified")
        #expect(CertificationState.allCases.map(\.rawValue) == ["not_started", "applied", "training_window_open", "training_window_closed",
                                                                 "training_completed", "exam_passed", "certified", "renewal_due", "lapsed"])
        #expect(CertificationState.renewalDue.labelKey == "certification.state.renewal_due")
        #expect(CECategory.allCases.count == 7 && CECategory.lawAndEthics.labelKey == "ce.category.law_and_ethics")
        #expect(CECategory.supervisionAndLeadership.rawValue == "supervision_and_leadership")
        let task = CertificationTask(kind: .logLawAndEthics, dueOn: nil, done: false, remainingMinutes: 10, alert: .days30)
        #expect(task.labelKey == "certification.task.log_law_and_ethics")
        #expect(CertificationDeadline.Kind.trainingWindow.rawValue == "training_window")
        #expect([DeadlineAlert.overdue, .none, .days30, .days90, .days60].sorted() == [.none, .days90, .days60, .days30, .overdue])
        #expect(DeadlineAlert.days90.rawValue == "days_90" && DeadlineAlert.overdue > .days30)

        let event = Self.event(.documentsVerified, "2024-01-20", ref: "ID and DD-214")
        let json = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
        #expect(json.contains("\"step\":\"documents_verified\"") && json.contains("\"on\":\"2024-01-20\""))
        #expect(try JSONDecoder().decode(CertificationEvent.self, from: JSONEncoder().encode(event)) == event)
        let entry = Self.ce("2024-09-01", 90, .lawAndEthics)
        #expect(String(decoding: try JSONEncoder().encode(entry), as: UTF8.self).contains("\"category\":\"law_and_ethics\""))
        #expect(try JSONDecoder().decode(CEEntry.self, from: JSONEncoder().encode(entry)) == entry)
    }

    // MARK: - Walking the machine

    @Test("Nothing recorded is not started, with only applying to do; events dated after today are not yet")
    func notStarted() {
        let none = Self.status([], on: "2024-01-01")
        #expect(none.state == .notStarted && none.appliedOn == nil && none.ce == nil && none.deadlines.isEmpty)
        #expect(Self.lines(none.tasks) == ["apply:false"])
        #expect(none.certificateNumber == "" && none.renewals == 0 && !none.ethicsSignedInCycle)

        let later = Self.status([Self.event(.applied, "2024-01-10")], on: "2024-01-09")
        #expect(later.state == .notStarted && later.appliedOn == nil)
    }

    @Test("Applied, documents verified, approved, trained, exam passed, certified: each step moves the state and the tasks")
    func firstCertification() {
        let events = Self.walk(Self.path)

        let applied = Self.status(events, on: "2024-01-15")
        #expect(applied.state == .applied && applied.appliedOn == Self.d("2024-01-10") && applied.documentsVerifiedOn == nil)
        #expect(Self.lines(applied.tasks) == ["apply:true", "verify_documents:false", "approval:false"])
        #expect(applied.deadlines.isEmpty && applied.ce == nil)

        let verified = Self.status(events, on: "2024-01-25")
        #expect(verified.state == .applied && verified.documentsVerifiedOn == Self.d("2024-01-20"))
        #expect(Self.lines(verified.tasks) == ["apply:true", "verify_documents:true", "approval:false"])

        let open = Self.status(events, on: "2024-03-01")
        #expect(open.state == .trainingWindowOpen && open.approvedOn == Self.d("2024-02-01"))
        #expect(open.trainingWindowEndsOn == Self.d("2025-02-01"))
        #expect(Self.lines(open.deadlines) == ["training_window@2025-02-01(337)!none"])
        #expect(Self.lines(open.tasks) == ["complete_training:false@2025-02-01", "pass_exam:false@2025-02-01", "certify:false"])

        let trained = Self.status(events, on: "2024-06-15")
        #expect(trained.state == .trainingCompleted && trained.trainingCompletedOn == Self.d("2024-06-01"))
        #expect(Self.lines(trained.deadlines) == ["training_window@2025-02-01(231)!none"])
        #expect(Self.lines(trained.tasks) == ["complete_training:true@2025-02-01", "pass_exam:false@2025-02-01", "certify:false"])

        let passed = Self.status(events, on: "2024-07-15")
        #expect(passed.state == .examPassed && passed.examPassedOn == Self.d("2024-07-01") && passed.deadlines.isEmpty)
        #expect(Self.lines(passed.tasks) == ["complete_training:true@2025-02-01", "pass_exam:true@2025-02-01", "certify:false"])

        let certified = Self.status(events, on: "2024-08-01")
        #expect(certified.state == .certified && certified.certifiedOn == Self.d("2024-08-01"))
        #expect(certified.cycleStartsOn == Self.d("2024-08-01") && certified.expiresOn == Self.d("2026-08-01"))
        #expect(certified.renewalOpensOn == Self.d("2026-05-03"))
        #expect(certified.certificateNumber == "PSS-123" && certified.renewals == 0 && !certified.ethicsSignedInCycle)
        #expect(certified.ce == CECycleProgress(startsOn: Self.d("2024-08-01"), endsOn: Self.d("2026-08-01"), minutes: 0,
                                                lawAndEthicsMinutes: 0, requiredMinutes: 1_200, requiredLawAndEthicsMinutes: 360))
        #expect(Self.lines(certified.deadlines) == ["renewal@2026-08-01(730)!none", "ethics@2026-08-01(730)!none"])
        #expect(Self.lines(certified.tasks) == ["log_ce:false:1200@2026-08-01", "log_law_and_ethics:false:360@2026-08-01",
                                                "sign_ethics:false@2026-08-01", "renew:false@2026-08-01"])
        // The earlier steps stay on the status once certified.
        #expect(certified.appliedOn == Self.d("2024-01-10") && certified.trainingWindowEndsOn == Self.d("2025-02-01"))
        #expect(certified.examPassedOn == Self.d("2024-07-01"))
    }

    @Test("Renewal is due from 90 days before expiry through the expiry day; the day after, the certification has lapsed")
    func renewalDueAndLapse() {
        let events = Self.walk(Self.path)
        #expect(Self.status(events, on: "2026-05-02").state == .certified)
        let due = Self.status(events, on: "2026-05-03")
        #expect(due.state == .renewalDue)
        #expect(Self.lines(due.deadlines) == ["renewal@2026-08-01(90)!days_90", "ethics@2026-08-01(90)!days_90"])
        #expect(Self.lines(due.tasks) == ["log_ce:false:1200@2026-08-01!days_90", "log_law_and_ethics:false:360@2026-08-01!days_90",
                                          "sign_ethics:false@2026-08-01!days_90", "renew:false@2026-08-01!days_90"])
        #expect(Self.status(events, on: "2026-08-01").state == .renewalDue)

        let lapsed = Self.status(events, on: "2026-08-02")
        #expect(lapsed.state == .lapsed && lapsed.deadlines.isEmpty)
        #expect(Self.lines(lapsed.tasks) == ["reapply:false"])
        // The cycle that lapsed, with what was logged in it.
        let withCE = Self.status(events, ce: [Self.ce("2025-01-01", 600)], on: "2026-08-02")
        #expect(withCE.ce?.startsOn == Self.d("2024-08-01") && withCE.ce?.endsOn == Self.d("2026-08-01") && withCE.ce?.minutes == 600)
        #expect(withCE.certifiedOn == Self.d("2024-08-01") && withCE.expiresOn == Self.d("2026-08-01"))
    }

    @Test("CE and a code-of-ethics signature complete the cycle's tasks; law and ethics counts toward the total too")
    func cycleTasks() {
        let events = Self.walk([(.ethicsSigned, "2025-03-01")], after: Self.walk(Self.path))
        let ce = [Self.ce("2024-09-01", 900), Self.ce("2025-01-01", 300, .lawAndEthics)]
        let s = Self.status(events, ce: ce, on: "2025-06-01")
        #expect(s.ce?.minutes == 1_200 && s.ce?.lawAndEthicsMinutes == 300)
        #expect(s.ce?.remainingMinutes == 0 && s.ce?.remainingLawAndEthicsMinutes == 60 && s.ce?.isMet == false)
        #expect(s.ethicsSignedInCycle)
        #expect(Self.lines(s.tasks) == ["log_ce:true:0@2026-08-01", "log_law_and_ethics:false:60@2026-08-01",
                                        "sign_ethics:true@2026-08-01", "renew:false@2026-08-01"])
        // Signed: only the renewal deadline is left.
        #expect(Self.lines(s.deadlines) == ["renewal@2026-08-01(426)!none"])

        let met = Self.status(events, ce: ce + [Self.ce("2025-02-01", 60, .lawAndEthics)], on: "2025-06-01")
        #expect(met.ce?.isMet == true && met.ce?.minutes == 1_260 && met.ce?.remainingLawAndEthicsMinutes == 0)
        // Education dated after the day being judged has not happened yet.
        let early = Self.status(events, ce: ce, on: "2024-12-31")
        #expect(early.ce?.minutes == 900 && early.ce?.lawAndEthicsMinutes == 0)
    }

    @Test("The signature given at certification is the first cycle's, but a renewal needs one given after the cycle's first day")
    func ethicsAtCertification() {
        let certified = Self.walk(Self.path)
        let ce = Self.fullCE("2025-01-01", "2025-02-01")
        #expect(!Self.status(certified, ce: ce, on: "2026-06-01").ethicsSignedInCycle)
        #expect(Self.refusals(.renewed, "2026-06-01", certified, ce: ce) == ["step:ethics_not_signed"])
        // Signing again on the certification day itself is still the cycle's first day.
        let sameDay = Self.walk([(.ethicsSigned, "2024-08-01")], after: certified)
        #expect(!Self.status(sameDay, on: "2024-08-02").ethicsSignedInCycle)
        #expect(Self.refusals(.renewed, "2026-06-01", sameDay, ce: ce) == ["step:ethics_not_signed"])
        let dayAfter = Self.walk([(.ethicsSigned, "2024-08-02")], after: certified)
        #expect(Self.status(dayAfter, on: "2024-08-02").ethicsSignedInCycle)
        #expect(Self.refusals(.renewed, "2026-06-01", dayAfter, ce: ce) == [])
    }

    @Test("A renewal starts the next cycle the day after the old expiry, which moves by two years whatever day it was renewed")
    func renewal() {
        let ce = Self.fullCE("2025-01-10", "2025-06-01")
        let events = Self.walk([(.ethicsSigned, "2026-05-10"), (.renewed, "2026-06-01")], after: Self.walk(Self.path), ce: ce)
        let s = Self.status(events, ce: ce, on: "2026-06-15")
        #expect(s.state == .certified && s.renewals == 1)
        #expect(s.cycleStartsOn == Self.d("2026-08-02") && s.expiresOn == Self.d("2028-08-01"))
        #expect(s.renewalOpensOn == Self.d("2028-05-03") && s.certifiedOn == Self.d("2024-08-01") && s.certificateNumber == "PSS-123")
        // The new cycle asks for its own education and its own signature.
        #expect(s.ce?.startsOn == Self.d("2026-08-02") && s.ce?.endsOn == Self.d("2028-08-01") && s.ce?.minutes == 0)
        #expect(!s.ethicsSignedInCycle)
        #expect(Self.lines(s.deadlines) == ["renewal@2028-08-01(778)!none", "ethics@2028-08-01(778)!none"])
        // Renewing again at once finds nothing logged or signed in the new cycle.
        #expect(Self.refusals(.renewed, "2026-06-02", events, ce: ce) == ["step:ce_incomplete", "step:ethics_not_signed"])
        #expect(Self.status(events, ce: ce, on: "2028-05-03").state == .renewalDue)
        #expect(Self.status(events, ce: ce, on: "2028-08-02").state == .lapsed)

        // A second renewal: the cycle after starts the day after the second expiry.
        let ce2 = ce + Self.fullCE("2027-01-10", "2027-02-01")
        let twice = Self.walk([(.ethicsSigned, "2027-03-01"), (.renewed, "2028-08-01")], after: events, ce: ce2)
        let s2 = Self.status(twice, ce: ce2, on: "2028-09-01")
        #expect(s2.renewals == 2 && s2.cycleStartsOn == Self.d("2028-08-02") && s2.expiresOn == Self.d("2030-08-01"))
    }

    @Test("A renewal exactly on the expiry day is on time; the day after is too late")
    func renewalOnExpiry() {
        let ce = Self.fullCE("2025-01-10", "2025-06-01")
        let signed = Self.walk([(.ethicsSigned, "2026-05-10")], after: Self.walk(Self.path))
        #expect(Self.refusals(.renewed, "2026-08-01", signed, ce: ce) == [])
        #expect(Self.refusals(.renewed, "2026-08-02", signed, ce: ce) == ["on:certification_lapsed"])
        let renewed = Self.walk([(.renewed, "2026-08-01")], after: signed, ce: ce)
        let s = Self.status(renewed, ce: ce, on: "2026-08-01")
        #expect(s.state == .certified && s.cycleStartsOn == Self.d("2026-08-02") && s.expiresOn == Self.d("2028-08-01"))
        #expect(Self.status(renewed, ce: ce, on: "2026-08-02").state == .certified)
    }

    @Test("CE logged in the previous cycle, after its renewal included, never counts for the next; the next cycle's first day does")
    func cePreviousCycle() {
        let ce = Self.fullCE("2025-01-10", "2025-06-01")
        let events = Self.walk([(.ethicsSigned, "2026-05-10"), (.renewed, "2026-06-01")], after: Self.walk(Self.path), ce: ce)
        let logged = ce + [Self.ce("2026-07-01", 600), Self.ce("2026-08-01", 120, .lawAndEthics),
                           Self.ce("2026-08-02", 60, .lawAndEthics), Self.ce("2026-09-01", 30)]
        let s = Self.status(events, ce: logged, on: "2026-10-01")
        #expect(s.ce?.minutes == 90 && s.ce?.lawAndEthicsMinutes == 60)
        #expect(s.ce?.remainingMinutes == 1_110 && s.ce?.remainingLawAndEthicsMinutes == 300)
    }

    @Test("CE dated the day before certification does not count; on the certification day it does")
    func ceBeforeCertification() {
        let events = Self.walk(Self.path)
        let before = Self.status(events, ce: [Self.ce("2024-07-31", 1_200), Self.ce("2024-07-31", 360, .lawAndEthics)], on: "2024-09-01")
        #expect(before.ce?.minutes == 0 && before.ce?.lawAndEthicsMinutes == 0)
        let ethics = Self.walk([(.ethicsSigned, "2024-09-01")], after: events)
        #expect(Self.refusals(.renewed, "2026-06-01", ethics, ce: [Self.ce("2024-07-31", 1_200), Self.ce("2024-07-31", 360, .lawAndEthics)])
                == ["step:ce_incomplete"])
        let onTheDay = Self.status(events, ce: [Self.ce("2024-08-01", 100)], on: "2024-09-01")
        #expect(onTheDay.ce?.minutes == 100)
    }

    @Test("Renewal counts only CE up to the renewal day; later CE belongs to a cycle already renewed")
    func renewalCountsCEToItsDay() {
        let signed = Self.walk([(.ethicsSigned, "2026-05-10")], after: Self.walk(Self.path))
        let ce = Self.fullCE("2026-06-02", "2025-06-01")
        #expect(Self.refusals(.renewed, "2026-06-01", signed, ce: ce) == ["step:ce_incomplete"])
        #expect(Self.refusals(.renewed, "2026-06-02", signed, ce: ce) == [])
    }

    // MARK: - Leap days and the training window

    @Test("Approved on a leap day: the window's last day is 2025-02-28; training and exam then are allowed, the day after refused")
    func leapDayApproval() {
        let approved = Self.walk([(.applied, "2024-02-01"), (.documentsVerified, "2024-02-15"), (.approved, "2024-02-29")])
        #expect(Self.status(approved, on: "2024-03-01").trainingWindowEndsOn == Self.d("2025-02-28"))
        #expect(Self.refusals(.trainingCompleted, "2025-02-28", approved) == [])
        #expect(Self.refusals(.trainingCompleted, "2025-03-01", approved) == ["on:training_window_closed"])

        let trained = Self.walk([(.trainingCompleted, "2025-02-28")], after: approved)
        let lastDay = Self.status(trained, on: "2025-02-28")
        #expect(lastDay.state == .trainingCompleted)
        #expect(Self.lines(lastDay.deadlines) == ["training_window@2025-02-28(0)!days_30"])
        #expect(Self.lines(lastDay.tasks) == ["complete_training:true@2025-02-28", "pass_exam:false@2025-02-28!days_30", "certify:false"])
        #expect(Self.refusals(.examPassed, "2025-02-28", trained) == [])
        #expect(Self.refusals(.examPassed, "2025-03-01", trained) == ["on:training_window_closed"])

        // Trained but the exam not passed in the window: closed, and only a new application goes on.
        let closed = Self.status(trained, on: "2025-03-01")
        #expect(closed.state == .trainingWindowClosed && closed.deadlines.isEmpty)
        #expect(Self.lines(closed.tasks) == ["reapply:false"])
        #expect(Self.status(approved, on: "2025-03-01").state == .trainingWindowClosed)
        #expect(Self.status(approved, on: "2025-02-28").state == .trainingWindowOpen)

        // The exam passed on the window's last day: certification may follow after the window.
        let passed = Self.walk([(.examPassed, "2025-02-28")], after: trained)
        #expect(Self.status(passed, on: "2025-04-01").state == .examPassed)
        #expect(Self.lines(Self.status(passed, on: "2025-04-01").tasks)
                == ["complete_training:true@2025-02-28", "pass_exam:true@2025-02-28", "certify:false"])
        #expect(Self.refusals(.certified, "2025-04-01", passed) == [])
    }

    @Test("Certified on a leap day: it expires 2026-02-28, and a renewal moves that expiry two years on")
    func leapDayCertification() {
        let events = Self.walk([(.applied, "2023-09-01"), (.documentsVerified, "2023-09-10"), (.approved, "2023-10-01"),
                                (.trainingCompleted, "2024-01-15"), (.examPassed, "2024-02-15"), (.certified, "2024-02-29")])
        let s = Self.status(events, on: "2024-03-01")
        #expect(s.certifiedOn == Self.d("2024-02-29") && s.expiresOn == Self.d("2026-02-28") && s.renewalOpensOn == Self.d("2025-11-30"))
        #expect(Self.status(events, on: "2025-11-29").state == .certified)
        #expect(Self.status(events, on: "2025-11-30").state == .renewalDue)
        #expect(Self.status(events, on: "2026-02-28").state == .renewalDue)
        #expect(Self.status(events, on: "2026-03-01").state == .lapsed)

        let ce = Self.fullCE("2025-01-01", "2025-02-01")
        let renewed = Self.walk([(.ethicsSigned, "2025-12-01"), (.renewed, "2026-02-28")], after: events, ce: ce)
        let r = Self.status(renewed, ce: ce, on: "2026-03-01")
        #expect(r.state == .certified && r.cycleStartsOn == Self.d("2026-03-01") && r.expiresOn == Self.d("2028-02-28"))
    }

    // MARK: - Refusals

    @Test("Every step: not after today, not before the latest step of the application, not before 1900")
    func dateRefusals() {
        #expect(Self.refusals(.applied, "2024-01-11", [], today: "2024-01-10") == ["on:in_future"])
        #expect(Self.refusals(.applied, "2024-01-10", [], today: "2024-01-10") == [])
        #expect(Self.refusals(.applied, "1899-12-31", []) == ["on:too_early"])
        let applied = Self.walk([(.applied, "2024-01-10")])
        #expect(Self.refusals(.documentsVerified, "2024-01-09", applied) == ["on:before_previous_step"])
        #expect(Self.refusals(.documentsVerified, "2024-01-10", applied) == [])
        let events = Self.walk(Self.path)
        #expect(Self.refusals(.ethicsSigned, "2024-07-31", events) == ["on:before_previous_step", "step:not_certified"])
        #expect(Self.refusals(.ethicsSigned, "2024-08-02", events, today: "2024-08-01") == ["on:in_future"])
        // The in-future refusal carries the date sentence the other forms use.
        do {
            try CertificationRules.validate(.applied, on: Self.d("2030-01-01"), history: [], ce: [], rules: Self.ca, today: Self.d("2024-01-01"))
            Issue.record("accepted")
        } catch {
            #expect(error.errors.first?.messageKey == "error.date_in_future")
        }
    }

    @Test("Applying: only when not started, lapsed or the training window closed; otherwise the application is in progress")
    func applyRefusals() {
        #expect(Self.refusals(.applied, "2024-01-10", []) == [])
        let events = Self.walk(Self.path)
        for (upTo, on) in [(1, "2024-01-15"), (2, "2024-01-25"), (3, "2024-03-01"), (4, "2024-06-15"), (5, "2024-07-15"), (6, "2024-09-01")] {
            #expect(Self.refusals(.applied, on, Array(events.prefix(upTo))) == ["step:already_in_progress"], "after \(upTo) steps")
        }
        #expect(Self.refusals(.applied, "2026-06-01", events) == ["step:already_in_progress"])  // renewal due
        #expect(Self.refusals(.applied, "2026-08-01", events) == ["step:already_in_progress"])  // the expiry day
        #expect(Self.refusals(.applied, "2026-08-02", events) == [])  // lapsed
        let approved = Array(events.prefix(3))
        #expect(Self.refusals(.applied, "2025-02-01", approved) == ["step:already_in_progress"])  // the window's last day
        #expect(Self.refusals(.applied, "2025-02-02", approved) == [])  // the window closed
    }

    @Test("Documents and approval: verified once, after applying; approved once, after verification")
    func documentsAndApprovalRefusals() {
        #expect(Self.refusals(.documentsVerified, "2024-01-20", []) == ["step:not_applied"])
        let applied = Self.walk([(.applied, "2024-01-10")])
        #expect(Self.refusals(.documentsVerified, "2024-01-20", applied) == [])
        #expect(Self.refusals(.approved, "2024-01-20", applied) == ["step:documents_not_verified"])
        #expect(Self.refusals(.approved, "2024-01-20", []) == ["step:documents_not_verified"])
        let verified = Self.walk([(.documentsVerified, "2024-01-20")], after: applied)
        #expect(Self.refusals(.documentsVerified, "2024-01-21", verified) == ["step:already_done"])
        #expect(Self.refusals(.approved, "2024-01-20", verified) == [])
        let approved = Self.walk([(.approved, "2024-02-01")], after: verified)
        #expect(Self.refusals(.approved, "2024-02-02", approved) == ["step:already_done"])
    }

    @Test("Training and exam: after approval, within the window, the exam after the training, each once")
    func trainingAndExamRefusals() {
        let verified = Self.walk(Array(Self.path.prefix(2)))
        #expect(Self.refusals(.trainingCompleted, "2024-03-01", verified) == ["step:not_approved"])
        #expect(Self.refusals(.trainingCompleted, "2024-03-01", []) == ["step:not_approved"])
        let approved = Self.walk([Self.path[2]], after: verified)
        #expect(Self.refusals(.trainingCompleted, "2025-02-01", approved) == [])
        #expect(Self.refusals(.trainingCompleted, "2025-02-02", approved) == ["on:training_window_closed"])
        // Exam before training: refused whether the training is missing or dated later.
        #expect(Self.refusals(.examPassed, "2024-03-01", approved) == ["step:exam_before_training"])
        #expect(Self.refusals(.examPassed, "2024-03-01", []) == ["step:exam_before_training"])
        let trained = Self.walk([Self.path[3]], after: approved)
        #expect(Self.refusals(.examPassed, "2024-05-15", trained) == ["on:before_previous_step", "step:exam_before_training"])
        #expect(Self.refusals(.trainingCompleted, "2024-06-02", trained) == ["step:already_done"])
        #expect(Self.refusals(.trainingCompleted, "2025-02-02", trained) == ["step:already_done", "on:training_window_closed"])
        #expect(Self.refusals(.examPassed, "2024-06-01", trained) == [])
        #expect(Self.refusals(.examPassed, "2025-02-01", trained) == [])
        #expect(Self.refusals(.examPassed, "2025-02-02", trained) == ["on:training_window_closed"])
        let passed = Self.walk([Self.path[4]], after: trained)
        #expect(Self.refusals(.examPassed, "2024-07-02", passed) == ["step:already_done"])
    }

    @Test("Certification: after the exam, once in an application")
    func certifyRefusals() {
        let trained = Self.walk(Array(Self.path.prefix(4)))
        #expect(Self.refusals(.certified, "2024-07-01", trained) == ["step:exam_not_passed"])
        #expect(Self.refusals(.certified, "2024-07-01", []) == ["step:exam_not_passed"])
        let passed = Self.walk([Self.path[4]], after: trained)
        #expect(Self.refusals(.certified, "2024-07-01", passed) == [])
        let certified = Self.walk([Self.path[5]], after: passed)
        #expect(Self.refusals(.certified, "2024-08-02", certified) == ["step:already_done"])
        #expect(Self.refusals(.certified, "2026-09-01", certified) == ["step:already_done"])
    }

    @Test("Signing the code of ethics: only while certified or renewal is due on that day")
    func ethicsRefusals() {
        #expect(Self.refusals(.ethicsSigned, "2024-01-10", []) == ["step:not_certified"])
        let events = Self.walk(Self.path)
        #expect(Self.refusals(.ethicsSigned, "2024-07-20", Array(events.prefix(5))) == ["step:not_certified"])
        #expect(Self.refusals(.ethicsSigned, "2024-08-01", events) == [])
        #expect(Self.refusals(.ethicsSigned, "2026-06-01", events) == [])  // renewal due
        #expect(Self.refusals(.ethicsSigned, "2026-08-01", events) == [])
        #expect(Self.refusals(.ethicsSigned, "2026-08-02", events) == ["step:not_certified"])  // lapsed
    }

    @Test("Renewing: only while certified, by the expiry day, with the cycle's CE and a signature; every missing part is named")
    func renewRefusals() {
        #expect(Self.refusals(.renewed, "2024-01-10", []) == ["step:not_certified"])
        let events = Self.walk(Self.path)
        #expect(Self.refusals(.renewed, "2024-07-20", Array(events.prefix(5))) == ["step:not_certified"])
        #expect(Self.refusals(.renewed, "2026-06-01", events) == ["step:ce_incomplete", "step:ethics_not_signed"])
        let signed = Self.walk([(.ethicsSigned, "2026-05-10")], after: events)
        #expect(Self.refusals(.renewed, "2026-06-01", signed) == ["step:ce_incomplete"])
        // Twenty hours without six of law and ethics, and six of law and ethics without twenty in all, are both short.
        #expect(Self.refusals(.renewed, "2026-06-01", signed, ce: [Self.ce("2025-01-01", 1_200)]) == ["step:ce_incomplete"])
        #expect(Self.refusals(.renewed, "2026-06-01", signed, ce: [Self.ce("2025-01-01", 839), Self.ce("2025-01-02", 360, .lawAndEthics)])
                == ["step:ce_incomplete"])
        #expect(Self.refusals(.renewed, "2026-06-01", signed, ce: [Self.ce("2025-01-01", 840), Self.ce("2025-01-02", 360, .lawAndEthics)])
                == [])
        #expect(Self.refusals(.renewed, "2026-06-01", signed, ce: [Self.ce("2025-01-02", 1_200, .lawAndEthics)]) == [])
        // Early in the cycle, before the renewal window, a renewal is still allowed once everything is in.
        let early = Self.walk([(.ethicsSigned, "2025-03-01")], after: events)
        #expect(Self.refusals(.renewed, "2025-03-01", early, ce: Self.fullCE("2025-01-01", "2025-02-01")) == [])
        // Lapsed: too late, whatever else is in place.
        #expect(Self.refusals(.renewed, "2026-09-01", signed, ce: Self.fullCE("2025-01-01", "2025-02-01")) == ["on:certification_lapsed"])
        #expect(Self.refusals(.renewed, "2026-09-01", events) == ["on:certification_lapsed"])
    }

    // MARK: - Deadlines and alerts

    @Test("Alert levels: the smallest of 90/60/30 days at or above the days left, overdue below zero")
    func alertLevels() {
        let expected: [(Int, DeadlineAlert)] = [(91, .none), (90, .days90), (61, .days90), (60, .days60), (31, .days60),
                                                (30, .days30), (1, .days30), (0, .days30), (-1, .overdue), (-400, .overdue), (731, .none)]
        for (left, alert) in expected {
            #expect(CertificationRules.alert(daysLeft: left, rules: Self.ca) == alert, "\(left) days")
        }
        // Through a status: the renewal deadline of a cycle expiring 2026-08-01.
        let events = Self.walk(Self.path)
        let expiry = Self.d("2026-08-01")
        for (left, alert) in expected where (0...91).contains(left) {
            let s = CertificationRules.status(events: events, ce: [], rules: Self.ca, on: expiry.adding(days: -left))
            #expect(s.deadlines.first?.daysLeft == left && s.deadlines.first?.alert == alert, "\(left) days")
            #expect(s.tasks.last?.kind == .renew && s.tasks.last?.alert == alert, "\(left) days")
        }
        // The training window raises the same levels.
        let approved = Self.walk(Array(Self.path.prefix(3)))
        let windowEnd = Self.d("2025-02-01")
        for (left, alert) in expected where (0...91).contains(left) {
            let s = CertificationRules.status(events: approved, ce: [], rules: Self.ca, on: windowEnd.adding(days: -left))
            #expect(Self.lines(s.deadlines) == ["training_window@2025-02-01(\(left))!\(alert.rawValue)"])
        }
    }

    @Test("Another rule set's alert days map first, second and third to the 90, 60 and 30-day levels")
    func configuredAlertLevels() {
        var rules = Self.ca
        rules.alertDays = [45, 14]
        #expect(CertificationRules.alert(daysLeft: 46, rules: rules) == DeadlineAlert.none)
        #expect(CertificationRules.alert(daysLeft: 45, rules: rules) == .days90)
        #expect(CertificationRules.alert(daysLeft: 15, rules: rules) == .days90)
        #expect(CertificationRules.alert(daysLeft: 14, rules: rules) == .days60)
        #expect(CertificationRules.alert(daysLeft: 0, rules: rules) == .days60)
        #expect(CertificationRules.alert(daysLeft: -1, rules: rules) == .overdue)
        rules.alertDays = [30, 120, 60, 90, 60]  // out of order and repeated
        #expect(CertificationRules.alert(daysLeft: 120, rules: rules) == .days90)
        #expect(CertificationRules.alert(daysLeft: 90, rules: rules) == .days60)
        #expect(CertificationRules.alert(daysLeft: 60, rules: rules) == .days30)
        #expect(CertificationRules.alert(daysLeft: 30, rules: rules) == .days30)
        rules.alertDays = []
        #expect(CertificationRules.alert(daysLeft: 0, rules: rules) == DeadlineAlert.none)
        #expect(CertificationRules.alert(daysLeft: -1, rules: rules) == .overdue)
    }

    @Test("Done tasks raise no alert, and deadlines come soonest first")
    func doneTasksAndOrder() {
        let events = Self.walk([(.ethicsSigned, "2026-05-10")], after: Self.walk(Self.path))
        let ce = [Self.ce("2025-01-01", 840), Self.ce("2025-01-02", 360, .lawAndEthics)]
        let s = Self.status(events, ce: ce, on: "2026-07-20")
        #expect(Self.lines(s.tasks) == ["log_ce:true:0@2026-08-01", "log_law_and_ethics:true:0@2026-08-01",
                                        "sign_ethics:true@2026-08-01", "renew:false@2026-08-01!days_30"])
        #expect(Self.lines(s.deadlines) == ["renewal@2026-08-01(12)!days_30"])
        let dueOns = Self.status(Self.walk(Self.path), on: "2026-07-20").deadlines.map(\.dueOn)
        #expect(dueOns == dueOns.sorted())
    }

    // MARK: - Continuing education entries

    static func ceCodes(_ entry: CEEntry, existing: [CEEntry] = [], today: String = "2025-06-01") -> [String] {
        do {
            _ = try CertificationRules.validateCE(entry, existing: existing, today: d(today))
            return []
        } catch {
            return error.errors.map { "\($0.field ?? ""):\($0.code)" }
        }
    }

    @Test("A CE entry is trimmed; its minutes are 1 to 24 hours, its day not in the future nor before 1900, its title required")
    func ceEntry() throws {
        let clean = try CertificationRules.validateCE(Self.ce("2025-06-01", 90, title: "  Ethics in peer work \n", provider: " CalMHSA "),
                                                      existing: [], today: Self.d("2025-06-01"))
        #expect(clean.title == "Ethics in peer work" && clean.provider == "CalMHSA" && clean.minutes == 90)
        #expect(Self.ceCodes(Self.ce("2025-06-01", 1_440)) == [])
        #expect(Self.ceCodes(Self.ce("2025-06-01", 1)) == [])
        #expect(Self.ceCodes(Self.ce("2025-06-01", 0)) == ["hours:out_of_range"])
        #expect(Self.ceCodes(Self.ce("2025-06-01", -60)) == ["hours:out_of_range"])
        #expect(Self.ceCodes(Self.ce("2025-06-01", 1_441)) == ["hours:out_of_range"])
        #expect(Self.ceCodes(Self.ce("2025-06-02", 60)) == ["taken_on:in_future"])
        #expect(Self.ceCodes(Self.ce("1899-12-31", 60)) == ["taken_on:too_early"])
        #expect(Self.ceCodes(Self.ce("2025-06-01", 60, title: "  ")) == ["title:required"])
        #expect(Self.ceCodes(Self.ce("2025-06-01", 60, title: "Two\nlines")) == ["title:invalid_characters"])
        #expect(Self.ceCodes(Self.ce("2025-06-01", 60, title: String(repeating: "t", count: 201))) == ["title:too_long"])
        #expect(Self.ceCodes(Self.ce("2025-06-01", 60, title: String(repeating: "t", count: 200))) == [])
        #expect(Self.ceCodes(Self.ce("2025-06-01", 60, provider: String(repeating: "p", count: 201))) == ["provider:too_long"])
        #expect(Self.ceCodes(Self.ce("2025-06-01", 60, provider: "")) == [])
        #expect(Self.ceCodes(Self.ce("2025-06-02", 0, title: "", provider: "a\u{0}b"))
                == ["hours:out_of_range", "taken_on:in_future", "title:required", "provider:invalid_characters"])
    }

    @Test("Negative and zero hours typed by a person are refused as out of range")
    func ceNegativeAndZeroHours() throws {
        for typed in ["0", "0.0", "-1", "-0.5", "0,001"] {
            let minutes = try #require(CertificationRules.minutes(fromHours: typed))
            #expect(Self.ceCodes(Self.ce("2025-06-01", minutes)) == ["hours:out_of_range"], "\(typed)")
        }
    }

    @Test("More than 24 hours on one day across two entries is refused; other days, other people and the entry itself do not count")
    func ceOverADay() {
        let morning = Self.ce("2025-05-01", 800)
        #expect(Self.ceCodes(Self.ce("2025-05-01", 640), existing: [morning]) == [])
        #expect(Self.ceCodes(Self.ce("2025-05-01", 641), existing: [morning]) == ["hours:over_24_hours_in_a_day"])
        #expect(Self.ceCodes(Self.ce("2025-05-02", 641), existing: [morning]) == [])
        #expect(Self.ceCodes(Self.ce("2025-05-01", 641, user: UUID()), existing: [morning]) == [])
        // Correcting the morning's own entry does not count it twice.
        var corrected = morning
        corrected.minutes = 1_000
        #expect(Self.ceCodes(corrected, existing: [morning]) == [])
        #expect(Self.ceCodes(corrected, existing: [morning, Self.ce("2025-05-01", 441)]) == ["hours:over_24_hours_in_a_day"])
    }

    @Test("Hours typed by a person become whole minutes: a point or a comma, rounded; anything else is not a number")
    func minutesFromHours() {
        let read: [(String, Int)] = [("1.5", 90), ("2", 120), ("0.25", 15), ("1,5", 90), (" 3 ", 180), (".5", 30), ("5.", 300),
                                     ("0.01", 1), ("0.008", 0), ("1.999", 120), ("24", 1_440), ("-1", -60), ("0", 0), ("+2", 120),
                                     ("007", 420), ("0.75", 45)]
        for (text, minutes) in read {
            #expect(CertificationRules.minutes(fromHours: text) == minutes, "\(text)")
        }
        for text in ["", " ", "abc", "1.2.3", "1,5.0", "1e3", "inf", "nan", "0x10", "1 5", "--1", "-", ".", ",", "١", "1h", "½",
                     "99999999999999999999"] {
            #expect(CertificationRules.minutes(fromHours: text) == nil, "\(text)")
        }
    }

    // MARK: - Standing

    @Test("A service's standing: not tracked, in progress, window closed, certified and lapsed, judged on the service's day")
    func standing() {
        func standing(_ on: String, _ events: [CertificationEvent]) -> CertificationStanding {
            CertificationRules.standing(on: Self.d(on), events: events, rules: Self.ca)
        }
        let events = Self.walk(Self.path)
        #expect(standing("2024-01-01", []) == .notTracked)
        #expect(standing("2024-01-09", events) == .notTracked)  // only later events
        #expect(standing("2024-01-10", events) == .inProgress)
        #expect(standing("2024-03-01", events) == .inProgress)
        #expect(standing("2024-07-15", events) == .inProgress)
        #expect(standing("2024-08-01", events) == .certified)
        #expect(standing("2026-06-01", events) == .certified)  // renewal due
        #expect(standing("2026-08-01", events) == .certified)  // the expiry day
        #expect(standing("2026-08-02", events) == .lapsed)

        let approved = Array(events.prefix(3))
        #expect(standing("2025-02-01", approved) == .inProgress)
        #expect(standing("2025-02-02", approved) == .trainingWindowClosed)
        #expect(standing("2025-02-02", Array(events.prefix(4))) == .trainingWindowClosed)  // trained, no exam
        // Exam passed in the window, certification not yet issued: still in progress after the window.
        #expect(standing("2025-03-01", Array(events.prefix(5))) == .inProgress)

        // A renewal carries the standing into the next cycle; a service before it is judged without it.
        let ce = Self.fullCE("2025-01-10", "2025-06-01")
        let renewed = Self.walk([(.ethicsSigned, "2026-05-10"), (.renewed, "2026-06-01")], after: events, ce: ce)
        #expect(standing("2026-08-02", renewed) == .certified)
        #expect(standing("2028-08-01", renewed) == .certified)
        #expect(standing("2028-08-02", renewed) == .lapsed)
        #expect(standing("2026-05-20", renewed) == .certified)

        #expect([CertificationStanding.notTracked, .inProgress, .trainingWindowClosed, .certified, .lapsed].map(\.isFlagged)
                == [false, false, true, false, true])
        #expect(CertificationStanding.trainingWindowClosed.rawValue == "training_window_closed")
    }

    // MARK: - Starting over

    @Test("After a lapse a new application starts over: the old events stay, the status reads from the latest application")
    func reapplyAfterLapse() {
        let old = Self.walk([(.ethicsSigned, "2025-03-01")], after: Self.walk(Self.path))
        #expect(Self.refusals(.applied, "2026-08-01", old) == ["step:already_in_progress"])
        let again = Self.walk([(.applied, "2026-09-01")], after: old)
        let s = Self.status(again, ce: [Self.ce("2025-01-01", 1_200)], on: "2026-09-02")
        #expect(s.state == .applied && s.appliedOn == Self.d("2026-09-01"))
        #expect(s.certifiedOn == nil && s.expiresOn == nil && s.certificateNumber == "" && s.renewals == 0 && s.ce == nil)
        #expect(Self.lines(s.tasks) == ["apply:true", "verify_documents:false", "approval:false"])
        #expect(CertificationRules.standing(on: Self.d("2026-09-01"), events: again, rules: Self.ca) == .inProgress)
        #expect(CertificationRules.standing(on: Self.d("2026-08-20"), events: again, rules: Self.ca) == .lapsed)
        // Each step is asked for afresh in the new application, and a step dated back into the old one is refused.
        #expect(Self.refusals(.approved, "2026-09-02", again) == ["step:documents_not_verified"])
        #expect(Self.refusals(.certified, "2026-09-02", again) == ["step:exam_not_passed"])
        #expect(Self.refusals(.documentsVerified, "2026-08-31", again) == ["on:before_previous_step"])
        #expect(Self.refusals(.applied, "2026-09-02", again) == ["step:already_in_progress"])

        let recertified = Self.walk([(.documentsVerified, "2026-09-05"), (.approved, "2026-09-10"), (.trainingCompleted, "2026-10-01"),
                                     (.examPassed, "2026-10-15"), (.certified, "2026-11-01")], after: again,
                                    refs: [.certified: "PSS-456"])
        let c = Self.status(recertified, ce: [Self.ce("2025-01-01", 1_200)], on: "2026-11-02")
        #expect(c.state == .certified && c.certifiedOn == Self.d("2026-11-01") && c.expiresOn == Self.d("2028-11-01"))
        #expect(c.certificateNumber == "PSS-456" && c.trainingWindowEndsOn == Self.d("2027-09-10"))
        // The old application's signature and education belong to it.
        #expect(!c.ethicsSignedInCycle && c.ce?.minutes == 0)
    }

    @Test("After the training window closed a new application starts over too")
    func reapplyAfterWindowClosed() {
        let approved = Self.walk(Array(Self.path.prefix(4)))
        let again = Self.walk([(.applied, "2025-03-01"), (.documentsVerified, "2025-03-05"), (.approved, "2025-03-10")], after: approved)
        let s = Self.status(again, on: "2025-03-11")
        #expect(s.state == .trainingWindowOpen && s.trainingWindowEndsOn == Self.d("2026-03-10") && s.trainingCompletedOn == nil)
        #expect(Self.refusals(.examPassed, "2025-03-11", again) == ["step:exam_before_training"])
    }

    @Test("Events arrive in any order: sorted by day, then by when they were recorded")
    func ordering() {
        let closed = Self.walk(Array(Self.path.prefix(3)))
        let reapplied = Self.event(.applied, "2025-03-01", seq: 0)
        let verified = Self.event(.documentsVerified, "2025-03-01", seq: 1)
        let s = Self.status([verified] + closed.reversed() + [reapplied], on: "2025-03-02")
        #expect(s.state == .applied && s.appliedOn == Self.d("2025-03-01") && s.documentsVerifiedOn == Self.d("2025-03-01"))
        // Recorded before the new application, the same day's verification belonged to the old one.
        let before = Self.event(.documentsVerified, "2025-03-01", seq: -1)
        #expect(Self.status(closed + [reapplied, before], on: "2025-03-02").documentsVerifiedOn == nil)

        let events = Self.walk(Self.path)
        #expect(Self.status(events.shuffled(), on: "2024-09-01") == Self.status(events, on: "2024-09-01"))
    }

    // MARK: - Another state's rules

    @Test("A configured rule set: a 6-month window, 3-year cycles, 30 h with 10 h of law and ethics, renewal from 60 days")
    func configuredRuleSet() throws {
        let rules = try CertificationRuleSet.validate(CertificationRuleSet(
            code: "xx_test", trainingWindowMonths: 6, certificationYears: 3, ceMinutesPerCycle: 1_800, ceLawAndEthicsMinutes: 600,
            renewalWindowDays: 60, alertDays: [60, 30, 7]))
        let approved = Self.walk([(.applied, "2023-08-01"), (.documentsVerified, "2023-08-15"), (.approved, "2023-08-31")], rules: rules)
        #expect(Self.status(approved, rules: rules, on: "2023-09-01").trainingWindowEndsOn == Self.d("2024-02-29"))
        #expect(Self.refusals(.trainingCompleted, "2024-03-01", approved, rules: rules) == ["on:training_window_closed"])
        let events = Self.walk([(.trainingCompleted, "2024-02-29"), (.examPassed, "2024-02-29"), (.certified, "2024-03-15")],
                               after: approved, rules: rules)
        let s = Self.status(events, rules: rules, on: "2024-04-01")
        #expect(s.expiresOn == Self.d("2027-03-15") && s.renewalOpensOn == Self.d("2027-01-14"))
        #expect(s.ce?.requiredMinutes == 1_800 && s.ce?.requiredLawAndEthicsMinutes == 600)
        #expect(Self.status(events, rules: rules, on: "2027-01-13").state == .certified)
        let due = Self.status(events, rules: rules, on: "2027-01-14")
        #expect(due.state == .renewalDue && due.deadlines.first?.daysLeft == 60 && due.deadlines.first?.alert == .days90)
        #expect(Self.status(events, rules: rules, on: "2027-03-07").deadlines.first?.alert == .days60)
        #expect(Self.status(events, rules: rules, on: "2027-03-08").deadlines.first?.alert == .days30)
        // California's hours would do; these rules ask for more.
        let signed = Self.walk([(.ethicsSigned, "2027-02-01")], after: events, rules: rules)
        let ce = [Self.ce("2025-01-01", 1_000), Self.ce("2025-02-01", 500, .lawAndEthics)]
        #expect(Self.refusals(.renewed, "2027-03-01", signed, ce: ce, rules: rules) == ["step:ce_incomplete"])
        let short = Self.status(signed, ce: ce, rules: rules, on: "2027-03-01")
        #expect(short.ce?.remainingMinutes == 300 && short.ce?.remainingLawAndEthicsMinutes == 100)
        let enough = ce + [Self.ce("2026-01-01", 300, .lawAndEthics)]
        let renewed = Self.walk([(.renewed, "2027-03-01")], after: signed, ce: enough, rules: rules)
        let r = Self.status(renewed, ce: enough, rules: rules, on: "2027-03-02")
        #expect(r.cycleStartsOn == Self.d("2027-03-16") && r.expiresOn == Self.d("2030-03-15") && r.renewals == 1)
        #expect(CertificationRules.standing(on: Self.d("2030-03-15"), events: renewed, rules: rules) == .certified)
        #expect(CertificationRules.standing(on: Self.d("2030-03-16"), events: renewed, rules: rules) == .lapsed)
    }
}
