import Foundation
import PeerwayCore

/// The audit trail in words. Events store stable codes (`record_read`, `list deny`, `rows=12`) that the
/// CSV export and the API keep as they are, for machines; a person reading the page gets sentences.
/// A detail this does not know is shown as nothing rather than as a code: the export still has it.
struct AuditWords {
    let l: Localizer
    let locale: String

    func action(_ action: AuditAction) -> String { l.text("audit.action.\(action.rawValue)", locale) }

    func outcome(_ outcome: AuditEvent.Outcome) -> String { l.text("audit.outcome.\(outcome.rawValue)", locale) }

    /// Resource types are stored as text; one this version does not know shows nothing.
    func resource(_ code: String) -> String {
        AuditResource(rawValue: code).map { l.text("audit.resource.\($0.rawValue)", locale) } ?? ""
    }

    /// The catalogue's sentence for `key` when it has one; details carry codes of other enums (screening
    /// outcomes, crisis kinds…) and only the known ones are worth saying.
    private func known(_ key: String) -> String? {
        l.catalogs[Localizer.defaultLocale]?[key] != nil ? l.text(key, locale) : nil
    }

    private func count(_ key: String, _ value: some StringProtocol) -> String? {
        guard known(key) != nil, let n = Int(value) else { return nil }
        return l.format(key, locale, ["count": String(n)])
    }

    /// `name=value` pairs of a detail such as `mode=row_by_row dry_run=true rows=3 wrote: created=1`.
    private static func pairs(_ detail: String) -> [String: String] {
        var pairs: [String: String] = [:]
        for word in detail.split(separator: " ") {
            let parts = word.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { pairs[String(parts[0])] = String(parts[1]) }
        }
        return pairs
    }

    func detail(_ event: AuditEvent) -> String {
        let d = event.detail.trimmingCharacters(in: .whitespaces)
        if d.isEmpty { return "" }
        return sentence(d, event) ?? ""
    }

    private func sentence(_ d: String, _ event: AuditEvent) -> String? {
        let words = d.split(separator: " ").map(String.init)
        let pairs = Self.pairs(d)
        // Refusals: "deny", "notFound", or the access action and the decision ("list deny").
        if let decision = AccessDecision(rawValue: words.last ?? ""), decision != .allow, words.count <= 2 {
            let why = l.text(decision == .deny ? "audit.detail.deny" : "audit.detail.not_found", locale)
            guard words.count == 2 else { return why }
            guard let access = AccessAction(rawValue: words[0]) else { return why }
            return l.format("audit.detail.refused", locale, ["access": l.text("audit.access.\(access.rawValue)", locale), "reason": why])
        }
        if words.count == 1, d.hasPrefix("other=") {
            return l.text("audit.detail.other", locale)
        }
        // Counts a list or an export showed: "results=3", "rows=12 incomplete", "from=… to=… rows=12".
        if words.count == 1, pairs.count == 1, let (name, value) = pairs.first, let said = count("audit.detail.count.\(name)", value) {
            return said
        }
        if words.count == 2, words[1] == "incomplete", let rows = pairs["rows"] { return count("audit.detail.incomplete", rows) }
        if let from = pairs["from"], let to = pairs["to"], pairs.count == 3 {
            guard let (name, value) = pairs.first(where: { $0.key != "from" && $0.key != "to" }), Int(value) != nil,
                  known("audit.detail.period.\(name)") != nil else { return nil }
            return l.format("audit.detail.period.\(name)", locale, ["from": from, "to": to, "count": value])
        }
        if pairs["mode"] != nil, let rows = pairs["rows"] {
            return l.format(pairs["dry_run"] == "true" ? "audit.detail.import_trial" : "audit.detail.import", locale, [
                "rows": rows, "created": pairs["created"] ?? "0", "updated": pairs["updated"] ?? "0",
                "unchanged": pairs["unchanged"] ?? "0", "rejected": pairs["rejected"] ?? "0",
            ])
        }
        if let roles = pairs["roles"] {
            let names = roles.split(separator: ",").compactMap { Role(rawValue: String($0)) }.map { l.text($0.labelKey, locale) }
            return l.format("audit.detail.roles", locale, ["roles": names.joined(separator: ", ")])
        }
        if d.hasPrefix("catalog_added="), let kind = d.dropFirst("catalog_added=".count).split(separator: ":").first {
            return l.format("audit.detail.catalog_added", locale, ["list": known("catalog.kind.\(kind)") ?? ""])
        }
        if let value = pairs["requires_cosignature"] {
            return l.text(value == "true" ? "audit.detail.cosignature_required" : "audit.detail.cosignature_not_required", locale)
        }
        if words.count == 2, UUID(uuidString: words[1]) != nil {
            // The other record's id stays in the export; the page names what happened.
            return known("audit.detail.\(words[0])")
        }
        if words.count == 2, words[0] == "discharged" {
            return l.format("audit.detail.discharged", locale, ["reason": known("discharge.reason.\(words[1])") ?? ""])
        }
        if event.action == .noteAmended {
            let fields = d.split(separator: ",").compactMap { known("service.field.\($0)") }
            return fields.isEmpty ? nil : l.format("audit.detail.changed", locale, ["fields": fields.joined(separator: ", ")])
        }
        if d.hasPrefix("demo data") { return l.text("audit.detail.demo", locale) }
        if d.hasPrefix("audit CSV,"), let n = words.dropFirst(2).first { return count("audit.detail.audit_csv", n) }
        // Another enum's code: a screening's outcome, a review's, a crisis or outreach kind, a person's kind.
        let resource = AuditResource(rawValue: event.resourceType)
        let prefixes: [String] = switch resource {
        case .screening: ["screening.outcome."]
        case .review: ["review.outcome."]
        case .crisisEvent: ["crisis.kind."]
        case .outreachEvent: ["outreach.kind."]
        case .participant: ["person.kind."]
        default: []
        }
        for prefix in prefixes { if let said = known(prefix + d) { return said } }
        if d.hasSuffix(" (import)"), let kind = known("person.kind.\(d.dropLast(" (import)".count))") {
            return l.format("audit.detail.imported_kind", locale, ["kind": kind])
        }
        return known("audit.detail.\(Self.fixed[d] ?? "-")")
    }

    /// Details written as fixed phrases, each with its catalogue key. "created"/"updated"/"signed in"
    /// repeat the action, so they say nothing more.
    private static let fixed: [String: String] = [
        "enrolled": "enrolled", "anonymous": "anonymous", "import": "imported", "anonymous (import)": "imported_anonymous",
        "late_entry": "late_entry", "service_form": "service_form",
        "password accepted; second factor pending": "second_factor_pending", "second factor accepted": "second_factor_accepted",
        "sessions ended; API tokens revoked": "tokens_revoked", "sessions ended; API tokens kept": "tokens_kept",
        "unknown account": "unknown_account", "disabled account": "disabled_account", "wrong password": "wrong_password",
        "created by first-run setup": "first_run", "first administrator (first-run setup)": "first_run",
    ]
}
