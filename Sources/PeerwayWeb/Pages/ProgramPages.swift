import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// A program's editable fields as stored, or as typed into a refused form: what the `program_form` partial shows.
struct ProgramForm: Encodable, Sendable {
    var name = "", description = "", defaultLengthDays = "", reviewFrequencyDays = ""
    var timeLimited = false, active = true
}

/// The programs of the organizations an actor administers, with the form that adds one.
struct ProgramsView: PageView {
    struct Row: Encodable, Sendable { var name, organization, model: String; var active: Bool; var link: String }
    var programs: [Row]
    var canCreate: Bool
    var organizations: [PageSupport.Option]
    var form = ProgramForm()
    var errors: [String: String] = [:], summary: String?
    var action = AdminRoutes.programs()
}

/// One program, with its edit form and the links to its service mix and settings.
struct ProgramView: PageView {
    var name, description, model: String
    var version: Int
    var canEdit, mayViewMix: Bool
    var form: ProgramForm
    var errors: [String: String] = [:], summary: String?
    var action, mixLink, settingsLink: String
    var measuresLink = "", domainsLink = ""
}

/// Programs an organization runs: administrators add and edit them; a program manager edits their own.
enum ProgramPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        table.add(.get, AdminRoutes.programs, .page, .policy(.list, .programs)) { _, context, resolved in
            try await listPage(context, env, try resolved.requireActor())
        }

        table.form(AdminRoutes.programs, .policy(.create, .programs)) { form, actor, context, resolved in
            let orgID = PageSupport.parseUUID(form["organization_id"]) ?? actor.organizationID
            return try await PageSupport.submit {
                try await env.admin.createProgram(input(form), organizationID: orgID, by: actor, context: context.audit)
            } then: { program in redirect(AdminRoutes.program(program.id)) } refused: { error in
                try await listPage(context, env, actor, typed: typed(form), refused: PageSupport.formErrors(error, env, context))
            }
        }

        table.add(.get, AdminRoutes.program, .page, .policy(.read, .program)) { _, context, resolved in
            detailPage(context, env, try resolved.requireActor(), resolved.program!)
        }

        table.form(AdminRoutes.program, .policy(.update, .program)) { form, actor, context, resolved in
            let program = resolved.program!
            return try await PageSupport.submit {
                try await env.admin.updateProgram(program.id, input(form), expectedVersion: PageSupport.parseInt(form["version"]), by: actor, context: context.audit)
            } then: { _ in redirect(AdminRoutes.program(program.id)) } refused: { error in
                detailPage(context, env, actor, program, typed: typed(form), refused: PageSupport.formErrors(error, env, context))
            }
        }
    }

    static func input(_ form: FormData) -> Administration.ProgramInput {
        Administration.ProgramInput(
            name: form.string("name"), description: form.string("description"),
            model: Program.Model(rawValue: form.string("model")) ?? .longTerm,
            defaultLengthDays: PageSupport.parseInt(form["default_length_days"]),
            reviewFrequencyDays: reviewFrequency(form.string("review_frequency_days")),
            active: form["active"] != nil || form["active_present"] == nil)
    }

    /// An empty field is no continued-stay review; anything else must be a number of days (a word is out
    /// of range, refused on the field, rather than read as "no review").
    static func reviewFrequency(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : PageSupport.parseInt(trimmed) ?? 0
    }

    static func typed(_ form: FormData) -> ProgramForm {
        ProgramForm(name: form.string("name"), description: form.string("description"), defaultLengthDays: form.string("default_length_days"),
                    reviewFrequencyDays: form.string("review_frequency_days"), timeLimited: form.string("model") == "time_limited", active: form["active"] != nil)
    }

    static func stored(_ program: Program) -> ProgramForm {
        ProgramForm(name: program.name, description: program.description, defaultLengthDays: program.defaultLengthDays.map(String.init) ?? "",
                    reviewFrequencyDays: program.reviewFrequencyDays.map(String.init) ?? "", timeLimited: program.model == .timeLimited, active: program.active)
    }

    static func listPage(_ context: AppContext, _ env: AppEnvironment, _ actor: Actor, typed: ProgramForm = .init(),
                         refused: PageSupport.FormErrors = .init()) async throws -> Response {
        let orgIDs = actor.administeredOrganizationIDs.union([actor.organizationID])
        let (programs, orgs) = try await env.db.read { conn in
            (try await ProgramRecords.list(organizationIDs: orgIDs, on: conn), try await OrganizationRecords.list(ids: orgIDs, on: conn))
        }
        let names = Dictionary(uniqueKeysWithValues: orgs.map { ($0.id, $0.name) })
        let l = env.localizer
        let view = ProgramsView(
            programs: programs.map {
                .init(name: $0.name, organization: names[$0.organizationID] ?? "", model: l.text("program.model.\($0.model.rawValue)", context.locale),
                      active: $0.active, link: AdminRoutes.program($0.id))
            },
            canCreate: AccessPolicy.decide(actor, .create, .program(organizationID: actor.organizationID, programID: nil)) == .allow,
            organizations: orgs.filter { AccessPolicy.decide(actor, .create, .program(organizationID: $0.id, programID: nil)) == .allow }
                .map { .init(value: $0.id.text, label: $0.name, selected: $0.id == actor.organizationID) },
            form: typed, errors: refused.errors, summary: refused.summary)
        return env.renderer.page("programs", titleKey: "programs.title", view: view, context: context, status: refused.status)
    }

    static func detailPage(_ context: AppContext, _ env: AppEnvironment, _ actor: Actor, _ program: Program, typed: ProgramForm? = nil,
                           refused: PageSupport.FormErrors = .init()) -> Response {
        let view = ProgramView(
            name: program.name, description: program.description, model: env.localizer.text("program.model.\(program.model.rawValue)", context.locale),
            version: program.version,
            canEdit: AccessPolicy.decide(actor, .update, .program(organizationID: program.organizationID, programID: program.id)) == .allow,
            mayViewMix: AccessPolicy.decide(actor, .list, .services(organizationID: program.organizationID, programID: program.id)) == .allow,
            form: typed ?? stored(program), errors: refused.errors, summary: refused.summary,
            action: AdminRoutes.program(program.id), mixLink: ServiceRoutes.programServices(program.id), settingsLink: ServiceRoutes.settings(program.id),
            measuresLink: InstrumentRoutes.schedule(program.id), domainsLink: PlanRoutes.domains(program.id))
        return env.renderer.page("program", titleKey: "program.title", view: view, context: context, status: refused.status)
    }
}
