import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// API v1 for the participant journey: the same workflows as the pages, through `ParticipantJourney`.
enum ParticipantAPI {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let journey = env.journey

        table.add(.get, ParticipantRoutes.API.participants, .api, .policy(.list, .participants)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let query = try QueryParameters.read(request)
            let q = query["q"] ?? ""
            let (limit, _) = try APISupport.paging(query)
            let found = try await journey.search(q, by: actor, limit: min(limit, 200), context: context.audit)
            return try APISupport.json(ListJSON(items: found.map(PersonJSON.init), next_offset: nil))
        }

        table.json(.post, ParticipantRoutes.API.participants, .policy(.create, .participants), PersonInputJSON.self) { input, actor, request, context, resolved in
            guard let programID = input.program_id ?? input.contact?.program_id else {
                throw WebError.invalid(field: "program_id", code: "required", messageKey: "error.required")
            }
            let (person, errors) = input.apply(to: ParticipantPages.blankPerson(env, actor, related: nil))
            try errors.throwIfAny()
            let created = try await journey.createPerson(person, programID: programID, contact: try input.contact?.input(), by: actor, context: context.audit)
            return try APISupport.json(PersonJSON(p: created), status: .created, version: created.version)
        }

        table.add(.get, ParticipantRoutes.API.participant, .api, .policy(.read, .participant)) { _, context, resolved in
            let r = try await journey.record(of: try resolved.authorized(Person.self), context: context.audit)
            let events = r.crisisEvents.map(\.event)
            let body = ParticipantRecordJSON(
                participant: PersonJSON(p: r.person), episodes: r.episodes.map { EpisodeJSON(e: $0, assignments: r.assignments) },
                screenings: r.screenings.map(ScreeningJSON.init), reviews: r.reviews.map(ReviewJSON.init), contacts: r.contacts.map(ContactJSON.init),
                crisis_events: r.crisisEvents.map(CrisisEventJSON.init), support_people: r.supportPeople.map(PersonJSON.init),
                readmissions_within_30_days: Readmission.readmissions(events, withinDays: 30).count,
                readmissions_within_90_days: Readmission.readmissions(events, withinDays: 90).count)
            return try APISupport.json(body, version: r.person.version)
        }

        table.json(.patch, ParticipantRoutes.API.participant, .policy(.update, .participant), PersonInputJSON.self) { input, actor, request, context, resolved in
            let stored = resolved.person!
            let version = try APISupport.ifMatch(request, current: stored.version)
            let (person, errors) = input.apply(to: stored)
            try errors.throwIfAny()
            let saved = try await journey.updatePerson(stored.id, person, expectedVersion: version, by: actor, context: context.audit)
            return try APISupport.json(PersonJSON(p: saved), version: saved.version)
        }

        table.json(.post, ParticipantRoutes.API.contactsOf, .policy(.update, .participant), ContactInputJSON.self) { input, actor, request, context, resolved in
            let contact = try await journey.logContact(personID: resolved.person!.id, try input.input(), by: actor, context: context.audit)
            return try APISupport.json(ContactJSON(c: contact), status: .created)
        }

        table.json(.post, ParticipantRoutes.API.contacts, .policy(.create, .participants), ContactInputJSON.self) { input, actor, request, context, resolved in
            let contact = try await journey.logContact(personID: nil, try input.input(), by: actor, context: context.audit)
            return try APISupport.json(ContactJSON(c: contact), status: .created)
        }

        table.json(.post, ParticipantRoutes.API.screenings, .policy(.update, .participant), ScreeningInputJSON.self) { input, actor, request, context, resolved in
            let day = try date(input.screened_on, "screened_on")
            let screening = try await journey.screen(
                resolved.person!.id, programID: input.program_id, screenedOn: day,
                answers: ScreeningAnswers(serviceCriteriaMet: Set(input.service_criteria), exclusionsPresent: Set(input.exclusions),
                                          higherLevelReferral: input.higher_level_referral), by: actor, context: context.audit)
            return try APISupport.json(ScreeningJSON(s: screening), status: .created)
        }

        table.json(.post, ParticipantRoutes.API.episodes, .policy(.update, .participant), EnrollmentInputJSON.self) { input, actor, request, context, resolved in
            let enrolled = try date(input.enrolled_on, "enrolled_on"), signed = try date(input.consent_signed_on, "consent_signed_on")
            let by = try EnrollmentConsent.SignedBy.named(input.consent_signed_by, field: "consent_signed_by")
            let method = try EnrollmentConsent.Method.named(input.consent_method, field: "consent_method")
            let episode = try await journey.enroll(resolved.person!.id, EnrollmentRequest(
                programID: input.program_id, enrolledOn: enrolled, consent: EnrollmentConsent(signedBy: by, signedOn: signed, method: method),
                goals: input.goals ?? "", peerID: input.peer_id, overrideReason: input.override_reason), by: actor, context: context.audit)
            return try APISupport.json(EpisodeJSON(e: episode), status: .created, version: episode.version)
        }

