import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// Opening a PostgreSQL database starts with one plain connection, made with a short time-out, before
/// the pool is used: the pool retries a failing server for about a minute and then reports only that
/// its circuit breaker tripped. The probe fails within seconds and says why in one line (connection
/// refused, unknown host, no answer, authentication failed, no such role or database, TLS).
enum PostgresProbe {
    /// How long the probe waits for the server by default: long enough for a busy server, short
    /// enough that a wrong address is reported while the administrator still watches.
    static let defaultConnectTimeout: Duration = .seconds(5)

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// The settings of one connection, the same ones the pool's connections use.
    static func connectionConfiguration(_ pg: DatabaseLocation.PostgresLocation, connectTimeout: Duration) throws -> PostgresConnection.Configuration {
        var config: PostgresConnection.Configuration
        if let socket = pg.socketDirectory {
            config = .init(unixSocketPath: socketPath(pg, in: socket), username: pg.username, password: pg.password, database: pg.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS = pg.requireTLS
                ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable
            config = .init(host: pg.host, port: pg.port, username: pg.username, password: pg.password, database: pg.database, tls: tls)
        }
        config.options.connectTimeout = timeAmount(connectTimeout)
        config.options.additionalStartupParameters = [("TimeZone", "UTC")]
        return config
    }

    static func socketPath(_ pg: DatabaseLocation.PostgresLocation, in directory: String) -> String {
        "\(directory)/.s.PGSQL.\(pg.port)"
    }

    /// Connects once and closes again; throws `StoreError.unavailable` with the cause in one line.
    static func check(_ location: DatabaseLocation, _ pg: DatabaseLocation.PostgresLocation, connectTimeout: Duration,
                      logger: Logger) async throws {
        do {
            let configuration = try connectionConfiguration(pg, connectTimeout: connectTimeout)
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try? await connection.close()
        } catch {
            throw StoreError.unavailable("cannot connect to PostgreSQL at \(location.redacted): \(cause(of: error, pg, connectTimeout: connectTimeout))")
        }
    }

    /// What went wrong, in words an administrator acts on.
    static func cause(of error: any Error, _ pg: DatabaseLocation.PostgresLocation, connectTimeout: Duration = defaultConnectTimeout) -> String {
        let endpoint = pg.socketDirectory.map { "the socket \(socketPath(pg, in: $0))" } ?? "\(pg.host):\(pg.port)"
        guard let error = error as? PSQLError else { return network(error, pg, endpoint, connectTimeout) ?? oneLine(String(describing: error)) }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? ""
            switch state {
            case "28P01":
                return "authentication failed for role \"\(pg.username)\" (wrong password, or no such role)"
            case "28000":
                if message.contains("pg_hba.conf") {
                    let hint = pg.requireTLS ? "" : "; if it accepts only TLS connections, add ?sslmode=require to the URL"
                    return "the server refuses this connection (\(oneLine(message))\(hint))"
                }
                return oneLine(message.isEmpty ? "authentication failed for role \"\(pg.username)\"" : message)
            case "3D000":
                return "database \"\(pg.database)\" does not exist (create it first, owned by \"\(pg.username)\")"
            case "53300":
                return "the server has no free connection slots (too many connections)"
            case "57P03":
                return "the server is starting up, shutting down or recovering; try again shortly"
            default:
                return "the server refused the connection: \(oneLine(message)) (SQLSTATE \(state))"
            }
        case .sslUnsupported:
            return "the server at \(endpoint) does not offer TLS, which the URL requires (sslmode=require)"
        case .failedToAddSSLHandler:
            return "TLS could not be set up for \(endpoint)"
        case .authMechanismRequiresPassword:
            return "the server asks for a password and the URL gives none (postgres://\(pg.username):PASSWORD@…)"
        case .unsupportedAuthMechanism:
            return "the server asks for an authentication method Peerway does not support"
        case .saslError:
            return "authentication failed for role \"\(pg.username)\" (SCRAM exchange failed)"
        case .messageDecodingFailure, .unexpectedBackendMessage, .receivedUnencryptedDataAfterSSLRequest:
            return "the server at \(endpoint) does not answer as PostgreSQL does (is that the right port?)"
        case .serverClosedConnection:
            return error.underlying.flatMap { network($0, pg, endpoint, connectTimeout) } ?? "the server at \(endpoint) closed the connection during start-up"
        case .connectionError:
            if let underlying = error.underlying, let text = network(underlying, pg, endpoint, connectTimeout) { return text }
            return "cannot reach \(endpoint): \(oneLine(error.underlying.map { String(describing: $0) } ?? "connection failed"))"
        default:
            return oneLine("\(error.code): \(error.underlying.map { String(describing: $0) } ?? "")")
        }
    }

    /// Socket, name resolution, time-out and TLS failures, or nil for anything else.
    static func network(_ error: any Error, _ pg: DatabaseLocation.PostgresLocation, _ endpoint: String, _ connectTimeout: Duration) -> String? {
        switch error {
        case let error as NIOConnectionError:
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
                return "unknown host \"\(pg.host)\" (the name does not resolve)"
            }
            let causes = error.connectionErrors.compactMap { network($0.error, pg, endpoint, connectTimeout) }
            return causes.first { $0.hasPrefix("connection refused") } ?? causes.first
                ?? "cannot reach \(endpoint): \(oneLine(String(describing: error)))"
        case let error as ChannelError:
            if case .connectTimeout = error {
                return "no answer from \(endpoint) within \(connectTimeout.components.seconds) s (wrong host or port, or a firewall drops the connection)"
            }
            return nil
        case let error as IOError:
            switch error.errnoCode {
            case ECONNREFUSED:
                return "connection refused: nothing listens on \(endpoint) (is PostgreSQL running there, on that port?)"
            case ENOENT where pg.socketDirectory != nil:
                return "connection refused: \(endpoint) does not exist (is PostgreSQL running, with its socket in that directory?)"
            case EHOSTUNREACH, ENETUNREACH:
                return "no route to \(endpoint) (host or network unreachable)"
            case ETIMEDOUT:
                return "no answer from \(endpoint) (connection timed out)"
            case EACCES:
                return "permission denied opening \(endpoint)"
            default:
                return "cannot reach \(endpoint): \(oneLine(String(describing: error)))"
            }
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            return "the TLS handshake with \(endpoint) failed: \(oneLine(String(describing: error)))"
        default:
            return nil
        }
    }

    static func oneLine(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > 240 ? String(flat.prefix(240)) + "…" : flat
    }
}

extension Database {
    /// A PostgreSQL error in one line for an operator: the server's message and SQLSTATE, which
    /// PostgresNIO's own description hides. Nil for any other error. (The message only: the server's
    /// detail may quote the values of a row.)
    public static func describePostgresError(_ error: any Error) -> String? {
        guard let error = error as? PSQLError else { return nil }
        if error.code == .server, let message = error.serverInfo?[.message] {
            return "PostgreSQL: \(PostgresProbe.oneLine(message)) (SQLSTATE \(error.serverInfo?[.sqlState] ?? "?"))"
        }
        let underlying = error.underlying.map { ": \(PostgresProbe.oneLine(String(describing: $0)))" } ?? ""
        return "PostgreSQL: \(error.code)\(underlying)"
    }
}
