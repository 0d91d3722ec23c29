import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import PeerwayWeb
import Testing
import ZIPFoundation

/// The directory's API and the HSDS read API: a JSON import with its counts and its refusal, the
/// export, the settings, and who reads the read API (the organization, not another, anyone once public).
@Suite("Directory (web)", .serialized)
struct DirectoryWebTests {
    static let service = "ac148810-d857-441c-9679-408f346de14b"

    static func example(_ name: String) throws -> String {
        String(decoding: try DirectoryFixtures.file(name).bytes, as: UTF8.self)
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
    }

    @Test("import HSDS JSON by API (dry run, then for real), refused with every problem, exported back", arguments: TestEngine.available)
    func importExport(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let api = try await APITests.tokenBrowser(harness, client, .programManager)
            let dry = try await api.request(.post, "/api/v1/directory/import?dry_run=true", json: try Self.example("service_full.json"))
            #expect(dry.status == .ok, "\(dry.text)")
            #expect(try Self.object(dry)["created"] as? Int == 20)
            let done = try await api.request(.post, "/api/v1/directory/import", json: try Self.example("service_full.json"))
            #expect(try Self.object(done)["created"] as? Int == 20)
            let again = try await api.request(.post, "/api/v1/directory/import", json: try Self.example("service_full.json"))
            #expect(try Self.object(again)["unchanged"] as? Int == 20)

            let refused = try await api.request(.post, "/api/v1/directory/import",
                                                json: #"{"version": "3.0", "services": [{"id": "x", "name": "Food", "status": "open"}]}"#)
            #expect(refused.status == .unprocessableContent)
            let problems = try #require(try Self.object(refused)["problems"] as? [[String: Any]])
            #expect(Set(problems.compactMap { "\($0["code"] ?? "") \($0["pointer"] ?? "") \($0["field"] ?? "")" })
                    == ["wrong_format services[0] id", "not_allowed services[0] status"])
            let older = try await api.request(.post, "/api/v1/directory/import", json: #"{"version": "2.0.1", "profile": "x"}"#)
            #expect(older.status == .unprocessableContent && older.text.contains("other_version") && older.text.contains("2.0.1"))

            let export = try await api.get("/api/v1/directory/export")
            #expect(export.status == .ok)
            let back = HSDSReader.json(Array(export.text.utf8), file: "export.json")
            #expect(back.problems.isEmpty && back.dataSet.count == 20)

            let peer = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            #expect(try await peer.request(.post, "/api/v1/directory/import", json: "{}").status == .forbidden)
            #expect(try await peer.get("/api/v1/directory/export").status == .forbidden)
            #expect(try await peer.get("/api/v1/directory/settings").status == .ok)
        }
    }

