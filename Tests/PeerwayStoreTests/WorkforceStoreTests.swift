import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

/// The peer workforce through `Workforce`, on every engine: a staff record as each reader may see it
/// (and the read audited), pairing that reads only what a peer shares, who may change a profile and
/// its sharing, the certification chain and continuing education with refusals that write nothing,
/// supervision by a qualified supervisor and the team's hours, private wellness check-ins, career
/// steps, the workforce report (participants' languages, wellness withheld under five respondents),
/// and pairing profiles written before the workforce existed.
///
/// The clock stands on Thursday 2026-09-24 (UTC). Side A's peer and its colleague are supervised by
/// side A's supervisor; the other peer by the other supervisor.
@Suite("Workforce (store)")
struct WorkforceStoreTests {
    static let tables = ["workforce_profiles", "certification_events", "continuing_education", "training_completions", "supervision_sessions",
                         "supervision_attendees", "wellness_check_ins", "career_steps", "audit_events"]

    static func counts(_ f: ServiceFixture) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in tables { counts[table] = try await f.count(table) }
        return counts
    }

    /// Expects `StoreError.invalid` naming `field` and `code`, and no row written anywhere, not even an audit event.
    static func expectInvalid(_ f: ServiceFixture, _ field: String, _ code: String, _ body: () async throws -> Void,
                              sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let before = try await counts(f)
        do {
            try await body()
            Issue.record("accepted; expected \(field): \(code)", sourceLocation: sourceLocation)
        } catch StoreError.invalid(let errors) {
            #expect(errors.errors.contains { $0.field == field && $0.code == code }, "got \(errors.errors)", sourceLocation: sourceLocation)
        }
        #expect(try await counts(f) == before, sourceLocation: sourceLocation)
    }

    /// Expects `AccessRefused(decision)`, nothing written but the access-denied event.
    static func expectRefused(_ f: ServiceFixture, _ decision: AccessDecision, _ body: () async throws -> Void,
                              sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var before = try await counts(f)
        let denied = try await f.count("audit_events", where: "action = 'access_denied'")
        do {
            try await body()
            Issue.record("accepted; expected \(decision)", sourceLocation: sourceLocation)
        } catch let refused as AccessRefused {
            #expect(refused.decision == decision, sourceLocation: sourceLocation)
        }
        before["audit_events"]! += 1
        #expect(try await counts(f) == before, sourceLocation: sourceLocation)
        #expect(try await f.count("audit_events", where: "action = 'access_denied'") == denied + 1, sourceLocation: sourceLocation)
    }

    static func setUp(_ db: Database) async throws -> (ServiceFixture, Workforce) {
        let f = try await ServiceFixture.make(db)
        return (f, Workforce(f.journey.store))
    }

    static func day(_ text: String) -> CalendarDate { CalendarDate(text)! }

    /// A peer's background with every personal fact filled in.
    static func background() -> PeerBackground {
        var b = PeerBackground()
        b.languages = ["en", "es"]
        b.livedExperience = [.substanceUse]
        b.culturalBackground = "Lakota"
        b.genderIdentity = .man
        b.populations = [.veteran]
        b.region = "East"
        b.capacity = 15
        return b
    }

    static let credential = QualifyingCredential(kind: .lcsw, number: "LCSW 12345", issuedBy: "California BBS", expiresOn: CalendarDate("2027-12-31"))

    /// Gives `user` a clinical supervisor's profile with `credential`, recorded by HR.
    static func qualify(_ f: ServiceFixture, _ w: Workforce, _ user: User, credential: QualifyingCredential = credential) async throws {
        let hr = try await f.actor(f.a.user(.organizationAdmin))
        _ = try await w.saveProfile(user.id, background: PeerBackground(), details: WorkforceDetails(discipline: .clinicalSupervisor, credential: credential),
                                    by: hr, context: f.context(hr))
    }

    static func candidate(_ f: ServiceFixture, _ userID: UUID, program: UUID? = nil) async throws -> PeerProfile? {
        try await f.db.read { conn in
            try await WorkforceProfileRecords.candidates(programID: program ?? f.a.program.id, on: conn)
        }.first { $0.userID == userID }
    }

    // MARK: - The record and the profile

    @Test("a staff record: every read is audited; a supervisor and a program manager see only what the person shares, the person and HR see all",
          arguments: TestEngine.available)
    func recordMasksUnsharedFacts(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, w) = try await Self.setUp(test.db)
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let supervisor = try await f.actor(f.a.user(.supervisor))
            let manager = try await f.actor(f.a.user(.programManager))
            let hr = try await f.actor(f.a.user(.organizationAdmin))
            let b = Self.background()
            _ = try await w.saveProfile(peer.userID, background: b, details: WorkforceDetails(specializations: ["WRAP"], shared: [.culturalCommunities]),
                                        by: peer, context: f.context(peer))

            for reader in [peer, hr] {
                let record = try await w.record(peer.userID, by: reader, context: f.context(reader))
                #expect(record.seesWholeProfile)
                #expect(record.profile.background == b && record.profile.details.shared == [.culturalCommunities])
            }
            // The supervisor comes through the access path with an authorized record, as a page does.
            let authorized = try await Access(db: f.db, audit: f.journey.store.audit).resolve(.staffRecord, peer.userID, .read, by: supervisor,
                                                                                               context: f.context(supervisor))
            let bySupervisor = try await w.record(of: authorized, by: supervisor, context: f.context(supervisor))
            let byManager = try await w.record(peer.userID, by: manager, context: f.context(manager))
            for record in [bySupervisor, byManager] {
                #expect(!record.seesWholeProfile)
                let seen = record.profile.background
                #expect(seen.livedExperience.isEmpty && seen.genderIdentity == nil)
                #expect(seen.culturalBackground == "Lakota")
                #expect(seen.languages == ["en", "es"] && seen.populations == [.veteran] && seen.region == "East" && seen.capacity == 15)
                #expect(record.profile.details.specializations == ["WRAP"])
                #expect(record.user.id == peer.userID && record.supervisor?.id == supervisor.userID)
            }

            // Each read is in the trail, by its reader, about the person.
            let reads = try await f.events(participant: nil).filter {
                $0.action == .recordRead && $0.resourceType == AuditResource.workforce.rawValue && $0.resourceID == peer.userID.text
            }
            #expect(reads.count == 4 && Set(reads.compactMap(\.actorUserID)) == [peer.userID, hr.userID, supervisor.userID, manager.userID])

            // Everyone else is told it does not exist, and the refusal is audited. (Program managers read every
            // staff record of the organization, as the policy says, whatever their programs.)
            for user in [f.a.user(.evaluator), f.journeyFixture.colleague, f.journeyFixture.otherSupervisor, f.journeyFixture.otherPeer] {
                let other = try await f.actor(user)
                try await Self.expectRefused(f, .notFound) { _ = try await w.record(peer.userID, by: other, context: f.context(other)) }
            }
            let outsider = try await f.actor(f.base.b.user(.organizationAdmin))
            await #expect(throws: AccessRefused(decision: .notFound)) {
                _ = try await w.record(peer.userID, by: outsider, context: f.context(outsider))
            }
        }
    }

    @Test("pairing candidates read only the facts a peer shares", arguments: TestEngine.available)
    func candidatesSeeSharedFactsOnly(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, w) = try await Self.setUp(test.db)
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let b = Self.background()
            _ = try await w.saveProfile(peer.userID, background: b, details: WorkforceDetails(shared: []), by: peer, context: f.context(peer))
            let hidden = try #require(try await Self.candidate(f, peer.userID))
            #expect(hidden.livedExperience.isEmpty && hidden.culturalBackground == "" && hidden.genderIdentity == nil)
            #expect(hidden.languages == ["en", "es"] && hidden.populations == [.veteran] && hidden.region == "East" && hidden.capacity == 15)

            _ = try await w.saveProfile(peer.userID, background: b, details: WorkforceDetails(shared: [.livedExperience, .genderIdentity]),
                                        by: peer, context: f.context(peer))
            let shared = try #require(try await Self.candidate(f, peer.userID))
            #expect(shared.livedExperience == [.substanceUse] && shared.genderIdentity == .man && shared.culturalBackground == "")

            // A peer with no profile is a candidate with the defaults.
            let colleague = try #require(try await Self.candidate(f, f.journeyFixture.colleague.id))
            #expect(colleague.languages == ["en"] && colleague.livedExperience.isEmpty)
        }
    }

    @Test("a profile: the person sets their sharing; HR edits it but keeps the person's sharing; a supervisor or a program manager may not",
          arguments: TestEngine.available)
    func profileSharing(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, w) = try await Self.setUp(test.db)
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let hr = try await f.actor(f.a.user(.organizationAdmin))
            let b = Self.background()
            let all = Set(SharedFact.allCases)
            let mine = try await w.saveProfile(peer.userID, background: b, details: WorkforceDetails(specializations: [" WRAP ", "WRAP"], shared: all),
                                               by: peer, context: f.context(peer))
            #expect(mine.details.shared == all && mine.details.specializations == ["WRAP"])
            func stored() async throws -> WorkforceProfile? {
                try await f.db.read { conn in try await WorkforceProfileRecords.profile(peer.userID, on: conn) }
            }
            #expect(try await stored() == mine)

            // HR changes the work facts; the sharing it sends is ignored: the person's stands.
            var hrBackground = b
            hrBackground.capacity = 20
            let byHR = try await w.saveProfile(peer.userID, background: hrBackground,
                                               details: WorkforceDetails(discipline: .familySupportSpecialist, specializations: ["Naloxone"], shared: [],
                                                                         hiredOn: Self.day("2024-02-01")),
                                               by: hr, context: f.context(hr))
            #expect(byHR.details.shared == all && byHR.details.discipline == .familySupportSpecialist && byHR.details.specializations == ["Naloxone"])
            let after = try #require(try await stored())
            #expect(after.details.shared == all && after.background.capacity == 20 && after.details.hiredOn == Self.day("2024-02-01"))
            #expect(try #require(try await Self.candidate(f, peer.userID)).livedExperience == [.substanceUse])

            // The person withdraws it.
            _ = try await w.saveProfile(peer.userID, background: b, details: WorkforceDetails(shared: [.genderIdentity]), by: peer, context: f.context(peer))
            #expect(try await stored()?.details.shared == [.genderIdentity])
            // HR saving a profile the person never saved shares nothing.
            let colleague = f.journeyFixture.colleague
            let fresh = try await w.saveProfile(colleague.id, background: b, details: WorkforceDetails(shared: all), by: hr, context: f.context(hr))
            #expect(fresh.details.shared.isEmpty)

            // The supervisor may record steps for the peer, but the profile is the person's and HR's.
            let supervisor = try await f.actor(f.a.user(.supervisor))
            try await Self.expectRefused(f, .deny) {
                _ = try await w.saveProfile(peer.userID, background: b, details: WorkforceDetails(shared: all), by: supervisor, context: f.context(supervisor))
            }
            let manager = try await f.actor(f.a.user(.programManager))
            try await Self.expectRefused(f, .deny) {
                _ = try await w.saveProfile(peer.userID, background: b, details: WorkforceDetails(), by: manager, context: f.context(manager))
            }
            let other = try await f.actor(f.journeyFixture.otherPeer)
            try await Self.expectRefused(f, .notFound) {
                _ = try await w.saveProfile(peer.userID, background: b, details: WorkforceDetails(), by: other, context: f.context(other))
            }
            #expect(try await stored()?.details.shared == [.genderIdentity])

            // Bad input changes nothing: HR naming a clinical supervisor without a credential, a language that is not one.
            let hrActor = try await f.actor(f.a.user(.organizationAdmin))
            try await Self.expectInvalid(f, "credential_kind", "credential_required") {
                _ = try await w.saveProfile(supervisor.userID, background: PeerBackground(), details: WorkforceDetails(discipline: .clinicalSupervisor),
                                            by: hrActor, context: f.context(hrActor))
            }
            var bad = b
            bad.languages = []
            try await Self.expectInvalid(f, "languages", "invalid_language") {
                _ = try await w.saveProfile(peer.userID, background: bad, details: WorkforceDetails(), by: peer, context: f.context(peer))
            }
        }
    }

    // MARK: - Certification and continuing education

    @Test("certification steps walk the chain; an exam before training is refused and writes nothing; who may record a step",
          arguments: TestEngine.available)
    func certificationChain(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, w) = try await Self.setUp(test.db)
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let hr = try await f.actor(f.a.user(.organizationAdmin))
            func step(_ step: CertificationStep, _ on: String, _ reference: String = "", by actor: Actor) async throws -> CertificationEvent {
                try await w.recordStep(peer.userID, step: step, on: Self.day(on), reference: reference, by: actor, context: f.context(actor))
            }
            _ = try await step(.applied, "2025-09-01", by: peer)
            _ = try await step(.documentsVerified, "2025-09-10", "ID and diploma seen", by: hr)
            _ = try await step(.approved, "2025-10-01", by: hr)
            #expect(try await w.record(peer.userID, by: peer, context: f.context(peer)).status.state == .trainingWindowOpen)

            let rows = try await f.count("certification_events")
            try await Self.expectInvalid(f, "step", "exam_before_training") { _ = try await step(.examPassed, "2026-03-01", by: peer) }
            #expect(try await f.count("certification_events") == rows)
            try await Self.expectInvalid(f, "on", "in_future") { _ = try await step(.trainingCompleted, "2026-09-25", by: peer) }
            try await Self.expectInvalid(f, "on", "before_previous_step") { _ = try await step(.trainingCompleted, "2025-09-30", by: peer) }
            try await Self.expectInvalid(f, "step", "exam_not_passed") { _ = try await step(.certified, "2026-03-01", by: hr) }

            _ = try await step(.trainingCompleted, "2026-02-15", "CalMHSA training", by: peer)
            // Once trained, an exam dated before the training is still refused.
            try await Self.expectInvalid(f, "on", "before_previous_step") { _ = try await step(.examPassed, "2026-02-14", by: peer) }
            _ = try await step(.examPassed, "2026-03-01", by: peer)
            let certified = try await step(.certified, "2026-04-01", "PSS-2026-001", by: hr)
            #expect(certified.step == .certified && certified.reference == "PSS-2026-001" && certified.recordedBy == hr.userID)
            try await Self.expectInvalid(f, "step", "already_done") { _ = try await step(.certified, "2026-04-02", by: hr) }

            // A program manager reads but records nothing; a colleague is told nothing exists.
            let manager = try await f.actor(f.a.user(.programManager))
            try await Self.expectRefused(f, .deny) {
                _ = try await w.recordStep(peer.userID, step: .ethicsSigned, on: f.today, reference: "", by: manager, context: f.context(manager))
            }
            let colleague = try await f.actor(f.journeyFixture.colleague)
            try await Self.expectRefused(f, .notFound) {
                _ = try await w.recordStep(peer.userID, step: .ethicsSigned, on: f.today, reference: "", by: colleague, context: f.context(colleague))
            }

            let record = try await w.record(peer.userID, by: peer, context: f.context(peer))
            #expect(record.events.map(\.step) == [.applied, .documentsVerified, .approved, .trainingCompleted, .examPassed, .certified])
            #expect(record.status.state == .certified && record.status.certificateNumber == "PSS-2026-001")
            #expect(record.status.expiresOn == Self.day("2028-04-01") && record.status.certifiedOn == Self.day("2026-04-01"))
            #expect(record.names[hr.userID] == f.a.user(.organizationAdmin).displayName)
            #expect(try await w.standing(of: peer.userID, in: f.a.provider.id, on: f.today) == .certified)
            #expect(try await w.standing(of: peer.userID, in: f.a.provider.id, on: Self.day("2026-01-01")) == .inProgress)
            #expect(try await w.standing(of: f.a.user(.supervisor).id, in: f.a.provider.id, on: f.today) == .notTracked)
            let created = try await f.events(participant: nil).filter {
                $0.action == .recordCreated && $0.resourceType == AuditResource.certification.rawValue
            }
            #expect(created.count == 6 && created.allSatisfy { $0.detail.contains("user=\(peer.userID.text)") })
        }
    }

    @Test("continuing education: no more than 24 hours in a day across entries, no negative or zero hours, nothing in the future",
          arguments: TestEngine.available)
    func continuingEducation(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, w) = try await Self.setUp(test.db)
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let supervisor = try await f.actor(f.a.user(.supervisor))
            func log(_ minutes: Int, on: String = "2026-09-20", for user: UUID? = nil, title: String = "Ethics in peer work",
                     by actor: Actor? = nil) async throws -> CEEntry {
                let actor = actor ?? peer
                return try await w.logCE(user ?? peer.userID, takenOn: Self.day(on), minutes: minutes, category: .lawAndEthics, title: title,
                                         provider: "CalMHSA", by: actor, context: f.context(actor))
            }
            let first = try await log(780)
            #expect(first.minutes == 780 && first.category == .lawAndEthics && first.recordedBy == peer.userID)
            // 13 h + 12 h on one day is more than a day holds.
            try await Self.expectInvalid(f, "hours", "over_24_hours_in_a_day") { _ = try await log(720) }
            try await Self.expectInvalid(f, "hours", "out_of_range") { _ = try await log(-60) }
            try await Self.expectInvalid(f, "hours", "out_of_range") { _ = try await log(0) }
            try await Self.expectInvalid(f, "hours", "out_of_range") { _ = try await log(1_441, on: "2026-09-19") }
            try await Self.expectInvalid(f, "taken_on", "in_future") { _ = try await log(60, on: "2026-09-25") }
            try await Self.expectInvalid(f, "title", "required") { _ = try await log(60, title: "  ") }
            #expect(try await f.count("continuing_education") == 1)
            // Exactly 24 hours is a full day; another person's day is their own; the supervisor may log it for them.
            _ = try await log(660)
            _ = try await log(720, for: f.journeyFixture.colleague.id, by: supervisor)
            try await Self.expectInvalid(f, "hours", "over_24_hours_in_a_day") { _ = try await log(1) }
            #expect(try await f.count("continuing_education") == 3)
            let manager = try await f.actor(f.a.user(.programManager))
            try await Self.expectRefused(f, .deny) { _ = try await log(30, on: "2026-09-01", by: manager) }
            let record = try await w.record(peer.userID, by: peer, context: f.context(peer))
            #expect(record.continuingEducation.map(\.minutes).reduce(0, +) == 1_440)
        }
    }

    // MARK: - Supervision

    @Test("supervision: refused without a qualifying credential and writing nothing; logged with one; not for a peer who is not theirs; the team's minutes",
          arguments: TestEngine.available)
    func supervision(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, w) = try await Self.setUp(test.db)
            let peerUser = f.a.user(.peerSpecialist), colleagueUser = f.journeyFixture.colleague
            let supervisor = try await f.actor(f.a.user(.supervisor))
            let peer = try await f.actor(peerUser)
            func log(_ peers: [UUID], on: String = "2026-09-24", minutes: Int = 45, format: SupervisionFormat = .individual,
                     by actor: Actor? = nil) async throws -> SupervisionSession {
                let actor = actor ?? supervisor
                return try await w.logSupervision(peerIDs: peers, heldOn: Self.day(on), minutes: minutes, format: format, topics: [.boundaries, .selfCare],
                                                  note: "Boundaries with a family", by: actor, context: f.context(actor))
            }
            try await Self.expectInvalid(f, "supervisor", "supervisor_not_qualified") { _ = try await log([peerUser.id]) }
            #expect(try await f.count("supervision_sessions") == 0)
            #expect(try await f.count("supervision_attendees") == 0)

            try await Self.qualify(f, w, f.a.user(.supervisor))
            let today = try await log([peerUser.id])
            #expect(today.peerIDs == [peerUser.id] && today.supervisorID == supervisor.userID && today.minutes == 45 && today.topics == [.boundaries, .selfCare])
            _ = try await log([peerUser.id, colleagueUser.id], on: "2026-09-01", minutes: 30, format: .group)
            _ = try await log([peerUser.id], on: "2026-08-15", minutes: 60)
            #expect(try await f.count("supervision_sessions") == 3)
            #expect(try await f.count("supervision_attendees") == 4)

            // A peer who is not theirs, alone or among their own: refused as off their caseload, nothing written but the denial.
            let otherPeer = f.journeyFixture.otherPeer
            for peers in [[otherPeer.id], [peerUser.id, otherPeer.id]] {
                let before = try await Self.counts(f)
                do {
                    _ = try await log(peers, format: .group)
                    Issue.record("accepted a session for another supervisor's peer")
                } catch StoreError.invalid(let errors) {
                    #expect(errors.errors.map(\.field) == ["peers"] && errors.errors.map(\.code) == ["not_your_supervisee"])
                }
                var after = try await Self.counts(f)
                after["audit_events"]! -= 1
                #expect(after == before)
            }
            try await Self.expectInvalid(f, "peers", "supervises_self") { _ = try await log([peerUser.id, supervisor.userID], format: .group) }
            try await Self.expectInvalid(f, "peers", "individual_has_one_peer") { _ = try await log([peerUser.id, colleagueUser.id]) }
            try await Self.expectInvalid(f, "held_on", "in_future") { _ = try await log([peerUser.id], on: "2026-09-25") }
            // Only supervisors log sessions.
            for user in [f.a.user(.programManager), peerUser, f.a.user(.organizationAdmin)] {
                let actor = try await f.actor(user)
                try await Self.expectRefused(f, .deny) { _ = try await log([peerUser.id], by: actor) }
            }
            // A credential that ended before the session's day.
            let otherSupervisor = try await f.actor(f.journeyFixture.otherSupervisor)
            try await Self.qualify(f, w, f.journeyFixture.otherSupervisor,
                                   credential: QualifyingCredential(kind: .psychologist, number: "PSY 9", issuedBy: "Board", expiresOn: Self.day("2026-09-01")))
            try await Self.expectInvalid(f, "supervisor", "credential_expired") { _ = try await log([otherPeer.id], on: "2026-09-02", by: otherSupervisor) }
            _ = try await log([otherPeer.id], on: "2026-09-01", by: otherSupervisor)

            // The team: minutes this month and last, who is behind.
            let team = try await w.team(by: supervisor, context: f.context(supervisor))
            #expect(team.qualified && team.credential == Self.credential && team.targetMinutes == SupervisionRules.defaultMonthlyMinutes)
            #expect(team.month == Self.day("2026-09-01") && team.previousMonth == Self.day("2026-08-01"))
            #expect(Set(team.members.map(\.user.id)) == [peerUser.id, colleagueUser.id])
            let peerRow = try #require(team.members.first { $0.user.id == peerUser.id })
            let colleagueRow = try #require(team.members.first { $0.user.id == colleagueUser.id })
            #expect(peerRow.current.minutes == 75 && peerRow.current.sessions == 2 && peerRow.previous.minutes == 60 && !peerRow.isBehind)
            #expect(colleagueRow.current.minutes == 30 && colleagueRow.previous.minutes == 0 && colleagueRow.isBehind)
            #expect(team.sessions.count == 3 && team.names[peerUser.id] == peerUser.displayName)
            let reads = try await f.events(participant: nil).filter {
                $0.action == .recordRead && $0.resourceType == AuditResource.supervisionSession.rawValue && $0.actorUserID == supervisor.userID
            }
            #expect(reads.count == 1)

            // The peer's record shows what they received and that their supervisor is qualified.
            let record = try await w.record(peerUser.id, by: peer, context: f.context(peer))
            #expect(record.supervisorQualified && record.supervision.count == 3)
            #expect(record.supervisionMonths.map(\.minutes) == [75, 60])
            // The other supervisor's team does not include side A's peers; a program manager's team is empty; a peer has none.
            #expect(try await w.team(by: otherSupervisor, context: f.context(otherSupervisor)).members.map(\.user.id) == [otherPeer.id])
            let manager = try await f.actor(f.a.user(.programManager))
            #expect(try await w.team(by: manager, context: f.context(manager)).members.isEmpty)
            try await Self.expectRefused(f, .deny) { _ = try await w.team(by: peer, context: f.context(peer)) }
        }
    }

    /// The qualifying credential is what makes a supervisor's sessions count; the product tells a supervisor
    /// without one that "HR records it on your workforce profile" (`error.supervisor_not_qualified`,
    /// `supervision.no_credential`), and `QualifyingCredential` is "as recorded by the organization".
    /// A supervisor saving their own profile must not be able to record or extend it themselves.
    @Test("a supervisor cannot record their own qualifying credential: HR does", arguments: TestEngine.available)
    func credentialIsRecordedByHR(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, w) = try await Self.setUp(test.db)
            let supervisor = try await f.actor(f.a.user(.supervisor))
            let peer = f.a.user(.peerSpecialist)
            func storedCredential() async throws -> QualifyingCredential? {
                let profile = try await f.db.read { conn in try await WorkforceProfileRecords.profile(supervisor.userID, on: conn) }
                return profile?.details.credential
            }
            // Refused or ignored, either way no credential is on record afterwards.
            _ = try? await w.saveProfile(supervisor.userID, background: PeerBackground(),
                                         details: WorkforceDetails(discipline: .clinicalSupervisor, credential: Self.credential),
                                         by: supervisor, context: f.context(supervisor))
            #expect(try await storedCredential() == nil, "a supervisor recorded their own credential")
            try await Self.expectInvalid(f, "supervisor", "supervisor_not_qualified") {
                _ = try await w.logSupervision(peerIDs: [peer.id], heldOn: f.today, minutes: 30, format: .individual, topics: [], note: "",
                                               by: supervisor, context: f.context(supervisor))
            }

            // HR records one that has ended; the supervisor cannot extend it.
            let ended = QualifyingCredential(kind: .lcsw, number: "LCSW 12345", issuedBy: "California BBS", expiresOn: Self.day("2026-06-30"))
            try await Self.qualify(f, w, f.a.user(.supervisor), credential: ended)
            var extended = ended
            extended.expiresOn = Self.day("2030-06-30")
            _ = try? await w.saveProfile(supervisor.userID, background: PeerBackground(),
                                         details: WorkforceDetails(discipline: .clinicalSupervisor, credential: extended),
                                         by: supervisor, context: f.context(supervisor))
            #expect(try await storedCredential() == ended, "a supervisor extended their own credential")
        }
    }

    /// A supervisor naming another supervisor's peer is refused; the denial in the trail should say what was
    /// refused (a staff record or a supervision session), not a participant's record.
    @Test("a session naming another supervisor's peer is audited as a workforce denial, not a participant's", arguments: TestEngine.available)
    func supervisionDenialIsNotAboutAParticipant(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, w) = try await Self.setUp(test.db)
            try await Self.qualify(f, w, f.a.user(.supervisor))
            let supervisor = try await f.actor(f.a.user(.supervisor))
            await #expect(throws: StoreError.self) {
                _ = try await w.logSupervision(peerIDs: [f.journeyFixture.otherPeer.id], heldOn: f.today, minutes: 30, format: .individual, topics: [],
                                               note: "", by: supervisor, context: f.context(supervisor))
            }
            let denial = try #require(try await f.events(participant: nil).last { $0.action == .accessDenied })
            #expect(denial.actorUserID == supervisor.userID)
            #expect(denial.resourceType != AuditResource.participant.rawValue, "audited as \(denial.resourceType)")
        }
    }

    @Test("trainings from the catalogue cover its topics; HR keeps the catalogue and the settings; the roster by role", arguments: TestEngine.available)
    func trainingsSettingsRoster(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, w) = try await Self.setUp(test.db)
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let hr = try await f.actor(f.a.user(.organizationAdmin))
            let supervisor = try await f.actor(f.a.user(.supervisor))
            let manager = try await f.actor(f.a.user(.programManager))
            let course = try await w.addCourse(title: " CalMHSA peer training ", topics: Set(TrainingTopic.allCases), minutes: 4_800, by: hr, context: f.context(hr))
            #expect(course.title == "CalMHSA peer training")
            try await Self.expectRefused(f, .deny) { _ = try await w.addCourse(title: "Mine", topics: [], minutes: nil, by: peer, context: f.context(peer)) }
            #expect(try await w.courses(by: peer, context: f.context(peer)).map(\.id) == [course.id])
            let outsider = try await f.actor(f.base.b.user(.organizationAdmin))
            let theirs = try await w.addCourse(title: "Theirs", topics: [.selfAdvocacy], minutes: 60, by: outsider, context: f.context(outsider))

            func record(_ courseID: UUID?, title: String = "", topics: Set<TrainingTopic> = [], evidence: String = "Certificate 2026-17") async throws -> TrainingCompletion {
                try await w.recordTraining(peer.userID, courseID: courseID, title: title, topics: topics, completedOn: Self.day("2026-02-15"), minutes: 4_800,
                                           evidence: evidence, by: peer, context: f.context(peer))
            }
            try await Self.expectInvalid(f, "course_id", "unknown_value") { _ = try await record(UUID()) }
            try await Self.expectInvalid(f, "course_id", "unknown_value") { _ = try await record(theirs.id) }
            try await Self.expectInvalid(f, "evidence", "required") { _ = try await record(course.id, evidence: " ") }
            try await Self.expectInvalid(f, "title", "required") { _ = try await record(nil) }
            let done = try await record(course.id)
            #expect(done.title == "CalMHSA peer training" && done.topics == Set(TrainingTopic.allCases) && done.courseID == course.id)
            let other = try await record(nil, title: "Naloxone", topics: [])
            #expect(other.topics.isEmpty)
            let trainings = try await w.record(peer.userID, by: peer, context: f.context(peer)).trainings
            #expect(Set(trainings.map(\.id)) == [done.id, other.id] && TrainingRules.missing(trainings).isEmpty)

            // Settings: everyone reads, HR changes; the team is measured against them.
            var settings = try await w.settings(by: peer, context: f.context(peer))
            #expect(settings == WorkforceSettings())
            settings.supervisionMinutesPerMonth = 90
            try await Self.expectRefused(f, .deny) { _ = try await w.saveSettings(settings, by: supervisor, context: f.context(supervisor)) }
            try await Self.expectInvalid(f, "supervision_minutes", "out_of_range") {
                var bad = settings
                bad.supervisionMinutesPerMonth = -1
                _ = try await w.saveSettings(bad, by: hr, context: f.context(hr))
            }
            #expect(try await w.saveSettings(settings, by: hr, context: f.context(hr)) == settings)
            #expect(try await w.settings(by: manager, context: f.context(manager)).supervisionMinutesPerMonth == 90)
            #expect(try await w.team(by: supervisor, context: f.context(supervisor)).targetMinutes == 90)
            #expect(try await w.settings(by: outsider, context: f.context(outsider)) == WorkforceSettings())

            // The roster: a supervisor sees their team, a manager and HR the organization's active staff, a peer none.
            let team = try await w.roster(by: supervisor, context: f.context(supervisor))
            #expect(Set(team.map(\.user.id)) == [peer.userID, f.journeyFixture.colleague.id])
            #expect(team.allSatisfy { $0.discipline == .peerSupportSpecialist && $0.supervisorName == f.a.user(.supervisor).displayName })
            let all = try await w.roster(by: manager, context: f.context(manager))
            #expect(all.contains { $0.user.id == f.journeyFixture.otherPeer.id } && all.contains { $0.user.id == hr.userID })
            #expect(!all.contains { $0.user.organizationID != f.a.provider.id })
            #expect(all.first { $0.user.id == supervisor.userID }?.discipline == .clinicalSupervisor)
            try await Self.expectRefused(f, .deny) { _ = try await w.roster(by: peer, context: f.context(peer)) }
            let evaluator = try await f.actor(f.a.user(.evaluator))
            try await Self.expectRefused(f, .deny) { _ = try await w.roster(by: evaluator, context: f.context(evaluator)) }
        }
    }

    // MARK: - Wellness

    @Test("wellness: a peer checks in; their supervisor reads it; a program manager, HR and a colleague are told it does not exist",
          arguments: TestEngine.available)
    func wellness(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, w) = try await Self.setUp(test.db)
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let supervisor = try await f.actor(f.a.user(.supervisor))
            try await Self.expectInvalid(f, "satisfaction", "out_of_range") {
                _ = try await w.checkIn(satisfaction: 6, burnout: 2, supported: 5, note: "", by: peer, context: f.context(peer))
            }
            let given = try await w.checkIn(satisfaction: 4, burnout: 2, supported: 5, note: "Tired but OK", by: peer, context: f.context(peer))
            #expect(given.userID == peer.userID && given.givenOn == f.today && given.note == "Tired but OK")

            #expect(try await w.checkIns(of: peer.userID, by: peer, context: f.context(peer)) == [given])
            #expect(try await w.checkIns(of: peer.userID, by: supervisor, context: f.context(supervisor)) == [given])
            for user in [f.a.user(.programManager), f.a.user(.organizationAdmin), f.journeyFixture.colleague, f.journeyFixture.otherSupervisor,
                         f.a.user(.evaluator)] {
                let other = try await f.actor(user)
                try await Self.expectRefused(f, .notFound) { _ = try await w.checkIns(of: peer.userID, by: other, context: f.context(other)) }
            }
            // The trail says a check-in was given and read, never what it said.
            let events = try await f.events(participant: nil).filter { $0.resourceType == AuditResource.wellnessCheckIn.rawValue }
            #expect(events.contains { $0.action == .recordCreated && $0.actorUserID == peer.userID })
            #expect(events.contains { $0.action == .recordRead && $0.actorUserID == supervisor.userID })
            #expect(!events.contains { $0.detail.contains("Tired") })

            // The supervisor's team shows when each last checked in, not the answers.
            let team = try await w.team(by: supervisor, context: f.context(supervisor))
            #expect(team.members.first { $0.user.id == peer.userID }?.lastCheckIn == f.today)
            #expect(team.members.first { $0.user.id == f.journeyFixture.colleague.id }?.lastCheckIn == nil)
        }
    }

    // MARK: - Career

    @Test("career steps: never for oneself; the supervisor and HR record them, in order and as a change of role; a program manager may not",
          arguments: TestEngine.available)
    func careerSteps(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, w) = try await Self.setUp(test.db)
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let supervisor = try await f.actor(f.a.user(.supervisor))
            let hr = try await f.actor(f.a.user(.organizationAdmin))
            func add(_ role: CareerRole, _ on: String, for user: UUID? = nil, by actor: Actor) async throws -> CareerStep {
                try await w.addCareerStep(user ?? peer.userID, role: role, startedOn: Self.day(on), by: actor, context: f.context(actor))
            }
            try await Self.expectRefused(f, .deny) { _ = try await add(.peerSupervisor, "2026-09-01", by: peer) }
            // Nor for another supervisor who is themselves.
            try await Self.expectRefused(f, .deny) { _ = try await add(.programLeadership, "2026-09-01", for: supervisor.userID, by: supervisor) }

            _ = try await add(.peerSpecialist, "2024-01-01", by: supervisor)
            _ = try await add(.seniorPeer, "2026-09-01", by: supervisor)
            try await Self.expectInvalid(f, "role", "already_in_role") { _ = try await add(.seniorPeer, "2026-09-10", by: supervisor) }
            try await Self.expectInvalid(f, "started_on", "before_previous_step") { _ = try await add(.peerSupervisor, "2026-08-31", by: supervisor) }
            try await Self.expectInvalid(f, "started_on", "in_future") { _ = try await add(.peerSupervisor, "2026-09-25", by: supervisor) }
            let manager = try await f.actor(f.a.user(.programManager))
            try await Self.expectRefused(f, .deny) { _ = try await add(.peerSupervisor, "2026-09-24", by: manager) }
            let colleague = try await f.actor(f.journeyFixture.colleague)
            try await Self.expectRefused(f, .notFound) { _ = try await add(.peerSupervisor, "2026-09-24", by: colleague) }
            let promoted = try await add(.peerSupervisor, "2026-09-24", by: hr)
            #expect(promoted.recordedBy == hr.userID && promoted.role == .peerSupervisor)

            let record = try await w.record(peer.userID, by: peer, context: f.context(peer))
            #expect(record.career.map(\.role) == [.peerSpecialist, .seniorPeer, .peerSupervisor])
            // The report counts the step into leadership.
            let report = try await w.report(by: hr, context: f.context(hr)).report
            #expect(report.advancement.advanced == [peer.userID] && report.advancement.peers.contains(peer.userID))
        }
    }

    // MARK: - Report

    @Test("the workforce report for a manager: participants' languages against the workforce's; wellness withheld under five respondents; who may not have it",
          arguments: TestEngine.available)
    func report(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, w) = try await Self.setUp(test.db)
            let peerUser = f.a.user(.peerSpecialist)
            let peer = try await f.actor(peerUser)
            let manager = try await f.actor(f.a.user(.programManager))
            var b = PeerBackground()
            b.languages = ["en"]
            _ = try await w.saveProfile(peer.userID, background: b, details: WorkforceDetails(), by: peer, context: f.context(peer))

            // One person in English paired with the peer; one in Spanish, enrolled (an open episode) with no peer.
            _ = try await f.participant("Rosa", "Delgado", takenInBy: f.a.user(.programManager), pairedWith: peerUser)
            var input = f.journeyFixture.person("Lucia", "Ramos", born: "1990-05-05")
            input.details.preferredLanguage = "es"
            let spanish = try await f.journey.createPerson(input, programID: f.a.program.id, contact: nil, by: manager, context: f.context(manager))
            _ = try await f.journey.screen(spanish.id, programID: f.a.program.id, screenedOn: f.today,
                                           answers: .init(serviceCriteriaMet: ["A"], exclusionsPresent: []), by: manager, context: f.context(manager))
            _ = try await f.journey.enroll(spanish.id, EnrollmentRequest(programID: f.a.program.id, enrolledOn: f.today,
                                                                         consent: EnrollmentConsent(signedBy: .participant, signedOn: f.today, method: .wetSignature),
                                                                         goals: ""),
                                           by: manager, context: f.context(manager))
            // Someone taken in but never enrolled is not counted.
            var pending = f.journeyFixture.person("Ana", "Lopez", born: "1985-01-01")
            pending.details.preferredLanguage = "vi"
            _ = try await f.journey.createPerson(pending, programID: f.a.program.id, contact: nil, by: manager, context: f.context(manager))

            // Four peers check in: withheld.
            let admin = Administration(f.journey.store, hasher: Fixture.hasher)
            var extra: [User] = []
            for n in 1...2 {
                extra.append(try await admin.createUser(.init(email: "extra\(n)@a.fixture.test", displayName: "extra \(n)", password: Fixture.password,
                                                              roles: [.peerSpecialist], programIDs: [f.a.program.id], supervisorID: f.a.user(.supervisor).id),
                                                        organizationID: f.a.provider.id, by: nil, context: .cli("fixture")))
            }
            for (n, user) in ([peerUser, f.journeyFixture.colleague, f.journeyFixture.otherPeer, extra[0]]).enumerated() {
                let actor = try await f.actor(user)
                _ = try await w.checkIn(satisfaction: 4, burnout: n == 0 ? 5 : 2, supported: 4, note: "private", by: actor, context: f.context(actor))
            }
            // A second check-in by the same peer, a minute later, replaces the first in the count; it does not make the group bigger.
            f.clock.advance(60)
            _ = try await w.checkIn(satisfaction: 2, burnout: 4, supported: 2, note: "", by: peer, context: f.context(peer))
            let withheld = try await w.report(by: manager, context: f.context(manager))
            #expect(withheld.report.wellness == nil)
            #expect(withheld.periodStart == Self.day("2025-09-25"))

            let es = try #require(withheld.report.languages.first { $0.code == "es" })
            #expect(es.participants == 1 && es.staff == 0 && es.isGap)
            let en = try #require(withheld.report.languages.first { $0.code == "en" })
            #expect(en.participants == 1 && en.staff == 1 && !en.isGap)
            #expect(!withheld.report.languages.contains { $0.code == "vi" })
            #expect(withheld.report.peers == 5 && withheld.report.caseload == 1)
            #expect(withheld.report.certification.first { $0.state == .notStarted }?.count == 5)
            // No supervisor holds a credential yet.
            #expect(Set(withheld.report.withoutQualifiedSupervisor) == Set([peerUser.id, f.journeyFixture.colleague.id, f.journeyFixture.otherPeer.id] + extra.map(\.id)))
            #expect(withheld.names[peerUser.id] == peerUser.displayName)

            // The fifth respondent: shown, each peer's latest answer counted once.
            let fifth = try await f.actor(extra[1])
            _ = try await w.checkIn(satisfaction: 5, burnout: 1, supported: 5, note: "", by: fifth, context: f.context(fifth))
            let shown = try await w.report(by: manager, context: f.context(manager)).report
            let summary = try #require(shown.wellness)
            #expect(summary.respondents == 5 && summary.satisfied == 4 && summary.burnedOut == 1 && summary.supported == 4)
            let hr = try await f.actor(f.a.user(.organizationAdmin))
            #expect(try await w.report(by: hr, context: f.context(hr)).report.wellness == shown.wellness)
            let reads = try await f.events(participant: nil).filter {
                $0.action == .recordRead && $0.resourceType == AuditResource.workforce.rawValue && $0.detail == "report"
            }
            #expect(reads.count == 3)

            // Supervisors, peers and evaluators do not get the report; another organization's manager gets their own, without these people.
            for user in [f.a.user(.supervisor), peerUser, f.a.user(.evaluator)] {
                let actor = try await f.actor(user)
                try await Self.expectRefused(f, .deny) { _ = try await w.report(by: actor, context: f.context(actor)) }
            }
            let outsider = try await f.actor(f.base.b.user(.programManager))
            let theirs = try await w.report(by: outsider, context: f.context(outsider))
            #expect(theirs.names[peerUser.id] == nil && theirs.report.wellness == nil && theirs.report.languages.allSatisfy { $0.participants == 0 })
        }
    }

    /// The summary is of peers (`WellnessSummary.respondents`: "Peers whose latest check-in in the period is
    /// counted"), and its threshold keeps peers' answers anonymous. Anyone may give themselves a check-in,
    /// so a manager who checks in can lift a group of four peers over the threshold and subtract their own answers.
    @Test("the report's wellness counts peers only: four peers and a manager who checked in are still withheld", arguments: TestEngine.available)
    func wellnessCountsPeersOnly(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let (f, w) = try await Self.setUp(test.db)
            let admin = Administration(f.journey.store, hasher: Fixture.hasher)
            let extra = try await admin.createUser(.init(email: "extra@a.fixture.test", displayName: "extra", password: Fixture.password,
                                                         roles: [.peerSpecialist], programIDs: [f.a.program.id], supervisorID: f.a.user(.supervisor).id),
                                                   organizationID: f.a.provider.id, by: nil, context: .cli("fixture"))
            let manager = try await f.actor(f.a.user(.programManager))
            for user in [f.a.user(.peerSpecialist), f.journeyFixture.colleague, f.journeyFixture.otherPeer, extra, f.a.user(.programManager)] {
                let actor = try await f.actor(user)
                _ = try await w.checkIn(satisfaction: 3, burnout: 3, supported: 3, note: "", by: actor, context: f.context(actor))
            }
            let report = try await w.report(by: manager, context: f.context(manager)).report
            #expect(report.peers == 4)
            #expect(report.wellness == nil, "shown with \(report.wellness?.respondents ?? 0) respondents, one of them the manager reading it")
        }
    }

    // MARK: - Upgrade

    @Test("a pairing profile written before the workforce keeps being shared; one written after, without consent, shares nothing",
          arguments: TestEngine.available)
    func upgradeKeepsOldProfilesShared(engine: TestEngine) async throws {
        try await TestDatabase.withEmpty(engine) { db in
            try await Migrator.migrate(db, upTo: 12, auditKey: TestDatabase.auditKey)
            // A provider, its program and a peer as version 12 wrote them (today's records write columns
            // migration 13 adds).
            let now = Date()
            let orgID = UUID()
            let program = Program(id: UUID(), organizationID: orgID, name: "Old Program", model: .longTerm, defaultLengthDays: nil,
                                  reviewFrequencyDays: 90, createdAt: now, updatedAt: now)
            let peer = User(id: UUID(), organizationID: orgID, email: "old.peer@example.org", displayName: "Old Peer", roles: [.peerSpecialist],
                            programIDs: [program.id], createdAt: now, updatedAt: now)
            try await db.write { conn in
                try await conn.sql.raw("""
                    INSERT INTO organizations (id, parent_id, name, kind, active, created_at, updated_at, version)
                    VALUES (\(bind: orgID), NULL, 'Old Provider', 'provider', \(bind: true), \(bind: now), \(bind: now), 1)
                    """).run()
                try await ProgramRecords.insert(program, on: conn)
                try await UserRecords.insert(peer, passwordHash: "x", on: conn)
            }
            var b = PeerBackground()
            b.languages = ["en", "hmn"]
            b.livedExperience = [.familyMember]
            b.culturalBackground = "Hmong"
            b.genderIdentity = .nonbinary
            b.capacity = 18
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let json = String(decoding: try encoder.encode(b), as: UTF8.self)
            try await db.write { conn in
                try await conn.sql.raw("""
                    INSERT INTO peer_profiles (user_id, organization_id, profile, capacity, updated_at)
                    VALUES (\(bind: peer.id), \(bind: peer.organizationID), \(bind: json), \(bind: b.capacity), \(bind: Date()))
                    """).run()
            }
            try await Migrator.migrate(db, auditKey: TestDatabase.auditKey)
            #expect(try await Migrator.currentVersion(db) == Migrator.latestVersion)

            let old = try #require(try await db.read { conn in try await WorkforceProfileRecords.profile(peer.id, on: conn) })
            #expect(old.background == b)
            #expect(old.details.shared == Set(SharedFact.allCases) && old.details.discipline == .peerSupportSpecialist && old.details.credential == nil)
            let candidate = try #require(try await db.read { conn in
                try await WorkforceProfileRecords.candidates(programID: program.id, on: conn)
            }.first { $0.userID == peer.id })
            #expect(candidate.livedExperience == [.familyMember] && candidate.culturalBackground == "Hmong" && candidate.genderIdentity == .nonbinary)

            // After the upgrade, a background saved without the sharing question shares nothing.
            let fixture = try await Fixture.make(db)
            let other = fixture.b.user(.peerSpecialist)
            try await db.write { conn in
                try await WorkforceProfileRecords.save(userID: other.id, organizationID: other.organizationID, b, now: Date(), on: conn)
            }
            let fresh = try #require(try await db.read { conn in try await WorkforceProfileRecords.profile(other.id, on: conn) })
            #expect(fresh.background == b && fresh.details == WorkforceDetails())
            let hidden = try #require(try await db.read { conn in
                try await WorkforceProfileRecords.candidates(programID: fixture.b.program.id, on: conn)
            }.first { $0.userID == other.id })
            #expect(hidden.livedExperience.isEmpty && hidden.culturalBackground == "" && hidden.genderIdentity == nil && hidden.languages == ["en", "hmn"])
            // Saving the background again keeps the details (and so the sharing) the profile holds.
            try await db.write { conn in
                try await WorkforceProfileRecords.save(userID: peer.id, organizationID: peer.organizationID, b, now: Date(), on: conn)
            }
            #expect(try await db.read { conn in try await WorkforceProfileRecords.profile(peer.id, on: conn) }?.details.shared == Set(SharedFact.allCases))
        }
    }
}
