import Foundation
import HTTPTypes
import PeerwayCore
import PeerwayStore

/// The directory's home: a search a peer fills in on a phone (words, need, language, then more
/// filters folded away) and its results as cards, each saying why it matched and its linkage record.
/// Opened from a person's record or a note (`person` or `note`), each card offers to refer to it.
struct DirectorySearchView: PageView {
    struct Card: Encodable, Sendable {
        var name: String
        var link: String
        var organization: String?
        var why: String
        var linkage: String
        var languages: String?
        var closed: Bool
        var stale: Bool
        var referLink: String?
    }

    var action: String
    var mainFields: [FieldView]
    var moreFields: [FieldView]
    /// The more filters are open: one of them is set or refused.
    var moreOpen: Bool
    var person: String?
    var note: String?
    var choosing: Bool
    var cards: [Card] = []
    var searched = false
    /// Nothing was asked and nothing found: the directory itself is empty.
    var emptyDirectory = false
    var range: String?
    var nextLink: String?
    var previousLink: String?
    var importLink: String?
    var settingsLink: String?
    var exportLink = DirectoryRoutes.export()
    var addLink = DirectoryRoutes.newEntry()
    var dueLink = DirectoryRoutes.due()
    var notice: String?
    var errors: [String: String] = [:]
    var summary: String?
}

