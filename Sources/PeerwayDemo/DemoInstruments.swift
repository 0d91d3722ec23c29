import Foundation
import PeerwayCore
import PeerwayStore
import SQLKit

/// The outcome instruments of the demo data: each program's schedule, and the administrations given to
/// the people enrolled, as a program following that schedule would have recorded them.
///
/// - Every instrument is given at intake and at discharge. Between them the peer rates MORS every two
///   weeks (its authors ask for quarterly at least, monthly in their own programs, and more often the
///   smaller the caseload: a rating costs the person nothing); the symptom areas, a self-report, come
///   monthly; PROMIS Global-10 and the program's own questions every 90 days, or monthly in a
///   time-limited program, whose six months would otherwise hold one follow-up (none in a short stay).
///   BARC-10 goes to a program whose name says substance use, or else to one recovery program, on
///   PROMIS's cycle.
/// - The instruments are given at check-ins, the first on or shortly after enrollment (the intake),
///   then about as often as the program's shortest interval while the episode is open (up to today):
///   at each, the instruments whose interval has come round since they were last given (within the
///   week the due list shows them early). Most discharges have their administrations (rarely when the
///   person could not be reached). Now and then a check-in is late or missed, or one instrument is
///   left out; a few open episodes have no intake yet, so the due lists have lines (two of them on the
///   named demo peer's caseload, enrolled at least a week ago: they have no plans either).
///   That is about 26 administrations an episode: at 100,000 participants, some 300,000
///   (docs/benchmarks.md has the counts measured).
/// - Answers follow each person's latent course: where they stand at intake, and a trend (most improve
///   modestly, some stay flat, some get worse), each answer drawn around it. On average PROMIS Global
///   Mental Health rises a few T-score points by follow-up, MORS moves up about a milestone for many,
///   homelessness falls from about a third at intake, and so does feeling depressed often or always;
///   housing, primary care and knowing where to find help change at rates per 90 days, so how often
///   they are asked does not change how fast they move. About 3% of PROMIS administrations miss one
///   item, so that scale is not computed.
/// - Scores are computed by Core (`AdministrationRules.validate`, which also checks every draft as the
///   workflow would): nothing here is a score typed in.
///
/// It reads what the journey wrote (episodes, pairings, people), so it depends on no other generator's
/// internals, and draws from its own generator: adding it left the rest of a seed's data unchanged.
/// Rows go through `InstrumentRecords.insert`, `batchSize` administrations per transaction with one
/// audit event each (in the organization's chain).
struct DemoInstruments {
    static let batchSize = 20_000
    /// Open episodes of the named demo peer left without an intake: lines on their due list.
    static let namedIntakesDue = 2
    /// How long before today those episodes began, at least.
    static let namedLeftMinimumDays = 7
    /// Words in a program's name that say it serves substance use (and so gives BARC-10).
    static let substanceWords = ["substance", "sober", "sobriety", "addiction", "alcohol", "drug", "sud", "recovery"]

    let seed: UInt64
    let now: Date
    let zone: TimeZone
    let programs: [Program]
    let namedPeer: UUID?

    struct Made { var administrations = 0, schedules = 0 }

    /// The named peer's open episodes left without an intake (and, by `DemoPlans`, without plans): the
    /// `namedIntakesDue` enrolled last among those enrolled at least `namedLeftMinimumDays` before today, so
    /// that an intake can be dated on enrollment and a follow-up today. Chosen from the dates alone, after
    /// the draws, so which they are changes nothing else.
    static func namedLeftWithoutIntake(_ subjects: [Subject], namedPeer: UUID?, today: CalendarDate) -> Set<UUID> {
        guard let namedPeer else { return [] }
        let latest = today.adding(days: -namedLeftMinimumDays)
        let open = subjects.filter { $0.episode.isOpen && $0.pairings.last?.peerID == namedPeer && $0.episode.enrolledOn <= latest }
        return Set(open.sorted { ($0.episode.enrolledOn, $0.episode.id.uuidString) > ($1.episode.enrolledOn, $1.episode.id.uuidString) }
            .prefix(namedIntakesDue).map(\.episode.id))
    }

    /// Days between the peer's MORS ratings, and between the symptom areas' self-reports.
    static let morsEveryDays = 14
    static let symptomsEveryDays = 30

