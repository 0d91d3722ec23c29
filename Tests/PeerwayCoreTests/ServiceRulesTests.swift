import Foundation
import PeerwayCore
import Testing

/// The rules of documenting a service: units, times and durations, the future, the catalogue, what
/// signing needs, late entries, the life of a note, groups, the mix, the week and the billing extract.
@Suite("Service rules")
struct ServiceRulesTests {
    static let utc = TimeZone(identifier: "UTC")!
    static let pacific = TimeZone(identifier: "America/Los_Angeles")!
    /// Monday 2026-11-23, 15:00 UTC (07:00 in California).
    static let now = Date(timeIntervalSince1970: 1_795_446_000)
    static let catalog = ServiceCatalog()

    /// A complete note for a service on the previous Friday.
    static func input(_ change: (inout ServiceInput) -> Void = { _ in }) -> ServiceInput {
        var input = ServiceInput(date: "2026-11-20", startTime: "10:00", durationMinutes: "40", serviceType: "peer_navigation",
                                 coreFunctions: ["health_system_navigation", "assertive_linkage"], modality: "in_person", setting: "hospital",
                                 language: "es", note: "Walked to the clinic together; appointment booked", followUp: "Call on Friday")
        change(&input)
        return input
    }

    static func codes(_ body: () throws(ValidationErrors) -> Void) -> [String] {
        do { try body(); return [] } catch { return error.errors.map { "\($0.field ?? ""):\($0.code)" } }
    }

    static func validate(_ input: ServiceInput, catalog: ServiceCatalog = catalog, forSigning: Bool = true, now: Date = now,
                         zone: TimeZone = utc) -> [String] {
        codes { () throws(ValidationErrors) in
            _ = try ServiceRules.validate(input, catalog: catalog, forSigning: forSigning, now: now, zone: zone)
        }
    }

    static func content(_ input: ServiceInput = input(), zone: TimeZone = utc) throws -> ServiceContent {
        try ServiceRules.validate(input, catalog: catalog, forSigning: true, now: now, zone: zone)
    }

    static func service(status: ServiceStatus, cosignRequired: Bool = false, cosignedBy: UUID? = nil) throws -> PeerService {
        PeerService(id: UUID(), organizationID: UUID(), programID: UUID(), personID: UUID(), peerID: UUID(), content: try content(),
                    status: status, enteredAt: now, signedAt: status == .signed ? now : nil, cosignRequired: cosignRequired,
                    cosignedBy: cosignedBy, cosignedAt: cosignedBy == nil ? nil : now, updatedAt: now)
    }

    // MARK: - Units

    @Test("billable units follow the midpoint rule of 15-minute codes", arguments: [
        (0, 0), (-5, 0), (1, 0), (7, 0), (8, 1), (15, 1), (22, 1), (23, 2), (30, 2), (37, 2), (38, 3), (52, 3), (53, 4), (60, 4), (1440, 96),
    ])
    func midpointRule(minutes: Int, units: Int) {
        #expect(BillableUnits.units(forMinutes: minutes) == units)
    }

    // MARK: - Times and durations

    @Test("a complete note validates into its content, with the duration from minutes or an end time")
    func validNote() throws {
        let byMinutes = try Self.content()
        #expect(byMinutes.date == CalendarDate("2026-11-20")!)
        #expect(byMinutes.startMinute == 600)
        #expect(byMinutes.durationMinutes == 40)
        #expect(byMinutes.units == 3)
        #expect(byMinutes.endTime == "10:40")
        #expect(byMinutes.coreFunctions == ["health_system_navigation", "assertive_linkage"])
        #expect(byMinutes.modality == .inPerson)
        #expect(byMinutes.setting == .hospital)
        let byEnd = try Self.content(Self.input { $0.durationMinutes = ""; $0.endTime = "10:40" })
        #expect(byEnd == byMinutes)
        let both = try Self.content(Self.input { $0.endTime = "10:40" })
        #expect(both == byMinutes)
        // Spaces, repeated core functions and an upper-case language are tidied.
        let tidy = try Self.content(Self.input {
            $0.startTime = " 9:05 "; $0.coreFunctions = ["advocacy", " advocacy", ""]; $0.language = " ES "; $0.note = "  Talked  \n"
        })
        #expect(tidy.startMinute == 545)
        #expect(tidy.coreFunctions == ["advocacy"])
        #expect(tidy.language == "es")
        #expect(tidy.note == "Talked")
        // The input that reproduces stored content validates back to the same content.
        #expect(try Self.content(ServiceInput(byMinutes)) == byMinutes)
    }

