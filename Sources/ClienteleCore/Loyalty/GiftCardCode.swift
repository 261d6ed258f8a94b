/// Gift card codes: 16 upper-case letters and digits from the system's cryptographic source (80 bits: a code is a
/// bearer secret), shown once, typed back with any case and spaces or dashes between groups.
public enum GiftCardCode {
    /// No look-alikes (0/O, 1/I): 32 symbols, 5 bits each.
    static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    public static let length = 16

    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt8(32)))] })
    }

    /// The code as typed, without spaces or dashes and upper-cased; nil when it cannot be a code (checked before any
    /// query).
    public static func normalize(_ typed: String) -> String? {
        guard typed.utf8.count <= 64 else { return nil }
        let code = String(typed.filter { $0 != " " && $0 != "-" && $0 != "\t" }).uppercased()
        guard code.count == length, code.allSatisfy(alphabet.contains) else { return nil }
        return code
    }

    /// The last four characters: what is shown after the card was issued.
    public static func last4(_ code: String) -> String { String(code.suffix(4)) }

    /// "ABCD EFGH JKLM NPQR": how a code is shown the one time it is.
    public static func grouped(_ code: String) -> String {
        stride(from: 0, to: code.count, by: 4).map { start in
            let from = code.index(code.startIndex, offsetBy: start)
            return String(code[from..<code.index(from, offsetBy: min(4, code.count - start))])
        }.joined(separator: " ")
    }
}
