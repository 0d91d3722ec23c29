/// A service's filters as words of its full-text entry, so a search's filters are matched in the same
/// index as its words (issue 12). Checking each word match's languages, needs and places row by row
/// cost more than ranking the matches ("housing" in Spanish at county scale: 4,540 matches, 5 ms of
/// checks); as words of the entry, the index intersects them before anything is ranked or read.
///
/// A facet is one token of letters and digits, so both engines' tokenizers keep it whole: a letter for
/// its kind, then the value (codes in hexadecimal, since a taxonomy's codes may hold any character).
/// Its column is not ranked: the words alone decide the order.
public enum DirectorySearchFacets {
    /// Grid cells a place is filed under: twentieths of a degree (about 5 km) for a search within a few
    /// kilometres, tenths for a few tens, whole degrees for a wide one. Around a 10 km circle, twentieths
    /// hold a third fewer services than tenths (16,206 against 24,468 at county scale), each one a
    /// candidate the search must then measure.
    static let resolutions: [(letter: Character, degrees: Double)] = [("b", 0.05), ("c", 0.1), ("d", 1.0)]
    /// A search whose box covers more cells than this at every resolution is not narrowed by cells.
    public static let maxCells = 36

    public static func language(_ code: String) -> String { "l" + hex(code.lowercased()) }

    /// A need's code is matched without regard to case, as a language's is.
    public static func need(_ code: String) -> String { "n" + hex(code.lowercased()) }

    /// The facets of a service, space-separated, each once.
    public static func text(languages: [String], needs: [String], places: [GeoPoint]) -> String {
        var tokens: [String] = []
        func add(_ token: String) { if !tokens.contains(token) { tokens.append(token) } }
        languages.forEach { add(language($0)) }
        needs.forEach { add(need($0)) }
        for place in places {
            for resolution in resolutions {
                add(cell(resolution.letter, latitude: index(place.latitude, resolution.degrees), longitude: index(place.longitude, resolution.degrees)))
            }
        }
        return tokens.joined(separator: " ")
    }

    /// The cells that hold every point of the area's box, at the finest resolution that needs at most
    /// `maxCells`; nil when even the widest needs more (the box is then checked point by point alone).
    public static func cells(_ area: SearchArea) -> [String]? {
        for resolution in resolutions {
            let lat = index(area.minLatitude, resolution.degrees)...index(area.maxLatitude, resolution.degrees)
            let lon = index(area.minLongitude, resolution.degrees)...index(area.maxLongitude, resolution.degrees)
            guard lat.count * lon.count <= maxCells else { continue }
            return lat.flatMap { y in lon.map { x in cell(resolution.letter, latitude: y, longitude: x) } }
        }
        return nil
    }

    /// The cell's row or column: degrees divided by the cell's size, rounded down.
    static func index(_ degrees: Double, _ size: Double) -> Int { Int((degrees / size).rounded(.down)) }

    /// Rows and columns offset to be positive and written at a fixed width ("c10326m08829"), so a token
    /// never holds a minus sign (a twentieth of a degree numbers longitude from -3,600 to 3,600).
    static func cell(_ letter: Character, latitude: Int, longitude: Int) -> String {
        func digits(_ n: Int) -> String {
            let text = String(n + 10_000)
            return String(repeating: "0", count: max(0, 5 - text.count)) + text
        }
        return "\(letter)\(digits(latitude))m\(digits(longitude))"
    }

    static func hex(_ text: String) -> String {
        let digits = Array("0123456789abcdef")
        var out = ""
        for byte in text.utf8 {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xf)])
        }
        return out
    }
}
