import Foundation
import PeerwayCore
import PeerwayStore

/// JSON shapes of the peer workforce in API v1 (described in openapi.json): a staff member's profile,
/// certification, continuing education, trainings, career and wellness check-ins; a supervisor's team
/// and sessions; the organization's roster, report, settings and training catalogue.

/// A staff member named in a list: their id and display name.
struct StaffRefJSON: APIFields {
    let id: UUID
    let name: String?
    var fields: KeyValuePairs<String, (any Encodable)?> { ["user_id": id, "display_name": name] }
}

// MARK: - Profile

struct CredentialJSON: APIFields {
    let c: QualifyingCredential
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["kind": c.kind.rawValue, "number": c.number, "issued_by": c.issuedBy, "expires_on": c.expiresOn?.description]
    }
}

/// The workforce profile as the reader may see it (personal facts the person did not share are empty
/// beyond HR), and whether the reader sees it whole.
struct WorkforceProfileJSON: APIFields {
    let p: WorkforceProfile
    let seesWhole: Bool
    var fields: KeyValuePairs<String, (any Encodable)?> {
        let b = p.background, d = p.details
        return ["user_id": p.userID, "discipline": d.discipline.rawValue, "specializations": d.specializations, "shared": WorkforceInput.ordered(d.shared),
                "credential": d.credential.map(CredentialJSON.init), "hired_on": d.hiredOn?.description, "languages": b.languages,
                "lived_experience": WorkforceInput.ordered(b.livedExperience), "populations": WorkforceInput.ordered(b.populations),
                "cultural_background": b.culturalBackground, "gender_identity": b.genderIdentity?.rawValue, "region": b.region,
                "capacity": b.capacity, "sees_whole_profile": seesWhole]
    }
}

struct CredentialInputJSON: Codable, Sendable {
    var kind: String
    var number: String
    var issued_by: String?
    var expires_on: String?
}

/// A profile as a client sends it: the whole profile (what is left out takes its default).
struct WorkforceProfileInputJSON: Codable, Sendable {
    var discipline: String
    var specializations: [String]?
    var shared: [String]?
    var credential: CredentialInputJSON?
    var hired_on: String?
    var languages: [String]
    var lived_experience: [String]
    var populations: [String]
    var cultural_background: String
    var gender_identity: String?
    var region: String
    var capacity: Int

    /// Core's field names of the profile's refusals, as the body names them.
    static let fieldNames = ["credential_kind": "credential", "credential_number": "credential.number",
                             "credential_issued_by": "credential.issued_by"]

    /// The background and details the body names; values outside a closed list or malformed dates are
    /// field errors, all reported at once. What the values say is the workflow's to check.
    func profile() throws(ValidationErrors) -> (PeerBackground, WorkforceDetails) {
        var errors = ValidationErrors()
        var b = PeerBackground()
        b.languages = languages
        b.livedExperience = WorkforceInput.set(lived_experience, "lived_experience", into: &errors)
        b.populations = WorkforceInput.set(populations, "populations", into: &errors)
        b.culturalBackground = cultural_background
        if let g = gender_identity { b.genderIdentity = errors.named(g, "gender_identity") }
        b.region = region
        b.capacity = capacity
        var d = WorkforceDetails()
        if let discipline: Discipline = errors.named(discipline, "discipline") { d.discipline = discipline }
        d.specializations = specializations ?? []
        d.shared = WorkforceInput.set(shared, "shared", into: &errors)
        d.hiredOn = WorkforceInput.date(hired_on, "hired_on", into: &errors)
        if let c = credential {
            let kind: CredentialKind? = errors.named(c.kind, "credential.kind")
            let expires = WorkforceInput.date(c.expires_on, "credential.expires_on", into: &errors)
            if let kind { d.credential = QualifyingCredential(kind: kind, number: c.number, issuedBy: c.issued_by ?? "", expiresOn: expires) }
        }
        try errors.throwIfAny()
        return (b, d)
    }
}

// MARK: - Certification

struct CertificationEventJSON: APIFields {
    let e: CertificationEvent
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": e.id, "user_id": e.userID, "step": e.step.rawValue, "on": e.on.description, "reference": e.reference,
         "recorded_by": e.recordedBy, "recorded_at": e.recordedAt]
    }
}

