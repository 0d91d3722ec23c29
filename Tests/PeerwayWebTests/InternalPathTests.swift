import Foundation
import Testing

/// Every internal URL comes from a route type (`Sources/PeerwayWeb/Routing/Routes/`), so none may be
/// spelled in Swift or in a template: a path spelled twice drifts from the route it means.
@Suite("Internal paths")
struct InternalPathTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A cookie's `path: "/"` is the whole site, and a `separator: "/"` splits a path; neither names a route.
    static let allowed = ["path: \"/\"", "separator: \"/\""]

    @Test("no internal path is spelled outside the route types")
    func noSpelledPaths() throws {
        // A string literal that starts a path: "/x…", "/\(…)…" or "/" itself; a template's link or form target.
        let swiftPath = try Regex(##"(^|[^\w"\\#])#*"(/[A-Za-z]|/\\\(|/")"##)
        let templatePath = try Regex(#"(href|action|formaction|src)="/"#)
        var offenders: [String] = []
        for folder in ["Sources/PeerwayWeb", "Sources/peerway"] {
            for file in Self.files(under: folder) where !file.hasPrefix("Sources/PeerwayWeb/Routing/Routes/") {
                let isSwift = file.hasSuffix(".swift")
                guard isSwift || file.hasSuffix(".mustache") else { continue }
                let text = try String(contentsOf: Self.root.appendingPathComponent(file), encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    var code = String(line)
                    if isSwift {
                        if code.trimmingCharacters(in: .whitespaces).hasPrefix("//") { continue }
                        for exception in Self.allowed { code = code.replacingOccurrences(of: exception, with: "") }
                    }
                    if code.contains(isSwift ? swiftPath : templatePath) {
                        offenders.append("\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                    }
                }
            }
        }
        if !offenders.isEmpty {
            Issue.record("\(offenders.count) internal paths spelled outside the route types:\n\(offenders.joined(separator: "\n"))")
        }
    }

    static func files(under folder: String) -> [String] {
        let found = FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path)?.compactMap { $0 as? String } ?? []
        return found.map { "\(folder)/\($0)" }.sorted()
    }
}
