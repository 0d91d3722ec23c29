import Foundation
import PeerwayCore

/// A group's notes signed, or co-signed, at once: one tap for ten attendees instead of ten. Each note
/// still passes the policy and the signing rules on its own, and leaves its own audit event; all of
/// them go in one transaction, so a group is never left half signed.
extension ServiceDocumentation {
    /// Signs every draft of the group `serviceID` belongs to. An incomplete draft refuses the whole group
    /// with its field errors.
    public func signGroup(of serviceID: UUID, by actor: Actor, context: AuditContext) async throws -> [PeerService] {
        try await guarded(context, .service) {
            try await db.write { conn in
                let first = try await authorized(serviceID, .sign, actor, on: conn)
                guard let group = first.groupID else { throw Self.invalid("form", "not_a_group") }
                var signed: [PeerService] = []
                for member in try await ServiceRecords.forGroup(group, on: conn) where member.status == .draft {
                    let stored = try await authorized(member.id, .sign, actor, on: conn)
                    var next = stored
                    next.content = try await validate(ServiceInput(stored.content), programID: stored.programID, forSigning: true, on: conn)
                    try await signing(&next, on: conn)
                    next.updatedAt = now
                    let saved = try await ServiceRecords.update(next, expectedVersion: stored.version, on: conn)
                    try await audit.append(context, .noteSigned, resourceType: .service, resourceID: saved.id.text,
                                           participantID: saved.personID, on: conn)
                    signed.append(saved)
                }
                return signed
            }
        }
    }

    /// Co-signs every note of the group `serviceID` belongs to that waits for the actor's co-signature.
    public func cosignGroup(of serviceID: UUID, by actor: Actor, context: AuditContext) async throws -> [PeerService] {
        try await guarded(context, .service) {
            try await db.write { conn in
                let first = try await authorized(serviceID, .cosign, actor, on: conn)
                guard let group = first.groupID else { throw Self.invalid("form", "not_a_group") }
                var cosigned: [PeerService] = []
                for member in try await ServiceRecords.forGroup(group, on: conn) where member.awaitingCosignature {
                    let stored = try await authorized(member.id, .cosign, actor, on: conn)
                    var next = stored
                    next.cosignedBy = actor.userID
                    next.cosignedAt = now
                    next.updatedAt = now
                    let saved = try await ServiceRecords.update(next, expectedVersion: stored.version, on: conn)
                    try await audit.append(context, .noteCosigned, resourceType: .service, resourceID: saved.id.text,
                                           participantID: saved.personID, on: conn)
                    cosigned.append(saved)
                }
                return cosigned
            }
        }
    }
}
