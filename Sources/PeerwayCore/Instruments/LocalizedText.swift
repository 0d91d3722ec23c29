/// A sentence an instrument ships in every language Peerway offers. Scoring never reads it: an answer
/// is an option's value, whatever language it was shown in.
public struct LocalizedText: Sendable, Equatable, Codable {
    public let en: String
    public let es: String

    public init(_ en: String, es: String) {
        self.en = en
        self.es = es
    }

    /// The text in `locale` ("es", "es-MX", …), English otherwise.
    public func text(_ locale: String) -> String {
        locale.lowercased().hasPrefix("es") ? es : en
    }

    public static let languages = ["en", "es"]
}