    @Test("an end time before the start, or equal to it, is refused on the end time")
    func endBeforeStart() {
        #expect(Self.validate(Self.input { $0.endTime = "09:30"; $0.durationMinutes = "" }) == ["end_time:end_before_start"])
        #expect(Self.validate(Self.input { $0.endTime = "10:00"; $0.durationMinutes = "" }) == ["end_time:duration_zero"])
        // Even with a duration that would otherwise do: the end time is wrong.
        #expect(Self.validate(Self.input { $0.endTime = "09:30" }) == ["end_time:end_before_start"])
    }

    @Test("a duration of zero or less, or over a day, is refused", arguments: [
        ("0", "duration_minutes:duration_zero"), ("-15", "duration_minutes:duration_zero"), ("1441", "duration_minutes:over_24_hours"),
        ("1500", "duration_minutes:over_24_hours"), ("forty", "duration_minutes:not_a_number"), ("4.5", "duration_minutes:not_a_number"),
    ])
    func badDuration(text: String, code: String) {
        #expect(Self.validate(Self.input { $0.durationMinutes = text }) == [code])
    }

    @Test("exactly 24 hours is the longest service; it crosses midnight and has no end time of its own")
    func fullDay() throws {
        let day = try Self.content(Self.input { $0.durationMinutes = "1440"; $0.date = "2026-11-19" })
        #expect(day.units == 96)
        #expect(day.endTime == nil)
        #expect(day.end(in: Self.utc) == day.start(in: Self.utc).addingTimeInterval(86_400))
    }

    @Test("an end time and a duration that disagree are refused")
    func mismatch() {
        #expect(Self.validate(Self.input { $0.endTime = "10:45" }) == ["duration_minutes:duration_mismatch"])
    }

    @Test("a duration is required: minutes or an end time")
    func missingDuration() {
        #expect(Self.validate(Self.input { $0.durationMinutes = ""; $0.endTime = "" }) == ["duration_minutes:required"])
        #expect(Self.validate(Self.input { $0.durationMinutes = "  " }) == ["duration_minutes:required"])
        // Also for a draft: a draft still has a time.
        #expect(Self.validate(Self.input { $0.durationMinutes = "" }, forSigning: false) == ["duration_minutes:required"])
    }

    @Test("times are HH:MM on a 24-hour clock; dates are YYYY-MM-DD", arguments: [
        ("24:00", "start_time:invalid_time"), ("10:5", "start_time:invalid_time"), ("10:60", "start_time:invalid_time"),
        ("ten", "start_time:invalid_time"), ("10.30", "start_time:invalid_time"), ("-1:30", "start_time:invalid_time"),
        ("", "start_time:required"),
    ])
    func badStartTime(text: String, code: String) {
        #expect(Self.validate(Self.input { $0.startTime = text }) == [code])
    }

    @Test("a bad end time or date is reported on its own field")
    func badEndTimeAndDate() {
        #expect(Self.validate(Self.input { $0.endTime = "9.30" }) == ["end_time:invalid_time"])
        #expect(Self.validate(Self.input { $0.date = "2026-02-30" }) == ["date:invalid_date"])
        #expect(Self.validate(Self.input { $0.date = "20/11/2026" }) == ["date:invalid_date"])
        #expect(Self.validate(Self.input { $0.date = "" }) == ["date:required"])
        #expect(ServiceRules.parseTime("0:00") == 0)
        #expect(ServiceRules.parseTime("23:59") == 1439)
        #expect(ServiceRules.timeText(545) == "09:05")
    }

