import Foundation

/// A person the program knows: a participant, or a family member or friend linked to one.
public struct Person: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var organizationID: UUID
    public var kind: PersonKind
    /// The program that first took the person in; their record belongs to it until an episode or a
    /// contact ties them to others.
    public var intakeProgramID: UUID?
    /// For a support person: the participant they are linked to, and how.
    public var relatedParticipantID: UUID?
    public var relationship: Relationship?

    public var legalGivenName: String
    public var legalFamilyName: String
    /// The name to use when speaking to or about the person.
    public var preferredName: String
    public var pronouns: String
    public var dateOfBirth: CalendarDate?

    public var details: PersonDetails

    /// Set when this record was merged into another; the merge can be undone.
    public var mergedIntoID: UUID?
    public var createdAt: Date
    public var updatedAt: Date
    public var version: Int

    /// Anyone whose record is still their own (not merged into another) may receive a service: seed 001's
    /// programs serve people who only contacted them and family members too ("2,930 services to 530
    /// individuals" while 239 were enrolled). The program a service is filed in must still be theirs.
    public var mayReceiveServices: Bool { mergedIntoID == nil }

    /// Only a participant enrolls: a family member or friend is linked to one and is counted apart.
    public var mayEnroll: Bool { kind == .participant && mergedIntoID == nil }

    public init(id: UUID, organizationID: UUID, kind: PersonKind = .participant, intakeProgramID: UUID? = nil, relatedParticipantID: UUID? = nil,
                relationship: Relationship? = nil, legalGivenName: String, legalFamilyName: String, preferredName: String = "",
                pronouns: String = "", dateOfBirth: CalendarDate?, details: PersonDetails = PersonDetails(),
                mergedIntoID: UUID? = nil, createdAt: Date, updatedAt: Date, version: Int = 1) {
        self.id = id
        self.organizationID = organizationID
        self.kind = kind
        self.intakeProgramID = intakeProgramID
        self.relatedParticipantID = relatedParticipantID
        self.relationship = relationship
        self.legalGivenName = legalGivenName
        self.legalFamilyName = legalFamilyName
        self.preferredName = preferredName
        self.pronouns = pronouns
        self.dateOfBirth = dateOfBirth
        self.details = details
        self.mergedIntoID = mergedIntoID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// "Preferred (Legal Family)" when the person goes by another name, else the legal name.
    public var displayName: String {
        let legal = [legalGivenName, legalFamilyName].filter { !$0.isEmpty }.joined(separator: " ")
        if preferredName.isEmpty || preferredName == legalGivenName { return legal }
        return legal.isEmpty ? preferredName : "\(preferredName) (\(legal))"
    }

    /// Folded words of every name the person goes by, for search.
    public var nameTokens: [String] {
        NameSearch.tokens(of: [legalGivenName, legalFamilyName, preferredName].joined(separator: " "))
    }
}

/// Everything about a person that is recorded but never searched on: kept together so a program can
/// grow the record without a schema change for each field.
public struct PersonDetails: Sendable, Equatable, Codable {
    public var preferredLanguage: String = "en"
    public var otherLanguages: [String] = []
    public var phone: String = ""
    public var email: String = ""
    public var mayCall: Bool = false
    public var mayText: Bool = false
    public var mayEmail: Bool = false
    public var address: String = ""
    public var housing: HousingStatus = .unknown
    public var races: Set<Race> = []
    public var ethnicity: Ethnicity?
    public var genderIdentity: GenderIdentity?
    public var sexualOrientation: SexualOrientation?
    public var veteran: VeteranStatus?
    public var insurance: Insurance = .unknown
    public var populations: Set<Population> = []
    /// Lived experience the participant would like their peer to share.
    public var livedExperienceSought: Set<LivedExperience> = []
    public var culturalBackground: String = ""
    public var peerGenderPreference: GenderPreference = .noPreference
    /// Where the person lives or is met, as the program divides its county (a region or a ZIP code).
    public var region: String = ""

    public init() {}

    public var languages: [String] { [preferredLanguage] + otherLanguages.filter { $0 != preferredLanguage } }