    /// Days between PROMIS (and the program's questions, and BARC-10) in `program`: monthly in a
    /// time-limited program, every 90 days in a long-term one.
    static func fullEveryDays(_ program: Program) -> Int { program.model == .timeLimited ? 30 : 90 }

    /// Each program's rules.
    func schedules() -> [UUID: [InstrumentScheduleRule]] {
        let barcProgram = Self.barcProgram(programs)
        var out: [UUID: [InstrumentScheduleRule]] = [:]
        for program in programs {
            let full = Self.fullEveryDays(program)
            var rules = [
                InstrumentScheduleRule(instrumentID: PromisGlobal10.id, atIntake: true, everyDays: full, atDischarge: true),
                InstrumentScheduleRule(instrumentID: ProgramProfile.id, atIntake: true, everyDays: full, atDischarge: true),
                InstrumentScheduleRule(instrumentID: MORS.id, atIntake: true, everyDays: Self.morsEveryDays, atDischarge: true),
                InstrumentScheduleRule(instrumentID: SymptomAreas.id, atIntake: true, everyDays: Self.symptomsEveryDays, atDischarge: true),
            ]
            if program.id == barcProgram?.id {
                rules.append(InstrumentScheduleRule(instrumentID: BARC10.id, atIntake: true, everyDays: full, atDischarge: true))
            }
            out[program.id] = rules
        }
        return out
    }

    /// The program whose name says substance use; else one whose description speaks of recovery; else the first.
    static func barcProgram(_ programs: [Program]) -> Program? {
        func words(_ text: String) -> [String] { text.lowercased().split { !$0.isLetter }.map(String.init) }
        return programs.first { !Set(words($0.name)).isDisjoint(with: substanceWords) }
            ?? programs.first { words($0.description).contains { $0.hasPrefix("recovery") } }
            ?? programs.first
    }

    /// An enrolled episode as this generator needs it.
    struct Subject {
        var episode: Episode
        var organizationID: UUID
        var person: Person?
        var pairings: [Assignment]

        /// The peer paired with the person on `day` (the first pairing before it began, the last after it ended).
        func peer(on day: Date) -> UUID? {
            pairings.last { $0.startedAt <= day }?.peerID ?? pairings.first?.peerID
        }
    }

    func generate(into db: Database, audit: AuditLog) async throws -> Made {
        let subjects = try await load(db)
        let rules = schedules()
        var rng = SeededGenerator(seed: seed ^ 0x696E_7374_7275_6D73)
        let context = AuditContext(requestID: "demo-seed-\(seed)", clientAddress: "cli", actorLabel: "cli:demo")
        let today = CalendarDate(now, in: zone)
        let at = now
        let seed = self.seed
        var made = Made()
        let builder = Builder(now: now, zone: zone, today: today, calendar: .gregorian(in: zone))

        let namedSkipped = Self.namedLeftWithoutIntake(subjects, namedPeer: namedPeer, today: today)

        let organizations = programs.map(\.organizationID).reduce(into: [UUID]()) { if !$0.contains($1) { $0.append($1) } }
        for organizationID in organizations {
            let mine = programs.filter { $0.organizationID == organizationID }
            var pendingSchedules = mine.flatMap { program in (rules[program.id] ?? []).map { (program.id, $0) } }
            var pending: [InstrumentAdministration] = []
            func commit() async throws {
                let rows = pending
                let scheduleRows = pendingSchedules
                pending.removeAll(keepingCapacity: true)
                pendingSchedules = []
                guard !rows.isEmpty || !scheduleRows.isEmpty else { return }
                var detail = "demo data (seed \(seed)): \(rows.count) instrument administrations"
                if !scheduleRows.isEmpty { detail += ", the instrument schedules of \(Set(scheduleRows.map(\.0)).count) programs" }
                try await db.write { conn in
                    if conn.dialect == .sqlite, rows.count > 1000 {
                        try await conn.sql.raw("PRAGMA cache_size = -\(unsafeRaw: String(DemoServices.loadCacheKiB))").run()
                    }
                    for (programID, rule) in scheduleRows {
                        try await InstrumentScheduleRecords.set(rule, programID: programID, by: nil, now: at, on: conn)
                    }
                    try await InstrumentRecords.insert(rows, on: conn)
                    try await audit.append(context, .recordCreated, resourceType: .demoBatch, organizationID: organizationID, detail: detail,
                                           on: conn)
                }
                made.administrations += rows.count
                made.schedules += scheduleRows.count
            }
            for subject in subjects where subject.organizationID == organizationID {
                let skip = namedSkipped.contains(subject.episode.id)
                let named = namedPeer != nil && subject.pairings.last?.peerID == namedPeer
                pending += try builder.administrations(of: subject, rules: rules[subject.episode.programID] ?? [], skipIntake: skip,
                                                       mayLackIntake: !named, &rng)
                if pending.count >= Self.batchSize { try await commit() }
            }
            try await commit()
        }
        if db.dialect == .sqlite, made.administrations > 1000 {
            try await db.write { conn in try await conn.sql.raw("PRAGMA cache_size = -2000").run() }
        }
        return made
    }