    @Test("a service in the future is refused, by the program's clock")
    func future() {
        // Tomorrow, on the date.
        #expect(Self.validate(Self.input { $0.date = "2026-11-24" }) == ["date:in_future"])
        // Today, later than now: on the start time. 16:00 UTC is an hour from now.
        #expect(Self.validate(Self.input { $0.date = "2026-11-23"; $0.startTime = "16:00" }) == ["start_time:in_future"])
        #expect(Self.validate(Self.input { $0.date = "2026-11-23"; $0.startTime = "14:00"; $0.durationMinutes = "30" }) == [])
        // A phone a few minutes ahead of the server is not an error.
        #expect(Self.validate(Self.input { $0.date = "2026-11-23"; $0.startTime = "15:04"; $0.durationMinutes = "10" }) == [])
        #expect(Self.validate(Self.input { $0.date = "2026-11-23"; $0.startTime = "15:06"; $0.durationMinutes = "10" }) == ["start_time:in_future"])
        // In California it is 07:00 on the 23rd: 08:00 there is still to come, 06:30 has passed; 14:00 UTC is fine, 14:00 there is not.
        #expect(Self.validate(Self.input { $0.date = "2026-11-23"; $0.startTime = "08:00" }, zone: Self.pacific) == ["start_time:in_future"])
        #expect(Self.validate(Self.input { $0.date = "2026-11-23"; $0.startTime = "06:30"; $0.durationMinutes = "20" }, zone: Self.pacific) == [])
        #expect(Self.validate(Self.input { $0.date = "2026-11-23"; $0.startTime = "14:00" }, zone: Self.pacific) == ["start_time:in_future"])
        // Late on the 22nd in California is already the 23rd in UTC, and still the past.
        #expect(Self.validate(Self.input { $0.date = "2026-11-22"; $0.startTime = "22:00" }, zone: Self.pacific) == [])
    }

    @Test("the instant a service starts follows the zone's clock, also on the days clocks change")
    func startInstant() throws {
        let c = try Self.content(Self.input { $0.date = "2026-11-20"; $0.startTime = "10:00" })
        #expect(c.start(in: Self.pacific) == Date(timeIntervalSince1970: 1_795_197_600))  // 2026-11-20T18:00:00Z
        // California falls back on 2026-11-01 and springs forward on 2026-03-08: 10:00 is then 18:00Z and 17:00Z.
        var fallBack = c
        fallBack.date = CalendarDate("2026-11-01")!
        #expect(fallBack.start(in: Self.pacific) == Date(timeIntervalSince1970: 1_793_556_000))
        var springForward = c
        springForward.date = CalendarDate("2026-03-08")!
        #expect(springForward.start(in: Self.pacific) == Date(timeIntervalSince1970: 1_772_989_200))
        #expect(springForward.end(in: Self.pacific) == Date(timeIntervalSince1970: 1_772_989_200 + 40 * 60))
    }

    // MARK: - The catalogue

    @Test("an unknown service type or core function is refused")
    func unknownChoices() {
        #expect(Self.validate(Self.input { $0.serviceType = "massage" }) == ["service_type:unknown_service_type"])
        #expect(Self.validate(Self.input { $0.serviceType = "" }) == ["service_type:required"])
        #expect(Self.validate(Self.input { $0.coreFunctions = ["advocacy", "levitation"] }) == ["core_functions:unknown_core_function"])
        // A core function is not a service type, nor the other way round.
        #expect(Self.validate(Self.input { $0.serviceType = "advocacy" }) == ["service_type:unknown_service_type"])
        #expect(Self.validate(Self.input { $0.coreFunctions = ["peer_navigation"] }) == ["core_functions:unknown_core_function"])
        #expect(Self.validate(Self.input { $0.modality = "telepathy" }) == ["modality:invalid_choice"])
        #expect(Self.validate(Self.input { $0.modality = "" }) == ["modality:required"])
        #expect(Self.validate(Self.input { $0.setting = "moon" }) == ["setting:invalid_choice"])
        #expect(Self.validate(Self.input { $0.language = "spanish" }) == ["language:invalid_language"])
    }

