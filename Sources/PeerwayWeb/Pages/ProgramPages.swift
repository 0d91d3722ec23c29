import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// Programs an organization runs: administrators add and edit them; a program manager edits their own.
enum ProgramPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        table.add(.get, AdminRoutes.programs, .page, .policy(.list, .programs)) { _, context, resolved in
            try await listPage(context, env, try resolved.requireActor(), extra: [:], status: .ok)
        }

        table.add(.post, AdminRoutes.programs, .page, .policy(.create, .programs)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let form = try await FormData.read(request, context: context)
            let orgID = PageSupport.parseUUID(form["organization_id"]) ?? actor.organizationID
            let result = try await PageSupport.attempt {
                try await env.admin.createProgram(input(form), organizationID: orgID, by: actor, context: context.audit)
            }
            switch result {
            case .success(let program): return redirect("/admin/programs/\(PageSupport.id(program.id))")
            case .failure(let error):
                var extra = PageSupport.errorValues(error, env.localizer, context.locale)
                extra["form"] = formValues(form)
                return try await listPage(context, env, actor, extra: extra, status: error.status)
            }
        }

        table.add(.get, AdminRoutes.program, .page, .policy(.read, .program)) { _, context, resolved in
            detailPage(context, env, try resolved.requireActor(), resolved.program!, extra: [:], status: .ok)
        }

        table.add(.post, AdminRoutes.program, .page, .policy(.update, .program)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let program = resolved.program!
            let form = try await FormData.read(request, context: context)
            let result = try await PageSupport.attempt {
                try await env.admin.updateProgram(program.id, input(form), expectedVersion: PageSupport.parseInt(form["version"]), by: actor, context: context.audit)
            }
            switch result {
            case .success: return redirect("/admin/programs/\(PageSupport.id(program.id))")
            case .failure(let error):
                var extra = PageSupport.errorValues(error, env.localizer, context.locale)
                extra["form"] = formValues(form)
                return detailPage(context, env, actor, program, extra: extra, status: error.status)
            }
        }
    }

    static func input(_ form: FormData) -> Administration.ProgramInput {
        Administration.ProgramInput(
            name: form.string("name"), description: form.string("description"),
            model: Program.Model(rawValue: form.string("model")) ?? .longTerm,
            defaultLengthDays: PageSupport.parseInt(form["default_length_days"]),
            reviewFrequencyDays: PageSupport.parseInt(form["review_frequency_days"]) ?? 0,
            active: form["active"] != nil || form["active_present"] == nil)
    }

    static func formValues(_ form: FormData) -> [String: Any] {
        ["name": form.string("name"), "description": form.string("description"), "default_length_days": form.string("default_length_days"),
         "review_frequency_days": form.string("review_frequency_days"), "timeLimited": form.string("model") == "time_limited",
         "active": form["active"] != nil]
    }

    static func values(_ program: Program) -> [String: Any] {
        ["id": PageSupport.id(program.id), "name": program.name, "description": program.description,
         "default_length_days": program.defaultLengthDays.map(String.init) ?? "", "review_frequency_days": String(program.reviewFrequencyDays),
         "timeLimited": program.model == .timeLimited, "active": program.active, "version": program.version]
    }

    static func listPage(_ context: AppContext, _ env: AppEnvironment, _ actor: Actor, extra: [String: Any], status: HTTPResponse.Status) async throws -> Response {
        let orgIDs = actor.administeredOrganizationIDs.union([actor.organizationID])
        let (programs, orgs) = try await env.db.read { conn in
            (try await ProgramRecords.list(organizationIDs: orgIDs, on: conn), try await OrganizationRecords.list(ids: orgIDs, on: conn))
        }
        let names = Dictionary(uniqueKeysWithValues: orgs.map { ($0.id, $0.name) })
        let l = env.localizer
        var values: [String: Any] = [
            "programs": programs.map { p -> [String: Any] in
                ["id": PageSupport.id(p.id), "name": p.name, "organization": names[p.organizationID] ?? "",
                 "model": l.text("program.model.\(p.model.rawValue)", context.locale), "active": p.active]
            },
            "canCreate": AccessPolicy.decide(actor, .create, .program(organizationID: actor.organizationID, programID: nil)) == .allow,
            "organizations": orgs.filter { AccessPolicy.decide(actor, .create, .program(organizationID: $0.id, programID: nil)) == .allow }
                .map { ["id": PageSupport.id($0.id), "name": $0.name, "selected": $0.id == actor.organizationID] },
            "form": ["review_frequency_days": "90", "active": true] as [String: Any],
        ]
        values.merge(extra) { $1 }
        return env.renderer.page("programs", titleKey: "programs.title", values, context: context, status: status)
    }

    static func detailPage(_ context: AppContext, _ env: AppEnvironment, _ actor: Actor, _ program: Program, extra: [String: Any], status: HTTPResponse.Status) -> Response {
        var values: [String: Any] = [
            "program": values(program),
            "form": values(program),
            "canEdit": AccessPolicy.decide(actor, .update, .program(organizationID: program.organizationID, programID: program.id)) == .allow,
            "model": env.localizer.text("program.model.\(program.model.rawValue)", context.locale),
            "mayViewMix": AccessPolicy.decide(actor, .list, .services(organizationID: program.organizationID, programID: program.id)) == .allow,
        ]
        values.merge(extra) { $1 }
        return env.renderer.page("program", titleKey: "program.title", values, context: context, status: status)
    }
}
