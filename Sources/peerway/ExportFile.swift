import Foundation

/// Where a CSV export of health information goes: a new file readable by its owner alone, or standard
/// output. A failed export removes its partial file, since a partial file of records is worse than none.
struct ExportFile {
    let handle: FileHandle
    let path: String?

    static func open(_ output: String?) throws -> ExportFile {
        guard let output else { return ExportFile(handle: FileHandle.standardOutput, path: nil) }
        let path = URL(fileURLWithPath: output).standardizedFileURL.path
        guard !FileManager.default.fileExists(atPath: path) else { throw CLIError("\(path) already exists") }
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: path) else { throw CLIError("cannot create \(path)") }
        return ExportFile(handle: handle, path: path)
    }

    func write(_ text: String) throws { try handle.write(contentsOf: Data(text.utf8)) }

    /// Runs the export; on success says what was written (to standard error, so standard output stays the CSV).
    func run(_ noun: String, _ export: (ExportFile) async throws -> Int) async throws {
        do {
            let count = try await export(self)
            if let path {
                try handle.close()
                FileHandle.standardError.write(Data("exported \(count) \(noun) to \(path)\n".utf8))
            } else {
                FileHandle.standardError.write(Data("exported \(count) \(noun)\n".utf8))
            }
        } catch {
            if let path {
                try? handle.close()
                try? FileManager.default.removeItem(atPath: path)
            }
            throw error
        }
    }
}
