import Foundation
import PeerwayCore
import SQLKit

/// Administrations as stored: the answers as JSON on `instrument_administrations`, one row per scale in
/// `instrument_scores` (tenths as integers). A replaced administration stays, no longer current.
public enum InstrumentRecords {
    static let columns = ["id", "organization_id", "program_id", "person_id", "episode_id", "instrument_id", "instrument_version", "timepoint",
                          "timepoint_number", "given_on", "respondent", "language", "given_by", "responses", "recorded_at", "replaces_id",
                          "replace_reason", "is_current"]
    static let scoreColumns = ["administration_id", "scale_id", "raw_tenths", "t_tenths", "se_tenths", "band", "missing_items", "prorated"]

    static func tenths(_ value: Double?) -> Int? { value.map { Int(($0 * 10).rounded()) } }
    static func fromTenths(_ value: Int?) -> Double? { value.map { Double($0) / 10 } }

    static func row(_ a: InstrumentAdministration) throws -> [any Encodable & Sendable] {
        [a.id, a.organizationID, a.programID, a.personID, a.episodeID, a.instrumentID, a.instrumentVersion, a.timepoint.kind.rawValue,
         a.timepoint.number, a.givenOn.description, a.respondent.rawValue, a.language, a.givenBy, try StoredJSON.text(a.responses), a.recordedAt,
         a.replaces, a.replaceReason, true]
    }

    static func scoreRows(_ a: InstrumentAdministration) throws -> [[any Encodable & Sendable]] {
        try a.scores.map { s in
            [a.id, s.scale, tenths(s.raw), tenths(s.tScore), tenths(s.standardError), s.band, try StoredJSON.text(s.missingItems), s.prorated]
        }
    }

    /// Writes administrations and their scores, many per statement (the demo writes hundreds of thousands).
    public static func insert(_ administrations: [InstrumentAdministration], on conn: Connection) async throws {
        try await conn.insert(into: "instrument_administrations", columns, try administrations.map(row), perInsert: 200)
        try await conn.insert(into: "instrument_scores", scoreColumns, try administrations.flatMap(scoreRows), perInsert: 400)
    }

    /// Marks an administration replaced.
    public static func retire(_ id: UUID, on conn: Connection) async throws {
        try await conn.sql.raw("UPDATE instrument_administrations SET is_current = \(bind: false) WHERE id = \(bind: id)").run()
    }

    public static func get(_ id: UUID, on conn: Connection) async throws -> InstrumentAdministration? {
        try await withScores(conn.sql.raw("SELECT * FROM instrument_administrations WHERE id = \(bind: id)").all(), on: conn).first
    }

    /// The current administrations of an episode, for one instrument or all, oldest first.
    public static func forEpisode(_ episodeID: UUID, instrumentID: String? = nil, on conn: Connection) async throws -> [InstrumentAdministration] {
        let filter: SQLQueryString = instrumentID.map { "AND instrument_id = \(bind: $0)" } ?? ""
        return try await withScores(conn.sql.raw("""
            SELECT * FROM instrument_administrations WHERE episode_id = \(bind: episodeID) \(filter) AND is_current = \(bind: true)
            ORDER BY given_on, timepoint_number
            """).all(), on: conn)
    }

    /// A person's current administrations, oldest first (their record's table and chart).
    public static func forPerson(_ personID: UUID, limit: Int = 500, on conn: Connection) async throws -> [InstrumentAdministration] {
        try await withScores(conn.sql.raw("""
            SELECT * FROM instrument_administrations WHERE person_id = \(bind: personID) AND is_current = \(bind: true)
            ORDER BY given_on, timepoint_number LIMIT \(bind: limit)
            """).all(), on: conn)
    }

    /// The current administrations of many episodes (a due list), without their scores.
    public static func given(episodeIDs: [UUID], on conn: Connection) async throws -> [InstrumentAdministration] {
        guard !episodeIDs.isEmpty else { return [] }
        var out: [InstrumentAdministration] = []
        for ids in episodeIDs.chunked(500) {
            out += try await conn.sql.raw("""
                SELECT * FROM instrument_administrations WHERE episode_id IN (\(SQLList(ids.map { SQLBind($0) }))) AND is_current = \(bind: true)
                """).all().map { try decode($0, scores: []) }
        }
        return out
    }

    /// A program's current administrations given in `[from, to]`, a page at a time in a stable order
    /// (the CSV extract streams them).
    public static func page(programIDs: [UUID], from: CalendarDate, to: CalendarDate, after: (String, UUID)?, limit: Int,
                            on conn: Connection) async throws -> [InstrumentAdministration] {
        guard !programIDs.isEmpty else { return [] }
        let cursor: SQLQueryString = after.map { "AND (given_on > \(bind: $0.0) OR (given_on = \(bind: $0.0) AND id > \(bind: $0.1)))" } ?? ""
        return try await withScores(conn.sql.raw("""
            SELECT * FROM instrument_administrations
            WHERE program_id IN (\(SQLList(programIDs.map { SQLBind($0) }))) AND given_on >= \(bind: from.description)
              AND given_on <= \(bind: to.description) AND is_current = \(bind: true) \(cursor)
            ORDER BY given_on, id LIMIT \(bind: limit)
            """).all(), on: conn)
    }

