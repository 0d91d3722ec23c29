import Foundation
import PeerwayCore
import Testing

/// Who may reach a participant, pair them with a peer, approve an override or merge records.
@Suite("Participant access")
struct ParticipantAccessTests {
    static let org = UUID(), program = UUID(), otherProgram = UUID()
    static let peer = UUID(), otherPeer = UUID(), supervisor = UUID(), otherSupervisor = UUID(), manager = UUID(), intake = UUID()

    static func actor(_ id: UUID, _ role: Role, programs: Set<UUID> = [program]) -> Actor {
        Actor(userID: id, organizationID: org, roles: [role], programIDs: programs)
    }

    /// Paired with `peer` (supervised by `supervisor`), taken in by `intake`.
    static let scope = ParticipantScope(organizationID: org, programIDs: [program], assignedPeerIDs: [peer],
                                        contactLoggedByIDs: [intake], supervisorIDs: [supervisor])

    @Test("the paired peer reads and updates but does not pair; their supervisor and the program's manager pair")
    func pairing() {
        #expect(AccessPolicy.decide(Self.actor(Self.peer, .peerSpecialist), .update, .participant(Self.scope)) == .allow)
        #expect(AccessPolicy.decide(Self.actor(Self.peer, .peerSpecialist), .assign, .participant(Self.scope)) == .deny)
        #expect(AccessPolicy.decide(Self.actor(Self.supervisor, .supervisor), .assign, .participant(Self.scope)) == .allow)
        #expect(AccessPolicy.decide(Self.actor(Self.manager, .programManager), .assign, .participant(Self.scope)) == .allow)
    }

    @Test("whoever took the person in follows them up; a supervisor who took them in may also pair them")
    func intakeReach() {
        #expect(AccessPolicy.decide(Self.actor(Self.intake, .peerSpecialist), .read, .participant(Self.scope)) == .allow)
        #expect(AccessPolicy.decide(Self.actor(Self.intake, .peerSpecialist), .assign, .participant(Self.scope)) == .deny)
        #expect(AccessPolicy.decide(Self.actor(Self.intake, .supervisor), .assign, .participant(Self.scope)) == .allow)
        // An evaluator or administrator who somehow logged a contact still has no clinical reach.
        #expect(AccessPolicy.decide(Self.actor(Self.intake, .evaluator), .read, .participant(Self.scope)) == .notFound)
        #expect(AccessPolicy.decide(Self.actor(Self.intake, .organizationAdmin), .read, .participant(Self.scope)) == .notFound)
    }

    @Test("another peer, another team's supervisor and another program's manager do not know the record exists")
    func outsiders() {
        for action in [AccessAction.read, .update, .assign, .list] {
            #expect(AccessPolicy.decide(Self.actor(Self.otherPeer, .peerSpecialist), action, .participant(Self.scope)) == .notFound)
            #expect(AccessPolicy.decide(Self.actor(Self.otherSupervisor, .supervisor), action, .participant(Self.scope)) == .notFound)
            #expect(AccessPolicy.decide(Self.actor(Self.manager, .programManager, programs: [Self.otherProgram]), action, .participant(Self.scope)) == .notFound)
        }
    }

    @Test("only a manager of the participant's program exports or deletes")
    func export() {
        #expect(AccessPolicy.decide(Self.actor(Self.manager, .programManager), .export, .participant(Self.scope)) == .allow)
        #expect(AccessPolicy.decide(Self.actor(Self.supervisor, .supervisor), .export, .participant(Self.scope)) == .deny)
        #expect(AccessPolicy.decide(Self.actor(Self.peer, .peerSpecialist), .delete, .participant(Self.scope)) == .deny)
    }
}
