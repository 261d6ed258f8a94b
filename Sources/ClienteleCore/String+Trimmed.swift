import Foundation

extension StringProtocol {
    /// The text without leading and trailing white space and newlines: the same as
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` (both work on Unicode scalars), without Foundation's
    /// bridging, and without a copy's work when there is nothing to trim — as for nearly every imported cell.
    public var trimmed: String {
        let text = Substring(self)
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return "" }
        if !Self.isSpace(first) && !Self.isSpace(last) { return String(text) }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, Self.isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, Self.isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar == " " || (0x09...0x0D).contains(scalar.value) }
        return CharacterSet.whitespacesAndNewlines.contains(scalar)
    }
}

extension StringProtocol {
    /// True when the text holds a C0 control character other than tab, line feed and carriage return, or DEL.
    public var containsControlCharacter: Bool {
        unicodeScalars.contains { ($0.value < 0x20 && $0.value != 0x09 && $0.value != 0x0A && $0.value != 0x0D) || $0.value == 0x7F }
    }
}
