import Foundation
import Mustache
import PeerwayCore

/// Turns a view into what Mustache reads through its `Encodable` conformance. Reading views by
/// reflection (`Mirror`) looked up every field's type by its mangled name on every render: a third of
/// the participant record page's time. Ids print as `UUID.text`, dates as their description, every
/// other leaf as itself. A nil or an empty string is `Absent`, never left out: Mustache looks a name up
/// in the enclosing values when the current one lacks it, so a row's missing value used to show the
/// page's value of the same name (the audit filter's address in an event's row).
enum TemplateEncoder {
    static func values(_ value: some Encodable) -> [String: Any] {
        let slot = Slot()
        try? value.encode(to: ValueEncoder(slot: slot))
        return (slot.finished() as? [String: Any]) ?? [:]
    }

    /// Where one encoded value goes: a leaf, or a keyed or unkeyed container filled in later.
    final class Slot {
        var leaf: Any?
        var keyed: [String: Slot]?
        var unkeyed: [Slot]?

        func finished() -> Any? {
            if let keyed { return keyed.mapValues { $0.finished() ?? Absent() } }
            if let unkeyed { return unkeyed.compactMap { $0.finished() } }
            return leaf
        }

        func set(_ value: some Encodable) throws {
            switch value {
            case let text as String: leaf = text.isEmpty ? nil : text
            case let id as UUID: leaf = id.text
            case let date as Date: leaf = String(describing: date)
            case is Bool, is Int, is Double: leaf = value
            case let number as any BinaryInteger: leaf = Int(exactly: number) ?? String(describing: number)
            default: try value.encode(to: ValueEncoder(slot: self))
            }
        }
    }

    struct ValueEncoder: Encoder {
        let slot: Slot
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if slot.keyed == nil { slot.keyed = [:] }
            return KeyedEncodingContainer(Keyed<Key>(slot: slot))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if slot.unkeyed == nil { slot.unkeyed = [] }
            return Unkeyed(slot: slot)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(slot: slot) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let slot: Slot
        var codingPath: [any CodingKey] = []

        private func child(_ key: Key) -> Slot {
            let child = Slot()
            slot.keyed?[key.stringValue] = child
            return child
        }

        mutating func encodeNil(forKey key: Key) throws { _ = child(key) }
        mutating func encode(_ value: some Encodable, forKey key: Key) throws { try child(key).set(value) }
        // A nil optional still claims its name, so that it reads as absent rather than as an outer value.
        // The standard library's defaults skip the key, one overload a type, so each is replaced.
        private func claim(_ value: (some Encodable)?, _ key: Key) throws {
            let slot = child(key)
            if let value { try slot.set(value) }
        }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try claim(value, key) }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try claim(value, key) }
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try claim(value, key) }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try claim(value, key) }
        mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try claim(value, key) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try claim(value, key) }
        mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try claim(value, key) }
        mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try claim(value, key) }
        mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try claim(value, key) }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try claim(value, key) }
        mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try claim(value, key) }
        mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try claim(value, key) }
        mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try claim(value, key) }
        mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try claim(value, key) }
        mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try claim(value, key) }
        mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: Key) -> KeyedEncodingContainer<N> {
            ValueEncoder(slot: child(key)).container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            ValueEncoder(slot: child(key)).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { ValueEncoder(slot: slot) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { ValueEncoder(slot: child(key)) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let slot: Slot
        var codingPath: [any CodingKey] = []
        var count: Int { slot.unkeyed?.count ?? 0 }

        private func next() -> Slot {
            let child = Slot()
            slot.unkeyed?.append(child)
            return child
        }

        mutating func encodeNil() throws {}
        mutating func encode(_ value: some Encodable) throws { try next().set(value) }
        mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type) -> KeyedEncodingContainer<N> {
            ValueEncoder(slot: next()).container(keyedBy: type)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { ValueEncoder(slot: next()).unkeyedContainer() }
        mutating func superEncoder() -> any Encoder { ValueEncoder(slot: next()) }
    }

    struct Single: SingleValueEncodingContainer {
        let slot: Slot
        var codingPath: [any CodingKey] = []
        mutating func encodeNil() throws {}
        mutating func encode(_ value: some Encodable) throws { try slot.set(value) }
    }
}

/// A view's value that is nil or empty: present, so a lookup stops here, and null, so `{{#x}}` skips
/// it, `{{^x}}` shows, and `{{x}}` prints nothing.
struct Absent: MustacheCustomRenderable {
    var renderText: String { "" }
    var isNull: Bool { true }
}
