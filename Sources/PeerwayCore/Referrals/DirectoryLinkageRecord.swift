import Foundation

/// A directory service's own record at the point of referral: of the referrals made to it in the 12
/// months that ended 30 days ago, the share linked within 30 days. Counts from every program that
/// refers to it, so they are shown only when no cell is small enough to point at a person.
public struct DirectoryLinkageRecord: Sendable, Equatable {
    /// Cells of 1 to 10 people are not shown (the small-cell rule public health data releases use).
    public static let smallestShown = 11
    /// Days a referral has to become a linkage to count as "linked within 30 days".
    public static let window = 30

    public enum Shown: Sendable, Equatable {
        /// Referrals, the ones linked within the window, and the share.
        case record(referrals: Int, linked: Int, percent: Double)
        /// No referrals in the period.
        case none
        /// Too few to show without pointing at someone.
        case suppressed
    }

    public let shown: Shown

    /// The share linked within the window when shown; nil when suppressed or without referrals.
    public var rate: Double? {
        if case let .record(_, _, percent) = shown { return percent }
        return nil
    }

    /// Shown only when the referrals, the linked ones and the others are each none or at least
    /// `smallestShown`: otherwise a small count could be read back from the rest.
    public init(referrals: Int, linkedWithinWindow linked: Int) {
        func small(_ n: Int) -> Bool { n > 0 && n < Self.smallestShown }
        if referrals == 0 {
            shown = .none
        } else if small(referrals) || small(linked) || small(referrals - linked) {
            shown = .suppressed
        } else {
            shown = .record(referrals: referrals, linked: linked, percent: Proportion(linked, of: referrals).percent ?? 0)
        }
    }

    /// The referrals a record counts: made in the 12 months that ended `window` days before `today`,
    /// so each has had its full window to become a linkage.
    public static func period(endingBefore today: CalendarDate) -> (from: CalendarDate, to: CalendarDate) {
        let to = today.adding(days: -window)
        return (to.adding(days: -364), to)
    }
}
