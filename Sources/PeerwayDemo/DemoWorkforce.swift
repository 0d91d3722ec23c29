import Foundation
import PeerwayCore
import PeerwayStore

/// The workforce of the demo data: every staff member's workforce profile, and for peers every
/// certification state, continuing education, trainings, supervision, wellness check-ins and careers.
///
/// - Profiles: the pairing background the journey wrote, with a discipline (family support specialists
///   in Family Peer Support), specializations, a hire date, and sharing: most peers share all three
///   personal facts, some keep one to HR. Supervisors hold a qualifying credential, except one
///   generated supervisor (when there are several) whose credential HR has not recorded, so the report
///   shows peers without a qualified supervisor.
/// - Certification: peers take the states in turn (not started, applied, training window open, training
///   completed, exam passed, training window closed, certified, renewal due, lapsed, renewed), so every
///   state and every deadline alert appears. `peer@` is certified with renewal due in about 75 days and
///   14 of the 20 continuing-education hours (4 of the 6 of law and ethics) logged, the code of ethics
///   not yet signed for the cycle: the browser test logs hours and sees the checklist change.
/// - Trainings: the certification training (the ten topics of seed 004) for everyone past it; an
///   orientation for the others; a catalogue of four courses per organization.
/// - Supervision: for each qualified supervisor and the last two months and this one, an individual
///   session with most supervisees (about one in six missed, so some are behind) and a group session.
/// - Wellness: monthly check-ins over six months from three peers in four.
/// - Careers: every peer started as a peer specialist when hired; some became senior peers, and a few of
///   those peer supervisors within the last year.
///
/// Every step passes Core's rules (`CertificationRules.validate`, `validateCE`, `SupervisionRules.validate`,
/// `WellnessRules.validate`, `CareerRules.validate`): invalid demo data stops the generator.
struct DemoWorkforce {
    let seed: UInt64
    let now: Date
    let zone: TimeZone
    let programs: [Program]
    let users: [User]
    let namedPeer: UUID?
    let namedSupervisor: UUID?

    struct Made { var certificationEvents = 0, continuingEducation = 0, supervisionSessions = 0, checkIns = 0, careerSteps = 0 }

    struct Refused: Error, CustomStringConvertible {
        let what: String
        let errors: ValidationErrors
        var description: String { "demo workforce refused (\(what)): " + errors.errors.map { "\($0.field ?? "-") \($0.code)" }.joined(separator: ", ") }
    }

    enum Scenario: CaseIterable {
        case certified, notStarted, applied, windowOpen, trainingCompleted, renewalDue, examPassed, windowClosed, lapsed, renewed
    }

    struct Rows {
        var profiles: [(WorkforceProfile, UUID)] = []
        var events: [(CertificationEvent, UUID)] = []
        var ce: [(CEEntry, UUID)] = []
        var trainings: [(TrainingCompletion, UUID)] = []
        var courses: [TrainingCourse] = []
        var sessions: [SupervisionSession] = []
        var checkIns: [(WellnessCheckIn, UUID)] = []
        var career: [(CareerStep, UUID)] = []
    }

    static let specializations = ["Hospital discharge", "Justice involvement", "Housing navigation", "Young adults", "Older adults",
                                  "Veterans", "Co-occurring recovery", "Families", "Crisis follow-up", "LGBTQ+ support"]

