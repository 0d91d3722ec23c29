/// The Milestones of Recovery Scale (MORS): one staff rating of where a person is in recovery, on eight
/// milestones from extreme risk to advanced recovery, by the level of risk, engagement and skills and
/// supports the staff member sees.
///
/// Source: Pilon D, Ragins M, MHA Village (Mental Health America of Los Angeles); Pilon D et al.,
/// "Development and validation of the Milestones of Recovery Scale" (2019). Peerway ships the eight
/// milestones' names; each milestone's full description is the authors' and is entered by the program.
public enum MORS {
    public static let id = "mors"

    static func milestone(_ value: Int, _ en: String, _ es: String) -> InstrumentOption {
        InstrumentOption(value, LocalizedText(en, es: es))
    }

    public static let instrument = Instrument(
        id: id, version: "1",
        name: LocalizedText("Milestones of Recovery Scale (MORS)", es: "Escala de Hitos de Recuperación (MORS)"),
        respondents: [.staffRated], wording: .topicsOnly,
        source: "Milestones of Recovery Scale, Pilon & Ragins, MHA Village",
        items: [
            InstrumentItem(id: "milestone", text: LocalizedText("The milestone that best describes the person today",
                                                                es: "El hito que mejor describe a la persona hoy"), options: [
                milestone(1, "1 – Extreme risk", "1 – Riesgo extremo"),
                milestone(2, "2 – High risk, not engaged", "2 – Alto riesgo, sin participar"),
                milestone(3, "3 – High risk, engaged", "3 – Alto riesgo, participando"),
                milestone(4, "4 – Poorly coping, not engaged", "4 – Afrontando mal, sin participar"),
                milestone(5, "5 – Poorly coping, engaged", "5 – Afrontando mal, participando"),
                milestone(6, "6 – Coping and rehabilitating", "6 – Afrontando y rehabilitándose"),
                milestone(7, "7 – Early recovery", "7 – Recuperación temprana"),
                milestone(8, "8 – Advanced recovery", "8 – Recuperación avanzada"),
            ]),
        ],
        scales: [
            InstrumentScale(id: "milestone", name: LocalizedText("Milestone", es: "Hito"), items: ["milestone"], bands: [
                InterpretationBand("high_risk", 1, 3, LocalizedText("High risk (1–3)", es: "Alto riesgo (1–3)")),
                InterpretationBand("poorly_coping", 4, 5, LocalizedText("Poorly coping (4–5)", es: "Afrontando mal (4–5)")),
                InterpretationBand("coping", 6, 6, LocalizedText("Coping and rehabilitating (6)", es: "Afrontando y rehabilitándose (6)")),
                InterpretationBand("recovery", 7, 8, LocalizedText("Early or advanced recovery (7–8)", es: "Recuperación temprana o avanzada (7–8)")),
            ]),
        ])
}
