import Foundation

/// Rules for what a person types as an e-mail address and password.
public enum Credentials {
    public static let minimumPasswordLength = 12
    public static let maximumPasswordLength = 256
    /// PBKDF2-HMAC-SHA256 work factor: OWASP's 2023 figure for this hash, the floor ONC-certified
    /// systems are held to.
    public static let minimumPBKDF2Iterations = 600_000

    public static func normalizedEmail(_ raw: String) throws(ValidationError) -> String {
        let email = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"" })
        else {
            throw ValidationError(field: "email", code: "invalid_email", messageKey: "error.invalid_email")
        }
        return email
    }

    public static func validatePassword(_ password: String, email: String? = nil) throws(ValidationError) {
        if password.count < minimumPasswordLength {
            throw ValidationError(field: "password", code: "password_too_short", messageKey: "error.password_too_short")
        }
        if password.count > maximumPasswordLength {
            throw ValidationError(field: "password", code: "password_too_long", messageKey: "error.password_too_long")
        }
        if Set(password).count < 4 {
            throw ValidationError(field: "password", code: "password_too_simple", messageKey: "error.password_too_simple")
        }
        // Only a local part long enough to be guessable counts: "jo@" must not forbid every "jo" in a passphrase.
        if let local = email?.split(separator: "@").first.map({ $0.lowercased() }), local.count >= 4, password.lowercased().contains(local) {
            throw ValidationError(field: "password", code: "password_contains_email", messageKey: "error.password_contains_email")
        }
    }

    public static func validateDisplayName(_ raw: String, field: String = "display_name") throws(ValidationError) -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else {
            throw ValidationError(field: field, code: "required", messageKey: "error.required")
        }
        guard name.count <= 200 else {
            throw ValidationError(field: field, code: "too_long", messageKey: "error.too_long")
        }
        // Only true control characters (tabs, newlines, NUL, escapes) are refused. Format characters
        // stay: the zero-width joiner builds emoji and bidirectional marks are part of real names.
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ValidationError(field: field, code: "invalid_characters", messageKey: "error.invalid_characters")
        }
        return name
    }
}
