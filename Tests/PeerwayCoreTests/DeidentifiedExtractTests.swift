import Foundation
import PeerwayCore
import Testing

/// The evaluator's extract: Safe Harbor's rules one by one, the row made from a record, its data
/// dictionary, and the aggregate tables' suppression.
@Suite("De-identified extract")
struct DeidentifiedExtractTests {
    static func day(_ text: String) -> CalendarDate { CalendarDate(text)! }

    @Test("ages group in fives, and every age over 89 is 90+")
    func ageGroups() {
        #expect(SafeHarbor.ageGroup(0) == "0-4")
        #expect(SafeHarbor.ageGroup(4) == "0-4")
        #expect(SafeHarbor.ageGroup(5) == "5-9")
        #expect(SafeHarbor.ageGroup(25) == "25-29")
        #expect(SafeHarbor.ageGroup(89) == "85-89")
        #expect(SafeHarbor.ageGroup(90) == "90+")
        #expect(SafeHarbor.ageGroup(117) == "90+")
        #expect(SafeHarbor.ageGroup(-1) == nil)
        #expect(SafeHarbor.ageGroups.count == 19 && SafeHarbor.ageGroups.last == "90+")
        #expect((0...120).allSatisfy { SafeHarbor.ageGroups.contains(SafeHarbor.ageGroup($0)!) })
        // The day before the 90th birthday, and the birthday.
        let born = Self.day("1936-07-02")
        #expect(SafeHarbor.ageGroup(born: born, on: Self.day("2026-07-01")) == "85-89")
        #expect(SafeHarbor.ageGroup(born: born, on: Self.day("2026-07-02")) == "90+")
        #expect(SafeHarbor.ageGroup(born: nil, on: Self.day("2026-07-02")) == nil)
    }

    @Test("life stages follow California's prevention groups, 90+ among older adults")
    func lifeStages() {
        let on = Self.day("2026-07-01")
        #expect(SafeHarbor.lifeStage(born: Self.day("2010-07-02"), on: on) == "youth")              // 15
        #expect(SafeHarbor.lifeStage(born: Self.day("2010-07-01"), on: on) == "transition_age_youth") // 16
        #expect(SafeHarbor.lifeStage(born: Self.day("2000-07-02"), on: on) == "transition_age_youth") // 25
        #expect(SafeHarbor.lifeStage(born: Self.day("2000-07-01"), on: on) == "adult")             // 26
        #expect(SafeHarbor.lifeStage(born: Self.day("1966-07-02"), on: on) == "adult")             // 59
        #expect(SafeHarbor.lifeStage(born: Self.day("1966-07-01"), on: on) == "older_adult")       // 60
        #expect(SafeHarbor.lifeStage(born: Self.day("1920-01-01"), on: on) == "older_adult")       // 106
        #expect(SafeHarbor.lifeStage(born: nil, on: on) == nil)
    }

    @Test("a date keeps its year only, or becomes days from the enrollment day")
    func dates() {
        #expect(SafeHarbor.year(Self.day("2026-07-15")) == 2026)
        let enrolled = Self.day("2026-07-15")
        #expect(SafeHarbor.dayOffset(enrolled, from: enrolled) == 0)
        #expect(SafeHarbor.dayOffset(Self.day("2026-08-14"), from: enrolled) == 30)
        #expect(SafeHarbor.dayOffset(Self.day("2027-07-15"), from: enrolled) == 365)
        #expect(SafeHarbor.dayOffset(Self.day("2028-03-01"), from: Self.day("2028-02-28")) == 2)  // a leap day between
        #expect(SafeHarbor.dayOffset(Self.day("2026-07-14"), from: enrolled) == -1)
    }

