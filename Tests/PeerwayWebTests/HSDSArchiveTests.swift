import Foundation
import PeerwayWeb
import Testing
import ZIPFoundation

/// The .zip a CSV data package travels in: what the page and the CLI take out of one, and what they refuse.
@Suite("HSDS archive")
struct HSDSArchiveTests {
    static func zip(_ entries: [(String, [UInt8])]) throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        for (path, bytes) in entries {
            let data = Data(bytes)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return Array(try #require(archive.data))
    }

    @Test("a .zip is replaced by its files, named without their folders, hidden ones left out; other files pass as they are")
    func expanded() throws {
        let zipped = try Self.zip([("hsds/services.csv", Array("id,name\n".utf8)), ("hsds/.DS_Store", [0, 1]),
                                   ("__MACOSX/hsds/._services.csv", [0]), ("datapackage.json", Array("{}".utf8))])
        #expect(HSDSArchive.isZip(zipped) && !HSDSArchive.isZip(Array("{}".utf8)))
        let files = try HSDSArchive.expanded([("package.zip", zipped), ("extra.json", Array("[]".utf8))], limit: 1 << 20)
        #expect(files.map(\.name) == ["services.csv", "datapackage.json", "extra.json"])
        #expect(files.first?.bytes == Array("id,name\n".utf8))
    }

    @Test("a .zip that unpacks past the limit, or cannot be read, is refused")
    func refused() throws {
        let large = try Self.zip([("services.csv", [UInt8](repeating: 0x41, count: 2 << 20))])
        #expect(large.count < 1 << 20)
        #expect(throws: HSDSArchive.Refusal.tooLarge(limit: 1 << 20)) { try HSDSArchive.expanded([("big.zip", large)], limit: 1 << 20) }
        #expect(throws: HSDSArchive.Refusal.unreadable) { try HSDSArchive.expanded([("cut.zip", Array(large.prefix(40)))], limit: 1 << 20) }
        let many = try Self.zip((0...100).map { ("t\($0).csv", Array("id\n".utf8)) })
        #expect(throws: HSDSArchive.Refusal.tooManyFiles) { try HSDSArchive.expanded([("many.zip", many)], limit: 1 << 20) }
        #expect(try HSDSArchive.expanded([("hundred.zip", try Self.zip((0..<100).map { ("t\($0).csv", Array("id\n".utf8)) }))], limit: 1 << 20).count == 100)
        // What the page itself downloads comes back whole.
        let package = try HSDSArchive.zipped([("datapackage.json", "{}\n"), ("services.csv", "id\n1\n")])
        let back = try HSDSArchive.expanded([("directory-csv.zip", Array(package))], limit: 1 << 20)
        #expect(back.map { "\($0.name)=\(String(decoding: $0.bytes, as: UTF8.self))" } == ["datapackage.json={}\n", "services.csv=id\n1\n"])
    }
}
