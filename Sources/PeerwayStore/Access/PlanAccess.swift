import Foundation
import PeerwayCore

/// A plan version with the person it is for. A plan is participant data: the policy decides it as its
/// person's record, so whoever may not see the person does not see the plan.
public struct PlanRecord: Sendable {
    public let plan: PlanVersion
    public let person: Person
}

extension AccessResolver where Record == PlanRecord {
    public static var plan: Self {
        Self { id, actor, conn in
            guard let plan = try await PlanRecords.get(id, on: conn), plan.organizationID == actor.organizationID,
                  let person = try await PersonRecords.get(plan.personID, on: conn) else { return nil }
            return (PlanRecord(plan: plan, person: person), .participant(try await ParticipantJourney.scope(for: person, on: conn)))
        }
    }
}