    @Test("a ZIP code keeps three digits, 000 where the area is small, nothing when it is not a ZIP code")
    func zip3() {
        #expect(SafeHarbor.zip3("92101") == "921")
        #expect(SafeHarbor.zip3("92101-1234") == "921")
        #expect(SafeHarbor.zip3(" 90210 ") == "902")
        #expect(SafeHarbor.restrictedZIP3.count == 17)
        for prefix in SafeHarbor.restrictedZIP3 {
            #expect(SafeHarbor.zip3("\(prefix)45") == "000")
            #expect(SafeHarbor.zip3("\(prefix)45-0001") == "000")
        }
        #expect(SafeHarbor.zip3("03701") == "037")   // beside a restricted area, not in it
        for notZIP in ["", "9210", "921011", "92101-12", "9210A", "ABCDE", "٩٢١٠١", "92101 1234"] {
            #expect(SafeHarbor.zip3(notZIP) == nil, "\(notZIP)")
        }
    }

    @Test("the ZIP code is the one an address ends with, else a region written as one")
    func zipOfAddress() {
        #expect(SafeHarbor.zip(inAddress: "1450 Juniper Street, Apt 7, San Diego, CA 92101") == "92101")
        #expect(SafeHarbor.zip(inAddress: "1450 Juniper Street\nSan Diego CA 92101-4411, USA") == "92101-4411")
        #expect(SafeHarbor.zip(inAddress: "12345 Juniper Street") == nil)   // a street number is not a ZIP code
        #expect(SafeHarbor.zip(inAddress: "12345") == nil)
        #expect(SafeHarbor.zip(inAddress: "") == nil)
        var details = PersonDetails()
        details.region = "92113"
        #expect(SafeHarbor.zip(of: details) == "92113")
        details.address = "PO Box 5, Hanover, NH 03755"
        #expect(SafeHarbor.zip(of: details) == "03755")
        details.address = "RR 1, Lebanon, NH 03601"
        #expect(SafeHarbor.zip(of: details).flatMap(SafeHarbor.zip3) == "000")
        details.address = ""
        details.region = "North County"
        #expect(SafeHarbor.zip(of: details) == nil)
    }

