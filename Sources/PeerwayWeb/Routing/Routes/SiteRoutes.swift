import Foundation
import PeerwayCore
import PeerwayStore

/// The site itself: home, signing in and out, the stylesheet, health and metrics.
/// Every path of the area is written here once; routes, redirects and links take it from here.
public enum SiteRoutes {
    public static let home = RoutePath("/")
    public static let signIn = RoutePath("/signin")
    public static let secondFactor = RoutePath("/signin/second-factor")
    public static let signOut = RoutePath("/signout")
    public static let stylesheet = RoutePath("/static/peerway.css")
    public static let healthLive = RoutePath("/health/live")
    public static let healthReady = RoutePath("/health/ready")
    public static let healthz = RoutePath("/healthz")
    public static let metrics = RoutePath("/metrics")

    /// Parts of the site that middleware tells apart by how their path begins, before any route is found.
    public enum Prefix {
        public static let api = "/api/"
        public static let admin = "/admin"
        public static let staticFiles = "/static/"
        public static let health = "/health"
    }

    public enum API {
        public static let openAPI = RoutePath("/api/v1/openapi.json")
    }
}
