import Foundation

/// One score of an enrollment as the database holds it, from which the extract takes the intake and
/// the latest follow-up or discharge score.
public struct EnrollmentScore: Sendable, Equatable {
    public var instrumentID: String
    public var scaleID: String
    public var timepoint: TimepointKind
    /// A follow-up's number; 0 otherwise.
    public var number: Int
    public var givenOn: CalendarDate
    /// The T-score where the instrument converts one, else the raw score, in tenths (as stored).
    public var tenths: Int

    public init(instrumentID: String, scaleID: String, timepoint: TimepointKind, number: Int = 0, givenOn: CalendarDate, tenths: Int) {
        self.instrumentID = instrumentID
        self.scaleID = scaleID
        self.timepoint = timepoint
        self.number = number
        self.givenOn = givenOn
        self.tenths = tenths
    }
}

/// What the records say about one enrollment, identifiers and all: what `DeidentifiedEnrollment`
/// is made from. Counts are of the enrollment's own program, from its first day to its discharge or
/// the end of the period, whichever comes first.
public struct EnrollmentFacts: Sendable {
    public var person: Person
    public var episode: Episode
    public var programName: String
    /// Signed services (`ServiceCounting`) and their minutes.
    public var services: Int
    public var serviceMinutes: Int
    public var referralsMade: Int
    public var referralsLinked: Int
    /// Current administrations' scores given up to the end of the period.
    public var scores: [EnrollmentScore]

    public init(person: Person, episode: Episode, programName: String, services: Int = 0, serviceMinutes: Int = 0, referralsMade: Int = 0,
                referralsLinked: Int = 0, scores: [EnrollmentScore] = []) {
        self.person = person
        self.episode = episode
        self.programName = programName
        self.services = services
        self.serviceMinutes = serviceMinutes
        self.referralsMade = referralsMade
        self.referralsLinked = referralsLinked
        self.scores = scores
    }
}

/// A scale of an instrument, as the extract names its columns.
public struct ScaleKey: Sendable, Hashable {
    public var instrumentID: String
    public var scaleID: String

    public init(_ instrumentID: String, _ scaleID: String) {
        self.instrumentID = instrumentID
        self.scaleID = scaleID
    }

    /// `promis_global_10_mental`: the columns' stem.
    public var column: String { "\(instrumentID)_\(scaleID)".replacingOccurrences(of: "-", with: "_") }
}

/// A score and the day it was given, as days after the enrollment day.
public struct OffsetScore: Sendable, Equatable {
    public var tenths: Int
    public var day: Int

    public init(tenths: Int, day: Int) {
        self.tenths = tenths
        self.day = day
    }
}

/// One enrollment of the evaluator's extract (issue 14): Safe Harbor's 18 identifiers removed
/// (`SafeHarbor`), the person named only by a study id that cannot be reversed without the
/// organization's key, and only coded fields of the record: never a name, a date other than a year, a
/// phone number, an address, an e-mail, a record id, nor any free text.
public struct DeidentifiedEnrollment: Sendable, Equatable {
    public var studyID: String
    public var program: String
    public var enrollmentYear: Int
    public var ageGroup: String?
    public var lifeStage: String?
    public var genderIdentity: GenderIdentity?
    public var sexualOrientation: SexualOrientation?
    public var races: Set<Race>
    public var ethnicity: Ethnicity?
    public var preferredLanguage: String?
    public var populations: Set<Population>
    public var veteran: VeteranStatus?
    public var insurance: Insurance
    public var zip3: String?
    /// The housing status the record holds when the extract is made (the record keeps no history).
    public var housing: HousingStatus
    /// The program intake's answer to "are you homeless right now?"; nil when not asked.
    public var homelessAtIntake: Bool?
    /// Days from enrollment to discharge, when discharged by the end of the period.
    public var dischargeDay: Int?
    public var dischargeReason: DischargeReason?
    public var services: Int
    public var serviceMinutes: Int
    public var referralsMade: Int
    public var referralsLinked: Int
    public var intake: [ScaleKey: OffsetScore]
    public var latest: [ScaleKey: OffsetScore]

