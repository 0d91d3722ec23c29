import Foundation
import PeerwayCore

/// What every workflow works with: the database, the audit trail, the clock, where new ids come from,
/// and the zone whose calendar decides "today". Built once (by the server, the command line or a
/// test) and handed to each workflow, so no workflow borrows another's, and a test fixes ids and time.
public struct StoreContext: Sendable {
    public let db: Database
    public let audit: AuditLog
    public let clock: any PeerwayClock
    public let ids: any IDSource
    /// The zone whose calendar decides "today" for dates people enter.
    public let timeZone: TimeZone
    /// Linkage records counted for searches, shared by every copy of this context (a class).
    public let linkageRecords = LinkageRecordCache()

    public init(db: Database, audit: AuditLog, clock: any PeerwayClock = SystemClock(), ids: any IDSource = RandomIDs(),
                timeZone: TimeZone = .current) {
        self.db = db
        self.audit = audit
        self.clock = clock
        self.ids = ids
        self.timeZone = timeZone
    }

    /// Builds the audit log too, on the same clock and ids, so events and records agree on both.
    public init(db: Database, auditKey: AuditKey, clock: any PeerwayClock = SystemClock(), ids: any IDSource = RandomIDs(),
                timeZone: TimeZone = .current) {
        self.init(db: db, audit: AuditLog(key: auditKey, clock: clock, ids: ids), clock: clock, ids: ids, timeZone: timeZone)
    }

    public func now() -> Date { clock.now() }

    public var today: CalendarDate { CalendarDate(clock.now(), in: timeZone) }

    public func newID() -> UUID { ids.next() }
}
