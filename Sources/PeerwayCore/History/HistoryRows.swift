import Foundation

/// A contact of a history file: the contact as a contacts import reads it, with the id it keeps.
public struct HistoryContact: Sendable, Equatable {
    public var id: UUID
    public var draft: ContactDraft
}

/// An enrollment that began, and perhaps ended, before Peerway: no screening or consent is asked
/// again, since the program that enrolled the person kept those.
public struct HistoryEpisode: Sendable, Equatable {
    public var id: UUID
    public var personID: UUID
    public var enrolledOn: CalendarDate
    public var plannedEndOn: CalendarDate?
    public var dischargedOn: CalendarDate?
    public var dischargeReason: DischargeReason?
    public var goals: String
}

/// A service given before Peerway, signed by its author then: a history file never brings drafts.
public struct HistoryService: Sendable, Equatable {
    public var id: UUID
    public var personID: UUID
    public var groupID: UUID?
    public var staff: StaffReference
    public var cofacilitator: StaffReference?
    /// Checked by `ServiceRules` against the program's catalog, as a note written in Peerway is.
    public var input: ServiceInput
    public var signedAt: Date?

    public static let header = ServiceExport.header + ["staff_email", "cofacilitator_id", "note"]
}

/// A referral as it was made. Its later steps are rows of `referral_changes.csv`; without them, the
/// referral's `status` at `status_at` is recorded as one step from "sent".
public struct HistoryReferral: Sendable, Equatable {
    public var id: UUID
    public var personID: UUID
    public var draft: ReferralDraft
    public var madeBy: StaffReference
    /// Where the referral stands now, when the file says: checked against the steps.
    public var status: ReferralStatus?
    public var statusAt: Date?
    public var reason: ReferralReason?

    public static let header = ReferralExport.header + ["resource_phone", "note"]
}

/// One step of a referral's closed loop: what happened, when, and who recorded it.
public struct HistoryReferralChange: Sendable, Equatable {
    public var referralID: UUID
    public var status: ReferralStatus
    public var occurredAt: Date
    public var reason: ReferralReason?
    public var note: String
    public var by: StaffReference?

    public init(referralID: UUID, status: ReferralStatus, occurredAt: Date, reason: ReferralReason?, note: String, by: StaffReference?) {
        self.referralID = referralID
        self.status = status
        self.occurredAt = occurredAt
        self.reason = reason
        self.note = note
        self.by = by
    }
}

/// An instrument given before Peerway, with the answers it was given: Peerway scores it, as it
/// scores one given today (scores are never typed in).
public struct HistoryAdministration: Sendable, Equatable {
    public var id: UUID
    public var personID: UUID
    public var episodeID: UUID?
    public var draft: AdministrationDraft
    public var givenBy: StaffReference?

    public static let header = InstrumentExport.header + ["given_by", "responses"]
}
