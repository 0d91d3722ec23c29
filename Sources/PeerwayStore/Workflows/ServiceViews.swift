import Foundation
import PeerwayCore

/// What services look like to the people who read them: one note with its history, a participant's
/// timeline, a peer's week, a supervisor's team and co-signature queue, a program's service mix and
/// its billing extract. Every read is decided by the policy and audited.
extension ServiceDocumentation {
    public struct Detail: Sendable {
        public var service: PeerService
        public var amendments: [ServiceAmendment]
        public var person: Person
        public var program: Program?
        public var catalog: ServiceCatalog
        public var staffNames: [UUID: String]
        public var groupSize: Int?
        public var maySign: Bool
        public var mayAmend: Bool
        public var mayCosign: Bool
    }

    public func detail(_ id: UUID, by actor: Actor, context: AuditContext) async throws -> Detail {
        try await reading(.service, id, by: actor, context: context, as: .service) { try await detail(of: $0, by: actor, context: context) }
    }

    /// A note the route guard has already loaded and decided: nothing is loaded or decided a second time.
    public func detail(of authorized: Authorized<PeerService>, by actor: Actor, context: AuditContext) async throws -> Detail {
        let service = authorized.record, id = service.id
        guard case .service(let scope) = authorized.resource else { throw AccessRefused(decision: .notFound) }
        let detail = try await db.read { conn -> Detail in
            guard let person = try await PersonRecords.get(service.personID, on: conn) else { throw AccessRefused(decision: .notFound) }
            let amendments = try await AmendmentRecords.forService(id, on: conn)
            let staff = [service.peerID, service.content.cofacilitatorID, service.cosignedBy].compactMap { $0 } + amendments.map(\.amendedBy)
                + amendments.compactMap(\.before.cofacilitatorID)
            let names = try await UserRecords.displayNames(Set(staff), on: conn)
            let group = try await service.groupID.asyncMap { try await ServiceRecords.forGroup($0, on: conn).count }
            func may(_ action: AccessAction) -> Bool { AccessPolicy.decide(actor, action, .service(scope)) == .allow }
            return Detail(service: service, amendments: amendments, person: person,
                          program: try await ProgramRecords.get(service.programID, on: conn),
                          catalog: try await ServiceSettingsRecords.catalog(programID: service.programID, on: conn), staffNames: names,
                          groupSize: group, maySign: may(.sign) && service.status == .draft,
                          mayAmend: may(.update) && service.status == .signed, mayCosign: may(.cosign) && service.awaitingCosignature)
        }
        try await audit.record(db, context, .recordRead, resourceType: .service, resourceID: id.text,
                               participantID: detail.service.personID)
        return detail
    }

    /// A participant's services, newest first.
    public func timeline(personID: UUID, limit: Int = 100, by actor: Actor, context: AuditContext) async throws -> [PeerService] {
        try await reading(.participant, personID, by: actor, context: context, as: .service) { try await timeline(of: $0, limit: limit, context: context) }
    }

    /// The timeline of a person the route guard has already loaded and decided.
    public func timeline(of authorized: Authorized<Person>, limit: Int = 100, context: AuditContext) async throws -> [PeerService] {
        let personID = authorized.record.id
        let services = try await db.read { conn in try await ServiceRecords.forPerson(personID, limit: limit, on: conn) }
        try await audit.record(db, context, .recordRead, resourceType: .serviceTimeline, resourceID: personID.text,
                               participantID: personID, detail: "services=\(services.count)")
        return services
    }

    public struct Week: Sendable {
        public var start: CalendarDate
        public var end: CalendarDate
        public var peer: User
        public var services: [PeerService]
        public var outreach: [OutreachEvent]
        public var totals: ServiceWeek.Totals
        /// Participants' names by id, for the lines of the week.
        public var people: [UUID: Person]
    }

    /// A peer's week (their own, or a supervisee's for their supervisor): every service and outreach
    /// event, drafts included, with the totals `ServiceCounting` counts (drafts apart).
    public func week(of peerID: UUID? = nil, containing day: CalendarDate, by actor: Actor, context: AuditContext) async throws -> Week {
        try await guarded(context, .service) {
            let start = ServiceWeek.start(of: day)
            let end = start.adding(days: 6)
            let week = try await db.read { conn -> Week in
                let peerID = peerID ?? actor.userID
                guard let peer = try await UserRecords.get(peerID, on: conn), peer.organizationID == actor.organizationID else {
                    throw AccessRefused(decision: .notFound)
                }
                try authorize(actor, .list, .staffServices(Workforce.scope(of: peer)))
                let services = try await ServiceRecords.byPeer(peerID, from: start, to: end, on: conn)
                let outreach = try await OutreachRecords.byPeer(peerID, from: start, to: end, on: conn)
                let people = try await PersonRecords.get(ids: Array(Set(services.map(\.personID))), on: conn)
                // The same counting as the team's week: one rule (`ServiceCounting`), one query.
                let totals = try await ServiceRecords.totals(peerIDs: [peerID], from: start, to: end, on: conn)[peerID] ?? ServiceWeek.Totals()
                return Week(start: start, end: end, peer: peer, services: services, outreach: outreach, totals: totals, people: people)
            }
            try await audit.record(db, context, .recordRead, resourceType: .serviceWeek, resourceID: week.peer.id.text,
                                   detail: "services=\(week.services.count)")
            return week
        }
    }

