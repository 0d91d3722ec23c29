import Foundation
import PeerwayCore
import SQLKit

/// Seals what the events alone cannot protect: each chain's head gets a keyed MAC, and a registry
/// lists (under its own MAC) every chain ever opened, so cutting a chain's tail, deleting a chain or
/// the whole trail is caught (see `AuditSeal`). A database that already has chains is sealed here,
/// with the audit key, in the same transaction that adds the columns.
enum Migration005AuditSeal {
    static let migration = Migration(version: 5, name: "audit_seal", statements: { _ in
        [
            "ALTER TABLE audit_heads ADD COLUMN mac TEXT",
            """
            CREATE TABLE audit_registry (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                chains TEXT NOT NULL,
                mac TEXT NOT NULL
            )
            """,
        ]
    }, data: { conn, key in
        let heads = try await conn.sql.raw("SELECT chain, seq, hash FROM audit_heads").all()
        guard !heads.isEmpty else { return }
        guard let key else { throw StoreError.unavailable("this migration seals the existing audit trail and needs the audit key") }
        var chains = Set<String>()
        for row in heads {
            let chain = try row.decode(column: "chain", as: String.self)
            let seq = try row.decode(column: "seq", as: Int64.self)
            let hash = try row.decode(column: "hash", as: String.self)
            chains.insert(chain)
            let mac = key.mac(AuditSeal.headBytes(chain: chain, sequence: seq, hash: hash))
            try await conn.sql.raw("UPDATE audit_heads SET mac = \(bind: mac) WHERE chain = \(bind: chain)").run()
        }
        try await AuditLog.writeRegistry(chains, key: key, on: conn)
    })
}
