import Foundation
import PeerwayCore
import PeerwayStore
import SQLKit

/// The services of the demo data: what the peers did with and for the people in the journey.
///
/// - Every enrolled participant's episode gets services from the peer paired with them on each day,
///   between enrollment and discharge (or today), spread over the episode: about six a year in Next
///   Steps, most of them in the first weeks after the hospital; weekly or so in the other programs.
/// - About one in four people who were contacted but never enrolled got one service (an assessment or
///   navigation) from whoever logged the contact, on the day of that contact.
/// - The type mix follows Next Steps (navigation 35%, peer counseling 16%, assessment 15%, substance use
///   counseling 15%, the other types 19%), the modality mostly in person, then phone, text, a little video.
/// - Recent notes are sometimes still drafts; a few were written more than a day late; Next Steps
///   requires a supervisor's co-signature, and its most recent signed notes wait for one.
/// - Peers with enough people on their caseload run a few groups (one service row per attendee); peers
///   record outreach and community education events with the number of people reached.
///
/// `target` sets the total number of services: episodes get more (or fewer) services, in proportion to
/// their length and their program's pace, until the total is reached. Everything is drawn from its own
/// generator, so adding services left the rest of a seed's data unchanged. Rows go in multi-row
/// INSERTs, `batchSize` services per transaction with one audit event each: with random ids, each
/// transaction rewrites pages all over the indexes, so fewer, larger ones write far less.
struct DemoServices {
    static let batchSize = 25_000
    /// SQLite's page cache for the writing connection while services load (KiB, as `PRAGMA cache_size`
    /// takes it): a transaction's pages of the tables' indexes stay in memory instead of spilling, and
    /// the few connections of a server go back to SQLite's default of 2 MB afterwards.
    static let loadCacheKiB = 512 * 1024
    static let cosignedProgram = "Next Steps"
    /// The named demo peer's notes left waiting for the demo supervisor's co-signature, at most.
    static let namedPendingCosignatures = 5

    struct Totals: Sendable { var services = 0, groupSessions = 0, outreachEvents = 0 }

    /// What one transaction writes, parents first.
    struct Rows: Sendable {
        var groups: [GroupSession] = []
        var services: [PeerService] = []
        var outreach: [OutreachEvent] = []
        var isEmpty: Bool { groups.isEmpty && services.isEmpty && outreach.isEmpty }
    }

    struct GroupSession: Sendable {
        var id: UUID
        var organizationID: UUID
        var programID: UUID
        var peerID: UUID
        var content: ServiceContent
        var attendees: Int
        var createdAt: Date
    }

    /// An enrolled episode as far as services go: who, where, when, and with which peer on which day.
    /// Days are counted back from today (0 is today), so `first >= last`.
    struct Span {
        var personID: UUID
        var program: Int
        var first: Int
        var last: Int
        /// Peers in order: each from the day (counted back) their pairing began.
        var peers: [(peer: UUID, from: Int)]
        var language: String
        var substanceUse: Bool
        /// Expected services at the program's pace, and how many the default data set gives it.
        var weight: Double
        var defaultCount: Int

        var activeDays: Int { max(0, first - last + 1) }

        func peer(on back: Int) -> UUID {
            var current = peers[0].peer
            for segment in peers where segment.from >= back { current = segment.peer }
            return current
        }

        func isActive(on back: Int) -> Bool { back <= first && back >= last }
    }

    struct ProgramInfo {
        var program: Program
        var traits: Traits
        var requiresCosignature: Bool
        var peers: [UUID]
    }

    let seed: UInt64
    let now: Date
    let zone: TimeZone
    let target: Int?
    var rng: SeededGenerator
    let today: CalendarDate
    /// Minutes since midnight now, in the county's zone.
    let nowMinute: Int
    /// The most recent day (counted back) a service may fall on: today once the working day has begun.
    let latestBack: Int
    var calendar: Calendar
    var infos: [ProgramInfo] = []
    var programIndex: [UUID: Int] = [:]
    let supervisorOf: [UUID: UUID]
    let peerOrder: [User]
    let namedPeer: UUID?
    var namedPending = 0
    var spans: [Span] = []
    var totals = Totals()
    private var dayCache: [(date: CalendarDate, midnight: Date, weekday: Int)] = []

    init(seed: UInt64, now: Date, target: Int?, programs: [Program], users: [User]) {
        self.seed = seed
        self.now = now
        self.target = target
        zone = DemoJourney.zone
        rng = SeededGenerator(seed: seed ^ 0x7365_7276_6963_6573)
        calendar = .gregorian(in: zone)
        today = CalendarDate(now, in: zone)
        let midnight = calendar.date(from: DateComponents(year: today.year, month: today.month, day: today.day))!
        nowMinute = Int(now.timeIntervalSince(midnight) / 60)
        latestBack = nowMinute >= 10 * 60 ? 0 : 1
        let peers = users.filter { $0.roles.contains(.peerSpecialist) && !$0.disabled }
        peerOrder = peers
        var supervisorOf: [UUID: UUID] = [:]
        for peer in peers {
            supervisorOf[peer.id] = peer.supervisorID
                ?? users.first { $0.roles.contains(.programManager) && !$0.programIDs.isDisjoint(with: peer.programIDs) }?.id
        }
        self.supervisorOf = supervisorOf
        namedPeer = users.first { $0.email == "peer@\(DemoGenerator.emailDomain)" }?.id
        for program in programs {
            programIndex[program.id] = infos.count
            infos.append(ProgramInfo(program: program, traits: .of(program), requiresCosignature: program.name == Self.cosignedProgram,
                                     peers: peers.filter { $0.programIDs.contains(program.id) }.map(\.id)))
        }
    }

