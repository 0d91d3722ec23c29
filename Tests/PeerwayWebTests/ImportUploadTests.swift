import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
@testable import PeerwayWeb
import Testing

/// Issue 16: the import page takes a CSV file (multipart), checks the CSRF field inside it, and sends
/// the bytes through the importer the pasted rows and the API use.
@Suite("Import page file upload")
struct ImportUploadTests {
    static let header = "legal_given_name,legal_family_name,date_of_birth\r\n"
    /// Two good rows and one with an impossible date.
    static let mixed = header + "Ana,Upload,1990-01-01\r\nBo,Upload,1991-02-02\r\nCy,Upload,1992-13-40\r\n"

    static func persons(_ harness: WebHarness) async throws -> Int {
        try await harness.test.db.read { conn in try await PersonRecords.count(organizationID: harness.fixture.a.provider.id, on: conn) }
    }

    static func session(_ harness: WebHarness, _ client: any TestClientProtocol, _ role: Role) async throws -> Browser {
        let browser = Browser(client)
        try await browser.signIn(harness.fixture.a.user(role).email, clock: harness.clock)
        try await browser.get(ParticipantRoutes.importParticipants())
        return browser
    }

    static func fields(_ harness: WebHarness, mode: String = "all_or_nothing", dryRun: Bool, csv: String = "") -> [(String, String)] {
        [("what", "participants"), ("program_id", harness.fixture.a.program.id.text), ("csv", csv), ("mode", mode)]
            + (dryRun ? [("dry_run", "on")] : [])
    }

    /// The sentence above the form: the import's counts (a status, or an alert when rows were refused).
    static func summary(_ response: TestResponse) -> String? {
        guard let range = response.text.range(of: #"id="(form-summary"[^>]*><p|import-result")>[^<]*"#, options: .regularExpression) else { return nil }
        return String(response.text[range].split(separator: ">").last ?? "")
    }

    static func fileError(_ response: TestResponse) -> String? {
        guard let range = response.text.range(of: #"id="file-error">[^<]*"#, options: .regularExpression) else { return nil }
        return String(response.text[range].split(separator: ">").last ?? "")
    }

    @Test("a chosen file imports as the pasted rows and the API's text/csv do: the same counts, the same rows written",
          arguments: TestEngine.available)
    func sameAsPasteAndAPI(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let peer = try await Self.session(harness, client, .peerSpecialist)
            let start = try await Self.persons(harness)
            let page = try await peer.get(ParticipantRoutes.importParticipants())
            #expect(page.text.contains(#"enctype="multipart/form-data""#))
            #expect(page.text.contains(#"<input id="file" name="file" type="file" accept=".csv,text/csv""#))

            let uploaded = try await peer.postMultipart(ParticipantRoutes.importParticipants(), Self.fields(harness, dryRun: true),
                                                        file: ("people.csv", Array(Self.mixed.utf8)))
            let pasted = try await peer.post(ParticipantRoutes.importParticipants(), Self.fields(harness, dryRun: true, csv: Self.mixed))
            #expect(uploaded.status == .ok)
            #expect(Self.summary(uploaded) == Self.summary(pasted))
            // All or nothing with a refused row: the other rows are held back, and the counts still add up.
            #expect(Self.summary(uploaded) == "Dry run (nothing written): 3 rows read = 1 refused + 2 held back because of them. "
                + "Fix the refused rows, or import the good rows and list the others.")
            #expect(uploaded.text.contains("line 4, date_of_birth:"))

            let program = harness.fixture.a.program.id.text
            let api = try await peer.request(.post, ParticipantRoutes.API.importParticipants() + "?program_id=\(program)&dry_run=true",
                                             headers: [.contentType: "text/csv", .init("X-CSRF-Token")!: peer.csrf], body: Self.mixed)
            #expect(api.text.contains(#""total":3"#) && api.text.contains(#""line":4"#), "\(api.text)")
            #expect(try await Self.persons(harness) == start)

            let before = start
            let imported = try await peer.postMultipart(ParticipantRoutes.importParticipants(), Self.fields(harness, mode: "row_by_row", dryRun: false),
                                                        file: ("people.csv", Array(Self.mixed.utf8)))
            #expect(Self.summary(imported) == "Imported: 3 rows read = 2 created + 0 updated + 0 already up to date + 1 refused.")
            #expect(try await Self.persons(harness) == before + 2)
            let apiRun = try await peer.request(.post, ParticipantRoutes.API.importParticipants() + "?program_id=\(program)&mode=row_by_row",
                                                headers: [.contentType: "text/csv", .init("X-CSRF-Token")!: peer.csrf], body: Self.mixed)
            #expect(apiRun.text.contains(#""created":2"#), "\(apiRun.text)")
            #expect(try await Self.persons(harness) == before + 4)
        }
    }

