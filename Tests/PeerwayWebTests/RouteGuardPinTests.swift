import Foundation
import HTTPTypes
import PeerwayCore
import PeerwayTestSupport
import PeerwayWeb
import Testing

/// The guard every route declares, pinned in a reviewed file: the matrix test proves routes obey
/// their guards, this proves nobody quietly loosened one. Regenerate deliberately with
/// PEERWAY_UPDATE_FIXTURES=1 swift test --filter RouteGuardPinTests, and review the diff.
@Suite("Route guards")
struct RouteGuardPinTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/route-guards.txt")

    static func describe(_ guardRule: RouteGuard) -> String {
        switch guardRule {
        case .open: "open"
        case .signedIn: "signed-in"
        case .policy(let action, let ref): "policy \(action.rawValue) \(ref.name)"
        }
    }

    @Test("every route's guard matches the reviewed list")
    func pinned() async throws {
        try await WebHarness.with(.sqlite) { harness, _ in
            let lines = PeerwayApp.routeTable(harness.env).entries
                .map { "\($0.method.rawValue) \($0.path) \(Self.describe($0.guardRule))" }
            let current = lines.joined(separator: "\n") + "\n"
            if ProcessInfo.processInfo.environment["PEERWAY_UPDATE_FIXTURES"] == "1" {
                try current.write(to: Self.fixture, atomically: true, encoding: .utf8)
            }
            let pinned = try String(contentsOf: Self.fixture, encoding: .utf8)
            #expect(current == pinned, "route guards changed; review and regenerate Tests/PeerwayWebTests/Fixtures/route-guards.txt")
            #expect(Set(lines).count == lines.count, "a route is declared twice")
        }
    }
}
