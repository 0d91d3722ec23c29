import Foundation
import Logging
import PeerwayCore
import PeerwayStore

/// The one place a command builds its store: the database, the audit key, and the zone that decides
/// "today" (`PEERWAY_TIME_ZONE`, read exactly as `peerway serve` reads it), so a command's dates agree
/// with the server's.
extension StoreOptions {
    /// Opens the store as a `StoreContext`, runs `body`, and closes the store whatever happens: an
    /// open SQLite connection must never be dropped unclosed. `timeZone` overrides the configured zone.
    func withContext<T>(default defaultPath: String = "peerway.db", migrate: Bool = true, timeZone: TimeZone? = nil,
                        _ body: (StoreContext) async throws -> T) async throws -> T {
        let store = try await open(default: defaultPath, migrate: migrate, timeZone: timeZone)
        do {
            let value = try await body(store)
            await store.db.close()
            return value
        } catch {
            await store.db.close()
            throw error
        }
    }

    /// For commands that need only the database and the audit trail.
    func withStore<T>(default defaultPath: String = "peerway.db", migrate: Bool = true,
                      _ body: (Database, AuditLog) async throws -> T) async throws -> T {
        // The zone plays no part here, so a wrong PEERWAY_TIME_ZONE does not stop a backup or a verification.
        try await withContext(default: defaultPath, migrate: migrate, timeZone: .current) { store in try await body(store.db, store.audit) }
    }

    func open(default defaultPath: String = "peerway.db", migrate: Bool = true, timeZone: TimeZone? = nil) async throws -> StoreContext {
        let zone = try timeZone ?? configuredTimeZone(environment) ?? .current
        let location = try location(default: defaultPath)
        let key = try auditKey(for: location)
        var logger = Logger(label: "peerway.store")
        logger.logLevel = .warning
        let db: Database
        do {
            db = try await Database.open(location, logger: logger)
        } catch StoreError.unavailable(let cause) {
            throw CLIError(cause)  // already one line naming the database and the cause
        } catch {
            throw CLIError("cannot open the database \(location.redacted): \(describe(error))")
        }
        if migrate {
            do { try await Migrator.migrate(db, auditKey: key) } catch { await db.close(); throw CLIError("migration failed: \(describe(error))") }
        }
        return StoreContext(db: db, auditKey: key, timeZone: zone)
    }
}

/// `PEERWAY_TIME_ZONE`, if set: the zone whose calendar decides "today" for the server and every command.
func configuredTimeZone(_ environment: [String: String]) throws -> TimeZone? {
    guard let zone = environment["PEERWAY_TIME_ZONE"], !zone.isEmpty else { return nil }
    guard let tz = TimeZone(identifier: zone) else { throw CLIError("PEERWAY_TIME_ZONE must be a zone name such as America/Los_Angeles") }
    return tz
}
