import Foundation

/// The peer certification state machine: a person's status folded from the steps they recorded and
/// the continuing education they logged, which step may come next, and the standing a service is
/// judged by. Only events are stored; everything here is derived from them on a day, so a status is
/// never out of date and a past day can be judged as it stood then.
public enum CertificationRules {
    static let maxTitleLength = 200
    static let maxProviderLength = 200
    /// No one takes more than a day's worth of education in a day.
    static let maxMinutesPerDay = 1_440

    /// Folds the person's events (any order in: sort by `on`, then `recordedAt`) and CE into their status on `today`.
    /// Events are assumed to have passed `validate` when recorded; ignore events dated after `today`.
    public static func status(events: [CertificationEvent], ce: [CEEntry], rules: CertificationRuleSet, on today: CalendarDate) -> CertificationStatus {
        guard let app = Application(ordered(events).filter { $0.on <= today }, rules: rules) else {
            return CertificationStatus(state: .notStarted, appliedOn: nil, documentsVerifiedOn: nil, approvedOn: nil, trainingWindowEndsOn: nil,
                                       trainingCompletedOn: nil, examPassedOn: nil, certifiedOn: nil, cycleStartsOn: nil, expiresOn: nil,
                                       renewalOpensOn: nil, ethicsSignedInCycle: false, certificateNumber: "", renewals: 0, ce: nil,
                                       deadlines: [], tasks: [CertificationTask(kind: .apply, dueOn: nil, done: false, remainingMinutes: nil, alert: .none)])
        }
        let state = app.state(on: today, rules: rules)
        let signed = app.ethicsSigned(through: today)
        let windowEnd = app.trainingWindowEndsOn(rules)
        var progress: CECycleProgress?
        if [.certified, .renewalDue, .lapsed].contains(state), let start = app.cycleStartsOn, let end = app.expiresOn {
            // Education logged after `today` has not happened yet on the day being judged.
            let counted = ce.filter { $0.takenOn >= start && $0.takenOn <= min(end, today) }
            progress = CECycleProgress(startsOn: start, endsOn: end, minutes: counted.reduce(0) { $0 + $1.minutes },
                                       lawAndEthicsMinutes: counted.filter { $0.category == .lawAndEthics }.reduce(0) { $0 + $1.minutes },
                                       requiredMinutes: rules.ceMinutesPerCycle, requiredLawAndEthicsMinutes: rules.ceLawAndEthicsMinutes)
        }

        func deadline(_ kind: CertificationDeadline.Kind, _ day: CalendarDate) -> CertificationDeadline {
            let left = today.days(until: day)
            return CertificationDeadline(kind: kind, dueOn: day, daysLeft: left, alert: alert(daysLeft: left, rules: rules))
        }
        func task(_ kind: CertificationTask.Kind, due: CalendarDate? = nil, done: Bool = false, remaining: Int? = nil) -> CertificationTask {
            var level = DeadlineAlert.none
            if !done, let due { level = alert(daysLeft: today.days(until: due), rules: rules) }
            return CertificationTask(kind: kind, dueOn: due, done: done, remainingMinutes: remaining, alert: level)
        }

        var deadlines: [CertificationDeadline] = []
        var tasks: [CertificationTask] = []
        switch state {
        case .notStarted:
            tasks = [task(.apply)]
        case .applied:
            tasks = [task(.apply, done: true), task(.verifyDocuments, done: app.documentsVerifiedOn != nil), task(.approval)]
        case .trainingWindowOpen, .trainingCompleted, .examPassed:
            if state != .examPassed, let windowEnd { deadlines.append(deadline(.trainingWindow, windowEnd)) }
            tasks = [task(.completeTraining, due: windowEnd, done: app.trainingCompletedOn != nil),
                     task(.passExam, due: windowEnd, done: app.examPassedOn != nil),
                     task(.certify)]
        case .certified, .renewalDue:
            if let expiry = app.expiresOn {
                deadlines.append(deadline(.renewal, expiry))
                if !signed { deadlines.append(deadline(.ethics, expiry)) }
            }
            let ceLeft = progress?.remainingMinutes ?? 0
            let lawLeft = progress?.remainingLawAndEthicsMinutes ?? 0
            tasks = [task(.logCE, due: app.expiresOn, done: ceLeft == 0, remaining: ceLeft),
                     task(.logLawAndEthics, due: app.expiresOn, done: lawLeft == 0, remaining: lawLeft),
                     task(.signEthics, due: app.expiresOn, done: signed),
                     task(.renew, due: app.expiresOn)]
        case .trainingWindowClosed, .lapsed:
            tasks = [task(.reapply)]
        }
        deadlines = deadlines.enumerated().sorted { ($0.element.dueOn, $0.offset) < ($1.element.dueOn, $1.offset) }.map(\.element)

        return CertificationStatus(state: state, appliedOn: app.appliedOn, documentsVerifiedOn: app.documentsVerifiedOn, approvedOn: app.approvedOn,
                                   trainingWindowEndsOn: windowEnd, trainingCompletedOn: app.trainingCompletedOn, examPassedOn: app.examPassedOn,
                                   certifiedOn: app.certifiedOn, cycleStartsOn: app.cycleStartsOn, expiresOn: app.expiresOn,
                                   renewalOpensOn: app.expiresOn?.adding(days: -rules.renewalWindowDays), ethicsSignedInCycle: signed,
                                   certificateNumber: app.certificateNumber, renewals: app.renewals, ce: progress, deadlines: deadlines, tasks: tasks)
    }

