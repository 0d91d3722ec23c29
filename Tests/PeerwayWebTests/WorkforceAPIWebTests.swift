import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
@testable import PeerwayWeb
import Testing

/// The peer workforce through API v1: a peer's certification walked step by step, continuing education
/// and its 24-hour day, the profile and what a reader beyond HR sees of it, a supervisor's sessions and
/// team, wellness check-ins, career, settings and the catalogue, the report's figures with their
/// denominators, and who can NOT reach a staff member's record (404 revealing nothing). Every refusal
/// is a 422 naming its field and code, and writes nothing.
@Suite("Workforce (API)")
struct WorkforceAPIWebTests {
    static func json(_ response: TestResponse) throws -> [String: Any] { try APITests.json(response) }

    /// `field:code` of each error of a problem document.
    static func codes(_ response: TestResponse) throws -> [String] {
        ((try json(response)["errors"] as? [[String: Any]]) ?? []).map { "\($0["field"] ?? ""):\($0["code"] ?? "")" }
    }

    /// Rows of every workforce table: a refusal leaves the count as it was.
    static func rows(_ harness: WebHarness) async throws -> Int {
        var total = 0
        for table in ["certification_events", "continuing_education", "training_courses", "training_completions", "supervision_sessions",
                      "supervision_attendees", "wellness_check_ins", "career_steps", "workforce_settings"] {
            total += try await harness.test.db.rowCount(table)
        }
        return total
    }

    static func today(_ harness: WebHarness) -> CalendarDate { CalendarDate(harness.clock.now(), in: harness.env.config.timeZone) }

    static func step(_ step: String, on day: CalendarDate, reference: String = "") -> String {
        #"{"step": "\#(step)", "on": "\#(day)", "reference": "\#(reference)"}"#
    }

    /// A second peer of side A with the same supervisor: a colleague, not someone whose record the first peer reaches.
    static func colleague(_ harness: WebHarness) async throws -> User {
        let a = harness.fixture.a
        return try await harness.env.admin.createUser(
            .init(email: "colleague@a.fixture.test", displayName: "Colleague Peer", password: Fixture.password, roles: [.peerSpecialist],
                  programIDs: [a.program.id], supervisorID: a.user(.supervisor).id),
            organizationID: a.provider.id, by: nil, context: .cli("test"))
    }

    /// A qualifying credential on the side's supervisor's profile, saved as they would.
    static func qualify(_ side: Fixture.Side, _ harness: WebHarness) async throws {
        var details = WorkforceDetails(discipline: .clinicalSupervisor)
        details.credential = QualifyingCredential(kind: .lcsw, number: "LCS 12345", issuedBy: "California BBS", expiresOn: nil)
        _ = try await harness.env.workforce.saveProfile(side.user(.supervisor).id, background: PeerBackground(), details: details,
                                                        by: try await harness.actor(side.user(.organizationAdmin)), context: .cli("test"))
    }

