import Foundation
import PeerwayCore
@testable import PeerwayStore
import PeerwayTestSupport
import SQLKit
import Testing

/// The evaluator's extract (issue 14's "done when"): on a data set of people with distinctive names, dates
/// of birth, phone numbers, addresses and e-mails, the extract holds none of them, nor a record id nor a
/// full date; every aggregate count from 1 to 10 is held back; study ids are stable and differ by
/// organization; only evaluators and program managers extract, and every extract and refusal is audited.
@Suite("Evaluator extract (store)")
struct EvaluatorExtractStoreTests {
    static func day(_ text: String) -> CalendarDate { CalendarDate(text)! }
    static func at(_ text: String) -> Date { DateRules.instant("\(text)T10:00", in: TimeZone(identifier: "UTC"))! }
    static let period = ReportPeriod(from: day("2026-07-01"), to: day("2026-09-30"))

    static let given = ["Ottoline", "Barnabus", "Clementine", "Desdemona", "Evander", "Fenella", "Gideon", "Honoria", "Ignatius", "Jessamy",
                        "Leopold", "Marigold", "Peregrine", "Rosalind", "Sylvester", "Tabitha", "Ulrika"]
    static let family = ["Quarrington", "Blackwood", "Thistlewaite", "Ravensworth", "Abernathy", "Montgomery", "Whitlock", "Pemberton",
                         "Ashcombe", "Winterbourne", "Hollingsworth", "Kensington", "Lockhart", "Marchbanks", "Fairweather", "Gallowglass", "Vandersloot"]

    /// Everything about person `i` that identifies them.
    struct Identity {
        let given: String, family: String, preferred: String, born: String, phone: String, email: String, address: String

        init(_ i: Int) {
            given = EvaluatorExtractStoreTests.given[i]
            family = EvaluatorExtractStoreTests.family[i]
            preferred = "\(given.prefix(3))ster"
            // Person 0 is 94 at enrollment; person 1 turns 90 the day after; the rest are 17 to 62.
            born = i == 0 ? "1932-05-17" : i == 1 ? "1936-07-16" : String(format: "%04d-%02d-%02d", 1961 + i * 3 % 45, 1 + i % 12, 3 + i)
            phone = String(format: "(619) 555-%04d", 1370 + i * 7)
            email = "\(given.lowercased()).\(family.lowercased())@mailbox.test"
            address = i == 2 ? "RR 2 Box \(40 + i), Lebanon, NH 03601" : "\(1200 + i * 37) Sycamore Lane, Apt \(i + 2), San Diego, CA \(92101 + i)"
        }

        /// Every string the extract must not hold.
        var strings: [String] {
            let dob = CalendarDate(born)!
            return [given, family, preferred, born, "\(dob.month)/\(dob.day)/\(dob.year)", phone, String(phone.filter(\.isNumber)),
                    String(phone.suffix(8)), email, address, String(address.split(separator: ",")[0]), String(address.suffix(5))]
        }
    }

    struct DataSet {
        let f: ServiceFixture
        var people: [(identity: Identity, person: Person)] = []
        var episodes: [Episode] = []
        var otherOrganizationPerson: Person?
    }

