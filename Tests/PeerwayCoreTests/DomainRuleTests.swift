import Foundation
import PeerwayCore
import Testing

/// Rules that pages, API and workflows used to write out each on their own.
@Suite("Domain rules written once")
struct DomainRuleTests {
    @Test func clinicalRolesAreThoseThatWorkWithParticipants() {
        #expect(Role.clinical == [.peerSpecialist, .supervisor, .programManager])
        for role in Role.allCases {
            #expect(role.isClinical == Role.clinical.contains(role))
            let actor = Actor(userID: UUID(), organizationID: UUID(), roles: [role])
            #expect(actor.isClinical == role.isClinical)
        }
        #expect(!Actor(userID: UUID(), organizationID: UUID(), roles: []).isClinical)
        #expect(Actor(userID: UUID(), organizationID: UUID(), roles: [.evaluator, .supervisor]).isClinical)
    }

    @Test(arguments: [
        (PersonKind.participant, false, true, true),
        (PersonKind.participant, true, false, false),
        (PersonKind.supportPerson, false, true, false),
        (PersonKind.supportPerson, true, false, false),
    ])
    func anyoneWhoseRecordIsTheirOwnReceivesServicesButOnlyAParticipantEnrolls(kind: PersonKind, merged: Bool, receives: Bool, enrolls: Bool) {
        let now = Date(timeIntervalSince1970: 0)
        let person = Person(id: UUID(), organizationID: UUID(), kind: kind, legalGivenName: "A", legalFamilyName: "B", dateOfBirth: nil,
                            mergedIntoID: merged ? UUID() : nil, createdAt: now, updatedAt: now)
        #expect(person.mayReceiveServices == receives)
        #expect(person.mayEnroll == enrolls)
    }

    static let eligible = ScreeningResult(outcome: .eligible, criteriaMet: ["A"], exclusions: [])
    static let notEligible = ScreeningResult(outcome: .notEligible, criteriaMet: [], exclusions: ["A"])

    @Test func anOverrideIsAReasonGivenWithoutAnEligibleScreen() {
        let approver = UUID()
        #expect(EligibilityOverride.requested(reason: " Clinician's referral ", screen: nil, approvedBy: approver)
                == EligibilityOverride(reason: " Clinician's referral ", approvedBy: approver))
        #expect(EligibilityOverride.requested(reason: "Referral", screen: Self.notEligible, approvedBy: approver)
                == EligibilityOverride(reason: "Referral", approvedBy: approver))
        // An empty reason is still an override asked for: the enrollment rules refuse it as required.
        #expect(EligibilityOverride.requested(reason: "", screen: nil, approvedBy: approver) != nil)
        #expect(EligibilityOverride.requested(reason: "Referral", screen: Self.eligible, approvedBy: approver) == nil)
        #expect(EligibilityOverride.requested(reason: nil, screen: nil, approvedBy: approver) == nil)
        #expect(EligibilityOverride.requested(reason: nil, screen: Self.notEligible, approvedBy: approver) == nil)
    }

    static func pair(_ p: (author: Bool, supervises: Bool)) -> [Bool] { [p.author, p.supervises] }

    @Test func authorOrSupervisor() {
        let me = UUID(), colleague = UUID()
        let supervisor = Actor(userID: me, organizationID: UUID(), roles: [.supervisor])
        let peer = Actor(userID: me, organizationID: UUID(), roles: [.peerSpecialist])
        #expect(Self.pair(AccessPolicy.authorOrSupervisor(supervisor, authorID: me, supervisorID: nil)) == [true, false])
        #expect(Self.pair(AccessPolicy.authorOrSupervisor(supervisor, authorID: colleague, supervisorID: me)) == [false, true])
        // Supervising is a role as well as a link: a peer named as someone's supervisor does not see their work.
        #expect(Self.pair(AccessPolicy.authorOrSupervisor(peer, authorID: colleague, supervisorID: me)) == [false, false])
        #expect(Self.pair(AccessPolicy.authorOrSupervisor(supervisor, authorID: colleague, supervisorID: colleague)) == [false, false])
    }

    /// The week and team routes were guarded by participant-list decisions; the resources that now name
    /// them decide every role the same way.
    @Test(arguments: Role.allCases)
    func staffAndTeamGuardsDecideAsBefore(role: Role) {
        let org = UUID()
        for roles in [[role], [role, .evaluator], [role, .peerSpecialist]] {
            let actor = Actor(userID: UUID(), organizationID: org, roles: Set(roles), programIDs: [UUID()])
            let participants = AccessResource.participants(organizationID: org, programID: nil)
            let own = AccessResource.staffServices(.init(organizationID: org, staffID: actor.userID, supervisorID: nil))
            #expect(AccessPolicy.decide(actor, .list, own) == AccessPolicy.decide(actor, .list, participants))
            #expect(AccessPolicy.decide(actor, .list, .team(organizationID: org)) == AccessPolicy.decide(actor, .assign, participants))
            #expect(AccessPolicy.decide(actor, .cosign, .team(organizationID: org)) == AccessPolicy.decide(actor, .assign, participants))
        }
    }

    @Test func aSuperviseesWorkIsSeenByTheirSupervisorOnly() {
        let org = UUID(), me = UUID(), peer = UUID()
        let work = AccessResource.staffServices(.init(organizationID: org, staffID: peer, supervisorID: me))
        #expect(AccessPolicy.decide(Actor(userID: me, organizationID: org, roles: [.supervisor]), .list, work) == .allow)
        #expect(AccessPolicy.decide(Actor(userID: me, organizationID: org, roles: [.programManager]), .list, work) == .notFound)
        #expect(AccessPolicy.decide(Actor(userID: UUID(), organizationID: org, roles: [.supervisor]), .list, work) == .notFound)
        #expect(AccessPolicy.decide(Actor(userID: me, organizationID: UUID(), roles: [.supervisor]), .list, work) == .notFound)
        #expect(AccessPolicy.decide(Actor(userID: me, organizationID: org, roles: [.supervisor]), .update, work) == .deny)
    }
}