    /// Whether `step` on `date` may be recorded after `history`; field "on" for date errors, "step" for order errors.
    public static func validate(_ step: CertificationStep, on date: CalendarDate, history: [CertificationEvent], ce: [CEEntry],
                                rules: CertificationRuleSet, today: CalendarDate) throws(ValidationErrors) {
        var errors = ValidationErrors()
        func refuse(_ field: String, _ code: String) { errors.append(ValidationError(field, code)) }
        DateRules.check(date, field: "on", into: &errors)
        if date > today { errors.append(ValidationError("on", "in_future", "error.date_in_future")) }
        // The application's facts come from all of it; the state is read on the step's own day.
        let app = Application(ordered(history), rules: rules)
        if let latest = app?.latest, date < latest { refuse("on", "before_previous_step") }
        let onDate = status(events: history, ce: ce, rules: rules, on: date)

        switch step {
        case .applied:
            if ![.notStarted, .lapsed, .trainingWindowClosed].contains(onDate.state) { refuse("step", "already_in_progress") }
        case .documentsVerified:
            if let app {
                if app.documentsVerifiedOn != nil { refuse("step", "already_done") }
            } else {
                refuse("step", "not_applied")
            }
        case .approved:
            if app?.documentsVerifiedOn == nil {
                refuse("step", "documents_not_verified")
            } else if app?.approvedOn != nil {
                refuse("step", "already_done")
            }
        case .trainingCompleted:
            if let app, let windowEnd = app.trainingWindowEndsOn(rules) {
                if app.trainingCompletedOn != nil { refuse("step", "already_done") }
                if date > windowEnd { refuse("on", "training_window_closed") }
            } else {
                refuse("step", "not_approved")
            }
        case .examPassed:
            if let trained = app?.trainingCompletedOn, date >= trained {
                if app?.examPassedOn != nil { refuse("step", "already_done") }
            } else {
                refuse("step", "exam_before_training")
            }
            if let windowEnd = app?.trainingWindowEndsOn(rules), date > windowEnd { refuse("on", "training_window_closed") }
        case .certified:
            if app?.examPassedOn == nil {
                refuse("step", "exam_not_passed")
            } else if app?.certifiedOn != nil {
                refuse("step", "already_done")
            }
        case .ethicsSigned:
            if ![.certified, .renewalDue].contains(onDate.state) { refuse("step", "not_certified") }
        case .renewed:
            switch onDate.state {
            case .certified, .renewalDue:
                if onDate.ce?.isMet != true { refuse("step", "ce_incomplete") }
                if !onDate.ethicsSignedInCycle { refuse("step", "ethics_not_signed") }
            case .lapsed:
                refuse("on", "certification_lapsed")
            default:
                refuse("step", "not_certified")
            }
        }
        try errors.throwIfAny()
    }

