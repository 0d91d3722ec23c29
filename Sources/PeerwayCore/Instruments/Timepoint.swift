/// When in an episode an instrument was given.
public enum TimepointKind: String, Sendable, Codable, CaseIterable {
    case intake
    case followUp = "follow_up"
    case discharge

    public var labelKey: String { "instrument.timepoint.\(rawValue)" }
}

/// A timepoint of one episode: the intake, the Nth follow-up (numbered by date), or the discharge.
public struct Timepoint: Sendable, Hashable, Codable, CustomStringConvertible {
    public let kind: TimepointKind
    /// 1, 2, … for follow-ups; 0 otherwise.
    public let number: Int

    public init(_ kind: TimepointKind, number: Int = 0) {
        self.kind = kind
        self.number = kind == .followUp ? max(1, number) : 0
    }

    public static let intake = Timepoint(.intake)
    public static let discharge = Timepoint(.discharge)
    public static func followUp(_ n: Int) -> Timepoint { Timepoint(.followUp, number: n) }

    /// `intake`, `follow_up_2`, `discharge`: how exports and the API write it.
    public var description: String { kind == .followUp ? "follow_up_\(number)" : kind.rawValue }

    public init?(_ text: String) {
        if let kind = TimepointKind(rawValue: text), kind != .followUp {
            self.init(kind)
        } else if text.hasPrefix("follow_up_"), let n = Int(text.dropFirst("follow_up_".count)), n >= 1 {
            self.init(.followUp, number: n)
        } else {
            return nil
        }
    }
}
