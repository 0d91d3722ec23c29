import Foundation
import Hummingbird
import PeerwayCore
import PeerwayStore

/// API v1 for service documentation: the same workflows as the pages, through `ServiceDocumentation`.
enum ServiceAPI {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let docs = env.documentation

        table.json(.post, ServiceRoutes.API.services, .policy(.create, .participants), ServiceInputJSON.self) { body, actor, request, context, resolved in
            guard let person = body.person_id else { throw WebError.invalid(field: "person_id", code: "required", messageKey: "error.required") }
            guard let program = body.program_id else { throw WebError.invalid(field: "program_id", code: "required", messageKey: "error.required") }
            let service = try await docs.document(personID: person, programID: program, body.input, sign: body.sign ?? false,
                                                  by: actor, context: context.audit)
            return try APISupport.json(ServiceJSON(s: service), status: .created, version: service.version)
        }

        table.add(.get, ServiceRoutes.API.service, .api, .policy(.read, .service)) { _, context, resolved in
            let detail = try await docs.detail(of: try resolved.authorized(PeerService.self), by: try resolved.requireActor(), context: context.audit)
            return try APISupport.json(ServiceJSON(s: detail.service, amendments: detail.amendments), version: detail.service.version)
        }

        // A draft is replaced whole; with `sign: true` it is signed in the same step.
        table.json(.put, ServiceRoutes.API.service, .policy(.sign, .service), ServiceInputJSON.self) { body, actor, request, context, resolved in
            let version = try APISupport.ifMatch(request, current: resolved.service!.version)
            let saved = try await docs.saveDraft(resolved.service!.id, body.input, expectedVersion: version, sign: body.sign ?? false,
                                                 by: actor, context: context.audit)
            return try APISupport.json(ServiceJSON(s: saved), version: saved.version)
        }

        table.add(.post, ServiceRoutes.API.discard, .api, .policy(.delete, .service)) { _, context, resolved in
            try await docs.discard(resolved.service!.id, by: try resolved.requireActor(), context: context.audit)
            return Response(status: .noContent)
        }

        table.add(.post, ServiceRoutes.API.sign, .api, .policy(.sign, .service)) { request, context, resolved in
            let version = try APISupport.ifMatch(request, current: resolved.service!.version)
            let saved = try await docs.sign(resolved.service!.id, expectedVersion: version, by: try resolved.requireActor(), context: context.audit)
            return try APISupport.json(ServiceJSON(s: saved), version: saved.version)
        }

        table.json(.post, ServiceRoutes.API.amendments, .policy(.update, .service), ServiceInputJSON.self) { body, actor, request, context, resolved in
            let version = try APISupport.ifMatch(request, current: resolved.service!.version)
            let saved = try await docs.amend(resolved.service!.id, body.input, reason: body.reason ?? "", expectedVersion: version, by: actor,
                                             context: context.audit)
            let detail = try await docs.detail(saved.id, by: actor, context: context.audit)
            return try APISupport.json(ServiceJSON(s: detail.service, amendments: detail.amendments), status: .created, version: saved.version)
        }

        table.add(.post, ServiceRoutes.API.cosign, .api, .policy(.cosign, .service)) { _, context, resolved in
            let saved = try await docs.cosign(resolved.service!.id, by: try resolved.requireActor(), context: context.audit)
            return try APISupport.json(ServiceJSON(s: saved), version: saved.version)
        }

        table.add(.get, ServiceRoutes.API.servicesOf, .api, .policy(.read, .participant)) { request, context, resolved in
            let (limit, _) = try APISupport.paging(try QueryParameters.read(request))
            let list = try await docs.timeline(of: try resolved.authorized(Person.self), limit: min(limit, 500), context: context.audit)
            return try APISupport.json(ListJSON(items: list.map { ServiceJSON(s: $0) }, next_offset: nil))
        }

        table.json(.post, ServiceRoutes.API.groupSessions, .policy(.create, .participants), GroupSessionInputJSON.self) { body, actor, request, context, resolved in
            let created = try await docs.documentGroup(
                programID: body.program_id, body.session.input,
                attendees: body.attendees.map { ServiceDocumentation.Attendee(personID: $0.person_id, line: $0.line ?? "") },
                sign: body.session.sign ?? false, by: actor, context: context.audit)
            return try APISupport.json(GroupSessionJSON(group_id: created.first?.groupID, services: created.map { ServiceJSON(s: $0) }), status: .created)
        }

