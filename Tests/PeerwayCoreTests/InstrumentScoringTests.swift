import Foundation
import PeerwayCore
import Testing

/// The instruments' scoring, checked against their published sources.
@Suite("Instrument scoring")
struct InstrumentScoringTests {
    /// The PROMIS Global Health Scoring Manual's look-up tables as printed: raw score, T-score, SE.
    static let physicalPublished: [(Int, Double, Double)] = [
        (4, 16.2, 4.8), (5, 19.9, 4.7), (6, 23.5, 4.5), (7, 26.7, 4.3), (8, 29.6, 4.2), (9, 32.4, 4.2), (10, 34.9, 4.1),
        (11, 37.4, 4.1), (12, 39.8, 4.1), (13, 42.3, 4.2), (14, 44.9, 4.3), (15, 47.7, 4.4), (16, 50.8, 4.6), (17, 54.1, 4.7),
        (18, 57.7, 4.9), (19, 61.9, 5.2), (20, 67.7, 5.9),
    ]
    static let mentalPublished: [(Int, Double, Double)] = [
        (4, 21.2, 4.6), (5, 25.1, 4.1), (6, 28.4, 3.9), (7, 31.3, 3.7), (8, 33.8, 3.7), (9, 36.3, 3.7), (10, 38.8, 3.6),
        (11, 41.1, 3.6), (12, 43.5, 3.6), (13, 45.8, 3.6), (14, 48.3, 3.7), (15, 50.8, 3.7), (16, 53.3, 3.7), (17, 56.0, 3.8),
        (18, 59.0, 3.9), (19, 62.5, 4.2), (20, 67.6, 5.3),
    ]

    /// Four item scores (each 1–5) that sum to `raw`, spread as evenly as possible.
    static func split(_ raw: Int) -> [Int] {
        (0..<4).map { i in 1 + (raw - 4) / 4 + (i < (raw - 4) % 4 ? 1 : 0) }
    }

    /// The 0–10 pain answer whose recode is `scored` (the middle of its band).
    static let painAnswer: [Int: Int] = [5: 0, 4: 2, 3: 5, 2: 8, 1: 10]

    static let global = PromisGlobal10.instrument

    @Test("Every Global Physical Health raw score 4–20 maps to the published T-score and SE, pain recoded from 0–10")
    func physicalTable() throws {
        for (raw, t, se) in Self.physicalPublished {
            let s = Self.split(raw)
            let responses = ["global03": s[0], "global06": s[1], "global07r": Self.painAnswer[s[2]]!, "global08r": s[3]]
            let score = try #require(Self.global.score(responses, at: .intake).first { $0.scale == "physical" })
            #expect(score.raw == Double(raw), "raw \(raw)")
            #expect(score.tScore == t, "raw \(raw)")
            #expect(score.standardError == se, "raw \(raw)")
        }
    }

    @Test("Every Global Mental Health raw score 4–20 maps to the published T-score and SE")
    func mentalTable() throws {
        for (raw, t, se) in Self.mentalPublished {
            let s = Self.split(raw)
            let responses = ["global02": s[0], "global04": s[1], "global05": s[2], "global10r": s[3]]
            let score = try #require(Self.global.score(responses, at: .followUp).first { $0.scale == "mental" })
            #expect(score.raw == Double(raw))
            #expect(score.tScore == t)
            #expect(score.standardError == se)
        }
    }

    @Test("Global07r's published recode: 0 → 5, 1–3 → 4, 4–6 → 3, 7–9 → 2, 10 → 1")
    func painRecode() throws {
        let pain = try #require(Self.global.item("global07r"))
        #expect((0...10).map(pain.scored) == [5, 4, 4, 4, 3, 3, 3, 2, 2, 2, 1])
    }

    @Test("A missing item leaves its scale uncomputed and names it; the other scale is still scored")
    func missingItem() throws {
        let responses = ["global03": 3, "global06": 3, "global07r": 5, "global02": 4, "global04": 4, "global05": 4, "global10r": 4]
        let scores = Self.global.score(responses, at: .intake)
        let physical = try #require(scores.first { $0.scale == "physical" })
        #expect(physical.raw == nil && physical.tScore == nil)
        #expect(physical.missingItems == ["global08r"])
        let mental = try #require(scores.first { $0.scale == "mental" })
        #expect(mental.raw == 16 && mental.tScore == 53.3 && mental.band == "average")
    }

    @Test("T-score bands are a standard deviation either side of the reference mean")
    func promisBands() throws {
        func band(_ raw: Int) -> String? {
            let s = Self.split(raw)
            return Self.global.score(["global02": s[0], "global04": s[1], "global05": s[2], "global10r": s[3]], at: .intake)
                .first { $0.scale == "mental" }?.band
        }
        #expect(band(10) == "well_below")  // 38.8
        #expect(band(11) == "average")     // 41.1
        #expect(band(18) == "average")     // 59.0
        #expect(band(19) == "well_above")  // 62.5
    }

    @Test("BARC-10: the sum of ten 1–6 answers, 10–60, every item needed; 47 is the published threshold")
    func barc10() throws {
        let all = Dictionary(uniqueKeysWithValues: BARC10.itemIDs.map { ($0, 5) })
        let total = try #require(BARC10.instrument.score(all, at: .intake).first)
        #expect(total.raw == 50 && total.band == "from_47")
        var low = Dictionary(uniqueKeysWithValues: BARC10.itemIDs.map { ($0, 1) })
        #expect(BARC10.instrument.score(low, at: .intake).first?.raw == 10)
        #expect(BARC10.instrument.score(low, at: .intake).first?.band == "below_47")
        let max = Dictionary(uniqueKeysWithValues: BARC10.itemIDs.map { ($0, 6) })
        #expect(BARC10.instrument.score(max, at: .intake).first?.raw == 60)
        low["barc7"] = nil
        let missing = try #require(BARC10.instrument.score(low, at: .intake).first)
        #expect(missing.raw == nil && missing.missingItems == ["barc7"])
    }

