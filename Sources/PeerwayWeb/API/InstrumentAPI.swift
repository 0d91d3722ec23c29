import Foundation
import HTTPTypes
import Hummingbird
import PeerwayCore
import PeerwayStore

/// API v1 for outcome instruments: the definitions, a person's administrations with their scores
/// (computed by Core, never sent), what is due, and each program's schedule, through `Instruments`.
enum InstrumentAPI {
    static func register(_ table: inout RouteTable, _ env: AppEnvironment) {
        let instruments = env.instruments

        table.add(.get, InstrumentRoutes.API.instruments, .api, .signedIn) { request, context, _ in
            let language = try language(request, context)
            return try APISupport.json(ListJSON(items: InstrumentCatalog.all.map { InstrumentJSON(i: $0, language: language) }, next_offset: nil))
        }

        table.add(.get, InstrumentRoutes.API.instrument, .api, .signedIn) { request, context, _ in
            let language = try language(request, context)
            guard let id = context.parameters.get("instrument"), let instrument = InstrumentCatalog.instrument(id) else { throw WebError.notFound }
            return try APISupport.json(InstrumentJSON(i: instrument, language: language))
        }

        table.add(.get, InstrumentRoutes.API.administrationsOf, .api, .policy(.read, .participant)) { _, context, resolved in
            let history = try await instruments.history(of: try resolved.authorized(Person.self), context: context.audit)
            return try APISupport.json(ListJSON(items: history.administrations.map(AdministrationJSON.init), next_offset: nil))
        }

        table.json(.post, InstrumentRoutes.API.administrationsOf, .policy(.update, .participant), AdministrationInputJSON.self) { body, actor, request, context, resolved in
            var errors = ValidationErrors()
            let timepoint: TimepointKind? = errors.named(body.timepoint, "timepoint")
            let respondent: Respondent? = errors.named(body.respondent, "respondent")
            let givenOn = CalendarDate(TextRules.trimmed(body.given_on))
            if givenOn == nil { errors.append(ValidationError(field: "given_on", code: "invalid_date", messageKey: "error.invalid_date")) }
            // An item id is a field name in an error (`responses.<item>`): one with a control character is refused as a whole.
            if body.responses.keys.contains(where: TextRules.containsForbidden) { errors.append(ValidationError("responses", TextRules.invalidCharacters)) }
            if !errors.isEmpty { throw WebError.invalid(errors) }
            let draft = AdministrationDraft(instrumentID: body.instrument, timepoint: timepoint!, givenOn: givenOn!, respondent: respondent!,
                                            language: body.language ?? "en", responses: body.responses, replaceReason: body.replace_reason ?? "")
            let recorded = try await instruments.record(for: resolved.person!.id, episodeID: body.episode_id, draft,
                                                        by: actor, context: context.audit)
            var response = try APISupport.json(AdministrationJSON(a: recorded), status: .created)
            response.headers[.location] = InstrumentRoutes.API.administration(recorded.id)
            return response
        }

        table.add(.get, InstrumentRoutes.API.administration, .api, .policy(.read, .instrumentAdministration)) { _, context, resolved in
            let record = try await instruments.detail(of: try resolved.authorized(AdministrationRecord.self), context: context.audit)
            return try APISupport.json(AdministrationJSON(a: record.administration))
        }

        table.add(.get, InstrumentRoutes.API.due, .api, .policy(.list, .participants)) { request, context, resolved in
            let scope = try QueryParameters.read(request)["scope"] ?? "mine"
            guard scope == "mine" || scope == "program" else {
                throw WebError.invalid(field: "scope", code: "unknown_value", messageKey: "error.unknown_value")
            }
            let lines = try await instruments.due(by: try resolved.requireActor(), programWide: scope == "program", context: context.audit)
            return try APISupport.json(ListJSON(items: lines.map(InstrumentDueJSON.init), next_offset: nil))
        }

        table.add(.get, InstrumentRoutes.API.schedule, .api, .policy(.read, .program)) { _, _, resolved in
            let programID = resolved.program!.id
            let rules = try await instruments.schedule(programID: programID, by: try resolved.requireActor())
            return try APISupport.json(InstrumentScheduleJSON(program_id: programID, rules: rules.map(ScheduleRuleJSON.init)))
        }

        table.json(.put, InstrumentRoutes.API.schedule, .policy(.update, .program), ScheduleRuleInputJSON.self) { body, actor, request, context, resolved in
            let programID = resolved.program!.id
            try await instruments.setSchedule(InstrumentScheduleRule(instrumentID: body.instrument, atIntake: body.at_intake, everyDays: body.every_days,
                                                                     atDischarge: body.at_discharge),
                                              programID: programID, by: actor, context: context.audit)
            let rules = try await instruments.schedule(programID: programID, by: actor)
            return try APISupport.json(InstrumentScheduleJSON(program_id: programID, rules: rules.map(ScheduleRuleJSON.init)))
        }

        // A program's licensed wording of an instrument shipped as topics, one language at a time.
        table.add(.get, InstrumentRoutes.API.wording, .api, .policy(.read, .program)) { request, _, resolved in
            let q = try QueryParameters.read(request)
            let (instrument, language) = try wordingTarget(q["instrument"] ?? "", q["language"] ?? "en")
            let texts = try await instruments.wording(programID: resolved.program!.id, instrumentID: instrument, language: language,
                                                      by: try resolved.requireActor())
            return try APISupport.json(InstrumentWordingJSON(program_id: resolved.program!.id, instrument: instrument, language: language, texts: texts))
        }

        table.json(.put, InstrumentRoutes.API.wording, .policy(.update, .program), InstrumentWordingInputJSON.self) { body, actor, request, context, resolved in
            let (instrument, language) = try wordingTarget(body.instrument, body.language)
            try await instruments.setWording(programID: resolved.program!.id, instrumentID: instrument, language: language, texts: body.texts,
                                             by: actor, context: context.audit)
            let texts = try await instruments.wording(programID: resolved.program!.id, instrumentID: instrument, language: language, by: actor)
            return try APISupport.json(InstrumentWordingJSON(program_id: resolved.program!.id, instrument: instrument, language: language, texts: texts))
        }
    }

    /// The instrument and language a wording request names: a known instrument, English or Spanish.
    static func wordingTarget(_ instrument: String, _ language: String) throws -> (String, String) {
        var errors = ValidationErrors()
        if InstrumentCatalog.instrument(instrument) == nil { errors.append(ValidationError("instrument", "unknown_instrument")) }
        if !LocalizedText.languages.contains(language) { errors.append(ValidationError("language", "unknown_value")) }
        if !errors.isEmpty { throw WebError.invalid(errors) }
        return (instrument, language)
    }

    /// The language of an instrument's text: `?lang=en|es`, else the request's own (the account's, or
    /// the one its browser asks for); any other `lang` is a 422.
    static func language(_ request: Request, _ context: AppContext) throws -> String {
        guard let lang = try QueryParameters.read(request)["lang"] else { return InstrumentJSON.language(context.locale) }
        guard LocalizedText.languages.contains(lang) else {
            throw WebError.invalid(field: "lang", code: "unknown_value", messageKey: "error.unknown_value")
        }
        return lang
    }
}
