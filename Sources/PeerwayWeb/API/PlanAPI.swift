import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// API v1 for recovery and crisis plans: a person's plans, starting one, editing a draft, the
/// participant's agreement, revising, comparing versions, progress on goals, the goals a service worked
/// on, and each program's own life domains — the same workflow as the pages, through `Plans`.
enum PlanAPI {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let plans = env.plans
        let store = env.store

        table.add(.get, PlanRoutes.API.plansOf, .api, .policy(.read, .participant)) { _, context, resolved in
            let overview = try await plans.overview(of: try resolved.authorized(Person.self), context: context.audit)
            let standing = PlanJSON.Standing(progress: overview.progress, servicesByGoal: overview.servicesByGoal)
            return try APISupport.json(PlanOverviewJSON(items: overview.versions.map { PlanJSON(plan: $0, standing: standing) },
                                                        progress: overview.progress.map(GoalProgressJSON.init)))
        }

        table.json(.post, PlanRoutes.API.plansOf, .policy(.update, .participant), PlanStartInputJSON.self) { body, actor, request, context, resolved in
            let kind = try PlanKind.named(body.kind, field: "kind")
            var content: PlanContent?
            if let input = body.content { content = try input.content(kind, newID: store.newID) }
            let plan = try await plans.start(kind, for: resolved.person!.id, episodeID: body.episode_id, content: content,
                                             by: actor, context: context.audit)
            return try created(plan)
        }

        table.add(.get, PlanRoutes.API.plan, .api, .policy(.read, .plan)) { _, context, resolved in
            let detail = try await plans.detail(of: try resolved.authorized(PlanRecord.self), context: context.audit)
            let plan = detail.record.plan
            let goals = Set(plan.recovery?.goals.map(\.id) ?? [])
            return try APISupport.json(PlanJSON(plan: plan, standing: .init(progress: detail.progress, servicesByGoal: detail.servicesByGoal),
                                                versions: detail.versions, progressNotes: detail.progress.filter { goals.contains($0.goalID) }),
                                       version: plan.rowVersion)
        }

        table.json(.put, PlanRoutes.API.plan, .policy(.update, .plan), PlanUpdateInputJSON.self) { body, actor, request, context, resolved in
            let plan = resolved.plan!.plan
            let version = try APISupport.ifMatch(request, current: plan.rowVersion)
            // An agreed version is refused as such whatever the body holds (the workflow checks it again in its transaction).
            try PlanRules.checkEditable(plan)
            let content = try body.content.content(plan.kind, newID: store.newID)
            let updated = try await plans.update(plan.id, content: content, expectedVersion: version, by: actor, context: context.audit)
            return try APISupport.json(PlanJSON(plan: updated), version: updated.rowVersion)
        }

        table.json(.post, PlanRoutes.API.agreement, .policy(.update, .plan), PlanAgreementInputJSON.self) { body, actor, request, context, resolved in
            let plan = resolved.plan!.plan
            let version = try APISupport.ifMatch(request, current: plan.rowVersion)
            var errors = ValidationErrors()
            let method: AgreementMethod? = errors.named(body.method, "method")
            let day = CalendarDate(TextRules.trimmed(body.agreed_on))
            if day == nil { errors.append(ValidationError("agreed_on", "invalid_date")) }
            if !errors.isEmpty { throw WebError.invalid(errors) }
            let agreed = try await plans.agree(plan.id, method: method!, on: day!, note: body.note ?? "", expectedVersion: version,
                                               by: actor, context: context.audit)
            return try APISupport.json(PlanJSON(plan: agreed), version: agreed.rowVersion)
        }

        table.add(.post, PlanRoutes.API.revision, .api, .policy(.update, .plan)) { _, context, resolved in
            let draft = try await plans.revise(resolved.plan!.plan.id, by: try resolved.requireActor(), context: context.audit)
            return try created(draft)
        }

        table.add(.get, PlanRoutes.API.comparison, .api, .policy(.read, .plan)) { request, context, resolved in
            guard let text = try QueryParameters.read(request)["with"] else {
                throw WebError.invalid(field: "with", code: "required", messageKey: "error.required")
            }
            guard let otherID = UUID(uuidString: text) else {
                throw WebError.invalid(field: "with", code: "invalid_id", messageKey: "error.invalid_id")
            }
            let detail = try await plans.detail(of: try resolved.authorized(PlanRecord.self), context: context.audit)
            // Only a version of the same plan (the person's plan of this kind in this episode) compares.
            guard let other = detail.versions.first(where: { $0.id == otherID }) else {
                throw WebError.invalid(field: "with", code: "unknown_version", messageKey: "error.unknown_version")
            }
            let plan = detail.record.plan
            return try APISupport.json(PlanComparisonJSON(from: PlanVersionSummaryJSON(p: other), to: PlanVersionSummaryJSON(p: plan),
                                                          changes: PlanComparison.compare(other.content, plan.content).flatMap(PlanChangeJSON.entries)))
        }

