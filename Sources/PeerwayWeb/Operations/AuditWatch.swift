import Foundation
import Logging
import Metrics
import PeerwayCore
import PeerwayStore
import ServiceLifecycle

/// Re-verifies every audit chain shortly after start-up and then on a fixed interval, so tampering is
/// noticed even if nobody runs `peerway audit verify`. The result is logged and published as the
/// gauge `peerway_audit_chain_intact` (1 intact, 0 tampered) for alerting. After each intact run it
/// logs where every chain stands (a checkpoint in the log, which lives outside the database) and,
/// with `PEERWAY_AUDIT_CHECKPOINT_FILE`, checks against and renews the sealed checkpoint file, so a
/// database rolled back to an older copy is caught.
struct AuditWatch: Service {
    let env: AppEnvironment
    let interval: Duration

    func run() async throws {
        let gauge = Gauge(label: "peerway_audit_chain_intact")
        let events = Gauge(label: "peerway_audit_events_verified")
        try? await cancelWhenGracefulShutdown {
            try await Task.sleep(for: .seconds(10))
            while !Task.isCancelled {
                do {
                    let report = try await verifyOnce()
                    gauge.record(report.isIntact ? 1 : 0)
                    events.record(report.events)
                } catch {
                    env.logger.error("audit verification could not run", metadata: ["type": .string(String(describing: type(of: error)))])
                }
                try await Task.sleep(for: interval)
            }
        }
    }

    func verifyOnce() async throws -> AuditLog.VerifyReport {
        let path = env.config.auditCheckpointPath
        var previous: AuditCheckpoint?
        var unreadable: AuditChainVerifier.Problem?
        if let path, let text = try? String(contentsOfFile: path, encoding: .utf8) {
            do { previous = try env.audit.readCheckpoint(text) } catch { unreadable = .checkpointInvalid(reason: String(describing: error)) }
        }
        var report = try await env.audit.verify(env.db, checkpoint: previous)
        if let unreadable { report.problems.insert(unreadable, at: 0) }
        guard report.isIntact else {
            for problem in report.problems.prefix(20) {
                env.logger.critical("audit trail tampered", metadata: ["problem": .string(problem.description)])
            }
            return report
        }
        env.logger.info("audit trail verified", metadata: ["events": .stringConvertible(report.events), "chains": .stringConvertible(report.chains)])
        for position in report.positions {
            env.logger.info("audit checkpoint", metadata: [
                "chain": .string(position.chain), "seq": .stringConvertible(position.sequence), "hash": .string(position.hash)])
        }
        if let path {
            do {
                try Data(env.audit.checkpointText(report, takenAt: env.clock.now()).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                env.logger.error("audit checkpoint file could not be written", metadata: ["path": .string(path)])
            }
        }
        return report
    }
}