    /// Side A: 12 enrolled in program A1 on 15 July (one discharged on 1 September), 2 in program A2 on
    /// 1 August, one whose enrollment ended in June (outside the period), and one who only made contact.
    /// Services, referrals and instruments for some. Side B: one participant.
    static func build(_ f: ServiceFixture) async throws -> DataSet {
        var set = DataSet(f: f)
        let j = f.journey
        let peer = try await f.actor(f.a.user(.peerSpecialist))
        let manager = try await f.actor(f.a.user(.programManager))
        let otherManager = try await f.actor(f.journeyFixture.otherManager)
        func person(_ i: Int, program: UUID, by actor: Actor, organization: UUID? = nil) async throws -> Person {
            let id = Identity(i)
            var p = f.journeyFixture.person(id.given, id.family, born: id.born, phone: id.phone)
            p.organizationID = organization ?? p.organizationID
            p.preferredName = id.preferred
            p.pronouns = "they/them"
            p.details.email = id.email
            p.details.address = id.address
            p.details.region = "Uptown \(id.family)"
            p.details.culturalBackground = "Raised by \(id.family) grandparents"
            p.details.genderIdentity = [.woman, .man, .nonbinary][i % 3]
            p.details.ethnicity = i % 2 == 0 ? .hispanicOrLatino : .notHispanicOrLatino
            p.details.races = [i % 2 == 0 ? .white : .blackOrAfricanAmerican]
            p.details.preferredLanguage = i % 4 == 0 ? "es" : "en"
            p.details.housing = i < 4 ? .homelessUnsheltered : .housed
            let created = try await j.createPerson(p, programID: program, contact: f.journeyFixture.contact(program), by: actor, context: f.context(actor))
            set.people.append((id, created))
            return created
        }
        func enroll(_ p: Person, _ program: UUID, on date: String, by actor: Actor, peer: UUID? = nil) async throws -> Episode {
            _ = try await j.screen(p.id, programID: program, screenedOn: day(date), answers: .init(serviceCriteriaMet: ["A"], exclusionsPresent: []),
                                   by: actor, context: f.context(actor))
            return try await j.enroll(p.id, EnrollmentRequest(programID: program, enrolledOn: day(date),
                                                             consent: EnrollmentConsent(signedBy: .participant, signedOn: day(date), method: .wetSignature),
                                                             goals: "Live near \(p.legalFamilyName) cousins", peerID: peer),
                                      by: actor, context: f.context(actor))
        }

        let a1 = f.a.program.id, a2 = f.a.otherProgram.id
        var enrolled: [Person] = []
        for i in 0..<12 {
            let p = try await person(i, program: a1, by: peer)
            set.episodes.append(try await enroll(p, a1, on: "2026-07-15", by: manager, peer: f.a.user(.peerSpecialist).id))
            enrolled.append(p)
        }
        for i in 12..<14 {
            let p = try await person(i, program: a2, by: otherManager)
            set.episodes.append(try await enroll(p, a2, on: "2026-08-01", by: otherManager))
        }
        // Enrolled and discharged in June: outside the period.
        let june = try await person(14, program: a1, by: peer)
        let juneEpisode = try await enroll(june, a1, on: "2026-06-01", by: manager)
        _ = try await j.discharge(episodeID: juneEpisode.id, on: day("2026-06-20"), reason: .moved, summary: "Moved to Fresno",
                                  expectedVersion: nil, by: manager, context: f.context(manager))
        // Only made contact.
        _ = try await person(15, program: a1, by: peer)
        // Services: every A1 participant on 3 August (40 minutes), the first five again on 17 August; a draft.
        for p in enrolled {
            _ = try await f.services.document(personID: p.id, programID: a1, ServiceFixture.input(date: day("2026-08-03")), sign: true,
                                              by: peer, context: f.context(peer))
        }
        for p in enrolled.prefix(5) {
            _ = try await f.services.document(personID: p.id, programID: a1, ServiceFixture.input(date: day("2026-08-17"), minutes: "25"), sign: true,
                                              by: peer, context: f.context(peer))
        }
        _ = try await f.services.document(personID: enrolled[6].id, programID: a1, ServiceFixture.input(date: day("2026-08-20")), sign: false,
                                          by: peer, context: f.context(peer))
        // Referrals for the second participant: three made, two linked.
        let referrals = Referrals(j.store)
        for n in 0..<3 {
            let draft = ReferralDraft(resource: ReferralResource(name: "Shelter \(n)", organizationName: "Org", phone: "619-555-0100"),
                                      need: .housing, urgency: .soon, handoff: .callTogether, madeAt: at("2026-08-10"), status: .sent,
                                      note: "Call \(enrolled[1].legalGivenName) back")
            let made = try await referrals.make(for: enrolled[1].id, programID: a1, draft, by: peer, context: f.context(peer))
            guard n < 2 else { continue }
            _ = try await referrals.move(made.id, to: .accepted, occurredAt: at("2026-08-12"), reason: nil, note: "", by: peer, context: f.context(peer))
            _ = try await referrals.move(made.id, to: .linked, occurredAt: at("2026-08-13"), reason: nil, note: "", by: peer, context: f.context(peer))
        }
        // Program intake on enrollment for A1; a MORS intake and a follow-up on 15 September for the first three.
        let instruments = Instruments(j.store)
        for (i, p) in enrolled.enumerated() {
            let answers = ["homeless": i < 4 ? 1 : 0, "depressed": 2, "quality_of_life": 3, "substance_use": 1, "has_primary_care": 1,
                           "seen_primary_care": 1, "comfort_seeking_help": 4, "knows_where_help": 1]
            _ = try await instruments.record(for: p.id, AdministrationDraft(instrumentID: ProgramProfile.id, timepoint: .intake, givenOn: day("2026-07-15"),
                                                                            respondent: .selfReport, responses: answers),
                                             by: peer, context: f.context(peer))
        }
        for (i, p) in enrolled.prefix(3).enumerated() {
            _ = try await instruments.record(for: p.id, AdministrationDraft(instrumentID: MORS.id, timepoint: .intake, givenOn: day("2026-07-16"),
                                                                            respondent: .staffRated, responses: ["milestone": 3 + i]),
                                             by: peer, context: f.context(peer))
            guard i > 0 else { continue }   // the first is discharged on 1 September
            _ = try await instruments.record(for: p.id, AdministrationDraft(instrumentID: MORS.id, timepoint: .followUp, givenOn: day("2026-09-15"),
                                                                            respondent: .staffRated, responses: ["milestone": 5 + i]),
                                             by: peer, context: f.context(peer))
        }

        // The first A1 participant is discharged on 1 September, goals met, once their services are written.
        let discharged = try await j.discharge(episodeID: set.episodes[0].id, on: day("2026-09-01"), reason: .goalsSubstantiallyMet,
                                               summary: "Moved in with \(enrolled[0].legalFamilyName) family", expectedVersion: nil,
                                               by: manager, context: f.context(manager))
        set.episodes[0] = discharged

        // Side B: one participant with identifiers of their own.
        let bManager = try await f.actor(f.base.b.user(.programManager))
        let b = try await person(16, program: f.base.b.program.id, by: bManager, organization: f.base.b.provider.id)
        _ = try await enroll(b, f.base.b.program.id, on: "2026-07-20", by: bManager)
        set.otherOrganizationPerson = b
        return set
    }

