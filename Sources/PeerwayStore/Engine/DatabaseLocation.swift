import Foundation

/// Where the data lives, parsed from a `PEERWAY_DATABASE_URL`-style string:
/// `sqlite:///absolute/path.db`, `sqlite:relative.db`, a bare path ending in `.db`, or
/// `postgres://user:password@host:port/database?sslmode=require`.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    public struct PostgresLocation: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        public var requireTLS: Bool
        /// A directory holding the server's Unix socket (`?host=/var/run/postgresql`), used instead of TCP.
        public var socketDirectory: String?
    }

    public var dialect: Dialect {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func parse(_ raw: String) throws -> DatabaseLocation {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            guard let url = URLComponents(string: text), let host = url.host, !host.isEmpty || url.queryItems?.contains(where: { $0.name == "host" }) == true else {
                throw ParseError(description: "database URL is not a valid postgres:// URL")
            }
            let database = String(url.path.drop(while: { $0 == "/" }))
            guard !database.isEmpty else { throw ParseError(description: "database URL names no database (postgres://user@host/DATABASE)") }
            let query = Dictionary((url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
            let sslmode = query["sslmode"] ?? "prefer"
            return .postgres(PostgresLocation(
                host: host.isEmpty ? "localhost" : host, port: url.port ?? 5432,
                username: url.user?.removingPercentEncoding ?? "postgres",
                password: url.password?.removingPercentEncoding,
                database: database,
                requireTLS: ["require", "verify-ca", "verify-full"].contains(sslmode),
                socketDirectory: query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }))
        }
        var path = text
        if path.hasPrefix("sqlite://") { path = String(path.dropFirst("sqlite://".count)) }
        else if path.hasPrefix("sqlite:") { path = String(path.dropFirst("sqlite:".count)) }
        guard !path.isEmpty else { throw ParseError(description: "database URL is empty") }
        return .sqlite(path: URL(fileURLWithPath: path).standardizedFileURL.path)
    }

    /// A description safe for logs and messages: never the password.
    public var redacted: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let pg): "postgres://\(pg.username)@\(pg.host):\(pg.port)/\(pg.database)"
        }
    }
}
