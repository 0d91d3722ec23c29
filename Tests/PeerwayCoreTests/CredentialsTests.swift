import Foundation
import Testing
import PeerwayCore

/// Runs a typed-throwing validation and returns its error, or nil when it passed.
func validationError<T>(_ body: () throws(ValidationError) -> T) -> ValidationError? {
    do throws(ValidationError) {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

@Suite("Credentials: e-mail addresses")
struct EmailTests {
    @Test(arguments: [
        ("alice@example.org", "alice@example.org"),
        ("  Alice@Example.ORG  ", "alice@example.org"),
        ("\tBOB.Smith+peer@Mail.Example.Com\n", "bob.smith+peer@mail.example.com"),
        ("x@y.z", "x@y.z"),
    ])
    func normalizesByTrimmingAndLowercasing(raw: String, expected: String) throws {
        #expect(try Credentials.normalizedEmail(raw) == expected)
    }

    @Test(arguments: [
        "",
        "   ",
        "alice.example.org",              // no @
        "alice@example",                  // no dot in the domain
        "alice@@example.org",             // two @
        "alice@exa@mple.org",
        "@example.org",                   // empty local part
        "alice@",
        "alice@.org",                     // domain starts with a dot
        "alice@example.org.",             // domain ends with a dot
        "alice smith@example.org",        // inner space
        "alice@exam ple.org",
        "alice\t@example.org",
        "<alice@example.org>",            // angle brackets
        "alice<script>@example.org",
        "Alice <alice@example.org>",
        "\"alice\"@example.org",          // quotes
    ])
    func rejectsMalformedAddresses(raw: String) {
        let error = validationError { () throws(ValidationError) in try Credentials.normalizedEmail(raw) }
        #expect(error?.field == "email")
        #expect(error?.code == "invalid_email")
    }

    @Test func acceptsExactly254CharactersAndRejectsMore() throws {
        let domain = "@example.org"
        let longest = String(repeating: "a", count: 254 - domain.count) + domain
        #expect(longest.count == 254)
        #expect(try Credentials.normalizedEmail(longest) == longest)

        let tooLong = "a" + longest
        let error = validationError { () throws(ValidationError) in try Credentials.normalizedEmail(tooLong) }
        #expect(error?.code == "invalid_email")
    }

    @Test func lengthIsMeasuredAfterTrimming() throws {
        let domain = "@example.org"
        let longest = String(repeating: "b", count: 254 - domain.count) + domain
        #expect(try Credentials.normalizedEmail("   " + longest + "   ") == longest)
    }
}

@Suite("Credentials: passwords")
struct PasswordTests {
    @Test(arguments: ["", "short", "Tr0ub4dor&3"])  // 0, 5 and 11 characters
    func rejectsPasswordsUnderTwelveCharacters(password: String) {
        let error = validationError { () throws(ValidationError) in try Credentials.validatePassword(password) }
        #expect(error?.field == "password")
        #expect(error?.code == "password_too_short")
    }

    @Test func acceptsTwelveAndTwoHundredFiftySixCharacters() {
        #expect(validationError { () throws(ValidationError) in try Credentials.validatePassword("Tr0ub4dor&3x") } == nil)
        let longest = String(repeating: "abcd", count: 64)
        #expect(longest.count == 256)
        #expect(validationError { () throws(ValidationError) in try Credentials.validatePassword(longest) } == nil)
    }

    @Test func rejectsOverTwoHundredFiftySixCharacters() {
        let password = String(repeating: "abcd", count: 64) + "e"
        let error = validationError { () throws(ValidationError) in try Credentials.validatePassword(password) }
        #expect(error?.code == "password_too_long")
    }

    @Test(arguments: ["aaaaaaaaaaaa", "abababababab", "abcabcabcabc", "111111111111111111"])
    func rejectsFewerThanFourDistinctCharacters(password: String) {
        let error = validationError { () throws(ValidationError) in try Credentials.validatePassword(password) }
        #expect(error?.code == "password_too_simple")
    }

    @Test func fourDistinctCharactersAreEnough() {
        #expect(validationError { () throws(ValidationError) in try Credentials.validatePassword("abcdabcdabcd") } == nil)
    }

    @Test(arguments: [
        "alice.smith-2024!",
        "my-ALICE.SMITH-pass",   // compared case-insensitively
        "xxalice.smithxx",
    ])
    func rejectsPasswordsContainingTheEmailLocalPart(password: String) {
        let error = validationError { () throws(ValidationError) in
            try Credentials.validatePassword(password, email: "alice.smith@example.org")
        }
        #expect(error?.field == "password")
        #expect(error?.code == "password_contains_email")
    }

    @Test func acceptsPasswordUnrelatedToTheEmail() {
        let error = validationError { () throws(ValidationError) in
            try Credentials.validatePassword("correct horse battery staple", email: "alice.smith@example.org")
        }
        #expect(error == nil)
    }

    @Test func emailIsOnlyCheckedWhenGiven() {
        #expect(validationError { () throws(ValidationError) in try Credentials.validatePassword("alice.smith-2024!") } == nil)
    }

    @Test func workFactorFloor() {
        #expect(Credentials.minimumPBKDF2Iterations >= 600_000)
        #expect(Credentials.minimumPasswordLength == 12)
        #expect(Credentials.maximumPasswordLength == 256)
    }
}

@Suite("Credentials: display names")
struct DisplayNameTests {
    func check(_ raw: String, field: String = "display_name") -> Result<String, ValidationError> {
        do throws(ValidationError) {
            return .success(try Credentials.validateDisplayName(raw, field: field))
        } catch {
            return .failure(error)
        }
    }

    @Test(arguments: ["", " ", "   \t  ", "\n\r\n"])
    func rejectsEmpty(raw: String) {
        #expect(check(raw) == .failure(ValidationError(field: "display_name", code: "required", messageKey: "error.required")))
    }

    @Test func errorsCarryTheGivenFieldName() {
        #expect(check("", field: "name") == .failure(ValidationError(field: "name", code: "required", messageKey: "error.required")))
        #expect(check("a\u{0}b", field: "name") == .failure(ValidationError(field: "name", code: "invalid_characters", messageKey: "error.invalid_characters")))
    }

    @Test func acceptsTwoHundredCharactersAndRejectsMore() {
        let longest = String(repeating: "n", count: 200)
        #expect(check(longest) == .success(longest))
        #expect(check("  " + longest + "  ") == .success(longest))
        #expect(check(longest + "n") == .failure(ValidationError(field: "display_name", code: "too_long", messageKey: "error.too_long")))
    }

    @Test func lengthCountsCharactersNotBytes() {
        let emoji = String(repeating: "🙂", count: 200)
        #expect(check(emoji) == .success(emoji))
        #expect(check(emoji + "🙂").isFailure)
    }

    @Test(arguments: [
        "Ann\u{0}Lee",          // NUL
        "Ann\nLee",             // line feed: would forge a second line in logs and CSV
        "Ann\r\nLee",
        "Ann\tLee",
        "\u{1B}[31mAnn",        // terminal escape
        "Ann\u{7F}",            // DEL
        "Ann\u{85}Lee",         // next line (C1)
        "Ann\u{9B}31m",         // C1 control sequence introducer
    ])
    func rejectsControlCharacters(raw: String) {
        #expect(check(raw) == .failure(ValidationError(field: "display_name", code: "invalid_characters", messageKey: "error.invalid_characters")))
    }

    /// Hostile-looking but printable names are stored as typed (escaping is the renderer's job);
    /// only surrounding white space is trimmed.
    @Test(arguments: [
        ("<script>alert('x')</script>", "<script>alert('x')</script>"),
        ("Robert'); DROP TABLE users;--", "Robert'); DROP TABLE users;--"),
        ("' OR '1'='1", "' OR '1'='1"),
        ("{{ admin }}", "{{ admin }}"),
        ("=HYPERLINK(\"http://x\")", "=HYPERLINK(\"http://x\")"),
        ("  Sam 🙂  ", "Sam 🙂"),
        ("José Núñez-O'Brien", "José Núñez-O'Brien"),
        ("李小龙", "李小龙"),
        ("محمد علي", "محمد علي"),
        ("\u{3000}Ngozi\u{3000}", "Ngozi"),  // ideographic spaces are white space
        // Format characters (general category Cf) are not control characters and stay as typed:
        ("Ann\u{202E}eeL", "Ann\u{202E}eeL"),            // right-to-left override
        ("\u{2067}سارا\u{2069} Lee", "\u{2067}سارا\u{2069} Lee"),  // bidirectional isolates
        ("👩\u{200D}⚕️ Sam", "👩\u{200D}⚕️ Sam"),          // zero-width joiner in an emoji sequence
        ("👨\u{200D}👩\u{200D}👧", "👨\u{200D}👩\u{200D}👧"),
        ("مهر\u{200C}داد", "مهر\u{200C}داد"),            // zero-width non-joiner, common in Persian names
        ("  Dana\u{00AD}Lee ", "Dana\u{00AD}Lee"),         // soft hyphen
    ])
    func acceptsPrintableNamesTrimmedButOtherwiseUnchanged(raw: String, expected: String) {
        #expect(check(raw) == .success(expected))
    }
}

private extension Result {
    var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }
}

@Suite("Passwords and short e-mail names")
struct ShortLocalPartTests {
    @Test("a one- or two-letter e-mail name does not forbid passphrases containing those letters",
          arguments: [("correct horse battery staple", "a@example.org"), ("enjoy long walks", "jo@example.org")])
    func shortLocalPart(password: String, email: String) throws {
        try Credentials.validatePassword(password, email: email)
    }

    @Test("a real e-mail name inside the password is still refused")
    func longLocalPart() {
        #expect(throws: ValidationError.self) { try Credentials.validatePassword("my name is rivera123!", email: "rivera@example.org") }
    }
}
