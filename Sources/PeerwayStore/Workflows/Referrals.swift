import Foundation
import PeerwayCore

/// Referrals and their closed loop, shared by pages, API and command line. A referral is the person's
/// record: every method decides it with the access policy on the person, validates with Core's
/// `ReferralRules`, writes, and audits in the same transaction.
public struct Referrals: StoreWorkflow {
    public let store: StoreContext

    public init(_ store: StoreContext) {
        self.store = store
    }

    /// A referral with its history and the names of the staff in it.
    public struct Detail: Sendable {
        public let referral: Referral
        public let person: Person
        public let changes: [ReferralChange]
        public let staffNames: [UUID: String]
    }

    /// An open referral on a waiting list, with its person and its age in days.
    public struct Waiting: Sendable {
        public let referral: Referral
        public let person: Person
        public let ageDays: Int
        /// The follow-up date has passed.
        public let overdue: Bool
    }

    // MARK: - Making and moving

    /// Makes a referral for a person the actor may update, in a program the person and the actor share.
    /// `serviceID` names the note during which it was made (the actor's own, about the same person).
    /// A directory service named by the draft must be one the actor's directories hold; the details
    /// left empty are taken from its entry.
    public func make(for personID: UUID, programID: UUID, _ draft: ReferralDraft, serviceID: UUID? = nil, by actor: Actor,
                     context: AuditContext) async throws -> Referral {
        var draft = draft
        if let id = draft.resource.directoryServiceID {
            guard let entry = try await DirectoryCatalog(store).summary(serviceID: id, by: actor) else {
                throw Self.invalid("directory_service_id", "unknown_directory_service", "error.unknown_directory_service")
            }
            draft.resource.fill(from: entry)
        }
        return try await guardedWrite(context, .referral) { conn -> Referral in
            let (person, scope) = try await ParticipantJourney.person(personID, .update, by: actor, on: conn)
            guard ReferralRules.mayBeReferred(person) else { throw Self.invalid("person_id", "merged_record") }
            guard scope.programIDs.contains(programID), actor.programIDs.contains(programID) else {
                throw Self.invalid("program_id", "participant_not_in_program")
            }
            if let serviceID {
                let service = try await Access.resolve(.service, serviceID, .update, by: actor, on: conn).record
                guard service.personID == personID else { throw Self.invalid("service_id", "service_of_another_person") }
            }
            // Both engines keep whole microseconds: a time compared with a stored one is cut the same way.
            var draft = draft
            draft.madeAt = draft.madeAt.truncatedToMicroseconds
            let clean = try StoreError.validating { try ReferralRules.validate(draft, now: store.now(), today: today, in: timeZone) }
            let now = store.now()
            let referral = Referral(id: store.newID(), organizationID: actor.organizationID, programID: programID, personID: personID,
                                    resource: clean.resource, need: clean.need!, urgency: clean.urgency, handoff: clean.handoff,
                                    madeAt: clean.madeAt, madeBy: actor.userID, serviceID: serviceID, note: clean.note, status: clean.status,
                                    followUpOn: clean.followUpOn, createdAt: now)
            try await ReferralRecords.insert(referral, madeOn: CalendarDate(referral.madeAt, in: timeZone), on: conn)
            try await ReferralRecords.insert(ReferralChange(id: store.newID(), referralID: referral.id, from: nil, to: referral.status,
                                                            occurredAt: referral.madeAt, recordedAt: now, by: actor.userID, reason: nil,
                                                            note: ""), on: conn)
            try await audit.append(context, .recordCreated, resourceType: .referral, resourceID: referral.id.text, participantID: personID,
                                   detail: "status=\(referral.status.rawValue)", on: conn)
            return referral
        }
    }

    /// Moves a referral along its loop. The move is checked against the referral as stored (and its
    /// version, when the form read one), so two people recording an outcome at once cannot both win.
    public func move(_ referralID: UUID, to status: ReferralStatus, occurredAt: Date, reason: ReferralReason?, note: String,
                     followUpOn: CalendarDate? = nil, expectedVersion: Int? = nil, by actor: Actor, context: AuditContext) async throws -> Referral {
        let occurredAt = occurredAt.truncatedToMicroseconds
        return try await guardedWrite(context, .referral) { conn -> Referral in
            let current = try await Access.resolve(.referral, referralID, .update, by: actor, on: conn).record.referral
            if let expectedVersion, expectedVersion != current.version { throw StoreError.conflict }
            let cleaned = try StoreError.validating {
                try ReferralRules.validateChange(current, to: status, occurredAt: occurredAt, reason: reason, note: note, now: store.now())
            }
            if let followUpOn, followUpOn < today, !status.isOutcome {
                throw Self.invalid("follow_up_on", "in_past", "error.follow_up_in_past")
            }
            let next = ReferralRules.applying(status, at: occurredAt, reason: reason, followUpOn: followUpOn, to: current)
            let days = status == .linked
                ? CalendarDate(current.madeAt, in: timeZone).days(until: CalendarDate(occurredAt, in: timeZone)) : nil
            try await ReferralRecords.updateStatus(next, daysToLinkage: days, now: store.now(), on: conn)
            try await ReferralRecords.insert(ReferralChange(id: store.newID(), referralID: current.id, from: current.status, to: status,
                                                            occurredAt: occurredAt, recordedAt: store.now(), by: actor.userID,
                                                            reason: next.reason, note: cleaned), on: conn)
            try await audit.append(context, .recordUpdated, resourceType: .referral, resourceID: current.id.text,
                                   participantID: current.personID, detail: "status=\(current.status.rawValue)>\(status.rawValue)", on: conn)
            return next
        }
    }

