import Foundation
import PeerwayCore

/// A route's path, written once in its area's route type (`ParticipantRoutes.record`): the router
/// registers its pattern, and every redirect and link fills it in here, so no internal URL is ever
/// spelled twice or built by hand.
public struct RoutePath: Sendable, Hashable, CustomStringConvertible {
    /// The router's pattern, with `:id` where a record's id goes.
    public let pattern: String

    public init(_ pattern: String) { self.pattern = pattern }

    public var description: String { pattern }

    /// The path to the record `id` (the pattern's one parameter filled in).
    public func callAsFunction(_ id: UUID, query: KeyValuePairs<String, String> = [:]) -> String {
        precondition(pattern.contains(":id"), "\(pattern) takes no id")
        return Self.appending(query, to: pattern.replacingOccurrences(of: ":id", with: id.text))
    }

    /// The path of a route without parameters, with an optional query.
    public func callAsFunction(query: KeyValuePairs<String, String> = [:]) -> String {
        precondition(!pattern.contains(":"), "\(pattern) needs an id")
        return Self.appending(query, to: pattern)
    }

    /// Query values are percent-encoded; empty values are left out, so an unset filter adds nothing.
    static func appending(_ query: some Sequence<(key: String, value: String)>, to path: String) -> String {
        let pairs = query.filter { !$0.value.isEmpty }
        guard !pairs.isEmpty else { return path }
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        let encoded = pairs.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        return path + "?" + encoded.joined(separator: "&")
    }
}
