import Foundation

/// A program's history brought in from CSV files. Every path of the area is written here once.
public enum HistoryRoutes {
    public static let importHistory = RoutePath("/history/import")

    public enum API {
        public static let importHistory = RoutePath("/api/v1/history/import")
    }
}
