import NIOCore

/// A `MailMessage` checked and turned into RFC 5322 / MIME: validated once (nothing unsafe is ever sent), written per
/// connection because the body encoding depends on whether the server announced 8BITMIME.
struct MIMEMessage: Sendable {
    /// The addr-specs for `MAIL FROM:<…>` and `RCPT TO:<…>`.
    let sender: String
    let recipient: String
    /// Date … MIME-Version and the extra headers, each folded and CRLF-terminated.
    private let headers: String
    private let text: String
    private let html: String?
    private let boundary: String

    /// Headers the message builds itself: an extra header by one of these names would make it ambiguous.
    private static let reservedHeaders: Set<String> = [
        "date", "from", "to", "subject", "message-id", "mime-version", "content-type", "content-transfer-encoding",
    ]

    init(_ message: MailMessage, defaultFrom: String) throws(SMTPError) {
        let from = try MailAddress(parsing: message.from ?? defaultFrom, field: "From")
        let to = try MailAddress(parsing: message.to, field: "To")
        try Self.refuseLineBreaks(message.subject, in: "Subject")
        guard !message.messageID.isEmpty,
              message.messageID.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") })
        else { throw .invalidMessage("the Message-ID \"\(message.messageID)\" must be printable ASCII without spaces or <>") }

        var headers = try MIMEEncoding.header("Date", MIMEEncoding.date(message.date))
        headers += try MIMEEncoding.header("From", from.headerValue)
        headers += try MIMEEncoding.header("To", to.headerValue)
        headers += try MIMEEncoding.header("Subject", MIMEEncoding.unstructured(message.subject))
        headers += try MIMEEncoding.header("Message-ID", "<\(message.messageID)>")
        headers += "MIME-Version: 1.0\r\n"
        for (name, value) in message.headers {
            guard !name.isEmpty, name.utf8.count <= 76,
                  name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }) else {
                throw .invalidMessage("header name \"\(name)\" is not a valid header field name")
            }
            guard !Self.reservedHeaders.contains(name.lowercased()) else {
                throw .invalidMessage("header \(name) is set by the mailer and cannot be given as an extra header")
            }
            try Self.refuseLineBreaks(value, in: name)
            headers += try MIMEEncoding.header(name, MIMEEncoding.unstructured(value.trimmingSpaces))
        }
        self.sender = from.address
        self.recipient = to.address
        self.headers = headers
        self.text = message.text
        self.html = message.html
        var boundary: String
        repeat {
            // "=_" never occurs in quoted-printable; 128 random bits keep it out of 7bit/8bit parts in practice.
            boundary = "=_clientele_" + String(UInt64.random(in: .min ... .max), radix: 16)
                + String(UInt64.random(in: .min ... .max), radix: 16)
        } while message.html != nil && (message.text.contains(boundary) || message.html!.contains(boundary))
        self.boundary = boundary
    }

    private static func refuseLineBreaks(_ value: String, in field: String) throws(SMTPError) {
        if value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) {
            throw .invalidMessage("header injection refused: line break in \(field)")
        }
    }

    /// Enough for the common case so the buffer grows at most once.
    var estimatedSize: Int { headers.utf8.count + (text.utf8.count + (html?.utf8.count ?? 0)) * 9 / 8 + 512 }

    /// Writes the whole message (headers, blank line, body) with CRLF line ends, dot-stuffed when `dotStuffed`, without
    /// the final "." line. Returns true when a part went out as 8bit, so MAIL FROM must say `BODY=8BITMIME`.
    @discardableResult
    func write(into buffer: inout ByteBuffer, allow8Bit: Bool, dotStuffed: Bool) -> Bool {
        buffer.writeString(headers)
        guard let html else {
            return Self.writePart(text, type: "text/plain", into: &buffer, allow8Bit: allow8Bit, dotStuffed: dotStuffed)
        }
        buffer.writeString("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"\r\n\r\n")
        buffer.writeString("This is a multi-part message in MIME format.\r\n--\(boundary)\r\n")
        let plain = Self.writePart(text, type: "text/plain", into: &buffer, allow8Bit: allow8Bit, dotStuffed: dotStuffed)
        buffer.writeString("--\(boundary)\r\n")
        let rich = Self.writePart(html, type: "text/html", into: &buffer, allow8Bit: allow8Bit, dotStuffed: dotStuffed)
        buffer.writeString("--\(boundary)--\r\n")
        return plain || rich
    }

    /// Content-Type, Content-Transfer-Encoding, blank line, body lines (each ending in CRLF).
    private static func writePart(_ content: String, type: String, into buffer: inout ByteBuffer, allow8Bit: Bool,
                                  dotStuffed: Bool) -> Bool {
        var content = content
        return content.withUTF8 { bytes in
            let encoding = MIMETransferEncoding.choose(for: bytes, allow8Bit: allow8Bit)
            buffer.writeString("Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: \(encoding.rawValue)\r\n\r\n")
            encoding.write(bytes, into: &buffer, dotStuffed: dotStuffed)
            return encoding == .eightBit
        }
    }

    /// The message as text, for tests and logs.
    func rendered(allow8Bit: Bool, dotStuffed: Bool = false) -> String {
        var buffer = ByteBufferAllocator().buffer(capacity: estimatedSize)
        write(into: &buffer, allow8Bit: allow8Bit, dotStuffed: dotStuffed)
        return String(buffer: buffer)
    }
}
