import Crypto
import Foundation

/// The secret that keys the audit hash chain. It lives outside the database (an environment variable
/// or a file), so someone who can rewrite the database cannot recompute valid hashes.
public struct AuditKey: Sendable {
    let key: SymmetricKey

    public init(secret: String) {
        key = SymmetricKey(data: SHA256.hash(data: Array(secret.utf8)))
    }

    /// HMAC-SHA256 of an event's canonical bytes, hex.
    public func mac(_ bytes: [UInt8]) -> String {
        HMAC<SHA256>.authenticationCode(for: bytes, using: key).map { String(format: "%02x", $0) }.joined()
    }

    /// Reads the key from a file, creating it with a fresh random secret (mode 0600) if it is missing.
    /// Used for the embedded SQLite set-up; production passes `PEERWAY_AUDIT_KEY` instead.
    public static func loadOrCreate(at path: String) throws -> AuditKey {
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !secret.isEmpty { return AuditKey(secret: secret) }
        }
        let secret = SecureRandom.token(bytes: 32)
        _ = FileManager.default.createFile(atPath: path, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600])
        return AuditKey(secret: secret)
    }
}
