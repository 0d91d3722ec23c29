import Foundation

/// What a peer asks the directory: words, and the filters a person's situation sets (need, language,
/// near a place, open now, free, age). Built by `DirectorySearchRules.query`, which refuses what it
/// cannot read with a message per field.
public struct DirectoryQuery: Sendable, Equatable {
    /// The words as typed; `terms` is what the full-text index is asked.
    public var text = ""
    /// A taxonomy term's code (the need, for Peerway's own taxonomy).
    public var need: String?
    /// An ISO 639 code, lowercased.
    public var language: String?
    /// A place as typed: a city or ZIP code the directory's addresses name, or "latitude,longitude".
    public var near: String?
    public var radiusKm = DirectorySearchRules.defaultRadiusKm
    public var openNow = false
    public var freeOnly = false
    public var age: Int?
    public var sort = DirectorySort.relevance
    public var page = 1

    public init() {}

    /// Lowercased words of at least two letters or digits, at most `DirectorySearchRules.maxTerms`:
    /// each asked as a prefix, all required.
    public var terms: [String] { DirectorySearchRules.terms(text) }

    public var offset: Int { (page - 1) * DirectorySearchRules.perPage }
}

public enum DirectorySort: String, Sendable, CaseIterable {
    /// Best text match first, then nearest, then by name.
    case relevance
    case distance
    /// The best record of successful linkage first, among the best matches (`DirectorySearchRules.linkageReranked`).
    case linkage
    case name

    public var labelKey: String { "directory.sort.\(rawValue)" }
}

/// A point on the map, in degrees.
public struct GeoPoint: Sendable, Equatable {
    public let latitude: Double
    public let longitude: Double

    public init?(latitude: Double, longitude: Double) {
        guard (-90...90).contains(latitude), (-180...180).contains(longitude) else { return nil }
        self.latitude = latitude
        self.longitude = longitude
    }

    /// "32.71,-117.16" (a comma, optional spaces).
    public init?(_ text: String) {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let lat = Double(parts[0]), let lon = Double(parts[1]) else { return nil }
        self.init(latitude: lat, longitude: lon)
    }

    static let kmPerDegree = 111.32

    /// Kilometres to `other` on the plane tangent at this point: within a county (tens of km) it is
    /// within a fraction of a percent of the great-circle distance, and SQL on both engines computes
    /// the same arithmetic without trigonometry (`SearchArea`).
    public func kilometres(to other: GeoPoint) -> Double {
        let dy = (other.latitude - latitude) * Self.kmPerDegree
        let dx = (other.longitude - longitude) * Self.kmPerDegree * cos(latitude * .pi / 180)
        return (dx * dx + dy * dy).squareRoot()
    }
}

/// The box around a point that holds every place within a radius, and the scale that turns a
/// difference in longitude into one in latitude there: what the store's SQL filters and orders by.
public struct SearchArea: Sendable, Equatable {
    public let center: GeoPoint
    public let radiusKm: Double
    public let minLatitude: Double
    public let maxLatitude: Double
    public let minLongitude: Double
    public let maxLongitude: Double
    /// cos(latitude): a degree of longitude is this many degrees of latitude long here.
    public let longitudeScale: Double

    public init(center: GeoPoint, radiusKm: Double) {
        self.center = center
        self.radiusKm = radiusKm
        let dLat = radiusKm / GeoPoint.kmPerDegree
        longitudeScale = max(cos(center.latitude * .pi / 180), 0.01)
        let dLon = dLat / longitudeScale
        minLatitude = center.latitude - dLat
        maxLatitude = center.latitude + dLat
        minLongitude = center.longitude - dLon
        maxLongitude = center.longitude + dLon
    }

    /// The radius in squared degrees of latitude, what the SQL compares its squared distance with.
    public var radiusSquaredDegrees: Double {
        let r = radiusKm / GeoPoint.kmPerDegree
        return r * r
    }

    /// Kilometres from a squared distance in degrees of latitude, as the SQL computes it.
    public static func kilometres(squaredDegrees: Double) -> Double { squaredDegrees.squareRoot() * GeoPoint.kmPerDegree }
}

/// A moment of the week as the directory's schedules keep it: a day bit (Monday = 1 … Sunday = 64)
/// and minutes after midnight, in the program's time zone.
public struct WeekMinute: Sendable, Equatable {
    public let dayBit: Int
    public let minute: Int

    public init(dayBit: Int, minute: Int) {
        self.dayBit = dayBit
        self.minute = minute
    }

    public init(_ date: Date, in zone: TimeZone) {
        let parts = Calendar.gregorian(in: zone).dateComponents([.weekday, .hour, .minute], from: date)
        // Calendar's weekday is Sunday = 1 … Saturday = 7; the schedules' mask starts on Monday.
        let mondayFirst = ((parts.weekday ?? 1) + 5) % 7
        dayBit = 1 << mondayFirst
        minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
    }

    /// Whether hours that open at `opens` and close at `closes` (minutes; closing before opening runs
    /// past midnight) hold this minute.
    public func within(opens: Int, closes: Int) -> Bool {
        opens <= closes ? (opens <= minute && minute < closes) : (minute >= opens || minute < closes)
    }
}

/// Why a result is on the list: each thing the query asked that it met, and where the words matched.
public enum DirectoryMatchReason: Sendable, Equatable {
    /// The words are in the service's name.
    case name
    /// The words are in its organization's name.
    case organization
    /// The words are in its description.
    case description
    case need(String)
    case language(String)
    case distance(km: Double)
    /// Open at the moment asked, closing at this minute of the day.
    case openNow(closes: Int)
    case free
    case age(Int)

