/// Unguessable codes for links (tracking, unsubscribe): Crockford base32 characters (no i, l, o, u) drawn from the
/// system's cryptographic source, 5 bits each.
public enum RandomCode {
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    public static func make(length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt8(32)))] })
    }

    /// Whether `text` could be a code of `length` characters (checked before any query).
    public static func isWellFormed(_ text: String, length: Int) -> Bool {
        text.count == length && text.allSatisfy(alphabet.contains)
    }
}
