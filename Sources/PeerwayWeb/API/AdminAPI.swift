import Foundation
import Hummingbird
import PeerwayCore
import PeerwayStore

/// API v1 for organizations, programs and users: the same workflows as the admin pages.
enum AdminAPI {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let admin = env.admin

        table.add(.get, AccountRoutes.API.me, .api, .policy(.read, .ownAccount)) { _, context, resolved in
            let actor = try resolved.requireActor()
            guard let user = context.user else { throw WebError.unauthenticated }
            return try APISupport.json(MeJSON(user: UserJSON(u: user), home_role: HomePage.primaryRole(actor).rawValue,
                                              administered_organization_ids: actor.administeredOrganizationIDs.sorted { $0.uuidString < $1.uuidString }))
        }

        // Organizations
        table.add(.get, AdminRoutes.API.organizations, .api, .policy(.list, .organizations)) { _, _, resolved in
            let actor = try resolved.requireActor()
            let orgs = try await env.db.read { conn in
                try await OrganizationRecords.list(ids: actor.administeredOrganizationIDs.union([actor.organizationID]), on: conn)
            }
            return try APISupport.json(ListJSON(items: orgs.map(OrganizationJSON.init), next_offset: nil))
        }
        table.json(.post, AdminRoutes.API.organizations, .policy(.create, .organizations), CreateOrganizationInput.self) { input, actor, request, context, resolved in
            let org = try await admin.createOrganization(name: input.name, kind: .provider,
                                                         providerType: try Organization.ProviderType.named(input.provider_type) ?? .provider,
                                                         parentID: input.parent_id ?? actor.organizationID,
                                                         by: actor, context: context.audit)
            return try APISupport.json(OrganizationJSON(o: org), status: .created, version: org.version)
        }
        table.add(.get, AdminRoutes.API.organization, .api, .policy(.read, .organization)) { _, _, resolved in
            let org = resolved.organization!
            return try APISupport.json(OrganizationJSON(o: org), version: org.version)
        }
        table.json(.patch, AdminRoutes.API.organization, .policy(.update, .organization), UpdateOrganizationInput.self) { input, actor, request, context, resolved in
            let org = resolved.organization!
            let version = try APISupport.ifMatch(request, current: org.version)
            let saved = try await admin.updateOrganization(org.id, name: input.name, providerType: try Organization.ProviderType.named(input.provider_type),
                                                           active: input.active, expectedVersion: version, by: actor, context: context.audit)
            return try APISupport.json(OrganizationJSON(o: saved), version: saved.version)
        }

        // Programs
        table.add(.get, AdminRoutes.API.programs, .api, .policy(.list, .programs)) { _, _, resolved in
            let actor = try resolved.requireActor()
            let programs = try await env.db.read { conn in
                try await ProgramRecords.list(organizationIDs: actor.administeredOrganizationIDs.union([actor.organizationID]), on: conn)
            }
            return try APISupport.json(ListJSON(items: programs.map(ProgramJSON.init), next_offset: nil))
        }
        table.json(.post, AdminRoutes.API.programs, .policy(.create, .programs), ProgramInputJSON.self) { input, actor, request, context, resolved in
            try input.checkLength()
            guard let name = input.name else { throw WebError.invalid(field: "name", code: "required", messageKey: "error.required") }
            guard let model = try APISupport.model(input.model) else { throw WebError.invalid(field: "model", code: "required", messageKey: "error.required") }
            let program = try await admin.createProgram(
                .init(name: name, description: input.description ?? "", model: model, defaultLengthDays: input.default_length_days,
                      reviewFrequencyDays: input.reviewFrequency(for: model), active: input.active ?? true),
                organizationID: input.organization_id ?? actor.organizationID, by: actor, context: context.audit)
            return try APISupport.json(ProgramJSON(p: program), status: .created, version: program.version)
        }
        table.add(.get, AdminRoutes.API.program, .api, .policy(.read, .program)) { _, _, resolved in
            let program = resolved.program!
            return try APISupport.json(ProgramJSON(p: program), version: program.version)
        }
        table.json(.patch, AdminRoutes.API.program, .policy(.update, .program), ProgramInputJSON.self) { input, actor, request, context, resolved in
            let p = resolved.program!
            try input.checkLength()
            let version = try APISupport.ifMatch(request, current: p.version)
            let model = try APISupport.model(input.model) ?? p.model
            let saved = try await admin.updateProgram(p.id, .init(
                name: input.name ?? p.name, description: input.description ?? p.description, model: model,
                defaultLengthDays: input.default_length_days ?? p.defaultLengthDays, reviewFrequencyDays: input.review_frequency_days ?? p.reviewFrequencyDays,
                active: input.active ?? p.active), expectedVersion: version, by: actor, context: context.audit)
            return try APISupport.json(ProgramJSON(p: saved), version: saved.version)
        }

        // Users
        table.add(.get, AdminRoutes.API.users, .api, .policy(.list, .users)) { request, _, resolved in
            let actor = try resolved.requireActor()
            let query = try QueryParameters.read(request)
            let (limit, offset) = try APISupport.paging(query)
            var filter = UserRecords.ListFilter(organizationIDs: actor.administeredOrganizationIDs.union([actor.organizationID]))
            filter.search = query["q"]
            if let role = query["role"] {
                guard let parsed = Role(rawValue: role) else { throw WebError.invalid(field: "role", code: "unknown_role", messageKey: "error.unknown_role") }
                filter.role = parsed
            }
            filter.limit = limit
            filter.offset = offset
            let users = try await env.db.read { conn in try await UserRecords.list(filter, on: conn) }
            return try APISupport.json(ListJSON(items: users.map(UserJSON.init), next_offset: users.count == limit ? offset + limit : nil))
        }
        table.json(.post, AdminRoutes.API.users, .policy(.create, .users), CreateUserInput.self) { input, actor, request, context, resolved in
            let user = try await admin.createUser(
                .init(email: input.email, displayName: input.display_name, password: input.password, roles: try APISupport.roles(input.roles),
                      programIDs: try APISupport.unique(input.program_ids ?? [], field: "program_ids"), supervisorID: input.supervisor_id, locale: input.locale ?? "en"),
                organizationID: input.organization_id ?? actor.organizationID, by: actor, context: context.audit)
            return try APISupport.json(UserJSON(u: user), status: .created, version: user.version)
        }
        table.add(.get, AdminRoutes.API.user, .api, .policy(.read, .user)) { _, _, resolved in
            let user = resolved.user!
            return try APISupport.json(UserJSON(u: user), version: user.version)
        }
        table.json(.patch, AdminRoutes.API.user, .policy(.update, .user), UpdateUserInput.self) { input, actor, request, context, resolved in
            let user = resolved.user!
            let version = try APISupport.ifMatch(request, current: user.version)
            let changes = Administration.UserChanges(
                displayName: input.display_name, roles: try input.roles.map(APISupport.roles), programIDs: try input.program_ids.map { try APISupport.unique($0, field: "program_ids") },
                supervisorID: input.supervisor_id, disabled: input.disabled, locale: input.locale)
            let saved = try await admin.updateUser(user.id, changes, expectedVersion: version, by: actor, context: context.audit)
            return try APISupport.json(UserJSON(u: saved), version: saved.version)
        }
    }
}
