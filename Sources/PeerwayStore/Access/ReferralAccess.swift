import Foundation
import PeerwayCore

/// A referral with the person it is for. A referral is participant data: the policy decides it as the
/// person's record, so whoever may not see the person does not see the referral (and another
/// organization's referral is "not found").
public struct ReferralRecord: Sendable {
    public let referral: Referral
    public let person: Person
}

extension AccessResolver where Record == ReferralRecord {
    public static var referral: Self {
        Self { id, actor, conn in
            guard let referral = try await ReferralRecords.get(id, on: conn), referral.organizationID == actor.organizationID,
                  let person = try await PersonRecords.get(referral.personID, on: conn) else { return nil }
            return (ReferralRecord(referral: referral, person: person), .participant(try await ParticipantJourney.scope(for: person, on: conn)))
        }
    }
}