    // MARK: - During the journey

    /// Takes note of a journey batch's episodes for later, and returns the one-off services given to the
    /// batch's people who never enrolled, to be written with the batch.
    mutating func collect(_ batch: DemoJourney.Batch, program: Program) -> Rows {
        var rows = Rows()
        guard let index = programIndex[program.id] else { return rows }
        let traits = infos[index].traits
        var people: [UUID: Person] = [:]
        for p in batch.persons { people[p.person.id] = p.person }
        var assignments: [UUID: [Assignment]] = [:]
        for a in batch.assignments { assignments[a.episodeID, default: []].append(a) }

        var enrolled = Set<UUID>()
        for e in batch.episodes {
            let episode = e.episode
            enrolled.insert(episode.participantID)
            let pairings = (assignments[episode.id] ?? []).sorted { $0.startedAt < $1.startedAt }
            guard !pairings.isEmpty, let person = people[episode.participantID] else { continue }
            let first = back(episode.enrolledOn)
            let last = max(latestBack, e.discharge.map { back($0.on) } ?? 0)
            let peers = pairings.map { (peer: $0.peerID, from: min(first, back(CalendarDate($0.startedAt, in: zone)))) }
            var span = Span(personID: person.id, program: index, first: first, last: last, peers: peers,
                            language: person.details.preferredLanguage,
                            substanceUse: person.details.livedExperienceSought.contains(.substanceUse), weight: 0, defaultCount: 0)
            span.weight = Double(span.activeDays) * traits.perYear / 365
            // Some people want more contact than others; the named peer's caseload is a busy one.
            let boost = pairings.contains { $0.peerID == namedPeer } ? 4.0 : 1.0
            let count = max(1, stochasticRound(span.weight * boost * (0.5 + double())))
            span.defaultCount = span.activeDays > 0 ? count : 0
            spans.append(span)
        }

        var firstContact: [UUID: Contact] = [:]
        for c in batch.contacts {
            if let id = c.personID, firstContact[id] == nil { firstContact[id] = c }
        }
        for p in batch.persons where p.person.kind == .participant && !enrolled.contains(p.person.id) {
            guard chance(0.25), let contact = firstContact[p.person.id] else { continue }
            let day = back(CalendarDate(contact.occurredAt, in: zone))
            guard day >= max(1, latestBack) else { continue }
            let type = chance(0.55) ? "peer_navigation" : "assessment"
            let modality: ServiceModality = switch contact.method {
            case .inPerson: .inPerson
            case .phone: .phone
            case .video: .video
            case .text, .email: .text
            }
            let setting: ServiceSetting = switch contact.setting {
            case .hospital: .hospital
            case .emergencyUnit: .emergencyUnit
            case .clinic: .clinic
            case .community: .community
            case .home, .remote: .home
            case .shelterOrStreet: .shelterOrStreet
            case .jailOrCourt: .jailOrCourt
            case .programOffice, .other: .other
            }
            let duration = duration(type, modality)
            let contactMinute = Int(contact.occurredAt.timeIntervalSince(midnight(day)) / 60)
            let start = min(max(0, contactMinute), 23 * 60 - duration)
            let content = ServiceContent(date: date(day), startMinute: start, durationMinutes: duration, serviceType: type,
                                         coreFunctions: functions(for: type), modality: modality, setting: setting,
                                         language: languageOfService(p.person.details.preferredLanguage), note: note(type, modality, setting, traits),
                                         followUp: chance(0.3) ? pick(Self.followUps) : "")
            rows.services.append(service(content, back: day, person: p.person.id, program: index, peer: contact.loggedBy, group: nil))
        }
        return rows
    }

    // MARK: - After the journey

