import Foundation

/// The outcome of an access decision.
public enum AccessDecision: String, Sendable, Equatable {
    case allow
    /// The actor can know the resource exists but may not do this to it (HTTP 403).
    case deny
    /// The resource is outside the actor's scope; its existence is not revealed (HTTP 404).
    case notFound

    public var isAllowed: Bool { self == .allow }
}

/// The one place that decides who may do what. Every route, page and command asks it; nothing else
/// grants access. Roles combine: an actor holding several roles may do what any of them allows.
public enum AccessPolicy {
    public static func decide(_ actor: Actor, _ action: AccessAction, _ resource: AccessResource) -> AccessDecision {
        switch resource {
        case .ownAccount:
            return [.read, .update, .create, .delete, .list].contains(action) ? .allow : .deny

        case .organizations:
            switch action {
            case .list: return .allow
            case .create: return actor.has(.systemAdmin) ? .allow : .deny
            default: return .deny
            }

        case .organization(let id):
            guard actor.organizationID == id || administers(actor, id) else { return .notFound }
            switch action {
            case .read, .list: return .allow
            case .update: return administers(actor, id) && isAdmin(actor, of: id) ? .allow : .deny
            case .create, .delete: return actor.has(.systemAdmin) && id != actor.organizationID ? .allow : .deny
            default: return .deny
            }

        case .program(let orgID, let programID):
            guard actor.organizationID == orgID || administers(actor, orgID) else { return .notFound }
            switch action {
            case .read, .list: return .allow
            case .create, .delete: return isAdmin(actor, of: orgID) ? .allow : .deny
            case .update:
                if isAdmin(actor, of: orgID) { return .allow }
                if let programID, actor.has(.programManager), actor.organizationID == orgID,
                    actor.programIDs.contains(programID) { return .allow }
                return .deny
            default: return .deny
            }

        case .user(let orgID, let userID):
            guard actor.organizationID == orgID || administers(actor, orgID) else { return .notFound }
            if isAdmin(actor, of: orgID) {
                // Nobody changes their own privileges: a second administrator must do it.
                if action == .managePrivileges, userID == actor.userID { return .deny }
                return .allow
            }
            let oversees = actor.has(.supervisor) || actor.has(.programManager)
            switch action {
            case .read, .list: return oversees && actor.organizationID == orgID ? .allow : .deny
            default: return .deny
            }

        case .auditTrail(let orgID), .accessMatrix(let orgID):
            guard actor.organizationID == orgID || administers(actor, orgID) else { return .notFound }
            guard [.read, .list, .export].contains(action) else { return .deny }
            return isAdmin(actor, of: orgID) ? .allow : .deny

        case .participants(let orgID, let programID):
            guard actor.organizationID == orgID else { return .notFound }
            guard actor.isClinical else { return .deny }
            if let programID, !actor.programIDs.contains(programID) { return .notFound }
            switch action {
            case .list, .create: return .allow
            case .assign: return actor.has(.supervisor) || actor.has(.programManager) ? .allow : .deny
            case .export: return actor.has(.programManager) ? .allow : .deny
            default: return .deny
            }

        case .participant(let scope):
            guard actor.organizationID == scope.organizationID, canReach(actor, scope) else { return .notFound }
            switch action {
            case .read, .update, .list, .create: return .allow
            case .assign: return oversees(actor, scope) ? .allow : .deny
            case .export, .delete: return actor.has(.programManager) && managesProgramOf(actor, scope) ? .allow : .deny
            default: return .deny
            }

        case .deidentifiedData(let orgID):
            guard actor.organizationID == orgID || administers(actor, orgID) else { return .notFound }
            guard [.read, .list, .export].contains(action) else { return .deny }
            return actor.has(.evaluator) || actor.has(.programManager) ? .allow : .deny

        case .service(let scope):
            return decideService(actor, action, scope)

        case .programReport(let scope):
            return decideReport(actor, action, scope)

        case .services(let orgID, let programID):
            guard actor.organizationID == orgID else { return .notFound }
            guard actor.programIDs.contains(programID) else { return .notFound }
            switch action {
            case .create: return actor.isClinical ? .allow : .deny
            // The service mix is counts only: managers, supervisors and evaluators read it.
            case .list: return actor.hasAny(Role.programCounts) ? .allow : .deny
            // The billing extract names participants: a program manager's.
            case .export: return actor.has(.programManager) ? .allow : .deny
            default: return .deny
            }

        case .staffServices(let scope):
            guard actor.organizationID == scope.organizationID else { return .notFound }
            let reader = authorOrSupervisor(actor, authorID: scope.staffID, supervisorID: scope.supervisorID)
            guard reader.author || reader.supervises else { return .notFound }
            guard actor.isClinical else { return .deny }
            return action == .list ? .allow : .deny

        case .team(let orgID):
            guard actor.organizationID == orgID else { return .notFound }
            guard [.list, .cosign].contains(action) else { return .deny }
            // A manager with no supervisees sees an empty team.
            return actor.has(.supervisor) || actor.has(.programManager) ? .allow : .deny

        case .directory(let scope):
            return DirectoryPolicy.decide(actor, action, scope)

        case .staffRecord(let scope):
            return WorkforcePolicy.decideStaff(actor, action, scope)
        case .wellness(let scope):
            return WorkforcePolicy.decideWellness(actor, action, scope)
        case .workforce(let orgID):
            return WorkforcePolicy.decideWorkforce(actor, action, orgID)
        case .supervision(let orgID):
            return WorkforcePolicy.decideSupervision(actor, action, orgID)
        }
    }