    func generate(into db: Database, audit: AuditLog) async throws -> Made {
        var rng = SeededGenerator(seed: seed &+ 0x5157)
        let today = CalendarDate(now, in: zone)
        let rules = CertificationRuleSet.california
        let family = Set(programs.filter { $0.name == "Family Peer Support" }.map(\.id))
        let orgIDs = Set(users.map(\.organizationID))
        var backgrounds: [UUID: WorkforceProfile] = [:]
        try await db.read { conn in
            for org in orgIDs { backgrounds.merge(try await WorkforceProfileRecords.profiles(organizationID: org, on: conn)) { a, _ in a } }
        }
        var rows = Rows()
        let supervisors = users.filter { $0.roles.contains(.supervisor) }
        let peers = users.filter { $0.roles.contains(.peerSpecialist) }
        // One generated supervisor without a recorded credential, when there are several.
        let unqualified = supervisors.count > 2 ? supervisors.last { $0.id != namedSupervisor }?.id : nil
        var credentials: [UUID: QualifyingCredential] = [:]
        for s in supervisors {
            var details = WorkforceDetails(discipline: .clinicalSupervisor, hiredOn: today.adding(days: -rng.int(400...3000)))
            if s.id != unqualified {
                let credential = QualifyingCredential(kind: rng.pick([.lcsw, .lmft, .lpcc, .psychologist]), number: "\(rng.int(10000...99999))",
                                                      issuedBy: "California Board of Behavioral Sciences",
                                                      expiresOn: today.adding(days: rng.int(200...700)))
                details.credential = credential
                credentials[s.id] = credential
            }
            rows.profiles.append((WorkforceProfile(userID: s.id, background: backgrounds[s.id]?.background ?? PeerBackground(), details: details), s.organizationID))
        }
        for org in orgIDs {
            for (title, topics, minutes) in [("Peer Support Specialist Certification Training (CalMHSA-approved)", Set(TrainingTopic.allCases), 80 * 60),
                                             ("WRAP facilitator training", Set<TrainingTopic>([.recoveryPrinciples, .goalSettingAndProblemSolving]), 40 * 60),
                                             ("Motivational interviewing", Set<TrainingTopic>([.listeningAndResponding, .dealingWithConflict]), 12 * 60),
                                             ("Telling your story with purpose", Set<TrainingTopic>([.tellingPersonalStories, .professionalBoundaries]), 6 * 60)] {
                rows.courses.append(TrainingCourse(id: rng.uuid(), organizationID: org, title: title, topics: topics, minutes: minutes))
            }
        }
        let ordered = peers.sorted { ($0.id == namedPeer ? 0 : 1, $0.email) < ($1.id == namedPeer ? 0 : 1, $1.email) }
        let turns = Dictionary(uniqueKeysWithValues: ordered.filter { $0.id != namedPeer }.enumerated().map { ($1.id, $0) })
        for peer in ordered {
            let turn = turns[peer.id] ?? 0
            let scenario: Scenario = peer.id == namedPeer ? .renewalDue : Scenario.allCases[turn % Scenario.allCases.count]
            let hired = today.adding(days: -rng.int(300...2400))
            var details = WorkforceDetails(discipline: peer.programIDs.isDisjoint(with: family) ? .peerSupportSpecialist : .familySupportSpecialist,
                                           hiredOn: hired)
            details.specializations = Array(Set((0..<rng.int(1...3)).map { _ in rng.pick(Self.specializations) })).sorted()
            details.shared = rng.weighted([(Set(SharedFact.allCases), 80), (Set<SharedFact>([.culturalCommunities, .genderIdentity]), 10),
                                           (Set<SharedFact>([.livedExperience]), 10)])
            if peer.id == namedPeer { details.shared = Set(SharedFact.allCases) }
            rows.profiles.append((WorkforceProfile(userID: peer.id, background: backgrounds[peer.id]?.background ?? PeerBackground(), details: details),
                                  peer.organizationID))
            try certify(peer, scenario, today: today, rules: rules, courses: rows.courses.filter { $0.organizationID == peer.organizationID },
                        rng: &rng, into: &rows)
            // Wellness: three in four peers, monthly for six months.
            if rng.int(0...3) > 0 {
                for month in 0..<6 {
                    let day = today.adding(days: -(month * 30 + rng.int(0...5)))
                    let c = WellnessCheckIn(id: rng.uuid(), userID: peer.id, givenOn: day, satisfaction: rng.weighted([(5, 3), (4, 4), (3, 2), (2, 1)]),
                                            burnout: rng.weighted([(1, 2), (2, 4), (3, 3), (4, 2), (5, 1)]), supported: rng.weighted([(5, 4), (4, 4), (3, 2), (2, 1)]),
                                            note: "", recordedAt: now)
                    rows.checkIns.append((try check("wellness") { try WellnessRules.validate(c, today: today) }, peer.organizationID))
                }
            }
            // Career: a peer specialist from the hire date; some senior peers; a few of them peer supervisors this year.
            var history: [CareerStep] = []
            func step(_ role: CareerRole, _ on: CalendarDate) throws {
                let s = CareerStep(id: rng.uuid(), userID: peer.id, role: role, startedOn: on, recordedBy: peer.supervisorID ?? peer.id, recordedAt: now)
                try check("career") { try CareerRules.validate(s, history: history, today: today) }
                history.append(s)
                rows.career.append((s, peer.organizationID))
            }
            try step(.peerSpecialist, hired)
            if hired.days(until: today) > 720 && rng.int(0...99) < 25 && peer.id != namedPeer {
                let senior = hired.adding(days: rng.int(365...700))
                try step(.seniorPeer, senior)
                // Into leadership within the last year, at least a month after becoming a senior peer.
                let lead = today.adding(days: -rng.int(10...330))
                if rng.int(0...99) < 35 && lead >= senior.adding(days: 30) { try step(.peerSupervisor, lead) }
            }
        }
        // Supervision: the last two months and this one.
        let (current, _) = SupervisionRules.months(around: today)
        for supervisor in supervisors where credentials[supervisor.id] != nil {
            let team = peers.filter { $0.supervisorID == supervisor.id }
            guard !team.isEmpty else { continue }
            for back in 0...2 {
                let month = current.adding(months: -back)
                let last = back == 0 ? today : month.adding(months: 1).adding(days: -1)
                let span = max(0, month.days(until: last))
                for peer in team where rng.int(0...5) > 0 || peer.id == namedPeer {
                    let s = SupervisionSession(id: rng.uuid(), organizationID: supervisor.organizationID, supervisorID: supervisor.id,
                                               heldOn: month.adding(days: rng.int(0...span)), minutes: rng.pick([30, 45, 60, 60]), format: .individual,
                                               peerIDs: [peer.id], topics: Set((0..<rng.int(1...3)).map { _ in rng.pick(SupervisionTopic.allCases) }),
                                               note: "", recordedBy: supervisor.id, recordedAt: now)
                    rows.sessions.append(try check("supervision") { try SupervisionRules.validate(s, supervisorCredential: credentials[supervisor.id], today: today) })
                }
                let group = SupervisionSession(id: rng.uuid(), organizationID: supervisor.organizationID, supervisorID: supervisor.id,
                                               heldOn: month.adding(days: min(span, 14)), minutes: 90, format: .group,
                                               peerIDs: Array(team.prefix(SupervisionRules.maxGroupSize).map(\.id)),
                                               topics: [.selfCare, .boundaries], note: "", recordedBy: supervisor.id, recordedAt: now)
                rows.sessions.append(try check("group supervision") { try SupervisionRules.validate(group, supervisorCredential: credentials[supervisor.id], today: today) })
            }
        }
        try await write(rows, db: db, audit: audit)
        return Made(certificationEvents: rows.events.count, continuingEducation: rows.ce.count, supervisionSessions: rows.sessions.count,
                    checkIns: rows.checkIns.count, careerSteps: rows.career.count)
    }

