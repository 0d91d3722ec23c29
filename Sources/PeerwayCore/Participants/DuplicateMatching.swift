import Foundation

/// Another record that may be the same person, for staff to review before a merge.
public struct DuplicateMatch: Sendable, Equatable {
    public let personID: UUID
    public let score: Int
    /// In this order, each at most once: same_date_of_birth, same_phone, then same_name or similar_name.
    public let reasons: [String]

    public init(personID: UUID, score: Int, reasons: [String]) {
        self.personID = personID
        self.score = score
        self.reasons = reasons
    }
}

/// Finds records that are probably the same person.
///
/// Merging two real people mixes their histories, consents and contact details, and may disclose
/// one person's care to the other: that is worse than leaving a duplicate for someone to notice.
/// So one signal alone is never enough — names, birthdays and household phones are all shared by
/// different people — and a match needs two that agree:
/// - the same name and the same date of birth or phone;
/// - the same date of birth and the same phone;
/// - a similar name (a typo, a nickname) and the same date of birth.
/// Two recorded dates of birth that differ rule a match out (a father and son of the same name
/// often share a phone). A record already merged into another is never offered again.
///
/// Names: the family name must fold to the same words. "Same name" then needs a given name
/// (legal or preferred) in common; "similar name" accepts given names that share their first three
/// letters ("Jon", "Jonathan"), or names one typo apart in a word of four letters or more.
public enum DuplicateMatching {
    static let dateOfBirthPoints = 40
    static let phonePoints = 30
    static let sameNamePoints = 40
    static let similarNamePoints = 25

    public static func match(_ person: Person, _ other: Person) -> DuplicateMatch? {
        guard other.id != person.id, person.mergedIntoID == nil, other.mergedIntoID == nil else { return nil }
        if let a = person.dateOfBirth, let b = other.dateOfBirth, a != b { return nil }

        let sameDateOfBirth = person.dateOfBirth != nil && person.dateOfBirth == other.dateOfBirth
        let phone = NameSearch.phoneDigits(person.details.phone)
        // Fewer than seven digits is an extension or a fragment, not a number two records can share.
        let samePhone = phone.count >= 7 && phone == NameSearch.phoneDigits(other.details.phone)
        let names = nameAgreement(person, other)

        let plausible = (names == .same && (sameDateOfBirth || samePhone))
            || (sameDateOfBirth && samePhone)
            || (names != nil && sameDateOfBirth)
        guard plausible else { return nil }

        var score = 0
        var reasons: [String] = []
        if sameDateOfBirth {
            score += dateOfBirthPoints
            reasons.append("same_date_of_birth")
        }
        if samePhone {
            score += phonePoints
            reasons.append("same_phone")
        }
        switch names {
        case .same?:
            score += sameNamePoints
            reasons.append("same_name")
        case .similar?:
            score += similarNamePoints
            reasons.append("similar_name")
        case nil:
            break
        }
        return DuplicateMatch(personID: other.id, score: score, reasons: reasons)
    }

    enum NameAgreement { case same, similar }

    static func nameAgreement(_ a: Person, _ b: Person) -> NameAgreement? {
        let aFamily = NameSearch.tokens(of: a.legalFamilyName), bFamily = NameSearch.tokens(of: b.legalFamilyName)
        let aGiven = givenTokens(a), bGiven = givenTokens(b)
        guard !aFamily.isEmpty, !bFamily.isEmpty, !aGiven.isEmpty, !bGiven.isEmpty else { return nil }

        if aFamily == bFamily {
            if !Set(aGiven).isDisjoint(with: bGiven) { return .same }
            let givenSimilar = aGiven.contains { x in
                bGiven.contains { y in sharesPrefix(x, y) || oneTypoApart(x, y) }
            }
            return givenSimilar ? .similar : nil
        }
        // A typo in the family name: one word one edit away, every other word the same, and a given name in common.
        guard aFamily.count == bFamily.count, !Set(aGiven).isDisjoint(with: bGiven) else { return nil }
        let differing = zip(aFamily, bFamily).filter { $0 != $1 }
        guard differing.count == 1, let (x, y) = differing.first, oneTypoApart(x, y) else { return nil }
        return .similar
    }

    /// Preferred names count as given names: "Bob" on one record and "Robert" (goes by "Bob") on another.
    private static func givenTokens(_ person: Person) -> [String] {
        NameSearch.tokens(of: person.legalGivenName + " " + person.preferredName)
    }

    private static func sharesPrefix(_ x: String, _ y: String) -> Bool {
        x.count >= 3 && y.count >= 3 && x.prefix(3) == y.prefix(3)
    }

    /// Short words are left out: "Ana" and "Ada" are one letter apart and different names.
    private static func oneTypoApart(_ x: String, _ y: String) -> Bool {
        max(x.count, y.count) >= 4 && editDistance(x, y, limit: 1) <= 1
    }

    /// Levenshtein distance, giving up (returning `limit + 1`) as soon as it must exceed `limit`.
    static func editDistance(_ x: String, _ y: String, limit: Int) -> Int {
        let a = Array(x), b = Array(y)
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            if current.min()! > limit { return limit + 1 }
            previous = current
        }
        return min(previous[b.count], limit + 1)
    }
}
