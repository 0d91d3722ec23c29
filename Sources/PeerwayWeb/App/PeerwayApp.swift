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
    public static func routeTable(_ services: WebServices, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) -> RouteTable {
        var table = RouteTable()
        OperationsRoutes.register(&table, services, metrics: metrics)
        SignInPages.register(&table, services)
        HomePage.register(&table, services)
        AccountPages.register(&table, services)
        OrganizationPages.register(&table, services)
        ProgramPages.register(&table, services)
        UserPages.register(&table, services)
        AuditPages.register(&table, services)
        ParticipantPages.register(&table, services)
        JourneyPages.register(&table, services)
        CaseloadPages.register(&table, services)
        ImportPages.register(&table, services)
        PeerProfilePages.register(&table, services)
        ServicePages.register(&table, services)
        ServiceReportPages.register(&table, services)
        AdminAPI.register(&table, services)
        AccountAPI.register(&table, services)
        ParticipantAPI.register(&table, services)
        ServiceAPI.register(&table, services)
        return table
    }

    /// Middleware, outermost first: `FrontMiddleware` (errors into pages or problem+json, security
    /// headers, logs, and the metrics of the response actually sent), `AuthenticationMiddleware`,
    /// `MethodNotAllowedMiddleware` (405 with `Allow` where Hummingbird alone would answer 404), then
    /// the route. A GET route also answers HEAD.
    public static func router(_ services: WebServices, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) -> Router<AppContext> {
        let table = routeTable(services, metrics: metrics)
        let router = Router(context: AppContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: FrontMiddleware(services: services, metrics: RequestMetrics(factory: PrometheusMetricsFactory(registry: metrics))))
        router.add(middleware: AuthenticationMiddleware(services: services))
        router.add(middleware: MethodNotAllowedMiddleware(methods: RouteMethods(table.entries)))
        table.register(on: router, services: services)
        return router
    }

    public static func application(_ services: WebServices, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
                                   onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let config = services.config
        let server: HTTPServerBuilder
        if let cert = config.tlsCertificatePath, let key = config.tlsKeyPath {
            let tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }, privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            server = try .tls(.http1(), tlsConfiguration: tls)
        } else {
            server = .http1()
        }
        return Application(
            router: router(services, metrics: metrics), server: server,
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "Peerway"),
            services: [SessionJanitor(services: services), AuditWatch(services: services, interval: .seconds(config.auditVerifyHours * 3600))],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? config.port) },
            logger: services.logger)
    }
}

/// Deletes expired sessions every few minutes; expiry itself is enforced on every request regardless.
struct SessionJanitor: Service {
    let services: WebServices

    func run() async throws {
        // Cancelled (sleep included) as soon as the server starts shutting down.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await services.db.write { conn in
                    try await SessionRecords.purgeExpired(policy: services.sessionPolicy, now: services.clock.now(), on: conn)
                }
                try await Task.sleep(for: .seconds(300))
            }
        }
    }
}