    @Test("a peer walks from application to certification through the API and reads what remains; a step out of order is refused and writes nothing",
          arguments: TestEngine.available)
    func certification(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let peer = harness.fixture.a.user(.peerSpecialist)
            let api = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            let steps = WorkforceRoutes.API.steps(peer.id), status = WorkforceRoutes.API.certification(peer.id)
            let today = Self.today(harness)

            let fresh = try Self.json(try await api.get(status))
            #expect(fresh["state"] as? String == "not_started" && fresh["standing"] as? String == "not_tracked", "\(fresh)")
            #expect((fresh["tasks"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } == ["apply"])

            // The shape first: each problem on its field.
            let before = try await Self.rows(harness)
            #expect(try Self.codes(try await api.request(.post, steps, json: #"{"step": "hired", "on": "soon"}"#)) == ["step:unknown_value", "on:invalid_date"])
            let future = try await api.request(.post, steps, json: Self.step("applied", on: today.adding(days: 1)))
            #expect(future.status == .unprocessableContent)
            #expect(try Self.codes(future) == ["on:in_future"])
            #expect(try Self.codes(try await api.request(.post, steps, json: Self.step("approved", on: today))) == ["step:documents_not_verified"])
            #expect(try await Self.rows(harness) == before)

            for (name, days) in [("applied", -60), ("documents_verified", -50), ("approved", -40)] {
                let made = try await api.request(.post, steps, json: Self.step(name, on: today.adding(days: days)))
                #expect(made.status == .created, "\(name): \(made.text)")
                let event = try Self.json(made)
                #expect(event["step"] as? String == name && event["on"] as? String == today.adding(days: days).description)
                #expect(event["user_id"] as? String == peer.id.uuidString && event["recorded_by"] as? String == peer.id.uuidString)
            }
            let window = try Self.json(try await api.get(status))
            #expect(window["state"] as? String == "training_window_open" && window["standing"] as? String == "in_progress", "\(window)")
            #expect(window["training_window_ends_on"] as? String == today.adding(days: -40).adding(months: 12).description)
            #expect((window["deadlines"] as? [[String: Any]])?.first?["kind"] as? String == "training_window")

            // The exam before the training: 422 exam_before_training, and nothing written.
            let count = try await Self.rows(harness)
            let early = try await api.request(.post, steps, json: Self.step("exam_passed", on: today.adding(days: -35)))
            #expect(early.status == .unprocessableContent)
            #expect(try Self.codes(early) == ["step:exam_before_training"])
            #expect(try await Self.rows(harness) == count)

            for (name, days, reference) in [("training_completed", -30, "CalMHSA core training"), ("exam_passed", -20, "EXAM-77"),
                                            ("certified", -10, "PSS-001234")] {
                let made = try await api.request(.post, steps, json: Self.step(name, on: today.adding(days: days), reference: reference))
                #expect(made.status == .created, "\(name): \(made.text)")
            }
            let backwards = try await api.request(.post, steps, json: Self.step("ethics_signed", on: today.adding(days: -15)))
            #expect(try Self.codes(backwards) == ["on:before_previous_step", "step:not_certified"])

            let certified = try Self.json(try await api.get(status))
            #expect(certified["state"] as? String == "certified" && certified["standing"] as? String == "certified", "\(certified)")
            #expect(certified["certified_on"] as? String == today.adding(days: -10).description)
            #expect(certified["expires_on"] as? String == today.adding(days: -10).adding(years: 2).description)
            #expect(certified["certificate_number"] as? String == "PSS-001234" && certified["rule_set"] as? String == "ca_sb803")
            #expect((certified["events"] as? [[String: Any]])?.compactMap { $0["step"] as? String }
                    == ["applied", "documents_verified", "approved", "training_completed", "exam_passed", "certified"])
            let tasks = try #require(certified["tasks"] as? [[String: Any]])
            #expect(tasks.compactMap { $0["kind"] as? String } == ["log_ce", "log_law_and_ethics", "sign_ethics", "renew"])
            #expect(tasks.first?["remaining_minutes"] as? Int == 1_200 && tasks.first?["done"] as? Bool == false)
            let ce = try #require(certified["ce"] as? [String: Any])
            #expect(ce["required_minutes"] as? Int == 1_200 && ce["required_law_and_ethics_minutes"] as? Int == 360 && ce["minutes"] as? Int == 0)

