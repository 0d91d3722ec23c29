import Foundation
import PeerwayCore
import PeerwayStore

/// Two unrelated counties, each with one provider organization, programs, and one person per role.
/// Side A is "own" in access tests, side B "other".
public struct Fixture: Sendable {
    public struct Side: Sendable {
        public let county: Organization
        public let provider: Organization
        public let program: Program
        public let otherProgram: Program
        /// One person per role. The system administrator works at the county; everyone else at the provider.
        public let users: [Role: User]

        public func user(_ role: Role) -> User { users[role]! }
    }

    public let a: Side
    public let b: Side

    public static let password = "correct horse battery staple"
    /// The authenticator secret of every fixture administrator (their second factor is enrolled).
    public static let totpSecret = "fixture-second-factor-secret"
    /// Fast hashing for tests only: the product's hasher is `PasswordHasher.standard` (600,000 rounds).
    public static let hasher = PasswordHasher(iterations: 1_000)

    public static func make(_ db: Database, clock: any PeerwayClock = SystemClock(), ids: any IDSource = RandomIDs()) async throws -> Fixture {
        let admin = Administration(StoreContext(db: db, auditKey: TestDatabase.auditKey, clock: clock, ids: ids), hasher: hasher)
        return Fixture(a: try await side("a", admin), b: try await side("b", admin))
    }

    static func side(_ tag: String, _ admin: Administration) async throws -> Side {
        let ctx = AuditContext.cli("fixture")
        let county = try await admin.createOrganization(name: "County \(tag.uppercased())", kind: .county, parentID: nil, by: nil, context: ctx)
        let provider = try await admin.createOrganization(name: "Provider \(tag.uppercased())", kind: .provider, parentID: county.id, by: nil, context: ctx)
        let program = try await admin.createProgram(.init(name: "Program \(tag.uppercased())1", model: .timeLimited, defaultLengthDays: 182, reviewFrequencyDays: 30),
                                                    organizationID: provider.id, by: nil, context: ctx)
        let other = try await admin.createProgram(.init(name: "Program \(tag.uppercased())2", model: .longTerm, defaultLengthDays: nil, reviewFrequencyDays: 90),
                                                  organizationID: provider.id, by: nil, context: ctx)
        var users: [Role: User] = [:]
        func add(_ role: Role, org: UUID, programs: Set<UUID>, supervisor: UUID? = nil) async throws {
            let user = try await admin.createUser(
                .init(email: "\(role.rawValue)@\(tag).fixture.test", displayName: "\(role.rawValue) \(tag)", password: password,
                      roles: [role], programIDs: programs, supervisorID: supervisor),
                organizationID: org, by: nil, context: ctx)
            if role.requiresSecondFactor {
                try await admin.db.write { conn in try await UserRecords.setTOTP(user.id, secret: totpSecret, enabled: true, on: conn) }
            }
            users[role] = try await admin.db.read { conn in try await UserRecords.get(user.id, on: conn) }!
        }
        try await add(.supervisor, org: provider.id, programs: [program.id])
        try await add(.peerSpecialist, org: provider.id, programs: [program.id], supervisor: users[.supervisor]!.id)
        try await add(.programManager, org: provider.id, programs: [program.id])
        try await add(.organizationAdmin, org: provider.id, programs: [])
        try await add(.evaluator, org: provider.id, programs: [])
        try await add(.systemAdmin, org: county.id, programs: [])
        return Side(county: county, provider: provider, program: program, otherProgram: other, users: users)
    }
}
