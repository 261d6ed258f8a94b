/// What the server announced in its EHLO reply (RFC 5321 4.1.1.1); all off after a HELO fallback.
struct SMTPCapabilities: Sendable, Equatable {
    var startTLS = false
    var pipelining = false
    var eightBitMIME = false
    /// Upper-cased mechanism names, e.g. PLAIN, LOGIN.
    var authMechanisms: Set<String> = []
    /// The SIZE limit in bytes, nil when not announced or announced as 0 (no limit).
    var maximumSize: Int?

    init() {}

    /// The first line is the server's greeting name; each later line is a keyword and its parameters.
    init(ehloReply reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "=" }).map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            switch keyword {
            case "STARTTLS": startTLS = true
            case "PIPELINING": pipelining = true
            case "8BITMIME": eightBitMIME = true
            // Old servers announce "AUTH=LOGIN" as well as, or instead of, "AUTH LOGIN".
            case "AUTH": authMechanisms.formUnion(words.dropFirst())
            case "SIZE": maximumSize = words.count > 1 ? Int(words[1]).flatMap { $0 > 0 ? $0 : nil } : nil
            default: break
            }
        }
    }
}