/// Continuing education in the current cycle against what it asks, in minutes.
struct CECycleJSON: APIFields {
    let c: CECycleProgress
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["starts_on": c.startsOn.description, "ends_on": c.endsOn.description, "minutes": c.minutes, "required_minutes": c.requiredMinutes,
         "law_and_ethics_minutes": c.lawAndEthicsMinutes, "required_law_and_ethics_minutes": c.requiredLawAndEthicsMinutes,
         "remaining_minutes": c.remainingMinutes, "remaining_law_and_ethics_minutes": c.remainingLawAndEthicsMinutes, "met": c.isMet]
    }
}

struct DeadlineJSON: APIFields {
    let d: CertificationDeadline
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["kind": d.kind.rawValue, "due_on": d.dueOn.description, "days_left": d.daysLeft, "alert": d.alert.rawValue]
    }
}

struct CertificationTaskJSON: APIFields {
    let t: CertificationTask
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["kind": t.kind.rawValue, "due_on": t.dueOn?.description, "done": t.done, "remaining_minutes": t.remainingMinutes, "alert": t.alert.rawValue]
    }
}

/// A staff member's certification today: the state and its dates, continuing education in the cycle,
/// deadlines, what remains to do and by when, the standing their services are judged by, and every step
/// recorded, oldest first.
struct CertificationJSON: APIFields {
    let record: Workforce.StaffRecord
    var fields: KeyValuePairs<String, (any Encodable)?> {
        let s = record.status, rules = record.settings.certificationRules
        let events = record.events.sorted { ($0.on, $0.recordedAt) < ($1.on, $1.recordedAt) }
        return ["user_id": record.user.id, "display_name": record.user.displayName, "rule_set": rules.code, "as_of": record.today.description,
                "state": s.state.rawValue,
                "standing": CertificationRules.standing(on: record.today, events: record.events, rules: rules).rawValue,
                "applied_on": s.appliedOn?.description, "documents_verified_on": s.documentsVerifiedOn?.description,
                "approved_on": s.approvedOn?.description, "training_window_ends_on": s.trainingWindowEndsOn?.description,
                "training_completed_on": s.trainingCompletedOn?.description, "exam_passed_on": s.examPassedOn?.description,
                "certified_on": s.certifiedOn?.description, "cycle_starts_on": s.cycleStartsOn?.description,
                "expires_on": s.expiresOn?.description, "renewal_opens_on": s.renewalOpensOn?.description,
                "ethics_signed_in_cycle": s.ethicsSignedInCycle, "certificate_number": s.certificateNumber, "renewals": s.renewals,
                "ce": s.ce.map(CECycleJSON.init), "deadlines": s.deadlines.map(DeadlineJSON.init), "tasks": s.tasks.map(CertificationTaskJSON.init),
                "events": events.map(CertificationEventJSON.init)]
    }
}

struct CertificationStepInputJSON: Codable, Sendable {
    var step: String
    var on: String?
    var reference: String?
}

// MARK: - Continuing education

struct CEEntryJSON: APIFields {
    let e: CEEntry
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": e.id, "user_id": e.userID, "taken_on": e.takenOn.description, "minutes": e.minutes, "hours": WorkforceInput.hours(e.minutes),
         "category": e.category.rawValue, "title": e.title, "provider": e.provider, "recorded_by": e.recordedBy, "recorded_at": e.recordedAt]
    }
}

/// A person's continuing education, newest first, and the current cycle's progress when certified.
struct CEListJSON: APIFields {
    let items: [CEEntry]
    let cycle: CECycleProgress?
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["items": items.sorted { ($0.takenOn, $0.recordedAt) > ($1.takenOn, $1.recordedAt) }.map(CEEntryJSON.init),
         "cycle": cycle.map(CECycleJSON.init)]
    }
}

/// Continuing education as a client logs it: `hours` (a number) or `minutes` (an integer), not both.
struct CEInputJSON: Codable, Sendable {
    var taken_on: String
    var hours: Double?
    var minutes: Int?
    var category: String
    var title: String
    var provider: String?
}

// MARK: - Trainings

struct TrainingCompletionJSON: APIFields {
    let c: TrainingCompletion
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": c.id, "user_id": c.userID, "course_id": c.courseID, "title": c.title, "topics": WorkforceInput.ordered(c.topics),
         "completed_on": c.completedOn.description, "minutes": c.minutes, "evidence": c.evidence, "recorded_by": c.recordedBy,
         "recorded_at": c.recordedAt]
    }
}