    /// Writes the episodes' services, groups and outreach events, and the co-signature rule. `progress`
    /// receives (services written, services to write).
    mutating func finish(into db: Database, audit: AuditLog, progress: (@Sendable (Int, Int) -> Void)?) async throws -> Totals {
        let seed = self.seed
        let context = AuditContext(requestID: "demo-seed-\(seed)", clientAddress: "cli", actorLabel: "cli:demo")
        let cosigned = infos.filter(\.requiresCosignature).map(\.program.id)
        let at = now
        try await db.write { conn in
            for id in cosigned { try await ServiceSettingsRecords.setRequiresCosignature(true, programID: id, at: at, on: conn) }
        }

        let groups = planGroups()
        let groupRows = groups.reduce(0) { $0 + $1.attendees.count }
        let counts = allocate(groupRows: groupRows)
        let total = groupRows + counts.reduce(0, +)
        var done = 0
        progress?(0, total)

        func commit(_ rows: Rows, organizationID: UUID, what: String) async throws {
            guard !rows.isEmpty else { return }
            let detail = "demo data (seed \(seed)): \(what), \(rows.services.count) services, \(rows.groups.count) group sessions, "
                + "\(rows.outreach.count) outreach events"
            try await db.write { conn in
                if conn.dialect == .sqlite { try await conn.sql.raw("PRAGMA cache_size = -\(unsafeRaw: String(Self.loadCacheKiB))").run() }
                try await Self.write(rows, on: conn)
                try await audit.append(context, .recordCreated, resourceType: .demoServiceBatch, organizationID: organizationID,
                                       detail: detail, on: conn)
            }
            done += rows.services.count
            progress?(done, total)
        }

        // Groups and outreach, peer by peer, a program at a time.
        for (index, info) in infos.enumerated() {
            var rows = Rows()
            for group in groups where group.program == index {
                writeGroup(group, into: &rows)
                if rows.services.count >= Self.batchSize {
                    try await commit(rows, organizationID: info.program.organizationID, what: info.program.name)
                    rows = Rows()
                }
            }
            rows.outreach = outreach(for: index)
            try await commit(rows, organizationID: info.program.organizationID, what: info.program.name)
        }

        // Each episode's services, in the order the journey wrote the episodes (a program at a time).
        var rows = Rows()
        var program = spans.first?.program ?? 0
        for (i, span) in spans.enumerated() where counts[i] > 0 {
            if span.program != program || rows.services.count >= Self.batchSize {
                try await commit(rows, organizationID: infos[program].program.organizationID, what: infos[program].program.name)
                rows = Rows()
                program = span.program
            }
            episodeServices(span, count: counts[i], into: &rows)
        }
        if !spans.isEmpty { try await commit(rows, organizationID: infos[program].program.organizationID, what: infos[program].program.name) }
        if db.dialect == .sqlite { try await db.write { conn in try await conn.sql.raw("PRAGMA cache_size = -2000").run() } }
        if done < total { progress?(total, total) }
        return totals
    }

    /// Services per episode. By default each episode keeps the count drawn for it; with a target, the
    /// services still needed after the groups and the one-off services are shared out in proportion to
    /// the episodes' length at their program's pace (or, below the default, to their default counts).
    func allocate(groupRows: Int) -> [Int] {
        let defaults = spans.map(\.defaultCount)
        guard let target else { return defaults }
        let budget = max(0, target - totals.services - groupRows)
        let defaultTotal = defaults.reduce(0, +)
        if budget >= defaultTotal {
            let extra = Self.share(budget - defaultTotal, weights: spans.map(\.weight))
            return zip(defaults, extra).map { $0 + $1 }
        }
        return Self.share(budget, weights: defaults.map(Double.init))
    }

    /// Splits `total` into whole parts in proportion to `weights`, summing exactly to `total`.
    static func share(_ total: Int, weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0, total > 0 else { return weights.map { _ in 0 } }
        var parts: [Int] = []
        parts.reserveCapacity(weights.count)
        var cumulative = 0.0
        var given = 0
        for (i, w) in weights.enumerated() {
            cumulative += w
            let upTo = i == weights.count - 1 ? total : min(total, Int((Double(total) * cumulative / sum).rounded(.down)))
            parts.append(max(0, upTo - given))
            given = max(given, upTo)
        }
        return parts
    }

    // MARK: - One-to-one services

    mutating func episodeServices(_ span: Span, count: Int, into rows: inout Rows) {
        let info = infos[span.program]
        let traits = info.traits
        let length = span.activeDays
        var days: [Int] = []
        days.reserveCapacity(count)
        for i in 0..<count {
            var u = (Double(i) + double()) / Double(count)
            if traits.frontLoaded { u = pow(u, 1.7) }
            var day = span.first - min(length - 1, Int(u * Double(length)))
            if i == 0 && traits.frontLoaded && chance(0.6) { day = span.first }
            if !traits.weekends, chance(0.85) {
                // Saturday to Friday or Monday, Sunday to Monday or Friday, within the episode.
                switch weekday(day) {
                case 5: day = day + 1 <= span.first ? day + 1 : (day - 2 >= span.last ? day - 2 : day)
                case 6: day = day - 1 >= span.last ? day - 1 : (day + 2 <= span.first ? day + 2 : day)
                default: break
                }
            }
            days.append(day)
        }
        for (i, day) in days.enumerated() {
            let peer = span.peer(on: day)
            var type = serviceType(traits, substanceUse: span.substanceUse)
            if i == 0 && chance(0.35) { type = "assessment" }
            let modality: ServiceModality = ["outreach", "community_education"].contains(type) ? .inPerson : weighted(traits.modalities)
            let early = span.first - day < 14
            let setting = self.setting(traits, modality, early: early)
            let duration = duration(type, modality)
            let content = ServiceContent(date: date(day), startMinute: startMinute(day, duration: duration, traits), durationMinutes: duration,
                                         serviceType: type, coreFunctions: functions(for: type), modality: modality, setting: setting,
                                         language: languageOfService(span.language), note: note(type, modality, setting, traits),
                                         followUp: chance(0.35) ? pick(Self.followUps) : "")
            rows.services.append(service(content, back: day, person: span.personID, program: span.program, peer: peer, group: nil))
        }
    }

