import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PeerwayCore
import PeerwayStore

/// JSON in and out for API v1: ISO 8601 dates, sorted keys, a version ETag on single records, and
/// decoding failures reported as problem documents that name the field.
enum APISupport {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, version: Int? = nil) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let version { headers[.eTag] = "\"\(version)\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder().encode(value))))
    }

    /// Refuses a body of any other content type than `type`: 415, said by `messageKey`.
    static func requireContentType(_ request: Request, _ type: String, _ messageKey: String) throws {
        guard request.headers[.contentType]?.lowercased().hasPrefix(type) == true else {
            throw WebError(status: .unsupportedMediaType, code: "unsupported_media_type", messageKey: messageKey)
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, context: AppContext) async throws -> T {
        try requireContentType(request, "application/json", "error.json_required")
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let data = Data(buffer.readableBytesView)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            let value = try decoder.decode(T.self, from: data)
            // Defence in depth behind each field's own rule: a string the input holds with a control
            // character refused everywhere (`TextRules.isForbidden`) is a 422 naming its field, so such
            // a value never reaches the database, even from a field whose rule forgot it. The decoded
            // value is what is checked (re-encoded), not the raw body: a property no input reads is
            // dropped by the decoder and can reach nothing, so it is no reason to refuse a request.
            let held = (value as? any Encodable).flatMap { try? JSONEncoder().encode($0) } ?? data
            let problems = JSONText.forbiddenCharacters(in: try decoder.decode(JSONText.self, from: held))
            if !problems.isEmpty { throw WebError.invalid(problems) }
            return value
        } catch let error as DecodingError {
            switch error {
            case .dataCorrupted(let ctx) where ctx.codingPath.isEmpty:
                throw WebError(status: .badRequest, code: "invalid_json", messageKey: "error.invalid_json")
            case .keyNotFound(let key, _):
                throw WebError.invalid(field: key.stringValue, code: "required", messageKey: "error.required")
            case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx), .dataCorrupted(let ctx):
                throw WebError.invalid(field: ctx.codingPath.first?.stringValue ?? "body", code: "invalid_value", messageKey: "error.invalid_value")
            @unknown default:
                throw WebError(status: .badRequest, code: "invalid_json", messageKey: "error.invalid_json")
            }
        }
    }

    /// An instant a client sent (`occurred_at`): ISO 8601 with a zone (`Z` or an offset of at most
    /// 14 hours), read by `DateRules.instant`; anything else is a 422 on `field`, never "invalid JSON".
    static func instant(_ text: String, _ field: String) throws -> Date {
        guard let instant = DateRules.instant(TextRules.trimmed(text), in: nil) else {
            throw WebError.invalid(field: field, code: "invalid_date", messageKey: "error.invalid_date_time")
        }
        return instant
    }

    /// `If-Match: "7"` — the version the client last saw. A stale one answers 412 before anything is written.
    static func ifMatch(_ request: Request, current: Int) throws -> Int? {
        guard let header = request.headers[.ifMatch] else { return nil }
        let value = header.trimmingCharacters(in: CharacterSet(charactersIn: "\" W/"))
        guard let version = Int(value), version == current else {
            throw WebError(status: .preconditionFailed, code: "precondition_failed", messageKey: "error.version_conflict")
        }
        return version
    }

    static func paging(_ q: QueryParameters) throws -> (limit: Int, offset: Int) {
        (try q.number("limit", in: 1...500, default: 100), try q.number("offset", in: 0...Int.max, default: 0))
    }

    static func roles(_ names: [String]) throws -> Set<Role> {
        var roles = Set<Role>()
        for name in names {
            guard let role = Role(rawValue: name) else { throw WebError.invalid(field: "roles", code: "unknown_role", messageKey: "error.unknown_role") }
            guard roles.insert(role).inserted else { throw duplicateItem("roles") }
        }
        return roles
    }

    /// The ids of a list the document declares `uniqueItems`: the same id twice is a 422 on `field`.
    static func unique(_ ids: [UUID], field: String) throws -> Set<UUID> {
        let set = Set(ids)
        guard set.count == ids.count else { throw duplicateItem(field) }
        return set
    }

    static func duplicateItem(_ field: String) -> WebError {
        WebError.invalid(field: field, code: "duplicate_item", messageKey: "error.duplicate_item")
    }

    static func model(_ text: String?) throws -> Program.Model? {
        guard let text else { return nil }
        guard let model = Program.Model(rawValue: text) else { throw WebError.invalid(field: "model", code: "unknown_model", messageKey: "error.unknown_value") }
        return model
    }
}

/// An API handler: the request's JSON body as `Body`, and the signed-in actor who sent it.
typealias JSONHandler<Body> = @Sendable (Body, Actor, Request, AppContext, Resolved) async throws -> Response

extension RouteTable {
    /// An API route that reads a JSON body (guarded like any route): the handler is given the actor and
    /// the body, read here once (`APISupport.decode`).
    mutating func json<Body: Decodable & Sendable>(_ method: HTTPRequest.Method, _ route: RoutePath, _ guardRule: RouteGuard, _ body: Body.Type,
                                        _ handler: @escaping JSONHandler<Body>) {
        add(method, route, .api, guardRule) { request, context, resolved in
            let actor = try resolved.requireActor()
            return try await handler(try await APISupport.decode(Body.self, request, context: context), actor, request, context, resolved)
        }
    }
}

/// Any JSON value, read only to look at its strings before the body is decoded into its real shape.
enum JSONText: Decodable {
    case string(String)
    case array([JSONText])
    case object([String: JSONText])
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .other
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONText].self) {
            self = .array(items)
        } else if let members = try? container.decode([String: JSONText].self) {
            self = .object(members)
        } else {
            self = .other
        }
    }

    /// One `invalid_characters` error for each string holding a character `TextRules` refuses
    /// everywhere, on its field: the property path (`note`, `contact.note`, `attendees[2].line`,
    /// `languages[0]`).
    static func forbiddenCharacters(in value: JSONText, path: String = "") -> ValidationErrors {
        var errors = ValidationErrors()
        func walk(_ value: JSONText, _ path: String) {
            switch value {
            case .string(let text):
                if TextRules.containsForbidden(text) && errors.first(for: path.isEmpty ? "body" : path) == nil {
                    errors.append(ValidationError(path.isEmpty ? "body" : path, TextRules.invalidCharacters))
                }
            case .array(let items):
                for (index, item) in items.enumerated() { walk(item, "\(path)[\(index)]") }
            case .object(let members):
                for key in members.keys.sorted() {
                    // A property name with control characters is no field of any input: it is ignored.
                    guard !TextRules.containsForbidden(key) else { continue }
                    walk(members[key]!, path.isEmpty ? key : "\(path).\(key)")
                }
            case .other:
                break
            }
        }
        walk(value, path)
        return errors
    }
}