    public var code: String {
        switch self {
        case .name: "name"
        case .organization: "organization"
        case .description: "description"
        case .need: "need"
        case .language: "language"
        case .distance: "distance"
        case .openNow: "open_now"
        case .free: "free"
        case .age: "age"
        }
    }
}

public enum DirectorySearchRules {
    /// The query parameters a search reads, on the page and in the API alike.
    public static let parameters = ["q", "need", "language", "near", "radius_km", "open_now", "free", "age", "sort", "page"]
    public static let perPage = 20
    public static let maxTextLength = 200
    public static let maxTerms = 8
    public static let defaultRadiusKm = 10.0
    public static let radiusRange = 0.5...200.0
    public static let maxPage = 100
    /// How many of the best matches `sort=linkage` reorders by their linkage record: the record
    /// decides among services that answer the question, never lifts one that does not.
    public static let linkageReranked = 200

    /// The query from a page's or the API's parameters, or every problem with one message each.
    public static func query(_ p: [String: String]) throws(ValidationErrors) -> DirectoryQuery {
        var q = DirectoryQuery()
        var errors = ValidationErrors()
        func value(_ name: String) -> String? {
            let v = p[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return v.isEmpty ? nil : v
        }
        q.text = value("q") ?? ""
        if q.text.count > maxTextLength { errors.append(ValidationError("q", "too_long", "error.too_long")) }
        q.need = value("need")?.lowercased()
        if let language = value("language")?.lowercased() {
            if language.count >= 2, language.count <= 8, language.allSatisfy({ $0.isLetter || $0 == "-" }) { q.language = language }
            else { errors.append(ValidationError("language", "invalid_language", "error.invalid_language")) }
        }
        q.near = value("near")
        if let near = q.near, near.count > 100 { errors.append(ValidationError("near", "too_long", "error.too_long")) }
        if let radius = value("radius_km") {
            if let r = Double(radius), radiusRange.contains(r) { q.radiusKm = r }
            else { errors.append(ValidationError("radius_km", "invalid_radius", "error.invalid_radius")) }
        }
        for (name, path) in [("open_now", \DirectoryQuery.openNow), ("free", \DirectoryQuery.freeOnly)] {
            let raw = value(name)?.lowercased()
            if let raw, !(trueWords + falseWords).contains(raw) { errors.append(ValidationError(name, "invalid_value", "error.invalid_value")) }
            q[keyPath: path] = flag(raw)
        }
        if let age = value("age") {
            if let a = Int(age), (0...120).contains(a) { q.age = a } else { errors.append(ValidationError("age", "invalid_age", "error.invalid_age")) }
        }
        if let sort = value("sort") {
            if let s = DirectorySort(rawValue: sort) { q.sort = s } else { errors.append(ValidationError("sort", "invalid_choice", "error.invalid_choice")) }
        }
        if q.sort == .distance, q.near == nil { errors.append(ValidationError("near", "required_for_distance", "error.near_for_distance")) }
        if let page = value("page") {
            if let n = Int(page), (1...maxPage).contains(n) { q.page = n } else { errors.append(ValidationError("page", "invalid_page", "error.invalid_page")) }
        }
        try errors.throwIfAny()
        return q
    }

    /// A checkbox sends "on"; the API documents "1"/"true" and "0"/"false". Anything else is refused.
    static let trueWords = ["1", "true", "on"], falseWords = ["0", "false", "off"]

    public static func flag(_ v: String?) -> Bool { trueWords.contains(v?.lowercased() ?? "") }

    /// The words of a query: letters and digits (any script), lowercased, without diacritics, two or more characters each.
    public static func terms(_ text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        var out: [String] = []
        for word in folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where word.count >= 2 {
            let term = String(word.prefix(40))
            if !out.contains(term) { out.append(term) }
            if out.count == maxTerms { break }
        }
        return out
    }

    /// Where the words matched: the name, the organization's name, else the description (a word
    /// matches as the start of a word, as the index matches it).
    public static func textReasons(_ terms: [String], name: String, organization: String?) -> [DirectoryMatchReason] {
        guard !terms.isEmpty else { return [] }
        func hits(_ text: String?) -> Bool {
            guard let text else { return false }
            let words = Self.words(text)
            return terms.contains { t in words.contains { $0.hasPrefix(t) } }
        }
        var out: [DirectoryMatchReason] = []
        if hits(name) { out.append(.name) }
        if hits(organization) { out.append(.organization) }
        // The index matched the words somewhere: when not in either name, in the description.
        if out.isEmpty { out.append(.description) }
        return out
    }

    public static func words(_ text: String) -> [String] {
        // Plain ASCII has no accents to fold: lowercasing is the whole fold, and Foundation's folding
        // was a tenth of a search request's time outside the database.
        let folded = text.utf8.allSatisfy { $0 < 0x80 } ? text.lowercased()
            : text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        return folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    /// The order `sort=linkage` gives: a shown rate first, highest first; suppressed or no record after,
    /// each group keeping the order it came in.
    public static func rankedByLinkage<T>(_ items: [T], rate: (T) -> Double?) -> [T] {
        // Positions and rates are sorted, not the items: a generic sort of whole search hits, called from
        // another module, copied each through its value witnesses and took 1 ms for 200.
        let rates = items.map(rate)
        return rates.indices.sorted { a, b in
            switch (rates[a], rates[b]) {
            case let (x?, y?): return x != y ? x > y : a < b
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }.map { items[$0] }
    }
}
