import Foundation
import PeerwayCore
import PeerwayStore

/// The participant side of the demo data: the people who reached each program (most of them once;
/// about one in ten enrolled, as Next Steps contacted 2,545 people and enrolled 239), anonymous
/// contacts, screens, episodes with their pairings, reviews and discharges, crisis events with some
/// re-admissions, a few family members, and every demo peer's profile for pairing.
///
/// Rows go straight through the record functions, a thousand people per transaction with one audit
/// event per batch: through the service, with an event per row, a county-sized set would take hours.
/// Everything is drawn from a generator seeded apart from the staff's, so adding this left the staff
/// of a given seed unchanged; dates are relative to `now`.
struct DemoJourney: Sendable {
    let seed: UInt64
    let participants: Int
    let now: Date

    static let batchSize = 1000
    /// Open episodes the named demo peer (peer@…) carries: a realistic caseload to show on their home page.
    static let namedCaseload = 22
    static let zone = TimeZone(identifier: "America/Los_Angeles") ?? TimeZone(secondsFromGMT: -8 * 3600)!

    /// What the journey wrote that the summary reports.
    struct Totals: Sendable { var persons = 0 }

    /// The records of up to `batchSize` people, written in one transaction.
    struct Batch: Sendable {
        struct NewPerson: Sendable { var person: Person; var createdBy: UUID }
        struct NewEpisode: Sendable {
            var episode: Episode
            var screeningID: UUID?
            var createdBy: UUID
            var createdAt: Date
            var discharge: Discharge?
        }
        struct Discharge: Sendable { var on: CalendarDate; var reason: DischargeReason; var summary: String; var by: UUID; var at: Date }

        var persons: [NewPerson] = []
        var contacts: [Contact] = []
        var screenings: [StoredScreening] = []
        var episodes: [NewEpisode] = []
        var assignments: [Assignment] = []
        var reviews: [StoredReview] = []
        var crisisEvents: [StoredCrisisEvent] = []
    }

    @discardableResult
    func generate(into db: Database, audit: AuditLog, programs: [Program], users: [User], services: inout DemoServices,
                  progress: (@Sendable (Int, Int) -> Void)?) async throws -> Totals {
        var builder = Builder(seed: seed ^ 0x6A6F_7572_6E65_7921, now: now, programs: programs, users: users)
        try await savePeerProfiles(builder.peerProfiles(), into: db)
        var totals = Totals()
        var done = 0
        let context = AuditContext(requestID: "demo-seed-\(seed)", clientAddress: "cli", actorLabel: "cli:demo")
        for (program, count) in builder.allocate(participants) {
            var start = 0
            while start < count {
                let size = min(Self.batchSize, count - start)
                let batch = builder.batch(program: program, range: start..<(start + size), programCount: count)
                // The services of people who never enrolled go with them; the episodes' come after the journey.
                let firstServices = services.collect(batch, program: program)
                try await db.write { conn in
                    try await Self.write(batch, on: conn)
                    try await DemoServices.write(firstServices, on: conn)
                    // One event per batch, with counts only: the trail says demo data arrived, not who is in it.
                    try await audit.append(context, .recordCreated, resourceType: .demoBatch, organizationID: program.organizationID,
                                           detail: "demo data (seed \(seed)): \(program.name), \(batch.persons.count) people, "
                                               + "\(batch.contacts.count) contacts, \(batch.episodes.count) episodes, "
                                               + "\(firstServices.services.count) services", on: conn)
                }
                totals.persons += batch.persons.count
                start += size
                done += size
                progress?(done, participants)
            }
        }
        return totals
    }

    func savePeerProfiles(_ profiles: [(User, PeerBackground)], into db: Database) async throws {
        for start in stride(from: 0, to: profiles.count, by: Self.batchSize) {
            let slice = profiles[start..<min(start + Self.batchSize, profiles.count)]
            try await db.write { conn in
                for (user, background) in slice {
                    try await WorkforceProfileRecords.save(userID: user.id, organizationID: user.organizationID, background, now: now, on: conn)
                }
            }
        }
    }

    /// Parents before the rows that point at them, so foreign keys hold at every statement.
    static func write(_ batch: Batch, on conn: Connection) async throws {
        for p in batch.persons { try await PersonRecords.insert(p.person, createdBy: p.createdBy, on: conn) }
        for c in batch.contacts { try await ContactRecords.insert(c, on: conn) }
        for s in batch.screenings { try await ScreeningRecords.insert(s, on: conn) }
        for e in batch.episodes {
            try await EpisodeRecords.insert(e.episode, screeningID: e.screeningID, createdBy: e.createdBy, now: e.createdAt, on: conn)
            if let d = e.discharge {
                try await EpisodeRecords.discharge(e.episode.id, on: d.on, reason: d.reason, summary: d.summary, by: d.by, now: d.at,
                                                   expectedVersion: e.episode.version, on: conn)
            }
        }
        for a in batch.assignments { try await AssignmentRecords.insert(a, on: conn) }
        for r in batch.reviews { try await ReviewRecords.insert(r, on: conn) }
        for c in batch.crisisEvents { try await CrisisEventRecords.insert(c, on: conn) }
    }
}

// MARK: - Building the records

extension DemoJourney {
    /// How a program meets people, and how many of them it enrolls.
    struct ProgramTraits {
        var weight: Int
        var enrollRate: Double
        var anonymousRate: Double
        var sources: [(Contact.Source, Int)]
        /// Share of people who came after a psychiatric admission or emergency visit.
        var afterCrisis: Double
        var familyProgram = false

