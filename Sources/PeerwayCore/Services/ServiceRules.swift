import Foundation

/// What a person typed for a service, before it is checked: times and numbers stay text so that a
/// mistyped value is reported on its field by the one set of rules pages, API and import share.
public struct ServiceInput: Sendable, Equatable {
    public var date: String
    public var startTime: String
    public var endTime: String
    public var durationMinutes: String
    public var serviceType: String
    public var coreFunctions: [String]
    public var modality: String
    public var setting: String
    public var language: String
    public var note: String
    public var personNote: String
    public var followUp: String
    public var cofacilitatorID: UUID?

    public init(date: String = "", startTime: String = "", endTime: String = "", durationMinutes: String = "", serviceType: String = "",
                coreFunctions: [String] = [], modality: String = "", setting: String = "", language: String = "", note: String = "",
                personNote: String = "", followUp: String = "", cofacilitatorID: UUID? = nil) {
        self.date = date
        self.startTime = startTime
        self.endTime = endTime
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

    /// The input that reproduces stored content (to prefill a form or start an amendment).
    public init(_ content: ServiceContent) {
        self.init(date: content.date.description, startTime: content.startTime, endTime: content.endTime ?? "",
                  durationMinutes: String(content.durationMinutes), serviceType: content.serviceType,
                  coreFunctions: content.coreFunctions, modality: content.modality.rawValue, setting: content.setting.rawValue,
                  language: content.language, note: content.note, personNote: content.personNote, followUp: content.followUp,
                  cofacilitatorID: content.cofacilitatorID)
    }
}

/// The rules of documenting a service, in one place for every way a note is written.
public enum ServiceRules {
    public static let maxDurationMinutes = 24 * 60
    /// Lengths of the note's texts, in Unicode scalars (`TextRules`): the note (and an outreach
    /// event's), the person note, follow-up, an attendee's line and an amendment's reason; an
    /// outreach event's audience (single-line).
    public static let maxNoteLength = 8000
    public static let maxLineLength = 2000
    public static let maxAudienceLength = 200
    public static let maxGroupSize = 60
    /// A note first written more than this long after the service ended is a late entry: the
    /// "within one business day" most payers and the seeds' programs expect, without a holiday calendar.
    public static let lateEntryAfter: TimeInterval = 24 * 3600
    /// Clock skew between a phone and the server is not an error.
    static let skew: TimeInterval = 300

    static func error(_ field: String, _ code: String, _ key: String? = nil) -> ValidationError {
        ValidationError(field: field, code: code, messageKey: key ?? "error.\(code)")
    }

    public static func timeText(_ minute: Int) -> String {
        String(format: "%02d:%02d", minute / 60 % 24, minute % 60)
    }

    /// `H:MM` or `HH:MM`, 24-hour.
    public static func parseTime(_ text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    /// Checks a service. A draft may still lack its note and core functions; a note being signed may not.
    /// `now` and `zone` decide what is in the future.
    public static func validate(_ input: ServiceInput, catalog: ServiceCatalog, forSigning: Bool, now: Date,
                                zone: TimeZone) throws(ValidationErrors) -> ServiceContent {
        var errors = ValidationErrors()
        var date = CalendarDate(input.date.trimmingCharacters(in: .whitespaces))
        if input.date.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(error("date", "required"))
        } else if let date {
            DateRules.check(date, field: "date", into: &errors)
        } else {
            errors.append(error("date", "invalid_date"))
        }
        let implied = impliedStart(input, today: date.map { $0 == CalendarDate(now, in: zone) } ?? false, now: now, zone: zone)
        let startText = implied.start
        if implied.dayBefore, let today = date { date = today.adding(days: -1) }
        let start = parseTime(startText)
        if startText.isEmpty {
            errors.append(error("start_time", "required"))
        } else if start == nil {
            errors.append(error("start_time", "invalid_time"))
        }
        let duration = validateDuration(start: start, endTime: input.endTime, durationText: input.durationMinutes, into: &errors)
        if let date, let start, errors.first(for: "date") == nil {
            let probe = ServiceContent(date: date, startMinute: start, durationMinutes: 0, serviceType: "", coreFunctions: [],
                                       modality: .inPerson, setting: .other, language: "", note: "")
            if probe.start(in: zone) > now.addingTimeInterval(skew) {
                errors.append(error(date > CalendarDate(now, in: zone) ? "date" : "start_time", "in_future", "error.date_in_future"))
            }
        }
        let serviceType = input.serviceType.trimmingCharacters(in: .whitespaces)
        if serviceType.isEmpty {
            errors.append(error("service_type", "required"))
        } else if !catalog.contains(.serviceType, serviceType) {
            errors.append(error("service_type", "unknown_service_type", "error.invalid_choice"))
        }
        var functions: [String] = []
        for code in input.coreFunctions.map({ $0.trimmingCharacters(in: .whitespaces) }) where !code.isEmpty && !functions.contains(code) {
            functions.append(code)
        }
        if functions.contains(where: { !catalog.contains(.coreFunction, $0) }) {
            errors.append(error("core_functions", "unknown_core_function", "error.invalid_choice"))
        } else if forSigning && functions.isEmpty {
            errors.append(error("core_functions", "required", "error.core_function_required"))
        }
        let modality = ServiceModality(rawValue: input.modality)
        if modality == nil { errors.append(error("modality", input.modality.isEmpty ? "required" : "invalid_choice")) }
        let setting = ServiceSetting(rawValue: input.setting)
        if setting == nil { errors.append(error("setting", input.setting.isEmpty ? "required" : "invalid_choice")) }
        let language = LanguageCatalog.normalized(input.language)
        // A language code as on the person's record (ISO 639, `ase` for ASL), so reports count one spelling.
        if !language.isEmpty && !LanguageCatalog.isValid(language) { errors.append(error("language", "invalid_language")) }
        let note = TextRules.clean(input.note, field: "note", lines: .multi, limit: maxNoteLength, into: &errors)
        if forSigning && note.isEmpty && errors.first(for: "note") == nil {
            errors.append(error("note", "required", "error.note_required"))
        }
        let personNote = TextRules.clean(input.personNote, field: "person_note", lines: .multi, limit: maxLineLength, into: &errors)
        let followUp = TextRules.clean(input.followUp, field: "follow_up", lines: .multi, limit: maxLineLength, into: &errors)
        try errors.throwIfAny()
        return ServiceContent(date: date!, startMinute: start!, durationMinutes: duration!, serviceType: serviceType,
                              coreFunctions: functions, modality: modality!, setting: setting!, language: language, note: note,
                              personNote: personNote, followUp: followUp, cofacilitatorID: input.cofacilitatorID)
    }

