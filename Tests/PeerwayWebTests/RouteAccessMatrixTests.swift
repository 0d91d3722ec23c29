import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import PeerwayWeb
import Testing

/// Every route × every role × own and another organization's records, compared with the access
/// policy. The expected outcome is computed here from the fixture's records, independently of the
/// route table's own lookups: allowed → anything but 401/403/404; denied → 403; out of scope → 404.
@Suite("Route access matrix")
struct RouteAccessMatrixTests {
    enum Scope: String { case own, other }

    struct Case: CustomStringConvertible {
        let method: HTTPRequest.Method
        let path: String
        let expected: AccessDecision
        let role: Role
        let scope: Scope
        var description: String { "\(role.rawValue) \(method.rawValue) \(path) [\(scope.rawValue)] expects \(expected.rawValue)" }
    }

    /// The record a route's `:id` names in each scope, and the policy resource it stands for.
    static func target(_ ref: ResourceRef, scope: Scope, role: Role, actor: Actor, fixture: Fixture,
                       seeds: [Scope: SeededParticipant]) -> (id: UUID?, resource: AccessResource) {
        let side = scope == .own ? fixture.a : fixture.b
        // The participant each side's peer took in, enrolled in the side's program and paired with that peer.
        let participantScope = ParticipantScope(organizationID: side.provider.id, programIDs: [side.program.id],
                                                assignedPeerIDs: [side.user(.peerSpecialist).id], contactLoggedByIDs: [side.user(.peerSpecialist).id],
                                                supervisorIDs: [side.user(.supervisor).id])
        switch ref {
        case .participants: return (nil, .participants(organizationID: actor.organizationID, programID: nil))
        case .participant: return (seeds[scope]!.person, .participant(participantScope))
        case .episode: return (seeds[scope]!.episode, .participant(participantScope))
        case .referral: return (seeds[scope]!.referral, .participant(participantScope))
        case .instrumentAdministration: return (seeds[scope]!.administration, .participant(participantScope))
        case .plan: return (seeds[scope]!.plan, .participant(participantScope))
        case .service:
            // A signed note the side's peer wrote about that participant.
            return (seeds[scope]!.service, .service(ServiceScope(organizationID: side.provider.id, programID: side.program.id,
                                                                 authorID: side.user(.peerSpecialist).id,
                                                                 authorSupervisorID: side.user(.supervisor).id, participant: participantScope)))
        case .programServices: return (side.program.id, .services(organizationID: side.program.organizationID, programID: side.program.id))
        case .ownServices: return (nil, .staffServices(.init(organizationID: actor.organizationID, staffID: actor.userID, supervisorID: nil)))
        case .team: return (nil, .team(organizationID: actor.organizationID))
        case .organizations: return (nil, .organizations)
        case .organization:
            let org = scope == .own ? (role == .systemAdmin ? side.county : side.provider) : side.provider
            return (org.id, .organization(id: org.id))
        case .programs: return (nil, .program(organizationID: actor.organizationID, programID: nil))
        case .program: return (side.program.id, .program(organizationID: side.program.organizationID, programID: side.program.id))
        case .users: return (nil, .user(organizationID: actor.organizationID, userID: nil))
        case .user:
            let user = side.user(role == .evaluator ? .peerSpecialist : .evaluator)
            return (user.id, .user(organizationID: user.organizationID, userID: user.id))
        case .auditTrail: return (nil, .auditTrail(organizationID: actor.organizationID))
        case .accessMatrix: return (nil, .accessMatrix(organizationID: actor.organizationID))
        case .ownAccount: return (nil, .ownAccount)
        case .directory: return (nil, .directory(DirectoryScope(organizationID: actor.organizationID)))
        case .staffRecord, .wellness:
            // The side's peer specialist, supervised by the side's supervisor.
            let peer = side.user(.peerSpecialist)
            let scope = StaffScope(organizationID: peer.organizationID, staffID: peer.id, supervisorID: side.user(.supervisor).id)
            return (peer.id, ref == .wellness ? .wellness(scope) : .staffRecord(scope))
        case .workforce: return (nil, .workforce(organizationID: actor.organizationID))
        case .supervision: return (nil, .supervision(organizationID: actor.organizationID))
        case .programReports:
            // The report of the side's first program, which the guard finds among those the actor could report on.
            return (nil, .programReport(ReportScope(organizationID: side.provider.id, parentOrganizationID: side.county.id, programID: side.program.id)))
        case .deidentifiedData: return (nil, .deidentifiedData(organizationID: actor.organizationID))
        default: Issue.record("no target for the route resource \(ref)"); return (nil, .ownAccount)
        }
    }

