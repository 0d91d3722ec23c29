import Foundation
import Testing
import PeerwayCore

/// The access matrix is pinned in a reviewed file, so that any change to who may do what shows up as a
/// diff of `Fixtures/access-matrix.csv` in code review.
///
/// To regenerate the fixture after an intended policy change, write the current table over it:
///
///     swift build --build-tests && PEERWAY_WRITE_ACCESS_MATRIX=1 swift test --skip-build --filter AccessMatrixTests
///
/// then review the diff of `Tests/PeerwayCoreTests/Fixtures/access-matrix.csv` and commit it.
@Suite("Access matrix")
struct AccessMatrixTests {
    static let fixtureURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
        .appendingPathComponent("access-matrix.csv")

    /// The resources and scopes AccessMatrix.rows() describes for each role.
    static let resourceScopeCount = 51

    static let regenerateHint = """
        The access policy changed: AccessMatrix.csv() no longer matches \
        Tests/PeerwayCoreTests/Fixtures/access-matrix.csv. If the change is intended, regenerate the fixture with \
        `PEERWAY_WRITE_ACCESS_MATRIX=1 swift test --skip-build --filter AccessMatrixTests`, review its diff and commit it; \
        otherwise the change to AccessPolicy is a regression.
        """

    @Test func matchesPinnedFixture() throws {
        let current = AccessMatrix.csv()
        if ProcessInfo.processInfo.environment["PEERWAY_WRITE_ACCESS_MATRIX"] == "1" {
            try current.write(to: Self.fixtureURL, atomically: true, encoding: .utf8)
        }
        let pinned = try String(contentsOf: Self.fixtureURL, encoding: .utf8)

        // Compare line by line so that a checkout that rewrote line ends still reports real differences,
        // and so that the message names the first row that changed.
        let currentLines = Self.lines(current)
        let pinnedLines = Self.lines(pinned)
        let firstDifference = zip(currentLines, pinnedLines).enumerated().first { $0.element.0 != $0.element.1 }
        if let firstDifference {
            Issue.record("""
                \(Self.regenerateHint)
                First difference at line \(firstDifference.offset + 1):
                  pinned:  \(firstDifference.element.1)
                  current: \(firstDifference.element.0)
                """)
        }
        #expect(currentLines.count == pinnedLines.count, "\(Self.regenerateHint) (pinned has \(pinnedLines.count) lines, current \(currentLines.count))")
        if currentLines == pinnedLines, current != pinned {
            Issue.record("The fixture's line ends differ from AccessMatrix.csv() (CRLF expected); was it rewritten by a checkout? \(Self.regenerateHint)")
        }
    }

    @Test func hasHeaderAndOneRowPerRoleResourceAndAction() {
        let lines = Self.lines(AccessMatrix.csv())
        #expect(lines.first == "role,resource,scope,action,decision")
        let expectedRows = Role.allCases.count * Self.resourceScopeCount * AccessAction.allCases.count
        #expect(lines.count == 1 + expectedRows)
        #expect(AccessMatrix.rows().count == expectedRows)
        for line in lines.dropFirst() {
            #expect(line.split(separator: ",", omittingEmptySubsequences: false).count == 5, "\(line)")
        }
    }

    @Test func usesCRLFLineEndsThroughout() {
        let csv = AccessMatrix.csv()
        let bytes = Array(csv.utf8)
        #expect(bytes.suffix(2) == [0x0D, 0x0A])
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            #expect(index > 0 && bytes[index - 1] == 0x0D, "bare LF at byte \(index)")
        }
    }

    @Test func everyRoleResourceScopeAndActionAppearsExactlyOnce() {
        let rows = AccessMatrix.rows()
        let keys = rows.map { "\($0.role.rawValue)|\($0.resource)|\($0.scope)|\($0.action.rawValue)" }
        #expect(Set(keys).count == rows.count)
        for role in Role.allCases {
            #expect(rows.filter { $0.role == role }.count == Self.resourceScopeCount * AccessAction.allCases.count, "\(role)")
        }
    }

    /// Independent of the pinned file: the rows that matter most for privacy.
    @Test func privacyCriticalRows() throws {
        let rows = AccessMatrix.rows()
        func decision(_ role: Role, _ resource: String, _ scope: String, _ action: AccessAction) throws -> AccessDecision {
            try #require(rows.first { $0.role == role && $0.resource == resource && $0.scope == scope && $0.action == action }).decision
        }
        for role in Role.allCases {
            for action in AccessAction.allCases {
                #expect(try decision(role, "participant", "other_org", action) == .notFound, "\(role) \(action)")
                #expect(try decision(role, "user", "other_org", action) == .notFound, "\(role) \(action)")
                #expect(try decision(role, "audit_trail", "other_org", action) == .notFound, "\(role) \(action)")
            }
        }
        #expect(try decision(.peerSpecialist, "participant", "own_caseload", .read) == .allow)
        #expect(try decision(.peerSpecialist, "participant", "own_program", .read) == .notFound)
        #expect(try decision(.supervisor, "participant", "team_caseload", .read) == .allow)
        #expect(try decision(.programManager, "participant", "other_program", .read) == .notFound)
        #expect(try decision(.organizationAdmin, "participant", "own_program", .read) == .notFound)
        #expect(try decision(.evaluator, "participant", "own_program", .read) == .notFound)
        #expect(try decision(.organizationAdmin, "user", "self", .managePrivileges) == .deny)
        #expect(try decision(.organizationAdmin, "user", "colleague", .managePrivileges) == .allow)
        #expect(try decision(.systemAdmin, "user", "provider_under_own", .managePrivileges) == .allow)
    }

    static func lines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
            .droppingTrailing { $0.isEmpty }
    }
}

private extension Array where Element == String {
    /// Drops trailing elements while `predicate` holds (the empty piece after the final line end).
    func droppingTrailing(_ predicate: (String) -> Bool) -> [String] {
        var result = self
        while let last = result.last, predicate(last) { result.removeLast() }
        return result
    }
}
