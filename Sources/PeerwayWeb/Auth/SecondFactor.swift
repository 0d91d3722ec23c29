import Foundation
import HummingbirdOTP
import PeerwayStore

/// Time-based one-time codes (RFC 6238: SHA-1, six digits, 30-second steps), the kind every
/// authenticator app reads from a QR code or a typed key.
public enum SecondFactor {
    /// A new shared secret. The authenticator app is given its base32 form.
    public static func newSecret() -> String { SecureRandom.token(bytes: 20) }

    public static func base32(_ secret: String) -> String {
        let url = TOTP(secret: secret).createAuthenticatorURL(label: "x")
        return URLComponents(string: url)?.queryItems?.first { $0.name == "secret" }?.value ?? ""
    }

    public static func authenticatorURL(secret: String, account: String) -> String {
        TOTP(secret: secret).createAuthenticatorURL(label: account, issuer: "Peerway")
    }

    public static func code(secret: String, at date: Date) -> String {
        String(format: "%06d", TOTP(secret: secret).compute(date: date))
    }

    /// The 30-second step whose code was typed, or nil. The current code and the one on either side
    /// are accepted, for a phone's drifting clock; callers claim the step so it works only once.
    public static func matchingStep(_ code: String, secret: String, now: Date) -> Int64? {
        let typed = code.filter(\.isNumber)
        guard typed.count == 6 else { return nil }
        for offset in [-30.0, 0, 30] {
            let at = now.addingTimeInterval(offset)
            if constantTimeEquals(Self.code(secret: secret, at: at), typed) { return Int64(at.timeIntervalSince1970) / 30 }
        }
        return nil
    }
}
