/// An address as written in From/To: `ann@example.com`, `Ann Lee <ann@example.com>` or `"Lee, Ann" <ann@example.com>`.
///
/// Only plain ASCII addresses are accepted (no SMTPUTF8); the display name may be any text without line breaks.
struct MailAddress: Sendable, Equatable {
    /// The display name, unquoted; empty when there is none.
    let name: String
    /// The addr-spec used in `MAIL FROM:<…>` / `RCPT TO:<…>`.
    let address: String

    /// `field` names the header in error messages ("To", "From").
    init(parsing input: String, field: String) throws(SMTPError) {
        if input.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) {
            throw .invalidMessage("header injection refused: line break in the \(field) address")
        }
        let trimmed = input.trimmingSpaces
        var name = ""
        var address = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            name = String(trimmed[..<open]).trimmingSpaces
            if name.count >= 2, name.first == "\"", name.last == "\"" {
                name = String(name.dropFirst().dropLast()).replacingBackslashEscapes
            }
        }
        guard Self.isValidAddrSpec(address) else {
            throw .invalidMessage("the \(field) address \"\(trimmed)\" is not a valid email address")
        }
        self.name = name
        self.address = address
    }

    /// A deliberately strict dot-atom check: what an outbox should send, not everything RFC 5321 tolerates.
    static func isValidAddrSpec(_ address: String) -> Bool {
        let bytes = Array(address.utf8)
        guard bytes.count <= 254, let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1,
              at <= 64 else { return false }
        let local = bytes[..<at], domain = bytes[(at + 1)...]
        let localSpecials = Set("!#$%&'*+-/=?^_`{|}~.".utf8)
        func isAlnum(_ b: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
        }
        guard local.allSatisfy({ isAlnum($0) || localSpecials.contains($0) }),
              local.first != UInt8(ascii: "."), local.last != UInt8(ascii: "."),
              !address.contains("..") else { return false }
        // A domain name, or an address literal such as [127.0.0.1].
        if domain.first == UInt8(ascii: "["), domain.last == UInt8(ascii: "]") {
            return domain.dropFirst().dropLast().allSatisfy { isAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":") }
        }
        return domain.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
            && domain.first != UInt8(ascii: ".") && domain.last != UInt8(ascii: ".")
            && domain.first != UInt8(ascii: "-")
    }

    /// The header form: `addr`, `Name <addr>`, `"Lee, Ann" <addr>` or an RFC 2047 encoded name.
    var headerValue: String {
        if name.isEmpty { return address }
        return "\(MIMEEncoding.phrase(name)) <\(address)>"
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (Foundation-free).
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }

    /// `a\"b` → `a"b`: the content of a quoted-string.
    var replacingBackslashEscapes: String {
        var result = "", escaped = false
        for character in self {
            if !escaped && character == "\\" { escaped = true; continue }
            escaped = false
            result.append(character)
        }
        return result
    }
}
