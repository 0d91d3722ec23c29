import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// A failure with a stable `code` for API clients, a catalog key for people, and the HTTP status.
public struct WebError: Error, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let messageKey: String
    public var fields: [ValidationError] = []
    public var retryAfter: Int?
    /// For 405: the methods the path answers, sent in the `Allow` header.
    public var allow: [HTTPRequest.Method] = []

    public static let unauthenticated = WebError(status: .unauthorized, code: "unauthenticated", messageKey: "error.unauthenticated")
    public static let forbidden = WebError(status: .forbidden, code: "forbidden", messageKey: "error.forbidden")
    public static let notFound = WebError(status: .notFound, code: "not_found", messageKey: "error.not_found")
    public static let conflict = WebError(status: .conflict, code: "version_conflict", messageKey: "error.version_conflict")
    public static let csrf = WebError(status: .forbidden, code: "csrf_failed", messageKey: "error.csrf_failed")
    /// A multipart body without a boundary, or broken off or garbled on the way.
    public static let unreadableMultipart = WebError.invalid(field: "form", code: "unreadable_multipart", messageKey: "error.multipart_unreadable")
    public static let badRequest = WebError(status: .badRequest, code: "bad_request", messageKey: "error.bad_request")
    public static let internalError = WebError(status: .internalServerError, code: "internal_error", messageKey: "error.internal")
    public static let unavailable = WebError(status: .serviceUnavailable, code: "unavailable", messageKey: "error.unavailable")

    /// The path exists, but not with this method.
    public static func methodNotAllowed(allow: [HTTPRequest.Method]) -> WebError {
        var error = WebError(status: .methodNotAllowed, code: "method_not_allowed", messageKey: "error.method_not_allowed")
        error.allow = allow
        return error
    }

    public static func invalid(_ errors: ValidationErrors) -> WebError {
        WebError(status: .unprocessableContent, code: "validation_failed", messageKey: "error.validation_failed", fields: errors.errors)
    }

    public static func invalid(field: String, code: String, messageKey: String) -> WebError {
        invalid(ValidationErrors([ValidationError(field: field, code: code, messageKey: messageKey)]))
    }

    public static func from(_ decision: AccessDecision) -> WebError {
        decision == .notFound ? .notFound : .forbidden
    }

    /// Maps lower layers' failures onto HTTP. Anything unknown becomes a 500 that reveals nothing.
    public static func from(_ error: any Error) -> WebError {
        switch error {
        case let error as WebError: return error
        case let error as AccessRefused: return from(error.decision)
        case let error as ValidationErrors: return invalid(error)
        case let error as ValidationError: return invalid(ValidationErrors([error]))
        case let error as StoreError:
            switch error {
            case .notFound: return .notFound
            case .conflict: return .conflict
            case .duplicate(let field): return invalid(field: field, code: "duplicate", messageKey: "error.duplicate_\(field)")
            case .invalid(let errors): return invalid(errors)
            case .unavailable: return .unavailable
            }
        case let error as any HTTPResponseError:
            // The framework's own errors (no route, body too large, malformed request): keep the status,
            // never the framework's message.
            switch error.status {
            case .notFound: return .notFound
            case .contentTooLarge: return WebError(status: .contentTooLarge, code: "too_large", messageKey: "error.too_large")
            case .methodNotAllowed: return WebError(status: .methodNotAllowed, code: "method_not_allowed", messageKey: "error.method_not_allowed")
            case let status where status.code < 500: return WebError(status: status, code: "bad_request", messageKey: "error.bad_request")
            default: return .internalError
            }
        default: return .internalError
        }
    }
}
