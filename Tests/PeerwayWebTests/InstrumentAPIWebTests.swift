import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
@testable import PeerwayWeb
import Testing

/// Outcome instruments through API v1: the definitions in both languages, an administration scored by
/// Peerway with its stable refusals (none of which writes anything), who can NOT see a person's scores,
/// what is due, and a program's schedule.
@Suite("Outcome instruments (API)")
struct InstrumentAPIWebTests {
    static func json(_ response: TestResponse) throws -> [String: Any] { try APITests.json(response) }

    static func items(_ response: TestResponse) throws -> [[String: Any]] {
        try #require(try json(response)["items"] as? [[String: Any]], "\(response.text)")
    }

    /// `field:code` of each error of a problem document.
    static func codes(_ response: TestResponse) throws -> [String] {
        ((try json(response)["errors"] as? [[String: Any]]) ?? []).map { "\($0["field"] ?? ""):\($0["code"] ?? "")" }
    }

    static func rows(_ harness: WebHarness) async throws -> Int {
        try await harness.test.db.rowCount("instrument_administrations") + harness.test.db.rowCount("instrument_scores")
    }

    static func today(_ harness: WebHarness) -> CalendarDate { CalendarDate(harness.clock.now(), in: harness.env.config.timeZone) }

    /// A person the side's peer took in, enrolled in the side's program on 2026-01-05 and paired with that
    /// peer, with no administration yet (`SeededParticipant` comes with a PROMIS intake).
    static func enrolled(_ side: Fixture.Side, _ harness: WebHarness) async throws -> (person: UUID, episode: UUID) {
        let peer = side.user(.peerSpecialist), now = harness.clock.now()
        let person = Person(id: UUID(), organizationID: side.provider.id, intakeProgramID: side.program.id, legalGivenName: "Measured",
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
        return (person.id, episode.id)
    }

    /// A PROMIS Global-10 body; the mental health items all answered 4 unless `responses` says otherwise.
    static func promis(_ timepoint: String, on day: String, responses: String = #""global02": 4, "global04": 4, "global05": 4, "global10r": 4"#,
                       extra: String = "") -> String {
        #"{"instrument": "promis-global-10", "timepoint": "\#(timepoint)", "given_on": "\#(day)", "respondent": "self_report", "responses": {\#(responses)}\#(extra)}"#
    }

    static func scale(_ administration: [String: Any], _ id: String) throws -> [String: Any] {
        let scores = try #require(administration["scores"] as? [[String: Any]], "\(administration)")
        return try #require(scores.first { $0["scale"] as? String == id }, "no \(id) in \(scores)")
    }

    @Test("the definitions come in English and Spanish: by ?lang=, else the account's language; an unknown instrument is 404", arguments: TestEngine.available)
    func definitions(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let api = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            let list = try await api.get("/api/v1/instruments")
            #expect(list.status == .ok)
            let all = try Self.items(list)
            #expect(all.compactMap { $0["id"] as? String } == InstrumentCatalog.all.map(\.id))
            let promis = try #require(all.first { $0["id"] as? String == "promis-global-10" })
            #expect(promis["version"] as? String == "1.2" && promis["language"] as? String == "en")
            #expect(promis["name"] as? String == "PROMIS Global Health (Global-10)")
            #expect(promis["respondents"] as? [String] == ["self_report"] && promis["wording"] as? String == "topics_only")
            let items = try #require(promis["items"] as? [[String: Any]])
            let quality = try #require(items.first { $0["id"] as? String == "global02" })
            #expect(quality["text"] as? String == "Quality of life")
            #expect(quality["asked_at"] is NSNull, "asked at every timepoint")
            let options = try #require(quality["options"] as? [[String: Any]])
            #expect(options.first?["value"] as? Int == 5 && options.first?["label"] as? String == "Excellent")
            let mental = try #require((promis["scales"] as? [[String: Any]])?.first { $0["id"] as? String == "mental" })
            #expect(mental["method"] as? String == "sum" && mental["has_conversion"] as? Bool == true && mental["higher_is_better"] as? Bool == true)
            #expect(mental["items"] as? [String] == ["global02", "global04", "global05", "global10r"])
            #expect((mental["missing"] as? [String: Any])?["rule"] as? String == "require_all")
            #expect((mental["bands"] as? [[String: Any]])?.map { $0["id"] as? String } == ["well_below", "average", "well_above"])
            // Satisfaction is asked at follow-up and discharge only; the profile's indicators say which answers count.
            let profile = try #require(all.first { $0["id"] as? String == "program-profile" })
            let satisfaction = try #require((profile["items"] as? [[String: Any]])?.first { $0["id"] as? String == "satisfaction" })
            #expect(satisfaction["asked_at"] as? [String] == ["follow_up", "discharge"])
            #expect((profile["scales"] as? [[String: Any]])?.contains { $0["method"] as? String == "indicator" && $0["indicator_values"] is [Int] } == true)
            #expect(Set((profile["respondents"] as? [String]) ?? []) == ["self_report", "staff_rated"])

            let spanish = try Self.json(try await api.get("/api/v1/instruments/promis-global-10?lang=es"))
            #expect(spanish["language"] as? String == "es" && spanish["name"] as? String == "PROMIS Salud Global (Global-10)")
            let spanishQuality = try #require((spanish["items"] as? [[String: Any]])?.first { $0["id"] as? String == "global02" })
            #expect(spanishQuality["text"] as? String == "Calidad de vida")
            #expect((spanishQuality["options"] as? [[String: Any]])?.first?["label"] as? String == "Excelente")

            let unknown = try await api.get("/api/v1/instruments/phq-9")
            #expect(unknown.status == .notFound)
            #expect(try Self.json(unknown)["code"] as? String == "not_found")
            let french = try await api.get("/api/v1/instruments?lang=fr")
            #expect(french.status == .unprocessableContent)
            #expect(try Self.codes(french) == ["lang:unknown_value"])
            #expect(try await Browser(client).get("/api/v1/instruments").status == .unauthorized)

            // Without ?lang=, the language of the account the request is signed in to.
            let browser = Browser(client)
            let peer = harness.fixture.a.user(.peerSpecialist)
            try await browser.signIn(peer.email, clock: harness.clock)
            #expect(try await browser.post("/account/profile", [("display_name", peer.displayName), ("locale", "es")]).status == .seeOther)
            let mine = try Self.items(try await browser.get("/api/v1/instruments"))
            #expect(mine.first { $0["id"] as? String == "symptom-areas" }?["language"] as? String == "es")
            let english = try Self.json(try await browser.get("/api/v1/instruments/promis-global-10?lang=en"))
            #expect(english["name"] as? String == "PROMIS Global Health (Global-10)")
        }
    }

