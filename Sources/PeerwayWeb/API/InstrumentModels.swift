import Foundation
import PeerwayCore
import PeerwayStore

/// JSON shapes of outcome instruments in API v1 (described in openapi.json).

/// An instrument's definition with its text in one language (`language`).
struct InstrumentJSON: APIFields {
    let i: Instrument
    let language: String
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": i.id, "version": i.version, "language": language, "name": i.name.text(language),
         "respondents": Respondent.allCases.filter(i.respondents.contains).map(\.rawValue), "wording": i.wording.rawValue, "source": i.source,
         "items": i.items.map { InstrumentItemJSON(item: $0, language: language) },
         "scales": i.scales.map { InstrumentScaleJSON(s: $0, language: language) }]
    }

    /// The language a request's text is given in: `en` or `es` (a regional tag such as `es-MX` reads as `es`).
    static func language(_ locale: String) -> String {
        LocalizedText.languages.first { locale.lowercased().hasPrefix($0) } ?? "en"
    }
}

struct InstrumentItemJSON: APIFields {
    let item: InstrumentItem
    let language: String
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": item.id, "text": item.text.text(language),
         "asked_at": JSONNullable(item.askedAt.map { asked in TimepointKind.allCases.filter(asked.contains).map(\.rawValue) }),
         "options": item.options.map { InstrumentOptionJSON(value: $0.value, label: $0.label.text(language)) }]
    }
}

struct InstrumentOptionJSON: Encodable, Sendable {
    let value: Int
    let label: String
}

struct InstrumentScaleJSON: APIFields {
    let s: InstrumentScale
    let language: String

    var method: String {
        switch s.method {
        case .sum: "sum"
        case .indicator: "indicator"
        }
    }

    /// The answers an indicator counts as 1; nil for a sum.
    var indicatorValues: [Int]? {
        if case .indicator(let values) = s.method { return values.sorted() }
        return nil
    }

    var missing: MissingRuleJSON {
        switch s.missing {
        case .requireAll: MissingRuleJSON(rule: "require_all", minimum_answered: nil)
        case .prorate(let minimum): MissingRuleJSON(rule: "prorate", minimum_answered: minimum)
        }
    }

    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": s.id, "name": s.name.text(language), "items": s.items, "method": method, "indicator_values": indicatorValues,
         "missing": missing, "has_conversion": s.conversion != nil,
         "bands": s.bands.map { BandJSON(id: $0.id, from: $0.from, to: $0.to, label: $0.label.text(language), alert: $0.alert) },
         "higher_is_better": s.higherIsBetter]
    }
}

struct MissingRuleJSON: Encodable, Sendable {
    /// `require_all` or `prorate`.
    let rule: String
    /// For `prorate`: the fewest items answered that still give a score.
    let minimum_answered: Int?
}

struct BandJSON: Encodable, Sendable {
    let id: String
    let from: Double
    let to: Double
    let label: String
    let alert: Bool
}

struct ScaleScoreJSON: APIFields {
    let s: ScaleScore
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["scale": s.scale, "raw": JSONNullable(s.raw), "t_score": JSONNullable(s.tScore), "standard_error": JSONNullable(s.standardError),
         "band": JSONNullable(s.band), "missing_items": s.missingItems, "prorated": s.prorated, "computed": s.computed]
    }
}

struct AdministrationJSON: APIFields {
    let a: InstrumentAdministration
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["id": a.id, "person_id": a.personID, "program_id": a.programID, "episode_id": a.episodeID, "instrument": a.instrumentID,
         "version": a.instrumentVersion, "timepoint": a.timepoint.description, "given_on": a.givenOn.description,
         "respondent": a.respondent.rawValue, "language": a.language, "given_by": a.givenBy, "responses": a.responses,
         "scores": a.scores.map(ScaleScoreJSON.init), "recorded_at": a.recordedAt, "replaces": a.replaces, "replace_reason": a.replaceReason]
    }
}

struct InstrumentDueJSON: APIFields {
    let line: Instruments.DueLine
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["person_id": line.person.id, "person_name": line.person.displayName, "episode_id": line.episode.id,
         "program_id": line.episode.programID, "instrument": line.due.instrumentID, "timepoint": line.due.timepoint.rawValue,
         "due_on": line.due.dueOn.description, "overdue": line.due.overdue]
    }
}

struct ScheduleRuleJSON: APIFields {
    let r: InstrumentScheduleRule
    var fields: KeyValuePairs<String, (any Encodable)?> {
        ["instrument": r.instrumentID, "at_intake": r.atIntake, "every_days": JSONNullable(r.everyDays), "at_discharge": r.atDischarge]
    }
}

struct InstrumentScheduleJSON: Encodable, Sendable {
    let program_id: UUID
    let rules: [ScheduleRuleJSON]
}

/// A program's licensed wording of an instrument in one language: item id → text.
struct InstrumentWordingJSON: Encodable, Sendable {
    let program_id: UUID
    let instrument: String
    let language: String
    let texts: [String: String]
}

// MARK: - Inputs

struct InstrumentWordingInputJSON: Codable, Sendable {
    let instrument: String
    let language: String
    /// Item id → text; an empty text removes that item's wording. Items left out are removed too.
    let texts: [String: String]
}

struct AdministrationInputJSON: Codable, Sendable {
    let instrument: String
    let timepoint: String
    let given_on: String
    let respondent: String
    let language: String?
    /// Item id → the option value chosen; an item left out was not answered.
    let responses: [String: Int]
    let replace_reason: String?
    let episode_id: UUID?
}

struct ScheduleRuleInputJSON: Codable, Sendable {
    let instrument: String
    let at_intake: Bool
    let every_days: Int?
    let at_discharge: Bool
}