    /// A stored service for `content` on day `back`: when it was written (now and then more than a day
    /// late), whether it is signed yet, and its co-signature.
    mutating func service(_ content: ServiceContent, back: Int, person: UUID, program: Int, peer: UUID, group: UUID?,
                          timing: Timing? = nil) -> PeerService {
        let t = timing ?? self.timing(content, back: back)
        let info = infos[program]
        var cosignedBy: UUID?
        var cosignedAt: Date?
        let required = t.signedAt != nil && info.requiresCosignature
        let cosignDelay = (3600 + double() * 4 * 86_400).rounded()
        if let signedAt = t.signedAt, required {
            var at = signedAt.addingTimeInterval(cosignDelay)
            // The demo supervisor's queue: a few of the named peer's notes of the last week.
            if peer == namedPeer && namedPending < Self.namedPendingCosignatures && now.timeIntervalSince(signedAt) < 7 * 86_400 {
                at = .distantFuture
            }
            if at > now.addingTimeInterval(-60) {
                if peer == namedPeer && namedPending >= Self.namedPendingCosignatures {
                    at = signedAt.addingTimeInterval(max(0, now.timeIntervalSince(signedAt) / 2).rounded(.down))
                    cosignedBy = supervisorOf[peer]
                    cosignedAt = at
                } else if peer == namedPeer {
                    namedPending += 1
                }
            } else {
                cosignedBy = supervisorOf[peer]
                cosignedAt = at
            }
        }
        let version = 1 + (t.signedAt.map { $0 != t.enteredAt } == true ? 1 : 0) + (cosignedBy != nil ? 1 : 0)
        let updated = [t.enteredAt, t.signedAt, cosignedAt].compactMap { $0 }.max()!
        let service = PeerService(id: uuid(), organizationID: info.program.organizationID, programID: info.program.id, personID: person,
                                  groupID: group, peerID: peer, content: content, status: t.signedAt == nil ? .draft : .signed,
                                  enteredAt: t.enteredAt, lateEntry: t.late, signedAt: t.signedAt, cosignRequired: required,
                                  cosignedBy: cosignedBy, cosignedAt: cosignedAt, updatedAt: updated, version: version)
        totals.services += 1
        return service
    }

    struct Timing {
        var enteredAt: Date
        var late: Bool
        var signedAt: Date?
    }

    /// Most notes are written within hours of the service, some the next morning, a few days later
    /// (late entries); notes of the last three days are sometimes still drafts.
    mutating func timing(_ content: ServiceContent, back: Int) -> Timing {
        let end = midnight(back).addingTimeInterval(TimeInterval((content.startMinute + content.durationMinutes) * 60))
        let roll = double()
        let delay: TimeInterval
        var mayBeLate = false
        if roll < 0.80 {
            delay = 300 + double() * 4 * 3600
        } else if roll < 0.97 {
            delay = 4 * 3600 + double() * 16 * 3600
        } else {
            delay = 25 * 3600 + double() * 4 * 86_400
            mayBeLate = true
        }
        let entered = min(end.addingTimeInterval(delay.rounded()), now.addingTimeInterval(-60))
        // Within twenty hours of the end no note is late; past that, Core's rule decides.
        let late = mayBeLate && ServiceRules.isLateEntry(content, enteredAt: entered, zone: zone)
        // Draws never depend on the clock, so a seed gives the same choices whenever it runs.
        let draft = chance(0.2)
        let signedLater = chance(0.15)
        let signingDelay = (600 + double() * 2 * 86_400).rounded()
        if draft && now.timeIntervalSince(entered) < 3 * 86_400 {
            return Timing(enteredAt: entered, late: late, signedAt: nil)
        }
        let signed = signedLater ? min(entered.addingTimeInterval(signingDelay), now.addingTimeInterval(-30)) : entered
        return Timing(enteredAt: entered, late: late, signedAt: max(signed, entered))
    }

    mutating func startMinute(_ back: Int, duration: Int, _ traits: Traits) -> Int {
        let latestStart = traits.weekends ? 21 * 60 : 17 * 60 + 30
        var start = 8 * 60 + 5 * int(0...((latestStart - 8 * 60) / 5))
        let slack = 5 * int(0...12)
        if back == 0 && start + duration + 10 > nowMinute {
            // Today's services have ended by now.
            start = max(0, nowMinute - duration - 10 - slack)
            start -= start % 5
        }
        return start
    }

    // MARK: - Groups

    struct PlannedGroup {
        var program: Int
        var peer: UUID
        var back: Int
        var attendees: [Int]
        var cofacilitator: UUID?
    }

    /// Groups of four to ten people a peer walks alongside at the time, where a peer has that many: a few a
    /// year per peer (every other month or so for the named peer, and one this week).
    mutating func planGroups() -> [PlannedGroup] {
        var byPeer: [UUID: [Int]] = [:]
        for (i, span) in spans.enumerated() {
            for peer in Set(span.peers.map(\.peer)) { byPeer[peer, default: []].append(i) }
        }
        var groups: [PlannedGroup] = []
        for peer in peerOrder {
            guard let caseload = byPeer[peer.id], caseload.count >= 4,
                  let index = peer.programIDs.compactMap({ programIndex[$0] }).sorted().first else { continue }
            let traits = infos[index].traits
            guard traits.groupsPerYear > 0 else { continue }
            var days = (0..<traits.groupsPerYear).map { _ in int(max(1, latestBack)...365) }
            if peer.id == namedPeer {
                days = (0..<6).map { 7 + 60 * $0 + int(0...40) }
                // This week's group: the latest weekday before today in the week that holds today.
                switch weekday(0) {
                case 0: break
                case 6: days.append(2)
                default: days.append(1)
                }
            }
            for var day in days {
                if weekday(day) >= 5 { day += weekday(day) - 4 }
                let present = caseload.filter { spans[$0].isActive(on: day) && spans[$0].peer(on: day) == peer.id }
                guard present.count >= 4 else { continue }
                let size = min(present.count, int(4...10))
                let attendees = Array(present.shuffled(using: &rng).prefix(size)).sorted()
                let colleagues = infos[index].peers.filter { $0 != peer.id }
                let cofacilitator = !colleagues.isEmpty && chance(0.3) ? pick(colleagues) : nil
                groups.append(PlannedGroup(program: index, peer: peer.id, back: day, attendees: attendees, cofacilitator: cofacilitator))
            }
        }
        return groups
    }

