import Foundation

/// What a referral points the person to. A directory service is copied as it was on the day, so the
/// slip and the record still say where the person was sent after the directory changes; a free-text
/// resource (when no directory entry fits) uses the same fields.
public struct ReferralResource: Sendable, Equatable, Codable {
    /// The HSDS id of the directory service, nil for a free-text resource.
    public var directoryServiceID: String?
    public var name: String
    public var organizationName: String
    public var phone: String
    public var address: String

    public init(directoryServiceID: String? = nil, name: String, organizationName: String = "", phone: String = "", address: String = "") {
        self.directoryServiceID = directoryServiceID
        self.name = name
        self.organizationName = organizationName
        self.phone = phone
        self.address = address
    }

    /// Fills what was left empty from the directory's entry for the service.
    public mutating func fill(from entry: DirectoryServiceSummary) {
        if name.trimmingCharacters(in: .whitespaces).isEmpty { name = entry.serviceName }
        if organizationName.trimmingCharacters(in: .whitespaces).isEmpty { organizationName = entry.organizationName ?? "" }
        if phone.trimmingCharacters(in: .whitespaces).isEmpty { phone = entry.phones.first?.number ?? "" }
        if address.trimmingCharacters(in: .whitespaces).isEmpty { address = entry.addressLines.joined(separator: "\n") }
    }
}

/// A person linked to a service they need: made for anyone in Peerway (a contact who never enrolls,
/// a participant, a family member), followed until its outcome is known.
public struct Referral: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var organizationID: UUID
    public var programID: UUID
    public var personID: UUID
    public var resource: ReferralResource
    public var need: ReferralNeed
    public var urgency: ReferralUrgency
    public var handoff: WarmHandoff
    /// When the referral was made (may be earlier than when it was entered).
    public var madeAt: Date
    public var madeBy: UUID
    /// The note during which it was made, if any.
    public var serviceID: UUID?
    public var note: String
    public var status: ReferralStatus
    /// When the current status began.
    public var statusAt: Date
    public var reason: ReferralReason?
    /// When someone should check on it next; nil once the loop is closed.
    public var followUpOn: CalendarDate?
    public var createdAt: Date
    public var version: Int

    public init(id: UUID, organizationID: UUID, programID: UUID, personID: UUID, resource: ReferralResource, need: ReferralNeed,
                urgency: ReferralUrgency, handoff: WarmHandoff, madeAt: Date, madeBy: UUID, serviceID: UUID? = nil, note: String,
                status: ReferralStatus = .proposed, statusAt: Date? = nil, reason: ReferralReason? = nil, followUpOn: CalendarDate?,
                createdAt: Date, version: Int = 1) {
        self.id = id
        self.organizationID = organizationID
        self.programID = programID
        self.personID = personID
        self.resource = resource
        self.need = need
        self.urgency = urgency
        self.handoff = handoff
        self.madeAt = madeAt
        self.madeBy = madeBy
        self.serviceID = serviceID
        self.note = note
        self.status = status
        self.statusAt = statusAt ?? madeAt
        self.reason = reason
        self.followUpOn = followUpOn
        self.createdAt = createdAt
        self.version = version
    }

    /// Whole days from the referral to `date` in `zone`: the age shown on "waiting for an outcome".
    public func age(on date: CalendarDate, in zone: TimeZone) -> Int {
        CalendarDate(madeAt, in: zone).days(until: date)
    }
}

/// One step of a referral's loop, kept for ever: who moved it, when it happened, and when it was entered.
public struct ReferralChange: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var referralID: UUID
    public var from: ReferralStatus?
    public var to: ReferralStatus
    public var occurredAt: Date
    public var recordedAt: Date
    public var by: UUID
    public var reason: ReferralReason?
    public var note: String

    public init(id: UUID, referralID: UUID, from: ReferralStatus?, to: ReferralStatus, occurredAt: Date, recordedAt: Date, by: UUID,
                reason: ReferralReason?, note: String) {
        self.id = id
        self.referralID = referralID
        self.from = from
        self.to = to
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.by = by
        self.reason = reason
        self.note = note
    }
}
