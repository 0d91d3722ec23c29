import Foundation
import PeerwayCore
import PeerwayStore

/// The fields of a person's record on a page, and reading them back from a submitted form.
enum PersonForm {
    static func fields(_ p: Person, languages: [String]) -> [FormField] {
        let d = p.details
        let languageOptions = (LanguageCatalog.common + [d.preferredLanguage]).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            .map { ($0, "language.\($0)") }
        return [
            FormField(name: "legal_given_name", labelKey: "person.legal_given_name", value: p.legalGivenName, autocomplete: "off", maxLength: 200),
            FormField(name: "legal_family_name", labelKey: "person.legal_family_name", value: p.legalFamilyName, autocomplete: "off", maxLength: 200),
            FormField(name: "preferred_name", labelKey: "person.preferred_name", value: p.preferredName, hintKey: "person.preferred_name_hint", autocomplete: "off", maxLength: 200),
            FormField(name: "pronouns", labelKey: "person.pronouns", value: p.pronouns, maxLength: 40),
            FormField(name: "date_of_birth", labelKey: "person.date_of_birth", kind: .date, value: p.dateOfBirth?.description ?? "", hintKey: "person.date_hint"),
            FormField(name: "preferred_language", labelKey: "person.preferred_language", kind: .select, value: d.preferredLanguage, options: languageOptions, required: true),
            FormField(name: "other_languages", labelKey: "person.other_languages", kind: .checks, checked: Set(d.otherLanguages), options: languageOptions),
            FormField(name: "phone", labelKey: "person.phone", kind: .tel, value: d.phone, autocomplete: "off", maxLength: 40),
            FormField(name: "email", labelKey: "person.email", kind: .email, value: d.email, autocomplete: "off", maxLength: 254),
            FormField(name: "consent", labelKey: "person.contact_consent", kind: .checks,
                      checked: Set([d.mayCall ? "may_call" : nil, d.mayText ? "may_text" : nil, d.mayEmail ? "may_email" : nil].compactMap { $0 }),
                      options: [("may_call", "person.may_call"), ("may_text", "person.may_text"), ("may_email", "person.may_email")]),
            FormField(name: "housing", labelKey: "person.housing", kind: .select, value: d.housing.rawValue, options: FormField.choices(HousingStatus.self, "housing"), required: true),
            FormField(name: "address", labelKey: "person.address", kind: .textarea, value: d.address, maxLength: 400),
            FormField(name: "region", labelKey: "person.region", value: d.region, hintKey: "person.region_hint", maxLength: 80),
            FormField(name: "races", labelKey: "person.races", kind: .checks, checked: Set(d.races.map(\.rawValue)), options: FormField.choices(Race.self, "race")),
            FormField(name: "ethnicity", labelKey: "person.ethnicity", kind: .select, value: d.ethnicity?.rawValue ?? "", options: FormField.choices(Ethnicity.self, "ethnicity")),
            FormField(name: "cultural_background", labelKey: "person.cultural_background", value: d.culturalBackground, maxLength: 200),
            FormField(name: "gender_identity", labelKey: "person.gender_identity", kind: .select, value: d.genderIdentity?.rawValue ?? "", options: FormField.choices(GenderIdentity.self, "gender")),
            FormField(name: "sexual_orientation", labelKey: "person.sexual_orientation", kind: .select, value: d.sexualOrientation?.rawValue ?? "", options: FormField.choices(SexualOrientation.self, "orientation")),
            FormField(name: "veteran", labelKey: "person.veteran", kind: .select, value: d.veteran?.rawValue ?? "", options: FormField.choices(VeteranStatus.self, "veteran")),
            FormField(name: "insurance", labelKey: "person.insurance", kind: .select, value: d.insurance.rawValue, options: FormField.choices(Insurance.self, "insurance"), required: true),
            FormField(name: "populations", labelKey: "person.populations", kind: .checks, checked: Set(d.populations.map(\.rawValue)), options: FormField.choices(Population.self, "population")),
            FormField(name: "lived_experience_sought", labelKey: "person.lived_experience_sought", kind: .checks,
                      checked: Set(d.livedExperienceSought.map(\.rawValue)), options: FormField.choices(LivedExperience.self, "lived_experience")),
            FormField(name: "peer_gender_preference", labelKey: "person.peer_gender_preference", kind: .select, value: d.peerGenderPreference.rawValue,
                      options: FormField.choices(GenderPreference.self, "gender_preference"), required: true),
        ]
    }

    /// The support-person fields: how they are linked to a participant.
    static func supportFields(_ p: Person) -> [FormField] {
        [FormField(name: "relationship", labelKey: "person.relationship", kind: .select, value: p.relationship?.rawValue ?? "",
                   options: FormField.choices(Relationship.self, "relationship"), required: true)]
    }