    @Test("a program's own catalogue entries are accepted in that program only")
    func programEntries() {
        let own = ServiceCatalog(programEntries: [.init(kind: .serviceType, code: "warm_line", label: "Warm line"),
                                                  .init(kind: .coreFunction, code: "reentry_support", label: "Re-entry support")])
        let input = Self.input { $0.serviceType = "warm_line"; $0.coreFunctions = ["reentry_support", "advocacy"] }
        #expect(Self.validate(input, catalog: own) == [])
        #expect(Self.validate(input) == ["service_type:unknown_service_type", "core_functions:unknown_core_function"])
        #expect(own.serviceTypes.last?.code == "warm_line")
        #expect(own.serviceTypes.last?.builtIn == false)
        #expect(own.coreFunctions.count == 13)
    }

    @Test("signing needs a note and at least one core function; a draft does not")
    func signingNeeds() {
        let bare = Self.input { $0.note = "  "; $0.coreFunctions = [] }
        #expect(Self.validate(bare, forSigning: true) == ["core_functions:required", "note:required"])
        #expect(Self.validate(bare, forSigning: false) == [])
        #expect(Self.validate(Self.input { $0.note = "" }, forSigning: true) == ["note:required"])
        #expect(Self.validate(Self.input { $0.coreFunctions = [" "] }, forSigning: true) == ["core_functions:required"])
        // Length limits hold for drafts too.
        #expect(Self.validate(Self.input { $0.note = String(repeating: "n", count: 8001) }, forSigning: false) == ["note:too_long"])
        #expect(Self.validate(Self.input { $0.followUp = String(repeating: "f", count: 2001) }, forSigning: false) == ["follow_up:too_long"])
        #expect(Self.validate(Self.input { $0.personNote = String(repeating: "p", count: 2001) }, forSigning: false) == ["person_note:too_long"])
    }