        static func of(_ program: Program) -> ProgramTraits {
            switch program.name {
            case "Next Steps":
                ProgramTraits(weight: 35, enrollRate: 0.094, anonymousRate: 0.03,
                              sources: [(.hospital, 45), (.emergencyUnit, 25), (.clinicReferral, 10), (.familyMember, 10), (.walkIn, 5), (.phone, 5)],
                              afterCrisis: 0.75)
            case "PeerLINKS":
                ProgramTraits(weight: 25, enrollRate: 0.15, anonymousRate: 0.03,
                              sources: [(.clinicReferral, 40), (.communityOutreach, 20), (.phone, 20), (.walkIn, 10), (.familyMember, 10)],
                              afterCrisis: 0.15)
            case "Family Peer Support":
                ProgramTraits(weight: 10, enrollRate: 0.15, anonymousRate: 0.05,
                              sources: [(.familyMember, 50), (.communityOutreach, 20), (.phone, 20), (.clinicReferral, 10)],
                              afterCrisis: 0.05, familyProgram: true)
            case "Warm Line":
                ProgramTraits(weight: 10, enrollRate: 0.02, anonymousRate: 0.6, sources: [(.warmLine, 90), (.phone, 10)], afterCrisis: 0.05)
            default:
                ProgramTraits(weight: 20, enrollRate: 0.12, anonymousRate: 0.04,
                              sources: [(.communityOutreach, 35), (.walkIn, 25), (.clinicReferral, 20), (.phone, 10), (.other, 10)],
                              afterCrisis: 0.15)
            }
        }
    }

    struct Builder {
        var rng: SeededGenerator
        let now: Date
        let today: CalendarDate
        let calendar: Calendar
        let programs: [Program]
        /// Peer specialists of each program, and who supervises each peer.
        let peers: [UUID: [User]]
        let supervisorOf: [UUID: UUID]
        let namedPeer: User?
        let peerUsers: [User]
        var phoneSerial = 0

        init(seed: UInt64, now: Date, programs: [Program], users: [User]) {
            rng = SeededGenerator(seed: seed)
            self.now = now
            today = CalendarDate(now, in: DemoJourney.zone)
            calendar = .gregorian(in: DemoJourney.zone)
            self.programs = programs
            peerUsers = users.filter { $0.roles.contains(.peerSpecialist) && !$0.disabled }
            var peers: [UUID: [User]] = [:]
            for peer in peerUsers {
                for program in peer.programIDs { peers[program, default: []].append(peer) }
            }
            self.peers = peers
            // A peer without a supervisor is overseen by a manager of their program, who also approves overrides.
            var supervisorOf: [UUID: UUID] = [:]
            for peer in peerUsers {
                supervisorOf[peer.id] = peer.supervisorID
                    ?? users.first { $0.roles.contains(.programManager) && !$0.programIDs.isDisjoint(with: peer.programIDs) }?.id ?? peer.id
            }
            self.supervisorOf = supervisorOf
            namedPeer = users.first { $0.email == "peer@\(DemoGenerator.emailDomain)" }
        }

        /// Participants per program, in proportion to each program's reach; programs without peers get none.
        func allocate(_ total: Int) -> [(Program, Int)] {
            let staffed = programs.filter { !(peers[$0.id] ?? []).isEmpty }
            let weights = staffed.map { ProgramTraits.of($0).weight }
            let sum = weights.reduce(0, +)
            guard sum > 0, total > 0 else { return [] }
            var counts = weights.map { total * $0 / sum }
            counts[0] += total - counts.reduce(0, +)
            return Array(zip(staffed, counts))
        }

        // MARK: Peers

        mutating func peerProfiles() -> [(User, PeerBackground)] {
            peerUsers.map { peer in
                var b = PeerBackground()
                if peer.id == namedPeer?.id {
                    b.languages = ["en", "es"]
                    b.livedExperience = [.mentalHealth, .substanceUse]
                    b.populations = [.transitionAgeYouth, .lgbtq]
                    b.culturalBackground = "Mexican American"
                    b.genderIdentity = .nonbinary
                    b.region = "Central"
                    return (peer, b)
                }
                let second = weighted([("", 45), ("es", 38), ("vi", 5), ("tl", 5), ("ar", 4), ("so", 3)])
                b.languages = second.isEmpty ? ["en"] : ["en", second]
                if chance(0.8) { b.livedExperience.insert(.mentalHealth) }
                if chance(0.35) { b.livedExperience.insert(.substanceUse) }
                if chance(0.2) || b.livedExperience.isEmpty { b.livedExperience.insert(.familyMember) }
                for (population, p) in [(Population.transitionAgeYouth, 0.2), (.olderAdult, 0.1), (.veteran, 0.08), (.parent, 0.3),
                                        (.lgbtq, 0.15), (.refugeeOrImmigrant, 0.08), (.justiceInvolved, 0.12)] where chance(p) {
                    b.populations.insert(population)
                }
                b.culturalBackground = switch second {
                case "es": pick(["Mexican American", "Chicana", "Salvadoran", "Puerto Rican"])
                case "vi": "Vietnamese American"
                case "tl": "Filipino American"
                case "ar": pick(["Iraqi Chaldean", "Arab American"])
                case "so": "Somali"
                default: pick(["", "", "African American", "Irish American", "Korean American"])
                }
                b.genderIdentity = weighted([(GenderIdentity.woman, 55), (.man, 38), (.nonbinary, 4), (.transgender, 3)])
                b.region = pick(Self.regions)
                b.capacity = weighted([(25, 70), (20, 20), (15, 10)])
                return (peer, b)
            }
        }

        // MARK: People

