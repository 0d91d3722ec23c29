import Foundation

/// Rules for what a person types as an e-mail address and password.
public enum Credentials {
    public static let minimumPasswordLength = 12
    public static let maximumPasswordLength = 256
    /// PBKDF2-HMAC-SHA256 work factor: OWASP's 2023 figure for this hash, the floor ONC-certified
    /// systems are held to.
    public static let minimumPBKDF2Iterations = 600_000

    /// Longest e-mail address, in Unicode scalars (RFC 5321's 254).
    public static let maximumEmailLength = 254

    public static func normalizedEmail(_ raw: String) throws(ValidationError) -> String {
        let email = TextRules.trimmed(raw).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard !TextRules.containsForbidden(raw), TextRules.length(email) <= maximumEmailLength, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"" })
        else {
            throw ValidationError("email", "invalid_email")
        }
        return email
    }

    /// Lengths count Unicode scalars, as the API's `minLength`/`maxLength` do; control characters
    /// (`TextRules.isForbidden`) are refused like anywhere else.
    public static func validatePassword(_ password: String, email: String? = nil) throws(ValidationError) {
        if TextRules.containsForbidden(password) {
            throw ValidationError(field: "password", code: TextRules.invalidCharacters, messageKey: "error.invalid_characters")
        }
        if TextRules.length(password) < minimumPasswordLength { throw ValidationError("password", "password_too_short") }
        if TextRules.length(password) > maximumPasswordLength { throw ValidationError("password", "password_too_long") }
        if Set(password).count < 4 { throw ValidationError("password", "password_too_simple") }
        // Only a local part long enough to be guessable counts: "jo@" must not forbid every "jo" in a passphrase.
        if let local = email?.split(separator: "@").first.map({ $0.lowercased() }), local.count >= 4, password.lowercased().contains(local) {
            throw ValidationError("password", "password_contains_email")
        }
    }

    /// Longest display name (and organization, program and token name), in Unicode scalars.
    public static let maximumDisplayNameLength = 200

    /// A name shown to people: required, single-line, at most 200 Unicode scalars once trimmed
    /// (`TextRules`). Format characters stay: the zero-width joiner builds emoji and bidirectional
    /// marks are part of real names.
    public static func validateDisplayName(_ raw: String, field: String = "display_name") throws(ValidationError) -> String {
        let name = try TextRules.check(raw, field: field, lines: .single, limit: maximumDisplayNameLength)
        guard !name.isEmpty else { throw ValidationError(field, "required") }
        return name
    }
}
