import Foundation
import PeerwayCore

/// Wellness check-ins: the person's and their supervisor's alone.
extension Workforce {
    // MARK: - Wellness

    public func checkIn(satisfaction: Int, burnout: Int, supported: Int, note: String, by actor: Actor,
                        context: AuditContext) async throws -> WellnessCheckIn {
        try await guardedWrite(context, .wellnessCheckIn) { conn in
            let authorized = try await Access.resolve(.wellness, actor.userID, .create, by: actor, on: conn)
            let draft = WellnessCheckIn(id: store.newID(), userID: actor.userID, givenOn: today, satisfaction: satisfaction, burnout: burnout,
                                        supported: supported, note: note, recordedAt: store.now())
            let checkIn = try StoreError.validating { try WellnessRules.validate(draft, today: today) }
            try await WorkforceRecords.insert(checkIn, organizationID: authorized.record.organizationID, on: conn)
            // The answers stay out of the audit trail: it says a check-in was given, not what it said.
            try await audit.append(context, .recordCreated, resourceType: .wellnessCheckIn, resourceID: checkIn.id.text, on: conn)
            return checkIn
        }
    }

    public func checkIns(of userID: UUID, by actor: Actor, context: AuditContext) async throws -> [WellnessCheckIn] {
        try await guarded(context, .wellnessCheckIn) {
            let list = try await db.read { conn in
                _ = try await Access.resolve(.wellness, userID, .list, by: actor, on: conn)
                return try await WorkforceRecords.checkIns(userIDs: [userID], on: conn)
            }
            try await audit.record(db, context, .recordRead, resourceType: .wellnessCheckIn, resourceID: userID.text, detail: "count=\(list.count)")
            return list
        }
    }
}
