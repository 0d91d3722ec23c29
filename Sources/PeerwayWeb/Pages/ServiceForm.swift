import Foundation
import PeerwayCore
import PeerwayStore

/// The service note form, shared by a new note, a draft being finished, an amendment and a group: the
/// fields come from the program's catalogue, and a new note starts from the peer's usual choices.
enum ServiceForm {
    /// The label of a catalogue entry: a program's own text, or the message of a built-in code.
    static func label(_ entry: ServiceCatalog.Entry) -> String { entry.label ?? entry.labelKey }

    /// What a new form starts with: today, and the choices of this person's last one-to-one note (or, for a
    /// form without a person yet, the peer's). The times stay empty: the note ends now and starts the given
    /// minutes earlier unless the peer says otherwise (`ServiceRules.impliedStart`), so changing the minutes
    /// moves the start instead of leaving a stale one.
    static func defaults(_ form: ServiceDocumentation.FormContext, person: Person?, now: Date, zone: TimeZone) -> ServiceInput {
        var input = ServiceInput(date: CalendarDate(now, in: zone).description)
        if let last = form.remembered?.content {
            input.durationMinutes = String(last.durationMinutes)
            input.serviceType = last.serviceType
            input.coreFunctions = last.coreFunctions
            input.modality = last.modality.rawValue
            input.setting = last.setting.rawValue
            input.language = last.language
        } else {
            input.durationMinutes = "30"
            input.modality = ServiceModality.inPerson.rawValue
            input.setting = ServiceSetting.community.rawValue
        }
        if let preferred = person?.details.languages.first, !preferred.isEmpty, form.remembered == nil { input.language = preferred }
        return input
    }

    /// The fields a note usually repeats from the last one.
    static let choiceNames: Set<String> = ["service_type", "core_functions", "modality", "setting", "language", "cofacilitator_id"]
    static let noteNames: Set<String> = ["note", "follow_up", "person_note"]

    /// Splits the form into when / what (folded) / the note. What was done stays open while anything in it
    /// is missing or refused, so nothing to fix is ever hidden.
    static func fold(_ view: inout ServiceFormView) {
        let all = view.fields
        view.fields = all.filter { !choiceNames.contains($0.name) && !noteNames.contains($0.name) }
        view.choices = all.filter { choiceNames.contains($0.name) }
        view.after = all.filter { noteNames.contains($0.name) }
        let said: [String] = view.choices.compactMap { f in
            let chosen = f.isSelect ? f.options.filter(\.selected) : f.options.filter(\.checked)
            return chosen.isEmpty ? nil : chosen.map(\.label).joined(separator: ", ")
        }
        view.choicesSummary = said.joined(separator: " · ")
        let missing = view.choices.contains { f in f.required && !f.options.contains { $0.selected || $0.checked } }
        view.choicesOpen = missing || view.choices.contains { $0.error != nil } || !(view.remembered || view.amend || view.version != nil)
    }

    static func read(_ form: FormData) -> ServiceInput {
        ServiceInput(date: form.string("date"), startTime: form.string("start_time"), endTime: form.string("end_time"),
                     durationMinutes: form.string("duration_minutes"), serviceType: form.string("service_type"),
                     coreFunctions: form.all("core_functions"), modality: form.string("modality"), setting: form.string("setting"),
                     language: form.string("language"), note: form.string("note"), personNote: form.string("person_note"),
                     followUp: form.string("follow_up"), cofacilitatorID: PageSupport.parseUUID(form["cofacilitator_id"]))
    }

    /// The fields of a note. `programs` is empty when the program is fixed (a draft or an amendment).
    static func fields(_ input: ServiceInput, catalog: ServiceCatalog, programs: [Program], programID: UUID?, colleagues: [User],
                       group: Bool = false) -> [FormField] {
        var fields: [FormField] = []
        if programs.count > 1 {
            fields.append(FormField(name: "program_id", labelKey: "contact.program", kind: .select,
                                    value: programID.map(\.text) ?? "", options: programs.map { ($0.id.text, $0.name) }, required: true))
        }
        fields += [
            FormField(name: "date", labelKey: "service.date", kind: .date, value: input.date, required: true),
            FormField(name: "duration_minutes", labelKey: "service.duration_minutes", kind: .number, value: input.durationMinutes,
                      hintKey: "service.duration_hint", maxLength: 4),
            FormField(name: "start_time", labelKey: "service.start_time", kind: .time, value: input.startTime, hintKey: "service.start_time_hint"),
            FormField(name: "end_time", labelKey: "service.end_time", kind: .time, value: input.endTime, hintKey: "service.end_time_hint"),
            FormField(name: "service_type", labelKey: "service.service_type", kind: .select, value: input.serviceType,
                      options: catalog.serviceTypes.map { ($0.code, label($0)) }, required: true),
            FormField(name: "core_functions", labelKey: "service.core_functions", kind: .checks, checked: Set(input.coreFunctions),
                      options: catalog.coreFunctions.map { ($0.code, label($0)) }, hintKey: "service.core_functions_hint"),
            FormField(name: "modality", labelKey: "service.modality", kind: .radio, value: input.modality,
                      options: FormField.choices(ServiceModality.self, "modality"), required: true),
            FormField(name: "setting", labelKey: "service.setting", kind: .select, value: input.setting,
                      options: FormField.choices(ServiceSetting.self, "service_setting"), required: true),
            FormField(name: "language", labelKey: "service.language", kind: .select, value: input.language,
                      options: (LanguageCatalog.common + (input.language.isEmpty || LanguageCatalog.common.contains(input.language) ? [] : [input.language]))
                        .map { ($0, "language.\($0)") }),
        ]
        if !colleagues.isEmpty {
            fields.append(FormField(name: "cofacilitator_id", labelKey: "service.cofacilitator", kind: .select,
                                    value: input.cofacilitatorID.map(\.text) ?? "",
                                    options: colleagues.map { ($0.id.text, $0.displayName) }))
        }
        fields += [
            FormField(name: "note", labelKey: group ? "service.group_note" : "service.note", kind: .textarea, value: input.note,
                      hintKey: "service.note_hint", maxLength: ServiceRules.maxNoteLength),
            FormField(name: "follow_up", labelKey: "service.follow_up", kind: .textarea, value: input.followUp, maxLength: ServiceRules.maxLineLength),
        ]
        if !group && !input.personNote.isEmpty {
            fields.append(FormField(name: "person_note", labelKey: "service.person_note", kind: .textarea, value: input.personNote,
                                    maxLength: ServiceRules.maxLineLength))
        }
        return fields
    }
}
