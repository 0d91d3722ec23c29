import Foundation

/// The team a staff member works in (seed 001's teams), and for supervisors and leaders their place
/// above them. Peers and family peers are the ones certification and supervision rules apply to.
public enum Discipline: String, Sendable, Codable, CaseIterable {
    case peerSupportSpecialist = "peer_support_specialist"
    case familySupportSpecialist = "family_support_specialist"
    case substanceUseCounselor = "substance_use_counselor"
    case behavioralHealthConsultant = "behavioral_health_consultant"
    case healthNavigator = "health_navigator"
    case clinicalSupervisor = "clinical_supervisor"
    case programLeadership = "program_leadership"

    /// Peer and family-peer specialists: certified under SB 803 and supervised by a qualified health professional.
    public var isPeer: Bool { self == .peerSupportSpecialist || self == .familySupportSpecialist }

    public var labelKey: String { "discipline.\(rawValue)" }
}

/// A licence that makes its holder a qualified health professional who may supervise peers (seed 004:
/// "supervised by a Qualified Health professional as defined by Federal guidelines").
public enum CredentialKind: String, Sendable, Codable, CaseIterable {
    case lcsw
    case lmft
    case lpcc
    case psychologist
    case physician
    case registeredNurse = "registered_nurse"
    case nursePractitioner = "nurse_practitioner"
    case physicianAssistant = "physician_assistant"

    public var labelKey: String { "credential.\(rawValue)" }
}

/// A supervisor's qualifying credential as recorded by the organization.
public struct QualifyingCredential: Sendable, Equatable, Codable {
    public var kind: CredentialKind
    /// The licence number, as the board issued it.
    public var number: String
    /// The board or state that issued it.
    public var issuedBy: String
    /// Last day the licence is valid; nil when the organization recorded none.
    public var expiresOn: CalendarDate?

    public init(kind: CredentialKind, number: String, issuedBy: String, expiresOn: CalendarDate?) {
        self.kind = kind
        self.number = number
        self.issuedBy = issuedBy
        self.expiresOn = expiresOn
    }

    public func isValid(on date: CalendarDate) -> Bool { expiresOn.map { date <= $0 } ?? true }
}

/// Personal facts a peer records about themselves that are seen beyond HR only when they consent.
/// Work facts (languages, populations served, specializations, region, capacity) are always seen by
/// whoever may see the profile: pairing and the workforce report need them.
public enum SharedFact: String, Sendable, Codable, CaseIterable {
    case livedExperience = "lived_experience"
    case culturalCommunities = "cultural_communities"
    case genderIdentity = "gender_identity"

    public var labelKey: String { "shared_fact.\(rawValue)" }
}

/// What a peer specialist brings to a pairing: the part of the workforce profile `PeerPairing` reads.
public struct PeerBackground: Sendable, Equatable, Codable {
    public var languages: [String] = ["en"]
    public var livedExperience: Set<LivedExperience> = []
    public var populations: Set<Population> = []
    /// The cultural communities the peer belongs to or serves, in their own words.
    public var culturalBackground: String = ""
    public var genderIdentity: GenderIdentity?
    public var region: String = ""
    public var capacity: Int = 25

    public init() {}
}

/// The rest of a staff member's workforce profile: discipline, credential, specializations and what
/// they consent to share. Stored beside the background; older rows without it read as the defaults.
public struct WorkforceDetails: Sendable, Equatable, Codable {
    public var discipline: Discipline = .peerSupportSpecialist
    public var specializations: [String] = []
    public var shared: Set<SharedFact> = []
    public var credential: QualifyingCredential?
    public var hiredOn: CalendarDate?

    public init(discipline: Discipline = .peerSupportSpecialist, specializations: [String] = [], shared: Set<SharedFact> = [],
                credential: QualifyingCredential? = nil, hiredOn: CalendarDate? = nil) {
        self.discipline = discipline
        self.specializations = specializations
        self.shared = shared
        self.credential = credential
        self.hiredOn = hiredOn
    }

