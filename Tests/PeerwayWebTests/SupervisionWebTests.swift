import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
@testable import PeerwayWeb
import Testing

/// The supervisor's and the organization's workforce pages: a qualified supervisor logs a session and
/// sees the team's hours; one without a credential is refused and nothing is written; who may NOT see
/// the team or the report; the report's language gap and its wellness summary, withheld under five.
@Suite("Supervision and workforce (web)")
struct SupervisionWebTests {
    /// Records a qualifying credential on the supervisor's workforce profile, as HR would.
    static func qualify(_ supervisor: User, _ harness: WebHarness, expiresOn: CalendarDate? = nil) async throws {
        let credential = QualifyingCredential(kind: .lcsw, number: "LCS 81234", issuedBy: "California BBS", expiresOn: expiresOn)
        let profile = WorkforceProfile(userID: supervisor.id, details: WorkforceDetails(discipline: .clinicalSupervisor, credential: credential))
        try await harness.test.db.write { conn in
            try await WorkforceProfileRecords.save(profile, organizationID: supervisor.organizationID, now: harness.clock.now(), on: conn)
        }
    }

    static func session(_ peer: User, _ harness: WebHarness, minutes: String = "45", format: String = "individual") -> [(String, String)] {
        [("held_on", harness.env.workforce.today.description), ("minutes", minutes), ("format", format), ("peers", peer.id.text),
         ("topics", "boundaries"), ("topics", "self_care"), ("note", "Follow up on the on-call rota")]
    }

