import Foundation
import PeerwayCore
import PeerwayStore

/// JSON shapes of the participant journey in API v1 (described in openapi.json).
struct PersonJSON: APIFields {
    let p: Person
    var fields: KeyValuePairs<String, (any Encodable)?> {
        let d = p.details
        return ["id": p.id, "kind": p.kind.rawValue, "intake_program_id": p.intakeProgramID, "related_participant_id": p.relatedParticipantID,
                "relationship": p.relationship?.rawValue, "legal_given_name": p.legalGivenName, "legal_family_name": p.legalFamilyName,
                "preferred_name": p.preferredName, "pronouns": p.pronouns, "date_of_birth": p.dateOfBirth?.description,
                "preferred_language": d.preferredLanguage, "other_languages": d.otherLanguages, "phone": d.phone, "email": d.email,
                "may_call": d.mayCall, "may_text": d.mayText, "may_email": d.mayEmail, "address": d.address, "housing": d.housing.rawValue,
                "races": d.races.map(\.rawValue).sorted(), "ethnicity": d.ethnicity?.rawValue, "gender_identity": d.genderIdentity?.rawValue,
                "sexual_orientation": d.sexualOrientation?.rawValue, "veteran": d.veteran?.rawValue, "insurance": d.insurance.rawValue,
                "populations": d.populations.map(\.rawValue).sorted(), "lived_experience_sought": d.livedExperienceSought.map(\.rawValue).sorted(),
                "cultural_background": d.culturalBackground, "peer_gender_preference": d.peerGenderPreference.rawValue, "region": d.region,
                "merged_into_id": p.mergedIntoID, "version": p.version, "created_at": p.createdAt, "updated_at": p.updatedAt]
    }
}

/// A person as sent by a client: every field optional, so PATCH changes only what it names.
struct PersonInputJSON: Codable, Sendable {
    var related_participant_id: UUID?
    var relationship: String?
    var legal_given_name: String?
    var legal_family_name: String?
    var preferred_name: String?
    var pronouns: String?
    var date_of_birth: String?
    var preferred_language: String?
    var other_languages: [String]?
    var phone: String?
    var email: String?
    var may_call: Bool?
    var may_text: Bool?
    var may_email: Bool?
    var address: String?
    var housing: String?
    var races: [String]?
    var ethnicity: String?
    var gender_identity: String?
    var sexual_orientation: String?
    var veteran: String?
    var insurance: String?
    var populations: [String]?
    var lived_experience_sought: [String]?
    var cultural_background: String?
    var peer_gender_preference: String?
    var region: String?
    // Only on create:
    var program_id: UUID?
    var contact: ContactInputJSON?

    /// Applies the named fields over `base`; values outside a closed list are field errors.
    func apply(to base: Person) -> (Person, ValidationErrors) {
        var p = base
        var errors = ValidationErrors()
        func one<T: RawRepresentable>(_ raw: String?, _ field: String) -> T?? where T.RawValue == String {
            guard let raw else { return .none }
            if raw.isEmpty { return .some(nil) }
            return errors.named(raw, field).map { .some($0) }
        }
        func many<T: RawRepresentable & Hashable>(_ raws: [String]?, _ field: String) -> Set<T>? where T.RawValue == String {
            guard let raws else { return nil }
            var out = Set<T>()
            for raw in raws {
                guard let value: T = errors.named(raw, field) else { return nil }
                out.insert(value)
            }
            return out
        }
        if let v = related_participant_id { p.relatedParticipantID = v; p.kind = .supportPerson }
        if let v: Relationship? = one(relationship, "relationship") { p.relationship = v }
        if let v = legal_given_name { p.legalGivenName = v }
        if let v = legal_family_name { p.legalFamilyName = v }
        if let v = preferred_name { p.preferredName = v }
        if let v = pronouns { p.pronouns = v }
        if let v = date_of_birth {
            if v.isEmpty { p.dateOfBirth = nil } else if let d = CalendarDate(v) { p.dateOfBirth = d } else {
                errors.append(ValidationError("date_of_birth", "invalid_date"))
            }
        }
        var d = p.details
        if let v = preferred_language { d.preferredLanguage = v }
        if let v = other_languages { d.otherLanguages = v }
        if let v = phone { d.phone = v }
        if let v = email { d.email = v }
        if let v = may_call { d.mayCall = v }
        if let v = may_text { d.mayText = v }
        if let v = may_email { d.mayEmail = v }
        if let v = address { d.address = v }
        if let v: HousingStatus? = one(housing, "housing") { d.housing = v ?? .unknown }
        if let v: Set<Race> = many(races, "races") { d.races = v }
        if let v: Ethnicity? = one(ethnicity, "ethnicity") { d.ethnicity = v }
        if let v: GenderIdentity? = one(gender_identity, "gender_identity") { d.genderIdentity = v }
        if let v: SexualOrientation? = one(sexual_orientation, "sexual_orientation") { d.sexualOrientation = v }
        if let v: VeteranStatus? = one(veteran, "veteran") { d.veteran = v }
        if let v: Insurance? = one(insurance, "insurance") { d.insurance = v ?? .unknown }
        if let v: Set<Population> = many(populations, "populations") { d.populations = v }
        if let v: Set<LivedExperience> = many(lived_experience_sought, "lived_experience_sought") { d.livedExperienceSought = v }
        if let v = cultural_background { d.culturalBackground = v }
        if let v: GenderPreference? = one(peer_gender_preference, "peer_gender_preference") { d.peerGenderPreference = v ?? .noPreference }
        if let v = region { d.region = v }
        p.details = d
        return (p, errors)
    }
}

