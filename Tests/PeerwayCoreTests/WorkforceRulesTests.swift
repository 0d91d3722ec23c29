import Foundation
import Testing
@testable import PeerwayCore

/// The workforce rules other than certification: what a profile shows beyond HR and what it may hold,
/// training coverage of the ten topics, supervision sessions and monthly hours, wellness check-ins and
/// the group-of-five summary, career steps and advancement into leadership, the workforce report's
/// figures, and who can NOT see a staff record, a peer's wellness or the report.
@Suite("Workforce rules")
struct WorkforceRulesTests {
    static func d(_ text: String) -> CalendarDate { CalendarDate(text)! }

    /// The refusals `body` throws, as "field:code"; empty when it accepts.
    static func refusals(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch let errors as ValidationErrors {
            return errors.errors.map { "\($0.field ?? ""):\($0.code)" }
        } catch {
            return ["unexpected:\(error)"]
        }
    }

    static let recorder = UUID()
    static let at = Date(timeIntervalSince1970: 1_790_272_800)

    // MARK: - Profile

    static func profile(shared: Set<SharedFact>) -> WorkforceProfile {
        var b = PeerBackground()
        b.languages = ["en", "tl"]
        b.livedExperience = [.mentalHealth, .substanceUse]
        b.populations = [.veteran, .lgbtq]
        b.culturalBackground = "Filipino community in the valley"
        b.genderIdentity = .woman
        b.region = "North"
        b.capacity = 12
        let credential = QualifyingCredential(kind: .lcsw, number: "LCSW 1234", issuedBy: "California BBS", expiresOn: d("2027-06-30"))
        return WorkforceProfile(userID: UUID(), background: b,
                                details: WorkforceDetails(discipline: .peerSupportSpecialist, specializations: ["WRAP"], shared: shared,
                                                          credential: credential, hiredOn: d("2023-02-01")))
    }

    @Test("beyond HR, a profile shows only the personal facts the person shared; work facts always show")
    func visibleProfile() {
        let whole = Self.profile(shared: [])
        // The person and HR see everything.
        #expect(whole.visible(seesEverything: true) == whole)

        let masked = whole.visible(seesEverything: false)
        #expect(masked.background.livedExperience.isEmpty)
        #expect(masked.background.culturalBackground == "")
        #expect(masked.background.genderIdentity == nil)
        // Work facts pairing and the report need are never hidden.
        #expect(masked.background.languages == ["en", "tl"] && masked.background.populations == [.veteran, .lgbtq])
        #expect(masked.background.region == "North" && masked.background.capacity == 12)
        #expect(masked.details == whole.details && masked.userID == whole.userID)

        // Each fact shows exactly when it is shared, independently of the others.
        for fact in SharedFact.allCases {
            let seen = Self.profile(shared: [fact]).visible(seesEverything: false).background
            #expect((seen.livedExperience == [.mentalHealth, .substanceUse]) == (fact == .livedExperience), "\(fact)")
            #expect((seen.culturalBackground == "Filipino community in the valley") == (fact == .culturalCommunities), "\(fact)")
            #expect((seen.genderIdentity == .woman) == (fact == .genderIdentity), "\(fact)")
        }
        let all = Self.profile(shared: Set(SharedFact.allCases))
        #expect(all.visible(seesEverything: false) == all)
    }

