import Foundation
import Hummingbird
import PeerwayCore

/// A submitted `application/x-www-form-urlencoded` body. Fields may repeat (checkbox groups).
public struct FormData: Sendable {
    public let fields: [(name: String, value: String)]
    /// Fields that no rule may receive: a NUL, or a broken encoding. `read` refuses the whole form
    /// for them. Other control characters are left to each field's own rule (`TextRules`), which
    /// refuses them on that field while the page shows the form again with everything typed: a
    /// line break pasted from a word processor (U+000B) must not cost a peer the whole note.
    public let problems: ValidationErrors

    public init(_ body: String) {
        let (pairs, malformed) = URLEncoded.parse(body)
        self.init(pairs: pairs, malformed: malformed)
    }

    /// The text fields of a multipart body, held to the same rules as a urlencoded one.
    public init(_ multipart: MultipartForm) {
        self.init(pairs: multipart.fields, malformed: multipart.malformedFields)
    }

    init(pairs: [(name: String, value: String)], malformed: [String]) {
        var problems = ValidationErrors()
        // The page answering this shows the message alone, so it says what to do about it.
        func problem(_ field: String) -> ValidationError {
            ValidationError(field: field, code: TextRules.invalidCharacters, messageKey: "error.form_invalid_characters")
        }
        for name in malformed where problems.first(for: name) == nil { problems.append(problem(name)) }
        // NUL ends text early on SQLite and fails the write on PostgreSQL; no browser sends one.
        func hasNUL(_ text: String) -> Bool { text.unicodeScalars.contains("\u{0}") }
        for (name, value) in pairs where problems.first(for: name) == nil && (hasNUL(value) || TextRules.containsForbidden(name)) {
            let field = TextRules.containsForbidden(name) ? "form" : name
            if problems.first(for: field) == nil { problems.append(problem(field)) }
        }
        fields = pairs
        self.problems = problems
    }

    /// Reads the body. Defence in depth behind each field's own rule: a field holding a NUL, whichever
    /// field it is, is a 422 naming it, so a NUL can never reach the database even from a field whose
    /// rule forgot it.
    public static func read(_ request: Request, context: AppContext) async throws -> FormData {
        let form: FormData
        if MultipartForm.isMultipart(request) {
            let multipart = try await MultipartForm.of(request, context: context)
            if multipart.unreadable { throw WebError.unreadableMultipart }
            form = FormData(multipart)
        } else {
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            form = FormData(String(decoding: buffer.readableBytesView, as: UTF8.self))
        }
        if !form.problems.isEmpty { throw WebError.invalid(form.problems) }
        return form
    }

    public subscript(_ name: String) -> String? { fields.first { $0.name == name }?.value }
    public func all(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }
    public func string(_ name: String) -> String { self[name] ?? "" }

    /// The record a field names; a missing or malformed id is `required` on that field.
    public func id(_ name: String) throws(ValidationError) -> UUID {
        guard let id = PageSupport.parseUUID(self[name]) else { throw ValidationError(name, "required") }
        return id
    }

    /// The number typed in `name`, read by `parse` (a whole number unless told): empty is `required`, what
    /// `parse` cannot read is `code` on that field.
    public func number(_ name: String, _ code: String = "not_a_number", into errors: inout ValidationErrors,
                       _ parse: (String) -> Int? = { Int($0) }) -> Int? {
        let text = string(name).trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return errors.refuse(name, "required") }
        guard let value = parse(text) else { return errors.refuse(name, code) }
        return value
    }

    /// The day a field holds; anything else is `invalid_date` on that field.
    public func date(_ name: String) throws(ValidationError) -> CalendarDate {
        guard let day = CalendarDate(string(name)) else { throw ValidationError(name, "invalid_date") }
        return day
    }
}

extension ValidationErrors {
    /// Records a refusal of `field` and gives nil: what a reader returns for a value it could not read.
    mutating func refuse<T>(_ field: String, _ code: String, _ messageKey: String? = nil) -> T? {
        append(ValidationError(field, code, messageKey))
        return nil
    }
}