        table.add(.get, ParticipantRoutes.API.peerSuggestions, .api, .policy(.assign, .episode)) { _, context, resolved in
            let (_, _, ranked, profiles) = try await journey.suggestions(episodeID: resolved.episode!.id, by: try resolved.requireActor(), context: context.audit)
            let items = ranked.map { s in
                SuggestionJSON(peer_id: s.peerID, display_name: profiles[s.peerID]?.displayName ?? "", score: s.score,
                               caseload: profiles[s.peerID]?.caseloadCount ?? 0, capacity: profiles[s.peerID]?.capacity ?? 0,
                               reasons: s.reasons.map { .init(code: $0.code, detail: $0.detail) })
            }
            return try APISupport.json(ListJSON(items: items, next_offset: nil))
        }

        table.json(.post, ParticipantRoutes.API.assignment, .policy(.assign, .episode), AssignInputJSON.self) { input, actor, request, context, resolved in
            let episode = try await journey.assign(episodeID: resolved.episode!.id, peerID: input.peer_id, reason: input.reason ?? "",
                                                   by: actor, context: context.audit)
            let assignments = try await env.db.read { conn in try await AssignmentRecords.forEpisodes([episode.id], on: conn) }
            return try APISupport.json(EpisodeJSON(e: episode, assignments: assignments))
        }

        table.json(.post, ParticipantRoutes.API.reviews, .policy(.update, .episode), ReviewInputJSON.self) { input, actor, request, context, resolved in
            let day = try date(input.reviewed_on, "reviewed_on")
            let outcome = try ContinuedStayReview.Outcome.named(input.outcome, field: "outcome")
            let met = Set(try input.criteria_met.map { try ContinuedStayReview.Criterion.named($0, field: "criteria_met") })
            let review = try await journey.review(episodeID: resolved.episode!.id, ContinuedStayReview(reviewedOn: day, criteriaMet: met, outcome: outcome),
                                                  note: input.note ?? "", by: actor, context: context.audit)
            return try APISupport.json(ReviewJSON(r: review), status: .created)
        }

        table.json(.post, ParticipantRoutes.API.discharge, .policy(.update, .episode), DischargeInputJSON.self) { input, actor, request, context, resolved in
            let episode = resolved.episode!
            let version = try APISupport.ifMatch(request, current: episode.version)
            let day = try date(input.discharged_on, "discharged_on")
            let reason = try DischargeReason.named(input.reason, field: "reason")
            let saved = try await journey.discharge(episodeID: episode.id, on: day, reason: reason, summary: input.summary ?? "", expectedVersion: version,
                                                    by: actor, context: context.audit)
            return try APISupport.json(EpisodeJSON(e: saved), version: saved.version)
        }

        table.json(.post, ParticipantRoutes.API.crisisEvents, .policy(.update, .participant), CrisisEventInputJSON.self) { input, actor, request, context, resolved in
            let kind = try CrisisEvent.Kind.named(input.kind, field: "kind")
            let start = try date(input.started_on, "started_on")
            let end = try input.ended_on.map { try date($0, "ended_on") }
            let stored = try await journey.recordCrisisEvent(resolved.person!.id, CrisisEvent(kind: kind, startedOn: start, endedOn: end),
                                                             note: input.note ?? "", by: actor, context: context.audit)
            return try APISupport.json(CrisisEventJSON(c: stored), status: .created)
        }

        table.add(.get, ParticipantRoutes.API.duplicates, .api, .policy(.assign, .participant)) { _, context, resolved in
            let found = try await journey.duplicates(of: resolved.person!.id, by: try resolved.requireActor(), context: context.audit)
            return try APISupport.json(ListJSON(items: found.map { DuplicateJSON(participant: PersonJSON(p: $0.0), score: $0.1.score, reasons: $0.1.reasons) },
                                                next_offset: nil))
        }

        table.json(.post, ParticipantRoutes.API.merges, .policy(.assign, .participant), MergeInputJSON.self) { input, actor, request, context, resolved in
            let merge = try await journey.merge(keptID: resolved.person!.id, mergedID: input.merged_id, by: actor, context: context.audit)
            return try APISupport.json(MergeJSON(m: merge), status: .created)
        }

