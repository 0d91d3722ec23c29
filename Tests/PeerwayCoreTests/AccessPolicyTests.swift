import Foundation
import Testing
import PeerwayCore

/// Fixed identifiers for a small world: a county that administers one provider, plus an unrelated
/// organization, each with programs, staff and participants.
private enum World {
    static let county = UUID(uuidString: "0000000C-0000-4000-8000-000000000001")!
    static let provider = UUID(uuidString: "0000000C-0000-4000-8000-000000000002")!
    static let unrelated = UUID(uuidString: "0000000C-0000-4000-8000-000000000003")!

    static let programA = UUID(uuidString: "000000A0-0000-4000-8000-000000000001")!
    static let programB = UUID(uuidString: "000000A0-0000-4000-8000-000000000002")!
    static let unrelatedProgram = UUID(uuidString: "000000A0-0000-4000-8000-000000000003")!

    static let peer = UUID(uuidString: "00000001-0000-4000-8000-000000000001")!
    static let otherPeer = UUID(uuidString: "00000001-0000-4000-8000-000000000002")!
    static let supervisor = UUID(uuidString: "00000001-0000-4000-8000-000000000003")!
    static let otherSupervisor = UUID(uuidString: "00000001-0000-4000-8000-000000000004")!
    static let manager = UUID(uuidString: "00000001-0000-4000-8000-000000000005")!
    static let admin = UUID(uuidString: "00000001-0000-4000-8000-000000000006")!
    static let colleague = UUID(uuidString: "00000001-0000-4000-8000-000000000007")!
    static let evaluator = UUID(uuidString: "00000001-0000-4000-8000-000000000008")!
    static let systemAdmin = UUID(uuidString: "00000001-0000-4000-8000-000000000009")!

    /// A participant in the provider's program A, on `peer`'s caseload, supervised by `supervisor`.
    static let onPeersCaseload = ParticipantScope(
        organizationID: provider, programIDs: [programA], assignedPeerIDs: [peer], supervisorIDs: [supervisor])
    /// Same program, but another peer and another supervisor's team.
    static let onOtherPeersCaseload = ParticipantScope(
        organizationID: provider, programIDs: [programA], assignedPeerIDs: [otherPeer], supervisorIDs: [otherSupervisor])
    /// Another program of the same organization.
    static let inProgramB = ParticipantScope(
        organizationID: provider, programIDs: [programB], assignedPeerIDs: [otherPeer], supervisorIDs: [otherSupervisor])
    /// A participant of an unrelated organization whose scope names the actor everywhere it can:
    /// only the organization boundary stands between them.
    static func inUnrelatedOrg(naming user: UUID) -> ParticipantScope {
        ParticipantScope(organizationID: unrelated, programIDs: [programA, programB, unrelatedProgram],
                         assignedPeerIDs: [user], supervisorIDs: [user])
    }

    static func actor(_ user: UUID, in org: UUID = provider, _ roles: Set<Role>, programs: Set<UUID> = [programA],
                      administers: Set<UUID>? = nil) -> Actor {
        Actor(userID: user, organizationID: org, roles: roles, programIDs: programs, administeredOrganizationIDs: administers)
    }

    /// The county's system administrator, who administers the provider under the county.
    static let countySystemAdmin = actor(systemAdmin, in: county, [.systemAdmin], programs: [], administers: [county, provider])
}

private func decide(_ actor: Actor, _ action: AccessAction, _ resource: AccessResource) -> AccessDecision {
    AccessPolicy.decide(actor, action, resource)
}

@Suite("Access policy: explicit privacy cases")
struct AccessPolicyTests {
    // MARK: Peers

    @Test func peerReadsParticipantOnOwnCaseload() {
        let peer = World.actor(World.peer, [.peerSpecialist])
        for action: AccessAction in [.read, .update, .list] {
            #expect(decide(peer, action, .participant(World.onPeersCaseload)) == .allow, "\(action)")
        }
    }

    @Test func peerCannotSeeAnotherPeersParticipantInSameProgram() {
        let peer = World.actor(World.peer, [.peerSpecialist])
        for action in AccessAction.allCases {
            // Existence is hidden, not merely forbidden.
            #expect(decide(peer, action, .participant(World.onOtherPeersCaseload)) == .notFound, "\(action)")
        }
    }

    @Test func peerMayNotExportOrDeleteEvenOwnCaseload() {
        let peer = World.actor(World.peer, [.peerSpecialist])
        #expect(decide(peer, .export, .participant(World.onPeersCaseload)) == .deny)
        #expect(decide(peer, .delete, .participant(World.onPeersCaseload)) == .deny)
        #expect(decide(peer, .managePrivileges, .participant(World.onPeersCaseload)) == .deny)
    }