    /// Every episode with its person and pairings, in an order that is the same on both engines:
    /// program by program as the generator made them, then by enrollment.
    func load(_ db: Database) async throws -> [Subject] {
        let order = Dictionary(uniqueKeysWithValues: programs.enumerated().map { ($1.id, $0) })
        var subjects = try await db.read { conn in
            try await conn.sql.raw("""
                SELECT id, person_id, program_id, organization_id, enrolled_on, discharged_on, discharge_reason FROM episodes
                """).all().map { row -> Subject in
                let enrolled = try row.decode(column: "enrolled_on", as: String.self)
                var episode = Episode(id: try row.decode(column: "id", as: UUID.self), participantID: try row.decode(column: "person_id", as: UUID.self),
                                      programID: try row.decode(column: "program_id", as: UUID.self),
                                      enrolledOn: CalendarDate(enrolled) ?? CalendarDate(now, in: zone), plannedEndOn: nil,
                                      dischargedOn: try row.decode(column: "discharged_on", as: String?.self).flatMap(CalendarDate.init),
                                      dischargeReason: try row.decode(column: "discharge_reason", as: String?.self).flatMap(DischargeReason.init))
                let organizationID = try row.decode(column: "organization_id", as: UUID.self)
                episode.organizationID = organizationID
                return Subject(episode: episode, organizationID: organizationID, person: nil, pairings: [])
            }
        }
        subjects = subjects.filter { order[$0.episode.programID] != nil }.sorted {
            (order[$0.episode.programID]!, $0.episode.enrolledOn, $0.episode.id.uuidString)
                < (order[$1.episode.programID]!, $1.episode.enrolledOn, $1.episode.id.uuidString)
        }
        var people: [UUID: Person] = [:]
        var pairings: [UUID: [Assignment]] = [:]
        for start in stride(from: 0, to: subjects.count, by: 1000) {
            let slice = subjects[start..<min(start + 1000, subjects.count)]
            try await db.read { conn in
                for (id, person) in try await PersonRecords.get(ids: slice.map(\.episode.participantID), on: conn) { people[id] = person }
                for a in try await AssignmentRecords.forEpisodes(slice.map(\.episode.id), on: conn) { pairings[a.episodeID, default: []].append(a) }
            }
        }
        for i in subjects.indices {
            subjects[i].person = people[subjects[i].episode.participantID]
            subjects[i].pairings = (pairings[subjects[i].episode.id] ?? []).sorted { ($0.startedAt, $0.id.uuidString) < ($1.startedAt, $1.id.uuidString) }
        }
        return subjects
    }
}

// MARK: - One episode's administrations

extension DemoInstruments {
    /// Where a person stands, on a scale centred near the population's average (0) in its standard
    /// deviations, and how that moves: `mental` and `physical` at intake, and `trend` per 90 days,
    /// for up to `plateau` periods.
    struct Course {
        var mental: Double
        var physical: Double
        var trend: Double
        var usesSubstances: Bool
        static let plateau = 2.5

        /// The latent mental state `days` after intake.
        func mental(after days: Int) -> Double { mental + trend * min(Double(days) / 90, Self.plateau) }
        func physical(after days: Int) -> Double { physical + 0.35 * trend * min(Double(days) / 90, Self.plateau) }
    }

    struct Visit {
        var kind: TimepointKind
        var day: CalendarDate
    }

    struct Builder {
        let now: Date
        let zone: TimeZone
        let today: CalendarDate
        let calendar: Calendar

