import Foundation

/// The HSDS 3.0 examples kept in Core's test fixtures (`Tests/PeerwayCoreTests/Fixtures/hsds-3.0`).
public enum DirectoryFixtures {
    public static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PeerwayCoreTests/Fixtures/hsds-3.0/examples")

    public static func file(_ name: String) throws -> (name: String, bytes: [UInt8]) {
        (name, Array(try Data(contentsOf: examples.appendingPathComponent(name))))
    }

    public static func csvPackage() throws -> [(name: String, bytes: [UInt8])] {
        let folder = examples.appendingPathComponent("csv")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map {
            ($0, Array(try Data(contentsOf: folder.appendingPathComponent($0))))
        }
    }

    public static var jsonExamples: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? []).filter { $0.hasSuffix(".json") && $0 != "base.json" }.sorted()
    }
}