        table.add(.post, ParticipantRoutes.API.undoMerge, .api, .policy(.list, .participants)) { _, context, resolved in
            let merge = try await journey.undoMerge(try Guards.pathID(context), by: try resolved.requireActor(), context: context.audit)
            return try APISupport.json(MergeJSON(m: merge))
        }

        table.add(.get, ParticipantRoutes.API.caseload, .api, .policy(.list, .participants)) { request, context, resolved in
            let q = try QueryParameters.read(request)
            let entries = try await journey.caseload(peerID: try q.id("peer_id"), team: try q.boolean("team"), by: try resolved.requireActor(),
                                                     context: context.audit)
            let today = journey.today
            return try APISupport.json(ListJSON(items: entries.map { CaseloadEntryJSON(e: $0, today: today) }, next_offset: nil))
        }

        table.add(.get, ParticipantRoutes.API.reviewsDue, .api, .policy(.list, .participants)) { _, context, resolved in
            let due = try await journey.reviewsDue(by: try resolved.requireActor(), context: context.audit)
            return try APISupport.json(ListJSON(items: due.map { EpisodeJSON(e: $0.0) }, next_offset: nil))
        }

        table.add(.post, ParticipantRoutes.API.importParticipants, .api, .policy(.create, .participants)) { request, context, resolved in
            try await importCSV(request, context, resolved, env, contacts: false)
        }
        table.add(.post, ParticipantRoutes.API.importContacts, .api, .policy(.create, .participants)) { request, context, resolved in
            try await importCSV(request, context, resolved, env, contacts: true)
        }

        table.add(.get, AccountRoutes.API.peerProfile, .api, .policy(.read, .ownAccount)) { _, _, resolved in
            try APISupport.json(PeerBackgroundJSON(try await journey.peerBackground(of: try resolved.requireActor())))
        }
        table.json(.put, AccountRoutes.API.peerProfile, .policy(.update, .ownAccount), PeerBackgroundJSON.self) { input, actor, request, context, resolved in
            let saved = try await journey.savePeerBackground(try input.background(), by: actor, context: context.audit)
            return try APISupport.json(PeerBackgroundJSON(saved))
        }

        table.add(.get, ParticipantRoutes.API.export, .api, .policy(.export, .participants)) { _, context, resolved in
            let actor = try resolved.requireActor(), audit = context.audit
            return CSVResponse.stream(filename: "participants.csv", requestID: context.requestID, logger: env.logger) { write in
                _ = try await journey.exportPersons(by: actor, context: audit, write: write)
            }
        }
    }

    static func date(_ text: String, _ field: String) throws -> CalendarDate {
        guard let d = CalendarDate(text) else { throw WebError.invalid(field: field, code: "invalid_date", messageKey: "error.invalid_date") }
        return d
    }

    /// `POST` a CSV body (`text/csv`); `program_id`, `mode` and `dry_run` come from the query.
    static func importCSV(_ request: Request, _ context: AppContext, _ resolved: Resolved, _ env: AppEnvironment, contacts: Bool) async throws -> Response {
        try APISupport.requireContentType(request, "text/csv", "error.csv_required")
        let q = try QueryParameters.read(request)
        guard let program = q["program_id"].flatMap({ UUID(uuidString: $0) }) else {
            throw WebError.invalid(field: "program_id", code: "required", messageKey: "error.required")
        }
        let mode = try ImportMode.named(q["mode"] ?? "all_or_nothing", field: "mode")
        let dryRun = try q.boolean("dry_run")
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let csv = String(decoding: buffer.readableBytesView, as: UTF8.self)
        let actor = try resolved.requireActor()
        let report = contacts
            ? try await env.journey.importContacts(csv: csv, programID: program, mode: mode, dryRun: dryRun, by: actor, context: context.audit)
            : try await env.journey.importPersons(csv: csv, programID: program, mode: mode, dryRun: dryRun, by: actor, context: context.audit)
        let errors = report.rejected.flatMap { row in row.errors.map { ImportReportJSON.RowError(line: row.line, field: $0.field, code: $0.code) } }
        let body = ImportReportJSON(total: report.total, created: report.created, updated: report.updated, dry_run: report.dryRun, errors: errors)
        // A rejected all-or-nothing import changed nothing: 422, with every row's problems.
        let status: HTTPResponse.Status = !errors.isEmpty && mode == .allOrNothing ? .unprocessableContent : .ok
        return try APISupport.json(body, status: status)
    }
}
