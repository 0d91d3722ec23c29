import Foundation
import PeerwayCore

extension AccessResolver where Record == Organization {
    /// An organization; the policy decides whether the actor administers or belongs to it.
    public static var organization: Self {
        Self { id, _, conn in
            guard let org = try await OrganizationRecords.get(id, on: conn) else { return nil }
            return (org, .organization(id: org.id))
        }
    }
}

extension AccessResolver where Record == Program {
    public static var program: Self {
        Self { id, _, conn in
            guard let program = try await ProgramRecords.get(id, on: conn) else { return nil }
            return (program, .program(organizationID: program.organizationID, programID: program.id))
        }
    }
}

extension AccessResolver where Record == User {
    public static var user: Self {
        Self { id, _, conn in
            guard let user = try await UserRecords.get(id, on: conn) else { return nil }
            return (user, .user(organizationID: user.organizationID, userID: user.id))
        }
    }
}