    /// A record holding every kind of identifier, and an enrollment of it.
    static func facts(born: String? = "1951-03-09", enrolled: String = "2025-09-10", discharged: String? = "2026-02-01",
                      scores: [EnrollmentScore] = []) -> EnrollmentFacts {
        var details = PersonDetails()
        details.phone = "(619) 555-0199"
        details.email = "wilhelmina.quarrington@example.org"
        details.address = "1450 Juniper Street, San Diego, CA 92101"
        details.region = "Uptown"
        details.culturalBackground = "Grew up on a farm near Ramona"
        details.genderIdentity = .woman
        details.races = [.white, .asian]
        details.ethnicity = .notHispanicOrLatino
        details.preferredLanguage = "es"
        details.populations = [.veteran, .olderAdult]
        details.veteran = .veteran
        details.insurance = .mediCal
        details.housing = .unstablyHoused
        let person = Person(id: UUID(uuidString: "9B3F0C2E-1111-4222-8333-944455556666")!, organizationID: UUID(), legalGivenName: "Wilhelmina",
                            legalFamilyName: "Quarrington", preferredName: "Mina", pronouns: "she/her", dateOfBirth: born.map(day),
                            details: details, createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))
        var episode = Episode(id: UUID(), participantID: person.id, programID: UUID(), enrolledOn: day(enrolled), plannedEndOn: nil,
                              dischargedOn: discharged.map(day), dischargeReason: discharged == nil ? nil : .goalsSubstantiallyMet)
        episode.goals = "Find a room near my daughter"
        episode.dischargeSummary = "Moved in with her daughter in Chula Vista"
        return EnrollmentFacts(person: person, episode: episode, programName: "Next Steps", services: 7, serviceMinutes: 315,
                               referralsMade: 3, referralsLinked: 2, scores: scores)
    }

    @Test("a row holds codes, a year, an age group, three ZIP digits and day offsets: no identifier, no free text")
    func row() {
        let scores = [
            EnrollmentScore(instrumentID: ProgramProfile.id, scaleID: "homeless", timepoint: .intake, givenOn: Self.day("2025-09-10"), tenths: 10),
            EnrollmentScore(instrumentID: PromisGlobal10.id, scaleID: "mental", timepoint: .intake, givenOn: Self.day("2025-09-12"), tenths: 412),
            EnrollmentScore(instrumentID: PromisGlobal10.id, scaleID: "mental", timepoint: .followUp, number: 1, givenOn: Self.day("2025-12-09"), tenths: 455),
            EnrollmentScore(instrumentID: PromisGlobal10.id, scaleID: "mental", timepoint: .discharge, givenOn: Self.day("2026-02-01"), tenths: 480),
            // After the end of the period: not there yet.
            EnrollmentScore(instrumentID: MORS.id, scaleID: "milestone", timepoint: .followUp, number: 2, givenOn: Self.day("2026-07-01"), tenths: 60),
        ]
        let row = DeidentifiedEnrollment(Self.facts(scores: scores), studyID: "S-0123456789abcdef", through: Self.day("2026-06-30"))
        #expect(row.enrollmentYear == 2025)
        #expect(row.ageGroup == "70-74" && row.lifeStage == "older_adult")
        #expect(row.zip3 == "921")
        #expect(row.dischargeDay == 144 && row.dischargeReason == .goalsSubstantiallyMet)
        #expect(row.homelessAtIntake == true)
        let mental = ScaleKey(PromisGlobal10.id, "mental")
        #expect(row.intake[mental] == OffsetScore(tenths: 412, day: 2))
        #expect(row.latest[mental] == OffsetScore(tenths: 480, day: 144))
        #expect(row.latest[ScaleKey(MORS.id, "milestone")] == nil)

        let cells = DeidentifiedExtract.cells(row)
        let byColumn = Dictionary(uniqueKeysWithValues: zip(DeidentifiedExtract.header, cells))
        #expect(byColumn["study_id"] == "S-0123456789abcdef")
        #expect(byColumn["enrollment_year"] == "2025")
        #expect(byColumn["race"] == "asian;white")
        #expect(byColumn["populations"] == "older_adult;veteran")
        #expect(byColumn["preferred_language"] == "es")
        #expect(byColumn["housing_status"] == "unstably_housed")
        #expect(byColumn["homeless_at_intake"] == "yes")
        #expect(byColumn["services"] == "7" && byColumn["service_minutes"] == "315")
        #expect(byColumn["referrals_made"] == "3" && byColumn["referrals_linked"] == "2")
        #expect(byColumn["promis_global_10_mental_intake"] == "41.2" && byColumn["promis_global_10_mental_intake_day"] == "2")
        #expect(byColumn["promis_global_10_mental_latest"] == "48" && byColumn["promis_global_10_mental_latest_day"] == "144")
        #expect(byColumn["program_profile_homeless_intake"] == "1")
        #expect(byColumn["mors_milestone_latest"] == "")

        let line = cells.joined(separator: ",").lowercased()
        let f = Self.facts()
        for identifier in ["wilhelmina", "quarrington", "mina", "she/her", "1951", "03-09", "555", "0199", "example.org", "juniper", "92101",
                           "uptown", "ramona", "daughter", "chula", "2025-09-10", "2026-02-01", "09-10", f.person.id.text, f.episode.id.text] {
            #expect(!line.contains(identifier), "\(identifier)")
        }
    }

    @Test("a discharge after the end of the period is not there yet; no date of birth has no age group")
    func asOfThePeriodsEnd() {
        let row = DeidentifiedEnrollment(Self.facts(born: nil, discharged: "2026-08-01"), studyID: "S-1", through: Self.day("2026-06-30"))
        #expect(row.dischargeDay == nil && row.dischargeReason == nil)
        #expect(row.ageGroup == nil && row.lifeStage == nil)
        #expect(row.homelessAtIntake == nil)
        let old = DeidentifiedEnrollment(Self.facts(born: "1930-01-01"), studyID: "S-1", through: Self.day("2026-06-30"))
        #expect(old.ageGroup == "90+")
    }

    @Test("only a language code of the catalogue is written")
    func languageCode() {
        var facts = Self.facts()
        facts.person.details.preferredLanguage = "Klingon, mostly"
        #expect(DeidentifiedEnrollment(facts, studyID: "S-1", through: Self.day("2026-06-30")).preferredLanguage == nil)
    }

    @Test("the data dictionary describes every column once, with its values")
    func dictionary() {
        let header = DeidentifiedExtract.header
        #expect(Set(header).count == header.count)
        #expect(DeidentifiedExtract.dictionary.map { $0[0] } == header)
        #expect(DeidentifiedExtract.dictionary.allSatisfy { $0.count == 3 && !$0[1].isEmpty && !$0[2].isEmpty })
        let scales = InstrumentCatalog.all.reduce(0) { $0 + $1.scales.count }
        #expect(DeidentifiedExtract.scoreColumns.count == scales * 4)
        #expect(header.prefix(3) == ["study_id", "program", "enrollment_year"])
        #expect(DeidentifiedExtract.dictionaryCSV.hasPrefix(CSVWriter.byteOrderMark + "column,description,allowed_values\r\n"))
        #expect(DeidentifiedExtract.number(tenths: 0) == "0" && DeidentifiedExtract.number(tenths: -15) == "-1.5")
    }

    // MARK: - Aggregate tables

    /// An enrollment of a given life stage, gender, intake answer and discharge.
    static func enrollment(stage: Int, gender: GenderIdentity?, homeless: Bool?, discharged: Bool) -> DeidentifiedEnrollment {
        var f = facts(born: ["2015-01-01", "2005-01-01", "1980-01-01", "1950-01-01"][stage], discharged: discharged ? "2026-01-10" : nil,
                      scores: homeless.map { [EnrollmentScore(instrumentID: ProgramProfile.id, scaleID: "homeless", timepoint: .intake,
                                                              givenOn: day("2025-09-10"), tenths: $0 ? 10 : 0)] } ?? [])
        f.person.details.genderIdentity = gender
        return DeidentifiedEnrollment(f, studyID: "S-x", through: day("2026-06-30"))
    }

    /// Every row and every column with its total: none may have exactly one count held back, or the
    /// total gives it away; and no count from 1 to 10 is shown.
    static func checkSuppressed(_ tables: [EvaluatorTable]) {
        for table in tables {
            for row in table.rows {
                let line = row.cells + [row.total]
                #expect(line.filter { $0 == .suppressed }.count != 1, "\(table.id) \(row.program ?? "all")")
                #expect(!line.contains { $0.count.map(ReportSuppression.isSmall) ?? false }, "\(table.id)")
            }
            for c in table.categories.indices {
                let column = table.rows.map { $0.cells[c] }
                #expect(column.filter { $0 == .suppressed }.count != 1, "\(table.id) \(table.categories[c])")
            }
            let totals = table.rows.map(\.total)
            #expect(totals.filter { $0 == .suppressed }.count != 1, "\(table.id) totals")
        }
        // A program's total is one count in every table: held back in all of them or in none.
        for r in tables[0].rows.indices {
            #expect(Set(tables.map { $0.rows[r].total == .suppressed }).count == 1)
        }
    }

    @Test("every count from 1 to 10 is held back, and one more beside it wherever a total would give it away")
    func tablesSuppress() {
        let a = UUID(), b = UUID()
        var tally = EvaluatorTally(programs: [.init(id: a, name: "Alpha"), .init(id: b, name: "Beta")])
        // Alpha: 40 adults (25 women, 15 men), 12 older adults (women), 3 youth (no gender recorded).
        for _ in 0..<25 { tally.add(Self.enrollment(stage: 2, gender: .woman, homeless: false, discharged: false), programID: a) }
        for _ in 0..<15 { tally.add(Self.enrollment(stage: 2, gender: .man, homeless: true, discharged: true), programID: a) }
        for _ in 0..<12 { tally.add(Self.enrollment(stage: 3, gender: .woman, homeless: nil, discharged: false), programID: a) }
        for _ in 0..<3 { tally.add(Self.enrollment(stage: 0, gender: nil, homeless: false, discharged: false), programID: a) }
        // Beta: 30 transition-age youth (men).
        for _ in 0..<30 { tally.add(Self.enrollment(stage: 1, gender: .man, homeless: false, discharged: false), programID: b) }

        let raw = tally.tables(suppressed: false)
        let stage = try! #require(raw.first { $0.id == "life_stage" })
        #expect(stage.categories == ["youth", "transition_age_youth", "adult", "older_adult", "not_recorded"])
        #expect(stage.rows.map(\.program) == ["Alpha", "Beta", nil])
        #expect(stage.rows[0].cells == [.count(3), .count(0), .count(40), .count(12), .count(0)] && stage.rows[0].total == .count(55))
        #expect(stage.rows[2].total == .count(85))

        let tables = tally.tables()
        Self.checkSuppressed(tables)
        let held = try! #require(tables.first { $0.id == "life_stage" })
        // Alpha's 3 youth and the youth column's total (3) are held back; beside them Alpha's 12 older adults
        // (the smallest count above zero that opens no more lines than it completes), and the older adults'
        // total, which completes both its column and the total row. Alpha's total (55) would have completed
        // the row too, but it is in a row of every table.
        #expect(held.rows[0].cells == [.suppressed, .count(0), .count(40), .suppressed, .count(0)])
        #expect(held.rows[1].cells == [.count(0), .count(30), .count(0), .count(0), .count(0)])
        #expect(held.rows[2].cells == [.suppressed, .count(30), .count(40), .suppressed, .count(0)])
        #expect(held.rows.map(\.total) == [.count(55), .count(30), .count(85)])
        // The gender table: 3 not recorded in Alpha.
        let gender = try! #require(tables.first { $0.id == "gender_identity" })
        #expect(gender.rows[0].cells[gender.categories.firstIndex(of: "not_recorded")!] == .suppressed)
        #expect(gender.rows[1].cells[gender.categories.firstIndex(of: "man")!] == .count(30))
    }

    @Test("suppression holds on many random tallies", arguments: 0..<40)
    func randomTallies(seed: Int) {
        var state = UInt64(seed + 1) &* 6364136223846793005
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let programs = (0..<(1 + next(4))).map { EvaluatorTally.ProgramEntry(id: UUID(), name: "P\($0)") }
        var tally = EvaluatorTally(programs: programs)
        for program in programs {
            for _ in 0..<next(60) {
                tally.add(Self.enrollment(stage: next(4), gender: [.woman, .man, .nonbinary, nil][next(4)], homeless: [true, false, nil][next(3)],
                                          discharged: next(3) == 0), programID: program.id)
            }
        }
        Self.checkSuppressed(tally.tables())
        // Nothing is held back that need not be when every count is 0 or over 10.
        let raw = tally.tables(suppressed: false)
        if raw.allSatisfy({ $0.rows.allSatisfy { ($0.cells + [$0.total]).allSatisfy { !($0.count.map(ReportSuppression.isSmall) ?? false) } } }) {
            #expect(tally.tables() == raw)
        }
    }

    @Test("the tables' CSV has one line per cell, a held-back count empty")
    func tablesCSV() {
        let a = UUID()
        var tally = EvaluatorTally(programs: [.init(id: a, name: "Alpha")])
        for _ in 0..<4 { tally.add(Self.enrollment(stage: 2, gender: .woman, homeless: false, discharged: false), programID: a) }
        let rows = EvaluatorTally.csvRows(tally.tables())
        let cells = EvaluatorTally.dimensions.reduce(0) { $0 + ($1.categories.count + 1) * 2 }
        #expect(rows.count == cells)
        #expect(rows.contains(["life_stage", "Alpha", "adult", "", "yes"]))
        #expect(rows.contains(["life_stage", "", "youth", "0", "no"]))
        #expect(!rows.contains { $0[3] == "4" })
    }
}