/// A person's completed trainings, newest first, and the ten topics of a recognized training: those
/// covered (with the first day a completion covered each) and those still missing, in the seed's order.
struct TrainingsJSON: APIFields {
    struct Covered: APIFields {
        let topic: TrainingTopic
        let on: CalendarDate
        var fields: KeyValuePairs<String, (any Encodable)?> { ["topic": topic.rawValue, "covered_on": on.description] }
    }
    let items: [TrainingCompletion]
    var fields: KeyValuePairs<String, (any Encodable)?> {
        let coverage = TrainingRules.coverage(items)
        return ["items": items.sorted { ($0.completedOn, $0.recordedAt) > ($1.completedOn, $1.recordedAt) }.map(TrainingCompletionJSON.init),
                "covered": TrainingTopic.allCases.compactMap { t in coverage[t].map { Covered(topic: t, on: $0) } },
                "missing": TrainingRules.missing(items).map(\.rawValue)]
    }
}

struct TrainingInputJSON: Codable, Sendable {
    var course_id: UUID?
    var title: String?
    var topics: [String]?
    var completed_on: String
    var minutes: Int
    var evidence: String
}

struct CourseJSON: APIFields {
    let c: TrainingCourse
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": c.id, "title": c.title, "topics": WorkforceInput.ordered(c.topics), "minutes": c.minutes,
         "covers_all_topics": c.topics.count == TrainingTopic.allCases.count]
    }
}

struct CourseInputJSON: Codable, Sendable {
    var title: String
    var topics: [String]?
    var minutes: Int?
}

// MARK: - Career

struct CareerStepJSON: APIFields {
    let s: CareerStep
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": s.id, "user_id": s.userID, "role": s.role.rawValue, "started_on": s.startedOn.description, "recorded_by": s.recordedBy,
         "recorded_at": s.recordedAt]
    }
}

/// A person's roles over time, oldest first, and the one they hold today.
struct CareerJSON: APIFields {
    let steps: [CareerStep]
    let today: CalendarDate
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["items": CareerRules.ordered(steps).map(CareerStepJSON.init), "current_role": CareerRules.role(on: today, steps)?.rawValue]
    }
}

struct CareerStepInputJSON: Codable, Sendable {
    var role: String
    var started_on: String
}

// MARK: - Wellness

struct WellnessCheckInJSON: APIFields {
    let c: WellnessCheckIn
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": c.id, "user_id": c.userID, "given_on": c.givenOn.description, "satisfaction": c.satisfaction, "burnout": c.burnout,
         "supported": c.supported, "note": c.note, "recorded_at": c.recordedAt]
    }
}

/// A person's check-ins, newest first, and whether one is asked for today.
struct WellnessListJSON: APIFields {
    let items: [WellnessCheckIn]
    let today: CalendarDate
    var fields: KeyValuePairs<String, (any Encodable)?> {
        let sorted = items.sorted { ($0.givenOn, $0.recordedAt) > ($1.givenOn, $1.recordedAt) }
        return ["items": sorted.map(WellnessCheckInJSON.init), "due": WellnessRules.isDue(last: sorted.first?.givenOn, today: today),
                "cadence_days": WellnessRules.cadenceDays]
    }
}

struct WellnessInputJSON: Codable, Sendable {
    var satisfaction: Int
    var burnout: Int
    var supported: Int
    var note: String?
}

// MARK: - Supervision

struct SupervisionSessionJSON: APIFields {
    let s: SupervisionSession
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": s.id, "supervisor_id": s.supervisorID, "held_on": s.heldOn.description, "minutes": s.minutes, "format": s.format.rawValue,
         "peer_ids": s.peerIDs, "topics": WorkforceInput.ordered(s.topics), "note": s.note, "recorded_by": s.recordedBy, "recorded_at": s.recordedAt]
    }
}

/// A peer's supervision in one month against the expectation: `minutes` of `target_minutes`.
struct SupervisionMonthJSON: APIFields {
    let m: SupervisionMonth
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["month": m.month.description, "minutes": m.minutes, "target_minutes": m.targetMinutes, "sessions": m.sessions,
         "short_minutes": m.shortMinutes, "met": m.isMet]
    }
}

