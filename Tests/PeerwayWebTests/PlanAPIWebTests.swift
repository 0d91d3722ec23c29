import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
@testable import PeerwayWeb
import Testing

/// Recovery and crisis plans through API v1: a plan's life with its stable refusals (none of which
/// writes anything), If-Match on the row version, comparing versions, progress on goals, the goals a
/// service worked on, a program's domains, and who can NOT see a plan (404 revealing nothing).
@Suite("Plans (API)")
struct PlanAPIWebTests {
    static func json(_ response: TestResponse) throws -> [String: Any] { try APITests.json(response) }

    /// `field:code` of each error of a problem document.
    static func codes(_ response: TestResponse) throws -> [String] {
        ((try json(response)["errors"] as? [[String: Any]]) ?? []).map { "\($0["field"] ?? ""):\($0["code"] ?? "")" }
    }

    static func rows(_ harness: WebHarness) async throws -> Int {
        try await harness.test.db.rowCount("plans") + harness.test.db.rowCount("plan_progress") + harness.test.db.rowCount("service_goals")
    }

    static func today(_ harness: WebHarness) -> CalendarDate { CalendarDate(harness.clock.now(), in: harness.env.config.timeZone) }

    static func goals(_ plan: [String: Any]) throws -> [[String: Any]] {
        try #require((plan["content"] as? [String: Any])?["goals"] as? [[String: Any]], "\(plan)")
    }

    static func ifMatch(_ version: String) -> HTTPFields {
        var fields = HTTPFields()
        fields[.ifMatch] = version
        return fields
    }

    /// A person the side's peer took in, enrolled in the side's program on 2026-01-05 and paired with that
    /// peer, with no plan yet (`SeededParticipant` comes with an agreed recovery plan), and a signed note
    /// the peer wrote about them yesterday.
    static func enrolled(_ side: Fixture.Side, _ harness: WebHarness) async throws -> (person: UUID, episode: UUID, service: UUID) {
        let peer = side.user(.peerSpecialist), now = harness.clock.now()
        let person = Person(id: UUID(), organizationID: side.provider.id, intakeProgramID: side.program.id, legalGivenName: "Planning",
                            legalFamilyName: "Participant", dateOfBirth: CalendarDate("1988-04-02"), createdAt: now, updatedAt: now)
        var episode = Episode(id: UUID(), participantID: person.id, programID: side.program.id, enrolledOn: CalendarDate("2026-01-05")!,
                              plannedEndOn: CalendarDate("2026-07-06"))
        episode.organizationID = side.provider.id
        try await harness.test.db.write { conn in
            try await PersonRecords.insert(person, createdBy: peer.id, on: conn)
            try await EpisodeRecords.insert(episode, screeningID: nil, createdBy: peer.id, now: now, on: conn)
            try await AssignmentRecords.insert(Assignment(id: UUID(), organizationID: side.provider.id, episodeID: episode.id, personID: person.id,
                                                          peerID: peer.id, startedAt: now, assignedBy: side.user(.supervisor).id, reason: ""), on: conn)
        }
        let service = try await harness.env.documentation.document(personID: person.id, programID: side.program.id,
                                                                   ServiceFixture.input(date: today(harness).adding(days: -1)), sign: true,
                                                                   by: try await harness.actor(peer), context: .cli("test"))
        return (person.id, episode.id, service.id)
    }

    /// A person of side A's program whom the side's program manager took in and no peer is paired with:
    /// outside the peer's caseload, inside the manager's.
    static func offCaseload(_ side: Fixture.Side, _ harness: WebHarness) async throws -> UUID {
        let manager = side.user(.programManager), now = harness.clock.now()
        let person = Person(id: UUID(), organizationID: side.provider.id, intakeProgramID: side.program.id, legalGivenName: "Other",
                            legalFamilyName: "Caseload", dateOfBirth: CalendarDate("1985-02-02"), createdAt: now, updatedAt: now)
        var episode = Episode(id: UUID(), participantID: person.id, programID: side.program.id, enrolledOn: CalendarDate("2026-01-05")!,
                              plannedEndOn: CalendarDate("2026-07-06"))
        episode.organizationID = side.provider.id
        try await harness.test.db.write { conn in
            try await PersonRecords.insert(person, createdBy: manager.id, on: conn)
            try await EpisodeRecords.insert(episode, screeningID: nil, createdBy: manager.id, now: now, on: conn)
        }
        return person.id
    }

