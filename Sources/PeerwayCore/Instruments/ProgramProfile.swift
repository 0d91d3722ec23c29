/// The program's intake and follow-up questions, as Next Steps reported them (seed 001): housing,
/// feeling depressed, quality of life, substance use, primary care, comfort seeking help, knowing where
/// to get help, and (at follow-up and discharge) satisfaction. Peerway's own wording, in full.
///
/// Each answer is kept as it was on the day it was given, so "homeless at intake" and its change by
/// follow-up can be counted. Each indicator scale is 1 when the answer is among the values it names,
/// else 0: averaged over people it is the proportion the annual report prints.
public enum ProgramProfile {
    public static let id = "program-profile"

    static let yesNo: [InstrumentOption] = [
        InstrumentOption(1, LocalizedText("Yes", es: "Sí")),
        InstrumentOption(0, LocalizedText("No", es: "No")),
    ]

    static func indicator(_ id: String, _ en: String, _ es: String, item: String, values: Set<Int>, higherIsBetter: Bool) -> InstrumentScale {
        InstrumentScale(id: id, name: LocalizedText(en, es: es), items: [item], method: .indicator(values), higherIsBetter: higherIsBetter)
    }

    public static let instrument = Instrument(
        id: id, version: "1",
        name: LocalizedText("Program intake and follow-up questions", es: "Preguntas del programa al ingreso y en el seguimiento"),
        respondents: [.selfReport, .staffRated], wording: .shipped,
        source: "Peerway, after the intake and follow-up items Next Steps reported (seed 001)",
        items: [
            InstrumentItem(id: "homeless", text: LocalizedText("Are you homeless right now?", es: "¿Está sin hogar en este momento?"),
                           options: yesNo),
            InstrumentItem(id: "depressed", text: LocalizedText("In the past 30 days, how often have you felt depressed?",
                                                                es: "En los últimos 30 días, ¿con qué frecuencia se ha sentido deprimido/a?"),
                           options: SymptomAreas.frequency),
            InstrumentItem(id: "quality_of_life", text: LocalizedText("How would you rate your quality of life?",
                                                                      es: "¿Cómo calificaría su calidad de vida?"), options: [
                InstrumentOption(1, LocalizedText("Poor", es: "Mala")),
                InstrumentOption(2, LocalizedText("Fair", es: "Regular")),
                InstrumentOption(3, LocalizedText("Good", es: "Buena")),
                InstrumentOption(4, LocalizedText("Very good", es: "Muy buena")),
                InstrumentOption(5, LocalizedText("Excellent", es: "Excelente")),
            ]),
            InstrumentItem(id: "substance_use", text: LocalizedText("In the past 30 days, how often have you used alcohol or drugs?",
                                                                    es: "En los últimos 30 días, ¿con qué frecuencia ha consumido alcohol o drogas?"),
                           options: [
                               InstrumentOption(1, LocalizedText("Never", es: "Nunca")),
                               InstrumentOption(2, LocalizedText("Rarely", es: "Rara vez")),
                               InstrumentOption(3, LocalizedText("Sometimes", es: "A veces")),
                               InstrumentOption(4, LocalizedText("Often", es: "A menudo")),
                               InstrumentOption(5, LocalizedText("Almost always", es: "Casi siempre")),
                           ]),
            InstrumentItem(id: "has_primary_care", text: LocalizedText("Do you have a primary care provider?",
                                                                       es: "¿Tiene un proveedor de atención primaria?"), options: yesNo),
            InstrumentItem(id: "seen_primary_care", text: LocalizedText("Have you seen a primary care provider in the past 12 months?",
                                                                        es: "¿Ha visto a un proveedor de atención primaria en los últimos 12 meses?"),
                           options: yesNo),
            InstrumentItem(id: "comfort_seeking_help", text: LocalizedText("How comfortable are you asking for help with your mental health?",
                                                                           es: "¿Qué tan cómodo/a se siente al pedir ayuda para su salud mental?"),
                           options: [
                               InstrumentOption(1, LocalizedText("Very uncomfortable", es: "Muy incómodo/a")),
                               InstrumentOption(2, LocalizedText("Uncomfortable", es: "Incómodo/a")),
                               InstrumentOption(3, LocalizedText("Neither", es: "Ni cómodo/a ni incómodo/a")),
                               InstrumentOption(4, LocalizedText("Comfortable", es: "Cómodo/a")),
                               InstrumentOption(5, LocalizedText("Very comfortable", es: "Muy cómodo/a")),
                           ]),
            InstrumentItem(id: "knows_where_help", text: LocalizedText("Do you know where to get help when you need it?",
                                                                       es: "¿Sabe dónde conseguir ayuda cuando la necesita?"), options: yesNo),
            InstrumentItem(id: "satisfaction", text: LocalizedText("How satisfied are you with the services you have received?",
                                                                   es: "¿Qué tan satisfecho/a está con los servicios que ha recibido?"),
                           options: [
                               InstrumentOption(1, LocalizedText("Very dissatisfied", es: "Muy insatisfecho/a")),
                               InstrumentOption(2, LocalizedText("Dissatisfied", es: "Insatisfecho/a")),
                               InstrumentOption(3, LocalizedText("Neither", es: "Ni satisfecho/a ni insatisfecho/a")),
                               InstrumentOption(4, LocalizedText("Satisfied", es: "Satisfecho/a")),
                               InstrumentOption(5, LocalizedText("Very satisfied", es: "Muy satisfecho/a")),
                           ], askedAt: [.followUp, .discharge]),
        ],
        scales: [
            indicator("homeless", "Homeless", "Sin hogar", item: "homeless", values: [1], higherIsBetter: false),
            indicator("depressed_often", "Felt depressed often or always", "Se sintió deprimido/a a menudo o siempre",
                      item: "depressed", values: [4, 5], higherIsBetter: false),
            indicator("quality_poor_fair", "Quality of life poor or fair", "Calidad de vida mala o regular",
                      item: "quality_of_life", values: [1, 2], higherIsBetter: false),
            indicator("substance_often", "Used substances often or almost always", "Consumió sustancias a menudo o casi siempre",
                      item: "substance_use", values: [4, 5], higherIsBetter: false),
            indicator("has_primary_care", "Has a primary care provider", "Tiene proveedor de atención primaria",
                      item: "has_primary_care", values: [1], higherIsBetter: true),
            indicator("seen_primary_care", "Saw a primary care provider in 12 months", "Vio a un proveedor de atención primaria en 12 meses",
                      item: "seen_primary_care", values: [1], higherIsBetter: true),
            indicator("comfortable_seeking_help", "Comfortable asking for help", "Cómodo/a al pedir ayuda",
                      item: "comfort_seeking_help", values: [4, 5], higherIsBetter: true),
            indicator("knows_where_help", "Knows where to get help", "Sabe dónde conseguir ayuda",
                      item: "knows_where_help", values: [1], higherIsBetter: true),
            indicator("satisfied", "Satisfied with services", "Satisfecho/a con los servicios",
                      item: "satisfaction", values: [4, 5], higherIsBetter: true),
        ])
}
