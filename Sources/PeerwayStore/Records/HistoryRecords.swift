import Foundation
import PeerwayCore
import SQLKit

/// What a history import asks of the database before it writes: which of a file's ids are taken,
/// and who the staff members it names are.
enum HistoryRecords {
    /// Where each id of `ids` already sits in `table`, a kind of record with organization and program
    /// columns. One query per 500 ids.
    static func placed(_ ids: [UUID], in table: HistoryTable, on conn: Connection) async throws -> [UUID: (organizationID: UUID, programID: UUID)] {
        var placed: [UUID: (organizationID: UUID, programID: UUID)] = [:]
        for chunk in ids.chunked(500) {
            let rows = try await conn.sql.select().column("id").column("organization_id").column("program_id").from(table.rawValue)
                .where("id", .in, chunk).all()
            for row in rows { placed[try row.uuid("id")] = (try row.uuid("organization_id"), try row.uuid("program_id")) }
        }
        return placed
    }

    enum HistoryTable: String {
        case contacts, episodes, services, referrals
        case administrations = "instrument_administrations"
    }

    /// A staff member of `organizationID` by id or sign-in e-mail, disabled accounts included: the
    /// person who gave a service last year may have left since.
    static func staff(_ reference: StaffReference, organizationID: UUID, on conn: Connection) async throws -> UUID? {
        let query = conn.sql.select().column("id").from("users").where("organization_id", .equal, organizationID)
        switch reference {
        case .id(let id): query.where("id", .equal, id)
        case .email(let email): query.where(SQLFunction("lower", args: SQLColumn("email")), .equal, SQLBind(email))
        }
        return try await query.first().map { try $0.decode(column: "id", as: UUID.self) }
    }
}
