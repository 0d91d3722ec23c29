import Foundation
import PeerwayCore
import SQLKit

/// Workforce profiles as stored: one row per staff member, its pairing background and the rest of its
/// details as JSON (older rows hold a background only and read with default details).
public enum WorkforceProfileRecords {
    public static func save(userID: UUID, organizationID: UUID, _ background: PeerBackground, now: Date, on conn: Connection) async throws {
        let json = try StoredJSON.text(background)
        try await conn.sql.raw("""
            INSERT INTO workforce_profiles (user_id, organization_id, profile, capacity, updated_at)
            VALUES (\(bind: userID), \(bind: organizationID), \(bind: json), \(bind: background.capacity), \(bind: now))
            ON CONFLICT (user_id) DO UPDATE SET profile = \(bind: json), capacity = \(bind: background.capacity), updated_at = \(bind: now)
            """).run()
    }

    public static func save(_ profile: WorkforceProfile, organizationID: UUID, now: Date, on conn: Connection) async throws {
        let background = try StoredJSON.text(profile.background), details = try StoredJSON.text(profile.details)
        try await conn.sql.raw("""
            INSERT INTO workforce_profiles (user_id, organization_id, profile, capacity, details, updated_at)
            VALUES (\(bind: profile.userID), \(bind: organizationID), \(bind: background), \(bind: profile.background.capacity), \(bind: details), \(bind: now))
            ON CONFLICT (user_id) DO UPDATE SET profile = \(bind: background), capacity = \(bind: profile.background.capacity),
                details = \(bind: details), updated_at = \(bind: now)
            """).run()
    }

    public static func get(_ userID: UUID, on conn: Connection) async throws -> PeerBackground? {
        try await profile(userID, on: conn)?.background
    }

    public static func profile(_ userID: UUID, on conn: Connection) async throws -> WorkforceProfile? {
        guard let row = try await conn.sql.raw("SELECT user_id, profile, details FROM workforce_profiles WHERE user_id = \(bind: userID)").all().first
        else { return nil }
        return try decode(row)
    }

    /// Every profile of an organization's staff, by user.
    public static func profiles(organizationID: UUID, on conn: Connection) async throws -> [UUID: WorkforceProfile] {
        let rows = try await conn.sql.raw("SELECT user_id, profile, details FROM workforce_profiles WHERE organization_id = \(bind: organizationID)").all()
        return Dictionary(uniqueKeysWithValues: try rows.map(decode).map { ($0.userID, $0) })
    }

    static func decode(_ row: any SQLRow) throws -> WorkforceProfile {
        WorkforceProfile(userID: try row.uuid("user_id"), background: try StoredJSON.decode(PeerBackground.self, try row.string("profile")),
                         details: try StoredJSON.decode(WorkforceDetails.self, try row.string("details")))
    }

    /// Active peer specialists working in a program, with their backgrounds as they consented to share
    /// them and their current caseload size: the candidates a pairing is suggested from. Supervisors read
    /// the reasons, so a fact the peer keeps to HR is not matched on.
    public static func candidates(programID: UUID, on conn: Connection) async throws -> [PeerProfile] {
        let rows = try await conn.sql.raw("""
            SELECT u.id, u.display_name, pp.profile, pp.details FROM users u
            JOIN user_programs up ON up.user_id = u.id AND up.program_id = \(bind: programID)
            JOIN user_roles r ON r.user_id = u.id AND r.role = 'peer_specialist'
            LEFT JOIN workforce_profiles pp ON pp.user_id = u.id
            WHERE u.disabled = \(bind: false) ORDER BY u.display_name LIMIT 500
            """).all()
        let ids = try rows.map { try $0.uuid("id") }
        let counts = try await AssignmentRecords.caseloadCounts(peerIDs: ids, on: conn)
        return try rows.map { row in
            let id = try row.uuid("id")
            let stored = WorkforceProfile(
                userID: id, background: try row.optionalString("profile").map { try StoredJSON.decode(PeerBackground.self, $0) } ?? PeerBackground(),
                details: try row.optionalString("details").map { try StoredJSON.decode(WorkforceDetails.self, $0) } ?? WorkforceDetails())
            let background = stored.visible(seesEverything: false).background
            return PeerProfile(userID: id, displayName: try row.string("display_name"), languages: background.languages,
                               livedExperience: background.livedExperience, populations: background.populations,
                               culturalBackground: background.culturalBackground, genderIdentity: background.genderIdentity,
                               region: background.region, caseloadCount: counts[id] ?? 0, capacity: background.capacity)
        }
    }
}
