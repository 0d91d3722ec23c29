import Foundation

/// One rule for counting services, used by the service mix, a peer's and a team's week, the program
/// report and every extract, so that the same period gives the same figure wherever it is read.
///
/// - A **signed** note is a service given. A draft is a note still being written: it is listed apart
///   (as drafts, with their number) and counted in no figure, so a figure changes only when a note is
///   signed, never when someone starts one.
/// - **Services and units** count per person: a group of eight is eight services, each with its units
///   (that is how each person's service is counted and billed).
/// - **Staff minutes** count a sitting once for each staff member who gave it: a 60-minute group of
///   eight is 60 minutes of its facilitator's time, not 480, and 60 more for its co-facilitator, whose
///   time counts for them.
public enum ServiceCounting {
    /// The notes every figure counts.
    public static let counted: ServiceStatus = .signed
    /// The notes listed apart.
    public static let listedApart: ServiceStatus = .draft

    /// Staff time of one sitting (a one-to-one service, or a group however many attended).
    public static func staffMinutes(duration: Int, cofacilitated: Bool) -> Int {
        duration * (cofacilitated ? 2 : 1)
    }

    /// Staff time of the sittings among `services` (a group's attendees share one sitting), for all staff
    /// or, with `staffID`, for that person as facilitator or co-facilitator.
    public static func staffMinutes(_ services: [PeerService], staffID: UUID? = nil) -> Int {
        var sittings: [UUID: (duration: Int, cofacilitated: Bool)] = [:]
        for s in services where s.status == counted {
            if let staffID, s.peerID != staffID && s.content.cofacilitatorID != staffID { continue }
            sittings[s.groupID ?? s.id] = (s.content.durationMinutes, s.content.cofacilitatorID != nil)
        }
        return sittings.values.reduce(0) { total, sitting in
            total + (staffID == nil ? staffMinutes(duration: sitting.duration, cofacilitated: sitting.cofacilitated) : sitting.duration)
        }
    }
}
