import Foundation
import ZIPFoundation

/// A CSV data package is several files; a browser downloads one and a person sends one. So the page
/// gives the package as a .zip, and the page and the CLI take one back: its files are imported as
/// if each had been chosen.
public enum HSDSArchive {
    public enum Refusal: Error, Equatable {
        /// Not a .zip that can be read: damaged, or cut short.
        case unreadable
        /// Its files, unpacked, would pass `limit` bytes.
        case tooLarge(limit: Int)
        /// It holds more files than any package has (`mostFiles`).
        case tooManyFiles
    }

    /// At most this many files: a package has one per HSDS table and its datapackage.json.
    static let mostFiles = 100

    /// The files as one .zip, each deflated (a county's CSV package: 57 MB of text, 21 MB zipped).
    public static func zipped(_ files: [(name: String, text: String)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for file in files {
            let data = Data(file.text.utf8)
            try archive.addEntry(with: file.name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data ?? Data()
    }

    /// Whether the bytes begin as a .zip does (a file's header, or an empty archive's end).
    public static func isZip(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4, bytes[0] == 0x50, bytes[1] == 0x4B else { return false }
        return (bytes[2] == 3 && bytes[3] == 4) || (bytes[2] == 5 && bytes[3] == 6)
    }

    /// Every .zip among `files` replaced by the files it holds (by their names without folders; folders,
    /// and the hidden files some systems add, left out); the other files as they were. What the archives
    /// hold may come to `limit` bytes in all: the sizes they declare are checked before anything is
    /// unpacked, and the bytes unpacked are counted as they come, so a small file that unpacks to
    /// gigabytes is refused, not read. The caller limits the files it was given.
    public static func expanded(_ files: [(name: String, bytes: [UInt8])], limit: Int) throws -> [(name: String, bytes: [UInt8])] {
        var out: [(name: String, bytes: [UInt8])] = []
        var total = 0
        for file in files {
            guard isZip(file.bytes) else {
                out.append(file)
                continue
            }
            let archive: Archive
            do { archive = try Archive(data: Data(file.bytes), accessMode: .read) } catch { throw Refusal.unreadable }
            // Counted as they are listed, so an archive of a million tiny files is not listed whole.
            var entries: [Entry] = []
            for entry in archive where entry.type == .file {
                let name = (entry.path as NSString).lastPathComponent
                guard !name.hasPrefix("."), !entry.path.hasPrefix("__MACOSX/") else { continue }
                entries.append(entry)
                guard entries.count <= mostFiles else { throw Refusal.tooManyFiles }
            }
            let declared = entries.reduce(0) { $0 + Int(clamping: $1.uncompressedSize) }
            guard total + declared <= limit else { throw Refusal.tooLarge(limit: limit) }
            for entry in entries {
                var bytes: [UInt8] = []
                do {
                    _ = try archive.extract(entry) { chunk in
                        total += chunk.count
                        guard total <= limit else { throw Refusal.tooLarge(limit: limit) }
                        bytes.append(contentsOf: chunk)
                    }
                } catch let refusal as Refusal {
                    throw refusal
                } catch {
                    throw Refusal.unreadable
                }
                out.append((name: (entry.path as NSString).lastPathComponent, bytes: bytes))
            }
        }
        return out
    }
}