    // MARK: - Reading

    /// One referral the route guard has loaded and decided, with its history.
    public func detail(of authorized: Authorized<ReferralRecord>, context: AuditContext) async throws -> Detail {
        let record = authorized.record
        let (changes, names) = try await db.read { conn in
            let changes = try await ReferralRecords.changes(of: record.referral.id, on: conn)
            let names = try await UserRecords.displayNames(Set(changes.map(\.by) + [record.referral.madeBy]), on: conn)
            return (changes, names)
        }
        try await audit.record(db, context, .recordRead, resourceType: .referral, resourceID: record.referral.id.text,
                               participantID: record.person.id)
        return Detail(referral: record.referral, person: record.person, changes: changes, staffNames: names)
    }

    public func detail(_ id: UUID, by actor: Actor, context: AuditContext) async throws -> Detail {
        try await reading(.referral, id, by: actor, context: context, as: .referral) { try await detail(of: $0, context: context) }
    }

    /// A person's referrals on the record the route guard has already loaded and decided.
    public func forPerson(of authorized: Authorized<Person>, limit: Int = 100, context: AuditContext) async throws -> [Referral] {
        let id = authorized.record.id
        let found = try await db.read { conn in try await ReferralRecords.forPerson(id, limit: limit, on: conn) }
        try await audit.record(db, context, .recordRead, resourceType: .referral, resourceID: id.text, participantID: id, detail: "entries=\(found.count)")
        return found
    }

    /// The referrals made during a note the route guard has already loaded and decided.
    public func made(during authorized: Authorized<PeerService>, context: AuditContext) async throws -> [Referral] {
        let service = authorized.record
        let found = try await db.read { conn in try await ReferralRecords.forService(service.id, on: conn) }
        if !found.isEmpty {
            try await audit.record(db, context, .recordRead, resourceType: .referral, resourceID: service.id.text, participantID: service.personID,
                                   detail: "entries=\(found.count)")
        }
        return found
    }

    /// A person's referrals, newest first, for their record.
    public func forPerson(_ personID: UUID, by actor: Actor, limit: Int = 100, context: AuditContext) async throws -> [Referral] {
        try await reading(.participant, personID, by: actor, context: context, as: .referral) {
            try await forPerson(of: $0, limit: limit, context: context)
        }
    }

    /// Open referrals waiting for an outcome: the ones `actor` made, or (with `programWide`, for those who
    /// follow up a whole program: `Role.programFollowUp`) every one in the actor's programs. Each line
    /// passes the access policy on its person.
    public func waiting(by actor: Actor, programWide: Bool = false, limit: Int = 200, context: AuditContext) async throws -> [Waiting] {
        try await guarded(context, .referralWaiting) {
            let rows = try await db.read { conn -> [Waiting] in
                let wide = programWide && actor.hasAny(Role.programFollowUp)
                let referrals = try await ReferralRecords.waiting(madeBy: wide ? nil : actor.userID, programIDs: Array(actor.programIDs),
                                                                  limit: limit, on: conn)
                let people = try await PersonRecords.get(ids: referrals.map(\.personID), on: conn)
                let scopes = try await PersonRecords.scopes(of: people.mapValues(\.organizationID), on: conn)
                return referrals.compactMap { referral -> Waiting? in
                    guard referral.organizationID == actor.organizationID, let person = people[referral.personID], let scope = scopes[person.id],
                          AccessPolicy.decide(actor, .list, .participant(scope)) == .allow else { return nil }
                    return Waiting(referral: referral, person: person, ageDays: referral.age(on: today, in: timeZone),
                                   overdue: referral.followUpOn.map { $0 < today } ?? false)
                }
            }
            try await audit.record(db, context, .recordRead, resourceType: .referralWaiting, detail: "entries=\(rows.count)")
            return rows
        }
    }

    // MARK: - Measures

    /// Whose referrals a measure counts.
    public enum MeasureScope: Sendable, Equatable {
        /// Every referral made in these programs (a supervisor's, manager's or evaluator's view; counts only).
        case programs([UUID])
        /// The referrals one staff member made in their programs (their own view, or their supervisor's).
        case staff(UUID)
    }

    /// Referrals made in `[from, to]`, counted by need and status, with the linkage rate and median days
    /// to linkage. Counts only: no names leave this call.
    public func measures(_ scope: MeasureScope, from: CalendarDate, to: CalendarDate, by actor: Actor,
                         context: AuditContext) async throws -> ReferralMeasures {
        try await guarded(context, .referralMeasures) {
            let tally = try await db.read { conn -> ReferralMeasures.Tally in
                switch scope {
                case .programs(let ids):
                    for id in ids {
                        try authorize(actor, .list, .services(organizationID: actor.organizationID, programID: id))
                    }
                    return try await ReferralRecords.tally(.programs(ids), from: from, to: to, on: conn)
                case .staff(let staffID):
                    guard let staff = try await UserRecords.get(staffID, on: conn), staff.organizationID == actor.organizationID else {
                        throw AccessRefused(decision: .notFound)
                    }
                    try authorize(actor, .list, .staffServices(Workforce.scope(of: staff)))
                    return try await ReferralRecords.tally(.peer(staffID), from: from, to: to, on: conn)
                }
            }
            try await audit.record(db, context, .recordRead, resourceType: .referralMeasures, detail: "from=\(from) to=\(to)")
            return ReferralMeasures(tally)
        }
    }
}
