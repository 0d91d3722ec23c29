import Foundation
import PeerwayCore

/// A score over time drawn on the server as SVG coordinates: the template draws the axis, the line and
/// its points, so the chart works without JavaScript and prints. The table beside it carries the same
/// numbers for a screen reader.
struct ScoreChart: Encodable, Sendable {
    struct Dot: Encodable, Sendable {
        var x: String
        var y: String
        var label: String
    }
    struct Tick: Encodable, Sendable {
        var y: String
        var label: String
    }
    var width = 320
    var height = 160
    var line: String
    var dots: [Dot]
    var ticks: [Tick]

    static let left = 36.0, right = 10.0, top = 10.0, bottom = 20.0

    /// `points` (date order) on a vertical range `low…high`; days spread over the width by date.
    init(_ points: [ScorePoint], low: Double, high: Double, label: (ScorePoint) -> String) {
        let w = Double(width), h = Double(height)
        let first = points.first?.givenOn, span = Double(max(1, first.map { f in points.last.map { f.days(until: $0.givenOn) } ?? 1 } ?? 1))
        func x(_ p: ScorePoint) -> Double {
            guard points.count > 1, let first else { return (Self.left + w - Self.right) / 2 }
            return Self.left + (w - Self.left - Self.right) * Double(first.days(until: p.givenOn)) / span
        }
        func y(_ v: Double) -> Double { Self.top + (h - Self.top - Self.bottom) * (1 - (min(max(v, low), high) - low) / max(1, high - low)) }
        let f = { (v: Double) in String(format: "%.1f", v) }
        dots = points.map { Dot(x: f(x($0)), y: f(y($0.value)), label: label($0)) }
        line = dots.map { "\($0.x),\($0.y)" }.joined(separator: " ")
        ticks = [low, (low + high) / 2, high].map { Tick(y: f(y($0)), label: f($0).replacingOccurrences(of: ".0", with: "")) }
    }

    /// The range a scale's chart shows: T-scores 10–80, a sum from its lowest to its highest possible score.
    static func range(_ scale: InstrumentScale, in instrument: Instrument) -> (Double, Double)? {
        if scale.conversion != nil { return (10, 80) }
        guard scale.method == .sum else { return nil }
        var low = 0, high = 0
        for id in scale.items {
            guard let item = instrument.item(id) else { return nil }
            let scored = item.options.map { item.scored($0.value) }
            low += scored.min() ?? 0
            high += scored.max() ?? 0
        }
        return (Double(low), Double(high))
    }
}
