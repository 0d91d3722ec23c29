import Foundation

/// The lists a service is documented against: service types (what was given) and core functions (which
/// of the peer's roles it served). The seeds' lists are the default; a program adds its own entries.
public struct ServiceCatalog: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case serviceType = "service_type"
        case coreFunction = "core_function"
    }

    public struct Entry: Sendable, Equatable, Codable, Hashable {
        public var kind: Kind
        /// Stable code stored on services and exported (`peer_navigation`).
        public var code: String
        /// A program's own label; nil for built-in entries, whose label comes from the catalog of messages.
        public var label: String?
        public var builtIn: Bool { label == nil }

        public init(kind: Kind, code: String, label: String? = nil) {
            self.kind = kind
            self.code = code
            self.label = label
        }

        /// The message key of a built-in entry's label.
        public var labelKey: String { "\(kind.rawValue).\(code)" }
    }

    /// Seed 001 (Next Steps: peer navigation, peer counseling, assessment, substance use treatment or
    /// counseling) and seed 000 (outreach, one-on-one and group peer counseling, system navigation).
    public static let defaultServiceTypes = [
        "peer_navigation", "peer_counseling", "group_peer_counseling", "assessment", "substance_use_counseling",
        "family_support", "crisis_support", "outreach", "community_education", "other",
    ]

    /// The twelve peer core functions of seed 002 (Philadelphia DBHIDS Peer Support Toolkit).
    public static let defaultCoreFunctions = [
        "assertive_outreach", "community_education", "advocacy", "empowerment_leadership", "recovery_capital_assessment",
        "recovery_wellness_planning", "assertive_linkage", "skills_training", "companionship_modeling", "crisis_support",
        "ongoing_recovery_management", "health_system_navigation",
    ]

    public var entries: [Entry]

    /// Longest code (ASCII) and label (single-line, in Unicode scalars) of a program's own entry.
    public static let maxCodeLength = 40
    public static let maxLabelLength = 80

    /// The defaults followed by a program's own entries, in the order they were added.
    public init(programEntries: [Entry] = []) {
        entries = Self.defaultServiceTypes.map { Entry(kind: .serviceType, code: $0) }
            + Self.defaultCoreFunctions.map { Entry(kind: .coreFunction, code: $0) }
        for entry in programEntries where !entries.contains(where: { $0.kind == entry.kind && $0.code == entry.code }) {
            entries.append(entry)
        }
    }

    public var serviceTypes: [Entry] { entries.filter { $0.kind == .serviceType } }
    public var coreFunctions: [Entry] { entries.filter { $0.kind == .coreFunction } }

    public func contains(_ kind: Kind, _ code: String) -> Bool {
        entries.contains { $0.kind == kind && $0.code == code }
    }

    /// Checks an entry a program wants to add: a lower-case code of letters, digits and underscores, a
    /// label, and no clash with an entry already there.
    public func validateNew(kind: Kind, code rawCode: String, label rawLabel: String) throws(ValidationErrors) -> Entry {
        var errors = ValidationErrors()
        let code = TextRules.trimmed(rawCode).lowercased()
        let label = TextRules.clean(rawLabel, field: "label", lines: .single, limit: Self.maxLabelLength, into: &errors)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_")
        if code.isEmpty {
            errors.append(ValidationError("code", "required"))
        } else if code.unicodeScalars.count > Self.maxCodeLength || !code.allSatisfy(allowed.contains) || !code.first!.isLetter {
            errors.append(ValidationError("code", "invalid_code"))
        } else if contains(kind, code) {
            errors.append(ValidationError("code", "duplicate", "error.catalog_duplicate"))
        }
        if label.isEmpty && errors.first(for: "label") == nil {
            errors.append(ValidationError("label", "required"))
        }
        try errors.throwIfAny()
        return Entry(kind: kind, code: code, label: label)
    }
}
