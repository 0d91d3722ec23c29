/// When a program gives an instrument: at intake, every N days after the last time it was given,
/// and at discharge.
public struct InstrumentScheduleRule: Sendable, Equatable, Codable {
    public var instrumentID: String
    public var atIntake: Bool
    /// Days from the latest administration (or enrollment) to the next follow-up; nil for none.
    public var everyDays: Int?
    public var atDischarge: Bool

    public init(instrumentID: String, atIntake: Bool, everyDays: Int?, atDischarge: Bool) {
        self.instrumentID = instrumentID
        self.atIntake = atIntake
        self.everyDays = everyDays
        self.atDischarge = atDischarge
    }

    public static let minimumDays = 7
    public static let maximumDays = 730

    /// Refuses an interval outside 7–730 days and a rule that schedules nothing.
    public func validated() throws(ValidationErrors) -> Self {
        var errors = ValidationErrors()
        if InstrumentCatalog.instrument(instrumentID) == nil { errors.append(ValidationError("instrument", "unknown_value")) }
        if let days = everyDays, !(Self.minimumDays...Self.maximumDays).contains(days) {
            errors.append(ValidationError("every_days", "out_of_range", "error.every_days_out_of_range"))
        }
        try errors.throwIfAny()
        return self
    }

    public var schedulesAnything: Bool { atIntake || everyDays != nil || atDischarge }
}

/// An instrument due for one episode.
public struct InstrumentDue: Sendable, Equatable {
    public let instrumentID: String
    public let timepoint: TimepointKind
    public let dueOn: CalendarDate
    /// More than `InstrumentSchedule.graceDays` past its day.
    public let overdue: Bool

    public init(instrumentID: String, timepoint: TimepointKind, dueOn: CalendarDate, overdue: Bool) {
        self.instrumentID = instrumentID
        self.timepoint = timepoint
        self.dueOn = dueOn
        self.overdue = overdue
    }
}

public enum InstrumentSchedule {
    /// Days after its due day that an administration is still on time.
    public static let graceDays = 14
    /// Days before its due day that a follow-up shows on the due list.
    public static let noticeDays = 7
    /// Days after discharge that a discharge administration is still asked for.
    public static let dischargeWindowDays = 30

    /// What `rule` asks of `episode` by `today`, given the administrations of that instrument current in
    /// the episode: the intake if none was given, else the next follow-up once it is within notice, or the
    /// discharge administration in the weeks after discharge. Nothing is due for a long-closed episode.
    public static func due(_ rule: InstrumentScheduleRule, episode: Episode, given: [InstrumentAdministration],
                           today: CalendarDate) -> InstrumentDue? {
        let mine = given.filter { $0.instrumentID == rule.instrumentID && $0.episodeID == episode.id }
        func item(_ kind: TimepointKind, _ day: CalendarDate) -> InstrumentDue {
            InstrumentDue(instrumentID: rule.instrumentID, timepoint: kind, dueOn: day, overdue: today > day.adding(days: graceDays))
        }
        if let end = episode.dischargedOn {
            guard rule.atDischarge, today <= end.adding(days: dischargeWindowDays),
                  !mine.contains(where: { $0.timepoint.kind == .discharge }) else { return nil }
            return item(.discharge, end)
        }
        if rule.atIntake, !mine.contains(where: { $0.timepoint.kind == .intake }) {
            return item(.intake, episode.enrolledOn)
        }
        guard let days = rule.everyDays else { return nil }
        let last = mine.map(\.givenOn).max() ?? episode.enrolledOn
        let next = last.adding(days: days)
        guard next <= today.adding(days: noticeDays) else { return nil }
        return item(.followUp, next)
    }
}