    /// A CE entry: minutes 1...1440 (field "hours", code "out_of_range"); the day's total with `existing` entries of the same
    /// user <= 1440 (field "hours", code "over_24_hours_in_a_day"); not after today (field "taken_on", "in_future");
    /// not before DateRules.earliest; title required (field "title", "required"), title/provider single-line <= 200 (TextRules).
    /// Returns the entry with trimmed text.
    public static func validateCE(_ entry: CEEntry, existing: [CEEntry], today: CalendarDate) throws(ValidationErrors) -> CEEntry {
        var errors = ValidationErrors()
        var clean = entry
        if !(1...maxMinutesPerDay).contains(entry.minutes) {
            errors.append(ValidationError("hours", "out_of_range"))
        } else {
            // The entry itself may be among `existing` when it is being corrected.
            let sameDay = existing.filter { $0.userID == entry.userID && $0.takenOn == entry.takenOn && $0.id != entry.id }
            if sameDay.reduce(entry.minutes, { $0 + $1.minutes }) > maxMinutesPerDay { errors.append(ValidationError("hours", "over_24_hours_in_a_day")) }
        }
        if entry.takenOn > today { errors.append(ValidationError("taken_on", "in_future", "error.date_in_future")) }
        DateRules.check(entry.takenOn, field: "taken_on", into: &errors)
        clean.title = TextRules.clean(entry.title, field: "title", lines: .single, limit: maxTitleLength, into: &errors)
        if clean.title.isEmpty { errors.append(ValidationError("title", "required")) }
        clean.provider = TextRules.clean(entry.provider, field: "provider", lines: .single, limit: maxProviderLength, into: &errors)
        try errors.throwIfAny()
        return clean
    }

    /// Parses hours typed by a person ("1.5", "2", "0.25", "1,5") into whole minutes (rounded); nil when not a number.
    public static func minutes(fromHours text: String) -> Int? {
        var body = Substring(TextRules.trimmed(text))
        var sign = 1
        if body.first == "-" || body.first == "+" {
            if body.first == "-" { sign = -1 }
            body = body.dropFirst()
        }
        // Only plain decimals: Double(_:) alone would also take "1e3", "inf", "nan" and hexadecimal.
        let parts = body.split(omittingEmptySubsequences: false) { $0 == "." || $0 == "," }
        guard (1...2).contains(parts.count), parts.contains(where: { !$0.isEmpty }),
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        let whole = parts[0].isEmpty ? "0" : String(parts[0])
        let fraction = parts.count == 2 && !parts[1].isEmpty ? String(parts[1]) : "0"
        guard let hours = Double(whole + "." + fraction), let minutes = Int(exactly: (hours * 60).rounded()) else { return nil }
        return sign * minutes
    }

    /// The standing a service dated `date` is judged by: only events on or before `date` count.
    public static func standing(on date: CalendarDate, events: [CertificationEvent], rules: CertificationRuleSet) -> CertificationStanding {
        guard let app = Application(ordered(events).filter({ $0.on <= date }), rules: rules) else { return .notTracked }
        switch app.state(on: date, rules: rules) {
        case .notStarted: return .notTracked
        case .applied, .trainingWindowOpen, .trainingCompleted, .examPassed: return .inProgress
        case .trainingWindowClosed: return .trainingWindowClosed
        case .certified, .renewalDue: return .certified
        case .lapsed: return .lapsed
        }
    }

