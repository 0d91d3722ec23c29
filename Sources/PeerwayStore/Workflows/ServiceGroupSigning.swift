import Foundation
import PeerwayCore

/// A group's notes signed, or co-signed, at once: one tap for ten attendees instead of ten. Each note
/// still passes the policy and the signing rules on its own, and leaves its own audit event; all of
/// them go in one transaction, so a group is never left half signed.
extension ServiceDocumentation {
    /// Signs every draft of the group `serviceID` belongs to. An incomplete draft refuses the whole group
    /// with its field errors.
    public func signGroup(of serviceID: UUID, by actor: Actor, context: AuditContext) async throws -> [PeerService] {
        try await eachOfGroup(serviceID, .sign, .noteSigned, where: { $0.status == .draft }, actor, context) { next, conn in
            next.content = try await validate(ServiceInput(next.content), programID: next.programID, forSigning: true, on: conn)
            try await signing(&next, on: conn)
        }
    }

    /// Co-signs every note of the group `serviceID` belongs to that waits for the actor's co-signature.
    public func cosignGroup(of serviceID: UUID, by actor: Actor, context: AuditContext) async throws -> [PeerService] {
        try await eachOfGroup(serviceID, .cosign, .noteCosigned, where: \.awaitingCosignature, actor, context) { next, _ in
            next.cosignedBy = actor.userID
            next.cosignedAt = now
        }
    }

    /// The notes of the group `serviceID` belongs to that `select` picks, each decided for `action` on its
    /// own, changed by `change`, saved and audited as `event`.
    func eachOfGroup(_ serviceID: UUID, _ action: AccessAction, _ event: AuditAction, where select: (PeerService) -> Bool, _ actor: Actor,
                     _ context: AuditContext, change: (inout PeerService, Connection) async throws -> Void) async throws -> [PeerService] {
        try await guardedWrite(context, .service) { conn in
            let first = try await authorized(serviceID, action, actor, on: conn)
            guard let group = first.groupID else { throw Self.invalid("form", "not_a_group") }
            var done: [PeerService] = []
            for member in try await ServiceRecords.forGroup(group, on: conn) where select(member) {
                let stored = try await authorized(member.id, action, actor, on: conn)
                var next = stored
                try await change(&next, conn)
                next.updatedAt = now
                let saved = try await ServiceRecords.update(next, expectedVersion: stored.version, on: conn)
                try await audit.append(context, event, resourceType: .service, resourceID: saved.id.text, participantID: saved.personID, on: conn)
                done.append(saved)
            }
            return done
        }
    }
}
