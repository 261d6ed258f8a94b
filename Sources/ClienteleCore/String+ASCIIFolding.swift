import Foundation

extension StringProtocol {
    /// The text in lower case when it is all ASCII, else nil. For ASCII text this is what Foundation's
    /// `folding(options:locale:)` with case, diacritic and width folding, then `lowercased()`, give — without bridging
    /// to `NSString`, which took about 5 % of the server's CPU in an import and in a create (a name is folded three times:
    /// its sort key, its search form, its duplicate keys). `ASCIIFoldingTests` checks every ASCII character and random
    /// text against Foundation's answer.
    public var asciiLowercased: String? {
        var ascii = true
        let count = utf8.count
        let lowered = String(unsafeUninitializedCapacity: count) { buffer in
            var index = 0
            for byte in utf8 {
                guard byte < 0x80 else {
                    ascii = false
                    return 0
                }
                buffer[index] = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
                index += 1
            }
            return index
        }
        return ascii ? lowered : nil
    }

    /// Lower case without diacritics or width forms: the ASCII fast path when it applies, Foundation's folding
    /// otherwise.
    public func foldedLowercase(_ options: String.CompareOptions) -> String {
        if let ascii = asciiLowercased { return ascii }
        return String(self).folding(options: options, locale: nil).lowercased()
    }
}