    func check<T>(_ what: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let errors as ValidationErrors { throw Refused(what: what, errors: errors) }
    }

    /// The peer's certification history for a scenario, each step checked by Core as it would be when recorded.
    func certify(_ peer: User, _ scenario: Scenario, today: CalendarDate, rules: CertificationRuleSet, courses: [TrainingCourse],
                 rng: inout SeededGenerator, into rows: inout Rows) throws {
        var history: [CertificationEvent] = []
        var ce: [CEEntry] = []
        let recorder = peer.supervisorID ?? peer.id
        func record(_ step: CertificationStep, _ on: CalendarDate, _ reference: String = "") throws {
            try check("\(step.rawValue) \(scenario)") {
                try CertificationRules.validate(step, on: on, history: history, ce: ce, rules: rules, today: today)
            }
            let e = CertificationEvent(id: rng.uuid(), userID: peer.id, step: step, on: on, reference: reference, recordedBy: recorder, recordedAt: now)
            history.append(e)
            rows.events.append((e, peer.organizationID))
        }
        func training(_ on: CalendarDate, full: Bool) {
            let course = courses.first { full ? $0.topics.count == TrainingTopic.allCases.count : $0.topics.count < TrainingTopic.allCases.count }
            rows.trainings.append((TrainingCompletion(id: rng.uuid(), userID: peer.id, courseID: course?.id, title: course?.title ?? "Orientation",
                                                      topics: course?.topics ?? [.recoveryPrinciples], completedOn: on, minutes: course?.minutes ?? 240,
                                                      evidence: "Certificate no. \(rng.int(100000...999999))", recordedBy: recorder, recordedAt: now),
                                   peer.organizationID))
        }
        /// Continuing education dated from `from` through `through`, about `minutes` in all with `lawAndEthics` of it, one entry a day.
        func logCE(from: CalendarDate, through: CalendarDate, minutes: Int, lawAndEthics: Int) throws {
            var left = minutes, ethics = lawAndEthics
            var day = from
            // Room for every entry at the shortest (an hour), so the hours asked for are all logged by `through`.
            let gap = max(1, from.days(until: through) / (minutes / 60 + 1))
            while left > 0 && day <= through {
                let chunk = min(left, ethics > 0 ? min(ethics, 180) : rng.pick([60, 90, 120, 180, 240]))
                let category: CECategory = ethics > 0 ? .lawAndEthics : rng.pick([.culturalCompetency, .recoveryAndWellness, .traumaInformedCare, .crisisSupport])
                let entry = CEEntry(id: rng.uuid(), userID: peer.id, takenOn: day, minutes: chunk, category: category,
                                    title: category == .lawAndEthics ? "Law and ethics for peer support" : rng.pick(["Trauma-informed peer support", "Cultural humility", "Supporting recovery after a hospital stay", "Suicide prevention (QPR)"]),
                                    provider: rng.pick(["CalMHSA", "NAMI California", "Relias"]), recordedBy: peer.id, recordedAt: now)
                ce.append(try check("ce") { try CertificationRules.validateCE(entry, existing: ce, today: today) })
                rows.ce.append((ce.last!, peer.organizationID))
                left -= chunk
                if category == .lawAndEthics { ethics -= chunk }
                day = day.adding(days: gap)
            }
        }
        /// Applied, documents verified and approved ten days apart, the approval `ago` days before today.
        func approval(_ ago: Int) throws {
            try record(.applied, today.adding(days: -ago - 20))
            try record(.documentsVerified, today.adding(days: -ago - 10))
            try record(.approved, today.adding(days: -ago))
        }
        /// The path from application to certification on `certified`.
        func path(certifiedOn c: CalendarDate) throws {
            try record(.applied, c.adding(days: -200))
            try record(.documentsVerified, c.adding(days: -190), "ID and high school diploma seen")
            try record(.approved, c.adding(days: -180), "CalMHSA application approved")
            try record(.trainingCompleted, c.adding(days: -90), "CalMHSA-approved training")
            training(c.adding(days: -90), full: true)
            try record(.examPassed, c.adding(days: -30), "Proctored exam")
            try record(.certified, c, "CPSS-\(rng.int(10000...99999))")
        }
        switch scenario {
        case .notStarted:
            training(today.adding(days: -rng.int(20...200)), full: false)
        case .applied:
            try record(.applied, today.adding(days: -20))
            try record(.documentsVerified, today.adding(days: -10), "ID and high school diploma seen")
        case .windowOpen:
            try approval(100 + rng.int(0...230))
        case .trainingCompleted:
            try approval(280)
            try record(.trainingCompleted, today.adding(days: -40), "CalMHSA-approved training")
            training(today.adding(days: -40), full: true)
        case .examPassed:
            try approval(280)
            try record(.trainingCompleted, today.adding(days: -100))
            training(today.adding(days: -100), full: true)
            try record(.examPassed, today.adding(days: -15))
        case .windowClosed:
            try approval(500)
            try record(.trainingCompleted, today.adding(days: -300))
            training(today.adding(days: -300), full: true)
        case .certified:
            let c = today.adding(days: -rng.int(60...560))
            try path(certifiedOn: c)
            try logCE(from: c.adding(days: 20), through: today, minutes: rng.int(2...16) * 60, lawAndEthics: rng.pick([0, 120, 360]))
        case .renewalDue:
            // The named peer's renewal is 75 days off; the others' spread over the 90-, 60- and 30-day alerts.
            let c = today.adding(days: peer.id == namedPeer ? 75 : rng.int(5...85)).adding(years: -rules.certificationYears)
            try path(certifiedOn: c)
            try logCE(from: c.adding(days: 30), through: today.adding(days: -3), minutes: 14 * 60, lawAndEthics: 4 * 60)
        case .lapsed:
            let c = today.adding(days: -rng.int(20...200)).adding(years: -rules.certificationYears)
            try path(certifiedOn: c)
            try logCE(from: c.adding(days: 30), through: today.adding(days: -60), minutes: 10 * 60, lawAndEthics: 120)
        case .renewed:
            let c = today.adding(days: -rng.int(40...300)).adding(years: -rules.certificationYears)
            try path(certifiedOn: c)
            let expiry = c.adding(years: rules.certificationYears)
            try logCE(from: c.adding(days: 10), through: expiry.adding(days: -60), minutes: 20 * 60, lawAndEthics: 6 * 60)
            try record(.ethicsSigned, expiry.adding(days: -40))
            try record(.renewed, expiry.adding(days: -30), "Renewal approved")
            if expiry.adding(days: 10) <= today {
                try logCE(from: expiry.adding(days: 10), through: today, minutes: rng.int(1...6) * 60, lawAndEthics: 0)
            }
        }
    }