    public struct TeamWeek: Sendable {
        public var start: CalendarDate
        public var end: CalendarDate
        public var rows: [(peer: User, totals: ServiceWeek.Totals, awaitingCosignature: Int)]
    }

    /// A supervisor's team for a week: each supervisee's totals and notes waiting for co-signature.
    public func teamWeek(containing day: CalendarDate, by actor: Actor, context: AuditContext) async throws -> TeamWeek {
        try await guarded(context, .service) {
            try authorize(actor, .list, .team(organizationID: actor.organizationID))
            let start = ServiceWeek.start(of: day)
            let end = start.adding(days: 6)
            let team = try await db.read { conn -> TeamWeek in
                let peers = try await UserRecords.team(supervisorID: actor.userID, on: conn)
                let totals = try await ServiceRecords.totals(peerIDs: peers.map(\.id), from: start, to: end, on: conn)
                let pending = try await ServiceRecords.awaitingCosignature(peerIDs: peers.map(\.id), limit: 10_000, on: conn)
                return TeamWeek(start: start, end: end, rows: peers.map { peer in
                    (peer, totals[peer.id] ?? ServiceWeek.Totals(), pending.filter { $0.peerID == peer.id }.count)
                })
            }
            try await audit.record(db, context, .recordRead, resourceType: .serviceTeamWeek, detail: "peers=\(team.rows.count)")
            return team
        }
    }

    public struct QueueItem: Sendable {
        public var service: PeerService
        public var person: Person?
        public var peerName: String
        /// The author's certification standing on the service day: a lapsed certification or a closed training
        /// window is flagged for the supervisor before they co-sign.
        public var standing: CertificationStanding = .notTracked
    }

    /// Signed notes of the actor's supervisees that wait for the actor's co-signature, oldest first.
    public func cosignQueue(by actor: Actor, context: AuditContext) async throws -> [QueueItem] {
        try await guarded(context, .service) {
            try authorize(actor, .cosign, .team(organizationID: actor.organizationID))
            let items = try await db.read { conn -> [QueueItem] in
                let team = try await UserRecords.team(supervisorID: actor.userID, on: conn)
                let names = Dictionary(uniqueKeysWithValues: team.map { ($0.id, $0.displayName) })
                let pending = try await ServiceRecords.awaitingCosignature(peerIDs: team.map(\.id), limit: 200, on: conn)
                let people = try await PersonRecords.get(ids: Array(Set(pending.map(\.personID))), on: conn)
                var standings = try await CertificationStandings.of(organizationID: actor.organizationID, on: conn)
                try await standings.load(Set(pending.map(\.peerID)), on: conn)
                let judged = standings
                return pending.filter { service in
                    let scope = ServiceScope(organizationID: service.organizationID, programID: service.programID, authorID: service.peerID,
                                             authorSupervisorID: actor.userID, participant: nil)
                    return AccessPolicy.decide(actor, .cosign, .service(scope)) == .allow
                }.map { QueueItem(service: $0, person: people[$0.personID], peerName: names[$0.peerID] ?? "",
                                  standing: judged.standing(of: $0.peerID, on: $0.content.date)) }
            }
            try await audit.record(db, context, .recordRead, resourceType: .cosignQueue, detail: "services=\(items.count)")
            return items
        }
    }

    /// Counts by type, core function, modality and setting for a program over a period.
    public func mix(programID: UUID, from: CalendarDate, to: CalendarDate, by actor: Actor, context: AuditContext) async throws -> ServiceMix {
        try await guarded(context, .service) {
            try authorize(actor, .list, .services(organizationID: actor.organizationID, programID: programID))
            let mix = try await db.read { conn in
                guard let program = try await ProgramRecords.get(programID, on: conn), program.organizationID == actor.organizationID else {
                    throw AccessRefused(decision: .notFound)
                }
                return try await ServiceRecords.mix(programID: programID, from: from, to: to, on: conn)
            }
            try await audit.record(db, context, .recordRead, resourceType: .serviceMix, resourceID: programID.text,
                                   detail: "from=\(from) to=\(to) services=\(mix.services)")
            return mix
        }
    }

