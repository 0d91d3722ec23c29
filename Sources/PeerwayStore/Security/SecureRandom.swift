import Crypto
import Foundation

/// Unguessable values: session ids, CSRF tokens, API tokens, salts.
public enum SecureRandom {
    public static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// URL-safe base64 without padding: fits in cookies, headers and form fields unescaped.
    public static func token(bytes count: Int = 32) -> String {
        Data(bytes(count)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256 of a high-entropy secret, hex. Session ids and API tokens are stored only as this, so a
    /// copy of the database does not let anyone act as a signed-in user.
    public static func digest(_ secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
