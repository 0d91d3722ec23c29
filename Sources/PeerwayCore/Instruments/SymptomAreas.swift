/// Self-report symptom areas in the style of CHAMPSSS as Next Steps used it: how often, in the past
/// 30 days, the person was troubled in each area, from Never to Always. Peerway's own wording (not the
/// CHAMPSSS instrument's), shipped in full in English and Spanish.
///
/// Scores: each area on its own (1 never … 5 always, lower is better), and the areas' total (8–40),
/// prorated from at least six of the eight answers (mean of those answered × 8, one decimal). Any
/// answer but Never to the thoughts-of-ending-life area is flagged for the program's safety protocol.
public enum SymptomAreas {
    public static let id = "symptom-areas"

    static let frequency: [InstrumentOption] = [
        InstrumentOption(1, LocalizedText("Never", es: "Nunca")),
        InstrumentOption(2, LocalizedText("Rarely", es: "Rara vez")),
        InstrumentOption(3, LocalizedText("Sometimes", es: "A veces")),
        InstrumentOption(4, LocalizedText("Often", es: "A menudo")),
        InstrumentOption(5, LocalizedText("Always", es: "Siempre")),
    ]

    /// (id, English, Spanish) for each area.
    static let areas: [(String, String, String)] = [
        ("anxiety", "In the past 30 days, how often did you feel nervous, anxious or on edge?",
         "En los últimos 30 días, ¿con qué frecuencia se sintió nervioso/a, ansioso/a o tenso/a?"),
        ("depression", "In the past 30 days, how often did you feel down, depressed or hopeless?",
         "En los últimos 30 días, ¿con qué frecuencia se sintió decaído/a, deprimido/a o sin esperanza?"),
        ("suicidality", "In the past 30 days, how often did you have thoughts of ending your life?",
         "En los últimos 30 días, ¿con qué frecuencia tuvo pensamientos de quitarse la vida?"),
        ("anger", "In the past 30 days, how often did you feel angry or lose your temper?",
         "En los últimos 30 días, ¿con qué frecuencia sintió enojo o perdió el control?"),
        ("memory", "In the past 30 days, how often did you have trouble remembering or concentrating?",
         "En los últimos 30 días, ¿con qué frecuencia tuvo dificultad para recordar o concentrarse?"),
        ("sleep", "In the past 30 days, how often did you have trouble sleeping?",
         "En los últimos 30 días, ¿con qué frecuencia tuvo problemas para dormir?"),
        ("isolation", "In the past 30 days, how often did you feel alone or cut off from others?",
         "En los últimos 30 días, ¿con qué frecuencia se sintió solo/a o aislado/a de los demás?"),
        ("substance", "In the past 30 days, how often did you use alcohol or drugs more than you meant to?",
         "En los últimos 30 días, ¿con qué frecuencia consumió alcohol o drogas más de lo que quería?"),
    ]

    static let names: [String: LocalizedText] = [
        "anxiety": LocalizedText("Anxiety", es: "Ansiedad"), "depression": LocalizedText("Depression", es: "Depresión"),
        "suicidality": LocalizedText("Thoughts of ending life", es: "Pensamientos de quitarse la vida"),
        "anger": LocalizedText("Anger", es: "Enojo"), "memory": LocalizedText("Memory and concentration", es: "Memoria y concentración"),
        "sleep": LocalizedText("Sleep", es: "Sueño"), "isolation": LocalizedText("Isolation", es: "Aislamiento"),
        "substance": LocalizedText("Substance use", es: "Consumo de sustancias"),
    ]

    static let frequent = InterpretationBand("often_or_always", 4, 5, LocalizedText("Often or always", es: "A menudo o siempre"))

    public static let instrument = Instrument(
        id: id, version: "1",
        name: LocalizedText("Symptom areas (CHAMPSSS-style self-report)", es: "Áreas de síntomas (autoinforme estilo CHAMPSSS)"),
        respondents: [.selfReport], wording: .shipped,
        source: "Peerway, after the CHAMPSSS self-report areas Next Steps reported (seed 001)",
        items: areas.map { InstrumentItem(id: $0.0, text: LocalizedText($0.1, es: $0.2), options: frequency) },
        scales: areas.map { area in
            InstrumentScale(id: area.0, name: names[area.0]!, items: [area.0],
                            bands: area.0 == "suicidality"
                                ? [InterpretationBand("any", 2, 5, LocalizedText("Any thoughts of ending life: follow the safety protocol today",
                                                                                 es: "Algún pensamiento de quitarse la vida: siga hoy el protocolo de seguridad"),
                                                      alert: true)]
                                : [frequent],
                            higherIsBetter: false)
        } + [
            InstrumentScale(id: "total", name: LocalizedText("All areas (total)", es: "Todas las áreas (total)"), items: areas.map(\.0),
                            missing: .prorate(minimumAnswered: 6), higherIsBetter: false),
        ])
}
