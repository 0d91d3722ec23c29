import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
@testable import PeerwayWeb
import Testing

/// A staff member's workforce record through the pages: the certification checklist a peer reads on
/// their phone, logging continuing education and seeing it counted, bad input refused on its field
/// with nothing written, the wellness check-in, and who can NOT see a record or its check-ins.
@Suite("Staff record (web)")
struct StaffWebTests {
    /// Records the steps to certification through the step form, `daysAgo` each.
    static func certify(_ browser: Browser, _ id: String, today: CalendarDate, steps: [(String, Int)]) async throws {
        for (step, daysAgo) in steps {
            let response = try await browser.post("/staff/\(id)/certification",
                                                  [("step", step), ("on", today.adding(days: -daysAgo).description), ("reference", "ref \(step)")])
            #expect(response.status == .seeOther, "step \(step) was refused: \(response.text)")
            #expect(response.headers[.location]?.contains("saved=step_recorded") == true)
        }
    }

    static let toCertified = [("applied", 400), ("documents_verified", 399), ("approved", 398), ("training_completed", 300),
                              ("exam_passed", 250), ("certified", 200)]

    static func addPeer(_ harness: WebHarness, _ name: String) async throws -> User {
        let a = harness.fixture.a
        return try await harness.env.admin.createUser(
            .init(email: "\(name)@a.fixture.test", displayName: "Peer \(name)", password: Fixture.password, roles: [.peerSpecialist],
                  programIDs: [a.program.id], supervisorID: a.user(.supervisor).id),
            organizationID: a.provider.id, by: nil, context: .cli("test"))
    }

