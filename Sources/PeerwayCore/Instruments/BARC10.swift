/// The Brief Assessment of Recovery Capital (BARC-10): ten statements, each rated on six points of
/// agreement (1 strongly disagree … 6 strongly agree); the total is 10–60. Every item is needed for a
/// total (the authors publish no prorating rule).
///
/// Source: Vilsaint CL, Kelly JF, Bergman BG, Groshkova T, Best D, White W, "Development and validation
/// of a Brief Assessment of Recovery Capital (BARC-10) for alcohol and drug use disorder", Drug and
/// Alcohol Dependence 177 (2017) 71–76, where a total of 47 or more identified people in sustained
/// remission. Peerway ships each statement's topic; a program enters the published wording.
public enum BARC10 {
    public static let id = "barc-10"

    static let agreement: [InstrumentOption] = [
        InstrumentOption(1, LocalizedText("Strongly disagree", es: "Muy en desacuerdo")),
        InstrumentOption(2, LocalizedText("Disagree", es: "En desacuerdo")),
        InstrumentOption(3, LocalizedText("Somewhat disagree", es: "Algo en desacuerdo")),
        InstrumentOption(4, LocalizedText("Somewhat agree", es: "Algo de acuerdo")),
        InstrumentOption(5, LocalizedText("Agree", es: "De acuerdo")),
        InstrumentOption(6, LocalizedText("Strongly agree", es: "Muy de acuerdo")),
    ]

    static let topics: [(String, String)] = [
        ("Other things in life matter more than using", "Otras cosas de la vida importan más que consumir"),
        ("Happy with life in general", "Contento/a con la vida en general"),
        ("Energy for the tasks I set myself", "Energía para las tareas que me propongo"),
        ("Proud of my community and part of it", "Orgullo de mi comunidad y sentirme parte de ella"),
        ("Support from friends", "Apoyo de amistades"),
        ("Life challenging and fulfilling without using", "Una vida con retos y plena sin consumir"),
        ("My living space helps my recovery", "Mi lugar donde vivo ayuda a mi recuperación"),
        ("I take full responsibility for my actions", "Asumo plena responsabilidad por mis actos"),
        ("At ease dealing with professionals", "Me siento cómodo/a tratando con profesionales"),
        ("Making good progress in my recovery", "Avanzo bien en mi recuperación"),
    ]

    public static let itemIDs = (1...10).map { "barc\($0)" }

    public static let instrument = Instrument(
        id: id, version: "1",
        name: LocalizedText("Brief Assessment of Recovery Capital (BARC-10)", es: "Evaluación Breve del Capital de Recuperación (BARC-10)"),
        respondents: [.selfReport], wording: .topicsOnly,
        source: "Vilsaint et al. 2017, Drug and Alcohol Dependence 177:71–76",
        items: zip(itemIDs, topics).map { id, topic in
            InstrumentItem(id: id, text: LocalizedText(topic.0, es: topic.1), options: agreement)
        },
        scales: [
            InstrumentScale(id: "total", name: LocalizedText("Recovery capital (total)", es: "Capital de recuperación (total)"), items: itemIDs,
                            bands: [
                                InterpretationBand("below_47", 10, 46, LocalizedText("Under 47", es: "Menos de 47")),
                                InterpretationBand("from_47", 47, 60, LocalizedText("47 or more: the level found in sustained remission",
                                                                                    es: "47 o más: el nivel observado en remisión sostenida")),
                            ]),
        ])
}
