import Foundation
import Testing
@testable import PeerwayCore

/// The rules of a directory search that need no database: reading the query, its words, the week's
/// minute, the area around a point, where the words matched, and the order by linkage record.
@Suite("Directory search rules")
struct DirectorySearchRulesTests {
    @Test("a query reads every parameter; each bad one is refused on its own field")
    func query() throws {
        let q = try DirectorySearchRules.query(["q": "  Housing ", "need": "HOUSING", "language": "ES", "near": "91910", "radius_km": "5",
                                                "open_now": "on", "free": "true", "age": "30", "sort": "distance", "page": "3"])
        #expect(q.text == "Housing" && q.need == "housing" && q.language == "es" && q.near == "91910" && q.radiusKm == 5)
        #expect(q.openNow && q.freeOnly && q.age == 30 && q.sort == .distance && q.page == 3 && q.offset == 40)
        let empty = try DirectorySearchRules.query([:])
        #expect(empty.terms.isEmpty && !empty.openNow && empty.sort == .relevance && empty.page == 1)
        do {
            _ = try DirectorySearchRules.query(["q": String(repeating: "a", count: 201), "language": "e5", "radius_km": "0", "open_now": "maybe",
                                                "age": "-1", "sort": "best", "page": "0"])
            Issue.record("accepted")
        } catch {
            #expect(error.errors.map(\.field) == ["q", "language", "radius_km", "open_now", "age", "sort", "page"])
        }
        do {
            _ = try DirectorySearchRules.query(["sort": "distance"])
            Issue.record("accepted")
        } catch {
            #expect(error.errors.map(\.code) == ["required_for_distance"])
        }
    }

    @Test("words: lowercased, without accents, two characters or more, each once, at most eight; no query syntax survives")
    func terms() {
        #expect(DirectorySearchRules.terms("Vivienda   ALQUILER a") == ["vivienda", "alquiler"])
        #expect(DirectorySearchRules.terms("Résumé résumé") == ["resume"])
        #expect(DirectorySearchRules.terms("\"x\" OR y* (z) NEAR/2 a:b") == ["or", "near"])
        #expect(DirectorySearchRules.terms("one two three four five six seven eight nine ten").count == 8)
    }

    @Test("a moment of the week in the program's time zone, and hours that run past midnight")
    func weekMinute() {
        // Monday 7 December 2026 10:30 UTC is 02:30 that Monday in Los Angeles.
        let date = Date(timeIntervalSince1970: 1_796_639_400)
        #expect(WeekMinute(date, in: TimeZone(identifier: "UTC")!) == WeekMinute(dayBit: 1, minute: 630))
        #expect(WeekMinute(date, in: TimeZone(identifier: "America/Los_Angeles")!) == WeekMinute(dayBit: 1, minute: 150))
        // Sunday is the last bit.
        #expect(WeekMinute(date.addingTimeInterval(-86_400), in: TimeZone(identifier: "UTC")!).dayBit == 64)
        let late = WeekMinute(dayBit: 1, minute: 23 * 60)
        #expect(late.within(opens: 18 * 60, closes: 8 * 60))
        #expect(!late.within(opens: 9 * 60, closes: 17 * 60))
        #expect(WeekMinute(dayBit: 1, minute: 17 * 60).within(opens: 9 * 60, closes: 17 * 60) == false)
    }

    @Test("the area around a point holds what is within the radius, and distances agree with the great circle within 1% in a county")
    func area() throws {
        let downtown = try #require(GeoPoint(latitude: 32.7157, longitude: -117.1611))
        let chulaVista = try #require(GeoPoint(latitude: 32.6401, longitude: -117.0842))
        // 11.07 km by the haversine formula (mean Earth radius 6,371.0 km).
        #expect(abs(downtown.kilometres(to: chulaVista) - 11.07) < 0.111)
        let area = SearchArea(center: downtown, radiusKm: 12)
        #expect(chulaVista.latitude > area.minLatitude && chulaVista.longitude < area.maxLongitude)
        let dy = chulaVista.latitude - downtown.latitude, dx = (chulaVista.longitude - downtown.longitude) * area.longitudeScale
        #expect(dy * dy + dx * dx <= area.radiusSquaredDegrees)
        #expect(abs(SearchArea.kilometres(squaredDegrees: dy * dy + dx * dx) - downtown.kilometres(to: chulaVista)) < 0.001)
        #expect(GeoPoint("32.7, -117.1") != nil && GeoPoint("91.0,0") == nil && GeoPoint("here") == nil)
    }

    @Test("a service's one position: its only place with coordinates, a place named twice counted once by its first reading")
    func onlyPosition() throws {
        typealias Place = DirectoryService.Place
        func place(_ id: String, _ lat: Double?, _ lon: Double?) -> Place {
            Place(serviceAtLocationID: id, locationID: id, latitude: lat, longitude: lon, cityKey: nil, postalCode: nil)
        }
        let one = try #require(Place.onlyPosition([place("a", 32.6, -117.1), place("b", nil, nil), place("a", 40, -100)]))
        #expect(one.latitude == 32.6 && one.longitude == -117.1)
        #expect(Place.onlyPosition([place("a", 32.6, -117.1), place("b", 33.2, -117.2)]) == nil)
        #expect(Place.onlyPosition([place("a", 32.6, nil)]) == nil)
        #expect(Place.onlyPosition([]) == nil)
    }

    @Test("why it matched: the name, the organization's name, else the description")
    func reasons() {
        #expect(DirectorySearchRules.textReasons(["hous"], name: "Housing Navigation", organization: "Familias Center") == [.name])
        #expect(DirectorySearchRules.textReasons(["famil"], name: "Housing Navigation", organization: "Familias Center") == [.organization])
        #expect(DirectorySearchRules.textReasons(["hous", "famil"], name: "Housing Navigation", organization: "Familias") == [.name, .organization])
        #expect(DirectorySearchRules.textReasons(["beds"], name: "Shelter", organization: nil) == [.description])
        #expect(DirectorySearchRules.textReasons([], name: "Shelter", organization: nil).isEmpty)
        // Plain ASCII is lowercased alone; other text is folded too: both give the index's words.
        #expect(DirectorySearchRules.words("Job CENTER, 24/7") == ["job", "center", "24", "7"])
        #expect(DirectorySearchRules.words("Niños y FAMILIAS — Año") == ["ninos", "y", "familias", "ano"])
        #expect(DirectorySearchRules.textReasons(["ninos"], name: "Centro de Niños", organization: nil) == [.name])
    }

    @Test("by linkage record: shown rates highest first, then the suppressed and those without referrals, each in their given order")
    func linkageOrder() {
        let rates: [String: Double?] = ["a": nil, "b": 40, "c": 90, "d": nil, "e": 40]
        #expect(DirectorySearchRules.rankedByLinkage(["a", "b", "c", "d", "e"]) { rates[$0]! } == ["c", "b", "e", "a", "d"])
    }

    @Test("a language by any of its spellings")
    func languages() {
        #expect(DirectoryLanguages.aliases("ES").contains("spa"))
        #expect(DirectoryLanguages.aliases("spa").contains("es"))
        #expect(DirectoryLanguages.aliases("ur") == ["ur"])
    }
}