    /// The enrollment of `facts` de-identified, as of `through` (the period's last day): a discharge or a
    /// score after it is not there yet.
    public init(_ facts: EnrollmentFacts, studyID: String, through: CalendarDate) {
        let person = facts.person, details = person.details, episode = facts.episode
        let enrolled = episode.enrolledOn
        self.studyID = studyID
        program = facts.programName
        enrollmentYear = SafeHarbor.year(enrolled)
        ageGroup = SafeHarbor.ageGroup(born: person.dateOfBirth, on: enrolled)
        lifeStage = SafeHarbor.lifeStage(born: person.dateOfBirth, on: enrolled)
        genderIdentity = details.genderIdentity
        sexualOrientation = details.sexualOrientation
        races = details.races
        ethnicity = details.ethnicity
        // Only a code of the catalogue: anything else a record holds may be free text.
        preferredLanguage = LanguageCatalog.isValid(details.preferredLanguage) ? details.preferredLanguage : nil
        populations = details.populations
        veteran = details.veteran
        insurance = details.insurance
        zip3 = SafeHarbor.zip(of: details).flatMap(SafeHarbor.zip3)
        housing = details.housing
        if let off = episode.dischargedOn, off <= through {
            dischargeDay = SafeHarbor.dayOffset(off, from: enrolled)
            dischargeReason = episode.dischargeReason
        }
        services = facts.services
        serviceMinutes = facts.serviceMinutes
        referralsMade = facts.referralsMade
        referralsLinked = facts.referralsLinked
        (intake, latest) = Self.pick(facts.scores.filter { $0.givenOn <= through }, enrolledOn: enrolled)
        homelessAtIntake = intake[ScaleKey(ProgramProfile.id, "homeless")].map { $0.tenths > 0 }
    }

    /// Per scale: the intake score (the first, should there be several), and the latest follow-up or
    /// discharge score (by day, then follow-up number), as the program report pairs them.
    static func pick(_ scores: [EnrollmentScore], enrolledOn: CalendarDate) -> (intake: [ScaleKey: OffsetScore], latest: [ScaleKey: OffsetScore]) {
        var intake: [ScaleKey: EnrollmentScore] = [:], latest: [ScaleKey: EnrollmentScore] = [:]
        for score in scores {
            let key = ScaleKey(score.instrumentID, score.scaleID)
            if score.timepoint == .intake {
                if let seen = intake[key], (seen.givenOn, seen.tenths) <= (score.givenOn, score.tenths) { continue }
                intake[key] = score
            } else {
                if let seen = latest[key], (seen.givenOn, seen.number) >= (score.givenOn, score.number) { continue }
                latest[key] = score
            }
        }
        func offset(_ s: EnrollmentScore) -> OffsetScore { OffsetScore(tenths: s.tenths, day: SafeHarbor.dayOffset(s.givenOn, from: enrolledOn)) }
        return (intake.mapValues(offset), latest.mapValues(offset))
    }
}

/// The extract's columns, each defined once with what it holds, so the CSV and its data dictionary
/// cannot drift apart.
public enum DeidentifiedExtract {
    public struct Column: Sendable {
        public let name: String
        public let description: String
        public let allowedValues: String
        let value: @Sendable (DeidentifiedEnrollment) -> String
    }

    /// What "not recorded" is written as: an empty cell.
    static let notRecorded = "empty: not recorded"

    static func codes<T: CaseIterable & RawRepresentable>(_ type: T.Type, empty: String? = notRecorded) -> String where T.RawValue == String {
        (type.allCases.map(\.rawValue) + (empty.map { [$0] } ?? [])).joined(separator: "; ")
    }

    /// Several codes of one list in one cell, in the list's order, separated by ";".
    static func joined<T: CaseIterable & RawRepresentable & Hashable>(_ set: Set<T>) -> String where T.RawValue == String {
        T.allCases.filter(set.contains).map(\.rawValue).joined(separator: ";")
    }

