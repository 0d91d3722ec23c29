import Foundation
import PeerwayCore
import Testing

/// A note written right after a contact gives only its minutes: the start is counted back from the end
/// time, or from now on today's date, so changing the minutes moves the start.
@Suite("Service start implied by its minutes")
struct ImpliedStartTests {
    static let utc = TimeZone(identifier: "UTC")!
    static let pacific = TimeZone(identifier: "America/Los_Angeles")!

    static func start(date: String = "2026-11-20", start: String = "", end: String = "", minutes: String, zone: TimeZone = utc,
                      now: Date = ServiceRulesTests.now) throws -> ServiceContent {
        let input = ServiceRulesTests.input {
            $0.date = date
            $0.startTime = start
            $0.endTime = end
            $0.durationMinutes = minutes
        }
        return try ServiceRules.validate(input, catalog: ServiceCatalog(), forSigning: true, now: now, zone: zone)
    }

    @Test("an empty start counts back from the end time by the minutes")
    func fromEndTime() throws {
        let content = try Self.start(end: "11:00", minutes: "30")
        #expect(content.startTime == "10:30")
        #expect(content.durationMinutes == 30)
        #expect(try Self.start(end: "11:00", minutes: "45").startTime == "10:15")
    }

    @Test("on today's date an empty end is now, in the program's time zone")
    func fromNow() throws {
        // ServiceRulesTests.now is 15:00 UTC, 07:00 in California, on 2026-11-23.
        #expect(try Self.start(date: "2026-11-23", minutes: "20").startTime == "14:40")
        #expect(try Self.start(date: "2026-11-23", minutes: "20", zone: Self.pacific).startTime == "06:40")
    }

    @Test("a contact that ends now, just after midnight, began the day before: the note is dated that day")
    func acrossMidnightFromNow() throws {
        // 00:08 UTC on 2026-11-24; the form offers today's date and the peer gives only 30 minutes.
        let justAfter = Date(timeIntervalSince1970: 1_795_478_400 + 8 * 60)
        #expect(CalendarDate(justAfter, in: Self.utc).description == "2026-11-24")
        let content = try Self.start(date: "2026-11-24", minutes: "30", now: justAfter)
        #expect(content.date.description == "2026-11-23")
        #expect(content.startTime == "23:38")
        #expect(content.durationMinutes == 30)
        // Eight minutes: it began after midnight, on today's date.
        let short = try Self.start(date: "2026-11-24", minutes: "8", now: justAfter)
        #expect(short.date.description == "2026-11-24")
        #expect(short.startTime == "00:00")
    }

    @Test("a start given is kept; end and minutes must then agree as before")
    func givenStartWins() throws {
        #expect(try Self.start(start: "09:00", minutes: "30").startTime == "09:00")
        let codes = ServiceRulesTests.validate(ServiceRulesTests.input {
            $0.startTime = "09:00"
            $0.endTime = "11:00"
            $0.durationMinutes = "30"
        })
        #expect(!codes.isEmpty)
    }

    @Test("on another day without an end, without minutes, or across midnight, the start is required")
    func stillRequired() {
        for change in [{ (i: inout ServiceInput) in i.startTime = ""; i.endTime = "" },
                       { (i: inout ServiceInput) in i.startTime = ""; i.endTime = "11:00"; i.durationMinutes = "" },
                       { (i: inout ServiceInput) in i.startTime = ""; i.endTime = "00:10"; i.durationMinutes = "30" }] {
            #expect(ServiceRulesTests.validate(ServiceRulesTests.input(change)).contains("start_time:required"))
        }
    }
}
