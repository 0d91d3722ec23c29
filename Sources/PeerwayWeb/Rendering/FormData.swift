import Foundation
import Hummingbird
import NIOCore

/// A submitted `application/x-www-form-urlencoded` body. Fields may repeat (checkbox groups).
public struct FormData: Sendable {
    public let fields: [(name: String, value: String)]

    public init(_ body: String) {
        var components = URLComponents()
        components.percentEncodedQuery = body.replacingOccurrences(of: "+", with: "%20")
        fields = (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }
    }

    public static func read(_ request: Request, context: AppContext) async throws -> FormData {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return FormData(String(buffer: buffer))
    }

    public subscript(_ name: String) -> String? { fields.first { $0.name == name }?.value }
    public func all(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }
    public func string(_ name: String) -> String { self[name] ?? "" }
}
