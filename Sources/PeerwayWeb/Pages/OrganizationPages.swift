import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// Organizations: a county sees and adds the providers under it; an organization administrator edits their own.
enum OrganizationPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        table.add(.get, AdminRoutes.organizations, .page, .policy(.list, .organizations)) { _, context, resolved in
            try await listPage(context, env, try resolved.requireActor(), extra: [:], status: .ok)
        }

        table.add(.post, AdminRoutes.organizations, .page, .policy(.create, .organizations)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let form = try await FormData.read(request, context: context)
            let result = try await PageSupport.attempt {
                try await env.admin.createOrganization(name: form.string("name"), kind: .provider,
                                                            parentID: PageSupport.parseUUID(form["parent_id"]) ?? actor.organizationID,
                                                            by: actor, context: context.audit)
            }
            switch result {
            case .success(let org): return redirect("/admin/organizations/\(PageSupport.id(org.id))")
            case .failure(let error):
                var extra = PageSupport.errorValues(error, env.localizer, context.locale)
                extra["name"] = form.string("name")
                return try await listPage(context, env, actor, extra: extra, status: error.status)
            }
        }

        table.add(.get, AdminRoutes.organization, .page, .policy(.read, .organization)) { _, context, resolved in
            try await detailPage(context, env, try resolved.requireActor(), resolved.organization!, extra: [:], status: .ok)
        }

        table.add(.post, AdminRoutes.organization, .page, .policy(.update, .organization)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let org = resolved.organization!
            let form = try await FormData.read(request, context: context)
            let result = try await PageSupport.attempt {
                try await env.admin.updateOrganization(org.id, name: form.string("name"), active: form["active"] == "on",
                                                            expectedVersion: PageSupport.parseInt(form["version"]), by: actor, context: context.audit)
            }
            switch result {
            case .success: return redirect("/admin/organizations/\(PageSupport.id(org.id))")
            case .failure(let error):
                var extra = PageSupport.errorValues(error, env.localizer, context.locale)
                extra["name"] = form.string("name")
                return try await detailPage(context, env, actor, org, extra: extra, status: error.status)
            }
        }
    }

    static func listPage(_ context: AppContext, _ env: AppEnvironment, _ actor: Actor, extra: [String: Any], status: HTTPResponse.Status) async throws -> Response {
        let orgs = try await env.db.read { conn in
            try await OrganizationRecords.list(ids: actor.administeredOrganizationIDs.union([actor.organizationID]), on: conn)
        }
        let l = env.localizer
        var values: [String: Any] = [
            "organizations": orgs.map { ["id": PageSupport.id($0.id), "name": $0.name, "kind": l.text("organization.kind.\($0.kind.rawValue)", context.locale),
                                         "active": $0.active] },
            "canCreate": AccessPolicy.decide(actor, .create, .organizations) == .allow,
            "parents": orgs.filter { $0.kind == .county && actor.administeredOrganizationIDs.contains($0.id) }.map { ["id": PageSupport.id($0.id), "name": $0.name] },
        ]
        values.merge(extra) { $1 }
        return env.renderer.page("organizations", titleKey: "organizations.title", values, context: context, status: status)
    }

    static func detailPage(_ context: AppContext, _ env: AppEnvironment, _ actor: Actor, _ org: Organization, extra: [String: Any], status: HTTPResponse.Status) async throws -> Response {
        let programs = try await env.db.read { conn in try await ProgramRecords.list(organizationIDs: [org.id], on: conn) }
        var values: [String: Any] = [
            "org": ["id": PageSupport.id(org.id), "name": org.name, "active": org.active, "version": org.version,
                    "kind": env.localizer.text("organization.kind.\(org.kind.rawValue)", context.locale)],
            "name": org.name,
            "programs": programs.map { ["id": PageSupport.id($0.id), "name": $0.name] },
            "canEdit": AccessPolicy.decide(actor, .update, .organization(id: org.id)) == .allow,
        ]
        values.merge(extra) { $1 }
        return env.renderer.page("organization", titleKey: "organization.title", values, context: context, status: status)
    }
}