    /// Whether the actor wrote what `authorID` wrote, or supervises its author: both see all of it.
    public static func authorOrSupervisor(_ actor: Actor, authorID: UUID, supervisorID: UUID?) -> (author: Bool, supervises: Bool) {
        (authorID == actor.userID, actor.has(.supervisor) && supervisorID == actor.userID)
    }

    /// A service is seen by whoever may see its participant, and always by its author. Only the author
    /// edits a draft or signs; the author or their supervisor amends; a supervisor of the author co-signs.
    static func decideService(_ actor: Actor, _ action: AccessAction, _ scope: ServiceScope) -> AccessDecision {
        guard actor.organizationID == scope.organizationID else { return .notFound }
        let (author, supervisesAuthor) = authorOrSupervisor(actor, authorID: scope.authorID, supervisorID: scope.authorSupervisorID)
        let visible: Bool
        if author || supervisesAuthor {
            visible = true
        } else if let participant = scope.participant {
            visible = canReach(actor, participant)
        } else {
            visible = actor.isClinical && actor.programIDs.contains(scope.programID)
        }
        guard visible else { return .notFound }
        switch action {
        case .read, .list: return .allow
        case .sign, .delete: return author ? .allow : .deny
        case .update: return author || supervisesAuthor ? .allow : .deny
        case .cosign: return supervisesAuthor && !author ? .allow : .deny
        default: return .deny
        }
    }

    /// Which roles an actor may hand out. Only a system administrator makes another one.
    public static func mayGrant(_ actor: Actor, _ role: Role, in organizationID: UUID) -> Bool {
        guard isAdmin(actor, of: organizationID) else { return false }
        if role == .systemAdmin { return actor.has(.systemAdmin) }
        return true
    }

    // MARK: - Scope helpers

    /// A program's report is counts only. Those who read its counts (`Role.programCounts`) in the
    /// program's organization, if they work in the program; its evaluators for every program of the
    /// organization (their work is outcome statistics, not a caseload); a county's program managers and
    /// evaluators for its providers' programs. Reading is the page or JSON; exporting is its CSV.
    static func decideReport(_ actor: Actor, _ action: AccessAction, _ scope: ReportScope) -> AccessDecision {
        let allowed: Bool
        if actor.organizationID == scope.organizationID {
            guard actor.programIDs.contains(scope.programID) || actor.has(.evaluator) else { return .notFound }
            allowed = actor.hasAny(Role.programCounts)
        } else if actor.organizationID == scope.parentOrganizationID {
            allowed = actor.has(.programManager) || actor.has(.evaluator)
        } else {
            return .notFound
        }
        return allowed && [.read, .export].contains(action) ? .allow : .deny
    }

    static func administers(_ actor: Actor, _ orgID: UUID) -> Bool {
        actor.has(.systemAdmin) && actor.administeredOrganizationIDs.contains(orgID)
    }

    static func isAdmin(_ actor: Actor, of orgID: UUID) -> Bool {
        if actor.has(.organizationAdmin) && actor.organizationID == orgID { return true }
        return administers(actor, orgID)
    }

    /// A peer reaches their own caseload, a supervisor their team's, a program manager their programs',
    /// and each the people they took in.
    static func canReach(_ actor: Actor, _ scope: ParticipantScope) -> Bool {
        if actor.has(.peerSpecialist), scope.assignedPeerIDs.contains(actor.userID) { return true }
        // Whoever took a person in (logged their contact, created their record) follows them up.
        if actor.isClinical, scope.contactLoggedByIDs.contains(actor.userID) { return true }
        if actor.has(.supervisor), scope.supervisorIDs.contains(actor.userID) { return true }
        if actor.has(.programManager), managesProgramOf(actor, scope) { return true }
        return false
    }

    /// Supervisors and managers who reach a participant pair them with peers and approve overrides.
    static func oversees(_ actor: Actor, _ scope: ParticipantScope) -> Bool {
        let supervises = scope.supervisorIDs.contains(actor.userID) || scope.contactLoggedByIDs.contains(actor.userID)
        return (actor.has(.supervisor) && supervises) || (actor.has(.programManager) && managesProgramOf(actor, scope))
    }

    static func managesProgramOf(_ actor: Actor, _ scope: ParticipantScope) -> Bool {
        !actor.programIDs.isDisjoint(with: scope.programIDs)
    }
}