    @Test("a certified peer reads what is left and by when, logs CE hours and sees the remaining hours go down", arguments: TestEngine.available)
    func checklistAndEducation(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let peerUser = harness.fixture.a.user(.peerSpecialist)
            let id = peerUser.id.text
            let today = harness.env.workforce.today
            let peer = Browser(client)
            try await peer.signIn(peerUser.email, clock: harness.clock)

            // The account page leads to the record; "mine" is the signed-in person's own.
            #expect(try await peer.get("/account").text.contains("id=\"my-certification\""))
            let mine = try await peer.get("/me/certification")
            #expect(mine.status == .seeOther && mine.headers[.location] == "/staff/\(id)")

            let fresh = try await peer.get("/staff/\(id)")
            #expect(fresh.status == .ok && fresh.text.contains("Apply for certification") && fresh.text.contains("Not started"))
            // A step preselected from the checklist's line.
            let stepForm = try await peer.get("/staff/\(id)/certification?step=applied")
            #expect(stepForm.status == .ok && stepForm.text.contains(#"<option value="applied" selected>"#))

            try await Self.certify(peer, id, today: today, steps: Self.toCertified)
            let page = try await peer.get("/staff/\(id)")
            #expect(page.status == .ok)
            #expect(page.text.contains("id=\"checklist\""))
            #expect(page.text.contains("Log 20 more hours of continuing education"))
            #expect(page.text.contains("Log 6 more hours of law and ethics"))
            #expect(page.text.contains("Sign the code of ethics again"))
            #expect(page.text.contains("0 of 20 hours of continuing education logged"))
            #expect(page.text.contains("Certificate ref certified"))
            #expect(page.text.contains("id=\"log-ce\""), "the one primary action")
            #expect(page.text.components(separatedBy: "class=\"button\"").count == 2, "one primary button")
            #expect(!page.text.contains("id=\"record-career\""), "no one records their own promotion")

            // Hours as typed ("7,5" too) count toward the cycle and the law-and-ethics minimum.
            let ceForm = try await peer.get("/staff/\(id)/education")
            #expect(ceForm.status == .ok && ceForm.text.contains("Choose…"))
            let logged = try await peer.post("/staff/\(id)/education",
                                             [("taken_on", today.adding(days: -3).description), ("hours", "7,5"), ("category", "law_and_ethics"),
                                              ("title", "Confidentiality and HIPAA"), ("provider", "CalMHSA")])
            #expect(logged.status == .seeOther && logged.headers[.location] == "/staff/\(id)?saved=ce_logged")
            let after = try await peer.get("/staff/\(id)?saved=ce_logged")
            #expect(after.text.contains("Continuing education logged."))
            #expect(after.text.contains("Log 12.5 more hours of continuing education"))
            #expect(after.text.contains("6 hours of law and ethics logged"))
            #expect(after.text.contains("7.5 of 20 hours of continuing education logged"))
            #expect(after.text.contains("Confidentiality and HIPAA"))

            // A training: the core topics it covered count; the rest are listed as still to cover.
            let training = try await peer.post("/staff/\(id)/trainings",
                                               [("title", "Peer specialist core training"), ("topics", "recovery_principles"),
                                                ("topics", "professional_boundaries"), ("completed_on", today.adding(days: -10).description),
                                                ("hours", "16"), ("evidence", "Certificate 4471")])
            #expect(training.status == .seeOther)
            let withTraining = try await peer.get("/staff/\(id)")
            #expect(withTraining.text.contains("Core training topics covered: 2 of 10.") && withTraining.text.contains("Still to cover: Cultural competency"))

            // The profile: the person chooses what is shared.
            let profile = try await peer.get("/staff/\(id)/profile")
            #expect(profile.status == .ok && profile.text.contains("Share with my supervisor and managers"))
            let saved = try await peer.post("/staff/\(id)/profile",
                                            [("discipline", "peer_support_specialist"), ("languages", "en"), ("languages", "es"),
                                             ("lived_experience", "substance_use"), ("capacity", "20"), ("specializations", "reentry, housing"),
                                             ("shared", "lived_experience")])
            #expect(saved.status == .seeOther, "\(saved.text)")
            let withProfile = try await peer.get("/staff/\(id)")
            #expect(withProfile.text.contains("reentry, housing") && withProfile.text.contains("Spanish"))
        }
    }

    @Test("a renewal 50 days off says so with its alert word; a lapsed certification says what it means", arguments: TestEngine.available)
    func alerts(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let today = harness.env.workforce.today
            let certifiedOn = today.adding(years: -2).adding(days: 50)
            let ago = certifiedOn.days(until: today)
            let user = try await Self.addPeer(harness, "renewing")
            let peer = Browser(client)
            try await peer.signIn(user.email, clock: harness.clock)
            try await Self.certify(peer, user.id.text, today: today,
                                   steps: [("applied", ago + 120), ("documents_verified", ago + 110), ("approved", ago + 100),
                                           ("training_completed", ago + 60), ("exam_passed", ago + 30), ("certified", ago)])
            let page = try await peer.get("/staff/\(user.id.text)")
            #expect(page.text.contains("Renewal due") && page.text.contains("Within 60 days") && page.text.contains("in 50 days"))
            #expect(page.text.contains("class=\"tag due-soon\""))

            let lapsed = try await Self.addPeer(harness, "lapsed")
            let other = Browser(client)
            try await other.signIn(lapsed.email, clock: harness.clock)
            try await Self.certify(other, lapsed.id.text, today: today,
                                   steps: [("applied", 900), ("documents_verified", 899), ("approved", 898), ("training_completed", 850),
                                           ("exam_passed", 840), ("certified", 800)])
            let gone = try await other.get("/staff/\(lapsed.id.text)")
            #expect(gone.text.contains("Lapsed") && gone.text.contains("Start a new application") && gone.text.contains("not billed"))
            #expect(gone.text.contains("certification?step=applied"))
        }
    }

    @Test("the record, its forms and the check-ins show words and not keys, in English and Spanish", arguments: TestEngine.available)
    func wordsNotKeys(engine: TestEngine) async throws {
        let catalogueKeys = Set(try Localizer.bundled().catalogs[Localizer.defaultLocale]!.keys)
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let peerUser = a.user(.peerSpecialist), id = peerUser.id.text
            let peer = Browser(client), supervisor = Browser(client)
            try await peer.signIn(peerUser.email, clock: harness.clock)
            try await supervisor.signIn(a.user(.supervisor).email, clock: harness.clock)
            try await Self.certify(peer, id, today: harness.env.workforce.today, steps: Self.toCertified)
            #expect(try await peer.post("/wellness", [("satisfaction", "3"), ("burnout", "4"), ("supported", "2")]).status == .seeOther)
            let names = [a, harness.fixture.b].flatMap { $0.users.values.map(\.displayName) }
            var failures: [String] = []
            for locale in ["en", "es"] {
                for (browser, user) in [(peer, peerUser), (supervisor, a.user(.supervisor))] {
                    #expect(try await browser.post("/account/profile", [("display_name", user.displayName), ("locale", locale)]).status == .seeOther)
                }
                let pages: [(Browser, String)] = [
                    (peer, "/staff/\(id)"), (peer, "/staff/\(id)/education"), (peer, "/staff/\(id)/certification"),
                    (peer, "/staff/\(id)/certification?step=renewed"), (peer, "/staff/\(id)/trainings"), (peer, "/staff/\(id)/profile"),
                    (peer, "/wellness"), (peer, "/staff/\(id)/wellness"), (supervisor, "/staff/\(id)"), (supervisor, "/staff/\(id)/career"),
                    (supervisor, "/staff/\(id)/wellness"), (supervisor, "/staff/\(a.user(.supervisor).id.text)"),
                ]
                for (browser, path) in pages {
                    let response = try await browser.get(path)
                    if response.status != .ok { failures.append("[\(locale)] \(path): \(response.status.code)") }
                    if !response.text.contains("<html lang=\"\(locale)\">") { failures.append("[\(locale)] \(path) is not in its language") }
                    var text = RawKeyTests.visibleText(response.text)
                    for name in names { text = text.replacingOccurrences(of: name, with: "") }
                    let raw = RawKeyTests.rawKeys(in: text, catalogueKeys: catalogueKeys)
                    if !raw.isEmpty { failures.append("[\(locale)] \(path): \(Set(raw).sorted().joined(separator: ", "))") }
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }

    @Test("bad input answers 422 with the field's message and writes nothing", arguments: TestEngine.available)
    func badInput(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let peerUser = harness.fixture.a.user(.peerSpecialist)
            let id = peerUser.id.text
            let today = harness.env.workforce.today
            let peer = Browser(client)
            try await peer.signIn(peerUser.email, clock: harness.clock)
            try await Self.certify(peer, id, today: today, steps: Self.toCertified)
            let day = today.adding(days: -2).description

            let ce = try await harness.test.db.rowCount("continuing_education")
            let negative = try await peer.post("/staff/\(id)/education", [("taken_on", day), ("hours", "-2"), ("category", "other"), ("title", "Workshop")])
            #expect(negative.status == .unprocessableContent)
            #expect(negative.text.contains("href=\"#hours\"") && negative.text.contains("That number is out of range."))
            let words = try await peer.post("/staff/\(id)/education", [("taken_on", day), ("hours", "two"), ("category", ""), ("title", "")])
            #expect(words.status == .unprocessableContent)
            #expect(words.text.contains("href=\"#hours\"") && words.text.contains("href=\"#category\"") && words.text.contains("href=\"#title\""),
                    "every problem in one round trip")
            #expect(try await peer.post("/staff/\(id)/education", [("taken_on", day), ("hours", "25"), ("category", "other"), ("title", "Marathon")])
                .status == .unprocessableContent)
            #expect(try await harness.test.db.rowCount("continuing_education") == ce)

            // Twenty hours on one day is allowed; five more that day is not.
            #expect(try await peer.post("/staff/\(id)/education", [("taken_on", day), ("hours", "20"), ("category", "other"), ("title", "Retreat")])
                .status == .seeOther)
            let over = try await peer.post("/staff/\(id)/education", [("taken_on", day), ("hours", "5"), ("category", "other"), ("title", "Evening")])
            #expect(over.status == .unprocessableContent && over.text.contains("more than 24 hours of education on one day"))
            #expect(try await harness.test.db.rowCount("continuing_education") == ce + 1)

            // The exam before the training: refused on the step, nothing recorded.
            let other = try await Self.addPeer(harness, "second")
            let second = Browser(client)
            try await second.signIn(other.email, clock: harness.clock)
            try await Self.certify(second, other.id.text, today: today, steps: [("applied", 30), ("documents_verified", 29), ("approved", 28)])
            let events = try await harness.test.db.rowCount("certification_events")
            let exam = try await second.post("/staff/\(other.id.text)/certification", [("step", "exam_passed"), ("on", today.description)])
            #expect(exam.status == .unprocessableContent)
            #expect(exam.text.contains("href=\"#step\"") && exam.text.contains("The exam can only be passed after the approved training is completed."))
            #expect(try await harness.test.db.rowCount("certification_events") == events)
            let future = try await second.post("/staff/\(other.id.text)/certification",
                                               [("step", "training_completed"), ("on", today.adding(days: 3).description)])
            #expect(future.status == .unprocessableContent && future.text.contains("href=\"#on\""))
            #expect(try await harness.test.db.rowCount("certification_events") == events)

            // The check-in needs its three answers.
            let checkIns = try await harness.test.db.rowCount("wellness_check_ins")
            let half = try await peer.post("/wellness", [("satisfaction", "4"), ("burnout", "9")])
            #expect(half.status == .unprocessableContent && half.text.contains("href=\"#supported-0\"") && half.text.contains("href=\"#burnout-0\""))
            #expect(try await harness.test.db.rowCount("wellness_check_ins") == checkIns)
        }
    }

    @Test("another peer gets 404 on someone's record and wellness; a manager reads the record but not wellness; the supervisor reads both",
          arguments: TestEngine.available)
    func whoSees(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let peerUser = a.user(.peerSpecialist)
            let id = peerUser.id.text
            let peer = Browser(client)
            try await peer.signIn(peerUser.email, clock: harness.clock)

            // The peer checks in, and reads who sees it.
            let form = try await peer.get("/wellness")
            #expect(form.status == .ok && form.text.contains("Who sees this: you and your supervisor.") && form.text.contains("groups of 5 or more"))
            let sent = try await peer.post("/wellness", [("satisfaction", "4"), ("burnout", "2"), ("supported", "5"), ("note", "Need a day off soon")])
            #expect(sent.status == .seeOther && sent.headers[.location]?.contains("saved=checked_in") == true)
            let mine = try await peer.get("/wellness")
            #expect(mine.text.contains("Satisfied (4 of 5)") && mine.text.contains("Need a day off soon"))
            #expect(try await peer.get("/staff/\(id)").text.contains("id=\"wellness\""))
            #expect(try await peer.get("/staff/\(id)/wellness").status == .ok)

            let other = try await Self.addPeer(harness, "third")
            let stranger = Browser(client)
            try await stranger.signIn(other.email, clock: harness.clock)
            #expect(try await stranger.get("/staff/\(id)").status == .notFound)
            #expect(try await stranger.get("/staff/\(id)/wellness").status == .notFound)
            #expect(try await stranger.get("/staff/\(id)/education").status == .notFound)
            #expect(try await stranger.post("/staff/\(id)/education", [("taken_on", "2024-01-01"), ("hours", "1"), ("category", "other"), ("title", "x")])
                .status == .notFound)

            let manager = Browser(client)
            try await manager.signIn(a.user(.programManager).email, clock: harness.clock)
            let read = try await manager.get("/staff/\(id)")
            #expect(read.status == .ok && read.text.contains("id=\"checklist\""))
            #expect(!read.text.contains("id=\"log-ce\"") && !read.text.contains("id=\"wellness\"") && !read.text.contains("id=\"edit-profile\""))
            #expect(try await manager.get("/staff/\(id)/wellness").status == .notFound)
            #expect(try await manager.get("/staff/\(id)/education").status == .forbidden)

            let supervisor = Browser(client)
            try await supervisor.signIn(a.user(.supervisor).email, clock: harness.clock)
            let record = try await supervisor.get("/staff/\(id)")
            #expect(record.status == .ok && record.text.contains("id=\"wellness\"") && record.text.contains("id=\"record-career\""))
            let wellness = try await supervisor.get("/staff/\(id)/wellness")
            #expect(wellness.status == .ok && wellness.text.contains("Need a day off soon") && wellness.text.contains("Rarely (2 of 5)"))
            // The supervisor records a career step; the peer cannot record their own.
            let step = try await supervisor.post("/staff/\(id)/career", [("role", "senior_peer"), ("started_on", harness.env.workforce.today.description)])
            #expect(step.status == .seeOther)
            #expect(try await supervisor.get("/staff/\(id)").text.contains("Senior or lead peer"))
            #expect(try await peer.get("/staff/\(id)/career").status == .forbidden)

            // Another organization: nothing there.
            let outsider = Browser(client)
            try await outsider.signIn(harness.fixture.b.user(.supervisor).email, clock: harness.clock)
            #expect(try await outsider.get("/staff/\(id)").status == .notFound)
            #expect(try await outsider.get("/staff/\(id)/wellness").status == .notFound)
        }
    }
}
