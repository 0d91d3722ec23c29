import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import PeerwayCore
import PeerwayStore
import PeerwayWeb
import Prometheus

struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Address to listen on (env PEERWAY_HOST).", valueName: "host"))
    var host: String?

    @Option(name: .long, help: ArgumentHelp("Port to listen on (env PEERWAY_PORT).", valueName: "port"))
    var port: Int?

    @Option(name: .long, help: ArgumentHelp("PEM certificate chain for HTTPS (env PEERWAY_TLS_CERT).", valueName: "path"))
    var tlsCert: String?

    @Option(name: .long, help: ArgumentHelp("PEM private key for HTTPS (env PEERWAY_TLS_KEY).", valueName: "path"))
    var tlsKey: String?

    func configuration() throws -> WebConfiguration {
        let env = ProcessInfo.processInfo.environment
        let portText = port.map(String.init) ?? env["PEERWAY_PORT"] ?? "8080"
        guard let port = Int(portText), (0...65535).contains(port) else { throw CLIError("port must be a number from 0 to 65535") }
        var config = WebConfiguration(
            host: host ?? env["PEERWAY_HOST"] ?? "127.0.0.1", port: port,
            tlsCertificatePath: tlsCert ?? env["PEERWAY_TLS_CERT"], tlsKeyPath: tlsKey ?? env["PEERWAY_TLS_KEY"],
            trustForwardedFor: env["PEERWAY_TRUST_FORWARDED_FOR"] == "1", behindTLSProxy: env["PEERWAY_BEHIND_TLS_PROXY"] == "1")
        config.metricsToken = env["PEERWAY_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let tz = try configuredTimeZone(env) { config.timeZone = tz }
        if let hours = env["PEERWAY_AUDIT_VERIFY_HOURS"] {
            guard let value = Int(hours), (1...720).contains(value) else { throw CLIError("PEERWAY_AUDIT_VERIFY_HOURS must be a whole number of hours from 1 to 720") }
            config.auditVerifyHours = value
        }
        config.auditCheckpointPath = env["PEERWAY_AUDIT_CHECKPOINT_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        if (config.tlsCertificatePath == nil) != (config.tlsKeyPath == nil) { throw CLIError("HTTPS needs both --tls-cert and --tls-key") }
        if env["PEERWAY_ENV"]?.lowercased() == "production" && !config.secureTransport {
            throw CLIError("production mode needs HTTPS: give --tls-cert and --tls-key, or set PEERWAY_BEHIND_TLS_PROXY=1 behind a TLS proxy")
        }
        return config
    }
}

enum ServerRunner {
    /// Logs and metrics are set up once per process, before anything logs.
    static let bootstrap: PrometheusCollectorRegistry = {
        let level = Logger.Level(rawValue: ProcessInfo.processInfo.environment["PEERWAY_LOG_LEVEL"] ?? "info") ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    static func run(db: Database, key: AuditKey, config: WebConfiguration, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(db: db, key: key, config: config, onRunning: onRunning).runService()
    }

    static func application(db: Database, key: AuditKey, config: WebConfiguration,
                            onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws -> some ApplicationProtocol {
        let registry = bootstrap
        let renderer = try await Renderer.bundled()
        let env = AppEnvironment(db: db, auditKey: key, config: config, renderer: renderer)
        if db.dialect == .sqlite { try await env.directoryImports.interruptLeftRunning() }
        return try PeerwayApp.application(env, metrics: registry, onServerRunning: onRunning)
    }
}

struct ServeCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the web server (pages and JSON API). Migrates the database first.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var server: ServerOptions

    @Flag(name: .long, help: "Do not apply pending migrations at start-up (run `peerway migrate` yourself).")
    var noMigrate = false

    func execute() async throws {
        _ = ServerRunner.bootstrap
        let config = try server.configuration()
        let location = try store.location()
        let key = try store.auditKey(for: location)
        try await store.withStore(migrate: !noMigrate) { db, _ in
            let scheme = config.usesTLS ? "https" : "http"
            print("Peerway serving \(location.redacted) on \(scheme)://\(config.host):\(config.port)")
            fflush(nil)
            try await ServerRunner.run(db: db, key: key, config: config)
        }
    }
}

struct MigrateCommand: ReportingCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending schema migrations and print the schema version.")

    @OptionGroup var store: StoreOptions

    func execute() async throws {
        let key = try store.auditKey(for: try store.location())
        try await store.withStore(migrate: false) { db, _ in
            let report = try await Migrator.migrate(db, auditKey: key) { line in print(line) }
            print("schema version \(report.currentVersion) (\(report.applied.count) applied)")
        }
    }
}
