import Foundation

/// The referrals extract a program manager or evaluator reads: one row per referral made in a period,
/// with its need, where it stands, and how long linkage took. No names and none of the notes' text:
/// the linkage figures do not need them (the minimum necessary, HIPAA 164.502(b)); the person is the
/// record id, which only someone with access to Peerway can resolve.
public enum ReferralExport {
    public static let header = [
        "referral_id", "program", "person_id", "need", "urgency", "handoff", "resource_name", "resource_organization",
        "directory_service_id", "made_at", "made_by", "status", "fhir_task_status", "status_at", "reason", "days_to_linkage", "follow_up_on",
    ]

    public static func row(_ r: Referral, program: String, madeBy: String, daysToLinkage: Int?) -> [String] {
        let iso = ISO8601DateFormatter()
        return [
            r.id.text, program, r.personID.text, r.need.rawValue, r.urgency.rawValue, r.handoff.rawValue, r.resource.name,
            r.resource.organizationName, r.resource.directoryServiceID ?? "", iso.string(from: r.madeAt), madeBy, r.status.rawValue,
            r.status.fhirTaskStatus, iso.string(from: r.statusAt), r.reason?.rawValue ?? "", daysToLinkage.map(String.init) ?? "",
            r.followUpOn?.description ?? "",
        ]
    }
}
