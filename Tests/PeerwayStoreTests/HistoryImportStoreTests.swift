import Foundation
import PeerwayCore
import PeerwayStore
import PeerwayTestSupport
import Testing

/// A program's history brought in from CSV files (issue 14, item 4): the hand-built quarter of
/// `ProgramReportStoreTests`, written as the files a program moving to Peerway would bring, yields
/// the same known figures; importing the files again writes nothing; a dry run writes nothing; every
/// problem comes back with its file, line and column, and then nothing is written at all.
@Suite("History import (store)")
struct HistoryImportStoreTests {
    static let period = ProgramReportStoreTests.period

    /// The quarter as history files. Ids are fixed so that the files refer to each other.
    struct Quarter {
        let program: UUID
        let peerEmail: String
        let peerID: UUID
        var enrolled: [UUID] = (0..<12).map { _ in UUID() }
        var family: [UUID] = (0..<3).map { _ in UUID() }
        var others: [UUID] = (0..<25).map { _ in UUID() }
        let june = UUID()
        var episodes: [UUID] = (0..<12).map { _ in UUID() }

        func csv(_ rows: [[String]]) -> String { rows.map { $0.map(CSVWriter.cell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n" }

        var people: String {
            var rows = [["id", "kind", "related_participant_id", "relationship", "legal_given_name", "legal_family_name", "date_of_birth"]]
            for (i, id) in enrolled.enumerated() { rows.append([id.text, "participant", "", "", "Enrolled\(i)", "Report", "1980-01-01"]) }
            for (i, id) in family.enumerated() { rows.append([id.text, "support_person", enrolled[i].text, "parent", "Family\(i)", "Report", "1960-01-01"]) }
            for (i, id) in others.enumerated() { rows.append([id.text, "participant", "", "", "Contact\(i)", "Report", "1990-01-01"]) }
            rows.append([june.text, "participant", "", "", "June", "Report", "1985-01-01"])
            return csv(rows)
        }

        var contacts: String {
            var rows = [["id", "occurred_at", "person_id", "source", "made_by", "method", "setting", "note"]]
            for id in enrolled + family + others { rows.append([UUID().text, "2026-07-10T09:30", id.text, "hospital", "self", "in_person", "hospital", ""]) }
            rows.append([UUID().text, "2026-06-15T10:00", june.text, "hospital", "self", "in_person", "hospital", ""])
            for _ in 0..<2 { rows.append([UUID().text, "2026-07-20", "", "warm_line", "self", "phone", "community", "Anonymous caller"]) }
            return csv(rows)
        }

        var episodeFile: String {
            var rows = [["id", "person_id", "enrolled_on", "planned_end_on", "discharged_on", "discharge_reason"]]
            for (id, person) in zip(episodes, enrolled) { rows.append([id.text, person.text, "2026-07-15", "", "", ""]) }
            return csv(rows)
        }

        /// 25 signed services to 18 people, and one in June; half name their author by e-mail, half by id.
        var services: String {
            var rows = [["service_id", "participant_id", "service_date", "start_time", "duration_minutes", "service_type", "core_functions",
                         "modality", "setting", "language", "staff_id", "staff_email", "status", "note"]]
            var n = 0
            func add(_ person: UUID, _ date: String, _ type: String) {
                n += 1
                let staff = n % 2 == 0 ? [peerID.text, ""] : ["", peerEmail]
                rows.append([UUID().text, person.text, date, "10:00", "40", type, "health_system_navigation;assertive_linkage", "in_person",
                             "hospital", "es"] + staff + ["signed", n % 3 == 0 ? "" : "Walked to the clinic together"])
            }
            for person in enrolled { add(person, "2026-08-03", "peer_navigation") }
            for person in enrolled.prefix(5) { add(person, "2026-08-17", "peer_counseling") }
            for person in family { add(person, "2026-08-04", "peer_counseling") }
            for person in others.prefix(3) { add(person, "2026-08-05", "peer_navigation") }
            for person in others.prefix(2) { add(person, "2026-08-06", "crisis_support") }
            add(enrolled[6], "2026-06-30", "peer_navigation")
            return csv(rows)
        }

        /// 30 referrals made on 10 August, as `ProgramReportStoreTests` makes them. Housing's steps come
        /// in `referral_changes.csv`; the others say only where they stand, on their own row.
        var referrals: (referrals: String, changes: String) {
            var rows = [["referral_id", "person_id", "need", "urgency", "handoff", "resource_name", "resource_organization", "resource_phone",
                         "made_at", "made_by", "status", "status_at", "reason"]]
            var changes = [["referral_id", "status", "occurred_at", "reason", "note", "changed_by"]]
            let plan: [(ReferralNeed, [ReferralStatus])] = [
                (.housing, Array(repeating: .linked, count: 7) + [.notLinked, .declined, .sent]),
                (.mentalHealth, Array(repeating: .linked, count: 8) + [.notLinked, .notLinked, .proposed, .proposed]),
                (.basicNeeds, Array(repeating: .linked, count: 3) + [.notLinked, .declined, .declined, .accepted, .accepted]),
            ]
            var n = 0
            for (need, ends) in plan {
                for end in ends {
                    let id = UUID(), person = enrolled[n % 12]
                    n += 1
                    let reason = [.notLinked, .declined].contains(end) ? "wait_list" : ""
                    if need == .housing {
                        rows.append([id.text, person.text, need.rawValue, "soon", "call_together", "Resource \(n)", "Org", "619-555-0100",
                                     "2026-08-10T10:00Z", peerEmail, "", "", ""])
                        let path: [ReferralStatus] = switch end {
                        case .linked: [.accepted, .linked]
                        case .notLinked: [.accepted, .notLinked]
                        case .declined: [.declined]
                        default: []
                        }
                        for (step, status) in path.enumerated() {
                            changes.append([id.text, status.rawValue, "2026-08-1\(step + 2)T10:00Z",
                                            [.notLinked, .declined].contains(status) ? "wait_list" : "", "", peerID.text])
                        }
                    } else {
                        rows.append([id.text, person.text, need.rawValue, "soon", "call_together", "Resource \(n)", "Org", "619-555-0100",
                                     "2026-08-10T10:00Z", peerID.text, end.rawValue, end == .proposed || end == .sent ? "" : "2026-08-13T10:00Z",
                                     reason])
                    }
                }
            }
            return (csv(rows), csv(changes))
        }

        var administrations: String {
            var rows = [["administration_id", "person_id", "episode_id", "instrument", "timepoint", "given_on", "respondent", "given_by", "responses"]]
            func profile(_ i: Int, _ timepoint: String, _ date: String, homeless: Bool, depressed: Int, quality: Int, substance: Int,
                         primaryCare: Bool) {
                var answers = "homeless=\(homeless ? 1 : 0);depressed=\(depressed);quality_of_life=\(quality);substance_use=\(substance);"
                    + "has_primary_care=\(primaryCare ? 1 : 0);seen_primary_care=0;comfort_seeking_help=3;knows_where_help=1"
                if timepoint != "intake" { answers += ";satisfaction=5" }
                rows.append([UUID().text, enrolled[i].text, i % 2 == 0 ? episodes[i].text : "", ProgramProfile.id, timepoint, date, "self_report",
                             peerEmail, answers])
            }
            // Follow-ups first in the file: the import numbers them by the day they were given.
            for i in 0..<8 { profile(i, "follow_up_1", "2026-09-15", homeless: i == 0, depressed: 2, quality: 3, substance: 1, primaryCare: true) }
            for i in 0..<12 {
                profile(i, "intake", "2026-07-15", homeless: i < 4, depressed: i < 8 ? 4 : 2, quality: i < 10 ? 2 : 3, substance: i < 2 ? 5 : 1,
                        primaryCare: i < 6)
            }
            let morsIntake = [4, 4, 4, 4, 5, 5, 5, 5, 3, 3, 6, 6], morsLater = [5, 5, 6, 4, 6, 7, 5, 6]
            for i in 0..<12 {
                rows.append([UUID().text, enrolled[i].text, "", MORS.id, "intake", "2026-07-15", "staff_rated", peerID.text, "milestone=\(morsIntake[i])"])
                if i < 8 {
                    rows.append([UUID().text, enrolled[i].text, "", MORS.id, "follow_up_1", "2026-09-15", "staff_rated", "", "milestone=\(morsLater[i])"])
                }
            }
            return csv(rows)
        }

        /// The files in an order of their own: the import reads them in the order of their kinds.
        var files: [HistoryImport.File] {
            let (referralFile, changeFile) = referrals
            return [
                .init(name: "history/administrations.csv", text: administrations), .init(name: "services.csv", text: services),
                .init(name: "referral_changes.csv", text: changeFile), .init(name: "referrals.csv", text: referralFile),
                .init(name: "episodes.csv", text: episodeFile), .init(name: "contacts.csv", text: contacts), .init(name: "People.CSV", text: people),
            ]
        }
    }

    static let tables = ["persons", "contacts", "episodes", "services", "referrals", "referral_changes", "instrument_administrations"]

    static func counts(_ f: ServiceFixture) async throws -> [Int] {
        var result: [Int] = []
        for table in tables { result.append(try await f.journeyFixture.count(table)) }
        return result
    }

    @Test("the hand-built quarter imported from history files yields exactly its known figures; importing again writes nothing",
          arguments: TestEngine.available)
    func knownFiguresThroughImport(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let j = f.journey, program = f.a.program.id
            let peerUser = f.a.user(.peerSpecialist)
            let peer = try await f.actor(peerUser)
            let manager = try await f.actor(f.a.user(.programManager))
            let quarter = Quarter(program: program, peerEmail: peerUser.email.uppercased(), peerID: peerUser.id)
            let history = HistoryImport(j.store)
            let files = quarter.files

            let before = try await Self.counts(f)
            let dry = try await history.run(files, programID: program, dryRun: true, by: manager, context: f.context(manager))
            #expect(dry.problems == [] && dry.dryRun && !dry.written)
            #expect(try await Self.counts(f) == before)

            let report = try await history.run(files, programID: program, dryRun: false, by: manager, context: f.context(manager))
            #expect(report.problems == [])
            #expect(report.written)
            #expect(report.counts.map { "\($0.file.rawValue)=\($0.rows):\($0.created)" }
                    == ["people=41:41", "contacts=43:43", "episodes=12:12", "services=26:26", "referrals=30:30", "referral_changes=17:17",
                        "administrations=40:40"])
            #expect(report.counts == dry.counts)

            // What the files do not hold: a draft (a history brings signed services only), crisis events,
            // and a participant of another program, recorded in Peerway as the first test records them.
            // A history brings no pairing: the manager pairs the peer who writes the draft.
            _ = try await j.assign(episodeID: quarter.episodes[5], peerID: peerUser.id, reason: "", by: manager, context: f.context(manager))
            _ = try await f.services.document(personID: quarter.enrolled[5], programID: program,
                                              ServiceFixture.input(date: ProgramReportStoreTests.day("2026-08-20"), type: "peer_counseling"),
                                              sign: false, by: peer, context: f.context(peer))
            for event in [CrisisEvent(kind: .psychiatricAdmission, startedOn: ProgramReportStoreTests.day("2026-07-20"),
                                      endedOn: ProgramReportStoreTests.day("2026-07-25")),
                          CrisisEvent(kind: .psychiatricAdmission, startedOn: ProgramReportStoreTests.day("2026-08-10"),
                                      endedOn: ProgramReportStoreTests.day("2026-08-12")),
                          CrisisEvent(kind: .emergencyVisit, startedOn: ProgramReportStoreTests.day("2026-09-01"))] {
                _ = try await j.recordCrisisEvent(quarter.enrolled[0], event, note: "", by: manager, context: f.context(manager))
            }
            _ = try await j.recordCrisisEvent(quarter.enrolled[1], CrisisEvent(kind: .emergencyVisit, startedOn: ProgramReportStoreTests.day("2026-06-01")),
                                              note: "", by: manager, context: f.context(manager))
            _ = try await f.participant("Other", "Program", takenInBy: f.journeyFixture.otherManager, manager: f.journeyFixture.otherManager,
                                        program: f.a.otherProgram.id, pairedWith: f.journeyFixture.otherPeer)

            let figures = try await ProgramReports(j.store).report(programIDs: [program], period: Self.period, by: manager, context: f.context(manager))
            try ProgramReportStoreTests.expectKnownFigures(figures.report)

            // Keyed by id: the same files again write nothing and leave every figure as it was.
            let written = try await Self.counts(f)
            let again = try await history.run(files, programID: program, dryRun: false, by: manager, context: f.context(manager))
            #expect(again.problems == [])
            #expect(again.counts.map(\.created).reduce(0, +) == 0 && again.counts.map(\.updated).reduce(0, +) == 0)
            #expect(again.counts.map { $0.unchanged } == [41, 43, 12, 26, 30, 17, 40])
            #expect(try await Self.counts(f) == written)
            let same = try await ProgramReports(j.store).report(programIDs: [program], period: Self.period, by: manager, context: f.context(manager))
            #expect(same.report == figures.report)

            // Imported services and administrations are the records Peerway would have made: signed,
            // by the peer named, scored by the instrument's rules.
            let record = try await Instruments(j.store).history(quarter.enrolled[0], by: manager, context: f.context(manager))
            #expect(record.administrations.count == 4)
            #expect(Set(record.administrations.map(\.timepoint.description)) == ["intake", "follow_up_1"])
            #expect(record.administrations.allSatisfy { !$0.scores.isEmpty })
            // A row without `given_by` was given by the person importing it, as far as Peerway knows.
            #expect(record.administrations.map { $0.givenBy == peerUser.id ? "peer" : $0.givenBy == manager.userID ? "manager" : "?" }.sorted()
                    == ["manager", "peer", "peer", "peer"])
            #expect(try await f.journeyFixture.count("services", where: "status = 'signed'") == 26)
            #expect(try await f.journeyFixture.count("audit_events", where: "resource_type = 'history_import'") == 3)
        }
    }

