import Foundation

// The demographic categories California asks peer and prevention programs to report (the MHSA
// prevention and early intervention demographic set), and the other closed lists of a person's record.
// Every list has a way to decline: nobody is made to answer.

public enum PersonKind: String, Sendable, Codable, CaseIterable {
    /// Someone the program serves.
    case participant
    /// A family member or friend linked to a participant; reports count them apart.
    case supportPerson = "support_person"
}

public enum Relationship: String, Sendable, Codable, CaseIterable {
    case parent, spouseOrPartner = "spouse_or_partner", child, sibling, grandparent
    case otherFamily = "other_family", friend, caregiver, other
}

public enum HousingStatus: String, Sendable, Codable, CaseIterable {
    case housed
    case unstablyHoused = "unstably_housed"
    case homelessSheltered = "homeless_sheltered"
    case homelessUnsheltered = "homeless_unsheltered"
    case unknown

    public var isHomeless: Bool { self == .homelessSheltered || self == .homelessUnsheltered }
}

public enum Race: String, Sendable, Codable, CaseIterable {
    case americanIndianOrAlaskaNative = "american_indian_or_alaska_native"
    case asian
    case blackOrAfricanAmerican = "black_or_african_american"
    case nativeHawaiianOrPacificIslander = "native_hawaiian_or_pacific_islander"
    case white
    case other
    case declined
}

public enum Ethnicity: String, Sendable, Codable, CaseIterable {
    case hispanicOrLatino = "hispanic_or_latino"
    case notHispanicOrLatino = "not_hispanic_or_latino"
    case moreThanOne = "more_than_one"
    case declined
}

public enum GenderIdentity: String, Sendable, Codable, CaseIterable {
    case woman, man, transgender, genderqueer, nonbinary
    case questioning = "questioning_or_unsure"
    case another = "another_identity"
    case declined
}

public enum SexualOrientation: String, Sendable, Codable, CaseIterable {
    case gayOrLesbian = "gay_or_lesbian"
    case straight = "heterosexual_or_straight"
    case bisexual
    case questioning = "questioning_or_unsure"
    case queer
    case another = "another_orientation"
    case declined
}

public enum VeteranStatus: String, Sendable, Codable, CaseIterable {
    case veteran, notVeteran = "not_veteran", declined
}

public enum Insurance: String, Sendable, Codable, CaseIterable {
    case mediCal = "medi_cal"
    case mediCalEligible = "medi_cal_eligible"
    case uninsured
    case other
    case unknown
}

/// Populations served (seed 003 and the county's priority populations); a person may be in several.
public enum Population: String, Sendable, Codable, CaseIterable {
    case youth
    case transitionAgeYouth = "transition_age_youth"
    case olderAdult = "older_adult"
    case veteran
    case parent
    case lgbtq
    case deafOrHardOfHearing = "deaf_or_hard_of_hearing"
    case refugeeOrImmigrant = "refugee_or_immigrant"
    case justiceInvolved = "justice_involved"

    /// The life-stage population an age falls in (seed 003): children and youth to 15, transition-age
    /// youth 16–25, older adults from 60. Adults 26–59 have none.
    public static func lifeStage(age: Int) -> Population? {
        switch age {
        case ..<16: .youth
        case 16...25: .transitionAgeYouth
        case 60...: .olderAdult
        default: nil
        }
    }
}

/// The lived experience a peer brings, or a participant looks for in a peer.
public enum LivedExperience: String, Sendable, Codable, CaseIterable {
    case mentalHealth = "mental_health"
    case substanceUse = "substance_use"
    /// A family member of someone living with mental illness or substance use.
    case familyMember = "family_member"
}

/// Whom a participant would rather be paired with.
public enum GenderPreference: String, Sendable, Codable, CaseIterable {
    case noPreference = "no_preference"
    case woman, man, nonbinary
}

/// Languages offered in forms (ISO 639 codes, plus American Sign Language). Records may hold any
/// code; these are the ones San Diego County's threshold languages and ASL make common.
public enum LanguageCatalog {
    public static let common = ["en", "es", "vi", "tl", "ar", "zh", "fa", "ko", "ru", "so", "ase"]

    public static func isValid(_ code: String) -> Bool {
        (2...3).contains(code.count) && code.allSatisfy { $0.isASCII && $0.isLowercase }
    }
}
