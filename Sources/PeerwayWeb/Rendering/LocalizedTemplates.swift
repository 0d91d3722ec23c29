import Foundation
import Mustache

/// The templates with their sentences written in: one library per language, built once at start-up.
/// A `{{t.key}}` reads the same in every render of a language, yet looking it up at render time
/// climbed Mustache's context stack with dynamic casts at every level, for every row of a table: a
/// third of a list page's time. Written in here, escaped as Mustache escapes a value.
struct LocalizedTemplates: Sendable {
    let libraries: [String: MustacheLibrary]

    static func load(directory: URL, localizer: Localizer) throws -> LocalizedTemplates {
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        let sources = try files.filter { $0.pathExtension == "mustache" }.map { file in
            (file.deletingPathExtension().lastPathComponent, try String(contentsOf: file, encoding: .utf8))
        }
        var libraries: [String: MustacheLibrary] = [:]
        for locale in localizer.locales {
            let strings = localizer.templateStrings(locale)
            var library = MustacheLibrary()
            for (name, source) in sources {
                try library.register(written(into: source, strings), named: name)
            }
            libraries[locale] = library
        }
        return LocalizedTemplates(libraries: libraries)
    }

    /// `{{t.key}}` replaced by its sentence. A key the catalog lacks stays as it is, and renders empty
    /// as before (the catalog test names it); so does a sentence that holds Mustache's own braces.
    static func written(into source: String, _ strings: [String: String]) -> String {
        source.replacing(#/\{\{t\.([A-Za-z0-9_]+)\}\}/#) { match in
            guard let sentence = strings[String(match.output.1)], !sentence.contains("{{"), !sentence.contains("}}") else {
                return String(match.output.0)
            }
            return escaped(sentence)
        }
    }

    /// Mustache's own escaping of `{{value}}`, so a sentence reads the same as it did when looked up.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
