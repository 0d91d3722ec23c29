import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// Finding people, taking a new person in with their first contact, their record, and editing it.
enum ParticipantPages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let journey = env.journey

        table.add(.get, ParticipantRoutes.participants, .page, .policy(.list, .participants)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let query = QueryParameters(request)
            let l = env.localizer, locale = context.locale
            // A search the input rule refuses is not run: the box says why, and keeps no control characters.
            guard query.errors.isEmpty else {
                let errors = PageSupport.fieldErrors(query.errors.errors, l, locale)
                return env.renderer.page("participants", titleKey: "participants.title", [
                    "q": TextRules.containsForbidden(query["q"] ?? "") ? "" : query["q"] ?? "", "errors": errors,
                    "qError": errors["q"] ?? errors.values.first ?? "",
                ], context: context, status: .unprocessableContent)
            }
            let q = query["q"] ?? ""
            let found = try await journey.search(q, by: actor, context: context.audit)
            let values: [String: Any] = [
                "q": q, "searched": !TextRules.trimmed(q).isEmpty,
                "results": found.map { rowValues($0, l, locale) }, "hasResults": !found.isEmpty,
            ]
            return env.renderer.page("participants", titleKey: "participants.title", values, context: context)
        }

        table.add(.get, ParticipantRoutes.newParticipant, .page, .policy(.create, .participants)) { request, context, resolved in
            let actor = try resolved.requireActor()
            var base = Person(id: UUID(), organizationID: actor.organizationID, legalGivenName: "", legalFamilyName: "", dateOfBirth: nil,
                              createdAt: Date(), updatedAt: Date())
            if let related = try QueryParameters.read(request)["related"].flatMap({ UUID(uuidString: $0) }) {
                base.kind = .supportPerson
                base.relatedParticipantID = related
            }
            return try await newPage(context, env, actor, person: base, form: nil, errors: [:], summary: nil, status: .ok)
        }

        table.add(.post, ParticipantRoutes.participants, .page, .policy(.create, .participants)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let form = try await FormData.read(request, context: context)
            var base = Person(id: UUID(), organizationID: actor.organizationID, legalGivenName: "", legalFamilyName: "", dateOfBirth: nil,
                              createdAt: Date(), updatedAt: Date())
            if let related = PageSupport.parseUUID(form["related_participant_id"]) {
                base.kind = .supportPerson
                base.relatedParticipantID = related
            }
            let (person, personErrors) = PersonForm.read(form, into: base)
            let (contact, contactErrors) = PersonForm.readContact(form, zone: env.config.timeZone)
            let result = try await PageSupport.attempt {
                var early = personErrors
                early.errors += contactErrors.errors
                // Run Core's checks too, so one round trip shows every problem.
                do { _ = try PersonRules.validate(person, today: journey.today) } catch let e as ValidationErrors { early.errors += e.errors }
                try early.throwIfAny()
                guard let contact else { throw early }
                return try await journey.createPerson(person, programID: contact.programID, contact: contact, by: actor, context: context.audit)
            }
            switch result {
            case .success(let created): return redirect("/participants/\(PageSupport.id(created.id))")
            case .failure(let error):
                let l = env.localizer
                return try await newPage(context, env, actor, person: person, form: form,
                                         errors: PageSupport.fieldErrors(error.fields, l, context.locale),
                                         summary: l.text(error.messageKey, context.locale), status: error.status)
            }
        }

        table.add(.get, ParticipantRoutes.record, .page, .policy(.read, .participant)) { _, context, resolved in
            let actor = try resolved.requireActor()
            let record = try await journey.record(resolved.person!.id, by: actor, context: context.audit)
            let timeline = record.person.kind == .participant
                ? try await env.documentation.timeline(personID: record.person.id, limit: 50, by: actor, context: context.audit) : []
            return try await recordPage(context, env, actor, record, timeline: timeline)
        }

        table.add(.get, ParticipantRoutes.edit, .page, .policy(.update, .participant)) { _, context, resolved in
            try await journey.noteRead(resolved.person!.id, resource: "participant_edit", context: context.audit)
            return editPage(context, env, resolved.person!, form: nil, errors: [:], summary: nil, status: .ok)
        }

        table.add(.post, ParticipantRoutes.edit, .page, .policy(.update, .participant)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let stored = resolved.person!
            let form = try await FormData.read(request, context: context)
            let (person, formErrors) = PersonForm.read(form, into: stored)
            let result = try await PageSupport.attempt {
                try formErrors.throwIfAny()
                return try await journey.updatePerson(stored.id, person, expectedVersion: PageSupport.parseInt(form["version"]), by: actor, context: context.audit)
            }
            switch result {
            case .success: return redirect("/participants/\(PageSupport.id(stored.id))")
            case .failure(let error):
                let l = env.localizer
                var errors = PageSupport.fieldErrors(error.fields, l, context.locale)
                if error.status == .conflict { errors["form"] = l.text(error.messageKey, context.locale) }
                return editPage(context, env, person, form: form, errors: errors, summary: l.text(error.messageKey, context.locale), status: error.status)
            }
        }
    }

    static func rowValues(_ p: Person, _ l: Localizer, _ locale: String) -> [String: Any] {
        ["id": PageSupport.id(p.id), "name": p.displayName, "dob": p.dateOfBirth?.description ?? "",
         "pronouns": p.pronouns, "support": p.kind == .supportPerson, "kind": l.text("person.kind.\(p.kind.rawValue)", locale)]
    }

    static func programsFor(_ actor: Actor, _ env: AppEnvironment) async throws -> [Program] {
        try await env.db.read { conn in
            try await ProgramRecords.list(organizationIDs: [actor.organizationID], on: conn).filter { actor.programIDs.contains($0.id) && $0.active }
        }
    }

    static func newPage(_ context: AppContext, _ env: AppEnvironment, _ actor: Actor, person: Person, form: FormData?,
                        errors: [String: String], summary: String?, status: HTTPResponse.Status) async throws -> Response {
        let l = env.localizer, locale = context.locale
        let programs = try await programsFor(actor, env)
        let now = PersonForm.localDateTime(env.clock.now(), zone: env.config.timeZone)
        var fields = PersonForm.fields(person, languages: LanguageCatalog.common)
        if person.kind == .supportPerson { fields = PersonForm.supportFields(person) + fields }
        var values: [String: Any] = [
            "personFields": FormField.render(fields, errors, l, locale),
            "contactFields": FormField.render(PersonForm.contactFields(form, programs: programs, now: now), errors, l, locale),
            "related": person.relatedParticipantID.map(PageSupport.id) ?? "",
            "support": person.kind == .supportPerson,
            "hasPrograms": !programs.isEmpty,
        ]
        if let summary { values["summary"] = summary }
        return env.renderer.page("participant_new", titleKey: person.kind == .supportPerson ? "participant_new.support_title" : "participant_new.title",
                                      values, context: context, status: status)
    }

    static func editPage(_ context: AppContext, _ env: AppEnvironment, _ person: Person, form: FormData?, errors: [String: String],
                         summary: String?, status: HTTPResponse.Status) -> Response {
        let l = env.localizer, locale = context.locale
        var fields = PersonForm.fields(person, languages: LanguageCatalog.common)
        if person.kind == .supportPerson { fields = PersonForm.supportFields(person) + fields }
        var values: [String: Any] = [
            "heading": l.text("participant_edit.title", locale), "personName": person.displayName, "personID": PageSupport.id(person.id),
            "fields": FormField.render(fields, errors, l, locale), "action": "/participants/\(PageSupport.id(person.id))/edit",
            "version": String(form.flatMap { PageSupport.parseInt($0["version"]) } ?? person.version),
            "submitLabel": l.text("action.save", locale), "cancel": "/participants/\(PageSupport.id(person.id))", "errors": errors,
        ]
        if let summary { values["summary"] = summary }
        return env.renderer.page("journey_form", titleKey: "participant_edit.title", values, context: context, status: status)
    }

    static func recordPage(_ context: AppContext, _ env: AppEnvironment, _ actor: Actor, _ r: ParticipantJourney.Record,
                           timeline: [PeerService] = []) async throws -> Response {
        let l = env.localizer, locale = context.locale
        let p = r.person, d = p.details
        let zone = env.config.timeZone
        let today = env.journey.today
        let oversees = AccessPolicy.decide(actor, .assign, .participant(r.scope)) == .allow
        func staff(_ id: UUID) -> String { r.staffNames[id] ?? l.text("participant.someone", locale) }
        func program(_ id: UUID) -> String { r.programs[id]?.name ?? "" }
        let episodes = r.episodes.map { e -> [String: Any] in
            // An ended episode shows the peer who walked alongside the person until the end.
            let current = r.assignments.last { $0.episodeID == e.id && $0.isCurrent } ?? (e.isOpen ? nil : r.assignments.last { $0.episodeID == e.id })
            let history = r.assignments.filter { $0.episodeID == e.id }.map { a -> [String: Any] in
                ["peer": staff(a.peerID), "from": PageSupport.date(a.startedAt), "to": a.endedAt.map(PageSupport.date) ?? "", "reason": a.reason]
            }
            var due = ""
            if let next = e.nextDue {
                let status = ReviewSchedule.status(due: next.on, today: today)
                due = l.format("participant.next_due", locale, ["what": l.text("due.\(next.kind.rawValue)", locale), "date": next.on.description,
                                                                "status": l.text("due_status.\(status.rawValue)", locale)])
            }
            return [
                "id": PageSupport.id(e.id), "program": program(e.programID), "enrolled": e.enrolledOn.description,
                "plannedEnd": e.plannedEndOn?.description ?? "", "open": e.isOpen, "discharged": e.dischargedOn?.description ?? "",
                "reason": e.dischargeReason.map { l.text($0.labelKey, locale) } ?? "", "summary": e.dischargeSummary, "goals": e.goals,
                "peer": current.map { staff($0.peerID) } ?? "", "due": due, "override": e.overrideReason ?? "",
                "consent": e.consent.map { l.format("participant.consent_line", locale, ["who": l.text("consent.signed_by.\($0.signedBy.rawValue)", locale),
                                                                                          "date": $0.signedOn.description,
                                                                                          "how": l.text("consent.method.\($0.method.rawValue)", locale)]) } ?? "",
                "history": history, "hasHistory": history.count > 1, "canAssign": e.isOpen && oversees,
            ]
        }
        let screenings = r.screenings.map { s -> [String: Any] in
            ["date": s.screenedOn.description, "program": program(s.programID), "eligible": s.result.isEligible,
             "outcome": l.text("screening.outcome.\(s.result.outcome.rawValue)", locale),
             "criteria": s.result.criteriaMet.joined(separator: ", "), "exclusions": s.result.exclusions.joined(separator: ", "),
             "referral": s.higherLevelReferral, "by": staff(s.screenedBy)]
        }
        let reviews = r.reviews.map { v -> [String: Any] in
            ["date": v.review.reviewedOn.description, "outcome": l.text("review.outcome.\(v.review.outcome.rawValue)", locale),
             "criteria": v.review.criteriaMet.map(\.rawValue).sorted().joined(separator: ", "), "note": v.note, "by": staff(v.reviewedBy)]
        }
        let contacts = r.contacts.map { c -> [String: Any] in
            ["when": PersonForm.localDateTime(c.occurredAt, zone: zone).replacingOccurrences(of: "T", with: " "), "program": program(c.programID),
             "source": l.text("contact.source.\(c.source.rawValue)", locale), "method": l.text("contact.method.\(c.method.rawValue)", locale),
             "setting": l.text("contact.setting.\(c.setting.rawValue)", locale), "note": c.note, "by": staff(c.loggedBy)]
        }
        let crisis = r.crisisEvents.map { c -> [String: Any] in
            ["kind": l.text("crisis.kind.\(c.event.kind.rawValue)", locale), "from": c.event.startedOn.description,
             "to": c.event.endedOn?.description ?? "", "note": c.note]
        }
        let readmissions30 = Readmission.readmissions(r.crisisEvents.map(\.event), withinDays: 30).count
        let merges = r.merges.map { m -> [String: Any] in
            ["id": PageSupport.id(m.id), "kept": m.keptID == p.id, "other": PageSupport.id(m.keptID == p.id ? m.mergedID : m.keptID),
             "when": PageSupport.date(m.mergedAt), "undone": m.undoneAt != nil, "canUndo": m.undoneAt == nil && oversees]
        }
        // Who viewed this record: shown to those who oversee it (supervisors, managers).
        var viewers: [[String: Any]] = []
        if oversees {
            var filter = AuditFilter(organizationIDs: [p.organizationID])
            filter.participantID = p.id
            filter.action = .recordRead
            filter.limit = 10
            viewers = try await env.audit.list(filter, on: env.db).events.map {
                ["who": $0.actorLabel, "when": PageSupport.date($0.occurredAt)]
            }
        }
        let hasOpen = r.episodes.contains(where: \.isOpen)
        // The service timeline names the peers who wrote the notes.
        var peerNames = r.staffNames
        let unknown = Set(timeline.map(\.peerID)).subtracting(peerNames.keys)
        if !unknown.isEmpty {
            try await env.db.read { conn in for id in unknown { peerNames[id] = try await UserRecords.get(id, on: conn)?.displayName } }
        }
        let catalogs = try await ServiceLabels.catalogs(timeline.map(\.programID), env)
        let serviceRows = timeline.map { s -> [String: Any] in
            ["id": PageSupport.id(s.id), "date": s.content.date.description, "start": s.content.startTime,
             "type": ServiceLabels.text(.serviceType, s.content.serviceType, in: catalogs[s.programID], l, locale), "modality": l.text("modality.\(s.content.modality.rawValue)", locale),
             "minutes": s.content.durationMinutes, "units": s.units, "draft": s.status == .draft, "amended": s.amendmentCount > 0,
             "group": s.groupID != nil, "by": peerNames[s.peerID] ?? ""]
        }
        let values: [String: Any] = [
            "person": [
                "id": PageSupport.id(p.id), "name": p.displayName, "pronouns": p.pronouns, "dob": p.dateOfBirth?.description ?? "",
                "age": p.dateOfBirth.map { String($0.age(on: today)) } ?? "", "kind": l.text("person.kind.\(p.kind.rawValue)", locale),
                "support": p.kind == .supportPerson, "language": l.text("language.\(d.preferredLanguage)", locale),
                "phone": d.phone, "email": d.email, "housing": l.text("housing.\(d.housing.rawValue)", locale),
                "insurance": l.text("insurance.\(d.insurance.rawValue)", locale), "region": d.region,
                "populations": d.populations.map { l.text("population.\($0.rawValue)", locale) }.sorted().joined(separator: ", "),
                "consent": [d.mayCall ? l.text("person.may_call", locale) : nil, d.mayText ? l.text("person.may_text", locale) : nil,
                            d.mayEmail ? l.text("person.may_email", locale) : nil].compactMap { $0 }.joined(separator: ", "),
                "merged": p.mergedIntoID.map(PageSupport.id) ?? "",
                "relationship": p.relationship.map { l.text("relationship.\($0.rawValue)", locale) } ?? "",
            ] as [String: Any],
            "relatedID": r.related.map { PageSupport.id($0.id) } ?? "", "relatedName": r.related?.displayName ?? "",
            "episodes": episodes, "hasEpisodes": !episodes.isEmpty,
            "screenings": screenings, "hasScreenings": !screenings.isEmpty,
            "reviews": reviews, "hasReviews": !reviews.isEmpty,
            "contacts": contacts, "hasContacts": !contacts.isEmpty,
            "crisis": crisis, "hasCrisis": !crisis.isEmpty,
            "readmissions": readmissions30 > 0 ? l.format("participant.readmissions", locale, ["count": String(readmissions30)]) : "",
            "support": r.supportPeople.map { ["id": PageSupport.id($0.id), "name": $0.displayName,
                                              "relationship": $0.relationship.map { l.text("relationship.\($0.rawValue)", locale) } ?? ""] },
            "hasSupport": !r.supportPeople.isEmpty,
            "merges": merges, "hasMerges": !merges.isEmpty,
            "viewers": viewers, "hasViewers": !viewers.isEmpty,
            "canEnroll": p.mayReceiveServices,
            "canEdit": p.mergedIntoID == nil, "oversees": oversees, "hasOpen": hasOpen,
            "isParticipant": p.kind == .participant,
            "services": serviceRows, "hasServices": !serviceRows.isEmpty,
            "canDocument": p.mayReceiveServices,
        ]
        return env.renderer.page("participant", titleKey: "participant.title", values, context: context)
    }
}
