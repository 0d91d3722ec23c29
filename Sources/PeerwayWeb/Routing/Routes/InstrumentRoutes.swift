import Foundation
import PeerwayCore
import PeerwayStore

/// Outcome instruments: a person's measures and their change, giving one, an administration's scores,
/// what is due, and each program's schedule. Every path of the area is written here once.
public enum InstrumentRoutes {
    /// A person's administrations over time, with the change chart.
    public static let measures = RoutePath("/participants/:id/measures")
    /// Giving an instrument to the person named by `:id` (`?instrument=` names which).
    public static let give = RoutePath("/participants/:id/measures/new")
    public static let administration = RoutePath("/measures/:id")
    /// What is due on the actor's caseload (`?scope=program` for a whole program).
    public static let due = RoutePath("/measures/due")
    /// A program's instrument schedule.
    public static let schedule = RoutePath("/programs/:id/measures")
    /// A program's licensed wording of an instrument shipped as topics (`?instrument=`, `?lang=`).
    public static let wording = RoutePath("/programs/:id/measures/wording")

    public enum API {
        public static let instruments = RoutePath("/api/v1/instruments")
        public static let instrument = RoutePath("/api/v1/instruments/:instrument")
        public static let administrationsOf = RoutePath("/api/v1/participants/:id/administrations")
        public static let administration = RoutePath("/api/v1/administrations/:id")
        public static let due = RoutePath("/api/v1/me/instruments/due")
        public static let schedule = RoutePath("/api/v1/programs/:id/instrument-schedule")
        /// A program's licensed wording (`?instrument=&language=`; PUT sets one language's).
        public static let wording = RoutePath("/api/v1/programs/:id/instrument-wording")
    }
}

extension ResourceRef {
    /// The administration named by `:id`, decided as its person's record.
    public static let instrumentAdministration = record("instrument_administration", AccessResolver<AdministrationRecord>.instrumentAdministration)
}

extension Resolved {
    public var instrumentAdministration: AdministrationRecord? { record(AdministrationRecord.self) }
}
