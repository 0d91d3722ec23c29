import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
@testable import PeerwayWeb
import Testing

/// Outcome instruments through the pages: giving one in either language, refusals that change
/// nothing, the scores and the change chart, a program's schedule and what it makes due, and who can
/// NOT see a person's scores.
@Suite("Instruments (web)")
struct InstrumentWebTests {
    static func rows(_ harness: WebHarness) async throws -> Int {
        try await harness.test.db.rowCount("instrument_administrations") + harness.test.db.rowCount("instrument_scores")
    }

    static let mentalAt4 = [("responses.global02", "4"), ("responses.global04", "4"), ("responses.global05", "4"), ("responses.global10r", "4")]

    @Test("a peer gives a follow-up PROMIS, sees its computed scores and the change from intake; bad answers change nothing", arguments: TestEngine.available)
    func giveAndSeeChange(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            // The seed has a PROMIS intake on 2026-01-12: Global Mental Health raw 12, T 43.5.
            let seed = try await SeededParticipant.make(a, db: harness.test.db, now: harness.clock.now())
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            let person = seed.person.text
            #expect(try await peer.get("/participants/\(person)").text.contains("href=\"/participants/\(person)/measures\""))
            let measures = try await peer.get("/participants/\(person)/measures")
            #expect(measures.status == .ok && measures.text.contains("id=\"give-form\"") && measures.text.contains("/measures/\(seed.administration.text)"))

            let form = try await peer.get("/participants/\(person)/measures/new?instrument=promis-global-10")
            #expect(form.status == .ok)
            #expect(form.text.contains("id=\"responses.global02-0\"") && form.text.contains("Quality of life"))
            #expect(form.text.contains("read the licensed wording your program uses"))
            let spanish = try await peer.get("/participants/\(person)/measures/new?instrument=promis-global-10&lang=es")
            #expect(spanish.text.contains("Calidad de vida") && spanish.text.contains("name=\"language\" value=\"es\""))

            let before = try await Self.rows(harness)
            let today = harness.env.journey.today
            // A second intake without a reason, an answer that is not an option, a date in the future: refused on their fields.
            let again = try await peer.post("/participants/\(person)/measures/new",
                                            [("instrument", "promis-global-10"), ("language", "en"), ("timepoint", "intake"), ("given_on", today.description),
                                             ("respondent", "self_report")] + Self.mentalAt4)
            #expect(again.status == .unprocessableContent && again.text.contains("href=\"#replace_reason\""))
            let outside = try await peer.post("/participants/\(person)/measures/new",
                                              [("instrument", "promis-global-10"), ("language", "en"), ("timepoint", "follow_up"),
                                               ("given_on", today.description), ("respondent", "self_report"), ("responses.global02", "9")])
            #expect(outside.status == .unprocessableContent && outside.text.contains("href=\"#responses.global02-0\""))
            #expect(outside.text.contains("Choose one of the answers shown."))
            let future = try await peer.post("/participants/\(person)/measures/new",
                                             [("instrument", "promis-global-10"), ("language", "en"), ("timepoint", "follow_up"),
                                              ("given_on", today.adding(days: 1).description), ("respondent", "self_report")] + Self.mentalAt4)
            #expect(future.status == .unprocessableContent && future.text.contains("href=\"#given_on\""))
            #expect(try await Self.rows(harness) == before)

            let saved = try await peer.post("/participants/\(person)/measures/new",
                                            [("instrument", "promis-global-10"), ("language", "es"), ("timepoint", "follow_up"),
                                             ("given_on", today.description), ("respondent", "self_report")] + Self.mentalAt4)
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers[.location])
            #expect(location.hasPrefix("/measures/") && location.contains("saved=measure_recorded"))
            let page = try await peer.get(location)
            #expect(page.status == .ok && page.text.contains("id=\"notice\""))
            #expect(page.text.contains("T 53.3 (SE 3.7)"))
            #expect(page.text.contains("Not computed: unanswered"), "the physical scale had no answers")
            #expect(page.text.contains("Follow-up 1") && page.text.contains("Español"))

