import Foundation

/// What a person asks for when making a referral, before it is checked.
public struct ReferralDraft: Sendable, Equatable {
    public var resource: ReferralResource
    public var need: ReferralNeed?
    public var urgency: ReferralUrgency
    public var handoff: WarmHandoff
    public var madeAt: Date
    /// Proposed (agreed with the person, not yet sent) or already sent.
    public var status: ReferralStatus
    public var followUpOn: CalendarDate?
    public var note: String

    public init(resource: ReferralResource, need: ReferralNeed?, urgency: ReferralUrgency = .routine, handoff: WarmHandoff = .none,
                madeAt: Date, status: ReferralStatus = .proposed, followUpOn: CalendarDate? = nil, note: String = "") {
        self.resource = resource
        self.need = need
        self.urgency = urgency
        self.handoff = handoff
        self.madeAt = madeAt
        self.status = status
        self.followUpOn = followUpOn
        self.note = note
    }
}

/// The rules of a referral's closed loop.
public enum ReferralRules {
    public static let maxNoteLength = 4000
    public static let maxNameLength = 300
    public static let maxDetailLength = 500
    /// A few minutes of clock skew between a phone and the server is not a date in the future.
    static let skew: TimeInterval = 300
    /// A time read back from a database may differ from the one written by a rounding step (SQLite keeps
    /// seconds as a floating-point number), so "not before the step it follows" allows a millisecond.
    static let storedPrecision: TimeInterval = 0.001
    /// Without a follow-up date, someone checks on an open referral a week after it was made.
    public static let defaultFollowUpDays = 7

    /// Checks a new referral; returns it cleaned (trimmed text, follow-up date filled in).
    public static func validate(_ draft: ReferralDraft, now: Date, today: CalendarDate, in zone: TimeZone) throws(ValidationErrors) -> ReferralDraft {
        var errors = ValidationErrors()
        var clean = draft
        if draft.need == nil { errors.append(ValidationError("need", "required")) }
        if draft.madeAt > now.addingTimeInterval(skew) {
            errors.append(ValidationError("made_at", "in_future", "error.date_in_future"))
        }
        DateRules.check(draft.madeAt, field: "made_at", into: &errors)
        if draft.status != .proposed && draft.status != .sent {
            errors.append(ValidationError("status", "invalid_start", "error.referral_invalid_start"))
        }
        clean.resource.name = TextRules.clean(draft.resource.name, field: "resource_name", lines: .single, limit: maxNameLength, into: &errors)
        if draft.resource.directoryServiceID == nil, clean.resource.name.isEmpty, errors.first(for: "resource_name") == nil {
            errors.append(ValidationError("resource_name", "required", "error.referral_resource_required"))
        }
        clean.resource.organizationName = TextRules.clean(draft.resource.organizationName, field: "resource_organization",
                                                          lines: .single, limit: maxNameLength, into: &errors)
        clean.resource.phone = TextRules.clean(draft.resource.phone, field: "resource_phone", lines: .single, limit: maxDetailLength, into: &errors)
        clean.resource.address = TextRules.clean(draft.resource.address, field: "resource_address", lines: .multi, limit: maxDetailLength, into: &errors)
        clean.note = TextRules.clean(draft.note, field: "note", lines: .multi, limit: maxNoteLength, into: &errors)
        let madeOn = CalendarDate(draft.madeAt, in: zone)
        if let followUp = draft.followUpOn {
            if followUp < madeOn { errors.append(ValidationError("follow_up_on", "before_referral", "error.follow_up_before_referral")) }
            DateRules.check(followUp, field: "follow_up_on", into: &errors)
        } else {
            clean.followUpOn = max(madeOn, today).adding(days: defaultFollowUpDays)
        }
        try errors.throwIfAny()
        return clean
    }

    /// Checks a move of `referral` to `status` that happened at `occurredAt`: allowed from its status,
    /// not in the future, not before the status it leaves began, with a reason when the outcome needs one.
    /// Returns the note trimmed.
    public static func validateChange(_ referral: Referral, to status: ReferralStatus, occurredAt: Date, reason: ReferralReason?,
                                      note: String, now: Date) throws(ValidationErrors) -> String {
        var errors = ValidationErrors()
        if !referral.status.canMove(to: status) {
            errors.append(ValidationError(field: "status", code: referral.status.isOutcome ? "referral_closed" : "invalid_transition",
                                          messageKey: referral.status.isOutcome ? "error.referral_closed" : "error.referral_invalid_transition"))
        }
        if occurredAt > now.addingTimeInterval(skew) {
            errors.append(ValidationError("occurred_at", "in_future", "error.date_in_future"))
        } else if occurredAt < referral.statusAt.addingTimeInterval(-storedPrecision) {
            errors.append(ValidationError("occurred_at", "before_previous_status", "error.referral_before_previous_status"))
        }
        DateRules.check(occurredAt, field: "occurred_at", into: &errors)
        if status.needsReason, reason == nil {
            errors.append(ValidationError("reason", "required", "error.referral_reason_required"))
        }
        let cleaned = TextRules.clean(note, field: "note", lines: .multi, limit: maxNoteLength, into: &errors)
        try errors.throwIfAny()
        return cleaned
    }

    /// The referral after a checked move: the outcome closes the follow-up; a reason is kept only
    /// where the status asks for one.
    public static func applying(_ status: ReferralStatus, at occurredAt: Date, reason: ReferralReason?, followUpOn: CalendarDate?,
                                to referral: Referral) -> Referral {
        var next = referral
        next.status = status
        next.statusAt = occurredAt
        next.reason = status.needsReason ? reason : nil
        next.followUpOn = status.isOutcome ? nil : (followUpOn ?? referral.followUpOn)
        next.version += 1
        return next
    }
}

extension ReferralRules {
    /// Anyone in Peerway may be referred (a contact who never enrolls, a participant, a family member
    /// or friend), as long as the record is still their own, not merged into another.
    public static func mayBeReferred(_ person: Person) -> Bool { person.mergedIntoID == nil }
}
