import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayWeb
import PeerwayTestSupport
import Testing

/// A directory import too large to answer on its request runs as a job: the page follows it to its
/// report, the API answers 202 with the job's address; another organization's job answers 404.
@Suite("Directory import jobs (web)", .serialized)
struct DirectoryImportJobWebTests {
    /// A CSV data package of one organization and `count` services: 8,000 make about 1.2 MB.
    static func package(_ count: Int) -> [(name: String, bytes: [UInt8])] {
        let org = UUID().uuidString.lowercased()
        var services = "id,organization_id,name,description,status\n"
        for i in 0..<count {
            services += "\(UUID().uuidString.lowercased()),\(org),Pantry \(i),Groceries for families once a week; bring a bag,active\n"
        }
        return [("organizations.csv", Array("id,name,description\n\(org),County Food Bank,Food for everyone\n".utf8)),
                ("services.csv", Array(services.utf8))]
    }

    static func jobID(_ location: String) throws -> UUID {
        try #require(location.split(separator: "/").last.flatMap { UUID(uuidString: String($0)) })
    }

    @Test("the page: files over 1 MB go to the job's page, which reloads itself until it shows the report", arguments: TestEngine.available)
    func page(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let manager = Browser(client)
            try await manager.signIn(harness.fixture.a.user(.programManager).email, clock: harness.clock)
            let files = Self.package(8_000)
            #expect(files.reduce(0) { $0 + $1.bytes.count } > 1 << 20)
            let started = try await manager.postFiles("/directory/import", [("dry_run", "on")], files: files)
            #expect(started.status == .seeOther)
            let location = try #require(started.headers[.location])
            #expect(location.hasPrefix("/directory/imports/"))
            let id = try Self.jobID(location)
            let first = try await manager.get(location)
            #expect(first.status == .ok)
            // Still running (reloading itself, saying which step) or already ended: both are the page.
            #expect(first.text.contains(#"<meta http-equiv="refresh" content="2">"#) == first.text.contains(#"id="import-step""#))
            await harness.env.directoryImports.wait(id)
            let checked = try await manager.get(location)
            #expect(checked.text.contains("Check only, nothing saved. 8,001 rows would give 8,001 new, 0 changed, 0 unchanged."), "\(checked.text)")
            #expect(!checked.text.contains(#"http-equiv="refresh""#) && checked.text.contains(#"id="import-again""#))
            #expect(try await harness.test.db.read { conn in try await DirectoryRecords.count(harness.fixture.a.provider.id, on: conn) }.isEmpty)

            let imported = try await manager.postFiles("/directory/import", [], files: files)
            let job = try Self.jobID(try #require(imported.headers[.location]))
            await harness.env.directoryImports.wait(job)
            let done = try await manager.get(try #require(imported.headers[.location]))
            #expect(done.text.contains("Imported 8,001 rows: 8,001 new, 0 changed, 0 unchanged."))

            let peer = Browser(client)
            try await peer.signIn(harness.fixture.a.user(.peerSpecialist).email, clock: harness.clock)
            #expect(try await peer.get(location).status == .forbidden)
            let other = Browser(client)
            try await other.signIn(harness.fixture.b.user(.programManager).email, clock: harness.clock)
            #expect(try await other.get(location).status == .notFound)
            #expect(try await manager.get("/directory/imports/\(UUID().uuidString)").status == .notFound)

            try await manager.post("/account/profile", [("display_name", harness.fixture.a.user(.programManager).displayName), ("locale", "es")])
            let spanish = try await manager.get(location)
            #expect(spanish.text.contains("Solo revisión, no se guardó nada. 8001 filas darían 8001 nuevas, 0 cambiadas, 0 sin cambios.")
                    || spanish.text.contains("Solo revisión, no se guardó nada. 8.001 filas darían 8.001 nuevas, 0 cambiadas, 0 sin cambios."), "\(spanish.text)")
            #expect(spanish.text.contains("<h1>Importación del directorio</h1>"))
        }
    }

    @Test("the API: a client that asks, or a large body, gets 202 and the job's address; the job ends with the report", arguments: TestEngine.available)
    func api(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let api = try await APITests.tokenBrowser(harness, client, .programManager)
            let example = try DirectoryWebTests.example("service_full.json")
            let accepted = try await api.request(.post, "/api/v1/directory/import", json: example, headers: [.init("Prefer")!: "respond-async"])
            #expect(accepted.status == .accepted, "\(accepted.text)")
            let location = try #require(accepted.headers[.location])
            #expect(location.hasPrefix("/api/v1/directory/imports/"))
            let body = try DirectoryWebTests.object(accepted)
            #expect(["running", "done"].contains(body["state"] as? String) && body["dry_run"] as? Bool == false)
            await harness.env.directoryImports.wait(try Self.jobID(location))
            let ended = try DirectoryWebTests.object(try await api.get(location))
            #expect(ended["state"] as? String == "done" && ended["progress"] == nil)
            #expect((ended["report"] as? [String: Any])?["created"] as? Int == 20)

            let refused = try await api.request(.post, "/api/v1/directory/import",
                                                json: #"{"version": "3.0", "services": [{"id": "x", "name": "Food", "status": "open"}]}"#,
                                                headers: [.init("Prefer")!: "respond-async"])
            let refusedAt = try #require(refused.headers[.location])
            await harness.env.directoryImports.wait(try Self.jobID(refusedAt))
            let failed = try DirectoryWebTests.object(try await api.get(refusedAt))
            #expect(failed["state"] as? String == "refused")
            let problems = try #require((failed["report"] as? [String: Any])?["problems"] as? [[String: Any]])
            #expect(Set(problems.compactMap { $0["code"] as? String }) == ["wrong_format", "not_allowed"])

            // A body over 1 MB runs as a job without being asked.
            var large = #"{"version": "3.0", "services": ["#
            let org = UUID().uuidString.lowercased()
            large += (0..<6_000).map { #"{"id": "\#(UUID().uuidString.lowercased())", "name": "Pantry \#($0)", "description": "Groceries for families once a week", "status": "active", "organization": {"id": "\#(org)", "name": "County Food Bank", "description": "Food"}}"# }.joined(separator: ",")
            large += "]}"
            #expect(large.utf8.count > 1 << 20)
            let big = try await api.request(.post, "/api/v1/directory/import?dry_run=true", json: large)
            #expect(big.status == .accepted)
            await harness.env.directoryImports.wait(try Self.jobID(try #require(big.headers[.location])))

            let other = Browser(client)
            try await other.signIn(harness.fixture.b.user(.programManager).email, clock: harness.clock)
            #expect(try await other.get(location).status == .notFound)
            let peer = try await APITests.tokenBrowser(harness, client, .peerSpecialist)
            #expect(try await peer.get(location).status == .forbidden)
            #expect(try await api.get("/api/v1/directory/imports/nope").status == .notFound)
        }
    }
}
