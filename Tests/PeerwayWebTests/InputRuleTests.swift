import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import PeerwayWeb
import SQLKit
import Testing

/// Issue 17's input rule, end to end: NUL and other control characters refused with a field error on
/// every way in (JSON, forms, query strings, CSV) and never written; `+` in a query string is a space;
/// lengths in Unicode scalars; the peer profile within its schema; dates and offsets in range.
@Suite("Input rule (web)")
struct InputRuleTests {
    static func rows(_ harness: WebHarness, _ table: String) async throws -> Int {
        try await harness.test.db.read { conn in
            try await conn.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
        }
    }

    static func problem(_ response: TestResponse) throws -> (code: String, fields: [(field: String, code: String)]) {
        let body = try #require(JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
        let errors = (body["errors"] as? [[String: Any]] ?? []).map { ($0["field"] as? String ?? "", $0["code"] as? String ?? "") }
        return (body["code"] as? String ?? "", errors)
    }

    static func expectFieldError(_ response: TestResponse, _ field: String, _ code: String = "invalid_characters",
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(response.status == .unprocessableContent, "\(response.status): \(response.text.prefix(300))", sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == "application/problem+json", sourceLocation: sourceLocation)
        let fields = try problem(response).fields
        #expect(fields.contains { $0.field == field && $0.code == code }, "\(fields)", sourceLocation: sourceLocation)
    }

    /// A signed-in browser that sends the CSRF header with its JSON.
    static func session(_ harness: WebHarness, _ client: any TestClientProtocol, _ role: Role) async throws -> Browser {
        let browser = Browser(client)
        try await browser.signIn(harness.fixture.a.user(role).email, clock: harness.clock)
        return browser
    }

    static func send(_ browser: Browser, _ method: HTTPRequest.Method, _ path: String, _ json: String) async throws -> TestResponse {
        try await browser.request(method, path, json: json, headers: [.init("X-CSRF-Token")!: browser.csrf])
    }

    /// A participant taken in by the peer, through the API.
    static func person(_ harness: WebHarness, _ peer: Browser, name: String = "Ana") async throws -> String {
        let program = harness.fixture.a.program.id.text
        let created = try await send(peer, .post, "/api/v1/participants", """
            {"legal_given_name":"\(name)","legal_family_name":"Lopez","program_id":"\(program)"}
            """)
        #expect(created.status == .created, "\(created.text)")
        return try #require((try JSONSerialization.jsonObject(with: Data(created.text.utf8)) as? [String: Any])?["id"] as? String).lowercased()
    }

    static func serviceJSON(_ harness: WebHarness, person: String, note: String) -> String {
        let day = harness.env.journey.today.adding(days: -1).description
        return """
            {"person_id":"\(person)","program_id":"\(harness.fixture.a.program.id.text)","date":"\(day)","start_time":"09:00",
             "duration_minutes":30,"service_type":"peer_counseling","core_functions":["advocacy"],"modality":"in_person","setting":"community",
             "note":"\(note)"}
            """
    }

