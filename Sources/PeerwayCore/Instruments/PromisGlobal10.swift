/// PROMIS Scale v1.2 – Global Health (the Global-10). Ten items; two 4-item scales, each converted to
/// a T-score with the published tables; two items reported alone.
///
/// Source: PROMIS Global Health Scoring Manual (HealthMeasures, Northwestern University) and Hays RD,
/// Bjorner JB, Revicki DA, Spritzer KL, Cella D, "Development of physical and mental health summary
/// scores from the PROMIS global items", Quality of Life Research 18 (2009) 873–880.
/// - Global Physical Health = Global03 + Global06 + Global07rc + Global08r (raw 4–20).
/// - Global Mental Health = Global02 + Global04 + Global05 + Global10r (raw 4–20).
/// - v1.2 prints Global08r and Global10r with their values already reversed (5 = none / never) and takes
///   Global07r on its 0–10 scale, recoded 0 → 5, 1–3 → 4, 4–6 → 3, 7–9 → 2, 10 → 1.
/// - The look-up tables need every item of a scale: with one missing the scale is not computed
///   (the manual points to response-pattern scoring, which Peerway does not do).
/// - T-scores are centred on the US general population (mean 50, SD 10); the bands say how far from it.
///
/// The items' wording is the PROMIS Health Organization's: Peerway ships each item's topic, and a
/// program enters the wording it is licensed to show (docs/instruments.md).
public enum PromisGlobal10 {
    public static let id = "promis-global-10"

    static let excellentPoor: [InstrumentOption] = [
        InstrumentOption(5, LocalizedText("Excellent", es: "Excelente")),
        InstrumentOption(4, LocalizedText("Very good", es: "Muy buena")),
        InstrumentOption(3, LocalizedText("Good", es: "Buena")),
        InstrumentOption(2, LocalizedText("Fair", es: "Regular")),
        InstrumentOption(1, LocalizedText("Poor", es: "Mala")),
    ]

    /// Raw 4…20 → T-score and SE, Global Physical Health.
    public static let physicalTable = ConversionTable(firstRaw: 4, [
        (16.2, 4.8), (19.9, 4.7), (23.5, 4.5), (26.7, 4.3), (29.6, 4.2), (32.4, 4.2), (34.9, 4.1), (37.4, 4.1), (39.8, 4.1),
        (42.3, 4.2), (44.9, 4.3), (47.7, 4.4), (50.8, 4.6), (54.1, 4.7), (57.7, 4.9), (61.9, 5.2), (67.7, 5.9),
    ])

    /// Raw 4…20 → T-score and SE, Global Mental Health.
    public static let mentalTable = ConversionTable(firstRaw: 4, [
        (21.2, 4.6), (25.1, 4.1), (28.4, 3.9), (31.3, 3.7), (33.8, 3.7), (36.3, 3.7), (38.8, 3.6), (41.1, 3.6), (43.5, 3.6),
        (45.8, 3.6), (48.3, 3.7), (50.8, 3.7), (53.3, 3.7), (56.0, 3.8), (59.0, 3.9), (62.5, 4.2), (67.6, 5.3),
    ])

    /// Distance from the reference population's mean, in its standard deviations.
    static let tBands: [InterpretationBand] = [
        InterpretationBand("well_below", 0, 39.99, LocalizedText("More than 1 SD below the US average (T under 40)",
                                                                 es: "Más de 1 DE por debajo del promedio de EE. UU. (T menor de 40)")),
        InterpretationBand("average", 40, 60, LocalizedText("Within 1 SD of the US average (T 40–60)",
                                                            es: "Dentro de 1 DE del promedio de EE. UU. (T 40–60)")),
        InterpretationBand("well_above", 60.01, 100, LocalizedText("More than 1 SD above the US average (T over 60)",
                                                                   es: "Más de 1 DE por encima del promedio de EE. UU. (T mayor de 60)")),
    ]

    static func item(_ id: String, _ en: String, _ es: String, _ options: [InstrumentOption], _ scoring: ItemScoring = .asAnswered) -> InstrumentItem {
        InstrumentItem(id: id, text: LocalizedText(en, es: es), options: options, scoring: scoring)
    }

