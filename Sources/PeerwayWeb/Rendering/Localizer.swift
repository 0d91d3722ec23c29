import Foundation

/// Every sentence a person reads comes from a catalog, one per language, so a translation never needs
/// a code change. Sentences with values use named placeholders (`{name}`), never concatenation,
/// because word order differs between languages.
public struct Localizer: Sendable {
    public static let defaultLocale = "en"
    public let catalogs: [String: [String: String]]
    /// The catalogs as templates read them, built once: every page render needs one.
    private let forTemplates: [String: [String: String]]

    public init(catalogs: [String: [String: String]]) {
        self.catalogs = catalogs
        var forTemplates: [String: [String: String]] = [:]
        for locale in catalogs.keys {
            var strings: [String: String] = [:]
            for (key, value) in catalogs[Self.defaultLocale] ?? [:] { strings[key.replacingOccurrences(of: ".", with: "_")] = value }
            for (key, value) in catalogs[locale] ?? [:] { strings[key.replacingOccurrences(of: ".", with: "_")] = value }
            forTemplates[locale] = strings
        }
        self.forTemplates = forTemplates
    }

    /// Loads `locales/<code>.json` from the module's resources.
    public static func bundled() throws -> Localizer {
        let dir = WebResources.directory.appendingPathComponent("locales")
        var catalogs: [String: [String: String]] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) where file.hasSuffix(".json") {
            let data = try Data(contentsOf: dir.appendingPathComponent(file))
            catalogs[String(file.dropLast(5))] = try JSONDecoder().decode([String: String].self, from: data)
        }
        return Localizer(catalogs: catalogs)
    }

    public var locales: [String] { catalogs.keys.sorted() }

    public func supports(_ locale: String) -> Bool { catalogs[locale] != nil }

    /// The sentence for `key`; a missing key shows itself (and fails the catalog test) instead of crashing.
    public func text(_ key: String, _ locale: String) -> String {
        catalogs[locale]?[key] ?? catalogs[Self.defaultLocale]?[key] ?? key
    }

    public func format(_ key: String, _ locale: String, _ values: [String: String]) -> String {
        var sentence = text(key, locale)
        for (name, value) in values {
            sentence = sentence.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return sentence
    }

    /// The catalog as templates see it: `{{t.signin_title}}` for the key `signin.title` (a dot would be
    /// read by Mustache as a nested lookup).
    public func templateStrings(_ locale: String) -> [String: String] {
        forTemplates[locale] ?? forTemplates[Self.defaultLocale] ?? [:]
    }
}

/// Where the bundled templates, stylesheet, catalogs and OpenAPI document are.
public enum WebResources {
    public static var directory: URL {
        Bundle.module.url(forResource: "Resources", withExtension: nil)
            ?? Bundle.module.bundleURL.appendingPathComponent("Resources")
    }
}
