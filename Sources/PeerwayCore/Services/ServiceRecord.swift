import Foundation

/// What a note says about a service: everything an amendment can correct. Kept as one value so that an
/// amendment stores the whole of what was there before and what replaced it.
public struct ServiceContent: Sendable, Equatable, Codable {
    public var date: CalendarDate
    /// Minutes after midnight, in the program's time zone.
    public var startMinute: Int
    public var durationMinutes: Int
    public var serviceType: String
    public var coreFunctions: [String]
    public var modality: ServiceModality
    public var setting: ServiceSetting
    public var language: String
    /// The progress note; for a group, the group's shared note.
    public var note: String
    /// For a group, the line about this attendee.
    public var personNote: String
    public var followUp: String
    public var cofacilitatorID: UUID?

    public init(date: CalendarDate, startMinute: Int, durationMinutes: Int, serviceType: String, coreFunctions: [String],
                modality: ServiceModality, setting: ServiceSetting, language: String, note: String, personNote: String = "",
                followUp: String = "", cofacilitatorID: UUID? = nil) {
        self.date = date
        self.startMinute = startMinute
        self.durationMinutes = durationMinutes
        self.serviceType = serviceType
        self.coreFunctions = coreFunctions
        self.modality = modality
        self.setting = setting
        self.language = language
        self.note = note
        self.personNote = personNote
        self.followUp = followUp
        self.cofacilitatorID = cofacilitatorID
    }

    public var units: Int { BillableUnits.units(forMinutes: durationMinutes) }

    /// `HH:MM` of the start.
    public var startTime: String { ServiceRules.timeText(startMinute) }

    /// `HH:MM` of the end when the service ended the same day.
    public var endTime: String? {
        let end = startMinute + durationMinutes
        return end < 24 * 60 ? ServiceRules.timeText(end) : nil
    }

    /// The instant the service began, on the program's clock. The wall-clock time is resolved in the
    /// zone (not added to midnight as seconds), so it stays right on the days clocks change.
    public func start(in zone: TimeZone) -> Date {
        let calendar = Calendar.gregorian(in: zone)
        let wallClock = DateComponents(year: date.year, month: date.month, day: date.day, hour: startMinute / 60, minute: startMinute % 60)
        if let instant = calendar.date(from: wallClock) { return instant }
        let day = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
        return day.addingTimeInterval(TimeInterval(startMinute * 60))
    }

    public func end(in zone: TimeZone) -> Date { start(in: zone).addingTimeInterval(TimeInterval(durationMinutes * 60)) }
}

/// One service given to one participant: a one-to-one contact, or one attendee's part of a group.
public struct PeerService: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var organizationID: UUID
    public var programID: UUID
    public var personID: UUID
    /// The group session this attendance belongs to.
    public var groupID: UUID?
    /// The peer who gave the service and wrote the note.
    public var peerID: UUID
    public var content: ServiceContent
    public var status: ServiceStatus
    /// When the note was first written: the real entry time a late entry shows.
    public var enteredAt: Date
    public var lateEntry: Bool
    public var signedAt: Date?
    public var cosignRequired: Bool
    public var cosignedBy: UUID?
    public var cosignedAt: Date?
    public var amendmentCount: Int
    public var updatedAt: Date
    public var version: Int

    public init(id: UUID, organizationID: UUID, programID: UUID, personID: UUID, groupID: UUID? = nil, peerID: UUID,
                content: ServiceContent, status: ServiceStatus = .draft, enteredAt: Date, lateEntry: Bool = false,
                signedAt: Date? = nil, cosignRequired: Bool = false, cosignedBy: UUID? = nil, cosignedAt: Date? = nil,
                amendmentCount: Int = 0, updatedAt: Date, version: Int = 1) {
        self.id = id
        self.organizationID = organizationID
        self.programID = programID
        self.personID = personID
        self.groupID = groupID
        self.peerID = peerID
        self.content = content
        self.status = status
        self.enteredAt = enteredAt
        self.lateEntry = lateEntry
        self.signedAt = signedAt
        self.cosignRequired = cosignRequired
        self.cosignedBy = cosignedBy
        self.cosignedAt = cosignedAt
        self.amendmentCount = amendmentCount
        self.updatedAt = updatedAt
        self.version = version
    }

    public var units: Int { content.units }
    public var awaitingCosignature: Bool { status == .signed && cosignRequired && cosignedBy == nil }
}

/// A correction to a signed note. The note as it stood before is kept whole, so the original and every
/// later version can be shown (ONC 170.315(d)(4)).
public struct ServiceAmendment: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var serviceID: UUID
    public var amendedBy: UUID
    public var amendedAt: Date
    public var reason: String
    public var before: ServiceContent
    public var after: ServiceContent

    public init(id: UUID, serviceID: UUID, amendedBy: UUID, amendedAt: Date, reason: String, before: ServiceContent, after: ServiceContent) {
        self.id = id
        self.serviceID = serviceID
        self.amendedBy = amendedBy
        self.amendedAt = amendedAt
        self.reason = reason
        self.before = before
        self.after = after
    }

    /// The names of the fields the amendment changed, for the history.
    public var changedFields: [String] {
        var fields: [String] = []
        if before.date != after.date { fields.append("date") }
        if before.startMinute != after.startMinute { fields.append("start_time") }
        if before.durationMinutes != after.durationMinutes { fields.append("duration_minutes") }
        if before.serviceType != after.serviceType { fields.append("service_type") }
        if before.coreFunctions != after.coreFunctions { fields.append("core_functions") }
        if before.modality != after.modality { fields.append("modality") }
        if before.setting != after.setting { fields.append("setting") }
        if before.language != after.language { fields.append("language") }
        if before.note != after.note { fields.append("note") }
        if before.personNote != after.personNote { fields.append("person_note") }
        if before.followUp != after.followUp { fields.append("follow_up") }
        if before.cofacilitatorID != after.cofacilitatorID { fields.append("cofacilitator_id") }
        return fields
    }
}

/// An outreach or community-education event: people reached are counted, not named.
public struct OutreachEvent: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var organizationID: UUID
    public var programID: UUID
    public var peerID: UUID
    public var kind: OutreachKind
    public var date: CalendarDate
    public var startMinute: Int
    public var durationMinutes: Int
    public var setting: ServiceSetting
    public var peopleReached: Int
    /// Where and with whom: "Friday lunch at the shelter on 5th", "talk at City College".
    public var audience: String
    public var note: String
    public var enteredAt: Date

    public init(id: UUID, organizationID: UUID, programID: UUID, peerID: UUID, kind: OutreachKind, date: CalendarDate,
                startMinute: Int, durationMinutes: Int, setting: ServiceSetting, peopleReached: Int, audience: String,
                note: String, enteredAt: Date) {
        self.id = id
        self.organizationID = organizationID
        self.programID = programID
        self.peerID = peerID
        self.kind = kind
        self.date = date
        self.startMinute = startMinute
        self.durationMinutes = durationMinutes
        self.setting = setting
        self.peopleReached = peopleReached
        self.audience = audience
        self.note = note
        self.enteredAt = enteredAt
    }
}