            // Six hours of law and ethics: the checklist updates.
            let logged = try await api.request(.post, WorkforceRoutes.API.education(peer.id), json: """
                {"taken_on": "\(today.adding(days: -5))", "hours": 6, "category": "law_and_ethics", "title": "Ethics and boundaries", "provider": "CalMHSA"}
                """)
            #expect(logged.status == .created, "\(logged.text)")
            let after = try Self.json(try await api.get(status))
            let progress = try #require(after["ce"] as? [String: Any])
            #expect(progress["minutes"] as? Int == 360 && progress["law_and_ethics_minutes"] as? Int == 360 && progress["remaining_minutes"] as? Int == 840)
            let checklist = try #require(after["tasks"] as? [[String: Any]])
            #expect(checklist.first { $0["kind"] as? String == "log_law_and_ethics" }?["done"] as? Bool == true)
            #expect(checklist.first { $0["kind"] as? String == "log_ce" }?["remaining_minutes"] as? Int == 840)
        }
    }

    @Test("continuing education: hours or minutes; over 24 hours in one day is refused and writes nothing", arguments: TestEngine.available)
    func continuingEducation(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let peer = harness.fixture.a.user(.peerSpecialist)
            let api = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            let path = WorkforceRoutes.API.education(peer.id)
            let day = Self.today(harness).adding(days: -3)
            func entry(_ length: String, category: String = "recovery_and_wellness", title: String = "WRAP facilitation") -> String {
                #"{"taken_on": "\#(day)", \#(length), "category": "\#(category)", "title": "\#(title)"}"#
            }
            let made = try await api.request(.post, path, json: entry(#""hours": 20"#))
            #expect(made.status == .created, "\(made.text)")
            let first = try Self.json(made)
            #expect(first["minutes"] as? Int == 1_200 && first["hours"] as? Double == 20 && first["provider"] as? String == "")

            let before = try await Self.rows(harness)
            let over = try await api.request(.post, path, json: entry(#""hours": 5"#))
            #expect(over.status == .unprocessableContent)
            #expect(try Self.codes(over) == ["hours:over_24_hours_in_a_day"])
            #expect(try Self.json(over)["code"] as? String == "validation_failed")
            let message = (try Self.json(over)["errors"] as? [[String: Any]])?.first?["message"] as? String
            #expect(message?.contains("24") == true && message?.contains("error.") == false, "\(over.text)")
            #expect(try Self.codes(try await api.request(.post, path, json: entry(#""minutes": 300"#))) == ["minutes:over_24_hours_in_a_day"])
            #expect(try Self.codes(try await api.request(.post, path, json: entry(#""hours": 1, "minutes": 60"#))) == ["minutes:hours_or_minutes"])
            #expect(try Self.codes(try await api.request(.post, path, json: #"{"taken_on": "\#(day)", "category": "other", "title": "X"}"#)) == ["hours:required"])
            #expect(try Self.codes(try await api.request(.post, path, json: entry(#""hours": -1"#))) == ["hours:out_of_range"])
            #expect(try Self.codes(try await api.request(.post, path, json: entry(#""minutes": 30"#, category: "yoga", title: " "))) == ["category:unknown_value"])
            #expect(try Self.codes(try await api.request(.post, path, json: entry(#""minutes": 30"#, title: " "))) == ["title:required"])
            #expect(try await Self.rows(harness) == before)

            // Ninety minutes the next day is fine.
            let next = try await api.request(.post, path, json: #"{"taken_on": "\#(day.adding(days: 1))", "minutes": 90, "category": "other", "title": "Naloxone"}"#)
            #expect(next.status == .created, "\(next.text)")
            let list = try Self.json(try await api.get(path))
            let items = try #require(list["items"] as? [[String: Any]])
            #expect(items.compactMap { $0["minutes"] as? Int } == [90, 1_200], "\(list)")
            #expect(items.first?["hours"] as? Double == 1.5)
            #expect(list["cycle"] == nil)
        }
    }

    @Test("the profile: the person and HR see it whole and save it; a supervisor sees what the person shared and cannot save it", arguments: TestEngine.available)
    func profile(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let peer = a.user(.peerSpecialist)
            let path = WorkforceRoutes.API.profile(peer.id)
            let api = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            let body = """
                {"discipline": "peer_support_specialist", "specializations": ["Reentry", " Reentry ", "Youth"], "shared": [],
                 "hired_on": "2024-03-01", "languages": ["es", "en"], "lived_experience": ["mental_health"], "populations": ["justice_involved"],
                 "cultural_background": "Chicano community", "gender_identity": "man", "region": "South Bay", "capacity": 18}
                """
            let saved = try await api.request(.put, path, json: body)
            #expect(saved.status == .ok, "\(saved.text)")
            let mine = try Self.json(saved)
            #expect(mine["sees_whole_profile"] as? Bool == true && mine["specializations"] as? [String] == ["Reentry", "Youth"])
            #expect(mine["lived_experience"] as? [String] == ["mental_health"] && mine["capacity"] as? Int == 18 && mine["hired_on"] as? String == "2024-03-01")

            let supervisor = try await APITests.tokenBrowser(harness, client, .supervisor)
            let seen = try Self.json(try await supervisor.get(path))
            #expect(seen["sees_whole_profile"] as? Bool == false, "\(seen)")
            #expect(seen["lived_experience"] as? [String] == [] && seen["cultural_background"] as? String == "" && seen["gender_identity"] == nil)
            #expect(seen["languages"] as? [String] == ["es", "en"] && seen["region"] as? String == "South Bay")
            #expect(try await supervisor.request(.put, path, json: body).status == .forbidden)

            // HR sees it whole; what HR sends for `shared` is not the person's consent.
            let hr = try await APITests.tokenBrowser(harness, client, .organizationAdmin)
            #expect(try Self.json(try await hr.get(path))["lived_experience"] as? [String] == ["mental_health"])
            let byHR = try await hr.request(.put, path, json: body.replacingOccurrences(of: #""shared": []"#, with: #""shared": ["lived_experience"]"#))
            #expect(byHR.status == .ok, "\(byHR.text)")
            #expect(try Self.json(byHR)["shared"] as? [String] == [])

            // Refusals name the body's fields, nested ones by their path.
            let before = try await Self.rows(harness)
            let unknown = try await api.request(.put, path, json: body.replacingOccurrences(of: "peer_support_specialist", with: "astronaut"))
            #expect(try Self.codes(unknown) == ["discipline:unknown_value"])
            let supervisorProfile = WorkforceRoutes.API.profile(a.user(.supervisor).id)
            // HR records the discipline and the credential; a supervisor's own save keeps what HR recorded.
            let noCredential = try await hr.request(.put, supervisorProfile, json: body.replacingOccurrences(of: "peer_support_specialist", with: "clinical_supervisor"))
            #expect(try Self.codes(noCredential) == ["credential:credential_required"], "\(noCredential.text)")
            let blankNumber = try await hr.request(.put, supervisorProfile, json: body.replacingOccurrences(
                of: #""shared": []"#, with: #""shared": [], "credential": {"kind": "lcsw", "number": " ", "expires_on": "someday"}"#))
            #expect(try Self.codes(blankNumber) == ["credential.expires_on:invalid_date"])
            let blank = try await supervisor.request(.put, supervisorProfile, json: body.replacingOccurrences(
                of: #""shared": []"#, with: #""shared": [], "credential": {"kind": "lcsw", "number": " "}"#))
            #expect(try Self.codes(blank) == ["credential.number:required"])
            #expect(try await Self.rows(harness) == before)
        }
    }

    @Test("a supervisor logs a session for their supervisee once qualified, and reads the team's hours; without a credential it is refused", arguments: TestEngine.available)
    func supervision(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let peer = a.user(.peerSpecialist)
            let supervisor = try await APITests.tokenBrowser(harness, client, .supervisor)
            let today = Self.today(harness)
            let session = """
                {"held_on": "\(today)", "minutes": 60, "format": "individual", "peer_ids": ["\(peer.id.uuidString)"],
                 "topics": ["boundaries", "self_care"], "note": "Talked about saying no."}
                """
            let before = try await Self.rows(harness)
            let unqualified = try await supervisor.request(.post, WorkforceRoutes.API.sessions(), json: session)
            #expect(unqualified.status == .unprocessableContent)
            #expect(try Self.codes(unqualified) == ["supervisor:supervisor_not_qualified"])
            #expect(try await Self.rows(harness) == before)

            let hr = try await APITests.tokenBrowser(harness, client, .organizationAdmin)
            let credential = try await hr.request(.put, WorkforceRoutes.API.profile(a.user(.supervisor).id), json: """
                {"discipline": "clinical_supervisor", "credential": {"kind": "lcsw", "number": "LCS 12345", "issued_by": "California BBS"},
                 "languages": ["en"], "lived_experience": [], "populations": [], "cultural_background": "", "region": "", "capacity": 0}
                """)
            #expect(credential.status == .ok, "\(credential.text)")

            let made = try await supervisor.request(.post, WorkforceRoutes.API.sessions(), json: session)
            #expect(made.status == .created, "\(made.text)")
            let logged = try Self.json(made)
            #expect(logged["peer_ids"] as? [String] == [peer.id.uuidString] && logged["topics"] as? [String] == ["boundaries", "self_care"])
            #expect(logged["supervisor_id"] as? String == a.user(.supervisor).id.uuidString)

            // Someone who is not their supervisee, two peers in an individual session, a session in the future.
            let count = try await Self.rows(harness)
            let stranger = a.user(.programManager).id.uuidString
            let notMine = try await supervisor.request(.post, WorkforceRoutes.API.sessions(), json: session.replacingOccurrences(of: peer.id.uuidString, with: stranger))
            #expect(try Self.codes(notMine) == ["peer_ids:not_your_supervisee"])
            let colleague = try await Self.colleague(harness)
            let two = try await supervisor.request(.post, WorkforceRoutes.API.sessions(), json: session.replacingOccurrences(
                of: #"["\#(peer.id.uuidString)"]"#, with: #"["\#(peer.id.uuidString)", "\#(colleague.id.uuidString)"]"#))
            #expect(try Self.codes(two) == ["peer_ids:individual_has_one_peer"])
            let future = try await supervisor.request(.post, WorkforceRoutes.API.sessions(), json: session.replacingOccurrences(of: today.description, with: today.adding(days: 2).description))
            #expect(try Self.codes(future) == ["held_on:in_future"])
            #expect(try await Self.rows(harness) == count)

            let team = try Self.json(try await supervisor.get(WorkforceRoutes.API.team()))
            #expect(team["qualified"] as? Bool == true && team["target_minutes"] as? Int == 60, "\(team)")
            let members = try #require(team["members"] as? [[String: Any]])
            let member = try #require(members.first { $0["user_id"] as? String == peer.id.uuidString })
            #expect((member["current_month"] as? [String: Any])?["minutes"] as? Int == 60)
            #expect((member["current_month"] as? [String: Any])?["met"] as? Bool == true)
            #expect((team["sessions"] as? [[String: Any]])?.count == 1)

            // A peer logs no sessions and has no team page.
            let peerAPI = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            #expect(try await peerAPI.request(.post, WorkforceRoutes.API.sessions(), json: session).status == .forbidden)
            #expect(try await peerAPI.get(WorkforceRoutes.API.team()).status == .forbidden)
            // The peer sees the session among what they received.
            #expect(try await peerAPI.get(WorkforceRoutes.API.certification(peer.id)).status == .ok)
        }
    }

    @Test("wellness check-ins: the person gives them, the supervisor reads them, nobody else reaches them", arguments: TestEngine.available)
    func wellness(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let peer = harness.fixture.a.user(.peerSpecialist)
            let path = WorkforceRoutes.API.wellness(peer.id)
            let api = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            #expect(try Self.json(try await api.get(path))["due"] as? Bool == true)
            let before = try await Self.rows(harness)
            let bad = try await api.request(.post, path, json: #"{"satisfaction": 6, "burnout": 0, "supported": 3}"#)
            #expect(try Self.codes(bad) == ["satisfaction:out_of_range", "burnout:out_of_range"])
            #expect(try await Self.rows(harness) == before)
            let given = try await api.request(.post, path, json: #"{"satisfaction": 4, "burnout": 2, "supported": 5, "note": "A good month."}"#)
            #expect(given.status == .created, "\(given.text)")
            #expect(try Self.json(given)["given_on"] as? String == Self.today(harness).description)
            let mine = try Self.json(try await api.get(path))
            #expect((mine["items"] as? [[String: Any]])?.count == 1 && mine["due"] as? Bool == false)

            let supervisor = try await APITests.tokenBrowser(harness, client, .supervisor)
            #expect((try Self.json(try await supervisor.get(path))["items"] as? [[String: Any]])?.first?["note"] as? String == "A good month.")
            #expect(try await supervisor.request(.post, path, json: #"{"satisfaction": 4, "burnout": 2, "supported": 5}"#).status == .forbidden)
            for role in [Role.organizationAdmin, .programManager] {
                let other = try await APITests.tokenBrowser(harness, client, role)
                #expect(try await other.get(path).status == .notFound, "\(role)")
            }
        }
    }

    @Test("another peer's record, and another organization's, answer 404 on every staff route and change nothing", arguments: TestEngine.available)
    func access(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let (a, b) = (harness.fixture.a, harness.fixture.b)
            let colleague = try await Self.colleague(harness)
            let api = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            let today = Self.today(harness)
            let before = try await Self.rows(harness)
            for id in [colleague.id, b.user(.peerSpecialist).id, UUID()] {
                for path in [WorkforceRoutes.API.profile(id), WorkforceRoutes.API.certification(id), WorkforceRoutes.API.education(id),
                             WorkforceRoutes.API.trainings(id), WorkforceRoutes.API.career(id), WorkforceRoutes.API.wellness(id)] {
                    let response = try await api.get(path)
                    #expect(response.status == .notFound, "\(path) → \(response.status)")
                    #expect(!response.text.contains(id.uuidString) && !response.text.contains("Colleague"))
                }
                #expect(try await api.request(.post, WorkforceRoutes.API.steps(id), json: Self.step("applied", on: today)).status == .notFound)
                #expect(try await api.request(.post, WorkforceRoutes.API.education(id), json: """
                    {"taken_on": "\(today)", "hours": 1, "category": "other", "title": "Course"}
                    """).status == .notFound)
                #expect(try await api.request(.post, WorkforceRoutes.API.wellness(id), json: #"{"satisfaction": 3, "burnout": 3, "supported": 3}"#).status == .notFound)
            }
            #expect(try await Self.rows(harness) == before)

            // A program manager reads a record but records nothing on it.
            let manager = try await APITests.tokenBrowser(harness, client, .programManager)
            let peer = a.user(.peerSpecialist).id
            #expect(try await manager.get(WorkforceRoutes.API.certification(peer)).status == .ok)
            #expect(try await manager.request(.post, WorkforceRoutes.API.steps(peer), json: Self.step("applied", on: today)).status == .forbidden)
            #expect(try await Self.rows(harness) == before)
        }
    }

    @Test("trainings, the catalogue, career steps and settings: who may record what, and Core's refusals on the body's fields", arguments: TestEngine.available)
    func recordsAndSettings(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let peer = a.user(.peerSpecialist)
            let today = Self.today(harness)
            let hr = try await APITests.tokenBrowser(harness, client, .organizationAdmin)
            let api = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            let supervisor = try await APITests.tokenBrowser(harness, client, .supervisor)
            let allTopics = TrainingTopic.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")

            // The catalogue: HR adds, everyone reads.
            #expect(try await api.request(.post, WorkforceRoutes.API.courses(), json: #"{"title": "Core"}"#).status == .forbidden)
            #expect(try Self.codes(try await hr.request(.post, WorkforceRoutes.API.courses(), json: #"{"title": "Core", "minutes": 0}"#)) == ["minutes:out_of_range"])
            let course = try await hr.request(.post, WorkforceRoutes.API.courses(), json: #"{"title": "Peer certification core", "topics": [\#(allTopics)], "minutes": 4800}"#)
            #expect(course.status == .created, "\(course.text)")
            let courseBody = try Self.json(course)
            let courseID = try #require(courseBody["id"] as? String)
            #expect(courseBody["covers_all_topics"] as? Bool == true)
            #expect((try Self.json(try await api.get(WorkforceRoutes.API.courses()))["items"] as? [[String: Any]])?.count == 1)

            // A training from the catalogue covers the ten topics.
            let trainings = WorkforceRoutes.API.trainings(peer.id)
            let empty = try Self.json(try await api.get(trainings))
            #expect((empty["missing"] as? [String])?.count == 10)
            #expect(try Self.codes(try await api.request(.post, trainings, json: """
                {"course_id": "\(UUID().uuidString)", "completed_on": "\(today)", "minutes": 60, "evidence": "Certificate"}
                """)) == ["course_id:unknown_value"])
            #expect(try Self.codes(try await api.request(.post, trainings, json: """
                {"title": "Something", "completed_on": "\(today)", "minutes": 60, "evidence": " "}
                """)) == ["evidence:required"])
            let done = try await api.request(.post, trainings, json: """
                {"course_id": "\(courseID)", "completed_on": "\(today.adding(days: -7))", "minutes": 4800, "evidence": "Certificate 881"}
                """)
            #expect(done.status == .created, "\(done.text)")
            #expect(try Self.json(done)["title"] as? String == "Peer certification core")
            let covered = try Self.json(try await api.get(trainings))
            #expect((covered["missing"] as? [String]) == [] && (covered["covered"] as? [[String: Any]])?.count == 10, "\(covered)")

            // Career: the supervisor records a new role; the person does not record their own.
            let career = WorkforceRoutes.API.career(peer.id)
            #expect(try await api.request(.post, career, json: #"{"role": "senior_peer", "started_on": "\#(today)"}"#).status == .forbidden)
            let started = try await supervisor.request(.post, career, json: #"{"role": "peer_specialist", "started_on": "\#(today.adding(days: -400))"}"#)
            #expect(started.status == .created, "\(started.text)")
            #expect(try Self.codes(try await supervisor.request(.post, career, json: #"{"role": "peer_specialist", "started_on": "\#(today)"}"#)) == ["role:already_in_role"])
            #expect(try await supervisor.request(.post, career, json: #"{"role": "senior_peer", "started_on": "\#(today)"}"#).status == .created)
            let roles = try Self.json(try await api.get(career))
            #expect(roles["current_role"] as? String == "senior_peer" && (roles["items"] as? [[String: Any]])?.count == 2)

            // Settings: everyone reads them, HR changes them.
            let settings = try Self.json(try await api.get(WorkforceRoutes.API.settings()))
            #expect(settings["code"] as? String == "ca_sb803" && settings["ce_hours_per_cycle"] as? Double == 20 && settings["ce_law_and_ethics_hours"] as? Double == 6)
            #expect(settings["alert_days"] as? [Int] == [90, 60, 30] && settings["supervision_minutes_per_month"] as? Int == 60)
            let change = """
                {"code": "ca_sb803", "training_window_months": 12, "certification_years": 2, "ce_hours_per_cycle": 20, "ce_law_and_ethics_hours": 6,
                 "renewal_window_days": 90, "alert_days": [30, 90, 60, 90], "supervision_minutes_per_month": 90}
                """
            #expect(try await api.request(.put, WorkforceRoutes.API.settings(), json: change).status == .forbidden)
            let before = try await Self.rows(harness)
            let wrong = try await hr.request(.put, WorkforceRoutes.API.settings(), json: change
                .replacingOccurrences(of: #""ce_law_and_ethics_hours": 6"#, with: #""ce_law_and_ethics_hours": 21"#)
                .replacingOccurrences(of: #""supervision_minutes_per_month": 90"#, with: #""supervision_minutes_per_month": 9000"#))
            #expect(try Self.codes(wrong) == ["ce_law_and_ethics_hours:out_of_range", "supervision_minutes_per_month:out_of_range"])
            #expect(try await Self.rows(harness) == before)
            let saved = try await hr.request(.put, WorkforceRoutes.API.settings(), json: change)
            #expect(saved.status == .ok, "\(saved.text)")
            #expect(try Self.json(saved)["alert_days"] as? [Int] == [90, 60, 30])
            #expect(try Self.json(try await api.get(WorkforceRoutes.API.settings()))["supervision_minutes_per_month"] as? Int == 90)
        }
    }

    @Test("the report for a manager names each figure's numerator and denominator; the roster lists the staff; a peer reads neither", arguments: TestEngine.available)
    func report(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let peer = a.user(.peerSpecialist)
            let today = Self.today(harness)
            let workforce = harness.env.workforce
            let peerActor = try await harness.actor(peer)
            // The peer certified 30 days ago with their cycle's continuing education complete.
            for (step, days) in [(CertificationStep.applied, -200), (.documentsVerified, -190), (.approved, -180), (.trainingCompleted, -100),
                                 (.examPassed, -60), (.certified, -30)] {
                _ = try await workforce.recordStep(peer.id, step: step, on: today.adding(days: days), reference: "", by: peerActor, context: .cli("test"))
            }
            for (category, hours, days) in [(CECategory.lawAndEthics, 6, -20), (.recoveryAndWellness, 14, -10)] {
                _ = try await workforce.logCE(peer.id, takenOn: today.adding(days: days), minutes: hours * 60, category: category, title: "Course",
                                              provider: "", by: peerActor, context: .cli("test"))
            }
            // Last month's supervision by a qualified supervisor.
            try await Self.qualify(a, harness)
            let lastMonth = SupervisionRules.months(around: today).previous
            _ = try await workforce.logSupervision(peerIDs: [peer.id], heldOn: lastMonth.adding(days: 3), minutes: 75, format: .individual,
                                                   topics: [.ethics], note: "", by: try await harness.actor(a.user(.supervisor)), context: .cli("test"))

            let manager = try await APITests.tokenBrowser(harness, client, .programManager)
            let response = try await manager.get(WorkforceRoutes.API.report())
            #expect(response.status == .ok, "\(response.text)")
            let report = try Self.json(response)
            #expect(report["peers"] as? Int == 1 && report["as_of"] as? String == today.description, "\(report)")
            #expect(report["continuing_education"] as? [String: Int] == ["ce_met": 1, "in_cycle": 1])
            let supervision = try #require(report["supervision"] as? [String: Any])
            #expect(supervision["supervision_met"] as? Int == 1 && supervision["peers"] as? Int == 1 && supervision["minutes"] as? Int == 75)
            #expect(supervision["month"] as? String == lastMonth.description)
            let qualified = try #require(report["qualified_supervision"] as? [String: Any])
            #expect(qualified["without_qualified_supervisor"] as? Int == 0 && qualified["peers"] as? Int == 1)
            let certification = try #require(report["certification"] as? [String: Any])
            let byState = try #require(certification["by_state"] as? [[String: Any]])
            #expect(byState.count == CertificationState.allCases.count && certification["peers"] as? Int == 1)
            #expect(byState.first { $0["state"] as? String == "certified" }?["count"] as? Int == 1)
            let caseload = try #require(report["caseload"] as? [String: Any])
            #expect(caseload["caseload"] as? Int == 0 && caseload["capacity"] as? Int == 25 && caseload["over_capacity"] as? Int == 0)
            #expect(report["advancement"] as? [String: Int] == ["advanced": 0, "peers": 0])
            let wellness = try #require(report["wellness"] as? [String: Any])
            #expect(wellness["withheld"] as? Bool == true && wellness["minimum_group_size"] as? Int == 5 && wellness["respondents"] == nil)

            let roster = try #require(try Self.json(try await manager.get(WorkforceRoutes.API.roster()))["items"] as? [[String: Any]])
            let row = try #require(roster.first { $0["user_id"] as? String == peer.id.uuidString })
            #expect(row["certification"] as? String == "certified" && row["discipline"] as? String == "peer_support_specialist")
            #expect(row["supervisor_name"] as? String == a.user(.supervisor).displayName)

            let peerAPI = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            #expect(try await peerAPI.get(WorkforceRoutes.API.report()).status == .forbidden)
            #expect(try await peerAPI.get(WorkforceRoutes.API.roster()).status == .forbidden)
        }
    }

    @Test("the OpenAPI document describes every workforce route with its operations")
    func openAPI() async throws {
        try await WebHarness.with(.sqlite) { harness, client in
            let document = try #require(try JSONSerialization.jsonObject(with: Data(try await Browser(client).get("/api/v1/openapi.json").text.utf8)) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let api: [RoutePath] = [WorkforceRoutes.API.profile, WorkforceRoutes.API.certification, WorkforceRoutes.API.steps, WorkforceRoutes.API.education,
                                    WorkforceRoutes.API.trainings, WorkforceRoutes.API.career, WorkforceRoutes.API.wellness, WorkforceRoutes.API.team,
                                    WorkforceRoutes.API.sessions, WorkforceRoutes.API.roster, WorkforceRoutes.API.report, WorkforceRoutes.API.settings,
                                    WorkforceRoutes.API.courses]
            let entries = PeerwayApp.routeTable(harness.env).entries.filter { entry in api.contains { $0.pattern == entry.path } }
            #expect(Set(entries.map(\.path)).count == api.count)
            for entry in entries {
                let operation = paths[entry.openAPIPath]?[entry.method.rawValue.lowercased()] as? [String: Any]
                #expect(operation != nil, "\(entry.method) \(entry.openAPIPath) is not described")
                #expect((operation?["tags"] as? [String]) == ["workforce"])
                if entry.method != .get {
                    #expect((operation?["responses"] as? [String: Any])?["422"] != nil, "\(entry.method) \(entry.openAPIPath) documents no 422")
                }
            }
        }
    }
}
