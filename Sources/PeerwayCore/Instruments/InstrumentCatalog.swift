/// The instruments Peerway ships, each defined once. A stored administration names its instrument by
/// id and version; a new version of an instrument is a new definition beside the old.
public enum InstrumentCatalog {
    public static let all: [Instrument] = [
        PromisGlobal10.instrument, MORS.instrument, BARC10.instrument, SymptomAreas.instrument, ProgramProfile.instrument,
    ]

    public static func instrument(_ id: String) -> Instrument? { all.first { $0.id == id } }
}