    /// An organization's latest 500 audit events, oldest first.
    static func events(_ f: ServiceFixture, _ organizationID: UUID) async throws -> [AuditEvent] {
        var filter = AuditFilter(organizationIDs: [organizationID])
        filter.limit = 500
        return try await AuditLog(key: TestDatabase.auditKey).list(filter, on: f.db).events.reversed()
    }

    static func extract(_ f: ServiceFixture, by actor: Actor, organizationID: UUID? = nil) async throws -> (text: String, rows: [[String]], count: Int) {
        final class Sink: @unchecked Sendable { var text = "" }
        let sink = Sink()
        let count = try await EvaluatorExtract(f.journey.store).extract(period: period, organizationID: organizationID, by: actor, context: f.context(actor)) {
            sink.text += $0
        }
        let rows = try CSVReader.parse(sink.text)
        return (sink.text, rows, count)
    }

    @Test("the extract holds no name, date of birth, phone, address, e-mail, record id nor full date", arguments: TestEngine.available)
    func noIdentifiers(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let set = try await Self.build(f)
            let evaluator = try await f.actor(f.a.user(.evaluator))
            let (text, rows, count) = try await Self.extract(f, by: evaluator)

            #expect(rows.first == DeidentifiedExtract.header)
            #expect(count == 14 && rows.count == 15)
            let column = { (name: String) in rows.dropFirst().map { $0[DeidentifiedExtract.header.firstIndex(of: name)!] } }
            let studyIDs = column("study_id")
            #expect(studyIDs.allSatisfy { $0.wholeMatch(of: /S-[0-9a-f]{16}/) != nil })
            #expect(Set(studyIDs).count == 14)
            // Study ids are random-looking hex; the rest of the file is searched with them taken out.
            var rest = text.lowercased()
            for id in studyIDs { rest = rest.replacingOccurrences(of: id.lowercased(), with: "") }
            var forbidden = set.people.flatMap(\.identity.strings)
            forbidden += set.people.map(\.person.id.text) + set.episodes.map(\.id.text)
            forbidden += set.people.flatMap { [$0.person.legalFamilyName + " cousins", "Uptown " + $0.person.legalFamilyName] }
            forbidden += ["2026-07-15", "2026-07-16", "2026-08-01", "2026-08-03", "2026-08-17", "2026-09-01", "2026-09-15", "7/15/2026",
                          "they/them", "walked to the clinic", "shelter 0", "shelter 2", "sycamore", "mailbox.test", "@"]
            for string in forbidden {
                #expect(!rest.contains(string.lowercased()), "the extract holds \(string)")
            }
            // No column holds anything outside its codes: the coded columns' values are the catalogue's.
            #expect(Set(column("program")) == ["Program A1", "Program A2"])
            #expect(Set(column("enrollment_year")) == ["2026"])
            #expect(Set(column("age_group")).isSubset(of: Set(SafeHarbor.ageGroups)))
            #expect(column("age_group").filter { $0 == "90+" }.count == 1)   // person 1 is 89 on enrollment day
            #expect(Set(column("zip3")) == ["921", "000"])
            #expect(column("discharge_day").filter { !$0.isEmpty } == ["48"])
            #expect(column("discharge_reason").filter { !$0.isEmpty } == ["goals_substantially_met"])
            let total = { (name: String) -> Int in column(name).reduce(0) { $0 + Int($1)! } }
            #expect(total("services") == 17)
            #expect(total("service_minutes") == 605)   // 12 of 40 minutes, 5 of 25
            #expect(total("referrals_made") == 3 && total("referrals_linked") == 2)
            #expect(column("homeless_at_intake").filter { $0 == "yes" }.count == 4)
            #expect(column("homeless_at_intake").filter { $0.isEmpty }.count == 2)   // A2 took no intake
            #expect(column("mors_milestone_intake_day").filter { !$0.isEmpty } == ["1", "1", "1"])
            #expect(Set(column("mors_milestone_latest_day").filter { !$0.isEmpty }) == ["62"])
            // Side B's participant is not in side A's extract.
            #expect(!rest.contains(set.otherOrganizationPerson!.legalFamilyName.lowercased()))
        }
    }

    @Test("study ids stay the same across extracts and differ in another organization", arguments: TestEngine.available)
    func studyIDs(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            let set = try await Self.build(f)
            let evaluator = try await f.actor(f.a.user(.evaluator))
            let first = try await Self.extract(f, by: evaluator)
            f.clock.advance(86_400)
            let second = try await Self.extract(f, by: evaluator)
            #expect(first.rows.map { $0[0] } == second.rows.map { $0[0] })
            let manager = try await f.actor(f.a.user(.programManager))
            let managers = try await Self.extract(f, by: manager)
            #expect(Set(managers.rows.dropFirst().map { $0[0] }).isSubset(of: Set(first.rows.map { $0[0] })))

            let bEvaluator = try await f.actor(f.base.b.user(.evaluator))
            let other = try await Self.extract(f, by: bEvaluator)
            #expect(other.count == 1)
            // One key per organization, made once; the same person under the other organization's key is another id.
            #expect(try await test.db.rowCount("study_keys") == 2)
            let keys = try await test.db.read { conn in
                (try await StudyKeyRecords.stored(f.a.provider.id, on: conn)!, try await StudyKeyRecords.stored(f.base.b.provider.id, on: conn)!)
            }
            let person = set.people[3].person.id
            #expect(first.rows.dropFirst().map { $0[0] }.contains(keys.0.studyID(for: person)))
            #expect(keys.0.studyID(for: person) != keys.1.studyID(for: person))
            #expect(other.rows[1][0] == keys.1.studyID(for: set.otherOrganizationPerson!.id))
            // The key is never changed.
            await #expect(throws: (any Error).self) {
                try await test.db.write { conn in try await conn.sql.raw("UPDATE study_keys SET key_hex = 'x'").run() }
            }
        }
    }

    @Test("a program manager's extract covers the programs they work in; an evaluator's every program", arguments: TestEngine.available)
    func programsCovered(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            _ = try await Self.build(f)
            let extract = EvaluatorExtract(f.journey.store)
            let manager = try await f.actor(f.a.user(.programManager)), evaluator = try await f.actor(f.a.user(.evaluator))
            #expect(try await extract.programs(by: manager, context: f.context(manager)).map(\.name) == ["Program A1"])
            #expect(try await extract.programs(by: evaluator, context: f.context(evaluator)).map(\.name) == ["Program A1", "Program A2"])
            let rows = try await Self.extract(f, by: manager).rows.dropFirst()
            #expect(rows.count == 12 && rows.allSatisfy { $0[1] == "Program A1" })
        }
    }

    @Test("every aggregate count from 1 to 10 is held back, and none can be worked out", arguments: TestEngine.available)
    func tablesSuppressed(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            _ = try await Self.build(f)
            let evaluator = try await f.actor(f.a.user(.evaluator))
            let (tables, programs, enrollments) = try await EvaluatorExtract(f.journey.store).tables(period: Self.period, by: evaluator,
                                                                                                  context: f.context(evaluator))
            #expect(programs.count == 2 && enrollments == 14)
            #expect(tables.map(\.id) == EvaluatorTally.dimensions.map(\.id))
            var small = 0
            for table in tables {
                for row in table.rows {
                    let line = row.cells + [row.total]
                    #expect(!line.contains { $0.count.map(ReportSuppression.isSmall) ?? false }, "\(table.id)")
                    #expect(line.filter { $0 == .suppressed }.count != 1, "\(table.id)")
                    small += line.filter { $0 == .suppressed }.count
                }
                for c in table.categories.indices {
                    #expect(table.rows.map { $0.cells[c] }.filter { $0 == .suppressed }.count != 1, "\(table.id) \(table.categories[c])")
                }
                #expect(table.rows.map(\.total).filter { $0 == .suppressed }.count != 1)
                // A2's two enrollments are held back everywhere; A1's 12 and the 14 are shown.
                #expect(table.rows.map(\.total) == [.count(12), .suppressed, .suppressed] || table.rows.map(\.total) == [.suppressed, .suppressed, .count(14)]
                        || table.rows.map(\.total) == [.suppressed, .suppressed, .suppressed])
            }
            #expect(small > 0)   // the data set has small counts: the checks above are not vacuous
            let events = try await Self.events(f, f.a.provider.id).filter { $0.resourceType == AuditResource.evaluatorExtract.rawValue }
            #expect(events.last?.action == .recordRead && events.last?.detail.contains("enrollments=14") == true)
        }
    }

    @Test("peers, supervisors, administrators and another organization may not extract; refusals and extracts are audited",
          arguments: TestEngine.available)
    func whoMayNot(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            _ = try await Self.build(f)
            let extract = EvaluatorExtract(f.journey.store)
            for role in [Role.peerSpecialist, .supervisor, .organizationAdmin] {
                let actor = try await f.actor(f.a.user(role))
                await #expect(throws: AccessRefused(decision: .deny), "\(role)") {
                    _ = try await extract.extract(period: Self.period, by: actor, context: f.context(actor)) { _ in }
                }
                await #expect(throws: AccessRefused(decision: .deny), "\(role)") {
                    _ = try await extract.tables(period: Self.period, by: actor, context: f.context(actor))
                }
                await #expect(throws: AccessRefused(decision: .deny), "\(role)") {
                    _ = try await extract.dictionary(by: actor, context: f.context(actor))
                }
            }
            let bEvaluator = try await f.actor(f.base.b.user(.evaluator))
            var wrote = ""
            await #expect(throws: AccessRefused(decision: .notFound)) {
                _ = try await extract.extract(period: Self.period, organizationID: f.a.provider.id, by: bEvaluator, context: f.context(bEvaluator)) { wrote += $0 }
            }
            #expect(wrote.isEmpty)
            #expect(try await test.db.rowCount("study_keys") == 0)

            let aEvents = try await Self.events(f, f.a.provider.id).filter { $0.resourceType == AuditResource.evaluatorExtract.rawValue }
            #expect(aEvents.filter { $0.action == .accessDenied && $0.outcome == .denied }.count == 9)
            let bEvents = try await Self.events(f, f.base.b.provider.id)
            #expect(bEvents.contains { $0.resourceType == AuditResource.evaluatorExtract.rawValue && $0.action == .accessDenied
                && $0.detail == AccessDecision.notFound.rawValue })

            let evaluator = try await f.actor(f.a.user(.evaluator))
            _ = try await Self.extract(f, by: evaluator)
            let done = try await Self.events(f, f.a.provider.id).filter { $0.resourceType == AuditResource.evaluatorExtract.rawValue && $0.action == .export }
            #expect(done.count == 1)
            #expect(done.first?.outcome == .success && done.first?.actorUserID == evaluator.userID)
            #expect(done.first?.detail == "from=2026-07-01 to=2026-09-30 programs=2 enrollments=14")
            // The audit trail names no one either.
            #expect(done.first?.participantID == nil)
        }
    }

    @Test("an extract that fails midway is audited as incomplete", arguments: TestEngine.available)
    func failedMidway(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await ServiceFixture.make(test.db)
            _ = try await Self.build(f)
            let evaluator = try await f.actor(f.a.user(.evaluator))
            struct Gone: Error {}
            var chunks = 0
            await #expect(throws: Gone.self) {
                _ = try await EvaluatorExtract(f.journey.store).extract(period: Self.period, by: evaluator, context: f.context(evaluator)) { _ in
                    chunks += 1
                    if chunks == 2 { throw Gone() }
                }
            }
            let events = try await Self.events(f, f.a.provider.id).filter { $0.resourceType == AuditResource.evaluatorExtract.rawValue }
            #expect(events.last?.outcome == .failure && events.last?.detail == "rows=0 incomplete")
        }
    }

    @Test("peerway evaluator extract writes the extract, its dictionary and its tables; a refusal leaves no file", arguments: [TestEngine.sqlite])
    func command(engine: TestEngine) async throws {
        try #require(PeerwayCLI.isBuilt, "build the CLI first: swift build")
        try await TestDatabase.with(engine) { test in
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peerway-evaluator-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let keyFile = dir.appendingPathComponent("key").path
            try "test-audit-key\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
            let f = try await ServiceFixture.make(test.db)
            let set = try await Self.build(f)
            func run(_ email: String, _ files: [String]) throws -> PeerwayCLI.Outcome {
                let paths = files.map { dir.appendingPathComponent($0).path }
                return try PeerwayCLI.run(["evaluator", "extract", "--as", email, "--from", "2026-07-01", "--to", "2026-09-30", "--output", paths[0],
                                           "--dictionary", paths[1], "--tables", paths[2],
                                           "--database", PeerwayCLI.url(test.location), "--audit-key-file", keyFile])
            }
            let done = try run(f.a.user(.evaluator).email, ["extract.csv", "dictionary.csv", "tables.csv"])
            #expect(done.status == 0, "\(done.stderr)")
            #expect(done.stderr.contains("exported 14 enrollments to "), "\(done.stderr)")
            let extract = try CSVReader.parse(try String(contentsOf: dir.appendingPathComponent("extract.csv"), encoding: .utf8))
            #expect(extract.count == 15 && extract[0] == DeidentifiedExtract.header)
            let text = extract.dropFirst().map { $0.dropFirst().joined(separator: ",") }.joined(separator: "\n").lowercased()
            for person in set.people { #expect(!text.contains(person.identity.family.lowercased())) }
            let dictionary = try CSVReader.parse(try String(contentsOf: dir.appendingPathComponent("dictionary.csv"), encoding: .utf8))
            #expect(dictionary.dropFirst().map { $0[0] } == DeidentifiedExtract.header)
            let tables = try CSVReader.parse(try String(contentsOf: dir.appendingPathComponent("tables.csv"), encoding: .utf8))
            #expect(tables[0] == EvaluatorTally.csvHeader)
            #expect(tables.dropFirst().allSatisfy { $0[3].isEmpty || !ReportSuppression.isSmall(Int($0[3])!) })
            for name in ["extract.csv", "dictionary.csv", "tables.csv"] {
                let attributes = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(name).path)
                #expect((attributes[.posixPermissions] as? Int) == 0o600)
            }

            let refused = try run(f.a.user(.peerSpecialist).email, ["peer.csv", "peer-dictionary.csv", "peer-tables.csv"])
            #expect(refused.status == 1)
            #expect(refused.stderr.split(separator: "\n").count == 1, "one plain line: \(refused.stderr)")
            for name in ["peer.csv", "peer-dictionary.csv", "peer-tables.csv"] {
                #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), "a refused extract leaves no \(name)")
            }
        }
    }
}