        mutating func batch(program: Program, range: Range<Int>, programCount: Int) -> Batch {
            let traits = ProgramTraits.of(program)
            var batch = Batch()
            let caseload = program.name == "Next Steps" && namedPeer.map { $0.programIDs.contains(program.id) } == true
                ? min(DemoJourney.namedCaseload, programCount / 3) : 0
            for index in range {
                journey(program: program, traits: traits, caseloadSlot: index < caseload ? index : nil, into: &batch)
            }
            let anonymous = Int((Double(range.upperBound) * traits.anonymousRate).rounded()) - Int((Double(range.lowerBound) * traits.anonymousRate).rounded())
            for _ in 0..<anonymous {
                let day = today.adding(days: -int(1...365))
                batch.contacts.append(contact(program: program, traits: traits, person: nil, day: day, loggedBy: pick(peers[program.id]!).id))
            }
            return batch
        }

        /// One person's whole story. `caseloadSlot` marks the named peer's open caseload, built so that
        /// a few reviews are overdue and a few fall due within two weeks.
        mutating func journey(program: Program, traits: ProgramTraits, caseloadSlot: Int?, into batch: inout Batch) {
            let programPeers = peers[program.id]!
            let logger = caseloadSlot != nil ? namedPeer! : pick(programPeers)
            let enrolls = caseloadSlot != nil || chance(traits.enrollRate)
            // A program without reviews draws its dates as if it had 90-day ones (the rest of the story stays
            // as it was) and writes none of them.
            let freq = program.reviewFrequencyDays ?? 90
            let reviewed = program.reviewFrequencyDays != nil
            let timeLimited = program.model == .timeLimited

            var plan: EpisodePlan?
            let firstContact: CalendarDate
            if enrolls {
                let open = caseloadSlot != nil || chance(timeLimited ? 0.35 : 0.45)
                let p = open ? openPlan(freq: freq, timeLimited: timeLimited, slot: caseloadSlot) : closedPlan(freq: freq, timeLimited: timeLimited)
                plan = p
                firstContact = p.screenedOn.adding(days: -int(0...21))
            } else {
                firstContact = today.adding(days: -int(1...1000))
            }

            let person = newPerson(program: program, traits: traits, firstContact: firstContact)
            batch.persons.append(.init(person: person, createdBy: logger.id))
            batch.contacts.append(contact(program: program, traits: traits, person: person.id, day: firstContact, loggedBy: logger.id))
            crisisHistory(of: person, traits: traits, firstContact: firstContact, enrolled: enrolls, recordedBy: logger.id, into: &batch)

            guard let plan else {
                if chance(0.3) {
                    let day = min(firstContact.adding(days: int(1...30)), today.adding(days: -1))
                    batch.contacts.append(contact(program: program, traits: traits, person: person.id, day: day, loggedBy: logger.id, followUp: true))
                }
                if chance(0.2) {
                    let day = min(firstContact.adding(days: int(0...14)), today.adding(days: -1))
                    let eligible = chance(0.6)
                    batch.screenings.append(screening(person, program: program, on: day, by: logger.id, outcome: eligible ? .eligible : .notEligible,
                                                      excluded: !eligible && chance(0.5)))
                }
                return
            }

            // A few enrolled anyway on a supervisor's override, one of them on the named peer's caseload.
            let override: Bool
            if let slot = caseloadSlot { override = slot == 9 } else { override = chance(0.04) }
            let screen = screening(person, program: program, on: plan.screenedOn, by: logger.id, outcome: override ? .notEligible : .eligible,
                                   excluded: false)
            batch.screenings.append(screen)
            let supervisor = supervisorOf[logger.id] ?? logger.id
            let isMinor = person.dateOfBirth.map { $0.age(on: plan.enrolledOn) < 18 } ?? false
            var episode = Episode(id: rng.uuid(), participantID: person.id, programID: program.id, enrolledOn: plan.enrolledOn,
                                  plannedEndOn: EpisodeRules.plannedEnd(for: program, enrolledOn: plan.enrolledOn))
            episode.organizationID = program.organizationID
            episode.consent = EnrollmentConsent(signedBy: isMinor ? .guardian : weighted([(.participant, 95), (.authorizedRepresentative, 5)]),
                                                signedOn: plan.enrolledOn,
                                                method: weighted([(.wetSignature, 50), (.electronicSignature, 35), (.verbal, 15)]))
            episode.goals = pick(Self.goals)
            if override {
                episode.overrideReason = pick(Self.overrideReasons)
                episode.overrideBy = supervisor
            }
            episode.nextReviewOn = plan.dischargedOn == nil && reviewed ? plan.nextReview : nil
            let enrolledAt = instant(plan.enrolledOn)
            var discharge: Batch.Discharge?
            if let day = plan.dischargedOn {
                let reason = dischargeReason(timeLimited: timeLimited, length: plan.enrolledOn.days(until: day))
                discharge = .init(on: day, reason: reason, summary: Self.summaries[reason] ?? "", by: supervisor, at: instant(day))
            }
            batch.episodes.append(.init(episode: episode, screeningID: screen.id, createdBy: logger.id, createdAt: enrolledAt, discharge: discharge))

            // Pairing: the named peer holds their caseload; elsewhere any peer of the program, sometimes re-paired midway.
            let others = programPeers.filter { $0.id != namedPeer?.id }
            let pool = plan.dischargedOn == nil && !others.isEmpty ? others : programPeers
            let peer = caseloadSlot != nil ? namedPeer! : pick(pool)
            let end = discharge?.at
            let current = peer
            if caseloadSlot == nil, chance(0.1), pool.count > 1 {
                let first = pick(pool.filter { $0.id != peer.id })
                let switchDay = plan.enrolledOn.adding(days: max(1, plan.enrolledOn.days(until: plan.dischargedOn ?? today) / 2))
                let switchAt = instant(switchDay)
                batch.assignments.append(Assignment(id: rng.uuid(), organizationID: program.organizationID, episodeID: episode.id, personID: person.id,
                                                    peerID: first.id, startedAt: enrolledAt, endedAt: switchAt,
                                                    assignedBy: supervisorOf[first.id] ?? supervisor, reason: "enrollment"))
                batch.assignments.append(Assignment(id: rng.uuid(), organizationID: program.organizationID, episodeID: episode.id, personID: person.id,
                                                    peerID: peer.id, startedAt: switchAt, endedAt: end,
                                                    assignedBy: supervisorOf[peer.id] ?? supervisor, reason: pick(Self.reassignReasons)))
            } else {
                batch.assignments.append(Assignment(id: rng.uuid(), organizationID: program.organizationID, episodeID: episode.id, personID: person.id,
                                                    peerID: peer.id, startedAt: enrolledAt, endedAt: end,
                                                    assignedBy: supervisorOf[peer.id] ?? supervisor, reason: "enrollment"))
            }

            for day in plan.reviews {
                let review = ContinuedStayReview(reviewedOn: day, criteriaMet: [.capacityToProgress, .wishesToContinue, .furtherSupportAppropriate],
                                                 outcome: .continue)
                let id = rng.uuid()
                guard reviewed else { continue }
                batch.reviews.append(StoredReview(id: id, organizationID: program.organizationID, episodeID: episode.id, personID: person.id,
                                                  review: review, note: "", reviewedBy: current.id, createdAt: instant(day)))
            }
            if let discharge, [.goalsSubstantiallyMet, .noLongerWishesServices].contains(discharge.reason), chance(0.5) {
                let met: Set<ContinuedStayReview.Criterion> = discharge.reason == .goalsSubstantiallyMet ? [.capacityToProgress, .wishesToContinue] : [.capacityToProgress]
                batch.reviews.append(StoredReview(id: rng.uuid(), organizationID: program.organizationID, episodeID: episode.id, personID: person.id,
                                                  review: ContinuedStayReview(reviewedOn: discharge.on, criteriaMet: met, outcome: .discharge),
                                                  note: "", reviewedBy: current.id, createdAt: discharge.at))
            }
            // Check-ins after enrollment, logged by the peer walking alongside.
            let last = plan.dischargedOn ?? today.adding(days: -1)
            for _ in 0..<int(1...4) where plan.enrolledOn < last {
                let day = plan.enrolledOn.adding(days: int(0...plan.enrolledOn.days(until: last)))
                batch.contacts.append(contact(program: program, traits: traits, person: person.id, day: day, loggedBy: current.id, followUp: true))
            }
            if chance(traits.familyProgram ? 0.02 : 0.04) {
                let relative = supportPerson(of: person, program: program)
                batch.persons.append(.init(person: relative, createdBy: logger.id))
            }
        }

