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

    /// A refusal whose message is `error.<code>` unless another key is named.
    public init(_ field: String, _ code: String, _ messageKey: String? = nil) {
        self.init(field: field, code: code, messageKey: messageKey ?? "error.\(code)")
    }
}

extension RawRepresentable where RawValue == String {
    /// The value `raw` names; anything else is an `unknown_value` error on `field`.
    public static func named(_ raw: String, field: String) throws(ValidationError) -> Self {
        guard let value = Self(rawValue: raw) else { throw ValidationError(field, "unknown_value") }
        return value
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

    /// The value `raw` names, or nil with an `unknown_value` error on `field`.
    public mutating func named<T: RawRepresentable>(_ raw: String, _ field: String) -> T? where T.RawValue == String {
        if let value = T(rawValue: raw) { return value }
        append(ValidationError(field, "unknown_value"))
        return nil
    }

    /// Runs one rule and keeps what it refused, so one round trip reports every rule's problems.
    @discardableResult public mutating func collect<T>(_ rule: () throws -> T) throws -> T? {
        do { return try rule() } catch let refused as ValidationErrors { errors += refused.errors }
        return nil
    }
}
