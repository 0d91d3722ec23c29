import Foundation
import PeerwayCore

/// Documenting services, shared by pages, API and command line: one-to-one services and groups,
/// drafts, signing, amendments, co-signature, and outreach events. Every method decides with the access
/// policy against the record as stored, validates with Core's `ServiceRules`, writes, and appends its
/// audit event in the same transaction.
public struct ServiceDocumentation: StoreWorkflow {
    public let store: StoreContext
    var now: Date { store.now() }
    var zone: TimeZone { store.timeZone }

    public init(_ store: StoreContext) {
        self.store = store
    }

    // MARK: - Access

    /// The scope the policy decides a service by: its author, the author's supervisor, its participant.
    public static func scope(of service: PeerService, on conn: Connection) async throws -> ServiceScope {
        let author = try await UserRecords.get(service.peerID, on: conn)
        var participant: ParticipantScope?
        if let person = try await PersonRecords.get(service.personID, on: conn) {
            participant = try await ParticipantJourney.scope(for: person, on: conn)
        }
        return ServiceScope(organizationID: service.organizationID, programID: service.programID, authorID: service.peerID,
                            authorSupervisorID: author?.supervisorID, participant: participant)
    }

    /// Loads a service and decides `action` on it; what is out of reach is "not found".
    func authorized(_ id: UUID, _ action: AccessAction, _ actor: Actor, on conn: Connection) async throws -> PeerService {
        try await Access.resolve(.service, id, action, by: actor, on: conn).record
    }

    /// A participant the actor may document a service for. Someone out of reach, or no one, reads as
    /// "not on your caseload" on the field (the refusal is still audited), so a form shows it in place.
    /// The participant must also belong to `programID` (an intake, episode or contact there): a note
    /// filed in another program would show their name in that program's extract to people who cannot
    /// reach their record.
    func participant(_ id: UUID, in programID: UUID, _ actor: Actor, field: String = "person_id", on conn: Connection) async throws -> Person {
        let person: Person, scope: ParticipantScope
        do {
            (person, scope) = try await ParticipantJourney.person(id, .update, by: actor, on: conn)
        } catch let refused as AccessRefused {
            throw OffCaseload(field: field, decision: refused.decision)
        }
        guard person.mayReceiveServices else { throw OffCaseload(field: field, decision: .notFound) }
        guard scope.programIDs.contains(programID) else {
            throw Self.invalid(field == "person_id" ? "program_id" : field, "participant_not_in_program")
        }
        return person
    }

    /// A program the actor documents services in.
    func program(_ id: UUID, _ actor: Actor, on conn: Connection) async throws -> Program {
        guard let program = try await ProgramRecords.get(id, on: conn), program.organizationID == actor.organizationID,
              AccessPolicy.decide(actor, .create, .services(organizationID: actor.organizationID, programID: id)) == .allow else {
            throw Self.invalid("program_id", "unknown_program")
        }
        return program
    }

    /// A co-facilitator is a colleague in the same organization with a clinical role.
    func checkCofacilitator(_ id: UUID?, _ actor: Actor, on conn: Connection) async throws {
        guard let id else { return }
        guard id != actor.userID, let user = try await UserRecords.get(id, on: conn), user.organizationID == actor.organizationID, !user.disabled,
              !user.roles.isDisjoint(with: Role.clinical) else {
            throw Self.invalid("cofacilitator_id", "unknown_cofacilitator", "error.invalid_choice")
        }
    }

    func validate(_ input: ServiceInput, programID: UUID, forSigning: Bool, on conn: Connection) async throws -> ServiceContent {
        let catalog = try await ServiceSettingsRecords.catalog(programID: programID, on: conn)
        return try StoreError.validating {
            try ServiceRules.validate(input, catalog: catalog, forSigning: forSigning, now: now, zone: zone)
        }
    }

    // MARK: - One-to-one

    /// Documents a service for one participant, as a draft or signed at once.
    public func document(personID: UUID, programID: UUID, _ input: ServiceInput, sign: Bool, by actor: Actor,
                         context: AuditContext) async throws -> PeerService {
        try await guardedWrite(context, .service) { conn -> PeerService in
            _ = try await program(programID, actor, on: conn)
            _ = try await participant(personID, in: programID, actor, on: conn)
            try await checkCofacilitator(input.cofacilitatorID, actor, on: conn)
            let content = try await validate(input, programID: programID, forSigning: sign, on: conn)
            let service = try await newService(person: personID, program: programID, group: nil, content: content, sign: sign,
                                               actor: actor, on: conn)
            try await ServiceRecords.insert(service, on: conn)
            try await appendCreated(service, context, on: conn)
            return service
        }
    }