    /// The alert a deadline `daysLeft` away raises: the smallest alert threshold at or above it, read
    /// as the 90-, 60- and 30-day levels in turn (any further threshold as the 30-day one).
    static func alert(daysLeft: Int, rules: CertificationRuleSet) -> DeadlineAlert {
        if daysLeft < 0 { return .overdue }
        let thresholds = Set(rules.alertDays).sorted(by: >)
        guard let index = thresholds.lastIndex(where: { $0 >= daysLeft }) else { return .none }
        return [DeadlineAlert.days90, .days60, .days30][min(index, 2)]
    }

    static func ordered(_ events: [CertificationEvent]) -> [CertificationEvent] {
        events.sorted { ($0.on, $0.recordedAt) < ($1.on, $1.recordedAt) }
    }
}

/// The current application folded from ordered events: everything from the latest `applied` on.
private struct Application {
    var appliedOn: CalendarDate
    var documentsVerifiedOn: CalendarDate?
    var approvedOn: CalendarDate?
    var trainingCompletedOn: CalendarDate?
    var examPassedOn: CalendarDate?
    var certifiedOn: CalendarDate?
    var certificateNumber = ""
    var cycleStartsOn: CalendarDate?
    var expiresOn: CalendarDate?
    var renewals = 0
    var ethicsSignatures: [CalendarDate] = []
    var latest: CalendarDate

    /// Nil when no application was made; steps before the first `applied` belong to none.
    init?(_ ordered: [CertificationEvent], rules: CertificationRuleSet) {
        guard let start = ordered.lastIndex(where: { $0.step == .applied }) else { return nil }
        appliedOn = ordered[start].on
        latest = appliedOn
        for event in ordered[start...].dropFirst() {
            latest = max(latest, event.on)
            switch event.step {
            case .applied: break
            case .documentsVerified: documentsVerifiedOn = documentsVerifiedOn ?? event.on
            case .approved: approvedOn = approvedOn ?? event.on
            case .trainingCompleted: trainingCompletedOn = trainingCompletedOn ?? event.on
            case .examPassed: examPassedOn = examPassedOn ?? event.on
            case .certified:
                guard certifiedOn == nil else { break }
                certifiedOn = event.on
                certificateNumber = event.reference
                cycleStartsOn = event.on
                expiresOn = event.on.adding(years: rules.certificationYears)
                ethicsSignatures.append(event.on)
            case .ethicsSigned:
                ethicsSignatures.append(event.on)
            case .renewed:
                // From the old expiry, not the renewal day, so renewing early costs nothing.
                guard let expiry = expiresOn else { break }
                cycleStartsOn = expiry.adding(days: 1)
                expiresOn = expiry.adding(years: rules.certificationYears)
                renewals += 1
            }
        }
    }

    func trainingWindowEndsOn(_ rules: CertificationRuleSet) -> CalendarDate? {
        approvedOn?.adding(months: rules.trainingWindowMonths)
    }

    /// A renewal asks for a signature given during the cycle, so the one given at certification (the
    /// first cycle's first day) does not answer it.
    func ethicsSigned(through day: CalendarDate) -> Bool {
        guard let start = cycleStartsOn else { return false }
        return ethicsSignatures.contains { $0 > start && $0 <= day }
    }

    func state(on today: CalendarDate, rules: CertificationRuleSet) -> CertificationState {
        if let expiry = expiresOn {
            if today > expiry { return .lapsed }
            return today >= expiry.adding(days: -rules.renewalWindowDays) ? .renewalDue : .certified
        }
        if examPassedOn != nil { return .examPassed }
        if let windowEnd = trainingWindowEndsOn(rules) {
            if today > windowEnd { return .trainingWindowClosed }
            return trainingCompletedOn != nil ? .trainingCompleted : .trainingWindowOpen
        }
        return .applied
    }
}

extension CertificationRules {
    /// Certification applies to peer and family-peer specialists, and to anyone with a step on record;
    /// for everyone else there is nothing to do, and pages say it is not tracked.
    public static func isTracked(_ discipline: Discipline, hasSteps: Bool) -> Bool { discipline.isPeer || hasSteps }
}
