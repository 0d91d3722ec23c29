/// An outcome instrument, defined once as data and versioned: its items and their options, how its
/// scales are scored, what to do when items are missing, the tables that convert a raw score, and the
/// bands that interpret one. Every administration keeps the version it was scored with.
public struct Instrument: Sendable, Identifiable {
    /// Stable, stored with every administration (`promis-global-10`).
    public let id: String
    public let version: String
    public let name: LocalizedText
    /// Who answers: the participant, a staff member rating them, or either.
    public let respondents: Set<Respondent>
    /// Whether the item text shipped is the instrument's own wording or a short topic a program
    /// replaces with the wording it is licensed to use (see docs/instruments.md).
    public let wording: Wording
    /// Where the instrument and its scoring come from.
    public let source: String
    public let items: [InstrumentItem]
    public let scales: [InstrumentScale]

    public func item(_ id: String) -> InstrumentItem? { items.first { $0.id == id } }

    public static let maxWordingLength = 500

    /// Checks a program's licensed wording of this instrument's items (item id → text): known items,
    /// one line each. Empty texts are kept empty (they remove an item's wording).
    public func validateWording(_ texts: [String: String]) throws(ValidationErrors) -> [String: String] {
        var errors = ValidationErrors()
        var clean: [String: String] = [:]
        for (id, text) in texts.sorted(by: { $0.key < $1.key }) {
            guard item(id) != nil else {
                errors.append(ValidationError("wording.\(id)", "unknown_item"))
                continue
            }
            clean[id] = TextRules.clean(text, field: "wording.\(id)", lines: .single, limit: Self.maxWordingLength, into: &errors)
        }
        try errors.throwIfAny()
        return clean
    }
    public func scale(_ id: String) -> InstrumentScale? { scales.first { $0.id == id } }

    /// The items asked at a timepoint of this kind, in order.
    public func items(at kind: TimepointKind) -> [InstrumentItem] {
        items.filter { $0.askedAt?.contains(kind) ?? true }
    }

    public enum Wording: String, Sendable, Codable {
        /// The items' full wording ships with Peerway, in English and Spanish.
        case shipped
        /// Peerway ships short topics; the program enters the licensed wording of each item.
        case topicsOnly = "topics_only"
    }
}

/// Who gave the answers.
public enum Respondent: String, Sendable, Codable, CaseIterable {
    /// The participant answered (on paper, or on the peer's phone handed to them).
    case selfReport = "self_report"
    /// A staff member rated the participant.
    case staffRated = "staff_rated"

    public var labelKey: String { "instrument.respondent.\(rawValue)" }
}

/// One question and the answers it takes.
public struct InstrumentItem: Sendable, Identifiable {
    public let id: String
    public let text: LocalizedText
    public let options: [InstrumentOption]
    /// How an answer's value enters a scale's sum.
    public let scoring: ItemScoring
    /// The timepoints it is asked at; nil asks it at all of them (satisfaction is follow-up only).
    public let askedAt: Set<TimepointKind>?

    public init(id: String, text: LocalizedText, options: [InstrumentOption], scoring: ItemScoring = .asAnswered,
                askedAt: Set<TimepointKind>? = nil) {
        self.id = id
        self.text = text
        self.options = options
        self.scoring = scoring
        self.askedAt = askedAt
    }

    public func option(_ value: Int) -> InstrumentOption? { options.first { $0.value == value } }

    /// The value a scale adds for an answer.
    public func scored(_ value: Int) -> Int {
        switch scoring {
        case .asAnswered: value
        case .reversed:
            (options.map(\.value).min() ?? 0) + (options.map(\.value).max() ?? 0) - value
        case .recoded(let table): table[value] ?? value
        }
    }
}

public struct InstrumentOption: Sendable, Equatable {
    /// The value stored for this answer (the instrument's published value).
    public let value: Int
    public let label: LocalizedText

    public init(_ value: Int, _ label: LocalizedText) {
        self.value = value
        self.label = label
    }
}

public enum ItemScoring: Sendable, Equatable {
    case asAnswered
    /// Lowest and highest option swap (on a 1–5 item, 1 scores 5).
    case reversed
    /// The published recode (PROMIS Global07r: pain 0–10 to 1–5).
    case recoded([Int: Int])
}

/// A score an instrument reports: a sum over items, or whether one item's answer is among some values
/// (an indicator such as "homeless now", counted as a proportion).
public struct InstrumentScale: Sendable, Identifiable {
    public let id: String
    public let name: LocalizedText
    public let items: [String]
    public let method: Method
    public let missing: MissingRule
    /// Raw score → T-score and standard error, when the instrument publishes one.
    public let conversion: ConversionTable?
    /// Read against the T-score when there is a conversion, otherwise the raw score.
    public let bands: [InterpretationBand]
    /// Whether a higher score is better (a chart and a change say "better" or "worse" by this).
    public let higherIsBetter: Bool

    public init(id: String, name: LocalizedText, items: [String], method: Method = .sum, missing: MissingRule = .requireAll,
                conversion: ConversionTable? = nil, bands: [InterpretationBand] = [], higherIsBetter: Bool = true) {
        self.id = id
        self.name = name
        self.items = items
        self.method = method
        self.missing = missing
        self.conversion = conversion
        self.bands = bands
        self.higherIsBetter = higherIsBetter
    }

    public enum Method: Sendable, Equatable {
        /// The sum of the items' scored values.
        case sum
        /// 1 when the one item's answer is among `values`, else 0: a proportion once averaged.
        case indicator(Set<Int>)
    }
}

/// What happens when some of a scale's items were not answered.
public enum MissingRule: Sendable, Equatable {
    /// Every item is needed; otherwise the scale is not computed (PROMIS's look-up tables, BARC-10).
    case requireAll
    /// With at least `minimumAnswered` items, the sum is the mean of those answered times the number
    /// of items, rounded to one decimal; with fewer it is not computed.
    case prorate(minimumAnswered: Int)
}

/// A published look-up table from raw score to T-score (mean 50, SD 10 in the reference population)
/// with its standard error.
public struct ConversionTable: Sendable, Equatable {
    public let rows: [Int: Row]
    public struct Row: Sendable, Equatable {
        public let tScore: Double
        public let standardError: Double
    }

    /// Rows in raw-score order from `firstRaw`: (T-score, SE) pairs as the source prints them.
    public init(firstRaw: Int, _ pairs: [(Double, Double)]) {
        var rows: [Int: Row] = [:]
        for (offset, pair) in pairs.enumerated() { rows[firstRaw + offset] = Row(tScore: pair.0, standardError: pair.1) }
        self.rows = rows
    }
}

/// A named range of a score, closed at both ends.
public struct InterpretationBand: Sendable, Equatable {
    public let id: String
    public let from: Double
    public let to: Double
    public let label: LocalizedText
    /// A score in this band needs the peer's attention today (the program's safety protocol).
    public let alert: Bool

    public init(_ id: String, _ from: Double, _ to: Double, _ label: LocalizedText, alert: Bool = false) {
        self.id = id
        self.from = from
        self.to = to
        self.label = label
        self.alert = alert
    }

    public func contains(_ value: Double) -> Bool { value >= from && value <= to }
}