        struct EpisodePlan {
            var enrolledOn: CalendarDate
            var screenedOn: CalendarDate
            var reviews: [CalendarDate]
            var nextReview: CalendarDate
            var dischargedOn: CalendarDate?
        }

        /// Built backwards from when the next review falls due: that review one period after the last
        /// one, each review one period (and a few days' slack) after the one before, enrollment one
        /// period before the first.
        mutating func openPlan(freq: Int, timeLimited: Bool, slot: Int?) -> EpisodePlan {
            let next: CalendarDate
            switch slot {
            case let i? where i < 3: next = today.adding(days: -(4 + 9 * i))
            case let i? where i < 7: next = today.adding(days: 1 + 3 * (i - 3))
            case let i?: next = today.adding(days: 15 + (i * 11) % max(1, freq - 15))
            case nil:
                let roll = double()
                if roll < 0.1 { next = today.adding(days: -int(1...(timeLimited ? 20 : 45))) }
                else if roll < 0.25 { next = today.adding(days: int(0...14)) }
                else { next = today.adding(days: int(min(15, freq - 1)...(freq - 1))) }
            }
            var reviews: [CalendarDate] = []
            var review = next.adding(days: -freq)
            for _ in 0..<int(0...3) {
                reviews.insert(review, at: 0)
                review = review.adding(days: -freq - int(0...(timeLimited ? 5 : 10)))
            }
            let enrolled = review
            return EpisodePlan(enrolledOn: enrolled, screenedOn: enrolled.adding(days: -int(0...10)), reviews: reviews, nextReview: next)
        }

        mutating func closedPlan(freq: Int, timeLimited: Bool) -> EpisodePlan {
            let enrolled = today.adding(days: -int(60...(timeLimited ? 700 : 900)))
            let length = timeLimited ? (chance(0.6) ? 182 + int(-10...10) : int(14...150)) : int(14...540)
            let discharged = min(enrolled.adding(days: length), today.adding(days: -1))
            var reviews: [CalendarDate] = []
            var due = enrolled.adding(days: freq)
            while due < discharged {
                let day = due.adding(days: int(0...7))
                if day >= discharged { break }
                reviews.append(day)
                due = day.adding(days: freq)
            }
            return EpisodePlan(enrolledOn: enrolled, screenedOn: enrolled.adding(days: -int(0...10)), reviews: reviews, nextReview: due,
                               dischargedOn: discharged)
        }

        mutating func dischargeReason(timeLimited: Bool, length: Int) -> DischargeReason {
            if timeLimited && length >= 170 && chance(0.7) { return .goalsSubstantiallyMet }
            return weighted([(.goalsSubstantiallyMet, 32), (.noLongerWishesServices, 20), (.unableToContact, 22), (.moved, 7),
                             (.higherLevelOfCare, 9), (.incarcerated, 4), (.deceased, 1), (.other, 5)])
        }

