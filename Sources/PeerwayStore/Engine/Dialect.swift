import Foundation

/// Everything that differs between SQLite and PostgreSQL, in one place. Queries elsewhere are
/// written once with SQLKit; only column types and a few statements come from here.
public enum Dialect: String, Sendable {
    case sqlite
    case postgres

    /// Column types used by the schema, as placeholders in migration DDL: `{uuid}`, `{timestamp}`, `{bool}`.
    func columnType(_ placeholder: String) -> String {
        switch (self, placeholder) {
        case (.postgres, "uuid"): "UUID"
        case (.sqlite, "uuid"): "TEXT"
        case (.postgres, "timestamp"): "TIMESTAMPTZ"
        case (.sqlite, "timestamp"): "REAL"
        case (.postgres, "bool"): "BOOLEAN"
        case (.sqlite, "bool"): "INTEGER"
        default: fatalError("unknown column type placeholder \(placeholder)")
        }
    }

    /// Replaces `{uuid}`, `{timestamp}` and `{bool}` in DDL with this engine's types.
    func ddl(_ template: String) -> String {
        var out = template
        for name in ["uuid", "timestamp", "bool"] {
            out = out.replacingOccurrences(of: "{\(name)}", with: columnType(name))
        }
        return out
    }

    /// Row lock for read-modify-write of a single row. SQLite locks the whole database for a write
    /// transaction (BEGIN IMMEDIATE), so it needs none.
    var forUpdate: String { self == .postgres ? " FOR UPDATE" : "" }

    /// A trigger that makes a table append-only: rows can be inserted, never changed or removed.
    func appendOnlyTriggers(table: String) -> [String] {
        switch self {
        case .sqlite:
            return [
                "CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table) BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END",
                "CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table) BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END",
            ]
        case .postgres:
            return [
                """
                CREATE OR REPLACE FUNCTION peerway_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END;
                $$ LANGUAGE plpgsql
                """,
                "CREATE TRIGGER \(table)_no_update BEFORE UPDATE OR DELETE ON \(table) FOR EACH ROW EXECUTE FUNCTION peerway_append_only()",
                "CREATE TRIGGER \(table)_no_truncate BEFORE TRUNCATE ON \(table) FOR EACH STATEMENT EXECUTE FUNCTION peerway_append_only()",
            ]
        }
    }
}
