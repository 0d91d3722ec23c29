import Crypto
import Foundation

/// An organization's key for study ids (`study_keys`): a study id is the HMAC-SHA256 of the person's id
/// under it, so the same person has the same id in every extract of the organization, another id in
/// another organization's, and no one without the key can tell whose id it is, nor link two
/// organizations' extracts. The key never leaves the server.
public struct StudyKey: Sendable {
    let key: SymmetricKey

    /// Random bytes of a new key.
    public static let byteCount = 32

    init(bytes: [UInt8]) {
        key = SymmetricKey(data: bytes)
    }

    /// "S-" and the first 16 hexadecimal characters (64 bits) of the HMAC of the id's 16 bytes: far
    /// more than enough to keep a county's people apart.
    public func studyID(for personID: UUID) -> String {
        let bytes = withUnsafeBytes(of: personID.uuid) { Array($0) }
        let mac = HMAC<SHA256>.authenticationCode(for: bytes, using: key)
        return "S-" + mac.prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