    @Test("a multipart post without the CSRF field is refused and writes nothing; a broken body is a 422, never a 500",
          arguments: TestEngine.available)
    func csrfAndBrokenBodies(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let peer = try await Self.session(harness, client, .peerSpecialist)
            let before = try await Self.persons(harness)
            let path = ParticipantRoutes.importParticipants()
            let noToken = try await peer.postMultipart(path, Self.fields(harness, dryRun: false), file: ("people.csv", Array(Self.mixed.utf8)), csrf: nil)
            #expect(noToken.status == .forbidden)
            let wrongToken = try await peer.postMultipart(path, Self.fields(harness, dryRun: false), file: ("people.csv", Array(Self.mixed.utf8)), csrf: "forged")
            #expect(wrongToken.status == .forbidden)
            // No boundary: nothing can be read, the token included.
            let noBoundary = try await peer.request(.post, path, headers: [.contentType: "multipart/form-data"], body: "csrf=\(peer.csrf)")
            #expect(noBoundary.status == .forbidden)
            // The token read, then the body breaks off inside the file.
            let cut = "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(peer.csrf)\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nAna,"
            let truncated = try await peer.request(.post, path, headers: [.contentType: "multipart/form-data; boundary=b"], body: cut)
            #expect(truncated.status == .unprocessableContent)
            #expect(truncated.text.contains("The form did not arrive whole."))
            let garbled = try await peer.request(.post, path, headers: [.contentType: "multipart/form-data; boundary=b", .init("X-CSRF-Token")!: peer.csrf],
                                                 body: "--b\r\nno header line here\r\n\r\n")
            #expect(garbled.status == .unprocessableContent)
            #expect(try await Self.persons(harness) == before)
        }
    }

    @Test("a file too large, not UTF-8 text, empty or without a header row is a sentence on the file field; the other answers stay",
          arguments: TestEngine.available)
    func fileProblems(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let peer = try await Self.session(harness, client, .peerSpecialist)
            let before = try await Self.persons(harness)
            let path = ParticipantRoutes.importParticipants()
            let fields = Self.fields(harness, mode: "row_by_row", dryRun: false)
            let row = "Ana,Upload,1990-01-01\r\n"
            let large = Self.header + String(repeating: row, count: (1 << 20) / row.utf8.count + 1)
            let cases: [(bytes: [UInt8], message: String)] = [
                (Array(large.utf8), "The file is larger than 1 MB. Split it into smaller files and import each one."),
                ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0xFF, 0xFE], "This file is not CSV text in UTF-8."),
                (Array("legal_given_name\r\nAna\0\r\n".utf8), "This file is not CSV text in UTF-8."),
                ([], "The file is empty. Choose the CSV file that holds your rows."),
                (Array("\r\n \r\n".utf8), "The file is empty. Choose the CSV file that holds your rows."),
                (Array("Ana,Upload,1990-01-01\r\n".utf8), "ana:"),
            ]
            for (bytes, message) in cases {
                let response = try await peer.postMultipart(path, fields, file: ("people.xlsx", bytes))
                #expect(response.status == .unprocessableContent, "\(message)")
                #expect(Self.fileError(response)?.contains(message) == true, "\(Self.fileError(response) ?? response.text)")
                #expect(response.text.contains(#"name="file" type="file" accept=".csv,text/csv" aria-invalid="true""#))
                #expect(response.text.contains(#"value="row_by_row" checked"#))
            }
            let nothing = try await peer.postMultipart(path, fields, file: ("", []))
            #expect(Self.fileError(nothing) == "Choose a CSV file, or paste the rows below.")
            #expect(try await Self.persons(harness) == before)
        }
    }

    @Test("someone who may not import is refused a file as a paste", arguments: TestEngine.available)
    func refusedWithoutPermission(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let evaluator = try await Self.session(harness, client, .evaluator)
            let before = try await Self.persons(harness)
            let response = try await evaluator.postMultipart(ParticipantRoutes.importParticipants(), Self.fields(harness, dryRun: false),
                                                             file: ("people.csv", Array(Self.mixed.utf8)))
            #expect(response.status == .forbidden)
            #expect(try await Self.persons(harness) == before)
        }
    }

    @Test("a boundary comes from the Content-Type only, quoted or not")
    func boundary() {
        #expect(MultipartForm.boundary("multipart/form-data; boundary=abc") == "abc")
        #expect(MultipartForm.boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"") == "a b")
        #expect(MultipartForm.boundary("multipart/form-data") == nil)
        #expect(MultipartForm.boundary("text/plain; boundary=abc") == nil)
    }
}

extension Browser {
    /// Posts a `multipart/form-data` body as a browser does: the CSRF token first (unless `csrf` is
    /// nil), then the fields, then the file.
    @discardableResult
    func postMultipart(_ path: String, _ fields: [(String, String)], file: (filename: String, bytes: [UInt8]), csrf token: String?? = .some(nil)) async throws -> TestResponse {
        let boundary = "----PeerwayTest7MA4YWxkTrZu0gW"
        var body = ByteBuffer()
        func part(_ disposition: String, _ bytes: [UInt8]) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; \(disposition)\r\n")
            if disposition.contains("filename=") { body.writeString("Content-Type: text/csv\r\n") }
            body.writeString("\r\n")
            body.writeBytes(bytes)
            body.writeString("\r\n")
        }
        let csrfValue: String? = switch token { case .none: nil; case .some(.none): csrf; case .some(.some(let given)): given }
        if let csrfValue { part("name=\"csrf\"", Array(csrfValue.utf8)) }
        for (name, value) in fields { part("name=\"\(name)\"", Array(value.utf8)) }
        part("name=\"file\"; filename=\"\(file.filename)\"", file.bytes)
        body.writeString("--\(boundary)--\r\n")
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return try await client.executeRequest(uri: path, method: .post, headers: headers, body: body)
    }
}