    @Test("a PROMIS intake is scored by Peerway (Global Mental Health raw 16, T 53.3, SE 3.7); refusals name their field and write nothing", arguments: TestEngine.available)
    func record(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let seed = try await Self.enrolled(a, harness)
            let api = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            let path = "/api/v1/participants/\(seed.person.text)/administrations"

            let made = try await api.request(.post, path, json: Self.promis("intake", on: "2026-02-02"))
            #expect(made.status == .created, "\(made.text)")
            let intake = try Self.json(made)
            let id = try #require(intake["id"] as? String)
            #expect(made.headers[.location] == "/api/v1/administrations/\(id.lowercased())")
            #expect(intake["person_id"] as? String == seed.person.uuidString && intake["episode_id"] as? String == seed.episode.uuidString)
            #expect(intake["program_id"] as? String == a.program.id.uuidString && intake["given_by"] as? String == a.user(.peerSpecialist).id.uuidString)
            #expect(intake["timepoint"] as? String == "intake" && intake["version"] as? String == "1.2" && intake["language"] as? String == "en")
            #expect(intake["responses"] as? [String: Int] == ["global02": 4, "global04": 4, "global05": 4, "global10r": 4])
            let mental = try Self.scale(intake, "mental")
            #expect(mental["raw"] as? Double == 16 && mental["t_score"] as? Double == 53.3 && mental["standard_error"] as? Double == 3.7, "\(mental)")
            #expect(mental["band"] as? String == "average" && mental["computed"] as? Bool == true && mental["prorated"] as? Bool == false)
            #expect(mental["missing_items"] as? [String] == [])
            // The physical health items were not asked: that scale is not computed, and says why.
            let physical = try Self.scale(intake, "physical")
            #expect(physical["raw"] is NSNull && physical["t_score"] is NSNull && physical["band"] is NSNull && physical["computed"] as? Bool == false)
            #expect(physical["missing_items"] as? [String] == ["global03", "global06", "global07r", "global08r"])

            let read = try await api.get("/api/v1/administrations/\(id)")
            #expect(read.status == .ok)
            #expect(try Self.scale(try Self.json(read), "mental")["t_score"] as? Double == 53.3)

            let before = try await Self.rows(harness)
            let notAnOption = try await api.request(.post, path, json: Self.promis("follow_up", on: "2026-03-02",
                                                                                    responses: #""global02": 9, "global04": 4"#))
            #expect(notAnOption.status == .unprocessableContent)
            #expect(try Self.codes(notAnOption) == ["responses.global02:not_an_option"])
            let tomorrow = Self.today(harness).adding(days: 1)
            let future = try await api.request(.post, path, json: Self.promis("follow_up", on: tomorrow.description))
            #expect(future.status == .unprocessableContent)
            #expect(try Self.codes(future) == ["given_on:in_future"])
            let second = try await api.request(.post, path, json: Self.promis("intake", on: "2026-02-03"))
            #expect(second.status == .unprocessableContent)
            #expect(try Self.codes(second) == ["replace_reason:intake_exists"])
            let early = try await api.request(.post, path, json: Self.promis("follow_up", on: "2026-01-20"))
            #expect(early.status == .unprocessableContent)
            #expect(try Self.codes(early) == ["given_on:before_intake"])
            let malformed = try await api.request(.post, path, json: Self.promis("later", on: "2026-02-30"))
            #expect(malformed.status == .unprocessableContent)
            #expect(Set(try Self.codes(malformed)) == ["timepoint:unknown_value", "given_on:invalid_date"])
            let control = try await api.request(.post, path, json: Self.promis("follow_up", on: "2026-03-02", responses: #""global\u000102": 4"#))
            #expect(try Self.codes(control) == ["responses:invalid_characters"], "an item id with a control character is not echoed as a field")
            let notJSON = try await api.request(.post, path, json: #"{"instrument": "promis-global-10", "responses": {"global02": "four"}}"#)
            #expect(notJSON.status == .unprocessableContent)
            #expect(try await Self.rows(harness) == before, "a refused administration writes nothing")

            // A follow-up after the intake is the first; the person's list holds both, oldest first.
            let followUp = try await api.request(.post, path, json: Self.promis("follow_up", on: "2026-03-02",
                                                                                responses: #""global02": 5, "global04": 5, "global05": 5, "global10r": 5"#))
            #expect(followUp.status == .created)
            #expect(try Self.json(followUp)["timepoint"] as? String == "follow_up_1")
            #expect(try Self.scale(try Self.json(followUp), "mental")["t_score"] as? Double == 67.6)
            let list = try Self.items(try await api.get(path))
            #expect(list.map { $0["timepoint"] as? String } == ["intake", "follow_up_1"])

            // A replaced intake, with its reason, is no longer current.
            let replaced = try await api.request(.post, path, json: Self.promis("intake", on: "2026-02-01",
                                                                                extra: #", "replace_reason": "Entered on the wrong day""#))
            #expect(replaced.status == .created)
            let replacement = try Self.json(replaced)
            #expect(replacement["replaces"] as? String == id && replacement["replace_reason"] as? String == "Entered on the wrong day")
            #expect(try Self.items(try await api.get(path)).compactMap { $0["id"] as? String }.contains(id) == false)

            let events = try await harness.env.audit.list(AuditFilter(organizationIDs: [a.provider.id]), on: harness.test.db).events
            #expect(events.filter { $0.resourceType == "instrument_administration" && $0.action == .recordCreated }.count == 3)
        }
    }

    @Test("who can NOT see a person's scores: another peer's participant and another organization's answer 404 and write nothing", arguments: TestEngine.available)
    func access(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let seed = try await Self.enrolled(a, harness)
            let other = try await SeededParticipant.make(harness.fixture.b, db: harness.test.db, now: harness.clock.now())
            let owner = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            let made = try await owner.request(.post, "/api/v1/participants/\(seed.person.text)/administrations", json: Self.promis("intake", on: "2026-02-02"))
            let id = try #require(try Self.json(made)["id"] as? String)

            let admin = Administration(harness.env.store, hasher: Fixture.hasher)
            let colleague = try await admin.createUser(.init(email: "other-peer@a.fixture.test", displayName: "Other Peer", password: Fixture.password,
                                                             roles: [.peerSpecialist], programIDs: [a.program.id], supervisorID: a.user(.supervisor).id),
                                                       organizationID: a.provider.id, by: nil, context: .cli("test"))
            let peer = Browser(client)
            try await peer.signIn(colleague.email, clock: harness.clock)
            let before = try await Self.rows(harness)
            for path in ["/api/v1/participants/\(seed.person.text)/administrations", "/api/v1/administrations/\(id)"] {
                let response = try await peer.get(path)
                #expect(response.status == .notFound, "\(path) → \(response.status)")
                #expect(!response.text.contains("global02") && !response.text.contains(seed.person.text))
            }
            let post = try await peer.request(.post, "/api/v1/participants/\(seed.person.text)/administrations", json: Self.promis("follow_up", on: "2026-03-02"),
                                              headers: [.init("X-CSRF-Token")!: peer.csrf])
            #expect(post.status == .notFound)
            // Another organization's person and administration, to the peer who owns this side's.
            #expect(try await owner.get("/api/v1/participants/\(other.person.text)/administrations").status == .notFound)
            #expect(try await owner.get("/api/v1/administrations/\(other.administration.text)").status == .notFound)
            let theirs = try await owner.request(.post, "/api/v1/participants/\(other.person.text)/administrations", json: Self.promis("intake", on: "2026-02-02"))
            #expect(theirs.status == .notFound)
            #expect(try await Self.rows(harness) == before)
            // The supervisor of the peer reads them.
            let supervisor = try await APITests.tokenBrowser(harness, client, .supervisor)
            #expect(try Self.items(try await supervisor.get("/api/v1/participants/\(seed.person.text)/administrations")).count == 1)
            #expect(try await supervisor.get("/api/v1/administrations/\(id)").status == .ok)
        }
    }

    @Test("a program manager sets the schedule (a peer may read it, not change it), and the due list follows it", arguments: TestEngine.available)
    func scheduleAndDue(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let seed = try await Self.enrolled(a, harness)
            let manager = try await APITests.tokenBrowser(harness, client, .programManager)
            let peer = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            let schedule = "/api/v1/programs/\(a.program.id.text)/instrument-schedule"

            let empty = try Self.json(try await manager.get(schedule))
            #expect(empty["program_id"] as? String == a.program.id.uuidString && (empty["rules"] as? [Any])?.isEmpty == true)
            let set = try await manager.request(.put, schedule, json: #"{"instrument": "promis-global-10", "at_intake": true, "every_days": 90, "at_discharge": true}"#)
            #expect(set.status == .ok, "\(set.text)")
            let rules = try #require(try Self.json(set)["rules"] as? [[String: Any]])
            #expect(rules.count == 1 && rules[0]["instrument"] as? String == "promis-global-10" && rules[0]["every_days"] as? Int == 90)
            #expect(rules[0]["at_intake"] as? Bool == true && rules[0]["at_discharge"] as? Bool == true)
            let noFollowUps = try await manager.request(.put, schedule, json: #"{"instrument": "mors", "at_intake": true, "at_discharge": false}"#)
            #expect(try #require(try Self.json(noFollowUps)["rules"] as? [[String: Any]]).first { $0["instrument"] as? String == "mors" }?["every_days"] is NSNull)

            let tooOften = try await manager.request(.put, schedule, json: #"{"instrument": "promis-global-10", "at_intake": true, "every_days": 3, "at_discharge": true}"#)
            #expect(tooOften.status == .unprocessableContent)
            #expect(try Self.codes(tooOften) == ["every_days:out_of_range"])
            let unknown = try await manager.request(.put, schedule, json: #"{"instrument": "phq-9", "at_intake": true, "at_discharge": true}"#)
            #expect(try Self.codes(unknown) == ["instrument:unknown_value"])
            // A peer reads the schedule but may not change it; another organization's program is 404.
            let refused = try await peer.request(.put, schedule, json: #"{"instrument": "promis-global-10", "at_intake": false, "every_days": null, "at_discharge": false}"#)
            #expect(refused.status == .forbidden)
            #expect(try #require(try Self.json(try await peer.get(schedule))["rules"] as? [[String: Any]]).count == 2)
            let theirs = "/api/v1/programs/\(harness.fixture.b.program.id.text)/instrument-schedule"
            #expect(try await manager.get(theirs).status == .notFound)
            #expect(try await manager.request(.put, theirs, json: #"{"instrument": "mors", "at_intake": true, "at_discharge": true}"#).status == .notFound)

            // Both intakes are due for the seeded participant, enrolled 2026-01-05: long overdue.
            let due = try Self.items(try await peer.get("/api/v1/me/instruments/due"))
            let mine = due.filter { $0["person_id"] as? String == seed.person.uuidString }
            #expect(Set(mine.compactMap { $0["instrument"] as? String }) == ["promis-global-10", "mors"], "\(due)")
            #expect(mine.allSatisfy { $0["timepoint"] as? String == "intake" && $0["due_on"] as? String == "2026-01-05" && $0["overdue"] as? Bool == true })
            #expect(mine.first?["person_name"] as? String != nil && mine.first?["episode_id"] as? String == seed.episode.uuidString)
            // Once the PROMIS intake is given, its next follow-up is due 90 days later.
            let given = try await peer.request(.post, "/api/v1/participants/\(seed.person.text)/administrations", json: Self.promis("intake", on: "2026-02-02"))
            #expect(given.status == .created)
            let after = try Self.items(try await peer.get("/api/v1/me/instruments/due")).filter { $0["instrument"] as? String == "promis-global-10" }
            #expect(after.map { "\($0["timepoint"] ?? ""):\($0["due_on"] ?? "")" } == ["follow_up:2026-05-03"])
            // A supervisor follows the whole program; a bad scope is refused; an evaluator has no due list.
            let supervisor = try await APITests.tokenBrowser(harness, client, .supervisor)
            #expect(try Self.items(try await supervisor.get("/api/v1/me/instruments/due?scope=program")).contains { $0["person_id"] as? String == seed.person.uuidString })
            let badScope = try await peer.get("/api/v1/me/instruments/due?scope=everyone")
            #expect(try Self.codes(badScope) == ["scope:unknown_value"])
            let evaluator = try await APITests.tokenBrowser(harness, client, .evaluator)
            #expect(try await evaluator.get("/api/v1/me/instruments/due").status == .forbidden)

            // A rule that schedules nothing removes the instrument.
            let removed = try await manager.request(.put, schedule, json: #"{"instrument": "mors", "at_intake": false, "every_days": null, "at_discharge": false}"#)
            #expect(try #require(try Self.json(removed)["rules"] as? [[String: Any]]).map { $0["instrument"] as? String } == ["promis-global-10"])
        }
    }
}