    func newService(person: UUID, program: UUID, group: UUID?, content: ServiceContent, sign: Bool, actor: Actor,
                    on conn: Connection) async throws -> PeerService {
        let at = now
        let cosign = sign ? try await ServiceSettingsRecords.requiresCosignature(programID: program, on: conn) : false
        return PeerService(id: store.newID(), organizationID: actor.organizationID, programID: program, personID: person, groupID: group,
                       peerID: actor.userID, content: content, status: sign ? .signed : .draft, enteredAt: at,
                       lateEntry: ServiceRules.isLateEntry(content, enteredAt: at, zone: zone), signedAt: sign ? at : nil,
                       cosignRequired: cosign, updatedAt: at)
    }

    func appendCreated(_ service: PeerService, _ context: AuditContext, on conn: Connection) async throws {
        let id = service.id.text
        try await audit.append(context, .recordCreated, resourceType: .service, resourceID: id, participantID: service.personID,
                               detail: service.lateEntry ? "late_entry" : "", on: conn)
        if service.status == .signed {
            try await audit.append(context, .noteSigned, resourceType: .service, resourceID: id, participantID: service.personID, on: conn)
        }
    }

    /// Saves changes to a draft (its author only). With `sign`, the draft is checked as a finished note and signed.
    public func saveDraft(_ id: UUID, _ input: ServiceInput, expectedVersion: Int?, sign: Bool, by actor: Actor,
                          context: AuditContext) async throws -> PeerService {
        try await guardedWrite(context, .service) { conn in
            let stored = try await authorized(id, .sign, actor, on: conn)
            try StoreError.validating { try ServiceRules.checkEditable(stored) }
            try await checkCofacilitator(input.cofacilitatorID, actor, on: conn)
            var next = stored
            next.content = try await validate(input, programID: stored.programID, forSigning: sign, on: conn)
            next.lateEntry = ServiceRules.isLateEntry(next.content, enteredAt: stored.enteredAt, zone: zone)
            next.updatedAt = now
            if sign { try await signing(&next, on: conn) }
            let saved = try await ServiceRecords.update(next, expectedVersion: expectedVersion ?? stored.version, on: conn)
            let ref = id.text
            try await audit.append(context, .recordUpdated, resourceType: .service, resourceID: ref, participantID: saved.personID, on: conn)
            if sign { try await audit.append(context, .noteSigned, resourceType: .service, resourceID: ref, participantID: saved.personID, on: conn) }
            return saved
        }
    }

    /// Marks a draft signed now; its program's rule decides whether it waits for a co-signature.
    func signing(_ service: inout PeerService, on conn: Connection) async throws {
        service.status = .signed
        service.signedAt = now
        service.cosignRequired = try await ServiceSettingsRecords.requiresCosignature(programID: service.programID, on: conn)
    }

    /// Signs a draft as it stands.
    public func sign(_ id: UUID, expectedVersion: Int?, by actor: Actor, context: AuditContext) async throws -> PeerService {
        try await guardedWrite(context, .service) { conn in
            let stored = try await authorized(id, .sign, actor, on: conn)
            try StoreError.validating { try ServiceRules.checkSignable(stored) }
            var next = stored
            // A signed note must be complete: the rules for signing run on what the draft holds.
            next.content = try await validate(ServiceInput(stored.content), programID: stored.programID, forSigning: true, on: conn)
            try await signing(&next, on: conn)
            next.updatedAt = now
            let saved = try await ServiceRecords.update(next, expectedVersion: expectedVersion ?? stored.version, on: conn)
            try await audit.append(context, .noteSigned, resourceType: .service, resourceID: id.text,
                                   participantID: saved.personID, on: conn)
            return saved
        }
    }

    /// Discards a draft (its author only); a signed note is never deleted.
    public func discard(_ id: UUID, by actor: Actor, context: AuditContext) async throws {
        try await guardedWrite(context, .service) { conn in
            let stored = try await authorized(id, .delete, actor, on: conn)
            try StoreError.validating { try ServiceRules.checkEditable(stored) }
            try await ServiceRecords.delete(id, on: conn)
            try await audit.append(context, .recordDeleted, resourceType: .service, resourceID: id.text,
                                   participantID: stored.personID, on: conn)
        }
    }