    @Test("MORS: the milestone is the score, banded from high risk to recovery, and only staff rate it")
    func mors() throws {
        let bands = (1...8).map { MORS.instrument.score(["milestone": $0], at: .intake).first?.band }
        #expect(bands == ["high_risk", "high_risk", "high_risk", "poorly_coping", "poorly_coping", "coping", "recovery", "recovery"])
        #expect(MORS.instrument.respondents == [.staffRated])
    }

    @Test("Symptom areas: each area alone, the total prorated from six of eight, any thought of ending life flagged")
    func symptomAreas() throws {
        let ids = SymptomAreas.instrument.items.map(\.id)
        var answers = Dictionary(uniqueKeysWithValues: ids.map { ($0, 2) })
        answers["suicidality"] = 1
        answers["anxiety"] = 4
        let scores = SymptomAreas.instrument.score(answers, at: .intake)
        #expect(scores.first { $0.scale == "anxiety" }?.band == "often_or_always")
        #expect(scores.first { $0.scale == "suicidality" }?.band == nil)
        #expect(scores.first { $0.scale == "total" }?.raw == 17)
        answers["suicidality"] = 2
        let flagged = try #require(SymptomAreas.instrument.score(answers, at: .intake).first { $0.scale == "suicidality" })
        let band = try #require(SymptomAreas.instrument.scale("suicidality")?.bands.first { $0.id == flagged.band })
        #expect(band.alert)
        // Six answered: mean 2.5 (15 / 6) × 8 = 20.0, prorated.
        var six = Dictionary(uniqueKeysWithValues: ids.prefix(6).map { ($0, 2) })
        six["anxiety"] = 5
        let total = try #require(SymptomAreas.instrument.score(six, at: .intake).first { $0.scale == "total" })
        #expect(total.raw == 20 && total.prorated && total.missingItems == ["isolation", "substance"])
        // Seven answered of 2,2,2,2,2,2,3 = 15 → 15 / 7 × 8 = 17.142… → 17.1.
        var seven = Dictionary(uniqueKeysWithValues: ids.prefix(7).map { ($0, 2) })
        seven["sleep"] = 3
        #expect(SymptomAreas.instrument.score(seven, at: .intake).first { $0.scale == "total" }?.raw == 17.1)
        let five = Dictionary(uniqueKeysWithValues: ids.prefix(5).map { ($0, 2) })
        #expect(SymptomAreas.instrument.score(five, at: .intake).first { $0.scale == "total" }?.raw == nil)
    }

    @Test("The program's questions count as indicators; satisfaction is asked only after intake")
    func programProfile() throws {
        let profile = ProgramProfile.instrument
        let intake = profile.score(["homeless": 1, "depressed": 4, "quality_of_life": 2, "substance_use": 3, "has_primary_care": 0,
                                    "seen_primary_care": 0, "comfort_seeking_help": 2, "knows_where_help": 0], at: .intake)
        let byScale = Dictionary(uniqueKeysWithValues: intake.map { ($0.scale, $0.raw) })
        #expect(byScale["homeless"] == 1 && byScale["depressed_often"] == 1 && byScale["quality_poor_fair"] == 1)
        #expect(byScale["substance_often"] == 0 && byScale["has_primary_care"] == 0 && byScale["comfortable_seeking_help"] == 0)
        #expect(byScale["satisfied"] == nil, "satisfaction is not scored at intake")
        #expect(!profile.items(at: .intake).contains { $0.id == "satisfaction" })
        #expect(profile.items(at: .followUp).contains { $0.id == "satisfaction" })
        let followUp = profile.score(["satisfaction": 5], at: .followUp)
        #expect(followUp.first { $0.scale == "satisfied" }?.raw == 1)
    }

    @Test("Scoring does not depend on the language the items were shown in; every text has both languages")
    func bilingual() {
        for instrument in InstrumentCatalog.all {
            #expect(!instrument.name.en.isEmpty && !instrument.name.es.isEmpty && instrument.name.en != instrument.name.es)
            for item in instrument.items {
                #expect(!item.text.en.isEmpty && !item.text.es.isEmpty, "\(instrument.id) \(item.id)")
                for option in item.options { #expect(!option.label.es.isEmpty, "\(instrument.id) \(item.id) \(option.value)") }
            }
            for scale in instrument.scales {
                #expect(!scale.name.es.isEmpty)
                #expect(scale.items.allSatisfy { instrument.item($0) != nil }, "\(instrument.id) \(scale.id) names an unknown item")
            }
        }
        #expect(Set(InstrumentCatalog.all.map(\.id)).count == InstrumentCatalog.all.count)
    }

    @Test("Reverse scoring swaps the lowest and highest option")
    func reversed() {
        let item = InstrumentItem(id: "x", text: LocalizedText("x", es: "x"), options: (1...5).map { InstrumentOption($0, LocalizedText("\($0)", es: "\($0)")) },
                                  scoring: .reversed)
        #expect((1...5).map(item.scored) == [5, 4, 3, 2, 1])
    }

    @Test("A timepoint reads and writes as intake, follow_up_N or discharge")
    func timepoints() {
        #expect(Timepoint("intake") == .intake && Timepoint("discharge") == .discharge)
        #expect(Timepoint("follow_up_3") == .followUp(3) && Timepoint.followUp(3).description == "follow_up_3")
        #expect(Timepoint("follow_up") == nil && Timepoint("follow_up_0") == nil && Timepoint("later") == nil)
    }
}