struct TeamMemberJSON: APIFields {
    let m: Workforce.TeamMember
    let today: CalendarDate
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["user_id": m.user.id, "display_name": m.user.displayName, "current_month": SupervisionMonthJSON(m: m.current),
         "previous_month": SupervisionMonthJSON(m: m.previous), "behind": m.isBehind, "certification": m.status.state.rawValue,
         "next_deadline": m.status.deadlines.first.map(DeadlineJSON.init), "last_check_in": m.lastCheckIn?.description,
         "check_in_due": WellnessRules.isDue(last: m.lastCheckIn, today: today)]
    }
}

/// A supervisor's team: their credential, each supervisee's supervision this month and last (behind when
/// last month's was not met), certification and check-ins, and the sessions they held in three months.
struct TeamJSON: APIFields {
    let t: Workforce.Team
    let today: CalendarDate
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["supervisor_id": t.supervisor.id, "credential": t.credential.map(CredentialJSON.init), "qualified": t.qualified,
         "target_minutes": t.targetMinutes, "month": t.month.description, "previous_month": t.previousMonth.description,
         "members": t.members.map { TeamMemberJSON(m: $0, today: today) },
         "sessions": t.sessions.sorted { ($0.heldOn, $0.recordedAt) > ($1.heldOn, $1.recordedAt) }.map(SupervisionSessionJSON.init)]
    }
}

struct SupervisionSessionInputJSON: Codable, Sendable {
    var held_on: String
    var minutes: Int
    var format: String
    var peer_ids: [UUID]
    var topics: [String]?
    var note: String?
}

// MARK: - Roster, report and settings

struct RosterRowJSON: APIFields {
    let r: Workforce.RosterRow
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["user_id": r.user.id, "display_name": r.user.displayName, "roles": r.user.roles.map(\.rawValue).sorted(),
         "discipline": r.discipline.rawValue, "certification": r.status.state.rawValue, "expires_on": r.status.expiresOn?.description,
         "next_deadline": r.status.deadlines.first.map(DeadlineJSON.init), "supervisor_id": r.user.supervisorID,
         "supervisor_name": r.supervisorName]
    }
}

/// The workforce report. Every figure names its numerator and its denominator beside it (`ce_met` of
/// `in_cycle`, `supervision_met` of `peers`, `caseload` of `capacity`, `advanced` of `peers`,
/// `satisfied` of `respondents`); `peers` are the peer and family-peer specialists with active accounts.
struct WorkforceReportJSON: APIFields {
    let r: Workforce.Report
    var fields: KeyValuePairs<String, (any Encodable)?> {
        let report = r.report
        func staff(_ ids: [UUID]) -> [StaffRefJSON] { ids.map { StaffRefJSON(id: $0, name: r.names[$0]) } }
        let wellness: [String: AnyJSONValue] = report.wellness.map {
            ["withheld": .bool(false), "minimum_group_size": .int(WellnessRules.minimumGroupSize), "respondents": .int($0.respondents),
             "satisfied": .int($0.satisfied), "burned_out": .int($0.burnedOut), "supported": .int($0.supported)]
        } ?? ["withheld": .bool(true), "minimum_group_size": .int(WellnessRules.minimumGroupSize)]
        return [
            "as_of": report.asOf.description, "period_start": r.periodStart.description, "peers": report.peers,
            "certification": ReportCountsJSON(peers: report.peers, byState: report.certification),
            "deadlines": report.deadlines.map { ReportDeadlineJSON(d: $0) },
            "continuing_education": ["ce_met": report.ceMet, "in_cycle": report.inCycle],
            "supervision": SupervisionFigureJSON(month: report.supervisionMonth, met: report.supervisionMet, peers: report.peers,
                                                 minutes: report.supervisionMinutes),
            "qualified_supervision": ["without_qualified_supervisor": AnyJSONValue.int(report.withoutQualifiedSupervisor.count),
                                      "peers": .int(report.peers), "staff": .staff(staff(report.withoutQualifiedSupervisor))],
            "caseload": ["caseload": AnyJSONValue.int(report.caseload), "capacity": .int(report.capacity),
                         "over_capacity": .int(report.overCapacity.count), "peers": .int(report.peers),
                         "over_capacity_staff": .staff(staff(report.overCapacity))],
            "languages": report.languages.map { LanguageRowJSON(l: $0) },
            "advancement": ["advanced": report.advancement.advanced.count, "peers": report.advancement.peers.count],
            "wellness": wellness,
        ]
    }
}

