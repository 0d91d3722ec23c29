import Foundation

/// Someone reaching the program, or the program reaching them (seed 001: everyone who contacts the
/// program, enrolled or not). A contact may be anonymous; "individuals connected" counts the distinct
/// people with a contact.
public struct Contact: Sendable, Equatable, Codable, Identifiable {
    /// How the person came to the program.
    public enum Source: String, Sendable, Codable, CaseIterable {
        case hospital
        case emergencyUnit = "emergency_unit"
        case walkIn = "walk_in"
        case phone
        case warmLine = "warm_line"
        case communityOutreach = "community_outreach"
        case clinicReferral = "clinic_referral"
        case familyMember = "family_member"
        case other
    }

    /// Who made the contact.
    public enum MadeBy: String, Sendable, Codable, CaseIterable {
        case person = "self"
        case familyOrFriend = "family_or_friend"
        case provider
        case peerSpecialist = "peer_specialist"
        case other
    }

    /// How it happened.
    public enum Method: String, Sendable, Codable, CaseIterable {
        case inPerson = "in_person", phone, text, video, email
    }

    /// Where it happened (seed 000: hospitals, emergency units, clinics, the community).
    public enum Setting: String, Sendable, Codable, CaseIterable {
        case hospital
        case emergencyUnit = "emergency_unit"
        case clinic
        case community
        case home
        case programOffice = "program_office"
        case shelterOrStreet = "shelter_or_street"
        case jailOrCourt = "jail_or_court"
        case remote
        case other
    }

    public var id: UUID
    public var organizationID: UUID
    public var programID: UUID
    /// Nil for an anonymous contact.
    public var personID: UUID?
    public var occurredAt: Date
    public var source: Source
    public var madeBy: MadeBy
    public var method: Method
    public var setting: Setting
    public var note: String
    /// The staff member who logged it.
    public var loggedBy: UUID
    public var createdAt: Date

    public init(id: UUID, organizationID: UUID, programID: UUID, personID: UUID?, occurredAt: Date, source: Source,
                madeBy: MadeBy, method: Method, setting: Setting, note: String, loggedBy: UUID, createdAt: Date) {
        self.id = id
        self.organizationID = organizationID
        self.programID = programID
        self.personID = personID
        self.occurredAt = occurredAt
        self.source = source
        self.madeBy = madeBy
        self.method = method
        self.setting = setting
        self.note = note
        self.loggedBy = loggedBy
        self.createdAt = createdAt
    }

    /// A `draft` as logged: in `programID` by `loggedBy`, about `personID`, with its note as checked.
    public init(_ draft: ContactDraft, id: UUID, organizationID: UUID, programID: UUID, personID: UUID?, note: String,
                loggedBy: UUID, createdAt: Date) {
        self.init(id: id, organizationID: organizationID, programID: programID, personID: personID, occurredAt: draft.occurredAt,
                  source: draft.source, madeBy: draft.madeBy, method: draft.method, setting: draft.setting, note: note,
                  loggedBy: loggedBy, createdAt: createdAt)
    }

    /// Longest contact note, in Unicode scalars (`TextRules`).
    public static let maxNoteLength = 4000

    /// A contact cannot be logged for a time that has not come, nor before 1900; notes are bounded
    /// multi-line text (`TextRules`).
    public static func validate(occurredAt: Date, note: String, now: Date) throws(ValidationErrors) -> String {
        var errors = ValidationErrors()
        // A few minutes of clock skew between a phone and the server is not an error.
        if occurredAt > now.addingTimeInterval(300) {
            errors.append(ValidationError("occurred_at", "in_future", "error.date_in_future"))
        }
        DateRules.check(occurredAt, field: "occurred_at", into: &errors)
        let cleaned = TextRules.clean(note, field: "note", lines: .multi, limit: maxNoteLength, into: &errors)
        try errors.throwIfAny()
        return cleaned
    }
}

/// A peer specialist paired with a participant for an episode. Reassignment ends one row and starts
/// another, so the history of who walked alongside the person is kept.
public struct Assignment: Sendable, Equatable, Codable, Identifiable {
    public var id: UUID
    public var organizationID: UUID
    public var episodeID: UUID
    public var personID: UUID
    public var peerID: UUID
    public var startedAt: Date
    public var endedAt: Date?
    public var assignedBy: UUID
    public var reason: String

    public init(id: UUID, organizationID: UUID, episodeID: UUID, personID: UUID, peerID: UUID, startedAt: Date,
                endedAt: Date? = nil, assignedBy: UUID, reason: String) {
        self.id = id
        self.organizationID = organizationID
        self.episodeID = episodeID
        self.personID = personID
        self.peerID = peerID
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.assignedBy = assignedBy
        self.reason = reason
    }

    public var isCurrent: Bool { endedAt == nil }

    /// Longest reason for a pairing, in Unicode scalars.
    public static let maxReasonLength = 1000

    /// Why a participant was paired with a peer: optional, multi-line, bounded (`TextRules`).
    public static func validateReason(_ reason: String) throws(ValidationErrors) -> String {
        try TextRules.checked(reason, field: "reason", lines: .multi, limit: maxReasonLength)
    }
}

/// How a person agreed to take part when they enrolled.
public struct EnrollmentConsent: Sendable, Equatable, Codable {
    public enum SignedBy: String, Sendable, Codable, CaseIterable {
        case participant
        case guardian
        case authorizedRepresentative = "authorized_representative"
    }

    public enum Method: String, Sendable, Codable, CaseIterable {
        case wetSignature = "wet_signature"
        case electronicSignature = "electronic_signature"
        case verbal
    }

    public var signedBy: SignedBy
    public var signedOn: CalendarDate
    public var method: Method

    public init(signedBy: SignedBy, signedOn: CalendarDate, method: Method) {
        self.signedBy = signedBy
        self.signedOn = signedOn
        self.method = method
    }
}

/// What the staff member typed when enrolling a person; checked by `EpisodeRules.validateEnrollment`.
public struct EnrollmentRequest: Sendable, Equatable {
    public var programID: UUID
    public var enrolledOn: CalendarDate
    public var consent: EnrollmentConsent?
    public var goals: String
    public var peerID: UUID?
    public var overrideReason: String?

    public init(programID: UUID, enrolledOn: CalendarDate, consent: EnrollmentConsent?, goals: String, peerID: UUID? = nil,
                overrideReason: String? = nil) {
        self.programID = programID
        self.enrolledOn = enrolledOn
        self.consent = consent
        self.goals = goals
        self.peerID = peerID
        self.overrideReason = overrideReason
    }
}
