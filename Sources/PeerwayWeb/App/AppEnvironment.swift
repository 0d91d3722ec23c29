import Foundation
import Logging
import PeerwayCore
import PeerwayStore

/// Everything a request handler needs, built once at start-up: the store context's workflows, the renderer and the web settings.
public final class AppEnvironment: Sendable {
    public let store: StoreContext
    public let access: Access
    public let admin: Administration
    public let journey: ParticipantJourney
    public let documentation: ServiceDocumentation
    public let directory: DirectoryCatalog
    /// The directory's imports too large to answer on their request, run in this process.
    public let directoryImports: DirectoryImportJobs
    public let referrals: Referrals
    public let instruments: Instruments
    public let plans: Plans
    public let workforce: Workforce
    public let renderer: Renderer
    public let config: WebConfiguration
    public let clock: any PeerwayClock
    public let sessionPolicy: SessionPolicy
    public let throttle: ThrottlePolicy
    public let hasher: PasswordHasher
    public let logger: Logger

    public init(db: Database, auditKey: AuditKey, config: WebConfiguration, renderer: Renderer,
                clock: any PeerwayClock = SystemClock(), ids: any IDSource = RandomIDs(), hasher: PasswordHasher = .standard,
                sessionPolicy: SessionPolicy = .standard, throttle: ThrottlePolicy = .standard,
                logger: Logger = Logger(label: "peerway.web")) {
        let store = StoreContext(db: db, auditKey: auditKey, clock: clock, ids: ids, timeZone: config.timeZone)
        self.store = store
        self.access = Access(db: db, audit: store.audit)
        self.admin = Administration(store, hasher: hasher)
        self.journey = ParticipantJourney(store)
        self.documentation = ServiceDocumentation(store)
        self.directory = DirectoryCatalog(store)
        self.directoryImports = DirectoryImportJobs(directory) { id, error in
            // The error's type only: its text may hold values from the files.
            logger.error("directory import job failed", metadata: ["job": .string(id.text), "type": .string(String(describing: type(of: error)))])
        }
        self.referrals = Referrals(store)
        self.instruments = Instruments(store)
        self.plans = Plans(store)
        self.workforce = Workforce(store)
        self.renderer = renderer
        self.config = config
        self.clock = clock
        self.hasher = hasher
        self.sessionPolicy = sessionPolicy
        self.throttle = throttle
        self.logger = logger
    }

    public var db: Database { store.db }
    public var audit: AuditLog { store.audit }

    public var localizer: Localizer { renderer.localizer }
}