        /// What one episode was given, validated and scored by Core in date order. `mayLackIntake` is false
        /// on the named peer's caseload, whose episodes without an intake are the ones chosen for it.
        func administrations(of subject: Subject, rules: [InstrumentScheduleRule], skipIntake: Bool, mayLackIntake: Bool,
                                      _ rng: inout SeededGenerator) throws -> [InstrumentAdministration] {
            // Draws first, whatever the dates: the same seed makes the same choices on any day.
            let episode = subject.episode
            let details = subject.person?.details ?? PersonDetails()
            let roll = rng.double()
            let trend: Double = roll < 0.62 ? 0.22 + 0.4 * rng.double()       // most improve modestly
                : roll < 0.86 ? normal(&rng) * 0.06                               // some stay where they are
                : -(0.12 + 0.3 * rng.double())                                    // some get worse
            var course = Course(mental: 0.1 + 0.75 * normal(&rng), physical: 0.0 + 0.8 * normal(&rng), trend: trend,
                                usesSubstances: details.livedExperienceSought.contains(.substanceUse) || rng.chance(0.2))
            course.physical += 0.2 * course.mental
            let noIntakeYet = rng.chance(0.025)
            let delayRoll = rng.double()
            let delay = delayRoll < 0.65 ? 0 : delayRoll < 0.9 ? rng.int(1...7) : rng.int(8...21)
            let language = details.preferredLanguage == "es" ? "es" : "en"
            guard !rules.isEmpty, !skipIntake else { return [] }

            // The check-ins: the intake, then one about every `every` days (the schedule's shortest interval).
            let end = episode.dischargedOn ?? today
            var intakeDay = episode.enrolledOn.adding(days: delay)
            if intakeDay > end {
                // Not given yet (an open episode: the due list shows it), or given on the day of a short stay's end.
                guard episode.dischargedOn != nil else { return [] }
                intakeDay = end
            }
            if episode.isOpen && noIntakeYet && mayLackIntake { return [] }
            var visits = [Visit(kind: .intake, day: intakeDay)]
            // Someone who could not be reached had no follow-up in the month before discharge.
            let lastFollowUp = episode.dischargeReason == .unableToContact ? end.adding(days: -30) : end
            if let every = rules.compactMap(\.everyDays).min() {
                var next = intakeDay.adding(days: every + followUpSlack(every: every, &rng))
                while episode.dischargedOn == nil ? next <= lastFollowUp : next < lastFollowUp {
                    if rng.chance(0.05) {
                        // Missed: the next try a third to two thirds of an interval later.
                        next = next.adding(days: rng.int((every / 3)...(every * 2 / 3)))
                        continue
                    }
                    visits.append(Visit(kind: .followUp, day: next))
                    next = next.adding(days: every + followUpSlack(every: every, &rng))
                }
            }
            if let discharged = episode.dischargedOn, rng.chance(DemoInstruments.dischargeShare(episode.dischargeReason)) {
                let day = max(discharged.adding(days: -rng.int(0...3)), visits.last!.day)
                visits.append(Visit(kind: .discharge, day: day))
            }

            var homeless = DemoInstruments.homelessAtIntake(details.housing, &rng)
            var hasPrimaryCare = rng.chance(0.55 + 0.1 * course.mental)
            var knowsWhereHelp = rng.chance(0.5)
            var out: [InstrumentAdministration] = []
            var given: [String: [InstrumentAdministration]] = [:]
            for (index, visit) in visits.enumerated() {
                let days = intakeDay.days(until: visit.day)
                let mental = course.mental(after: days) + 0.2 * normal(&rng)
                let physical = course.physical(after: days) + 0.2 * normal(&rng)
                if index > 0 {
                    // Chances per 90 days, turned into the chance over the days since the last check-in.
                    let periods = Double(visits[index - 1].day.days(until: visit.day)) / 90
                    func over(_ per90: Double) -> Double { 1 - pow(1 - per90, periods) }
                    let improving = course.trend > 0.1
                    homeless = homeless ? !rng.chance(over(improving ? 0.4 : 0.18)) : rng.chance(over(course.trend < -0.1 ? 0.08 : 0.02))
                    if !hasPrimaryCare { hasPrimaryCare = rng.chance(over(improving ? 0.35 : 0.15)) }
                    if !knowsWhereHelp { knowsWhereHelp = rng.chance(over(0.45)) }
                }
                let state = State(mental: mental, physical: physical, periods: min(Double(days) / 90, Course.plateau), trend: course.trend,
                                  usesSubstances: course.usesSubstances, homeless: homeless, hasPrimaryCare: hasPrimaryCare,
                                  knowsWhereHelp: knowsWhereHelp)
                let instant = self.instant(visit.day, &rng)
                let givenBy = subject.peer(on: instant) ?? subject.pairings.first?.assignedBy
                for rule in rules {
                    guard let instrument = InstrumentCatalog.instrument(rule.instrumentID), let givenBy else { continue }
                    let mine = given[instrument.id] ?? []
                    switch visit.kind {
                    case .intake: guard rule.atIntake else { continue }
                    case .followUp:
                        // Given once its interval has come round since it was last given, counting the week the due list shows it early.
                        guard let every = rule.everyDays,
                              (mine.last?.givenOn ?? episode.enrolledOn).adding(days: every) <= visit.day.adding(days: InstrumentSchedule.noticeDays),
                              !rng.chance(0.03) else { continue }
                    case .discharge: guard rule.atDischarge else { continue }
                    }
                    var responses = answers(instrument.id, state, visit.kind, &rng)
                    let missing = instrument.id == PromisGlobal10.id ? 0.03 : instrument.id == MORS.id ? 0 : 0.02
                    if rng.chance(missing), responses.count > 1 {
                        let left: String = rng.pick(responses.keys.sorted())
                        responses[left] = nil
                    }
                    let respondent: Respondent = instrument.id == MORS.id ? .staffRated : .selfReport
                    let draft = AdministrationDraft(instrumentID: instrument.id, timepoint: visit.kind, givenOn: visit.day, respondent: respondent,
                                                    language: language, responses: responses)
                    let accepted = try AdministrationRules.validate(draft, instrument: instrument, episode: episode, current: mine, today: today)
                    let administration = InstrumentAdministration(
                        id: rng.uuid(), organizationID: subject.organizationID, programID: episode.programID, personID: episode.participantID,
                        episodeID: episode.id, instrumentID: instrument.id, instrumentVersion: instrument.version, timepoint: accepted.timepoint,
                        givenOn: visit.day, respondent: respondent, language: language, givenBy: givenBy, responses: responses,
                        scores: accepted.scores, recordedAt: instant)
                    out.append(administration)
                    given[instrument.id, default: []].append(administration)
                }
            }
            return out
        }

