import Foundation
import PeerwayCore

extension ProgramReports {
    /// For the report's route guard, before any figure is counted: the programs `actor` may report on
    /// with `action`, among those of their organization and (for a county) its providers. When there is
    /// none, the refusal is the policy's strongest one, audited: 403 when the actor works where there is a
    /// program they may not report on (a peer in their own program), 404 when none is theirs to know of.
    public static func reportable(by actor: Actor, _ action: AccessAction, access: Access, context: AuditContext) async throws -> [Reportable] {
        let reach = try await access.db.read { conn in try await candidates(for: actor, on: conn) }.map { ($0.reportable, $0.resource) }
        let allowed = reach.filter { AccessPolicy.decide(actor, action, $0.1) == .allow }.map(\.0)
        guard allowed.isEmpty else { return allowed }
        if let denied = reach.first(where: { AccessPolicy.decide(actor, action, $0.1) == .deny }) ?? reach.first {
            try await access.decide(denied.1, action, by: actor, context: context)
        }
        try await access.audit.record(access.db, context, .accessDenied, resourceType: .programReport, outcome: .denied,
                                      detail: "\(action.rawValue) \(AccessDecision.notFound.rawValue)")
        throw AccessRefused(decision: .notFound)
    }
}
