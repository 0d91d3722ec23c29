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

/// Language codes: the ones forms offer, and every code a record, a peer profile or a service may
/// hold. One list for all of them, so a report counts one spelling and pairing compares like with like.
public enum LanguageCatalog {
    /// Offered in forms: San Diego County's threshold languages and ASL.
    public static let common = ["en", "es", "vi", "tl", "ar", "zh", "fa", "ko", "ru", "so", "ase"]

    /// Most languages a list (a person's other languages, a peer's languages) may name.
    public static let maximumListLength = 20

    /// Every ISO 639-1 code (two letters).
    static let iso639_1: Set<String> = Set("""
        aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es \
        et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki \
        kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no \
        nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te \
        tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
        """.split(separator: " ").map(String.init))

    /// ISO 639-2/3 codes (three letters) for languages people served in the United States speak that
    /// have no two-letter code: sign languages, Chinese varieties, Hmong and Iu Mien, Indigenous
    /// languages of Mexico and Central America, Pacific and Philippine languages, Dari, Karen,
    /// Assyrian, and Native American languages.
    static let iso639_3: Set<String> = [
        "ase", "mfs", "sgn",                                  // American Sign Language, Mexican Sign Language, sign languages
        "yue", "cmn", "nan", "hak", "wuu",                    // Cantonese, Mandarin, Min Nan (Taiwanese), Hakka, Wu (Shanghainese)
        "hmn", "ium",                                         // Hmong, Iu Mien
        "mix", "zap", "trc", "quc", "mam", "kjb", "cab", "nah", "yua", // Mixtec, Zapotec, Triqui, K'iche', Mam, Q'anjob'al, Garifuna, Nahuatl, Yucatec Maya
        "ilo", "ceb", "pam", "fil", "haw", "chk", "tpi",      // Ilocano, Cebuano, Kapampangan, Filipino, Hawaiian, Chuukese, Tok Pisin
        "prs", "kar", "aii", "syr",                           // Dari, Karen, Assyrian Neo-Aramaic, Syriac
        "chr", "lkt",                                         // Cherokee, Lakota
    ]

    /// A known code, lower-case (`es`, `ase`).
    public static func isValid(_ code: String) -> Bool {
        iso639_1.contains(code) || iso639_3.contains(code)
    }

    /// What a person typed for a code: trimmed and lower-cased.
    public static func normalized(_ code: String) -> String {
        TextRules.trimmed(code).lowercased()
    }

    /// A list of codes as typed: blanks dropped, each normalized, repeats dropped (the first kept);
    /// at most `maximumListLength` (`too_many`), every one known (`invalid_language`), and at least one
    /// when `required`.
    public static func validateList(_ codes: [String], field: String, required: Bool) throws(ValidationError) -> [String] {
        let given = codes.map(normalized).filter { !$0.isEmpty }
        if given.count > maximumListLength {
            throw ValidationError(field: field, code: "too_many", messageKey: "error.too_many_languages")
        }
        if given.isEmpty && required || !given.allSatisfy(isValid) { throw ValidationError(field, "invalid_language") }
        var seen = Set<String>()
        return given.filter { seen.insert($0).inserted }
    }
}