struct ContactInputJSON: Codable, Sendable {
    var program_id: UUID
    /// Text, read by `APISupport.instant`, so a malformed time or an out-of-range offset is a field error.
    var occurred_at: String
    var source: String
    var made_by: String
    var method: String
    var setting: String
    var note: String?

    func input() throws -> ParticipantJourney.ContactInput {
        var errors = ValidationErrors()
        let s: Contact.Source? = errors.named(source, "source"), m: Contact.MadeBy? = errors.named(made_by, "made_by")
        let h: Contact.Method? = errors.named(method, "method"), t: Contact.Setting? = errors.named(setting, "setting")
        var occurredAt: Date?
        do { occurredAt = try APISupport.instant(occurred_at, "occurred_at") } catch let error as WebError { errors.errors += error.fields }
        try errors.throwIfAny()
        return ParticipantJourney.ContactInput(programID: program_id, occurredAt: occurredAt!, source: s!, madeBy: m!, method: h!, setting: t!, note: note ?? "")
    }
}

struct ContactJSON: APIFields {
    let c: Contact
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": c.id, "program_id": c.programID, "participant_id": c.personID, "occurred_at": c.occurredAt, "source": c.source.rawValue,
         "made_by": c.madeBy.rawValue, "method": c.method.rawValue, "setting": c.setting.rawValue, "note": c.note, "logged_by": c.loggedBy]
    }
}

struct ScreeningInputJSON: Codable, Sendable {
    var program_id: UUID
    var screened_on: String
    var service_criteria: [String]
    var exclusions: [String]
    var higher_level_referral: String?
}

struct ScreeningJSON: APIFields {
    let s: StoredScreening
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": s.id, "program_id": s.programID, "participant_id": s.personID, "screened_on": s.screenedOn.description,
         "criteria_set": s.criteriaSet, "outcome": s.result.outcome.rawValue, "criteria_met": s.result.criteriaMet,
         "exclusions": s.result.exclusions, "higher_level_referral": s.higherLevelReferral, "screened_by": s.screenedBy]
    }
}

struct EnrollmentInputJSON: Codable, Sendable {
    var program_id: UUID
    var enrolled_on: String
    var consent_signed_by: String
    var consent_signed_on: String
    var consent_method: String
    var goals: String?
    var peer_id: UUID?
    var override_reason: String?
}

struct AssignmentJSON: APIFields {
    let a: Assignment
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": a.id, "peer_id": a.peerID, "started_at": a.startedAt, "ended_at": a.endedAt, "assigned_by": a.assignedBy, "reason": a.reason]
    }
}

struct EpisodeJSON: APIFields {
    let e: Episode
    var assignments: [Assignment] = []
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": e.id, "participant_id": e.participantID, "program_id": e.programID, "enrolled_on": e.enrolledOn.description,
         "planned_end_on": e.plannedEndOn?.description, "next_review_on": e.nextReviewOn?.description,
         "consent_signed_by": e.consent?.signedBy.rawValue, "consent_signed_on": e.consent?.signedOn.description,
         "consent_method": e.consent?.method.rawValue, "goals": e.goals, "override_reason": e.overrideReason,
         "discharged_on": e.dischargedOn?.description, "discharge_reason": e.dischargeReason?.rawValue, "discharge_summary": e.dischargeSummary,
         "open": e.isOpen, "version": e.version,
         "assignments": assignments.filter { $0.episodeID == e.id }.map(AssignmentJSON.init)]
    }
}

