import Foundation

/// The policy written out as a table (role × resource × scope × action), for administrators to read
/// and for a test to pin, so that any change to who may do what shows up as a reviewed diff.
public enum AccessMatrix {
    public struct Row: Sendable, Equatable {
        public let role: Role
        public let resource: String
        public let scope: String
        public let action: AccessAction
        public let decision: AccessDecision
    }

    /// Scopes are described relative to the actor, so the table does not depend on any real ids.
    public static func rows() -> [Row] {
        let own = UUID(uuidString: "00000000-0000-0000-0000-00000000000A")!
        let child = UUID(uuidString: "00000000-0000-0000-0000-00000000000B")!
        let other = UUID(uuidString: "00000000-0000-0000-0000-00000000000C")!
        let me = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
        let colleague = UUID(uuidString: "00000000-0000-0000-0000-000000000002")!
        let myProgram = UUID(uuidString: "00000000-0000-0000-0000-0000000000A1")!
        let otherProgram = UUID(uuidString: "00000000-0000-0000-0000-0000000000A2")!

        let resources: [(String, String, AccessResource)] = [
            ("organization", "own", .organization(id: own)),
            ("organization", "provider_under_own", .organization(id: child)),
            ("organization", "other", .organization(id: other)),
            ("program", "own_program", .program(organizationID: own, programID: myProgram)),
            ("program", "other_program_same_org", .program(organizationID: own, programID: otherProgram)),
            ("program", "other_org", .program(organizationID: other, programID: nil)),
            ("user", "self", .user(organizationID: own, userID: me)),
            ("user", "colleague", .user(organizationID: own, userID: colleague)),
            ("user", "provider_under_own", .user(organizationID: child, userID: nil)),
            ("user", "other_org", .user(organizationID: other, userID: nil)),
            ("audit_trail", "own", .auditTrail(organizationID: own)),
            ("audit_trail", "other_org", .auditTrail(organizationID: other)),
            ("participant", "own_caseload", .participant(.init(organizationID: own, programIDs: [myProgram], assignedPeerIDs: [me], supervisorIDs: []))),
            ("participant", "own_contact", .participant(.init(organizationID: own, programIDs: [myProgram], assignedPeerIDs: [colleague], contactLoggedByIDs: [me], supervisorIDs: []))),
            ("participant", "team_caseload", .participant(.init(organizationID: own, programIDs: [myProgram], assignedPeerIDs: [colleague], supervisorIDs: [me]))),
            ("participant", "own_program", .participant(.init(organizationID: own, programIDs: [myProgram], assignedPeerIDs: [colleague], supervisorIDs: [colleague]))),
            ("participant", "other_program", .participant(.init(organizationID: own, programIDs: [otherProgram], assignedPeerIDs: [colleague], supervisorIDs: [colleague]))),
            ("participant", "other_org", .participant(.init(organizationID: other, programIDs: [myProgram], assignedPeerIDs: [me], supervisorIDs: [me]))),
            ("deidentified_data", "own", .deidentifiedData(organizationID: own)),
            ("service", "own_note", .service(.init(organizationID: own, programID: myProgram, authorID: me, authorSupervisorID: colleague,
                                                    participant: .init(organizationID: own, programIDs: [myProgram], assignedPeerIDs: [me], supervisorIDs: [colleague])))),
            ("service", "note_by_supervisee", .service(.init(organizationID: own, programID: myProgram, authorID: colleague, authorSupervisorID: me,
                                                              participant: .init(organizationID: own, programIDs: [myProgram], assignedPeerIDs: [colleague], supervisorIDs: [me])))),
            ("service", "colleague_note_own_caseload", .service(.init(organizationID: own, programID: myProgram, authorID: colleague, authorSupervisorID: nil,
                                                                       participant: .init(organizationID: own, programIDs: [myProgram], assignedPeerIDs: [me], supervisorIDs: [])))),
            ("service", "note_own_program", .service(.init(organizationID: own, programID: myProgram, authorID: colleague, authorSupervisorID: colleague,
                                                            participant: .init(organizationID: own, programIDs: [myProgram], assignedPeerIDs: [colleague], supervisorIDs: [colleague])))),
            ("service", "outreach_own_program", .service(.init(organizationID: own, programID: myProgram, authorID: colleague, authorSupervisorID: nil, participant: nil))),
            ("service", "note_other_program", .service(.init(organizationID: own, programID: otherProgram, authorID: colleague, authorSupervisorID: colleague,
                                                              participant: .init(organizationID: own, programIDs: [otherProgram], assignedPeerIDs: [colleague], supervisorIDs: [colleague])))),
            ("service", "other_org", .service(.init(organizationID: other, programID: myProgram, authorID: me, authorSupervisorID: nil, participant: nil))),
            ("program_report", "own_program", .programReport(.init(organizationID: own, parentOrganizationID: nil, programID: myProgram))),
            ("program_report", "other_program", .programReport(.init(organizationID: own, parentOrganizationID: nil, programID: otherProgram))),
            ("program_report", "provider_under_own", .programReport(.init(organizationID: child, parentOrganizationID: own, programID: otherProgram))),
            ("program_report", "other_org", .programReport(.init(organizationID: other, parentOrganizationID: nil, programID: myProgram))),
            ("services", "own_program", .services(organizationID: own, programID: myProgram)),
            ("services", "other_program", .services(organizationID: own, programID: otherProgram)),
            ("staff_services", "self", .staffServices(.init(organizationID: own, staffID: me, supervisorID: colleague))),
            ("staff_services", "supervisee", .staffServices(.init(organizationID: own, staffID: colleague, supervisorID: me))),
            ("staff_services", "colleague", .staffServices(.init(organizationID: own, staffID: colleague, supervisorID: colleague))),
            ("staff_services", "other_org", .staffServices(.init(organizationID: other, staffID: me, supervisorID: nil))),
            ("team", "own", .team(organizationID: own)),
            ("team", "other_org", .team(organizationID: other)),
            ("directory", "own", .directory(.init(organizationID: own))),
            ("directory", "shared_by_parent", .directory(.init(organizationID: other, sharedWith: [own]))),
            ("directory", "other_org", .directory(.init(organizationID: other))),
            ("staff_record", "self", .staffRecord(.init(organizationID: own, staffID: me, supervisorID: colleague))),
            ("staff_record", "supervisee", .staffRecord(.init(organizationID: own, staffID: colleague, supervisorID: me))),
            ("staff_record", "colleague", .staffRecord(.init(organizationID: own, staffID: colleague, supervisorID: colleague))),
            ("staff_record", "other_org", .staffRecord(.init(organizationID: other, staffID: colleague, supervisorID: nil))),
            ("wellness", "self", .wellness(.init(organizationID: own, staffID: me, supervisorID: colleague))),
            ("wellness", "supervisee", .wellness(.init(organizationID: own, staffID: colleague, supervisorID: me))),
            ("wellness", "colleague", .wellness(.init(organizationID: own, staffID: colleague, supervisorID: colleague))),
            ("workforce", "own", .workforce(organizationID: own)),
            ("workforce", "other_org", .workforce(organizationID: other)),
            ("supervision", "own", .supervision(organizationID: own)),
        ]
        var rows: [Row] = []
        for role in Role.allCases {
            let actor = Actor(
                userID: me, organizationID: own, roles: [role], programIDs: [myProgram],
                administeredOrganizationIDs: role == .systemAdmin ? [own, child] : [own])
            for (name, scope, resource) in resources {
                for action in AccessAction.allCases {
                    rows.append(Row(role: role, resource: name, scope: scope, action: action,
                                    decision: AccessPolicy.decide(actor, action, resource)))
                }
            }
        }
        return rows
    }

    public static func csv() -> String {
        var lines = ["role,resource,scope,action,decision"]
        for row in rows() {
            lines.append("\(row.role.rawValue),\(row.resource),\(row.scope),\(row.action.rawValue),\(row.decision.rawValue)")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