    /// The start a note gives, or the one it implies: a peer documenting right after a contact gives only
    /// the minutes, so an empty start counts back from the end time, and an empty end time on today's date
    /// means now. A contact that ends now and began before midnight (30 minutes at 00:10) started the day
    /// before, so `dayBefore` moves the note's date back; with an end time typed, which day it ended on is
    /// not known, so the start stays empty. On another day, or without minutes, the start stays empty (and
    /// is required).
    static func impliedStart(_ input: ServiceInput, today: Bool, now: Date, zone: TimeZone) -> (start: String, dayBefore: Bool) {
        let given = input.startTime.trimmingCharacters(in: .whitespaces)
        guard given.isEmpty, let minutes = Int(input.durationMinutes.trimmingCharacters(in: .whitespaces)), minutes > 0 else { return (given, false) }
        let endText = input.endTime.trimmingCharacters(in: .whitespaces)
        if endText.isEmpty {
            guard today else { return (given, false) }
            let parts = Calendar.gregorian(in: zone).dateComponents([.hour, .minute], from: now)
            let end = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
            if end - minutes >= 0 { return (timeText(end - minutes), false) }
            // At most a day back: a longer duration is refused by `validateDuration` on its own field.
            guard minutes - end <= 24 * 60 else { return (given, false) }
            return (timeText(end - minutes + 24 * 60), true)
        }
        guard let end = parseTime(endText), end - minutes >= 0 else { return (given, false) }
        return (timeText(end - minutes), false)
    }

    /// Duration from an end time, a number of minutes, or both (which must then agree): more than zero
    /// and at most a day. An end time earlier than the start is refused rather than read as "after
    /// midnight"; a service that crosses midnight is entered by its duration.
    static func validateDuration(start: Int?, endTime: String, durationText: String, into errors: inout ValidationErrors) -> Int? {
        let endText = endTime.trimmingCharacters(in: .whitespaces)
        let minutesText = durationText.trimmingCharacters(in: .whitespaces)
        var fromEnd: Int?
        if !endText.isEmpty {
            if let end = parseTime(endText) {
                if let start {
                    if end <= start {
                        errors.append(error("end_time", end == start ? "duration_zero" : "end_before_start"))
                        return nil
                    }
                    fromEnd = end - start
                }
            } else {
                errors.append(error("end_time", "invalid_time"))
                return nil
            }
        }
        var given: Int?
        if !minutesText.isEmpty {
            guard let minutes = Int(minutesText) else {
                errors.append(error("duration_minutes", "not_a_number"))
                return nil
            }
            if minutes <= 0 {
                errors.append(error("duration_minutes", "duration_zero"))
                return nil
            }
            if minutes > maxDurationMinutes {
                errors.append(error("duration_minutes", "over_24_hours"))
                return nil
            }
            given = minutes
        }
        if let fromEnd, let given, fromEnd != given {
            errors.append(error("duration_minutes", "duration_mismatch"))
            return nil
        }
        if fromEnd == nil && given == nil {
            if start != nil || endText.isEmpty { errors.append(error("duration_minutes", "required", "error.duration_required")) }
            return nil
        }
        return given ?? fromEnd
    }