        mutating func screening(_ person: Person, program: Program, on day: CalendarDate, by screener: UUID,
                                outcome: ScreeningResult.Outcome, excluded: Bool) -> StoredScreening {
            let codes = CriteriaSet.standard.service.map(\.id)
            var met: [String] = []
            var exclusions: [String] = []
            var referral = ""
            if outcome == .eligible {
                let wanted = Set((0..<int(1...3)).map { _ in pick(codes) })
                met = codes.filter(wanted.contains)
            } else if excluded {
                exclusions = [pick(["A", "B"])]
                met = [pick(codes)]
                referral = pick(Self.referrals)
            }
            return StoredScreening(id: rng.uuid(), organizationID: program.organizationID, programID: program.id, personID: person.id,
                                   screenedOn: day, criteriaSet: CriteriaSet.standard.name,
                                   result: ScreeningResult(outcome: outcome, criteriaMet: met, exclusions: exclusions),
                                   higherLevelReferral: referral, screenedBy: screener, createdAt: instant(day))
        }

        mutating func contact(program: Program, traits: ProgramTraits, person: UUID?, day: CalendarDate, loggedBy: UUID,
                              followUp: Bool = false) -> Contact {
            let source: Contact.Source = followUp ? weighted([(.phone, 70), (.walkIn, 20), (.other, 10)]) : weighted(traits.sources)
            let (method, setting): (Contact.Method, Contact.Setting) = switch source {
            case .hospital: (.inPerson, .hospital)
            case .emergencyUnit: (.inPerson, .emergencyUnit)
            case .warmLine: (.phone, .remote)
            case .phone: (weighted([(.phone, 80), (.text, 15), (.video, 5)]), .remote)
            case .walkIn: (.inPerson, .programOffice)
            case .clinicReferral: (weighted([(.inPerson, 60), (.phone, 40)]), weighted([(.clinic, 70), (.remote, 30)]))
            case .communityOutreach: (.inPerson, weighted([(.community, 60), (.shelterOrStreet, 30), (.jailOrCourt, 10)]))
            case .familyMember: (weighted([(.phone, 60), (.inPerson, 40)]), weighted([(.remote, 60), (.home, 40)]))
            case .other: (weighted([(.inPerson, 50), (.email, 20), (.text, 30)]), .other)
            }
            let madeBy: Contact.MadeBy = followUp ? weighted([(.peerSpecialist, 70), (.person, 30)])
                : source == .familyMember ? .familyOrFriend
                : weighted([(.person, 60), (.provider, 20), (.peerSpecialist, 15), (.familyOrFriend, 5)])
            let at = instant(day)
            return Contact(id: rng.uuid(), organizationID: program.organizationID, programID: program.id, personID: person, occurredAt: at,
                           source: source, madeBy: madeBy, method: method, setting: setting,
                           note: chance(0.3) ? pick(followUp ? Self.followUpNotes : Self.firstNotes) : "", loggedBy: loggedBy, createdAt: at)
        }

        /// The admissions and emergency visits that brought people to a hospital-linked program, and
        /// the re-admissions within thirty days that the program exists to prevent.
        mutating func crisisHistory(of person: Person, traits: ProgramTraits, firstContact: CalendarDate, enrolled: Bool, recordedBy: UUID,
                                    into batch: inout Batch) {
            let yesterday = today.adding(days: -1)
            func add(_ kind: CrisisEvent.Kind, _ start: CalendarDate, _ end: CalendarDate?) {
                guard start <= yesterday, person.dateOfBirth.map({ $0 < start }) ?? true else { return }
                let event = CrisisEvent(kind: kind, startedOn: start, endedOn: end.map { min(max($0, start), yesterday) })
                batch.crisisEvents.append(StoredCrisisEvent(id: rng.uuid(), organizationID: person.organizationID, personID: person.id, event: event,
                                                            note: "", recordedBy: recordedBy, createdAt: instant(min(end ?? start, yesterday))))
            }
            if chance(traits.afterCrisis) {
                if chance(0.65) {
                    let admitted = firstContact.adding(days: -int(1...5))
                    let left = firstContact.adding(days: int(0...10))
                    add(.psychiatricAdmission, admitted, left)
                    if chance(enrolled ? 0.12 : 0.08) {
                        let again = left.adding(days: int(3...29))
                        add(.psychiatricAdmission, again, again.adding(days: int(2...10)))
                    }
                } else {
                    add(.emergencyVisit, firstContact.adding(days: -int(0...2)), nil)
                }
            }
            if chance(0.1) { add(.crisisCall, firstContact.adding(days: int(1...200)), nil) }
            if chance(0.05) { add(.emergencyVisit, firstContact.adding(days: int(10...300)), nil) }
        }

