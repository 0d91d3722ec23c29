import Foundation
import PeerwayCore
import PeerwayStore

/// The participant journey: people, contacts, screening, enrollment, pairing, reviews, discharge, caseloads.
/// Every path of the area is written here once; routes, redirects and links take it from here.
public enum ParticipantRoutes {
    public static let participants = RoutePath("/participants")
    public static let newParticipant = RoutePath("/participants/new")
    public static let importParticipants = RoutePath("/participants/import")
    public static let record = RoutePath("/participants/:id")
    public static let edit = RoutePath("/participants/:id/edit")
    public static let contact = RoutePath("/participants/:id/contact")
    public static let screen = RoutePath("/participants/:id/screen")
    public static let enroll = RoutePath("/participants/:id/enroll")
    public static let crisis = RoutePath("/participants/:id/crisis")
    public static let duplicates = RoutePath("/participants/:id/duplicates")
    public static let assign = RoutePath("/episodes/:id/assign")
    public static let review = RoutePath("/episodes/:id/review")
    public static let discharge = RoutePath("/episodes/:id/discharge")
    public static let contacts = RoutePath("/contacts")
    public static let newContact = RoutePath("/contacts/new")
    public static let undoMerge = RoutePath("/merges/:id/undo")
    public static let caseload = RoutePath("/caseload")
    public static let reviewsDue = RoutePath("/reviews/due")

    public enum API {
        public static let caseload = RoutePath("/api/v1/caseload")
        public static let contacts = RoutePath("/api/v1/contacts")
        public static let importContacts = RoutePath("/api/v1/contacts/import")
        public static let assignment = RoutePath("/api/v1/episodes/:id/assignment")
        public static let discharge = RoutePath("/api/v1/episodes/:id/discharge")
        public static let peerSuggestions = RoutePath("/api/v1/episodes/:id/peer-suggestions")
        public static let reviews = RoutePath("/api/v1/episodes/:id/reviews")
        public static let undoMerge = RoutePath("/api/v1/merges/:id/undo")
        public static let participants = RoutePath("/api/v1/participants")
        public static let participant = RoutePath("/api/v1/participants/:id")
        public static let contactsOf = RoutePath("/api/v1/participants/:id/contacts")
        public static let crisisEvents = RoutePath("/api/v1/participants/:id/crisis-events")
        public static let duplicates = RoutePath("/api/v1/participants/:id/duplicates")
        public static let episodes = RoutePath("/api/v1/participants/:id/episodes")
        public static let merges = RoutePath("/api/v1/participants/:id/merges")
        public static let screenings = RoutePath("/api/v1/participants/:id/screenings")
        public static let export = RoutePath("/api/v1/participants/export")
        public static let importParticipants = RoutePath("/api/v1/participants/import")
        public static let reviewsDue = RoutePath("/api/v1/reviews/due")
    }
}

extension ResourceRef {
    /// The participants of the actor's organization (search, caseloads, create).
    public static let participants = collection("participants") { .participants(organizationID: $0.organizationID, programID: nil) }
    /// The person named by `:id`.
    public static let participant = record("participant", AccessResolver<Person>.participant)
    /// The episode of care named by `:id`, decided on its participant.
    public static let episode = record("episode", AccessResolver<EpisodeRecord>.episode)
}

extension Resolved {
    public var person: Person? { record(Person.self) ?? record(EpisodeRecord.self)?.person ?? record(ReferralRecord.self)?.person }
    public var episode: Episode? { record(EpisodeRecord.self)?.episode }
}
