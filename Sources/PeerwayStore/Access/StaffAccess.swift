import Foundation
import PeerwayCore

/// A staff member's workforce record is decided on the person and their supervisor: loaded by user id
/// in the actor's organization.
extension AccessResolver where Record == User {
    public static var staffRecord: Self { staff { .staffRecord($0) } }

    /// The same person's wellness check-ins: theirs and their supervisor's alone.
    public static var wellness: Self { staff { .wellness($0) } }

    private static func staff(_ resource: @escaping @Sendable (StaffScope) -> AccessResource) -> Self {
        Self { id, actor, conn in
            guard let user = try await UserRecords.get(id, on: conn), user.organizationID == actor.organizationID else { return nil }
            return (user, resource(Workforce.scope(of: user)))
        }
    }
}