    // MARK: Supervisors

    @Test func supervisorReachesOwnTeamOnly() {
        let supervisor = World.actor(World.supervisor, [.supervisor])
        #expect(decide(supervisor, .read, .participant(World.onPeersCaseload)) == .allow)
        #expect(decide(supervisor, .update, .participant(World.onPeersCaseload)) == .allow)
        #expect(decide(supervisor, .read, .participant(World.onOtherPeersCaseload)) == .notFound)
        #expect(decide(supervisor, .read, .participant(World.inProgramB)) == .notFound)
    }

    // MARK: Program managers

    @Test func programManagerReachesAssignedProgramsOnly() {
        let manager = World.actor(World.manager, [.programManager], programs: [World.programA])
        for scope in [World.onPeersCaseload, World.onOtherPeersCaseload] {
            for action: AccessAction in [.read, .update, .export, .delete] {
                #expect(decide(manager, action, .participant(scope)) == .allow, "\(action)")
            }
        }
        for action in AccessAction.allCases {
            #expect(decide(manager, action, .participant(World.inProgramB)) == .notFound, "\(action)")
        }
    }

    @Test func programManagerParticipantListsFollowPrograms() {
        let manager = World.actor(World.manager, [.programManager], programs: [World.programA])
        #expect(decide(manager, .list, .participants(organizationID: World.provider, programID: World.programA)) == .allow)
        #expect(decide(manager, .export, .participants(organizationID: World.provider, programID: World.programA)) == .allow)
        #expect(decide(manager, .list, .participants(organizationID: World.provider, programID: World.programB)) == .notFound)
    }

    @Test func programManagerUpdatesOwnProgramButNotOthers() {
        let manager = World.actor(World.manager, [.programManager], programs: [World.programA])
        #expect(decide(manager, .update, .program(organizationID: World.provider, programID: World.programA)) == .allow)
        #expect(decide(manager, .update, .program(organizationID: World.provider, programID: World.programB)) == .deny)
        #expect(decide(manager, .create, .program(organizationID: World.provider, programID: nil)) == .deny)
        #expect(decide(manager, .delete, .program(organizationID: World.provider, programID: World.programA)) == .deny)
    }

    // MARK: Organization boundary

    @Test(arguments: Role.allCases)
    func nobodyReachesAnotherOrganizationsParticipant(role: Role) {
        // Give the actor every program id and make the participant name them as peer and supervisor.
        let actor = World.actor(World.peer, [role], programs: [World.programA, World.programB, World.unrelatedProgram],
                                administers: role == .systemAdmin ? [World.provider, World.unrelated] : nil)
        for action in AccessAction.allCases {
            #expect(decide(actor, action, .participant(World.inUnrelatedOrg(naming: World.peer))) == .notFound, "\(action)")
            #expect(decide(actor, action, .participants(organizationID: World.unrelated, programID: nil)) == .notFound, "\(action)")
        }
    }

    @Test func actorHoldingEveryRoleStillCannotReachAnotherOrganizationsParticipant() {
        let actor = World.actor(World.peer, Set(Role.allCases), programs: [World.programA, World.unrelatedProgram],
                                administers: [World.provider, World.unrelated])
        for action in AccessAction.allCases {
            #expect(decide(actor, action, .participant(World.inUnrelatedOrg(naming: World.peer))) == .notFound, "\(action)")
        }
    }

    @Test func systemAdminDoesNotReachParticipantsOfAdministeredProvider() {
        // Administering a provider is about accounts and programs, never about health records.
        let sysadmin = World.countySystemAdmin
        let scope = ParticipantScope(organizationID: World.provider, programIDs: [World.programA],
                                     assignedPeerIDs: [World.systemAdmin], supervisorIDs: [World.systemAdmin])
        for action in AccessAction.allCases {
            #expect(decide(sysadmin, action, .participant(scope)) == .notFound, "\(action)")
            #expect(decide(sysadmin, action, .participants(organizationID: World.provider, programID: nil)) == .notFound, "\(action)")
        }
    }

    // MARK: Identified records vs. de-identified data

    @Test(arguments: [Role.organizationAdmin, .evaluator, .systemAdmin])
    func nonClinicalRolesCannotReadIdentifiedParticipants(role: Role) {
        let actor = World.actor(World.admin, [role], programs: [World.programA])
        for scope in [World.onPeersCaseload, World.onOtherPeersCaseload, World.inProgramB] {
            for action in AccessAction.allCases {
                #expect(decide(actor, action, .participant(scope)) == .notFound, "\(action)")
            }
        }
        for action in AccessAction.allCases {
            #expect(!decide(actor, action, .participants(organizationID: World.provider, programID: nil)).isAllowed, "\(action)")
        }
    }

