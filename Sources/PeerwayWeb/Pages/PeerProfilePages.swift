import Foundation
import Hummingbird
import PeerwayCore
import PeerwayStore

/// A peer specialist's background, which pairing suggestions are ranked on.
enum PeerProfilePages {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        table.add(.get, AccountRoutes.pairing, .page, .policy(.update, .ownAccount)) { _, context, resolved in
            let actor = try resolved.requireActor()
            let profile = try await env.journey.peerProfile(of: actor)
            return page(context, env, fields(profile.background, form: nil) + [sharing(profile.details.shared, form: nil)])
        }
        table.form(AccountRoutes.pairing, .policy(.update, .ownAccount)) { form, actor, context, resolved in
            let input = read(form)
            let shared = Set(form.all("shared").compactMap(SharedFact.init(rawValue:)))
            return try await PageSupport.submit {
                try await env.journey.savePeerBackground(input, shared: shared, by: actor, context: context.audit)
            } then: { _ in redirect(AccountRoutes.account()) } refused: { error in
                page(context, env, fields(input, form: form) + [sharing(shared, form: form)], failure: PageSupport.formErrors(error, env, context))
            }
        }
    }

    static func read(_ form: FormData) -> PeerBackground {
        var b = PeerBackground()
        b.languages = form.all("languages")
        b.livedExperience = Set(form.all("lived_experience").compactMap(LivedExperience.init(rawValue:)))
        b.populations = Set(form.all("populations").compactMap(Population.init(rawValue:)))
        b.culturalBackground = form.string("cultural_background")
        b.genderIdentity = GenderIdentity(rawValue: form.string("gender_identity"))
        b.region = form.string("region")
        b.capacity = PageSupport.parseInt(form["capacity"]) ?? -1
        return b
    }

    static func fields(_ b: PeerBackground, form: FormData?) -> [FormField] {
        let languages = (LanguageCatalog.common + b.languages).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.map { ($0, "language.\($0)") }
        return [
            FormField(name: "languages", labelKey: "peer_profile.languages", kind: .checks, checked: Set(b.languages), options: languages),
            FormField(name: "lived_experience", labelKey: "peer_profile.lived_experience", kind: .checks, checked: Set(b.livedExperience.map(\.rawValue)),
                      options: FormField.choices(LivedExperience.self, "lived_experience")),
            FormField(name: "populations", labelKey: "peer_profile.populations", kind: .checks, checked: Set(b.populations.map(\.rawValue)),
                      options: FormField.choices(Population.self, "population")),
            FormField(name: "cultural_background", labelKey: "person.cultural_background", value: b.culturalBackground, maxLength: 200),
            FormField(name: "gender_identity", labelKey: "person.gender_identity", kind: .select, value: b.genderIdentity?.rawValue ?? "",
                      options: FormField.choices(GenderIdentity.self, "gender")),
            FormField(name: "region", labelKey: "person.region", value: b.region, maxLength: 80),
            FormField(name: "capacity", labelKey: "peer_profile.capacity", kind: .number, value: form?["capacity"] ?? String(b.capacity),
                      required: true, hintKey: "peer_profile.capacity_hint"),
        ]
    }

    /// Which personal facts the peer shares beyond HR (their supervisor, managers, the pairing suggestions):
    /// asked wherever the background is entered, so no page records it without the peer's say.
    static func sharing(_ shared: Set<SharedFact>, form: FormData?) -> FormField {
        FormField(name: "shared", labelKey: "staff.shared", kind: .checks,
                  checked: form.map { Set($0.all("shared")) } ?? Set(shared.map(\.rawValue)),
                  options: FormField.choices(SharedFact.self, "shared_fact"), hintKey: "staff.shared_hint")
    }

    static func page(_ context: AppContext, _ env: AppEnvironment, _ fields: [FormField],
                     failure: PageSupport.FormErrors = .init()) -> Response {
        JourneyPages.formPage(context, env, titleKey: "peer_profile.title", submitKey: "action.save", fields: fields,
                              action: AccountRoutes.pairing(), cancel: AccountRoutes.account(), failure: failure,
                              intro: env.localizer.text("peer_profile.intro", context.locale))
    }
}
