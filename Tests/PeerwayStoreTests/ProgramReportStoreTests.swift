import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import Testing

/// The program report on a hand-built data set whose true figures are written here (issue 14's "done
/// when"): 40 people connected, 12 enrolled, 3 family members, 25 services of known types to 18 people,
/// 30 referrals of which 18 linked, known intake answers and follow-ups, and known crisis events.
@Suite("Program report (store)")
struct ProgramReportStoreTests {
    static func day(_ text: String) -> CalendarDate { CalendarDate(text)! }
    static func at(_ text: String) -> Date { DateRules.instant("\(text)T10:00", in: TimeZone(identifier: "UTC"))! }
    static let period = ReportPeriod(from: day("2026-07-01"), to: day("2026-09-30"))

    @Test("a hand-built quarter yields exactly its known figures", arguments: TestEngine.available)
    func knownFigures(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let j = f.journey, s = f.services, program = f.a.program.id
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            let manager = try await f.actor(f.a.user(.programManager))
            let instruments = Instruments(j.store)
            let referrals = Referrals(j.store)
            // Today is 2026-09-24; the quarter runs 1 July – 30 September.
            func create(_ given: String, _ family: String, kind: PersonKind = .participant, related: UUID? = nil,
                        contactAt: Date? = nil) async throws -> Person {
                var person = f.journeyFixture.person(given, family, born: "1980-01-01")
                person.kind = kind
                person.relatedParticipantID = related
                person.relationship = related == nil ? nil : .parent
                var contact = f.journeyFixture.contact(program)
                if let contactAt { contact.draft.occurredAt = contactAt }
                return try await j.createPerson(person, programID: program, contact: contact, by: peer, context: f.context(peer))
            }

            // 12 enrolled on 15 July, paired with the peer.
            var enrolled: [Person] = []
            for i in 0..<12 {
                let person = try await create("Enrolled\(i)", "Report")
                _ = try await j.screen(person.id, programID: program, screenedOn: Self.day("2026-07-10"),
                                       answers: .init(serviceCriteriaMet: ["A"], exclusionsPresent: []), by: manager, context: f.context(manager))
                _ = try await j.enroll(person.id, EnrollmentRequest(programID: program, enrolledOn: Self.day("2026-07-15"),
                                                                   consent: EnrollmentConsent(signedBy: .participant, signedOn: Self.day("2026-07-15"),
                                                                                              method: .wetSignature),
                                                                   goals: "", peerID: f.a.user(.peerSpecialist).id),
                                       by: manager, context: f.context(manager))
                enrolled.append(person)
            }
            // 3 family members of enrolled participants, 25 people who only made contact, and outside the
            // counts: someone whose only contact was in June, two anonymous calls (listed apart), and a
            // participant of another program.
            var family: [Person] = []
            for i in 0..<3 { family.append(try await create("Family\(i)", "Report", kind: .supportPerson, related: enrolled[i].id)) }
            var others: [Person] = []
            for i in 0..<25 { others.append(try await create("Contact\(i)", "Report")) }
            _ = try await create("June", "Report", contactAt: Self.at("2026-06-15"))
            for _ in 0..<2 { _ = try await j.logContact(personID: nil, f.journeyFixture.contact(program), by: peer, context: f.context(peer)) }
            _ = try await f.participant("Other", "Program", takenInBy: f.journeyFixture.otherManager, manager: f.journeyFixture.otherManager,
                                        program: f.a.otherProgram.id, pairedWith: f.journeyFixture.otherPeer)

            // 25 signed services to 18 people: navigation 15, counseling 8, crisis support 2; a draft and a
            // June service are not counted.
            func serve(_ person: Person, _ date: String, _ type: String, sign: Bool = true) async throws {
                _ = try await s.document(personID: person.id, programID: program, ServiceFixture.input(date: Self.day(date), type: type),
                                         sign: sign, by: peer, context: f.context(peer))
            }
            for person in enrolled { try await serve(person, "2026-08-03", "peer_navigation") }
            for person in enrolled.prefix(5) { try await serve(person, "2026-08-17", "peer_counseling") }
            for person in family { try await serve(person, "2026-08-04", "peer_counseling") }
            for person in others.prefix(3) { try await serve(person, "2026-08-05", "peer_navigation") }
            for person in others.prefix(2) { try await serve(person, "2026-08-06", "crisis_support") }
            try await serve(enrolled[5], "2026-08-20", "peer_counseling", sign: false)
            try await serve(enrolled[6], "2026-06-30", "peer_navigation")

            // 30 referrals made on 10 August: housing 10 (7 linked, 1 not linked, 1 declined, 1 sent),
            // mental health 12 (8 linked, 2 not linked, 2 proposed), basic needs 8 (3 linked, 1 not linked,
            // 2 declined, 2 accepted).
            let plan: [(ReferralNeed, [ReferralStatus])] = [
                (.housing, Array(repeating: .linked, count: 7) + [.notLinked, .declined, .sent]),
                (.mentalHealth, Array(repeating: .linked, count: 8) + [.notLinked, .notLinked, .proposed, .proposed]),
                (.basicNeeds, Array(repeating: .linked, count: 3) + [.notLinked, .declined, .declined, .accepted, .accepted]),
            ]
            var n = 0
            for (need, ends) in plan {
                for end in ends {
                    let person = enrolled[n % 12]
                    n += 1
                    let draft = ReferralDraft(resource: ReferralResource(name: "Resource \(n)", organizationName: "Org", phone: "619-555-0100"),
                                              need: need, urgency: .soon, handoff: .callTogether, madeAt: Self.at("2026-08-10"),
                                              status: end == .proposed ? .proposed : .sent, note: "")
                    let made = try await referrals.make(for: person.id, programID: program, draft, by: peer, context: f.context(peer))
                    let path: [ReferralStatus] = switch end {
                    case .linked: [.accepted, .linked]
                    case .notLinked: [.accepted, .notLinked]
                    case .declined: [.declined]
                    case .accepted: [.accepted]
                    default: []
                    }
                    for (step, status) in path.enumerated() {
                        _ = try await referrals.move(made.id, to: status, occurredAt: Self.at("2026-08-1\(step + 2)"),
                                                     reason: [.notLinked, .declined].contains(status) ? .waitList : nil, note: "",
                                                     by: peer, context: f.context(peer))
                    }
                }
            }

            // The program intake on enrollment for all 12; a follow-up on 15 September for the first 8.
            func profile(_ person: Person, _ timepoint: TimepointKind, _ date: String, homeless: Bool, depressed: Int, quality: Int,
                         substance: Int, primaryCare: Bool) async throws {
                var answers = ["homeless": homeless ? 1 : 0, "depressed": depressed, "quality_of_life": quality, "substance_use": substance,
                               "has_primary_care": primaryCare ? 1 : 0, "seen_primary_care": 0, "comfort_seeking_help": 3, "knows_where_help": 1]
                if timepoint != .intake { answers["satisfaction"] = 5 }
                _ = try await instruments.record(for: person.id, AdministrationDraft(instrumentID: ProgramProfile.id, timepoint: timepoint,
                                                                                     givenOn: Self.day(date), respondent: .selfReport, responses: answers),
                                                 by: peer, context: f.context(peer))
            }
            for (i, person) in enrolled.enumerated() {
                try await profile(person, .intake, "2026-07-15", homeless: i < 4, depressed: i < 8 ? 4 : 2, quality: i < 10 ? 2 : 3,
                                  substance: i < 2 ? 5 : 1, primaryCare: i < 6)
            }
            for (i, person) in enrolled.prefix(8).enumerated() {
                try await profile(person, .followUp, "2026-09-15", homeless: i == 0, depressed: 2, quality: 3, substance: 1, primaryCare: true)
            }
            // MORS, rated by the peer: intake 4 4 4 4 5 5 5 5 3 3 6 6; follow-up for the first 8: 5 5 6 4 6 7 5 6.
            let morsIntake = [4, 4, 4, 4, 5, 5, 5, 5, 3, 3, 6, 6], morsLater = [5, 5, 6, 4, 6, 7, 5, 6]
            for (i, person) in enrolled.enumerated() {
                _ = try await instruments.record(for: person.id, AdministrationDraft(instrumentID: MORS.id, timepoint: .intake, givenOn: Self.day("2026-07-15"),
                                                                                     respondent: .staffRated, responses: ["milestone": morsIntake[i]]),
                                                 by: peer, context: f.context(peer))
                guard i < 8 else { continue }
                _ = try await instruments.record(for: person.id, AdministrationDraft(instrumentID: MORS.id, timepoint: .followUp, givenOn: Self.day("2026-09-15"),
                                                                                     respondent: .staffRated, responses: ["milestone": morsLater[i]]),
                                                 by: peer, context: f.context(peer))
            }
            // Crisis events: the first participant is discharged on 25 July, re-admitted 16 days later and
            // discharged on 12 August, then seen in an emergency unit on 1 September; the second went to an
            // emergency unit on 1 June, before enrolling.
            for event in [CrisisEvent(kind: .psychiatricAdmission, startedOn: Self.day("2026-07-20"), endedOn: Self.day("2026-07-25")),
                          CrisisEvent(kind: .psychiatricAdmission, startedOn: Self.day("2026-08-10"), endedOn: Self.day("2026-08-12")),
                          CrisisEvent(kind: .emergencyVisit, startedOn: Self.day("2026-09-01"))] {
                _ = try await j.recordCrisisEvent(enrolled[0].id, event, note: "", by: peer, context: f.context(peer))
            }
            _ = try await j.recordCrisisEvent(enrolled[1].id, CrisisEvent(kind: .emergencyVisit, startedOn: Self.day("2026-06-01")), note: "",
                                              by: peer, context: f.context(peer))

            let reports = ProgramReports(j.store)
            let (report, programs) = try await reports.report(programIDs: [program], period: Self.period, by: manager, context: f.context(manager))
            #expect(programs.map(\.program.id) == [program])

            try Self.expectKnownFigures(report)

            // An empty period counts nothing and divides by nothing.
            let empty = try await reports.report(programIDs: [program], period: ReportPeriod(from: Self.day("2025-01-01"), to: Self.day("2025-01-31")),
                                                 by: manager, context: f.context(manager)).report
            #expect(empty.people.connected == 0 && empty.services.given == 0 && empty.services.perPersonServed == nil)
            #expect(empty.referrals.linkedOfMade.percent == nil && empty.intakeProfile.allSatisfy { $0.proportion.percent == nil })
            #expect(empty.outcomes.isEmpty && empty.readmissions.readmitted30.percent == nil)
            #expect(empty.readmissions.anyEvent.p.value == nil)
            #expect(empty.sfOutcomes.allSatisfy { $0.status == .notYetMeasured && $0.proportion == nil })
        }
    }

    /// The quarter's true figures, whichever way its records came in (recorded in Peerway, or imported
    /// from history files).
    static func expectKnownFigures(_ report: ProgramReport) throws {
        let people = report.people
        #expect((people.connected, people.enrolled, people.newlyEnrolled, people.familyOfEnrolled, people.othersConnected, people.anonymousContacts)
                == (40, 12, 12, 3, 25, 2))

        #expect(report.enrollmentsWithIntake == 12)
        #expect(report.intakeProfile.map { "\($0.scale)=\($0.proportion.numerator)/\($0.proportion.denominator)" }
                == ["homeless=4/12", "depressed_often=8/12", "quality_poor_fair=10/12", "substance_often=2/12"])
        #expect(report.intakeProfile.map(\.proportion.percent) == [33.3, 66.7, 83.3, 16.7])
        #expect(report.followUpProfile.map { "\($0.scale)=\($0.proportion.numerator)/\($0.proportion.denominator)" }
                == ["satisfied=8/8", "knows_where_help=8/8", "comfortable_seeking_help=0/8"])

        let services = report.services
        #expect((services.given, services.peopleServed, services.toEnrolled, services.toFamily, services.toOthers, services.drafts)
                == (25, 18, 17, 3, 5, 1))
        #expect(services.perPersonServed == 1.4)
        #expect(services.byType.map { "\($0.code)=\($0.count)" } == ["peer_navigation=15", "peer_counseling=8", "crisis_support=2"])
        #expect(services.byType.map(\.percent) == [60.0, 32.0, 8.0])

        let r = report.referrals
        #expect((r.made, r.open) == (30, 5))
        #expect((r.linkedOfMade.numerator, r.linkedOfMade.denominator, r.linkedOfMade.percent) == (18, 30, 60.0))
        #expect((r.linkedOfOutcomes.numerator, r.linkedOfOutcomes.denominator) == (18, 25))
        #expect(r.byNeed.map { "\($0.need.rawValue)=\($0.made):\($0.linkage.numerator)/\($0.linkage.denominator)" }
                == ["mental_health=12:8/10", "housing=10:7/9", "basic_needs=8:3/6"])

        let outcome = { (instrument: String, scale: String) in report.outcomes.first { $0.instrumentID == instrument && $0.scale == scale } }
        let homeless = try #require(outcome(ProgramProfile.id, "homeless"))
        #expect((homeless.level, homeless.intakes, homeless.paired, homeless.withoutFollowUp) == (.yesNo, 12, 8, 4))
        let homelessTest = try #require(homeless.yesNo)
        #expect((homelessTest.yesYes, homelessTest.yesNo, homelessTest.noYes, homelessTest.noNo) == (1, 3, 0, 4))
        #expect(homelessTest.method == .exactBinomial)
        #expect(homelessTest.p.value == 0.25)
        let depressed = try #require(outcome(ProgramProfile.id, "depressed_often")?.yesNo)
        #expect(depressed.yesNo == 8 && depressed.p.value == 0.0078125)
        let mors = try #require(outcome(MORS.id, "milestone"))
        #expect((mors.level, mors.intakes, mors.paired) == (.ordinal, 12, 8))
        let morsTest = try #require(mors.score)
        #expect(morsTest.choice.test == .wilcoxonSignedRank)
        #expect(morsTest.meanBefore.value == 4.5 && morsTest.meanAfter.value == 5.5)
        // SciPy: wilcoxon(after - before, zero_method="wilcox", correction=False, method="approx").pvalue
        #expect(abs((morsTest.p.value ?? 1) - 0.023140931308743732) < 1e-9)
        #expect(morsTest.effectSize.value == 1.0)

        let re = report.readmissions
        #expect(re.discharges == 2)
        #expect([re.readmitted30, re.readmitted90, re.emergency30, re.emergency90].map { "\($0.numerator)/\($0.denominator)" }
                == ["1/2", "1/2", "1/2", "2/2"])
        #expect((re.enrollmentsCompared, re.eventsBefore, re.eventsDuring) == (12, 1, 3))
        #expect((re.anyEvent.yesYes, re.anyEvent.yesNo, re.anyEvent.noYes, re.anyEvent.noNo) == (0, 1, 1, 10))

        // Seed 000's eight outcomes: what the quarter measured, and "not yet measured" for the rest
        // (no PROMIS, no wellness check-ins or career steps in the fixture).
        #expect(report.sfOutcomes.map(\.key) == SFOutcome.Key.allCases)
        #expect(report.sfOutcomes.map(\.status.rawValue) == ["measured", "measured", "not_yet_measured", "measured", "measured",
                                                             "not_yet_measured", "not_yet_measured", "not_yet_measured"])
        let awareness = try #require(report.sfOutcomes.first)
        #expect(awareness.measure == "program-profile/knows_where_help")
        #expect((awareness.proportion?.numerator, awareness.proportion?.denominator) == (8, 8))
        #expect(report.sfOutcomes[1].proportion == r.linkedOfMade)
        #expect(report.sfOutcomes[3].change?.yesNo?.yesNo == 8)
    }

    @Test("who may NOT read a program's report: a peer, another program's manager, another organization; refusals are audited",
          arguments: TestEngine.available)
    func whoMayNotRead(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let reports = ProgramReports(f.journey.store)
            let program = f.a.program.id
            for (user, decision) in [(f.a.user(.peerSpecialist), AccessDecision.deny), (f.journeyFixture.otherManager, .notFound),
                                     (f.base.b.user(.programManager), .notFound), (f.a.user(.organizationAdmin), .notFound)] {
                let actor = try await f.actor(user)
                let before = try await f.journeyFixture.count("audit_events", where: "action = 'access_denied'")
                await #expect(throws: AccessRefused(decision: decision), "\(user.email)") {
                    _ = try await reports.report(programIDs: [program], period: Self.period, by: actor, context: f.context(actor))
                }
                #expect(try await f.journeyFixture.count("audit_events", where: "action = 'access_denied'") == before + 1)
            }
            // The program's manager, supervisor and evaluator read it; the county's evaluator reads its provider's.
            for user in [f.a.user(.programManager), f.a.user(.supervisor)] {
                let actor = try await f.actor(user)
                #expect(try await reports.reportable(by: actor).map(\.program.id).contains(program))
            }
            let peer = try await f.actor(f.a.user(.peerSpecialist))
            #expect(try await reports.reportable(by: peer).isEmpty)
        }
    }
}