        mutating func newPerson(program: Program, traits: ProgramTraits, firstContact: CalendarDate) -> Person {
            let culture = weighted(Culture.all.map { ($0, $0.weight) })
            let gender = weighted([(GenderIdentity.woman, 490), (.man, 460), (.nonbinary, 20), (.transgender, 15), (.questioning, 5), (.declined, 10)])
            let feminine = gender == .woman || (gender != .man && chance(0.5))
            let given = pick(feminine ? culture.women : culture.men)
            let family = pick(culture.families)
            let age = traits.familyProgram ? int(28...78) : weighted([(int(12...15), 3), (int(16...25), 20), (int(26...59), 62), (int(60...88), 15)])
            let born = firstContact.adding(days: -(age * 365 + int(0...364)))
            var d = PersonDetails()
            let language = weighted(culture.languages)
            d.preferredLanguage = language
            if language != "en" { d.otherLanguages = chance(0.5) ? ["en"] : [] }
            else if culture.heritageLanguage != nil, chance(0.4) { d.otherLanguages = [culture.heritageLanguage!] }
            if chance(0.85) {
                phoneSerial += 1
                let area = Self.areaCodes[(phoneSerial / 10_000) % Self.areaCodes.count]
                d.phone = "(\(area)) 555-\(String(format: "%04d", phoneSerial % 10_000))"
                d.mayCall = chance(0.8)
                d.mayText = chance(0.6)
            }
            if chance(0.3) {
                let local = NameSearch.tokens(of: "\(given) \(family)").map { String($0.unicodeScalars.filter { $0.isASCII }) }.filter { !$0.isEmpty }
                if !local.isEmpty {
                    d.email = "\(local.joined(separator: "."))\(int(1...99))@example.com"
                    d.mayEmail = chance(0.6)
                }
            }
            d.housing = weighted([(.housed, 58), (.unstablyHoused, 15), (.homelessSheltered, 10), (.homelessUnsheltered, 12), (.unknown, 5)])
            if d.housing != .homelessUnsheltered && chance(0.4) {
                d.address = "\(int(100...9999)) \(pick(Self.streets)), \(pick(Self.cities)), CA 92\(String(format: "%03d", int(0...199)))"
            }
            d.races = chance(0.03) ? [.declined] : weighted(culture.races)
            d.ethnicity = chance(0.03) ? .declined : culture.ethnicity
            d.genderIdentity = gender
            let orientation = weighted([(SexualOrientation.straight, 75), (.gayOrLesbian, 5), (.bisexual, 6), (.queer, 2), (.questioning, 2), (.declined, 10)])
            d.sexualOrientation = chance(0.9) ? orientation : nil
            d.veteran = age >= 18 ? weighted([(VeteranStatus.notVeteran, 86), (.veteran, 6), (.declined, 8)]) : nil
            d.insurance = weighted([(.mediCal, 68), (.mediCalEligible, 10), (.uninsured, 8), (.other, 9), (.unknown, 5)])
            if let stage = Population.lifeStage(age: age) { d.populations.insert(stage) }
            if d.veteran == .veteran { d.populations.insert(.veteran) }
            if age >= 20 && chance(0.25) { d.populations.insert(.parent) }
            if ![.straight, .declined].contains(orientation) || [.transgender, .nonbinary, .questioning].contains(gender) { d.populations.insert(.lgbtq) }
            if chance(culture.refugeeShare) { d.populations.insert(.refugeeOrImmigrant) }
            if age >= 18 && chance(0.08) { d.populations.insert(.justiceInvolved) }
            if chance(0.01) { d.populations.insert(.deafOrHardOfHearing) }
            if traits.familyProgram {
                d.livedExperienceSought = [.familyMember]
            } else {
                if chance(0.6) { d.livedExperienceSought.insert(.mentalHealth) }
                if chance(0.25) { d.livedExperienceSought.insert(.substanceUse) }
            }
            d.culturalBackground = chance(0.7) ? pick(culture.backgrounds) : ""
            d.peerGenderPreference = weighted([(.noPreference, 75), (.woman, 15), (.man, 8), (.nonbinary, 2)])
            d.region = pick(Self.regions)
            let pronouns = switch gender {
            case .woman: chance(0.7) ? "she/her" : ""
            case .man: chance(0.7) ? "he/him" : ""
            case .nonbinary, .genderqueer: "they/them"
            default: ""
            }
            let created = instant(firstContact)
            return Person(id: rng.uuid(), organizationID: program.organizationID, kind: .participant, intakeProgramID: program.id,
                          legalGivenName: given, legalFamilyName: family,
                          preferredName: chance(0.12) ? (Self.nicknames[given] ?? "") : "", pronouns: pronouns,
                          dateOfBirth: born, details: d, createdAt: created, updatedAt: created)
        }

        mutating func supportPerson(of participant: Person, program: Program) -> Person {
            let relationship = weighted([(Relationship.parent, 35), (.spouseOrPartner, 20), (.sibling, 15), (.child, 10), (.otherFamily, 8),
                                         (.friend, 7), (.caregiver, 5)])
            let culture = Culture.all.first { $0.families.contains(participant.legalFamilyName) } ?? Culture.all[0]
            let feminine = chance(0.6)
            let family = [.parent, .sibling, .child].contains(relationship) && chance(0.8) ? participant.legalFamilyName : pick(culture.families)
            let birth = participant.dateOfBirth ?? today.adding(days: -40 * 365)
            let offset = switch relationship {
            case .parent: -int(20...38) * 365
            case .child: int(18...32) * 365
            case .grandparent: -int(40...60) * 365
            default: int(-8...8) * 365
            }
            var born = birth.adding(days: offset)
            if born >= today.adding(days: -18 * 365) { born = today.adding(days: -(18 * 365 + int(0...3000))) }
            var d = PersonDetails()
            d.preferredLanguage = participant.details.preferredLanguage
            if chance(0.7) {
                phoneSerial += 1
                d.phone = "(\(Self.areaCodes[(phoneSerial / 10_000) % Self.areaCodes.count])) 555-\(String(format: "%04d", phoneSerial % 10_000))"
                d.mayCall = true
            }
            d.region = participant.details.region
            return Person(id: rng.uuid(), organizationID: participant.organizationID, kind: .supportPerson, intakeProgramID: program.id,
                          relatedParticipantID: participant.id, relationship: relationship,
                          legalGivenName: pick(feminine ? culture.women : culture.men), legalFamilyName: family,
                          dateOfBirth: born, details: d, createdAt: participant.createdAt, updatedAt: participant.createdAt)
        }