    /// A score in tenths as a number: "52.3", "4".
    public static func number(tenths: Int) -> String {
        let sign = tenths < 0 ? "-" : "", magnitude = abs(tenths)
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    static func column(_ name: String, _ description: String, _ allowed: String, _ value: @escaping @Sendable (DeidentifiedEnrollment) -> String) -> Column {
        Column(name: name, description: description, allowedValues: allowed, value: value)
    }

    public static let enrollmentColumns: [Column] = [
        column("study_id", "The person, as a study id: the same for every enrollment of the person and in every extract of the organization, different in another organization's; it cannot be traced back to the person without the organization's key, which is kept by Peerway and never given out.",
               "S- followed by 16 hexadecimal characters") { $0.studyID },
        column("program", "The program of the enrollment.", "a program's name") { $0.program },
        column("enrollment_year", "The year the enrollment began (the day and month are not given).", "a four-digit year") { String($0.enrollmentYear) },
        column("age_group", "Age at enrollment, in 5-year groups; every age over 89 is in 90+.",
               (SafeHarbor.ageGroups + ["empty: no date of birth recorded"]).joined(separator: "; ")) { $0.ageGroup ?? "" },
        column("life_stage", "Age at enrollment as California's prevention programs report it: youth 0-15, transition-age youth 16-25, adult 26-59, older adult 60 and over.",
               (SafeHarbor.lifeStages + ["empty: no date of birth recorded"]).joined(separator: "; ")) { $0.lifeStage ?? "" },
        column("gender_identity", "Gender identity as the record holds it.", codes(GenderIdentity.self)) { $0.genderIdentity?.rawValue ?? "" },
        column("sexual_orientation", "Sexual orientation as the record holds it.", codes(SexualOrientation.self)) { $0.sexualOrientation?.rawValue ?? "" },
        column("race", "Race as the record holds it; several are separated by a semicolon.", codes(Race.self)) { joined($0.races) },
        column("ethnicity", "Ethnicity as the record holds it.", codes(Ethnicity.self)) { $0.ethnicity?.rawValue ?? "" },
        column("preferred_language", "Preferred language as the record holds it.", "an ISO 639-1 or 639-3 code (en, es, vi, ase, ...); empty: not recorded") {
            $0.preferredLanguage ?? ""
        },
        column("populations", "Populations the person belongs to, as the record holds them; several are separated by a semicolon.",
               codes(Population.self, empty: "empty: none recorded")) { joined($0.populations) },
        column("veteran", "Veteran status as the record holds it.", codes(VeteranStatus.self)) { $0.veteran?.rawValue ?? "" },
        column("insurance", "Health coverage as the record holds it.", codes(Insurance.self, empty: nil)) { $0.insurance.rawValue },
        column("zip3", "The first three digits of the ZIP code the person's address ends with (or their region, when written as a ZIP code); 000 where the three-digit area has 20,000 people or fewer.",
               "three digits; 000: a small area; empty: no ZIP code recorded") { $0.zip3 ?? "" },
        column("housing_status", "Housing status as the record holds it when the extract is made (the record keeps no history of it).",
               codes(HousingStatus.self, empty: nil)) { $0.housing.rawValue },
        column("homeless_at_intake", "The program intake's answer to \"Are you homeless right now?\".", "yes; no; empty: not asked at intake") {
            $0.homelessAtIntake.map { $0 ? "yes" : "no" } ?? ""
        },
        column("discharge_day", "Days from the enrollment day to the discharge day, when discharged by the end of the period.",
               "a whole number of days, 0 or more; empty: still enrolled at the end of the period") { $0.dischargeDay.map(String.init) ?? "" },
        column("discharge_reason", "Why the enrollment ended, when discharged by the end of the period.",
               codes(DischargeReason.self, empty: "empty: still enrolled at the end of the period")) { $0.dischargeReason?.rawValue ?? "" },
        column("services", "Signed services to the person in the enrollment's program, from the enrollment day to its discharge or the end of the period (drafts are not counted; a group counts once per person).",
               "a whole number, 0 or more") { String($0.services) },
        column("service_minutes", "The minutes of those services.", "a whole number, 0 or more") { String($0.serviceMinutes) },
        column("referrals_made", "Referrals made for the person in the enrollment's program over the same days.", "a whole number, 0 or more") {
            String($0.referralsMade)
        },
        column("referrals_linked", "Of those referrals, the ones that ended in a successful linkage.", "a whole number, 0 or more") { String($0.referralsLinked) },
    ]

    /// Four columns per scale of every instrument Peerway ships: the intake score and its day, the
    /// latest follow-up or discharge score and its day.
    public static let scoreColumns: [Column] = InstrumentCatalog.all.flatMap { instrument in
        instrument.scales.flatMap { scale -> [Column] in
            let key = ScaleKey(instrument.id, scale.id), name = "\(instrument.name.en): \(scale.name.en)"
            let kind = scale.conversion != nil ? "T-score" : "score"
            let days = "a whole number of days, 0 or more; empty: no score"
            return [
                column("\(key.column)_intake", "\(name): the \(kind) at intake.", "a number; empty: no score") { row in
                    row.intake[key].map { number(tenths: $0.tenths) } ?? ""
                },
                column("\(key.column)_intake_day", "\(name): days from the enrollment day to the intake.", days) { row in
                    row.intake[key].map { String($0.day) } ?? ""
                },
                column("\(key.column)_latest", "\(name): the \(kind) at the latest follow-up or discharge up to the end of the period.",
                       "a number; empty: no score") { row in row.latest[key].map { number(tenths: $0.tenths) } ?? "" },
                column("\(key.column)_latest_day", "\(name): days from the enrollment day to that follow-up or discharge.", days) { row in
                    row.latest[key].map { String($0.day) } ?? ""
                },
            ]
        }
    }

    public static let columns: [Column] = enrollmentColumns + scoreColumns

    public static var header: [String] { columns.map(\.name) }

    public static func cells(_ row: DeidentifiedEnrollment) -> [String] { columns.map { $0.value(row) } }

    /// The data dictionary, as its CSV's rows.
    public static let dictionaryHeader = ["column", "description", "allowed_values"]

    public static var dictionary: [[String]] { columns.map { [$0.name, $0.description, $0.allowedValues] } }

    /// The whole data dictionary as CSV (`CSVWriter`).
    public static var dictionaryCSV: String {
        var writer = CSVWriter(header: dictionaryHeader)
        for row in dictionary { writer.append(row) }
        return writer.text
    }
}