enum DirectorySearchPage {
    static let radii = ["2", "5", "10", "25", "50"]

    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        table.add(.get, DirectoryRoutes.home, .page, .policy(.read, .directory)) { request, context, resolved in
            let actor = try resolved.requireActor()
            let l = env.localizer, locale = context.locale
            let query = QueryParameters(request)
            var values: [String: String] = [:]
            for name in DirectorySearchRules.parameters { values[name] = query[name] }
            // A referral target is only carried into links; the referral form decides who may refer whom.
            let person = query["person"].flatMap(UUID.init(uuidString:)), note = query["note"].flatMap(UUID.init(uuidString:))
            let terms = try await env.directory.needTerms(by: actor)
            let curator = DirectoryPolicy.mayCurate(actor)
            func view(_ errors: [String: String] = [:]) -> DirectorySearchView {
                let (main, more) = fields(values, terms: terms, l, locale)
                // The order and the distance have defaults; only a filter that narrows keeps the fold open.
                let moreSet = ["near", "open_now", "free", "age"].contains { values[$0]?.isEmpty == false }
                return DirectorySearchView(action: DirectoryRoutes.home(), mainFields: FormField.render(main, errors, l, locale),
                                           moreFields: FormField.render(more, errors, l, locale),
                                           moreOpen: moreSet || errors.keys.contains { $0 != "q" && $0 != "need" && $0 != "language" },
                                           person: person?.text, note: note?.text, choosing: person != nil || note != nil,
                                           importLink: curator ? DirectoryRoutes.importHSDS() : nil, settingsLink: curator ? DirectoryRoutes.settings() : nil,
                                           errors: errors)
            }
            return try await PageSupport.submit { () -> (DirectoryQuery, DirectorySearchResult) in
                try query.errors.throwIfAny()
                let q = try DirectorySearchRules.query(values)
                return (q, try await env.directory.search(q, by: actor))
            } then: { q, result in
                var page = view()
                page.searched = true
                page.emptyDirectory = result.entries.isEmpty && values.values.allSatisfy(\.isEmpty)
                page.cards = result.entries.map { card($0, q: q, terms: terms, person: person, note: note, l, locale) }
                if !result.entries.isEmpty {
                    page.range = l.format("directory.results", locale, ["from": l.count(q.offset + 1, locale),
                                                                        "to": l.count(q.offset + result.entries.count, locale)])
                }
                func link(_ n: Int) -> String {
                    DirectoryRoutes.home(query: ["q": q.text, "need": q.need ?? "", "language": q.language ?? "", "near": q.near ?? "",
                                                 "radius_km": values["radius_km"] ?? "", "open_now": q.openNow ? "1" : "", "free": q.freeOnly ? "1" : "",
                                                 "age": q.age.map(String.init) ?? "", "sort": values["sort"] ?? "", "person": person?.text ?? "",
                                                 "note": note?.text ?? "", "page": n == 1 ? "" : String(n)])
                }
                page.nextLink = result.more ? link(q.page + 1) : nil
                page.previousLink = q.page > 1 ? link(q.page - 1) : nil
                return env.renderer.page("directory_home", titleKey: "directory.title", view: page, context: context)
            } refused: { error in
                let failure = PageSupport.formErrors(error, env, context)
                var page = view(failure.errors)
                page.summary = failure.summary
                return env.renderer.page("directory_home", titleKey: "directory.title", view: page, context: context, status: failure.status)
            }
        }
    }

    /// The search's fields: the three a peer uses most, then the rest behind "More filters".
    static func fields(_ v: [String: String], terms: [(code: String, name: String)], _ l: Localizer, _ locale: String) -> ([FormField], [FormField]) {
        let needs = terms.map { t in (t.code, ReferralNeed(rawValue: t.code)?.labelKey ?? t.name) }
        let languages = DirectoryLanguages.offered.map { ($0, "directory.language.\($0)") }
        let main = [
            FormField(name: "q", labelKey: "directory.search_words", kind: .text, value: v["q"] ?? "", hintKey: "directory.search_words_hint",
                      maxLength: DirectorySearchRules.maxTextLength),
            FormField(name: "need", labelKey: "directory.need", kind: .select, value: v["need"] ?? "", options: needs),
            FormField(name: "language", labelKey: "directory.language_spoken", kind: .select, value: v["language"] ?? "", options: languages),
        ]
        let more = [
            FormField(name: "near", labelKey: "directory.near", kind: .text, value: v["near"] ?? "", hintKey: "directory.near_hint", maxLength: 100),
            FormField(name: "radius_km", labelKey: "directory.radius", kind: .select, value: v["radius_km"] ?? "10",
                      options: radii.map { ($0, "directory.radius.\($0)") }, required: true),
            FormField(name: "open_now", labelKey: "directory.open_now", kind: .checkbox, value: DirectorySearchRules.flag(v["open_now"]) ? "on" : ""),
            FormField(name: "free", labelKey: "directory.free_only", kind: .checkbox, value: DirectorySearchRules.flag(v["free"]) ? "on" : ""),
            FormField(name: "age", labelKey: "directory.age", kind: .number, value: v["age"] ?? "", hintKey: "directory.age_hint", maxLength: 3),
            FormField(name: "sort", labelKey: "directory.sort", kind: .select, value: v["sort"] ?? DirectorySort.relevance.rawValue,
                      options: DirectorySort.allCases.map { ($0.rawValue, $0.labelKey) }, required: true),
        ]
        return (main, more)
    }

    static func card(_ e: DirectorySearchResult.Entry, q: DirectoryQuery, terms: [(code: String, name: String)], person: UUID?, note: UUID?,
                     _ l: Localizer, _ locale: String) -> DirectorySearchView.Card {
        let hit = e.hit
        return .init(name: hit.name, link: DirectoryRoutes.service(hit.id), organization: hit.organizationName,
                     why: e.reasons.map { reason($0, terms: terms, l, locale) }.joined(separator: " · "),
                     linkage: linkage(e.linkage, l, locale),
                     languages: hit.languages.isEmpty ? nil : hit.languages.map { DirectoryPages.language($0, l, locale) }.joined(separator: ", "),
                     closed: hit.status != "active", stale: e.stale, referLink: referLink(hit.id, need: q.need ?? "", person: person, note: note))
    }

    /// Where a service found for a person (their record) or a note is referred to: a referral for them, or from the note.
    static func referLink(_ service: String, need: String = "", person: UUID?, note: UUID?) -> String? {
        if let person { return ReferralRoutes.newReferral(person, query: ["service": service, "need": need]) }
        if let note { return ReferralRoutes.fromNote(note, query: ["service": service, "need": need]) }
        return nil
    }

    static func reason(_ r: DirectoryMatchReason, terms: [(code: String, name: String)], _ l: Localizer, _ locale: String) -> String {
        let key = "directory.why.\(r.code)"
        switch r {
        case .name, .organization, .description, .free: return l.text(key, locale)
        case let .need(code):
            let name = ReferralNeed(rawValue: code).map { l.text($0.labelKey, locale) } ?? terms.first { $0.code == code }?.name ?? code
            return l.format(key, locale, ["need": name])
        case let .language(code): return l.format(key, locale, ["language": DirectoryPages.language(code, l, locale)])
        case let .distance(km):
            return l.format(key, locale, ["km": l.decimal(km, digits: 1, locale), "miles": l.decimal(km / 1.609344, digits: 1, locale)])
        case let .openNow(closes): return l.format(key, locale, ["time": ServiceRules.timeText(closes)])
        case let .age(age): return l.format(key, locale, ["age": l.count(age, locale)])
        }
    }

    /// A service's record at the point of referral in words: its numerator and denominator, or why none is shown.
    static func linkage(_ record: DirectoryLinkageRecord, _ l: Localizer, _ locale: String) -> String {
        switch record.shown {
        case let .record(referrals, linked, percent):
            return l.format("directory.linkage_record", locale, ["percent": l.decimal(percent, digits: 0, locale) + "%",
                                                                  "linked": l.count(linked, locale), "referrals": l.count(referrals, locale)])
        case .suppressed: return l.text("directory.linkage_suppressed", locale)
        case .none: return l.text("directory.linkage_none", locale)
        }
    }
}
