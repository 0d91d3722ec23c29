import Foundation

/// Who may see and change a staff member's workforce record. HR is the organization's administrators:
/// they and the person see the whole profile; a supervisor and program managers see what the person
/// consented to share. Wellness check-ins are the person's and their supervisor's alone.
public enum WorkforcePolicy {
    /// Roles that read the organization's roster and workforce report.
    public static let overseers: Set<Role> = [.organizationAdmin, .programManager, .supervisor]

    public static func isHR(_ actor: Actor, of orgID: UUID) -> Bool {
        actor.has(.organizationAdmin) && actor.organizationID == orgID
    }

    /// The person and HR see the profile whole; anyone else sees what the person consented to share.
    public static func seesWholeProfile(_ actor: Actor, _ scope: StaffScope) -> Bool {
        actor.userID == scope.staffID || isHR(actor, of: scope.organizationID)
    }

    static func supervises(_ actor: Actor, _ scope: StaffScope) -> Bool {
        actor.has(.supervisor) && scope.supervisorID == actor.userID
    }

    /// - read, list: the person, HR, their supervisor, program managers;
    /// - create (log education, a training, a certification step): the person, HR, their supervisor — who
    ///   recorded what stays on each entry;
    /// - update (the profile): the person and HR, who see it whole;
    /// - assign (a new role on the career path): HR and the supervisor, never the person themselves.
    static func decideStaff(_ actor: Actor, _ action: AccessAction, _ scope: StaffScope) -> AccessDecision {
        guard actor.organizationID == scope.organizationID else { return .notFound }
        let own = actor.userID == scope.staffID, hr = isHR(actor, of: scope.organizationID), supervisor = supervises(actor, scope)
        guard own || hr || supervisor || actor.has(.programManager) else { return .notFound }
        switch action {
        case .read, .list: return .allow
        case .create: return own || hr || supervisor ? .allow : .deny
        case .update: return own || hr ? .allow : .deny
        case .assign: return (hr || supervisor) && !own ? .allow : .deny
        default: return .deny
        }
    }

    static func decideWellness(_ actor: Actor, _ action: AccessAction, _ scope: StaffScope) -> AccessDecision {
        guard actor.organizationID == scope.organizationID else { return .notFound }
        if actor.userID == scope.staffID { return [.read, .list, .create].contains(action) ? .allow : .deny }
        if supervises(actor, scope) { return [.read, .list].contains(action) ? .allow : .deny }
        return .notFound
    }

    /// Supervisors log sessions and read their team's hours; a program manager reads the page (their
    /// own team, often empty) but logs nothing unless they also supervise.
    static func decideSupervision(_ actor: Actor, _ action: AccessAction, _ orgID: UUID) -> AccessDecision {
        guard actor.organizationID == orgID else { return .notFound }
        switch action {
        case .list: return actor.has(.supervisor) || actor.has(.programManager) ? .allow : .deny
        case .create: return actor.has(.supervisor) ? .allow : .deny
        default: return .deny
        }
    }

    static func decideWorkforce(_ actor: Actor, _ action: AccessAction, _ orgID: UUID) -> AccessDecision {
        guard actor.organizationID == orgID else { return .notFound }
        switch action {
        // The training catalogue and the rule set are not personal: every member reads them.
        case .read: return .allow
        case .list: return actor.hasAny(overseers) ? .allow : .deny
        case .export: return actor.has(.organizationAdmin) || actor.has(.programManager) ? .allow : .deny
        case .create, .update: return isHR(actor, of: orgID) ? .allow : .deny
        default: return .deny
        }
    }
}

/// An organization's workforce settings: the certification rule set (California's unless another state's
/// is configured) and the supervision each peer is expected to receive a month.
public struct WorkforceSettings: Sendable, Equatable, Codable {
    public var certificationRules: CertificationRuleSet
    public var supervisionMinutesPerMonth: Int

    public init(certificationRules: CertificationRuleSet = .california, supervisionMinutesPerMonth: Int = SupervisionRules.defaultMonthlyMinutes) {
        self.certificationRules = certificationRules
        self.supervisionMinutesPerMonth = supervisionMinutesPerMonth
    }

    public static let supervisionMinutesRange = 0...2400

    public static func validate(_ settings: WorkforceSettings) throws(ValidationErrors) -> WorkforceSettings {
        var errors = ValidationErrors()
        var s = settings
        do { s.certificationRules = try CertificationRuleSet.validate(settings.certificationRules) } catch { errors.errors += error.errors }
        if !supervisionMinutesRange.contains(s.supervisionMinutesPerMonth) { errors.append(ValidationError("supervision_minutes", "out_of_range")) }
        try errors.throwIfAny()
        return s
    }
}
