import Foundation
import PeerwayCore
import Testing

@Suite("Peer pairing")
struct PeerPairingTests {
    static let today = CalendarDate("2026-03-01")!
    static let organization = UUID(uuidString: "0000000A-0000-0000-0000-000000000000")!

    static func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))! }

    static func participant(dateOfBirth: String = "1985-05-20", _ configure: (inout PersonDetails) -> Void = { _ in }) -> Person {
        var details = PersonDetails()
        configure(&details)
        let epoch = Date(timeIntervalSince1970: 0)
        return Person(id: id(999), organizationID: organization, legalGivenName: "Rosa", legalFamilyName: "Díaz",
                      dateOfBirth: CalendarDate(dateOfBirth), details: details, createdAt: epoch, updatedAt: epoch)
    }

    static func peer(_ n: Int, _ name: String, languages: [String] = ["en"], lived: Set<LivedExperience> = [],
                     populations: Set<Population> = [], culture: String = "", gender: GenderIdentity? = nil,
                     region: String = "", caseload: Int = 5, capacity: Int = 10) -> PeerProfile {
        PeerProfile(userID: id(n), displayName: name, languages: languages, livedExperience: lived, populations: populations,
                    culturalBackground: culture, genderIdentity: gender, region: region, caseloadCount: caseload, capacity: capacity)
    }

    @Test("a Spanish-speaking participant is offered the Spanish-speaking peer first, even with less room")
    func preferredLanguageOutweighsRoom() {
        let rosa = Self.participant { $0.preferredLanguage = "es" }
        let spanish = Self.peer(1, "Marisol", languages: ["en", "ES"], caseload: 11, capacity: 12)
        let english = Self.peer(2, "Beth", languages: ["en"], caseload: 0, capacity: 20)
        let suggestions = PeerPairing.suggest(for: rosa, today: Self.today, peers: [english, spanish])
        #expect(suggestions.map(\.peerID) == [spanish.userID, english.userID])
        #expect(suggestions[0].reasons.first == PairingReason(code: "shared_language", detail: "es"))
        #expect(suggestions[0].score == 40 + 2)
        #expect(suggestions[1].score == 10)
        #expect(suggestions[1].reasons.map(\.code) == ["caseload_room"])
    }

    @Test("the peer who took the person in ranks above an equal stranger, with a reason of their own, but not above a shared language")
    func alreadyKnowsThem() {
        let rosa = Self.participant { $0.preferredLanguage = "es" }
        let intake = Self.peer(1, "Zoe", languages: ["en"], caseload: 5, capacity: 10)
        let stranger = Self.peer(2, "Amy", languages: ["en"], caseload: 5, capacity: 10)
        let spanish = Self.peer(3, "Marisol", languages: ["es"], caseload: 5, capacity: 10)
        let ranked = PeerPairing.suggest(for: rosa, today: Self.today, peers: [stranger, intake, spanish], knownBy: [intake.userID])
        #expect(ranked.map(\.peerID) == [spanish.userID, intake.userID, stranger.userID])
        #expect(ranked[1].reasons.first == PairingReason(code: "already_knows"))
        #expect(ranked[1].score - ranked[2].score == 25)
        #expect(!ranked[2].reasons.contains { $0.code == "already_knows" })
    }

    @Test("other shared languages count, but less than the preferred one")
    func otherLanguagesCountLess() {
        let rosa = Self.participant {
            $0.preferredLanguage = "es"
            $0.otherLanguages = ["en"]
        }
        let english = Self.peer(1, "Beth", languages: ["en"])
        let spanish = Self.peer(2, "Marisol", languages: ["es"])
        let suggestions = PeerPairing.suggest(for: rosa, today: Self.today, peers: [english, spanish])
        #expect(suggestions.map(\.peerID) == [spanish.userID, english.userID])
        #expect(suggestions[1].reasons.first == PairingReason(code: "shared_language", detail: "en"))
        #expect(suggestions[0].score - suggestions[1].score == 30)
    }

    @Test("a full caseload is listed after every peer with room, whatever its score")
    func fullCaseloadSortsLast() {
        let rosa = Self.participant {
            $0.preferredLanguage = "es"
            $0.livedExperienceSought = [.substanceUse]
            $0.region = "South Bay"
        }
        let ideal = Self.peer(1, "Ana", languages: ["es"], lived: [.substanceUse], region: "south bay", caseload: 12, capacity: 12)
        let overloaded = Self.peer(2, "Ada", languages: ["es"], lived: [.substanceUse], caseload: 15, capacity: 12)
        let plain = Self.peer(3, "Zed", languages: ["en"], caseload: 9, capacity: 10)
        let suggestions = PeerPairing.suggest(for: rosa, today: Self.today, peers: [ideal, overloaded, plain])
        #expect(suggestions.map(\.peerID) == [plain.userID, ideal.userID, overloaded.userID])
        #expect(suggestions[1].score > suggestions[0].score)
        #expect(suggestions[1].reasons.last == PairingReason(code: "caseload_full"))
        #expect(suggestions[2].reasons.last?.code == "caseload_full")
        #expect(!suggestions[1].reasons.contains { $0.code == "caseload_room" })
    }

    @Test("a gender preference met adds points; one clearly not met is a strong penalty, not an exclusion")
    func genderPreference() {
        let rosa = Self.participant { $0.peerGenderPreference = .woman }
        let woman = Self.peer(1, "Wendy", gender: .woman)
        let man = Self.peer(2, "Adam", gender: .man)
        let unrecorded = Self.peer(3, "Bea", gender: nil)
        let transgender = Self.peer(4, "Cam", gender: .transgender)
        let suggestions = PeerPairing.suggest(for: rosa, today: Self.today, peers: [man, unrecorded, woman, transgender])
        #expect(suggestions.map(\.peerID) == [woman.userID, unrecorded.userID, transgender.userID, man.userID])
        #expect(suggestions[0].reasons.contains(PairingReason(code: "gender_preference", detail: "woman")))
        #expect(suggestions.map(\.score) == [40 + 20 + 10, 40 + 10, 40 + 10, 40 - 30 + 10])
        #expect(suggestions.count == 4)
    }

    @Test("no gender preference leaves every peer's score alone")
    func noGenderPreference() {
        let rosa = Self.participant()
        let peers = [Self.peer(1, "Wendy", gender: .woman), Self.peer(2, "Adam", gender: .man), Self.peer(3, "Noor", gender: .nonbinary)]
        let suggestions = PeerPairing.suggest(for: rosa, today: Self.today, peers: peers)
        #expect(Set(suggestions.map(\.score)) == [50])
        #expect(suggestions.map(\.peerID) == [Self.id(2), Self.id(3), Self.id(1)])
    }

    @Test("a 19-year-old's life stage is transition-age youth, matched against the peer's populations")
    func lifeStageOfNineteenYearOld() {
        let jordan = Self.participant(dateOfBirth: "2006-09-15")
        #expect(CalendarDate("2006-09-15")!.age(on: Self.today) == 19)
        let tay = Self.peer(1, "Tay", populations: [.transitionAgeYouth])
        let older = Self.peer(2, "Olga", populations: [.olderAdult])
        let suggestions = PeerPairing.suggest(for: jordan, today: Self.today, peers: [older, tay])
        #expect(suggestions.map(\.peerID) == [tay.userID, older.userID])
        #expect(suggestions[0].reasons.map(\.code) == ["shared_language", "life_stage", "caseload_room"])
        #expect(suggestions[0].reasons[1] == PairingReason(code: "life_stage", detail: "transition_age_youth"))
        #expect(suggestions[0].reasons[1].labelKey == "pairing.reason.life_stage")
        #expect(!suggestions[1].reasons.contains { $0.code == "life_stage" })
    }

    @Test("a life stage also recorded as a population counts once, as the life stage")
    func lifeStageNotCountedTwice() {
        let jordan = Self.participant(dateOfBirth: "2006-09-15") { $0.populations = [.transitionAgeYouth, .lgbtq] }
        let tay = Self.peer(1, "Tay", populations: [.transitionAgeYouth, .lgbtq])
        let suggestion = PeerPairing.suggest(for: jordan, today: Self.today, peers: [tay])[0]
        #expect(suggestion.reasons.map(\.code) == ["shared_language", "population", "life_stage", "caseload_room"])
        #expect(suggestion.reasons[1].detail == "lgbtq")
        #expect(suggestion.score == 40 + 8 + 8 + 10)
    }

    @Test("every factor appears, in a fixed order, with its detail and catalog key")
    func reasonsInFixedOrder() {
        let rosa = Self.participant(dateOfBirth: "1960-01-10") {
            $0.preferredLanguage = "es"
            $0.otherLanguages = ["en"]
            $0.livedExperienceSought = [.substanceUse, .mentalHealth]
            $0.populations = [.veteran]
            $0.culturalBackground = "Mexican-American"
            $0.peerGenderPreference = .woman
            $0.region = "South Bay"
        }
        let peer = Self.peer(1, "Lupe", languages: ["en", "es"], lived: [.mentalHealth, .substanceUse, .familyMember],
                             populations: [.veteran, .olderAdult, .parent], culture: "mexican american", gender: .woman,
                             region: "SOUTH BAY", caseload: 7, capacity: 10)
        let suggestion = PeerPairing.suggest(for: rosa, today: Self.today, peers: [peer])[0]
        #expect(suggestion.reasons == [
            PairingReason(code: "shared_language", detail: "es"),
            PairingReason(code: "shared_language", detail: "en"),
            PairingReason(code: "lived_experience", detail: "mental_health"),
            PairingReason(code: "lived_experience", detail: "substance_use"),
            PairingReason(code: "population", detail: "veteran"),
            PairingReason(code: "life_stage", detail: "older_adult"),
            PairingReason(code: "cultural_background", detail: "Mexican-American"),
            PairingReason(code: "gender_preference", detail: "woman"),
            PairingReason(code: "region", detail: "South Bay"),
            PairingReason(code: "caseload_room", detail: "3"),
        ])
        #expect(suggestion.reasons.allSatisfy { $0.labelKey == "pairing.reason.\($0.code)" })
        #expect(suggestion.score == 40 + 10 + 15 * 2 + 8 + 8 + 10 + 20 + 5 + 6)
    }

    @Test("cultural background matches ignoring case and accents, or on a distinctive shared word", arguments: [
        ("Mexican-American", "mexican american", true),
        ("Oaxaqueña", "oaxaquena", true),
        ("Chamorro", "Chamorro and Filipino", true),
        ("Korean American", "Mexican American", false),
        ("", "", false),
        ("Somali", "", false),
        ("Vietnamese", "Cambodian", false),
    ])
    func culturalBackground(participant: String, peer: String, matches: Bool) {
        let rosa = Self.participant { $0.culturalBackground = participant }
        let suggestion = PeerPairing.suggest(for: rosa, today: Self.today, peers: [Self.peer(1, "P", culture: peer)])[0]
        #expect(suggestion.reasons.contains { $0.code == "cultural_background" } == matches)
    }

    @Test("room adds two points a place up to ten; equal scores go to more room, then name, then id")
    func tiesAreDeterministic() {
        let rosa = Self.participant()
        let roomy = Self.peer(5, "Zoe", caseload: 0, capacity: 40)
        let some = Self.peer(4, "Yan", caseload: 5, capacity: 10)
        let sameB = Self.peer(3, "Bo", caseload: 5, capacity: 10)
        let sameA2 = Self.peer(2, "Al", caseload: 5, capacity: 10)
        let sameA1 = Self.peer(1, "Al", caseload: 5, capacity: 10)
        let order = [sameA2, some, roomy, sameB, sameA1]
        let suggestions = PeerPairing.suggest(for: rosa, today: Self.today, peers: order)
        #expect(suggestions.map(\.score) == [50, 50, 50, 50, 50])
        #expect(suggestions.map(\.peerID) == [roomy.userID, sameA1.userID, sameA2.userID, sameB.userID, some.userID])
        #expect(PeerPairing.suggest(for: rosa, today: Self.today, peers: order.reversed()) == suggestions)
        let nearlyFull = Self.peer(6, "Uma", caseload: 9, capacity: 10)
        #expect(PeerPairing.suggest(for: rosa, today: Self.today, peers: [nearlyFull])[0].score == 40 + 2)
    }

    @Test("no peers, no suggestions")
    func noPeers() {
        #expect(PeerPairing.suggest(for: Self.participant(), today: Self.today, peers: []).isEmpty)
    }
}