        /// How much later than `every` days a check-in falls, in proportion to the interval: after 90 days,
        /// mostly within two weeks, a few a week early (after 14 days, mostly within three days).
        func followUpSlack(every: Int, _ rng: inout SeededGenerator) -> Int {
            let week = max(1, every * 7 / 90), weeks = max(week + 1, every * 21 / 90), half = max(weeks + 1, every / 2)
            let range = rng.weighted([(-week...(-1), 10), (0...week, 55), ((week + 1)...weeks, 30), ((weeks + 1)...half, 5)])
            return rng.int(range)
        }

        /// Midday-ish on `day` in the county's zone, recorded the same day or a day or two later, never after now.
        func instant(_ day: CalendarDate, _ rng: inout SeededGenerator) -> Date {
            let lag = rng.weighted([(0, 80), (1, 15), (2, 5)])
            let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: rng.int(9...17),
                                                          minute: rng.int(0...59)))!.addingTimeInterval(TimeInterval(lag * 86_400))
            return min(date, now).rounded(to: 1)
        }
    }

    /// How often a discharge comes with its administration: rarely when the person could not be reached.
    static func dischargeShare(_ reason: DischargeReason?) -> Double {
        switch reason {
        case .goalsSubstantiallyMet: 0.9
        case .noLongerWishesServices, .moved, .other, nil: 0.6
        case .higherLevelOfCare: 0.5
        case .incarcerated: 0.2
        case .unableToContact: 0.1
        case .deceased: 0
        }
    }

    /// Homeless at intake, as the person's housing at their first contact says (about three in ten).
    static func homelessAtIntake(_ housing: HousingStatus, _ rng: inout SeededGenerator) -> Bool {
        let p: Double = switch housing {
        case .homelessSheltered, .homelessUnsheltered: 0.95
        case .unstablyHoused: 0.35
        case .unknown: 0.3
        default: 0.04
        }
        return Double.random(in: 0..<1, using: &rng) < p
    }
}

// MARK: - Answers

