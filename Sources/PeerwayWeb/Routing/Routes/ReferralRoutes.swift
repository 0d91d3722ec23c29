import Foundation
import PeerwayCore
import PeerwayStore

/// Referrals: making one for a person, its closed loop, the slip, waiting lists and the linkage measures.
/// Every path of the area is written here once; routes, redirects and links take it from here.
public enum ReferralRoutes {
    /// The open referrals waiting for an outcome (`?scope=program` for a whole program).
    public static let waiting = RoutePath("/referrals")
    public static let measures = RoutePath("/referrals/measures")
    public static let referral = RoutePath("/referrals/:id")
    public static let status = RoutePath("/referrals/:id/status")
    public static let slip = RoutePath("/referrals/:id/slip")
    /// A new referral for the person named by `:id`.
    public static let newReferral = RoutePath("/participants/:id/referral")
    /// A new referral made during the service note named by `:id`, for the note's person.
    public static let fromNote = RoutePath("/services/:id/referral")

    public enum API {
        public static let referralsOf = RoutePath("/api/v1/participants/:id/referrals")
        public static let referral = RoutePath("/api/v1/referrals/:id")
        public static let status = RoutePath("/api/v1/referrals/:id/status")
        public static let waiting = RoutePath("/api/v1/me/referrals/waiting")
        public static let measures = RoutePath("/api/v1/referral-measures")
    }
}

extension ResourceRef {
    /// The referral named by `:id`, decided as its person's record.
    public static let referral = record("referral", AccessResolver<ReferralRecord>.referral)
}

extension Resolved {
    public var referral: ReferralRecord? { record(ReferralRecord.self) }
}
