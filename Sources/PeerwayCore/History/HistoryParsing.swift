import Foundation

/// Reads the files of a program's history into rows, each checked on its own (the checks that need
/// the database, such as who a person is, come later). A problem names its line and column.
public enum HistoryParsing {
    /// `zone` is the program's: a date alone, or a time without an offset, is read there. `now` and
    /// `today` refuse records in the future; back-dated records are what a history is.
    public static func contacts(_ rows: [[String]], zone: TimeZone, now: Date) -> Result<[ImportRow<HistoryContact>], ValidationErrors> {
        var seen = Set<UUID>()
        return ImportTable.parse(rows, known: HistoryFile.contacts.header, required: HistoryFile.contacts.required) { r in
            let id = r.key("id", seen: &seen)
            guard var draft = ContactImport.draft(&r, timeZone: zone, now: now), let id else { return nil }
            draft.occurredAt = draft.occurredAt.truncatedToMicroseconds
            return HistoryContact(id: id, draft: draft)
        }
    }

    public static func episodes(_ rows: [[String]], today: CalendarDate) -> Result<[ImportRow<HistoryEpisode>], ValidationErrors> {
        var seen = Set<UUID>()
        return ImportTable.parse(rows, known: HistoryFile.episodes.header, required: HistoryFile.episodes.required) { r in
            let id = r.key("id", seen: &seen)
            let personID = r.requiredID("person_id")
            let enrolledOn = r.date("enrolled_on")
            if r.text("enrolled_on").isEmpty { r.errors.append(ValidationError("enrolled_on", "required")) }
            let plannedEnd = r.date("planned_end_on")
            let discharged = r.date("discharged_on")
            let reason: DischargeReason? = r.value("discharge_reason")
            var checked = ValidationErrors()
            let goals = TextRules.clean(r.raw("goals"), field: "goals", lines: .multi, limit: EpisodeRules.maxGoalsLength, into: &checked)
            for (column, day) in [("enrolled_on", enrolledOn), ("planned_end_on", plannedEnd), ("discharged_on", discharged)] {
                guard let day else { continue }
                DateRules.check(day, field: column, into: &checked)
                if column != "planned_end_on", day > today { r.errors.append(ValidationError(column, "in_future", "error.date_in_future")) }
            }
            r.errors += checked.errors
            if let enrolledOn, let discharged, discharged < enrolledOn {
                r.errors.append(ValidationError("discharged_on", "before_enrollment"))
            }
            if let enrolledOn, let plannedEnd, plannedEnd < enrolledOn {
                r.errors.append(ValidationError("planned_end_on", "before_enrollment"))
            }
            if discharged != nil, reason == nil, r.text("discharge_reason").isEmpty {
                r.errors.append(ValidationError("discharge_reason", "required"))
            }
            if discharged == nil, !r.text("discharge_reason").isEmpty {
                r.errors.append(ValidationError("discharge_reason", "without_discharge"))
            }
            guard let id, let personID, let enrolledOn else { return nil }
            return HistoryEpisode(id: id, personID: personID, enrolledOn: enrolledOn, plannedEndOn: plannedEnd, dischargedOn: discharged,
                                  dischargeReason: reason, goals: goals)
        }
    }

    public static func services(_ rows: [[String]], zone: TimeZone) -> Result<[ImportRow<HistoryService>], ValidationErrors> {
        var seen = Set<UUID>()
        return ImportTable.parse(rows, known: HistoryFile.services.header, required: HistoryFile.services.required) { r in
            let id = r.key("service_id", seen: &seen)
            let personID = r.requiredID("participant_id")
            let groupID = r.uuid("group_id")
            let staff = r.staff("staff_id") ?? r.staff("staff_email")
            if r.text("staff_id").isEmpty, r.text("staff_email").isEmpty { r.errors.append(ValidationError("staff_id", "required")) }
            let cofacilitator = r.staff("cofacilitator_id")
            switch r.text("status").lowercased() {
            case "", ServiceStatus.signed.rawValue: break
            default: r.errors.append(ValidationError("status", "not_signed", "error.history_service_not_signed"))
            }
            let signedAt = r.instant("signed_at", zone: zone)
            let input = ServiceInput(date: r.text("service_date"), startTime: r.text("start_time"), endTime: r.text("end_time"),
                                     durationMinutes: r.text("duration_minutes"), serviceType: r.text("service_type"),
                                     coreFunctions: r.list("core_functions"), modality: r.text("modality"), setting: r.text("setting"),
                                     language: r.text("language").isEmpty ? "en" : r.text("language"), note: r.raw("note"))
            guard let id, let personID, let staff else { return nil }
            return HistoryService(id: id, personID: personID, groupID: groupID, staff: staff, cofacilitator: cofacilitator, input: input,
                                  signedAt: signedAt)
        }
    }

