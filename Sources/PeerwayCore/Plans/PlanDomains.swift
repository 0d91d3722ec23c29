/// The life domains a goal belongs to: SAMHSA's eight dimensions of wellness by default, and any a
/// program adds of its own.
public struct PlanDomains: Sendable, Equatable {
    /// SAMHSA's eight dimensions of wellness.
    public static let samhsa = ["emotional", "environmental", "financial", "intellectual", "occupational", "physical", "social", "spiritual"]

    /// A program's own domain: its code and label.
    public struct Own: Sendable, Equatable, Codable {
        public let code: String
        public let label: String
        public init(code: String, label: String) {
            self.code = code
            self.label = label
        }
    }

    public var own: [Own]

    public init(own: [Own] = []) {
        self.own = own
    }

    public var codes: [String] { Self.samhsa + own.map(\.code) }

    public func contains(_ code: String) -> Bool { codes.contains(code) }

    /// The catalog key of a built-in domain's label, or nil for a program's own (whose label is its text).
    public static func labelKey(_ code: String) -> String? { samhsa.contains(code) ? "plan.domain.\(code)" : nil }

    public static let maxLabelLength = 60

    /// Checks a new domain: a code of lowercase letters, digits and underscores not already used, and a label.
    public func validateNew(code: String, label: String) throws(ValidationErrors) -> Own {
        var errors = ValidationErrors()
        let code = TextRules.trimmed(code).lowercased()
        if code.isEmpty || code.count > 40 || !code.allSatisfy({ ($0.isLetter || $0.isNumber) && $0.isASCII || $0 == "_" }) {
            errors.append(ValidationError("code", "invalid_code"))
        } else if contains(code) {
            errors.append(ValidationError("code", "duplicate_code"))
        }
        let label = TextRules.clean(label, field: "label", lines: .single, limit: Self.maxLabelLength, into: &errors)
        if label.isEmpty { errors.append(ValidationError("label", "required")) }
        try errors.throwIfAny()
        return Own(code: code, label: label)
    }
}