        // MARK: Randomness and time

        /// Midday-ish in the county's zone, so the day never shifts when shown in another zone nearby.
        mutating func instant(_ day: CalendarDate) -> Date {
            let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: int(8...17), minute: int(0...59)))!
            return min(date, now)
        }

        mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        mutating func double() -> Double { Double.random(in: 0..<1, using: &rng) }
        mutating func chance(_ p: Double) -> Bool { double() < p }
        mutating func pick<T>(_ items: [T]) -> T { rng.pick(items) }

        mutating func weighted<T>(_ items: [(T, Int)]) -> T { rng.weighted(items) }
    }
}

// MARK: - Names and places

extension DemoJourney {
    /// Given and family names, languages and census answers of the communities San Diego County's
    /// programs serve, weighted roughly by the county's population.
    struct Culture: Sendable {
        let weight: Int
        let women: [String]
        let men: [String]
        let families: [String]
        let languages: [(String, Int)]
        /// Spoken at home by many who prefer English.
        let heritageLanguage: String?
        let races: [(Set<Race>, Int)]
        let ethnicity: Ethnicity
        let backgrounds: [String]
        let refugeeShare: Double

        static let all: [Culture] = [
            Culture(weight: 40,
                    women: ["María", "Guadalupe", "Ana", "Sofía", "Valeria", "Ximena", "Lucía", "Carmen", "Rosa", "Adriana", "Yesenia", "Gabriela", "Daniela", "Itzel"],
                    men: ["José", "Juan", "Luis", "Carlos", "Jesús", "Miguel", "Alejandro", "Francisco", "Javier", "Diego", "Mateo", "Ángel", "Ricardo", "Eduardo"],
                    families: ["García", "Hernández", "López", "Martínez", "González", "Rodríguez", "Pérez", "Sánchez", "Ramírez", "Torres", "Flores",
                               "Rivera", "Gómez", "Díaz", "Morales", "Gutiérrez", "Ortiz", "Chávez", "Ruiz", "Mendoza", "Jiménez", "Vásquez", "Núñez"],
                    languages: [("es", 55), ("en", 45)], heritageLanguage: "es",
                    races: [([.other], 45), ([.white], 35), ([.americanIndianOrAlaskaNative], 8), ([.white, .americanIndianOrAlaskaNative], 12)],
                    ethnicity: .hispanicOrLatino, backgrounds: ["Mexican American", "Mexican", "Salvadoran", "Guatemalan", "Chicano"], refugeeShare: 0.08),
            Culture(weight: 22,
                    women: ["Emily", "Sarah", "Jessica", "Ashley", "Megan", "Rachel", "Amanda", "Katherine", "Linda", "Susan", "Olivia", "Hannah"],
                    men: ["Michael", "David", "James", "Robert", "John", "Matthew", "Ryan", "Tyler", "Kevin", "Brian", "Daniel", "Andrew"],
                    families: ["Smith", "Johnson", "Miller", "Anderson", "Wilson", "Taylor", "Thompson", "Clark", "Lewis", "Walker", "Hall", "Allen",
                               "Young", "King", "Wright", "Baker", "Nelson", "Carter", "Mitchell", "O'Brien", "Schmidt", "Kowalski", "Sullivan"],
                    languages: [("en", 98), ("ru", 1), ("fa", 1)], heritageLanguage: nil,
                    races: [([.white], 95), ([.white, .americanIndianOrAlaskaNative], 5)], ethnicity: .notHispanicOrLatino,
                    backgrounds: ["Irish American", "Italian American", "German American"], refugeeShare: 0.01),
            Culture(weight: 11,
                    women: ["Aaliyah", "Imani", "Keisha", "Tanisha", "Jasmine", "Destiny", "Ebony", "Latoya", "Monique", "Nia", "Zuri"],
                    men: ["DeShawn", "Jamal", "Malik", "Darnell", "Terrell", "Marcus", "Andre", "Jermaine", "Tyrone", "Isaiah", "Xavier"],
                    families: ["Washington", "Jefferson", "Jackson", "Williams", "Brown", "Davis", "Harris", "Robinson", "Coleman", "Banks", "Freeman", "Booker"],
                    languages: [("en", 100)], heritageLanguage: nil,
                    races: [([.blackOrAfricanAmerican], 90), ([.blackOrAfricanAmerican, .white], 10)], ethnicity: .notHispanicOrLatino,
                    backgrounds: ["African American", "Black"], refugeeShare: 0.01),
            Culture(weight: 9,
                    women: ["Maricel", "Rowena", "Jocelyn", "Analyn", "Rosalie", "Cristina", "Marites", "Liza", "Jennelyn"],
                    men: ["Rommel", "Jerome", "Arnel", "Ramil", "Jonathan", "Noel", "Rodel", "Efren", "Mark Anthony"],
                    families: ["Santos", "Bautista", "Ocampo", "Villanueva", "Dela Cruz", "Manalo", "Aquino", "Ramos", "Pascual", "Tolentino", "Reyes"],
                    languages: [("en", 70), ("tl", 30)], heritageLanguage: "tl",
                    races: [([.asian], 85), ([.asian, .nativeHawaiianOrPacificIslander], 15)], ethnicity: .notHispanicOrLatino,
                    backgrounds: ["Filipino American", "Filipino"], refugeeShare: 0.02),
            Culture(weight: 7,
                    women: ["Linh", "Thảo", "Trang", "Hoa", "Mai", "Ngọc", "Hương", "Lan", "Thúy", "Phương"],
                    men: ["Minh", "Tuấn", "Đức", "Hùng", "Quang", "Thành", "Khoa", "Bảo", "Long", "Huy"],
                    families: ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"],
                    languages: [("vi", 55), ("en", 45)], heritageLanguage: "vi",
                    races: [([.asian], 100)], ethnicity: .notHispanicOrLatino, backgrounds: ["Vietnamese American", "Vietnamese"], refugeeShare: 0.3),
            Culture(weight: 5,
                    women: ["Fatima", "Layla", "Noor", "Mariam", "Huda", "Rania", "Yasmin", "Amira", "Samira", "Zainab"],
                    men: ["Mohammed", "Ahmed", "Ali", "Omar", "Yousef", "Hassan", "Karim", "Khalid", "Samir", "Bilal"],
                    families: ["Al-Rashid", "Haddad", "Hanna", "Kassab", "Shamoun", "Yousif", "Mansour", "Khalil", "Nasser", "Saleh", "Jaber"],
                    languages: [("ar", 55), ("en", 45)], heritageLanguage: "ar",
                    races: [([.white], 50), ([.other], 50)], ethnicity: .notHispanicOrLatino,
                    backgrounds: ["Iraqi Chaldean", "Iraqi", "Syrian", "Arab American"], refugeeShare: 0.45),
            Culture(weight: 4,
                    women: ["Hodan", "Amina", "Faadumo", "Sahra", "Ifrah", "Hibaaq", "Ayaan", "Naima", "Ubah"],
                    men: ["Abdi", "Abdirahman", "Mohamed", "Hassan", "Ahmed", "Farah", "Yusuf", "Mahad", "Guled", "Liban"],
                    families: ["Warsame", "Hussein", "Osman", "Jama", "Aden", "Abdullahi", "Mohamud", "Ismail", "Egal", "Dirie"],
                    languages: [("so", 50), ("en", 50)], heritageLanguage: "so",
                    races: [([.blackOrAfricanAmerican], 100)], ethnicity: .notHispanicOrLatino, backgrounds: ["Somali", "Somali American"],
                    refugeeShare: 0.5),
            Culture(weight: 2,
                    women: ["Winona", "Dyani", "Kimi", "Tallulah", "Aiyana"],
                    men: ["Dakota", "Tahoma", "Ahanu", "Koda", "Elan"],
                    families: ["Cuero", "Thing", "Osuna", "Hyde", "LaChappa", "Paipa"],
                    languages: [("en", 100)], heritageLanguage: nil,
                    races: [([.americanIndianOrAlaskaNative], 85), ([.americanIndianOrAlaskaNative, .white], 15)], ethnicity: .notHispanicOrLatino,
                    backgrounds: ["Kumeyaay", "Luiseño", "Cupeño"], refugeeShare: 0),
        ]
    }
}