    mutating func writeGroup(_ group: PlannedGroup, into rows: inout Rows) {
        let info = infos[group.program]
        let type = info.traits.familyProgram ? "family_support" : "group_peer_counseling"
        let modality: ServiceModality = chance(0.1) ? .video : .inPerson
        let duration = 5 * int(12...18)
        let usual = pick([10 * 60, 13 * 60 + 30, 17 * 60 + 30])
        let start = group.back == 0 ? max(0, nowMinute - duration - 30) : usual
        let topic = pick(info.traits.familyProgram ? Self.familyGroupTopics : Self.groupTopics)
        var content = ServiceContent(date: date(group.back), startMinute: start - start % 5, durationMinutes: duration, serviceType: type,
                                     coreFunctions: functions(for: type), modality: modality,
                                     setting: modality == .video ? .home : weighted([(.community, 50), (.clinic, 30), (.other, 20)]),
                                     language: "en", note: "\(topic) \(group.attendees.count) members attended. \(pick(Self.groupClosings))",
                                     cofacilitatorID: group.cofacilitator)
        let id = uuid()
        let timing = self.timing(content, back: group.back)
        rows.groups.append(GroupSession(id: id, organizationID: info.program.organizationID, programID: info.program.id, peerID: group.peer,
                                        content: content, attendees: group.attendees.count, createdAt: timing.enteredAt))
        totals.groupSessions += 1
        for attendee in group.attendees {
            content.personNote = pick(Self.groupLines)
            content.language = languageOfService(spans[attendee].language)
            rows.services.append(service(content, back: group.back, person: spans[attendee].personID, program: group.program, peer: group.peer,
                                         group: id, timing: timing))
        }
    }

    // MARK: - Outreach

    /// A peer's outreach and education events over the last year; people reached are counted, not named.
    mutating func outreach(for index: Int) -> [OutreachEvent] {
        let info = infos[index]
        guard !info.traits.outreach.isEmpty else { return [] }
        var events: [OutreachEvent] = []
        for peer in peerOrder where peer.programIDs.contains(info.program.id) {
            var days = (0..<int(0...info.traits.outreachPerYear)).map { _ in int(max(1, latestBack)...365) }
            if peer.id == namedPeer { days += [max(1, latestBack) + int(0...2), 7 + int(0...4)] }
            for var day in days {
                if weekday(day) == 6 { day += 1 }
                let (kind, setting) = weighted(info.traits.outreach)
                let duration = 5 * int(6...36)
                let usual = 5 * int(96...204)
                let start = day == 0 ? max(0, nowMinute - duration - 30) : usual
                let reached = kind == .assertiveOutreach ? int(3...30) : int(10...80)
                let end = midnight(day).addingTimeInterval(TimeInterval((start + duration) * 60))
                let entered = min(end.addingTimeInterval((600 + double() * 20 * 3600).rounded()), now.addingTimeInterval(-60))
                events.append(OutreachEvent(id: uuid(), organizationID: info.program.organizationID, programID: info.program.id, peerID: peer.id,
                                            kind: kind, date: date(day), startMinute: start - start % 5, durationMinutes: duration, setting: setting,
                                            peopleReached: reached,
                                            audience: pick(Self.audiences[setting] ?? Self.educationAudiences),
                                            note: chance(0.6) ? pick(kind == .assertiveOutreach ? Self.outreachNotes : Self.educationNotes) : "",
                                            enteredAt: entered))
                totals.outreachEvents += 1
            }
        }
        return events
    }

    // MARK: - Writing

    /// Group sessions, then their services and everyone else's (`ServiceRecords` writes them in multi-row
    /// INSERTs, as the application itself binds them), then outreach events.
    static func write(_ rows: Rows, on conn: Connection) async throws {
        for g in rows.groups {
            try await GroupSessionRecords.insert(id: g.id, organizationID: g.organizationID, programID: g.programID, peerID: g.peerID,
                                                 content: g.content, attendees: g.attendees, at: g.createdAt, on: conn)
        }
        try await ServiceRecords.insert(rows.services, on: conn)
        for e in rows.outreach { try await OutreachRecords.insert(e, on: conn) }
    }

    // MARK: - Choosing

    mutating func serviceType(_ traits: Traits, substanceUse: Bool) -> String {
        if chance(traits.familyProgram ? 0.02 : (substanceUse ? 0.45 : 0.06)) { return "substance_use_counseling" }
        return weighted(traits.familyProgram ? Self.familyTypes : (traits.weekends ? Self.lineTypes : Self.types))
    }

    /// The core functions a service of this type serves: its main one, sometimes one or two more.
    mutating func functions(for type: String) -> [String] {
        let list = Self.functionsByType[type] ?? ["advocacy"]
        let count = min(list.count, weighted([(1, 45), (2, 40), (3, 15)]))
        var chosen = [list[0]]
        var rest = Array(list.dropFirst())
        while chosen.count < count {
            chosen.append(rest.remove(at: int(0...(rest.count - 1))))
        }
        return chosen
    }