    @Test("every problem comes back with its file, line and column, and nothing is written", arguments: TestEngine.available)
    func problemsByLineAndColumn(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let program = f.a.program.id
            let manager = try await f.actor(f.a.user(.programManager))
            let history = HistoryImport(f.journey.store)
            let person = UUID(), outsider = try await f.participant("Other", "Program", takenInBy: f.journeyFixture.otherManager,
                                                                   manager: f.journeyFixture.otherManager, program: f.a.otherProgram.id,
                                                                   pairedWith: f.journeyFixture.otherPeer)
            let before = try await Self.counts(f)
            let files: [HistoryImport.File] = [
                .init(name: "people.csv", text: "id,legal_given_name,legal_family_name,date_of_birth\r\n\(person.text),Ana,Ruiz,1980-01-01\r\n,Luis,Ruiz,1981-02-02\r\n"),
                .init(name: "episodes.csv", text: """
                    id,person_id,enrolled_on,discharged_on,discharge_reason
                    \(UUID().text),\(person.text),2999-01-01,,
                    \(UUID().text),\(outsider.id.text),2026-07-01,,
                    \(UUID().text),\(person.text),2026-07-01,2026-06-01,moved

                    """),
                .init(name: "services.csv", text: """
                    service_id,participant_id,service_date,start_time,duration_minutes,service_type,modality,setting,staff_email,status
                    \(UUID().text),\(person.text),2026-08-01,10:00,40,no_such_type,in_person,hospital,nobody@example.org,draft

                    """),
                .init(name: "referrals.csv", text: "referral_id,person_id,need,made_at,made_by,colour\r\n"),
                .init(name: "notes.csv", text: "a,b\r\n"),
            ]
            let report = try await history.run(files, programID: program, dryRun: false, by: manager, context: f.context(manager))
            #expect(!report.written)
            let seen = report.problems.map { "\($0.file):\($0.line):\($0.column):\($0.code)" }
            #expect(seen.contains("notes.csv:0:file:unknown_history_file"))
            #expect(seen.contains("referrals.csv:1:colour:unknown_column"))
            #expect(seen.contains("episodes.csv:2:enrolled_on:in_future"))
            #expect(seen.contains("episodes.csv:3:person_id:not_found"))
            #expect(seen.contains("episodes.csv:4:discharged_on:before_enrollment"))
            #expect(seen.contains("services.csv:2:status:not_signed"))
            #expect(seen.contains("people.csv:3:id:required"))
            #expect(report.counts.first { $0.file == .people }.map { "\($0.created)/\($0.rejected)" } == "1/1")
            #expect(try await Self.counts(f) == before)

            // With the files right, the service's author and type are still checked against the records.
            let fixed: [HistoryImport.File] = [
                .init(name: "people.csv", text: "id,legal_given_name,legal_family_name,date_of_birth\r\n\(person.text),Ana,Ruiz,1980-01-01\r\n"),
                .init(name: "services.csv", text: """
                    service_id,participant_id,service_date,start_time,duration_minutes,service_type,modality,setting,staff_email
                    \(UUID().text),\(person.text),2026-08-01,10:00,40,no_such_type,in_person,hospital,nobody@example.org

                    """),
            ]
            let second = try await history.run(fixed, programID: program, dryRun: false, by: manager, context: f.context(manager))
            #expect(second.problems.map { "\($0.file):\($0.line):\($0.column):\($0.code)" } == ["services.csv:2:staff_email:unknown_staff"])
            #expect(try await Self.counts(f) == before)
        }
    }

    @Test("who may NOT import a program's history: a peer, a supervisor, another program's manager", arguments: TestEngine.available)
    func whoMayNotImport(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let history = HistoryImport(f.journey.store)
            let files = [HistoryImport.File(name: "people.csv", text: "id,legal_given_name,legal_family_name,date_of_birth\r\n\(UUID().text),Ana,Ruiz,1980-01-01\r\n")]
            for user in [f.a.user(.peerSpecialist), f.a.user(.supervisor), f.journeyFixture.otherManager] {
                let actor = try await f.actor(user)
                await #expect(throws: StoreError.self, "\(user.email)") {
                    _ = try await history.run(files, programID: f.a.program.id, dryRun: false, by: actor, context: f.context(actor))
                }
            }
            #expect(try await f.journeyFixture.count("persons") == 0)
        }
    }
}
