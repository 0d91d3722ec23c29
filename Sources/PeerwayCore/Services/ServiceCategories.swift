import Foundation

/// How a service reached the person (seed 001: in person, by phone or text; video since telehealth).
public enum ServiceModality: String, Sendable, Codable, CaseIterable {
    case inPerson = "in_person", phone, text, video
}

/// Where a service happened (seeds 000 and 003: hospitals, emergency units, clinics, residential
/// programs, shelters and the street, jails and courts, people's homes and the community).
public enum ServiceSetting: String, Sendable, Codable, CaseIterable {
    case home
    case community
    case hospital
    case emergencyUnit = "emergency_unit"
    case clinic
    case residential
    case shelterOrStreet = "shelter_or_street"
    case jailOrCourt = "jail_or_court"
    case other
}

/// Where a note stands. A draft is the author's to change; a signed note is locked and changes only by
/// amendment (ONC 170.315(d)(4)).
public enum ServiceStatus: String, Sendable, Codable, CaseIterable {
    case draft
    case signed
}

/// Outreach and education reach people who have no record in the program (seed 002: Assertive
/// Outreach, Community Education); they are counted, not named.
public enum OutreachKind: String, Sendable, Codable, CaseIterable {
    case assertiveOutreach = "assertive_outreach"
    case communityEducation = "community_education"
}