    @Test func evaluatorReadsDeidentifiedDataOfOwnOrganizationOnly() {
        let evaluator = World.actor(World.evaluator, [.evaluator], programs: [])
        for action: AccessAction in [.read, .list, .export] {
            #expect(decide(evaluator, action, .deidentifiedData(organizationID: World.provider)) == .allow, "\(action)")
            #expect(decide(evaluator, action, .deidentifiedData(organizationID: World.unrelated)) == .notFound, "\(action)")
        }
        for action: AccessAction in [.create, .update, .delete, .managePrivileges] {
            #expect(decide(evaluator, action, .deidentifiedData(organizationID: World.provider)) == .deny, "\(action)")
        }
    }

    @Test(arguments: [Role.peerSpecialist, .supervisor, .organizationAdmin])
    func deidentifiedDataIsForEvaluatorsAndProgramManagers(role: Role) {
        let actor = World.actor(World.peer, [role])
        #expect(decide(actor, .read, .deidentifiedData(organizationID: World.provider)) == .deny)
    }

    // MARK: Organization administrators

    @Test func organizationAdminGetsNotFoundForAnotherOrganization() {
        let admin = World.actor(World.admin, [.organizationAdmin], programs: [])
        let elsewhere: [AccessResource] = [
            .organization(id: World.unrelated),
            .user(organizationID: World.unrelated, userID: nil),
            .user(organizationID: World.unrelated, userID: World.colleague),
            .program(organizationID: World.unrelated, programID: nil),
            .program(organizationID: World.unrelated, programID: World.unrelatedProgram),
            .auditTrail(organizationID: World.unrelated),
            .accessMatrix(organizationID: World.unrelated),
        ]
        for resource in elsewhere {
            for action in AccessAction.allCases {
                #expect(decide(admin, action, resource) == .notFound, "\(action) \(resource)")
            }
        }
        // …while the same resources of their own organization are theirs to administer.
        #expect(decide(admin, .create, .user(organizationID: World.provider, userID: nil)) == .allow)
        #expect(decide(admin, .create, .program(organizationID: World.provider, programID: nil)) == .allow)
        #expect(decide(admin, .read, .auditTrail(organizationID: World.provider)) == .allow)
        #expect(decide(admin, .export, .auditTrail(organizationID: World.provider)) == .allow)
    }

    @Test func auditTrailIsReadOnlyAndForAdministratorsOnly() {
        let admin = World.actor(World.admin, [.organizationAdmin], programs: [])
        for action: AccessAction in [.create, .update, .delete, .managePrivileges] {
            #expect(decide(admin, action, .auditTrail(organizationID: World.provider)) == .deny, "\(action)")
        }
        for role: Role in [.peerSpecialist, .supervisor, .programManager, .evaluator] {
            #expect(decide(World.actor(World.peer, [role]), .read, .auditTrail(organizationID: World.provider)) == .deny, "\(role)")
        }
    }

    @Test func organizationAdminCannotChangeOwnPrivilegesButCanAColleagues() {
        let admin = World.actor(World.admin, [.organizationAdmin], programs: [])
        #expect(decide(admin, .managePrivileges, .user(organizationID: World.provider, userID: World.admin)) == .deny)
        #expect(decide(admin, .managePrivileges, .user(organizationID: World.provider, userID: World.colleague)) == .allow)
        // Reading and updating their own record is still fine.
        #expect(decide(admin, .read, .user(organizationID: World.provider, userID: World.admin)) == .allow)
    }

    @Test func systemAdminCannotChangeOwnPrivilegesEither() {
        let sysadmin = World.countySystemAdmin
        #expect(decide(sysadmin, .managePrivileges, .user(organizationID: World.county, userID: World.systemAdmin)) == .deny)
        #expect(decide(sysadmin, .managePrivileges, .user(organizationID: World.county, userID: World.colleague)) == .allow)
    }

    @Test(arguments: [Role.peerSpecialist, .supervisor, .programManager, .evaluator])
    func onlyAdministratorsManagePrivileges(role: Role) {
        let actor = World.actor(World.peer, [role])
        #expect(decide(actor, .managePrivileges, .user(organizationID: World.provider, userID: World.colleague)) == .deny)
        #expect(decide(actor, .create, .user(organizationID: World.provider, userID: nil)) == .deny)
    }

    // MARK: System administrators

