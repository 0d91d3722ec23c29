import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// A CSV download written while it is read: the workflow hands over one page of rows at a time (the
/// paged readers in Store) and each page goes to the client before the next is read, so a county's
/// year of services never sits in memory whole. The rows are the workflow's, already made safe by
/// `CSVWriter`; this only carries them.
///
/// The status and headers leave before the first row is read, so a failure partway (the database
/// gone mid-export, the client gone) can no longer become an error page. Instead the body stops
/// without its closing chunk and the connection is closed, which every HTTP client reports as an
/// incomplete transfer: a file cut short must not look whole, so nothing is written after the
/// failure, and the CSV has no closing line that could claim completeness either. The workflow
/// records the export as failed ("incomplete", with the rows handed over) in the audit trail.
enum CSVResponse {
    typealias Export = @Sendable (_ write: (String) async throws -> Void) async throws -> Void

    /// The headers of every CSV download, streamed or whole (caching is refused for all answers by
    /// `SecurityHeaders`).
    static func headers(filename: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        return headers
    }

    /// A file already read whole (the access matrix, the audit trail).
    static func whole(_ text: String, filename: String) -> Response {
        Response(status: .ok, headers: headers(filename: filename), body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func stream(filename: String, requestID: String, logger: Logger, _ export: @escaping Export) -> Response {
        Response(status: .ok, headers: headers(filename: filename), body: ResponseBody { writer in
            do {
                try await export { chunk in try await writer.write(ByteBuffer(string: chunk)) }
            } catch {
                // The type of the error only: its text may hold values from the rows.
                logger.warning("CSV download ended before its last row", metadata: [
                    "request_id": .string(requestID), "type": .string(String(describing: type(of: error))),
                ])
                throw error
            }
            try await writer.finish(nil)
        })
    }
}