            let change = try await peer.get("/participants/\(person)/measures")
            #expect(change.text.contains("<svg class=\"line-chart\""))
            #expect(change.text.contains("id=\"changes\"") && change.text.contains("(+9.8)") && change.text.contains("better"))
        }
    }

    @Test("who can NOT see scores: another organization's administration and a person outside one's reach answer 404", arguments: TestEngine.available)
    func access(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let seed = try await SeededParticipant.make(a, db: harness.test.db, now: harness.clock.now())
            let other = try await SeededParticipant.make(harness.fixture.b, db: harness.test.db, now: harness.clock.now())
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            #expect(try await peer.get("/measures/\(seed.administration.text)").status == .ok)
            #expect(try await peer.get("/measures/\(other.administration.text)").status == .notFound)
            #expect(try await peer.get("/participants/\(other.person.text)/measures").status == .notFound)
            #expect(try await peer.post("/participants/\(other.person.text)/measures/new", [("instrument", "mors")]).status == .notFound)
            let evaluator = Browser(client)
            try await evaluator.signIn(a.user(.evaluator).email, clock: harness.clock)
            #expect(try await evaluator.get("/measures/\(seed.administration.text)").status == .notFound)
            #expect(try await evaluator.get("/participants/\(seed.person.text)/measures").status == .notFound)
        }
    }

    @Test("a manager sets the schedule (a peer may not); the follow-up it makes due is on the peer's list", arguments: TestEngine.available)
    func schedule(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let seed = try await SeededParticipant.make(a, db: harness.test.db, now: harness.clock.now())
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            #expect(try await peer.get("/programs/\(a.program.id.text)/measures").status == .forbidden)
            #expect(try await peer.get("/measures/due").text.contains("Nothing is due."))

            let manager = Browser(client)
            try await manager.signIn(a.user(.programManager).email, clock: harness.clock)
            let page = try await manager.get("/programs/\(a.program.id.text)/measures")
            #expect(page.status == .ok && page.text.contains("id=\"every.promis-global-10\""))
            let bad = try await manager.post("/programs/\(a.program.id.text)/measures", [("intake.promis-global-10", "on"), ("every.promis-global-10", "3")])
            #expect(bad.status == .unprocessableContent && bad.text.contains("href=\"#every.promis-global-10\""))
            #expect(try await harness.test.db.rowCount("program_instrument_schedules") == 0)
            let saved = try await manager.post("/programs/\(a.program.id.text)/measures",
                                               [("intake.promis-global-10", "on"), ("every.promis-global-10", "90"), ("discharge.promis-global-10", "on")])
            #expect(saved.status == .seeOther && saved.headers[.location]?.contains("saved=schedule_saved") == true)
            #expect(try await harness.test.db.rowCount("program_instrument_schedules") == 1)

            // The licensed wording of PROMIS, entered by the manager, replaces the topic on the peer's form.
            let wording = try await manager.get("/programs/\(a.program.id.text)/measures/wording?instrument=promis-global-10&lang=en")
            #expect(wording.status == .ok && wording.text.contains("name=\"wording.global02\""))
            let entered = try await manager.post("/programs/\(a.program.id.text)/measures/wording",
                                                 [("instrument", "promis-global-10"), ("language", "en"),
                                                  ("wording.global02", "Licensed wording of the second question")])
            #expect(entered.status == .seeOther)
            let form = try await peer.get("/participants/\(seed.person.text)/measures/new?instrument=promis-global-10")
            #expect(form.text.contains("Licensed wording of the second question") && !form.text.contains(">Quality of life<"))

            // The seeded intake was on 2026-01-12, so its 90-day follow-up is long overdue.
            let due = try await peer.get("/measures/due")
            #expect(due.text.contains("id=\"instruments-due\"") && due.text.contains(seed.person.text))
            #expect(due.text.contains("Overdue") && due.text.contains("timepoint=follow_up"))
        }
    }
}
