import PeerwayCore

/// Failures of the store that callers act on. Anything else is an unexpected database error.
public enum StoreError: Error, Equatable, Sendable {
    /// The record does not exist (or is not visible through the caller's scope).
    case notFound
    /// The record changed since the caller read it (optimistic concurrency: version / If-Match).
    case conflict
    /// A unique value is already taken (such as an e-mail address).
    case duplicate(field: String)
    /// Input failed a domain rule.
    case invalid(ValidationErrors)
    /// The database cannot be reached or is shutting down.
    case unavailable(String)
}
