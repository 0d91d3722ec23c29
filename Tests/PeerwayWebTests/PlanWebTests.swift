import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
@testable import PeerwayWeb
import Testing

/// Plans through the pages: a recovery plan with two goals and next steps, the participant's agreement
/// (asked first), an agreed plan never edited in place, a new version and what changed; a crisis plan
/// with a supporter, printed; the goals a note worked on; who can NOT see a plan.
@Suite("Plans (web)")
struct PlanWebTests {
    static func id(_ location: String?) throws -> String {
        let path = try #require(location).split(separator: "?").first.map(String.init) ?? ""
        return try #require(path.split(separator: "/").dropFirst().first.map(String.init))
    }

    @Test("a peer writes a plan with two goals, the participant agrees, a change makes version 2 and says what changed", arguments: TestEngine.available)
    func recoveryPlan(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let seed = try await SeededParticipant.make(a, db: harness.test.db, now: harness.clock.now())
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            let person = seed.person.text
            #expect(try await peer.get("/participants/\(person)").text.contains("href=\"/participants/\(person)/plans\""))
            // The seed's recovery plan (version 1, agreed, one goal) is the one to change.
            let plans = try await peer.get("/participants/\(person)/plans")
            #expect(plans.text.contains("id=\"open-recovery\"") && !plans.text.contains("id=\"start-recovery\"") && plans.text.contains("id=\"start-crisis\""))
            let revisedSeed = try await peer.post("/plans/\(seed.plan.text)/revise")
            #expect(revisedSeed.status == .seeOther)
            let plan = try Self.id(revisedSeed.headers[.location])

            // No words for the goal: refused on its field, nothing written.
            let before = try await harness.test.db.rowCount("plans")
            let empty = try await peer.post("/plans/\(plan)/goals/new", [("goals.1.domain", "social"), ("goals.1.steps.0.what", "Call my sister")])
            #expect(empty.status == .unprocessableContent && empty.text.contains("href=\"#goals.1.words\""))
            #expect(try await harness.test.db.rowCount("plans") == before)
            let first = try await peer.post("/plans/\(plan)/goals/new",
                                            [("goals.1.words", "I want my own place"), ("goals.1.domain", "environmental"),
                                             ("goals.1.steps.0.what", "Fill in the housing application"), ("goals.1.steps.0.who", "together"),
                                             ("goals.1.steps.0.by_when", "2027-01-15")])
            #expect(first.status == .seeOther)
            let second = try await peer.post("/plans/\(plan)/goals/new", [("goals.2.words", "Get back to church"), ("goals.2.domain", "spiritual"),
                                                                         ("goals.2.steps.0.what", "Go on Sunday"), ("goals.2.steps.0.who", "participant")])
            #expect(second.status == .seeOther)
            let page = try await peer.get("/plans/\(plan)")
            #expect(page.text.contains("I want my own place") && page.text.contains("Get back to church") && page.text.contains("Fill in the housing application"))
            #expect(page.text.contains("id=\"agree\""))

            // Agreeing is asked first, then recorded.
            let asked = try await peer.post("/plans/\(plan)/agree", [("method", "verbal"), ("agreed_on", harness.env.journey.today.description)])
            #expect(asked.status == .ok && asked.text.contains("id=\"confirm-question\""))
            let agreed = try await peer.post("/plans/\(plan)/agree", [("method", "verbal"), ("agreed_on", harness.env.journey.today.description),
                                                                     ("confirmed", "1")])
            #expect(agreed.status == .seeOther && agreed.headers[.location]?.contains("saved=plan_agreed") == true)
            let agreedPage = try await peer.get("/plans/\(plan)")
            #expect(agreedPage.text.contains("Agreed verbally") && agreedPage.text.contains("id=\"revise\"") && !agreedPage.text.contains("id=\"add-goal\""))

            // An agreed plan is never edited in place.
            let count = try await harness.test.db.rowCount("plans")
            let inPlace = try await peer.post("/plans/\(plan)/goals/new", [("goals.3.words", "Sneak in"), ("goals.3.domain", "social")])
            #expect(inPlace.status == .unprocessableContent && inPlace.text.contains("An agreed plan cannot be changed in place"))
            #expect(try await harness.test.db.rowCount("plans") == count)

            let revised = try await peer.post("/plans/\(plan)/revise")
            #expect(revised.status == .seeOther)
            let draft = try Self.id(revised.headers[.location])
            #expect(draft != plan)
            #expect(try await peer.post("/plans/\(draft)/goals/new", [("goals.3.words", "Walk every morning"), ("goals.3.domain", "physical")]).status == .seeOther)
            let compare = try await peer.get("/plans/\(draft)/compare?with=\(plan)")
            #expect(compare.status == .ok && compare.text.contains("Goal added: Walk every morning") && compare.text.contains("Version 2 → Version 3"))
            let kept = try await peer.get("/plans/\(plan)")
            #expect(!kept.text.contains("Walk every morning"), "the agreed version is kept as it was")
            #expect(try await peer.get("/plans/\(seed.plan.text)").text.contains("Replaced by a later version"))
        }
    }

    @Test("a crisis plan with a supporter, printed on one page; a note names the goals it worked on; another organization gets 404", arguments: TestEngine.available)
    func crisisPlanAndAccess(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let seed = try await SeededParticipant.make(a, db: harness.test.db, now: harness.clock.now())
            let other = try await SeededParticipant.make(harness.fixture.b, db: harness.test.db, now: harness.clock.now())
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            let started = try await peer.post("/participants/\(seed.person.text)/plans/new", [("kind", "crisis")])
            #expect(started.status == .seeOther && started.headers[.location]?.contains("/edit") == true)
            let plan = try Self.id(started.headers[.location])
            let noName = try await peer.post("/plans/\(plan)/edit", [("triggers", "Loud arguments"), ("supporters.0.phone", "619-555-0101")])
            #expect(noName.status == .unprocessableContent && noName.text.contains("href=\"#supporters.0.name\""))
            let saved = try await peer.post("/plans/\(plan)/edit", [("triggers", "Loud arguments"), ("refused_treatments", "Haloperidol"),
                                                                    ("supporters.0.name", "Rosa"), ("supporters.0.relationship", "Sister"),
                                                                    ("supporters.0.phone", "619-555-0101"), ("supporters.0.may_decide", "on")])
            #expect(saved.status == .seeOther)
            let print = try await peer.get("/plans/\(plan)/print")
            #expect(print.status == .ok && print.text.contains("Rosa") && print.text.contains("Haloperidol") && print.text.contains("may decide"))

            // A recovery plan's goal named by the seeded note.
            let recovery = try await peer.post("/participants/\(seed.person.text)/plans/new",
                                               [("kind", "recovery"), ("goals.0.words", "Sleep through the night"), ("goals.0.domain", "physical")])
            let recoveryID = try Self.id(recovery.headers[.location])
            let goalsForm = try await peer.get("/services/\(seed.service.text)/goals")
            #expect(goalsForm.status == .ok && goalsForm.text.contains("Sleep through the night"))
            let goalID = try #require(goalsForm.text.range(of: #"value="([0-9a-f-]{36})""#, options: .regularExpression)
                .map { String(goalsForm.text[$0].dropFirst(7).dropLast()) })
            #expect(try await peer.post("/services/\(seed.service.text)/goals", [("goals", goalID)]).status == .seeOther)
            #expect(try await peer.get("/services/\(seed.service.text)").text.contains("Sleep through the night"))
            #expect(try await peer.get("/plans/\(recoveryID)").text.contains("/services/\(seed.service.text)"))

            // Another organization's person and plan: 404.
            #expect(try await peer.get("/participants/\(other.person.text)/plans").status == .notFound)
            let manager = Browser(client)
            try await manager.signIn(harness.fixture.b.user(.peerSpecialist).email, clock: harness.clock)
            #expect(try await manager.get("/plans/\(plan)").status == .notFound)
            #expect(try await manager.get("/plans/\(plan)/print").status == .notFound)
            let evaluator = Browser(client)
            try await evaluator.signIn(a.user(.evaluator).email, clock: harness.clock)
            #expect(try await evaluator.get("/plans/\(recoveryID)").status == .notFound)
        }
    }

    @Test("a manager adds the program's own life domain (a peer may not); a goal may then be in it", arguments: TestEngine.available)
    func ownDomain(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let seed = try await SeededParticipant.make(a, db: harness.test.db, now: harness.clock.now())
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            #expect(try await peer.get("/programs/\(a.program.id.text)/plan-domains").status == .forbidden)
            let manager = Browser(client)
            try await manager.signIn(a.user(.programManager).email, clock: harness.clock)
            let bad = try await manager.post("/programs/\(a.program.id.text)/plan-domains", [("label", "Culture"), ("code", "social")])
            #expect(bad.status == .unprocessableContent && bad.text.contains("href=\"#code\""))
            let added = try await manager.post("/programs/\(a.program.id.text)/plan-domains", [("label", "Culture and tradition"), ("code", "culture")])
            #expect(added.status == .seeOther)
            #expect(try await manager.get("/programs/\(a.program.id.text)/plan-domains").text.contains("Culture and tradition"))
            let revised = try await peer.post("/plans/\(seed.plan.text)/revise")
            let draft = try Self.id(revised.headers[.location])
            #expect(try await peer.get("/plans/\(draft)/goals/new").text.contains("Culture and tradition"))
            let saved = try await peer.post("/plans/\(draft)/goals/new", [("goals.1.words", "Dance at the powwow"), ("goals.1.domain", "culture")])
            #expect(saved.status == .seeOther)
            #expect(try await peer.get("/plans/\(draft)").text.contains("Culture and tradition"))
        }
    }
}
