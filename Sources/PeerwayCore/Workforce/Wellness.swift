import Foundation

/// A peer's short periodic check-in on their own work (seed 000: peer wellness and resiliency, job
/// satisfaction; seed 001: burnout, feeling supported). Private to the peer and their supervisor.
public struct WellnessCheckIn: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var userID: UUID
    public var givenOn: CalendarDate
    /// 1 very dissatisfied … 5 very satisfied with the job.
    public var satisfaction: Int
    /// 1 never … 5 always feeling burned out by the work.
    public var burnout: Int
    /// 1 strongly disagree … 5 strongly agree that they feel supported by their supervisor and team.
    public var supported: Int
    /// Something the peer wants their supervisor to know; optional.
    public var note: String
    public var recordedAt: Date

    public init(id: UUID, userID: UUID, givenOn: CalendarDate, satisfaction: Int, burnout: Int, supported: Int, note: String, recordedAt: Date) {
        self.id = id
        self.userID = userID
        self.givenOn = givenOn
        self.satisfaction = satisfaction
        self.burnout = burnout
        self.supported = supported
        self.note = note
        self.recordedAt = recordedAt
    }
}

/// A group's check-ins summed up for managers: only shown when enough peers answered that no one's
/// answers can be read from it.
public struct WellnessSummary: Sendable, Equatable {
    /// Peers whose latest check-in in the period is counted (the denominator of every figure).
    public let respondents: Int
    /// Respondents satisfied or very satisfied (4–5).
    public let satisfied: Int
    /// Respondents burned out often or always (4–5).
    public let burnedOut: Int
    /// Respondents who agree or strongly agree they feel supported (4–5).
    public let supported: Int
}

public enum WellnessRules {
    /// Days between check-ins a peer is asked for.
    public static let cadenceDays = 30
    /// Fewest respondents a manager's summary is shown for; fewer and it is withheld.
    public static let minimumGroupSize = 5
    public static let scale = 1...5
    public static let maxNoteLength = 1000

    public static func validate(_ checkIn: WellnessCheckIn, today: CalendarDate) throws(ValidationErrors) -> WellnessCheckIn {
        var errors = ValidationErrors()
        var c = checkIn
        for (value, field) in [(c.satisfaction, "satisfaction"), (c.burnout, "burnout"), (c.supported, "supported")] where !scale.contains(value) {
            errors.append(ValidationError(field, "out_of_range"))
        }
        if c.givenOn > today { errors.append(ValidationError("given_on", "in_future")) }
        c.note = TextRules.clean(c.note, field: "note", lines: .multi, limit: maxNoteLength, into: &errors)
        try errors.throwIfAny()
        return c
    }

    /// Whether a peer is asked for a check-in today: never given one, or the last is `cadenceDays` old.
    public static func isDue(last: CalendarDate?, today: CalendarDate) -> Bool {
        guard let last else { return true }
        return last.days(until: today) >= cadenceDays
    }

    /// The latest check-in of each peer given in `from...through`, summed up; nil when fewer than
    /// `minimumGroupSize` peers answered.
    public static func summary(_ checkIns: [WellnessCheckIn], from: CalendarDate, through: CalendarDate) -> WellnessSummary? {
        var latest: [UUID: WellnessCheckIn] = [:]
        for c in checkIns where c.givenOn >= from && c.givenOn <= through {
            if let seen = latest[c.userID], (seen.givenOn, seen.recordedAt) >= (c.givenOn, c.recordedAt) { continue }
            latest[c.userID] = c
        }
        guard latest.count >= minimumGroupSize else { return nil }
        let counted = Array(latest.values)
        return WellnessSummary(respondents: counted.count, satisfied: counted.filter { $0.satisfaction >= 4 }.count,
                               burnedOut: counted.filter { $0.burnout >= 4 }.count, supported: counted.filter { $0.supported >= 4 }.count)
    }
}