struct AssignInputJSON: Codable, Sendable {
    var peer_id: UUID
    var reason: String?
}

struct SuggestionJSON: Codable, Sendable {
    struct Reason: Codable, Sendable { let code: String; let detail: String }
    let peer_id: UUID
    let display_name: String
    let score: Int
    let caseload: Int
    let capacity: Int
    let reasons: [Reason]
}

struct ReviewInputJSON: Codable, Sendable {
    var reviewed_on: String
    var criteria_met: [String]
    var outcome: String
    var note: String?
}

struct ReviewJSON: APIFields {
    let r: StoredReview
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": r.id, "episode_id": r.episodeID, "reviewed_on": r.review.reviewedOn.description,
         "criteria_met": r.review.criteriaMet.map(\.rawValue).sorted(), "outcome": r.review.outcome.rawValue, "note": r.note,
         "reviewed_by": r.reviewedBy]
    }
}

struct DischargeInputJSON: Codable, Sendable {
    var discharged_on: String
    var reason: String
    var summary: String?
}

struct CrisisEventInputJSON: Codable, Sendable {
    var kind: String
    var started_on: String
    var ended_on: String?
    var note: String?
}

struct CrisisEventJSON: APIFields {
    let c: StoredCrisisEvent
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": c.id, "kind": c.event.kind.rawValue, "started_on": c.event.startedOn.description, "ended_on": c.event.endedOn?.description,
         "note": c.note]
    }
}

struct ParticipantRecordJSON: Encodable, Sendable {
    let participant: PersonJSON
    let episodes: [EpisodeJSON]
    let screenings: [ScreeningJSON]
    let reviews: [ReviewJSON]
    let contacts: [ContactJSON]
    let crisis_events: [CrisisEventJSON]
    let support_people: [PersonJSON]
    let readmissions_within_30_days: Int
    let readmissions_within_90_days: Int
}

struct MergeInputJSON: Codable, Sendable {
    var merged_id: UUID
}

struct MergeJSON: APIFields {
    let m: PersonMerge
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": m.id, "kept_id": m.keptID, "merged_id": m.mergedID, "merged_at": m.mergedAt, "undone_at": m.undoneAt]
    }
}

struct DuplicateJSON: Encodable, Sendable {
    let participant: PersonJSON
    let score: Int
    let reasons: [String]
}

struct CaseloadEntryJSON: APIFields {
    let e: CaseloadEntry
    let today: CalendarDate
    var fields: KeyValuePairs<String, (any Encodable)?> {
        let next = e.episode.nextDue
        return ["participant_id": e.person.id, "display_name": e.person.displayName, "episode_id": e.episode.id, "program_id": e.episode.programID,
                "peer_id": e.peerID, "enrolled_on": e.episode.enrolledOn.description, "next_due_kind": next?.kind.rawValue,
                "next_due_on": next?.on.description, "due_status": next.map { ReviewSchedule.status(due: $0.on, today: today).rawValue }]
    }
}

struct ImportReportJSON: Codable, Sendable {
    struct RowError: Codable, Sendable { let line: Int; let field: String?; let code: String }
    let total: Int
    let created: Int
    let updated: Int
    let dry_run: Bool
    let errors: [RowError]
}

struct PeerBackgroundJSON: Codable, Sendable {
    var languages: [String]
    var lived_experience: [String]
    var populations: [String]
    var cultural_background: String
    var gender_identity: String?
    var region: String
    var capacity: Int

    init(_ b: PeerBackground) {
        languages = b.languages; lived_experience = b.livedExperience.map(\.rawValue).sorted(); populations = b.populations.map(\.rawValue).sorted()
        cultural_background = b.culturalBackground; gender_identity = b.genderIdentity?.rawValue; region = b.region; capacity = b.capacity
    }

    func background() throws -> PeerBackground {
        var b = PeerBackground()
        b.languages = languages
        b.livedExperience = Set(try lived_experience.map { try LivedExperience.named($0, field: "lived_experience") })
        b.populations = Set(try populations.map { try Population.named($0, field: "populations") })
        if let g = gender_identity, !g.isEmpty { b.genderIdentity = try GenderIdentity.named(g, field: "gender_identity") }
        b.culturalBackground = cultural_background
        b.region = region
        b.capacity = capacity
        return b
    }
}
