import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// People who work in an organization: administrators add them, set roles, programs and supervisor,
/// reset passwords and disable accounts; supervisors and managers can look their colleagues up.
enum UserPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        table.add(.get, AdminRoutes.users, .page, .policy(.list, .users)) { request, context, resolved in
            try await listPage(request, context, env, try resolved.requireActor(), extra: [:], status: .ok)
        }

        table.add(.post, AdminRoutes.users, .page, .policy(.create, .users)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let form = try await FormData.read(request, context: context)
            let roles = Set(form.all("roles").compactMap(Role.init(rawValue:)))
            let input = Administration.NewUser(
                email: form.string("email"), displayName: form.string("display_name"), password: form.string("password"),
                roles: roles, programIDs: Set(form.all("program_ids").compactMap(UUID.init(uuidString:))),
                supervisorID: PageSupport.parseUUID(form["supervisor_id"]))
            // A county's system administrator adds people to the providers under it too.
            let orgID = PageSupport.parseUUID(form["organization_id"]) ?? actor.organizationID
            let result = try await PageSupport.attempt {
                try await env.admin.createUser(input, organizationID: orgID, by: actor, context: context.audit)
            }
            switch result {
            case .success(let user): return redirect("/admin/users/\(PageSupport.id(user.id))")
            case .failure(let error):
                var extra = PageSupport.errorValues(error, env.localizer, context.locale)
                extra["form"] = ["email": form.string("email"), "display_name": form.string("display_name")]
                extra["checkedRoles"] = roles.map(\.rawValue)
                extra["chosenOrganization"] = PageSupport.id(orgID)
                return try await listPage(request, context, env, actor, extra: extra, status: error.status)
            }
        }

        table.add(.get, AdminRoutes.user, .page, .policy(.read, .user)) { _, context, resolved in
            try await detailPage(context, env, try resolved.requireActor(), resolved.user!, extra: [:], status: .ok)
        }

        table.add(.post, AdminRoutes.user, .page, .policy(.update, .user)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let user = resolved.user!
            let form = try await FormData.read(request, context: context)
            var changes = Administration.UserChanges(displayName: form.string("display_name"), locale: form["locale"])
            // Privilege fields are only sent by administrators' forms; leaving them out changes nothing.
            if form["privileges_present"] != nil {
                changes.roles = Set(form.all("roles").compactMap(Role.init(rawValue:)))
                changes.programIDs = Set(form.all("program_ids").compactMap(UUID.init(uuidString:)))
                changes.supervisorID = .some(PageSupport.parseUUID(form["supervisor_id"]))
                changes.disabled = form["disabled"] != nil
            }
            let result = try await PageSupport.attempt {
                try await env.admin.updateUser(user.id, changes, expectedVersion: PageSupport.parseInt(form["version"]), by: actor, context: context.audit)
            }
            switch result {
            case .success: return redirect("/admin/users/\(PageSupport.id(user.id))")
            case .failure(let error):
                return try await detailPage(context, env, actor, user, extra: PageSupport.errorValues(error, env.localizer, context.locale), status: error.status)
            }
        }

        table.add(.post, AdminRoutes.userPassword, .page, .policy(.managePrivileges, .user)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let user = resolved.user!
            let form = try await FormData.read(request, context: context)
            let result = try await PageSupport.attempt {
                try await env.admin.setPassword(user.id, newPassword: form.string("password"), currentPassword: nil,
                                                     revokeTokens: form["keep_tokens"] == nil, by: actor, context: context.audit)
            }
            switch result {
            case .success:
                return try await detailPage(context, env, actor, user, extra: ["notice": env.localizer.text("user.password_reset_done", context.locale)], status: .ok)
            case .failure(let error):
                return try await detailPage(context, env, actor, user, extra: PageSupport.errorValues(error, env.localizer, context.locale), status: error.status)
            }
        }
    }

    static func roleOptions(_ actor: Actor, _ orgID: UUID, checked: Set<String>, _ l: Localizer, _ locale: String) -> [[String: Any]] {
        Role.allCases.filter { AccessPolicy.mayGrant(actor, $0, in: orgID) }.map {
            ["value": $0.rawValue, "label": l.text($0.labelKey, locale), "checked": checked.contains($0.rawValue)]
        }
    }

    static func listPage(_ request: Request, _ context: AppContext, _ env: AppEnvironment, _ actor: Actor, extra: [String: Any], status: HTTPResponse.Status) async throws -> Response {
        let query = QueryParameters(request)
        var filter = UserRecords.ListFilter(organizationIDs: actor.administeredOrganizationIDs.union([actor.organizationID]))
        // A search the input rule refuses is not run: the box shows why (and never its control characters).
        let refused = !query.errors.isEmpty
        filter.search = refused ? (TextRules.containsForbidden(query["q"] ?? "") ? nil : query["q"]) : query["q"]
        filter.role = query["role"].flatMap { Role(rawValue: $0) }
        filter.limit = 100
        filter.offset = max(0, Int(query["offset"] ?? "0") ?? 0)
        let orgID = actor.organizationID
        // Every organization the actor may add people to: their own, and for a county's system
        // administrator the providers under it. Programs and supervisors are offered from all of
        // them, named with their organization when there is more than one.
        let candidates = actor.administeredOrganizationIDs.union([orgID])
            .filter { AccessPolicy.decide(actor, .create, .user(organizationID: $0, userID: nil)) == .allow }
        let (users, programs, supervisors, orgs) = try await env.db.read { [filter] conn in
            let users = try await refused ? [] : UserRecords.list(filter, on: conn)
            let programs = try await ProgramRecords.list(organizationIDs: candidates, on: conn)
            var supFilter = UserRecords.ListFilter(organizationIDs: candidates)
            supFilter.role = .supervisor
            supFilter.includeDisabled = false
            supFilter.limit = 500
            return (users, programs, try await UserRecords.list(supFilter, on: conn), try await OrganizationRecords.list(ids: candidates, on: conn))
        }
        let orgName = Dictionary(uniqueKeysWithValues: orgs.map { ($0.id, $0.name) })
        func label(_ name: String, _ org: UUID) -> String { orgs.count > 1 ? "\(name) (\(orgName[org] ?? ""))" : name }
        let chosen = (extra["chosenOrganization"] as? String) ?? PageSupport.id(orgID)
        let l = env.localizer
        let locale = context.locale
        let checked = Set((extra["checkedRoles"] as? [String]) ?? [Role.peerSpecialist.rawValue])
        var values: [String: Any] = [
            "users": users.map { u -> [String: Any] in
                ["id": PageSupport.id(u.id), "name": u.displayName, "email": u.email, "disabled": u.disabled,
                 "roles": u.roles.sorted().map { l.text($0.labelKey, locale) }.joined(separator: ", ")]
            },
            "q": filter.search ?? "",
            "roleFilter": Role.allCases.map { ["value": $0.rawValue, "label": l.text($0.labelKey, locale), "selected": filter.role == $0] },
            "canCreate": AccessPolicy.decide(actor, .create, .user(organizationID: orgID, userID: nil)) == .allow,
            "roleOptions": roleOptions(actor, orgID, checked: checked, l, locale),
            "programOptions": programs.map { ["value": PageSupport.id($0.id), "label": label($0.name, $0.organizationID)] },
            "supervisorOptions": supervisors.map { ["value": PageSupport.id($0.id), "label": label($0.displayName, $0.organizationID)] },
            "chooseOrganization": orgs.count > 1,
            "organizationOptions": orgs.sorted { ($0.kind == .county ? 0 : 1, $0.name) < ($1.kind == .county ? 0 : 1, $1.name) }
                .map { ["value": PageSupport.id($0.id), "label": $0.name, "selected": PageSupport.id($0.id) == chosen] },
            "nextPage": users.count == filter.limit ? nextPage(filter) : "",
        ]
        var status = status
        if refused {
            let errors = PageSupport.fieldErrors(query.errors.errors, l, locale)
            values["qError"] = errors["q"] ?? errors.values.first ?? ""
            status = .unprocessableContent
        }
        values.merge(extra) { $1 }
        return env.renderer.page("users", titleKey: "users.title", values, context: context, status: status)
    }

    /// The query string of the next page, keeping the search and role filters.
    static func nextPage(_ filter: UserRecords.ListFilter) -> String {
        QueryParameters.encode([("q", filter.search), ("role", filter.role?.rawValue), ("offset", String(filter.offset + filter.limit))])
    }

    static func detailPage(_ context: AppContext, _ env: AppEnvironment, _ actor: Actor, _ user: User, extra: [String: Any], status: HTTPResponse.Status) async throws -> Response {
        let orgID = user.organizationID
        let (fresh, programs, supervisors) = try await env.db.read { conn in
            let fresh = try await UserRecords.get(user.id, on: conn) ?? user
            let programs = try await ProgramRecords.list(organizationIDs: [orgID], on: conn)
            var supFilter = UserRecords.ListFilter(organizationIDs: [orgID])
            supFilter.role = .supervisor
            supFilter.includeDisabled = false
            supFilter.limit = 500
            return (fresh, programs, try await UserRecords.list(supFilter, on: conn).filter { $0.id != user.id })
        }
        let l = env.localizer
        let locale = context.locale
        let resource = AccessResource.user(organizationID: orgID, userID: user.id)
        let canManage = AccessPolicy.decide(actor, .managePrivileges, resource) == .allow
        var values: [String: Any] = [
            "user": ["id": PageSupport.id(fresh.id), "name": fresh.displayName, "email": fresh.email, "disabled": fresh.disabled,
                     "version": fresh.version, "totp": fresh.totpEnabled,
                     "roles": fresh.roles.sorted().map { l.text($0.labelKey, locale) }.joined(separator: ", "),
                     "created": PageSupport.date(fresh.createdAt)],
            "canEdit": AccessPolicy.decide(actor, .update, resource) == .allow,
            "canManage": canManage,
            "roleOptions": roleOptions(actor, orgID, checked: Set(fresh.roles.map(\.rawValue)), l, locale),
            "programOptions": programs.map { ["value": PageSupport.id($0.id), "label": $0.name, "checked": fresh.programIDs.contains($0.id)] },
            "supervisorOptions": supervisors.map { ["value": PageSupport.id($0.id), "label": $0.displayName, "selected": fresh.supervisorID == $0.id] },
            "localeOptions": l.locales.map { ["value": $0, "label": l.text("locale.\($0)", locale), "selected": fresh.locale == $0] },
        ]
        values.merge(extra) { $1 }
        return env.renderer.page("user", titleKey: "user.title", values, context: context, status: status)
    }
}