    public init(from decoder: any Decoder) throws {
        // Every field is optional when read back, so records written before a field existed still load.
        let c = try decoder.container(keyedBy: CodingKeys.self)
        preferredLanguage = try c.decodeIfPresent(String.self, forKey: .preferredLanguage) ?? "en"
        otherLanguages = try c.decodeIfPresent([String].self, forKey: .otherLanguages) ?? []
        phone = try c.decodeIfPresent(String.self, forKey: .phone) ?? ""
        email = try c.decodeIfPresent(String.self, forKey: .email) ?? ""
        mayCall = try c.decodeIfPresent(Bool.self, forKey: .mayCall) ?? false
        mayText = try c.decodeIfPresent(Bool.self, forKey: .mayText) ?? false
        mayEmail = try c.decodeIfPresent(Bool.self, forKey: .mayEmail) ?? false
        address = try c.decodeIfPresent(String.self, forKey: .address) ?? ""
        housing = try c.decodeIfPresent(HousingStatus.self, forKey: .housing) ?? .unknown
        races = try c.decodeIfPresent(Set<Race>.self, forKey: .races) ?? []
        ethnicity = try c.decodeIfPresent(Ethnicity.self, forKey: .ethnicity)
        genderIdentity = try c.decodeIfPresent(GenderIdentity.self, forKey: .genderIdentity)
        sexualOrientation = try c.decodeIfPresent(SexualOrientation.self, forKey: .sexualOrientation)
        veteran = try c.decodeIfPresent(VeteranStatus.self, forKey: .veteran)
        insurance = try c.decodeIfPresent(Insurance.self, forKey: .insurance) ?? .unknown
        populations = try c.decodeIfPresent(Set<Population>.self, forKey: .populations) ?? []
        livedExperienceSought = try c.decodeIfPresent(Set<LivedExperience>.self, forKey: .livedExperienceSought) ?? []
        culturalBackground = try c.decodeIfPresent(String.self, forKey: .culturalBackground) ?? ""
        peerGenderPreference = try c.decodeIfPresent(GenderPreference.self, forKey: .peerGenderPreference) ?? .noPreference
        region = try c.decodeIfPresent(String.self, forKey: .region) ?? ""
    }
}

public enum PersonRules {
    /// Oldest plausible age; an older date of birth is a typing mistake.
    public static let maximumAge = 120