    @Test func systemAdminAdministersProvidersUnderTheirCountyOnly() {
        let sysadmin = World.countySystemAdmin
        let provider: [AccessResource] = [
            .organization(id: World.provider),
            .user(organizationID: World.provider, userID: World.colleague),
            .program(organizationID: World.provider, programID: World.programA),
            .auditTrail(organizationID: World.provider),
        ]
        for resource in provider {
            #expect(decide(sysadmin, .read, resource) == .allow, "\(resource)")
        }
        #expect(decide(sysadmin, .update, .organization(id: World.provider)) == .allow)
        #expect(decide(sysadmin, .managePrivileges, .user(organizationID: World.provider, userID: World.colleague)) == .allow)
        #expect(decide(sysadmin, .create, .program(organizationID: World.provider, programID: nil)) == .allow)

        let unrelated: [AccessResource] = [
            .organization(id: World.unrelated),
            .user(organizationID: World.unrelated, userID: nil),
            .program(organizationID: World.unrelated, programID: nil),
            .auditTrail(organizationID: World.unrelated),
            .deidentifiedData(organizationID: World.unrelated),
        ]
        for resource in unrelated {
            for action in AccessAction.allCases {
                #expect(decide(sysadmin, action, resource) == .notFound, "\(action) \(resource)")
            }
        }
    }

    @Test func administeredOrganizationsCountOnlyForSystemAdmins() {
        // An organization admin whose actor somehow lists another organization gains nothing from it.
        let admin = World.actor(World.admin, [.organizationAdmin], programs: [], administers: [World.provider, World.unrelated])
        #expect(decide(admin, .read, .user(organizationID: World.unrelated, userID: nil)) == .notFound)
        #expect(decide(admin, .read, .auditTrail(organizationID: World.unrelated)) == .notFound)
    }

    @Test func onlySystemAdminsCreateOrganizations() {
        #expect(decide(World.countySystemAdmin, .create, .organizations) == .allow)
        let admin = World.actor(World.admin, [.organizationAdmin], programs: [])
        #expect(decide(admin, .create, .organizations) == .deny)
    }

    // MARK: Granting roles

    @Test(arguments: Role.allCases)
    func onlySystemAdminMayGrantSystemAdmin(role: Role) {
        let orgAdmin = World.actor(World.admin, [.organizationAdmin], programs: [])
        #expect(AccessPolicy.mayGrant(orgAdmin, role, in: World.provider) == (role != .systemAdmin))
        #expect(AccessPolicy.mayGrant(World.countySystemAdmin, role, in: World.county))
    }

    @Test(arguments: Role.allCases)
    func nonAdministratorsGrantNothing(role: Role) {
        let clinical = World.actor(World.manager, [.peerSpecialist, .supervisor, .programManager, .evaluator])
        #expect(!AccessPolicy.mayGrant(clinical, role, in: World.provider))
    }

    @Test(arguments: Role.allCases)
    func nobodyGrantsRolesInAnUnrelatedOrganization(role: Role) {
        let orgAdmin = World.actor(World.admin, [.organizationAdmin], programs: [])
        #expect(!AccessPolicy.mayGrant(orgAdmin, role, in: World.unrelated))
        #expect(!AccessPolicy.mayGrant(World.countySystemAdmin, role, in: World.unrelated))
    }

    // MARK: Several roles

    @Test func severalRolesGiveTheUnion() {
        let peerOnly = World.actor(World.peer, [.peerSpecialist], programs: [World.programB])
        let managerOnly = World.actor(World.peer, [.programManager], programs: [World.programB])
        let both = World.actor(World.peer, [.peerSpecialist, .programManager], programs: [World.programB])
        let ownCaseloadInA = World.onPeersCaseload  // program A, assigned to this peer
        let otherCaseloadInB = World.inProgramB      // program B, another peer

        #expect(decide(peerOnly, .read, .participant(ownCaseloadInA)) == .allow)
        #expect(decide(peerOnly, .read, .participant(otherCaseloadInB)) == .notFound)
        #expect(decide(managerOnly, .read, .participant(ownCaseloadInA)) == .notFound)
        #expect(decide(managerOnly, .read, .participant(otherCaseloadInB)) == .allow)

        #expect(decide(both, .read, .participant(ownCaseloadInA)) == .allow)
        #expect(decide(both, .read, .participant(otherCaseloadInB)) == .allow)
        #expect(decide(both, .export, .participant(otherCaseloadInB)) == .allow)
        #expect(decide(both, .update, .program(organizationID: World.provider, programID: World.programB)) == .allow)
        #expect(decide(peerOnly, .update, .program(organizationID: World.provider, programID: World.programB)) == .deny)
        #expect(decide(both, .read, .deidentifiedData(organizationID: World.provider)) == .allow)
        #expect(decide(peerOnly, .read, .deidentifiedData(organizationID: World.provider)) == .deny)
    }