    mutating func setting(_ traits: Traits, _ modality: ServiceModality, early: Bool) -> ServiceSetting {
        guard modality == .inPerson else { return weighted([(.home, 80), (.community, 10), (.other, 10)]) }
        return weighted(early ? traits.earlySettings : traits.settings)
    }

    mutating func duration(_ type: String, _ modality: ServiceModality) -> Int {
        let range: ClosedRange<Int> = switch modality {
        case .text: 10...20
        case .phone: 10...45
        case .video: 20...60
        case .inPerson:
            switch type {
            case "assessment": 40...90
            case "peer_navigation": 20...90
            case "crisis_support": 20...90
            case "family_support": 30...75
            case "outreach": 15...45
            case "community_education": 30...90
            case "other": 15...60
            default: 30...60
            }
        }
        return 5 * int((range.lowerBound / 5)...(range.upperBound / 5))
    }

    /// Most services happen in the person's own language; now and then in English with someone who
    /// prefers another.
    mutating func languageOfService(_ preferred: String) -> String {
        preferred == "en" || chance(0.85) ? preferred : "en"
    }

    mutating func note(_ type: String, _ modality: ServiceModality, _ setting: ServiceSetting, _ traits: Traits) -> String {
        let opener: String = switch modality {
        case .phone: pick(traits.weekends ? Self.lineOpeners : Self.phoneOpeners)
        case .text: pick(Self.textOpeners)
        case .video: pick(Self.videoOpeners)
        case .inPerson: pick(Self.openers[setting] ?? Self.openers[.other]!)
        }
        let body = pick(Self.bodies[type] ?? Self.bodies["other"]!)
        let plan = pick(Self.plans)
        return plan.isEmpty ? "\(opener) \(body)" : "\(opener) \(body) \(plan)"
    }

    // MARK: - Days and randomness

    /// Days counted back from today.
    func back(_ date: CalendarDate) -> Int { date.days(until: today) }

    mutating func day(_ back: Int) -> (date: CalendarDate, midnight: Date, weekday: Int) {
        precondition(back >= 0, "services are never in the future")
        while dayCache.count <= back {
            let date = today.adding(days: -dayCache.count)
            let midnight = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
            // 1970-01-05 was a Monday: 0 is Monday, 6 is Sunday.
            let weekday = ((CalendarDate(year: 1970, month: 1, day: 5)!.days(until: date) % 7) + 7) % 7
            dayCache.append((date, midnight, weekday))
        }
        return dayCache[back]
    }

    mutating func date(_ back: Int) -> CalendarDate { day(back).date }
    mutating func midnight(_ back: Int) -> Date { day(back).midnight }
    mutating func weekday(_ back: Int) -> Int { day(back).weekday }

