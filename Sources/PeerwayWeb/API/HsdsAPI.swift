import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PeerwayCore
import PeerwayStore

/// The HSDS 3.0 read API of one organization's directory, so other Open Referral tools can read it:
/// pages of services, organizations, services at locations, taxonomies and terms, and each one record
/// nested in full. Open routes: the organization's `public_read_api` setting lets anyone read;
/// otherwise only those the access policy lets read that directory, and everyone else gets 404, so
/// a closed directory is not revealed to exist.
enum HsdsAPI {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let catalog = env.directory

        table.add(.get, DirectoryRoutes.HSDS.root, .api, .open) { _, context, _ in
            let organizationID = try await readable(context, catalog)
            return json(HSDSView.root(openAPIURL: DirectoryRoutes.HSDS.base(organizationID)))
        }
        for route in DirectoryRoutes.HSDS.tables {
            table.add(.get, route.list, .api, .open) { request, context, _ in
                let organizationID = try await readable(context, catalog)
                let query = try QueryParameters.read(request)
                let filter = try HSDSReadFilter.read { query[$0] }
                if filter.format == .ndjson {
                    return stream(route.table, organizationID: organizationID, filter: filter, catalog, context: context, logger: env.logger)
                }
                // `minimal` aims to give every service in one call.
                let (page, perPage) = filter.minimal ? try paging(query, most: 100_000, default: 100_000) : try paging(query)
                return json(try await catalog.readAPIPage(route.table, organizationID: organizationID, filter: filter, page: page, perPage: perPage))
            }
            table.add(.get, route.record, .api, .open) { request, context, _ in
                let organizationID = try await readable(context, catalog)
                let query = try QueryParameters.read(request)
                let filter = try HSDSReadFilter.read { query[$0] }
                guard let id = context.parameters.get("id"),
                      let record = try await catalog.readAPIRecord(route.table, id: id, organizationID: organizationID, filter: filter)
                else { throw WebError.notFound }
                return json(record)
            }
        }
    }

    /// The organization the path names, when the caller may read its directory; 404 otherwise.
    static func readable(_ context: AppContext, _ catalog: DirectoryCatalog) async throws -> UUID {
        guard let text = context.parameters.get("organization"), let id = UUID(uuidString: text),
              try await catalog.mayReadAPI(organizationID: id, actor: context.actor) else { throw WebError.notFound }
        return id
    }

    /// `page` (from 1) and `per_page` (1 to 500, default 50), as the profile names them.
    static func paging(_ q: QueryParameters, most: Int = 500, default perPage: Int = 50) throws -> (page: Int, perPage: Int) {
        (try q.number("page", in: 1...1_000_000, default: 1), try q.number("per_page", in: 1...most, default: perPage))
    }

    /// `format=ndjson`: every item meeting the filter, one JSON object a line, without pages, read 500
    /// at a time as it is sent (each piece read on its own, so rows stored meanwhile may show or not).
    static func stream(_ table: String, organizationID: UUID, filter: HSDSReadFilter, _ catalog: DirectoryCatalog, context: AppContext,
                       logger: Logger) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/x-ndjson"
        let requestID = context.requestID
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            var after: String?
            do {
                while true {
                    let (items, last) = try await catalog.readAPIChunk(table, organizationID: organizationID, filter: filter, after: after, limit: 500)
                    guard !items.isEmpty else { break }
                    try await writer.write(ByteBuffer(string: items.map { HSDSView.text($0) + "\n" }.joined()))
                    after = last
                    if items.count < 500 { break }
                }
            } catch {
                logger.warning("HSDS stream ended before its last item", metadata: [
                    "request_id": .string(requestID), "type": .string(String(describing: type(of: error))),
                ])
                throw error
            }
            try await writer.finish(nil)
        })
    }

    static func json(_ value: HSDSValue) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: HSDSView.text(value))))
    }
}
