/// The spellings a directory may give one language: HSDS asks for ISO 639 codes without saying which
/// part, and a row without a code keeps its name, so a search for Spanish asks for "es", "spa" and "spanish".
public enum DirectoryLanguages {
    /// The languages the search page offers, most asked for in California's counties first.
    public static let offered = ["es", "en", "vi", "tl", "zh", "ar", "ko", "fa", "ru", "so", "hy", "km"]

    static let spellings: [[String]] = [
        ["en", "eng", "english"], ["es", "spa", "spanish", "español"], ["vi", "vie", "vietnamese"], ["tl", "tgl", "fil", "tagalog", "filipino"],
        ["zh", "zho", "chi", "chinese", "cmn", "yue"], ["ar", "ara", "arabic"], ["ko", "kor", "korean"], ["fa", "fas", "per", "farsi", "persian"],
        ["ru", "rus", "russian"], ["so", "som", "somali"], ["hy", "hye", "arm", "armenian"], ["km", "khm", "khmer"],
    ]

    /// Every spelling of the language `code` names (itself alone when it is not one Peerway knows).
    public static func aliases(_ code: String) -> [String] {
        let code = code.lowercased()
        return spellings.first { $0.contains(code) } ?? [code]
    }
}
