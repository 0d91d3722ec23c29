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

struct ReferralChangeJSON: APIFields {
    let c: ReferralChange
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["from": c.from?.rawValue, "to": c.to.rawValue, "occurred_at": c.occurredAt, "recorded_at": c.recordedAt, "by": c.by,
         "reason": c.reason?.rawValue, "note": c.note]
    }
}

struct ReferralJSON: APIFields {
    let r: Referral
    var changes: [ReferralChange]?
    var fields: KeyValuePairs<String, (any Encodable)?> {
        let resource = ReferralResourceJSON(directory_service_id: r.resource.directoryServiceID, name: r.resource.name,
                                            organization: r.resource.organizationName, phone: r.resource.phone, address: r.resource.address)
        return ["id": r.id, "person_id": r.personID, "program_id": r.programID, "resource": resource, "need": r.need.rawValue,
                "urgency": r.urgency.rawValue, "handoff": r.handoff.rawValue, "made_at": r.madeAt, "made_by": r.madeBy, "service_id": r.serviceID,
                "note": r.note, "status": r.status.rawValue, "status_at": r.statusAt, "reason": r.reason?.rawValue,
                // The HL7 FHIR R4 Task.status the status maps to (docs/referrals.md).
                "fhir_task_status": r.status.fhirTaskStatus,
                "follow_up_on": r.followUpOn?.description, "version": r.version, "changes": changes.map { $0.map(ReferralChangeJSON.init) }]
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

struct WaitingReferralJSON: APIFields {
    let w: Referrals.Waiting
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["referral": ReferralJSON(r: w.referral), "person_name": w.person.displayName, "age_days": w.ageDays, "follow_up_overdue": w.overdue]
    }
}

struct ProportionJSON: APIFields {
    let p: Proportion
    var fields: KeyValuePairs<String, (any Encodable)?> { ["numerator": p.numerator, "denominator": p.denominator, "percent": p.percent] }
}

struct ReferralMeasuresJSON: APIFields {
    struct Need: APIFields {
        let n: ReferralMeasures.NeedCount
        var fields: KeyValuePairs<String, (any Encodable)?> { ["need": n.need.rawValue, "made": n.made, "linkage": ProportionJSON(p: n.linkage)] }
    }
    let m: ReferralMeasures
    let from: CalendarDate
    let to: CalendarDate
    let scope: String
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["from": from.description, "to": to.description, "scope": scope, "made": m.made, "open": m.open,
         // Linked over referrals with an outcome (linked, not linked, declined), among those made in the period.
         "linkage": ProportionJSON(p: m.linkage), "median_days_to_linkage": m.medianDaysToLinkage, "by_need": m.byNeed.map(Need.init)]
    }
}
