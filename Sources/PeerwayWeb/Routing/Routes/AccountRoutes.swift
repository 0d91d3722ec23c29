import Foundation
import PeerwayCore
import PeerwayStore

/// A person's own account: password, second factor, API tokens, pairing profile.
/// Every path of the area is written here once; routes, redirects and links take it from here.
public enum AccountRoutes {
    public static let account = RoutePath("/account")
    public static let pairing = RoutePath("/account/pairing")
    public static let password = RoutePath("/account/password")
    public static let profile = RoutePath("/account/profile")
    public static let secondFactor = RoutePath("/account/second-factor")
    public static let tokens = RoutePath("/account/tokens")
    public static let revokeToken = RoutePath("/account/tokens/:id/revoke")

    public enum API {
        public static let me = RoutePath("/api/v1/me")
        public static let peerProfile = RoutePath("/api/v1/me/peer-profile")
        public static let tokens = RoutePath("/api/v1/tokens")
        public static let token = RoutePath("/api/v1/tokens/:id")
    }
}

extension ResourceRef {
    /// The actor's own account: password, second factor, personal access tokens.
    public static let ownAccount = collection("ownAccount") { _ in .ownAccount }
}