    /// Corrects a signed note. The note as it stood is kept in the amendment; the service shows the
    /// corrected version, and a co-signature already given is asked for again.
    public func amend(_ id: UUID, _ input: ServiceInput, reason: String, expectedVersion: Int?, by actor: Actor,
                      context: AuditContext) async throws -> PeerService {
        try await guardedWrite(context, .service) { conn in
            let stored = try await authorized(id, .update, actor, on: conn)
            if stored.status == .draft { throw Self.invalid("form", "not_signed") }
            try await checkCofacilitator(input.cofacilitatorID == stored.content.cofacilitatorID ? nil : input.cofacilitatorID, actor, on: conn)
            let after = try await validate(input, programID: stored.programID, forSigning: true, on: conn)
            let cleanReason = try StoreError.validating { try ServiceRules.validateAmendment(stored, after: after, reason: reason) }
            let amendment = ServiceAmendment(id: store.newID(), serviceID: id, amendedBy: actor.userID, amendedAt: now, reason: cleanReason,
                                             before: stored.content, after: after)
            var next = stored
            next.content = after
            // A corrected date or time is judged against when the note was first written, as a draft's is.
            next.lateEntry = ServiceRules.isLateEntry(after, enteredAt: stored.enteredAt, zone: zone)
            next.amendmentCount += 1
            next.updatedAt = now
            if next.cosignRequired {
                next.cosignedBy = nil
                next.cosignedAt = nil
            }
            let saved = try await ServiceRecords.update(next, expectedVersion: expectedVersion ?? stored.version, on: conn)
            try await AmendmentRecords.insert(amendment, on: conn)
            try await audit.append(context, .noteAmended, resourceType: .service, resourceID: id.text,
                                   participantID: saved.personID, detail: amendment.changedFields.joined(separator: ","), on: conn)
            return saved
        }
    }

    /// A supervisor co-signs a supervisee's signed note.
    public func cosign(_ id: UUID, by actor: Actor, context: AuditContext) async throws -> PeerService {
        try await guardedWrite(context, .service) { conn in
            let stored = try await authorized(id, .cosign, actor, on: conn)
            try StoreError.validating { try ServiceRules.checkCosignable(stored) }
            var next = stored
            next.cosignedBy = actor.userID
            next.cosignedAt = now
            next.updatedAt = now
            let saved = try await ServiceRecords.update(next, expectedVersion: stored.version, on: conn)
            try await audit.append(context, .noteCosigned, resourceType: .service, resourceID: id.text,
                                   participantID: saved.personID, on: conn)
            return saved
        }
    }

    // MARK: - Groups

    public struct Attendee: Sendable, Equatable {
        public var personID: UUID
        public var line: String
        public init(personID: UUID, line: String = "") {
            self.personID = personID
            self.line = line
        }
    }

    /// A group session: one service per attendee, sharing the group's note, each with its own line. All
    /// attendees must be within the actor's reach, or nothing is written.
    public func documentGroup(programID: UUID, _ input: ServiceInput, attendees: [Attendee], sign: Bool, by actor: Actor,
                              context: AuditContext) async throws -> [PeerService] {
        try await guarded(context, .service) {
            try StoreError.validating { try ServiceRules.validateAttendees(attendees.map(\.personID)) }
            return try await db.write { conn -> [PeerService] in
                _ = try await program(programID, actor, on: conn)
                for attendee in attendees {
                    _ = try await participant(attendee.personID, in: programID, actor, field: "attendees", on: conn)
                }
                try await checkCofacilitator(input.cofacilitatorID, actor, on: conn)
                var shared = input
                shared.personNote = ""
                let content = try await validate(shared, programID: programID, forSigning: sign, on: conn)
                var lines = ValidationErrors()
                let cleanLines = attendees.enumerated().map { index, attendee in
                    ServiceRules.validateAttendeeLine(attendee.line, field: "line_\(index)", into: &lines)
                }
                if !lines.isEmpty { throw StoreError.invalid(lines) }
                let groupID = store.newID()
                try await GroupSessionRecords.insert(id: groupID, organizationID: actor.organizationID, programID: programID, peerID: actor.userID,
                                                     content: content, attendees: attendees.count, at: now, on: conn)
                var services: [PeerService] = []
                for (attendee, line) in zip(attendees, cleanLines) {
                    var own = content
                    own.personNote = line
                    let service = try await newService(person: attendee.personID, program: programID, group: groupID, content: own, sign: sign,
                                                       actor: actor, on: conn)
                    try await ServiceRecords.insert(service, on: conn)
                    try await appendCreated(service, context, on: conn)
                    services.append(service)
                }
                return services
            }
        }
    }