    func write(_ rows: Rows, db: Database, audit: AuditLog) async throws {
        let context = AuditContext(requestID: "demo-seed-\(seed)", clientAddress: "cli", actorLabel: "cli:demo")
        let byOrg = Set(rows.profiles.map(\.1))
        for org in byOrg.sorted(by: { $0.uuidString < $1.uuidString }) {
            try await db.write { conn in
                for (p, o) in rows.profiles where o == org { try await WorkforceProfileRecords.save(p, organizationID: o, now: now, on: conn) }
                for c in rows.courses where c.organizationID == org { try await WorkforceRecords.insert(c, now: now, on: conn) }
                for (t, o) in rows.trainings where o == org { try await WorkforceRecords.insert(t, organizationID: o, on: conn) }
                for (e, o) in rows.events where o == org { try await WorkforceRecords.insert(e, organizationID: o, on: conn) }
                for (e, o) in rows.ce where o == org { try await WorkforceRecords.insert(e, organizationID: o, on: conn) }
                for s in rows.sessions where s.organizationID == org { try await WorkforceRecords.insert(s, on: conn) }
                for (c, o) in rows.checkIns where o == org { try await WorkforceRecords.insert(c, organizationID: o, on: conn) }
                for (s, o) in rows.career where o == org { try await WorkforceRecords.insert(s, organizationID: o, on: conn) }
                try await audit.append(context, .recordCreated, resourceType: .demoBatch, organizationID: org,
                                       detail: "demo workforce (seed \(seed))", on: conn)
            }
        }
    }
}