    enum CodingKeys: String, CodingKey { case discipline, specializations, shared, credential, hiredOn }

    /// Written in a stable order, so the same profile is stored as the same text.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(discipline, forKey: .discipline)
        try c.encode(specializations, forKey: .specializations)
        try c.encode(shared.map(\.rawValue).sorted(), forKey: .shared)
        try c.encodeIfPresent(credential, forKey: .credential)
        try c.encodeIfPresent(hiredOn, forKey: .hiredOn)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        discipline = try c.decodeIfPresent(Discipline.self, forKey: .discipline) ?? .peerSupportSpecialist
        specializations = try c.decodeIfPresent([String].self, forKey: .specializations) ?? []
        shared = try c.decodeIfPresent(Set<SharedFact>.self, forKey: .shared) ?? []
        credential = try c.decodeIfPresent(QualifyingCredential.self, forKey: .credential)
        hiredOn = try c.decodeIfPresent(CalendarDate.self, forKey: .hiredOn)
    }
}

/// One staff member's workforce profile: one record, which pairing, supervision and the workforce
/// report all read (the pairing profile is its `background`, not a second copy).
public struct WorkforceProfile: Sendable, Equatable, Codable {
    public var userID: UUID
    public var background: PeerBackground
    public var details: WorkforceDetails

    public init(userID: UUID, background: PeerBackground = PeerBackground(), details: WorkforceDetails = WorkforceDetails()) {
        self.userID = userID
        self.background = background
        self.details = details
    }

    /// The profile as someone beyond HR sees it: personal facts the person did not consent to share are
    /// emptied. HR (the organization's administrators) and the person see everything.
    public func visible(seesEverything: Bool) -> WorkforceProfile {
        guard !seesEverything else { return self }
        var copy = self
        if !details.shared.contains(.livedExperience) { copy.background.livedExperience = [] }
        if !details.shared.contains(.culturalCommunities) { copy.background.culturalBackground = "" }
        if !details.shared.contains(.genderIdentity) { copy.background.genderIdentity = nil }
        return copy
    }
}

/// What a staff member's workforce profile may hold, checked once for the page, the API and the import.
public enum WorkforceProfileRules {
    public static let maxSpecializations = 10
    public static let maxSpecializationLength = 80
    public static let maxCredentialTextLength = 80

    /// Checks the details; returns them cleaned (specializations trimmed, empty and repeated ones dropped).
    /// A clinical supervisor must hold a qualifying credential ("credential_required") when HR records the
    /// discipline (`requireCredential`); a supervisor saving their own profile before HR has recorded it is not refused.
    public static func validate(_ details: WorkforceDetails, requireCredential: Bool = true) throws(ValidationErrors) -> WorkforceDetails {
        var errors = ValidationErrors()
        var cleaned = details
        var specializations: [String] = []
        for raw in details.specializations {
            let text = TextRules.clean(raw, field: "specializations", lines: .single, limit: maxSpecializationLength, into: &errors)
            if !text.isEmpty && !specializations.contains(text) { specializations.append(text) }
        }
        if specializations.count > maxSpecializations { errors.append(ValidationError("specializations", "too_many")) }
        cleaned.specializations = specializations
        if var credential = details.credential {
            credential.number = TextRules.clean(credential.number, field: "credential_number", lines: .single,
                                                limit: maxCredentialTextLength, into: &errors)
            credential.issuedBy = TextRules.clean(credential.issuedBy, field: "credential_issued_by", lines: .single,
                                                  limit: maxCredentialTextLength, into: &errors)
            if credential.number.isEmpty { errors.append(ValidationError("credential_number", "required")) }
            cleaned.credential = credential
        } else if details.discipline == .clinicalSupervisor && requireCredential {
            errors.append(ValidationError("credential_kind", "credential_required"))
        }
        if let hired = details.hiredOn { DateRules.check(hired, field: "hired_on", into: &errors) }
        try errors.throwIfAny()
        return cleaned
    }
}
