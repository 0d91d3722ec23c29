import Foundation
import PeerwayCore
import Testing

/// Who may read, sign, amend, co-sign and delete a documented service, and who documents, counts and
/// exports a program's services.
@Suite("Service access")
struct ServiceAccessTests {
    static let org = UUID(), otherOrg = UUID(), program = UUID(), otherProgram = UUID()
    /// `author` wrote the note and took the participant in; `assigned` is the participant's peer; `supervisor` supervises the author.
    static let author = UUID(), assigned = UUID(), supervisor = UUID(), assignedSupervisor = UUID(), outsider = UUID()
    static let manager = UUID(), otherManager = UUID(), evaluator = UUID(), admin = UUID()

    static func actor(_ id: UUID, _ roles: Set<Role>, programs: Set<UUID> = [program], org: UUID = org) -> Actor {
        Actor(userID: id, organizationID: org, roles: roles, programIDs: programs)
    }

    static func actor(_ id: UUID, _ role: Role, programs: Set<UUID> = [program], org: UUID = org) -> Actor {
        actor(id, [role], programs: programs, org: org)
    }

    static let participant = ParticipantScope(organizationID: org, programIDs: [program], assignedPeerIDs: [assigned],
                                              contactLoggedByIDs: [author], supervisorIDs: [supervisor, assignedSupervisor])
    static let note = ServiceScope(organizationID: org, programID: program, authorID: author, authorSupervisorID: supervisor,
                                   participant: participant)
    static let outreach = ServiceScope(organizationID: org, programID: program, authorID: author, authorSupervisorID: supervisor,
                                       participant: nil)

    static func decide(_ actor: Actor, _ action: AccessAction, _ scope: ServiceScope = note) -> AccessDecision {
        AccessPolicy.decide(actor, action, .service(scope))
    }

    static func decisions(_ actor: Actor, _ scope: ServiceScope = note) -> [AccessAction: AccessDecision] {
        Dictionary(uniqueKeysWithValues: [AccessAction.read, .list, .sign, .update, .cosign, .delete].map { ($0, decide(actor, $0, scope)) })
    }

    @Test("the author reads, edits, signs and discards their note, but does not co-sign it")
    func author() {
        let peer = Self.actor(Self.author, .peerSpecialist)
        #expect(Self.decisions(peer) == [.read: .allow, .list: .allow, .sign: .allow, .update: .allow, .cosign: .deny, .delete: .allow])
        // Nor does an author who is also a supervisor, even named as their own supervisor.
        let both = Self.actor(Self.author, [.peerSpecialist, .supervisor])
        let selfSupervised = ServiceScope(organizationID: Self.org, programID: Self.program, authorID: Self.author, authorSupervisorID: Self.author,
                                          participant: Self.participant)
        #expect(Self.decide(both, .cosign, selfSupervised) == .deny)
        #expect(Self.decide(both, .sign, selfSupervised) == .allow)
        // The author still sees a note after the participant left their reach.
        let gone = ServiceScope(organizationID: Self.org, programID: Self.program, authorID: Self.author, authorSupervisorID: Self.supervisor,
                                participant: ParticipantScope(organizationID: Self.org, programIDs: [Self.otherProgram], assignedPeerIDs: [],
                                                              supervisorIDs: []))
        #expect(Self.decide(peer, .read, gone) == .allow)
    }

    @Test("the author's supervisor reads, amends and co-signs, but does not sign or discard")
    func authorsSupervisor() {
        let supervisor = Self.actor(Self.supervisor, .supervisor)
        #expect(Self.decisions(supervisor) == [.read: .allow, .list: .allow, .sign: .deny, .update: .allow, .cosign: .allow, .delete: .deny])
        // A supervisor who is not the author's co-signs nothing, even one who reaches the participant.
        let theirs = Self.actor(Self.assignedSupervisor, .supervisor)
        #expect(Self.decisions(theirs) == [.read: .allow, .list: .allow, .sign: .deny, .update: .deny, .cosign: .deny, .delete: .deny])
        // The supervisor id alone does not make a co-signer: the role is needed too.
        let notASupervisor = Self.actor(Self.supervisor, .peerSpecialist)
        #expect(Self.decide(notASupervisor, .cosign) == .notFound)
    }

    @Test("a peer who reaches the participant reads a colleague's note and does nothing else with it")
    func assignedPeer() {
        let peer = Self.actor(Self.assigned, .peerSpecialist)
        #expect(Self.decisions(peer) == [.read: .allow, .list: .allow, .sign: .deny, .update: .deny, .cosign: .deny, .delete: .deny])
    }

    @Test("a peer without reach, another program's manager, an evaluator and an administrator do not know the note exists")
    func outsiders() {
        let everything = Dictionary(uniqueKeysWithValues: [AccessAction.read, .list, .sign, .update, .cosign, .delete].map { ($0, AccessDecision.notFound) })
        #expect(Self.decisions(Self.actor(Self.outsider, .peerSpecialist)) == everything)
        #expect(Self.decisions(Self.actor(Self.outsider, .supervisor)) == everything)
        #expect(Self.decisions(Self.actor(Self.otherManager, .programManager, programs: [Self.otherProgram])) == everything)
        #expect(Self.decisions(Self.actor(Self.evaluator, .evaluator)) == everything)
        #expect(Self.decisions(Self.actor(Self.admin, .organizationAdmin)) == everything)
    }

