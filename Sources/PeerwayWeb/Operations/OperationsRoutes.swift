import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PeerwayStore
import Prometheus

/// Liveness, readiness, metrics, the stylesheet and the API description: everything an operator or
/// a load balancer reads without signing in. None of it holds participant data.
enum OperationsRoutes {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment, metrics: PrometheusCollectorRegistry) {
        let ok: @Sendable (String) -> Response = { text in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        table.add(.get, SiteRoutes.healthz, .operations, .open) { _, _, _ in ok("ok\n") }
        table.add(.get, SiteRoutes.healthLive, .operations, .open) { _, _, _ in ok("ok\n") }
        table.add(.get, SiteRoutes.healthReady, .operations, .open) { _, _, _ in
            do {
                let version = try await Migrator.currentVersion(env.db)
                guard version == Migrator.latestVersion else {
                    return Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "schema not migrated\n")))
                }
                return ok("ready\n")
            } catch {
                return Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "database unavailable\n")))
            }
        }
        table.add(.get, SiteRoutes.metrics, .operations, .open) { request, _, _ in
            if let token = env.config.metricsToken {
                let given = request.headers[.authorization].map { String($0.dropFirst("Bearer ".count)) } ?? ""
                guard constantTimeEquals(given, token) else {
                    // A scraper, not a person: 401 with a challenge rather than the sign-in page.
                    return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Bearer realm=\"metrics\""])
                }
            }
            // The audit trail's group commit: how many events each commit carries (events / commits).
            let commits = await env.audit.groupCommitStatistics
            for (name, value, help) in [("events", commits.events, "Audit events recorded on their own, committed in groups"),
                                        ("commits", commits.commits, "Transactions that committed them"),
                                        ("largest", commits.largestBatch, "The most events one commit held")] {
                let descriptor = MetricNameDescriptor(namespace: "peerway", subsystem: "audit_group_commit", metricName: name, unitName: "",
                                                      helpText: help)
                metrics.makeGauge(descriptor: descriptor).set(Double(value))
            }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer())))
        }

        let stylesheet = StaticFile.load("static/peerway.css")
        table.add(.get, SiteRoutes.stylesheet, .operations, .open) { _, _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(bytes: stylesheet)))
        }
        let openAPI = StaticFile.load("openapi.json")
        table.add(.get, SiteRoutes.API.openAPI, .api, .open) { _, _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: openAPI)))
        }
    }
}

enum StaticFile {
    static func load(_ relative: String) -> [UInt8] {
        (try? [UInt8](Data(contentsOf: WebResources.directory.appendingPathComponent(relative)))) ?? []
    }
}