    /// The field names `ServiceRules` reports under, as the columns of a services file.
    public static func serviceColumn(_ field: String?) -> String {
        guard let field else { return "row" }
        if field == "date" { return "service_date" }
        return HistoryFile.services.header.contains(field) ? field : "row"
    }

    public static func referrals(_ rows: [[String]], zone: TimeZone) -> Result<[ImportRow<HistoryReferral>], ValidationErrors> {
        var seen = Set<UUID>()
        return ImportTable.parse(rows, known: HistoryFile.referrals.header, required: HistoryFile.referrals.required) { r in
            let id = r.key("referral_id", seen: &seen)
            let personID = r.requiredID("person_id")
            let need: ReferralNeed? = r.requiredValue("need")
            let urgency: ReferralUrgency? = r.value("urgency")
            let handoff: WarmHandoff? = r.value("handoff")
            let madeAt = r.instant("made_at", zone: zone)
            if r.text("made_at").isEmpty { r.errors.append(ValidationError("made_at", "required")) }
            let madeBy = r.staff("made_by")
            if r.text("made_by").isEmpty { r.errors.append(ValidationError("made_by", "required")) }
            let status: ReferralStatus? = r.value("status")
            let statusAt = r.instant("status_at", zone: zone)
            let reason: ReferralReason? = r.value("reason")
            let directoryID = r.text("directory_service_id")
            let resource = ReferralResource(directoryServiceID: directoryID.isEmpty ? nil : directoryID, name: r.raw("resource_name"),
                                            organizationName: r.raw("resource_organization"), phone: r.raw("resource_phone"))
            guard let id, let personID, let need, let madeAt, let madeBy else { return nil }
            let start: ReferralStatus = status == .proposed ? .proposed : .sent
            let draft = ReferralDraft(resource: resource, need: need, urgency: urgency ?? .routine, handoff: handoff ?? .none, madeAt: madeAt,
                                      status: start, note: r.raw("note"))
            return HistoryReferral(id: id, personID: personID, draft: draft, madeBy: madeBy, status: status, statusAt: statusAt, reason: reason)
        }
    }

    public static func referralChanges(_ rows: [[String]], zone: TimeZone) -> Result<[ImportRow<HistoryReferralChange>], ValidationErrors> {
        ImportTable.parse(rows, known: HistoryFile.referralChanges.header, required: HistoryFile.referralChanges.required) { r in
            let referralID = r.requiredID("referral_id")
            let status: ReferralStatus? = r.requiredValue("status")
            let occurredAt = r.instant("occurred_at", zone: zone)
            if r.text("occurred_at").isEmpty { r.errors.append(ValidationError("occurred_at", "required")) }
            let reason: ReferralReason? = r.value("reason")
            let by = r.staff("changed_by")
            guard let referralID, let status, let occurredAt else { return nil }
            return HistoryReferralChange(referralID: referralID, status: status, occurredAt: occurredAt, reason: reason, note: r.raw("note"), by: by)
        }
    }

    public static func administrations(_ rows: [[String]]) -> Result<[ImportRow<HistoryAdministration>], ValidationErrors> {
        var seen = Set<UUID>()
        return ImportTable.parse(rows, known: HistoryFile.administrations.header, required: HistoryFile.administrations.required) { r in
            let id = r.key("administration_id", seen: &seen)
            let personID = r.requiredID("person_id")
            let episodeID = r.uuid("episode_id")
            let instrumentID = r.text("instrument")
            if InstrumentCatalog.instrument(instrumentID) == nil { r.errors.append(ValidationError("instrument", "unknown_instrument")) }
            let timepoint = Timepoint(r.text("timepoint").lowercased())
            if timepoint == nil { r.errors.append(ValidationError("timepoint", "unknown_value")) }
            let givenOn = r.date("given_on")
            if r.text("given_on").isEmpty { r.errors.append(ValidationError("given_on", "required")) }
            let respondent: Respondent? = r.requiredValue("respondent")
            let givenBy = r.staff("given_by")
            let responses = Self.responses(r.text("responses"))
            if responses == nil { r.errors.append(ValidationError("responses", "invalid_responses", "error.history_invalid_responses")) }
            guard let id, let personID, let timepoint, let givenOn, let respondent, let responses else { return nil }
            let draft = AdministrationDraft(instrumentID: instrumentID, timepoint: timepoint.kind, givenOn: givenOn, respondent: respondent,
                                            language: r.text("language").isEmpty ? "en" : r.text("language"), responses: responses)
            return HistoryAdministration(id: id, personID: personID, episodeID: episodeID, draft: draft, givenBy: givenBy)
        }
    }

    /// `item=value` pairs separated by ";": `homeless=1;depressed=4`. Nil when a pair cannot be read
    /// or an item is named twice; an empty cell is no answers (refused by the instrument's rules).
    public static func responses(_ text: String) -> [String: Int]? {
        var result: [String: Int] = [:]
        for pair in text.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let value = Int(parts[1]), result[parts[0]] == nil else { return nil }
            result[parts[0]] = value
        }
        return result
    }
}
