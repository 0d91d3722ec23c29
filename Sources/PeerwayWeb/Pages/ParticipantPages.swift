import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// The search for people: what was asked, what it found, and the ways to take someone new in.
struct ParticipantsView: PageView {
    struct Row: Encodable, Sendable {
        var record: PersonJSON
        var name: String
        var support: Bool
        var kind: String
        var link: String
    }
    var q: String
    var searched: Bool
    var notice: String?
    var results: [Row] = []
    /// A refused search: its message under the box (`errors.q`).
    var errors: [String: String] = [:]
    var searchLink = ParticipantRoutes.participants()
    var newParticipantLink = ParticipantRoutes.newParticipant()
    var newContactLink = ParticipantRoutes.newContact()
    var importLink = ParticipantRoutes.importParticipants()
}

/// Taking a new person in: their first contact and who they are (a participant, or a support person
/// linked to one).
struct ParticipantNewView: PageView {
    var support: Bool
    /// The participant a support person is linked to.
    var related: UUID?
    var hasPrograms: Bool
    var contactFields: [FieldView]
    var personFields: [FieldView]
    var errors: [String: String] = [:]
    var summary: String?
    /// Records that may already be this person, offered before a second one is started.
    var duplicates: [Duplicate] = []
    var action = ParticipantRoutes.participants()

    struct Duplicate: Encodable, Sendable {
        var id: UUID
        var name: String
        var dateOfBirth: String?
        /// Why it may be the same person, in words ("same date of birth, same name").
        var reasons: String
        var link: String
    }
}

/// A person's record: who they are, their episodes of care, and everything logged about them.
struct ParticipantView: PageView {
    /// The person as the API gives them (`record`), with what the page says in words.
    struct PersonFacts: Encodable, Sendable {
        var record: PersonJSON
        var name: String
        var kind: String
        var age: String?
        var relationship: String?
        /// The record this one was merged into.
        var mergedLink: String?
        var language: String
        var consent: String
        var housing: String
        var insurance: String
        var populations: String
    }
    struct Pairing: Encodable, Sendable {
        var peer: String
        var from: String
        var to: String?
        var reason: String
    }
    /// An episode as the API gives it (`record`; its id is the anchor `#episode-<id>`), with what the page
    /// says in words.
    struct Episode: Encodable, Sendable {
        var record: EpisodeJSON
        var program: String
        var consent: String?
        var peer: String?
        var due: String?
        var dischargeReason: String?
        var history: [Pairing]
        /// Shown once there was more than the one pairing.
        var hasHistory: Bool
        var canAssign: Bool
        var assignLink: String
        var reviewLink: String
        var dischargeLink: String
    }
    struct Screening: Encodable, Sendable {
        var record: ScreeningJSON
        var program: String
        var outcome: String
        var criteria: String
        var exclusions: String
        var by: String
    }
    struct Review: Encodable, Sendable {
        var record: ReviewJSON
        var outcome: String
        var criteria: String
        var by: String
    }
    struct Service: Encodable, Sendable {
        var record: ServiceJSON
        var type: String
        var modality: String
        var by: String
        var draft: Bool
        var amended: Bool
        var link: String
    }
    struct Contact: Encodable, Sendable {
        var when: String
        var program: String
        var source: String
        var method: String
        var setting: String
        var note: String
        var by: String
    }
    struct Crisis: Encodable, Sendable {
        var record: CrisisEventJSON
        var kind: String
    }
    struct Merge: Encodable, Sendable {
        var when: String
        /// This record is the one kept (the other was absorbed into it).
        var kept: Bool
        var undone: Bool
        var canUndo: Bool
        var otherLink: String
        var undoLink: String
    }
    struct Viewer: Encodable, Sendable {
        var who: String
        var when: String
    }