    /// A body that every allowed handler rejects as invalid, so walking the matrix changes nothing.
    static func invalidBody(_ entry: RouteEntry) -> (form: [(String, String)]?, json: String?) {
        guard entry.method != .get && entry.method != .delete else { return (nil, nil) }
        if entry.kind == .api { return (nil, #"{"name": 42, "display_name": 42, "email": 42}"#) }
        return ([("name", ""), ("display_name", ""), ("review_frequency_days", "0")], nil)
    }

    @Test("every guarded route answers each role as the access policy decides", arguments: TestEngine.available)
    func matrix(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let fixture = harness.fixture
            let table = PeerwayApp.routeTable(harness.env)
            let seeds: [Scope: SeededParticipant] = [
                .own: try await SeededParticipant.make(fixture.a, db: harness.test.db),
                .other: try await SeededParticipant.make(fixture.b, db: harness.test.db),
            ]
            var checked = 0
            var failures: [String] = []
            for role in Role.allCases {
                let browser = Browser(client)
                let user = fixture.a.user(role)
                let signIn = try await browser.signIn(user.email, clock: harness.clock)
                try #require(signIn.status == .seeOther, "sign-in as \(role) failed with \(signIn.status)")
                let actor = try await harness.actor(user)
                for entry in table.entries {
                    guard case .policy(let action, let ref) = entry.guardRule else { continue }
                    // Token revocation names a token, not a record in scope: covered by the token tests.
                    if ref == .ownAccount && entry.path.contains(":id") { continue }
                    // Undoing a merge names a merge, not a participant: covered by the journey tests.
                    if ref == .participants && entry.path.contains(":id") { continue }
                    // A directory service is named by its HSDS id in its organization's directory: the
                    // directory's own suites walk those routes for each role (DirectoryCurationWebTests).
                    if entry.path.contains(":service") { continue }
                    // An import job is named by its own id: its suites walk it for each role and for
                    // another organization (DirectoryImportJobTests, DirectoryImportJobWebTests).
                    if ref == .directory && entry.path.contains(":id") { continue }
                    for scope in entry.path.contains(":id") ? [Scope.own, .other] : [.own] {
                        let (id, resource) = Self.target(ref, scope: scope, role: role, actor: actor, fixture: fixture, seeds: seeds)
                        let path = id.map { entry.path.replacingOccurrences(of: ":id", with: $0.text) } ?? entry.path
                        let expected = AccessPolicy.decide(actor, action, resource)
                        let body = Self.invalidBody(entry)
                        let response = try await browser.request(entry.method, path, form: body.form.map { $0 + [("csrf", browser.csrf)] }, json: body.json,
                                                                  headers: body.json != nil ? [.init("X-CSRF-Token")!: browser.csrf] : [:])
                        let status = response.status.code
                        let ok: Bool
                        switch expected {
                        case .allow: ok = ![401, 403, 404].contains(status) && status < 500
                        case .deny: ok = status == 403
                        case .notFound: ok = status == 404
                        }
                        if !ok { failures.append("\(Case(method: entry.method, path: entry.path, expected: expected, role: role, scope: scope)) got \(status)") }
                        if expected != .allow, scope == .other, let id {
                            // A refusal carries no record data: not even the id it was asked about.
                            if response.text.contains(id.text) { failures.append("\(role) \(entry.path): refusal echoes the record id") }
                        }
                        checked += 1
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.count) of \(checked) cases differ from the policy:\n\(failures.joined(separator: "\n"))")
            #expect(checked > 200)
        }
    }

    @Test("anonymous callers reach only open routes", arguments: TestEngine.available)
    func anonymous(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let browser = Browser(client)
            var failures: [String] = []
            for entry in PeerwayApp.routeTable(harness.env).entries {
                if case .open = entry.guardRule { continue }
                let path = entry.path.replacingOccurrences(of: ":id", with: harness.fixture.a.program.id.text)
                let response = try await browser.request(entry.method, path, form: entry.method == .get ? nil : [], json: nil)
                let status = response.status.code
                let expected: Set<UInt> = entry.kind == .api ? [401] : (entry.method == .get ? [303] : [401, 403])
                if !expected.contains(UInt(status)) { failures.append("\(entry.method) \(entry.path) got \(status)") }
                if entry.method == .get && entry.kind != .api && response.headers[.location] != "/signin" {
                    failures.append("\(entry.path) does not send the visitor to sign in")
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }

    @Test("another organization's records answer 404 with no data, by page and by API", arguments: TestEngine.available)
    func idor(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let b = harness.fixture.b
            let secrets = [b.provider.name, b.program.name, b.user(.peerSpecialist).email, b.user(.peerSpecialist).displayName]
            for role in [Role.organizationAdmin, .systemAdmin, .programManager, .supervisor] {
                let browser = Browser(client)
                try await browser.signIn(harness.fixture.a.user(role).email, clock: harness.clock)
                let program = b.program.id.text
                let user = b.user(.peerSpecialist).id.text
                let org = b.provider.id.text
                let attempts: [(HTTPRequest.Method, String, String?)] = [
                    (.get, "/api/v1/programs/\(program)", nil), (.patch, "/api/v1/programs/\(program)", #"{"name":"Taken over"}"#),
                    (.get, "/api/v1/users/\(user)", nil), (.patch, "/api/v1/users/\(user)", #"{"disabled":true}"#),
                    (.get, "/api/v1/organizations/\(org)", nil), (.patch, "/api/v1/organizations/\(org)", #"{"active":false}"#),
                    (.get, "/admin/programs/\(program)", nil), (.get, "/admin/users/\(user)", nil), (.get, "/admin/organizations/\(org)", nil),
                ]
                for (method, path, json) in attempts {
                    let response = try await browser.request(method, path, json: json, headers: [.init("X-CSRF-Token")!: browser.csrf])
                    #expect(response.status == .notFound, "\(role) \(method) \(path) → \(response.status)")
                    for secret in secrets { #expect(!response.text.contains(secret), "\(role) \(path) leaked \(secret)") }
                }
                let form = try await browser.post("/admin/users/\(user)", [("display_name", "Taken over"), ("privileges_present", "1"), ("disabled", "on")])
                #expect(form.status == .notFound)
            }
            let untouched = try await harness.test.db.read { conn in try await UserRecords.get(b.user(.peerSpecialist).id, on: conn) }
            #expect(untouched?.disabled == false)
            #expect(untouched?.displayName == b.user(.peerSpecialist).displayName)
            let program = try await harness.test.db.read { conn in try await ProgramRecords.get(b.program.id, on: conn) }
            #expect(program?.name == b.program.name)
        }
    }
}

/// A participant written straight to the tables (no service, no policy): taken in by the side's peer,
/// enrolled in the side's program and paired with that peer.
struct SeededParticipant {
    let person: UUID
    let episode: UUID
    let service: UUID
    let referral: UUID
    let administration: UUID
    let plan: UUID

    static func make(_ side: Fixture.Side, db: Database, ids: any IDSource = RandomIDs(), now: Date = Date()) async throws -> SeededParticipant {
        let peer = side.user(.peerSpecialist)
        var person = Person(id: ids.next(), organizationID: side.provider.id, intakeProgramID: side.program.id, legalGivenName: "Seeded",
                            legalFamilyName: "Participant \(side.provider.name)", dateOfBirth: CalendarDate("1990-01-01"), createdAt: now, updatedAt: now)
        person.details.preferredLanguage = "en"
        var episode = Episode(id: ids.next(), participantID: person.id, programID: side.program.id, enrolledOn: CalendarDate("2026-01-05")!,
                              plannedEndOn: CalendarDate("2026-07-06"))
        episode.organizationID = side.provider.id
        episode.nextReviewOn = CalendarDate("2026-02-04")
        let content = ServiceContent(date: CalendarDate("2026-01-12")!, startMinute: 600, durationMinutes: 45, serviceType: "peer_navigation",
                                     coreFunctions: ["health_system_navigation"], modality: .inPerson, setting: .community, language: "en",
                                     note: "Seeded note")
        let service = PeerService(id: ids.next(), organizationID: side.provider.id, programID: side.program.id, personID: person.id, peerID: peer.id,
                                  content: content, status: .signed, enteredAt: now, signedAt: now, updatedAt: now)
        try await db.write { conn in
            try await PersonRecords.insert(person, createdBy: peer.id, on: conn)
            try await EpisodeRecords.insert(episode, screeningID: nil, createdBy: peer.id, now: now, on: conn)
            try await AssignmentRecords.insert(Assignment(id: ids.next(), organizationID: side.provider.id, episodeID: episode.id, personID: person.id,
                                                          peerID: peer.id, startedAt: now, assignedBy: side.user(.supervisor).id, reason: ""), on: conn)
            try await ServiceRecords.insert(service, on: conn)
        }
        // A housing referral the peer made for them, sent and waiting for an outcome.
        let referral = Referral(id: ids.next(), organizationID: side.provider.id, programID: side.program.id, personID: person.id,
                                resource: ReferralResource(name: "Seeded housing service"), need: .housing, urgency: .routine, handoff: .none,
                                madeAt: now, madeBy: peer.id, note: "", status: .sent, followUpOn: CalendarDate("2026-01-19"), createdAt: now)
        // A PROMIS Global-10 intake the peer gave them, scored by Core.
        let promis = PromisGlobal10.instrument, answers = ["global02": 3, "global04": 3, "global05": 3, "global10r": 3]
        let administration = InstrumentAdministration(
            id: ids.next(), organizationID: side.provider.id, programID: side.program.id, personID: person.id, episodeID: episode.id,
            instrumentID: promis.id, instrumentVersion: promis.version, timepoint: .intake, givenOn: CalendarDate("2026-01-12")!, respondent: .selfReport,
            language: "en", givenBy: peer.id, responses: answers, scores: promis.score(answers, at: .intake), recordedAt: now)
        // An agreed recovery plan with one goal and one step.
        let goal = PlanGoal(id: ids.next(), domain: "social", words: "See my friends again",
                            steps: [PlanStep(id: ids.next(), what: "Call Ana", who: .participant)])
        let plan = PlanVersion(id: ids.next(), kind: .recovery, organizationID: side.provider.id, programID: side.program.id, personID: person.id,
                               episodeID: episode.id, number: 1, status: .agreed, content: .recovery(RecoveryPlanContent(goals: [goal])),
                               createdBy: peer.id, createdAt: now, updatedAt: now,
                               agreement: PlanAgreement(method: .verbal, on: CalendarDate("2026-01-12")!, recordedBy: peer.id, note: ""))
        try await db.write { conn in
            try await ReferralRecords.insert(referral, madeOn: CalendarDate("2026-01-12")!, on: conn)
            try await InstrumentRecords.insert([administration], on: conn)
            try await PlanRecords.insert(plan, on: conn)
        }
        return SeededParticipant(person: person.id, episode: episode.id, service: service.id, referral: referral.id, administration: administration.id,
                                 plan: plan.id)
    }
}