    /// Streams a program's services in `[from, to]` as CSV to `write`, a page at a time. `progress`
    /// hears the rows written so far and the rows in the period.
    public func export(programID: UUID, from: CalendarDate, to: CalendarDate, by actor: Actor, context: AuditContext,
                       progress: (@Sendable (Int, Int) -> Void)? = nil, write: (String) async throws -> Void) async throws -> Int {
        let pageSize = 2000
        var staff: [UUID: String] = [:]
        var standings: CertificationStandings?
        return try await programExtract(programID, from: from, to: to, by: actor, context: context, guardedAs: .service, audited: .serviceExport,
                                        header: ServiceExport.header, pageSize: pageSize, progress: progress, write: write,
                                        total: { conn in try await ServiceRecords.count(programID: programID, from: from, to: to, on: conn) },
                                        prepare: { program in
            standings = try await db.read { conn in try await CertificationStandings.of(organizationID: program.organizationID, on: conn) }
        }) { program, cursor in
            let known = standings!
            let (page, people, groups, names, judged) = try await db.read { conn in
                let page = try await ServiceRecords.page(programID: programID, from: from, to: to, after: cursor, limit: pageSize, on: conn)
                var judged = known
                try await judged.load(Set(page.map(\.peerID)), on: conn)
                let people = try await PersonRecords.get(ids: Array(Set(page.map(\.personID))), on: conn)
                var groups: [UUID: Int] = [:]
                for group in Set(page.compactMap(\.groupID)) { groups[group] = try await ServiceRecords.forGroup(group, on: conn).count }
                var names = staff
                let ids = page.flatMap { [$0.peerID, $0.content.cofacilitatorID, $0.cosignedBy].compactMap { $0 } }
                for id in Set(ids) where names[id] == nil { names[id] = try await UserRecords.get(id, on: conn)?.displayName ?? "" }
                return (page, people, groups, names, judged)
            }
            staff = names
            standings = judged
            guard let last = page.last else { return nil }
            let text = page.map { s -> String in
                let person = people[s.personID]
                var names = ServiceExport.Names(
                    program: program.name,
                    participantLegalName: person.map { "\($0.legalGivenName) \($0.legalFamilyName)" } ?? "",
                    dateOfBirth: person?.dateOfBirth?.description ?? "", staffName: staff[s.peerID] ?? "",
                    cofacilitatorName: s.content.cofacilitatorID.flatMap { staff[$0] } ?? "",
                    cosignerName: s.cosignedBy.flatMap { staff[$0] } ?? "", groupSize: s.groupID.flatMap { groups[$0] })
                names.standing = judged.standing(of: s.peerID, on: s.content.date)
                return ServiceExport.row(s, names).map(CSVWriter.cell).joined(separator: ",") + "\r\n"
            }.joined()
            return ExtractPage(text: text, records: page.count, rows: page.count, last: (last.content.date.description, last.id))
        }
    }

    public struct FormContext: Sendable {
        /// Programs the actor documents services in, with each one's catalogue.
        public var programs: [(program: Program, catalog: ServiceCatalog)]
        /// The note whose choices prefill the next: the person's last one-to-one note (none for someone new),
        /// or, for a form without a person yet, the actor's own last one. Never a group's, whose type would not
        /// fit one person.
        public var remembered: PeerService?
        /// Colleagues who can co-facilitate.
        public var colleagues: [User]
        /// The participant the form is for, when opened from their record or the caseload.
        public var person: Person?
        /// The program of the person's open episode that the actor works in.
        public var personProgramID: UUID?
    }

    /// What a new service form needs; opening it for a person is an audited read of that person.
    public func formContext(personID: UUID?, by actor: Actor, context: AuditContext) async throws -> FormContext {
        try await guarded(context, .service) {
            let form = try await db.read { conn -> FormContext in
                var person: Person?
                var personProgram: UUID?
                if let personID {
                    let (found, scope) = try await ParticipantJourney.person(personID, .update, by: actor, on: conn)
                    person = found
                    // Their open episode's program first, else their intake program, else any of theirs the actor works in.
                    personProgram = Episode.current(in: try await EpisodeRecords.forPerson(personID, on: conn), programIDs: actor.programIDs)?.programID
                        ?? found.intakeProgramID.flatMap { actor.programIDs.contains($0) ? $0 : nil }
                        ?? scope.programIDs.intersection(actor.programIDs).sorted { $0.uuidString < $1.uuidString }.first
                }
                var programs: [(Program, ServiceCatalog)] = []
                for id in actor.programIDs {
                    guard let program = try await ProgramRecords.get(id, on: conn), program.active,
                          AccessPolicy.decide(actor, .create, .services(organizationID: actor.organizationID, programID: id)) == .allow else { continue }
                    programs.append((program, try await ServiceSettingsRecords.catalog(programID: id, on: conn)))
                }
                programs.sort { $0.0.name < $1.0.name }
                var filter = UserRecords.ListFilter(organizationIDs: [actor.organizationID])
                filter.includeDisabled = false
                filter.limit = 500
                let colleagues = try await UserRecords.list(filter, on: conn).filter {
                    $0.id != actor.userID && !$0.roles.isDisjoint(with: Role.clinical)
                }
                let remembered = if let personID { try await ServiceRecords.latestOneToOne(forPerson: personID, on: conn) }
                                 else { try await ServiceRecords.latest(byPeer: actor.userID, on: conn) }
                return FormContext(programs: programs, remembered: remembered,
                                   colleagues: colleagues, person: person, personProgramID: personProgram)
            }
            if let person = form.person {
                try await audit.record(db, context, .recordRead, resourceType: .participant, resourceID: person.id.text,
                                       participantID: person.id, detail: "service_form")
            }
            return form
        }
    }
}