    // MARK: - Outreach

    public struct OutreachInput: Sendable {
        public var kind, date, startTime, durationMinutes, setting, peopleReached, audience, note: String
        public init(kind: String, date: String, startTime: String, durationMinutes: String, setting: String, peopleReached: String,
                    audience: String, note: String = "") {
            self.kind = kind
            self.date = date
            self.startTime = startTime
            self.durationMinutes = durationMinutes
            self.setting = setting
            self.peopleReached = peopleReached
            self.audience = audience
            self.note = note
        }
    }

    /// Records an outreach or education event: counts of people reached, no names.
    public func recordOutreach(programID: UUID, _ input: OutreachInput, by actor: Actor, context: AuditContext) async throws -> OutreachEvent {
        try await guarded(context, .service) {
            let v = try StoreError.validating {
                try ServiceRules.validateOutreach(date: input.date, startTime: input.startTime, durationMinutes: input.durationMinutes,
                                                  kind: input.kind, setting: input.setting, peopleReached: input.peopleReached,
                                                  audience: input.audience, note: input.note, now: now, zone: zone)
            }
            return try await db.write { conn in
                _ = try await program(programID, actor, on: conn)
                let event = OutreachEvent(id: store.newID(), organizationID: actor.organizationID, programID: programID, peerID: actor.userID,
                                          kind: v.3, date: v.0, startMinute: v.1, durationMinutes: v.2, setting: v.4, peopleReached: v.5,
                                          audience: v.6, note: v.7, enteredAt: now)
                try await OutreachRecords.insert(event, on: conn)
                try await audit.append(context, .recordCreated, resourceType: .outreachEvent, resourceID: event.id.text,
                                       detail: event.kind.rawValue, on: conn)
                return event
            }
        }
    }

    // MARK: - A program's catalogue and signing rule

    public struct ProgramSettings: Sendable {
        public var program: Program
        public var catalog: ServiceCatalog
        public var requiresCosignature: Bool
    }

    /// A program's catalogue and signing rule, for anyone who may read the program.
    public func settings(programID: UUID, by actor: Actor) async throws -> ProgramSettings {
        try await db.read { conn in
            ProgramSettings(program: try await allowedProgram(programID, .read, actor, on: conn),
                            catalog: try await ServiceSettingsRecords.catalog(programID: programID, on: conn),
                            requiresCosignature: try await ServiceSettingsRecords.requiresCosignature(programID: programID, on: conn))
        }
    }

    public func addCatalogEntry(programID: UUID, kind: ServiceCatalog.Kind, code: String, label: String, by actor: Actor,
                                context: AuditContext) async throws -> ServiceCatalog.Entry {
        try await guardedWrite(context, .service) { conn in
            _ = try await allowedProgram(programID, .update, actor, on: conn)
            let catalog = try await ServiceSettingsRecords.catalog(programID: programID, on: conn)
            let entry = try StoreError.validating { try catalog.validateNew(kind: kind, code: code, label: label) }
            try await ServiceSettingsRecords.addEntry(entry, programID: programID, by: actor.userID, at: now, on: conn)
            try await audit.append(context, .programUpdated, resourceType: .program, resourceID: programID.text,
                                   detail: "catalog_added=\(kind.rawValue):\(entry.code)", on: conn)
            return entry
        }
    }

    public func setRequiresCosignature(programID: UUID, _ value: Bool, by actor: Actor, context: AuditContext) async throws {
        try await guardedWrite(context, .service) { conn in
            _ = try await allowedProgram(programID, .update, actor, on: conn)
            try await ServiceSettingsRecords.setRequiresCosignature(value, programID: programID, at: now, on: conn)
            try await audit.append(context, .programUpdated, resourceType: .program, resourceID: programID.text,
                                   detail: "requires_cosignature=\(value)", on: conn)
        }
    }
}
