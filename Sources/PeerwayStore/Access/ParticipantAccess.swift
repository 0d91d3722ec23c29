import Foundation
import PeerwayCore

/// An episode of care with the person it belongs to: the policy decides an episode on its participant.
public struct EpisodeRecord: Sendable {
    public let episode: Episode
    public let person: Person
}

extension AccessResolver where Record == Person {
    /// A person, with the scope their episodes, contacts and assignments give them.
    public static var participant: Self {
        Self { id, actor, conn in
            guard let person = try await PersonRecords.get(id, on: conn), person.organizationID == actor.organizationID else { return nil }
            return (person, .participant(try await ParticipantJourney.scope(for: person, on: conn)))
        }
    }
}

extension AccessResolver where Record == EpisodeRecord {
    /// An episode of care, decided on its participant.
    public static var episode: Self {
        Self { id, actor, conn in
            guard let episode = try await EpisodeRecords.get(id, on: conn), episode.organizationID == actor.organizationID,
                  let person = try await PersonRecords.get(episode.participantID, on: conn) else { return nil }
            return (EpisodeRecord(episode: episode, person: person), .participant(try await ParticipantJourney.scope(for: person, on: conn)))
        }
    }
}