    /// Cleans what a person typed (trimmed names, digits-only phone kept as typed) and checks it.
    /// All problems are reported at once.
    public static func validate(_ person: Person, today: CalendarDate) throws(ValidationErrors) -> Person {
        var p = person
        var errors = ValidationErrors()
        // Line breaks (a browser's textarea sends CR LF) belong in an address, never in a name.
        func clean(_ value: String, field: String, limit: Int = 200, multiline: Bool = false) -> String {
            TextRules.clean(value, field: field, lines: multiline ? .multi : .single, limit: limit, into: &errors)
        }
        p.legalGivenName = clean(p.legalGivenName, field: "legal_given_name")
        p.legalFamilyName = clean(p.legalFamilyName, field: "legal_family_name")
        p.preferredName = clean(p.preferredName, field: "preferred_name")
        p.pronouns = clean(p.pronouns, field: "pronouns", limit: 40)
        if p.legalGivenName.isEmpty && p.preferredName.isEmpty {
            errors.append(ValidationError("legal_given_name", "name_required"))
        }
        if let dob = p.dateOfBirth {
            if dob > today {
                errors.append(ValidationError("date_of_birth", "in_future", "error.date_in_future"))
            } else if dob.age(on: today) > maximumAge {
                errors.append(ValidationError("date_of_birth", "implausible", "error.date_of_birth_implausible"))
            }
        }
        switch p.kind {
        case .supportPerson:
            if p.relatedParticipantID == nil {
                errors.append(ValidationError("related_participant_id", "required"))
            }
            if p.relationship == nil {
                errors.append(ValidationError("relationship", "required"))
            }
            if p.relatedParticipantID == p.id {
                errors.append(ValidationError("related_participant_id", "self_link", "error.invalid_value"))
            }
        case .participant:
            p.relatedParticipantID = nil
            p.relationship = nil
        }
        var d = p.details
        d.phone = clean(d.phone, field: "phone", limit: 40)
        d.address = clean(d.address, field: "address", limit: 400, multiline: true)
        d.culturalBackground = clean(d.culturalBackground, field: "cultural_background", limit: PeerProfileRules.maxCulturalBackgroundLength)
        d.region = clean(d.region, field: "region", limit: PeerProfileRules.maxRegionLength)
        let digits = NameSearch.phoneDigits(d.phone)
        if !d.phone.isEmpty && (digits.count < 7 || digits.count > 15) {
            errors.append(ValidationError("phone", "invalid_phone"))
        }
        if (d.mayCall || d.mayText) && d.phone.isEmpty {
            errors.append(ValidationError("phone", "consent_without_phone"))
        }
        d.email = TextRules.trimmed(d.email)
        if !d.email.isEmpty {
            do { d.email = try Credentials.normalizedEmail(d.email) } catch { errors.append(error) }
        } else if d.mayEmail {
            errors.append(ValidationError("email", "consent_without_email"))
        }
        d.preferredLanguage = LanguageCatalog.normalized(d.preferredLanguage)
        if d.preferredLanguage.isEmpty { d.preferredLanguage = "en" }
        if !LanguageCatalog.isValid(d.preferredLanguage) {
            errors.append(ValidationError("preferred_language", "invalid_language"))
        }
        do { d.otherLanguages = try LanguageCatalog.validateList(d.otherLanguages, field: "other_languages", required: false) } catch { errors.append(error) }
        if d.races.contains(.declined) && d.races.count > 1 {
            errors.append(ValidationError("races", "declined_with_answer"))
        }
        p.details = d
        try errors.throwIfAny()
        return p
    }
}

/// How names, dates of birth and phone numbers are matched when someone searches.
public enum NameSearch {
    /// Lower-cased, accent-free words: "José  O'Brien-Núñez" → ["jose", "o", "brien", "nunez"].
    public static func tokens(of text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var seen = Set<String>()
        return folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
            .filter { seen.insert($0).inserted }
    }

    public static func phoneDigits(_ phone: String) -> String {
        var digits = String(phone.filter(\.isASCII).filter(\.isNumber))
        // A North American number written with its country code matches the same number without it.
        if digits.count == 11 && digits.hasPrefix("1") { digits.removeFirst() }
        return digits
    }

    /// What a search box holds: a date of birth, a phone number, or words of a name.
    public enum Query: Sendable, Equatable {
        case dateOfBirth(CalendarDate)
        case phone(String)
        case name([String])
        case empty

        /// The search applied to one person already in hand (a short list, such as a caseload), as the
        /// database search applies it: every word starts a word of one of their names, or the date of
        /// birth or the phone digits are equal. An empty search matches everyone.
        public func matches(_ person: Person) -> Bool {
            switch self {
            case .empty: return true
            case .dateOfBirth(let day): return person.dateOfBirth == day
            case .phone(let digits): return NameSearch.phoneDigits(person.details.phone) == digits
            case .name(let words):
                let names = person.nameTokens
                return words.allSatisfy { word in names.contains { $0.hasPrefix(word) } }
            }
        }
    }

    public static func parse(_ text: String) -> Query {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .empty }
        if let date = CalendarDate(trimmed) { return .dateOfBirth(date) }
        // US-style 07/04/1990 or 7/4/1990, as people type a birthday.
        let slash = trimmed.split(separator: "/")
        if slash.count == 3, let m = Int(slash[0]), let d = Int(slash[1]), let y = Int(slash[2]), slash[2].count == 4,
           let date = CalendarDate(year: y, month: m, day: d) {
            return .dateOfBirth(date)
        }
        let digits = phoneDigits(trimmed)
        if digits.count >= 7 && trimmed.allSatisfy({ $0.isNumber || " -().+".contains($0) }) { return .phone(digits) }
        let words = tokens(of: trimmed)
        return words.isEmpty ? .empty : .name(Array(words.prefix(4)))
    }
}