    var person: PersonFacts
    var related: PageSupport.Link?
    var episodes: [Episode]
    var support: [PageSupport.Link]
    var screenings: [Screening]
    var reviews: [Review]
    var services: [Service]
    var contacts: [Contact]
    var crisis: [Crisis]
    /// "n readmissions within 30 days", when there are any.
    var readmissions: String?
    var merges: [Merge]
    var viewers: [Viewer]
    var canEdit: Bool
    var canEnroll: Bool
    var canDocument: Bool
    var isParticipant: Bool
    var oversees: Bool
    var contactLink: String
    var screenLink: String
    var enrollLink: String
    var crisisLink: String
    var editLink: String
    var duplicatesLink: String
    var addSupportLink: String
    var documentLink: String
    /// What the step that led here saved.
    var notice: String?
    var referrals: [ReferralLine] = []
    var referLink = ""
    var measuresLink = ""
    var plansLink = ""
}

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
                let q = query["q"] ?? ""
                let view = ParticipantsView(q: TextRules.containsForbidden(q) ? "" : q, searched: false,
                                            errors: ["q": errors["q"] ?? errors.values.first ?? ""])
                return env.renderer.page("participants", titleKey: "participants.title", view: view, context: context, status: .unprocessableContent)
            }
            let q = query["q"] ?? ""
            let found = try await journey.search(q, by: actor, context: context.audit)
            var view = ParticipantsView(q: q, searched: !TextRules.trimmed(q).isEmpty, results: found.map { row($0, l, locale) })
            view.notice = PageSupport.notice(request, l, locale)
            return env.renderer.page("participants", titleKey: "participants.title", view: view, context: context)
        }

        table.add(.get, ParticipantRoutes.newParticipant, .page, .policy(.create, .participants)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let related = try QueryParameters.read(request)["related"].flatMap { UUID(uuidString: $0) }
            return try await newPage(context, env, actor, person: blankPerson(env, actor, related: related), form: nil)
        }

        table.form(ParticipantRoutes.participants, .policy(.create, .participants)) { form, actor, context, resolved in
            let base = blankPerson(env, actor, related: PageSupport.parseUUID(form["related_participant_id"]))
            let (person, personErrors) = PersonForm.read(form, into: base)
            let (contact, contactErrors) = PersonForm.readContact(form, zone: env.config.timeZone)
            let setAside = form.all("not_duplicate_of").compactMap { UUID(uuidString: $0) }
            return try await PageSupport.submit { () -> Intake in
                var early = personErrors
                early.errors += contactErrors.errors
                // Run Core's checks too, so one round trip shows every problem.
                try early.collect { try PersonRules.validate(person, today: journey.today) }
                try early.throwIfAny()
                guard let contact else { throw early }
                // Before a second record is started, the ones that may be this person, unless the peer has seen them.
                if setAside.isEmpty {
                    let found = try await journey.possibleDuplicates(of: person, by: actor, context: context.audit)
                    if !found.isEmpty { return .possibleDuplicates(found) }
                }
                let created = try await journey.createPerson(person, programID: contact.programID, contact: contact, by: actor, context: context.audit)
                if !setAside.isEmpty { try await journey.noteDifferentPerson(created.id, from: setAside, context: context.audit) }
                return .created(created)
            } then: { intake in
                switch intake {
                case .created(let created): return redirect(PageSupport.noticed(ParticipantRoutes.record(created.id), .created))
                case .possibleDuplicates(let found): return try await newPage(context, env, actor, person: person, form: form, duplicates: found)
                }
            } refused: { error in
                try await newPage(context, env, actor, person: person, form: form,
                                  failure: PageSupport.formErrors(error, env, context))
            }
        }

        table.add(.get, ParticipantRoutes.record, .page, .policy(.read, .participant)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let person = try resolved.authorized(Person.self)
            let record = try await journey.record(of: person, context: context.audit)
            let timeline = record.person.kind == .participant ? try await env.documentation.timeline(of: person, limit: 50, context: context.audit) : []
            var view = try await recordView(context, env, actor, record, timeline: timeline)
            view.notice = PageSupport.notice(request, env.localizer, context.locale)
            try await ReferralPages.fill(&view, person: person, env: env, context: context)
            if record.person.kind == .participant {
                view.plansLink = PlanRoutes.plans(record.person.id)
                view.measuresLink = InstrumentRoutes.measures(record.person.id)
            }
            return env.renderer.page("participant", titleKey: "participant.title", view: view, context: context)
        }

        table.add(.get, ParticipantRoutes.edit, .page, .policy(.update, .participant)) { _, context, resolved in
            try await journey.noteRead(resolved.person!.id, resource: .participantEdit, context: context.audit)
            return editPage(context, env, resolved.person!, form: nil)
        }

        table.form(ParticipantRoutes.edit, .policy(.update, .participant)) { form, actor, context, resolved in
            let stored = resolved.person!
            let (person, formErrors) = PersonForm.read(form, into: stored)
            return try await PageSupport.submit {
                try formErrors.throwIfAny()
                return try await journey.updatePerson(stored.id, person, expectedVersion: PageSupport.parseInt(form["version"]), by: actor, context: context.audit)
            } then: { _ in redirect(PageSupport.noticed(ParticipantRoutes.record(stored.id), .updated)) } refused: { error in
                editPage(context, env, stored, typed: person, form: form, failure: PageSupport.formErrors(error, env, context))
            }
        }
    }

    static func row(_ p: Person, _ l: Localizer, _ locale: String) -> ParticipantsView.Row {
        .init(record: PersonJSON(p: p), name: p.displayName, support: p.kind == .supportPerson,
              kind: l.text("person.kind.\(p.kind.rawValue)", locale), link: ParticipantRoutes.record(p.id))
    }

    /// A person not filled in yet, in the actor's organization; with `related`, a support person linked to them.
    static func blankPerson(_ env: AppEnvironment, _ actor: Actor, related: UUID?) -> Person {
        Person(id: env.store.newID(), organizationID: actor.organizationID, kind: related == nil ? .participant : .supportPerson,
               relatedParticipantID: related, legalGivenName: "", legalFamilyName: "", dateOfBirth: nil,
               createdAt: env.store.now(), updatedAt: env.store.now())
    }

    static func programsFor(_ actor: Actor, _ env: AppEnvironment) async throws -> [Program] {
        try await env.db.read { conn in
            try await ProgramRecords.list(organizationIDs: [actor.organizationID], on: conn).filter { actor.programIDs.contains($0.id) && $0.active }
        }
    }

    /// A person's fields, a support person's relationship first.
    static func personFields(_ person: Person) -> [FormField] {
        let fields = PersonForm.fields(person, languages: LanguageCatalog.common)
        return person.kind == .supportPerson ? PersonForm.supportFields(person) + fields : fields
    }

    /// What a submitted intake led to: the new record, or the records it may duplicate, shown first.
    enum Intake: Sendable {
        case created(Person)
        case possibleDuplicates([(Person, DuplicateMatch)])
    }

    static func newPage(_ context: AppContext, _ env: AppEnvironment, _ actor: Actor, person: Person, form: FormData?,
                        failure: PageSupport.FormErrors = .init(), duplicates: [(Person, DuplicateMatch)] = []) async throws -> Response {
        let l = env.localizer, locale = context.locale
        let programs = try await programsFor(actor, env)
        let now = PersonForm.localDateTime(env.clock.now(), zone: env.config.timeZone)
        let view = ParticipantNewView(
            support: person.kind == .supportPerson, related: person.relatedParticipantID, hasPrograms: !programs.isEmpty,
            contactFields: FormField.render(PersonForm.contactFields(form, programs: programs, now: now), failure.errors, l, locale),
            personFields: FormField.render(personFields(person), failure.errors, l, locale),
            errors: failure.errors, summary: failure.summary,
            duplicates: duplicates.map { other, match in
                .init(id: other.id, name: other.displayName, dateOfBirth: other.dateOfBirth.map { l.date($0, locale) },
                      reasons: match.reasons.map { l.text("duplicate_reason.\($0)", locale) }.joined(separator: ", "),
                      link: ParticipantRoutes.record(other.id))
            })
        return env.renderer.page("participant_new", titleKey: person.kind == .supportPerson ? "participant_new.support_title" : "participant_new.title",
                                 view: view, context: context, status: failure.status)
    }

    /// Editing a person: the fields show what was typed (`typed`), the line above them names the record as stored.
    static func editPage(_ context: AppContext, _ env: AppEnvironment, _ stored: Person, typed: Person? = nil, form: FormData?,
                         failure: PageSupport.FormErrors = .init()) -> Response {
        JourneyPages.formPage(context, env, titleKey: "participant_edit.title", submitKey: "action.save",
                              fields: personFields(typed ?? stored), action: ParticipantRoutes.edit(stored.id),
                              cancel: ParticipantRoutes.record(stored.id), person: stored,
                              failure: failure, version: form.flatMap { PageSupport.parseInt($0["version"]) } ?? stored.version)
    }

    static func recordView(_ context: AppContext, _ env: AppEnvironment, _ actor: Actor, _ r: ParticipantJourney.Record,
                           timeline: [PeerService] = []) async throws -> ParticipantView {
        let l = env.localizer, locale = context.locale
        let p = r.person, d = p.details
        let zone = env.config.timeZone
        let today = env.journey.today
        let oversees = AccessPolicy.decide(actor, .assign, .participant(r.scope)) == .allow
        func staff(_ id: UUID) -> String { r.staffNames[id] ?? l.text("participant.someone", locale) }
        func program(_ id: UUID) -> String { r.programs[id]?.name ?? "" }
        let episodes = r.episodes.map { e -> ParticipantView.Episode in
            // An ended episode shows the peer who walked alongside the person until the end.
            let current = r.assignments.last { $0.episodeID == e.id && $0.isCurrent } ?? (e.isOpen ? nil : r.assignments.last { $0.episodeID == e.id })
            let history = r.assignments.filter { $0.episodeID == e.id }.map { a in
                ParticipantView.Pairing(peer: staff(a.peerID), from: PageSupport.date(a.startedAt), to: a.endedAt.map(PageSupport.date), reason: a.reason)
            }
            let due = e.nextDue.map { next in
                let status = ReviewSchedule.status(due: next.on, today: today)
                return l.format("participant.next_due", locale, ["what": l.text("due.\(next.kind.rawValue)", locale), "date": l.date(next.on, locale),
                                                                 "status": l.text("due_status.\(status.rawValue)", locale)])
            }
            let consent = e.consent.map {
                l.format("participant.consent_line", locale, ["who": l.text("consent.signed_by.\($0.signedBy.rawValue)", locale),
                                                              "date": l.date($0.signedOn, locale),
                                                              "how": l.text("consent.method.\($0.method.rawValue)", locale)])
            }
            return .init(record: EpisodeJSON(e: e), program: program(e.programID), consent: consent,
                         peer: current.map { staff($0.peerID) }, due: due, dischargeReason: e.dischargeReason.map { l.text($0.labelKey, locale) },
                         history: history, hasHistory: history.count > 1, canAssign: e.isOpen && oversees,
                         assignLink: ParticipantRoutes.assign(e.id), reviewLink: ParticipantRoutes.review(e.id),
                         dischargeLink: ParticipantRoutes.discharge(e.id))
        }
        let screenings = r.screenings.map { s in
            ParticipantView.Screening(record: ScreeningJSON(s: s), program: program(s.programID),
                                      outcome: l.text("screening.outcome.\(s.result.outcome.rawValue)", locale),
                                      criteria: s.result.criteriaMet.joined(separator: ", "), exclusions: s.result.exclusions.joined(separator: ", "),
                                      by: staff(s.screenedBy))
        }
        let reviews = r.reviews.map { v in
            ParticipantView.Review(record: ReviewJSON(r: v), outcome: l.text("review.outcome.\(v.review.outcome.rawValue)", locale),
                                   criteria: v.review.criteriaMet.map(\.rawValue).sorted().joined(separator: ", "), by: staff(v.reviewedBy))
        }
        let contacts = r.contacts.map { c in
            ParticipantView.Contact(when: PersonForm.localDateTime(c.occurredAt, zone: zone).replacingOccurrences(of: "T", with: " "),
                                    program: program(c.programID), source: l.text("contact.source.\(c.source.rawValue)", locale),
                                    method: l.text("contact.method.\(c.method.rawValue)", locale),
                                    setting: l.text("contact.setting.\(c.setting.rawValue)", locale), note: c.note, by: staff(c.loggedBy))
        }
        let crisis = r.crisisEvents.map { c in
            ParticipantView.Crisis(record: CrisisEventJSON(c: c), kind: l.text("crisis.kind.\(c.event.kind.rawValue)", locale))
        }
        let readmissions30 = Readmission.readmissions(r.crisisEvents.map(\.event), withinDays: 30).count
        let merges = r.merges.map { m in
            ParticipantView.Merge(when: PageSupport.date(m.mergedAt), kept: m.keptID == p.id, undone: m.undoneAt != nil,
                                  canUndo: m.undoneAt == nil && oversees,
                                  otherLink: ParticipantRoutes.record(m.keptID == p.id ? m.mergedID : m.keptID), undoLink: ParticipantRoutes.undoMerge(m.id))
        }
        // Who viewed this record: shown to those who oversee it (supervisors, managers).
        var viewers: [ParticipantView.Viewer] = []
        if oversees {
            var filter = AuditFilter(organizationIDs: [p.organizationID])
            filter.participantID = p.id
            filter.action = .recordRead
            filter.limit = 10
            viewers = try await env.audit.list(filter, on: env.db).events.map { .init(who: $0.actorLabel, when: PageSupport.date($0.occurredAt)) }
        }
        // The service timeline names the peers who wrote the notes.
        var peerNames = r.staffNames
        let unknown = Set(timeline.map(\.peerID)).subtracting(peerNames.keys)
        if !unknown.isEmpty {
            let found = try await env.db.read { conn in try await UserRecords.displayNames(unknown, on: conn) }
            peerNames.merge(found) { known, _ in known }
        }
        let catalogs = try await ServiceLabels.catalogs(timeline.map(\.programID), env)
        let services = timeline.map { s in
            ParticipantView.Service(record: ServiceJSON(s: s),
                                    type: ServiceLabels.text(.serviceType, s.content.serviceType, in: catalogs[s.programID], l, locale),
                                    modality: l.text("modality.\(s.content.modality.rawValue)", locale), by: peerNames[s.peerID] ?? "",
                                    draft: s.status == .draft, amended: s.amendmentCount > 0, link: ServiceRoutes.service(s.id))
        }
        let facts = ParticipantView.PersonFacts(
            record: PersonJSON(p: p), name: p.displayName, kind: l.text("person.kind.\(p.kind.rawValue)", locale),
            age: p.dateOfBirth.map { String($0.age(on: today)) },
            relationship: p.relationship.map { l.text("relationship.\($0.rawValue)", locale) }, mergedLink: p.mergedIntoID.map { ParticipantRoutes.record($0) },
            language: l.text("language.\(d.preferredLanguage)", locale),
            consent: [d.mayCall ? "person.may_call" : nil, d.mayText ? "person.may_text" : nil, d.mayEmail ? "person.may_email" : nil]
                .compactMap { $0.map { l.text($0, locale) } }.joined(separator: ", "),
            housing: l.text("housing.\(d.housing.rawValue)", locale), insurance: l.text("insurance.\(d.insurance.rawValue)", locale),
            populations: d.populations.map { l.text("population.\($0.rawValue)", locale) }.sorted().joined(separator: ", "))
        let support = r.supportPeople.map { s in
            PageSupport.Link(name: s.displayName, detail: s.relationship.map { l.text("relationship.\($0.rawValue)", locale) },
                             link: ParticipantRoutes.record(s.id))
        }
        let active = p.mergedIntoID == nil
        return ParticipantView(
            person: facts, related: r.related.map { .init(name: $0.displayName, link: ParticipantRoutes.record($0.id)) },
            episodes: episodes, support: support, screenings: screenings, reviews: reviews, services: services, contacts: contacts, crisis: crisis,
            readmissions: readmissions30 > 0 ? l.format("participant.readmissions", locale, ["count": String(readmissions30)]) : nil,
            merges: merges, viewers: viewers, canEdit: active, canEnroll: p.mayEnroll,
            canDocument: p.mayReceiveServices, isParticipant: p.kind == .participant, oversees: oversees,
            contactLink: ParticipantRoutes.contact(p.id), screenLink: ParticipantRoutes.screen(p.id), enrollLink: ParticipantRoutes.enroll(p.id),
            crisisLink: ParticipantRoutes.crisis(p.id), editLink: ParticipantRoutes.edit(p.id), duplicatesLink: ParticipantRoutes.duplicates(p.id),
            addSupportLink: ParticipantRoutes.newParticipant(query: ["related": p.id.text]),
            documentLink: ServiceRoutes.newService(query: ["person": p.id.text]))
    }
}
