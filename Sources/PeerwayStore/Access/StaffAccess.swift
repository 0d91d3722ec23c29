import Foundation
import PeerwayCore

/// A staff member's workforce record is decided on the person and their supervisor: loaded by user id
/// in the actor's organization.
extension AccessResolver where Record == User {
    public static var staffRecord: Self {
        Self { id, actor, conn in
            guard let user = try await UserRecords.get(id, on: conn), user.organizationID == actor.organizationID else { return nil }
            return (user, .staffRecord(Workforce.scope(of: user)))
        }
    }

    /// The same person's wellness check-ins: theirs and their supervisor's alone.
    public static var wellness: Self {
        Self { id, actor, conn in
            guard let user = try await UserRecords.get(id, on: conn), user.organizationID == actor.organizationID else { return nil }
            return (user, .wellness(Workforce.scope(of: user)))
        }
    }
}