        table.json(.post, ServiceRoutes.API.outreachEvents, .policy(.create, .participants), OutreachInputJSON.self) { body, actor, request, context, resolved in
            let event = try await docs.recordOutreach(programID: body.program_id, .init(
                kind: body.kind, date: body.date, startTime: body.start_time, durationMinutes: String(body.duration_minutes), setting: body.setting,
                peopleReached: String(body.people_reached), audience: body.audience, note: body.note ?? ""), by: actor, context: context.audit)
            return try APISupport.json(OutreachJSON(e: event), status: .created)
        }

        table.add(.get, ServiceRoutes.API.week, .api, .policy(.list, .ownServices)) { request, context, resolved in
            let q = try QueryParameters.read(request)
            let day = try ServiceReportPages.day(request) ?? env.journey.today
            let peer = try q.id("peer_id", code: "invalid_value")
            let week = try await docs.week(of: peer, containing: day, by: try resolved.requireActor(), context: context.audit)
            return try APISupport.json(WeekJSON(week: week))
        }

        table.add(.get, ServiceRoutes.API.teamWeek, .api, .policy(.list, .team)) { request, context, resolved in
            let day = try ServiceReportPages.day(request) ?? env.journey.today
            let team = try await docs.teamWeek(containing: day, by: try resolved.requireActor(), context: context.audit)
            return try APISupport.json(TeamWeekJSON(team: team))
        }

        table.add(.get, ServiceRoutes.API.cosignQueue, .api, .policy(.cosign, .team)) { _, context, resolved in
            let queue = try await docs.cosignQueue(by: try resolved.requireActor(), context: context.audit)
            return try APISupport.json(ListJSON(items: queue.map { ServiceJSON(s: $0.service) }, next_offset: nil))
        }

        table.add(.get, ServiceRoutes.API.mix, .api, .policy(.list, .programServices)) { request, context, resolved in
            let (from, to) = try ServiceReportPages.period(request)
            let mix = try await docs.mix(programID: resolved.program!.id, from: from, to: to, by: try resolved.requireActor(), context: context.audit)
            return try APISupport.json(ServiceMixJSON(m: mix, programID: resolved.program!.id))
        }

        table.add(.get, ServiceRoutes.API.export, .api, .policy(.export, .programServices)) { request, context, resolved in
            try await ServiceReportPages.csv(request, context, resolved, env)
        }

        table.add(.get, ServiceRoutes.API.settings, .api, .policy(.read, .program)) { _, context, resolved in
            let settings = try await docs.settings(programID: resolved.program!.id, by: try resolved.requireActor())
            return try APISupport.json(settingsJSON(settings))
        }

        table.json(.post, ServiceRoutes.API.catalog, .policy(.update, .program), CatalogEntryInputJSON.self) { body, actor, request, context, resolved in
            let kind = try ServiceCatalog.Kind.named(body.kind, field: "kind")
            let entry = try await docs.addCatalogEntry(programID: resolved.program!.id, kind: kind, code: body.code, label: body.label,
                                                       by: actor, context: context.audit)
            return try APISupport.json(CatalogEntryJSON(e: entry), status: .created)
        }

        table.json(.put, ServiceRoutes.API.signing, .policy(.update, .program), SigningInputJSON.self) { body, actor, request, context, resolved in
            try await docs.setRequiresCosignature(programID: resolved.program!.id, body.requires_cosignature, by: actor, context: context.audit)
            return try APISupport.json(settingsJSON(try await docs.settings(programID: resolved.program!.id, by: actor)))
        }
    }

    static func settingsJSON(_ s: ServiceDocumentation.ProgramSettings) -> ServiceSettingsJSON {
        ServiceSettingsJSON(program_id: s.program.id, requires_cosignature: s.requiresCosignature,
                            service_types: s.catalog.serviceTypes.map(CatalogEntryJSON.init),
                            core_functions: s.catalog.coreFunctions.map(CatalogEntryJSON.init))
    }
}
