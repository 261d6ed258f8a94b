import Foundation

/// Writes JSON straight into bytes: the customer record is the most read thing in the API, and Foundation's
/// `JSONEncoder` (keyed containers, a formatter per date) costs more than the query that read it.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    init(capacity: Int = 1_024) { bytes.reserveCapacity(capacity) }

    mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    /// A key; the value written next belongs to it.
    mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        needsComma = false
    }

    /// A key known to need no escaping (a constant of the code, such as a column table's key).
    mutating func key(_ key: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: key.utf8)
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        needsComma = false
    }

    mutating func string(_ value: String?) {
        separate()
        guard let value else { return appendRaw("null") }
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// Upper case, as Foundation's `UUID` encodes itself everywhere else in the API.
    mutating func uuid(_ value: UUID?) { string(value?.canonicalString) }

    mutating func int(_ value: Int) { separate(); appendRaw(String(value)) }

    mutating func double(_ value: Double?) {
        separate()
        guard let value, value.isFinite else { return appendRaw("null") }
        appendRaw(value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : "\(value)")
    }

    mutating func bool(_ value: Bool) { separate(); appendRaw(value ? "true" : "false") }

    /// RFC 3339 in UTC with whole seconds, as `JSONEncoder`'s `.iso8601` writes it.
    mutating func date(_ value: Date?) {
        separate()
        guard let value else { return appendRaw("null") }
        bytes.append(UInt8(ascii: "\""))
        RFC3339.append(value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    /// A value that is JSON already (a stored JSON column this code base wrote).
    mutating func json(_ text: String) { separate(); appendRaw(text) }

    mutating func null() { separate(); appendRaw("null") }

    private mutating func appendRaw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        needsComma = true
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = false
    }
}
