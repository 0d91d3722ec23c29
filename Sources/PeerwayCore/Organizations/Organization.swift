import Foundation

/// A county behavioral health department, or a provider (such as NAMI San Diego) under one.
public struct Organization: Sendable, Equatable, Codable, Identifiable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case county
        case provider

        /// The role of an organization's first administrator: a county's adds providers under it,
        /// so is a system administrator; a provider's is an organization administrator.
        public var firstAdministratorRole: Role { self == .county ? .systemAdmin : .organizationAdmin }
    }

    /// Who runs a provider, as seed 003 names them: peers themselves, a recovery community, families,
    /// or none of these (a provider).
    public enum ProviderType: String, Sendable, Codable, CaseIterable {
        case provider
        case peerRun = "peer_run"
        case recoveryCommunity = "recovery_community"
        case familyRun = "family_run"
    }

    public var id: UUID
    public var parentID: UUID?
    public var name: String
    public var kind: Kind
    /// Meaningful for providers; a county's is `provider` and is not shown.
    public var providerType: ProviderType
    public var active: Bool
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(id: UUID, parentID: UUID?, name: String, kind: Kind, providerType: ProviderType = .provider, active: Bool = true,
                createdAt: Date, updatedAt: Date, version: Int = 1) {
        self.id = id
        self.parentID = parentID
        self.name = name
        self.kind = kind
        self.providerType = providerType
        self.active = active
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}

extension Organization {
    /// The organization's kind in seed 003's words: county, provider, peer-run, recovery community or family-run.
    public var seedKind: String { kind == .county ? Kind.county.rawValue : providerType.rawValue }
}

/// A program an organization runs (such as Next Steps or PeerLINKS).
public struct Program: Sendable, Equatable, Codable, Identifiable {
    /// Long-term support stays open until discharge; a time-limited program plans an end date.
    public enum Model: String, Sendable, Codable, CaseIterable {
        case longTerm = "long_term"
        case timeLimited = "time_limited"
    }

    public var id: UUID
    public var organizationID: UUID
    public var name: String
    public var description: String
    public var model: Model
    /// Planned length of an episode of care for a time-limited program (PeerLINKS: about six months).
    public var defaultLengthDays: Int?
    /// How often continued stay is reviewed; nil when it is not (seed 004, VIII.A: the review is "not
    /// applicable for those MHCs providing services via a long term support model"). A time-limited
    /// program always has one; a long-term program has none unless it chooses one.
    public var reviewFrequencyDays: Int?
    public var active: Bool
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(id: UUID, organizationID: UUID, name: String, description: String = "", model: Model,
                defaultLengthDays: Int?, reviewFrequencyDays: Int?, active: Bool = true,
                createdAt: Date, updatedAt: Date, version: Int = 1) {
        self.id = id
        self.organizationID = organizationID
        self.name = name
        self.description = description
        self.model = model
        self.defaultLengthDays = defaultLengthDays
        self.reviewFrequencyDays = reviewFrequencyDays
        self.active = active
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// Longest description, in Unicode scalars (multi-line text, `TextRules`).
    public static let maxDescriptionLength = 4000

    /// Checks a program's description: optional, multi-line, bounded. Returns it trimmed.
    public static func validateDescription(_ description: String) throws(ValidationErrors) -> String {
        try TextRules.checked(description, field: "description", lines: .multi, limit: maxDescriptionLength)
    }

    /// Checks the fields a person enters for a program; `description`, when given, is checked too
    /// (`validateDescription`). Returns the name trimmed.
    public static func validate(name: String, description: String = "", model: Model, defaultLengthDays: Int?,
                                reviewFrequencyDays: Int?) throws(ValidationErrors) -> String {
        var errors = ValidationErrors()
        var cleaned = ""
        do { cleaned = try Credentials.validateDisplayName(name, field: "name") } catch { errors.append(error) }
        do { _ = try validateDescription(description) } catch { errors.errors += error.errors }
        if model == .timeLimited {
            if let days = defaultLengthDays {
                if days < 1 || days > 3660 {
                    errors.append(ValidationError("default_length_days", "out_of_range", "error.length_out_of_range"))
                }
            } else {
                errors.append(ValidationError("default_length_days", "required", "error.length_required"))
            }
        }
        if let days = reviewFrequencyDays {
            if days < 7 || days > 366 {
                errors.append(ValidationError("review_frequency_days", "out_of_range", "error.review_out_of_range"))
            }
        } else if model == .timeLimited {
            errors.append(ValidationError("review_frequency_days", "required", "error.review_required"))
        }
        try errors.throwIfAny()
        return cleaned
    }
}
