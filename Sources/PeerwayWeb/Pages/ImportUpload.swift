import Foundation
import Hummingbird
import PeerwayCore

/// What the import page asks of a chosen file before the importer reads it: that it fits, holds
/// something, and is UTF-8 text. Each problem is a sentence on the file field; the other answers stay.
enum ImportUpload {
    enum Problem: Equatable {
        case tooLarge(limit: Int)
        case empty
        case notText
        case missing

        func message(_ l: Localizer, _ locale: String) -> String {
            switch self {
            case .tooLarge(let limit): l.format("import.file_too_large", locale, ["mb": String(max(1, limit / (1 << 20)))])
            case .empty: l.text("import.file_empty", locale)
            case .notText: l.text("import.file_not_text", locale)
            case .missing: l.text("import.file_missing", locale)
            }
        }
    }

    /// Why the page cannot import what it was sent: no file chosen and nothing pasted, or a file it cannot read.
    static func problem(_ file: UploadedFile?, pasted: String) -> Problem? {
        guard let file, file.chosen else {
            return pasted.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? .missing : nil
        }
        if file.tooLarge { return .tooLarge(limit: file.limit) }
        guard let text = String(validating: file.bytes, as: UTF8.self) else { return .notText }
        // NUL is never in a spreadsheet's text: a file holding one is some other kind of file.
        if text.unicodeScalars.contains("\u{0}") { return .notText }
        if text.trimmingCharacters(in: .whitespacesAndNewlines.union(["\u{FEFF}"])).isEmpty { return .empty }
        return nil
    }

    /// A form sending several files under `file` (an HSDS data package, a program's history): its text
    /// fields, the files chosen, and the first problem among them (none chosen, or one unreadable). With
    /// `archives`, a .zip is not text and is let through: its caller unpacks it (`HSDSArchive`).
    static func files(_ request: Request, _ context: AppContext, archives: Bool = false) async throws -> (form: FormData, files: [UploadedFile], problem: Problem?) {
        guard MultipartForm.isMultipart(request) else { throw WebError.unreadableMultipart }
        let multipart = try await MultipartForm.of(request, context: context)
        if multipart.unreadable { throw WebError.unreadableMultipart }
        let files = multipart.files.filter { $0.name == "file" && $0.chosen }
        let problem = files.isEmpty ? .missing : files.lazy.compactMap { file in
            archives && !file.tooLarge && HSDSArchive.isZip(file.bytes) ? nil : Self.problem(file, pasted: "")
        }.first
        return (FormData(multipart), files, problem)
    }

    /// The rows to import: the chosen file's text (once `problem` found none), else the pasted rows.
    static func text(_ file: UploadedFile?, pasted: String) -> String {
        if let file, file.chosen, let text = String(validating: file.bytes, as: UTF8.self) { return text }
        return pasted
    }
}