    @Test("start, edit with If-Match, agree, refuse an edit once agreed, revise, compare, log progress; each refusal names its field and writes nothing", arguments: TestEngine.available)
    func lifecycle(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let seed = try await Self.enrolled(a, harness)
            let api = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            let plans = "/api/v1/participants/\(seed.person.text)/plans"
            let today = Self.today(harness)

            let empty = try Self.json(try await api.get(plans))
            #expect((empty["items"] as? [Any])?.isEmpty == true && (empty["progress"] as? [Any])?.isEmpty == true, "\(empty)")

            // Refusals of the shape, then of Core's rules: each on its field, nothing written.
            let before = try await Self.rows(harness)
            let badKind = try await api.request(.post, plans, json: #"{"kind": "wellness"}"#)
            #expect(badKind.status == .unprocessableContent)
            #expect(try Self.codes(badKind) == ["kind:unknown_value"])
            let shape = try await api.request(.post, plans, json: """
                {"kind": "recovery", "content": {"goals": [{"words": "A home", "steps": [{"what": "Call", "by_when": "soon"}]}],
                 "wellness_tools": "Music"}}
                """)
            #expect(shape.status == .unprocessableContent)
            #expect(Set(try Self.codes(shape)) == ["wellness_tools:not_for_kind", "goals.0.domain:required", "goals.0.steps.0.who:required",
                                                   "goals.0.steps.0.by_when:invalid_date"], "\(shape.text)")
            let rules = try await api.request(.post, plans, json: """
                {"kind": "recovery", "content": {"goals": [{"domain": "housing", "words": " ", "steps": [{"what": "Call", "who": "peer"}]}]}}
                """)
            #expect(rules.status == .unprocessableContent)
            #expect(try Self.codes(rules) == ["goals.0.words:required", "goals.0.domain:unknown_value"])
            let twice = UUID().uuidString
            let sameStep = try await api.request(.post, plans, json: """
                {"kind": "recovery", "content": {"goals": [{"domain": "social", "words": "Friends",
                  "steps": [{"id": "\(twice)", "what": "Call", "who": "peer"}, {"id": "\(twice)", "what": "Meet", "who": "together"}]}]}}
                """)
            #expect(try Self.codes(sameStep) == ["goals.0.steps:duplicate_id"])
            #expect(try await Self.rows(harness) == before)

            // A draft with a goal whose id the client chose and one it left to the server.
            let goalID = UUID(), stepID = UUID()
            let made = try await api.request(.post, plans, json: """
                {"kind": "recovery", "content": {"strengths": "I keep going", "goals": [
                  {"id": "\(goalID.uuidString)", "domain": "environmental", "words": "A place of my own",
                   "steps": [{"id": "\(stepID.uuidString)", "what": "Call the housing line", "who": "participant"},
                             {"what": "Visit the open house", "who": "together", "by_when": "\(today.adding(days: 10))"}]},
                  {"domain": "social", "words": "See my sister every week"}]}}
                """)
            #expect(made.status == .created, "\(made.text)")
            #expect(made.headers[.eTag] == "\"1\"")
            let draft = try Self.json(made)
            let id = try #require(draft["id"] as? String)
            #expect(made.headers[.location] == "/api/v1/plans/\(id.lowercased())")
            #expect(draft["kind"] as? String == "recovery" && draft["status"] as? String == "draft" && draft["number"] as? Int == 1)
            #expect(draft["episode_id"] as? String == seed.episode.uuidString && draft["agreement"] == nil)
            let goals = try Self.goals(draft)
            #expect(goals.count == 2 && goals[0]["id"] as? String == goalID.uuidString && goals[1]["id"] as? String != nil)
            let steps = try #require(goals[0]["steps"] as? [[String: Any]])
            #expect(steps[0]["id"] as? String == stepID.uuidString && steps[1]["id"] as? String != nil && steps[1]["who"] as? String == "together")
            #expect(steps[1]["by_when"] as? String == today.adding(days: 10).description && steps[0]["by_when"] == nil)
            let secondGoal = try #require(goals[1]["id"] as? String)

