import Foundation

extension UUID {
    /// Parses the 36-character form (`8-4-4-4-12` hexadecimal digits, either case) without `sscanf`, which
    /// Foundation's `UUID(uuidString:)` uses on Linux; nil for anything else.
    public init?(hexString text: String) {
        var text = text
        let bytes = text.withUTF8 { chars -> uuid_t? in
            guard chars.count == 36 else { return nil }
            var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            let complete = withUnsafeMutableBytes(of: &bytes) { out -> Bool in
                var position = 0
                for index in 0..<16 {
                    if position == 8 || position == 13 || position == 18 || position == 23 {
                        guard chars[position] == UInt8(ascii: "-") else { return false }
                        position += 1
                    }
                    guard let high = Self.nibble(chars[position]), let low = Self.nibble(chars[position + 1]) else { return false }
                    out[index] = high << 4 | low
                    position += 2
                }
                return true
            }
            return complete ? bytes : nil
        }
        guard let bytes else { return nil }
        self.init(uuid: bytes)
    }

    /// The 36-character upper-case form, the same as `uuidString`, without the `snprintf` Foundation formats it with
    /// on Linux (each id a statement binds went through it). It is the form ids are stored in.
    public var hexString: String { formatted(digits: "0123456789ABCDEF") }

    /// The canonical form of RFC 9562, in lower case: how ids appear in every response, link and export.
    public var canonicalString: String { formatted(digits: "0123456789abcdef") }

    private func formatted(digits: StaticString) -> String {
        String(unsafeUninitializedCapacity: 36) { out in
            withUnsafeBytes(of: uuid) { bytes in
                var position = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    out[position] = digits.utf8Start[Int(byte >> 4)]
                    out[position + 1] = digits.utf8Start[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }

    private static func nibble(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): char - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