    /// Reads a person from a form. Values that are not one of the choices become field errors; the
    /// rest of the checking is Core's (`PersonRules.validate`).
    static func read(_ form: FormData, into base: Person) -> (Person, ValidationErrors) {
        var p = base
        var errors = ValidationErrors()
        func choice<T: RawRepresentable>(_ name: String, _ type: T.Type) -> T? where T.RawValue == String {
            let raw = form.string(name)
            return raw.isEmpty ? nil : errors.named(raw, name)
        }
        func set<T: RawRepresentable & Hashable>(_ name: String, _ type: T.Type) -> Set<T> where T.RawValue == String {
            var out = Set<T>()
            for raw in form.all(name) {
                if let value: T = errors.named(raw, name) { out.insert(value) }
            }
            return out
        }
        p.legalGivenName = form.string("legal_given_name")
        p.legalFamilyName = form.string("legal_family_name")
        p.preferredName = form.string("preferred_name")
        p.pronouns = form.string("pronouns")
        let dob = form.string("date_of_birth").trimmingCharacters(in: .whitespaces)
        if dob.isEmpty {
            p.dateOfBirth = nil
        } else if let date = CalendarDate(dob) {
            p.dateOfBirth = date
        } else {
            errors.append(ValidationError("date_of_birth", "invalid_date"))
        }
        var d = p.details
        d.preferredLanguage = form.string("preferred_language")
        d.otherLanguages = form.all("other_languages").filter { $0 != d.preferredLanguage }
        d.phone = form.string("phone")
        d.email = form.string("email")
        let consent = Set(form.all("consent"))
        d.mayCall = consent.contains("may_call")
        d.mayText = consent.contains("may_text")
        d.mayEmail = consent.contains("may_email")
        d.housing = choice("housing", HousingStatus.self) ?? .unknown
        d.address = form.string("address")
        d.region = form.string("region")
        d.races = set("races", Race.self)
        d.ethnicity = choice("ethnicity", Ethnicity.self)
        d.culturalBackground = form.string("cultural_background")
        d.genderIdentity = choice("gender_identity", GenderIdentity.self)
        d.sexualOrientation = choice("sexual_orientation", SexualOrientation.self)
        d.veteran = choice("veteran", VeteranStatus.self)
        d.insurance = choice("insurance", Insurance.self) ?? .unknown
        d.populations = set("populations", Population.self)
        d.livedExperienceSought = set("lived_experience_sought", LivedExperience.self)
        d.peerGenderPreference = choice("peer_gender_preference", GenderPreference.self) ?? .noPreference
        p.details = d
        if p.kind == .supportPerson { p.relationship = choice("relationship", Relationship.self) }
        return (p, errors)
    }

    /// The contact that brings a new person in, or an anonymous contact.
    static func contactFields(_ f: FormData?, programs: [Program], now: String) -> [FormField] {
        return [
            FormField(name: "program_id", labelKey: "contact.program", kind: .select, value: f?["program_id"] ?? programs.first.map { $0.id.text } ?? "",
                      options: programs.map { ($0.id.text, $0.name) }, required: true),
            FormField(name: "occurred_at", labelKey: "contact.occurred_at", kind: .dateTime, value: f?["occurred_at"] ?? now, required: true),
            FormField(name: "source", labelKey: "contact.source", kind: .select, value: f?["source"] ?? "", options: FormField.choices(Contact.Source.self, "contact.source"), required: true),
            FormField(name: "made_by", labelKey: "contact.made_by", kind: .select, value: f?["made_by"] ?? "self", options: FormField.choices(Contact.MadeBy.self, "contact.made_by"), required: true),
            FormField(name: "method", labelKey: "contact.method", kind: .select, value: f?["method"] ?? "in_person", options: FormField.choices(Contact.Method.self, "contact.method"), required: true),
            FormField(name: "setting", labelKey: "contact.setting", kind: .select, value: f?["setting"] ?? "", options: FormField.choices(Contact.Setting.self, "contact.setting"), required: true),
            FormField(name: "note", labelKey: "contact.note", kind: .textarea, value: f?["note"] ?? "", hintKey: "contact.note_hint", maxLength: 4000),
        ]
    }

    /// Reads a contact; the date-time field is local time in the server's zone.
    static func readContact(_ form: FormData, zone: TimeZone) -> (ParticipantJourney.ContactInput?, ValidationErrors) {
        var errors = ValidationErrors()
        func choice<T: RawRepresentable>(_ name: String, _ type: T.Type) -> T? where T.RawValue == String {
            guard let value = T(rawValue: form.string(name)) else {
                return errors.refuse(name, form.string(name).isEmpty ? "required" : "unknown_value")
            }
            return value
        }
        let program = PageSupport.parseUUID(form["program_id"])
        if program == nil { errors.append(ValidationError("program_id", "required")) }
        let occurred = parseLocalDateTime(form.string("occurred_at"), zone: zone)
        if occurred == nil { errors.append(ValidationError("occurred_at", "invalid_date", "error.invalid_date_time")) }
        let source = choice("source", Contact.Source.self), madeBy = choice("made_by", Contact.MadeBy.self)
        let method = choice("method", Contact.Method.self), setting = choice("setting", Contact.Setting.self)
        guard let program, let occurred, let source, let madeBy, let method, let setting else { return (nil, errors) }
        return (ParticipantJourney.ContactInput(programID: program, occurredAt: occurred, source: source, madeBy: madeBy, method: method,
                                                setting: setting, note: form.string("note")), errors)
    }

    /// `2026-11-23T14:05` as typed in a datetime-local field, in `zone`.
    static func parseLocalDateTime(_ text: String, zone: TimeZone) -> Date? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "T")
        guard parts.count == 2, let day = CalendarDate(String(parts[0])) else { return nil }
        let hm = parts[1].split(separator: ":")
        guard hm.count >= 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
        let wallClock = DateComponents(year: day.year, month: day.month, day: day.day, hour: h, minute: m)
        return Calendar.gregorian(in: zone).date(from: wallClock)
    }

    static func localDateTime(_ date: Date, zone: TimeZone) -> String {
        let c = Calendar.gregorian(in: zone).dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }
}
