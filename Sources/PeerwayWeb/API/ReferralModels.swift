import Foundation
import PeerwayCore
import PeerwayStore

/// JSON shapes of referrals in API v1 (described in openapi.json).
struct ReferralResourceJSON: Codable, Sendable {
    let directory_service_id: String?
    let name: String
    let organization: String?
    let phone: String?
    let address: String?
}

struct ReferralChangeJSON: Codable, Sendable {
    let from: String?
    let to: String
    let occurred_at: Date
    let recorded_at: Date
    let by: UUID
    let reason: String?
    let note: String

    init(_ c: ReferralChange) {
        from = c.from?.rawValue; to = c.to.rawValue; occurred_at = c.occurredAt; recorded_at = c.recordedAt; by = c.by
        reason = c.reason?.rawValue; note = c.note
    }
}

struct ReferralJSON: Codable, Sendable {
    let id: UUID
    let person_id: UUID
    let program_id: UUID
    let resource: ReferralResourceJSON
    let need: String
    let urgency: String
    let handoff: String
    let made_at: Date
    let made_by: UUID
    let service_id: UUID?
    let note: String
    let status: String
    /// The HL7 FHIR R4 Task.status the status maps to (docs/referrals.md).
    let fhir_task_status: String
    let status_at: Date
    let reason: String?
    let follow_up_on: String?
    let version: Int
    let changes: [ReferralChangeJSON]?

    init(_ r: Referral, changes: [ReferralChange]? = nil) {
        id = r.id; person_id = r.personID; program_id = r.programID
        resource = ReferralResourceJSON(directory_service_id: r.resource.directoryServiceID, name: r.resource.name,
                                        organization: r.resource.organizationName, phone: r.resource.phone, address: r.resource.address)
        need = r.need.rawValue; urgency = r.urgency.rawValue; handoff = r.handoff.rawValue; made_at = r.madeAt; made_by = r.madeBy
        service_id = r.serviceID; note = r.note; status = r.status.rawValue; fhir_task_status = r.status.fhirTaskStatus; status_at = r.statusAt
        reason = r.reason?.rawValue; follow_up_on = r.followUpOn?.description; version = r.version
        self.changes = changes.map { $0.map(ReferralChangeJSON.init) }
    }
}

struct ReferralInputJSON: Decodable, Sendable {
    let program_id: UUID
    let need: String
    let resource: ReferralResourceJSON
    let urgency: String?
    let handoff: String?
    let status: String?
    let made_at: String?
    let follow_up_on: String?
    let note: String?
    let service_id: UUID?
}

struct ReferralStatusInputJSON: Decodable, Sendable {
    let status: String
    let occurred_at: String?
    let reason: String?
    let note: String?
    let follow_up_on: String?
}

struct WaitingReferralJSON: Codable, Sendable {
    let referral: ReferralJSON
    let person_name: String
    let age_days: Int
    let follow_up_overdue: Bool
}

struct ProportionJSON: Codable, Sendable {
    let numerator: Int
    let denominator: Int
    let percent: Double?
    init(_ p: Proportion) { numerator = p.numerator; denominator = p.denominator; percent = p.percent }
}

struct ReferralMeasuresJSON: Codable, Sendable {
    struct Need: Codable, Sendable {
        let need: String
        let made: Int
        let linkage: ProportionJSON
    }
    let from: String
    let to: String
    let scope: String
    let made: Int
    let open: Int
    /// Linked over referrals with an outcome (linked, not linked, declined), among those made in the period.
    let linkage: ProportionJSON
    let median_days_to_linkage: Double?
    let by_need: [Need]

    init(_ m: ReferralMeasures, from: CalendarDate, to: CalendarDate, scope: String) {
        self.from = from.description; self.to = to.description; self.scope = scope
        made = m.made; open = m.open; linkage = ProportionJSON(m.linkage); median_days_to_linkage = m.medianDaysToLinkage
        by_need = m.byNeed.map { Need(need: $0.need.rawValue, made: $0.made, linkage: ProportionJSON($0.linkage)) }
    }
}
