import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL
import PeerwayCore
import PeerwayStore
import Prometheus
import ServiceLifecycle

/// Assembles the HTTP application: middleware in order, then every route from the route table.
public enum PeerwayApp {
    /// All routes with their guards; tests walk this to check every route against the access policy
    /// and the OpenAPI document.
    public static func routeTable(_ env: AppEnvironment, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) -> RouteTable {
        var table = RouteTable()
        OperationsRoutes.register(&table, env, metrics: metrics)
        SignInPages.register(&table, env)
        HomePage.register(&table, env)
        AccountPages.register(&table, env)
        OrganizationPages.register(&table, env)
        ProgramPages.register(&table, env)
        UserPages.register(&table, env)
        AuditPages.register(&table, env)
        ParticipantPages.register(&table, env)
        JourneyPages.register(&table, env)
        CaseloadPages.register(&table, env)
        ImportPages.register(&table, env)
        HistoryImportPage.register(&table, env)
        PeerProfilePages.register(&table, env)
        ServicePages.register(&table, env)
        ServiceReportPages.register(&table, env)
        ReferralPages.register(&table, env)
        DirectoryPages.register(&table, env)
        InstrumentPages.register(&table, env)
        PlanPages.register(&table, env)
        StaffPages.register(&table, env)
        SupervisionPages.register(&table, env)
        ProgramReportPages.register(&table, env)
        EvaluationPages.register(&table, env)
        AdminAPI.register(&table, env)
        AccountAPI.register(&table, env)
        ParticipantAPI.register(&table, env)
        HistoryAPI.register(&table, env)
        ServiceAPI.register(&table, env)
        ReferralAPI.register(&table, env)
        DirectoryAPI.register(&table, env)
        DirectoryCurationAPI.register(&table, env)
        HsdsAPI.register(&table, env)
        InstrumentAPI.register(&table, env)
        PlanAPI.register(&table, env)
        WorkforceAPI.register(&table, env)
        return table
    }

    /// Middleware, outermost first: `FrontMiddleware` (errors into pages or problem+json, security
    /// headers, logs, and the metrics of the response actually sent), `AuthenticationMiddleware`,
    /// `MethodNotAllowedMiddleware` (405 with `Allow` where Hummingbird alone would answer 404), then
    /// the route. A GET route also answers HEAD.
    public static func router(_ env: AppEnvironment, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) -> Router<AppContext> {
        let table = routeTable(env, metrics: metrics)
        let router = Router(context: AppContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: FrontMiddleware(env: env, metrics: RequestMetrics(factory: PrometheusMetricsFactory(registry: metrics))))
        router.add(middleware: AuthenticationMiddleware(env: env))
        router.add(middleware: MethodNotAllowedMiddleware(methods: RouteMethods(table.entries)))
        table.register(on: router, env: env)
        return router
    }

    public static func application(_ env: AppEnvironment, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
                                   onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let config = env.config
        let server: HTTPServerBuilder
        if let cert = config.tlsCertificatePath, let key = config.tlsKeyPath {
            let tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }, privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            server = try .tls(.http1(), tlsConfiguration: tls)
        } else {
            server = .http1()
        }
        return Application(
            router: router(env, metrics: metrics), server: server,
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "Peerway"),
            services: [SessionJanitor(env: env), AuditWatch(env: env, interval: .seconds(config.auditVerifyHours * 3600))],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? config.port) },
            logger: env.logger)
    }
}

/// Deletes expired sessions every few minutes; expiry itself is enforced on every request regardless.
struct SessionJanitor: Service {
    let env: AppEnvironment

    func run() async throws {
        // Cancelled (sleep included) as soon as the server starts shutting down.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await env.db.write { conn in
                    try await SessionRecords.purgeExpired(policy: env.sessionPolicy, now: env.clock.now(), on: conn)
                }
                try await Task.sleep(for: .seconds(300))
            }
        }
    }
}
