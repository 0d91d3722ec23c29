import Foundation
import HTTPTypes
import HummingbirdTesting
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
@testable import PeerwayWeb
import Testing

/// The audit trail in words: actions, outcomes and records by their names, filters that take a
/// person's name, and names that resolve only within what the viewer may see.
@Suite("Audit trail in words")
struct AuditPageWordsTests {
    static func query(_ pairs: [(String, String)]) -> String { "/admin/audit?" + Browser.encode(pairs) }

    static func event(_ action: AuditAction, _ resource: AuditResource, _ detail: String) -> AuditEvent {
        AuditEvent(id: UUID(), chain: "system", sequence: 1, occurredAt: Date(), organizationID: nil, actorUserID: nil, actorLabel: "", action: action,
                   resourceType: resource.rawValue, resourceID: nil, participantID: nil, outcome: .success, requestID: "", clientAddress: "",
                   detail: detail, previousHash: "", hash: "")
    }

    @Test("details are sentences, in both languages, or nothing; never the stored code")
    func details() throws {
        let l = try Localizer.bundled()
        let en = AuditWords(l: l, locale: "en"), es = AuditWords(l: l, locale: "es")
        let id = UUID().text
        let cases: [(AuditEvent, String, String)] = [
            (Self.event(.accessDenied, .participant, "list deny"), "List: Not allowed for this role.", "Listar: No está permitido para este rol."),
            (Self.event(.accessDenied, .participantExport, "export notFound"), "Download: Outside what this person may reach.",
             "Descargar: Fuera de lo que esta persona puede consultar."),
            (Self.event(.accessDenied, .participant, "notFound"), "Outside what this person may reach.", "Fuera de lo que esta persona puede consultar."),
            (Self.event(.recordRead, .participantSearch, "results=3"), "Results: 3", "Resultados: 3"),
            (Self.event(.export, .serviceExport, "rows=4 incomplete"), "Stopped early; rows: 4", "Se detuvo antes de terminar; filas: 4"),
            (Self.event(.export, .serviceExport, "from=2026-01-01 to=2026-01-31 rows=9"), "2026-01-01 to 2026-01-31; rows: 9", "Del 2026-01-01 al 2026-01-31; filas: 9"),
            (Self.event(.recordUpdated, .episode, "discharged moved"), "Discharged: Moved away", "Dado de alta: Se mudó"),
            (Self.event(.participantMerged, .participant, "merged \(id)"), "Another record was merged into this one.", "Se unió otro expediente a este."),
            (Self.event(.recordCreated, .screening, "not_eligible"), "Not eligible", "No elegible"),
            (Self.event(.importRun, .participantImport, "mode=row_by_row dry_run=true rows=3 would write: created=2 updated=0 unchanged=0 rejected=1"),
             "Trial run, nothing saved. Rows: 3; would add 2, change 0, leave 0, refuse 1",
             "Prueba, no se guardó nada. Filas: 3; agregaría 2, cambiaría 0, dejaría igual 0, rechazaría 1"),
            (Self.event(.noteAmended, .service, "note,duration_minutes"), "Changed: note, minutes", "Cambió: nota, minutos"),
            (Self.event(.recordCreated, .contact, "some_new_code=7"), "", ""),
            (Self.event(.recordCreated, .contact, "updated"), "", ""),
        ]
        for (event, english, spanish) in cases {
            #expect(en.detail(event) == english, "\(event.detail)")
            #expect(es.detail(event) == spanish, "\(event.detail)")
        }
        #expect(en.resource("no_such_resource") == "")
        for action in AuditAction.allCases { #expect(en.action(action) != "audit.action.\(action.rawValue)") }
        for resource in AuditResource.allCases { #expect(!en.resource(resource.rawValue).isEmpty && !es.resource(resource.rawValue).contains("audit.")) }
    }

    @Test("events and filter choices are named in the reader's language; values and the CSV keep the codes", arguments: TestEngine.available)
    func words(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let browser = Browser(client)
            let admin = harness.fixture.a.user(.organizationAdmin)
            try await browser.signIn(admin.email, clock: harness.clock)
            try await browser.get("/participants")
            let page = try await browser.get("/admin/audit")
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<option value="record_read">Viewed</option>"#))
            #expect(page.text.contains(#"<option value="denied">Refused</option>"#))
            #expect(page.text.contains(#"<td data-label="Action">Access refused</td>"#), "an organization administrator may not search people")
            #expect(page.text.contains("List: Not allowed for this role."))
            #expect(!page.text.contains("list deny"))
            #expect(!page.text.contains(">access_denied<") && !page.text.contains(">record_read<"))
            let csv = try await browser.get("/admin/audit.csv")
            #expect(csv.text.contains(",access_denied,participant,"))
            #expect(csv.text.contains("list deny"))
            try await browser.post("/account/profile", [("display_name", admin.displayName), ("locale", "es")])
            let spanish = try await browser.get("/admin/audit")
            #expect(spanish.text.contains(#"<option value="record_read">Consultó</option>"#))
            #expect(spanish.text.contains("Acceso negado"))
        }
    }

    @Test("a staff name sets the person filter: one match filters, several are offered, none is a field error that keeps the rest",
          arguments: TestEngine.available)
    func staffByName(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let a = harness.fixture.a
            let peer = Browser(client)
            try await peer.signIn(a.user(.peerSpecialist).email, clock: harness.clock)
            let browser = Browser(client)
            try await browser.signIn(a.user(.organizationAdmin).email, clock: harness.clock)

            let one = try await browser.get(Self.query([("user", "specialist a"), ("action", "sign_in")]))
            #expect(one.status == .ok)
            #expect(one.text.contains("<bdi class=\"actor\">\(a.user(.peerSpecialist).displayName)</bdi>"))
            #expect(!one.text.contains("<bdi class=\"actor\">\(a.user(.organizationAdmin).displayName)</bdi>"))
            #expect(one.text.contains("user=\(a.user(.peerSpecialist).id.text)"), "the CSV link carries the id the name resolved to")

            let several = try await browser.get(Self.query([("user", "a.fixture"), ("action", "sign_in")]))
            #expect(several.status == .ok)
            #expect(several.text.contains("Several staff members match. Choose one:"))
            for role in [Role.peerSpecialist, .supervisor, .organizationAdmin] {
                #expect(several.text.contains("user=\(a.user(role).id.text)&amp;") || several.text.contains("user=\(a.user(role).id.text)"))
            }
            #expect(!several.text.contains(harness.fixture.b.user(.peerSpecialist).id.text), "another organization's staff are not offered")

            let none = try await browser.get(Self.query([("user", "Nobody Here"), ("action", "sign_in"), ("outcome", "success")]))
            #expect(none.status == .unprocessableContent)
            #expect(none.text.contains(#"<p class="field-error" id="user-error">No staff member you may see has that name or address.</p>"#))
            #expect(none.text.contains(#"value="Nobody Here""#), "the name stays in its box")
            #expect(none.text.contains(#"<option value="sign_in" selected>Signed in</option>"#), "the other filters stay")
            #expect(none.text.contains("<bdi class=\"actor\">\(a.user(.peerSpecialist).displayName)</bdi>"), "and their results are shown")
            #expect(!none.text.contains(#"<td data-label="Action">Viewed</td>"#))

            let otherSide = try await browser.get(Self.query([("user", "specialist b")]))
            #expect(otherSide.status == .unprocessableContent, "a name outside the viewer's organizations matches no one")
            #expect(!otherSide.text.contains(harness.fixture.b.user(.peerSpecialist).id.text))
        }
    }