    @Test("details stored before consent was asked read as defaults: a peer specialist sharing nothing")
    func detailsDecodeDefaults() throws {
        let empty = try JSONDecoder().decode(WorkforceDetails.self, from: Data("{}".utf8))
        #expect(empty == WorkforceDetails())
        #expect(empty.discipline == .peerSupportSpecialist && empty.shared.isEmpty && empty.credential == nil)
        let migrated = try JSONDecoder().decode(WorkforceDetails.self,
                                                from: Data(#"{"shared":["cultural_communities","gender_identity","lived_experience"]}"#.utf8))
        #expect(migrated.shared == Set(SharedFact.allCases) && migrated.discipline == .peerSupportSpecialist)
        // A round trip keeps every field.
        let details = Self.profile(shared: [.genderIdentity]).details
        #expect(try JSONDecoder().decode(WorkforceDetails.self, from: JSONEncoder().encode(details)) == details)
    }

    @Test("profile details: specializations trimmed, empty and repeated ones dropped, at most ten; a supervisor needs a credential")
    func profileRules() throws {
        var details = WorkforceDetails(specializations: ["  WRAP ", "", "WRAP", "Naloxone", "   "])
        #expect(try WorkforceProfileRules.validate(details).specializations == ["WRAP", "Naloxone"])

        // Ten distinct are fine, eleven are too many; repeats do not count.
        let ten = (1...10).map { "Topic \($0)" }
        details.specializations = ten + ["Topic 1", " Topic 2 "]
        #expect(try WorkforceProfileRules.validate(details).specializations == ten)
        details.specializations = ten + ["Topic 11"]
        #expect(Self.refusals { _ = try WorkforceProfileRules.validate(details) } == ["specializations:too_many"])

        details.specializations = ["Line one\nline two", String(repeating: "x", count: WorkforceProfileRules.maxSpecializationLength + 1)]
        #expect(Self.refusals { _ = try WorkforceProfileRules.validate(details) } == ["specializations:invalid_characters", "specializations:too_long"])
        details.specializations = [String(repeating: "x", count: WorkforceProfileRules.maxSpecializationLength)]
        #expect(Self.refusals { _ = try WorkforceProfileRules.validate(details) } == [])

        // A clinical supervisor must hold a qualifying credential; a peer need not.
        let supervisor = WorkforceDetails(discipline: .clinicalSupervisor)
        #expect(Self.refusals { _ = try WorkforceProfileRules.validate(supervisor) } == ["credential_kind:credential_required"])
        #expect(Self.refusals { _ = try WorkforceProfileRules.validate(WorkforceDetails(discipline: .familySupportSpecialist)) } == [])
        var credential = QualifyingCredential(kind: .lmft, number: "  LMFT 99  ", issuedBy: " BBS ", expiresOn: nil)
        let cleaned = try WorkforceProfileRules.validate(WorkforceDetails(discipline: .clinicalSupervisor, credential: credential))
        #expect(cleaned.credential?.number == "LMFT 99" && cleaned.credential?.issuedBy == "BBS")
        credential.number = "   "
        #expect(Self.refusals { _ = try WorkforceProfileRules.validate(WorkforceDetails(discipline: .clinicalSupervisor, credential: credential)) }
                    == ["credential_number:required"])
        credential.number = "A\tB"
        #expect(Self.refusals { _ = try WorkforceProfileRules.validate(WorkforceDetails(credential: credential)) } == ["credential_number:invalid_characters"])

        #expect(Self.refusals { _ = try WorkforceProfileRules.validate(WorkforceDetails(hiredOn: Self.d("1899-12-31"))) } == ["hired_on:too_early"])
        #expect(Self.refusals { _ = try WorkforceProfileRules.validate(WorkforceDetails(hiredOn: Self.d("1900-01-01"))) } == [])
        #expect(Discipline.allCases.filter(\.isPeer) == [.peerSupportSpecialist, .familySupportSpecialist])
    }

    @Test("a qualifying credential is valid through its last day, and forever when no expiry was recorded")
    func credentialValidity() {
        let credential = QualifyingCredential(kind: .psychologist, number: "PSY 1", issuedBy: "Board", expiresOn: Self.d("2026-03-31"))
        #expect(credential.isValid(on: Self.d("2026-03-31")))
        #expect(!credential.isValid(on: Self.d("2026-04-01")))
        #expect(QualifyingCredential(kind: .physician, number: "A1", issuedBy: "MBC", expiresOn: nil).isValid(on: Self.d("2099-01-01")))
    }

    // MARK: - Training

    static func completion(_ on: String, _ topics: Set<TrainingTopic>, title: String = "Peer training", minutes: Int = 480,
                           evidence: String = "Certificate 77") -> TrainingCompletion {
        TrainingCompletion(id: UUID(), userID: UUID(), courseID: nil, title: title, topics: topics, completedOn: d(on), minutes: minutes,
                           evidence: evidence, recordedBy: recorder, recordedAt: at)
    }

    @Test("training coverage: each topic's first day; the topics still missing in the seed's order")
    func trainingCoverage() {
        #expect(TrainingTopic.allCases.count == 10)
        #expect(TrainingRules.coverage([]).isEmpty)
        #expect(TrainingRules.missing([]) == TrainingTopic.allCases)

        let later = Self.completion("2024-03-01", [.recoveryPrinciples, .culturalCompetency])
        let earlier = Self.completion("2024-01-15", [.culturalCompetency, .dealingWithConflict])
        let coverage = TrainingRules.coverage([later, earlier])
        #expect(coverage == [.recoveryPrinciples: Self.d("2024-03-01"), .culturalCompetency: Self.d("2024-01-15"),
                             .dealingWithConflict: Self.d("2024-01-15")])
        #expect(TrainingRules.coverage([earlier, later]) == coverage)
        #expect(TrainingRules.missing([later, earlier]) == [.goalSettingAndProblemSolving, .psychosocialRehabilitation, .rightsAndConfidentiality,
                                                            .professionalBoundaries, .selfAdvocacy, .listeningAndResponding,
                                                            .tellingPersonalStories])
        let full = Self.completion("2023-05-05", Set(TrainingTopic.allCases))
        #expect(TrainingRules.missing([full]).isEmpty)
        #expect(TrainingRules.coverage([later, full]).values.allSatisfy { $0 == Self.d("2023-05-05") })
        // A training on other subjects covers nothing.
        #expect(TrainingRules.missing([Self.completion("2024-01-01", [])]) == TrainingTopic.allCases)
    }

    @Test("a training completion needs a title, evidence, a day not in the future and 1 minute to 200 hours; text is trimmed")
    func trainingValidation() throws {
        let today = Self.d("2026-09-24")
        let ok = try TrainingRules.validate(Self.completion("2026-09-24", [.selfAdvocacy], title: "  WRAP  ", evidence: " Cert 1 "), today: today)
        #expect(ok.title == "WRAP" && ok.evidence == "Cert 1")
        #expect(Self.refusals { _ = try TrainingRules.validate(Self.completion("2026-09-25", []), today: today) } == ["completed_on:in_future"])
        #expect(Self.refusals { _ = try TrainingRules.validate(Self.completion("2026-01-01", [], title: " ", evidence: ""), today: today) }
                    == ["title:required", "evidence:required"])
        #expect(Self.refusals { _ = try TrainingRules.validate(Self.completion("1899-12-31", []), today: today) } == ["completed_on:too_early"])
        for (minutes, accepted) in [(0, false), (1, true), (12_000, true), (12_001, false), (-30, false)] {
            let result = Self.refusals { _ = try TrainingRules.validate(Self.completion("2026-01-01", [], minutes: minutes), today: today) }
            #expect(result == (accepted ? [] : ["hours:out_of_range"]), "\(minutes) minutes")
        }

        let org = UUID()
        #expect(try TrainingRules.validate(TrainingCourse(id: UUID(), organizationID: org, title: " MI ", topics: [], minutes: nil)).title == "MI")
        #expect(Self.refusals { _ = try TrainingRules.validate(TrainingCourse(id: UUID(), organizationID: org, title: "", topics: [], minutes: 0)) }
                    == ["title:required", "hours:out_of_range"])
    }

    // MARK: - Supervision

    static let supervisor = UUID()
    static let credential = QualifyingCredential(kind: .lcsw, number: "LCSW 1", issuedBy: "BBS", expiresOn: d("2026-06-30"))
    static let lifelong = QualifyingCredential(kind: .physician, number: "A 1", issuedBy: "MBC", expiresOn: nil)

    static func session(_ on: String, minutes: Int = 60, format: SupervisionFormat = .individual, peers: [UUID], note: String = "") -> SupervisionSession {
        SupervisionSession(id: UUID(), organizationID: UUID(), supervisorID: supervisor, heldOn: d(on), minutes: minutes, format: format,
                           peerIDs: peers, topics: [.boundaries], note: note, recordedBy: supervisor, recordedAt: at)
    }

    static func sessionRefusals(_ s: SupervisionSession, credential: QualifyingCredential? = credential, today: String = "2026-06-30") -> [String] {
        refusals { _ = try SupervisionRules.validate(s, supervisorCredential: credential, today: d(today)) }
    }

    @Test("a supervision session: a qualified supervisor that day, not in the future, 5 minutes to 8 hours, one peer alone or up to 40 together")
    func supervisionValidation() throws {
        let peer = UUID(), other = UUID()
        #expect(Self.sessionRefusals(Self.session("2026-06-30", peers: [peer])) == [])
        // No credential; a credential past its last day.
        #expect(Self.sessionRefusals(Self.session("2026-06-01", peers: [peer]), credential: nil) == ["supervisor:supervisor_not_qualified"])
        #expect(Self.sessionRefusals(Self.session("2026-07-01", peers: [peer]), today: "2026-07-01") == ["supervisor:credential_expired"])
        #expect(Self.sessionRefusals(Self.session("2026-07-01", peers: [peer]), credential: Self.lifelong) == ["held_on:in_future"])
        #expect(Self.sessionRefusals(Self.session("2026-07-01", peers: [peer])) == ["supervisor:credential_expired", "held_on:in_future"])
        #expect(Self.sessionRefusals(Self.session("1899-12-31", peers: [peer])) == ["held_on:too_early"])
        for (minutes, accepted) in [(4, false), (5, true), (480, true), (481, false), (-60, false)] {
            #expect(Self.sessionRefusals(Self.session("2026-06-01", minutes: minutes, peers: [peer])) == (accepted ? [] : ["minutes:out_of_range"]),
                    "\(minutes) minutes")
        }
        // Peers: at least one; one for an individual session (a repeat is the same peer); up to forty in a group.
        #expect(Self.sessionRefusals(Self.session("2026-06-01", peers: [])) == ["peers:required"])
        #expect(Self.sessionRefusals(Self.session("2026-06-01", peers: [peer, other])) == ["peers:individual_has_one_peer"])
        let deduplicated = try SupervisionRules.validate(Self.session("2026-06-01", peers: [peer, peer]), supervisorCredential: Self.credential,
                                                         today: Self.d("2026-06-30"))
        #expect(deduplicated.peerIDs == [peer])
        let forty = (1...40).map { _ in UUID() }
        #expect(Self.sessionRefusals(Self.session("2026-06-01", format: .group, peers: forty)) == [])
        #expect(Self.sessionRefusals(Self.session("2026-06-01", format: .group, peers: forty + [forty[0]])) == [])
        #expect(Self.sessionRefusals(Self.session("2026-06-01", format: .group, peers: forty + [UUID()])) == ["peers:too_many"])
        #expect(Self.sessionRefusals(Self.session("2026-06-01", format: .group, peers: [peer, Self.supervisor])) == ["peers:supervises_self"])
        // A note may run over lines, trimmed; a control character is refused.
        let noted = try SupervisionRules.validate(Self.session("2026-06-01", peers: [peer], note: "  Boundaries.\nSelf-care plan.  "),
                                                  supervisorCredential: Self.credential, today: Self.d("2026-06-30"))
        #expect(noted.note == "Boundaries.\nSelf-care plan.")
        #expect(Self.sessionRefusals(Self.session("2026-06-01", peers: [peer], note: String(repeating: "n", count: SupervisionRules.maxNoteLength + 1)))
                    == ["note:too_long"])
        // Every problem at once.
        #expect(Self.sessionRefusals(Self.session("2026-07-02", minutes: 2, peers: []), credential: nil)
                    == ["supervisor:supervisor_not_qualified", "held_on:in_future", "minutes:out_of_range", "peers:required"])
    }

    @Test("monthly supervision: each peer's minutes and sessions in the month (a group counts in full for each), zero for none, met or short")
    func supervisionMonth() {
        let p1 = UUID(), p2 = UUID(), p3 = UUID()
        let sessions = [
            Self.session("2026-03-01", minutes: 60, format: .group, peers: [p1, p2]),
            Self.session("2026-03-31", minutes: 30, peers: [p1]),
            Self.session("2026-04-01", minutes: 45, peers: [p1]),
            Self.session("2026-02-28", minutes: 90, peers: [p2]),
        ]
        // Any day names its month.
        let march = SupervisionRules.month(Self.d("2026-03-15"), peers: [p1, p2, p3], sessions: sessions, targetMinutes: 60)
        #expect(march.map(\.peerID) == [p1, p2, p3])
        #expect(march.allSatisfy { $0.month == Self.d("2026-03-01") && $0.targetMinutes == 60 })
        #expect(march.map(\.minutes) == [90, 60, 0] && march.map(\.sessions) == [2, 1, 0])
        #expect(march.map(\.isMet) == [true, true, false] && march.map(\.shortMinutes) == [0, 0, 60])
        let april = SupervisionRules.month(Self.d("2026-04-30"), peers: [p1, p2], sessions: sessions, targetMinutes: 60)
        #expect(april.map(\.minutes) == [45, 0] && april.map(\.shortMinutes) == [15, 60])
        // No expectation is always met.
        #expect(SupervisionRules.month(Self.d("2026-05-01"), peers: [p3], sessions: sessions, targetMinutes: 0).first?.isMet == true)
        #expect(SupervisionRules.month(Self.d("2026-05-01"), peers: [], sessions: sessions, targetMinutes: 60).isEmpty)
    }

    @Test("the month in progress and the last complete one, across a year's turn and a leap February")
    func supervisionMonths() {
        let january = SupervisionRules.months(around: Self.d("2026-01-15"))
        #expect(january.current == Self.d("2026-01-01") && january.previous == Self.d("2025-12-01"))
        let march = SupervisionRules.months(around: Self.d("2024-03-31"))
        #expect(march.current == Self.d("2024-03-01") && march.previous == Self.d("2024-02-01"))
        let first = SupervisionRules.months(around: Self.d("2026-09-01"))
        #expect(first.current == Self.d("2026-09-01") && first.previous == Self.d("2026-08-01"))
    }

    // MARK: - Wellness

    static func checkIn(_ user: UUID, _ on: String, _ satisfaction: Int, _ burnout: Int, _ supported: Int, note: String = "",
                        seconds: TimeInterval = 0) -> WellnessCheckIn {
        WellnessCheckIn(id: UUID(), userID: user, givenOn: d(on), satisfaction: satisfaction, burnout: burnout, supported: supported, note: note,
                        recordedAt: at.addingTimeInterval(seconds))
    }

    @Test("a check-in: three answers from 1 to 5, given no later than today, an optional note trimmed")
    func wellnessValidation() throws {
        let user = UUID(), today = Self.d("2026-09-24")
        let ok = try WellnessRules.validate(Self.checkIn(user, "2026-09-24", 1, 5, 3, note: "  Busy month \n"), today: today)
        #expect(ok.note == "Busy month")
        #expect(Self.refusals { _ = try WellnessRules.validate(Self.checkIn(user, "2026-09-24", 0, 6, 5), today: today) }
                    == ["satisfaction:out_of_range", "burnout:out_of_range"])
        #expect(Self.refusals { _ = try WellnessRules.validate(Self.checkIn(user, "2026-09-24", 3, 3, -1), today: today) } == ["supported:out_of_range"])
        #expect(Self.refusals { _ = try WellnessRules.validate(Self.checkIn(user, "2026-09-25", 3, 3, 3), today: today) } == ["given_on:in_future"])
        #expect(Self.refusals {
            _ = try WellnessRules.validate(Self.checkIn(user, "2026-09-24", 3, 3, 3, note: String(repeating: "a", count: WellnessRules.maxNoteLength + 1)),
                                           today: today)
        } == ["note:too_long"])
    }

    @Test("a check-in is due when none was given or the last is thirty days old, counted across a leap February")
    func wellnessDue() {
        #expect(WellnessRules.isDue(last: nil, today: Self.d("2026-09-24")))
        #expect(!WellnessRules.isDue(last: Self.d("2026-09-24"), today: Self.d("2026-09-24")))
        #expect(!WellnessRules.isDue(last: Self.d("2026-08-26"), today: Self.d("2026-09-24")))
        #expect(WellnessRules.isDue(last: Self.d("2026-08-25"), today: Self.d("2026-09-24")))
        #expect(WellnessRules.isDue(last: Self.d("2024-02-01"), today: Self.d("2024-03-02")))
        #expect(!WellnessRules.isDue(last: Self.d("2024-02-01"), today: Self.d("2024-03-01")))
        // A check-in dated after today (a clock moved back) is not due again.
        #expect(!WellnessRules.isDue(last: Self.d("2026-10-01"), today: Self.d("2026-09-24")))
    }

    @Test("the managers' wellness summary counts each peer's latest check-in in the period and is withheld under five respondents")
    func wellnessSummary() {
        let from = Self.d("2026-01-01"), through = Self.d("2026-03-31")
        let p = (0..<7).map { _ in UUID() }
        let four = [
            Self.checkIn(p[0], "2026-01-10", 5, 1, 5),
            Self.checkIn(p[0], "2026-02-10", 2, 4, 2),  // p0's latest: the one counted
            Self.checkIn(p[1], "2026-01-01", 4, 3, 4),  // the period's first day
            Self.checkIn(p[2], "2026-03-31", 5, 5, 5),  // its last day
            Self.checkIn(p[3], "2026-02-15", 3, 2, 4),
            Self.checkIn(p[5], "2025-12-31", 5, 5, 5),  // before the period
            Self.checkIn(p[6], "2026-04-01", 5, 5, 5),  // after it
        ]
        // Four respondents (six check-ins in all, seven peers who ever answered): withheld.
        #expect(WellnessRules.summary(four, from: from, through: through) == nil)
        // Extra check-ins by the same peers do not make a group bigger.
        #expect(WellnessRules.summary(four + [Self.checkIn(p[3], "2026-03-01", 1, 1, 1), Self.checkIn(p[2], "2026-01-02", 1, 1, 1)],
                                      from: from, through: through) == nil)

        let five = four + [Self.checkIn(p[4], "2026-02-20", 1, 1, 1)]
        #expect(WellnessRules.summary(five, from: from, through: through) == WellnessSummary(respondents: 5, satisfied: 2, burnedOut: 2, supported: 3))
        // Order in does not matter.
        #expect(WellnessRules.summary(five.reversed(), from: from, through: through) == WellnessSummary(respondents: 5, satisfied: 2, burnedOut: 2, supported: 3))
        // Two on the same day: the later recorded one counts.
        let sameDay = five + [Self.checkIn(p[4], "2026-02-20", 5, 5, 5, seconds: 60)]
        #expect(WellnessRules.summary(sameDay, from: from, through: through) == WellnessSummary(respondents: 5, satisfied: 3, burnedOut: 3, supported: 4))
        #expect(WellnessRules.summary([], from: from, through: through) == nil)
        #expect(WellnessRules.minimumGroupSize == 5)
    }

    // MARK: - Career

    static func step(_ user: UUID, _ role: CareerRole, _ on: String, seconds: TimeInterval = 0) -> CareerStep {
        CareerStep(id: UUID(), userID: user, role: role, startedOn: d(on), recordedBy: recorder, recordedAt: at.addingTimeInterval(seconds))
    }

    @Test("a career step: not in the future, not before the latest step, and a change of role")
    func careerValidation() {
        let user = UUID(), today = Self.d("2026-09-24")
        func refused(_ step: CareerStep, _ history: [CareerStep]) -> [String] {
            Self.refusals { try CareerRules.validate(step, history: history, today: today) }
        }
        #expect(refused(Self.step(user, .peerSupervisor, "2026-09-24"), []) == [])
        #expect(refused(Self.step(user, .peerSpecialist, "2026-09-25"), []) == ["started_on:in_future"])
        #expect(refused(Self.step(user, .peerSpecialist, "1899-12-31"), []) == ["started_on:too_early"])
        // Given out of order: the latest is the senior peer step of 2024.
        let history = [Self.step(user, .seniorPeer, "2024-01-01"), Self.step(user, .peerSpecialist, "2022-01-01")]
        #expect(refused(Self.step(user, .peerSupervisor, "2025-06-01"), history) == [])
        #expect(refused(Self.step(user, .peerSupervisor, "2024-01-01"), history) == [])
        #expect(refused(Self.step(user, .seniorPeer, "2025-06-01"), history) == ["role:already_in_role"])
        #expect(refused(Self.step(user, .peerSupervisor, "2023-12-31"), history) == ["started_on:before_previous_step"])
        #expect(refused(Self.step(user, .seniorPeer, "2023-12-31"), history) == ["started_on:before_previous_step", "role:already_in_role"])
        // Back to a peer role is a change of role, and allowed.
        #expect(refused(Self.step(user, .peerSpecialist, "2025-06-01"), history) == [])
        #expect(CareerRules.role(on: Self.d("2023-06-01"), history) == .peerSpecialist)
        #expect(CareerRules.role(on: Self.d("2024-01-01"), history) == .seniorPeer)
        #expect(CareerRules.role(on: Self.d("2021-12-31"), history) == nil)
        #expect(CareerRole.allCases.filter(\.isLeadership) == [.peerSupervisor, .programLeadership])
        #expect(CareerRole.allCases.filter(\.isPeerRole) == [.peerSpecialist, .seniorPeer])
    }

    @Test("advancement: peers who held a peer role in the period, and those who stepped into leadership in it, a step on its first day included")
    func careerAdvancement() {
        let from = Self.d("2025-10-01"), through = Self.d("2026-09-30")
        let firstDay = UUID(), promoted = UUID(), stayed = UUID(), hiredAsLeader = UUID(), before = UUID(), after = UUID(),
            leftBefore = UUID(), lastDay = UUID(), leftOnFirstDay = UUID()
        let steps = [
            Self.step(firstDay, .peerSpecialist, "2020-01-01"), Self.step(firstDay, .peerSupervisor, "2025-10-01"),
            Self.step(promoted, .peerSpecialist, "2019-01-01"), Self.step(promoted, .seniorPeer, "2023-01-01"),
            Self.step(promoted, .programLeadership, "2026-05-01"),
            Self.step(stayed, .peerSpecialist, "2024-01-01"),
            Self.step(hiredAsLeader, .peerSupervisor, "2024-01-01"), Self.step(hiredAsLeader, .programLeadership, "2026-01-01"),
            Self.step(before, .peerSpecialist, "2020-01-01"), Self.step(before, .peerSupervisor, "2025-09-30"),
            Self.step(after, .peerSpecialist, "2026-10-01"),
            Self.step(leftBefore, .peerSpecialist, "2018-01-01"), Self.step(leftBefore, .other, "2022-01-01"),
            Self.step(lastDay, .peerSpecialist, "2026-09-30"),
            Self.step(leftOnFirstDay, .seniorPeer, "2025-01-01"), Self.step(leftOnFirstDay, .other, "2025-10-01"),
        ]
        let result = CareerRules.advancement(steps, from: from, through: through)
        #expect(result.peers == [firstDay, promoted, stayed, lastDay])
        #expect(result.advanced == [firstDay, promoted])
        // The same, in any order in.
        #expect(CareerRules.advancement(steps.reversed(), from: from, through: through) == result)
        #expect(CareerRules.advancement([], from: from, through: through) == CareerAdvancement(peers: [], advanced: []))
        // A period of one day: the first-day step counts in both.
        let oneDay = CareerRules.advancement(steps, from: from, through: from)
        #expect(oneDay.advanced == [firstDay] && oneDay.peers.contains(firstDay))
    }

    /// Someone who left their peer role years before, moving from one leadership role to another in the
    /// period, is not "a peer advancing to leadership" in it: they advanced when they first left the peer
    /// role. Counting them adds them to the period's peers (the denominator) and counts them again.
    @Test("advancement: a leader moving between leadership roles is not a peer advancing in the period")
    func careerAdvancementWithinLeadership() {
        let from = Self.d("2025-10-01"), through = Self.d("2026-09-30")
        let leader = UUID(), peer = UUID()
        let steps = [
            Self.step(leader, .peerSpecialist, "2018-01-01"), Self.step(leader, .peerSupervisor, "2020-01-01"),
            Self.step(leader, .programLeadership, "2026-03-01"),
            Self.step(peer, .peerSpecialist, "2024-01-01"),
        ]
        // In the year they became a supervisor, they counted.
        let then = CareerRules.advancement(steps, from: Self.d("2019-10-01"), through: Self.d("2020-09-30"))
        #expect(then.advanced == [leader] && then.peers == [leader])
        // In this period they held no peer role and did not leave one.
        let now = CareerRules.advancement(steps, from: from, through: through)
        #expect(now.peers == [peer])
        #expect(now.advanced.isEmpty)
    }

    // MARK: - Report

    static func staff(_ id: UUID, _ name: String, _ discipline: Discipline, languages: [String], capacity: Int = 25, caseload: Int = 0,
                      supervisor: UUID?) -> StaffFacts {
        StaffFacts(userID: id, displayName: name, discipline: discipline, languages: languages, capacity: capacity, caseload: caseload,
                   supervisorID: supervisor)
    }

    static func event(_ user: UUID, _ step: CertificationStep, _ on: String, seq: TimeInterval = 0) -> CertificationEvent {
        CertificationEvent(id: UUID(), userID: user, step: step, on: d(on), reference: "", recordedBy: recorder, recordedAt: at.addingTimeInterval(seq))
    }

    @Test("the workforce report: certification counts for every state, deadlines of the next 90 days, CE, supervision, qualified supervisors, caseload and the language gap")
    func report() {
        let asOf = Self.d("2026-09-24")
        let p1 = UUID(), p2 = UUID(), p3 = UUID(), p4 = UUID(), s1 = UUID(), s2 = UUID()
        let staff = [
            Self.staff(p1, "Ana", .peerSupportSpecialist, languages: ["en", "es", "en"], capacity: 10, caseload: 12, supervisor: s1),
            Self.staff(p2, "Ben", .familySupportSpecialist, languages: ["en"], capacity: 20, caseload: 5, supervisor: s2),
            Self.staff(p3, "Cam", .peerSupportSpecialist, languages: ["en"], supervisor: nil),
            Self.staff(p4, "Dee", .peerSupportSpecialist, languages: [], supervisor: s1),
            Self.staff(s1, "Sol", .clinicalSupervisor, languages: ["en", "vi"], caseload: 40, supervisor: nil),
            Self.staff(s2, "Tam", .clinicalSupervisor, languages: ["tl"], supervisor: nil),
        ]
        let rules = CertificationRuleSet.california
        func ce(_ user: UUID, _ on: String, _ minutes: Int, _ category: CECategory) -> CEEntry {
            CEEntry(id: UUID(), userID: user, takenOn: Self.d(on), minutes: minutes, category: category, title: "CE", provider: "P",
                    recordedBy: Self.recorder, recordedAt: Self.at)
        }
        let statuses: [UUID: CertificationStatus] = [
            // Certified 2025-01-15, expires 2027-01-15 (113 days on): out of the horizon; CE met.
            p1: CertificationRules.status(events: [Self.event(p1, .applied, "2024-01-01"), Self.event(p1, .certified, "2025-01-15")],
                                          ce: [ce(p1, "2025-06-01", 840, .recoveryAndWellness), ce(p1, "2026-02-01", 360, .lawAndEthics)],
                                          rules: rules, on: asOf),
            // Certified 2024-11-01, expires 2026-11-01 (38 days on): renewal due, renewal and ethics deadlines; CE not met.
            p2: CertificationRules.status(events: [Self.event(p2, .applied, "2024-01-01"), Self.event(p2, .certified, "2024-11-01")],
                                          ce: [ce(p2, "2025-03-01", 600, .lawAndEthics)], rules: rules, on: asOf),
            // Approved 2025-12-01: the training window ends 2026-12-01 (68 days on).
            p3: CertificationRules.status(events: [Self.event(p3, .applied, "2025-10-01"), Self.event(p3, .documentsVerified, "2025-10-05"),
                                                   Self.event(p3, .approved, "2025-12-01")], ce: [], rules: rules, on: asOf),
            // A supervisor's status is not a peer figure.
            s1: CertificationRules.status(events: [Self.event(s1, .applied, "2026-01-01")], ce: [], rules: rules, on: asOf),
        ]
        let previous = Self.d("2026-08-01")
        let supervision = [
            SupervisionMonth(peerID: p1, month: previous, minutes: 60, sessions: 1, targetMinutes: 60),
            SupervisionMonth(peerID: p2, month: previous, minutes: 30, sessions: 1, targetMinutes: 60),
            SupervisionMonth(peerID: p3, month: previous, minutes: 0, sessions: 0, targetMinutes: 60),
            SupervisionMonth(peerID: p4, month: previous, minutes: 0, sessions: 0, targetMinutes: 60),
            SupervisionMonth(peerID: s1, month: previous, minutes: 120, sessions: 2, targetMinutes: 60),
        ]
        let credentials = [
            s1: QualifyingCredential(kind: .lcsw, number: "1", issuedBy: "BBS", expiresOn: nil),
            s2: QualifyingCredential(kind: .lmft, number: "2", issuedBy: "BBS", expiresOn: Self.d("2026-09-23")),
        ]
        let career = [Self.step(p1, .peerSpecialist, "2023-01-01"), Self.step(s1, .peerSpecialist, "2019-01-01"),
                      Self.step(s1, .peerSupervisor, "2026-01-01")]
        let wellness = WellnessSummary(respondents: 5, satisfied: 4, burnedOut: 1, supported: 5)
        let report = WorkforceReport.build(asOf: asOf, staff: staff, statuses: statuses, supervision: supervision, credentials: credentials,
                                           participantLanguages: ["en": 30, "es": 8, "ar": 3, "so": 2], careerSteps: career,
                                           periodStart: Self.d("2025-09-25"), wellness: wellness)

        #expect(report.asOf == asOf && report.peers == 4)
        #expect(report.certification.map(\.state) == CertificationState.allCases)
        let counts = Dictionary(uniqueKeysWithValues: report.certification.map { ($0.state, $0.count) })
        #expect(counts == [.notStarted: 1, .applied: 0, .trainingWindowOpen: 1, .trainingWindowClosed: 0, .trainingCompleted: 0, .examPassed: 0,
                           .certified: 1, .renewalDue: 1, .lapsed: 0])
        #expect(report.deadlines.map(\.userID) == [p2, p2, p3])
        #expect(Set(report.deadlines.prefix(2).map(\.deadline.kind)) == [.renewal, .ethics])
        #expect(report.deadlines.map(\.deadline.dueOn) == [Self.d("2026-11-01"), Self.d("2026-11-01"), Self.d("2026-12-01")])
        #expect(report.deadlines.map(\.deadline.daysLeft) == [38, 38, 68] && report.deadlines[2].deadline.kind == .trainingWindow)
        #expect(report.deadlines.map(\.displayName) == ["Ben", "Ben", "Cam"])
        #expect(report.inCycle == 2 && report.ceMet == 1)
        #expect(report.supervisionMonth == previous && report.supervisionMet == 1 && report.supervisionMinutes == 90)
        // p2's supervisor's licence ended yesterday; p3 has no supervisor.
        #expect(report.withoutQualifiedSupervisor == [p2, p3])
        #expect(report.caseload == 17 && report.capacity == 80 && report.overCapacity == [p1])
        // Gaps first (participants but nobody on staff), then by participants, then by code; every discipline's languages count.
        #expect(report.languages.map(\.code) == ["ar", "so", "en", "es", "tl", "vi"])
        #expect(report.languages.map(\.participants) == [3, 2, 30, 8, 0, 0])
        #expect(report.languages.map(\.staff) == [0, 0, 4, 1, 1, 1])
        #expect(report.languages.map(\.isGap) == [true, true, false, false, false, false])
        #expect(report.advancement == CareerAdvancement(peers: [p1, s1], advanced: [s1]))
        #expect(report.wellness == wellness)
    }

    @Test("a report with no peers: every state at zero, the previous month named, nothing over capacity")
    func emptyReport() {
        let asOf = Self.d("2026-01-10")
        let manager = Self.staff(UUID(), "Mo", .programLeadership, languages: ["en"], caseload: 3, supervisor: nil)
        let report = WorkforceReport.build(asOf: asOf, staff: [manager], statuses: [:], supervision: [], credentials: [:],
                                           participantLanguages: ["en": 2], careerSteps: [], periodStart: Self.d("2025-01-11"), wellness: nil)
        #expect(report.peers == 0 && report.certification.allSatisfy { $0.count == 0 } && report.certification.count == CertificationState.allCases.count)
        #expect(report.deadlines.isEmpty && report.inCycle == 0 && report.ceMet == 0)
        #expect(report.supervisionMonth == Self.d("2025-12-01") && report.supervisionMet == 0 && report.supervisionMinutes == 0)
        #expect(report.withoutQualifiedSupervisor.isEmpty && report.caseload == 0 && report.capacity == 0 && report.overCapacity.isEmpty)
        #expect(report.languages.map(\.code) == ["en"] && report.languages.first?.isGap == false)
        #expect(report.wellness == nil)
    }

    // MARK: - Policy

    static let org = UUID()
    static let otherOrg = UUID()
    static let staffID = UUID()
    static let supervisorID = UUID()
    static let scope = StaffScope(organizationID: org, staffID: staffID, supervisorID: supervisorID)

    static func actor(_ roles: Set<Role>, id: UUID = UUID(), org: UUID = WorkforceRulesTests.org) -> Actor {
        Actor(userID: id, organizationID: org, roles: roles)
    }

    /// Everyone around one peer: the peer, their supervisor, and each role that is not theirs.
    static let everyone: [(String, Actor)] = [
        ("the person", actor([.peerSpecialist], id: staffID)),
        ("their supervisor", actor([.supervisor], id: supervisorID)),
        ("another supervisor", actor([.supervisor])),
        ("a colleague peer", actor([.peerSpecialist])),
        ("a program manager", actor([.programManager])),
        ("HR (organization administrator)", actor([.organizationAdmin])),
        ("an evaluator", actor([.evaluator])),
        ("a system administrator in the organization", actor([.systemAdmin])),
        ("the county's system administrator", Actor(userID: UUID(), organizationID: otherOrg, roles: [.systemAdmin],
                                                    administeredOrganizationIDs: [otherOrg, org])),
        ("another organization's administrator", actor([.organizationAdmin], org: otherOrg)),
        ("another organization's supervisor with the same id", actor([.supervisor], id: supervisorID, org: otherOrg)),
        ("the supervisor's id without the supervisor role", actor([.peerSpecialist], id: supervisorID)),
    ]

    static func decisions(_ resource: AccessResource, _ actions: [AccessAction]) -> [String: [AccessDecision]] {
        Dictionary(uniqueKeysWithValues: everyone.map { name, actor in (name, actions.map { AccessPolicy.decide(actor, $0, resource) }) })
    }

    @Test("a staff record: the person, HR and their supervisor read and record; the profile is the person's and HR's; a new role is HR's or the supervisor's, never the person's; a program manager only reads; everyone else is told nothing exists")
    func staffRecordPolicy() {
        let actions: [AccessAction] = [.read, .list, .create, .update, .assign, .delete, .export]
        let nothing: [AccessDecision] = Array(repeating: .notFound, count: actions.count)
        let expected: [String: [AccessDecision]] = [
            "the person": [.allow, .allow, .allow, .allow, .deny, .deny, .deny],
            "their supervisor": [.allow, .allow, .allow, .deny, .allow, .deny, .deny],
            "another supervisor": nothing,
            "a colleague peer": nothing,
            "a program manager": [.allow, .allow, .deny, .deny, .deny, .deny, .deny],
            "HR (organization administrator)": [.allow, .allow, .allow, .allow, .allow, .deny, .deny],
            "an evaluator": nothing,
            "a system administrator in the organization": nothing,
            "the county's system administrator": nothing,
            "another organization's administrator": nothing,
            "another organization's supervisor with the same id": nothing,
            "the supervisor's id without the supervisor role": nothing,
        ]
        let got = Self.decisions(.staffRecord(Self.scope), actions)
        for (name, decisions) in expected { #expect(got[name] == decisions, "\(name)") }
        #expect(got.count == expected.count)
        // A peer with no supervisor: only they, HR and (reading) program managers.
        let alone = StaffScope(organizationID: Self.org, staffID: Self.staffID, supervisorID: nil)
        #expect(AccessPolicy.decide(Self.actor([.supervisor]), .read, .staffRecord(alone)) == .notFound)
        #expect(AccessPolicy.decide(Self.actor([.peerSpecialist], id: Self.staffID), .update, .staffRecord(alone)) == .allow)
        // HR, or a supervisor, on their own record: no new role for oneself.
        let hrID = UUID()
        let ownHR = StaffScope(organizationID: Self.org, staffID: hrID, supervisorID: nil)
        #expect(AccessPolicy.decide(Self.actor([.organizationAdmin], id: hrID), .assign, .staffRecord(ownHR)) == .deny)
        #expect(AccessPolicy.decide(Self.actor([.organizationAdmin], id: hrID), .update, .staffRecord(ownHR)) == .allow)
        let ownSupervisor = StaffScope(organizationID: Self.org, staffID: Self.supervisorID, supervisorID: Self.supervisorID)
        #expect(AccessPolicy.decide(Self.actor([.supervisor], id: Self.supervisorID), .assign, .staffRecord(ownSupervisor)) == .deny)
    }

    @Test("wellness check-ins: the person's and their supervisor's alone; not HR, not a program manager, not a colleague")
    func wellnessPolicy() {
        let actions: [AccessAction] = [.read, .list, .create, .update, .delete, .export]
        let nothing: [AccessDecision] = Array(repeating: .notFound, count: actions.count)
        let expected: [String: [AccessDecision]] = [
            "the person": [.allow, .allow, .allow, .deny, .deny, .deny],
            "their supervisor": [.allow, .allow, .deny, .deny, .deny, .deny],
            "another supervisor": nothing,
            "a colleague peer": nothing,
            "a program manager": nothing,
            "HR (organization administrator)": nothing,
            "an evaluator": nothing,
            "a system administrator in the organization": nothing,
            "the county's system administrator": nothing,
            "another organization's administrator": nothing,
            "another organization's supervisor with the same id": nothing,
            "the supervisor's id without the supervisor role": nothing,
        ]
        let got = Self.decisions(.wellness(Self.scope), actions)
        for (name, decisions) in expected { #expect(got[name] == decisions, "\(name)") }
        #expect(got.count == expected.count)
    }

    @Test("the organization's workforce: everyone reads the catalogue; overseers list the roster; only HR and program managers get the report; only HR changes settings")
    func workforcePolicy() {
        let actions: [AccessAction] = [.read, .list, .export, .create, .update, .delete]
        let nothing: [AccessDecision] = Array(repeating: .notFound, count: actions.count)
        let expected: [String: [AccessDecision]] = [
            "the person": [.allow, .deny, .deny, .deny, .deny, .deny],
            "their supervisor": [.allow, .allow, .deny, .deny, .deny, .deny],
            "another supervisor": [.allow, .allow, .deny, .deny, .deny, .deny],
            "a colleague peer": [.allow, .deny, .deny, .deny, .deny, .deny],
            "a program manager": [.allow, .allow, .allow, .deny, .deny, .deny],
            "HR (organization administrator)": [.allow, .allow, .allow, .allow, .allow, .deny],
            "an evaluator": [.allow, .deny, .deny, .deny, .deny, .deny],
            "a system administrator in the organization": [.allow, .deny, .deny, .deny, .deny, .deny],
            "the county's system administrator": nothing,
            "another organization's administrator": nothing,
            "another organization's supervisor with the same id": nothing,
            "the supervisor's id without the supervisor role": [.allow, .deny, .deny, .deny, .deny, .deny],
        ]
        let got = Self.decisions(.workforce(organizationID: Self.org), actions)
        for (name, decisions) in expected { #expect(got[name] == decisions, "\(name)") }
        #expect(got.count == expected.count)
    }

    @Test("supervision: supervisors log sessions and read their team; a program manager reads; a peer does neither")
    func supervisionPolicy() {
        let actions: [AccessAction] = [.list, .create, .read, .update]
        let expected: [String: [AccessDecision]] = [
            "the person": [.deny, .deny, .deny, .deny],
            "their supervisor": [.allow, .allow, .deny, .deny],
            "another supervisor": [.allow, .allow, .deny, .deny],
            "a colleague peer": [.deny, .deny, .deny, .deny],
            "a program manager": [.allow, .deny, .deny, .deny],
            "HR (organization administrator)": [.deny, .deny, .deny, .deny],
            "an evaluator": [.deny, .deny, .deny, .deny],
            "a system administrator in the organization": [.deny, .deny, .deny, .deny],
            "the county's system administrator": [.notFound, .notFound, .notFound, .notFound],
            "another organization's administrator": [.notFound, .notFound, .notFound, .notFound],
            "another organization's supervisor with the same id": [.notFound, .notFound, .notFound, .notFound],
            "the supervisor's id without the supervisor role": [.deny, .deny, .deny, .deny],
        ]
        let got = Self.decisions(.supervision(organizationID: Self.org), actions)
        for (name, decisions) in expected { #expect(got[name] == decisions, "\(name)") }
    }

    @Test("the whole profile: the person and HR of their organization; not a supervisor, a program manager or another organization's HR")
    func wholeProfile() {
        let seen = Dictionary(uniqueKeysWithValues: Self.everyone.map { ($0.0, WorkforcePolicy.seesWholeProfile($0.1, Self.scope)) })
        #expect(Set(seen.filter(\.value).keys) == ["the person", "HR (organization administrator)"])
        #expect(WorkforcePolicy.isHR(Self.actor([.organizationAdmin]), of: Self.org))
        #expect(!WorkforcePolicy.isHR(Self.actor([.organizationAdmin], org: Self.otherOrg), of: Self.org))
        #expect(!WorkforcePolicy.isHR(Self.actor([.systemAdmin]), of: Self.org))
    }

    @Test("workforce settings: the supervision expectation is 0 to 40 hours a month, and the rule set is checked")
    func settingsValidation() throws {
        #expect(try WorkforceSettings.validate(WorkforceSettings()) == WorkforceSettings())
        #expect(Self.refusals { _ = try WorkforceSettings.validate(WorkforceSettings(supervisionMinutesPerMonth: -1)) } == ["supervision_minutes:out_of_range"])
        #expect(Self.refusals { _ = try WorkforceSettings.validate(WorkforceSettings(supervisionMinutesPerMonth: 2401)) } == ["supervision_minutes:out_of_range"])
        #expect(Self.refusals { _ = try WorkforceSettings.validate(WorkforceSettings(supervisionMinutesPerMonth: 0)) } == [])
        var rules = CertificationRuleSet.california
        rules.trainingWindowMonths = 0
        #expect(Self.refusals { _ = try WorkforceSettings.validate(WorkforceSettings(certificationRules: rules)) } == ["training_window_months:out_of_range"])
    }
}