            let again = try await api.request(.post, plans, json: #"{"kind": "recovery"}"#)
            #expect(try Self.codes(again) == ["plan:draft_exists"])

            // Edit the draft: a stale If-Match is refused and writes nothing; the current one saves.
            let edit = """
                {"content": {"strengths": "I keep going, and I ask for help", "goals": [
                  {"id": "\(goalID.uuidString)", "domain": "environmental", "words": "A place of my own",
                   "steps": [{"id": "\(stepID.uuidString)", "what": "Call the housing line", "who": "participant"}]},
                  {"id": "\(secondGoal)", "domain": "social", "words": "See my sister every week"}]}}
                """
            #expect(try await api.request(.put, "/api/v1/plans/\(id)", json: edit, headers: Self.ifMatch("\"7\"")).status == .preconditionFailed)
            let kindless = try await api.request(.put, "/api/v1/plans/\(id)", json: #"{"content": {"supporters": [{"name": "Ana"}]}}"#)
            #expect(try Self.codes(kindless) == ["supporters:not_for_kind"])
            let saved = try await api.request(.put, "/api/v1/plans/\(id)", json: edit, headers: Self.ifMatch("\"1\""))
            #expect(saved.status == .ok && saved.headers[.eTag] == "\"2\"", "\(saved.text)")
            #expect(try Self.goals(try Self.json(saved)).first?["steps"] as? [Any] != nil)

            // The agreement: refusals, then verbal today.
            let count = try await Self.rows(harness)
            let future = try await api.request(.post, "/api/v1/plans/\(id)/agreement",
                                               json: #"{"method": "verbal", "agreed_on": "\#(today.adding(days: 1))"}"#)
            #expect(future.status == .unprocessableContent)
            #expect(try Self.codes(future) == ["agreed_on:in_future"])
            let unknown = try await api.request(.post, "/api/v1/plans/\(id)/agreement", json: #"{"method": "nod", "agreed_on": "yesterday"}"#)
            #expect(try Self.codes(unknown) == ["method:unknown_value", "agreed_on:invalid_date"])
            let agreed = try await api.request(.post, "/api/v1/plans/\(id)/agreement",
                                               json: #"{"method": "verbal", "agreed_on": "\#(today)", "note": "Said yes on the phone"}"#)
            #expect(agreed.status == .ok, "\(agreed.text)")
            let agreedBody = try Self.json(agreed)
            #expect(agreedBody["status"] as? String == "agreed")
            let agreement = try #require(agreedBody["agreement"] as? [String: Any])
            #expect(agreement["method"] as? String == "verbal" && agreement["agreed_on"] as? String == today.description)
            #expect(agreement["note"] as? String == "Said yes on the phone")

            // Agreed is kept as it was: 422 plan_agreed whatever the body holds, and nothing changes.
            let refused = try await api.request(.put, "/api/v1/plans/\(id)", json: #"{"content": {"strengths": "Changed"}}"#)
            #expect(refused.status == .unprocessableContent)
            #expect(try Self.codes(refused) == ["plan:plan_agreed"])
            let refusedBadBody = try await api.request(.put, "/api/v1/plans/\(id)", json: #"{"content": {"goals": [{"words": ""}]}}"#)
            #expect(try Self.codes(refusedBadBody) == ["plan:plan_agreed"])
            let read = try await api.get("/api/v1/plans/\(id)")
            #expect(read.headers[.eTag] == "\"3\"")
            let stored = try Self.json(read)
            #expect((stored["content"] as? [String: Any])?["strengths"] as? String == "I keep going, and I ask for help")
            #expect(try await Self.rows(harness) == count)

            // A revision: a new draft numbered 2 with the same goals.
            let revised = try await api.request(.post, "/api/v1/plans/\(id)/revision")
            #expect(revised.status == .created, "\(revised.text)")
            let revision = try Self.json(revised)
            let revisionID = try #require(revision["id"] as? String)
            #expect(revised.headers[.location] == "/api/v1/plans/\(revisionID.lowercased())")
            #expect(revision["number"] as? Int == 2 && revision["status"] as? String == "draft" && revision["previous_id"] as? String == id)
            #expect(try Self.goals(revision).compactMap { $0["id"] as? String } == [goalID.uuidString, secondGoal])
            #expect(try Self.codes(try await api.request(.post, "/api/v1/plans/\(id)/revision")) == ["plan:draft_exists"])

            // Change the first goal's words and add a step; the comparison lists both.
            let newStep = UUID()
            let changed = try await api.request(.put, "/api/v1/plans/\(revisionID)", json: """
                {"content": {"strengths": "I keep going, and I ask for help", "goals": [
                  {"id": "\(goalID.uuidString)", "domain": "environmental", "words": "A place of my own by spring",
                   "steps": [{"id": "\(stepID.uuidString)", "what": "Call the housing line", "who": "participant"},
                             {"id": "\(newStep.uuidString)", "what": "Fill in the application", "who": "peer"}]},
                  {"id": "\(secondGoal)", "domain": "social", "words": "See my sister every week"}]}}
                """)
            #expect(changed.status == .ok, "\(changed.text)")
            let comparison = try Self.json(try await api.get("/api/v1/plans/\(revisionID)/comparison?with=\(id)"))
            #expect((comparison["from"] as? [String: Any])?["number"] as? Int == 1 && (comparison["to"] as? [String: Any])?["number"] as? Int == 2)
            let changes = try #require(comparison["changes"] as? [[String: Any]], "\(comparison)")
            #expect(changes.count == 2, "\(changes)")
            #expect(changes.first?["change"] as? String == "goal_changed" && changes.first?["field"] as? String == "words")
            #expect(changes.first?["from"] as? String == "A place of my own" && changes.first?["to"] as? String == "A place of my own by spring")
            #expect(changes.first?["goal_id"] as? String == goalID.uuidString)
            #expect(changes.last?["change"] as? String == "step_added" && changes.last?["step_id"] as? String == newStep.uuidString)
            #expect(changes.last?["from"] is NSNull && changes.last?["to"] as? String == "Fill in the application")
            let noWith = try await api.get("/api/v1/plans/\(revisionID)/comparison")
            #expect(noWith.status == .unprocessableContent)
            #expect(try Self.codes(noWith) == ["with:required"])
            #expect(try Self.codes(try await api.get("/api/v1/plans/\(revisionID)/comparison?with=nope")) == ["with:invalid_id"])
            #expect(try Self.codes(try await api.get("/api/v1/plans/\(revisionID)/comparison?with=\(UUID().uuidString)")) == ["with:unknown_version"])

            // Progress on a goal: a step done shows in the goal's standing.
            let progressPath = "/api/v1/plans/\(id)/progress"
            let lost = try await api.request(.post, progressPath, json: #"{"goal_id": "\#(UUID().uuidString)", "note": "Lost"}"#)
            #expect(try Self.codes(lost) == ["goal_id:unknown_goal"])
            let wrongStep = try await api.request(.post, progressPath, json: #"{"goal_id": "\#(secondGoal)", "step_done": "\#(stepID.uuidString)"}"#)
            #expect(try Self.codes(wrongStep) == ["step_done:unknown_value"])
            let nothing = try await api.request(.post, progressPath, json: #"{"goal_id": "\#(goalID.uuidString)", "status": "finished"}"#)
            #expect(try Self.codes(nothing) == ["status:unknown_value"])
            let logged = try await api.request(.post, progressPath, json: """
                {"goal_id": "\(goalID.uuidString)", "step_done": "\(stepID.uuidString)", "note": "Called together", "status": "active"}
                """)
            #expect(logged.status == .created, "\(logged.text)")
            let note = try Self.json(logged)
            #expect(note["goal_id"] as? String == goalID.uuidString && note["written_on"] as? String == today.description)
            let current = try Self.json(try await api.get("/api/v1/plans/\(revisionID)"))
            let standing = try #require(try Self.goals(current).first?["standing"] as? [String: Any], "\(current)")
            #expect(standing["status"] as? String == "active" && standing["steps_done"] as? [String] == [stepID.uuidString])
            #expect((current["progress"] as? [[String: Any]])?.count == 1)
            #expect((current["versions"] as? [[String: Any]])?.compactMap { $0["number"] as? Int } == [2, 1])
            let overview = try Self.json(try await api.get(plans))
            #expect((overview["items"] as? [[String: Any]])?.compactMap { $0["number"] as? Int } == [2, 1], "\(overview)")
            #expect((overview["progress"] as? [[String: Any]])?.count == 1)

            // The seeded note names the goal it worked on; an unknown goal or the same goal twice is refused.
            let serviceGoals = "/api/v1/services/\(seed.service.text)/goals"
            let unknownGoal = try await api.request(.put, serviceGoals, json: #"{"goal_ids": ["\#(UUID().uuidString)"]}"#)
            #expect(try Self.codes(unknownGoal) == ["goal_ids:unknown_goal"])
            let duplicate = try await api.request(.put, serviceGoals, json: #"{"goal_ids": ["\#(goalID.uuidString)", "\#(goalID.uuidString)"]}"#)
            #expect(try Self.codes(duplicate) == ["goal_ids:duplicate_item"])
            let named = try await api.request(.put, serviceGoals, json: #"{"goal_ids": ["\#(goalID.uuidString)"]}"#)
            #expect(named.status == .ok, "\(named.text)")
            let read2 = try Self.json(try await api.get(serviceGoals))
            #expect(read2["goal_ids"] as? [String] == [goalID.uuidString])
            #expect((read2["choices"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [goalID.uuidString, secondGoal])
            let withService = try Self.json(try await api.get("/api/v1/plans/\(revisionID)"))
            #expect(try Self.goals(withService).first?["service_ids"] as? [String] == [seed.service.uuidString])
        }
    }

    @Test("a crisis plan: sections by name and supporters; a supporter needs a name; a recovery field is refused", arguments: TestEngine.available)
    func crisis(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let seed = try await SeededParticipant.make(harness.fixture.a, db: harness.test.db, now: harness.clock.now())
            let api = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            let plans = "/api/v1/participants/\(seed.person.text)/plans"
            let nameless = try await api.request(.post, plans, json: """
                {"kind": "crisis", "content": {"wellness_tools": "Music", "supporters": [{"name": "Ana"}, {"name": " ", "phone": "619-555-0100"}]}}
                """)
            #expect(try Self.codes(nameless) == ["supporters.1.name:required"])
            let recoveryField = try await api.request(.post, plans, json: #"{"kind": "crisis", "content": {"strengths": "Me", "goals": []}}"#)
            #expect(Set(try Self.codes(recoveryField)) == ["strengths:not_for_kind", "goals:not_for_kind"])
            let control = try await api.request(.post, plans, json: #"{"kind": "crisis", "content": {"triggers": "Loud\u0007rooms"}}"#)
            #expect(try Self.codes(control) == ["content.triggers:invalid_characters"])
            let made = try await api.request(.post, plans, json: """
                {"kind": "crisis", "content": {"wellness_tools": "Music, my dog", "crisis_signs": "Not sleeping",
                 "supporters": [{"name": "Ana", "relationship": "Sister", "phone": "619-555-0100", "role": "Stay with me", "may_decide": true}]}}
                """)
            #expect(made.status == .created, "\(made.text)")
            let content = try #require(try Self.json(made)["content"] as? [String: Any])
            #expect(content["wellness_tools"] as? String == "Music, my dog" && content["post_crisis"] as? String == "")
            #expect(Set(content.keys) == Set(CrisisPlanContent.sectionNames + ["supporters"]))
            let supporter = try #require((content["supporters"] as? [[String: Any]])?.first)
            #expect(supporter["name"] as? String == "Ana" && supporter["may_decide"] as? Bool == true && UUID(uuidString: supporter["id"] as? String ?? "") != nil)
        }
    }

    @Test("a program's domains: SAMHSA's eight in the caller's language, then its own, added by its manager", arguments: TestEngine.available)
    func domains(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let path = "/api/v1/programs/\(a.program.id.text)/plan-domains"
            let peer = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            let list = try Self.json(try await peer.get(path))
            let domains = try #require(list["domains"] as? [[String: Any]], "\(list)")
            #expect(domains.compactMap { $0["code"] as? String } == PlanDomains.samhsa)
            #expect(domains.allSatisfy { $0["built_in"] as? Bool == true && ($0["label"] as? String)?.isEmpty == false })
            #expect(try await peer.request(.post, path, json: #"{"code": "housing", "label": "Housing"}"#).status == .forbidden)
            let manager = try await APITests.tokenBrowser(harness, client, .programManager)
            let added = try await manager.request(.post, path, json: #"{"code": " Housing ", "label": "Housing"}"#)
            #expect(added.status == .created, "\(added.text)")
            let addedBody = try Self.json(added)
            #expect(addedBody["code"] as? String == "housing" && addedBody["built_in"] as? Bool == false)
            #expect(try Self.codes(try await manager.request(.post, path, json: #"{"code": "social", "label": "Friends"}"#)) == ["code:duplicate_code"])
            let after = try #require(try Self.json(try await peer.get(path))["domains"] as? [[String: Any]])
            #expect(after.last?["code"] as? String == "housing" && after.last?["label"] as? String == "Housing")
            // Another organization's program is not found.
            #expect(try await peer.get("/api/v1/programs/\(harness.fixture.b.program.id.text)/plan-domains").status == .notFound)
        }
    }

    @Test("who can NOT see a plan: another organization's plan and a person outside the peer's caseload answer 404", arguments: TestEngine.available)
    func access(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let (a, b) = (harness.fixture.a, harness.fixture.b)
            let other = try await SeededParticipant.make(b, db: harness.test.db, now: harness.clock.now())
            let otherPeer = try await harness.actor(b.user(.peerSpecialist))
            let theirs = try await harness.env.plans.start(.recovery, for: other.person, content: .recovery(RecoveryPlanContent(goals: [
                PlanGoal(id: UUID(), domain: "social", words: "Friends")])), by: otherPeer, context: .cli("test"))
            let stranger = try await Self.offCaseload(a, harness)
            let manager = try await harness.actor(a.user(.programManager))
            let notMine = try await harness.env.plans.start(.crisis, for: stranger, by: manager, context: .cli("test"))
            let api = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            let before = try await Self.rows(harness)
            for plan in [theirs.id, notMine.id] {
                #expect(try await api.get("/api/v1/plans/\(plan.text)").status == .notFound)
                #expect(try await api.request(.put, "/api/v1/plans/\(plan.text)", json: #"{"content": {}}"#).status == .notFound)
                #expect(try await api.request(.post, "/api/v1/plans/\(plan.text)/agreement",
                                              json: #"{"method": "verbal", "agreed_on": "2026-02-01"}"#).status == .notFound)
                #expect(try await api.request(.post, "/api/v1/plans/\(plan.text)/revision").status == .notFound)
                #expect(try await api.get("/api/v1/plans/\(plan.text)/comparison?with=\(plan.text)").status == .notFound)
                let progress = try await api.request(.post, "/api/v1/plans/\(plan.text)/progress", json: #"{"goal_id": "\#(UUID().uuidString)"}"#)
                #expect(progress.status == .notFound && !progress.text.contains(plan.text))
            }
            for person in [other.person, stranger] {
                #expect(try await api.get("/api/v1/participants/\(person.text)/plans").status == .notFound)
                #expect(try await api.request(.post, "/api/v1/participants/\(person.text)/plans", json: #"{"kind": "crisis"}"#).status == .notFound)
            }
            #expect(try await api.get("/api/v1/services/\(other.service.text)/goals").status == .notFound)
            #expect(try await api.request(.put, "/api/v1/services/\(other.service.text)/goals", json: #"{"goal_ids": []}"#).status == .notFound)
            #expect(try await Self.rows(harness) == before)
            // The evaluator reads no participant data; the administrator neither.
            for role in [Role.evaluator, .organizationAdmin] {
                let reader = try await APITests.tokenBrowser(harness, client, role)
                #expect(try await reader.get("/api/v1/plans/\(notMine.id.text)").status == .notFound)
            }
        }
    }
}