    /// A version-4-shaped UUID from the generator, two draws each.
    mutating func uuid() -> UUID {
        let a = rng.next(), b = rng.next()
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { raw in
            raw.storeBytes(of: a.littleEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: b.littleEndian, toByteOffset: 8, as: UInt64.self)
        }
        bytes.6 = (bytes.6 & 0x0F) | 0x40
        bytes.8 = (bytes.8 & 0x3F) | 0x80
        return UUID(uuid: bytes)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func double() -> Double { Double.random(in: 0..<1, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { double() < p }
    mutating func pick<T>(_ items: [T]) -> T { rng.pick(items) }

    mutating func stochasticRound(_ x: Double) -> Int {
        let whole = x.rounded(.down)
        return Int(whole) + (chance(x - whole) ? 1 : 0)
    }

    mutating func weighted<T>(_ items: [(T, Int)]) -> T { rng.weighted(items) }
}

// MARK: - Programs

extension DemoServices {
    /// How a program's peers work: pace, modalities, settings, groups and outreach.
    struct Traits {
        /// Services a year for an enrolled participant.
        var perYear: Double
        /// Most services in the first weeks (Next Steps follows people out of the hospital).
        var frontLoaded = false
        var modalities: [(ServiceModality, Int)]
        var settings: [(ServiceSetting, Int)]
        var earlySettings: [(ServiceSetting, Int)]
        var groupsPerYear: Int
        var outreach: [((OutreachKind, ServiceSetting), Int)]
        var outreachPerYear: Int
        var familyProgram = false
        /// A phone line: evenings and weekends too.
        var weekends = false

        static func of(_ program: Program) -> Traits {
            switch program.name {
            case "Next Steps":
                Traits(perYear: 6, frontLoaded: true, modalities: [(.inPerson, 65), (.phone, 24), (.text, 8), (.video, 3)],
                       settings: [(.community, 27), (.clinic, 20), (.hospital, 20), (.home, 20), (.emergencyUnit, 8), (.shelterOrStreet, 5)],
                       earlySettings: [(.hospital, 55), (.emergencyUnit, 20), (.clinic, 10), (.community, 10), (.home, 5)],
                       groupsPerYear: 3, outreach: [((.assertiveOutreach, .hospital), 50), ((.assertiveOutreach, .emergencyUnit), 30),
                                                    ((.communityEducation, .community), 20)], outreachPerYear: 4)
            case "PeerLINKS":
                Traits(perYear: 40, modalities: [(.inPerson, 55), (.phone, 28), (.text, 13), (.video, 4)],
                       settings: [(.community, 45), (.home, 25), (.clinic, 20), (.other, 10)],
                       earlySettings: [(.clinic, 40), (.community, 35), (.home, 25)],
                       groupsPerYear: 4, outreach: [((.communityEducation, .community), 60), ((.assertiveOutreach, .community), 40)], outreachPerYear: 3)
            case "Family Peer Support":
                Traits(perYear: 20, modalities: [(.inPerson, 50), (.phone, 35), (.text, 5), (.video, 10)],
                       settings: [(.home, 45), (.community, 40), (.clinic, 10), (.hospital, 5)],
                       earlySettings: [(.home, 40), (.community, 30), (.hospital, 20), (.clinic, 10)],
                       groupsPerYear: 6, outreach: [((.communityEducation, .community), 100)], outreachPerYear: 6, familyProgram: true)
            case "Warm Line":
                Traits(perYear: 30, modalities: [(.phone, 85), (.text, 10), (.video, 5)], settings: [(.other, 100)], earlySettings: [(.other, 100)],
                       groupsPerYear: 0, outreach: [], outreachPerYear: 0, weekends: true)
            default:
                Traits(perYear: 45, modalities: [(.inPerson, 70), (.phone, 20), (.text, 6), (.video, 4)],
                       settings: [(.community, 40), (.clinic, 15), (.home, 15), (.shelterOrStreet, 15), (.residential, 10), (.jailOrCourt, 5)],
                       earlySettings: [(.community, 35), (.clinic, 25), (.shelterOrStreet, 20), (.residential, 10), (.home, 10)],
                       groupsPerYear: 8, outreach: [((.assertiveOutreach, .shelterOrStreet), 70), ((.communityEducation, .community), 30)],
                       outreachPerYear: 8)
            }
        }
    }
}

// MARK: - Words

extension DemoServices {
    /// Next Steps' mix without substance use counseling (drawn first, for the people it fits) and without
    /// groups (documented as groups): navigation 35, peer counseling 16, assessment 15, the rest 19.
    static let types: [(String, Int)] = [
        ("peer_navigation", 36), ("peer_counseling", 16), ("assessment", 15), ("family_support", 3), ("crisis_support", 4),
        ("outreach", 2), ("community_education", 2), ("other", 3),
    ]
    static let familyTypes: [(String, Int)] = [
        ("family_support", 40), ("peer_navigation", 25), ("peer_counseling", 12), ("assessment", 10), ("crisis_support", 5),
        ("community_education", 6), ("other", 2),
    ]
    static let lineTypes: [(String, Int)] = [
        ("peer_counseling", 45), ("peer_navigation", 25), ("crisis_support", 15), ("assessment", 8), ("other", 7),
    ]

    /// The main function first; every code is one of `ServiceCatalog.defaultCoreFunctions`.
    static let functionsByType: [String: [String]] = [
        "peer_navigation": ["health_system_navigation", "assertive_linkage", "advocacy", "recovery_capital_assessment"],
        "peer_counseling": ["companionship_modeling", "ongoing_recovery_management", "empowerment_leadership", "skills_training"],
        "group_peer_counseling": ["skills_training", "companionship_modeling", "empowerment_leadership"],
        "assessment": ["recovery_capital_assessment", "recovery_wellness_planning", "assertive_linkage"],
        "substance_use_counseling": ["ongoing_recovery_management", "recovery_wellness_planning", "skills_training", "assertive_linkage"],
        "family_support": ["community_education", "advocacy", "companionship_modeling", "skills_training"],
        "crisis_support": ["crisis_support", "assertive_linkage", "companionship_modeling"],
        "outreach": ["assertive_outreach", "assertive_linkage", "community_education"],
        "community_education": ["community_education", "empowerment_leadership"],
        "other": ["advocacy", "skills_training", "companionship_modeling", "empowerment_leadership"],
    ]

    static let openers: [ServiceSetting: [String]] = [
        .hospital: ["Met with participant on the unit before discharge.", "Bedside visit at the hospital.", "Visited participant on the inpatient unit."],
        .emergencyUnit: ["Met participant in the emergency department after the crisis team's referral.",
                         "Saw participant in the ED while they waited for a bed decision."],
        .community: ["Met participant at a coffee shop near their home.", "Met at the library.", "Met participant at the bus stop and rode together.",
                     "Walked with participant in the park."],
        .home: ["Home visit.", "Visited participant at home.", "Met participant on the porch at home."],
        .clinic: ["Met participant at the clinic before their appointment.", "Met in the clinic lobby.", "Went with participant to the clinic."],
        .shelterOrStreet: ["Met participant at the shelter.", "Found participant at their usual spot downtown.", "Met participant at the day center."],
        .residential: ["Visited participant at the residential program.", "Met participant at the crisis residential house."],
        .jailOrCourt: ["Met participant at the courthouse.", "Went with participant to collaborative court."],
        .other: ["Met participant at the program office.", "Met participant at the peer center."],
    ]
    static let phoneOpeners = ["Phone call with participant.", "Participant called back after a voicemail.", "Check-in call.",
                               "Called participant as planned."]
    static let lineOpeners = ["Participant called the warm line.", "Returning caller on the warm line.", "Evening call on the warm line."]
    static let textOpeners = ["Text exchange with participant.", "Texted to check in; participant replied.", "Participant texted first."]
    static let videoOpeners = ["Video call with participant.", "Met by video at participant's request."]

    static let bodies: [String: [String]] = [
        "peer_navigation": [
            "Reviewed the discharge plan and the follow-up appointment with outpatient psychiatry; helped arrange a ride.",
            "Went over the Medi-Cal renewal paperwork together and submitted it online.",
            "Helped participant call the pharmacy about a refill that had lapsed.",
            "Walked through how to get to the clinic by trolley and practiced the route.",
            "Connected participant with the housing navigator and set up an intake.",
            "Helped participant prepare questions for the psychiatrist appointment.",
            "Called the outpatient clinic together to move an appointment that clashed with work.",
        ],
        "peer_counseling": [
            "Participant talked about a hard week at home; shared my own experience of setbacks and what helped.",
            "Talked through feelings of isolation since discharge; participant named two people to reach out to.",
            "Participant described better sleep and fewer panic attacks; we celebrated the progress.",
            "Discussed stigma at work and whether to disclose; explored the options.",
            "Participant feels hopeful about going back to school; talked about pacing.",
            "Talked about what recovery means to participant and what a good day looks like.",
        ],
        "assessment": [
            "Completed the recovery capital assessment; strengths include family support and motivation to work.",
            "Reviewed needs and goals; participant put housing and staying out of the hospital first.",
            "First meeting: explained what peer support is and what to expect; completed the needs assessment.",
            "Updated the wellness plan with new triggers and early warning signs.",
        ],
        "substance_use_counseling": [
            "Talked about cravings this week and the plan for weekends; participant went to two meetings.",
            "Reviewed the relapse prevention plan and who to call when things get hard.",
            "Discussed harm reduction and naloxone; participant accepted a kit.",
            "Participant shared a slip last weekend; talked through what happened, without judgment, and next steps.",
            "Went with participant to the orientation of the outpatient substance use program.",
        ],
        "family_support": [
            "Talked with the family member about supporting their loved one after discharge.",
            "Explained the Family-to-Family class and helped with registration.",
            "Family member described burnout; discussed self-care and respite options.",
            "Reviewed what to do and whom to call in a crisis.",
        ],
        "crisis_support": [
            "Participant was overwhelmed; used grounding exercises and reviewed the safety plan together.",
            "Stayed with participant while the mobile crisis team assessed; participant chose voluntary care.",
            "Participant distressed after an eviction notice; made a short-term plan and called the crisis line together.",
        ],
        "outreach": [
            "Reached out after two missed appointments; participant agreed to meet next week.",
            "Re-engaged participant after a month without contact; talked about what got in the way.",
        ],
        "community_education": [
            "Shared information about WRAP and local support groups.",
            "Went over the warm line and crisis line numbers and when to use each.",
        ],
        "other": [
            "Helped participant fill out a job application.",
            "Went to the court date together for support.",
            "Set up appointment reminders on participant's phone.",
        ],
    ]
    static let plans = ["Next contact in one week.", "Will call Thursday to check on the appointment.",
                        "Participant will bring the letter to the next visit.", "Plan to meet at the clinic next week.",
                        "Will text a reminder the day before.", "Follow up on the housing intake next week.", ""]
    static let followUps = ["Call back Friday.", "Confirm the ride for the appointment.", "Send the housing application.",
                            "Check on the pharmacy refill.", "Bring the bus pass application."]

    static let groupTopics = ["Recovery group on coping with stress; members shared what helps on hard days.",
                              "WRAP group on daily maintenance plans; each member drafted a list of wellness tools.",
                              "Peer support group on building a support network.", "Group on sleep, routines and medication questions for the doctor.",
                              "Hearing voices group; members compared strategies that work for them."]
    static let familyGroupTopics = ["Family support group on talking with a loved one in crisis.",
                                    "Family group on setting boundaries and caring for yourself.",
                                    "Family group on navigating the county system and HIPAA releases."]
    static let groupClosings = ["Next group in one week.", "Handouts shared at the end.", "Members agreed on next week's topic.", ""]
    static let groupLines = ["Participated actively; shared a coping strategy.", "Quiet today but stayed for the whole group.",
                             "Offered support to a newer member.", "Left early for an appointment.", "Shared progress on their housing goal.",
                             "First group; said it helped to hear others."]

    static let audiences: [ServiceSetting: [String]] = [
        .hospital: ["Hospital in-reach on the inpatient unit", "Discharge planning meeting on the psychiatric unit"],
        .emergencyUnit: ["Emergency department waiting room", "ED in-reach with the crisis team"],
        .shelterOrStreet: ["Friday lunch at the shelter on 5th Ave", "Encampment near the river trail, with the outreach team",
                           "Day center breakfast"],
        .community: ["Farmers market table", "Food distribution at the community center", "Talk at the City College health fair",
                     "Church mental health ministry meeting", "Library presentation on the warm line", "Family night at the community center",
                     "High school presentation for parents", "Senior center wellness hour"],
    ]
    static let educationAudiences = ["Talk at the City College health fair", "Library presentation on the warm line"]
    static let outreachNotes = ["Handed out resource cards and warm line numbers.", "Several people asked about housing and Medi-Cal.",
                                "Two people asked to be contacted for peer support."]
    static let educationNotes = ["Presented what peer support is and how to reach the program.", "Questions about family classes and crisis lines.",
                                 "Left brochures in English and Spanish."]
}
