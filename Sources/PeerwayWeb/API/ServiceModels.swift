import Foundation
import PeerwayCore
import PeerwayStore

/// JSON shapes of service documentation in API v1 (described in openapi.json).
struct ServiceContentJSON: APIFields {
    let c: ServiceContent
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["date": c.date.description, "start_time": c.startTime, "end_time": c.endTime, "duration_minutes": c.durationMinutes, "units": c.units,
         "service_type": c.serviceType, "core_functions": c.coreFunctions, "modality": c.modality.rawValue, "setting": c.setting.rawValue,
         "language": c.language, "note": c.note, "person_note": c.personNote, "follow_up": c.followUp, "cofacilitator_id": c.cofacilitatorID]
    }
}

struct AmendmentJSON: APIFields {
    let a: ServiceAmendment
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": a.id, "amended_by": a.amendedBy, "amended_at": a.amendedAt, "reason": a.reason, "changed_fields": a.changedFields,
         "before": ServiceContentJSON(c: a.before), "after": ServiceContentJSON(c: a.after)]
    }
}

struct ServiceJSON: APIFields {
    let s: PeerService
    var amendments: [ServiceAmendment]?
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": s.id, "program_id": s.programID, "person_id": s.personID, "group_id": s.groupID, "peer_id": s.peerID,
         "content": ServiceContentJSON(c: s.content), "status": s.status.rawValue, "entered_at": s.enteredAt, "late_entry": s.lateEntry,
         "signed_at": s.signedAt, "cosign_required": s.cosignRequired, "awaiting_cosignature": s.awaitingCosignature,
         "cosigned_by": s.cosignedBy, "cosigned_at": s.cosignedAt, "amendment_count": s.amendmentCount,
         "amendments": amendments.map { $0.map(AmendmentJSON.init) }, "version": s.version]
    }
}

/// A note as a client writes it: times as `HH:MM`, the duration as minutes or an end time.
struct ServiceInputJSON: Codable, Sendable {
    var person_id: UUID?
    var program_id: UUID?
    var date: String
    var start_time: String
    var end_time: String?
    var duration_minutes: Int?
    var service_type: String
    var core_functions: [String]?
    var modality: String
    var setting: String
    var language: String?
    var note: String?
    var person_note: String?
    var follow_up: String?
    var cofacilitator_id: UUID?
    var sign: Bool?
    /// For an amendment: why the signed note is corrected.
    var reason: String?

    var input: ServiceInput {
        ServiceInput(date: date, startTime: start_time, endTime: end_time ?? "", durationMinutes: duration_minutes.map(String.init) ?? "",
                     serviceType: service_type, coreFunctions: core_functions ?? [], modality: modality, setting: setting,
                     language: language ?? "", note: note ?? "", personNote: person_note ?? "", followUp: follow_up ?? "",
                     cofacilitatorID: cofacilitator_id)
    }
}

struct AttendeeJSON: Codable, Sendable {
    var person_id: UUID
    var line: String?
}

struct GroupSessionInputJSON: Codable, Sendable {
    var program_id: UUID
    var attendees: [AttendeeJSON]
    var session: ServiceInputJSON
}

struct GroupSessionJSON: Encodable, Sendable {
    let group_id: UUID?
    let services: [ServiceJSON]
}

struct OutreachInputJSON: Codable, Sendable {
    var program_id: UUID
    var kind: String
    var date: String
    var start_time: String
    var duration_minutes: Int
    var setting: String
    var people_reached: Int
    var audience: String
    var note: String?
}

struct OutreachJSON: APIFields {
    let e: OutreachEvent
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": e.id, "program_id": e.programID, "peer_id": e.peerID, "kind": e.kind.rawValue, "date": e.date.description,
         "start_time": ServiceRules.timeText(e.startMinute), "duration_minutes": e.durationMinutes, "setting": e.setting.rawValue,
         "people_reached": e.peopleReached, "audience": e.audience, "note": e.note, "entered_at": e.enteredAt]
    }
}

struct WeekTotalsJSON: APIFields {
    let t: ServiceWeek.Totals
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["services": t.services, "participants": t.participants, "minutes": t.minutes, "units": t.units, "unsigned": t.unsigned,
         "outreach_events": t.outreachEvents, "people_reached": t.peopleReached]
    }
}

struct WeekJSON: APIFields {
    let week: ServiceDocumentation.Week
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["peer_id": week.peer.id, "start": week.start.description, "end": week.end.description, "totals": WeekTotalsJSON(t: week.totals),
         "services": week.services.map { ServiceJSON(s: $0) }, "outreach_events": week.outreach.map(OutreachJSON.init)]
    }
}

struct TeamWeekJSON: APIFields {
    struct Row: APIFields {
        let r: (peer: User, totals: ServiceWeek.Totals, awaitingCosignature: Int)
        var fields: KeyValuePairs<String, (any Encodable)?> {
            ["peer_id": r.peer.id, "name": r.peer.displayName, "totals": WeekTotalsJSON(t: r.totals), "awaiting_cosignature": r.awaitingCosignature]
        }
    }
    let team: ServiceDocumentation.TeamWeek
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["start": team.start.description, "end": team.end.description, "peers": team.rows.map(Row.init)]
    }
}

struct ShareJSON: Codable, Sendable {
    let code: String
    let count: Int
    let percent: Double
}

struct ServiceMixJSON: APIFields {
    let m: ServiceMix
    let programID: UUID
    var fields: KeyValuePairs<String, (any Encodable)?> {
        func shares(_ s: [ServiceMix.Share]) -> [ShareJSON] { s.map { ShareJSON(code: $0.code, count: $0.count, percent: $0.percent) } }
        return ["program_id": programID, "from": m.from.description, "to": m.to.description, "services": m.services,
                "participants": m.participants, "minutes": m.minutes, "units": m.units, "drafts": m.drafts, "by_service_type": shares(m.byType),
                "by_core_function": shares(m.byCoreFunction), "by_modality": shares(m.byModality), "by_setting": shares(m.bySetting),
                "outreach_events": m.outreachEvents, "people_reached": m.peopleReached]
    }
}

struct CatalogEntryJSON: APIFields {
    let e: ServiceCatalog.Entry
    var fields: KeyValuePairs<String, (any Encodable)?> { ["kind": e.kind.rawValue, "code": e.code, "label": e.label, "built_in": e.builtIn] }
}

struct ServiceSettingsJSON: Encodable, Sendable {
    let program_id: UUID
    let requires_cosignature: Bool
    let service_types: [CatalogEntryJSON]
    let core_functions: [CatalogEntryJSON]
}

struct CatalogEntryInputJSON: Codable, Sendable {
    var kind: String
    var code: String
    var label: String
}

struct SigningInputJSON: Codable, Sendable {
    var requires_cosignature: Bool
}
