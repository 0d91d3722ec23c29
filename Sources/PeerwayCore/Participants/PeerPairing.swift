import Foundation

/// What a peer specialist brings to a pairing: the facts `PeerPairing` weighs.
public struct PeerProfile: Sendable, Equatable, Codable {
    public var userID: UUID
    public var displayName: String
    /// Language codes the peer can hold a conversation in (ISO 639, "ase" for ASL).
    public var languages: [String]
    public var livedExperience: Set<LivedExperience>
    public var populations: Set<Population>
    public var culturalBackground: String
    public var genderIdentity: GenderIdentity?
    public var region: String
    /// Participants currently assigned.
    public var caseloadCount: Int
    /// Participants the peer can carry.
    public var capacity: Int

    public init(userID: UUID, displayName: String, languages: [String], livedExperience: Set<LivedExperience>,
                populations: Set<Population>, culturalBackground: String, genderIdentity: GenderIdentity?, region: String,
                caseloadCount: Int, capacity: Int) {
        self.userID = userID
        self.displayName = displayName
        self.languages = languages
        self.livedExperience = livedExperience
        self.populations = populations
        self.culturalBackground = culturalBackground
        self.genderIdentity = genderIdentity
        self.region = region
        self.caseloadCount = caseloadCount
        self.capacity = capacity
    }

    /// Open places in the caseload; negative when the peer carries more than their capacity.
    public var room: Int { capacity - caseloadCount }
}

/// What a peer may record about themselves for pairing, checked once for the page and the API.
public enum PeerProfileRules {
    /// Longest cultural background and region, in Unicode scalars (single-line text, as on a
    /// person's record).
    public static let maxCulturalBackgroundLength = 200
    public static let maxRegionLength = 80
    /// Participants a peer can say they carry.
    public static let capacityRange = 0...200

    /// At least one and at most `LanguageCatalog.maximumListLength` known language codes (trimmed,
    /// lower-cased, repeats dropped); cultural background and region as single-line text
    /// (`TextRules`); a capacity in `capacityRange`. Returns the cleaned languages and texts.
    public static func validate(languages: [String], culturalBackground: String, region: String,
                                capacity: Int) throws(ValidationErrors) -> (languages: [String], culturalBackground: String, region: String) {
        var errors = ValidationErrors()
        var codes: [String] = []
        do { codes = try LanguageCatalog.validateList(languages, field: "languages", required: true) } catch { errors.append(error) }
        let background = TextRules.clean(culturalBackground, field: "cultural_background", lines: .single,
                                         limit: maxCulturalBackgroundLength, into: &errors)
        let place = TextRules.clean(region, field: "region", lines: .single, limit: maxRegionLength, into: &errors)
        if !capacityRange.contains(capacity) {
            errors.append(ValidationError("capacity", "out_of_range"))
        }
        try errors.throwIfAny()
        return (codes, background, place)
    }
}

/// A peer offered for a participant, best first, with the reasons a supervisor can read.
public struct PeerSuggestion: Sendable, Equatable {
    public let peerID: UUID
    public let score: Int
    public let reasons: [PairingReason]
}

/// One reason behind a suggestion.
public struct PairingReason: Sendable, Equatable {
    /// Stable (API clients and tests match on it): already_knows, shared_language, lived_experience, population,
    /// life_stage, cultural_background, gender_preference, region, caseload_room, caseload_full.
    public let code: String
    /// Catalog key of the label: `pairing.reason.<code>`.
    public let labelKey: String
    /// What was shared: a language code, a lived-experience or population raw value, the cultural
    /// background or region as the participant's record spells it, or the open places; "" when none.
    public let detail: String

    public init(code: String, detail: String = "") {
        self.code = code
        self.labelKey = "pairing.reason.\(code)"
        self.detail = detail
    }
}

/// Suggests peers for a participant. It only ranks: a supervisor makes the pairing, and may pick anyone.
///
/// Score (integer points, summed):
/// - the participant's preferred language spoken by the peer: +40 — a participant who cannot talk
///   with the peer cannot be served, so this outweighs everything else together but room;
/// - each other language of the participant that the peer speaks: +10;
/// - each lived experience the participant seeks that the peer has: +15;
/// - each population shared (other than the life stage, counted next): +8;
/// - the participant's life stage (from the date of birth, on `today`) among the peer's populations: +8;
/// - the same cultural background (equal ignoring case and accents, or sharing a distinctive word): +10;
/// - a gender preference the peer's identity meets: +20; one the peer's identity clearly does not
///   meet: −30. Strong, but not an exclusion: the participant may still choose that peer.
///   Identities that say nothing about woman/man/nonbinary (or none recorded) neither add nor subtract;
/// - the same region: +5;
/// - the peer already knows the person (took them in, or logged a contact with them): +25 — a handover
///   to someone the person has met keeps the trust the first contact built, so it outweighs a shared
///   population or region, but not a shared language;
/// - room in the caseload: +2 a place, at most +10, so room breaks near-ties but never outweighs
///   a shared language.
///
/// A peer with a full caseload is listed after every peer with room, whatever the score: suggesting
/// them would overload someone whose participants already depend on them. Ties go to more room,
/// then display name, then user id, so the same inputs always give the same list.
public enum PeerPairing {
    static let preferredLanguagePoints = 40
    static let otherLanguagePoints = 10
    static let livedExperiencePoints = 15
    static let populationPoints = 8
    static let lifeStagePoints = 8
    static let culturalBackgroundPoints = 10
    static let genderPreferencePoints = 20
    static let genderMismatchPenalty = -30
    static let regionPoints = 5
    static let alreadyKnowsPoints = 25
    static let pointsPerOpenPlace = 2
    static let maximumRoomPoints = 10

