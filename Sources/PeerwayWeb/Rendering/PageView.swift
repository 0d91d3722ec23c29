import Foundation
import PeerwayCore

/// What a page shows, loaded before anything is rendered: a handler queries, fills its view struct,
/// and the template only reads it. Views are `Encodable` so a test can compare them as data, and plain
/// values so the snapshot of a page changes only when what it shows changes.
public protocol PageView: Encodable, Sendable {}
