import Foundation

/// One entry of the audit trail. Events are only ever appended; each carries a keyed hash over its
/// content and the previous event's hash, so any edit, deletion, insertion or reordering is detectable.
public struct AuditEvent: Sendable, Equatable, Codable, Identifiable {
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        case success
        case denied
        case failure
    }

    public var id: UUID
    /// The chain the event belongs to: one per organization (the tenant), and `system` for events
    /// with no organization (such as a failed sign-in for an unknown address).
    public var chain: String
    public var sequence: Int64
    public var occurredAt: Date
    public var organizationID: UUID?
    public var actorUserID: UUID?
    public var actorLabel: String
    public var action: AuditAction
    public var resourceType: String
    public var resourceID: String?
    public var participantID: UUID?
    public var outcome: Outcome
    public var requestID: String
    public var clientAddress: String
    public var detail: String
    public var previousHash: String
    public var hash: String

    public init(id: UUID, chain: String, sequence: Int64, occurredAt: Date, organizationID: UUID?,
                actorUserID: UUID?, actorLabel: String, action: AuditAction, resourceType: String,
                resourceID: String?, participantID: UUID?, outcome: Outcome, requestID: String,
                clientAddress: String, detail: String, previousHash: String, hash: String) {
        self.id = id
        self.chain = chain
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.organizationID = organizationID
        self.actorUserID = actorUserID
        self.actorLabel = actorLabel
        self.action = action
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.participantID = participantID
        self.outcome = outcome
        self.requestID = requestID
        self.clientAddress = clientAddress
        self.detail = detail
        self.previousHash = previousHash
        self.hash = hash
    }

    public static func chainName(for organizationID: UUID?) -> String {
        organizationID.map { "org:\($0.text)" } ?? "system"
    }

    /// The bytes the hash covers: every field but the hash itself, each length-prefixed so that no two
    /// different events can encode the same way.
    /// An absent value encodes as a lone "-", which no length-prefixed value can be, so NULL and ""
    /// stay distinguishable.
    public var canonicalBytes: [UInt8] {
        Self.lengthPrefixed([
            "v1", id.text, chain, String(sequence), String(occurredAt.microsecondsSince1970),
            organizationID?.text, actorUserID?.text, actorLabel,
            action.rawValue, resourceType, resourceID, participantID?.text,
            outcome.rawValue, requestID, clientAddress, detail, previousHash,
        ])
    }

    /// Each field as its length in UTF-8 bytes, ":" and the bytes; an absent one as "-". Chain heads
    /// and the registry (`AuditSeal`) are sealed in the same encoding.
    static func lengthPrefixed(_ fields: [String?]) -> [UInt8] {
        var bytes: [UInt8] = []
        for field in fields {
            guard let field else {
                bytes.append(0x2D)
                continue
            }
            let utf8 = Array(field.utf8)
            bytes.append(contentsOf: String(utf8.count).utf8)
            bytes.append(0x3A)
            bytes.append(contentsOf: utf8)
        }
        return bytes
    }

    /// The previous hash of the first event in a chain.
    public static let genesisHash = String(repeating: "0", count: 64)
}

/// What happened. Stable strings: reports and filters match on them.
public enum AuditAction: String, Sendable, Codable, CaseIterable {
    case signIn = "sign_in"
    case signInFailed = "sign_in_failed"
    case signInThrottled = "sign_in_throttled"
    case signOut = "sign_out"
    case sessionExpired = "session_expired"
    case secondFactorEnrolled = "second_factor_enrolled"
    case secondFactorFailed = "second_factor_failed"
    case passwordChanged = "password_changed"
    case tokenCreated = "token_created"
    case tokenRevoked = "token_revoked"
    case privilegeChange = "privilege_change"
    case userCreated = "user_created"
    case userUpdated = "user_updated"
    case userDisabled = "user_disabled"
    case userEnabled = "user_enabled"
    case organizationCreated = "organization_created"
    case organizationUpdated = "organization_updated"
    case programCreated = "program_created"
    case programUpdated = "program_updated"
    case accessDenied = "access_denied"
    case export = "export"
    case recordRead = "record_read"
    case recordCreated = "record_created"
    case recordUpdated = "record_updated"
    case recordDeleted = "record_deleted"
    case eligibilityOverride = "eligibility_override"
    case participantMerged = "participant_merged"
    case participantUnmerged = "participant_unmerged"
    /// Taken in as a different person although the intake check offered an existing record.
    case duplicateDismissed = "duplicate_dismissed"
    case importRun = "import"
    case noteSigned = "note_signed"
    case noteAmended = "note_amended"
    case noteCosigned = "note_cosigned"
}
