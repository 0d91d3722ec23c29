/// A problem with input that a person can correct. `code` is stable (API clients match on it);
/// `messageKey` names the sentence in the localization catalog.
public struct ValidationError: Error, Equatable, Sendable {
    public let field: String?
    public let code: String
    public let messageKey: String

    public init(field: String?, code: String, messageKey: String) {
        self.field = field
        self.code = code
        self.messageKey = messageKey
    }
}

/// Several field problems found at once, so a form can show all of them in one round trip.
public struct ValidationErrors: Error, Equatable, Sendable {
    public var errors: [ValidationError]
    public init(_ errors: [ValidationError] = []) { self.errors = errors }
    public var isEmpty: Bool { errors.isEmpty }
    public mutating func append(_ error: ValidationError) { errors.append(error) }
    public func first(for field: String) -> ValidationError? { errors.first { $0.field == field } }
    public func throwIfAny() throws(ValidationErrors) { if !errors.isEmpty { throw self } }
}
