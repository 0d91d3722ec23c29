import Foundation

/// A JSON shape of the API written from a domain value: each field named once, beside the value it
/// takes, so a shape is its list of fields and nothing else. A nil field is left out of the JSON, as a
/// synthesized conformance leaves it out (and is absent to a template, see `TemplateEncoder`).
protocol APIFields: Encodable, Sendable {
    var fields: KeyValuePairs<String, (any Encodable)?> { get }
}

extension APIFields {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldName.self)
        for (name, value) in fields {
            if let value {
                try container.encode(value, forKey: FieldName(stringValue: name))
            } else {
                try container.encodeIfPresent(String?.none, forKey: FieldName(stringValue: name))
            }
        }
    }
}

struct FieldName: CodingKey {
    let stringValue: String
    init(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}
