import Foundation
import Logging
import Metrics
import PeerwayCore
import PeerwayStore
import ServiceLifecycle

/// Re-verifies every audit chain shortly after start-up and then on a fixed interval, so tampering is
/// noticed even if nobody runs `peerway audit verify`. The result is logged and published as the
/// gauge `peerway_audit_chain_intact` (1 intact, 0 tampered) for alerting.
struct AuditWatch: Service {
    let services: WebServices
    let interval: Duration

    func run() async throws {
        let gauge = Gauge(label: "peerway_audit_chain_intact")
        let events = Gauge(label: "peerway_audit_events_verified")
        try? await cancelWhenGracefulShutdown {
            try await Task.sleep(for: .seconds(10))
            while !Task.isCancelled {
                do {
                    let report = try await services.audit.verify(services.db)
                    gauge.record(report.isIntact ? 1 : 0)
                    events.record(report.events)
                    if report.isIntact {
                        services.logger.info("audit trail verified", metadata: ["events": .stringConvertible(report.events), "chains": .stringConvertible(report.chains)])
                    } else {
                        for problem in report.problems.prefix(20) {
                            services.logger.critical("audit trail tampered", metadata: ["problem": .string(problem.description)])
                        }
                    }
                } catch {
                    services.logger.error("audit verification could not run", metadata: ["type": .string(String(describing: type(of: error)))])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