extension DemoJourney.Builder {
    static let regions = ["Central", "North Central", "North Coastal", "North Inland", "East County", "South County"]
    static let areaCodes = ["619", "858", "760", "442", "949", "951", "213", "310", "323", "626", "714", "909"]
    static let streets = ["University Ave", "El Cajon Blvd", "Imperial Ave", "Euclid Ave", "Broadway", "Main St", "Palm Ave", "Mission Ave",
                          "National City Blvd", "Market St", "Grand Ave", "Highland Ave"]
    static let cities = ["San Diego", "Chula Vista", "El Cajon", "Oceanside", "Escondido", "National City", "Vista", "Santee", "La Mesa"]
    static let nicknames = ["Guadalupe": "Lupe", "Francisco": "Paco", "Alejandro": "Alex", "Jonathan": "Jon", "Katherine": "Kate",
                            "Michael": "Mike", "Mohammed": "Mo", "Abdirahman": "Abdi", "Jesús": "Chuy", "Robert": "Bobby",
                            "Ricardo": "Rick", "Daniela": "Dani", "Gabriela": "Gaby", "Jennelyn": "Jen", "Mark Anthony": "Mac"]
    static let goals = [
        "Stay out of the hospital and reconnect with my outpatient psychiatrist.",
        "Find stable housing.",
        "Get back to work part-time.",
        "Reconnect with my family.",
        "Manage my anxiety without going to the emergency room.",
        "Stay sober and go to meetings.",
        "Keep my medication appointments and learn what helps on bad days.",
        "Finish my GED.",
    ]
    static let overrideReasons = [
        "Discharged from the hospital before the screen could be completed; enrollment approved while the screen is redone.",
        "No service criterion recorded today, but the hospital social worker reports repeated crisis visits this month.",
    ]
    static let reassignReasons = ["Peer left the program", "Participant asked for a Spanish-speaking peer", "Caseload balancing", "Better region match"]
    static let referrals = ["County Psychiatric Hospital", "Crisis stabilization unit", "Residential substance use treatment", "Full-service partnership"]
    static let firstNotes = ["Met at bedside; interested in follow-up.", "Referred by discharge planner.", "Brochure left with family.",
                             "Called back after the warm line.", "Wants to talk to someone who has been there."]
    static let followUpNotes = ["Left a voicemail.", "Check-in call; doing well.", "Went together to the clinic appointment.",
                                "Talked through a hard week.", "Helped with the Medi-Cal renewal form."]
    static let summaries: [DischargeReason: String] = [
        .goalsSubstantiallyMet: "Goals substantially met; connected with outpatient care and community supports.",
        .noLongerWishesServices: "Participant chose to end peer support.",
        .unableToContact: "No response to calls, texts or letters for 30 days.",
        .moved: "Moved out of the county; given resources where they live now.",
        .higherLevelOfCare: "Referred to a higher level of care.",
        .incarcerated: "In custody; the program will reach out on release.",
        .deceased: "Participant died.",
        .other: "Closed at the participant's request.",
    ]
}
