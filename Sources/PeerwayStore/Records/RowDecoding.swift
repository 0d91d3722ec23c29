import Foundation
import SQLKit

extension SQLRow {
    /// Booleans come back as integers from SQLite and as booleans from PostgreSQL.
    func bool(_ column: String) throws -> Bool {
        if let value = try? decode(column: column, as: Bool.self) { return value }
        return try decode(column: column, as: Int.self) != 0
    }

    func string(_ column: String) throws -> String { try decode(column: column, as: String.self) }
    func optionalString(_ column: String) throws -> String? { try decode(column: column, as: String?.self) }
    func uuid(_ column: String) throws -> UUID { try decode(column: column, as: UUID.self) }
    func optionalUUID(_ column: String) throws -> UUID? { try decode(column: column, as: UUID?.self) }
    func date(_ column: String) throws -> Date { try decode(column: column, as: Date.self) }
    func optionalDate(_ column: String) throws -> Date? { try decode(column: column, as: Date?.self) }
    func int(_ column: String) throws -> Int { try decode(column: column, as: Int.self) }
    func optionalInt(_ column: String) throws -> Int? { try decode(column: column, as: Int?.self) }
}

extension Connection {
    /// A `GROUP BY` count read back: each row's `n` under the value of its `key` column.
    func counts<Key: Decodable & Hashable>(_ query: SQLQueryString, by key: String = "code") async throws -> [Key: Int] {
        var counts: [Key: Int] = [:]
        for row in try await sql.raw(query).all() { counts[try row.decode(column: key, as: Key.self)] = try row.int("n") }
        return counts
    }

    /// Runs an UPDATE that names the version it expects and returns the ids it changed: none back means
    /// another writer changed the record first.
    func updateVersioned(_ query: SQLQueryString) async throws {
        if try await sql.raw(query).all().isEmpty { throw StoreError.conflict }
    }
}

/// JSON columns (a person's details, a note's content, a peer's background, what a merge moved),
/// written with sorted keys.
enum StoredJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func text(_ value: some Encodable) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}

/// Unique-constraint failures look different on each engine; this is the one place that knows how.
func isUniqueViolation(_ error: any Error) -> Bool {
    let text = String(reflecting: error)
    return text.contains("UNIQUE constraint failed") || text.contains("23505") || text.contains("unique_violation")
        || text.contains("duplicate key value")
}

/// A stored code Peerway no longer knows: the database was written by a newer version, so reading on
/// would misstate the record.
struct UnknownStoredValue: Error {
    let raw: String
}

extension RawRepresentable where RawValue == String {
    /// The value a stored code names; an unknown code is an error, never a silent default.
    static func stored(_ raw: String) throws -> Self {
        guard let value = Self(rawValue: raw) else { throw UnknownStoredValue(raw: raw) }
        return value
    }
}
