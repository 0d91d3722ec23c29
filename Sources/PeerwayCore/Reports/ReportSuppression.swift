import Foundation

/// The public release of a program report: small counts are held back so that no one can be picked
/// out of it, as public health agencies publish small-area counts (California's Data De-identification
/// Guidelines and CMS's cell-size rule hold back 1 to 10).
///
/// The rules, applied to `ProgramReportTables`:
/// 1. **Small counts.** Every count from 1 to 10 is held back ("suppressed"), wherever it is shown.
///    Zero is shown: it names no one.
/// 2. **Counts that would give one back.** A count that is a sum of others (connected = enrolled +
///    family + others; referrals made = the referrals of each need; a share's "yes" and "no") gives
///    its last unknown member away. Whenever a reader could work out a small count, from what is shown
///    through any chain of such sums, one more count of the sum that gives it away is held back: the
///    one above zero that the fewest figures show or rest on (an outcome's enrollments with an intake
///    rather than its pairs, which its means and test rest on), the smallest of those (so the least is
///    lost), else a zero, else, when every other member is itself worked out, one count further up the
///    chain. This repeats until no small count can be worked out. So in a row with a total, a second cell is held back when only one is, and a share
///    of 30 out of 38 is held back, since it shows that 8 said no.
/// 3. **Figures worked out from counts.** A percent, a mean, a rate, a test's p-value or an effect size
///    is held back when a count it shows or rests on is held back or is small: a percent whose
///    numerator or denominator is held back, a mean over 1 to 10 pairs, McNemar's p-value when 1 to 10
///    people changed answer one way.
///
/// Labels and "no data" are never held back, and a held-back cell keeps no value at all.
public enum ReportSuppression {
    /// Counts in this range are held back.
    public static let smallCounts = 1...10

    public static func isSmall(_ count: Int) -> Bool { smallCounts.contains(count) }

    /// The tables of a public release: every count of rules 1 and 2 and every figure of rule 3 held back.
    public static func apply(_ tables: ProgramReportTables) -> ProgramReportTables {
        let held = suppressedCounts(tables)
        var released = tables
        released.publicRelease = true
        released.suppressedCounts = held
        let small = Set(tables.counts.filter { isSmall($0.value) }.keys)
        for t in released.tables.indices {
            for r in released.tables[t].rows.indices {
                for c in released.tables[t].rows[r].cells.indices {
                    let cell = released.tables[t].rows[r].cells[c]
                    if cell.shows.contains(where: held.contains) || cell.basis.contains(where: { held.contains($0) || small.contains($0) }) {
                        released.tables[t].rows[r].cells[c].value = .suppressed
                    }
                }
            }
        }
        return released
    }

    /// The counts rules 1 and 2 hold back, by name.
    public static func suppressedCounts(_ tables: ProgramReportTables) -> Set<String> {
        let counts = tables.counts
        func value(_ name: String) -> Int { counts[name] ?? 0 }
        let shown = Set(tables.tables.flatMap { $0.rows.flatMap { $0.cells.flatMap(\.shows) } })
        let small = counts.keys.filter { isSmall(value($0)) }.sorted()
        var held = shown.filter { isSmall(value($0)) }
        // How many cells show each count or rest on it: what holding it back costs.
        var figures: [String: Int] = [:]
        for cell in tables.tables.flatMap({ $0.rows.flatMap(\.cells) }) {
            for name in Set(cell.shows + cell.basis) { figures[name, default: 0] += 1 }
        }
        func cost(_ name: String) -> (Int, Int, String) { (figures[name] ?? 0, value(name), name) }

        // What a reader knows: the counts shown and not held back, and every count a sum then gives away
        // (with the sum that gave it, to know what to hold back when it is a small one).
        func known() -> (known: Set<String>, givenBy: [String: ReportSum]) {
            var known = shown.subtracting(held)
            var givenBy: [String: ReportSum] = [:]
            var changed = true
            while changed {
                changed = false
                for sum in tables.sums {
                    let unknown = sum.members.filter { !known.contains($0) }
                    if unknown.count == 1 {
                        known.insert(unknown[0])
                        givenBy[unknown[0]] = sum
                        changed = true
                    }
                }
            }
            return (known, givenBy)
        }

        /// Holds back one more count so that `name` can no longer be worked out through the sum that gives it.
        func holdBack(toHide name: String, givenBy: [String: ReportSum], depth: Int = 0) -> Bool {
            guard let sum = givenBy[name], depth <= tables.sums.count else { return false }
            let others = sum.members.filter { $0 != name }
            let candidates = others.filter { shown.contains($0) && !held.contains($0) }
            if let pick = candidates.filter({ value($0) > 0 }).min(by: { cost($0) < cost($1) }) ?? candidates.min() {
                held.insert(pick)
                return true
            }
            return others.contains { givenBy[$0] != nil && holdBack(toHide: $0, givenBy: givenBy, depth: depth + 1) }
        }

        while true {
            let (known, givenBy) = known()
            guard let leak = small.first(where: known.contains) else { break }
            let before = held.count
            // A sum always has a shown member to hold back (every count is shown or worked out from shown
            // ones); should that ever fail, every shown count of the sums holding the leak is held back.
            if !holdBack(toHide: leak, givenBy: givenBy) {
                held.formUnion(tables.sums.filter { $0.members.contains(leak) }.flatMap(\.members).filter(shown.contains))
            }
            if held.count == before { break }
        }
        return held
    }
}
