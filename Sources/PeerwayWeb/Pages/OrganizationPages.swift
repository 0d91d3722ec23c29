import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// The organizations an actor administers, with the form that adds a provider under a county.
struct OrganizationsView: PageView {
    struct Row: Encodable, Sendable { var name, kind: String; var active: Bool; var link: String }
    var organizations: [Row]
    var canCreate: Bool
    var parents: [PageSupport.Option]
    /// The name typed into a refused form.
    var name: String?
    /// The kinds of provider seed 003 names, the one chosen first.
    var providerTypes: [PageSupport.Option]
    var errors: [String: String] = [:], summary: String?
    var action = AdminRoutes.organizations()
}

/// One organization: its programs and the form that renames or deactivates it.
struct OrganizationView: PageView {
    /// `name` is the one in the form: as stored, or as typed into a refused form.
    var heading, kind, name: String
    var active: Bool
    var version: Int
    /// For a provider: the kinds it may be, its own first; empty for a county.
    var providerTypes: [PageSupport.Option]
    var programs: [PageSupport.Link]
    var canEdit: Bool
    var errors: [String: String] = [:], summary: String?
    var action: String
}

/// Organizations: a county sees and adds the providers under it; an organization administrator edits their own.
enum OrganizationPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        table.add(.get, AdminRoutes.organizations, .page, .policy(.list, .organizations)) { _, context, resolved in
            try await listPage(context, env, try resolved.requireActor())
        }

        table.form(AdminRoutes.organizations, .policy(.create, .organizations)) { form, actor, context, resolved in
            return try await PageSupport.submit {
                try await env.admin.createOrganization(name: form.string("name"), kind: .provider,
                                                            providerType: Organization.ProviderType(rawValue: form.string("provider_type")) ?? .provider,
                                                            parentID: PageSupport.parseUUID(form["parent_id"]) ?? actor.organizationID,
                                                            by: actor, context: context.audit)
            } then: { org in redirect(AdminRoutes.organization(org.id)) } refused: { error in
                try await listPage(context, env, actor, typed: form.string("name"),
                                   refused: PageSupport.formErrors(error, env, context))
            }
        }

        table.add(.get, AdminRoutes.organization, .page, .policy(.read, .organization)) { _, context, resolved in
            try await detailPage(context, env, try resolved.requireActor(), resolved.organization!)
        }

        table.form(AdminRoutes.organization, .policy(.update, .organization)) { form, actor, context, resolved in
            let org = resolved.organization!
            return try await PageSupport.submit {
                try await env.admin.updateOrganization(org.id, name: form.string("name"),
                                                            providerType: Organization.ProviderType(rawValue: form.string("provider_type")),
                                                            active: form["active"] == "on",
                                                            expectedVersion: PageSupport.parseInt(form["version"]), by: actor, context: context.audit)
            } then: { _ in redirect(AdminRoutes.organization(org.id)) } refused: { error in
                try await detailPage(context, env, actor, org, typed: form.string("name"),
                                     refused: PageSupport.formErrors(error, env, context))
            }
        }
    }

    static func listPage(_ context: AppContext, _ env: AppEnvironment, _ actor: Actor, typed: String? = nil,
                         refused: PageSupport.FormErrors = .init()) async throws -> Response {
        let orgs = try await env.db.read { conn in
            try await OrganizationRecords.list(ids: actor.administeredOrganizationIDs.union([actor.organizationID]), on: conn)
        }
        let l = env.localizer
        let view = OrganizationsView(
            organizations: orgs.map {
                .init(name: $0.name, kind: l.text("organization.kind.\($0.seedKind)", context.locale), active: $0.active, link: AdminRoutes.organization($0.id))
            },
            canCreate: AccessPolicy.decide(actor, .create, .organizations) == .allow,
            parents: orgs.filter { $0.kind == .county && actor.administeredOrganizationIDs.contains($0.id) }.map { .init(value: $0.id.text, label: $0.name) },
            name: typed, providerTypes: providerTypes(chosen: .provider, l, context.locale), errors: refused.errors, summary: refused.summary)
        return env.renderer.page("organizations", titleKey: "organizations.title", view: view, context: context, status: refused.status)
    }

    static func detailPage(_ context: AppContext, _ env: AppEnvironment, _ actor: Actor, _ org: Organization, typed: String? = nil,
                           refused: PageSupport.FormErrors = .init()) async throws -> Response {
        let programs = try await env.db.read { conn in try await ProgramRecords.list(organizationIDs: [org.id], on: conn) }
        let view = OrganizationView(
            heading: org.name, kind: env.localizer.text("organization.kind.\(org.seedKind)", context.locale), name: typed ?? org.name,
            active: org.active, version: org.version,
            providerTypes: org.kind == .provider ? providerTypes(chosen: org.providerType, env.localizer, context.locale) : [], programs: programs.map { .init(name: $0.name, link: AdminRoutes.program($0.id)) },
            canEdit: AccessPolicy.decide(actor, .update, .organization(id: org.id)) == .allow,
            errors: refused.errors, summary: refused.summary, action: AdminRoutes.organization(org.id))
        return env.renderer.page("organization", titleKey: "organization.title", view: view, context: context, status: refused.status)
    }

    /// Seed 003's kinds of provider, the chosen one first so the select opens on it.
    static func providerTypes(chosen: Organization.ProviderType, _ l: Localizer, _ locale: String) -> [PageSupport.Option] {
        ([chosen] + Organization.ProviderType.allCases.filter { $0 != chosen }).map { .init(value: $0.rawValue, label: l.text("organization.kind.\($0.rawValue)", locale)) }
    }
}
