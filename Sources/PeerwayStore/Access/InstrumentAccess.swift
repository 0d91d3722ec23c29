import Foundation
import PeerwayCore

/// An administration with the person it is about. Scores are participant data: the policy decides an
/// administration as its person's record, so whoever may not see the person does not see the scores.
public struct AdministrationRecord: Sendable {
    public let administration: InstrumentAdministration
    public let person: Person
}

extension AccessResolver where Record == AdministrationRecord {
    public static var instrumentAdministration: Self {
        Self { id, actor, conn in
            guard let found = try await InstrumentRecords.get(id, on: conn), found.organizationID == actor.organizationID,
                  let person = try await PersonRecords.get(found.personID, on: conn) else { return nil }
            return (AdministrationRecord(administration: found, person: person),
                    .participant(try await ParticipantJourney.scope(for: person, on: conn)))
        }
    }
}