    public static let instrument = Instrument(
        id: id, version: "1.2",
        name: LocalizedText("PROMIS Global Health (Global-10)", es: "PROMIS Salud Global (Global-10)"),
        respondents: [.selfReport], wording: .topicsOnly,
        source: "PROMIS Scale v1.2 – Global Health; PROMIS Global Health Scoring Manual (HealthMeasures); Hays et al. 2009",
        items: [
            item("global01", "General health", "Salud en general", excellentPoor),
            item("global02", "Quality of life", "Calidad de vida", excellentPoor),
            item("global03", "Physical health", "Salud física", excellentPoor),
            item("global04", "Mental health, mood and ability to think", "Salud mental, estado de ánimo y capacidad de pensar", excellentPoor),
            item("global05", "Satisfaction with social activities and relationships", "Satisfacción con actividades sociales y relaciones",
                 excellentPoor),
            item("global09r", "Carrying out usual social activities and roles", "Realizar sus actividades y funciones sociales habituales",
                 excellentPoor),
            item("global06", "Carrying out everyday physical activities", "Realizar actividades físicas cotidianas", [
                InstrumentOption(5, LocalizedText("Completely", es: "Completamente")),
                InstrumentOption(4, LocalizedText("Mostly", es: "En su mayor parte")),
                InstrumentOption(3, LocalizedText("Moderately", es: "Moderadamente")),
                InstrumentOption(2, LocalizedText("A little", es: "Un poco")),
                InstrumentOption(1, LocalizedText("Not at all", es: "Nada")),
            ]),
            item("global10r", "Bothered by emotional problems (past 7 days)", "Molestias por problemas emocionales (últimos 7 días)", [
                InstrumentOption(5, LocalizedText("Never", es: "Nunca")),
                InstrumentOption(4, LocalizedText("Rarely", es: "Rara vez")),
                InstrumentOption(3, LocalizedText("Sometimes", es: "A veces")),
                InstrumentOption(2, LocalizedText("Often", es: "A menudo")),
                InstrumentOption(1, LocalizedText("Always", es: "Siempre")),
            ]),
            item("global08r", "Fatigue on average (past 7 days)", "Cansancio en promedio (últimos 7 días)", [
                InstrumentOption(5, LocalizedText("None", es: "Ninguno")),
                InstrumentOption(4, LocalizedText("Mild", es: "Leve")),
                InstrumentOption(3, LocalizedText("Moderate", es: "Moderado")),
                InstrumentOption(2, LocalizedText("Severe", es: "Fuerte")),
                InstrumentOption(1, LocalizedText("Very severe", es: "Muy fuerte")),
            ]),
            item("global07r", "Pain on average (past 7 days), 0 no pain to 10 worst imaginable",
                 "Dolor en promedio (últimos 7 días), de 0 sin dolor a 10 el peor imaginable",
                 (0...10).map { n in
                     InstrumentOption(n, LocalizedText(n == 0 ? "0 – No pain" : n == 10 ? "10 – Worst pain imaginable" : "\(n)",
                                                       es: n == 0 ? "0 – Sin dolor" : n == 10 ? "10 – El peor dolor imaginable" : "\(n)"))
                 },
                 .recoded([0: 5, 1: 4, 2: 4, 3: 4, 4: 3, 5: 3, 6: 3, 7: 2, 8: 2, 9: 2, 10: 1])),
        ],
        scales: [
            InstrumentScale(id: "physical", name: LocalizedText("Global Physical Health", es: "Salud física global"),
                            items: ["global03", "global06", "global07r", "global08r"], conversion: physicalTable, bands: tBands),
            InstrumentScale(id: "mental", name: LocalizedText("Global Mental Health", es: "Salud mental global"),
                            items: ["global02", "global04", "global05", "global10r"], conversion: mentalTable, bands: tBands),
            InstrumentScale(id: "general_health", name: LocalizedText("General health (single item)", es: "Salud en general (una pregunta)"),
                            items: ["global01"]),
            InstrumentScale(id: "social_roles", name: LocalizedText("Social activities and roles (single item)",
                                                                    es: "Actividades y funciones sociales (una pregunta)"),
                            items: ["global09r"]),
        ])
}