    static func withScores(_ rows: [any SQLRow], on conn: Connection) async throws -> [InstrumentAdministration] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.uuid("id") }
        var scores: [UUID: [ScaleScore]] = [:]
        for row in try await conn.sql.raw("""
            SELECT * FROM instrument_scores WHERE administration_id IN (\(SQLList(ids.map { SQLBind($0) })))
            """).all() {
            scores[try row.uuid("administration_id"), default: []].append(ScaleScore(
                scale: try row.string("scale_id"), raw: fromTenths(try row.optionalInt("raw_tenths")), tScore: fromTenths(try row.optionalInt("t_tenths")),
                standardError: fromTenths(try row.optionalInt("se_tenths")), band: try row.optionalString("band"),
                missingItems: try StoredJSON.decode([String].self, try row.string("missing_items")), prorated: try row.bool("prorated")))
        }
        return try rows.map { row in
            let id = try row.uuid("id")
            let instrument = InstrumentCatalog.instrument(try row.string("instrument_id"))
            // Scores in the instrument's order of scales.
            let order = Dictionary(uniqueKeysWithValues: (instrument?.scales ?? []).enumerated().map { ($1.id, $0) })
            return try decode(row, scores: (scores[id] ?? []).sorted { (order[$0.scale] ?? 99) < (order[$1.scale] ?? 99) })
        }
    }

    static func day(_ text: String) throws -> CalendarDate {
        guard let day = CalendarDate(text) else { throw UnknownStoredValue(raw: text) }
        return day
    }

    static func decode(_ row: any SQLRow, scores: [ScaleScore]) throws -> InstrumentAdministration {
        let kind = try TimepointKind.stored(try row.string("timepoint"))
        return InstrumentAdministration(
            id: try row.uuid("id"), organizationID: try row.uuid("organization_id"), programID: try row.uuid("program_id"),
            personID: try row.uuid("person_id"), episodeID: try row.uuid("episode_id"), instrumentID: try row.string("instrument_id"),
            instrumentVersion: try row.string("instrument_version"), timepoint: Timepoint(kind, number: try row.int("timepoint_number")),
            givenOn: try day(row.string("given_on")), respondent: try Respondent.stored(try row.string("respondent")),
            language: try row.string("language"), givenBy: try row.uuid("given_by"),
            responses: try StoredJSON.decode([String: Int].self, try row.string("responses")), scores: scores,
            recordedAt: try row.date("recorded_at"), replaces: try row.optionalUUID("replaces_id"), replaceReason: try row.optionalString("replace_reason"))
    }
}

/// Each program's instrument schedule.
public enum InstrumentScheduleRecords {
    public static func forPrograms(_ ids: [UUID], on conn: Connection) async throws -> [UUID: [InstrumentScheduleRule]] {
        guard !ids.isEmpty else { return [:] }
        var out: [UUID: [InstrumentScheduleRule]] = [:]
        for row in try await conn.sql.raw("""
            SELECT * FROM program_instrument_schedules WHERE program_id IN (\(SQLList(ids.map { SQLBind($0) }))) ORDER BY instrument_id
            """).all() {
            out[try row.uuid("program_id"), default: []].append(InstrumentScheduleRule(
                instrumentID: try row.string("instrument_id"), atIntake: try row.bool("at_intake"), everyDays: try row.optionalInt("every_days"),
                atDischarge: try row.bool("at_discharge")))
        }
        return out
    }

    /// Replaces one instrument's rule in a program; a rule that schedules nothing is deleted.
    public static func set(_ rule: InstrumentScheduleRule, programID: UUID, by: UUID?, now: Date, on conn: Connection) async throws {
        try await conn.sql.raw("""
            DELETE FROM program_instrument_schedules WHERE program_id = \(bind: programID) AND instrument_id = \(bind: rule.instrumentID)
            """).run()
        guard rule.schedulesAnything else { return }
        try await conn.sql.raw("""
            INSERT INTO program_instrument_schedules (program_id, instrument_id, at_intake, every_days, at_discharge, updated_at, updated_by)
            VALUES (\(bind: programID), \(bind: rule.instrumentID), \(bind: rule.atIntake), \(bind: rule.everyDays), \(bind: rule.atDischarge),
                \(bind: now), \(bind: by))
            """).run()
    }

    /// Open episodes of programs, and those discharged since `dischargedSince`, up to `limit` (a program's due list).
    public static func episodes(programIDs: [UUID], dischargedSince: CalendarDate, limit: Int, on conn: Connection) async throws -> [Episode] {
        guard !programIDs.isEmpty else { return [] }
        return try await conn.sql.raw("""
            SELECT * FROM episodes WHERE program_id IN (\(SQLList(programIDs.map { SQLBind($0) })))
              AND (is_open = \(bind: true) OR discharged_on >= \(bind: dischargedSince.description))
            ORDER BY enrolled_on LIMIT \(bind: limit)
            """).all().map(EpisodeRecords.decode)
    }
}

/// The licensed wording programs enter for instruments shipped as topics.
public enum InstrumentWordingRecords {
    /// Item id → text, for one program, instrument and language.
    public static func get(programID: UUID, instrumentID: String, language: String, on conn: Connection) async throws -> [String: String] {
        let rows = try await conn.sql.raw("""
            SELECT item_id, text FROM program_instrument_wording
            WHERE program_id = \(bind: programID) AND instrument_id = \(bind: instrumentID) AND language = \(bind: language)
            """).all()
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.string("item_id"), try $0.string("text")) })
    }

    /// Replaces one language's wording of an instrument in a program; an empty text removes the item's.
    public static func set(programID: UUID, instrumentID: String, language: String, texts: [String: String], by: UUID?, now: Date,
                           on conn: Connection) async throws {
        try await conn.sql.raw("""
            DELETE FROM program_instrument_wording
            WHERE program_id = \(bind: programID) AND instrument_id = \(bind: instrumentID) AND language = \(bind: language)
            """).run()
        let rows: [[any Encodable & Sendable]] = texts.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map {
            [programID, instrumentID, $0.key, language, $0.value, now, by]
        }
        try await conn.insert(into: "program_instrument_wording",
                              ["program_id", "instrument_id", "item_id", "language", "text", "updated_at", "updated_by"], rows, perInsert: 100)
    }
}