extension DemoInstruments {
    /// A person on the day of a visit.
    struct State {
        var mental: Double
        var physical: Double
        /// 90-day periods since intake (up to the plateau).
        var periods: Double
        var trend: Double
        var usesSubstances: Bool
        var homeless: Bool
        var hasPrimaryCare: Bool
        var knowsWhereHelp: Bool
    }
}

extension DemoInstruments.Builder {
    /// One instrument's answers for a person in `state`: each item drawn around where the person
    /// stands, rounded to one of its options.
    func answers(_ instrumentID: String, _ s: DemoInstruments.State, _ kind: TimepointKind,
                          _ rng: inout SeededGenerator) -> [String: Int] {
        func item(_ center: Double, _ lo: Int, _ hi: Int, spread: Double = 0.65) -> Int {
            min(hi, max(lo, Int((center + spread * normal(&rng)).rounded())))
        }
        let m = s.mental, p = s.physical
        switch instrumentID {
        case PromisGlobal10.id:
            return [
                "global01": item(2.75 + 0.5 * m + 0.45 * p, 1, 5),
                "global02": item(2.85 + 0.9 * m, 1, 5),
                "global03": item(2.95 + 0.9 * p, 1, 5),
                "global04": item(2.7 + 1.0 * m, 1, 5),
                "global05": item(2.7 + 0.9 * m, 1, 5),
                "global09r": item(2.9 + 0.7 * m + 0.3 * p, 1, 5),
                "global06": item(3.8 + 0.8 * p, 1, 5),
                "global10r": item(2.6 + 0.9 * m, 1, 5),
                "global08r": item(3.0 + 0.6 * p + 0.3 * m, 1, 5),
                "global07r": item(3.6 - 2.0 * p, 0, 10, spread: 1.6),
            ]
        case MORS.id:
            return ["milestone": item(4.5 + 1.6 * m, 1, 8, spread: 0.55)]
        case BARC10.id:
            var out: [String: Int] = [:]
            for (i, id) in BARC10.itemIDs.enumerated() {
                // "Other things matter more than using" and "a life without using" follow use most.
                let use = (i == 0 || i == 5) && s.usesSubstances ? -0.4 : 0
                out[id] = item(4.0 + 0.85 * m + use, 1, 6, spread: 0.75)
            }
            return out
        case SymptomAreas.id:
            let suicidal = -0.7 - 0.8 * m + 0.8 * normal(&rng)
            return [
                "anxiety": item(3.2 - 0.9 * m, 1, 5),
                "depression": item(3.15 - 1.0 * m, 1, 5),
                "suicidality": suicidal < 0.5 ? 1 : min(5, max(2, Int((suicidal + 1.5).rounded()))),
                "anger": item(2.6 - 0.7 * m, 1, 5),
                "memory": item(2.9 - 0.6 * m, 1, 5),
                "sleep": item(3.1 - 0.7 * m - 0.2 * p, 1, 5),
                "isolation": item(3.2 - 0.9 * m, 1, 5),
                "substance": s.usesSubstances ? item(2.9 - 0.6 * m, 1, 5) : item(1.3 - 0.2 * m, 1, 5, spread: 0.45),
            ]
        case ProgramProfile.id:
            var out = [
                "homeless": s.homeless ? 1 : 0,
                "depressed": item(3.4 - 1.0 * m, 1, 5),
                "quality_of_life": item(2.6 + 0.9 * m, 1, 5),
                "substance_use": s.usesSubstances ? item(2.9 - 0.6 * m, 1, 5) : item(1.3 - 0.2 * m, 1, 5, spread: 0.45),
                "has_primary_care": s.hasPrimaryCare ? 1 : 0,
                "seen_primary_care": rng.chance(s.hasPrimaryCare ? 0.8 : 0.2) ? 1 : 0,
                "comfort_seeking_help": item(3.0 + 0.6 * m + 0.15 * s.periods, 1, 5),
                "knows_where_help": s.knowsWhereHelp ? 1 : 0,
            ]
            if kind != .intake {
                out["satisfaction"] = item(4.15 + 0.5 * s.trend + 0.15 * m, 1, 5, spread: 0.8)
            }
            return out
        default:
            return [:]
        }
    }

    /// A standard normal draw (Box–Muller).
    func normal(_ rng: inout SeededGenerator) -> Double {
        let u = max(Double.random(in: 0..<1, using: &rng), 1e-12)
        let v = Double.random(in: 0..<1, using: &rng)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}