    @Test("NUL in a service note is a field error on page and API, and no service is written", arguments: TestEngine.available)
    func nulInServiceNote(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let peer = try await Self.session(harness, client, .peerSpecialist)
            let person = try await Self.person(harness, peer)
            let before = try await Self.rows(harness, "services")
            for field in ["note", "person_note", "follow_up"] {
                let body = Self.serviceJSON(harness, person: person, note: "ok").replacingOccurrences(of: #""note":"ok""#, with: #""\#(field)":"seen\u0000 hidden text""#)
                try Self.expectFieldError(try await Self.send(peer, .post, "/api/v1/services", body), field)
            }
            // A control character that is white space is refused too, not trimmed away.
            try Self.expectFieldError(try await Self.send(peer, .post, "/api/v1/services", Self.serviceJSON(harness, person: person, note: #"note\u000b"#)), "note")
            // The page form: refused before anything is read, with a 422.
            _ = try await peer.get("/services/new?person=\(person)")
            let page = try await peer.post("/services", [
                ("person_id", person), ("program_id", harness.fixture.a.program.id.text),
                ("date", harness.env.journey.today.adding(days: -1).description), ("start_time", "09:00"), ("duration_minutes", "30"),
                ("service_type", "peer_counseling"), ("core_functions", "advocacy"), ("modality", "in_person"), ("setting", "community"),
                ("note", "seen\u{0} hidden text"), ("intent", "draft")])
            #expect(page.status == .unprocessableContent)
            #expect(page.status.code < 500)
            #expect(try await Self.rows(harness, "services") == before)
            // A line break pasted from a word processor (U+000B) is refused on the note itself, and the
            // form comes back with everything typed: nothing is lost.
            _ = try await peer.get("/services/new?person=\(person)")
            let pasted = try await peer.post("/services", [
                ("person_id", person), ("program_id", harness.fixture.a.program.id.text),
                ("date", harness.env.journey.today.adding(days: -1).description), ("start_time", "09:00"), ("duration_minutes", "30"),
                ("service_type", "peer_counseling"), ("core_functions", "advocacy"), ("modality", "in_person"), ("setting", "community"),
                ("note", "Talked about housing\u{B}and the clinic visit"), ("intent", "draft")])
            #expect(pasted.status == .unprocessableContent)
            #expect(pasted.text.contains("Talked about housing"), "the note typed is shown again")
            #expect(pasted.text.contains(#"id="note-error""#) || pasted.text.contains("note-error"), "the error is on the note field")
            #expect(try await Self.rows(harness, "services") == before)
            // The same note without the NUL is stored exactly.
            let fine = try await Self.send(peer, .post, "/api/v1/services", Self.serviceJSON(harness, person: person, note: "seen, then hidden text"))
            #expect(fine.status == .created)
            #expect(try await Self.rows(harness, "services") == before + 1)
        }
    }

    @Test("NUL in a contact note is a field error on page and API, and no contact or person is written", arguments: TestEngine.available)
    func nulInContactNote(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let peer = try await Self.session(harness, client, .peerSpecialist)
            let person = try await Self.person(harness, peer)
            let program = harness.fixture.a.program.id.text
            let contacts = try await Self.rows(harness, "contacts"), persons = try await Self.rows(harness, "persons")
            let contact = #"{"program_id":"\#(program)","occurred_at":"2026-01-02T10:00:00Z","source":"walk_in","made_by":"self","method":"in_person","setting":"program_office","note":"a\u0000b"}"#
            try Self.expectFieldError(try await Self.send(peer, .post, "/api/v1/participants/\(person)/contacts", contact), "note")
            try Self.expectFieldError(try await Self.send(peer, .post, "/api/v1/contacts", contact), "note")
            // Nested in a new person's first contact: the field is named by its path.
            try Self.expectFieldError(try await Self.send(peer, .post, "/api/v1/participants", """
                {"legal_given_name":"Bo","program_id":"\(program)","contact":\(contact)}
                """), "contact.note")
            // By the page that takes a person in with their first contact.
            _ = try await peer.get("/participants/new")
            let page = try await peer.post("/participants", ParticipantJourneyWebTests.contactFields(harness).filter { $0.0 != "note" } + [
                ("note", "Met\u{0}secret"), ("legal_given_name", "Bo"), ("preferred_language", "en"), ("housing", "unknown"),
                ("insurance", "unknown"), ("peer_gender_preference", "no_preference")])
            #expect(page.status == .unprocessableContent)
            #expect(try await Self.rows(harness, "contacts") == contacts)
            #expect(try await Self.rows(harness, "persons") == persons)
        }
    }

    @Test("the peer profile: NUL, too many or unknown languages are field errors; what is saved reads back within its schema",
          arguments: TestEngine.available)
    func peerProfile(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let peer = try await Self.session(harness, client, .peerSpecialist)
            func profile(languages: [String] = ["en"], background: String = "", region: String = "") -> String {
                let codes = languages.map { "\"\($0)\"" }.joined(separator: ",")
                return #"{"languages":[\#(codes)],"lived_experience":[],"populations":[],"cultural_background":"\#(background)","region":"\#(region)","capacity":5}"#
            }
            try Self.expectFieldError(try await Self.send(peer, .put, "/api/v1/me/peer-profile", profile(background: #"Filipino\u0000"#)), "cultural_background")
            try Self.expectFieldError(try await Self.send(peer, .put, "/api/v1/me/peer-profile", profile(region: #"North\u0085"#)), "region")
            try Self.expectFieldError(try await Self.send(peer, .put, "/api/v1/me/peer-profile", profile(region: #"North\nCounty"#)), "region")
            try Self.expectFieldError(try await Self.send(peer, .put, "/api/v1/me/peer-profile", profile(languages: Array(repeating: "en", count: 5000))),
                                      "languages", "too_many")
            try Self.expectFieldError(try await Self.send(peer, .put, "/api/v1/me/peer-profile", profile(languages: ["en", "xx"])), "languages", "invalid_language")
            try Self.expectFieldError(try await Self.send(peer, .put, "/api/v1/me/peer-profile", profile(languages: ["e\\u0000"])), "languages[0]")
            try Self.expectFieldError(try await Self.send(peer, .put, "/api/v1/me/peer-profile",
                                                          profile(background: String(repeating: "e\u{301}", count: 101))), "cultural_background", "too_long")
            #expect(try await Self.rows(harness, "workforce_profiles") == 0)

            let saved = try await Self.send(peer, .put, "/api/v1/me/peer-profile",
                                            profile(languages: ["es", "EN", "es", "hmn"], background: " Hmong\u{200D}American ", region: "92101"))
            #expect(saved.status == .ok, "\(saved.text)")
            let body = try #require(try JSONSerialization.jsonObject(with: Data(try await peer.get("/api/v1/me/peer-profile").text.utf8)) as? [String: Any])
            let languages = try #require(body["languages"] as? [String])
            #expect(languages == ["es", "en", "hmn"])
            #expect((1...20).contains(languages.count) && languages.allSatisfy(LanguageCatalog.isValid))
            let background = try #require(body["cultural_background"] as? String)
            #expect(Array(background.unicodeScalars) == Array("Hmong\u{200D}American".unicodeScalars))
            #expect(background.unicodeScalars.count <= 200 && !TextRules.containsForbidden(background))
        }
    }

    @Test("%00 in a search or filter is a 422 field error on the API and a field message on the page, never a 500",
          arguments: TestEngine.available)
    func nulInQueryParameters(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let admin = try await Self.session(harness, client, .organizationAdmin)
            try Self.expectFieldError(try await admin.get("/api/v1/users?q=%00"), "q")
            try Self.expectFieldError(try await admin.get("/api/v1/audit-events?address=%00"), "address")
            try Self.expectFieldError(try await admin.get("/api/v1/audit-events/export?address=a%00b"), "address")
            try Self.expectFieldError(try await admin.get("/api/v1/users?q=%1B%5B2J"), "q")
            try Self.expectFieldError(try await admin.get("/api/v1/users?q=a%0Ab"), "q")
            try Self.expectFieldError(try await admin.get("/api/v1/users?q=%FF"), "q")
            try Self.expectFieldError(try await admin.get("/api/v1/users?q=%zz"), "q")
            try Self.expectFieldError(try await admin.get("/api/v1/users?limit=5&role=%00"), "role")

            let users = try await admin.get("/admin/users?q=%00")
            #expect(users.status == .unprocessableContent)
            #expect(users.text.contains(#"id="q-error""#))
            #expect(!users.text.contains("\u{0}"))
            let audit = try await admin.get("/admin/audit?address=%00")
            #expect(audit.status == .unprocessableContent)
            #expect(audit.text.contains(#"id="address-error""#))
            #expect(!audit.text.contains("\u{0}"))
            let csv = try await admin.get("/admin/audit.csv?address=%00")
            #expect(csv.status == .unprocessableContent)

            let peer = try await Self.session(harness, client, .peerSpecialist)
            try Self.expectFieldError(try await peer.get("/api/v1/participants?q=%00"), "q")
            let participants = try await peer.get("/participants?q=%00")
            #expect(participants.status == .unprocessableContent)
            #expect(participants.text.contains(#"id="q-error""#))
            #expect(try await peer.get("/caseload?peer=%00").status == .unprocessableContent)
        }
    }

    @Test("+ in a query string is a space: Morgan+Lee finds Morgan Lee on the page and the API", arguments: TestEngine.available)
    func plusIsASpace(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let actor = try await harness.actor(harness.fixture.a.user(.organizationAdmin))
            _ = try await harness.env.admin.createUser(
                .init(email: "morgan.lee@a.fixture.test", displayName: "Morgan Lee", password: Fixture.password, roles: [.peerSpecialist],
                      programIDs: [harness.fixture.a.program.id]),
                organizationID: harness.fixture.a.provider.id, by: actor, context: .cli("test"))
            let admin = try await Self.session(harness, client, .organizationAdmin)
            let api = try await admin.get("/api/v1/users?q=Morgan+Lee")
            #expect(api.status == .ok)
            #expect(api.text.contains("morgan.lee@a.fixture.test"))
            let page = try await admin.get("/admin/users?q=Morgan+Lee")
            #expect(page.status == .ok)
            #expect(page.text.contains("morgan.lee@a.fixture.test"))
            #expect(page.text.contains(#"value="Morgan Lee""#))
            #expect(!page.text.contains("Morgan+Lee"))
            // %20 and %2B keep their meaning: a space and a plus sign.
            #expect(try await admin.get("/api/v1/users?q=Morgan%20Lee").text.contains("morgan.lee@a.fixture.test"))
            #expect(!(try await admin.get("/api/v1/users?q=Morgan%2BLee").text.contains("morgan.lee@a.fixture.test")))

            let peer = try await Self.session(harness, client, .peerSpecialist)
            let id = try await Self.person(harness, peer, name: "Morgan")
            let found = try await peer.get("/participants?q=Morgan+Lopez")
            #expect(found.text.contains("/participants/\(id)"))
            #expect(found.text.contains(#"value="Morgan Lopez""#))
            #expect(try await peer.get("/api/v1/participants?q=Morgan+Lopez").text.lowercased().contains(id))
        }
    }

    @Test("q longer than 200 scalars is refused with a field error on the API and a field message on the page", arguments: TestEngine.available)
    func longQuery(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let admin = try await Self.session(harness, client, .organizationAdmin)
            let peer = try await Self.session(harness, client, .peerSpecialist)
            let longest = String(repeating: "m", count: 200), tooLong = String(repeating: "m", count: 201)
            #expect(try await admin.get("/api/v1/users?q=\(longest)").status == .ok)
            try Self.expectFieldError(try await admin.get("/api/v1/users?q=\(tooLong)"), "q", "too_long")
            #expect(try await peer.get("/api/v1/participants?q=\(longest)").status == .ok)
            try Self.expectFieldError(try await peer.get("/api/v1/participants?q=\(tooLong)"), "q", "too_long")
            // 200 characters made of a letter and a combining mark are 400 scalars.
            let marked = String(repeating: "e%CC%81", count: 200)
            try Self.expectFieldError(try await peer.get("/api/v1/participants?q=\(marked)"), "q", "too_long")
            let page = try await peer.get("/participants?q=\(tooLong)")
            #expect(page.status == .unprocessableContent)
            #expect(page.text.contains(#"id="q-error""#))
            let users = try await admin.get("/admin/users?q=\(tooLong)")
            #expect(users.status == .unprocessableContent)
            #expect(users.text.contains(#"id="q-error""#))
        }
    }

    @Test("lengths count Unicode scalars: a 200-character name of combining marks is refused; the text is never cut",
          arguments: TestEngine.available)
    func lengthsInScalars(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let peer = try await Self.session(harness, client, .peerSpecialist)
            let program = harness.fixture.a.program.id.text
            let persons = try await Self.rows(harness, "persons")
            // 200 grapheme clusters, 20,001 scalars: the probe's name.
            let zalgo = "a" + String(repeating: "\u{301}", count: 20_000)
            for name in [String(repeating: "e\u{301}", count: 200), zalgo] {
                let body = try String(decoding: JSONSerialization.data(withJSONObject: ["legal_given_name": name, "program_id": program]), as: UTF8.self)
                try Self.expectFieldError(try await Self.send(peer, .post, "/api/v1/participants", body), "legal_given_name", "too_long")
            }
            #expect(try await Self.rows(harness, "persons") == persons)
            let fits = String(repeating: "e\u{301}", count: 100)
            let body = try String(decoding: JSONSerialization.data(withJSONObject: ["legal_given_name": fits, "program_id": program]), as: UTF8.self)
            let created = try await Self.send(peer, .post, "/api/v1/participants", body)
            #expect(created.status == .created)
            let id = try #require((try JSONSerialization.jsonObject(with: Data(created.text.utf8)) as? [String: Any])?["id"] as? String)
            let stored = try await harness.test.db.read { conn in try await PersonRecords.get(UUID(uuidString: id)!, on: conn) }
            #expect(Array(stored?.legalGivenName.unicodeScalars ?? "".unicodeScalars) == Array(fits.unicodeScalars))

            // An assignment's reason over 1,000 scalars is refused rather than cut.
            let supervisor = try await Self.session(harness, client, .supervisor)
            let screened = try await Self.send(peer, .post, "/api/v1/participants/\(id)/screenings",
                                               #"{"program_id":"\#(program)","screened_on":"\#(harness.env.journey.today)","service_criteria":["C"],"exclusions":[]}"#)
            #expect(screened.status == .created)
            let enrolled = try await Self.send(peer, .post, "/api/v1/participants/\(id)/episodes", """
                {"program_id":"\(program)","enrolled_on":"\(harness.env.journey.today)","consent_signed_by":"participant","consent_signed_on":"\(harness.env.journey.today)","consent_method":"verbal"}
                """)
            let episode = try #require((try JSONSerialization.jsonObject(with: Data(enrolled.text.utf8)) as? [String: Any])?["id"] as? String)
            let peerID = harness.fixture.a.user(.peerSpecialist).id.text
            try Self.expectFieldError(try await Self.send(supervisor, .post, "/api/v1/episodes/\(episode)/assignment",
                                                          #"{"peer_id":"\#(peerID)","reason":"\#(String(repeating: "r", count: 1001))"}"#), "reason", "too_long")
            #expect(try await Self.rows(harness, "assignments") == 0)
        }
    }

    @Test("a contact time with an out-of-range offset, or before 1900, is a 422 on occurred_at, not 400 invalid JSON",
          arguments: TestEngine.available)
    func contactTimes(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let peer = try await Self.session(harness, client, .peerSpecialist)
            let person = try await Self.person(harness, peer)
            let program = harness.fixture.a.program.id.text
            func contact(_ when: String) -> String {
                #"{"program_id":"\#(program)","occurred_at":"\#(when)","source":"walk_in","made_by":"self","method":"in_person","setting":"program_office"}"#
            }
            for when in ["2024-05-01T10:00:00+25:00", "2024-05-01T10:00:00+14:30", "2024-05-01T10:00:00-99:00", "0231-05-01T10:00:00Z", "yesterday", "2024-05-01"] {
                try Self.expectFieldError(try await Self.send(peer, .post, "/api/v1/participants/\(person)/contacts", contact(when)), "occurred_at", "invalid_date")
            }
            try Self.expectFieldError(try await Self.send(peer, .post, "/api/v1/participants/\(person)/contacts", contact("1899-12-31T10:00:00Z")),
                                      "occurred_at", "too_early")
            #expect(try await Self.rows(harness, "contacts") == 0)
            let fine = try await Self.send(peer, .post, "/api/v1/participants/\(person)/contacts", contact("2024-05-01T10:00:00+14:00"))
            #expect(fine.status == .created)
            // Other dates keep the same floor.
            try Self.expectFieldError(try await Self.send(peer, .post, "/api/v1/participants/\(person)/screenings",
                                                          #"{"program_id":"\#(program)","screened_on":"1899-01-01","service_criteria":["C"],"exclusions":[]}"#),
                                      "screened_on", "too_early")
        }
    }

    @Test("any string an input holds with a control character is refused on its path; a property no input reads is ignored", arguments: TestEngine.available)
    func jsonBackstop(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let admin = try await Self.session(harness, client, .organizationAdmin)
            let programs = try await Self.rows(harness, "programs")
            try Self.expectFieldError(try await Self.send(admin, .post, "/api/v1/programs",
                                                          #"{"name":"Warm line","model":"long_term","description":"desc\u009b"}"#), "description")
            try Self.expectFieldError(try await Self.send(admin, .post, "/api/v1/tokens", #"{"name":"script\u0000"}"#), "name")
            #expect(try await Self.rows(harness, "programs") == programs)
            // The decoder drops what no input reads, so it reaches nothing and refuses nothing.
            let ignored = try await Self.send(admin, .post, "/api/v1/programs",
                                              #"{"name":"Warm line","model":"long_term","extra":{"list":["ok","x\u0007"]}}"#)
            #expect(ignored.status == .created)
            #expect(!ignored.text.contains("\u{7}") && !ignored.text.contains("extra"))
            #expect(try await Self.rows(harness, "programs") == programs + 1)
            // Raw control characters are not JSON at all.
            let raw = try await Self.send(admin, .post, "/api/v1/tokens", "{\"name\":\"a\u{1}b\"}")
            #expect(raw.status == .badRequest)
        }
    }

    @Test("a CSV row with a control character is refused on its column", arguments: TestEngine.available)
    func csvImport(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let peer = try await Self.session(harness, client, .peerSpecialist)
            let program = harness.fixture.a.program.id.text
            let headers: HTTPFields = [.contentType: "text/csv", .init("X-CSRF-Token")!: peer.csrf]
            let contacts = "occurred_at,person_id,source,made_by,method,setting,note\r\n2026-01-02T10:00:00Z,,walk_in,self,in_person,program_office,Met\u{0}hidden\r\n"
            let refused = try await peer.request(.post, "/api/v1/contacts/import?program_id=\(program)", headers: headers, body: contacts)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains(#"{"code":"invalid_characters","field":"note","line":2}"#), "\(refused.text)")
            #expect(try await Self.rows(harness, "contacts") == 0)
            let persons = try await Self.rows(harness, "persons")
            let people = "legal_given_name,legal_family_name,date_of_birth,region\r\nAnn,Lee,1990-01-01,North\u{1B}[2J\r\n"
            let response = try await peer.request(.post, "/api/v1/participants/import?program_id=\(program)", headers: headers, body: people)
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains(#"{"code":"invalid_characters","field":"region","line":2}"#), "\(response.text)")
            #expect(try await Self.rows(harness, "persons") == persons)
        }
    }

    @Test("every route reads its query string through QueryParameters")
    func oneQueryHelper() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let sources = root.appendingPathComponent("Sources/PeerwayWeb")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL })
        var offenders: [String] = []
        for file in files where file.pathExtension == "swift" && file.lastPathComponent != "QueryParameters.swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            if text.contains("queryParameters") || text.contains("uri.query") { offenders.append(file.lastPathComponent) }
        }
        #expect(!files.isEmpty)
        #expect(offenders.isEmpty, "read the query with QueryParameters: \(offenders)")
    }

    @Test("a boolean in the query is true, false or absent: anything else is refused on the parameter, never read as false",
          arguments: TestEngine.available)
    func booleanParameters(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let supervisor = try await Self.session(harness, client, .supervisor)
            for value in ["true", "1", "false", "0", ""] {
                #expect(try await supervisor.get("/api/v1/caseload?team=\(value)").status == .ok, "team=\(value)")
            }
            for value in ["null", "yes", "TRUE"] {
                try Self.expectFieldError(try await supervisor.get("/api/v1/caseload?team=\(value)"), "team", "invalid_value")
            }
        }
    }
}

extension Browser {
    /// A request with a raw text body (CSV).
    @discardableResult
    func request(_ method: HTTPRequest.Method, _ path: String, headers extra: HTTPFields, body: String) async throws -> TestResponse {
        var headers = extra
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        return try await client.executeRequest(uri: path, method: method, headers: headers, body: ByteBuffer(string: body))
    }
}