    /// A note first written more than a day after the service ended is marked as a late entry and shows
    /// the time it was really written.
    public static func isLateEntry(_ content: ServiceContent, enteredAt: Date, zone: TimeZone) -> Bool {
        enteredAt.timeIntervalSince(content.end(in: zone)) > lateEntryAfter
    }

    // MARK: - The life of a note

    /// Only a draft is changed in place.
    public static func checkEditable(_ service: PeerService) throws(ValidationErrors) {
        if service.status != .draft { throw ValidationErrors([error("form", "signed_note_locked")]) }
    }

    public static func checkSignable(_ service: PeerService) throws(ValidationErrors) {
        if service.status != .draft { throw ValidationErrors([error("form", "already_signed")]) }
    }

    /// A signed note is corrected by amendment: a reason, and something that really changed.
    public static func validateAmendment(_ service: PeerService, after: ServiceContent, reason rawReason: String) throws(ValidationErrors) -> String {
        if service.status != .signed { throw ValidationErrors([error("form", "not_signed")]) }
        var errors = ValidationErrors()
        let reason = TextRules.clean(rawReason, field: "reason", lines: .multi, limit: maxLineLength, into: &errors)
        if reason.isEmpty && errors.first(for: "reason") == nil {
            errors.append(error("reason", "required", "error.amendment_reason_required"))
        }
        if after == service.content { errors.append(error("form", "no_change")) }
        try errors.throwIfAny()
        return reason
    }

    public static func checkCosignable(_ service: PeerService) throws(ValidationErrors) {
        if !service.awaitingCosignature { throw ValidationErrors([error("form", "not_awaiting_cosignature")]) }
    }

    /// The line about one attendee of a group (their copy's `person_note`): the same rule as a
    /// person note. `field` names the attendee (`attendees[3].line`). Returns the line trimmed.
    public static func validateAttendeeLine(_ line: String, field: String, into errors: inout ValidationErrors) -> String {
        TextRules.clean(line, field: field, lines: .multi, limit: maxLineLength, into: &errors)
    }

    /// A group lists its attendees once each.
    public static func validateAttendees(_ ids: [UUID]) throws(ValidationErrors) {
        if ids.isEmpty { throw ValidationErrors([error("attendees", "required", "error.attendees_required")]) }
        if ids.count > maxGroupSize { throw ValidationErrors([error("attendees", "too_many")]) }
        if Set(ids).count != ids.count { throw ValidationErrors([error("attendees", "duplicate")]) }
    }

    /// An outreach event: when, how long, where, and how many people it reached.
    public static func validateOutreach(date dateText: String, startTime: String, durationMinutes: String, kind: String, setting: String,
                                        peopleReached: String, audience: String, note: String, now: Date,
                                        zone: TimeZone) throws(ValidationErrors) -> (CalendarDate, Int, Int, OutreachKind, ServiceSetting, Int, String, String) {
        var errors = ValidationErrors()
        let date = CalendarDate(dateText.trimmingCharacters(in: .whitespaces))
        if let date { DateRules.check(date, field: "date", into: &errors) } else { errors.append(error("date", dateText.isEmpty ? "required" : "invalid_date")) }
        let start = parseTime(startTime)
        if start == nil { errors.append(error("start_time", startTime.isEmpty ? "required" : "invalid_time")) }
        let duration = validateDuration(start: start, endTime: "", durationText: durationMinutes, into: &errors)
        // The same rule as for a service: neither a later day nor a later hour of today.
        if let date, date > CalendarDate(now, in: zone) {
            errors.append(error("date", "in_future", "error.date_in_future"))
        } else if let date, let start {
            let probe = ServiceContent(date: date, startMinute: start, durationMinutes: 0, serviceType: "", coreFunctions: [],
                                       modality: .inPerson, setting: .other, language: "", note: "")
            if probe.start(in: zone) > now.addingTimeInterval(skew) { errors.append(error("start_time", "in_future", "error.date_in_future")) }
        }
        let kind = OutreachKind(rawValue: kind)
        if kind == nil { errors.append(error("kind", "invalid_choice")) }
        let setting = ServiceSetting(rawValue: setting)
        if setting == nil { errors.append(error("setting", "invalid_choice")) }
        let reached = Int(peopleReached.trimmingCharacters(in: .whitespaces))
        if reached == nil {
            errors.append(error("people_reached", peopleReached.isEmpty ? "required" : "not_a_number"))
        } else if !(0...100_000).contains(reached!) {
            errors.append(error("people_reached", "out_of_range"))
        }
        let audience = TextRules.clean(audience, field: "audience", lines: .single, limit: maxAudienceLength, into: &errors)
        if audience.isEmpty && errors.first(for: "audience") == nil { errors.append(error("audience", "required")) }
        let note = TextRules.clean(note, field: "note", lines: .multi, limit: maxNoteLength, into: &errors)
        try errors.throwIfAny()
        return (date!, start!, duration!, kind!, setting!, reached!, audience, note)
    }
}