        table.json(.post, PlanRoutes.API.progress, .policy(.update, .plan), GoalProgressInputJSON.self) { body, actor, request, context, resolved in
            var errors = ValidationErrors()
            let status: GoalStatus? = body.status.flatMap { errors.named($0, "status") }
            var day = store.today
            if let text = body.written_on {
                if let given = CalendarDate(TextRules.trimmed(text)) { day = given } else { errors.append(ValidationError("written_on", "invalid_date")) }
            }
            if !errors.isEmpty { throw WebError.invalid(errors) }
            let progress = try await renaming(["goal": "goal_id", "step": "step_done"]) {
                try await plans.logProgress(resolved.plan!.plan.id, goalID: body.goal_id, note: body.note ?? "", status: status,
                                            stepDone: body.step_done, on: day, by: actor, context: context.audit)
            }
            return try APISupport.json(GoalProgressJSON(p: progress), status: .created)
        }

        table.add(.get, PlanRoutes.API.serviceGoals, .api, .policy(.read, .service)) { _, context, resolved in
            let goals = try await plans.goals(ofService: try resolved.authorized(PeerService.self), context: context.audit)
            return try APISupport.json(ServiceGoalsJSON(serviceID: resolved.service!.id, named: goals.named, choices: goals.choices))
        }

        table.json(.put, PlanRoutes.API.serviceGoals, .policy(.update, .service), ServiceGoalsInputJSON.self) { body, actor, request, context, resolved in
            _ = try APISupport.unique(body.goal_ids, field: "goal_ids")
            let service = try resolved.authorized(PeerService.self)
            try await renaming(["goals": "goal_ids"]) {
                try await plans.setGoals(serviceID: service.record.id, goalIDs: body.goal_ids, by: actor, context: context.audit)
            }
            let goals = try await plans.goals(ofService: service, context: context.audit)
            return try APISupport.json(ServiceGoalsJSON(serviceID: service.record.id, named: goals.named, choices: goals.choices))
        }

        table.add(.get, PlanRoutes.API.domains, .api, .policy(.read, .program)) { _, context, resolved in
            let programID = resolved.program!.id
            let domains = try await plans.domains(programID: programID)
            return try APISupport.json(PlanDomainsJSON(program_id: programID, domains: domainsJSON(domains, env, locale: context.locale)))
        }

        table.json(.post, PlanRoutes.API.domains, .policy(.update, .program), PlanDomainInputJSON.self) { body, actor, request, context, resolved in
            let own = try await plans.addDomain(programID: resolved.program!.id, code: body.code, label: body.label, by: actor,
                                                context: context.audit)
            return try APISupport.json(PlanDomainJSON(code: own.code, label: own.label, builtIn: false), status: .created)
        }
    }

    /// A new version: 201 with its address and row version.
    static func created(_ plan: PlanVersion) throws -> Response {
        var response = try APISupport.json(PlanJSON(plan: plan), status: .created, version: plan.rowVersion)
        response.headers[.location] = PlanRoutes.API.plan(plan.id)
        return response
    }

    /// Each domain a program's goals may be in: SAMHSA's eight, named in the request's language, then the program's own.
    static func domainsJSON(_ domains: PlanDomains, _ env: AppEnvironment, locale: String) -> [PlanDomainJSON] {
        PlanDomains.samhsa.map { code in PlanDomainJSON(code: code, label: env.localizer.text(PlanDomains.labelKey(code)!, locale), builtIn: true) }
            + domains.own.map { PlanDomainJSON(code: $0.code, label: $0.label, builtIn: false) }
    }

    /// Runs a workflow whose refusals name a form's field, reporting them on the body's field instead
    /// (the workflow's `goal` is the API's `goal_id`).
    static func renaming<T>(_ names: [String: String], _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch StoreError.invalid(let errors) {
            throw StoreError.invalid(ValidationErrors(errors.errors.map { e in
                guard let field = e.field, let renamed = names[field] else { return e }
                return ValidationError(field: renamed, code: e.code, messageKey: e.messageKey)
            }))
        }
    }
}
