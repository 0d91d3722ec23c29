import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import PeerwayCore

/// A file chosen in a form's file input. Bytes past the limit are counted, not kept, so a file a
/// little too large becomes a sentence on its field rather than a refused request.
public struct UploadedFile: Sendable {
    public let name: String
    public let filename: String
    /// The first `limit` bytes at most.
    public let bytes: [UInt8]
    /// Every byte that arrived for the part.
    public let size: Int
    public let limit: Int
    public var tooLarge: Bool { size > limit }
    /// A file input left empty still sends its part, with no filename and no bytes.
    public var chosen: Bool { !filename.isEmpty || size > 0 }
}

/// A submitted `multipart/form-data` body: its text fields and its files. Read as it streams in, so
/// what is kept stays bounded whatever the client sends.
public struct MultipartForm: Sendable {
    public var fields: [(name: String, value: String)] = []
    public var files: [UploadedFile] = []
    /// Text fields whose bytes were not UTF-8: `FormData` refuses them like a broken urlencoding.
    public var malformedFields: [String] = []
    /// No boundary in the Content-Type, a syntax error, or a body that stopped inside a part. Fields
    /// read before the damage are kept (the CSRF token travels first), but the form is not used.
    public var unreadable = false

    public subscript(_ name: String) -> String? { fields.first { $0.name == name }?.value }
    public func file(_ name: String) -> UploadedFile? { files.first { $0.name == name } }

    /// The whole body may be this many times the upload limit before it is refused outright (413):
    /// past that a client is not sending a spreadsheet, and the connection is not held for it.
    public static let bodyLimitFactor = 16

    public static func isMultipart(_ request: Request) -> Bool {
        request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true
    }

    /// The form the authentication middleware already read (it needs the CSRF field), or the body
    /// read now for a caller the middleware did not read it for.
    public static func of(_ request: Request, context: AppContext) async throws -> MultipartForm {
        if let read = context.multipart { return read }
        return try await read(request, limit: context.maxUploadSize, bodyLimit: context.maxBodySize)
    }

    /// Reads the body: each file up to `limit` bytes kept, the text fields together up to `limit`
    /// bytes (as a urlencoded form may be), the whole body up to `bodyLimit` (`bodyLimitFactor × limit` unless given).
    public static func read(_ request: Request, limit: Int, bodyLimit: Int? = nil) async throws -> MultipartForm {
        let bodyLimit = bodyLimit ?? limit * bodyLimitFactor
        guard let boundary = boundary(request.headers[.contentType] ?? "") else { return MultipartForm(unreadable: true) }
        let collector = Collector(limit: limit)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.header(name, value) }
        parser.onBody = { buffer in collector.body(&buffer) }
        parser.onPartComplete = { collector.complete() }
        var received = 0
        for try await chunk in request.body {
            received += chunk.readableBytes
            if received > bodyLimit { throw WebError.from(HTTPError(.contentTooLarge)) }
            // The parser's only error is a syntax error: the body is not the multipart it says it is.
            do { try parser.execute(chunk) } catch {
                collector.form.unreadable = true
                return collector.form
            }
            if collector.textTooLarge { throw WebError.from(HTTPError(.contentTooLarge)) }
        }
        if collector.open || collector.parts == 0 { collector.form.unreadable = true }
        return collector.form
    }

    /// The `boundary` parameter of a `multipart/form-data` Content-Type, quoted or not.
    static func boundary(_ contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        let value = parameter("boundary", in: contentType)
        guard let value, !value.isEmpty, value.count <= 70 else { return nil }
        return value
    }

    /// A `key=value` parameter of a header such as `form-data; name="csv"; filename="a.csv"`.
    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    /// The parser's callbacks write here; it lives only while one request's body is read.
    private final class Collector {
        let limit: Int
        var form = MultipartForm()
        var parts = 0
        var open = false
        var textBytes = 0
        var textTooLarge: Bool { textBytes > limit }
        private var name = ""
        private var filename: String?
        private var bytes: [UInt8] = []
        private var size = 0

        init(limit: Int) { self.limit = limit }

        func header(_ field: String, _ value: String) {
            open = true
            guard field.lowercased() == "content-disposition" else { return }
            name = MultipartForm.parameter("name", in: value) ?? ""
            filename = MultipartForm.parameter("filename", in: value)
        }

        func body(_ buffer: inout ByteBuffer) {
            open = true
            let count = buffer.readableBytes
            size += count
            if filename == nil { textBytes += count }
            let room = max(0, limit - bytes.count)
            if room > 0 { bytes += buffer.readableBytesView.prefix(room) }
            buffer.moveReaderIndex(forwardBy: count)
        }

        func complete() {
            parts += 1
            if let filename {
                form.files.append(UploadedFile(name: name, filename: filename, bytes: bytes, size: size, limit: limit))
            } else if let text = String(validating: bytes, as: UTF8.self) {
                form.fields.append((name, text))
            } else {
                form.fields.append((name, ""))
                form.malformedFields.append(name)
            }
            open = false
            name = ""
            filename = nil
            bytes = []
            size = 0
        }
    }
}
