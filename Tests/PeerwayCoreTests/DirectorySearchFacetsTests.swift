import PeerwayCore
import Testing

@Suite("Directory search facets")
struct DirectorySearchFacetsTests {
    @Test("a service's facets are single words of letters and digits, each once, codes in any case alike")
    func words() {
        let point = GeoPoint(latitude: 32.64, longitude: -117.08)!
        let text = DirectorySearchFacets.text(languages: ["es", "ES", "spa"], needs: ["BD-1800.2000", "housing"], places: [point, point])
        let tokens = text.split(separator: " ").map(String.init)
        #expect(tokens.count == Set(tokens).count)
        #expect(tokens.allSatisfy { $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
        // Two languages, two needs, a cell at each of three resolutions.
        #expect(tokens.count == 7)
        #expect(tokens.contains(DirectorySearchFacets.language("Es")))
        #expect(tokens.contains(DirectorySearchFacets.need("bd-1800.2000")))
        #expect(DirectorySearchFacets.need("housing") != DirectorySearchFacets.language("housing"))
        #expect(DirectorySearchFacets.text(languages: [], needs: [], places: []) == "")
    }

    @Test("every place within an area's box is in one of the area's cells, east and west, north and south")
    func cellsCoverTheBox() throws {
        let centres = [(32.64, -117.08), (-33.87, 151.21), (0.05, -0.05), (51.5, 0.0), (-0.3, 36.8), (64.1, -21.9)]
        for (lat, lon) in centres {
            for radius in [0.5, 3.0, 10.0, 25.0, 60.0] {
                let area = SearchArea(center: GeoPoint(latitude: lat, longitude: lon)!, radiusKm: radius)
                let cells = try #require(DirectorySearchFacets.cells(area))
                #expect(cells.count <= DirectorySearchFacets.maxCells)
                for i in 0...10 {
                    for j in 0...10 {
                        let point = GeoPoint(latitude: area.minLatitude + (area.maxLatitude - area.minLatitude) * Double(i) / 10,
                                             longitude: area.minLongitude + (area.maxLongitude - area.minLongitude) * Double(j) / 10)!
                        let placed = DirectorySearchFacets.text(languages: [], needs: [], places: [point]).split(separator: " ").map(String.init)
                        #expect(placed.contains { cells.contains($0) }, "\(point) near \(lat),\(lon) within \(radius) km")
                    }
                }
            }
        }
    }

    @Test("a small area uses the finest cells, a larger one tenths, a wide one whole degrees, a very wide one none")
    func resolution() throws {
        let here = GeoPoint(latitude: 32.64, longitude: -117.08)!
        let near = try #require(DirectorySearchFacets.cells(SearchArea(center: here, radiusKm: 10)))
        let larger = try #require(DirectorySearchFacets.cells(SearchArea(center: here, radiusKm: 25)))
        let wide = try #require(DirectorySearchFacets.cells(SearchArea(center: here, radiusKm: 60)))
        #expect(near.count <= 30 && near.allSatisfy { $0.hasPrefix("b") })
        #expect(larger.allSatisfy { $0.hasPrefix("c") })
        #expect(wide.allSatisfy { $0.hasPrefix("d") })
        #expect(DirectorySearchFacets.cells(SearchArea(center: here, radiusKm: 400)) == nil)
        // A point outside the box is in none of a small area's cells when it is a cell away.
        let far = DirectorySearchFacets.text(languages: [], needs: [], places: [GeoPoint(latitude: 33.2, longitude: -117.24)!])
        #expect(!far.split(separator: " ").contains { near.contains(String($0)) })
    }
}
