import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// API v1 for referrals: the same workflow as the pages, through `Referrals`.
enum ReferralAPI {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let referrals = env.referrals

        table.add(.get, ReferralRoutes.API.referralsOf, .api, .policy(.read, .participant)) { request, context, resolved in
            let (limit, _) = try APISupport.paging(try QueryParameters.read(request))
            let list = try await referrals.forPerson(of: try resolved.authorized(Person.self), limit: min(limit, 500), context: context.audit)
            return try APISupport.json(ListJSON(items: list.map { ReferralJSON(r: $0) }, next_offset: nil))
        }

        table.json(.post, ReferralRoutes.API.referralsOf, .policy(.update, .participant), ReferralInputJSON.self) { body, actor, request, context, resolved in
            var errors = ValidationErrors()
            let need: ReferralNeed? = errors.named(body.need, "need")
            let urgency: ReferralUrgency? = errors.named(body.urgency ?? ReferralUrgency.routine.rawValue, "urgency")
            let handoff: WarmHandoff? = errors.named(body.handoff ?? WarmHandoff.none.rawValue, "handoff")
            let status: ReferralStatus? = errors.named(body.status ?? ReferralStatus.proposed.rawValue, "status")
            let madeAt = try body.made_at.map { try APISupport.instant($0, "made_at") } ?? env.clock.now()
            let followUp = try body.follow_up_on.map { try day($0, "follow_up_on") }
            if !errors.isEmpty { throw WebError.invalid(errors) }
            let r = body.resource
            let draft = ReferralDraft(resource: ReferralResource(directoryServiceID: r.directory_service_id, name: r.name,
                                                                 organizationName: r.organization ?? "", phone: r.phone ?? "", address: r.address ?? ""),
                                      need: need, urgency: urgency!, handoff: handoff!, madeAt: madeAt, status: status!, followUpOn: followUp,
                                      note: body.note ?? "")
            let made = try await referrals.make(for: resolved.person!.id, programID: body.program_id, draft, serviceID: body.service_id,
                                                by: actor, context: context.audit)
            return try APISupport.json(ReferralJSON(r: made), status: .created, version: made.version)
        }

        table.add(.get, ReferralRoutes.API.referral, .api, .policy(.read, .referral)) { _, context, resolved in
            let detail = try await referrals.detail(of: try resolved.authorized(ReferralRecord.self), context: context.audit)
            return try APISupport.json(ReferralJSON(r: detail.referral, changes: detail.changes), version: detail.referral.version)
        }

        table.json(.post, ReferralRoutes.API.status, .policy(.update, .referral), ReferralStatusInputJSON.self) { body, actor, request, context, resolved in
            let version = try APISupport.ifMatch(request, current: resolved.referral!.referral.version)
            var errors = ValidationErrors()
            let status: ReferralStatus? = errors.named(body.status, "status")
            let reason: ReferralReason? = body.reason.flatMap { errors.named($0, "reason") }
            let occurred = try body.occurred_at.map { try APISupport.instant($0, "occurred_at") } ?? env.clock.now()
            let followUp = try body.follow_up_on.map { try day($0, "follow_up_on") }
            if !errors.isEmpty { throw WebError.invalid(errors) }
            let moved = try await referrals.move(resolved.referral!.referral.id, to: status!, occurredAt: occurred, reason: reason,
                                                 note: body.note ?? "", followUpOn: followUp, expectedVersion: version,
                                                 by: actor, context: context.audit)
            return try APISupport.json(ReferralJSON(r: moved), version: moved.version)
        }

        table.add(.get, ReferralRoutes.API.waiting, .api, .policy(.list, .participants)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let scope = try QueryParameters.read(request)["scope"] ?? "mine"
            guard scope == "mine" || scope == "program" else {
                throw WebError.invalid(field: "scope", code: "unknown_value", messageKey: "error.unknown_value")
            }
            let rows = try await referrals.waiting(by: actor, programWide: scope == "program",
                                                   context: context.audit)
            return try APISupport.json(ListJSON(items: rows.map(WaitingReferralJSON.init), next_offset: nil))
        }

        table.add(.get, ReferralRoutes.API.measures, .api, .signedIn) { request, context, resolved in
            let actor = try resolved.requireActor()
            let query = try QueryParameters.read(request)
            let scope = query["scope"] ?? "mine"
            guard scope == "mine" || scope == "program" else {
                throw WebError.invalid(field: "scope", code: "unknown_value", messageKey: "error.unknown_value")
            }
            let today = env.journey.today
            let (from, to) = try period(from: query["from"] ?? FiscalYear.start(containing: today).description,
                                                             to: query["to"] ?? today.description)
            let measures = try await referrals.measures(scope == "program" ? .programs(actor.programIDs.sorted { $0.uuidString < $1.uuidString }) : .staff(actor.userID),
                                                        from: from, to: to, by: actor, context: context.audit)
            return try APISupport.json(ReferralMeasuresJSON(m: measures, from: from, to: to, scope: scope))
        }
    }

    /// A reporting period checked by Core's rule (`ServiceMix.validatePeriod`), as a 422 when refused.
    static func period(from: String, to: String) throws -> (CalendarDate, CalendarDate) {
        do { return try ServiceMix.validatePeriod(from: from, to: to) } catch { throw WebError.invalid(error) }
    }

    /// A `YYYY-MM-DD` day a client sent; anything else is a 422 on `field`.
    static func day(_ text: String, _ field: String) throws -> CalendarDate {
        guard let day = CalendarDate(TextRules.trimmed(text)) else {
            throw WebError.invalid(field: field, code: "invalid_date", messageKey: "error.invalid_date")
        }
        return day
    }
}
