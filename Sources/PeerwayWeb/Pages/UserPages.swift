import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// The people of the organizations an actor administers, searchable, with the form that adds one.
struct UsersView: PageView {
    struct Row: Encodable, Sendable { var name, email, roles: String; var disabled: Bool; var link: String }
    var users: [Row]
    var q, qError: String?
    var roleFilter: [PageSupport.Option]
    var canCreate: Bool
    var roleOptions, programOptions, supervisorOptions, organizationOptions: [PageSupport.Option]
    var chooseOrganization: Bool
    var nextPage: String?
    /// What was typed into a refused form, keyed by field name.
    var form: [String: String] = [:]
    var errors: [String: String] = [:], summary: String?
    var action = AdminRoutes.users()
}

/// One person: their facts, the form that edits them, and for an administrator their privileges and password.
struct UserView: PageView {
    struct Person: Encodable, Sendable { var name, email, roles, created: String; var disabled, totp: Bool; var version: Int }
    var user: Person
    var canEdit, canManage: Bool
    var roleOptions, programOptions, supervisorOptions, localeOptions: [PageSupport.Option]
    var notice: String?
    var errors: [String: String] = [:], summary: String?
    var action, passwordAction, auditLink: String
}

/// People who work in an organization: administrators add them, set roles, programs and supervisor,
/// reset passwords and disable accounts; supervisors and managers can look their colleagues up.
enum UserPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        table.add(.get, AdminRoutes.users, .page, .policy(.list, .users)) { request, context, resolved in
            try await listPage(request, context, env, try resolved.requireActor())
        }

        table.add(.post, AdminRoutes.users, .page, .policy(.create, .users)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let form = try await FormData.read(request, context: context)
            let input = Administration.NewUser(
                email: form.string("email"), displayName: form.string("display_name"), password: form.string("password"),
                roles: Set(form.all("roles").compactMap(Role.init(rawValue:))), programIDs: Set(form.all("program_ids").compactMap(UUID.init(uuidString:))),
                supervisorID: PageSupport.parseUUID(form["supervisor_id"]))
            // A county's system administrator adds people to the providers under it too.
            let orgID = PageSupport.parseUUID(form["organization_id"]) ?? actor.organizationID
            return try await PageSupport.submit {
                try await env.admin.createUser(input, organizationID: orgID, by: actor, context: context.audit)
            } then: { user in redirect(AdminRoutes.user(user.id)) } refused: { error in
                try await listPage(request, context, env, actor, refused: (PageSupport.formErrors(error, env, context), form))
            }
        }

        table.add(.get, AdminRoutes.user, .page, .policy(.read, .user)) { _, context, resolved in
            try await detailPage(context, env, try resolved.requireActor(), resolved.user!)
        }

        table.form(AdminRoutes.user, .policy(.update, .user)) { form, actor, context, resolved in
            let user = resolved.user!
            var changes = Administration.UserChanges(displayName: form.string("display_name"), locale: form["locale"])
            // Privilege fields are only sent by administrators' forms; leaving them out changes nothing.
            if form["privileges_present"] != nil {
                changes.roles = Set(form.all("roles").compactMap(Role.init(rawValue:)))
                changes.programIDs = Set(form.all("program_ids").compactMap(UUID.init(uuidString:)))
                changes.supervisorID = .some(PageSupport.parseUUID(form["supervisor_id"]))
                changes.disabled = form["disabled"] != nil
            }
            return try await PageSupport.submit {
                try await env.admin.updateUser(user.id, changes, expectedVersion: PageSupport.parseInt(form["version"]), by: actor, context: context.audit)
            } then: { _ in redirect(AdminRoutes.user(user.id)) } refused: { error in
                try await detailPage(context, env, actor, user, refused: PageSupport.formErrors(error, env, context))
            }
        }

        table.form(AdminRoutes.userPassword, .policy(.managePrivileges, .user)) { form, actor, context, resolved in
            let user = resolved.user!
            return try await PageSupport.submit {
                try await env.admin.setPassword(user.id, newPassword: form.string("password"), currentPassword: nil,
                                                     revokeTokens: form["keep_tokens"] == nil, by: actor, context: context.audit)
            } then: { _ in
                try await detailPage(context, env, actor, user, notice: env.localizer.text("user.password_reset_done", context.locale))
            } refused: { error in
                try await detailPage(context, env, actor, user, refused: PageSupport.formErrors(error, env, context))
            }
        }
    }

    static func roleOptions(_ actor: Actor, _ orgID: UUID, checked: Set<String>, _ l: Localizer, _ locale: String) -> [PageSupport.Option] {
        Role.allCases.filter { AccessPolicy.mayGrant(actor, $0, in: orgID) }.map {
            .init(value: $0.rawValue, label: l.text($0.labelKey, locale), selected: checked.contains($0.rawValue))
        }
    }

    /// The list; after a refused "add", the form keeps what was typed, the roles checked and the organization chosen.
    static func listPage(_ request: Request, _ context: AppContext, _ env: AppEnvironment, _ actor: Actor,
                         refused: (errors: PageSupport.FormErrors, form: FormData)? = nil) async throws -> Response {
        let query = QueryParameters(request)
        var filter = UserRecords.ListFilter(organizationIDs: actor.administeredOrganizationIDs.union([actor.organizationID]))
        // A search the input rule refuses is not run: the box shows why (and never its control characters).
        let refusedSearch = !query.errors.isEmpty
        filter.search = refusedSearch ? (TextRules.containsForbidden(query["q"] ?? "") ? nil : query["q"]) : query["q"]
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
            let users = try await refusedSearch ? [] : UserRecords.list(filter, on: conn)
            let programs = try await ProgramRecords.list(organizationIDs: candidates, on: conn)
            var supFilter = UserRecords.ListFilter(organizationIDs: candidates)
            supFilter.role = .supervisor
            supFilter.includeDisabled = false
            supFilter.limit = 500
            return (users, programs, try await UserRecords.list(supFilter, on: conn), try await OrganizationRecords.list(ids: candidates, on: conn))
        }
        let orgName = Dictionary(uniqueKeysWithValues: orgs.map { ($0.id, $0.name) })
        func label(_ name: String, _ org: UUID) -> String { orgs.count > 1 ? "\(name) (\(orgName[org] ?? ""))" : name }
        let typed = refused?.form
        let chosen = typed.flatMap { PageSupport.parseUUID($0["organization_id"]) } ?? orgID
        let l = env.localizer, locale = context.locale
        let searchErrors = PageSupport.fieldErrors(query.errors.errors, l, locale)
        let view = UsersView(
            users: users.map { .init(name: $0.displayName, email: $0.email, roles: PageSupport.roles($0.roles, l, locale), disabled: $0.disabled, link: AdminRoutes.user($0.id)) },
            q: filter.search, qError: refusedSearch ? searchErrors["q"] ?? searchErrors.values.first : nil,
            roleFilter: Role.allCases.map { .init(value: $0.rawValue, label: l.text($0.labelKey, locale), selected: filter.role == $0) },
            canCreate: AccessPolicy.decide(actor, .create, .user(organizationID: orgID, userID: nil)) == .allow,
            roleOptions: roleOptions(actor, orgID, checked: typed.map { Set($0.all("roles")) } ?? [Role.peerSpecialist.rawValue], l, locale),
            programOptions: programs.map { .init(value: $0.id.text, label: label($0.name, $0.organizationID)) },
            supervisorOptions: supervisors.map { .init(value: $0.id.text, label: label($0.displayName, $0.organizationID)) },
            organizationOptions: orgs.sorted { ($0.kind == .county ? 0 : 1, $0.name) < ($1.kind == .county ? 0 : 1, $1.name) }
                .map { .init(value: $0.id.text, label: $0.name, selected: $0.id == chosen) },
            chooseOrganization: orgs.count > 1,
            nextPage: users.count == filter.limit ? AdminRoutes.users(query: ["q": filter.search ?? "", "role": filter.role?.rawValue ?? "",
                                                                              "offset": String(filter.offset + filter.limit)]) : nil,
            form: typed.map { ["email": $0.string("email"), "display_name": $0.string("display_name")] } ?? [:],
            errors: refused?.errors.errors ?? [:], summary: refused?.errors.summary)
        let status = refusedSearch ? .unprocessableContent : refused?.errors.status ?? .ok
        return env.renderer.page("users", titleKey: "users.title", view: view, context: context, status: status)
    }

    static func detailPage(_ context: AppContext, _ env: AppEnvironment, _ actor: Actor, _ user: User, notice: String? = nil,
                           refused: PageSupport.FormErrors = .init()) async throws -> Response {
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
        let l = env.localizer, locale = context.locale
        let resource = AccessResource.user(organizationID: orgID, userID: user.id)
        let view = UserView(
            user: .init(name: fresh.displayName, email: fresh.email, roles: PageSupport.roles(fresh.roles, l, locale), created: PageSupport.date(fresh.createdAt),
                        disabled: fresh.disabled, totp: fresh.totpEnabled, version: fresh.version),
            canEdit: AccessPolicy.decide(actor, .update, resource) == .allow,
            canManage: AccessPolicy.decide(actor, .managePrivileges, resource) == .allow,
            roleOptions: roleOptions(actor, orgID, checked: Set(fresh.roles.map(\.rawValue)), l, locale),
            programOptions: programs.map { .init(value: $0.id.text, label: $0.name, selected: fresh.programIDs.contains($0.id)) },
            supervisorOptions: supervisors.map { .init(value: $0.id.text, label: $0.displayName, selected: fresh.supervisorID == $0.id) },
            localeOptions: PageSupport.localeOptions(l, locale, selected: fresh.locale),
            notice: notice, errors: refused.errors, summary: refused.summary,
            action: AdminRoutes.user(fresh.id), passwordAction: AdminRoutes.userPassword(fresh.id), auditLink: AdminRoutes.audit(query: ["user": fresh.id.text]))
        return env.renderer.page("user", titleKey: "user.title", view: view, context: context, status: refused.status)
    }
}
