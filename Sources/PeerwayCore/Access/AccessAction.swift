/// What an actor wants to do. Reads of lists and of single records are distinct so that a role may
/// search a collection without seeing every record in it.
public enum AccessAction: String, CaseIterable, Sendable, Codable {
    case list
    case read
    case create
    case update
    case delete
    case export
    /// Changing who may do what: roles, program assignment, disabling a user.
    case managePrivileges = "manage_privileges"
    /// Pairing a participant with a peer specialist, or overriding a screen: a supervisor's or manager's call.
    case assign
    /// Signing a service note as its author: the note is locked from then on.
    case sign
    /// Co-signing a signed note as a supervisor of its author.
    case cosign
}