    @Test("every problem is reported at once")
    func allAtOnce() {
        let input = ServiceInput(date: "yesterday", startTime: "25:00", durationMinutes: "0", serviceType: "x", coreFunctions: ["y"],
                                 modality: "", setting: "", note: "")
        #expect(Self.validate(input) == ["date:invalid_date", "start_time:invalid_time", "duration_minutes:duration_zero",
                                         "service_type:unknown_service_type", "core_functions:unknown_core_function", "modality:required",
                                         "setting:required", "note:required"])
    }

    // MARK: - Late entries

    @Test("a note first written more than a day after the service ended is a late entry; exactly a day is not")
    func lateEntry() throws {
        let c = try Self.content()  // 2026-11-20 10:00–10:40 UTC
        let end = c.end(in: Self.utc)
        #expect(end == Date(timeIntervalSince1970: 1_795_132_800 + 10 * 3600 + 40 * 60))
        #expect(!ServiceRules.isLateEntry(c, enteredAt: end, zone: Self.utc))
        #expect(!ServiceRules.isLateEntry(c, enteredAt: end.addingTimeInterval(24 * 3600), zone: Self.utc))
        #expect(ServiceRules.isLateEntry(c, enteredAt: end.addingTimeInterval(24 * 3600 + 1), zone: Self.utc))
        // A long service is late a day after it ended, not a day after it began.
        var long = c
        long.durationMinutes = 600
        #expect(!ServiceRules.isLateEntry(long, enteredAt: end.addingTimeInterval(24 * 3600 + 60), zone: Self.utc))
        // The same wall-clock time is eight hours later in California.
        #expect(!ServiceRules.isLateEntry(c, enteredAt: end.addingTimeInterval(30 * 3600), zone: Self.pacific))
        #expect(ServiceRules.isLateEntry(c, enteredAt: end.addingTimeInterval(33 * 3600), zone: Self.pacific))
    }

    // MARK: - The life of a note

    @Test("only a draft is edited in place or signed")
    func editAndSign() throws {
        let draft = try Self.service(status: .draft)
        let signed = try Self.service(status: .signed)
        #expect(Self.codes { () throws(ValidationErrors) in try ServiceRules.checkEditable(draft) } == [])
        #expect(Self.codes { () throws(ValidationErrors) in try ServiceRules.checkEditable(signed) } == ["form:signed_note_locked"])
        #expect(Self.codes { () throws(ValidationErrors) in try ServiceRules.checkSignable(draft) } == [])
        #expect(Self.codes { () throws(ValidationErrors) in try ServiceRules.checkSignable(signed) } == ["form:already_signed"])
    }

    @Test("an amendment needs a signed note, a reason and a real change")
    func amendment() throws {
        let signed = try Self.service(status: .signed)
        var after = signed.content
        after.note = "Walked to the clinic; appointment on the 14th"
        func check(_ service: PeerService, _ after: ServiceContent, _ reason: String) -> [String] {
            Self.codes { () throws(ValidationErrors) in _ = try ServiceRules.validateAmendment(service, after: after, reason: reason) }
        }
        #expect(try ServiceRules.validateAmendment(signed, after: after, reason: "  Added the date \n") == "Added the date")
        #expect(check(signed, after, "") == ["reason:required"])
        #expect(check(signed, after, " \n ") == ["reason:required"])
        #expect(check(signed, after, String(repeating: "r", count: 2001)) == ["reason:too_long"])
        #expect(check(signed, signed.content, "Nothing really") == ["form:no_change"])
        #expect(check(signed, signed.content, "") == ["reason:required", "form:no_change"])
        #expect(check(try Self.service(status: .draft), after, "A reason") == ["form:not_signed"])

        let amendment = ServiceAmendment(id: UUID(), serviceID: signed.id, amendedBy: UUID(), amendedAt: Self.now, reason: "r",
                                         before: signed.content, after: after)
        #expect(amendment.changedFields == ["note"])
        var more = after
        more.durationMinutes = 45
        more.coreFunctions = ["advocacy"]
        #expect(ServiceAmendment(id: UUID(), serviceID: signed.id, amendedBy: UUID(), amendedAt: Self.now, reason: "r",
                                 before: signed.content, after: more).changedFields == ["duration_minutes", "core_functions", "note"])
    }

    @Test("a co-signature is given once, to a signed note whose program asks for it")
    func cosignable() throws {
        func check(_ service: PeerService) -> [String] {
            Self.codes { () throws(ValidationErrors) in try ServiceRules.checkCosignable(service) }
        }
        let waiting = try Self.service(status: .signed, cosignRequired: true)
        #expect(waiting.awaitingCosignature)
        #expect(check(waiting) == [])
        #expect(check(try Self.service(status: .signed, cosignRequired: true, cosignedBy: UUID())) == ["form:not_awaiting_cosignature"])
        #expect(check(try Self.service(status: .signed, cosignRequired: false)) == ["form:not_awaiting_cosignature"])
        #expect(check(try Self.service(status: .draft, cosignRequired: true)) == ["form:not_awaiting_cosignature"])
    }

    @Test("a group lists between one and sixty attendees, each once")
    func attendees() {
        func check(_ ids: [UUID]) -> [String] { Self.codes { () throws(ValidationErrors) in try ServiceRules.validateAttendees(ids) } }
        let one = UUID()
        #expect(check([]) == ["attendees:required"])
        #expect(check([one]) == [])
        #expect(check([one, UUID(), one]) == ["attendees:duplicate"])
        #expect(check((0..<60).map { _ in UUID() }) == [])
        #expect(check((0..<61).map { _ in UUID() }) == ["attendees:too_many"])
    }

    @Test("an outreach event counts people reached, from zero to a large crowd, never fewer than none")
    func outreach() {
        func check(date: String = "2026-11-20", start: String = "12:00", minutes: String = "90", kind: String = "community_education",
                   setting: String = "community", reached: String = "25", audience: String = "Talk at City College") -> [String] {
            Self.codes { () throws(ValidationErrors) in
                _ = try ServiceRules.validateOutreach(date: date, startTime: start, durationMinutes: minutes, kind: kind, setting: setting,
                                                      peopleReached: reached, audience: audience, note: "", now: Self.now, zone: Self.utc)
            }
        }
        #expect(check() == [])
        #expect(check(reached: "0") == [])
        #expect(check(reached: "-1") == ["people_reached:out_of_range"])
        #expect(check(reached: "many") == ["people_reached:not_a_number"])
        #expect(check(reached: "") == ["people_reached:required"])
        #expect(check(date: "2026-11-24") == ["date:in_future"])
        // Later today (now is 15:00 UTC) has not happened yet either; earlier today has.
        #expect(check(date: "2026-11-23", start: "16:00") == ["start_time:in_future"])
        #expect(check(date: "2026-11-23", start: "14:00") == [])
        #expect(check(minutes: "0") == ["duration_minutes:duration_zero"])
        #expect(check(kind: "rally") == ["kind:invalid_choice"])
        #expect(check(audience: " ") == ["audience:required"])
    }

    // MARK: - The catalogue's defaults and a program's entries

    @Test("the default catalogue holds seed 002's twelve core functions and the seeds' service types")
    func defaults() {
        let catalog = ServiceCatalog()
        #expect(catalog.coreFunctions.count == 12)
        #expect(catalog.coreFunctions.map(\.code) == ServiceCatalog.defaultCoreFunctions)
        #expect(Set(catalog.coreFunctions.map(\.code)) == [
            "assertive_outreach", "community_education", "advocacy", "empowerment_leadership", "recovery_capital_assessment",
            "recovery_wellness_planning", "assertive_linkage", "skills_training", "companionship_modeling", "crisis_support",
            "ongoing_recovery_management", "health_system_navigation",
        ])
        #expect(catalog.serviceTypes.map(\.code) == ServiceCatalog.defaultServiceTypes)
        #expect(catalog.entries.allSatisfy { $0.builtIn })
        #expect(catalog.contains(.serviceType, "peer_navigation"))
        #expect(!catalog.contains(.coreFunction, "peer_navigation"))
        #expect(catalog.coreFunctions.first?.labelKey == "core_function.assertive_outreach")
        // A program's entry that repeats a default is not listed twice.
        #expect(ServiceCatalog(programEntries: [.init(kind: .coreFunction, code: "advocacy", label: "Advocacy")]).coreFunctions.count == 12)
    }

    @Test("a program's new entry: a lower-case code of letters, digits and underscores, a one-line label, no clash")
    func newEntries() throws {
        let catalog = ServiceCatalog()
        func check(_ kind: ServiceCatalog.Kind, _ code: String, _ label: String) -> [String] {
            Self.codes { () throws(ValidationErrors) in _ = try catalog.validateNew(kind: kind, code: code, label: label) }
        }
        let entry = try catalog.validateNew(kind: .serviceType, code: " Warm_Line2 ", label: " Warm line ")
        #expect(entry == ServiceCatalog.Entry(kind: .serviceType, code: "warm_line2", label: "Warm line"))
        #expect(check(.serviceType, "", "Label") == ["code:required"])
        #expect(check(.serviceType, "2nd_line", "Label") == ["code:invalid_code"])
        #expect(check(.serviceType, "_line", "Label") == ["code:invalid_code"])
        #expect(check(.serviceType, "warm line", "Label") == ["code:invalid_code"])
        #expect(check(.serviceType, "warm-line", "Label") == ["code:invalid_code"])
        #expect(check(.serviceType, "línea", "Label") == ["code:invalid_code"])
        #expect(check(.serviceType, String(repeating: "a", count: 40), "Label") == [])
        #expect(check(.serviceType, String(repeating: "a", count: 41), "Label") == ["code:invalid_code"])
        #expect(check(.serviceType, "peer_navigation", "Again") == ["code:duplicate"])
        #expect(check(.coreFunction, "advocacy", "Again") == ["code:duplicate"])
        // The same code in the other list is no clash.
        #expect(check(.coreFunction, "peer_navigation", "Navigation as a function") == [])
        #expect(check(.serviceType, "warm_line", "") == ["label:required"])
        #expect(check(.serviceType, "warm_line", String(repeating: "l", count: 81)) == ["label:too_long"])
        // One line: a line break is a character the label may not hold (`TextRules`), not a length.
        #expect(check(.serviceType, "warm_line", "Two\nlines") == ["label:invalid_characters"])
        #expect(check(.serviceType, "warm_line", String(repeating: "l\u{301}", count: 41)) == ["label:too_long"])
        #expect(check(.serviceType, "", "") == ["code:required", "label:required"])
    }

    // MARK: - Mix, week, export

    @Test("the mix gives each share as a percent to one decimal, largest first, ties by code")
    func mix() {
        #expect(ServiceMix.percent(1, of: 3) == 33.3)
        #expect(ServiceMix.percent(2, of: 3) == 66.7)
        #expect(ServiceMix.percent(3, of: 3) == 100)
        #expect(ServiceMix.percent(1, of: 8) == 12.5)
        #expect(ServiceMix.percent(0, of: 0) == 0)
        #expect(ServiceMix.percent(5, of: 0) == 0)
        let shares = ServiceMix.shares(["phone": 2, "in_person": 5, "text": 2, "video": 0], of: 9)
        #expect(shares.map(\.code) == ["in_person", "phone", "text"])
        #expect(shares.map(\.count) == [5, 2, 2])
        #expect(shares.map(\.percent) == [55.6, 22.2, 22.2])

        let from = CalendarDate("2026-11-01")!, to = CalendarDate("2026-11-30")!
        let mix = ServiceMix(from: from, to: to, services: 4, participants: 3, minutes: 150, units: 10, byType: ["peer_navigation": 3, "outreach": 1],
                             byCoreFunction: ["advocacy": 4, "assertive_linkage": 2], byModality: ["phone": 4], bySetting: ["home": 1, "clinic": 3],
                             outreachEvents: 2, peopleReached: 40)
        #expect(mix.byType.map(\.code) == ["peer_navigation", "outreach"])
        #expect(mix.byType.map(\.percent) == [75, 25])
        // Core functions may add up to more than all services.
        #expect(mix.byCoreFunction.map(\.percent) == [100, 50])
        #expect(mix.byModality.map(\.percent) == [100])
        #expect(mix.bySetting.map(\.code) == ["clinic", "home"])
        #expect(mix.outreachEvents == 2 && mix.peopleReached == 40)
    }

    @Test("a report period is a real range of at most 400 days")
    func period() throws {
        func check(_ from: String, _ to: String) -> [String] {
            Self.codes { () throws(ValidationErrors) in _ = try ServiceMix.validatePeriod(from: from, to: to) }
        }
        let (from, to) = try ServiceMix.validatePeriod(from: "2026-07-01", to: "2027-06-30")
        #expect(from == CalendarDate("2026-07-01")! && to == CalendarDate("2027-06-30")!)
        #expect(check("2026-11-23", "2026-11-23") == [])
        #expect(check("2026-11-23", "2026-11-22") == ["to:end_before_start"])
        #expect(check("2026-01-01", "2027-02-06") == ["to:period_too_long"])
        #expect(check("2026-01-01", "2027-02-05") == [])
        #expect(check("", "x") == ["from:required", "to:invalid_date"])
    }

    @Test("a week runs Monday to Sunday", arguments: [
        ("2026-11-23", "2026-11-23"), ("2026-11-24", "2026-11-23"), ("2026-11-29", "2026-11-23"), ("2026-11-30", "2026-11-30"),
        ("2026-11-22", "2026-11-16"), ("2027-01-01", "2026-12-28"), ("2028-03-01", "2028-02-28"), ("1970-01-05", "1970-01-05"),
        ("1969-12-31", "1969-12-29"), ("1970-01-01", "1969-12-29"),
    ])
    func weekStart(day: String, monday: String) {
        #expect(ServiceWeek.start(of: CalendarDate(day)!) == CalendarDate(monday)!)
    }

    @Test("an export row has one cell per header column, the claim line's values, and none of the note's text")
    func exportRow() throws {
        var content = try Self.content(Self.input { $0.personNote = "Shared a tip about sleep" })
        content.cofacilitatorID = UUID()
        let cosigner = UUID()
        let service = PeerService(id: UUID(), organizationID: UUID(), programID: UUID(), personID: UUID(), groupID: UUID(), peerID: UUID(),
                                  content: content, status: .signed, enteredAt: Self.now, lateEntry: true, signedAt: Self.now,
                                  cosignRequired: true, cosignedBy: cosigner, cosignedAt: Self.now, amendmentCount: 2, updatedAt: Self.now)
        let row = ServiceExport.row(service, .init(program: "Next Steps", participantLegalName: "Rosa Delgado", dateOfBirth: "1988-03-14",
                                                   staffName: "Pat Peer", cofacilitatorName: "Cody Colleague", cosignerName: "Sam Supervisor",
                                                   groupSize: 8))
        #expect(ServiceExport.header.count == 29)
        #expect(row.count == ServiceExport.header.count)
        #expect(Set(ServiceExport.header).count == ServiceExport.header.count)
        let cells = Dictionary(uniqueKeysWithValues: zip(ServiceExport.header, row))
        #expect(cells["service_id"] == service.id.text)
        #expect(cells["participant_id"] == service.personID.text)
        #expect(cells["participant_legal_name"] == "Rosa Delgado")
        #expect(cells["service_date"] == "2026-11-20")
        #expect(cells["start_time"] == "10:00")
        #expect(cells["end_time"] == "10:40")
        #expect(cells["duration_minutes"] == "40")
        #expect(cells["units"] == "3")
        #expect(cells["core_functions"] == "health_system_navigation;assertive_linkage")
        #expect(cells["modality"] == "in_person")
        #expect(cells["setting"] == "hospital")
        #expect(cells["group_size"] == "8")
        #expect(cells["staff_id"] == service.peerID.text)
        #expect(cells["staff_name"] == "Pat Peer")
        #expect(cells["cofacilitator_name"] == "Cody Colleague")
        #expect(cells["cosigned_by"] == "Sam Supervisor")
        #expect(cells["status"] == "signed")
        #expect(cells["late_entry"] == "yes")
        #expect(cells["amendments"] == "2")
        #expect(cells["billable_units"] == "3")
        #expect(cells["certification_flag"] == "")
        for text in [content.note, content.personNote, content.followUp, "Walked", "sleep", "Friday"] {
            #expect(!row.contains { $0.contains(text) }, "\(text) leaked into the export")
        }
    }

    @Test("a service by a peer whose certification lapsed or whose training window closed bills no units, and says why")
    func exportRowOfFlaggedService() throws {
        let content = try Self.content(Self.input { _ in })
        let service = PeerService(id: UUID(), organizationID: UUID(), programID: UUID(), personID: UUID(), groupID: nil, peerID: UUID(),
                                  content: content, status: .signed, enteredAt: Self.now, lateEntry: false, signedAt: Self.now,
                                  cosignRequired: false, cosignedBy: nil, cosignedAt: nil, amendmentCount: 0, updatedAt: Self.now)
        for (standing, billed, flag) in [(CertificationStanding.lapsed, "0", "lapsed"), (.trainingWindowClosed, "0", "training_window_closed"),
                                         (.certified, String(content.units), ""), (.inProgress, String(content.units), ""),
                                         (.notTracked, String(content.units), "")] {
            var names = ServiceExport.Names(program: "P", participantLegalName: "", dateOfBirth: "", staffName: "", cofacilitatorName: "",
                                            cosignerName: "", groupSize: nil)
            names.standing = standing
            let cells = Dictionary(uniqueKeysWithValues: zip(ServiceExport.header, ServiceExport.row(service, names)))
            #expect(cells["units"] == String(content.units))
            #expect(cells["billable_units"] == billed, "\(standing)")
            #expect(cells["certification_flag"] == flag, "\(standing)")
        }
    }

    @Test func fiscalYearStartsOnJulyFirst() {
        #expect(FiscalYear.start(containing: CalendarDate("2026-11-23")!) == CalendarDate("2026-07-01")!)
        #expect(FiscalYear.start(containing: CalendarDate("2026-06-30")!) == CalendarDate("2025-07-01")!)
        #expect(FiscalYear.start(containing: CalendarDate("2026-07-01")!) == CalendarDate("2026-07-01")!)
    }
}
