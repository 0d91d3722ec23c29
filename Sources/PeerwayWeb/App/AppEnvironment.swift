import Foundation
import Logging
import PeerwayCore
import PeerwayStore

/// Everything a request handler needs, built once at start-up: the store context's workflows, the renderer and the web settings.
public final class AppEnvironment: Sendable {
    public let db: Database
    public let audit: AuditLog
    public let access: Access
    public let admin: Administration
    public let journey: ParticipantJourney
    public let documentation: ServiceDocumentation
    public let renderer: Renderer
    public let config: WebConfiguration
    public let clock: any PeerwayClock
    public let sessionPolicy: SessionPolicy
    public let throttle: ThrottlePolicy
    public let hasher: PasswordHasher
    public let logger: Logger

    public init(db: Database, auditKey: AuditKey, config: WebConfiguration, renderer: Renderer,
                clock: any PeerwayClock = SystemClock(), hasher: PasswordHasher = .standard,
                sessionPolicy: SessionPolicy = .standard, throttle: ThrottlePolicy = .standard,
                logger: Logger = Logger(label: "peerway.web")) {
        self.db = db
        self.audit = AuditLog(key: auditKey, clock: clock)
        self.access = Access(db: db, audit: audit)
        self.admin = Administration(db: db, audit: audit, clock: clock, hasher: hasher)
        self.journey = ParticipantJourney(db: db, audit: audit, clock: clock, timeZone: config.timeZone)
        self.documentation = ServiceDocumentation(journey: journey)
        self.renderer = renderer
        self.config = config
        self.clock = clock
        self.hasher = hasher
        self.sessionPolicy = sessionPolicy
        self.throttle = throttle
        self.logger = logger
    }

    public var localizer: Localizer { renderer.localizer }
}
