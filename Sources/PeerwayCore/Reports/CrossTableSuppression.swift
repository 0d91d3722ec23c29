import Foundation

/// Small-cell and complementary suppression for tables whose rows and columns add up to totals (the
/// evaluator's tables: programs by a coded field, with each program's total, each category's total, and
/// the number of enrollments).
///
/// 1. Every count from 1 to 10 (`ReportSuppression.smallCounts`, the program report's range) is held back.
/// 2. A line (the members of one sum: a row and its total, a column and its total) with exactly one
///    count held back gives it away by subtraction, so one more of its counts is held back, until no line
///    has exactly one. Then no held-back count can be worked out from any sum, nor through a chain of
///    them: a chain has to start at a line with a single unknown.
///
/// The complement chosen is the one that costs least: a count above zero (a zero hides little), then the
/// one that leaves the fewest lines with a single count held back (it completes the lines where one is
/// held, and opens those where none is: a program's total sits in a row of every table), then a cell before
/// a total, then the smallest. `ReportSuppression`'s chain rule, made for the report's figures, picks the
/// smallest count of the leaking sum alone; on a two-way table that is often a cell whose column gives it
/// straight back, and the holding back spreads to the totals.
public enum CrossTableSuppression {
    /// One sum: its members (the parts and the total) by name.
    public struct Line: Sendable, Equatable {
        public var members: [String]
        public init(_ members: [String]) { self.members = members }
    }

    /// The counts to hold back, by name. `rank` orders counts of the same kind: cells 0, totals 1, the
    /// grand total 2 (a cell is held back before a total).
    public static func held(counts: [String: Int], lines: [Line], rank: (String) -> Int) -> Set<String> {
        func value(_ name: String) -> Int { counts[name] ?? 0 }
        var held = Set(counts.keys.filter { ReportSuppression.isSmall(value($0)) })
        let lines = lines.filter { $0.members.count > 1 }
        var linesOf: [String: [Int]] = [:]
        for (index, line) in lines.enumerated() {
            for member in line.members { linesOf[member, default: []].append(index) }
        }
        func heldIn(_ line: Int) -> Int { lines[line].members.count(where: held.contains) }

        while let open = lines.indices.first(where: { heldIn($0) == 1 }) {
            let candidates = lines[open].members.filter { !held.contains($0) }
            // Lines a count would open (none held yet) less those it would complete (one held).
            func cost(_ name: String) -> (Int, Int, Int, Int) {
                let net = (linesOf[name] ?? []).reduce(0) { net, line in
                    switch heldIn(line) {
                    case 0: net + 1
                    case 1: net - 1
                    default: net
                    }
                }
                return (value(name) > 0 ? 0 : 1, net, rank(name), value(name))
            }
            guard let pick = candidates.min(by: { a, b in
                let (x, y) = (cost(a), cost(b))
                return x != y ? x < y : a < b
            }) else { break }
            held.insert(pick)
        }
        return held
    }
}
