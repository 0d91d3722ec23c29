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

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, context: AppContext) async throws -> T {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw WebError(status: .unsupportedMediaType, code: "unsupported_media_type", messageKey: "error.json_required")
        }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
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

    /// `If-Match: "7"` — the version the client last saw. A stale one answers 412 before anything is written.
    static func ifMatch(_ request: Request, current: Int) throws -> Int? {
        guard let header = request.headers[.ifMatch] else { return nil }
        let value = header.trimmingCharacters(in: CharacterSet(charactersIn: "\" W/"))
        guard let version = Int(value) else {
            throw WebError(status: .preconditionFailed, code: "precondition_failed", messageKey: "error.version_conflict")
        }
        guard version == current else {
            throw WebError(status: .preconditionFailed, code: "precondition_failed", messageKey: "error.version_conflict")
        }
        return version
    }

    static func paging(_ request: Request) throws -> (limit: Int, offset: Int) {
        let q = request.uri.queryParameters
        let limit = try q["limit"].map { v -> Int in
            guard let n = Int(String(v)), (1...500).contains(n) else { throw WebError.invalid(field: "limit", code: "out_of_range", messageKey: "error.out_of_range") }
            return n
        } ?? 100
        let offset = try q["offset"].map { v -> Int in
            guard let n = Int(String(v)), n >= 0 else { throw WebError.invalid(field: "offset", code: "out_of_range", messageKey: "error.out_of_range") }
            return n
        } ?? 0
        return (limit, offset)
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
