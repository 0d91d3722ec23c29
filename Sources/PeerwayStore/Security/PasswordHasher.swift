import Crypto
import CryptoExtras
import Foundation
import PeerwayCore

/// PBKDF2-HMAC-SHA256 password hashing (FIPS-approved). The stored string names its own work factor,
/// so raising the factor later re-hashes each password at its owner's next sign-in.
public struct PasswordHasher: Sendable {
    public let iterations: Int
    /// Called once per key derivation: lets a test prove that every sign-in attempt pays for a full
    /// hash (the defence against telling accounts apart by timing) without timing anything.
    let onDerive: (@Sendable () -> Void)?

    /// The production hasher. Tests may pass a lower work factor to stay fast; the server and the CLI
    /// always use this one.
    public static let standard = PasswordHasher(iterations: Credentials.minimumPBKDF2Iterations)

    public init(iterations: Int, onDerive: (@Sendable () -> Void)? = nil) {
        self.iterations = iterations
        self.onDerive = onDerive
    }

    public func hash(_ password: String) throws -> String {
        let salt = SecureRandom.bytes(16)
        let key = try derive(password, salt: salt, iterations: iterations)
        return "pbkdf2-sha256$\(iterations)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    /// Constant-time comparison against a stored hash.
    public func verify(_ password: String, against stored: String) -> Bool {
        guard let parsed = Self.parse(stored),
              let key = try? derive(password, salt: parsed.salt, iterations: parsed.iterations) else { return false }
        return constantTimeEqual(key, parsed.key)
    }

    /// True when the stored hash used a weaker work factor than this hasher.
    public func needsRehash(_ stored: String) -> Bool {
        (Self.parse(stored)?.iterations ?? 0) < iterations
    }

    /// Burns the same time as a real check, so an unknown e-mail address answers as slowly as a known one.
    public func verifyDummy(_ password: String) {
        _ = try? derive(password, salt: Array(repeating: 0, count: 16), iterations: iterations)
    }

    static func parse(_ stored: String) -> (iterations: Int, salt: [UInt8], key: [UInt8])? {
        let parts = stored.split(separator: "$")
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let n = Int(parts[1]), n > 0,
              let salt = Data(base64Encoded: String(parts[2])), let key = Data(base64Encoded: String(parts[3])) else { return nil }
        return (n, Array(salt), Array(key))
    }

    private func derive(_ password: String, salt: [UInt8], iterations: Int) throws -> [UInt8] {
        onDerive?()
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: iterations)
        return key.withUnsafeBytes { Array($0) }
    }
}

func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var diff: UInt8 = 0
    for i in a.indices { diff |= a[i] ^ b[i] }
    return diff == 0
}