    @Test("a manager of the participant's program reads the note but neither signs, amends nor co-signs")
    func manager() {
        let manager = Self.actor(Self.manager, .programManager)
        #expect(Self.decisions(manager) == [.read: .allow, .list: .allow, .sign: .deny, .update: .deny, .cosign: .deny, .delete: .deny])
    }

    @Test("another organization's staff, the author's own id included, get not found")
    func otherOrganization() {
        let everything = Dictionary(uniqueKeysWithValues: [AccessAction.read, .list, .sign, .update, .cosign, .delete].map { ($0, AccessDecision.notFound) })
        for role in [Role.peerSpecialist, .supervisor, .programManager, .evaluator, .organizationAdmin] {
            #expect(Self.decisions(Self.actor(Self.manager, role, org: Self.otherOrg)) == everything, "\(role)")
        }
        #expect(Self.decisions(Self.actor(Self.author, .peerSpecialist, org: Self.otherOrg)) == everything)
        #expect(Self.decisions(Self.actor(Self.supervisor, .supervisor, org: Self.otherOrg)) == everything)
    }

    @Test("an outreach event, which names no one, is seen by the clinical staff of its program only")
    func outreachEvent() {
        for role in [Role.peerSpecialist, .supervisor, .programManager] {
            #expect(Self.decide(Self.actor(Self.outsider, role), .read, Self.outreach) == .allow, "\(role)")
            #expect(Self.decide(Self.actor(Self.outsider, role, programs: [Self.otherProgram]), .read, Self.outreach) == .notFound, "\(role)")
            #expect(Self.decide(Self.actor(Self.outsider, role), .update, Self.outreach) == .deny, "\(role)")
            #expect(Self.decide(Self.actor(Self.outsider, role), .sign, Self.outreach) == .deny, "\(role)")
        }
        #expect(Self.decide(Self.actor(Self.evaluator, .evaluator), .read, Self.outreach) == .notFound)
        #expect(Self.decide(Self.actor(Self.admin, .organizationAdmin), .read, Self.outreach) == .notFound)
        #expect(Self.decide(Self.actor(Self.outsider, .peerSpecialist, org: Self.otherOrg), .read, Self.outreach) == .notFound)
        // Its author and the author's supervisor, wherever they work now.
        #expect(Self.decide(Self.actor(Self.author, .peerSpecialist, programs: []), .update, Self.outreach) == .allow)
        #expect(Self.decide(Self.actor(Self.supervisor, .supervisor, programs: []), .read, Self.outreach) == .allow)
    }

    @Test("a program's services: clinical staff document; supervisors, managers and evaluators count; managers export")
    func programServices() {
        func decide(_ actor: Actor, _ action: AccessAction, program: UUID = Self.program, org: UUID = Self.org) -> AccessDecision {
            AccessPolicy.decide(actor, action, .services(organizationID: org, programID: program))
        }
        let peer = Self.actor(Self.author, .peerSpecialist), supervisor = Self.actor(Self.supervisor, .supervisor)
        let manager = Self.actor(Self.manager, .programManager), evaluator = Self.actor(Self.evaluator, .evaluator)
        let admin = Self.actor(Self.admin, .organizationAdmin)
        let expected: [(Actor, [AccessAction: AccessDecision])] = [
            (peer, [.create: .allow, .list: .deny, .export: .deny, .read: .deny]),
            (supervisor, [.create: .allow, .list: .allow, .export: .deny, .read: .deny]),
            (manager, [.create: .allow, .list: .allow, .export: .allow, .read: .deny]),
            (evaluator, [.create: .deny, .list: .allow, .export: .deny, .read: .deny]),
            (admin, [.create: .deny, .list: .deny, .export: .deny, .read: .deny]),
        ]
        for (actor, decisions) in expected {
            for (action, decision) in decisions {
                #expect(decide(actor, action) == decision, "\(actor.roles) \(action)")
                // Another program of the same organization, or the same program id elsewhere: not found.
                #expect(decide(actor, action, program: Self.otherProgram) == .notFound, "\(actor.roles) \(action)")
                #expect(decide(actor, action, org: Self.otherOrg) == .notFound, "\(actor.roles) \(action)")
            }
        }
    }

    @Test("the pinned access matrix lists the service rows the policy decides")
    func matrixRows() {
        let rows = AccessMatrix.rows().filter { $0.resource == "service" || $0.resource == "services" }
        func row(_ role: Role, _ resource: String, _ scope: String, _ action: AccessAction) -> AccessDecision? {
            rows.first { $0.role == role && $0.resource == resource && $0.scope == scope && $0.action == action }?.decision
        }
        #expect(row(.peerSpecialist, "service", "own_note", .sign) == .allow)
        #expect(row(.peerSpecialist, "service", "own_note", .cosign) == .deny)
        #expect(row(.supervisor, "service", "note_by_supervisee", .cosign) == .allow)
        #expect(row(.peerSpecialist, "service", "colleague_note_own_caseload", .read) == .allow)
        #expect(row(.peerSpecialist, "service", "colleague_note_own_caseload", .update) == .deny)
        #expect(row(.peerSpecialist, "service", "note_own_program", .read) == .notFound)
        #expect(row(.programManager, "service", "note_own_program", .read) == .allow)
        #expect(row(.evaluator, "service", "outreach_own_program", .read) == .notFound)
        #expect(row(.programManager, "services", "own_program", .export) == .allow)
        #expect(row(.peerSpecialist, "services", "other_program", .create) == .notFound)
    }
}
