import Foundation

/// JSON text read into `HSDSValue`s and written from them, by hand, because a directory is hundreds of
/// thousands of rows and every one is read from a file, written as its canonical text, and read back
/// from the store: Foundation's `JSONDecoder` tells a value's kind only by refusing the wrong ones, and
/// `JSONEncoder` boxes every value before writing it. Foundation stays the authority: a text this
/// reader does not take as strict JSON is handed to `JSONDecoder`, which decides what it holds (it
/// accepts a trailing comma, a byte-order mark), and the tests compare both ways with Foundation's.
enum HSDSJSONText {
    // MARK: - Reading

    /// The value of a strict JSON text, as `JSONDecoder` decodes it into `HSDSValue`; nil when the text
    /// is anything else (not JSON, or JSON this reader leaves to Foundation).
    static func value(_ bytes: UnsafeBufferPointer<UInt8>) -> HSDSValue? {
        var reader = Reader(bytes: bytes)
        guard let value = reader.value(depth: 0) else { return nil }
        reader.skipSpace()
        return reader.at == bytes.count ? value : nil
    }

    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        /// Deeper than any HSDS document; Foundation refuses deeper texts, and decides these.
        static let maximumDepth = 256

        mutating func skipSpace() {
            while at < bytes.count {
                switch bytes[at] {
                case 0x20, 0x0A, 0x0D, 0x09: at += 1
                default: return
                }
            }
        }

        mutating func value(depth: Int) -> HSDSValue? {
            guard depth < Self.maximumDepth else { return nil }
            skipSpace()
            guard at < bytes.count else { return nil }
            switch bytes[at] {
            case UInt8(ascii: "\""): return string().map(HSDSValue.string)
            case UInt8(ascii: "{"): return object(depth: depth)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "n"): return literal("null", .null)
            default: return number()
            }
        }

        mutating func literal(_ word: StaticString, _ value: HSDSValue) -> HSDSValue? {
            let count = word.utf8CodeUnitCount
            guard at + count <= bytes.count else { return nil }
            for i in 0..<count where bytes[at + i] != word.utf8Start[i] { return nil }
            at += count
            return value
        }

        mutating func object(depth: Int) -> HSDSValue? {
            at += 1
            var fields: [String: HSDSValue] = [:]
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "}") {
                at += 1
                return .object(fields)
            }
            while true {
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "\""), let key = string() else { return nil }
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { return nil }
                at += 1
                guard let value = value(depth: depth + 1) else { return nil }
                // A key given twice keeps its first value, as JSONDecoder decodes a dictionary.
                if fields[key] == nil { fields[key] = value }
                skipSpace()
                guard at < bytes.count else { return nil }
                if bytes[at] == UInt8(ascii: ",") {
                    at += 1
                } else if bytes[at] == UInt8(ascii: "}") {
                    at += 1
                    return .object(fields)
                } else {
                    return nil
                }
            }
        }

        mutating func array(depth: Int) -> HSDSValue? {
            at += 1
            var items: [HSDSValue] = []
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "]") {
                at += 1
                return .array(items)
            }
            while true {
                guard let item = value(depth: depth + 1) else { return nil }
                items.append(item)
                skipSpace()
                guard at < bytes.count else { return nil }
                if bytes[at] == UInt8(ascii: ",") {
                    at += 1
                } else if bytes[at] == UInt8(ascii: "]") {
                    at += 1
                    return .array(items)
                } else {
                    return nil
                }
            }
        }

        /// A string from its opening quote: the bytes between quotes as they are when nothing is
        /// escaped (most text), decoded escape by escape otherwise. Invalid UTF-8, a control
        /// character or a lone surrogate is left to Foundation.
        mutating func string() -> String? {
            at += 1
            let start = at
            while at < bytes.count {
                let byte = bytes[at]
                if byte == UInt8(ascii: "\"") {
                    defer { at += 1 }
                    return String(validating: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") { return escaped(from: start) }
                if byte < 0x20 { return nil }
                at += 1
            }
            return nil
        }

        mutating func escaped(from start: Int) -> String? {
            var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<at]))
            while at < bytes.count {
                let byte = bytes[at]
                at += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(validating: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard at < bytes.count else { return nil }
                    let kind = bytes[at]
                    at += 1
                    switch kind {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(kind)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        guard let unit = hex4() else { return nil }
                        var scalar = UInt32(unit)
                        if (0xD800..<0xDC00).contains(unit) {
                            guard at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else { return nil }
                            at += 2
                            guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                            scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        }
                        guard let s = Unicode.Scalar(scalar) else { return nil }
                        out.append(contentsOf: UTF8.encode(s)!)
                    default:
                        return nil
                    }
                default:
                    if byte < 0x20 { return nil }
                    out.append(byte)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt16? {
            guard at + 4 <= bytes.count else { return nil }
            var unit: UInt16 = 0
            for _ in 0..<4 {
                let byte = bytes[at]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                unit = unit << 4 | UInt16(digit)
                at += 1
            }
            return unit
        }

        /// A number as `HSDSValue`'s decoding takes it: an integer when Int64 holds it exactly (`1.0`
        /// and `1e2` too, as JSONDecoder gives them to an Int64), a double otherwise.
        mutating func number() -> HSDSValue? {
            let start = at
            func digits() -> Int {
                let from = at
                while at < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) { at += 1 }
                return at - from
            }
            if at < bytes.count, bytes[at] == UInt8(ascii: "-") { at += 1 }
            let intStart = at
            let whole = digits()
            guard whole > 0, !(whole > 1 && bytes[intStart] == UInt8(ascii: "0")) else { return nil }
            var plain = true
            if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
                at += 1
                guard digits() > 0 else { return nil }
                plain = false
            }
            if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
                at += 1
                if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
                guard digits() > 0 else { return nil }
                plain = false
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
            if plain, let int = Int64(text) { return .int(int) }
            guard let double = Double(text), double.isFinite else { return nil }
            if let int = Int64(exactly: double) { return .int(int) }
            return .double(double)
        }
    }

    // MARK: - Writing

    /// The value as `JSONEncoder` writes it with sorted keys and slashes left as they are. Foundation
    /// sorts keys of printable ASCII (every HSDS field's name) by their bytes, and others by rules of
    /// its own: an object with such a key is written by Foundation.
    static func text(_ value: HSDSValue) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        guard write(value, into: &out) else { return HSDSJSON.foundationText(value) }
        return String(decoding: out, as: UTF8.self)
    }

    /// False when the value holds a key this writer leaves to Foundation.
    static func write(_ value: HSDSValue, into out: inout [UInt8]) -> Bool {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        // Rare in a directory; Foundation's own text for a double, so no digit differs from its.
        case .double(let d): out.append(contentsOf: (try? HSDSJSON.encoder.encode(d)) ?? Data("null".utf8))
        case .string(let s): write(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                guard write(item, into: &out) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            for (i, field) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
                guard field.key.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else { return false }
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(field.key, into: &out)
                out.append(UInt8(ascii: ":"))
                guard write(field.value, into: &out) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        }
        return true
    }

    static func write(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
