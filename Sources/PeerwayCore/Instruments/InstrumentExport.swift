/// The outcome extract an evaluator or program manager reads: one row per administration and scale,
/// with the scores as Peerway computed them. No names and no answers: the person is the record id,
/// which only someone with access to Peerway can resolve (the minimum necessary, HIPAA 164.502(b)).
public enum InstrumentExport {
    public static let header = [
        "administration_id", "person_id", "episode_id", "program_id", "instrument", "version", "timepoint", "given_on", "respondent",
        "language", "scale", "raw", "t_score", "standard_error", "band", "missing_items", "prorated",
    ]

    /// The administration's rows, one per scale it was scored on, in the instrument's order of scales.
    public static func rows(_ a: InstrumentAdministration) -> [[String]] {
        a.scores.map { s in
            [
                a.id.text, a.personID.text, a.episodeID.text, a.programID.text, a.instrumentID, a.instrumentVersion, a.timepoint.description,
                a.givenOn.description, a.respondent.rawValue, a.language, s.scale, number(s.raw), number(s.tScore), number(s.standardError),
                s.band ?? "", s.missingItems.joined(separator: ";"), s.prorated ? "yes" : "no",
            ]
        }
    }

    /// A score as the extract writes it: empty when not computed, a whole number without a decimal,
    /// otherwise to one decimal (`53.3`), never in a local format.
    public static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let whole = abs(tenths) / 10, tenth = abs(tenths) % 10
        return tenth == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(tenth)"
    }
}
