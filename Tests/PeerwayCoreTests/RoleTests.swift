import Foundation
import Testing
import PeerwayCore

@Suite("Roles")
struct RoleTests {
    @Test(arguments: Role.allCases)
    func secondFactorOnlyForAdministrators(role: Role) {
        let expected = role.rawValue == "organization_admin" || role.rawValue == "system_admin"
        #expect(role.requiresSecondFactor == expected)
        let actor = Actor(userID: UUID(), organizationID: UUID(), roles: [role])
        #expect(Self.user([role]).mustUseSecondFactor == expected)
        #expect(actor.isAdmin == expected)
    }

    static func user(_ roles: Set<Role>, totp: Bool = false) -> User {
        User(id: UUID(), organizationID: UUID(), email: "x@example.org", displayName: "X", roles: roles, totpEnabled: totp,
             createdAt: Date(), updatedAt: Date())
    }

    @Test func anAdministratorRoleAmongOthersRequiresSecondFactor() {
        #expect(Self.user([.peerSpecialist, .organizationAdmin]).mustUseSecondFactor)
        let clinical = Self.user([.peerSpecialist, .supervisor, .programManager, .evaluator])
        #expect(!clinical.mustUseSecondFactor)
        #expect(!clinical.signInNeedsSecondFactor)
        #expect(Self.user([.peerSpecialist], totp: true).signInNeedsSecondFactor, "a peer who turned it on is asked too")
    }

    @Test func rawValuesAreStable() {
        #expect(Role.allCases.map(\.rawValue) == [
            "peer_specialist", "supervisor", "program_manager", "organization_admin", "system_admin", "evaluator",
        ])
        #expect(Role.supervisor.labelKey == "role.supervisor")
        #expect(Role.allCases.sorted() == Role.allCases)
    }

    @Test(arguments: [
        ("peer_specialist", [Role.peerSpecialist]),
        ("peer_specialist,supervisor", [.peerSpecialist, .supervisor]),
        ("peer_specialist, supervisor ,  program_manager", [.peerSpecialist, .supervisor, .programManager]),
        (" evaluator ", [.evaluator]),
        ("supervisor,supervisor", [.supervisor]),
        ("organization_admin,,system_admin", [.organizationAdmin, .systemAdmin]),
    ])
    func parsesCommaSeparatedLists(text: String, expected: [Role]) throws {
        #expect(try Role.parseList(text) == Set(expected))
    }

    @Test(arguments: ["admin", "root", "peer specialist", "peer-specialist", "supervisor,superuser", "system_admin;evaluator"])
    func rejectsUnknownRoleNames(text: String) {
        let error = validationError { () throws(ValidationError) in try Role.parseList(text) }
        #expect(error == ValidationError(field: "roles", code: "unknown_role", messageKey: "error.unknown_role"))
    }

    @Test(arguments: [Int64(0), 1, -1, 999_999, 1_000_000, 1_700_000_000_123_456, 1_700_000_000_999_999,
                      4_102_444_799_999_999, -2_208_988_800_000_001])
    func microsecondsRoundTrip(microseconds: Int64) {
        let date = Date(microsecondsSince1970: microseconds)
        #expect(date.microsecondsSince1970 == microseconds)
        #expect(date.truncatedToMicroseconds == date)
        #expect(Date(microsecondsSince1970: microseconds + 1) > date)
    }

    @Test func microsecondsOfAnArbitraryDate() {
        let date = Date(timeIntervalSince1970: 1_700_000_000.25)
        #expect(date.microsecondsSince1970 == 1_700_000_000_250_000)
        let fine = Date(timeIntervalSince1970: 1_700_000_000.123_456_2)
        #expect(fine.truncatedToMicroseconds.microsecondsSince1970 == 1_700_000_000_123_456)
        #expect(fine.truncatedToMicroseconds.truncatedToMicroseconds == fine.truncatedToMicroseconds)
    }
}