    @Test("a qualified supervisor logs a session and sees the team's hours update", arguments: TestEngine.available)
    func logSession(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let supervisor = a.user(.supervisor), peer = a.user(.peerSpecialist)
            try await Self.qualify(supervisor, harness)
            let browser = Browser(client)
            try await browser.signIn(supervisor.email, clock: harness.clock)

            let home = try await browser.get(SiteRoutes.home())
            #expect(home.text.contains("href=\"\(WorkforceRoutes.supervision())\""), "the header links the supervisor's team")
            let before = try await browser.get(WorkforceRoutes.supervision())
            #expect(before.status == .ok)
            #expect(before.text.contains(peer.displayName) && before.text.contains("0 of 60 min"))
            #expect(before.text.contains("Supervision this month: minutes each supervisee received in sessions logged for"))
            #expect(before.text.contains("Behind") && before.text.contains("class=\"overdue\""), "no supervision last month: behind, with a word and a mark")
            #expect(before.text.contains("id=\"credential\"") && !before.text.contains("id=\"credential-warning\""))
            #expect(before.text.contains("id=\"log-session\""))
            #expect(before.text.contains("table class=\"table cards\" id=\"team\""))

            let form = try await browser.get(WorkforceRoutes.logSession())
            #expect(form.status == .ok && form.text.contains(peer.displayName) && form.text.contains("No participant names"))

            // No one ticked: refused on its field, nothing written.
            let rows = try await harness.test.db.rowCount("supervision_sessions")
            let noPeer = try await browser.post(WorkforceRoutes.logSession(), [("held_on", harness.env.workforce.today.description),
                                                                                ("minutes", "45"), ("format", "individual")])
            #expect(noPeer.status == .unprocessableContent && noPeer.text.contains("href=\"#peers-0\""))
            #expect(try await harness.test.db.rowCount("supervision_sessions") == rows)

            let logged = try await browser.post(WorkforceRoutes.logSession(), Self.session(peer, harness))
            #expect(logged.status == .seeOther)
            #expect(logged.headers[.location] == PageSupport.noticed(WorkforceRoutes.supervision(), .supervisionLogged))
            #expect(try await harness.test.db.rowCount("supervision_sessions") == rows + 1)

            let after = try await browser.get(PageSupport.noticed(WorkforceRoutes.supervision(), .supervisionLogged))
            #expect(after.text.contains("Supervision session logged."))
            #expect(after.text.contains("45 of 60 min"))
            #expect(after.text.contains("id=\"sessions\"") && after.text.contains("Boundaries, Self-care") && after.text.contains("45 min"))
            #expect(!after.text.contains("on-call rota"), "the note is the supervisor's own follow-up, not shown in the list")

            // A second session brings the peer to the target this month.
            #expect(try await browser.post(WorkforceRoutes.logSession(), Self.session(peer, harness, minutes: "15")).status == .seeOther)
            #expect(try await browser.get(WorkforceRoutes.supervision()).text.contains("60 of 60 min"))

            // The peer's own supervision shows up on the roster the supervisor may read.
            let roster = try await browser.get(WorkforceRoutes.roster())
            #expect(roster.status == .ok && roster.text.contains("href=\"\(WorkforceRoutes.staff(peer.id))\""))
            #expect(!roster.text.contains("id=\"open-report\""), "a supervisor does not export the report")
        }
    }

    @Test("a supervisor without a qualifying credential is warned, refused with supervisor_not_qualified, and nothing is written",
          arguments: TestEngine.available)
    func unqualified(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let supervisor = a.user(.supervisor), peer = a.user(.peerSpecialist)
            let browser = Browser(client)
            try await browser.signIn(supervisor.email, clock: harness.clock)
            let page = try await browser.get(WorkforceRoutes.supervision())
            #expect(page.text.contains("id=\"credential-warning\"")
                && page.text.contains("Sessions cannot be logged until HR records a valid credential"))
            let form = try await browser.get(WorkforceRoutes.logSession())
            #expect(form.text.contains("Sessions cannot be logged until HR records a valid credential"), "told before typing anything")

            let rows = try await harness.test.db.rowCount("supervision_sessions")
            let refused = try await browser.post(WorkforceRoutes.logSession(), Self.session(peer, harness))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains(harness.env.localizer.text("error.supervisor_not_qualified", "en")))
            #expect(refused.text.contains("<title>Error:"))
            #expect(try await harness.test.db.rowCount("supervision_sessions") == rows)
            #expect(try await Self.refusal(supervisor, peer, harness) == ["supervisor_not_qualified"])

            // An expired licence is refused too, and says when it ran out.
            try await Self.qualify(supervisor, harness, expiresOn: harness.env.workforce.today.adding(days: -1))
            let expired = try await browser.get(WorkforceRoutes.supervision())
            #expect(expired.text.contains("id=\"credential-warning\"") && expired.text.contains("expired on"))
            let stillRefused = try await browser.post(WorkforceRoutes.logSession(), Self.session(peer, harness))
            #expect(stillRefused.status == .unprocessableContent)
            #expect(try await harness.test.db.rowCount("supervision_sessions") == rows)

            // The workflow the page calls names the code (expired: credential_expired).
            #expect(try await Self.refusal(supervisor, peer, harness) == ["credential_expired"])
        }
    }

    @Test("a peer gets 403 on the team, the session form, the roster and the report; a manager reads the report", arguments: TestEngine.available)
    func access(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            #expect(try await peer.get(WorkforceRoutes.supervision()).status == .forbidden)
            #expect(try await peer.get(WorkforceRoutes.logSession()).status == .forbidden)
            #expect(try await peer.post(WorkforceRoutes.logSession(), Self.session(a.user(.peerSpecialist), harness)).status == .forbidden)
            #expect(try await peer.get(WorkforceRoutes.roster()).status == .forbidden)
            #expect(try await peer.get(WorkforceRoutes.report()).status == .forbidden)
            #expect(try await peer.get(WorkforceRoutes.settings()).status == .forbidden)
            #expect(try await peer.post(WorkforceRoutes.courses(), [("title", "Sneaked in")]).status == .forbidden)
            #expect(try await peer.get(WorkforceRoutes.courses()).status == .ok, "the catalogue is every member's to read")
            #expect(!(try await peer.get(SiteRoutes.home())).text.contains("href=\"\(WorkforceRoutes.roster())\""))

            let supervisor = Browser(client)
            harness.clock.advance(30)
            try await supervisor.signIn(a.user(.supervisor).email, clock: harness.clock)
            #expect(try await supervisor.get(WorkforceRoutes.report()).status == .forbidden)

            let manager = Browser(client)
            harness.clock.advance(30)
            try await manager.signIn(a.user(.programManager).email, clock: harness.clock)
            let report = try await manager.get(WorkforceRoutes.report())
            #expect(report.status == .ok && report.text.contains("id=\"certification-counts\""))
            let team = try await manager.get(WorkforceRoutes.supervision())
            #expect(team.status == .ok && !team.text.contains("id=\"log-session\""), "a manager reads the page but logs nothing")
            #expect(try await manager.get(WorkforceRoutes.logSession()).status == .forbidden)
            let roster = try await manager.get(WorkforceRoutes.roster())
            #expect(roster.text.contains("id=\"open-report\"") && !roster.text.contains("id=\"open-settings\""))
            #expect(roster.text.contains("href=\"\(WorkforceRoutes.roster())\" aria-current=\"page\""), "the header's Workforce link marks the page")
        }
    }

    @Test("the report marks a language no staff member speaks, and withholds wellness under five peers", arguments: TestEngine.available)
    func report(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let peer = a.user(.peerSpecialist), now = harness.clock.now()
            _ = try await SeededParticipant.make(a, db: harness.test.db, now: now)
            // A participant who prefers Vietnamese, enrolled: no one on staff speaks it.
            var person = Person(id: UUID(), organizationID: a.provider.id, intakeProgramID: a.program.id, legalGivenName: "Lan",
                                legalFamilyName: "Nguyen", dateOfBirth: CalendarDate("1985-04-02"), createdAt: now, updatedAt: now)
            person.details.preferredLanguage = "vi"
            var episode = Episode(id: UUID(), participantID: person.id, programID: a.program.id, enrolledOn: harness.env.workforce.today,
                                  plannedEndOn: nil)
            episode.organizationID = a.provider.id
            var background = PeerBackground()
            background.languages = ["en", "es"]
            try await harness.test.db.write { conn in
                try await PersonRecords.insert(person, createdBy: peer.id, on: conn)
                try await EpisodeRecords.insert(episode, screeningID: nil, createdBy: peer.id, now: now, on: conn)
                try await WorkforceProfileRecords.save(WorkforceProfile(userID: peer.id, background: background), organizationID: a.provider.id,
                                                       now: now, on: conn)
            }
            let admin = Browser(client)
            try await admin.signIn(a.user(.organizationAdmin).email, clock: harness.clock)
            let report = try await admin.get(WorkforceRoutes.report())
            #expect(report.status == .ok)
            let vietnamese = try #require(Self.row(report.text, containing: "Vietnamese"))
            #expect(vietnamese.contains("class=\"overdue gap\"") && vietnamese.contains("No staff member speaks it"))
            let english = try #require(Self.row(report.text, containing: "English"))
            #expect(!english.contains("No staff member speaks it"))
            #expect(report.text.contains("Languages no staff member speaks: 1."))
            #expect(report.text.contains("of the 1 peers") || report.text.contains("Peers: 1 peer"))

            // Four peers checked in: the summary is withheld.
            let adminWorkflow = Administration(harness.env.store, hasher: Fixture.hasher)
            var peers = [peer]
            for n in 1...4 {
                peers.append(try await adminWorkflow.createUser(
                    .init(email: "peer\(n)@a.wellness.test", displayName: "Peer \(n)", password: Fixture.password, roles: [.peerSpecialist],
                          programIDs: [a.program.id], supervisorID: a.user(.supervisor).id),
                    organizationID: a.provider.id, by: nil, context: .cli("test")))
            }
            for p in peers.prefix(4) {
                _ = try await harness.env.workforce.checkIn(satisfaction: 4, burnout: 2, supported: 5, note: "", by: try await harness.actor(p), context: .cli("test"))
            }
            let withheld = try await admin.get(WorkforceRoutes.report())
            #expect(withheld.text.contains("Withheld: fewer than 5 peers checked in"))
            #expect(!withheld.text.contains("id=\"wellness-summary\""))

            // The fifth makes a group large enough to show.
            _ = try await harness.env.workforce.checkIn(satisfaction: 2, burnout: 4, supported: 3, note: "", by: try await harness.actor(peers[4]), context: .cli("test"))
            let shown = try await admin.get(WorkforceRoutes.report())
            #expect(!shown.text.contains("Withheld"))
            #expect(shown.text.contains("id=\"wellness-summary\"") && shown.text.contains("5 peers checked in"))
            #expect(shown.text.contains("4 of 5 are satisfied or very satisfied") && shown.text.contains("1 of 5 feel burned out"))

            // The supervisor sees each check-in is due or not, never its answers.
            let supervisor = Browser(client)
            harness.clock.advance(30)
            try await supervisor.signIn(a.user(.supervisor).email, clock: harness.clock)
            let team = try await supervisor.get(WorkforceRoutes.supervision())
            #expect(team.text.contains("Up to date") && !team.text.contains("satisf"))
        }
    }

    @Test("HR sets the rule set and the supervision target, and adds to the training catalogue", arguments: TestEngine.available)
    func settingsAndCourses(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let admin = Browser(client)
            try await admin.signIn(a.user(.organizationAdmin).email, clock: harness.clock)
            let form = try await admin.get(WorkforceRoutes.settings())
            #expect(form.status == .ok && form.text.contains("California SB 803 is the default") && form.text.contains("value=\"20\""))
            let fields: [(String, String)] = [("training_window_months", "12"), ("certification_years", "2"), ("ce_hours_per_cycle", "20"),
                                              ("renewal_window_days", "90")]
            let bad = try await admin.post(WorkforceRoutes.settings(), fields + [("ce_law_and_ethics_hours", "30"), ("supervision_minutes", "90")])
            #expect(bad.status == .unprocessableContent && bad.text.contains("href=\"#ce_law_and_ethics_hours\""))
            let saved = try await admin.post(WorkforceRoutes.settings(), fields + [("ce_law_and_ethics_hours", "6"), ("supervision_minutes", "90")])
            #expect(saved.status == .seeOther && saved.headers[.location]?.contains("saved=workforce_settings") == true)
            #expect(try await harness.env.workforce.settings(by: try await harness.actor(a.user(.organizationAdmin)), context: .cli("test"))
                .supervisionMinutesPerMonth == 90)
            let supervisor = Browser(client)
            harness.clock.advance(30)
            try await supervisor.signIn(a.user(.supervisor).email, clock: harness.clock)
            #expect(try await supervisor.get(WorkforceRoutes.supervision()).text.contains("0 of 90 min"))

            let noTitle = try await admin.post(WorkforceRoutes.courses(), [("title", ""), ("hours", "2")])
            #expect(noTitle.status == .unprocessableContent && noTitle.text.contains("href=\"#title\""))
            let notHours = try await admin.post(WorkforceRoutes.courses(), [("title", "WRAP facilitation"), ("hours", "two")])
            #expect(notHours.status == .unprocessableContent && notHours.text.contains("href=\"#hours\""))
            let added = try await admin.post(WorkforceRoutes.courses(), [("title", "WRAP facilitation"), ("topics", "recovery_principles"),
                                                                         ("topics", "self_advocacy"), ("hours", "1.5")])
            #expect(added.status == .seeOther)
            let list = try await admin.get(PageSupport.noticed(WorkforceRoutes.courses(), .courseAdded))
            #expect(list.text.contains("WRAP facilitation") && list.text.contains("Recovery principles, Self advocacy") && list.text.contains("1.5 h"))
            #expect(list.text.contains("Training added to the catalogue."))
        }
    }

    /// The codes the workflow refuses a valid 30-minute individual session with today.
    static func refusal(_ supervisor: User, _ peer: User, _ harness: WebHarness) async throws -> [String] {
        do {
            _ = try await harness.env.workforce.logSupervision(peerIDs: [peer.id], heldOn: harness.env.workforce.today, minutes: 30,
                                                               format: .individual, topics: [], note: "", by: try await harness.actor(supervisor),
                                                               context: .cli("test"))
            return []
        } catch StoreError.invalid(let errors) {
            return errors.errors.map(\.code)
        }
    }

    /// The table row (`<tr …>…</tr>`) holding `text`.
    static func row(_ html: String, containing text: String) -> String? {
        html.components(separatedBy: "<tr").first { $0.contains(text) }.map { "<tr" + ($0.components(separatedBy: "</tr>").first ?? "") }
    }
}
