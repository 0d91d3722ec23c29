import Foundation

/// The thing acted on, described by what the policy needs to decide: which organization holds it
/// and, for participant data, which programs and caseloads it belongs to.
public enum AccessResource: Sendable, Equatable {
    /// An organization; `id` is the organization itself.
    case organization(id: UUID)
    /// The collection of organizations an actor can see (list) or add to (create).
    case organizations
    /// A program, or the programs of an organization when `programID` is nil.
    case program(organizationID: UUID, programID: UUID?)
    /// A user account, or the users of an organization when `userID` is nil.
    case user(organizationID: UUID, userID: UUID?)
    /// The actor's own account: password, second factor, personal access tokens.
    case ownAccount
    /// The audit trail of an organization.
    case auditTrail(organizationID: UUID)
    /// The table of who may do what, derived from this policy.
    case accessMatrix(organizationID: UUID)
    /// A participant's record and everything recorded about them.
    case participant(ParticipantScope)
    /// Participants of an organization, optionally one program (search, caseload lists, create).
    case participants(organizationID: UUID, programID: UUID?)
    /// De-identified extracts and outcome statistics.
    case deidentifiedData(organizationID: UUID)
    /// One documented service (or outreach event) and its amendments.
    case service(ServiceScope)
    /// The services of a program: documenting (create), its service mix (list), the billing extract (export).
    case services(organizationID: UUID, programID: UUID)
    /// What one staff member documented: their week of services and outreach (list).
    case staffServices(StaffScope)
    /// A supervisor's team: its week (list) and the notes waiting for their co-signature (cosign).
    case team(organizationID: UUID)
    /// An organization's community resource directory (HSDS): its entries, imports, exports and settings.
    case directory(DirectoryScope)
    /// One staff member's workforce record: profile, certification, continuing education, trainings,
    /// supervision received, career.
    case staffRecord(StaffScope)
    /// One staff member's wellness check-ins: theirs and their supervisor's only.
    case wellness(StaffScope)
    /// An organization's workforce: its roster, report, training catalogue, certification rules and imports.
    case workforce(organizationID: UUID)
    /// A supervisor's supervision: their team's hours (list) and the sessions they log (create).
    case supervision(organizationID: UUID)
    /// A program's report (counts only): read as a page or JSON, exported as CSV.
    case programReport(ReportScope)

    public var kind: AuditResource {
        switch self {
        case .organization, .organizations: .organization
        case .program: .program
        case .user: .user
        case .ownAccount: .account
        case .auditTrail: .auditTrail
        case .accessMatrix: .accessMatrix
        case .participant, .participants: .participant
        case .deidentifiedData: .deidentifiedData
        case .service, .services, .staffServices, .team: .service
        case .directory: .directory
        case .staffRecord, .workforce: .workforce
        case .supervision: .supervisionSession
        case .wellness: .wellnessCheckIn
        case .programReport: .programReport
        }
    }
}

/// Where one participant's record sits: who may reach it follows from these facts alone.
public struct ParticipantScope: Sendable, Equatable {
    public let organizationID: UUID
    /// Programs where the participant has an episode of care (open or closed).
    public let programIDs: Set<UUID>
    /// Peer specialists the participant is currently assigned to.
    public let assignedPeerIDs: Set<UUID>
    /// Staff who logged a contact with the person: a peer follows up the people they met.
    public let contactLoggedByIDs: Set<UUID>
    /// Supervisors of the assigned peers and of those who logged contacts.
    public let supervisorIDs: Set<UUID>

    public init(organizationID: UUID, programIDs: Set<UUID>, assignedPeerIDs: Set<UUID>, contactLoggedByIDs: Set<UUID> = [],
                supervisorIDs: Set<UUID>) {
        self.organizationID = organizationID
        self.programIDs = programIDs
        self.assignedPeerIDs = assignedPeerIDs
        self.contactLoggedByIDs = contactLoggedByIDs
        self.supervisorIDs = supervisorIDs
    }
}

/// Where one documented service sits: who wrote it, under whose supervision, and whose record it is in.
public struct ServiceScope: Sendable, Equatable {
    public let organizationID: UUID
    public let programID: UUID
    /// The peer who gave the service and wrote the note.
    public let authorID: UUID
    /// The author's supervisor, who co-signs when the program asks for it.
    public let authorSupervisorID: UUID?
    /// The participant's record the service belongs to; nil for an outreach or education event.
    public let participant: ParticipantScope?

    public init(organizationID: UUID, programID: UUID, authorID: UUID, authorSupervisorID: UUID?, participant: ParticipantScope?) {
        self.organizationID = organizationID
        self.programID = programID
        self.authorID = authorID
        self.authorSupervisorID = authorSupervisorID
        self.participant = participant
    }
}

/// Whose work or workforce record a request is about: the staff member, and their supervisor.
public struct StaffScope: Sendable, Equatable {
    public let organizationID: UUID
    public let staffID: UUID
    public let supervisorID: UUID?

    public init(organizationID: UUID, staffID: UUID, supervisorID: UUID?) {
        self.organizationID = organizationID
        self.staffID = staffID
        self.supervisorID = supervisorID
    }
}

/// Where a program sits, for its report: its organization and that organization's parent (a county
/// reads the reports of its providers' programs).
public struct ReportScope: Sendable, Equatable {
    public let organizationID: UUID
    public let parentOrganizationID: UUID?
    public let programID: UUID

    public init(organizationID: UUID, parentOrganizationID: UUID?, programID: UUID) {
        self.organizationID = organizationID
        self.parentOrganizationID = parentOrganizationID
        self.programID = programID
    }
}
