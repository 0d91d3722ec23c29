import Foundation
import PeerwayCore
import PeerwayStore

/// The JSON shapes of API v1. Kept apart from the domain types so that renaming a Swift property
/// can never change the public contract (the OpenAPI document describes exactly these).
struct OrganizationJSON: APIFields {
    let o: Organization
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": o.id, "parent_id": o.parentID, "name": o.name, "kind": o.kind.rawValue, "provider_type": o.providerType.rawValue,
         "active": o.active, "version": o.version,
         "created_at": o.createdAt, "updated_at": o.updatedAt]
    }
}

struct ProgramJSON: APIFields {
    let p: Program
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": p.id, "organization_id": p.organizationID, "name": p.name, "description": p.description, "model": p.model.rawValue,
         "default_length_days": p.defaultLengthDays, "review_frequency_days": JSONNullable(p.reviewFrequencyDays), "active": p.active,
         "version": p.version, "created_at": p.createdAt, "updated_at": p.updatedAt]
    }
}

struct UserJSON: APIFields {
    let u: User
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": u.id, "organization_id": u.organizationID, "email": u.email, "display_name": u.displayName,
         "roles": u.roles.sorted().map(\.rawValue), "program_ids": u.programIDs.sorted { $0.uuidString < $1.uuidString },
         "supervisor_id": u.supervisorID, "disabled": u.disabled, "second_factor_enabled": u.totpEnabled, "locale": u.locale,
         "version": u.version, "created_at": u.createdAt, "updated_at": u.updatedAt]
    }
}

struct AuditEventJSON: APIFields {
    let e: AuditEvent
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": e.id, "chain": e.chain, "sequence": e.sequence, "occurred_at": e.occurredAt, "organization_id": e.organizationID,
         "actor_user_id": e.actorUserID, "actor": e.actorLabel, "action": e.action.rawValue, "resource_type": e.resourceType,
         "resource_id": e.resourceID, "participant_id": e.participantID, "outcome": e.outcome.rawValue, "request_id": e.requestID,
         "client_address": e.clientAddress, "detail": e.detail, "hash": e.hash]
    }
}

struct TokenJSON: APIFields {
    let t: APIToken
    /// Present only in the answer that creates the token: it is never shown again.
    var raw: String?
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": t.id, "name": t.name, "created_at": t.createdAt, "last_used_at": t.lastUsedAt, "expires_at": t.expiresAt,
         "revoked_at": t.revokedAt, "token": raw]
    }
}

struct MeJSON: Encodable, Sendable {
    let user: UserJSON
    let home_role: String
    let administered_organization_ids: [UUID]
}

struct ListJSON<Item: Encodable & Sendable>: Encodable, Sendable {
    let items: [Item]
    let next_offset: Int?
}

// MARK: - Inputs

struct CreateOrganizationInput: Codable {
    let name: String
    let parent_id: UUID?
    let provider_type: String?
}

struct UpdateOrganizationInput: Codable {
    let name: String?
    let provider_type: String?
    let active: Bool?
}

extension Organization.ProviderType {
    /// The kind of provider a body names; nil when it names none, `unknown_value` on `provider_type` when it names another.
    static func named(_ text: String?) throws -> Self? {
        guard let text else { return nil }
        guard let value = Self(rawValue: text) else { throw WebError.invalid(field: "provider_type", code: "unknown_value", messageKey: "error.unknown_value") }
        return value
    }
}

/// A program to create, or a partial update: an absent field is left as it is; `"review_frequency_days":
/// null` means no continued-stay review (a long-term program's default).
struct ProgramInputJSON: Codable {
    let name: String?
    let description: String?
    let model: String?
    let default_length_days: Int?
    let review_frequency_days: Int??
    let active: Bool?
    let organization_id: UUID?

    enum CodingKeys: String, CodingKey { case name, description, model, default_length_days, review_frequency_days, active, organization_id }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        model = try c.decodeIfPresent(String.self, forKey: .model)
        default_length_days = try c.decodeIfPresent(Int.self, forKey: .default_length_days)
        if c.contains(.review_frequency_days) {
            review_frequency_days = .some(try c.decodeNil(forKey: .review_frequency_days) ? nil : try c.decode(Int.self, forKey: .review_frequency_days))
        } else {
            review_frequency_days = nil
        }
        active = try c.decodeIfPresent(Bool.self, forKey: .active)
        organization_id = try c.decodeIfPresent(UUID.self, forKey: .organization_id)
    }

    /// The review frequency a new program gets: the one sent, else 90 days for a time-limited program
    /// and none for long-term support.
    func reviewFrequency(for model: Program.Model) -> Int? {
        review_frequency_days ?? (model == .timeLimited ? 90 : nil)
    }

    /// A planned length that is sent is in range whatever the model (a long-term program ignores it,
    /// but the document's 1...3660 holds for every value a client sends).
    func checkLength() throws {
        if let days = default_length_days, !(1...3660).contains(days) {
            throw WebError.invalid(field: "default_length_days", code: "out_of_range", messageKey: "error.length_out_of_range")
        }
    }
}

struct CreateUserInput: Codable {
    let email: String
    let display_name: String
    let password: String
    let roles: [String]
    let program_ids: [UUID]?
    let supervisor_id: UUID?
    let locale: String?
    let organization_id: UUID?
}

/// A partial update: an absent field is left as it is; `"supervisor_id": null` clears the supervisor.
struct UpdateUserInput: Codable {
    let display_name: String?
    let roles: [String]?
    let program_ids: [UUID]?
    let supervisor_id: UUID??
    let disabled: Bool?
    let locale: String?

    enum CodingKeys: String, CodingKey { case display_name, roles, program_ids, supervisor_id, disabled, locale }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        display_name = try c.decodeIfPresent(String.self, forKey: .display_name)
        roles = try c.decodeIfPresent([String].self, forKey: .roles)
        program_ids = try c.decodeIfPresent([UUID].self, forKey: .program_ids)
        if c.contains(.supervisor_id) {
            supervisor_id = .some(try c.decodeNil(forKey: .supervisor_id) ? nil : try c.decode(UUID.self, forKey: .supervisor_id))
        } else {
            supervisor_id = nil
        }
        disabled = try c.decodeIfPresent(Bool.self, forKey: .disabled)
        locale = try c.decodeIfPresent(String.self, forKey: .locale)
    }
}

struct CreateTokenInput: Codable {
    let name: String
    let expires_days: Int?
}
