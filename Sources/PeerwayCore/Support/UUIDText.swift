import Foundation

extension UUID {
    /// The lowercase form ids take in URLs, audit events and files: one spelling, so they compare as text.
    public var text: String { uuidString.lowercased() }
}