    // MARK: Own account

    @Test(arguments: Role.allCases)
    func everyoneManagesOwnAccountButCannotExportOrGrantThroughIt(role: Role) {
        let actor = World.actor(World.peer, [role])
        #expect(decide(actor, .read, .ownAccount) == .allow)
        #expect(decide(actor, .update, .ownAccount) == .allow)
        #expect(decide(actor, .managePrivileges, .ownAccount) == .deny)
        #expect(decide(actor, .export, .ownAccount) == .deny)
    }
}

/// Exhaustive: however an actor is configured, nothing of an organization outside their scope is ever
/// allowed, and its existence is never revealed (always notFound, never deny).
@Suite("Access policy: organization boundary, exhaustively")
struct AccessPolicyBoundaryTests {
    static let home = UUID(uuidString: "0000000C-0000-4000-8000-0000000000AA")!
    static let administered = UUID(uuidString: "0000000C-0000-4000-8000-0000000000BB")!
    static let foreign = UUID(uuidString: "0000000C-0000-4000-8000-0000000000FF")!
    static let me = UUID(uuidString: "00000001-0000-4000-8000-0000000000AA")!
    static let program = UUID(uuidString: "000000A0-0000-4000-8000-0000000000AA")!

    /// Every kind of resource that belongs to `org`, with every optional narrowing.
    static func resources(of org: UUID) -> [AccessResource] {
        [
            .organization(id: org),
            .program(organizationID: org, programID: nil),
            .program(organizationID: org, programID: program),
            .user(organizationID: org, userID: nil),
            .user(organizationID: org, userID: me),
            .auditTrail(organizationID: org),
            .accessMatrix(organizationID: org),
            .participant(ParticipantScope(organizationID: org, programIDs: [program], assignedPeerIDs: [me], supervisorIDs: [me])),
            .participants(organizationID: org, programID: nil),
            .participants(organizationID: org, programID: program),
            .deidentifiedData(organizationID: org),
        ]
    }

    /// One role at a time, and every role at once.
    static let roleSets: [Set<Role>] = Role.allCases.map { [$0] } + [Set(Role.allCases)]

    @Test(arguments: roleSets)
    func foreignResourcesAreAlwaysNotFound(roles: Set<Role>) {
        let actor = Actor(userID: Self.me, organizationID: Self.home, roles: roles, programIDs: [Self.program],
                          administeredOrganizationIDs: [Self.home, Self.administered])
        var checked = 0
        for resource in Self.resources(of: Self.foreign) {
            for action in AccessAction.allCases {
                let decision = AccessPolicy.decide(actor, action, resource)
                #expect(decision == .notFound, "\(roles.sorted()) \(action) \(resource) gave \(decision)")
                checked += 1
            }
        }
        #expect(checked == 11 * AccessAction.allCases.count)
    }

    /// Whatever a role may not do at home (deny or notFound) it may not do in a foreign organization either.
    @Test(arguments: roleSets)
    func nothingRefusedAtHomeIsAllowedAbroad(roles: Set<Role>) {
        let actor = Actor(userID: Self.me, organizationID: Self.home, roles: roles, programIDs: [Self.program],
                          administeredOrganizationIDs: [Self.home])
        let pairs = zip(Self.resources(of: Self.home), Self.resources(of: Self.foreign))
        for (homeResource, foreignResource) in pairs {
            for action in AccessAction.allCases {
                let atHome = AccessPolicy.decide(actor, action, homeResource)
                let abroad = AccessPolicy.decide(actor, action, foreignResource)
                #expect(!abroad.isAllowed, "\(roles.sorted()) \(action) \(foreignResource)")
                if !atHome.isAllowed {
                    #expect(abroad == .notFound, "\(roles.sorted()) \(action) \(foreignResource)")
                }
            }
        }
    }

    /// The policy is not vacuous: the same actors are allowed something at home, so the notFound
    /// answers above come from the organization boundary and not from a policy that refuses everything.
    @Test(arguments: roleSets)
    func sameActorsAreAllowedSomethingAtHome(roles: Set<Role>) {
        let actor = Actor(userID: Self.me, organizationID: Self.home, roles: roles, programIDs: [Self.program],
                          administeredOrganizationIDs: [Self.home])
        let allowed = Self.resources(of: Self.home).flatMap { resource in
            AccessAction.allCases.filter { AccessPolicy.decide(actor, $0, resource).isAllowed }
        }
        #expect(!allowed.isEmpty)
    }
}
