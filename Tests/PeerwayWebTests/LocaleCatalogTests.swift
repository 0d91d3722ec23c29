import Foundation
import PeerwayWeb
import Testing

/// The catalogues the application loads, compared sentence by sentence: a sentence added in one
/// language and not the other would show English in the middle of a Spanish page (or its key).
@Suite("Language catalogues")
struct LocaleCatalogTests {
    static let localizer = Result { try Localizer.bundled() }

    @Test("English and Spanish are both bundled, and the language choice names each in its own language, in both")
    func bothLanguages() throws {
        let l = try Self.localizer.get()
        #expect(l.locales == ["en", "es"])
        for reader in l.locales {
            #expect(l.text("locale.en", reader) == "English")
            #expect(l.text("locale.es", reader) == "Español")
        }
    }

    @Test("every key is in every language, and no sentence is empty")
    func sameKeysNoneEmpty() throws {
        let catalogs = try Self.localizer.get().catalogs
        let allKeys = catalogs.values.reduce(into: Set<String>()) { $0.formUnion($1.keys) }
        var problems: [String] = []
        for (locale, catalog) in catalogs.sorted(by: { $0.key < $1.key }) {
            for key in allKeys.subtracting(catalog.keys).sorted() { problems.append("\(locale) lacks \(key)") }
            for (key, value) in catalog.sorted(by: { $0.key < $1.key }) where value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append("\(locale): \(key) is empty")
            }
        }
        #expect(problems.isEmpty, "\(problems.count) catalogue problems:\n\(problems.joined(separator: "\n"))")
    }

    @Test("a sentence has the same {placeholders} in every language")
    func samePlaceholders() throws {
        let catalogs = try Self.localizer.get().catalogs
        let english = try #require(catalogs[Localizer.defaultLocale])
        var problems: [String] = []
        for (locale, catalog) in catalogs where locale != Localizer.defaultLocale {
            for (key, sentence) in english.sorted(by: { $0.key < $1.key }) {
                guard let translated = catalog[key] else { continue }
                let expected = Self.placeholders(sentence), found = Self.placeholders(translated)
                if expected != found { problems.append("\(locale): \(key) has \(found.sorted()), English has \(expected.sorted())") }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("placeholders are found as the localizer fills them")
    func placeholderScan() {
        #expect(Self.placeholders("line {line}, {column}: {message}") == ["line", "column", "message"])
        #expect(Self.placeholders("no values") == [])
    }

    /// The names between braces, as `Localizer.format` replaces them.
    static func placeholders(_ sentence: String) -> Set<String> {
        Set(sentence.matches(of: #/\{([^{}]*)\}/#).map { String($0.output.1) })
    }
}
