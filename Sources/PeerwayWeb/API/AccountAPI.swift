import Foundation
import Hummingbird
import PeerwayCore
import PeerwayStore

/// API v1 for the audit trail, the access matrix and the caller's own tokens.
enum AccountAPI {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        table.add(.get, AdminRoutes.API.auditEvents, .api, .policy(.read, .auditTrail)) { request, _, resolved in
            let filter = try AuditQueryParameters.filter(request, actor: try resolved.requireActor())
            let page = try await env.audit.list(filter, on: env.db)
            return try APISupport.json(ListJSON(items: page.events.map(AuditEventJSON.init), next_offset: page.hasMore ? filter.offset + filter.limit : nil))
        }
        table.add(.get, AdminRoutes.API.auditExport, .api, .policy(.export, .auditTrail)) { request, context, resolved in
            try await AuditPages.csvExport(request, context, env, try resolved.requireActor())
        }
        table.add(.get, AdminRoutes.API.accessMatrix, .api, .policy(.read, .accessMatrix)) { _, _, _ in
            CSVResponse.whole(AccessMatrix.csv(), filename: "peerway-access-matrix.csv")
        }

        table.add(.get, AccountRoutes.API.tokens, .api, .policy(.list, .ownAccount)) { _, _, resolved in
            let actor = try resolved.requireActor()
            let tokens = try await env.db.read { conn in try await TokenRecords.list(userID: actor.userID, on: conn) }
            return try APISupport.json(ListJSON(items: tokens.map { TokenJSON(t: $0) }, next_offset: nil))
        }
        table.json(.post, AccountRoutes.API.tokens, .policy(.create, .ownAccount), CreateTokenInput.self) { input, actor, request, context, resolved in
            let created = try await TokenService(env: env).create(for: actor, name: input.name,
                                                                            expiresInDays: input.expires_days, context: context.audit)
            return try APISupport.json(TokenJSON(t: created.token, raw: created.raw), status: .created)
        }
        table.add(.delete, AccountRoutes.API.token, .api, .policy(.delete, .ownAccount)) { _, context, resolved in
            try await TokenService(env: env).revoke(try Guards.pathID(context), for: try resolved.requireActor(), context: context.audit)
            return Response(status: .noContent)
        }
    }
}