    @Test("the page downloads the directory as JSON or as a zipped CSV data package that imports back; a peer may not; a bad format is refused on its field", arguments: TestEngine.available)
    func exportPage(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let api = try await APITests.tokenBrowser(harness, client, .programManager)
            #expect(try await api.request(.post, "/api/v1/directory/import", json: try Self.example("service_full.json")).status == .ok)
            let manager = Browser(client)
            try await manager.signIn(harness.fixture.a.user(.programManager).email, clock: harness.clock)
            #expect(try await manager.get("/directory").text.contains(#"href="/directory/export" id="directory-export""#))
            let page = try await manager.get("/directory/export")
            #expect(page.status == .ok && page.text.contains(#"<form method="get" action="/directory/export""#))
            #expect(page.text.contains(#"value="json" checked"#) && page.text.contains(#"value="csv""#))

            let json = try await manager.get("/directory/export?format=json")
            #expect(json.status == .ok && json.headers[.contentDisposition] == #"attachment; filename="directory.json""#)
            let fromJSON = HSDSReader.json(Array(json.text.utf8), file: "directory.json")
            #expect(fromJSON.problems.isEmpty && fromJSON.dataSet.count == 20)

            let zip = try await manager.get("/directory/export?format=csv")
            #expect(zip.status == .ok && zip.headers[.contentType] == "application/zip")
            let archive = try Archive(data: Data(zip.body.readableBytesView), accessMode: .read)
            var files: [(name: String, bytes: [UInt8])] = []
            for entry in archive {
                var data = Data()
                _ = try archive.extract(entry) { data.append($0) }
                files.append((entry.path, Array(data)))
            }
            #expect(files.map(\.name).contains("datapackage.json") && files.map(\.name).contains("services.csv"))
            let fromCSV = HSDSReader.read(files: files)
            #expect(fromCSV.problems.filter { $0.severity == .error }.isEmpty && fromCSV.dataSet.count == 20, "\(fromCSV.problems)")
            // The .zip imports back as it is, on the import page.
            let zipBytes = Array(zip.body.readableBytesView)
            let back = try await manager.postFiles("/directory/import", [("dry_run", "on")], files: [("directory-csv.zip", zipBytes)])
            #expect(back.status == .ok && back.text.contains("20 rows would give 0 new, 0 changed, 20 unchanged."), "\(back.text)")
            let broken = try await manager.postFiles("/directory/import", [], files: [("broken.zip", Array(zipBytes.prefix(200)))])
            #expect(broken.status == .unprocessableContent && broken.text.contains("This .zip file could not be opened."), "\(broken.text)")

            let refused = try await manager.get("/directory/export?format=xml")
            #expect(refused.status == .unprocessableContent && refused.text.contains(#"id="format-error""#) && refused.text.contains("Choose JSON or CSV data package."))
            let events = try await harness.env.audit.list(AuditFilter(organizationIDs: [harness.fixture.a.provider.id]), on: harness.test.db).events
            #expect(events.filter { $0.resourceType == "directory_export" }.count == 2)

            let peer = Browser(client)
            try await peer.signIn(harness.fixture.a.user(.peerSpecialist).email, clock: harness.clock)
            #expect(try await peer.get("/directory/export?format=json").status == .forbidden)
            #expect(!(try await peer.get("/directory").text.contains("directory-export")))

            try await manager.post("/account/profile", [("display_name", harness.fixture.a.user(.programManager).displayName), ("locale", "es")])
            #expect(try await manager.get("/directory/export").text.contains("<h1>Descargar el directorio</h1>"))
            let spanish = try await manager.postFiles("/directory/import", [], files: [("broken.zip", Array(zipBytes.prefix(200)))])
            #expect(spanish.text.contains("No se pudo abrir este archivo .zip."))
        }
    }

    @Test("the HSDS read API: pages and nested records for the organization, 404 for others until public", arguments: TestEngine.available)
    func readAPI(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a.provider.id.text
            let manager = try await APITests.tokenBrowser(harness, client, .programManager)
            _ = try await manager.request(.post, "/api/v1/directory/import", json: try Self.example("service_full.json"))
            let page = try await manager.get("/api/hsds/\(a)/services?per_page=10")
            #expect(page.status == .ok, "\(page.text)")
            let body = try Self.object(page)
            #expect(body["total_items"] as? Int == 1 && body["page_number"] as? Int == 1 && body["last_page"] as? Bool == true)
            let first = try #require((body["contents"] as? [[String: Any]])?.first)
            #expect((first["organization"] as? [String: Any])?["name"] as? String == "Example Organization Inc.")
            #expect(first["phones"] == nil)

            let record = try Self.object(try await manager.get("/api/hsds/\(a)/services/\(Self.service)"))
            #expect((record["phones"] as? [Any])?.isEmpty == false)
            let place = try #require((record["service_at_locations"] as? [[String: Any]])?.first)
            #expect((place["location"] as? [String: Any])?["addresses"] != nil)
            let attribute = try #require((record["attributes"] as? [[String: Any]])?.first)
            #expect((attribute["taxonomy_term"] as? [String: Any])?["code"] as? String == "code")
            #expect(try await manager.get("/api/hsds/\(a)").text.contains(#""version":"3.0""#))
            for path in ["organizations", "service_at_locations", "taxonomies", "taxonomy_terms"] {
                #expect(try await manager.get("/api/hsds/\(a)/\(path)").status == .ok, "\(path)")
            }
            #expect(try await manager.get("/api/hsds/\(a)/services?page=0").status == .unprocessableContent)
            #expect(try await manager.get("/api/hsds/\(a)/services/nope").status == .notFound)

            // Another organization, and anyone not signed in, gets 404 until the organization makes it public.
            let other = Browser(client)
            try await other.signIn(harness.fixture.b.user(.supervisor).email, clock: harness.clock)
            let anonymous = Browser(client)
            for browser in [other, anonymous] {
                #expect(try await browser.get("/api/hsds/\(a)/services").status == .notFound)
                #expect(try await browser.get("/api/hsds/\(a)/services/\(Self.service)").status == .notFound)
            }
            let turnedOn = try await manager.request(.put, "/api/v1/directory/settings", json: #"{"share_with_providers": false, "public_read_api": true}"#)
            #expect(turnedOn.status == .ok)
            #expect(try await anonymous.get("/api/hsds/\(a)/services").status == .ok)
            #expect(try await anonymous.get("/api/hsds/\(a)/services/\(Self.service)").status == .ok)
            #expect(try await anonymous.get("/api/hsds/\(UUID().uuidString)/services").status == .notFound)
        }
    }

    @Test("the pages: an empty directory, a CSV data package imported by a curator (a check first), the list, a service in words, the settings", arguments: TestEngine.available)
    func pages(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let manager = Browser(client)
            try await manager.signIn(harness.fixture.a.user(.programManager).email, clock: harness.clock)
            let empty = try await manager.get("/directory")
            #expect(empty.status == .ok && empty.text.contains("The directory has no services yet.") && empty.text.contains(#"id="directory-import""#))

            let package = try DirectoryFixtures.csvPackage()
            let checked = try await manager.postFiles("/directory/import", [("dry_run", "on")], files: package)
            #expect(checked.status == .ok, "\(checked.text)")
            #expect(checked.text.contains("Check only, nothing saved. 21 rows would give 21 new, 0 changed, 0 unchanged."))
            #expect(checked.text.contains("Warning"))
            #expect(try await harness.test.db.read { conn in try await DirectoryRecords.count(harness.fixture.a.provider.id, on: conn) }.isEmpty)
            let imported = try await manager.postFiles("/directory/import", [], files: package)
            #expect(imported.text.contains("Imported 21 rows: 21 new, 0 changed, 0 unchanged."))
            let broken = try await manager.postFiles("/directory/import", [], files: [("services.csv", Array("id,name,status\nx,Food,open\n".utf8))])
            #expect(broken.status == .unprocessableContent)
            #expect(broken.text.contains("Nothing was imported: 3 problems to fix."), "\(broken.text)")
            #expect(broken.text.contains("services.csv row 2, status"))
            let one = try await manager.postFiles("/directory/import", [], files: [("services.csv", Array("id,name,status\n\(UUID().uuidString.lowercased()),Food,active\n".utf8))])
            #expect(one.status == .unprocessableContent && one.text.contains("Nothing was imported: 1 problem to fix."), "\(one.text)")
            // The page names where a problem is and what was expected, never the id it found (the API and the CLI do).
            let missing = UUID().uuidString.lowercased()
            let mixed = [("services.csv", Array("id,organization_id,name,status,minimum_age\n\(UUID().uuidString.lowercased()),\(missing),Food,active,ten\n".utf8))]
            let dangling = try await manager.postFiles("/directory/import", [], files: mixed)
            #expect(dangling.status == .unprocessableContent)
            #expect(dangling.text.contains("services.csv row 2, organization_id</bdi> — This names an entry that is not in the directory or in these files."), "\(dangling.text)")
            #expect(dangling.text.contains("services.csv row 2, minimum_age</bdi> — This value should be a number."))
            #expect(!dangling.text.contains(missing) && !dangling.text.contains(" is not a "))
            let manager_ = harness.fixture.a.user(.programManager)
            try await manager.post("/account/profile", [("display_name", manager_.displayName), ("locale", "es")])
            let spanish = try await manager.postFiles("/directory/import", [], files: mixed)
            #expect(spanish.text.contains("Esto nombra una entrada que no está en el directorio ni en estos archivos."), "\(spanish.text)")
            #expect(spanish.text.contains("Este valor debería ser un número."))
            try await manager.post("/account/profile", [("display_name", manager_.displayName), ("locale", "en")])
            let api = try await APITests.tokenBrowser(harness, client, .programManager)
            let refused = try await api.request(.post, "/api/v1/directory/import",
                                                json: #"{"version": "3.0", "services": [{"id": "\#(UUID().uuidString.lowercased())", "organization_id": "\#(missing)", "name": "Food", "status": "active", "minimum_age": "ten"}]}"#)
            let problems = try #require(try Self.object(refused)["problems"] as? [[String: Any]])
            #expect(problems.contains { $0["code"] as? String == "dangling_reference" && $0["value"] as? String == missing && $0["expected"] as? String == "organization" })
            #expect(problems.contains { $0["code"] as? String == "wrong_type" && $0["value"] as? String == "ten" && $0["expected"] as? String == "number" })

            let none = try await manager.postFiles("/directory/import", [], files: [])
            #expect(none.status == .unprocessableContent && none.text.contains(#"id="file-error""#))

            let peer = Browser(client)
            try await peer.signIn(harness.fixture.a.user(.peerSpecialist).email, clock: harness.clock)
            let list = try await peer.get("/directory")
            #expect(list.text.contains("Community Counselling") && list.text.contains("Example Organization Inc.") && list.text.contains("Urdu"))
            #expect(!list.text.contains(#"id="directory-import""#))
            let service = try await peer.get("/directory/services/\(Self.service)")
            #expect(service.status == .ok)
            #expect(service.text.contains(#"href="tel:+441234234567,100""#))
            for words in ["What to bring", "Last checked", "Jan 1, 2005", "1-30 Main Street", "The service is available from 10 am to 6pm weekdays."] {
                #expect(service.text.contains(words), "\(words)")
            }
            #expect(try await peer.get("/directory/services/nope").status == .notFound)
            #expect(try await peer.get("/directory/import").status == .forbidden)
            #expect(try await peer.get("/directory/settings").status == .forbidden)
            let other = Browser(client)
            try await other.signIn(harness.fixture.b.user(.supervisor).email, clock: harness.clock)
            #expect(try await other.get("/directory/services/\(Self.service)").status == .notFound)

            let settings = try await manager.post("/directory/settings", [("public_read_api", "on"), ("csrf", manager.csrf)])
            #expect(settings.status == .seeOther)
            let shown = try await manager.get(settings.headers[.location] ?? "")
            #expect(shown.text.contains("Directory settings saved.") && shown.text.contains(#"id="public_read_api" name="public_read_api" aria-describedby="public-hint" checked"#))
            #expect(try await Browser(client).get("/api/hsds/\(harness.fixture.a.provider.id.text)/services").status == .ok)
        }
    }
}

extension Browser {
    /// Posts a `multipart/form-data` body with the CSRF token, the fields, and any number of files under `file`.
    func postFiles(_ path: String, _ fields: [(String, String)], files: [(name: String, bytes: [UInt8])]) async throws -> TestResponse {
        let boundary = "----PeerwayDirectoryTest0b1c2d"
        var body = ByteBuffer()
        func part(_ disposition: String, _ bytes: [UInt8]) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; \(disposition)\r\n\r\n")
            body.writeBytes(bytes)
            body.writeString("\r\n")
        }
        part("name=\"csrf\"", Array(csrf.utf8))
        for (name, value) in fields { part("name=\"\(name)\"", Array(value.utf8)) }
        for file in files { part("name=\"file\"; filename=\"\(file.name)\"", file.bytes) }
        body.writeString("--\(boundary)--\r\n")
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return try await client.executeRequest(uri: path, method: .post, headers: headers, body: body)
    }
}
