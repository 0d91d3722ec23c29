import Foundation

/// San Francisco's eight outcomes for peer-to-peer programs (seed 000), each with the measure Peerway
/// uses for it: an instrument item or a record named in `measure`. An outcome with no data says "not
/// yet measured", never an invented figure; the peer wellness figures are withheld (not zero) when
/// fewer than `WellnessRules.minimumGroupSize` peers answered, so no one's answers can be read.
public struct SFOutcome: Sendable, Equatable {
    public enum Key: String, Sendable, CaseIterable, Codable {
        case awareness = "awareness_of_resources"
        case accessAndLinkage = "access_and_linkage"
        case socialConnectedness = "social_connectedness"
        case qualityOfLife = "quality_of_life"
        case helpSeeking = "help_seeking"
        case peerWellness = "peer_wellness"
        case peerJobSatisfaction = "peer_job_satisfaction"
        case peersAdvancing = "peers_advancing_to_leadership"
    }

    public enum Status: String, Sendable, Equatable, Codable {
        case measured
        case notYetMeasured = "not_yet_measured"
        /// Peer wellness with too few respondents to show.
        case withheld
    }

    public var key: Key
    /// The source of the figure: `instrument/scale` or a record (`referrals`, `wellness_check_ins`, `career_steps`).
    public var measure: String
    public var status: Status
    /// The figure, with its numerator and denominator (see `docs/report.md`).
    public var proportion: Proportion?
    /// For participants' outcomes, the change from intake to the latest follow-up.
    public var change: ProgramReport.ScaleOutcome?
}

/// The workforce's part of the outcomes: over the staff of the organizations whose programs are reported.
public struct WorkforceOutcomeTally: Sendable, Equatable {
    /// Peers whose latest check-in in the period was counted (0 when none answered).
    public var wellnessRespondents = 0
    /// Nil when fewer than `WellnessRules.minimumGroupSize` answered.
    public var wellness: WellnessSummary?
    public var advancement = CareerAdvancement(peers: [], advanced: [])
    public init() {}
}

extension ProgramReport {
    /// The eight outcomes, in seed 000's order.
    public static func sfOutcomes(_ report: ProgramReport, workforce: WorkforceOutcomeTally) -> [SFOutcome] {
        func outcome(_ instrument: String, _ scale: String) -> ScaleOutcome? {
            report.outcomes.first { $0.instrumentID == instrument && $0.scale == scale }
        }
        func client(_ key: SFOutcome.Key, _ instrument: String, _ scale: String, figure: Proportion? = nil) -> SFOutcome {
            let change = outcome(instrument, scale)
            let measured = (change?.paired ?? 0) > 0 || (figure?.denominator ?? 0) > 0
            return SFOutcome(key: key, measure: "\(instrument)/\(scale)", status: measured ? .measured : .notYetMeasured,
                             proportion: measured ? figure : nil, change: measured ? change : nil)
        }
        func staff(_ key: SFOutcome.Key, _ measure: String, _ count: (WellnessSummary) -> Int) -> SFOutcome {
            guard workforce.wellnessRespondents > 0 else { return SFOutcome(key: key, measure: measure, status: .notYetMeasured) }
            guard let summary = workforce.wellness else { return SFOutcome(key: key, measure: measure, status: .withheld) }
            return SFOutcome(key: key, measure: measure, status: .measured, proportion: Proportion(count(summary), of: summary.respondents))
        }
        let knows = report.followUpProfile.first { $0.scale == "knows_where_help" }?.proportion
        let linkage = report.referrals.made > 0 ? report.referrals.linkedOfMade : nil
        let advancement = workforce.advancement
        return [
            client(.awareness, ProgramProfile.id, "knows_where_help", figure: knows),
            SFOutcome(key: .accessAndLinkage, measure: "referrals", status: linkage == nil ? .notYetMeasured : .measured, proportion: linkage),
            client(.socialConnectedness, PromisGlobal10.id, "social_roles"),
            client(.qualityOfLife, ProgramProfile.id, "quality_poor_fair"),
            client(.helpSeeking, ProgramProfile.id, "comfortable_seeking_help"),
            staff(.peerWellness, "wellness_check_ins/not_burned_out") { $0.respondents - $0.burnedOut },
            staff(.peerJobSatisfaction, "wellness_check_ins/satisfied") { $0.satisfied },
            SFOutcome(key: .peersAdvancing, measure: "career_steps", status: advancement.peers.isEmpty ? .notYetMeasured : .measured,
                      proportion: advancement.peers.isEmpty ? nil : Proportion(advancement.advanced.count, of: advancement.peers.count)),
        ]
    }
}