/// A few values of different kinds in one JSON object (the report's figure groups).
enum AnyJSONValue: Encodable, Sendable {
    case int(Int)
    case bool(Bool)
    case staff([StaffRefJSON])

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let v): try c.encode(v)
        case .bool(let v): try c.encode(v)
        case .staff(let v): try c.encode(v)
        }
    }
}

struct ReportCountsJSON: APIFields {
    struct StateCount: APIFields {
        let state: CertificationState
        let count: Int
        var fields: KeyValuePairs<String, (any Encodable)?> { ["state": state.rawValue, "count": count] }
    }
    let peers: Int
    let byState: [(state: CertificationState, count: Int)]
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["peers": peers, "by_state": byState.map { StateCount(state: $0.state, count: $0.count) }]
    }
}

struct ReportDeadlineJSON: APIFields {
    let d: WorkforceReport.Deadline
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["user_id": d.userID, "display_name": d.displayName, "kind": d.deadline.kind.rawValue, "due_on": d.deadline.dueOn.description,
         "days_left": d.deadline.daysLeft, "alert": d.deadline.alert.rawValue]
    }
}

struct SupervisionFigureJSON: APIFields {
    let month: CalendarDate
    let met: Int
    let peers: Int
    let minutes: Int
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["month": month.description, "supervision_met": met, "peers": peers, "minutes": minutes]
    }
}

struct LanguageRowJSON: APIFields {
    let l: WorkforceReport.LanguageRow
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["code": l.code, "participants": l.participants, "staff": l.staff, "gap": l.isGap]
    }
}

/// The organization's certification rule set and the supervision each peer is expected to receive a month.
struct WorkforceSettingsJSON: APIFields {
    let s: WorkforceSettings
    var fields: KeyValuePairs<String, (any Encodable)?> {
        let r = s.certificationRules
        return ["code": r.code, "training_window_months": r.trainingWindowMonths, "certification_years": r.certificationYears,
                "ce_hours_per_cycle": WorkforceInput.hours(r.ceMinutesPerCycle), "ce_law_and_ethics_hours": WorkforceInput.hours(r.ceLawAndEthicsMinutes),
                "renewal_window_days": r.renewalWindowDays, "alert_days": r.alertDays,
                "supervision_minutes_per_month": s.supervisionMinutesPerMonth]
    }
}

struct WorkforceSettingsInputJSON: Codable, Sendable {
    var code: String
    var training_window_months: Int
    var certification_years: Int
    var ce_hours_per_cycle: Double
    var ce_law_and_ethics_hours: Double
    var renewal_window_days: Int
    var alert_days: [Int]
    var supervision_minutes_per_month: Int
}

// MARK: - Reading input

enum WorkforceInput {
    /// Hours as the API shows them: minutes over sixty, to two decimals.
    static func hours(_ minutes: Int) -> Double { (Double(minutes) / 60 * 100).rounded() / 100 }

    /// A set of closed-list values in the order the list declares them.
    static func ordered<T: CaseIterable & Hashable & RawRepresentable>(_ values: Set<T>) -> [String] where T.RawValue == String {
        T.allCases.filter(values.contains).map(\.rawValue)
    }

    /// A `YYYY-MM-DD` day a body sent; nil (and `invalid_date` on `field`) when malformed, nil when absent.
    static func date(_ text: String?, _ field: String, into errors: inout ValidationErrors) -> CalendarDate? {
        guard let text else { return nil }
        guard let day = CalendarDate(TextRules.trimmed(text)) else { return errors.refuse(field, "invalid_date") }
        return day
    }

    /// Whole minutes from hours a body sent as a number (rounded to the minute); `out_of_range` on `field`
    /// for a number no duration could be (the rule's own range is Core's to check).
    static func minutes(hours: Double, _ field: String, into errors: inout ValidationErrors) -> Int? {
        guard hours.isFinite, abs(hours) <= 100_000 else { return errors.refuse(field, "out_of_range") }
        return Int((hours * 60).rounded())
    }

    /// The values of a closed list a body named; each unknown one is `unknown_value` on `field`.
    static func set<T: RawRepresentable & Hashable>(_ raws: [String]?, _ field: String, into errors: inout ValidationErrors) -> Set<T>
        where T.RawValue == String {
        var out = Set<T>()
        for raw in raws ?? [] { if let value: T = errors.named(raw, field) { out.insert(value) } }
        return out
    }
}