    /// `knownBy`: the peers who have already met the person (took them in, logged a contact with them).
    public static func suggest(for person: Person, today: CalendarDate, peers: [PeerProfile], knownBy: Set<UUID> = []) -> [PeerSuggestion] {
        let ranked = peers.map { peer in
            (peer: peer, suggestion: suggestion(for: person, today: today, peer: peer, knows: knownBy.contains(peer.userID)))
        }
        return ranked.sorted { a, b in
            let aOpen = a.peer.room > 0, bOpen = b.peer.room > 0
            if aOpen != bOpen { return aOpen }
            if a.suggestion.score != b.suggestion.score { return a.suggestion.score > b.suggestion.score }
            if a.peer.room != b.peer.room { return a.peer.room > b.peer.room }
            if a.peer.displayName != b.peer.displayName { return a.peer.displayName < b.peer.displayName }
            return a.peer.userID.uuidString < b.peer.userID.uuidString
        }.map(\.suggestion)
    }

    static func suggestion(for person: Person, today: CalendarDate, peer: PeerProfile, knows: Bool = false) -> PeerSuggestion {
        let details = person.details
        var score = 0
        var reasons: [PairingReason] = []
        if knows {
            score += alreadyKnowsPoints
            reasons.append(PairingReason(code: "already_knows"))
        }

        let peerLanguages = Set(peer.languages.map(languageCode))
        let preferred = languageCode(details.preferredLanguage)
        if peerLanguages.contains(preferred) {
            score += preferredLanguagePoints
            reasons.append(PairingReason(code: "shared_language", detail: preferred))
        }
        var counted: Set<String> = [preferred]
        for language in details.otherLanguages.map(languageCode) where peerLanguages.contains(language) {
            guard counted.insert(language).inserted else { continue }
            score += otherLanguagePoints
            reasons.append(PairingReason(code: "shared_language", detail: language))
        }

        for experience in LivedExperience.allCases
        where details.livedExperienceSought.contains(experience) && peer.livedExperience.contains(experience) {
            score += livedExperiencePoints
            reasons.append(PairingReason(code: "lived_experience", detail: experience.rawValue))
        }

        let lifeStage = person.dateOfBirth.flatMap { $0 <= today ? Population.lifeStage(age: $0.age(on: today)) : nil }
        for population in Population.allCases
        where population != lifeStage && details.populations.contains(population) && peer.populations.contains(population) {
            score += populationPoints
            reasons.append(PairingReason(code: "population", detail: population.rawValue))
        }
        if let lifeStage, peer.populations.contains(lifeStage) {
            score += lifeStagePoints
            reasons.append(PairingReason(code: "life_stage", detail: lifeStage.rawValue))
        }

        if sameCulturalBackground(details.culturalBackground, peer.culturalBackground) {
            score += culturalBackgroundPoints
            reasons.append(PairingReason(code: "cultural_background",
                                         detail: details.culturalBackground.trimmingCharacters(in: .whitespacesAndNewlines)))
        }

        if let wanted = wantedIdentity(details.peerGenderPreference), let identity = peer.genderIdentity,
           clearIdentities.contains(identity) {
            if identity == wanted {
                score += genderPreferencePoints
                reasons.append(PairingReason(code: "gender_preference", detail: details.peerGenderPreference.rawValue))
            } else {
                score += genderMismatchPenalty
            }
        }

        let region = details.region.trimmingCharacters(in: .whitespacesAndNewlines)
        if !region.isEmpty, region.caseInsensitiveCompare(peer.region.trimmingCharacters(in: .whitespacesAndNewlines)) == .orderedSame {
            score += regionPoints
            reasons.append(PairingReason(code: "region", detail: region))
        }

        if peer.room > 0 {
            score += min(peer.room * pointsPerOpenPlace, maximumRoomPoints)
            reasons.append(PairingReason(code: "caseload_room", detail: String(peer.room)))
        } else {
            reasons.append(PairingReason(code: "caseload_full"))
        }
        return PeerSuggestion(peerID: peer.userID, score: score, reasons: reasons)
    }

    private static func languageCode(_ code: String) -> String {
        code.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// The identities that answer a preference for a woman, a man or a nonbinary peer. Transgender,
    /// genderqueer, questioning and the rest do not say which of these a person is, so they are
    /// treated like an identity not recorded: neither a match nor a mismatch.
    private static let clearIdentities: Set<GenderIdentity> = [.woman, .man, .nonbinary]

    private static func wantedIdentity(_ preference: GenderPreference) -> GenderIdentity? {
        switch preference {
        case .noPreference: nil
        case .woman: .woman
        case .man: .man
        case .nonbinary: .nonbinary
        }
    }

    /// Words that name a background too broadly to make two people's backgrounds the same:
    /// "Mexican American" and "Korean American" share only "american".
    private static let broadWords: Set<String> = ["american", "and", "the", "of", "mixed", "other", "multiracial", "background"]

    static func sameCulturalBackground(_ a: String, _ b: String) -> Bool {
        let aWords = NameSearch.tokens(of: a), bWords = NameSearch.tokens(of: b)
        guard !aWords.isEmpty, !bWords.isEmpty else { return false }
        if aWords == bWords { return true }
        let distinctive = Set(aWords).subtracting(broadWords)
        return !distinctive.isDisjoint(with: bWords)
    }
}
