/// A participant's change on one scale: the intake score beside the latest follow-up's, the piece the
/// annual report pairs across participants.
public struct ScoreChange: Sendable, Equatable {
    public let instrumentID: String
    public let scale: String
    public let intake: Double
    public let intakeOn: CalendarDate
    public let latest: Double
    public let latestOn: CalendarDate
    public let latestTimepoint: Timepoint
    public var change: Double { ((latest - intake) * 10).rounded() / 10 }
}

/// One point of a score over time.
public struct ScorePoint: Sendable, Equatable {
    public let givenOn: CalendarDate
    public let timepoint: Timepoint
    public let value: Double
}

public enum InstrumentChange {
    /// Per instrument and scale, the intake score and the latest follow-up (or discharge) score of
    /// the same episode, when both were computed. Administrations are those current (not replaced).
    public static func paired(_ administrations: [InstrumentAdministration]) -> [ScoreChange] {
        var out: [ScoreChange] = []
        let byEpisode = Dictionary(grouping: administrations) { "\($0.episodeID)|\($0.instrumentID)" }
        for key in byEpisode.keys.sorted() {
            let group = byEpisode[key]!
            guard let intake = group.first(where: { $0.timepoint.kind == .intake }) else { continue }
            let later = group.filter { $0.timepoint.kind != .intake }.sorted { ($0.givenOn, $0.timepoint.number) < ($1.givenOn, $1.timepoint.number) }
            for start in intake.scores {
                guard let from = start.value,
                      let last = later.last(where: { $0.score(start.scale)?.value != nil }),
                      let to = last.score(start.scale)?.value else { continue }
                out.append(ScoreChange(instrumentID: intake.instrumentID, scale: start.scale, intake: from, intakeOn: intake.givenOn,
                                       latest: to, latestOn: last.givenOn, latestTimepoint: last.timepoint))
            }
        }
        return out
    }

    /// A scale's computed scores in date order, for a chart and its table.
    public static func series(_ administrations: [InstrumentAdministration], instrumentID: String, scale: String) -> [ScorePoint] {
        administrations.filter { $0.instrumentID == instrumentID }
            .compactMap { a in a.score(scale)?.value.map { ScorePoint(givenOn: a.givenOn, timepoint: a.timepoint, value: $0) } }
            .sorted { ($0.givenOn, $0.timepoint.number) < ($1.givenOn, $1.timepoint.number) }
    }
}