    @Test("a participant's name resolves only among the people the viewer may reach; outside it, nothing is revealed",
          arguments: TestEngine.available)
    func participantByName(engine: TestEngine) async throws {
        try await WebHarness.with(engine) { harness, client in
            let (a, b) = (harness.fixture.a, harness.fixture.b)
            let own = try await SeededParticipant.make(a, db: harness.test.db)
            let other = try await SeededParticipant.make(b, db: harness.test.db)
            // Both seeded people are called "Seeded …": the name alone would find either.

            // An administrator with no clinical role may read the trail but not search people.
            let admin = Browser(client)
            try await admin.signIn(a.user(.organizationAdmin).email, clock: harness.clock)
            let refused = try await admin.get(Self.query([("participant", "Seeded"), ("action", "sign_in")]))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains(#"<p class="field-error" id="participant-error">No one you may reach has that name.</p>"#))
            #expect(refused.text.contains(#"<option value="sign_in" selected>Signed in</option>"#))
            #expect(!refused.text.contains(own.person.text) && !refused.text.contains(other.person.text))

            // An administrator who is also the program's manager reaches their own program's people only.
            var manager = a.user(.organizationAdmin)
            manager.roles.insert(.programManager)
            manager.programIDs = [a.program.id]
            _ = try await harness.test.db.write { [manager] conn in try await UserRecords.update(manager, expectedVersion: manager.version, on: conn) }
            let reaching = Browser(client)
            harness.clock.advance(60)
            try await reaching.signIn(manager.email, clock: harness.clock)
            let found = try await reaching.get(Self.query([("participant", "Seeded")]))
            #expect(found.status == .ok)
            #expect(found.text.contains("participant=\(own.person.text)"), "the one reachable person is the filter")
            #expect(!found.text.contains(other.person.text), "the other organization's person is neither chosen nor offered")
            let search = try await reaching.get(Self.query([("action", "record_read")]))
            #expect(search.text.contains("Results: 1"), "the name lookup is the app's audited search")
        }
    }
}
